"""The floor this stack allows: a bare Flask-SocketIO server that fans a fixed payload out to a room.

Same stack as the game server (gevent, simple-websocket, a TCP_NODELAY listener, one room per
table) and no game: a client joins its table's room; on `act` from any seat the server broadcasts
one `view` of `--payload-bytes` to the whole room, the sender included.

`--tuning` says how much of the game server's generic (not game-specific) tuning it gets:
  stock   Flask-SocketIO as it comes
  freeze  gc.freeze() after start-up, as the measurements in the product brief recommend (the
          lobby workload's baseline, as measured before)
  tuned   all the generic fixes the game server applies (server/app.py, server/main.py): no URL
          matching for Socket.IO events, gc.freeze() after start-up and again every few seconds,
          a 1 ms GIL switch interval, packets written by orjson (server/wire_json.py), no record
          of each greenlet's spawning stack

    python bench/baseline_server.py --port 5100 [--payload-bytes 2048] [--tuning freeze]

Events (client → server):
  join {"table": NAME}                   → ack {"ok": true}; the client is in room table:NAME
  act  {"table": NAME, "id": N[, "size"]} → broadcast `view` {"table", "id", "pad"} to room
                                           table:NAME, `size` bytes long (default --payload-bytes)
"""
from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402  (monkey-patching must come first)
import gc  # noqa: E402
import json  # noqa: E402
import socket  # noqa: E402

from flask import Flask  # noqa: E402
from flask_socketio import SocketIO, join_room  # noqa: E402
from gevent import pywsgi  # noqa: E402

ROOM = "table:{}"
MAX_PAYLOAD_BYTES = 1 << 20


def padding_for(payload_bytes: int) -> str:
    """Padding that makes a `view` payload about `payload_bytes` long once JSON-encoded."""
    overhead = len(json.dumps({"table": "t0000", "id": 1000, "pad": ""}, separators=(",", ":")))
    return "x" * max(0, payload_bytes - overhead)


class NoUrlMatching(Flask):
    """As server/app.py's CrisisFlask: Socket.IO events are not matched against the routes."""

    def create_url_adapter(self, request):
        if request is not None and request.environ.get("PATH_INFO", "").rstrip("/") == "/socket.io":
            return None
        return super().create_url_adapter(request)


def create_app(payload_bytes: int, tuning: str = "freeze") -> tuple[Flask, SocketIO]:
    if tuning == "tuned":
        import sys
        from pathlib import Path

        import gevent

        gevent.config.track_greenlet_tree = False  # as server/main.py
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from server import wire_json

        app = NoUrlMatching(__name__)
        socketio = SocketIO(app, async_mode="gevent", logger=False, engineio_logger=False, json=wire_json,
                            serializer=wire_json.Packet)
    else:
        app = Flask(__name__)
        socketio = SocketIO(app, async_mode="gevent", logger=False, engineio_logger=False)
    pads = {payload_bytes: padding_for(payload_bytes)}

    @app.get("/healthz")
    def healthz():
        return {"ok": True, "payload_bytes": payload_bytes}

    @socketio.on("join")
    def join(data):
        """A seat enters its table's room."""
        join_room(ROOM.format(data["table"]))
        return {"ok": True}

    @socketio.on("act")
    def act(data):
        """One seat acts: every seat of the table, the sender included, gets the payload."""
        table, size = data["table"], min(int(data.get("size") or payload_bytes), MAX_PAYLOAD_BYTES)
        pad = pads.get(size)
        if pad is None:
            pad = pads[size] = padding_for(size)
        socketio.emit("view", {"table": table, "id": data["id"], "pad": pad}, to=ROOM.format(table))

    return app, socketio


def listener(host: str, port: int) -> socket.socket:
    """The listening socket the game server uses too: TCP_NODELAY (inherited by every accepted
    connection, so no small write waits on a delayed ACK) and a backlog for 1,000 clients."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(1024)
    return sock


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--payload-bytes", type=int, default=2048)
    parser.add_argument("--tuning", choices=("stock", "freeze", "tuned"), default="freeze")
    args = parser.parse_args()
    app, socketio = create_app(args.payload_bytes, args.tuning)
    server = pywsgi.WSGIServer(listener(args.host, args.port), app, log=None)
    server.start()
    if args.tuning != "stock":
        # Long-lived start-up objects leave the collector's generations: no full-GC pass walks them again.
        gc.collect()
        gc.freeze()
    if args.tuning == "tuned":
        import sys

        sys.setswitchinterval(0.001)
        socketio.start_background_task(_freeze_now_and_then, socketio)
    server.serve_forever()


def _freeze_now_and_then(socketio: SocketIO, every: float = 10.0) -> None:
    """The game server's periodic freeze (server/main.py _keep_collections_short), in short: the
    young generations collected and what survived frozen, every ten seconds (its default)."""
    while True:
        socketio.sleep(every)
        gc.collect(1)
        gc.freeze()


if __name__ == "__main__":
    main()
