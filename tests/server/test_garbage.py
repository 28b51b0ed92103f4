"""A Socket.IO event must not leave cyclic garbage behind: with a thousand clients, what only
the cycle collector can free piles up between its passes, which then stall every table."""
from __future__ import annotations

import gc

from server.app import create_app
from server.config import TestingConfig
from server.extensions import socketio


def test_socket_events_leave_no_cyclic_garbage(tmp_path):
    app = create_app(TestingConfig, DATA=str(tmp_path / "games.sqlite3"), RATE_PER_SECOND=1000, RATE_BURST=1000)
    client = socketio.test_client(app)
    try:
        assert client.emit("chat", {"channel": "plenary", "text": "hi"}, callback=True)["error"]["code"] == "not_joined"
        gc.collect()
        gc.disable()
        try:
            for _ in range(50):
                answer = client.emit("chat", {"channel": "plenary", "text": "hi"}, callback=True)
            unreachable = gc.collect()
        finally:
            gc.enable()
        assert answer["error"]["code"] == "not_joined"  # the handler ran, inside Flask's request context
        assert unreachable < 50, f"{unreachable} objects of cyclic garbage after 50 events"
    finally:
        client.disconnect()
        app.extensions["crisis_store"].close()
