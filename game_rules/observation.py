"""What each viewer may see: the one edge where secrets are removed.

Viewers: a seat id (a delegation and its team), SPECTATOR (also the projector:
public state only) and FACILITATOR (everything). Every byte the server sends,
exports or logs for players comes from `view`, `visible_log` or `public_rules`.

Secret until the game is over: a seat's briefing, its objectives, its pending
orders and its capital-like private tracks. Secret for ever: messages in
channels the viewer is not in.
"""
from __future__ import annotations

from typing import Any

from . import talks
from .actions import FACILITATOR
from .scenario.model import Scenario
from .scoring import objective_status, scores
from .state import State

SPECTATOR = "spectator"


def can_see(entry: dict[str, Any], viewer: str) -> bool:
    return entry["to"] is None or viewer == FACILITATOR or viewer in entry["to"]


def visible_log(state: State, viewer: str, since: int = 0) -> list[dict[str, Any]]:
    """Log entries from position `since` on that `viewer` may read (from `state.log_start` at
    the earliest: see forget_log)."""
    if viewer == FACILITATOR:
        return _log_from(state, since)
    # can_see, inlined: a bot reads the round log at every decision.
    return [e for e in _log_from(state, since) if e["to"] is None or viewer in e["to"]]


def _log_from(state: State, since: int) -> list[dict[str, Any]]:
    return state.log[max(0, since - state.log_start):]


def round_start(state: State) -> int:
    """The log position where the current round began (for the round log)."""
    return state.round_began


def view(state: State, viewer: str, log_since: int | None = None, without: tuple[str, ...] = ()) -> dict[str, Any]:
    """The game as `viewer` may see it, JSON-ready. The round log is included from `log_since`
    (default: the start of the current round). `without` may name "proposals" and "log", the
    parts that grow as the game goes on, for a reader that has no use for them (a bot choosing
    its orders), "objectives", the viewer's own, for a reader that remembers them from an
    earlier view (they never change), and "delegations", for a reader that holds them from a
    view whose secrets are the same (same_secrets); every other part is as in the full view."""
    scenario = state.scenario
    over = state.is_over()
    out: dict[str, Any] = {
        "scenario": scenario.id,
        "viewer": viewer,
        "round": state.round,
        "rounds": state.rounds,
        "phase": state.phase,
        "moves_made": state.moves_made,
        "outcome": state.outcome,
        "termination": state.termination,
        "event": state.event,
        "tracks": dict(state.tracks),
        "seats": _seats(state),
    }
    if "proposals" not in without:
        out["proposals"] = [dict(p, responses=dict(p["responses"]), signatures=list(p["signatures"]))
                            for p in state.proposals.values()]
    out["bound_clauses"] = sorted(state.bound_clauses)
    if "log" not in without:
        out["log"] = visible_log(state, viewer, round_start(state) if log_since is None else log_since)
    if viewer in scenario.seats_by_id:
        out["you"] = _seat_secrets(state, viewer, objectives="objectives" not in without)
    if (viewer == FACILITATOR or over) and "delegations" not in without:
        out["delegations"] = {seat: _seat_secrets(state, seat, full=viewer == FACILITATOR)
                              for seat in state.seat_ids}
    if over:
        out["scores"] = scores(state)
    return out


def _seats(state: State) -> dict[str, Any]:
    """What everyone sees of each delegation. (A loop, not nested comprehensions: a bot builds a
    view at every decision, and this is the costliest part of it.)"""
    public_tracks = state.scenario.public_seat_tracks
    orders, ready = state.orders, state.ready
    seats = {}
    for seat in state.seat_ids:
        own, shown = state.seat_tracks[seat], {}
        for track in public_tracks:
            shown[track] = own[track]
        seats[seat] = {"tracks": shown, "ordered": seat in orders, "ready": seat in ready}
    return seats


def public_view(state: State, log_since: int | None = None) -> dict[str, Any]:
    """The part of every seat's view that all seats share: what a spectator sees.

    A server sends it once to a whole table, and each seat its `private_view` beside it;
    `merge_views` puts the two back together into exactly `view(state, seat)`.
    """
    return view(state, SPECTATOR, log_since)


def private_view(state: State, seat: str, log_since: int | None = None) -> dict[str, Any]:
    """What only `seat` sees: its secrets, and the log entries addressed to it alone."""
    since = round_start(state) if log_since is None else log_since
    return {
        "viewer": seat,
        "you": _seat_secrets(state, seat),
        "log": [e for e in _log_from(state, since) if e["to"] is not None and seat in e["to"]],
    }


def same_private_views(before: State, before_since: int, after: State, since: int) -> bool:
    """Whether every seat's private_view of `after` (log from `since`) is sure to equal its
    private_view of `before` (log from `before_since`), read without building them. It may
    answer False for equal parts, never True for different ones. A server uses it to skip the
    private parts of a change that touched none (a plenary message, a proposal, a signature).

    A seat's secrets read the board (replaced, never edited: see State.own_board, so an unchanged
    board is the same objects), the phase, round, outcome, bound clauses and orders; its private
    log is the addressed entries in the window, which is unchanged if every entry that left the
    window or joined it is public. Log entries are never edited once written.
    """
    if not same_secrets(before, after):
        return False
    if since < before_since or before_since < after.log_start or after.log_end < before.log_end:
        return False
    start = after.log_start
    left = after.log[before_since - start:min(since, before.log_end) - start]
    joined = after.log[max(since, before.log_end) - start:]
    return all(e["to"] is None for e in left) and all(e["to"] is None for e in joined)


def same_secrets(before: State, after: State) -> bool:
    """Whether every seat's secrets (its part of `you`, or of the facilitator's `delegations`)
    are sure to be the same in `after` as in `before`; False may be said of equal secrets.
    They read the board (replaced, never edited: see State.own_board), the phase, round,
    outcome, bound clauses and orders."""
    if (after.tracks is not before.tracks or after.seat_tracks is not before.seat_tracks
            or after.card_uses is not before.card_uses):
        return False
    return (after.phase == before.phase and after.round == before.round and after.outcome == before.outcome
            and after.bound_clauses == before.bound_clauses and after.orders == before.orders)


def merge_views(public: dict[str, Any], private: dict[str, Any]) -> dict[str, Any]:
    merged = dict(public, viewer=private["viewer"], you=private["you"])
    merged["log"] = sorted(public["log"] + private["log"], key=lambda e: e["n"])
    return merged


def _seat_secrets(state: State, seat: str, full: bool = True, objectives: bool = True) -> dict[str, Any]:
    seat_def = state.scenario.seats_by_id[seat]
    secrets: dict[str, Any] = {"seat": seat, "briefing": seat_def.briefing}
    if objectives:
        secrets["objectives"] = objective_status(state, seat)
    secrets["tracks"] = dict(state.seat_tracks[seat])
    if full:
        secrets["orders"] = list(state.orders.get(seat, ()))
        secrets["playable"] = [c.id for c in state.playable_cards(seat)] if state.phase == "orders" else []
        secrets["channels"] = talks.channels_of(seat, state.seat_ids)
    return secrets


def public_rules(scenario: Scenario) -> dict[str, Any]:
    """The scenario as every player may read it: no briefings, no objectives."""
    return {
        "id": scenario.id,
        "title": scenario.title,
        "summary": scenario.summary,
        "rounds": scenario.rounds,
        "orders_per_round": scenario.orders_per_round,
        "clash_track": scenario.clash_track,
        "steps": list(scenario.steps),
        "calm": scenario.calm,
        "tracks": [
            {"id": t.id, "name": t.name, "group": t.group, "min": t.min, "max": t.max,
             "values": list(t.values), "labels": dict(t.labels), "description": t.description}
            for t in scenario.tracks
        ],
        "seat_tracks": [
            {"id": t.id, "name": t.name, "min": t.min, "max": t.max, "public": t.public}
            for t in scenario.seat_tracks
        ],
        "seats": [{"id": s.id, "name": s.name, "profile": s.profile, "default_temperament": s.default_temperament}
                  for s in scenario.seats],
        "cards": [
            {"id": c.id, "name": c.name, "seats": list(c.seats), "step": c.step, "flavour": c.flavour,
             "source": c.source, "cost": dict(c.cost), "requires": c.requires, "effects": list(c.effects),
             "uses": c.uses}
            for c in scenario.cards
        ],
        "events": [{"id": e.id, "title": e.title, "text": e.text, "source": e.source} for e in scenario.events],
        "clauses": [
            {"id": c.id, "title": c.title, "text": c.text, "source": c.source, "parties": list(c.parties),
             "effects": list(c.effects), "settles": c.settles, "requires": c.requires}
            for c in scenario.clauses
        ],
        "historical": None if scenario.historical is None else {
            "date": scenario.historical.date,
            "summary": scenario.historical.summary,
            "clauses": list(scenario.historical.clauses),
        },
    }
