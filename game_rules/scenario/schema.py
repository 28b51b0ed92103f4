"""Marshmallow schemas for the files of a scenario folder.

They check shape and types; `loader` then checks every cross-reference
(seat, track, card and clause ids; effect and condition vocabulary).
"""
from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from . import model

ID = validate.Regexp(r"^[a-z][a-z0-9_-]*$", error="ids are lower case letters, digits, - and _")
TEXT = validate.Length(min=1)


def _id(**kw: Any) -> fields.String:
    return fields.String(required=True, validate=ID, **kw)


def _text(**kw: Any) -> fields.String:
    return fields.String(required=True, validate=TEXT, **kw)


class TrackSchema(Schema):
    id = _id()
    name = _text()
    group = _text()
    start = fields.Raw(required=True)
    min = fields.Integer(load_default=0)
    max = fields.Integer(load_default=0)
    values = fields.List(fields.String(validate=ID), load_default=list)
    labels = fields.Dict(keys=fields.String(), values=fields.String(), load_default=dict)
    description = fields.String(load_default="")

    @validates_schema
    def _range(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data["values"]:
            if data["start"] not in data["values"]:
                raise ValidationError("start must be one of values", "start")
        else:
            if not isinstance(data["start"], int) or isinstance(data["start"], bool):
                raise ValidationError("a number track starts at a whole number", "start")
            if not data["min"] <= data["start"] <= data["max"]:
                raise ValidationError("need min <= start <= max", "start")

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> model.Track:
        data["values"] = tuple(data["values"])
        return model.Track(**data)


class SeatTrackSchema(Schema):
    id = _id()
    name = _text()
    min = fields.Integer(required=True)
    max = fields.Integer(required=True)
    start = fields.Integer(required=True)
    income = fields.Integer(load_default=0)
    public = fields.Boolean(load_default=True)
    score_weight = fields.Float(load_default=0.0)

    @validates_schema
    def _range(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not data["min"] <= data["start"] <= data["max"]:
            raise ValidationError("need min <= start <= max", "start")

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> model.SeatTrack:
        return model.SeatTrack(**data)


class ObjectiveSchema(Schema):
    id = _id()
    text = _text()
    points = fields.Integer(required=True, validate=validate.Range(min=1))
    condition = fields.Dict(required=True)

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> model.Objective:
        return model.Objective(**data)


class SeatSchema(Schema):
    id = _id()
    name = _text()
    profile = _text()
    briefing = _text()
    objectives = fields.List(fields.Nested(ObjectiveSchema), required=True, validate=validate.Length(min=1))
    default_temperament = _text()
    start = fields.Dict(keys=fields.String(), values=fields.Integer(), load_default=dict)

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> model.Seat:
        data["objectives"] = tuple(data["objectives"])
        return model.Seat(**data)


class CardSchema(Schema):
    id = _id()
    name = _text()
    seats = fields.List(fields.String(validate=ID), required=True, validate=validate.Length(min=1))
    step = _id()
    flavour = _text()
    source = fields.String(load_default="")
    effects = fields.List(fields.Dict(), required=True)
    cost = fields.Dict(keys=fields.String(), values=fields.Integer(validate=validate.Range(min=0)), load_default=dict)
    requires = fields.Dict(load_default=None, allow_none=True)
    uses = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=1))

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> model.Card:
        data["seats"] = tuple(data["seats"])
        data["effects"] = tuple(data["effects"])
        return model.Card(**data)


class EventSchema(Schema):
    id = _id()
    title = _text()
    text = _text()
    source = fields.String(load_default="")
    effects = fields.List(fields.Dict(), required=True)
    round = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=1))
    weight = fields.Integer(load_default=1, validate=validate.Range(min=0))
    requires = fields.Dict(load_default=None, allow_none=True)

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> model.Event:
        data["effects"] = tuple(data["effects"])
        return model.Event(**data)


class ClauseSchema(Schema):
    id = _id()
    title = _text()
    text = _text()
    source = fields.String(load_default="")
    parties = fields.List(fields.String(validate=ID), required=True, validate=validate.Length(min=1))
    effects = fields.List(fields.Dict(), required=True)
    settles = fields.Boolean(load_default=False)
    requires = fields.Dict(load_default=None, allow_none=True)

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> model.Clause:
        data["parties"] = tuple(data["parties"])
        data["effects"] = tuple(data["effects"])
        return model.Clause(**data)


class HistoricalMoveSchema(Schema):
    round = fields.Integer(required=True, validate=validate.Range(min=1))
    seat = _id()
    card = _id()


class HistoricalSchema(Schema):
    date = _text()
    summary = _text()
    clauses = fields.List(fields.String(validate=ID), required=True)
    moves = fields.List(fields.Nested(HistoricalMoveSchema), load_default=list)

    @post_load
    def _make(self, data: dict[str, Any], **kwargs: Any) -> model.Historical:
        return model.Historical(
            date=data["date"], summary=data["summary"],
            clauses=tuple(data["clauses"]), moves=tuple(data["moves"]),
        )


class ScenarioFileSchema(Schema):
    """scenario.yaml: the scenario's identity, its tracks and its rules of play."""

    id = _id()
    title = _text()
    summary = _text()
    rounds = fields.Integer(required=True, validate=validate.Range(min=1, max=50))
    orders_per_round = fields.Integer(required=True, validate=validate.Range(min=1, max=5))
    clash_track = _id()
    objective_reward = fields.Float(load_default=1.0)
    steps = fields.List(fields.String(validate=ID), required=True, validate=validate.Length(min=1))
    tracks = fields.List(fields.Nested(TrackSchema), required=True, validate=validate.Length(min=1))
    seat_tracks = fields.List(fields.Nested(SeatTrackSchema), required=True)
    historical = fields.Nested(HistoricalSchema, load_default=None, allow_none=True)
    # When the rounds run out without an agreement: a calm crisis ends "de-escalated", any other a deadlock.
    calm = fields.Dict(load_default=None, allow_none=True)
    # Effects applied at the start of every round after the first, before its event (mandates running out).
    upkeep = fields.List(fields.Dict(), load_default=list)

    @post_load
    def _freeze(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        data["upkeep"] = tuple(data["upkeep"])
        return data


class SeatsFileSchema(Schema):
    seats = fields.List(fields.Nested(SeatSchema), required=True, validate=validate.Length(min=2))


class CardsFileSchema(Schema):
    cards = fields.List(fields.Nested(CardSchema), required=True, validate=validate.Length(min=1))


class EventsFileSchema(Schema):
    events = fields.List(fields.Nested(EventSchema), required=True)


class ClausesFileSchema(Schema):
    clauses = fields.List(fields.Nested(ClauseSchema), required=True, validate=validate.Length(min=1))


FILES = {
    "scenario.yaml": ScenarioFileSchema,
    "seats.yaml": SeatsFileSchema,
    "cards.yaml": CardsFileSchema,
    "events.yaml": EventsFileSchema,
    "clauses.yaml": ClausesFileSchema,
}
