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

from typing import Any, Callable, Iterator

COMPARATORS = ("gte", "lte", "eq", "ne", "in")
OUTCOMES = ("agreement", "armed_clash", "deadlock")


def holds(cond: dict[str, Any] | None, board: Any, seat: str | None = None) -> bool:
    """Whether `cond` is true on `board`, read from the point of view of `seat`."""
    if cond is None:
        return True
    return compiled(cond)(board, seat)


# Conditions are read thousands of times a game (bots weigh every card against them), so each is
# turned into a closure once. Scenario data lives as long as the process, so an id is a stable key;
# the condition itself is kept beside its closure so that its id cannot be reused.
_cache: dict[int, tuple[dict[str, Any], Callable[[Any, str | None], bool]]] = {}


def compiled(cond: dict[str, Any]) -> Callable[[Any, str | None], bool]:
    """`cond` as a function of (board, seat), for callers that test one condition many times."""
    hit = _cache.get(id(cond))
    if hit is not None and hit[0] is cond:
        return hit[1]
    fn = _compile(cond)
    _cache[id(cond)] = (cond, fn)
    return fn


def _compile(cond: dict[str, Any]) -> Callable[[Any, str | None], bool]:
    if "all" in cond:
        parts = [_compile(c) for c in cond["all"]]
        return lambda board, seat: all(p(board, seat) for p in parts)
    if "any" in cond:
        parts = [_compile(c) for c in cond["any"]]
        return lambda board, seat: any(p(board, seat) for p in parts)
    if "not" in cond:
        inner = _compile(cond["not"])
        return lambda board, seat: not inner(board, seat)
    if "track" in cond:
        track, test = cond["track"], _comparison(cond)
        return lambda board, seat: test(board.tracks[track])
    if "seat_track" in cond:
        track, test, who = cond["seat_track"], _comparison(cond), cond.get("seat", "self")
        if who == "self":
            return lambda board, seat: test(board.seat_tracks[seat][track])
        return lambda board, seat: test(board.seat_tracks[who][track])
    if "round_gte" in cond:
        n = cond["round_gte"]
        return lambda board, seat: board.round >= n
    if "round_lte" in cond:
        n = cond["round_lte"]
        return lambda board, seat: board.round <= n
    if "clause_bound" in cond:
        clause = cond["clause_bound"]
        return lambda board, seat: clause in board.bound_clauses
    if "outcome" in cond:
        outcome = cond["outcome"]
        return lambda board, seat: board.outcome == outcome
    raise ValueError(f"unknown condition {cond!r}")  # load-time checks make this unreachable


def _comparison(cond: dict[str, Any]) -> Callable[[Any], bool]:
    if "gte" in cond:
        v = cond["gte"]
        return lambda value: value >= v
    if "lte" in cond:
        v = cond["lte"]
        return lambda value: value <= v
    if "eq" in cond:
        v = cond["eq"]
        return lambda value: value == v
    if "ne" in cond:
        v = cond["ne"]
        return lambda value: value != v
    members = frozenset(cond["in"])
    return lambda value: value in members


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
