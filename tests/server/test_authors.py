"""Who said what: every message, statement, proposal and answer of a delegation records the member
who made it (`author`, the roster's player id), so a team, the teacher and the debrief can tell
teammates apart; a bot's acts have no human author. Nicknames are unique within a table."""
from __future__ import annotations

import csv
import io

import requests

from .harness import facilitated


def _talk(entries):
    kinds = {"message", "statement", "proposal_tabled", "proposal_answered", "proposal_signed", "seat_ready",
             "orders_submitted"}
    return [e for e in entries if e["type"] in kinds]


def test_each_act_of_talk_names_the_member_of_the_team_who_made_it(server, clients):
    game, fac = facilitated(server, clients, team_size=2, bots={"league": "dove"})
    ana, ben, cleo = clients(server, "ana"), clients(server, "ben"), clients(server, "cleo")
    a = ana.ok("join", {"code": game["code"], "nickname": "Ana", "seat": "aster"})["player"]
    b = ben.ok("join", {"code": game["code"], "nickname": "Ben", "seat": "aster"})["player"]
    c = cleo.ok("join", {"code": game["code"], "nickname": "Cleo", "seat": "brill"})["player"]
    # The roster names them publicly: the ids the log's authors point at.
    roster = cleo.wait_for(lambda u: len(u["roster"]["seats"]["aster"]["players"]) == 2)["roster"]
    assert {p["id"]: p["nickname"] for p in roster["seats"]["aster"]["players"]} == {a: "Ana", b: "Ben"}

    # Two members of one delegation write in its channel: each message names its writer.
    ana.ok("chat", {"channel": "delegation:aster", "text": "from Ana"})
    ben.ok("chat", {"channel": "delegation:aster", "text": "from Ben"})
    seen = ana.wait_for(lambda u: sum(e["type"] == "message" for e in u["view"]["log"]) == 2)["view"]["log"]
    assert {e["text"]: e["author"] for e in seen if e["type"] == "message"} == {"from Ana": a, "from Ben": b}

    fac.ok("start")
    ana.ok("submit_orders", {"cards": []})
    cleo.ok("submit_orders", {"cards": []})
    ana.wait_for(lambda u: u["view"]["phase"] == "talks", "the talks")
    ana.ok("statement", {"text": "Aster speaks"})
    ana.ok("propose", {"clauses": ["shared_fishing"]})
    proposal = cleo.wait_for(lambda u: any(p["by"] == "aster" for p in u["view"]["proposals"]))
    tabled = [p for p in proposal["view"]["proposals"] if p["by"] == "aster"][0]
    assert tabled["author"] == a  # the view's proposal says who tabled it, as its log entry does
    cleo.ok("respond", {"proposal": tabled["id"], "answer": "reject"})
    ben.ok("chat", {"channel": "plenary", "text": "Ben to all"})

    log = server.export(game)["views"]["facilitator"]["log"]
    authors = {(e["type"], e.get("seat") or e.get("by")): e["author"] for e in _talk(log)
               if e["type"] != "message"}
    assert authors[("statement", "aster")] == a
    assert authors[("proposal_tabled", "aster")] == a
    assert authors[("proposal_answered", "brill")] == c
    assert authors[("orders_submitted", "aster")] == a
    assert authors[("orders_submitted", "brill")] == c
    # The bot's acts are its seat's alone: no person wrote them.
    bot_acts = [e for e in _talk(log) if (e.get("seat") or e.get("by")) == "league"]
    assert bot_acts and all(e["author"] is None for e in bot_acts)
    # The spectator's (projector's) view carries the same public authors, and no more.
    public = server.export(game)["views"]["spectator"]["log"]
    assert [e["author"] for e in public if e["type"] == "message"] == [b]
    assert server.export(game)["people"] == {a: "Ana", b: "Ben", c: "Cleo"}
    # The CSV export names each move's author by nickname; the bot's moves have none.
    response = requests.get(f"{server.url}/api/games/{game['game']}/export.csv",
                            headers={"Authorization": f"Bearer {game['facilitator_token']}"}, timeout=5)
    rows = [r for r in csv.reader(io.StringIO(response.text)) if len(r) == 9][1:]
    assert {(r[6], r[8]) for r in rows if r[6] in ("statement", "propose", "respond")} == {
        ("statement", "Ana"), ("propose", "Ana"), ("respond", "Cleo")} | {
        (r[6], "") for r in rows if r[5] == "league" and r[6] in ("statement", "propose", "respond")}


def test_a_nickname_already_at_the_table_is_refused_with_a_typed_error(server, clients):
    game, fac = facilitated(server, clients, team_size=2)
    ana, other, third = clients(server, "ana"), clients(server, "other"), clients(server, "third")
    ana.ok("join", {"code": game["code"], "nickname": "Ana", "seat": "aster"})
    before = len(server.export(game)["log"])
    answer = other.call("join", {"code": game["code"], "nickname": "  ana ", "seat": "brill"})
    assert answer["ok"] is False
    assert answer["error"]["code"] == "nickname_taken"
    assert "Ana" in answer["error"]["message"] or "ana" in answer["error"]["message"]
    assert len(server.export(game)["log"]) == before  # nothing changed
    assert third.ok("join", {"code": game["code"], "nickname": "Anna", "seat": "brill"})["player"]
