"""Clients that stop reading: the server drops them and its memory stays bounded (issue 17, item 1).

Stalled clients are raw websockets (websocket-client) speaking Engine.IO/Socket.IO by hand, with
a small receive buffer so that they stall soon: one never reads but keeps writing Engine.IO
pongs, one goes silent. A real server process; a busy table is one player chatting long messages
while another, a normal client, must keep receiving them promptly.
"""
from __future__ import annotations

import inspect
import json
import socket
import statistics
import threading
import time

import engineio.server
import engineio.socket
import gevent
import gevent.socket
import psutil
import pytest
import simple_websocket
import websocket

from server import backpressure

from .harness import WAIT, Server, start_server

CAP = 64 * 1024
DROP_WITHIN = 90  # seconds of load before a stalled client must have been dropped
# Updates are deltas now (~1.1 KB for one such chat), so the kernel's socket buffers (up to 4 MB
# on loopback) and the cap fill only at a brisk pace: ~110 KB/s to each connection.
CHATS_PER_SECOND = 100
TEXT = 900  # characters per chat
# What two stalled connections may add to the server, as documented in README.md: each holds at
# most its cap (plus the batch its writer had taken), and the game's log grows a little.
RSS_BOUND = 8 * 1024 * 1024


def _env(cap: int, ping_interval: float = 1, ping_timeout: float = 2) -> dict[str, str]:
    return {"CRISIS_RATE_PER_SECOND": "1000", "CRISIS_RATE_BURST": "1000", "CRISIS_MAX_QUEUED_BYTES": str(cap),
            "CRISIS_PING_INTERVAL": str(ping_interval), "CRISIS_PING_TIMEOUT": str(ping_timeout)}


@pytest.fixture(scope="module")
def capped(tmp_path_factory):
    server = start_server(tmp_path_factory, _env(CAP, 25, 20))  # pings too slow to matter here
    yield server
    server.stop()


@pytest.fixture(scope="module")
def uncapped(tmp_path_factory):
    """A cap so high only the ping timeout can drop a stalled client."""
    server = start_server(tmp_path_factory, _env(1 << 30))
    yield server
    server.stop()


class RawClient:
    """A Socket.IO client written by hand over one websocket, which reads only when told to."""

    def __init__(self, server: Server, code: str, name: str):
        url = server.url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
        self.ws = websocket.create_connection(url, timeout=WAIT,
                                              sockopt=[(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)])
        assert self.ws.recv().startswith("0")  # Engine.IO OPEN
        self.ws.send("40")  # Socket.IO CONNECT to "/"
        assert self.ws.recv().startswith("40")
        self.ws.send("420" + json.dumps(["join", {"code": code, "nickname": name}]))
        while True:  # the join's acknowledgement (pings and updates may come first)
            frame = self.ws.recv()
            if frame == "2":
                self.ws.send("3")
            elif frame.startswith("430"):
                assert json.loads(frame[3:])[0]["ok"], frame
                break
        self._pongs: threading.Thread | None = None

    def pong_without_reading(self) -> None:
        """Write an Engine.IO PONG every 0.3 s, as a client that answers pings it never read."""
        def pong() -> None:
            try:
                while True:
                    self.ws.send("3")
                    time.sleep(0.3)  # the pace of a misbehaving client, not a wait for a condition
            except (OSError, websocket.WebSocketException):
                return  # the server closed the connection

        self._pongs = threading.Thread(target=pong, daemon=True)
        self._pongs.start()

    def closed_by_server(self, within: float) -> bool:
        """Read what is buffered until the server's end of the connection (EOF or reset)."""
        sock = self.ws.sock
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            sock.settimeout(max(0.05, deadline - time.monotonic()))
            try:
                if sock.recv(1 << 16) == b"":
                    return True
            except (ConnectionResetError, BrokenPipeError):
                return True
            except TimeoutError:
                return False
        return False

    def close(self) -> None:
        try:
            self.ws.sock.close() if self.ws.sock else None
        except OSError:
            pass


class Busy:
    """A player chatting long messages in the plenary while `reader`, a normal client, waits
    for each in its updates; the delays are what the table's other clients see."""

    def __init__(self, server: Server, code: str, clients):
        self.talker = clients(server, "talker")
        self.talker.ok("join", {"code": code, "nickname": "talker"})
        self.reader = clients(server, "reader")
        self.reader.ok("join", {"code": code, "nickname": "reader"})
        self.delays: list[float] = []
        self.sent = 0

    def run(self, seconds: float, during=None) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.sent += 1
            marker = f"chat {self.sent} "
            began = time.monotonic()
            self.talker.ok("chat", {"channel": "plenary", "text": marker + "x" * (TEXT - len(marker))})
            self.reader.wait_for(lambda u, marker=marker: any(str(e.get("text", "")).startswith(marker)
                                                              for e in u["view"]["log"]),
                                 marker)
            self.delays.append(time.monotonic() - began)
            if during:
                during()
            time.sleep(max(0.0, began + 1 / CHATS_PER_SECOND - time.monotonic()))  # the load's pace


def test_stalled_clients_are_dropped_and_memory_stays_bounded(capped, clients):
    game = capped.create()
    busy = Busy(capped, game["code"], clients)
    busy.run(2)  # warm up (the log's tail is full-size from here on), and the delays without stalls
    alone = statistics.median(busy.delays)
    busy.delays.clear()
    process = psutil.Process(capped.proc.pid)
    before = process.memory_info().rss
    pongy = RawClient(capped, game["code"], "pongy")
    silent = RawClient(capped, game["code"], "silent")
    pongy.pong_without_reading()
    peak = [before]
    dropped_before = capped.log.read_text().count("dropped:")
    try:
        # Until the server has dropped both (how soon depends on the machine's speed and on how
        # much the kernel's socket buffers absorb first), then on for a while.
        deadline = time.monotonic() + DROP_WITHIN
        while capped.log.read_text().count("dropped:") < dropped_before + 2:
            assert time.monotonic() < deadline, "the stalled connections were not dropped"
            busy.run(1, during=lambda: peak.append(process.memory_info().rss))
        busy.run(2, during=lambda: peak.append(process.memory_info().rss))
        assert pongy.closed_by_server(WAIT), "the connection that never read is still open"
        assert silent.closed_by_server(WAIT), "the silent connection is still open"
    finally:
        pongy.close()
        silent.close()
    grown = max(peak) - before
    print(f"RSS {before / 2**20:.1f} MB, peak +{grown / 2**20:.1f} MB over {busy.sent} chats; "
          f"reader delay median {statistics.median(busy.delays) * 1000:.0f} ms (alone {alone * 1000:.0f} ms), "
          f"max {max(busy.delays) * 1000:.0f} ms")
    assert grown < RSS_BOUND, f"the server grew {grown / 2**20:.1f} MB with two stalled clients"
    # Compared with the same table before the stalled clients came, on the same (shared) machine.
    assert statistics.median(busy.delays) < 2 * alone + 0.1, "the table's other clients were slowed down"
    assert "Traceback" not in capped.log.read_text()
    # The table carries on, and a new connection is served.
    assert clients(capped, "after").ok("join", {"code": game["code"], "nickname": "after"})["ok"]


def test_pongs_without_reading_do_not_keep_a_connection(uncapped, clients):
    """With a cap too high to matter, only the ping timeout can catch it: its pings wait behind
    updates it never reads, so its pongs answer nothing."""
    game = uncapped.create()
    busy = Busy(uncapped, game["code"], clients)
    pongy = RawClient(uncapped, game["code"], "pongy")
    pongy.pong_without_reading()
    try:
        deadline = time.monotonic() + DROP_WITHIN
        while "did not answer a ping" not in uncapped.log.read_text():
            assert time.monotonic() < deadline, "a client that writes pongs but never reads was kept"
            busy.run(1)
        assert pongy.closed_by_server(WAIT)
    finally:
        pongy.close()


def test_a_silent_client_has_its_socket_closed_by_the_server(uncapped, clients):
    game = uncapped.create()
    silent = RawClient(uncapped, game["code"], "silent")
    try:
        # Ping interval 1 s, timeout 2 s: the server gives up and closes TCP; the client only waits.
        assert silent.closed_by_server(WAIT), "the server kept the socket of a timed-out session"
    finally:
        silent.close()


def test_the_engineio_internals_backpressure_relies_on_are_still_there():
    """server/backpressure.py overrides engineio.socket.Socket; this fails loudly if an upgrade
    of python-engineio or simple-websocket changes what the override assumes."""
    assert "socket.Socket(self, sid)" in inspect.getsource(engineio.server.Server._handle_connect)
    upstream = backpressure.UpstreamSocket
    for name in ("send", "poll", "receive", "close", "check_ping_timeout", "schedule_ping", "_websocket_handler"):
        assert name in vars(upstream), f"engineio.socket.Socket.{name} is gone"
    assert list(inspect.signature(upstream.close).parameters) == ["self", "wait", "abort", "reason"]
    handler = inspect.getsource(upstream._websocket_handler)
    assert "ws.send(pkt.encode())" in handler and "self.poll()" in handler, "the writer changed"
    assert "self.schedule_ping()" in inspect.getsource(upstream.receive)
    assert "self.last_ping" in inspect.getsource(upstream.check_ping_timeout)
    assert "self.queue.put(pkt)" in inspect.getsource(upstream.send)
    assert backpressure.PING_TEXT == "2"
    # simple-websocket writes frames with sock.send and keeps its socket as .sock
    assert "self.sock.send(out_data)" in inspect.getsource(simple_websocket.ws.Base.send)
    wsgi = inspect.getsource(__import__("engineio.async_drivers._websocket_wsgi", fromlist=["x"]))
    assert "self.ws = simple_websocket.Server(" in wsgi


def test_install_replaces_engineio_socket():
    backpressure.install(CAP)
    assert engineio.socket.Socket is backpressure.BoundedSocket
    with pytest.raises(ValueError):
        backpressure.install(0)


def test_whole_writes_send_a_whole_frame_where_gevent_sends_part():
    """simple-websocket writes a frame with one sock.send(); gevent's send on a socket whose
    peer is not keeping up takes only part of it. _WholeWrites sends it all."""
    listener = gevent.socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    peer = gevent.socket.socket()
    peer.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    peer.connect(listener.getsockname())
    sock, _ = listener.accept()
    frame = b"x" * 8_000_000
    taken = sock.send(frame)
    assert taken < len(frame), "gevent's send took a whole frame: simple-websocket no longer needs _WholeWrites"
    reading = gevent.spawn(_read, peer, taken + len(frame))
    assert backpressure._WholeWrites(sock).send(frame) == len(frame)
    assert reading.get(timeout=WAIT) == taken + len(frame)
    for s in (sock, peer, listener):
        s.close()


def _read(sock, size: int) -> int:
    got = 0
    while got < size:
        chunk = sock.recv(1 << 16)
        if not chunk:
            break
        got += len(chunk)
    return got
