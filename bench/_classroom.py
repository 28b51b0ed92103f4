"""The classroom workload of bench/fanout.py: tables played as a class plays them.

Each table is a game of plates-2021 with short phase timers and few rounds, so that it cycles:
six people over four delegations (Serbia and Kosovo two each, the EU and the USA one each; the
first of a delegation is its head), the four other delegations bots, a facilitator and a
projector: eight connections. People chat at a classroom's rate in the plenary, their team's
channel and bilateral channels; heads submit orders, table proposals, answer and amend them and
make statements. A game that ends is replaced by a new one at once (new join code, the same
eight people rejoin).

Each action is timed from its emit to its arrival at the last connection that should see it:
the connections whose viewer may read the log entry it makes (everyone for public entries; the
channel's delegations and the facilitator for a private message). The entry is found by a
marker in its text (chat, statements) or as the next entry of its kind by that seat (a head acts
one action at a time). Each connection keeps its view as the protocol says (server/mirror.py)
and asks for a snapshot when it sees a gap.

Worker commands over the pipe, as bench/_load.py's: ("connect",), ("run", seconds, start_wall),
("close",).
"""
from __future__ import annotations

import asyncio
import gc
import json
import random
import sys
import time
import traceback
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import socketio

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _load import die_with_parent, watch_loop  # noqa: E402

from server.mirror import Mirror  # noqa: E402

SCENARIO = "plates-2021"
PEOPLE = (("serbia", 2), ("kosovo", 2), ("eu", 1), ("usa", 1))  # six people, two teams of two
CONNECTIONS_PER_TABLE = 8  # six people, a facilitator, a projector
FACILITATOR, PROJECTOR = 6, 7
DRAIN_SECONDS = 5.0
KINDS = ("chat_plenary", "chat_team", "chat_bilateral", "statement", "orders", "propose", "respond", "amend")
# The log entry each kind of action writes (found by its seat), when it carries no marker.
ENTRY_OF = {"orders": "orders_submitted", "propose": "proposal_tabled", "amend": "proposal_tabled",
            "respond": "proposal_answered"}


class Counted:
    """orjson for the packets, counting the bytes each process receives and the largest delta."""

    received = 0
    largest_delta = 0
    delta_sizes: list[int] = []  # every 16th delta's size
    deltas = 0

    @staticmethod
    def dumps(obj: Any, *args: Any, **kwargs: Any) -> str:
        return orjson.dumps(obj).decode()

    @classmethod
    def loads(cls, text: str | bytes, *args: Any, **kwargs: Any) -> Any:
        size = len(text)
        cls.received += size
        if text.startswith(('["update"', '["shared"', '["private"')):
            cls.largest_delta = max(cls.largest_delta, size)
            cls.deltas += 1
            if cls.deltas % 16 == 1:
                cls.delta_sizes.append(size)
        return orjson.loads(text)


@dataclass(eq=False)
class Action:
    kind: str
    seat: str
    emitted: float
    expected: frozenset[int]  # the connections that should see it
    seen: dict[int, float] = field(default_factory=dict)
    acked: bool = False
    dropped: bool = False  # refused, or cut off by its game's end: not a measure of delivery


@dataclass
class Person:
    index: int
    seat: str | None  # None: the facilitator or the projector
    head: bool = False
    client: socketio.AsyncClient | None = None
    mirror: Mirror = field(default_factory=Mirror)
    token: str | None = None


class Table:
    """One table of the class: its game, its eight connections, what its people are doing."""

    def __init__(self, index: int, worker: Worker):
        self.index, self.worker = index, worker
        self.people = [Person(i, seat, head=(n == 0)) for i, (seat, n) in
                       enumerate((s, n) for s, size in PEOPLE for n in range(size))]
        self.people += [Person(FACILITATOR, None), Person(PROJECTOR, None)]
        self.game: dict[str, Any] = {}
        self.by_marker: dict[str, Action] = {}
        self.by_seat: dict[tuple[str, str], list[Action]] = {}
        self.tracked: dict[int, Action] = {}  # log position -> the action that wrote it
        self.untracked: set[int] = set()
        self.actions: list[Action] = []  # this game's, while measuring
        self.replacing = False
        self.next_id = 0
        self.games_played = 0

    # -- set-up --

    async def open_game(self) -> None:
        """A new game, its facilitator and projector connected, its six people seated; started."""
        body = {"scenario": SCENARIO, "team_size": 2, "rounds": self.worker.rounds,
                "timers": {"orders": self.worker.orders_seconds, "talks": self.worker.talks_seconds}}
        self.game = await asyncio.get_running_loop().run_in_executor(None, _post, self.worker.url + "/api/games", body)
        self.tracked.clear()
        self.untracked.clear()
        self.by_seat.clear()
        self.replacing = True
        for person in self.people:
            await self.connect(person)
        self.replacing = False
        await self.call(self.people[FACILITATOR], "start", {})
        self.games_played += 1

    async def connect(self, person: Person) -> None:
        if person.client is not None:
            await person.client.disconnect()
        client = socketio.AsyncClient(reconnection=False, json=Counted)
        person.client, person.mirror = client, Mirror()
        for event in ("snapshot", "update", "shared", "private"):
            client.on(event, self._receiver(person, event))
        client.on("disconnect", lambda *reason: None if self.replacing else self.worker.on_disconnect())
        await client.connect(self.worker.url, transports=["websocket"], wait_timeout=30)
        if person.index == FACILITATOR:
            answer = await self.call(person, "facilitate", {"token": self.game["facilitator_token"]})
        elif person.index == PROJECTOR:
            answer = await self.call(person, "join", {"code": self.game["code"], "nickname": "projector",
                                                     "role": "projector"})
        else:
            answer = await self.call(person, "join", {"code": self.game["code"], "nickname": f"p{person.index}",
                                                     "seat": person.seat})
            if answer.get("seat") != person.seat:
                raise RuntimeError(f"table {self.index}: p{person.index} seated at {answer.get('seat')}")
        self._snapshot(person, answer["update"])

    async def call(self, person: Person, event: str, payload: dict[str, Any]) -> dict[str, Any]:
        answer = await person.client.call(event, payload, timeout=30)
        if not (isinstance(answer, dict) and answer.get("ok")):
            raise RuntimeError(f"{event} refused: {answer!r}"[:300])
        return answer

    # -- what arrives --

    def _receiver(self, person: Person, event: str):
        def on_message(message: Any) -> None:
            arrived = time.perf_counter()
            if event == "snapshot":
                self._snapshot(person, message)
                return
            if not person.mirror.take(event, message):
                self.worker.resyncs += 1
                asyncio.ensure_future(self._resync(person))
                return
            if event == "private":
                self._arrived(person, message["private"]["log"], arrived)
            else:
                self._arrived(person, message["log"]["add"], arrived)
        return on_message

    def _snapshot(self, person: Person, update: dict[str, Any]) -> None:
        if not person.mirror.snapshot(update):
            self.worker.resyncs += 1
            asyncio.ensure_future(self._resync(person))
        elif person.mirror.latest is not None:
            self._arrived(person, person.mirror.latest["view"]["log"], time.perf_counter())

    async def _resync(self, person: Person) -> None:
        try:
            answer = await person.client.call("resync", {}, timeout=30)
            if answer.get("ok"):
                self._snapshot(person, answer["update"])
        except Exception as exc:  # noqa: BLE001 - reported, not fatal
            self.worker.note(f"resync: {exc!r}")

    def _arrived(self, person: Person, entries: list[dict[str, Any]], arrived: float) -> None:
        for entry in entries:
            n = entry["n"]
            action = self.tracked.get(n)
            if action is None:
                if n in self.untracked:
                    continue
                action = self._match(entry)
                if action is None:
                    self.untracked.add(n)
                    continue
                self.tracked[n] = action
            if person.index in action.expected and person.index not in action.seen:
                action.seen[person.index] = arrived
                self.worker.arrived(action)

    def _match(self, entry: dict[str, Any]) -> Action | None:
        text = entry.get("text")
        if isinstance(text, str) and text.startswith("b#"):
            return self.by_marker.pop(text.partition(" ")[0], None)
        kind = entry["type"]
        seat = entry.get("seat") or entry.get("by")
        if kind == "proposal_tabled":
            key = (seat, "amend" if entry.get("amends") else "propose")
        else:
            key = (seat, {v: k for k, v in ENTRY_OF.items() if k != "amend"}.get(kind, ""))
        waiting = self.by_seat.get(key)
        return waiting.pop(0) if waiting else None

    # -- what people do --

    async def act(self, person: Person, kind: str, event: str, payload: dict[str, Any],
                  expected: frozenset[int]) -> None:
        action = Action(kind, person.seat, time.perf_counter(), expected)
        if "text" in payload:
            self.next_id += 1
            marker = f"b#{self.index}.{self.next_id}"
            payload = {**payload, "text": f"{marker} {payload['text']}"}
            self.by_marker[marker] = action
        else:
            self.by_seat.setdefault((person.seat, kind), []).append(action)
        self.worker.sent(action)
        if self.worker.measuring:
            self.actions.append(action)
        try:
            answer = await person.client.call(event, payload, timeout=30)
        except Exception as exc:  # noqa: BLE001 - a lost action
            self.worker.note(f"{kind}: {exc!r}")
            return
        if isinstance(answer, dict) and answer.get("ok"):
            action.acked = True
            return
        self.worker.refused(action, answer)
        waiting = self.by_seat.get((person.seat, kind))
        if waiting and action in waiting:
            waiting.remove(action)
        self.by_marker = {m: a for m, a in self.by_marker.items() if a is not action}

    def audience(self, channel: str) -> frozenset[int]:
        if channel == "plenary":
            return frozenset(range(CONNECTIONS_PER_TABLE))
        seats = channel.partition(":")[2].split("+")
        return frozenset([FACILITATOR] + [p.index for p in self.people if p.seat in seats])

    async def chatter(self, person: Person, until: float) -> None:
        """A student: a message every `chat_every` seconds on average, in a channel of theirs."""
        rnd = self.worker.rnd
        others = [s for s, _ in PEOPLE if s != person.seat] + ["nato_kfor", "russia"]
        while time.perf_counter() < until:
            await asyncio.sleep(rnd.expovariate(1.0 / self.worker.chat_every))
            if time.perf_counter() >= until or not self.playing(person):
                continue
            roll = rnd.random()
            if roll < 0.5:
                channel, kind = "plenary", "chat_plenary"
            elif roll < 0.8:
                channel, kind = f"delegation:{person.seat}", "chat_team"
            else:
                channel, kind = "bilateral:" + "+".join(sorted((person.seat, rnd.choice(others)))), "chat_bilateral"
            await self.act(person, kind, "chat", {"channel": channel, "text": "we should talk about plates"},
                           self.audience(channel))

    async def head(self, person: Person, until: float) -> None:
        """A head of delegation: orders once a round; in the talks, every 2-6 s, half the time an
        answer (or, one time in three, an amendment) to a proposal it is party to, else now and
        then a proposal of its own or a statement."""
        rnd, everyone = self.worker.rnd, frozenset(range(CONNECTIONS_PER_TABLE))
        ordered: tuple[int, int] | None = None
        while time.perf_counter() < until:
            await asyncio.sleep(rnd.uniform(2.0, 6.0))
            view = person.mirror.latest and person.mirror.latest["view"]
            if not view or time.perf_counter() >= until:
                continue
            if view["phase"] == "orders" and ordered != (self.games_played, view["round"]):
                ordered = (self.games_played, view["round"])
                cards = rnd.sample(view["you"]["playable"], min(len(view["you"]["playable"]), rnd.randint(0, 2)))
                await self.act(person, "orders", "submit_orders", {"cards": cards}, everyone)
            elif view["phase"] == "talks":
                await self.talk(person, view, everyone)

    async def talk(self, person: Person, view: dict[str, Any], everyone: frozenset[int]) -> None:
        rnd, seat = self.worker.rnd, person.seat
        open_ = [p for p in view["proposals"] if p["status"] == "open"]
        mine = [p for p in open_ if seat in p["parties"] and seat not in p["responses"] and p["by"] != seat]
        roll = rnd.random()
        if mine and roll < 0.5:
            proposal = rnd.choice(mine)
            if rnd.random() < 0.3:
                clauses = rnd.sample(self.worker.clauses, rnd.randint(1, 3))
                await self.act(person, "amend", "amend", {"proposal": proposal["id"], "clauses": clauses}, everyone)
            else:
                await self.act(person, "respond", "respond",
                               {"proposal": proposal["id"], "answer": rnd.choice(["accept", "reject"])}, everyone)
        elif roll < 0.65:
            await self.act(person, "propose", "propose", {"clauses": rnd.sample(self.worker.clauses, rnd.randint(1, 3))},
                           everyone)
        elif roll < 0.75:
            await self.act(person, "statement", "statement", {"text": "we call on both sides to de-escalate"}, everyone)

    def playing(self, person: Person) -> bool:
        view = person.mirror.latest and person.mirror.latest["view"]
        return bool(view) and view["phase"] in ("orders", "talks")

    async def play(self, until: float) -> None:
        """Play games until `until`, each replaced by a new one as soon as it ends."""
        while time.perf_counter() < until:
            tasks = [asyncio.ensure_future(self.chatter(p, until)) for p in self.people if p.seat]
            tasks += [asyncio.ensure_future(self.head(p, until)) for p in self.people if p.head]
            while time.perf_counter() < until and not self.over():
                await asyncio.sleep(0.5)
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            if time.perf_counter() < until:
                self.worker.games_ended += 1
                await self.settle()
                await self.open_game()

    async def settle(self) -> None:
        """Before the game's connections go: let what is on its way arrive (up to 2 s); what then
        has not is no measure of the server (it was cut off by the game's end) and is left out."""
        deadline = time.perf_counter() + 2.0
        while time.perf_counter() < deadline and any(len(a.seen) < len(a.expected) for a in self.actions):
            await asyncio.sleep(0.1)
        for action in self.actions:
            if len(action.seen) < len(action.expected):
                self.worker.superseded(action)
        self.actions = []

    def over(self) -> bool:
        view = self.people[FACILITATOR].mirror.latest
        return bool(view) and view["view"]["phase"] == "over"

    async def close(self) -> None:
        await asyncio.gather(*(p.client.disconnect() for p in self.people if p.client), return_exceptions=True)


def _post(url: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


class Worker:
    def __init__(self, url: str, tables: list[int], settings: dict[str, Any]):
        from game_rules import load_scenario

        self.url = url
        self.rounds = settings["rounds"]
        self.orders_seconds, self.talks_seconds = settings["orders_seconds"], settings["talks_seconds"]
        self.chat_every = settings["chat_every"]
        self.clauses = [c.id for c in load_scenario(SCENARIO).clauses]
        self.rnd = random.Random(settings.get("seed", 1) * 1000 + (tables[0] if tables else 0))
        self.tables = [Table(i, self) for i in tables]
        self.measuring = False
        self.reset()

    def reset(self) -> None:
        self.actions: list[Action] = []
        self.refusals: dict[str, int] = {}
        self.errors: list[str] = []
        self.resyncs = 0
        self.disconnects = 0
        self.games_ended = 0
        self.cut_off = 0

    def sent(self, action: Action) -> None:
        if self.measuring:
            self.actions.append(action)

    def arrived(self, action: Action) -> None:
        pass  # counted from the actions at the end

    def refused(self, action: Action, answer: Any) -> None:
        code = answer.get("error", {}).get("code", "?") if isinstance(answer, dict) else "?"
        if self.measuring:
            self.refusals[f"{action.kind}:{code}"] = self.refusals.get(f"{action.kind}:{code}", 0) + 1
        action.dropped = True

    def superseded(self, action: Action) -> None:
        if not action.dropped:
            action.dropped = True
            self.cut_off += 1

    def note(self, error: str) -> None:
        if self.measuring:
            self.errors.append(error)

    def on_disconnect(self) -> None:
        if self.measuring:
            self.disconnects += 1

    async def connect(self) -> dict[str, Any]:
        gate = asyncio.Semaphore(5)

        async def up(table: Table) -> None:
            async with gate:
                await table.open_game()

        started = time.perf_counter()
        await asyncio.gather(*(up(t) for t in self.tables))
        gc.collect()
        gc.freeze()
        return {"connections": CONNECTIONS_PER_TABLE * len(self.tables),
                "connect_seconds": round(time.perf_counter() - started, 1)}

    async def measure(self, seconds: float, start_wall: float, warm_up: float) -> dict[str, Any]:
        start = time.perf_counter() + max(0.0, start_wall - time.time())
        until = start + warm_up + seconds
        players = [asyncio.ensure_future(t.play(until)) for t in self.tables]
        await asyncio.sleep(max(0.0, start + warm_up - time.perf_counter()))
        self.reset()
        for table in self.tables:
            table.actions = []
        bytes_before, self.measuring = Counted.received, True
        Counted.largest_delta, Counted.delta_sizes = 0, []
        cpu_before, wall_before = time.process_time(), time.perf_counter()
        lags: list[float] = []
        ticker = asyncio.ensure_future(watch_loop(lags, tick=0.01))
        await asyncio.gather(*players, return_exceptions=True)
        ticker.cancel()
        self.measuring = False
        received = Counted.received - bytes_before
        deadline = time.perf_counter() + DRAIN_SECONDS
        while time.perf_counter() < deadline and any(len(a.seen) < len(a.expected) for a in self.actions
                                                     if not a.dropped):
            await asyncio.sleep(0.1)
        cpu = time.process_time() - cpu_before
        wall = time.perf_counter() - wall_before
        self.actions = [a for a in self.actions if not a.dropped]
        lost_acks = sum(1 for a in self.actions if not a.acked and len(a.seen) < len(a.expected))
        by_kind: dict[str, list[float]] = {}
        for action in self.actions:
            if len(action.seen) == len(action.expected):
                by_kind.setdefault(action.kind, []).append(max(action.seen.values()) - action.emitted)
        return {
            "latencies": by_kind,
            "sent": len(self.actions),
            "expected": sum(len(a.expected) for a in self.actions),
            "delivered": sum(len(a.seen) for a in self.actions),
            "unanswered": lost_acks,
            "refusals": self.refusals,
            "errors": self.errors[:20],
            "error_count": len(self.errors),
            "resyncs": self.resyncs,
            "disconnects": self.disconnects,
            "games_ended": self.games_ended,
            "bytes_received": received,
            "largest_delta": Counted.largest_delta,
            "delta_sizes": Counted.delta_sizes,
            "cut_off": self.cut_off,
            "connections": CONNECTIONS_PER_TABLE * len(self.tables),
            "cpu_pct": 100.0 * cpu / wall if wall else 0.0,
            "loop_lags": lags,
        }

    async def close(self) -> None:
        await asyncio.gather(*(t.close() for t in self.tables), return_exceptions=True)


def worker_main(conn, url: str, tables: list[int], settings: dict[str, Any]) -> None:
    die_with_parent()
    asyncio.run(_serve(conn, Worker(url, tables, settings)))


async def _serve(conn, worker: Worker) -> None:
    loop = asyncio.get_running_loop()
    while True:
        command = await loop.run_in_executor(None, conn.recv)
        try:
            if command[0] == "connect":
                conn.send(("connected", await worker.connect()))
            elif command[0] == "run":
                _, seconds, start_wall, warm_up = command
                conn.send(("result", await worker.measure(seconds, start_wall, warm_up)))
            elif command[0] == "close":
                await worker.close()
                conn.send(("closed", {}))
                return
        except Exception as exc:  # noqa: BLE001 - the coordinator reports it
            conn.send(("failed", f"{exc!r}\n{traceback.format_exc(limit=5)}"))
            if command[0] == "connect":
                await worker.close()
                return
