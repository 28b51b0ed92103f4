"""A Socket.IO event must not leave cyclic garbage behind: with a thousand clients, what only
the cycle collector can free piles up between its passes, which then stall every table."""
from __future__ import annotations

import gc

from server.app import create_app
from server.config import TestingConfig
from server.extensions import socketio

EVENT_PATH = ("flask", "werkzeug", "server")  # what handling an event builds (other threads of the test run aside)


def test_socket_events_leave_no_cyclic_garbage(tmp_path):
    app = create_app(TestingConfig, DATA=str(tmp_path / "games.sqlite3"), RATE_PER_SECOND=1000, RATE_BURST=1000)
    client = socketio.test_client(app)
    try:
        assert client.emit("chat", {"channel": "plenary", "text": "hi"}, callback=True)["error"]["code"] == "not_joined"
        gc.collect()
        gc.set_debug(gc.DEBUG_SAVEALL)  # keep what the collector finds, to see what it is
        try:
            for _ in range(50):
                answer = client.emit("chat", {"channel": "plenary", "text": "hi"}, callback=True)
            gc.collect()
            ours = [o for o in gc.garbage if type(o).__module__.split(".")[0] in EVENT_PATH]
        finally:
            gc.set_debug(0)
            gc.garbage.clear()
        assert answer["error"]["code"] == "not_joined"  # the handler ran, inside Flask's request context
        assert len(ours) < 10, f"{len(ours)} objects of cyclic garbage after 50 events: {ours[:5]}"
    finally:
        client.disconnect()
        app.extensions["crisis_store"].close()
