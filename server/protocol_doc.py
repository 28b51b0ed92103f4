"""Write docs/protocol.md from server.protocol: `python -m server.protocol_doc [--check]`."""
from __future__ import annotations

import sys
from pathlib import Path

from marshmallow import fields, missing, validate

from . import protocol

PATH = Path(__file__).resolve().parent.parent / "docs" / "protocol.md"


def render() -> str:
    out = [
        "# Crisis Table websocket protocol",
        "",
        "Generated from `server/protocol.py` by `python -m server.protocol_doc`; do not edit by hand.",
        "",
        "Socket.IO (Flask-SocketIO), default namespace. Every inbound event takes one JSON object and is",
        "answered by an acknowledgement: `{ok: true, ...}` or `{ok: false, error: {code, message, details}}`.",
        "A refused message changes nothing. For a schema error `details` maps each field to its problems.",
        f"Messages longer than {protocol.MAX_MESSAGE_BYTES} bytes (as JSON) are refused with `too_large`; "
        f"frames over {protocol.MAX_FRAME_BYTES} bytes close the connection.",
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
        "| `GET /healthz` | liveness | `{ok: true, async_mode}` |",
        "",
        "The exports take the facilitator token as `Authorization: Bearer TOKEN` (or `?token=TOKEN`).", "",
        "### `POST /api/games` body", "",
        "| field | type | required | rules |", "|---|---|---|---|",
    ]
    for name, field in CreateGameSchema().fields.items():
        lines.append(f"| `{name}` | {_type(field)} | {'yes' if field.required else 'no'} | {_rules(field)} |")
    lines.append("")
    lines.append("`timers`: " + "; ".join(f"`{n}` {_rules(f)}" for n, f in TimersSchema().fields.items()) + ".")
    lines.append("")
    return lines


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
