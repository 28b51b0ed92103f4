"""`crisis-table serve`: the production entry point.

gevent must patch the standard library before anything else imports socket, ssl or threading,
so this module patches first and imports the app afterwards (ASYNC_MODE=threading skips it).
"""
import os

if os.environ.get("ASYNC_MODE", "gevent") == "gevent":
    import gevent
    from gevent import monkey

    monkey.patch_all()
    # gevent records the spawning stack (ten frames) of every greenlet, for debugging tools this
    # server does not use; Engine.IO spawns one per inbound event. Measured at 125 tables of the
    # classroom workload: 54,000 of the heap's 417,000 tracked objects were those frames.
    gevent.config.track_greenlet_tree = False

import gc  # noqa: E402
import logging  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

from .app import create_app  # noqa: E402
from .config import Config  # noqa: E402
from .extensions import socketio  # noqa: E402
from .store import StoreUnavailable, StoreUnusable  # noqa: E402

log = logging.getLogger("crisis_table")
FREEZE_EVERY = float(os.environ.get("CRISIS_GC_FREEZE_EVERY", 10))  # seconds
SWEEP_EVERY = float(os.environ.get("CRISIS_GC_SWEEP_EVERY", 600))  # seconds
# Work in a pool thread (SQLite commits under CRISIS_SQLITE_SYNC=FULL, checkpoints) waits for the
# busy event loop to give up the GIL each time it wants it back: by default up to 5 ms, several
# times per commit. Measured at 125 tables x 8 clients when every commit still went through the
# pool: p99 56 ms with the default, 42 ms with 1 ms, and no more CPU per action.
SWITCH_INTERVAL = 0.001  # seconds


def _keep_collections_short() -> None:
    """Keep the collector's pauses out of the tables' latency.

    Measured at 125 tables x 8 clients: after the start-up freeze, the connections, games and
    logs made later grew the oldest generation until each full collection took 50-115 ms (the
    p99 of the whole table). Every FREEZE_EVERY seconds the young generations are collected
    (a millisecond or two) and whatever survived is frozen, so automatic full collections only
    walk what is new. Frozen objects are never checked for cycles, so cyclic garbage would pile
    up: every SWEEP_EVERY seconds everything is unfrozen and collected once and frozen again.
    Closed connections used to be most of it (~55 objects each, mended in server/backpressure.py;
    the sweep walked ~700,000 objects for ~1 s after six minutes of the classroom soak); with
    none left, it is a safety net: over a 12-minute classroom soak at 125 tables, sweep
    included, no minute's p99 passed 57 ms (2.1-2.6 s in the sweep's minutes before).
    """
    since_sweep = 0.0
    while True:
        socketio.sleep(FREEZE_EVERY)
        since_sweep += FREEZE_EVERY
        if since_sweep >= SWEEP_EVERY:
            since_sweep = 0.0
            gc.unfreeze()
            gc.collect()
        else:
            gc.collect(1)
        gc.freeze()


def _unload_idle_games(tables, hub, idle_seconds: float, finished_seconds: float) -> None:
    """Games come and go all term: let the quiet ones leave memory (Tables.unload_idle), checked
    a few times per idle period."""
    every = min(60.0, max(0.2, min(idle_seconds, finished_seconds) / 4))
    while True:
        socketio.sleep(every)
        try:
            gone = tables.unload_idle(time.time(), idle_seconds, lambda game_id: bool(hub.of_game(game_id)),
                                      finished_seconds)
        except Exception:
            log.exception("unloading idle games failed; they stay in memory")
            continue
        if gone:
            log.info("%d idle game(s) left memory; %d loaded", len(gone), tables.loaded())


def serve(host: str = "127.0.0.1", port: int = 5000, data: str | None = None, redis_url: str | None = None,
          lan: bool = False) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    sys.setswitchinterval(SWITCH_INTERVAL)
    overrides = {k: v for k, v in (("DATA", data), ("REDIS_URL", redis_url)) if v}
    overrides["LISTEN_HOST"] = host
    try:
        app = create_app(Config, **overrides)
        tables = app.extensions["crisis_tables"]
        restored = tables.restore()
    except (StoreUnusable, StoreUnavailable) as exc:  # the operator's to fix: one line, no traceback
        print(f"crisis-table: {exc}", file=sys.stderr)
        return 2
    # With Redis: keep this process's leases, take over the games of a process that died, and
    # catch up on the games other processes change.
    app.extensions["crisis_cluster"].start(socketio.start_background_task, socketio.sleep,
                                           tables.on_remote_change, tables.on_lease, tables.unfinished,
                                           app.extensions["crisis_store"].lengths)
    # Everything loaded so far lives as long as the process: take it out of the collector's
    # generations, which removes the 50–150 ms full collections measured under load.
    gc.collect()
    gc.freeze()
    socketio.start_background_task(_keep_collections_short)
    socketio.start_background_task(_unload_idle_games, tables, app.extensions["crisis_hub"],
                                   app.config["UNLOAD_IDLE_SECONDS"], app.config["UNLOAD_FINISHED_SECONDS"])
    store = app.extensions["crisis_store"]
    log.info("Crisis Table on http://%s:%d (store %s, %d game(s) resumed, %d damaged, async mode %s)",
             host, port, getattr(store, "path", None) or f"redis {redis_url}", restored, len(tables.damaged),
             app.config["ASYNC_MODE"])
    if lan:
        _print_join_lines(port)
    if app.config["ASYNC_MODE"] == "gevent":
        _serve_gevent(app, host, port)
    else:
        socketio.run(app, host=host, port=port, log_output=False, allow_unsafe_werkzeug=True)
    return 0


def _print_join_lines(port: int) -> None:
    """What the teacher reads out or writes on the board: one line per network address."""
    from .address import lan_addresses

    addresses = lan_addresses()
    for address in addresses:
        print(f"Students join at http://{address}:{port}", flush=True)
    if not addresses:
        print("No network address found: connect this computer to the students' network.", flush=True)


def _serve_gevent(app, host: str, port: int) -> None:
    """What socketio.run does under gevent (pywsgi; websockets from simple-websocket), on a
    listening socket with TCP_NODELAY, which the accepted connections inherit.

    Without it, an action's acknowledgement, written right after the `update` it caused, waited
    for the client's delayed ACK of the update: measured 48 ms per acknowledged action (1 ms
    for an answer with no update before it).
    """
    import socket

    from gevent import pywsgi

    listener = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    listener.bind((host, port))
    listener.listen(1024)
    try:  # engine.io prefers gevent-websocket when it is installed; it then needs its handler
        from geventwebsocket.handler import WebSocketHandler
    except ImportError:
        WebSocketHandler = None
    options = {"handler_class": WebSocketHandler} if WebSocketHandler else {}
    pywsgi.WSGIServer(listener, app, log=None, **options).serve_forever()
