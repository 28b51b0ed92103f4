"""Who is connected to which table, and what each is sent after a change.

Rooms: one per seat of a game (its players), one for all seated players of the game, one for
the public (spectators, projectors and players not yet seated) and one for the facilitator.
After a change (server/deltas.py computes what): the seated players get one `shared` delta of
the public view, encoded once for the whole table (python-socketio encodes a room emit once),
and the public room the same bytes as `update`; a seat's room gets a `private` delta only when
its private part changed, which in talk-heavy play is rarely; the facilitator's room gets an
`update` delta of its view. A connection that enters a room, or changes viewer when the roster
changes, gets a snapshot of its own. Rooms nobody is in are skipped (a bot seat's room usually is).

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

from game_rules import FACILITATOR, SPECTATOR

from . import deltas
from .protocol import PRIVATE, SHARED, SNAPSHOT, UPDATE
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
        # What each game's rooms were sent last: the base of the next change's deltas.
        self._sent: dict[str, deltas.Sent] = {}
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
                self._leave_game(conn)
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
                self._leave_game(conn)
        if conn is not None:
            for room in (conn.room, conn.seated_room):
                if room:
                    self.socketio.server.leave_room(sid, room, namespace="/")

    def _leave_game(self, conn: Connection) -> None:
        """Under the lock: `conn` follows its game no more. The last to leave takes the game's
        base for deltas with it (a whole position and its views): before, a finished game whose
        connections went on to the next game was held that way for as long as the process ran."""
        game = self._by_game.get(conn.game_id or "", {})
        game.pop(conn.sid, None)
        if not game:
            self._by_game.pop(conn.game_id or "", None)
            self._sent.pop(conn.game_id or "", None)

    def seat(self, table: Table, conn: Connection) -> bool:
        """Put a connection in the rooms its viewer reads (after joining or a roster change);
        True if its viewer changed."""
        viewer = viewer_of(table, conn)
        room = room_of(table.game_id, viewer)
        seated = room_of(table.game_id, SEATED) if viewer not in (SPECTATOR, FACILITATOR) else None
        server = self.socketio.server
        moved = room != conn.room
        if moved:
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
        return moved

    def snapshot(self, table: Table, conn: Connection) -> dict[str, Any]:
        """The connection's whole update (for join, rejoin, facilitate and resync answers), noted
        as the base of the deltas its room gets next."""
        game = table.game
        viewer = viewer_of(table, conn)
        part = _table_part(table, self.watching(table.game_id))
        with self._lock:
            sent = deltas.register(self._sent.get(table.game_id), game.length, game.state, viewer, part)
            if sent is not None:
                self._sent[table.game_id] = sent
        return deltas.snapshot(table.game_id, game.length, game.state, viewer, part)

    def notify(self, table: Table, entries: list[dict[str, Any]]) -> None:
        """Called by the table, under its lock, after each durable change."""
        game_id = table.game_id
        moved = []
        if any(e["type"] in ROSTER_CHANGES for e in entries):
            moved = [conn for conn in self.of_game(game_id) if self.seat(table, conn)]
        state = table.game.state
        seats = [s for s in state.seat_ids if self._may_have_members(room_of(game_id, s))]
        streams = [deltas.PUBLIC] if seats or self._may_have_members(room_of(game_id, SPECTATOR)) else []
        if self._may_have_members(room_of(game_id, FACILITATOR)):
            streams.append(FACILITATOR)
        if not streams:
            self._sent.pop(game_id, None)  # nobody to send to: the next to come gets a fresh base
            return
        seq = table.game.length
        part = _table_part(table, self.watching(game_id))
        out, self._sent[game_id] = deltas.changes(game_id, self._sent.get(game_id), seq, state, part, streams, seats)
        for conn in self._needing_snapshots(table, out.snapshots, moved):
            self.socketio.emit(SNAPSHOT, deltas.snapshot(game_id, seq, state, viewer_of(table, conn), part),
                               to=conn.sid, ignore_queue=True)
        for seat, message in out.privates.items():
            self.socketio.emit(PRIVATE, message, to=room_of(game_id, seat), ignore_queue=True)
        if out.public is not None:
            public = orjson.Fragment(orjson.dumps(out.public))  # encoded once for both rooms
            if seats:
                self.socketio.emit(SHARED, public, to=room_of(game_id, SEATED), ignore_queue=True)
            self.socketio.emit(UPDATE, public, to=room_of(game_id, SPECTATOR), ignore_queue=True)
        if out.facilitator is not None:
            self.socketio.emit(UPDATE, out.facilitator, to=room_of(game_id, FACILITATOR), ignore_queue=True)

    def _needing_snapshots(self, table: Table, streams: set[str], moved: list[Connection]) -> list[Connection]:
        """Connections whose viewer changed, and those of streams that have no base here."""
        if not streams:
            return moved
        chosen = {conn.sid: conn for conn in moved}
        for conn in self.of_game(table.game_id):
            viewer = viewer_of(table, conn)
            stream = viewer if viewer == FACILITATOR else deltas.PUBLIC
            if viewer in streams or stream in streams:
                chosen[conn.sid] = conn
        return list(chosen.values())

    def _may_have_members(self, room: str) -> bool:
        # Rooms are this process's own, message queue or not.
        return bool(self.socketio.server.manager.rooms.get("/", {}).get(room))
