"""The app factory."""
from __future__ import annotations

from typing import Any

from flask import Flask, jsonify

from .broadcast import Hub
from .config import Config
from .extensions import socketio
from .store import open_store
from .table import Runtime
from .tables import Tables


def create_app(config: type[Config] | Config = Config, **overrides: Any) -> Flask:
    app = Flask(__name__)
    app.config.from_object(config)
    app.config.update(overrides)
    app.json.sort_keys = False

    from . import protocol, sockets, wire_json  # noqa: F401  (sockets registers the socket handlers)

    socketio.init_app(app, async_mode=app.config["ASYNC_MODE"],
                      max_http_buffer_size=protocol.MAX_FRAME_BYTES, json=wire_json,
                      serializer=wire_json.Packet)
    store = open_store(app.config["DATA"], app.config["REDIS_URL"])
    hub = Hub(socketio)
    runtime = Runtime(spawn=socketio.start_background_task, sleep=socketio.sleep)
    app.extensions["crisis_store"] = store
    app.extensions["crisis_hub"] = hub
    app.extensions["crisis_tables"] = Tables(store, runtime, hub.notify)

    from .rest import api

    app.register_blueprint(api)
    from .web import web  # the browser client (web_client/)

    app.register_blueprint(web)

    @app.get("/healthz")
    def healthz():
        return jsonify(ok=True, async_mode=socketio.server.eio.async_mode)

    return app
