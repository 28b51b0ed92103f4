"""The effect vocabulary: the only ways a card, an event or a clause changes the crisis.

An effect is data, one of:

    {shift: TRACK, by: N}                      move a number track, clamped to its range
    {set: TRACK, to: VALUE}                    put a status track in one of its values
    {shift_seat: SEAT_TRACK, by: N, seat: S}   S is self, others, all or a seat id
    {chance: P, then: [EFFECT...], else: [EFFECT...]}   drawn from the game's dice
    {if: CONDITION, then: [EFFECT...], else: [EFFECT...]}
    {news: TEXT}                               a line for the round log

Applying effects returns change records {track, seat?, before, after} so the
log can say what each card changed.

Compiled (see `compiled`), they record each change as a plain tuple (seat, track,
before, after): seat is None for a shared track, and track None for a news line
(whose text is in `after`). Bots, which apply effects to pictured boards and take
them back thousands of times a game, use those records directly.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from . import conditions

SEAT_TARGETS = ("self", "others", "all")
Change = tuple[str | None, str | None, Any, Any]  # (seat, track, before, after): see the module's docstring
Roll = Callable[[], float]
Run = Callable[[Any, str | None, Roll, list[Change]], None]
Effects = Sequence[dict[str, Any]]  # a list of effects as loaded (a list or a tuple)
Problems = Iterator[tuple[str, str]]


def apply(
    effects: Effects,
    board: Any,
    catalogue: Any,
    seat: str | None,
    roll: Callable[[], float],
) -> list[dict[str, Any]]:
    """Apply `effects` to the mutable `board` on behalf of `seat`; return what changed."""
    changes: list[Change] = []
    compiled(effects, catalogue)(board, seat, roll, changes)
    return [{"news": after} if track is None
            else {"track": track, "before": before, "after": after} if who is None
            else {"seat": who, "track": track, "before": before, "after": after}
            for who, track, before, after in changes]


# Bots apply card and clause effects to pictured boards thousands of times a game, so each list
# of effects is turned into one closure the first time it is applied: measured on 60 bot games of
# plates-2021 (a shared machine), 9.2-11.8 ms a game with it, 10.9-11.9 ms compiling at every
# application. Ids are the keys (lists are not hashable); the list and catalogue are kept beside
# the closure so that their ids cannot be reused. Both built-in scenarios hold 123 effect lists;
# past CACHE_BOUND (scenarios loaded over and over) it starts afresh rather than grow for ever.
CACHE_BOUND = 4096
_cache: dict[tuple[int, int], tuple[Any, Any, Run]] = {}


def compiled(effects: Effects, catalogue: Any) -> Run:
    """`effects` as a function of (board, seat, roll, changes) that applies them and appends the changes."""
    key = (id(effects), id(catalogue))
    hit = _cache.get(key)
    if hit is not None and hit[0] is effects and hit[1] is catalogue:
        return hit[2]
    run = _compile_list(effects, catalogue)
    if len(_cache) >= CACHE_BOUND:
        _cache.clear()
    _cache[key] = (effects, catalogue, run)
    return run


def writes(effects: Effects) -> frozenset[str]:
    """The parts of a board `effects` may change, in the terms of `conditions.reads`."""
    return frozenset(_writes(effects))


def _writes(effects: Effects) -> Iterator[str]:
    for effect in effects:
        if "shift" in effect:
            yield f"tracks:{effect['shift']}"
        elif "set" in effect:
            yield f"tracks:{effect['set']}"
        elif "shift_seat" in effect:
            yield f"seat_tracks:{effect['shift_seat']}"
        else:
            yield from _writes(effect.get("then", ()))
            yield from _writes(effect.get("else", ()))


def _compile_list(effects: Effects, catalogue: Any) -> Run:
    steps = [_compile(effect, catalogue) for effect in effects]
    if len(steps) == 1:
        return steps[0]
    if len(steps) == 2:  # most lists are short: calling each step outright spares a loop
        first, second = steps

        def run_two(board: Any, seat: str | None, roll: Roll, changes: list[Change]) -> None:
            first(board, seat, roll, changes)
            second(board, seat, roll, changes)
        return run_two

    def run(board: Any, seat: str | None, roll: Roll, changes: list[Change]) -> None:
        for step in steps:
            step(board, seat, roll, changes)
    return run


def _compile(effect: dict[str, Any], catalogue: Any) -> Run:
    if "shift" in effect:
        return _shift(catalogue.tracks_by_id[effect["shift"]], effect["by"])
    if "set" in effect:
        return _set(effect["set"], effect["to"])
    if "shift_seat" in effect:
        return _shift_seat(catalogue.seat_tracks_by_id[effect["shift_seat"]], effect["by"],
                           effect.get("seat", "self"), catalogue.seat_ids)
    if "chance" in effect:
        chance = effect["chance"]
        then = _compile_list(effect.get("then", ()), catalogue)
        otherwise = _compile_list(effect.get("else", ()), catalogue)

        if not effect.get("else"):
            def run_then(board: Any, seat: str | None, roll: Roll, changes: list[Change]) -> None:
                if roll() < chance:
                    then(board, seat, roll, changes)
            return run_then

        def run(board: Any, seat: str | None, roll: Roll, changes: list[Change]) -> None:
            (then if roll() < chance else otherwise)(board, seat, roll, changes)
        return run
    if "if" in effect:
        holds = conditions.compiled(effect["if"])
        then = _compile_list(effect.get("then", ()), catalogue)
        otherwise = _compile_list(effect.get("else", ()), catalogue)

        if not effect.get("else"):
            def run_then(board: Any, seat: str | None, roll: Roll, changes: list[Change]) -> None:
                if holds(board, seat):
                    then(board, seat, roll, changes)
            return run_then

        def run(board: Any, seat: str | None, roll: Roll, changes: list[Change]) -> None:
            (then if holds(board, seat) else otherwise)(board, seat, roll, changes)
        return run
    if "news" in effect:
        news = effect["news"]
        return lambda board, seat, roll, changes: changes.append((None, None, None, news))
    raise ValueError(f"unknown effect {effect!r}")  # load-time checks make this unreachable


def _shift(track: Any, by: int) -> Run:
    tid, low, high = track.id, track.min, track.max

    def run(board: Any, seat: str | None, roll: Roll, changes: list[Change]) -> None:
        tracks = board.tracks
        before = tracks[tid]
        after = before + by
        after = high if after > high else low if after < low else after  # clamped: the loader checks low <= high
        if after != before:
            tracks[tid] = after
            changes.append((None, tid, before, after))
    return run


def _set(tid: str, value: str) -> Run:
    def run(board: Any, seat: str | None, roll: Roll, changes: list[Change]) -> None:
        tracks = board.tracks
        before = tracks[tid]
        if before != value:
            tracks[tid] = value
            changes.append((None, tid, before, value))
    return run


def _shift_seat(spec: Any, by: int, target: str, seat_ids: Sequence[str]) -> Run:
    tid, low, high = spec.id, spec.min, spec.max
    # The seats it moves, worked out once for each seat that may act (None: an event or agreement).
    whom_of = {seat: _whom(target, seat, seat_ids) for seat in (*seat_ids, None)}

    def run(board: Any, seat: str | None, roll: Roll, changes: list[Change]) -> None:
        whom = whom_of.get(seat)
        if whom is None:
            whom = _whom(target, seat, seat_ids)
        for who in whom:
            own = board.seat_tracks[who]
            before = own[tid]
            after = before + by
            after = high if after > high else low if after < low else after
            if after != before:
                own[tid] = after
                changes.append((who, tid, before, after))
    return run


def _whom(target: str, seat: str | None, seat_ids: Sequence[str]) -> tuple[str, ...]:
    if target == "self":
        return (seat,) if seat else ()
    if target == "others":
        return tuple(s for s in seat_ids if s != seat)
    return tuple(seat_ids) if target == "all" else (target,)


def problems(effects: Any, where: str, catalogue: Any) -> Problems:
    """Yield (location, message) for each mistake in a list of effects written in data."""
    if not isinstance(effects, list):
        yield where, "effects must be a list"
        return
    for i, effect in enumerate(effects):
        yield from _effect_problems(effect, f"{where}[{i}]", catalogue)


def _effect_problems(effect: Any, where: str, catalogue: Any) -> Problems:
    if not isinstance(effect, dict):
        yield where, "an effect must be a mapping"
        return
    if "shift" in effect:
        track = catalogue.tracks_by_id.get(effect["shift"])
        if track is None:
            yield where, f"unknown track {effect['shift']!r}"
        elif track.values:
            yield where, f"track {track.id!r} is a status track: use 'set'"
        yield from _exact_keys(effect, where, {"shift", "by"})
        if not _is_int(effect.get("by")):
            yield where, "'by' must be a whole number"
    elif "set" in effect:
        track = catalogue.tracks_by_id.get(effect["set"])
        if track is None:
            yield where, f"unknown track {effect['set']!r}"
        elif not track.values:
            yield where, f"track {track.id!r} is a number track: use 'shift'"
        elif effect.get("to") not in track.values:
            yield where, f"{effect.get('to')!r} is not a value of {track.id} ({', '.join(track.values)})"
        yield from _exact_keys(effect, where, {"set", "to"})
    elif "shift_seat" in effect:
        if effect["shift_seat"] not in catalogue.seat_tracks_by_id:
            yield where, f"unknown seat track {effect['shift_seat']!r}"
        target = effect.get("seat", "self")
        if target not in SEAT_TARGETS and target not in catalogue.seats_by_id:
            yield where, f"seat must be self, others, all or a seat id, not {target!r}"
        if not _is_int(effect.get("by")):
            yield where, "'by' must be a whole number"
        yield from _exact_keys(effect, where, {"shift_seat", "by", "seat"}, {"seat"})
    elif "chance" in effect:
        p = effect["chance"]
        if not isinstance(p, (int, float)) or isinstance(p, bool) or not 0 < p < 1:
            yield where, "'chance' must be a probability strictly between 0 and 1"
        yield from _exact_keys(effect, where, {"chance", "then", "else"}, {"else", "then"})
        for branch in ("then", "else"):
            if branch in effect:
                yield from problems(effect[branch], f"{where}.{branch}", catalogue)
    elif "if" in effect:
        yield from conditions.problems(effect["if"], f"{where}.if", catalogue)
        yield from _exact_keys(effect, where, {"if", "then", "else"}, {"else"})
        for branch in ("then", "else"):
            if branch in effect:
                yield from problems(effect[branch], f"{where}.{branch}", catalogue)
    elif "news" in effect:
        if not isinstance(effect["news"], str) or not effect["news"].strip():
            yield where, "'news' takes a line of text"
        yield from _exact_keys(effect, where, {"news"})
    else:
        yield where, f"unknown effect with keys {sorted(effect)}"


def _exact_keys(effect: dict[str, Any], where: str, allowed: set[str],
                optional: set[str] | frozenset[str] = frozenset()) -> Problems:
    missing = allowed - set(optional) - set(effect)
    extra = set(effect) - allowed
    if missing:
        yield where, f"missing {', '.join(sorted(missing))}"
    if extra:
        yield where, f"unexpected {', '.join(sorted(extra))}"


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
