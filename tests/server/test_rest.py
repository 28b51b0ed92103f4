"""REST in-process (Flask's test client on the app factory): game creation and exports."""
from __future__ import annotations

import csv
import io

import pytest


def _open(client, **settings):
    answer = client.post("/api/games", json={"scenario": "lighthouse", **settings})
    assert answer.status_code == 201, answer.json
    return answer.json


def test_create_game_answers_a_readable_code_and_stores_only_the_token_hash(app):
    client = app.test_client()
    game = _open(client, bots={"league": None}, timers={"orders": 90}, deadline="bot", seed=5, rounds=2)
    assert len(game["code"]) == 6 and set(game["code"]) <= set("ACDFGHJKMNPRTWXY")
    entries = app.extensions["crisis_store"].read(game["game"])
    created = entries[0]
    assert created["options"] == {"timers": {"orders": 90}, "team_size": 4, "bots": {"league": "mediator"},
                                  "deadline": "bot"}
    assert created["seed"] == 5 and created["setup"] == {"rounds": 2}
    secret = game["facilitator_token"].partition(".")[2]
    assert secret not in str(entries)


@pytest.mark.parametrize("body, field", [
    ({"scenario": "atlantis"}, "scenario"),
    ({"scenario": "lighthouse", "bots": {"narnia": "hawk"}}, "bots"),
    ({"scenario": "lighthouse", "bots": {"aster": "berserk"}}, "bots"),
    ({"scenario": "lighthouse", "deadline": "explode"}, "deadline"),
    ({"scenario": "lighthouse", "timers": {"orders": 0}}, "timers"),
    ({"scenario": "lighthouse", "rounds": "3"}, "rounds"),
])
def test_bad_settings_are_refused_with_the_field(app, body, field):
    answer = app.test_client().post("/api/games", json=body)
    assert answer.status_code == 400
    assert answer.json["error"]["code"] == "bad_payload" and field in answer.json["error"]["details"]


def test_the_csv_export_lists_the_moves_then_the_scores(app):
    client = app.test_client()
    game = _open(client)
    table = app.extensions["crisis_tables"].get(game["game"])
    pid, _ = table.join("Ana", "player", "aster")
    table.play(pid, "message", {"channel": "plenary", "text": "=HYPERLINK(\"http://evil\")"})
    answer = client.get(f"/api/games/{game['game']}/export.csv",
                        headers={"Authorization": f"Bearer {game['facilitator_token']}"})
    rows = list(csv.reader(io.StringIO(answer.get_data(as_text=True))))
    assert rows[0] == ["seq", "time", "round", "phase", "by", "actor", "kind", "params", "author"]
    message = [r for r in rows if len(r) > 6 and r[6] == "message"][0]
    assert message[3:7] == ["lobby", pid, "aster", "message"] and "HYPERLINK" in message[7]
    assert message[8] == "Ana"  # who wrote it, by nickname
    assert [r[0] for r in rows[rows.index(["seat", "score", "outcome"]) + 1:]] == ["aster", "brill", "league"]
    assert client.get(f"/api/games/{game['game']}/export.csv").status_code == 403


@pytest.mark.parametrize("body", [
    '{"scenario":"lighthouse","bots":' + '[' * 5000 + ']' * 5000 + '}',  # an HTML 500 page before
    '{"scenario":"lighthouse","seed":' + '9' * 5000 + '}',
    '{"scenario":"lighthouse","seed":NaN}',
    '{"scenario":',
    '["lighthouse"]',
    '',
])
def test_a_body_that_is_not_a_json_object_is_refused_as_json(app, body):
    answer = app.test_client().post("/api/games", data=body, content_type="application/json")
    assert answer.status_code == 400 and answer.is_json, answer.data[:200]
    assert answer.json["error"]["code"] == "bad_payload"


def test_a_body_over_the_size_limit_is_413_json(app):
    body = '{"scenario":"lighthouse","bots":{"aster":"' + "x" * app.config["MAX_CONTENT_LENGTH"] + '"}}'
    answer = app.test_client().post("/api/games", data=body, content_type="application/json")
    assert answer.status_code == 413 and answer.json["error"]["code"] == "too_large"
    deep = '{"scenario":"lighthouse","bots":' + '[' * 10_000 + ']' * 10_000 + '}'  # 20 KB
    assert app.test_client().post("/api/games", data=deep, content_type="application/json").status_code == 413


def test_api_errors_are_json_not_html_pages(app):
    client = app.test_client()
    assert client.get("/api/nothing/here").json["error"]["code"] == "not_found"
    answer = client.delete("/api/games")
    assert answer.status_code == 405 and answer.json["error"]["code"] == "method_not_allowed"


def test_every_rest_error_the_code_can_answer_is_documented_with_its_status():
    """docs/protocol.md's REST error table comes from protocol.REST_ERRORS: each (status, code) the
    REST code can answer must be there."""
    import re
    from pathlib import Path

    from server import app as app_module
    from server import protocol, rest, teaching

    source = Path(rest.__file__).read_text() + Path(app_module.__file__).read_text() + Path(teaching.__file__).read_text()
    answered = set(re.findall(r'_error\((\d{3}), "([a-z_]+)"', source))
    answered |= {(status, code) for code, status in re.findall(r'api_error\("([a-z_]+)", f?"[^"]*", (\d{3})', source)}
    answered |= {(str(status), code) for status, code in app_module.HTTP_CODES.items()}
    assert {"store_unavailable", "damaged_game", "host_key_required"} <= {c for _, c in answered}, answered
    for status, code in answered:
        assert code in protocol.REST_ERRORS and protocol.REST_ERRORS[code][0] == int(status), (status, code)
