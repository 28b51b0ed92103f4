"""A connection that goes on from a finished game to the next (a class's table replaying, the
benchmark's tables) takes the old game's base for deltas with it when it is the last to leave:
the hub holds what its connections follow, not every game they ever followed."""
from __future__ import annotations

from server.app import create_app
from server.config import TestingConfig
from server.extensions import socketio


def _open(client):
    answer = client.post("/api/games", json={"scenario": "lighthouse"})
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def test_moving_to_another_game_lets_the_last_one_go(tmp_path):
    app = create_app(TestingConfig, DATA=str(tmp_path / "games.sqlite3"), RATE_PER_SECOND=1000, RATE_BURST=1000)
    hub = app.extensions["crisis_hub"]
    rest = app.test_client()
    first, second = _open(rest), _open(rest)
    player = socketio.test_client(app)
    try:
        joined = player.emit("join", {"code": first["code"], "nickname": "Ana"}, callback=True)
        assert joined["ok"], joined
        said = player.emit("chat", {"channel": "plenary", "text": "hello"}, callback=True)
        assert said["ok"], said  # a change while Ana follows the game: the hub holds a base for it
        assert first["game"] in hub._sent
        joined = player.emit("join", {"code": second["code"], "nickname": "Ana"}, callback=True)
        assert joined["ok"], joined
        assert first["game"] not in hub._sent and first["game"] not in hub._by_game
        assert len(hub.of_game(second["game"])) == 1  # Ana, following the game she went on to
    finally:
        player.disconnect()
