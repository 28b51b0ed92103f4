"""Write docs/protocol.md from server.protocol: `python -m server.protocol_doc [--check]`."""
from __future__ import annotations

import sys
from pathlib import Path

from marshmallow import fields, missing, validate

from . import protocol, wire_json

PATH = Path(__file__).resolve().parent.parent / "docs" / "protocol.md"


def render() -> str:
    out = [
        "# Crisis Table websocket protocol",
        "",
        "Generated from `server/protocol.py` by `python -m server.protocol_doc`; do not edit by hand.",
        "",
        "Socket.IO (Flask-SocketIO), default namespace. Every inbound event takes one JSON object and is",
        "answered by an acknowledgement: `{ok: true, ...}` or `{ok: false, error: {code, message, details}}`.",
        "A missing or null payload reads as `{}` (so `start`, `skip`, `pause`... need none; an event with "
        "required fields then names them in a `bad_payload`). Any other payload that is not an object, or "
        "more than one argument, is `bad_payload`. A refused message changes nothing. For a schema error "
        "`details` maps each field to its problems.",
        "",
        "Limits, checked in this order: a websocket frame over "
        f"{protocol.MAX_FRAME_BYTES} bytes closes the connection; a packet longer than "
        f"{wire_json.MAX_PACKET_CHARS} characters is `too_large`; JSON nested deeper than {wire_json.MAX_DEPTH} "
        "levels, an integer of more than 4,300 digits, NaN or Infinity, invalid JSON, or a packet that is not "
        "a list `[event, payload]` is `bad_payload` (all answered, with the acknowledgement the client asked "
        f"for); then each connection may send {protocol.RATE_PER_SECOND} messages a second in bursts of "
        f"{protocol.RATE_BURST} (more: `rate_limited`, details `per_second`); a payload longer than "
        f"{protocol.MAX_MESSAGE_BYTES} bytes as compact UTF-8 JSON is `too_large` (details `bytes`, `limit`); "
        "then the event's schema. An event the protocol does not declare is `bad_payload` with details "
        "`event`: the declared names; `connect` and `disconnect` sent as events are `reserved_event`. "
        "The server's operator may change the rate and size limits (CRISIS_RATE_PER_SECOND, "
        "CRISIS_RATE_BURST, CRISIS_MAX_MESSAGE_BYTES).",
        "Text is data: clients must render every string as text, never as markup.",
        "",
        "## Server → client",
        "",
    ]
    for name, text in protocol.SERVER_EVENTS.items():
        out += [f"### `{name}`", "", text, ""]
    for sender, title in (("anyone", "Joining"), ("player", "Players"), ("facilitator", "The facilitator")):
        out += [f"## Client → server: {title.lower()}", ""]
        for event in protocol.EVENTS.values():
            if event.sender == sender:
                out += _event(event)
    out += _view()
    out += _rest()
    out += ["## Error codes", "", "| code | meaning |", "|---|---|"]
    out += [f"| `{code}` | {text} |" for code, text in protocol.ERRORS.items()]
    return "\n".join(out) + "\n"


def _rest() -> list[str]:
    from .rest import CreateGameSchema, TimersSchema

    lines = [
        "## REST", "",
        "JSON in and out; errors are `{ok: false, error: {code, message, details}}` with an HTTP status.", "",
        "| method and path | what | answer |", "|---|---|---|",
        "| `POST /api/games` | open a game (body below) | 201 `{ok, game, code, facilitator_token, scenario, seed}`; "
        "400 `bad_payload` with field details |",
        "| `GET /api/scenarios` | every built-in scenario's public rules | `{scenarios: [...]}` |",
        "| `GET /api/scenarios/<id>` | one scenario's public rules | 404 `unknown_scenario` |",
        "| `GET /api/games/<game>` | a game's public summary (phase, round, outcome, seats: players and bots) "
        "| 404 `unknown_game` |",
        "| `GET /api/games/<game>/export.json` | the facilitator's export: the whole server log (no token hashes) "
        "and the full view of every seat, the spectator and the facilitator | 403 `bad_token` without the "
        "facilitator token |",
        "| `GET /api/games/<game>/export.csv` | every accepted move (seq, time, round, phase, by, actor, kind, "
        "params), then the scores | as above |",
        "| `GET /api/scenarios/<id>/guide` | the scenario's teacher's guide (guide.yaml) as data, with its timing "
        "plans (the presets) | 404 `unknown_scenario`, `no_guide` |",
        "| `GET /api/scenarios/<id>/<name>.svg` | the guide's map | 404 `no_map` |",
        "| `GET /api/scenarios/<id>/history` | history's public path for the class debrief: outcome, clauses and "
        "tension round by round (no objective, no score) | 404 `no_history` |",
        "| `GET /api/games/<game>/contributions` | per person: messages, statements, proposals, answers, signatures, "
        "orders submitted | 403 `bad_token` without the facilitator token (header only) |",
        "| `GET /api/games/<game>/export/<name>.csv` | `actions` (one row per action, people by nickname, parameters "
        "in columns), `participation` (per person), `scores` (per delegation, objectives met and missed) | as above; "
        "404 `unknown_export` |",
        "| `GET /api/games/<game>/briefings` | one sheet per delegation to print: profile, briefing, secret "
        "objectives, cards, join code | 403 `bad_token` without the facilitator token, which is taken from the "
        "`Authorization` header only |",
        "| `GET /api/games/<game>/history` | history's scorecard: the scenario's real moves and agreement played "
        "through the rules and scored | 403 `not_over` before the game ends, unless the facilitator token is in "
        "the `Authorization` header; 404 `no_history` |",
        "| `GET /api/address` | the address students join at: the request's host unless it is loopback, else "
        "this computer's network address | `{base, reachable, addresses}` (`reachable` false: the server "
        "listens on loopback only) |",
        "| `GET /api/qr.svg?text=URL` | a QR code (SVG) of an http(s) link of at most 300 characters | 400 "
        "`bad_payload` |",
                "| `GET /healthz` | liveness | `{ok: true, async_mode, games_in_memory}` |",
        "",
        "Limits for a server open to a network, each with the environment variable that changes it: a "
        f"request body over {protocol.MAX_BODY_BYTES} bytes is refused with 413 `too_large` "
        f"(CRISIS_MAX_BODY_BYTES); per client address, `POST /api/games` at most {protocol.CREATE_LIMIT} "
        f"(CRISIS_CREATE_LIMIT) and the exports at most {protocol.EXPORT_LIMIT} (CRISIS_EXPORT_LIMIT), "
        "counted in the server's memory, or in its Redis with `--redis` so that several processes count "
        "together (Flask-Limiter, fixed windows per address; behind a proxy, set CRISIS_TRUSTED_PROXIES to "
        "the number of proxies, 1 for the nginx of docker-compose, so that the address is the client's "
        "from X-Forwarded-For rather than the proxy's; it is ignored when unset). "
        "If CRISIS_HOST_KEY is set, `POST /api/games` needs it as the "
        f"`X-Host-Key` header (off by default, for a classroom laptop). A table takes at most "
        f"{protocol.MAX_PLAYERS} players (CRISIS_MAX_PLAYERS; players are never deleted, so this counts "
        f"every `join` as a player) and {protocol.MAX_SPECTATORS} spectator and projector connections per "
        "server process (CRISIS_MAX_SPECTATORS): past them `join` is refused with `table_full`.",
        "",
        "| REST error code | HTTP status | meaning |", "|---|---|---|",
        *(f"| `{code}` | {status} | {text} |" for code, (status, text) in protocol.REST_ERRORS.items()),
        "",
        "The exports take the facilitator token as `Authorization: Bearer TOKEN`, never in the URL (access "
        "logs, proxies and browser history keep URLs); a browser fetches them and saves the blob.", "",
        "### `POST /api/games` body", "",
        "| field | type | required | rules |", "|---|---|---|---|",
    ]
    for name, field in CreateGameSchema().fields.items():
        lines.append(f"| `{name}` | {_type(field)} | {'yes' if field.required else 'no'} | {_rules(field)} |")
    lines.append("")
    lines.append("`timers`: " + "; ".join(f"`{n}` {_rules(f)}" for n, f in TimersSchema().fields.items()) + ".")
    lines.append("")
    return lines


def _view() -> list[str]:
    shape, entries = _sample_views()
    shape = {path: types for path, types in shape.items() if not path.endswith("[]")}  # the list's own row
    unknown = sorted(set(shape) - set(protocol.VIEW_FIELDS)) + sorted(set(entries) - set(protocol.LOG_ENTRIES))
    if unknown:
        raise SystemExit(f"the engine's view holds {unknown}, which server/protocol.py does not describe")
    lines = [
        "## The view", "",
        "What `update`, `shared` and `private` carry as `view` (game_rules.view for one viewer). The fields "
        "and their JSON types are those the engine's views held in sample games (every built-in scenario, "
        "played by bots, and a scripted game); `<seat>` is a seat id and `<track>` a track id of the "
        "scenario (`GET /api/scenarios/<id>`). A field a viewer may not see is absent.", "",
        "| field | type | meaning |", "|---|---|---|",
    ]
    for path, meaning in protocol.VIEW_FIELDS.items():
        if path in shape:
            types = shape[path] - {"list"} if any(t.startswith("list of") for t in shape[path]) else shape[path]
            lines.append(f"| `{path}` | {' or '.join(sorted(types))} | {meaning} |")
    lines += ["", "### Log entries", "",
              "Every entry has `n` (its position in the game's log), `round`, `phase`, `type` and `to`: null "
              "when everyone may read it, else the seats it is addressed to (the facilitator reads all). A "
              "delegation's acts of talk also carry `author`: the player id (roster) of the person who acted, "
              "null for a bot. Further fields by type:", "",
              "| type | to | fields | meaning |", "|---|---|---|---|"]
    for kind, meaning in protocol.LOG_ENTRIES.items():
        if kind not in entries:
            lines.append(f"| `{kind}` | — | not in the sample games | {meaning} |")
            continue
        fields_, to = entries[kind]
        extra = ", ".join(f"`{f}`" for f in sorted(fields_ - {"n", "round", "phase", "type", "to"})) or "—"
        lines.append(f"| `{kind}` | {' or '.join(sorted(to))} | {extra} | {meaning} |")
    return lines + [""]


def _sample_views() -> tuple[dict[str, set[str]], dict[str, tuple[set[str], set[str]]]]:
    """Every field path of the views of sample games, with the JSON types it held, and every
    log entry type with its fields and whether it was public or addressed."""
    from game_rules import FACILITATOR, SPECTATOR, Action, apply_action, builtin_ids, load_scenario, new_game, view
    from game_rules.simulate import play_bot_game

    shape: dict[str, set[str]] = {}
    entries: dict[str, tuple[set[str], set[str]]] = {}

    def walk(value, path: str, names: dict[str, str]) -> None:
        if path:
            shape.setdefault(path, set()).add(_json_type(value))
        if path in protocol.VIEW_OPAQUE:
            return
        if isinstance(value, dict):
            for key, item in value.items():
                name = str(names.get(key, key))
                walk(item, f"{path}.{name}" if path else name, names)
        elif isinstance(value, (list, tuple)):
            for item in value:
                if isinstance(item, dict):
                    walk(item, path + "[]", names)
                else:
                    shape.setdefault(path, set()).add("list of " + _json_type(item))
                    shape[path].discard("list")

    def look(state, since: int) -> None:
        names = {seat: "<seat>" for seat in state.seat_ids}
        names |= {t.id: "<track>" for t in state.scenario.tracks}
        names |= {t.id: "<seat_track>" for t in state.scenario.seat_tracks}
        for viewer in (state.seat_ids[0], SPECTATOR, FACILITATOR):
            seen = view(state, viewer, log_since=since)
            for entry in seen.pop("log"):
                fields_, to = entries.setdefault(entry["type"], (set(), set()))
                fields_.update(entry)
                to.add("null" if entry["to"] is None else "seats")
            walk(seen, "", names)

    def replay(state, actions) -> None:
        look(state, 0)
        for action in actions:
            result = apply_action(state, action)
            if result.ok:
                since, state = state.log_end, result.state
                look(state, since)

    for scenario_id in builtin_ids():
        scenario = load_scenario(scenario_id)
        played: list = []
        play_bot_game(scenario, 1, accepted=played)
        replay(new_game(scenario, 1), played)
    scripted = new_game(load_scenario("lighthouse"), 1)
    a, b = scripted.seat_ids[:2]
    replay(scripted, [
        Action("start", FACILITATOR), Action("announce", FACILITATOR, {"text": "welcome"}),
        *(Action("message", a, {"channel": channel, "text": "hello"}, author="p1")
          for channel in ("plenary", f"delegation:{a}", f"bilateral:{min(a, b)}+{max(a, b)}")),
        Action("close_phase", FACILITATOR), Action("propose", a, {"clauses": ["shared_fishing"]}, author="p1"),
        Action("amend", a, {"proposal": 1, "clauses": ["league_keeper"]}, author="p1"),
        Action("end_game", FACILITATOR),
    ])
    return shape, entries


def _json_type(value) -> str:
    if value is None:
        return "null"
    return {dict: "object", list: "list", tuple: "list", str: "string", bool: "boolean", int: "integer",
            float: "number"}[type(value)]


def _event(event: protocol.Event) -> list[str]:
    lines = [f"### `{event.name}`", "", event.summary, ""]
    if event.engine_kind:
        lines += [f"Becomes the engine action `{event.engine_kind}`.", ""]
    schema_fields = event.schema().fields
    if schema_fields:
        lines += ["| field | type | required | rules |", "|---|---|---|---|"]
        for name, field in schema_fields.items():
            lines.append(f"| `{name}` | {_type(field)} | {'yes' if field.required else 'no'} | {_rules(field)} |")
    else:
        lines.append("Payload: `{}` (no fields).")
    lines += ["", f"Answer: {event.answer}", ""]
    return lines


def _type(field: fields.Field) -> str:
    if isinstance(field, fields.List):
        return f"list of {_type(field.inner)}"
    name = {fields.String: "string", fields.Integer: "integer"}.get(type(field), type(field).__name__.lower())
    return f"{name} or null" if field.allow_none and field.required else name


def _rules(field: fields.Field) -> str:
    rules = []
    for v in field.validators:
        if isinstance(v, validate.Length):
            rules.append(f"length {v.min if v.min is not None else 0}–{v.max}")
        elif isinstance(v, validate.Range):
            rules.append(f"{v.min if v.min is not None else ''}–{v.max if v.max is not None else ''}")
        elif isinstance(v, validate.OneOf):
            rules.append("one of " + ", ".join(f"`{c}`" for c in v.choices))
    if isinstance(field, fields.List):
        rules += [f"each {r}" for r in _rules(field.inner).split("; ") if r]
    if field.metadata.get("description"):
        rules.append(field.metadata["description"])
    if not field.required and field.load_default not in (None, missing) and not callable(field.load_default):
        rules.append(f"default `{field.load_default}`")
    return "; ".join(rules)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    text = render()
    if "--check" in argv:
        if not PATH.exists() or PATH.read_text(encoding="utf-8") != text:
            print(f"{PATH} is stale: run python -m server.protocol_doc", file=sys.stderr)
            return 1
        return 0
    PATH.write_text(text, encoding="utf-8")
    print(f"wrote {PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
