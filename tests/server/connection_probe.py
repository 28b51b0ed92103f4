"""Run by test_connection_garbage.py in a process of its own (python -m tests.server.connection_probe): the server as `crisis-table serve`
runs it (gevent, pywsgi, simple-websocket; server.main patches first), three real websocket clients
in the same process that join a game, chat and leave, and then whether reference counting
alone freed what the server made for those connections. Prints `cyclic N {type: count}`: the
connection objects that only the cycle collector could free."""
# ruff: noqa: I001  (server.main must be imported first)
from __future__ import annotations

import server.main  # gevent patches the standard library first, before the imports below

import gc
import sys
import tempfile
import time
from collections import Counter

import gevent
import requests
import socketio

from server.app import create_app
from server.config import Config
from server.extensions import socketio as server_socketio

from .harness import WAIT, free_port

CLIENTS = 3
CONNECTION_PARTS = ("server", "engineio", "socketio", "simple_websocket", "wsproto", "h11")


def main() -> int:
    port = free_port()
    app = create_app(Config, DATA=tempfile.mkdtemp() + "/games.sqlite3", RATE_PER_SECOND=1000, RATE_BURST=1000)
    gevent.spawn(server.main._serve_gevent, app, "127.0.0.1", port)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + WAIT
    while True:
        try:
            requests.get(url + "/healthz", timeout=1)
            break
        except requests.ConnectionError:
            if time.monotonic() > deadline:
                raise
            gevent.sleep(0.05)
    game = requests.post(url + "/api/games", json={"scenario": "plates-2021"}, timeout=WAIT).json()
    clients = []
    for i in range(CLIENTS):
        client = socketio.Client(reconnection=False)
        client.connect(url, transports=["websocket"], wait_timeout=WAIT)
        assert client.call("join", {"code": game["code"], "nickname": f"p{i}"}, timeout=WAIT)["ok"]
        assert client.call("chat", {"channel": "plenary", "text": "hello"}, timeout=WAIT)["ok"]
        clients.append(client)
    assert all(s.upgraded for s in server_socketio.server.eio.sockets.values()), "on the websocket transport"
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)  # what the collector finds from here is kept, to be counted
    gevent.joinall([gevent.spawn(client.disconnect) for client in clients])
    deadline = time.monotonic() + WAIT
    while server_socketio.server.eio.sockets and time.monotonic() < deadline:
        gevent.sleep(0.05)
    assert not server_socketio.server.eio.sockets, "the server closed every connection"
    gevent.sleep(0.5)  # the connections' reader and writer greenlets end
    gc.collect()
    cyclic = Counter(type(o).__qualname__ for o in gc.garbage if type(o).__module__.split(".")[0] in CONNECTION_PARTS)
    print(f"cyclic {sum(cyclic.values())} {dict(cyclic.most_common(5))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
