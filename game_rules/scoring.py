"""Scores: secret objectives met, plus the standing a delegation kept."""
from __future__ import annotations

from typing import Any

from . import conditions


def objective_status(state: Any, seat: str) -> list[dict[str, Any]]:
    """Each of `seat`'s objectives with whether it holds on the board now."""
    seat_def = state.scenario.seats_by_id[seat]
    return [
        {"id": o.id, "text": o.text, "points": o.points, "condition": o.condition,
         "met": conditions.compiled(o.condition)(state, seat)}
        for o in seat_def.objectives
    ]


def score(state: Any, seat: str) -> float:
    scenario = state.scenario
    total: float = sum(o["points"] for o in objective_status(state, seat) if o["met"]) * scenario.objective_reward
    own = state.seat_tracks[seat]
    total += sum(spec.score_weight * own[spec.id] for spec in scenario.seat_tracks)
    return round(total, 2)


def scores(state: Any) -> dict[str, float]:
    return {seat: score(state, seat) for seat in state.seat_ids}


def max_score(scenario: Any, seat: str) -> float:
    """The most `seat` could score: every objective met and every weighted track at its top.
    Delegations' objectives are worth different totals, so shares of this compare like with like."""
    objectives: float = sum(o.points for o in scenario.seats_by_id[seat].objectives) * scenario.objective_reward
    tracks: float = sum(spec.score_weight * spec.max for spec in scenario.seat_tracks)
    return objectives + tracks


def score_shares(state: Any) -> dict[str, float]:
    """Each delegation's score as a share of its own maximum (0 to 1)."""
    return {seat: round(value / (max_score(state.scenario, seat) or 1), 4) for seat, value in scores(state).items()}
