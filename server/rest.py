"""REST: create games, read scenarios and public summaries, the facilitator's exports."""
from __future__ import annotations

import csv
import io
import secrets
from datetime import UTC, datetime
from typing import Any

import segno
from flask import Blueprint, Response, current_app, jsonify, request
from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from game_rules import FACILITATOR, SPECTATOR, Action, apply_action, public_rules, scores, view
from game_rules.temperaments import TEMPERAMENTS

from . import wire_json
from .address import students_base
from .extensions import limiter
from .game import DEADLINE_BEHAVIOURS, CorruptLog, Game, available_scenarios, scenario
from .table import Table
from .tables import Tables

api = Blueprint("api", __name__, url_prefix="/api")


def _tables() -> Tables:
    return current_app.extensions["crisis_tables"]


def _error(status: int, code: str, message: str, details: Any = None):
    return jsonify(ok=False, error={"code": code, "message": message, "details": details or {}}), status


class BadBody(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def _json_object() -> dict[str, Any]:
    """The request body as a JSON object, decoded with the websocket's limits (depth, integer
    size: wire_json.loads); the app's MAX_CONTENT_LENGTH bounds its bytes (413)."""
    text = request.get_data(as_text=True)
    if not text.strip():
        raise BadBody("bad_payload", "the body is empty; send a JSON object")
    try:
        body = wire_json.loads(text)
    except wire_json.Malformed as exc:
        raise BadBody(exc.code, exc.message) from None
    if not isinstance(body, dict):
        raise BadBody("bad_payload", "the body must be a JSON object")
    return body


# Up to two weeks a phase: a homework game waits days for its deadlines.
PHASE_SECONDS = validate.Range(min=1, max=14 * 24 * 3600)


class TimersSchema(Schema):
    orders = fields.Integer(load_default=None, allow_none=True, strict=True, validate=PHASE_SECONDS)
    talks = fields.Integer(load_default=None, allow_none=True, strict=True, validate=PHASE_SECONDS)


class CreateGameSchema(Schema):
    scenario = fields.String(required=True, validate=validate.Length(min=1, max=64),
                             metadata={"description": "a built-in scenario id (GET /api/scenarios)"})
    rounds = fields.Integer(load_default=None, allow_none=True, strict=True, validate=validate.Range(min=1, max=50),
                            metadata={"description": "null: the scenario's own"})
    seed = fields.Integer(load_default=None, allow_none=True, strict=True, validate=validate.Range(min=0, max=2**31),
                          metadata={"description": "null: drawn at random (answered)"})
    timers = fields.Nested(TimersSchema, load_default=None, allow_none=True,
                           metadata={"description": "seconds per phase; null or absent: no timers"})
    team_size = fields.Integer(load_default=4, strict=True, validate=validate.Range(min=1, max=12))
    bots = fields.Dict(keys=fields.String(), values=fields.String(allow_none=True), load_default=dict,
                       metadata={"description": "seat -> temperament (null: the seat's default)"})
    deadline = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(DEADLINE_BEHAVIOURS),
                             metadata={"description": "what a seat that has not acted does at the deadline "
                                                      "(null: the preset's, else nothing)"})
    preset = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=64),
                           metadata={"description": "a timing plan of the scenario's guide (GET "
                                                    "/api/scenarios/<id>/guide: timing[].id); it sets rounds, timers "
                                                    "and deadline, so those must be left out. null: custom"})

    @validates_schema
    def _known(self, data, **kwargs):
        if data["scenario"] not in available_scenarios():
            raise ValidationError(f"one of {', '.join(available_scenarios())}", "scenario")
        seats = scenario(data["scenario"]).seats_by_id
        for seat, temperament in data["bots"].items():
            if seat not in seats:
                raise ValidationError(f"{seat!r} is not a seat of {data['scenario']}", "bots")
            if temperament is not None and temperament not in TEMPERAMENTS:
                raise ValidationError(f"temperament is one of {', '.join(sorted(TEMPERAMENTS))}", "bots")
        if data["preset"] is not None:
            guide = scenario(data["scenario"]).guide
            plans = guide.timing_by_id if guide else {}
            if data["preset"] not in plans:
                raise ValidationError(f"one of {', '.join(plans) or 'none: this scenario has no guide'}", "preset")
            set_too = [name for name in ("rounds", "timers", "deadline") if data[name] is not None]
            if set_too:
                raise ValidationError(f"a preset sets {', '.join(set_too)}: leave them out, or choose no preset",
                                      "preset")

    @post_load
    def _apply_preset(self, data, **kwargs):
        """A preset is its timing plan's rounds, timers and deadline behaviour."""
        if data["preset"] is not None:
            plan = scenario(data["scenario"]).guide.timing_by_id[data["preset"]]
            data.update(rounds=plan.rounds, timers=dict(plan.timers), deadline=plan.deadline)
        data["deadline"] = data["deadline"] or "nothing"
        return data


def _create_limit() -> str:
    return current_app.config["CREATE_LIMIT"]


def _export_limit() -> str:
    return current_app.config["EXPORT_LIMIT"]


@api.post("/games")
@limiter.limit(_create_limit)
def create_game():
    """Open a game. Answer: game id, join code, facilitator token (shown once)."""
    key = current_app.config["HOST_KEY"]
    if key and not secrets.compare_digest(request.headers.get("X-Host-Key", "").encode(), key.encode()):
        return _error(401, "host_key_required", "This server opens games only with its host key: open this page "
                      "as /facilitate#host-key=KEY (ask whoever runs the server for it), or send the key as the "
                      "X-Host-Key header.")
    try:
        data = CreateGameSchema().load(_json_object())
    except BadBody as exc:
        return _error(413 if exc.code == "too_large" else 400, exc.code, exc.message)
    except ValidationError as exc:
        return _error(400, "bad_payload", "the game settings do not match the schema", exc.messages)
    seats = scenario(data["scenario"]).seats_by_id
    options = {
        "timers": {k: v for k, v in (data["timers"] or {}).items() if v},
        "team_size": data["team_size"],
        "bots": {s: t or seats[s].default_temperament for s, t in data["bots"].items()},
        "deadline": data["deadline"],
        **({"preset": data["preset"]} if data["preset"] else {}),
    }
    seed = data["seed"] if data["seed"] is not None else secrets.randbelow(2**31)
    table, token = _tables().open(data["scenario"], seed, {"rounds": data["rounds"]}, options)
    return jsonify(ok=True, game=table.game_id, code=table.game.code, facilitator_token=token,
                   scenario=data["scenario"], seed=seed, preset=data["preset"],
                   rounds=table.game.state.rounds, timers=options["timers"]), 201


@api.get("/address")
def address():
    """The address students use to reach this server (for join links, QR codes and the projector):
    {base, reachable, addresses}. `reachable` is false when the server listens on this computer
    only (`crisis-table serve` without --lan) or no network address was found."""
    return jsonify(students_base(request.scheme, request.host, current_app.config.get("LISTEN_HOST")))


MAX_QR_TEXT = 300


@api.get("/qr.svg")
def qr_code():
    """A QR code of a join link (?text=http...), drawn here so no page needs a remote service."""
    text = request.args.get("text", "")
    if not text.startswith(("http://", "https://")) or len(text) > MAX_QR_TEXT:
        return _error(400, "bad_payload", f"text must be an http(s) link of at most {MAX_QR_TEXT} characters")
    out = io.BytesIO()
    segno.make_qr(text, error="m").save(out, kind="svg", scale=8, border=2, xmldecl=False, omitsize=True,
                                         title=text, dark="#000", light="#fff")
    return Response(out.getvalue(), mimetype="image/svg+xml", headers={"Cache-Control": "max-age=3600"})


@api.get("/scenarios")
def scenarios():
    """Every built-in scenario, as any player may read it."""
    return jsonify(scenarios=[public_rules(scenario(s)) for s in available_scenarios()])


@api.get("/scenarios/<scenario_id>")
def scenario_rules(scenario_id: str):
    if scenario_id not in available_scenarios():
        return _error(404, "unknown_scenario", f"no scenario {scenario_id!r}")
    return jsonify(public_rules(scenario(scenario_id)))


@api.get("/games/<game_id>")
def summary(game_id: str):
    """What anyone may know of a game: the public view and how many sit where."""
    table = _tables().get(game_id)
    if table is None:
        return _error(404, "unknown_game", "no such game")
    game = table.game
    public = view(game.state, SPECTATOR, log_since=game.state.log_end)
    roster = game.roster
    return jsonify(
        game=game.game_id, scenario=game.state.scenario.id, title=game.state.scenario.title,
        phase=public["phase"], round=public["round"], rounds=public["rounds"], outcome=public["outcome"],
        moves_made=public["moves_made"], preset=game.options.get("preset"),
        seats={s: {"players": len(roster.members(s)), "bot": roster.bots.get(s)} for s in game.state.seat_ids},
    )


def _facilitated(game_id: str) -> tuple[Table | None, Any]:
    table = _tables().get(game_id)
    if table is None:
        return None, _error(404, "unknown_game", "no such game")
    header = request.headers.get("Authorization", "")
    token = header[7:] if header.startswith("Bearer ") else ""  # never a query string: logs keep those
    if not token or not table.is_facilitator(token):
        return None, _error(403, "bad_token", "this export needs the game's facilitator token")
    return table, None


_SECRET_FIELDS = ("token", "facilitator")


def _public_entry(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if k not in _SECRET_FIELDS}


@api.get("/games/<game_id>/export.json")
@limiter.limit(_export_limit)
def export_json(game_id: str):
    """The after-action review: the whole server log (no token hashes), every viewer's full view, and
    `people` (player id → nickname) for the `author` of log entries."""
    table, refusal = _facilitated(game_id)
    if table is None:
        return refusal
    entries = table.store.read(game_id)
    game = Game.from_log(game_id, entries)  # the whole engine log: the table holds only the recent part
    viewers = (*game.state.seat_ids, SPECTATOR, FACILITATOR)
    return jsonify(
        game=game.game_id, code=game.code, scenario=game.state.scenario.id, seed=game.state.seed,
        setup=game.header["setup"], options=game.options,
        log=[_public_entry(e) for e in entries],
        people={e["player"]: e["nickname"] for e in entries if e["type"] == "joined"},
        views={v: view(game.state, v, log_since=0) for v in viewers},
    )


@api.get("/games/<game_id>/export.csv")
@limiter.limit(_export_limit)
def export_csv(game_id: str):
    """Every accepted move with its round and phase, then the scores."""
    table, refusal = _facilitated(game_id)
    if table is None:
        return refusal
    entries = table.store.read(game_id)
    game = Game.open(game_id, entries[0])
    out = io.StringIO()
    writer = csv.writer(out)
    # author: the nickname of the player who acted (blank for the facilitator, a bot or a timer)
    writer.writerow(["seq", "time", "round", "phase", "by", "actor", "kind", "params", "author"])
    state = game.state
    nicknames: dict[str, str] = {}
    for seq, entry in enumerate(entries):
        if entry["type"] == "joined":
            nicknames[entry["player"]] = entry["nickname"]
        if entry["type"] != "action":
            continue
        action = Action.from_dict(entry["action"])
        writer.writerow([seq, _iso(entry["at"]), state.round, state.phase, entry["by"], action.actor, action.kind,
                         _cell(_params(action.params)), _cell(nicknames.get(action.author or "", ""))])
        result = apply_action(state, action)
        if not result.ok:  # as Game.from_log would: a stored log only holds accepted actions
            raise CorruptLog(f"game {game_id}, entry {seq}: {result.error.message}")
        state = result.state
    writer.writerow([])
    writer.writerow(["seat", "score", "outcome"])
    for seat, score in scores(state).items():
        writer.writerow([seat, score, state.outcome or ""])
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename=crisis-table-{game_id}.csv"})


def _iso(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).isoformat(timespec="seconds")


def _params(params: dict[str, Any]) -> str:
    import json

    return json.dumps(params, ensure_ascii=False, sort_keys=True)


def _cell(text: str) -> str:
    """Players' text is data: a spreadsheet must not read it as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
