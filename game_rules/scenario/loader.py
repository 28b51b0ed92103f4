"""Read a scenario folder, validate all of it, and build a Scenario — or report every problem.

Nothing is returned until every file has passed, so a broken scenario never loads half-way.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from marshmallow import ValidationError

from .. import conditions, effects
from ..errors import ScenarioError
from ..temperaments import TEMPERAMENTS
from . import model
from .guide import Guide, GuideSchema, map_problems
from .schema import FILES
from .words import Words, WordsSchema, default_words, reference_problems

BUILTIN = Path(__file__).resolve().parent.parent / "scenarios"


def builtin_ids() -> list[str]:
    return sorted(p.name for p in BUILTIN.iterdir() if (p / "scenario.yaml").exists())


def load_scenario(name_or_path: str | Path) -> model.Scenario:
    """Load a built-in scenario by id (``lighthouse``) or any scenario folder by path."""
    folder = Path(name_or_path)
    if not folder.is_dir():
        folder = BUILTIN / str(name_or_path)
    if not folder.is_dir():
        raise ScenarioError([(str(name_or_path), "", "no such scenario folder or built-in scenario")])
    return _load_folder(folder)


def _load_folder(folder: Path) -> model.Scenario:
    problems: list[tuple[str, str, str]] = []
    parts: dict[str, dict[str, Any]] = {}
    for filename, schema in FILES.items():
        path = folder / filename
        if not path.exists():
            problems.append((filename, "", "file is missing"))
            continue
        raw = _read_yaml(path, problems)
        if raw is None:
            continue
        try:
            parts[filename] = schema().load(raw)
        except ValidationError as exc:
            problems.extend((filename, loc, msg) for loc, msg in _flatten(exc.messages))
    guide = _load_guide(folder, problems)
    words = _load_words(folder, problems)
    if problems:
        raise ScenarioError(problems)

    head = parts["scenario.yaml"]
    scenario = model.Scenario(
        **head,
        seats=tuple(parts["seats.yaml"]["seats"]),
        cards=tuple(parts["cards.yaml"]["cards"]),
        events=tuple(parts["events.yaml"]["events"]),
        clauses=tuple(parts["clauses.yaml"]["clauses"]),
        guide=guide,
        words=words.merged(default_words()),
    )
    problems = list(cross_check(scenario))
    if problems:
        raise ScenarioError(problems)
    return scenario


def _read_yaml(path: Path, problems: list[tuple[str, str, str]]) -> dict[str, Any] | None:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problems.append((path.name, where, f"not valid YAML: {getattr(exc, 'problem', exc)}"))
        return None
    if not isinstance(raw, dict):
        problems.append((path.name, "", "the file must hold a mapping"))
        return None
    return raw


def _load_guide(folder: Path, problems: list[tuple[str, str, str]]) -> Guide | None:
    """guide.yaml is optional; when it is there it must be whole, and so must its map."""
    path = folder / "guide.yaml"
    if not path.exists():
        return None
    raw = _read_yaml(path, problems)
    if raw is None:
        return None
    try:
        guide: Guide = GuideSchema().load(raw)
    except ValidationError as exc:
        problems.extend(("guide.yaml", loc, msg) for loc, msg in _flatten(exc.messages))
        return None
    drawing = guide.data.get("map")
    if drawing:
        problems.extend((drawing["file"], "", msg) for msg in map_problems(folder / drawing["file"]))
    return guide


def _load_words(folder: Path, problems: list[tuple[str, str, str]]) -> Words:
    """words.yaml is optional: without it the bots speak the generic lines of every temperament."""
    path = folder / "words.yaml"
    if not path.exists():
        return Words()
    raw = _read_yaml(path, problems)
    if raw is None:
        return Words()
    try:
        words: Words = WordsSchema().load(raw)
    except ValidationError as exc:
        # A mapping's entries report as KEY.value.…: the author wrote KEY.…
        problems.extend(("words.yaml", re.sub(r"\.value(?=\.|\[|$)", "", loc), msg)
                        for loc, msg in _flatten(exc.messages))
        return Words()
    return words


def _flatten(messages: Any, prefix: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(messages, dict):
        for key, value in messages.items():
            if isinstance(key, int):
                loc = f"{prefix}[{key}]"
            elif key == "_schema":
                loc = prefix
            else:
                loc = f"{prefix}.{key}" if prefix else str(key)
            yield from _flatten(value, loc)
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        for m in messages:
            yield prefix, m
    else:
        for m in messages:
            yield from _flatten(m, prefix)


def cross_check(s: model.Scenario) -> Iterator[tuple[str, str, str]]:
    """Yield (file, location, message) for every reference or vocabulary mistake."""
    for filename, label, items in (
        ("scenario.yaml", "tracks", s.tracks),
        ("scenario.yaml", "seat_tracks", s.seat_tracks),
        ("seats.yaml", "seats", s.seats),
        ("cards.yaml", "cards", s.cards),
        ("events.yaml", "events", s.events),
        ("clauses.yaml", "clauses", s.clauses),
    ):
        for dup, n in Counter(i.id for i in items).items():
            if n > 1:
                yield filename, label, f"id {dup!r} is used {n} times"
    clash = s.tracks_by_id.get(s.clash_track)
    if clash is None or clash.values:
        yield "scenario.yaml", "clash_track", f"{s.clash_track!r} must name a number track"
    if s.calm is not None:
        yield from (("scenario.yaml", loc, msg) for loc, msg in conditions.problems(s.calm, "calm", s))
    yield from (("scenario.yaml", loc, msg) for loc, msg in effects.problems(list(s.upkeep), "upkeep", s))
    if s.historical:
        for i, cid in enumerate(s.historical.clauses):
            if cid not in s.clauses_by_id:
                yield "scenario.yaml", f"historical.clauses[{i}]", f"unknown clause {cid!r}"
        for i, move in enumerate(s.historical.moves):
            card = s.cards_by_id.get(move["card"])
            if card is None or move["seat"] not in card.seats:
                yield "scenario.yaml", f"historical.moves[{i}]", f"{move['seat']} has no card {move['card']!r}"

    for i, seat in enumerate(s.seats):
        at = f"seats[{i}]"
        if seat.default_temperament not in TEMPERAMENTS:
            yield "seats.yaml", f"{at}.default_temperament", f"unknown temperament; one of {', '.join(TEMPERAMENTS)}"
        for key in seat.start:
            if key not in s.seat_tracks_by_id:
                yield "seats.yaml", f"{at}.start", f"unknown seat track {key!r}"
        for j, obj in enumerate(seat.objectives):
            for loc, msg in conditions.problems(obj.condition, f"{at}.objectives[{j}].condition", s):
                yield "seats.yaml", loc, msg

    for i, card in enumerate(s.cards):
        at = f"cards[{i}]"
        for who in card.seats:
            if who not in s.seats_by_id:
                yield "cards.yaml", f"{at}.seats", f"unknown seat {who!r}"
        if card.step not in s.steps:
            yield "cards.yaml", f"{at}.step", f"unknown step {card.step!r}; steps are {', '.join(s.steps)}"
        for key in card.cost:
            if key not in s.seat_tracks_by_id:
                yield "cards.yaml", f"{at}.cost", f"unknown seat track {key!r}"
        if card.requires is not None:
            for loc, msg in conditions.problems(card.requires, f"{at}.requires", s):
                yield "cards.yaml", loc, msg
        for loc, msg in effects.problems(list(card.effects), f"{at}.effects", s):
            yield "cards.yaml", loc, msg

    for i, event in enumerate(s.events):
        at = f"events[{i}]"
        if event.requires is not None:
            for loc, msg in conditions.problems(event.requires, f"{at}.requires", s):
                yield "events.yaml", loc, msg
        for loc, msg in effects.problems(list(event.effects), f"{at}.effects", s):
            yield "events.yaml", loc, msg

    for i, clause in enumerate(s.clauses):
        at = f"clauses[{i}]"
        for who in clause.parties:
            if who not in s.seats_by_id:
                yield "clauses.yaml", f"{at}.parties", f"unknown seat {who!r}"
        if clause.requires is not None:
            for loc, msg in conditions.problems(clause.requires, f"{at}.requires", s):
                yield "clauses.yaml", loc, msg
        for loc, msg in effects.problems(list(clause.effects), f"{at}.effects", s):
            yield "clauses.yaml", loc, msg
    cards_of = {seat.id: {c.id for c in s.cards_by_seat[seat.id]} for seat in s.seats}
    for loc, msg in reference_problems(s.words, set(s.seats_by_id), cards_of, set(s.clauses_by_id)):
        yield "words.yaml", loc, msg
    if not any(c.settles for c in s.clauses):
        yield "clauses.yaml", "clauses", "no clause settles the crisis, so no agreement can end the game"
