"""A bot that stands in for a delegation's absent people (the facilitator's "at the deadline, a
delegation that has not acted is played by a bot") says so in the log every view carries, and
"Skip to next phase" is an early deadline: it applies the same setting."""
from __future__ import annotations

from .harness import facilitated


def phase_is(phase, round_=None):
    return lambda u: u["view"]["phase"] == phase and (round_ is None or u["view"]["round"] == round_)


def _entries(update, kind, seat=None):
    return [e for e in update["view"]["log"] if e["type"] == kind and (seat is None or e.get("seat") == seat)]


def _seated(server, clients, **settings):
    game, fac = facilitated(server, clients, bots={"brill": "dove", "league": "dove"}, **settings)
    ana = clients(server, "ana")
    ana.ok("join", {"code": game["code"], "nickname": "Ana", "seat": "aster"})
    projector = clients(server, "projector")
    projector.ok("join", {"code": game["code"], "nickname": "projector", "role": "projector"})
    fac.ok("start")
    ana.wait_for(phase_is("orders", 1))
    return game, fac, ana, projector


def test_skip_lets_a_bot_order_for_absent_people_and_marks_it_everywhere(server, clients):
    game, fac, ana, projector = _seated(server, clients, deadline="bot")
    fac.ok("skip")
    talks = projector.wait_for(phase_is("talks", 1), "the skip")
    revealed = _entries(talks, "orders_revealed")[0]
    assert revealed["stand_ins"] == ["aster"]  # the bots' own seats are bots anyway: not stand-ins
    submitted = _entries(talks, "orders_submitted", "aster")
    assert submitted and all(e["stand_in"] is True for e in submitted)
    assert not any(e.get("stand_in") for e in _entries(talks, "orders_submitted", "brill"))
    for kind in ("card_resolved", "card_fizzled"):
        assert all(e["stand_in"] is True for e in _entries(talks, kind, "aster"))
        assert not any(e.get("stand_in") for e in _entries(talks, kind, "brill"))
    # The seat's own (private) note of its orders says so too, and the facilitator's log.
    assert all(e["stand_in"] for e in _entries(ana.wait_for(phase_is("talks", 1)), "orders_noted", "aster"))
    assert _entries(fac.wait_for(phase_is("talks", 1)), "orders_revealed")[0]["stand_ins"] == ["aster"]
    # The store keeps it: the engine action carries the flag, so a replay (restart) has it too.
    actions = [e["action"] for e in server.export(game)["log"] if e["type"] == "action"]
    stood_in = [a for a in actions if a.get("stand_in")]
    assert stood_in and all(a["actor"] == "aster" for a in stood_in)

    # In the talks, skipping again: the stand-in says the delegation is done, marked.
    fac.ok("skip")
    after = projector.wait_for(phase_is("orders", 2), "the second skip")
    # Round 1's entries are history now (updates carry the current round): read them as a page.
    history = projector.ok("log", {"since": 0, "limit": 200})["entries"]
    ready = [e for e in history if e["type"] == "seat_ready" and e["seat"] == "aster"]
    assert ready and all(e["stand_in"] for e in ready)
    assert after["view"]["round"] == 2


def test_skip_with_do_nothing_at_the_deadline_orders_nothing(server, clients):
    game, fac, ana, projector = _seated(server, clients, deadline="nothing")
    fac.ok("skip")
    talks = projector.wait_for(phase_is("talks", 1), "the skip")
    revealed = _entries(talks, "orders_revealed")[0]
    assert revealed["orders"]["aster"] == [] and "stand_ins" not in revealed
    assert not _entries(talks, "orders_submitted", "aster")
    assert not any(e.get("stand_in") for e in talks["view"]["log"])


def test_people_who_order_themselves_are_not_marked(server, clients):
    game, fac, ana, projector = _seated(server, clients, deadline="bot")
    ana.ok("submit_orders", {"cards": []})
    talks = projector.wait_for(phase_is("talks", 1), "everyone ordered")
    assert "stand_ins" not in _entries(talks, "orders_revealed")[0]
    assert not any(e.get("stand_in") for e in talks["view"]["log"])


def test_the_timer_deadline_marks_the_stand_in_as_well(server, clients):
    game, fac, ana, projector = _seated(server, clients, deadline="bot", timers={"orders": 1})
    talks = projector.wait_for(phase_is("talks", 1), "the orders deadline")
    assert _entries(talks, "orders_revealed")[0]["stand_ins"] == ["aster"]
    assert all(e["stand_in"] for e in _entries(talks, "orders_submitted", "aster"))


def test_skip_outside_play_is_refused_as_before(server, clients):
    game, fac = facilitated(server, clients)
    assert fac.call("skip")["error"]["code"] == "wrong_phase"
    fac.ok("end_game")
    fac.wait_for(phase_is("over"))
    assert fac.call("skip")["error"]["code"] in ("game_over", "wrong_phase")
