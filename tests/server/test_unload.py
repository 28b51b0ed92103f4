"""Games come and go: a game nobody follows and that has been quiet leaves the server's memory,
and comes back from the store, whole, when someone returns to it. A game whose phase timer runs
stays."""
from __future__ import annotations

import time

import pytest
import requests

from .harness import WAIT, facilitated, start_server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = start_server(tmp_path_factory, {"CRISIS_RATE_PER_SECOND": "1000", "CRISIS_RATE_BURST": "1000",
                                          "CRISIS_UNLOAD_IDLE_SECONDS": "1"})
    yield srv
    srv.stop()


def in_memory(server) -> int:
    return requests.get(server.url + "/healthz", timeout=5).json()["games_in_memory"]


def wait_until_in_memory(server, count: int) -> None:
    deadline = time.monotonic() + WAIT
    while in_memory(server) != count:
        assert time.monotonic() < deadline, f"games in memory: {in_memory(server)}, waited for {count}"
        time.sleep(0.1)


def test_a_quiet_game_leaves_memory_and_comes_back_whole(server, clients):
    timed, fac_timed = facilitated(server, clients, timers={"orders": 3600}, bots={"brill": "dove", "league": "dove"})
    quiet, fac = facilitated(server, clients)
    ana = clients(server, "ana")
    joined = ana.ok("join", {"code": quiet["code"], "nickname": "Ana"})
    ana.ok("chat", {"channel": "plenary", "text": "still here after the break"})
    ben = clients(server, "ben")
    ben.ok("join", {"code": timed["code"], "nickname": "Ben", "seat": "aster"})  # ben never orders
    fac_timed.ok("start")
    fac_timed.wait_for(lambda u: u["timer"] is not None and u["view"]["phase"] == "orders", "the orders timer")
    assert in_memory(server) == 2
    for client in (ana, ben, fac, fac_timed):
        client.close()
    wait_until_in_memory(server, 1)  # the quiet game left; the one whose timer runs did not

    back = clients(server, "ana again")
    answer = back.ok("rejoin", {"token": joined["token"]})
    assert answer["seat"] == joined["seat"]
    assert any(e.get("text") == "still here after the break" for e in answer["update"]["view"]["log"])
    assert in_memory(server) == 2
    back.ok("chat", {"channel": "plenary", "text": "and playing on"})
    back.wait_for(lambda u: any(e.get("text") == "and playing on" for e in u["view"]["log"]), "the new message")


def test_a_finished_game_nobody_follows_leaves_sooner_than_a_quiet_one(tmp_path_factory, clients):
    """CRISIS_UNLOAD_FINISHED_SECONDS: nothing will change a finished game, so it need not wait
    the idle time of a game that may yet be played on."""
    srv = start_server(tmp_path_factory, {"CRISIS_UNLOAD_IDLE_SECONDS": "3600", "CRISIS_UNLOAD_FINISHED_SECONDS": "1"})
    try:
        ended, fac_ended = facilitated(srv, clients)
        waiting, fac_waiting = facilitated(srv, clients)
        fac_ended.ok("start")  # every seat a bot, no timers: the bots play it to its end at once
        fac_ended.wait_for(lambda u: u["view"]["phase"] == "over", "the end")
        assert in_memory(srv) == 2
        fac_ended.close()
        fac_waiting.close()
        wait_until_in_memory(srv, 1)  # the finished one went; the one in its lobby waits its hour
        back = clients(srv, "facilitator again")
        answer = back.ok("facilitate", {"token": ended["facilitator_token"]})
        assert answer["update"]["view"]["outcome"] is not None  # loaded again from the store, whole
        assert in_memory(srv) == 2
        assert waiting["game"] != ended["game"]
    finally:
        srv.stop()
