"""kill -9 and restart: every acknowledged action is still there, timers resume, play continues."""
from __future__ import annotations

import threading

import pytest

from .harness import Client, facilitated, start_server


@pytest.fixture
def fresh_server(tmp_path_factory):
    server = start_server(tmp_path_factory)
    yield server
    server.stop()


def test_every_acknowledged_action_survives_a_kill_and_play_continues(fresh_server, clients):
    server = fresh_server
    game, fac = facilitated(server, clients, bots={"brill": "dove", "league": "mediator"})
    ana = clients(server, "ana")
    joined = ana.ok("join", {"code": game["code"], "nickname": "Ana"})
    fac.ok("start")
    ana.wait_for(lambda u: u["view"]["phase"] == "orders")
    ana.ok("submit_orders", {"cards": ["send_gunboat"]})
    ana.wait_for(lambda u: u["view"]["phase"] == "talks")

    # Several clients send at once; whatever was acknowledged must survive the kill.
    acked: list[str] = []
    lock = threading.Lock()

    def chat(client: Client, n: int):
        text = f"message {client.name} {n}"
        if client.call("chat", {"channel": "plenary", "text": text})["ok"]:
            with lock:
                acked.append(text)

    teammates = [clients(server, f"t{i}") for i in range(3)]
    for t in teammates:
        t.ok("rejoin", {"token": joined["token"]})  # the same seat from three browsers
    threads = [threading.Thread(target=lambda c=c: [chat(c, n) for n in range(5)]) for c in (ana, *teammates)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(acked) == 20
    moves_before = server.export(game)["views"]["facilitator"]["moves_made"]
    server.kill()

    server.start()
    again = clients(server, "ana again")
    back = again.ok("rejoin", {"token": joined["token"]})
    assert back["seat"] == "aster"
    view = back["update"]["view"]
    assert view["moves_made"] == moves_before and view["phase"] == "talks"
    texts = {e.get("text") for e in view["log"]}
    assert set(acked) <= texts
    logged = [e["action"]["params"]["text"] for e in server.export(game)["log"]
              if e["type"] == "action" and e["action"]["kind"] == "message"]
    assert sorted(logged) == sorted(acked)  # concurrent senders: nothing lost, nothing twice
    fac = clients(server, "facilitator again")
    fac.ok("facilitate", {"token": game["facilitator_token"]})
    again.ok("ready")
    again.wait_for(lambda u: u["view"]["phase"] == "orders" and u["view"]["round"] == 2, "round 2 after the restart")
    again.ok("submit_orders", {"cards": []})
    again.wait_for(lambda u: u["view"]["phase"] == "talks" and u["view"]["round"] == 2)


def test_a_running_timer_resumes_after_a_kill(fresh_server, clients):
    server = fresh_server
    game, fac = facilitated(server, clients, timers={"orders": 2}, bots={"brill": "hawk", "league": "hawk"})
    ana = clients(server, "ana")
    joined = ana.ok("join", {"code": game["code"], "nickname": "Ana"})
    fac.ok("start")
    ana.wait_for(lambda u: u["timer"] is not None)
    server.kill()  # nobody is left to close the phase but the rebuilt timer

    server.start()
    again = clients(server, "ana again")
    back = again.ok("rejoin", {"token": joined["token"]})
    assert back["update"]["view"]["round"] == 1
    talks = again.wait_for(lambda u: u["view"]["phase"] == "talks", "the deadline after the restart")
    revealed = [e for e in talks["view"]["log"] if e["type"] == "orders_revealed"][0]
    assert revealed["orders"]["aster"] == []
