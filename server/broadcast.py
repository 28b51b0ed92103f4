"""Who is connected to which table, and what each is sent after a change.

Rooms: one per seat of a game (its players), one for all seated players of the game, one for
the public (spectators, projectors and players not yet seated) and one for the facilitator.
After a change, the seated players get one `shared` message, the public view with the roster
and timer, encoded once for the whole table (python-socketio encodes a room emit once); a
seat's room gets a `private` message (its secrets and private log entries) only when that part
changed, which in talk-heavy play is rarely. A client merges the two into exactly
game_rules.view for its seat. The public and facilitator rooms get whole `update`s. Rooms
nobody is in are skipped (a bot seat's room usually is).

Before this split each seat's room got its own whole view: eight encodings and eight packets
per change where the bare Flask-SocketIO baseline makes one. Measured at 125 tables x 8 players
on the development machine, the split took p99 from 42 to 30 ms (bench/README.md).

Each process sends updates to its own connections only, never through the Socket.IO message
queue: every process folds every change of the games it serves anyway (its own commits, and
the others' when they are announced), so it can render the views itself. Routing a table's
ten room views through the queue instead cost every process the decoding of every update of
every table: measured 8 ms of CPU per action over two processes and a p99 of 94 ms at 125
tables, against 2.2 ms and 14 ms for one process.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import orjson

from game_rules import FACILITATOR, SPECTATOR, State, private_view, public_view, same_private_views, view

from .game import update_log_start
from .protocol import PRIVATE, SHARED, UPDATE
from .table import Table


@dataclass
class Connection:
    sid: str
    game_id: str | None = None
    holder: str | None = None  # a player id, FACILITATOR, or None for a spectator
    role: str | None = None  # player, spectator, projector, facilitator
    room: str | None = None
    seated_room: str | None = None  # the game's room of all seated players, when seated
    allowance: float = 0.0
    refilled: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


ROSTER_CHANGES = ("seated", "bot", "joined")


@dataclass
class _Sent:
    """The private parts a game's seat rooms were sent last, encoded, and the position they were
    read from (held, so that the next change can tell whether it touched them)."""

    state: State
    since: int
    parts: dict[str, bytes]


def viewer_of(table: Table, conn: Connection) -> str:
    if conn.holder == FACILITATOR:
        return FACILITATOR
    if conn.holder is not None:
        player = table.game.roster.players.get(conn.holder)
        if player and player["seat"]:
            return player["seat"]
    return SPECTATOR


SEATED = "*seated"  # not a seat id: ids are letters, digits, - and _


def room_of(game_id: str, viewer: str) -> str:
    return f"{game_id}/{viewer}"


def snapshot(table: Table, viewer: str, watching: int = 0) -> dict[str, Any]:
    """What one viewer is sent: its view from the engine, plus who sits where and the timer."""
    game = table.game
    seen = view(game.state, viewer, update_log_start(game.state))
    return {"game": game.game_id, "seq": game.length, "view": seen, **_table_part(table, watching)}


def _table_part(table: Table, watching: int) -> dict[str, Any]:
    game = table.game
    timer = game.current_timer()
    roster = game.roster.to_public(game.state.seat_ids)
    roster["spectators"] = watching  # spectators hold no seat and are not in the log: count connections
    return {"roster": roster, "timer": timer.to_public(table.runtime.now()) if timer else None}


class Hub:
    def __init__(self, socketio):
        self.socketio = socketio
        self.connections: dict[str, Connection] = {}
        # The connections of each game, so that a change looks at its own table's people only.
        self._by_game: dict[str, dict[str, Connection]] = {}
        # What each game's seat rooms were sent of their private parts: sent again only if changed.
        self._privates: dict[str, _Sent] = {}
        self._lock = threading.Lock()

    def connection(self, sid: str) -> Connection:
        with self._lock:
            conn = self.connections.get(sid)
            if conn is None:
                conn = self.connections[sid] = Connection(sid)
            return conn

    def enter(self, conn: Connection, table: Table, holder: str | None, role: str) -> None:
        """The connection now follows `table` as `holder` (a player, FACILITATOR or None) in `role`."""
        with self._lock:
            if conn.game_id and conn.game_id != table.game_id:
                self._by_game.get(conn.game_id, {}).pop(conn.sid, None)
            conn.game_id, conn.holder, conn.role = table.game_id, holder, role
            self._by_game.setdefault(table.game_id, {})[conn.sid] = conn
        self.seat(table, conn)

    def of_game(self, game_id: str) -> list[Connection]:
        with self._lock:
            return list(self._by_game.get(game_id, {}).values())

    def watching(self, game_id: str) -> int:
        return sum(1 for c in self.of_game(game_id) if c.role in ("spectator", "projector"))

    def forget(self, sid: str) -> None:
        """The connection follows no game any more: out of the hub and out of every room of it,
        so that nothing of a seat reaches a socket that is no longer counted as the seat's."""
        with self._lock:
            conn = self.connections.pop(sid, None)
            if conn is not None and conn.game_id:
                game = self._by_game.get(conn.game_id, {})
                game.pop(sid, None)
                if not game:  # nobody of this game is here any more: nothing to compare privates with
                    self._by_game.pop(conn.game_id, None)
                    self._privates.pop(conn.game_id, None)
        if conn is not None:
            for room in (conn.room, conn.seated_room):
                if room:
                    self.socketio.server.leave_room(sid, room, namespace="/")

    def seat(self, table: Table, conn: Connection) -> None:
        """Put a connection in the rooms its viewer reads (after joining or a roster change)."""
        viewer = viewer_of(table, conn)
        room = room_of(table.game_id, viewer)
        seated = room_of(table.game_id, SEATED) if viewer not in (SPECTATOR, FACILITATOR) else None
        server = self.socketio.server
        if room != conn.room:
            if conn.room:
                server.leave_room(conn.sid, conn.room, namespace="/")
            server.enter_room(conn.sid, room, namespace="/")
            conn.room = room
        if seated != conn.seated_room:
            if conn.seated_room:
                server.leave_room(conn.sid, conn.seated_room, namespace="/")
            if seated:
                server.enter_room(conn.sid, seated, namespace="/")
            conn.seated_room = seated

    def notify(self, table: Table, entries: list[dict[str, Any]]) -> None:
        """Called by the table, under its lock, after each durable change."""
        game_id = table.game_id
        if any(e["type"] in ROSTER_CHANGES for e in entries):
            for conn in self.of_game(game_id):
                self.seat(table, conn)
            self._privates.pop(game_id, None)  # a seat's new members have not had its private part
        state = table.game.state
        seats = [s for s in state.seat_ids if self._may_have_members(room_of(game_id, s))]
        others = [v for v in (SPECTATOR, FACILITATOR) if self._may_have_members(room_of(game_id, v))]
        if not seats and not others:
            return
        seq = table.game.length
        part = {"game": game_id, "seq": seq, **_table_part(table, self.watching(game_id))}
        since = update_log_start(state)
        views = encoded_views(state, since, [*others, SPECTATOR] if seats else others)
        if seats:
            for seat, text in self._changed_privates(game_id, state, since, seats).items():
                self.socketio.emit(PRIVATE, {"game": game_id, "seq": seq, "private": orjson.Fragment(text)},
                                   to=room_of(game_id, seat), ignore_queue=True)
            self.socketio.emit(SHARED, {**part, "view": views[SPECTATOR]}, to=room_of(game_id, SEATED),
                               ignore_queue=True)
        for viewer in others:
            self.socketio.emit(UPDATE, {**part, "view": views[viewer]}, to=room_of(game_id, viewer),
                               ignore_queue=True)

    def _changed_privates(self, game_id: str, state: State, since: int, seats: list[str]) -> dict[str, bytes]:
        """The seats among `seats` whose private part is not what their room was sent last, with
        the part encoded. Most changes touch no private part (talk is mostly in the open), and
        same_private_views tells so without building eight of them: measured 8% of the server's
        CPU at 125 tables of lobby chat."""
        last = self._privates.get(game_id)
        sent = last.parts if last is not None else {}
        if last is not None and same_private_views(last.state, last.since, state, since):
            parts = private_parts(state, since, [seat for seat in seats if seat not in sent])
            kept = {**sent, **parts}
        else:
            # A seat nobody was told of is forgotten: its part may change before someone is.
            parts = kept = private_parts(state, since, seats)
        self._privates[game_id] = _Sent(state, since, kept)
        return {seat: text for seat, text in parts.items() if sent.get(seat) != text}

    def _may_have_members(self, room: str) -> bool:
        # Rooms are this process's own, message queue or not.
        return bool(self.socketio.server.manager.rooms.get("/", {}).get(room))


def encoded_views(state: State, since: int, viewers: list[str]) -> dict[str, Any]:
    """The whole views of SPECTATOR (the public view) and FACILITATOR among `viewers`: the
    public one as JSON text ready to embed in a packet, the facilitator's as data."""
    views: dict[str, Any] = {}
    if FACILITATOR in viewers:
        views[FACILITATOR] = view(state, FACILITATOR, since)
    if SPECTATOR in viewers:
        views[SPECTATOR] = orjson.Fragment(orjson.dumps(public_view(state, since)))
    return views


def private_parts(state: State, since: int, seats: list[str]) -> dict[str, bytes]:
    """Each seat's private part, encoded; merged with the public view it is the seat's view."""
    return {seat: orjson.dumps(private_view(state, seat, since)) for seat in seats}
