"""The server overrides internals of python-socketio, python-engineio, Flask-SocketIO, Flask and
simple-websocket. pyproject.toml bounds those packages to the minor versions checked here; this
test fails loudly, naming the override, if an installed version is outside the bounds or no
longer has what an override relies on. Raising a bound means re-reading the override first.
(server/backpressure.py's own checks are in test_backpressure.py.)
"""
from __future__ import annotations

import inspect
import tomllib
from importlib.metadata import version
from pathlib import Path

import flask
import flask.sessions
import flask_socketio
import socketio
import socketio.base_manager
import socketio.packet
from packaging.requirements import Requirement

from server import wire_json
from server.app import SOCKETIO_PATH, CrisisFlask, NoCookieSession

ROOT = Path(__file__).resolve().parents[2]
OVERRIDDEN = {"python-socketio", "python-engineio", "flask-socketio", "flask", "simple-websocket"}


def _requirements() -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {Requirement(r).name.lower(): Requirement(r) for r in project["dependencies"]}


def test_the_overridden_packages_have_upper_bounds_and_are_within_them():
    requirements = _requirements()
    for name in OVERRIDDEN:
        requirement = requirements.get(name)
        assert requirement is not None, f"{name} is overridden: pyproject.toml must list it"
        assert any(s.operator == "<" for s in requirement.specifier), f"{name} needs an upper bound"
        installed = version(name)
        assert requirement.specifier.contains(installed), (
            f"{name} {installed} is outside {requirement.specifier}: re-check the server's overrides")


def test_wire_json_packet_still_asks_data_is_binary_then_encodes_the_same_object():
    """wire_json.Packet answers data_is_binary with an orjson pass and dumps() reuses its text
    when encode() passes the very same object right after."""
    init = inspect.getsource(socketio.packet.Packet.__init__)
    assert "self.data_is_binary(" in init and "self.data = data" in init
    assert isinstance(inspect.getattr_static(socketio.packet.Packet, "data_is_binary"), classmethod)
    encode = inspect.getsource(socketio.packet.Packet.encode)
    assert "data = self.data" in encode and "self.json.dumps(data" in encode
    assert issubclass(wire_json.Packet, socketio.packet.Packet)
    # python-socketio takes a packet class as `serializer` and gives it the `json` module.
    server = inspect.getsource(socketio.base_server.BaseServer.__init__)
    assert "self.packet_class = serializer" in server and "self.packet_class.json = json" in server


def test_broadcast_still_finds_room_members_and_skips_the_queue():
    """server/broadcast.py reads manager.rooms[namespace][room] to skip empty rooms and emits
    with ignore_queue=True."""
    assert "self.rooms = {}" in inspect.getsource(socketio.base_manager.BaseManager.__init__)
    assert "ns[room]" in inspect.getsource(socketio.base_manager.BaseManager.get_participants)
    assert "ignore_queue" in inspect.signature(socketio.Server.emit).parameters
    assert "**kwargs)" in inspect.getsource(flask_socketio.SocketIO.emit)  # passed on to socketio's emit
    for name in ("enter_room", "leave_room"):
        assert list(inspect.signature(getattr(socketio.Server, name)).parameters)[:4] == ["self", "sid", "room", "namespace"]


def test_app_overrides_still_match_flask_and_flask_socketio():
    """CrisisFlask.create_url_adapter and NoCookieSession override Flask methods of these names
    and signatures; Flask-SocketIO still runs each event in app.request_context(environ) on
    the default path that SOCKETIO_PATH names."""
    for name in ("create_url_adapter",):
        assert name in dir(flask.Flask)
        assert list(inspect.signature(getattr(flask.Flask, name)).parameters) == \
            list(inspect.signature(getattr(CrisisFlask, name)).parameters)
    for name in ("open_session", "save_session"):
        upstream = inspect.signature(getattr(flask.sessions.SessionInterface, name)).parameters
        ours = inspect.signature(getattr(NoCookieSession, name)).parameters
        assert list(upstream) == list(ours), f"SessionInterface.{name} changed"
    handle = inspect.getsource(flask_socketio.SocketIO._handle_event)
    assert "app.request_context(environ)" in handle
    assert "'socket.io'" in inspect.getsource(flask_socketio.SocketIO.init_app)
    assert SOCKETIO_PATH == "/socket.io"
