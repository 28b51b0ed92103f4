"""A real `crisis-table serve` process and Socket.IO clients over websockets, for the server tests."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable

import requests
import socketio


BIN = Path(sys.executable).parent / "crisis-table"
WAIT = 15.0  # seconds any condition may take before a test fails


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A server process; `restart` keeps the port and the data file."""

    def __init__(self, data: Path, env: dict[str, str] | None = None, args: list[str] | None = None):
        self.data = data
        self.args = list(args or [])
        self.port = free_port()
        # The REST rate limits count per address, and every test client is 127.0.0.1: tests that
        # are not about them get limits they never reach.
        self.env = {**os.environ, "CRISIS_CREATE_LIMIT": "10000 per minute", "CRISIS_EXPORT_LIMIT": "10000 per minute",
                    **(env or {})}
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.log = data.parent / f"server-{self.port}.log"

    def start(self) -> "Server":
        out = open(self.log, "a")
        self.proc = subprocess.Popen(
            [str(BIN), "serve", "--port", str(self.port), "--data", str(self.data), *self.args],
            stdout=out, stderr=subprocess.STDOUT, env=self.env,
        )
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"server exited: {self.log.read_text()}"
            try:
                if requests.get(self.url + "/healthz", timeout=0.5).ok:
                    return self
            except requests.ConnectionError:
                time.sleep(0.05)
        raise AssertionError(f"server did not answer /healthz: {self.log.read_text()}")

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None and requests.get(self.url + "/healthz", timeout=2).ok

    def kill(self) -> None:
        """kill -9: no chance to flush or close anything."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.kill()

    # ---- REST helpers -----------------------------------------------------------------------

    def create(self, **settings: Any) -> dict[str, Any]:
        response = requests.post(self.url + "/api/games", json={"scenario": "lighthouse", **settings}, timeout=5)
        assert response.status_code == 201, response.text
        return response.json()

    def export(self, game: dict[str, Any]) -> dict[str, Any]:
        response = requests.get(f"{self.url}/api/games/{game['game']}/export.json",
                                headers={"Authorization": f"Bearer {game['facilitator_token']}"}, timeout=5)
        assert response.ok, response.text
        return response.json()


def start_server(tmp_path_factory, env: dict[str, str] | None = None) -> Server:
    return Server(tmp_path_factory.mktemp("server") / "games.sqlite3", env).start()


class Mirror:
    """A client's copy of its update, kept as docs/protocol.md says: a snapshot replaces it,
    deltas patch it in order, and a delta that does not follow asks for a snapshot (`resync`
    returns True). The reference for web_client/js/link.js."""

    def __init__(self):
        self.latest: dict[str, Any] | None = None  # {game, seq, view, roster, timer}
        self.private_seq = -1  # the seq the private part held (in latest's view) is from
        self.waiting: list[tuple[str, dict[str, Any]]] = []  # deltas that came before a snapshot
        self.resyncs = 0

    def snapshot(self, update: dict[str, Any]) -> bool:
        """Take a whole update; False if a delta that came before it does not follow it (resync)."""
        if self.latest is not None and update["seq"] < self.latest["seq"]:
            return True  # an answer overtaken by newer deltas
        self.latest = {**update, "view": {**update["view"], "log": list(update["view"]["log"])}}
        self.private_seq = update["seq"]
        waiting, self.waiting = self.waiting, []
        return all(self.take(event, message) for event, message in waiting)

    def take(self, event: str, message: dict[str, Any]) -> bool:
        """Apply a delta (`update`, `shared`) or a private part; False if the client must resync."""
        if self.latest is None:
            self.waiting.append((event, message))
            return True
        if event == "private":
            return self._private(message)
        if message["seq"] <= self.latest["seq"]:
            return True
        if message["base"] != self.latest["seq"]:
            return self._gap()
        view = {k: v for k, v in self.latest["view"].items() if k not in message.get("unset", ())}
        view.update(message["view"])
        view["log"] = _merged([e for e in view["log"] if e["n"] >= message["log"]["from"]], message["log"]["add"])
        update = {**self.latest, "seq": message["seq"], "view": view}
        for part in ("roster", "timer"):
            if part in message:
                update[part] = message[part]
        self.latest = update
        return True

    def _private(self, message: dict[str, Any]) -> bool:
        if message["seq"] <= self.private_seq:
            return True
        if message["base"] > self.private_seq:
            return self._gap()
        part = message["private"]
        view = {**self.latest["view"], "log": _merged(self.latest["view"]["log"], part["log"])}
        if "you" in part:
            view["you"] = part["you"]
        self.latest = {**self.latest, "view": view}
        self.private_seq = message["seq"]
        return True

    def _gap(self) -> bool:
        self.latest, self.waiting = None, []
        self.resyncs += 1
        return False


def _merged(log: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not new:
        return log
    merged = log + new
    if log and new[0]["n"] < log[-1]["n"]:
        merged.sort(key=lambda e: e["n"])
    return merged


class Client:
    """One browser: a Socket.IO client over websocket that records every message it receives and
    keeps its update as the protocol says (Mirror)."""

    def __init__(self, server: Server, name: str = ""):
        self.name = name
        self.received: list[tuple[str, Any]] = []
        self.mirror = Mirror()
        self._changed = threading.Condition()
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("*", self._on_any)
        self.sio.connect(server.url, transports=["websocket"], wait_timeout=WAIT)
        # engineio's client closes its websocket-client socket while its own read loop is taking
        # the server's close frame, so close() always waits out websocket-client's 3 s timeout.
        ws = self.sio.eio.ws
        close = ws.close
        ws.close = lambda *args, **kwargs: close(*args, **{**kwargs, "timeout": 0.2})

    @property
    def latest(self) -> dict[str, Any] | None:
        return self.mirror.latest

    def _on_any(self, event: str, data: Any = None) -> None:
        with self._changed:
            self.received.append((event, data))
            if event == "snapshot":
                followed = self.mirror.snapshot(data)
            elif event in ("update", "shared", "private"):
                followed = self.mirror.take(event, data)
            else:
                followed = True
            if not followed:
                # From the read loop, an ack cannot be waited for: ask, and take the answer when it comes.
                self.sio.emit("resync", {}, callback=self._resynced)
            self._changed.notify_all()

    def _resynced(self, answer: dict[str, Any]) -> None:
        with self._changed:
            self.received.append(("ack", answer))
            if answer.get("ok") and not self.mirror.snapshot(answer["update"]):
                self.sio.emit("resync", {}, callback=self._resynced)
            self._changed.notify_all()

    def call(self, event: str, data: Any = None) -> dict[str, Any]:
        answer = self.sio.call(event, data, timeout=WAIT)
        if isinstance(answer, dict) and answer.get("ok") and "update" in answer:
            with self._changed:
                self.received.append(("ack", answer))
                if not self.mirror.snapshot(answer["update"]):
                    self.sio.emit("resync", {}, callback=self._resynced)
                self._changed.notify_all()
        return answer

    def ok(self, event: str, data: Any = None) -> dict[str, Any]:
        answer = self.call(event, data)
        assert answer["ok"], f"{self.name} {event} {data}: {answer}"
        return answer

    def wait_for(self, condition: Callable[[dict[str, Any]], bool], what: str = "") -> dict[str, Any]:
        """Wait until the latest update satisfies `condition` (no fixed sleeps)."""
        with self._changed:
            ok = self._changed.wait_for(lambda: self.latest is not None and condition(self.latest), timeout=WAIT)
            assert ok, f"{self.name}: timed out waiting for {what}; latest: {self.latest and self.latest['view']['phase']}"
            return self.latest

    @property
    def view(self) -> dict[str, Any]:
        return self.latest["view"]

    def close(self) -> None:
        if self.sio.connected:
            self.sio.disconnect()




def facilitated(server: Server, make_client: Callable[[Server, str], Client], name: str = "facilitator",
                on: Server | None = None, **settings: Any) -> tuple[dict[str, Any], Client]:
    """Open a game on `server` and a facilitator's connection to it (on `on`, another process, if given)."""
    game = server.create(**settings)
    fac = make_client(on or server, name)
    fac.ok("facilitate", {"token": game["facilitator_token"]})
    return game, fac
