"""A bot standing in for absent people: its actions and their consequences are marked in the log."""
from __future__ import annotations

from dataclasses import replace

from game_rules import SPECTATOR, Action, apply_action, load_scenario, replay, view
from game_rules.bots import bot_actions

from .helpers import started


def test_a_stand_in_action_round_trips_and_marks_its_entries():
    scenario = load_scenario("lighthouse")
    state = started(scenario, seed=3)
    ordered = {}
    for seat in scenario.seat_ids:
        action = next(a for a in bot_actions(state, seat, "hawk") if a.kind == "submit_orders")
        stand_in = seat == "aster"
        action = replace(action, stand_in=stand_in)
        assert Action.from_dict(action.to_dict()) == action
        assert ("stand_in" in action.to_dict()) is stand_in  # people's actions keep their old form
        ordered[seat] = action
        state = apply_action(state, action).state
    log = view(state, SPECTATOR, log_since=0)["log"]
    revealed = next(e for e in log if e["type"] == "orders_revealed")
    assert revealed["stand_ins"] == ["aster"]
    for e in log:
        if e.get("seat") == "aster" and e["type"] in ("orders_submitted", "card_resolved", "card_fizzled"):
            assert e["stand_in"] is True, e
        elif e.get("seat") in ("brill", "league"):
            assert "stand_in" not in e, e
    again = replay(scenario, 3, None, [Action("start", "facilitator"), *ordered.values()])
    assert again.log == state.log
    assert state.phase == "talks" and state.stand_ins == frozenset({"aster"})  # until the next round begins
