"""What a table sends: the public view once, each seat's private part; merged as clients merge them,
exactly view(state, viewer)."""
from __future__ import annotations

import random

import orjson
import pytest

from game_rules import FACILITATOR, SPECTATOR, Action, apply_action, load_scenario, merge_views, new_game, view
from server.broadcast import encoded_views, private_parts
from server.game import update_log_start

from ..game_rules.helpers import random_action, started


def decoded(encoded) -> dict:
    return orjson.loads(orjson.dumps({"view": encoded}))["view"]


def check_every_viewer(state) -> None:
    since = update_log_start(state)
    views = encoded_views(state, since, [SPECTATOR, FACILITATOR])
    public = decoded(views[SPECTATOR])
    privates = private_parts(state, since, list(state.seat_ids))
    for seat in state.seat_ids:
        merged = merge_views(public, orjson.loads(privates[seat]))
        assert merged == orjson.loads(orjson.dumps(view(state, seat, since))), seat
    for viewer in (SPECTATOR, FACILITATOR):
        assert decoded(views[viewer]) == orjson.loads(orjson.dumps(view(state, viewer, since))), viewer


@pytest.mark.parametrize("scenario_id", ["plates-2021", "lighthouse"])
def test_every_viewer_gets_exactly_its_view_through_a_random_game(scenario_id):
    scenario = load_scenario(scenario_id)
    rnd = random.Random(7)
    state = started(scenario, 3)
    checked = private_logs = 0
    for _ in range(400):
        result = apply_action(state, random_action(state, rnd))
        if not result.ok:
            continue
        state = result.state
        check_every_viewer(state)
        private_logs += any(e["to"] is not None for e in state.log[update_log_start(state):])
        checked += 1
        if state.is_over():
            break
    assert checked > 20 and private_logs > 0  # the game went on, with private entries in the views


def test_lobby_chat_views_are_exact():
    state = new_game(load_scenario("plates-2021"), 1)
    for i, seat in enumerate(state.seat_ids * 10):
        channel = "plenary" if i % 3 else f"delegation:{seat}"
        state = apply_action(state, Action("message", seat, {"channel": channel, "text": f"hello {i}"})).state
        check_every_viewer(state)
    assert len(state.log) > 60  # past the lobby's log tail


def test_only_the_asked_viewers_are_encoded():
    state = new_game(load_scenario("lighthouse"), 1)
    assert set(encoded_views(state, 0, [FACILITATOR])) == {FACILITATOR}
    assert set(encoded_views(state, 0, [SPECTATOR])) == {SPECTATOR}
    assert set(private_parts(state, 0, [state.seat_ids[0]])) == {state.seat_ids[0]}
