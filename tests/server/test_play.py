"""Playing through a real server: a full game, reconnection, authorization, timers, a solo game."""
from __future__ import annotations

import csv
import io

import requests

from game_rules.conditions import OUTCOMES
from server.game import LOG_SLACK
from server.protocol import LOBBY_LOG_TAIL

from .harness import facilitated
from .secrets_check import leaks

MARKERS = {
    "delegation:aster": "only-aster-team-7f3",
    "bilateral:aster+brill": "aster-brill-backchannel-91c",
    "bilateral:brill+league": "brill-league-backchannel-d02",
    "plenary": "hello-everyone-55a",
}


def phase_is(phase, round_=None):
    return lambda u: u["view"]["phase"] == phase and (round_ is None or u["view"]["round"] == round_)


def test_a_full_game_with_a_facilitator_three_people_and_a_bot(server, clients):
    game, fac = facilitated(server, clients, team_size=2, bots={"league": "mediator"})
    ana, ben, cleo = clients(server, "ana"), clients(server, "ben"), clients(server, "cleo")
    spectator = clients(server, "projector")
    joined = {
        "ana": ana.ok("join", {"code": game["code"].lower(), "nickname": "Ana", "seat": "aster"}),
        "ben": ben.ok("join", {"code": game["code"], "nickname": "Ben", "seat": "aster"}),
        "cleo": cleo.ok("join", {"code": game["code"], "nickname": "<b>Cleo</b>", "seat": "brill"}),
    }
    spectator.ok("join", {"code": game["code"], "nickname": "wall", "role": "projector"})
    assert [joined[n]["seat"] for n in ("ana", "ben", "cleo")] == ["aster", "aster", "brill"]
    roster = fac.wait_for(lambda u: len(u["roster"]["seats"]["aster"]["players"]) == 2
                          and u["roster"]["seats"]["brill"]["players"], "everyone seated")["roster"]
    assert roster["seats"]["aster"]["head"] == joined["ana"]["player"]
    assert roster["seats"]["brill"]["players"][0]["nickname"] == "<b>Cleo</b>"  # text is data, kept as typed
    assert roster["seats"]["league"]["bot"] == "mediator"

    fac.ok("start")
    assert fac.wait_for(phase_is("orders", 1))["roster"]["spectators"] == 1
    ana.wait_for(phase_is("orders", 1), "orders")
    assert ben.call("submit_orders", {"cards": ["send_gunboat"]})["error"]["code"] == "not_head"
    ana.ok("submit_orders", {"cards": ["send_gunboat"]})
    ana.ok("submit_orders", {"cards": ["recall_fleet"]})  # revised before the reveal
    assert ana.wait_for(lambda u: u["view"]["you"]["orders"] == ["recall_fleet"])
    cleo.ok("submit_orders", {"cards": []})
    for c in (ana, ben, cleo, fac):
        c.wait_for(phase_is("talks", 1), "talks")
    revealed = [e for e in ana.view["log"] if e["type"] == "orders_revealed"][0]
    assert revealed["orders"]["aster"] == ["recall_fleet"]

    ben.ok("chat", {"channel": "delegation:aster", "text": MARKERS["delegation:aster"]})
    ana.ok("chat", {"channel": "bilateral:aster+brill", "text": MARKERS["bilateral:aster+brill"]})
    cleo.ok("chat", {"channel": "bilateral:brill+league", "text": MARKERS["bilateral:brill+league"]})
    cleo.ok("chat", {"channel": "plenary", "text": MARKERS["plenary"]})
    ana.ok("statement", {"text": "Aster wants peace <script>alert(1)</script>"})
    ana.ok("propose", {"clauses": ["shared_fishing"]})
    first = _new_proposal(cleo, "aster", set())
    cleo.ok("amend", {"proposal": first, "clauses": ["league_keeper"]})  # a one-clause proposal: no bot amends it
    amended = _new_proposal(ana, "brill", set())
    assert [p for p in ana.view["proposals"] if p["id"] == first][0]["status"] == "superseded"
    assert [p for p in ana.view["proposals"] if p["id"] == amended][0]["amends"] == first
    ana.ok("propose", {"clauses": ["shared_fishing"]})
    pid = _new_proposal(cleo, "aster", {first})
    cleo.ok("respond", {"proposal": pid, "answer": "accept"})
    cleo.ok("sign", {"proposal": pid})
    ana.ok("sign", {"proposal": pid})
    fac.wait_for(lambda u: "shared_fishing" in u["view"]["bound_clauses"], "the agreement binds")
    ana.ok("ready")
    cleo.ok("ready")
    for c in (ana, ben, cleo, fac, spectator):
        final = c.wait_for(phase_is("over"), "the end")
    assert final["view"]["outcome"] == "agreement"

    # The chats reached exactly their channels.
    assert any(e.get("text") == MARKERS["delegation:aster"] for e in _all_log(ben))
    assert any(e.get("text") == MARKERS["bilateral:aster+brill"] for e in _all_log(cleo))
    assert any(e.get("text") == MARKERS["plenary"] for e in _all_log(spectator))
    tokens = {n: j["token"] for n, j in joined.items()}
    for client, seat, own in ((ana, "aster", "ana"), (ben, "aster", "ben"), (cleo, "brill", "cleo"),
                              (spectator, None, None)):
        foreign = [t for n, t in tokens.items() if n != own] + [game["facilitator_token"]]
        assert leaks(client.received, seat, "lighthouse", MARKERS, foreign) == [], client.name

    export = server.export(game)
    assert export["views"]["facilitator"]["outcome"] == "agreement"
    assert not any("token" in e or "facilitator" in e for e in export["log"])
    kinds = [e["action"]["kind"] for e in export["log"] if e["type"] == "action"]
    assert kinds.count("submit_orders") >= 3 and {"propose", "amend", "respond", "sign", "statement", "message"} <= set(kinds)
    response = requests.get(f"{server.url}/api/games/{game['game']}/export.csv",
                            headers={"Authorization": f"Bearer {game['facilitator_token']}"}, timeout=5)
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0][:3] == ["seq", "time", "round"]
    assert ["aster", "brill", "league"] == [r[0] for r in rows if r and r[-1] == "agreement"]


def _new_proposal(client, by, known):
    """The id of the latest proposal tabled by `by` that is not in `known`, once the client sees it."""
    def tabled(u):
        return [p["id"] for p in u["view"]["proposals"] if p["by"] == by and p["id"] not in known]
    return tabled(client.wait_for(lambda u: tabled(u), f"a proposal by {by}"))[-1]


def _all_log(client):
    """Every log entry the client was sent: in snapshots' views, deltas and its seat's private parts."""
    def entries(data):
        if "private" in data:
            return data["private"]["log"]
        if "base" in data:
            return data["log"]["add"]
        return (data.get("update") or data).get("view", {}).get("log", [])
    return [e for event, data in client.received if isinstance(data, dict) for e in entries(data)]


def test_reconnecting_with_the_seat_token_restores_the_seat_and_the_view(server, clients):
    game, fac = facilitated(server, clients, bots={"brill": "dove", "league": "dove"})
    first = clients(server, "ana")
    joined = first.ok("join", {"code": game["code"], "nickname": "Ana"})
    fac.ok("start")
    first.wait_for(phase_is("orders", 1))
    first.ok("submit_orders", {"cards": ["send_gunboat"]})
    first.close()

    again = clients(server, "ana again")
    back = again.ok("rejoin", {"token": joined["token"]})
    assert (back["player"], back["seat"]) == (joined["player"], "aster")
    view = back["update"]["view"]
    assert view["viewer"] == "aster" and view["phase"] == "talks"
    assert [e for e in view["log"] if e["type"] == "orders_revealed"][0]["orders"]["aster"] == ["send_gunboat"]
    again.ok("ready")  # and it plays on from there
    again.wait_for(phase_is("orders", 2))


def test_nobody_acts_for_another_seat_or_as_the_facilitator(server, clients):
    game, fac = facilitated(server, clients, bots={"league": "hawk"})
    ana, cleo, stranger = clients(server, "ana"), clients(server, "cleo"), clients(server, "stranger")
    ana_join = ana.ok("join", {"code": game["code"], "nickname": "Ana", "seat": "aster"})
    cleo.ok("join", {"code": game["code"], "nickname": "Cleo", "seat": "brill"})
    watcher = clients(server, "watcher")
    watcher.ok("join", {"code": game["code"], "nickname": "w", "role": "spectator"})
    fac.ok("start")
    cleo.wait_for(phase_is("orders", 1))
    before = server.export(game)["log"]

    def refused(client, event, payload, code):
        answer = client.call(event, payload)
        assert not answer["ok"] and answer["error"]["code"] == code, (event, payload, answer)
        assert answer["error"]["message"]

    refused(cleo, "submit_orders", {"cards": [], "seat": "aster"}, "not_your_seat")
    refused(cleo, "submit_orders", {"cards": ["shuttle_talks"]}, "illegal_action")  # the League's card
    refused(cleo, "start", {}, "not_facilitator")
    refused(cleo, "end_game", {}, "not_facilitator")
    refused(cleo, "set_bot", {"seat": "aster", "temperament": "hawk"}, "not_facilitator")
    refused(cleo, "facilitate", {"token": ana_join["token"]}, "bad_token")
    refused(cleo, "facilitate", {"token": game["game"] + ".forged"}, "bad_token")
    refused(stranger, "rejoin", {"token": "nonsense"}, "bad_token")
    refused(stranger, "submit_orders", {"cards": []}, "not_joined")
    refused(stranger, "join", {"code": "ZZZZZZ", "nickname": "x"}, "unknown_game")
    refused(watcher, "submit_orders", {"cards": []}, "not_your_seat")
    refused(watcher, "chat", {"channel": "plenary", "text": "hi"}, "not_your_seat")
    refused(cleo, "log", {"since": 0, "channel": "bilateral:aster+league"}, "not_allowed")
    refused(cleo, "log", {"since": 0, "channel": "delegation:aster"}, "not_allowed")
    refused(cleo, "chat", {"channel": "bilateral:aster+league", "text": "psst"}, "not_allowed")
    refused(cleo, "chat", {"channel": "delegation:aster", "text": "psst"}, "not_allowed")
    refused(fac, "pause", {}, "illegal_action")  # no timer in this game
    assert requests.get(f"{server.url}/api/games/{game['game']}/export.json", timeout=5).status_code == 403
    assert requests.get(f"{server.url}/api/games/{game['game']}/export.json",
                        headers={"Authorization": f"Bearer {ana_join['token']}"}, timeout=5).status_code == 403
    assert server.export(game)["log"] == before

    own = cleo.ok("log", {"since": 0, "channel": "bilateral:brill+league"})
    assert own["entries"] == []
    page = cleo.ok("log", {"since": 0, "limit": 2})
    assert len(page["entries"]) == 2 and page["next"] is not None
    ana.ok("chat", {"channel": "bilateral:aster+league", "text": "aster-league-secret-11f"})
    ana.ok("submit_orders", {"cards": ["send_gunboat"]})
    cleo.ok("chat", {"channel": "plenary", "text": "after the secret"})
    watcher.wait_for(lambda u: any(e.get("text") == "after the secret" for e in u["view"]["log"]))
    cleo.wait_for(lambda u: any(e.get("text") == "after the secret" for e in u["view"]["log"]))
    secret = {"bilateral:aster+league": "aster-league-secret-11f"}
    assert leaks(cleo.received, "brill", "lighthouse", secret, [ana_join["token"], game["facilitator_token"]]) == []
    assert leaks(watcher.received, None, "lighthouse", secret, [ana_join["token"], game["facilitator_token"]]) == []


def test_the_facilitator_moves_players_and_fills_seats_with_bots(server, clients):
    game, fac = facilitated(server, clients, team_size=1)
    players = [clients(server, n) for n in ("a", "b", "c", "d")]
    joined = [p.ok("join", {"code": game["code"], "nickname": p.name}) for p in players]
    assert [j["seat"] for j in joined] == ["aster", "brill", "league", None]  # a full table: d waits
    fac.ok("assign", {"player": joined[3]["player"], "seat": "league"})
    fac.ok("set_head", {"seat": "league", "player": joined[3]["player"]})
    roster = fac.wait_for(lambda u: u["roster"]["seats"]["league"]["head"] == joined[3]["player"])["roster"]
    assert len(roster["seats"]["league"]["players"]) == 2
    fac.ok("set_bot", {"seat": "brill", "temperament": "spoiler"})
    players[1].wait_for(lambda u: u["view"]["viewer"] == "spectator", "b is unseated")
    fac.ok("assign", {"player": joined[1]["player"], "seat": None})
    assert fac.call("assign", {"player": "p99", "seat": "aster"})["error"]["code"] == "illegal_action"
    assert fac.call("set_head", {"seat": "aster", "player": joined[3]["player"]})["error"]["code"] == "illegal_action"
    fac.ok("start")
    players[0].wait_for(phase_is("orders", 1))
    assert players[3].view["viewer"] == "league"
    fac.ok("announce", {"text": "Five minutes left"})
    fac.ok("inject", {"event": "nets_cut"})
    players[0].wait_for(lambda u: any(e["type"] == "event_injected" for e in u["view"]["log"]))
    fac.ok("end_game")
    final = players[0].wait_for(phase_is("over"))
    assert final["view"]["outcome"] == "deadlock"
    assert players[0].call("submit_orders", {"cards": []})["error"]["code"] in ("game_over", "wrong_phase")


def test_at_the_deadline_a_seat_that_has_not_acted_is_played_by_its_bot(server, clients):
    game, fac = facilitated(server, clients, timers={"orders": 1, "talks": 1}, deadline="bot", bots={"league": "dove"})
    ana = clients(server, "ana")
    ana.ok("join", {"code": game["code"], "nickname": "Ana", "seat": "aster"})
    fac.ok("start")
    # brill has nobody and so got a bot at the start; aster's person does nothing: its bot plays at the deadline.
    update = ana.wait_for(lambda u: u["view"]["round"] >= 2, "two timed phases to pass")
    assert update["timer"] is None or update["timer"]["round"] == update["view"]["round"]
    log = server.export(game)["log"]
    by_timer = [e["action"] for e in log if e["type"] == "action" and e["by"] == "timer"]
    assert any(a["kind"] == "submit_orders" and a["actor"] == "aster" for a in by_timer)


def test_the_facilitator_pauses_extends_resumes_and_skips_the_timer(server, clients):
    game, fac = facilitated(server, clients, timers={"orders": 60}, bots={"brill": "dove", "league": "dove"})
    ana = clients(server, "ana")
    ana.ok("join", {"code": game["code"], "nickname": "Ana", "seat": "aster"})
    fac.ok("start")
    running = ana.wait_for(lambda u: u["timer"] is not None, "the orders timer")["timer"]
    assert running["phase"] == "orders" and 50 < running["seconds_left"] <= 60 and not running["paused"]
    fac.ok("pause")
    paused = fac.wait_for(lambda u: u["timer"]["paused"], "paused")["timer"]
    assert fac.call("pause")["error"]["code"] == "illegal_action"
    fac.ok("extend", {"seconds": 100})
    extended = fac.wait_for(lambda u: u["timer"]["seconds_left"] > 140, "extended")["timer"]
    assert extended["paused"] and extended["seconds_left"] == paused["seconds_left"] + 100
    fac.ok("resume")
    resumed = ana.wait_for(lambda u: not u["timer"]["paused"], "resumed")["timer"]
    assert resumed["seconds_left"] > 140
    fac.ok("skip")
    talks = ana.wait_for(phase_is("talks", 1), "skipped to the talks")
    assert talks["timer"] is None


def test_a_deadline_with_nothing_chosen_closes_the_phase_without_orders(server, clients):
    game, fac = facilitated(server, clients, timers={"orders": 1}, bots={"brill": "dove", "league": "dove"})
    ana = clients(server, "ana")
    ana.ok("join", {"code": game["code"], "nickname": "Ana"})
    fac.ok("start")
    talks = ana.wait_for(phase_is("talks", 1), "the deadline")
    revealed = [e for e in talks["view"]["log"] if e["type"] == "orders_revealed"][0]
    assert revealed["orders"]["aster"] == []
    assert talks["timer"] is None  # the talks have no timer


def test_a_solo_game_plays_to_its_end_without_waiting_on_bots(server, clients):
    game = server.create(bots={"brill": "hawk", "league": "mediator"})
    solo = clients(server, "solo")
    solo.ok("join", {"code": game["code"], "nickname": "Solo"})
    fac = clients(server, "facilitator")
    fac.ok("facilitate", {"token": game["facilitator_token"]})
    fac.ok("start")
    while True:
        # Only the person is awaited: the bot seats act as soon as a phase opens.
        update = solo.wait_for(lambda u: u["view"]["phase"] == "over" or _waiting_for(u["view"]) == ["aster"],
                               "the bots to be done")
        view = update["view"]
        if view["phase"] == "over":
            break
        solo.ok("submit_orders" if view["phase"] == "orders" else "ready",
                {"cards": []} if view["phase"] == "orders" else {})
    assert update["view"]["outcome"] in OUTCOMES
    assert "scores" in update["view"]


def _waiting_for(view):
    key = "ordered" if view["phase"] == "orders" else "ready"
    return [s for s, info in view["seats"].items() if not info[key]]


def test_the_server_runs_gevent_and_serves_every_builtin_scenario(server):
    health = requests.get(server.url + "/healthz", timeout=5).json()
    assert health["ok"] is True and health["async_mode"] == "gevent" and health["games_in_memory"] >= 0
    ids = {s["id"] for s in requests.get(server.url + "/api/scenarios", timeout=5).json()["scenarios"]}
    assert {"lighthouse", "plates-2021"} <= ids


def test_rest_lists_scenarios_and_summarises_a_game(server):
    scenarios = requests.get(server.url + "/api/scenarios", timeout=5).json()["scenarios"]
    lighthouse = [s for s in scenarios if s["id"] == "lighthouse"][0]
    assert "briefing" not in str(lighthouse) and "objectives" not in lighthouse
    game = server.create(bots={"league": "dove"})
    summary = requests.get(f"{server.url}/api/games/{game['game']}", timeout=5).json()
    assert summary["phase"] == "lobby" and summary["seats"]["league"]["bot"] == "dove"
    assert game["code"] not in str(summary) and "token" not in str(summary)
    bad = requests.post(server.url + "/api/games", json={"scenario": "lighthouse", "team_size": 0}, timeout=5)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_payload"
    assert "team_size" in bad.json()["error"]["details"]
    assert requests.get(server.url + "/api/games/nope", timeout=5).status_code == 404


PLATES_MARKERS = {
    "bilateral:kosovo+serbia": "kosovo-serbia-backchannel-4e1",
    "delegation:eu": "eu-team-only-a77",
    "bilateral:eu+russia": "eu-russia-backchannel-0b9",
    "plenary": "plenary-hello-c3d",
}


def test_a_full_plates_2021_game_with_three_people_and_five_bots(server, clients):
    game = server.create(scenario="plates-2021", team_size=1, seed=2,
                         bots={s: None for s in ("usa", "nato_kfor", "russia", "kosovo_serbs", "eu5")})
    fac = clients(server, "facilitator")
    fac.ok("facilitate", {"token": game["facilitator_token"]})
    people = {seat: clients(server, seat) for seat in ("serbia", "kosovo", "eu")}
    tokens = {seat: c.ok("join", {"code": game["code"], "nickname": seat.title(), "seat": seat})["token"]
              for seat, c in people.items()}
    projector = clients(server, "projector")
    projector.ok("join", {"code": game["code"], "nickname": "wall", "role": "projector"})
    fac.ok("start")
    for c in people.values():
        playable = c.wait_for(phase_is("orders", 1))["view"]["you"]["playable"]
        c.ok("submit_orders", {"cards": playable[:1]})
    serbia, kosovo, eu = people["serbia"], people["kosovo"], people["eu"]
    for c in people.values():
        c.wait_for(lambda u: u["view"]["phase"] != "orders", "the reveal")
    assert serbia.view["phase"] == "talks"  # with this seed the crisis does not explode in round 1
    serbia.ok("chat", {"channel": "bilateral:kosovo+serbia", "text": PLATES_MARKERS["bilateral:kosovo+serbia"]})
    eu.ok("chat", {"channel": "delegation:eu", "text": PLATES_MARKERS["delegation:eu"]})
    eu.ok("chat", {"channel": "bilateral:eu+russia", "text": PLATES_MARKERS["bilateral:eu+russia"]})
    kosovo.ok("chat", {"channel": "plenary", "text": PLATES_MARKERS["plenary"]})
    eu.ok("statement", {"text": "We call on both sides to de-escalate."})
    # The plate formula needs the talks convened, which the EU can do from round 2.
    for c in people.values():
        c.ok("ready")
    for c in people.values():
        c.wait_for(phase_is("orders", 2), "round 2")
    eu.ok("submit_orders", {"cards": ["eu_led_talks"]})
    serbia.ok("submit_orders", {"cards": []})
    kosovo.ok("submit_orders", {"cards": []})
    for c in people.values():
        c.wait_for(lambda u: u["view"]["phase"] != "orders", "the reveal of round 2")
    assert serbia.view["phase"] == "talks" and serbia.view["tracks"]["dialogue"] == "brussels_talks"
    serbia.ok("propose", {"clauses": ["stickers"]})
    serbia.wait_for(lambda u: any(p["by"] == "serbia" for p in u["view"]["proposals"]))
    pid = [p for p in serbia.view["proposals"] if p["by"] == "serbia"][0]["id"]
    kosovo.ok("sign", {"proposal": pid})
    serbia.ok("sign", {"proposal": pid})
    fac.wait_for(lambda u: "stickers" in u["view"]["bound_clauses"], "the stickers agreement")
    while fac.view["phase"] != "over":
        # Each person acts once the phase waits on them; the bots have acted by themselves.
        seat = next((s for s in people if not _done(fac.view, s)), None)
        if seat is None:
            fac.wait_for(lambda u, before=fac.latest["seq"]: u["seq"] > before, "the next phase")
            continue
        c = people[seat]
        phase = fac.view["phase"]
        answer = c.call("submit_orders", {"cards": []}) if phase == "orders" else c.call("ready")
        assert answer["ok"] or answer["error"]["code"] in ("wrong_phase", "game_over"), answer
        fac.wait_for(lambda u, s=seat, p=phase: u["view"]["phase"] != p or _done(u["view"], s), f"{seat} to count")
    for c in (*people.values(), fac, projector):
        final = c.wait_for(phase_is("over"), "the end")
    assert final["view"]["outcome"] in OUTCOMES
    for seat, c in people.items():
        foreign = [t for s, t in tokens.items() if s != seat] + [game["facilitator_token"]]
        assert leaks(c.received, seat, "plates-2021", PLATES_MARKERS, foreign) == [], seat
    assert leaks(projector.received, None, "plates-2021", PLATES_MARKERS, list(tokens.values())) == []
    kinds = {e["action"]["kind"] for e in server.export(game)["log"] if e["type"] == "action"}
    assert {"start", "submit_orders"} <= kinds


def _done(view, seat):
    if view["phase"] not in ("orders", "talks"):
        return True
    info = view["seats"][seat]
    return info["ordered"] if view["phase"] == "orders" else info["ready"]


def test_the_lobby_sends_only_its_latest_chat_and_older_pages_on_request(server, clients):
    """The server holds only the recent log of a game in memory (LOG_SLACK entries past what
    updates show); older pages and the export come from the store, whole."""
    chats = LOBBY_LOG_TAIL + LOG_SLACK + 60
    game = server.create(team_size=3)
    ana = clients(server, "ana")
    ana.ok("join", {"code": game["code"], "nickname": "Ana"})
    for i in range(chats):
        ana.ok("chat", {"channel": "plenary", "text": f"lobby chat {i}"})
    last = f"lobby chat {chats - 1}"
    latest = ana.wait_for(lambda u: any(e.get("text") == last for e in u["view"]["log"]))["view"]["log"]
    assert len(latest) == LOBBY_LOG_TAIL
    first = latest[0]["n"]
    older, since = [], 0
    while since is not None and since < first:
        page = ana.ok("log", {"since": since, "limit": min(100, first - since)})
        older += page["entries"]
        since = page["next"] if page["next"] is not None else None
    assert [e["n"] for e in older] == list(range(first))
    assert [e["text"] for e in older if e["type"] == "message"] == [f"lobby chat {i}" for i in range(first - 1)]
    recent = ana.ok("log", {"since": first - 5, "limit": 10})["entries"]
    assert [e["n"] for e in recent] == list(range(first - 5, first + 5))
    exported = server.export(game)["views"]["facilitator"]["log"]
    assert [e["text"] for e in exported if e["type"] == "message"] == [f"lobby chat {i}" for i in range(chats)]


def test_an_acknowledgement_does_not_wait_for_a_delayed_ack(server, clients):
    """The ack follows the update it caused on the same socket; with Nagle's algorithm on, it
    waited for the client's delayed ACK (~40 ms every time). The server sets TCP_NODELAY."""
    import statistics
    import time

    game = server.create()
    ana = clients(server, "ana")
    ana.ok("join", {"code": game["code"], "nickname": "Ana"})
    took = []
    for i in range(21):
        started = time.perf_counter()
        ana.ok("chat", {"channel": "plenary", "text": f"quick {i}"})
        took.append(time.perf_counter() - started)
    assert statistics.median(took) < 0.035
