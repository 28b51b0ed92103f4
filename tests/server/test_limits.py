"""Per-connection rate limit and message size limits, on a server with a low rate."""
from __future__ import annotations

import threading

import pytest

from server import protocol

from .harness import WAIT, start_server


@pytest.fixture(scope="module")
def slow_server(tmp_path_factory):
    server = start_server(tmp_path_factory, {"CRISIS_RATE_PER_SECOND": "2", "CRISIS_RATE_BURST": "5"})
    yield server
    server.stop()


def test_a_connection_past_its_rate_is_told_so_and_others_are_not(slow_server, clients):
    game = slow_server.create(bots={"brill": "dove", "league": "dove"})
    chatty, calm = clients(slow_server, "chatty"), clients(slow_server, "calm")
    chatty.ok("join", {"code": game["code"], "nickname": "chatty"})
    answers = [chatty.call("chat", {"channel": "plenary", "text": f"spam {i}"}) for i in range(10)]
    codes = [a["error"]["code"] if not a["ok"] else "ok" for a in answers]
    assert codes[:3] == ["ok"] * 3 and codes.count("rate_limited") >= 4
    limited = [a for a in answers if not a["ok"]][0]
    assert limited["error"]["message"] and limited["error"]["details"]["per_second"] == 2
    assert calm.ok("join", {"code": game["code"], "nickname": "calm"})["ok"]
    accepted = sum(1 for c in codes if c == "ok")
    log = slow_server.export(game)["log"]
    assert sum(1 for e in log if e["type"] == "action" and e["action"]["kind"] == "message") == accepted


def test_history_requests_are_rate_limited_like_every_event(slow_server, clients):
    """A page of history costs the server more than a chat message: it must not be free to ask."""
    game = slow_server.create()
    reader = clients(slow_server, "reader")
    reader.ok("join", {"code": game["code"], "nickname": "reader"})
    answers = [reader.call("log", {"before": 10**9}) for _ in range(10)]
    codes = [a["error"]["code"] if not a["ok"] else "ok" for a in answers]
    assert codes[:3] == ["ok"] * 3 and codes.count("rate_limited") >= 4, codes


def test_an_oversized_message_is_refused_and_a_huge_frame_drops_only_its_connection(slow_server, clients):
    game = slow_server.create()
    big = clients(slow_server, "big")
    answer = big.call("join", {"code": game["code"], "nickname": "x" * (protocol.MAX_MESSAGE_BYTES + 10)})
    assert answer["error"]["code"] == "too_large" and answer["error"]["details"]["limit"] == protocol.MAX_MESSAGE_BYTES

    huge = clients(slow_server, "huge")
    dropped = threading.Event()
    huge.sio.on("disconnect", lambda *args: dropped.set())
    huge.sio.emit("chat", {"text": "x" * (protocol.MAX_FRAME_BYTES + 1)})
    assert dropped.wait(WAIT)
    assert slow_server.alive()
    assert clients(slow_server, "after").ok("join", {"code": game["code"], "nickname": "after"})["ok"]
