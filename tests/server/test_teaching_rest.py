"""REST of the teaching kit in-process: presets, the guide and its map, briefing sheets and
history's scorecard (which carry secrets: facilitator token in a header, or the game over)."""
from __future__ import annotations

import time

import pytest
import yaml

from game_rules.scenario.loader import BUILTIN


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


def _secrets(scenario_id):
    from game_rules import load_scenario

    scenario = load_scenario(scenario_id)
    return [s.briefing[:80] for s in scenario.seats] + [o.text for s in scenario.seats for o in s.objectives]


def _text(answer) -> str:
    """The answer as a person would read it (JSON escapes non-ASCII letters)."""
    import json

    return json.dumps(answer.json, ensure_ascii=False) if answer.is_json else answer.get_data(as_text=True)


def test_no_teaching_endpoint_shows_a_seats_secrets_without_the_facilitator_token_before_the_end(app):
    """Leak test: a stranger, or a player with its own seat token, reads nothing secret from the
    guide, the map, history's scorecard, the briefing sheets, contributions or the exports."""
    client = app.test_client()
    game = _open(client)  # no phase timers: no deadline may fire after this app has closed its store
    table = app.extensions["crisis_tables"].get(game["game"])
    _, seat_token = table.join("Ana", "player")
    table.facilitate("start", {})
    gid = game["game"]
    urls = ["/api/scenarios/plates-2021/guide", "/api/scenarios/plates-2021/map.svg", f"/api/games/{gid}",
            f"/api/games/{gid}/history", f"/api/games/{gid}/briefings", f"/api/games/{gid}/contributions",
            *(f"/api/games/{gid}/export/{name}.csv" for name in ("actions", "participation", "scores"))]
    secrets = _secrets("plates-2021")
    for headers in ({}, {"Authorization": f"Bearer {seat_token}"}):
        for url in urls:
            body = _text(client.get(url, headers=headers))
            assert not [s for s in secrets if s in body], (url, headers)
    # The facilitator does read them: the test above can see a secret when one is there.
    body = _text(client.get(f"/api/games/{gid}/briefings", headers=_bearer(game)))
    assert all(s in body for s in secrets)


def test_exports_name_people_by_nickname_with_parameters_in_their_own_columns(app):
    import csv
    import io

    client = app.test_client()
    game = _open(client, scenario="lighthouse", bots={"brill": None, "league": None})
    table = app.extensions["crisis_tables"].get(game["game"])
    pid, _ = table.join("=Zoë", "player")  # a nickname a spreadsheet would take for a formula
    table.facilitate("start", {})
    table.play(pid, "submit_orders", {"cards": ["send_gunboat"]})
    # The bots order in the background: the round's orders are all in once the phase moves on.
    deadline = time.monotonic() + 15
    while table.game.state.phase == "orders" and time.monotonic() < deadline:
        time.sleep(0.02)
    assert table.game.state.phase != "orders", "the bots never ordered"
    read = lambda name: list(csv.DictReader(io.StringIO(client.get(  # noqa: E731
        f"/api/games/{game['game']}/export/{name}.csv", headers=_bearer(game)).get_data(as_text=True))))
    actions = read("actions")
    mine = [row for row in actions if row["person"] == "'=Zoë"]
    assert [(row["delegation"], row["action"], row["cards"]) for row in mine] == [("Aster", "submit orders", "Send a gunboat")]
    assert {row["person"] for row in actions} >= {"'=Zoë", "facilitator", "bot"}
    people = read("participation")
    assert people == [{"person": "'=Zoë", "delegation": "Aster", "head": "True", "messages": "0", "statements": "0",
                       "proposals": "0", "amendments": "0", "answers": "0", "signatures": "0", "orders submitted": "1"}]
    scores = read("scores")
    assert [row["delegation"] for row in scores] == ["Aster", "Brill", "Harbour League"]
    assert client.get(f"/api/games/{game['game']}/export/everything.csv", headers=_bearer(game)).status_code == 404
