"""Limits for a server open to a network, against real server processes: REST rate limits per
client address (in memory, and shared through Redis by several processes), the optional host
key, and the caps on players and spectators per table. Each answers a typed error."""
from __future__ import annotations

import pytest
import requests

from .harness import Server
from .test_store_failures import own_redis, wait_until  # noqa: F401  (own_redis: a redis-server of the test's own)


def create(server: Server, **headers: str) -> requests.Response:
    return requests.post(server.url + "/api/games", json={"scenario": "lighthouse"}, headers=headers, timeout=5)


@pytest.fixture
def limited(tmp_path):
    server = Server(tmp_path / "games.sqlite3", env={
        "CRISIS_CREATE_LIMIT": "3 per minute", "CRISIS_EXPORT_LIMIT": "2 per minute", "CRISIS_HOST_KEY": "",
        "CRISIS_MAX_PLAYERS": "2", "CRISIS_MAX_SPECTATORS": "1"}).start()
    yield server
    server.stop()


def test_game_creation_and_exports_are_rate_limited_per_address(limited):
    made = [create(limited) for _ in range(3)]
    assert [r.status_code for r in made] == [201, 201, 201]
    refused = create(limited)
    assert refused.status_code == 429 and refused.json()["error"]["code"] == "rate_limited"
    assert int(refused.headers["Retry-After"]) > 0
    game = made[0].json()
    url = f"{limited.url}/api/games/{game['game']}/export.csv"
    auth = {"Authorization": f"Bearer {game['facilitator_token']}"}
    assert [requests.get(url, headers=auth, timeout=5).status_code for _ in range(2)] == [200, 200]
    answer = requests.get(url, headers=auth, timeout=5)
    assert answer.status_code == 429 and answer.json()["error"]["code"] == "rate_limited"
    assert requests.get(limited.url + "/api/scenarios", timeout=5).status_code == 200  # other paths unlimited


@pytest.mark.parametrize("proxies", [0, 1])
def test_behind_a_trusted_proxy_each_client_address_has_its_own_budget(tmp_path, proxies):
    server = Server(tmp_path / "games.sqlite3", env={"CRISIS_CREATE_LIMIT": "2 per minute",
                                                    "CRISIS_TRUSTED_PROXIES": str(proxies)}).start()
    try:
        for _ in range(2):
            assert create(server, **{"X-Forwarded-For": "10.1.1.1"}).status_code == 201
        # Another student behind the same proxy: its own budget only if the proxy is trusted; an
        # untrusted header changes nothing, so no client picks its own address.
        assert create(server, **{"X-Forwarded-For": "10.1.1.2"}).status_code == (201 if proxies else 429)
        assert create(server, **{"X-Forwarded-For": "10.1.1.1"}).status_code == 429
    finally:
        server.stop()


def test_with_redis_every_process_counts_together(own_redis, tmp_path):  # noqa: F811
    port = own_redis[0]
    env = {"CRISIS_CREATE_LIMIT": "3 per minute"}
    url = f"redis://127.0.0.1:{port}/0"
    servers = [Server(tmp_path / f"unused-{i}.sqlite3", env=env, args=["--redis", url]).start() for i in range(2)]
    try:
        a, b = servers
        assert [create(s).status_code for s in (a, b, a)] == [201, 201, 201]
        assert create(b).status_code == 429
    finally:
        for s in servers:
            s.stop()


def test_a_host_key_when_set_is_required_to_open_games(tmp_path):
    server = Server(tmp_path / "games.sqlite3", env={"CRISIS_HOST_KEY": "district-7f3a"}).start()
    try:
        for headers in ({}, {"X-Host-Key": "guess"}):
            answer = create(server, **headers)
            assert answer.status_code == 401 and answer.json()["error"]["code"] == "host_key_required"
        assert create(server, **{"X-Host-Key": "district-7f3a"}).status_code == 201
    finally:
        server.stop()


def test_a_table_caps_its_players_and_spectators(limited, clients):
    game = create(limited).json()
    first, second, third = clients(limited, "a"), clients(limited, "b"), clients(limited, "c")
    joined = first.ok("join", {"code": game["code"], "nickname": "A"})
    second.ok("join", {"code": game["code"], "nickname": "B"})
    before = limited.export(game)["log"]
    answer = third.call("join", {"code": game["code"], "nickname": "C"})
    assert answer["error"]["code"] == "table_full" and answer["error"]["details"]["limit"] == 2
    assert limited.export(game)["log"] == before, "a refused join changed the game"
    third.ok("rejoin", {"token": joined["token"]})  # a player who has a seat still comes back

    watcher, crowd = clients(limited, "w"), clients(limited, "x")
    watcher.ok("join", {"code": game["code"], "nickname": "W", "role": "spectator"})
    answer = crowd.call("join", {"code": game["code"], "nickname": "X", "role": "projector"})
    assert answer["error"]["code"] == "table_full"
    watcher.close()  # a place frees up when a spectator leaves
    wait_until(lambda: crowd.call("join", {"code": game["code"], "nickname": "X", "role": "projector"})["ok"],
               "the projector to get the freed place")
