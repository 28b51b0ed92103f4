"""Shared helpers for engine tests: random play and invariant checks."""
from __future__ import annotations

import random

from game_rules import FACILITATOR, SYSTEM, Action, apply_action, legal_actions, new_game
from game_rules.conditions import OUTCOMES
from game_rules.state import PHASES

TEXTS = ["We stand ready.", "<b>bold</b> & 'quotes'", "Ура", "x" * 50]


def started(scenario, seed=1, setup=None):
    return apply_action(new_game(scenario, seed, setup), Action("start", FACILITATOR)).state


def random_action(state, rnd: random.Random) -> Action:
    """A random action that is usually legal: legal moves, text, facilitator and system moves."""
    roll = rnd.random()
    seat = rnd.choice(state.seat_ids)
    if roll < 0.03:
        return Action("close_phase", rnd.choice([FACILITATOR, SYSTEM]))
    if roll < 0.05 and state.scenario.events:
        return Action("inject_event", FACILITATOR, {"event": rnd.choice(state.scenario.events).id})
    if roll < 0.12:
        channels = ["plenary", f"delegation:{seat}"] + [
            "bilateral:" + "+".join(sorted((seat, o))) for o in state.seat_ids if o != seat]
        return Action("message", seat, {"channel": rnd.choice(channels), "text": rnd.choice(TEXTS)})
    if roll < 0.15:
        return Action("statement", seat, {"text": rnd.choice(TEXTS)})
    if roll < 0.18 and len(state.scenario.clauses) > 1:
        ids = [c.id for c in state.scenario.clauses]
        return Action("propose", seat, {"clauses": rnd.sample(ids, rnd.randint(1, len(ids)))})
    options = legal_actions(state, seat)
    if not options:
        return Action("close_phase", SYSTEM)
    return rnd.choice(options)


def check_invariants(state) -> None:
    scenario = state.scenario
    assert state.phase in PHASES
    for track in scenario.tracks:
        value = state.tracks[track.id]
        if track.values:
            assert value in track.values, (track.id, value)
        else:
            assert track.min <= value <= track.max, (track.id, value)
    for seat in state.seat_ids:
        for spec in scenario.seat_tracks:
            assert spec.min <= state.seat_tracks[seat][spec.id] <= spec.max, (seat, spec.id)
    assert [e["n"] for e in state.log] == list(range(len(state.log)))
    bound = set()
    for p in state.proposals.values():
        assert p["status"] in ("open", "bound", "rejected", "superseded", "lapsed")
        assert set(p["signatures"]) <= set(p["parties"])
        if p["status"] == "bound":
            assert set(p["signatures"]) == set(p["parties"])
            bound |= set(p["clauses"])
    assert bound == set(state.bound_clauses)
    assert 0 <= state.round <= state.rounds
    if state.is_over():
        assert state.outcome in OUTCOMES
        assert state.log[-1]["type"] == "game_over"
    else:
        assert state.outcome is None
    if state.phase == "talks":
        assert not state.orders or all(s in state.seat_ids for s in state.orders)
