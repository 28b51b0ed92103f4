"""REST of the teaching kit in-process: presets, the guide and its map, briefing sheets and
history's scorecard (which carry secrets: facilitator token in a header, or the game over)."""
from __future__ import annotations

import pytest
import yaml

from game_rules.scenario.loader import BUILTIN
from server.app import create_app
from server.config import TestingConfig


@pytest.fixture
def app(tmp_path):
    app = create_app(TestingConfig, DATA=str(tmp_path / "games.sqlite3"))
    yield app
    app.extensions["crisis_store"].close()


def _open(client, **settings):
    answer = client.post("/api/games", json={"scenario": "plates-2021", **settings})
    assert answer.status_code == 201, answer.json
    return answer.json


def _bearer(game):
    return {"Authorization": f"Bearer {game['facilitator_token']}"}


def _documented_plans(scenario_id):
    """The timing plans as the guide's file writes them (read here without the loader)."""
    guide = yaml.safe_load((BUILTIN / scenario_id / "guide.yaml").read_text(encoding="utf-8"))
    return {plan["id"]: plan for plan in guide["timing"]}


@pytest.mark.parametrize("scenario_id", ["plates-2021", "lighthouse"])
def test_each_preset_sets_the_rounds_timers_and_deadline_its_timing_plan_documents(app, scenario_id):
    client = app.test_client()
    for plan_id, plan in _documented_plans(scenario_id).items():
        game = _open(client, scenario=scenario_id, preset=plan_id)
        created = app.extensions["crisis_store"].read(game["game"])[0]
        assert created["setup"] == {"rounds": plan["rounds"]}
        assert created["options"]["timers"] == plan["timers"]
        assert created["options"]["deadline"] == plan.get("deadline", "nothing")
        assert created["options"]["preset"] == plan_id
        assert client.get(f"/api/games/{game['game']}").json["preset"] == plan_id
        assert (game["rounds"], game["timers"]) == (plan["rounds"], plan["timers"])


def test_a_homework_game_takes_phase_deadlines_of_days(app):
    game = _open(app.test_client(), preset="homework")
    assert game["timers"] == {"orders": 86400, "talks": 86400}
    custom = _open(app.test_client(), timers={"orders": 2 * 86400, "talks": 3 * 86400})
    assert custom["timers"] == {"orders": 2 * 86400, "talks": 3 * 86400}


@pytest.mark.parametrize("body, message", [
    ({"preset": "class-45"}, "one of class-50, class-90, workshop-3h, homework"),
    ({"preset": "class-50", "rounds": 4}, "a preset sets rounds: leave them out, or choose no preset"),
    ({"preset": "class-50", "timers": {"orders": 60}, "deadline": "bot"},
     "a preset sets timers, deadline: leave them out, or choose no preset"),
])
def test_a_bad_preset_is_a_typed_error_that_opens_nothing(app, body, message):
    store = app.extensions["crisis_store"]
    before = len(store.game_ids())
    answer = app.test_client().post("/api/games", json={"scenario": "plates-2021", **body})
    assert answer.status_code == 400
    assert answer.json["error"]["code"] == "bad_payload"
    assert answer.json["error"]["details"]["preset"] == [message]
    assert len(store.game_ids()) == before


@pytest.mark.parametrize("scenario_id", ["plates-2021", "lighthouse"])
def test_the_guide_is_served_as_data(app, scenario_id):
    answer = app.test_client().get(f"/api/scenarios/{scenario_id}/guide")
    assert answer.status_code == 200
    assert answer.json["scenario"] == scenario_id and answer.json["timing"] and answer.json["objectives"]


def test_the_map_is_served_as_svg_that_may_run_nothing(app):
    client = app.test_client()
    answer = client.get("/api/scenarios/plates-2021/map.svg")
    assert answer.status_code == 200 and answer.mimetype == "image/svg+xml"
    assert "default-src 'none'" in answer.headers["Content-Security-Policy"]
    text = answer.get_data(as_text=True)
    for place in ("Jarinje", "Brnjak", "Mitrovica", "Ibar", "SERBIA", "not to scale"):
        assert place in text
    assert client.get("/api/scenarios/plates-2021/other.svg").status_code == 404
    assert client.get("/api/scenarios/lighthouse/map.svg").status_code == 404
    assert client.get("/api/scenarios/atlantis/guide").json["error"]["code"] == "unknown_scenario"


def test_briefing_sheets_need_the_facilitator_token_in_a_header(app):
    client = app.test_client()
    game = _open(client, preset="class-50")
    url = f"/api/games/{game['game']}/briefings"
    assert client.get(url).status_code == 403
    assert client.get(f"{url}?token={game['facilitator_token']}").status_code == 403  # never in an address
    other = _open(client)
    assert client.get(url, headers=_bearer(other)).status_code == 403
    answer = client.get(url, headers=_bearer(game))
    assert answer.status_code == 200
    sheets = answer.json["sheets"]
    from game_rules import load_scenario

    scenario = load_scenario("plates-2021")
    assert [s["seat"] for s in sheets] == list(scenario.seat_ids)
    for sheet in sheets:
        seat = scenario.seats_by_id[sheet["seat"]]
        assert sheet["briefing"] == seat.briefing
        assert [o["text"] for o in sheet["objectives"]] == [o.text for o in seat.objectives]
        assert {c["id"] for c in sheet["cards"]} == {c.id for c in scenario.cards_by_seat[seat.id]}
    assert answer.json["code"] == game["code"] and answer.json["rounds"] == 3


def test_historys_scorecard_opens_to_the_facilitator_or_when_the_game_is_over(app):
    client = app.test_client()
    game = _open(client)
    url = f"/api/games/{game['game']}/history"
    refused = client.get(url)
    assert refused.status_code == 403 and refused.json["error"]["code"] == "not_over"
    assert "objectives" not in refused.get_data(as_text=True)
    card = client.get(url, headers=_bearer(game)).json
    assert card["outcome"] == "agreement" and set(card["scores"]) == set(card["objectives"])
    table = app.extensions["crisis_tables"].get(game["game"])
    table.facilitate("start", {})
    table.facilitate("end_game", {})
    assert client.get(url).status_code == 200
