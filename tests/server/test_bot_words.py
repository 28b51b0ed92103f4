"""Over real Socket.IO: a person writes to a bot's delegation and reads its answer, and a bot's
rejection reaches the proposer with its reason."""
from __future__ import annotations

from .harness import facilitated


def phase_is(phase):
    return lambda u: u["view"]["phase"] == phase


def _answer_to(n):
    def found(update):
        return next((e for e in update["view"]["log"] if e["type"] == "message" and e.get("reply_to") == n), None)
    return found


def test_a_person_asks_a_bot_seat_bilaterally_and_reads_its_answer(server, clients):
    game, fac = facilitated(server, clients, scenario="plates-2021",
                            bots={s: "pragmatist" for s in ("serbia", "eu", "usa", "nato_kfor", "russia",
                                                            "kosovo_serbs", "eu5")})
    ana = clients(server, "ana")
    ana.ok("join", {"code": game["code"], "nickname": "Ana", "seat": "kosovo"})
    fac.ok("start")
    ana.wait_for(phase_is("orders"))
    ana.ok("chat", {"channel": "bilateral:kosovo+serbia", "text": "Would Belgrade take the stickers?"})
    asked = ana.wait_for(lambda u: any(e["type"] == "message" and e.get("author") for e in u["view"]["log"]))
    n = next(e["n"] for e in asked["view"]["log"] if e["type"] == "message" and e.get("author"))
    update = ana.wait_for(_answer_to(n), "the bot's answer")
    answer = _answer_to(n)(update)
    assert answer["seat"] == "serbia" and answer["channel"] == "bilateral:kosovo+serbia"
    assert answer["author"] is None
    assert "Stickers over state symbols, for now" in answer["text"]
    # Asked once, answered once, however often the bots look at the game again.
    ana.ok("submit_orders", {"cards": []})
    later = ana.wait_for(phase_is("talks"))
    assert sum(1 for e in later["view"]["log"] if e.get("reply_to") == n) == 1


def test_a_bot_s_rejection_reaches_the_proposer_with_its_reason(server, clients):
    game, fac = facilitated(server, clients, scenario="plates-2021",
                            bots={s: "hawk" for s in ("serbia", "eu", "usa", "nato_kfor", "russia",
                                                      "kosovo_serbs", "eu5")})
    ana = clients(server, "ana")
    ana.ok("join", {"code": game["code"], "nickname": "Ana", "seat": "kosovo"})
    fac.ok("start")
    ana.wait_for(phase_is("orders"))
    ana.ok("submit_orders", {"cards": []})
    ana.wait_for(phase_is("talks"))
    ana.ok("propose", {"clauses": ["five_recognise"]})
    tabled = ana.wait_for(lambda u: any(e["type"] == "proposal_tabled" and e["by"] == "kosovo"
                                        for e in u["view"]["log"]))
    pid = next(e["proposal"] for e in tabled["view"]["log"] if e["type"] == "proposal_tabled" and e["by"] == "kosovo")
    bad = ana.call("respond", {"proposal": pid, "answer": "reject", "reason": ""})
    assert bad["ok"] is False and bad["error"]["code"] == "bad_payload"
    # The five reject Kosovo's proposal with a reason naming the clause.
    update = ana.wait_for(lambda u: any(e["type"] == "proposal_answered" and e["proposal"] == pid
                                        and e["seat"] == "eu5" for e in u["view"]["log"]), "the five's answer")
    [answer] = [e for e in update["view"]["log"]
              if e["type"] == "proposal_answered" and e["proposal"] == pid and e["seat"] == "eu5"]
    assert answer["answer"] == "reject" and "The five recognise Kosovo" in answer["reason"]


def test_a_stand_in_makes_the_absent_people_s_moves_but_does_not_chat_for_them(server, clients):
    game, fac = facilitated(server, clients, deadline="bot", bots={"league": "dove"})
    ana, ben = clients(server, "ana"), clients(server, "ben")
    ana.ok("join", {"code": game["code"], "nickname": "Ana", "seat": "aster"})
    ben.ok("join", {"code": game["code"], "nickname": "Ben", "seat": "brill"})
    fac.ok("start")
    ana.wait_for(phase_is("orders"))
    ben.ok("chat", {"channel": "bilateral:aster+brill", "text": "Aster, shall we share the fishing?"})
    ben.ok("submit_orders", {"cards": []})
    fac.ok("skip")  # Aster's people have not ordered: a bot orders for them
    talks = ana.wait_for(phase_is("talks"), "the skip")
    assert any(e["type"] == "orders_submitted" and e["seat"] == "aster" and e.get("stand_in")
               for e in talks["view"]["log"])
    assert not [e for e in talks["view"]["log"] if e["type"] == "message" and e["seat"] == "aster"]
