"""The teacher's guide beside a scenario (guide.yaml, optional): what a teacher reads before
class, the timing plans that session presets are made from, and what the debrief draws on (the
real timeline, what came next, the discussion questions).

A guide is text for people, so it is kept as the plain data the schema loaded, apart from its
timing plans, which the server acts on and which are frozen values.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from ..conditions import OUTCOMES

ID = validate.Regexp(r"^[a-z][a-z0-9_-]*$", error="ids are lower case letters, digits, - and _")
TEXT = validate.Length(min=1)
# A day, a month or a year, or a span of two: "2021-09-30", "2016", "2021-09-23/2021-09-27".
DATE = validate.Regexp(r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$",
                       error="a date is YYYY, YYYY-MM or YYYY-MM-DD, or two of them joined by /")
# Key moments of a table's game that the debrief recognises in its log (see debrief.js).
MOMENTS = ("first_escalation", "agreement", "clash", "inject", "rejected")
PHASE_SECONDS = validate.Range(min=10, max=14 * 24 * 3600)


def _text(**kw: Any) -> fields.String:
    return fields.String(required=True, validate=TEXT, **kw)


def _texts(**kw: Any) -> fields.List[Any]:
    return fields.List(fields.String(validate=TEXT), **kw)


@dataclass(frozen=True)
class TimingPlan:
    """A session preset: how many rounds and how long each phase, with the agenda to follow."""

    id: str
    name: str
    rounds: int
    timers: dict[str, int]
    deadline: str
    agenda: tuple[dict[str, Any], ...]
    minutes: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Guide:
    data: dict[str, Any] = field(repr=False)
    timing: tuple[TimingPlan, ...] = ()

    @property
    def timing_by_id(self) -> dict[str, TimingPlan]:
        return {plan.id: plan for plan in self.timing}


class NamedRole(Schema):
    name = _text()
    role = _text()
    side = fields.String(load_default="")


class Term(Schema):
    term = _text()
    meaning = _text()


class MapSchema(Schema):
    file = fields.String(required=True,
                         validate=validate.Regexp(r"^[a-z0-9_-]+\.svg$", error="an .svg file beside guide.yaml"))
    caption = _text()
    alt = _text()


class Dated(Schema):
    date = fields.String(required=True, validate=DATE)
    text = _text()


class Reading(Schema):
    title = _text()
    by = _text()
    date = fields.String(load_default="", validate=validate.Regexp(r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"))
    note = fields.String(load_default="")


class Discussion(Schema):
    """Questions by the outcome a table reached (`any`: every table) and by key moment."""

    any = _texts(required=True, validate=validate.Length(min=1))
    moments = fields.Dict(keys=fields.String(validate=validate.OneOf(MOMENTS)), values=_texts(), load_default=dict)

    class Meta:
        unknown = "include"  # outcomes, checked below against the engine's own list

    @validates_schema
    def _outcomes(self, data: dict[str, Any], **kwargs: Any) -> None:
        for key, value in data.items():
            if key in ("any", "moments"):
                continue
            if key not in OUTCOMES:
                raise ValidationError(f"{key!r} is not an outcome; outcomes are {', '.join(OUTCOMES)}", key)
            if not isinstance(value, list) or not value or not all(isinstance(q, str) and q for q in value):
                raise ValidationError("a list of questions", key)


class Criterion(Schema):
    name = _text()
    descriptors = _texts(required=True)


class Rubric(Schema):
    levels = _texts(required=True, validate=validate.Length(min=2))
    criteria = fields.List(fields.Nested(Criterion), required=True, validate=validate.Length(min=1))

    @validates_schema
    def _one_descriptor_per_level(self, data: dict[str, Any], **kwargs: Any) -> None:
        for i, criterion in enumerate(data["criteria"]):
            if len(criterion["descriptors"]) != len(data["levels"]):
                raise ValidationError(f"{len(data['levels'])} descriptors, one per level", f"criteria[{i}]")


class AgendaItem(Schema):
    minutes = fields.Integer(load_default=None, validate=validate.Range(min=1))
    what = _text()


class Timers(Schema):
    orders = fields.Integer(required=True, validate=PHASE_SECONDS)
    talks = fields.Integer(required=True, validate=PHASE_SECONDS)


class TimingSchema(Schema):
    id = fields.String(required=True, validate=ID)
    name = _text()
    minutes = fields.Integer(load_default=None, validate=validate.Range(min=10))
    rounds = fields.Integer(required=True, validate=validate.Range(min=1, max=50))
    timers = fields.Nested(Timers, required=True)
    deadline = fields.String(load_default="nothing", validate=validate.OneOf(("nothing", "bot")))
    note = fields.String(load_default="")
    agenda = fields.List(fields.Nested(AgendaItem), required=True, validate=validate.Length(min=1))

    @validates_schema
    def _adds_up(self, data: dict[str, Any], **kwargs: Any) -> None:
        """A class plan's agenda fills its minutes, and its rounds fit the time given to play."""
        if data["minutes"] is None:
            return
        spent = [item["minutes"] for item in data["agenda"]]
        if None in spent or sum(spent) != data["minutes"]:
            raise ValidationError(f"the agenda's minutes must add up to {data['minutes']}", "agenda")
        playing = data["rounds"] * (data["timers"]["orders"] + data["timers"]["talks"]) / 60
        if playing > data["minutes"]:
            raise ValidationError(f"{data['rounds']} rounds of these timers take {playing:g} minutes, "
                                  f"more than the {data['minutes']} of the session", "timers")

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> TimingPlan:
        return TimingPlan(id=data["id"], name=data["name"], rounds=data["rounds"], timers=dict(data["timers"]),
                          deadline=data["deadline"], agenda=tuple(data["agenda"]), minutes=data["minutes"],
                          note=data["note"])


class GuideSchema(Schema):
    """guide.yaml: the teacher's guide. Only title, overview, source_note, objectives and timing
    are required, so a small scenario can have a short guide."""

    title = _text()
    audience = fields.String(load_default="")
    overview = _text()
    source_note = _text()
    simplifications = _texts(load_default=list)
    objectives = _texts(required=True, validate=validate.Length(min=1))
    people = fields.List(fields.Nested(NamedRole), load_default=list)
    institutions = fields.List(fields.Nested(NamedRole), load_default=list)
    glossary = fields.List(fields.Nested(Term), load_default=list)
    map = fields.Nested(MapSchema, load_default=None, allow_none=True)
    timeline = fields.List(fields.Nested(Dated), load_default=list)
    aftermath = fields.List(fields.Nested(Dated), load_default=list)
    readings = fields.List(fields.Nested(Reading), load_default=list)
    discussion = fields.Nested(Discussion, load_default=None, allow_none=True)
    rubric = fields.Nested(Rubric, load_default=None, allow_none=True)
    timing = fields.List(fields.Nested(TimingSchema), required=True, validate=validate.Length(min=1))

    @validates_schema
    def _in_order(self, data: dict[str, Any], **kwargs: Any) -> None:
        for part in ("timeline", "aftermath"):
            dates = [item["date"] for item in data.get(part, [])]
            if dates != sorted(dates):
                raise ValidationError("entries must be in date order", part)
        ids = [plan.id if isinstance(plan, TimingPlan) else plan["id"] for plan in data.get("timing", [])]
        if len(ids) != len(set(ids)):
            raise ValidationError("timing plan ids must differ", "timing")

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> Guide:
        timing = tuple(data["timing"])
        data["timing"] = [{**plan.__dict__, "agenda": list(plan.agenda)} for plan in timing]
        return Guide(data=data, timing=timing)


_UNSAFE = re.compile(r"^on|href$", re.I)


def map_problems(path: Path) -> list[str]:
    """What is wrong with the guide's map: it must be an SVG drawing that needs nothing from
    elsewhere (no script, no event handler, no link to another address)."""
    if not path.exists():
        return ["file is missing"]
    try:
        root = ElementTree.fromstring(path.read_text(encoding="utf-8"))
    except ElementTree.ParseError as exc:
        return [f"not well-formed XML: {exc}"]
    if root.tag != "{http://www.w3.org/2000/svg}svg":
        return ["the root element must be <svg> in the SVG namespace"]
    problems = []
    for el in root.iter():
        name = el.tag.rsplit("}", 1)[-1]
        if name in ("script", "foreignObject", "image", "use"):
            problems.append(f"<{name}> is not allowed: the map must be a drawing that loads nothing")
        for attr in el.attrib:
            if _UNSAFE.search(attr.rsplit("}", 1)[-1]):
                problems.append(f"attribute {attr!r} on <{name}> is not allowed")
    if not any(el.tag.endswith("}title") for el in root):
        problems.append("the map needs a <title> (what a screen reader says)")
    return problems
