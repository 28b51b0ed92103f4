"""Who said what: a delegation's acts of talk record the member who made them (`author`); the rules
never read it, and a game replayed from its actions' dicts has the same authors in its log."""
from __future__ import annotations

from game_rules import Action, apply_action, load_scenario, replay

from .helpers import started

AUTHORED = ("message", "statement", "proposal_tabled", "proposal_answered", "proposal_signed", "seat_ready",
            "orders_submitted")


def play(state, *actions):
    for action in actions:
        result = apply_action(state, action)
        assert result.ok, result
        state = result.state
    return state


def test_each_act_of_talk_records_its_author_and_replays_with_it():
    scenario = load_scenario("lighthouse")
    start = started(scenario, seed=3)
    actions = [
        Action("message", "aster", {"channel": "delegation:aster", "text": "from p1"}, author="p1"),
        Action("message", "aster", {"channel": "delegation:aster", "text": "from p2"}, author="p2"),
        Action("submit_orders", "aster", {"cards": []}, author="p2"),
        Action("submit_orders", "brill", {"cards": []}, author="p3"),
        Action("submit_orders", "league", {"cards": []}),  # a bot: no person
    ]
    state = play(start, *actions)
    assert state.phase == "talks"
    talks = [
        Action("statement", "aster", {"text": "Aster speaks"}, author="p1"),
        Action("propose", "aster", {"clauses": ["shared_fishing"]}, author="p1"),
        Action("respond", "league", {"proposal": 1, "answer": "accept"}),
        Action("sign", "brill", {"proposal": 1}, author="p3"),
        Action("ready", "aster", {}, author="p2"),
    ]
    state = play(state, *talks)
    entries = [e for e in state.log if e["type"] in AUTHORED]
    assert [(e["type"], e.get("seat") or e.get("by"), e["author"]) for e in entries] == [
        ("message", "aster", "p1"), ("message", "aster", "p2"),
        ("orders_submitted", "aster", "p2"), ("orders_submitted", "brill", "p3"), ("orders_submitted", "league", None),
        ("statement", "aster", "p1"), ("proposal_tabled", "aster", "p1"), ("proposal_answered", "league", None),
        ("proposal_signed", "brill", "p3"), ("seat_ready", "aster", "p2"),
    ]
    assert state.proposals[1]["author"] == "p1"

    # The author travels with the action's dict (a server's log), and only when there is one.
    assert Action.from_dict(talks[0].to_dict()) == talks[0]
    assert "author" not in talks[2].to_dict()
    again = replay(scenario, 3, None, [Action("start", "facilitator")] + [Action.from_dict(a.to_dict())
                                                                          for a in actions + talks])
    assert again.log == state.log

    # The rules never read it: the same acts by other people (or nobody) give the same game.
    anonymous = play(start, *[Action(a.kind, a.actor, a.params) for a in actions + talks])
    assert anonymous.tracks == state.tracks and anonymous.seat_tracks == state.seat_tracks
    assert anonymous.proposals[1]["status"] == state.proposals[1]["status"]
