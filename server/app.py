"""The app factory."""
from __future__ import annotations

import logging
from typing import Any

from flask import Flask, jsonify, request
from flask.json.provider import DefaultJSONProvider
from flask.sessions import SessionInterface
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from .broadcast import Hub
from .cluster import RedisCluster, Solo
from .config import Config
from .extensions import limiter, socketio
from .lane import Lane
from .store import DamagedGame, StoreUnavailable, open_store
from .store.outage import RETRY_AFTER
from .table import Runtime
from .tables import Tables

log = logging.getLogger(__name__)
SOCKETIO_PATH = "/socket.io"  # Flask-SocketIO's default, which the server keeps


class InOrderJSON(DefaultJSONProvider):
    sort_keys = False  # REST answers keep the order the code builds them in


class CrisisFlask(Flask):
    """Flask, minus URL matching for Socket.IO events.

    Flask-SocketIO runs every event inside a request context built from the connection's
    environ, and Flask matches that URL, /socket.io/, against the routes: no route serves it
    (the Engine.IO middleware does), so each event raised and kept a NotFound, whose traceback
    made a reference cycle. Measured at 125 tables: 43 objects of cyclic garbage per event,
    nearly all that the cycle collector found. Socket.IO handlers use no routing.
    """

    json_provider_class = InOrderJSON

    def create_url_adapter(self, request):
        if request is not None and request.environ.get("PATH_INFO", "").rstrip("/") == SOCKETIO_PATH:
            return None
        return super().create_url_adapter(request)


def create_app(config: type[Config] | Config = Config, **overrides: Any) -> Flask:
    app = CrisisFlask(__name__)
    app.config.from_object(config)
    app.config.update(overrides)
    app.session_interface = NoCookieSession()

    from . import backpressure, protocol, sockets, wire_json  # noqa: F401  (sockets registers the socket handlers)

    backpressure.install(app.config["MAX_QUEUED_BYTES"])

    redis_url = app.config["REDIS_URL"]
    app.config.setdefault("RATELIMIT_STORAGE_URI", redis_url or "memory://")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)  # Retry-After on a 429
    # Redis down: each process counts in its own memory until it is back (one warning, no 500).
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    limiter.init_app(app)
    socketio.init_app(app, async_mode=app.config["ASYNC_MODE"],
                      max_http_buffer_size=protocol.MAX_FRAME_BYTES, json=wire_json,
                      ping_interval=app.config["PING_INTERVAL"], ping_timeout=app.config["PING_TIMEOUT"],
                      serializer=wire_json.Packet, client_manager=_message_queue(redis_url))
    if app.config["TRUSTED_PROXIES"]:
        proxies = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    cluster = RedisCluster(redis_url) if redis_url else Solo()
    store = open_store(app.config["DATA"], redis_url, writer=cluster.process, sqlite_sync=app.config["SQLITE_SYNC"])
    hub = Hub(socketio)
    lane = Lane(socketio.start_background_task, socketio.sleep, socketio.server.eio.create_queue())
    runtime = Runtime(spawn=socketio.start_background_task, sleep=socketio.sleep, background=lane.run)
    app.extensions["crisis_store"] = store
    app.extensions["crisis_hub"] = hub
    app.extensions["crisis_cluster"] = cluster
    app.extensions["crisis_tables"] = Tables(store, runtime, hub.notify, cluster)

    from .rest import api

    app.register_blueprint(api)
    from .teaching import teaching

    app.register_blueprint(teaching)
    from .web import web  # the browser client (web_client/)

    app.register_blueprint(web)

    _json_errors(app)

    @app.get("/healthz")
    def healthz():
        return jsonify(ok=True, async_mode=socketio.server.eio.async_mode,
                       games_in_memory=app.extensions["crisis_tables"].loaded())

    return app


HTTP_CODES = {400: "bad_payload", 404: "not_found", 405: "method_not_allowed", 413: "too_large",
              429: "rate_limited"}


def _json_errors(app: Flask) -> None:
    """Errors under /api/ answer JSON as the API's own do ({ok: false, error}), never an HTML page."""
    def api_error(code: str, message: str, status: int, details: dict[str, Any] | None = None):
        return jsonify(ok=False, error={"code": code, "message": message, "details": details or {}}), status

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if not request.path.startswith("/api/"):
            return exc
        status = exc.code or 500
        message = exc.description or exc.name
        if status == 429:  # Flask-Limiter's description is the limit that was reached
            message = f"too many requests from this address (at most {message}); retry later"
        return api_error(HTTP_CODES.get(status, "internal_error"), message, status)

    @app.errorhandler(StoreUnavailable)
    def store_down(exc: StoreUnavailable):  # the store logged the incident once, with its cause
        response, status = api_error("store_unavailable", "the game store is unavailable; retry later", 503,
                                     {"retry_after": RETRY_AFTER})
        response.headers["Retry-After"] = str(RETRY_AFTER)
        return response, status

    @app.errorhandler(DamagedGame)
    def damaged(exc: DamagedGame):
        return api_error("damaged_game", f"game {exc.game_id} is damaged in the store and cannot be read", 409,
                         {"game": exc.game_id, "reason": exc.reason})

    @app.errorhandler(Exception)
    def failure(exc: Exception):
        log.exception("%s %s failed", request.method, request.path)
        if not request.path.startswith("/api/"):
            return "The server failed on this request.", 500
        return api_error("internal_error", "the server failed on this request; nothing changed", 500)


class NoCookieSession(SessionInterface):
    """Crisis Table keeps no cookie session: a player proves its seat with the token in each
    message. Flask-SocketIO pushes a request context for every Socket.IO event, and Flask's
    cookie session would build a signing serializer and read the cookie each time: measured 4.5%
    of the server's CPU at 125 tables. `flask.session` is Flask's null session here, which
    refuses writes."""

    def open_session(self, app, request):
        return None

    def save_session(self, app, session, response) -> None:
        return None


def _message_queue(redis_url: str | None):
    """With Redis, Flask-SocketIO's message queue, so an emit of any process can reach a client
    of any other (game updates do not need it: each process renders them for its own clients).

    The queue's listener idles on its socket: redis-py 8's default 5 s socket timeout would
    break it, so reads wait without a timeout and keepalive finds dead peers.
    """
    if not redis_url:
        return None
    import socketio as python_socketio

    return python_socketio.RedisManager(redis_url, channel="crisis-table-socketio", redis_options={
        "socket_timeout": None, "socket_keepalive": True, "socket_connect_timeout": 5, "health_check_interval": 30,
    })
