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
"""
from __future__ import annotations

from typing import Any, Callable, Iterator

from . import conditions

SEAT_TARGETS = ("self", "others", "all")


def apply(
    effects: tuple | list,
    board: Any,
    catalogue: Any,
    seat: str | None,
    roll: Callable[[], float],
) -> list[dict[str, Any]]:
    """Apply `effects` to the mutable `board` on behalf of `seat`; return what changed."""
    changes: list[dict[str, Any]] = []
    for effect in effects:
        _apply_one(effect, board, catalogue, seat, roll, changes)
    return changes


def _apply_one(effect, board, catalogue, seat, roll, changes):
    if "shift" in effect:
        track = catalogue.tracks_by_id[effect["shift"]]
        before = board.tracks[track.id]
        after = max(track.min, min(track.max, before + effect["by"]))
        if after != before:
            board.tracks[track.id] = after
            changes.append({"track": track.id, "before": before, "after": after})
    elif "set" in effect:
        before = board.tracks[effect["set"]]
        if before != effect["to"]:
            board.tracks[effect["set"]] = effect["to"]
            changes.append({"track": effect["set"], "before": before, "after": effect["to"]})
    elif "shift_seat" in effect:
        spec = catalogue.seat_tracks_by_id[effect["shift_seat"]]
        for who in _targets(effect.get("seat", "self"), seat, catalogue):
            before = board.seat_tracks[who][spec.id]
            after = max(spec.min, min(spec.max, before + effect["by"]))
            if after != before:
                board.seat_tracks[who][spec.id] = after
                changes.append({"seat": who, "track": spec.id, "before": before, "after": after})
    elif "chance" in effect:
        branch = effect.get("then", ()) if roll() < effect["chance"] else effect.get("else", ())
        for sub in branch:
            _apply_one(sub, board, catalogue, seat, roll, changes)
    elif "if" in effect:
        branch = effect.get("then", ()) if conditions.holds(effect["if"], board, seat) else effect.get("else", ())
        for sub in branch:
            _apply_one(sub, board, catalogue, seat, roll, changes)
    elif "news" in effect:
        changes.append({"news": effect["news"]})


def _targets(target: str, seat: str | None, catalogue) -> list[str]:
    if target == "self":
        return [seat] if seat else []
    if target == "all":
        return list(catalogue.seat_ids)
    if target == "others":
        return [s for s in catalogue.seat_ids if s != seat]
    return [target]


def problems(effects: Any, where: str, catalogue: Any) -> Iterator[tuple[str, str]]:
    """Yield (location, message) for each mistake in a list of effects written in data."""
    if not isinstance(effects, list):
        yield where, "effects must be a list"
        return
    for i, effect in enumerate(effects):
        yield from _effect_problems(effect, f"{where}[{i}]", catalogue)


def _effect_problems(effect, where, catalogue):
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


def _exact_keys(effect, where, allowed, optional=frozenset()):
    missing = allowed - set(optional) - set(effect)
    extra = set(effect) - allowed
    if missing:
        yield where, f"missing {', '.join(sorted(missing))}"
    if extra:
        yield where, f"unexpected {', '.join(sorted(extra))}"


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
