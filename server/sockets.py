"""Websocket handlers: each reads authenticate → fetch → apply (through the table) → ack.
The table stores and broadcasts before the handler acknowledges."""
from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from functools import partial, wraps
from itertools import chain
from typing import Any

import orjson
from flask import current_app, request
from marshmallow import ValidationError

from game_rules import FACILITATOR
from game_rules.talks import channel_members

from . import history, protocol, wire_json
from .broadcast import Connection, Hub, viewer_of
from .extensions import socketio
from .store import DamagedGame, StoreUnavailable
from .store.outage import RETRY_AFTER
from .table import Refused, Table
from .tables import Tables

log = logging.getLogger(__name__)


def _tables() -> Tables:
    return current_app.extensions["crisis_tables"]


def _hub() -> Hub:
    return current_app.extensions["crisis_hub"]


def _answer(refusal: Refused) -> dict[str, Any]:
    return {"ok": False, "error": refusal.to_dict()}


def store_unavailable() -> Refused:
    return Refused("store_unavailable", f"the game store is unavailable; nothing changed. Retry in {RETRY_AFTER} s",
                   {"retry_after": RETRY_AFTER})


def damaged_game(exc: DamagedGame) -> Refused:
    return Refused("damaged_game", f"game {exc.game_id} is damaged in the store and cannot be played; "
                   "tell the server's operator", {"game": exc.game_id})


def _within_rate(conn: Connection) -> bool:
    """A token bucket per connection: RATE_PER_SECOND messages a second, bursts of RATE_BURST."""
    rate, burst = current_app.config["RATE_PER_SECOND"], current_app.config["RATE_BURST"]
    now = time.monotonic()
    with conn.lock:
        if conn.refilled == 0.0:
            conn.allowance, conn.refilled = burst, now
        conn.allowance = min(burst, conn.allowance + (now - conn.refilled) * rate)
        conn.refilled = now
        if conn.allowance < 1:
            return False
        conn.allowance -= 1
        return True


def _check_size(payload: Any) -> None:
    try:
        size = _json_size(payload)
    except (TypeError, ValueError, RecursionError):
        raise Refused("bad_payload", "the message is not JSON") from None
    if size > current_app.config["MAX_MESSAGE_BYTES"]:
        limit = current_app.config["MAX_MESSAGE_BYTES"]
        raise Refused("too_large", f"the message has {size} bytes; the limit is {limit}",
                      {"bytes": size, "limit": limit})


def _json_size(payload: Any) -> int:
    """Bytes of `payload` as compact UTF-8 JSON. orjson measures it several times faster than the
    standard library (it is checked on every message); it refuses integers past 64 bits and
    nesting past 254 levels, which the standard library then measures."""
    try:
        return len(orjson.dumps(payload))
    except orjson.JSONEncodeError:
        return len(json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode())


def inbound(name: str):
    """Register a handler for protocol event `name`: rate limit, size, schema, then the handler;
    any refusal or failure becomes a typed error acknowledgement."""
    spec = protocol.EVENTS[name]
    schema = spec.schema()

    def register(handler: Callable[[Connection, dict[str, Any]], dict[str, Any] | None]):
        @wraps(handler)
        def on_event(payload=None, *extra):
            conn = _hub().connection(request.sid)  # type: ignore[attr-defined]  # set by Flask-SocketIO
            try:
                if not _within_rate(conn):
                    raise Refused("rate_limited", "too many messages; slow down",
                                  {"per_second": current_app.config["RATE_PER_SECOND"]})
                _check_size(payload)
                if extra:
                    raise Refused("bad_payload", "send one JSON object", {"arguments": len(extra) + 1})
                if payload is None:  # a missing or null payload reads as {} (docs/protocol.md)
                    payload = {}
                if not isinstance(payload, dict):
                    raise Refused("bad_payload", "the message must be a JSON object", {"_schema": ["not an object"]})
                try:
                    data = schema.load(payload)
                except ValidationError as exc:
                    raise Refused("bad_payload", f"{name}: the message does not match its schema",
                                  exc.normalized_messages()) from None
                return {"ok": True, **(handler(conn, data) or {})}
            except Refused as refusal:
                return _answer(refusal)
            except StoreUnavailable:  # the store logged the incident once, with its cause
                return _answer(store_unavailable())
            except DamagedGame as exc:
                return _answer(damaged_game(exc))
            except Exception:
                log.exception("event %s failed", name)
                return _answer(Refused("internal_error", "the server failed on this message; nothing changed"))

        socketio.on_event(name, on_event)
        return handler

    return register


def _table_of(conn: Connection) -> Table:
    table = _tables().get(conn.game_id) if conn.game_id else None
    if table is None:
        raise Refused("not_joined", "join a game first")
    return table


def _player(conn: Connection) -> tuple[Table, str]:
    table = _table_of(conn)
    if conn.holder in (None, FACILITATOR):
        raise Refused("not_your_seat", "only a seated player can do this")
    return table, conn.holder


def _facilitator(conn: Connection) -> Table:
    if conn.holder != FACILITATOR or not conn.game_id:
        raise Refused("not_facilitator", "only the facilitator can do this; send facilitate with its token first")
    return _table_of(conn)


def _enter(conn: Connection, table: Table, holder: str | None, role: str) -> dict[str, Any]:
    _hub().enter(conn, table, holder, role)
    return _hub().snapshot(table, conn)


def _seated_answer(conn: Connection, table: Table, pid: str | None, token: str | None, role: str) -> dict[str, Any]:
    update = _enter(conn, table, pid, role)
    seat = table.game.roster.players[pid]["seat"] if pid else None
    return {"game": table.game_id, "player": pid, "seat": seat, "role": role, "token": token,
            "team_size": table.team_size, "update": update}


@socketio.on("*")
def unknown_event(event, *args):
    """Any event the protocol does not declare."""
    return _answer(Refused("bad_payload", f"there is no event {event!r}", {"event": sorted(protocol.EVENTS)}))


def _sent_as_an_event() -> bool:
    """Whether a `connect` or `disconnect` handler runs for an ordinary event that a client sent
    under that reserved name. python-socketio runs the real handlers while the connection is
    still pending in or already pending out, so a fully connected sid means a client's event: it
    must change nothing (a `disconnect` event once logged a socket out of its game while leaving it
    in the seat's rooms, where it went on reading the next occupant's secrets)."""
    return socketio.server.manager.is_connected(request.sid, "/")  # type: ignore[attr-defined]  # set by Flask-SocketIO


def _reserved(name: str) -> dict[str, Any]:
    return _answer(Refused("reserved_event", f"{name!r} is Socket.IO's own event; clients may not send it",
                           {"event": name}))


@socketio.on("connect")
def on_connect(auth=None):
    """A client connected (it joins a game with join, rejoin or facilitate)."""
    if _sent_as_an_event():
        return _reserved("connect")
    return None  # accept


@socketio.on(wire_json.MALFORMED)
def malformed_packet(refusal=None, *args):
    """A packet the decoder refused (too long, too deep, not JSON, not an event: see
    wire_json.Packet.decode). It is answered like any refusal, and counts against the rate."""
    conn = _hub().connection(request.sid)  # type: ignore[attr-defined]  # set by Flask-SocketIO
    if not _within_rate(conn):
        return _answer(Refused("rate_limited", "too many messages; slow down",
                               {"per_second": current_app.config["RATE_PER_SECOND"]}))
    refusal = refusal if isinstance(refusal, dict) else {}
    code = refusal.get("code") if refusal.get("code") in ("bad_payload", "too_large") else "bad_payload"
    return _answer(Refused(code, str(refusal.get("message") or "the message could not be read")[:200]))


@socketio.on("disconnect")
def on_disconnect(*args):
    """A client left; its seat stays its own until it rejoins with its token."""
    if _sent_as_an_event():
        return _reserved("disconnect")
    _hub().forget(request.sid)  # type: ignore[attr-defined]  # set by Flask-SocketIO


@inbound("join")
def join(conn, data):
    table = _tables().by_code(data["code"])
    if table is None:
        raise Refused("unknown_game", "no game has this code", {"code": data["code"]})
    if data["role"] == "player":
        pid, token = table.join(data["nickname"], "player", data["seat"], max_players=current_app.config["MAX_PLAYERS"])
        return _seated_answer(conn, table, pid, token, "player")
    limit = current_app.config["MAX_SPECTATORS"]
    if _hub().watching(table.game_id) >= limit and conn.game_id != table.game_id:
        raise Refused("table_full", f"this table has its {limit} spectators and projectors",
                      {"limit": limit, "role": data["role"]})
    # Spectators and projectors hold no seat and need no token; they are not in the log.
    return _seated_answer(conn, table, None, None, data["role"])


@inbound("rejoin")
def rejoin(conn, data):
    found = _tables().by_token(data["token"])
    if found is None or found[1] == FACILITATOR:
        raise Refused("bad_token", "this is not a seat token of any game")
    table, pid = found
    return _seated_answer(conn, table, pid, data["token"], "player")


@inbound("facilitate")
def facilitate(conn, data):
    found = _tables().by_token(data["token"])
    if found is None or found[1] != FACILITATOR:
        raise Refused("bad_token", "this is not a facilitator token of any game")
    table = found[0]
    update = _enter(conn, table, FACILITATOR, "facilitator")
    return {"game": table.game_id, "code": table.game.code, "role": "facilitator", "update": update}


@inbound("resync")
def resync(conn, data):
    """A client that missed a delta (its base is not what it holds) asks for its whole update again."""
    return {"update": _hub().snapshot(_table_of(conn), conn)}


@inbound("log")
def log_page(conn, data):
    """A reader asks for a page of the log (the debrief reads forward, "Show earlier" backward):
    read from the store's history and the table's memory (see server/history.py)."""
    table = _table_of(conn)
    viewer = viewer_of(table, conn)
    live = table.game.state
    if data["channel"] is not None:
        members = channel_members(data["channel"], live.seat_ids)
        if members == ():
            raise Refused("illegal_action", f"there is no channel {data['channel']!r}", {"channel": data["channel"]})
        if not history.may_read_channel(viewer, members):
            raise Refused("not_allowed", "you are not in that channel", {"channel": data["channel"]})
    keep, limit = history.wanted(data["channel"], data["types"]), data["limit"]
    stored = partial(table.store.read_history, table.game_id)
    if data["before"] is not None:
        entries, previous = _page_before(table, data["before"], live, stored, viewer, limit, keep)
        return {"entries": entries, "previous": previous}
    since = data["since"]
    try:
        entries, following = history.page(history.entries_from(since, live, stored, limit), viewer, limit, keep,
                                          live.log_end)
    except history.NotKept:  # a game stored before histories were kept: from the replayed game
        whole = _tables().whole_games.get(table.game_id, live.log_start, table.whole_game).state
        older = chain(history.in_memory(whole, since), history.in_memory(live, max(since, whole.log_end)))
        entries, following = history.page(older, viewer, limit, keep, live.log_end)
    return {"entries": entries, "next": following}


def _page_before(table, before, live, stored, viewer, limit, keep):
    """The page below `before` and where to read before next (None at the log's start)."""
    try:
        return history.page_before(history.entries_before(before, live, stored, limit), viewer, limit, keep)
    except history.NotKept:  # a game stored before histories were kept: from the replayed game
        whole = _tables().whole_games.get(table.game_id, live.log_start, table.whole_game).state
        older = chain(history.in_memory_before(live, before, down_to=whole.log_end),
                      history.in_memory_before(whole, before))
        return history.page_before(older, viewer, limit, keep)


def _player_event(name: str):
    kind = protocol.EVENTS[name].engine_kind
    assert kind is not None, name

    def handler(conn, data):
        table, pid = _player(conn)
        seat = data.pop("seat", None)
        table.play(pid, kind, data, seat_claimed=seat)

    inbound(name)(handler)


for _name in ("submit_orders", "propose", "respond", "amend", "sign", "statement", "chat", "ready"):
    _player_event(_name)


def _facilitator_engine_event(name: str):
    kind = protocol.EVENTS[name].engine_kind
    assert kind is not None, name

    def handler(conn, data):
        _facilitator(conn).facilitate(kind, data)

    inbound(name)(handler)


for _name in ("start", "skip", "inject", "announce", "end_game"):
    _facilitator_engine_event(_name)


@inbound("choose_seat")
def choose_seat(conn, data):
    """A player, in the lobby: sit at a delegation with room, or stand up. Every client gets the roster."""
    table, pid = _player(conn)
    table.choose_seat(pid, data["seat"])


@inbound("assign")
def assign(conn, data):
    _facilitator(conn).assign(data["player"], data["seat"])


@inbound("set_head")
def set_head(conn, data):
    _facilitator(conn).set_head(data["seat"], data["player"])


@inbound("set_bot")
def set_bot(conn, data):
    _facilitator(conn).set_bot(data["seat"], data["temperament"])


@inbound("pause")
def pause(conn, data):
    _facilitator(conn).pause()


@inbound("resume")
def resume(conn, data):
    _facilitator(conn).resume()


@inbound("extend")
def extend(conn, data):
    _facilitator(conn).extend(data["seconds"])
