"""The condition vocabulary: when a card may be played, an event drawn, an objective met.

A condition is data, one of:

    {track: ID, gte|lte|eq|ne: VALUE}    a shared track (number or status)
    {track: ID, in: [VALUE, ...]}
    {seat_track: ID, seat: SEAT, gte|lte|eq|ne|in: ...}   SEAT is "self" or a seat id
    {round_gte: N} / {round_lte: N}
    {clause_bound: CLAUSE}               a clause is part of a binding agreement
    {outcome: agreement|armed_clash|deadlock}
    {all: [COND, ...]} / {any: [COND, ...]} / {not: COND}

It is evaluated against a *board*: anything with `tracks`, `seat_tracks`,
`round`, `bound_clauses` and `outcome` — the game state, or a bot's guess at it.
"""
from __future__ import annotations

from typing import Any, Iterator

COMPARATORS = ("gte", "lte", "eq", "ne", "in")
OUTCOMES = ("agreement", "armed_clash", "deadlock")


def holds(cond: dict[str, Any] | None, board: Any, seat: str | None = None) -> bool:
    """Whether `cond` is true on `board`, read from the point of view of `seat`."""
    if cond is None:
        return True
    if "all" in cond:
        return all(holds(c, board, seat) for c in cond["all"])
    if "any" in cond:
        return any(holds(c, board, seat) for c in cond["any"])
    if "not" in cond:
        return not holds(cond["not"], board, seat)
    if "track" in cond:
        return _compare(board.tracks[cond["track"]], cond)
    if "seat_track" in cond:
        who = seat if cond.get("seat", "self") == "self" else cond["seat"]
        return _compare(board.seat_tracks[who][cond["seat_track"]], cond)
    if "round_gte" in cond:
        return board.round >= cond["round_gte"]
    if "round_lte" in cond:
        return board.round <= cond["round_lte"]
    if "clause_bound" in cond:
        return cond["clause_bound"] in board.bound_clauses
    if "outcome" in cond:
        return board.outcome == cond["outcome"]
    raise ValueError(f"unknown condition {cond!r}")  # load-time checks make this unreachable


def _compare(value: Any, cond: dict[str, Any]) -> bool:
    if "gte" in cond:
        return value >= cond["gte"]
    if "lte" in cond:
        return value <= cond["lte"]
    if "eq" in cond:
        return value == cond["eq"]
    if "ne" in cond:
        return value != cond["ne"]
    return value in cond["in"]


def problems(cond: Any, where: str, catalogue: Any) -> Iterator[tuple[str, str]]:
    """Yield (location, message) for each mistake in a condition written in data."""
    if not isinstance(cond, dict) or len(cond) == 0:
        yield where, "a condition must be a non-empty mapping"
        return
    for key in ("all", "any"):
        if key in cond:
            if len(cond) != 1 or not isinstance(cond[key], list) or not cond[key]:
                yield where, f"'{key}' takes a non-empty list of conditions and nothing beside it"
                return
            for i, sub in enumerate(cond[key]):
                yield from problems(sub, f"{where}.{key}[{i}]", catalogue)
            return
    if "not" in cond:
        if len(cond) != 1:
            yield where, "'not' takes one condition and nothing beside it"
            return
        yield from problems(cond["not"], f"{where}.not", catalogue)
        return
    if "track" in cond:
        track = catalogue.tracks_by_id.get(cond["track"])
        if track is None:
            yield where, f"unknown track {cond['track']!r}"
            return
        yield from _comparison_problems(cond, where, {"track"}, track.values or None)
        return
    if "seat_track" in cond:
        if cond["seat_track"] not in catalogue.seat_tracks_by_id:
            yield where, f"unknown seat track {cond['seat_track']!r}"
        who = cond.get("seat", "self")
        if who != "self" and who not in catalogue.seats_by_id:
            yield where, f"unknown seat {who!r}"
        yield from _comparison_problems(cond, where, {"seat_track", "seat"}, None)
        return
    for key, kind in (("round_gte", int), ("round_lte", int)):
        if key in cond:
            if len(cond) != 1 or not isinstance(cond[key], kind):
                yield where, f"'{key}' takes a whole number and nothing beside it"
            return
    if "clause_bound" in cond:
        if cond["clause_bound"] not in catalogue.clauses_by_id:
            yield where, f"unknown clause {cond['clause_bound']!r}"
        return
    if "outcome" in cond:
        if cond["outcome"] not in OUTCOMES:
            yield where, f"outcome must be one of {', '.join(OUTCOMES)}"
        return
    yield where, f"unknown condition with keys {sorted(cond)}"


def _comparison_problems(cond, where, subject_keys, allowed_values):
    used = [k for k in cond if k in COMPARATORS]
    extra = set(cond) - set(COMPARATORS) - subject_keys
    if len(used) != 1 or extra:
        yield where, f"give exactly one of {', '.join(COMPARATORS)} (got {sorted(cond)})"
        return
    op = used[0]
    values = cond[op] if op == "in" else [cond[op]]
    if op == "in" and not isinstance(cond[op], list):
        yield where, "'in' takes a list"
        return
    if allowed_values is None:
        if any(not isinstance(v, int) or isinstance(v, bool) for v in values):
            yield where, "a number track compares with whole numbers"
    else:
        if op in ("gte", "lte"):
            yield where, "a status track compares with eq, ne or in"
        for v in values:
            if v not in allowed_values:
                yield where, f"{v!r} is not a value of this track ({', '.join(allowed_values)})"
