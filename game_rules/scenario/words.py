"""What bots say (words.yaml, optional): templates a scenario author writes, checked at load.

A bot speaks only from its own plan (game_rules/bots/words.py fills the templates); this module
says which lines exist, which placeholders each may use, and checks an author's file. A line is
a list of alternatives, one drawn by the bot's dice for words. Placeholders:

    {me}         the speaking delegation's name
    {seat}       the delegation it answers
    {clause}     a clause's title          {clauses}  several titles, "A and B"
    {price}      the title of the clause it asks in return for {clause}
    {why}        a reason: one of the why_* lines, filled in
    {objective}  what one of the speaker's own objectives is about, in public names (the tracks
                 it reads, how the crisis ends): its own interest, never the objective's secret text
    {card}       the name of a card the speaker played

A scenario without words.yaml, or a kind of line it leaves out, speaks the generic lines of
default_words.yaml beside this module (the same format).
"""
from __future__ import annotations

import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from marshmallow import Schema, ValidationError, fields, post_load, validate, validates

from ..temperaments import TEMPERAMENTS

MAX_LINE = 400  # a filled line stays well inside a message's MAX_TEXT
DEFAULTS = Path(__file__).resolve().parent / "default_words.yaml"

# Each kind of line, and the placeholders it may use.
KINDS: dict[str, frozenset[str]] = {
    "accept": frozenset({"me", "seat", "clause", "clauses"}),  # a reply: what it would sign now
    "price": frozenset({"me", "seat", "clause", "price"}),  # a reply: a clause it takes only with another
    "refuse": frozenset({"me", "seat", "clause", "why"}),  # a reply: a clause it will not take, and why
    "undecided": frozenset({"me", "seat"}),  # a reply when no clause can be agreed now
    "reject": frozenset({"me", "clause", "why"}),  # the reason it gives when rejecting a proposal
    "amend": frozenset({"me", "clause", "clauses", "why"}),  # ... when amending one (clauses: what it keeps)
    "statement": frozenset({"me"}),  # a public statement when no card of its own has a line
    "why_objective": frozenset({"objective"}),  # the clause would undo one of its objectives
    "why_tension": frozenset(),  # it would raise the tension (for a delegation that fears it)
    "why_leverage": frozenset(),  # it would lower the tension (for one that lives by pressure)
    "why_standing": frozenset(),  # it would cost its support or credibility
    "why_value": frozenset(),  # none of those: it simply gains nothing
}
CARD_PLACEHOLDERS = frozenset({"me", "card"})


def placeholder_problem(line: str, allowed: frozenset[str]) -> str | None:
    """Why `line` is not a valid template using only `allowed` placeholders, or None."""
    try:
        parts = list(string.Formatter().parse(line))
    except ValueError as exc:  # an unmatched brace
        return f"not a valid template ({exc}); write a literal brace as {{{{ or }}}}"
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in allowed:
            shown = "{" + name + "}" if name else "{}"
            allowed_text = ", ".join("{" + a + "}" for a in sorted(allowed)) or "none"
            return f"unknown placeholder {shown}; this line may use {allowed_text}"
        if spec or conversion:
            return f"placeholder {{{name}}} takes no format or conversion"
    return None


Lines = dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class SeatWords:
    aliases: tuple[str, ...] = ()  # other names a message may address the delegation by
    lines: Lines = field(default_factory=dict)  # its own voice, kind by kind, over the temperament's
    cards: Lines = field(default_factory=dict)  # card id -> what it says after playing the card


@dataclass(frozen=True)
class Words:
    temperaments: dict[str, Lines] = field(default_factory=dict)
    seats: dict[str, SeatWords] = field(default_factory=dict)
    clauses: dict[str, tuple[str, ...]] = field(default_factory=dict)  # clause id -> aliases

    def lines(self, seat: str, temperament: str, kind: str) -> tuple[str, ...]:
        """The alternatives for `kind` in `seat`'s voice, else its temperament's (never empty
        once merged with the defaults: see merged)."""
        own = self.seats.get(seat)
        if own is not None and kind in own.lines:
            return own.lines[kind]
        return self.temperaments[temperament][kind]

    def merged(self, defaults: Words) -> Words:
        """These words over the generic `defaults`, kind by kind."""
        temperaments = {t: {**defaults.temperaments.get(t, {}), **self.temperaments.get(t, {})}
                        for t in TEMPERAMENTS}
        return Words(temperaments, self.seats, self.clauses)


def _check_lines(value: dict[str, list[str]], allowed_of: dict[str, frozenset[str]], what: str) -> None:
    problems: dict[str, list[str]] = {}
    for key, lines in value.items():
        if key not in allowed_of:
            problems[key] = [f"unknown {what}; one of {', '.join(sorted(allowed_of))}"]
            continue
        for i, line in enumerate(lines):
            problem = placeholder_problem(line, allowed_of[key])
            if problem:
                problems.setdefault(f"{key}[{i}]", []).append(problem)
    if problems:
        raise ValidationError(problems)


_LINES = fields.Dict(keys=fields.String(), load_default=dict,
                     values=fields.List(fields.String(validate=validate.Length(min=1, max=MAX_LINE)),
                                        validate=validate.Length(min=1)))


class SeatWordsSchema(Schema):
    aliases = fields.List(fields.String(validate=validate.Length(min=2, max=60)), load_default=list)
    lines = _LINES
    cards = fields.Dict(keys=fields.String(), load_default=dict,
                        values=fields.List(fields.String(validate=validate.Length(min=1, max=MAX_LINE)),
                                           validate=validate.Length(min=1)))

    @validates("lines")
    def _lines(self, value: dict[str, list[str]], **kwargs: Any) -> None:
        _check_lines(value, KINDS, "kind of line")

    @validates("cards")
    def _cards(self, value: dict[str, list[str]], **kwargs: Any) -> None:
        _check_lines(value, dict.fromkeys(value, CARD_PLACEHOLDERS), "card")

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> SeatWords:
        return SeatWords(tuple(data["aliases"]), {k: tuple(v) for k, v in data["lines"].items()},
                         {k: tuple(v) for k, v in data["cards"].items()})


class ClauseWordsSchema(Schema):
    aliases = fields.List(fields.String(validate=validate.Length(min=2, max=60)), load_default=list)


class WordsSchema(Schema):
    """words.yaml: what a scenario's bots say."""

    temperaments = fields.Dict(keys=fields.String(), values=_LINES, load_default=dict)
    seats = fields.Dict(keys=fields.String(), values=fields.Nested(SeatWordsSchema), load_default=dict)
    clauses = fields.Dict(keys=fields.String(), values=fields.Nested(ClauseWordsSchema), load_default=dict)

    @validates("temperaments")
    def _temperaments(self, value: dict[str, dict[str, list[str]]], **kwargs: Any) -> None:
        problems: dict[str, Any] = {}
        for name, lines in value.items():
            if name not in TEMPERAMENTS:
                problems[name] = [f"unknown temperament; one of {', '.join(TEMPERAMENTS)}"]
                continue
            try:
                _check_lines(lines, KINDS, "kind of line")
            except ValidationError as exc:
                problems[name] = exc.messages
        if problems:
            raise ValidationError(problems)

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> Words:
        return Words({t: {k: tuple(v) for k, v in lines.items()} for t, lines in data["temperaments"].items()},
                     data["seats"], {c: tuple(w["aliases"]) for c, w in data["clauses"].items()})


def default_words() -> Words:
    """The generic lines every scenario falls back on (checked by the tests to be complete)."""
    words: Words = WordsSchema().load(yaml.safe_load(DEFAULTS.read_text(encoding="utf-8")))
    return words


def reference_problems(words: Words, seat_ids: set[str], cards_of: dict[str, set[str]],
                       clause_ids: set[str]) -> list[tuple[str, str]]:
    """(location, message) for every seat, card or clause the words name that the scenario lacks."""
    problems = []
    for seat, own in words.seats.items():
        if seat not in seat_ids:
            problems.append((f"seats.{seat}", f"unknown seat {seat!r}"))
            continue
        for card in own.cards:
            if card not in cards_of.get(seat, set()):
                problems.append((f"seats.{seat}.cards.{card}", f"{seat} has no card {card!r}"))
    for clause in words.clauses:
        if clause not in clause_ids:
            problems.append((f"clauses.{clause}", f"unknown clause {clause!r}"))
    return problems
