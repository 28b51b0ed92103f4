"""The load generator: one worker process drives the seats of some tables with python-socketio
clients over websockets, and measures each action from its emit to its arrival at every seat.

All the seats of a table live in one worker, so the sender's emit time and the receivers'
arrival times are read from the same clock (`time.perf_counter`) in the same process: no
clock is compared across processes. A worker's event loop that falls behind would add to the
latencies, so each worker also reports its CPU use and the worst lag of its loop.

The coordinator talks to a worker over a pipe:
    ("connect",)                          → ("connected", {...}) | ("failed", message)
    ("run", rate, seconds, start_wall, payload_bytes) → ("result", {...})
    ("close",)                            → ("closed", {})
"""
from __future__ import annotations

import asyncio
import gc
import json
import math
import random
import signal
import time
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson
import socketio

SEATS_PER_TABLE = 8
CONNECTS_AT_ONCE = 20
DRAIN_SECONDS = 5.0
PAYLOAD_SAMPLE_EVERY = 16  # of the updates of a run, every 16th is measured for its size (it costs CPU)


class PacketJSON:
    """orjson for the clients' packets, on both sides of a comparison alike. Decoding every
    view a seat receives with the standard library was most of a worker's CPU, and at the
    higher sweep rates four workers and the server then shared two cores: the machine, not the
    server, set the latencies."""

    @staticmethod
    def dumps(obj: Any, *args: Any, **kwargs: Any) -> str:
        return orjson.dumps(obj).decode()

    @staticmethod
    def loads(text: str | bytes, *args: Any, **kwargs: Any) -> Any:
        return orjson.loads(text)


@dataclass(frozen=True)
class TableSpec:
    index: int
    name: str  # baseline: the room's name; game server: the game id
    code: str = ""  # game server: the join code


# ---- how each server is spoken to -----------------------------------------------------------

class BaselineDriver:
    """bench/baseline_server.py: join a room, `act` with an id, receive `view` carrying that id."""

    update_event = "view"
    payload_bytes: int | None = None  # set per run; None: the server's own default

    async def join(self, client: socketio.AsyncClient, table: TableSpec, seat: int) -> dict[str, Any]:
        answer = await client.call("join", {"table": table.name}, timeout=30)
        if not (isinstance(answer, dict) and answer.get("ok")):
            raise RuntimeError(f"join refused: {answer!r}")
        return {}

    async def act(self, client, table: TableSpec, seat_info: dict[str, Any], action_id: int, on_ack) -> None:
        act = {"table": table.name, "id": action_id}
        if self.payload_bytes:
            act["size"] = self.payload_bytes
        await client.emit("act", act)

    def action_ids(self, update: Any, floor: int) -> Iterable[int]:
        return (update["id"],)


class CrisisDriver:
    """The game server, spoken to as server/protocol.py declares it (docs/protocol.md): each seat
    joins its table by the join code as a player; the acting seat sends `chat` in the plenary with
    the text `bench#ID`; every seat's `shared` delta then brings that message as a new log entry.

    Every name the protocol defines is in this class, so that a change of the protocol is a change
    here only.
    """

    update_event = "shared"  # the public view's delta a table's seated players get after each change
    marker = "bench#"
    payload_bytes: int | None = None  # the game server's views weigh what they weigh

    async def join(self, client: socketio.AsyncClient, table: TableSpec, seat: int) -> dict[str, Any]:
        answer = await client.call("join", {"code": table.code, "nickname": f"bench{seat}", "role": "player"},
                                   timeout=30)
        if not (isinstance(answer, dict) and answer.get("ok") and answer.get("seat")):
            raise RuntimeError(f"join of table {table.name} seat {seat} refused or left unseated: {answer!r}"[:500])
        return {"token": answer["token"], "seat": answer["seat"]}

    async def act(self, client, table: TableSpec, seat_info: dict[str, Any], action_id: int, on_ack) -> None:
        await client.emit("chat", {"channel": "plenary", "text": f"{self.marker}{action_id}"}, callback=on_ack)

    def action_ids(self, update: Any, floor: int) -> Iterable[int]:
        """The bench messages among a delta's new log entries, newest first, down to the oldest
        still awaited."""
        for entry in reversed(update["log"]["add"]):
            text = entry.get("text") if entry.get("type") == "message" else None
            if not (isinstance(text, str) and text.startswith(self.marker)):
                continue
            action_id = int(text[len(self.marker):])
            if action_id < floor:
                return
            yield action_id


DRIVERS = {"baseline": BaselineDriver, "server": CrisisDriver}


def ack_is_error(answer: Any) -> bool:
    return isinstance(answer, dict) and (answer.get("ok") is False or "error" in answer)


# ---- one table's measurements ---------------------------------------------------------------

@dataclass
class TableLoad:
    spec: TableSpec
    clients: list[socketio.AsyncClient] = field(default_factory=list)
    seat_infos: list[dict[str, Any]] = field(default_factory=list)
    next_id: int = 1
    pending: dict[int, tuple[float, set[int]]] = field(default_factory=dict)

    def floor(self) -> int:
        return min(self.pending) if self.pending else self.next_id


class Run:
    """The counters of one measured run of a worker."""

    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.sent = 0
        self.delivered = 0
        self.errors: list[str] = []
        self.updates = 0
        self.payload_sizes: list[int] = []
        self.outstanding = 0
        self.sending_done = False
        self.drained = asyncio.Event()

    def settle(self) -> None:
        if self.sending_done and self.outstanding == 0:
            self.drained.set()


class Worker:
    def __init__(self, kind: str, urls: list[str], tables: list[TableSpec]):
        self.driver = DRIVERS[kind]()
        self.urls = urls
        self.tables = [TableLoad(spec) for spec in tables]
        self.run: Run | None = None
        self.disconnects = 0

    # -- set-up --

    async def connect(self) -> dict[str, Any]:
        gate = asyncio.Semaphore(CONNECTS_AT_ONCE)
        started = time.perf_counter()

        async def seat_up(table: TableLoad, seat: int) -> tuple[socketio.AsyncClient, dict[str, Any]]:
            async with gate:
                client = socketio.AsyncClient(reconnection=False, json=PacketJSON)
                client.on(self.driver.update_event, self._receiver(table, seat))
                client.on("disconnect", self._on_disconnect)
                url = self.urls[(table.spec.index * SEATS_PER_TABLE + seat) % len(self.urls)]
                await client.connect(url, transports=["websocket"], wait_timeout=30)
                return client, await self.driver.join(client, table.spec, seat)

        for table in self.tables:
            seated = await asyncio.gather(*(seat_up(table, s) for s in range(SEATS_PER_TABLE)))
            table.clients = [c for c, _ in seated]
            table.seat_infos = [info for _, info in seated]
        # Connections and their objects live for the whole run: keep the collector off them, so
        # that the load generator's own GC pauses do not show up as server latency.
        gc.collect()
        gc.freeze()
        return {"clients": sum(len(t.clients) for t in self.tables),
                "connect_seconds": round(time.perf_counter() - started, 2)}

    def _on_disconnect(self, *reason) -> None:
        self.disconnects += 1

    def _receiver(self, table: TableLoad, seat: int):
        def on_update(update: Any) -> None:
            arrived = time.perf_counter()
            run = self.run
            if run is None:
                return
            run.updates += 1
            if run.updates % PAYLOAD_SAMPLE_EVERY == 1:
                run.payload_sizes.append(len(json.dumps(update, separators=(",", ":"))))
            for action_id in self.driver.action_ids(update, table.floor()):
                waiting = table.pending.get(action_id)
                if waiting is None or seat in waiting[1]:
                    continue
                waiting[1].add(seat)
                run.delivered += 1
                if len(waiting[1]) == SEATS_PER_TABLE:
                    run.latencies.append(arrived - waiting[0])
                    del table.pending[action_id]
                    run.outstanding -= 1
                    run.settle()
        return on_update

    # -- a measured run --

    async def measure(self, rate: float, seconds: float, start_wall: float,
                      payload_bytes: int | None) -> dict[str, Any]:
        run = self.run = Run()
        self.driver.payload_bytes = payload_bytes
        for table in self.tables:
            table.pending.clear()
        start = time.perf_counter() + max(0.0, start_wall - time.time())
        end = start + seconds
        cpu_before, wall_before = time.process_time(), time.perf_counter()
        lags: list[float] = []
        ticker = asyncio.create_task(watch_loop(lags, tick=0.05))
        await asyncio.gather(*(self._send(table, rate, start, end) for table in self.tables))
        await asyncio.sleep(max(0.0, end - time.perf_counter()))  # the same window for every worker
        run.sending_done = True
        run.settle()
        try:
            await asyncio.wait_for(run.drained.wait(), DRAIN_SECONDS)
        except TimeoutError:
            pass
        ticker.cancel()
        cpu = time.process_time() - cpu_before
        wall = time.perf_counter() - wall_before
        self.run = None
        return {
            "latencies": run.latencies,
            "sent": run.sent,
            "delivered": run.delivered,
            "expected": run.sent * SEATS_PER_TABLE,
            "incomplete": sum(len(t.pending) for t in self.tables),
            "errors": run.errors[:20],
            "error_count": len(run.errors),
            "disconnects": self.disconnects,
            "cpu_pct": 100.0 * cpu / wall if wall else 0.0,
            "loop_lag_ms": 1000.0 * max(lags, default=0.0),
            "payload_sizes": run.payload_sizes,
        }

    async def _send(self, table: TableLoad, rate: float, start: float, end: float) -> None:
        """One action every 1/rate seconds on a fixed schedule from a random phase, so that a slow
        answer never delays the next action (no coordinated omission)."""
        run = self.run
        period = 1.0 / rate
        due = start + random.uniform(0, period)
        sender, info = table.clients[0], table.seat_infos[0]
        while due < end:
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            action_id = table.next_id
            table.next_id += 1
            table.pending[action_id] = (time.perf_counter(), set())
            run.sent += 1
            run.outstanding += 1
            try:
                await self.driver.act(sender, table.spec, info, action_id, self._ack_for(run, action_id))
            except Exception as exc:  # a failed emit is a lost action, reported as an error
                run.errors.append(f"{table.spec.name}#{action_id}: {exc!r}")
            due += period

    @staticmethod
    def _ack_for(run: Run, action_id: int):
        def on_ack(*answer) -> None:
            if answer and ack_is_error(answer[0]):
                run.errors.append(f"#{action_id}: {answer[0]!r}")
        return on_ack

    async def close(self) -> None:
        await asyncio.gather(*(c.disconnect() for t in self.tables for c in t.clients), return_exceptions=True)


async def watch_loop(lags: list[float], tick: float) -> None:
    """How late this worker's loop wakes from a sleep of `tick`, once a tick, appended to `lags`:
    an arrival is stamped when the loop gets to it, so a late loop makes a late arrival that is
    the load generator's, not the server's."""
    while True:
        before = time.perf_counter()
        await asyncio.sleep(tick)
        lags.append(time.perf_counter() - before - tick)


def die_with_parent() -> None:
    """Linux: this process gets SIGTERM when the process that started it dies, however it dies."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def worker_main(conn, kind: str, urls: list[str], tables: list[TableSpec]) -> None:
    """Entry point of a worker process: obey the coordinator's commands until `close`."""
    die_with_parent()
    asyncio.run(_serve_commands(conn, Worker(kind, urls, tables)))


async def _serve_commands(conn, worker: Worker) -> None:
    loop = asyncio.get_running_loop()
    while True:
        command = await loop.run_in_executor(None, conn.recv)
        try:
            if command[0] == "connect":
                conn.send(("connected", await worker.connect()))
            elif command[0] == "run":
                _, rate, seconds, start_wall, payload_bytes = command
                conn.send(("result", await worker.measure(rate, seconds, start_wall, payload_bytes)))
            elif command[0] == "close":
                await worker.close()
                conn.send(("closed", {}))
                return
        except Exception as exc:
            conn.send(("failed", f"{exc!r}\n{traceback.format_exc(limit=5)}"))
            if command[0] == "connect":
                await worker.close()
                return


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an ascending list (q in 0..100)."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(q / 100.0 * len(sorted_values)))
    return sorted_values[rank - 1]
