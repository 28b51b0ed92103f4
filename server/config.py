"""Configuration classes, read from the environment when the class is defined."""
from __future__ import annotations

import os

from . import protocol


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


class Config:
    DATA = os.environ.get("CRISIS_DATA")  # the SQLite file; None: ./data/crisis-table.sqlite3
    SQLITE_SYNC = os.environ.get("CRISIS_SQLITE_SYNC", "NORMAL").upper()  # FULL: survive power cuts too
    REDIS_URL = os.environ.get("REDIS_URL")
    # gevent: measured here, threading collapses past ~2,500 messages/s while gevent degrades
    # gradually; eventlet is unmaintained. Websockets come from simple-websocket.
    ASYNC_MODE = os.environ.get("ASYNC_MODE", "gevent")
    MAX_MESSAGE_BYTES = _int("CRISIS_MAX_MESSAGE_BYTES", protocol.MAX_MESSAGE_BYTES)
    RATE_PER_SECOND = _int("CRISIS_RATE_PER_SECOND", protocol.RATE_PER_SECOND)
    RATE_BURST = _int("CRISIS_RATE_BURST", protocol.RATE_BURST)
    # REST limits per client address ("N per minute", several separated by ";"): see docs/protocol.md.
    CREATE_LIMIT = os.environ.get("CRISIS_CREATE_LIMIT", protocol.CREATE_LIMIT)
    EXPORT_LIMIT = os.environ.get("CRISIS_EXPORT_LIMIT", protocol.EXPORT_LIMIT)
    # Proxies in front of the server whose X-Forwarded-For/-Proto it believes (nginx in
    # docker-compose: 1). Without it the rate limits count the proxy's address, one budget for a
    # whole school; with it and no proxy, any client could choose its own address. Default 0.
    TRUSTED_PROXIES = _int("CRISIS_TRUSTED_PROXIES", 0)
    HOST_KEY = os.environ.get("CRISIS_HOST_KEY") or None  # if set, opening a game needs it (X-Host-Key)
    MAX_PLAYERS = _int("CRISIS_MAX_PLAYERS", protocol.MAX_PLAYERS)
    MAX_SPECTATORS = _int("CRISIS_MAX_SPECTATORS", protocol.MAX_SPECTATORS)
    MAX_CONTENT_LENGTH = _int("CRISIS_MAX_BODY_BYTES", protocol.MAX_BODY_BYTES)  # Flask answers 413 past it
    # A game nobody is connected to, unchanged for this long and with no phase timer running (or
    # over), leaves memory; it is loaded again from the store when someone comes back to it.
    UNLOAD_IDLE_SECONDS = float(os.environ.get("CRISIS_UNLOAD_IDLE_SECONDS", 600))
    # A finished game nobody is connected to goes sooner: nothing will change it, and the debrief
    # or an export loads it again in milliseconds. Held 600 s, a server whose tables play game
    # after game kept ten minutes of them (1,250 games, ~550 MB in the classroom soak).
    UNLOAD_FINISHED_SECONDS = _float("CRISIS_UNLOAD_FINISHED_SECONDS", 60)
    LISTEN_HOST = None  # set by `crisis-table serve`: on loopback, students cannot reach the server
    # Bytes that may wait to be sent to one connection; past it the connection is dropped and its
    # client resyncs on reconnect. 1 MiB is some forty lobby updates of a busy table: far more
    # than a slow phone falls behind by, while a client that stopped reading costs at most this.
    MAX_QUEUED_BYTES = _int("CRISIS_MAX_QUEUED_BYTES", 1024 * 1024)
    # Engine.IO's ping: a client that has not answered a ping within PING_TIMEOUT seconds of it is
    # gone, and the server closes its connection. Engine.IO's defaults.
    PING_INTERVAL = _float("CRISIS_PING_INTERVAL", 25)
    PING_TIMEOUT = _float("CRISIS_PING_TIMEOUT", 20)


class TestingConfig(Config):
    """In-process tests (Flask's test client): threads, a throwaway store."""

    TESTING = True
    ASYNC_MODE = "threading"
    CREATE_LIMIT = EXPORT_LIMIT = "10000 per minute"  # every test client is one address
