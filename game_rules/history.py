"""History played through the rules: the scenario's real moves, round by round, then its real
agreement tabled and signed by every party. The state it reaches is scored by the same rules
as any table's, so "history's scorecard" in the debrief is computed, never typed in.
"""
from __future__ import annotations

from typing import Any

from .actions import FACILITATOR, Action
from .engine import apply_action, new_game
from .errors import ScenarioError
from .scenario.model import Scenario
from .scoring import objective_status, scores
from .state import State


def historical_state(scenario: Scenario, seed: int = 0) -> State:
    """The game after history's moves and the historical agreement (talks of the last round with
    moves, or of round 1 if none). Raises ScenarioError if the scenario has no history or the
    rules refuse a step of it (then the scenario's data and its history disagree)."""
    hist = scenario.historical
    if hist is None:
        raise ScenarioError([("scenario.yaml", "historical", "this scenario has no history")])
    state = _ok(new_game(scenario, seed), Action("start", FACILITATOR))
    last = max((m["round"] for m in hist.moves), default=1)
    for round_number in range(1, last + 1):
        if state.is_over():
            break
        for seat in state.seat_ids:
            cards = [m["card"] for m in hist.moves if m["round"] == round_number and m["seat"] == seat]
            state = _ok(state, Action("submit_orders", seat, {"cards": cards}))
        if round_number < last and not state.is_over():
            state = _everyone_ready(state)
    if hist.clauses and not state.is_over():
        proposer = scenario.clauses_by_id[hist.clauses[0]].parties[0]
        state = _ok(state, Action("propose", proposer, {"clauses": list(hist.clauses)}))
        proposal = state.proposals[max(state.proposals)]
        for party in proposal["parties"]:
            state = _ok(state, Action("sign", party, {"proposal": proposal["id"]}))
        state = _everyone_ready(state)
    if not state.is_over():
        state = _ok(state, Action("end_game", FACILITATOR))
    return state


def scorecard(scenario: Scenario, seed: int = 0) -> dict[str, Any]:
    """History's outcome and each delegation's objectives scored on it. It reveals every seat's
    objectives: a server shows it only when a viewer may see them (the game over, or the
    facilitator)."""
    state = historical_state(scenario, seed)
    return {
        "outcome": state.outcome,
        "tracks": dict(state.tracks),
        "scores": scores(state),
        "objectives": {seat: objective_status(state, seat) for seat in state.seat_ids},
        "tension": _tension_path(state),
    }


def _tension_path(state: State) -> list[dict[str, Any]]:
    """The clash track after each round of history, from its start: the class debrief's reference line."""
    track = state.scenario.clash_track
    value = state.scenario.tracks_by_id[track].start
    by_round = {0: value}
    for entry in state.log:
        for change in entry.get("changes", ()):
            if change.get("track") == track and not change.get("seat"):
                value = change["after"]
        by_round[entry["round"]] = value
    return [{"round": r, "value": v} for r, v in sorted(by_round.items())]


def _ok(state: State, action: Action) -> State:
    result = apply_action(state, action)
    if not result.ok:
        raise ScenarioError([("scenario.yaml", "historical", f"the rules refuse {action}: {result.error}")])
    return result.state


def _everyone_ready(state: State) -> State:
    for seat in state.seat_ids:
        if state.is_over():
            break
        state = _ok(state, Action("ready", seat))
    return state
