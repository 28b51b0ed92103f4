"""A real `crisis-table serve` process and Socket.IO clients over websockets, for the server tests."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests
import socketio

from server.mirror import Mirror

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

    def start(self) -> Server:
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
            except (requests.ConnectionError, requests.Timeout):  # not listening, or still starting up
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
