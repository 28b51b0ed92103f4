"""The condition vocabulary: when a card may be played, an event drawn, an objective met.

A condition is data, one of:

    {track: ID, gte|lte|eq|ne: VALUE}    a shared track (number or status)
    {track: ID, in: [VALUE, ...]}
    {seat_track: ID, seat: SEAT, gte|lte|eq|ne|in: ...}   SEAT is "self" or a seat id
    {round_gte: N} / {round_lte: N}
    {clause_bound: CLAUSE}               a clause is part of a binding agreement
    {outcome: agreement|armed_clash|de_escalated|deadlock}
    {all: [COND, ...]} / {any: [COND, ...]} / {not: COND}

It is evaluated against a *board*: anything with `tracks`, `seat_tracks`,
`round`, `bound_clauses` and `outcome` — the game state, or a bot's guess at it.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

Test = Callable[[Any, str | None], bool]  # a compiled condition: (board, seat) -> holds

COMPARATORS = ("gte", "lte", "eq", "ne", "in")
# de_escalated: the rounds ran out without an agreement, on a calm the scenario defines (its `calm`).
OUTCOMES = ("agreement", "armed_clash", "de_escalated", "deadlock")


def holds(cond: dict[str, Any] | None, board: Any, seat: str | None = None) -> bool:
    """Whether `cond` is true on `board`, read from the point of view of `seat`."""
    if cond is None:
        return True
    return compiled(cond)(board, seat)


# Conditions are read thousands of times a game (bots weigh every card against them), so each is
# turned into a closure once: measured on 60 bot games of plates-2021 (a shared machine), 9.2-11.8
# ms a game with it, 12.4-13.7 ms compiling at every read. An id is the key (conditions are dicts,
# not hashable); the condition is kept beside its closure so that its id cannot be reused. Both
# built-in scenarios hold 91 conditions; a process that loads scenarios over and over (an author
# validating drafts) starts afresh past CACHE_BOUND instead of holding every draft for ever.
CACHE_BOUND = 4096
_cache: dict[int, tuple[dict[str, Any], Test]] = {}


def compiled(cond: dict[str, Any]) -> Test:
    """`cond` as a function of (board, seat), for callers that test one condition many times."""
    hit = _cache.get(id(cond))
    if hit is not None and hit[0] is cond:
        return hit[1]
    fn = _compile(cond)
    if len(_cache) >= CACHE_BOUND:
        _cache.clear()
    _cache[id(cond)] = (cond, fn)
    return fn


# What a condition reads, asked at every change a bot pictures; kept as _cache is, and bounded alike.
_reads_cache: dict[int, tuple[dict[str, Any], frozenset[str]]] = {}


def reads(cond: dict[str, Any]) -> frozenset[str]:
    """The parts of a board `cond` looks at: "tracks:ID", "seat_tracks:ID" (of any seat), "round",
    "bound_clauses", "outcome". A change to none of them cannot change whether `cond` holds."""
    hit = _reads_cache.get(id(cond))
    if hit is not None and hit[0] is cond:
        return hit[1]
    found = frozenset(_reads(cond))
    if len(_reads_cache) >= CACHE_BOUND:
        _reads_cache.clear()
    _reads_cache[id(cond)] = (cond, found)
    return found


def _reads(cond: dict[str, Any]) -> Iterator[str]:
    for key in ("all", "any"):
        for part in cond.get(key, ()):
            yield from _reads(part)
    if "not" in cond:
        yield from _reads(cond["not"])
    if "track" in cond:
        yield f"tracks:{cond['track']}"
    if "seat_track" in cond:
        yield f"seat_tracks:{cond['seat_track']}"
    if "round_gte" in cond or "round_lte" in cond:
        yield "round"
    if "clause_bound" in cond:
        yield "bound_clauses"
    if "outcome" in cond:
        yield "outcome"


def _compile(cond: dict[str, Any]) -> Test:
    if "all" in cond:
        return _all_of([_compile(c) for c in cond["all"]])
    if "any" in cond:
        return _any_of([_compile(c) for c in cond["any"]])
    if "not" in cond:
        inner = _compile(cond["not"])
        return lambda board, seat: not inner(board, seat)
    if "track" in cond:
        return _track_test(cond["track"], cond)
    if "seat_track" in cond:
        return _seat_track_test(cond["seat_track"], cond.get("seat", "self"), cond)
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


# The closures below are spelt out per comparison, not composed from smaller ones: bots test
# conditions hundreds of thousands of times a tournament, and each call saved is felt.

def _all_of(parts: list[Test]) -> Test:
    if len(parts) == 2:
        first, second = parts
        return lambda board, seat: first(board, seat) and second(board, seat)

    def all_of(board: Any, seat: str | None) -> bool:
        for part in parts:
            if not part(board, seat):
                return False
        return True
    return all_of


def _any_of(parts: list[Test]) -> Test:
    if len(parts) == 2:
        first, second = parts
        return lambda board, seat: first(board, seat) or second(board, seat)

    def any_of(board: Any, seat: str | None) -> bool:
        for part in parts:
            if part(board, seat):
                return True
        return False
    return any_of


def _track_test(track: str, cond: dict[str, Any]) -> Test:
    if "gte" in cond:
        v = cond["gte"]
        return lambda board, seat: board.tracks[track] >= v
    if "lte" in cond:
        v = cond["lte"]
        return lambda board, seat: board.tracks[track] <= v
    if "eq" in cond:
        v = cond["eq"]
        return lambda board, seat: board.tracks[track] == v
    if "ne" in cond:
        v = cond["ne"]
        return lambda board, seat: board.tracks[track] != v
    members = frozenset(cond["in"])
    return lambda board, seat: board.tracks[track] in members


def _seat_track_test(track: str, who: str, cond: dict[str, Any]) -> Test:
    if who != "self":
        test = _comparison(cond)
        return lambda board, seat: test(board.seat_tracks[who][track])
    if "gte" in cond:
        v = cond["gte"]
        return lambda board, seat: board.seat_tracks[seat][track] >= v
    if "lte" in cond:
        v = cond["lte"]
        return lambda board, seat: board.seat_tracks[seat][track] <= v
    test = _comparison(cond)
    return lambda board, seat: test(board.seat_tracks[seat][track])


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


def _comparison_problems(cond: dict[str, Any], where: str, subject_keys: set[str],
                         allowed_values: Sequence[Any] | None) -> Iterator[tuple[str, str]]:
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
