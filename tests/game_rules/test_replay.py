"""A game is its seed, its set-up and its accepted actions: replaying them rebuilds the same game."""
import json
import random

import pytest

from game_rules import FACILITATOR, Action, Setup, apply_action, builtin_ids, load_scenario, new_game, replay, view
from game_rules.simulate import play_bot_game

from .helpers import random_action


def _play(scenario, seed, rnd):
    state = new_game(scenario, seed, Setup(rounds=3))
    accepted = [Action("start", FACILITATOR)]
    state = apply_action(state, accepted[0]).state
    while not state.is_over():
        action = random_action(state, rnd)
        result = apply_action(state, action)
        if result.ok:
            accepted.append(action)
            state = result.state
    return state, accepted


def _fingerprint(state):
    return json.dumps({"log": state.log, "tracks": state.tracks, "seats": state.seat_tracks,
                       "proposals": {str(k): v for k, v in state.proposals.items()},
                       "outcome": state.outcome, "view": view(state, FACILITATOR, log_since=0)}, sort_keys=True)


@pytest.mark.parametrize("scenario_id", builtin_ids())
def test_replay_rebuilds_the_live_state(scenario_id):
    scenario = load_scenario(scenario_id)
    for seed in range(20):
        live, actions = _play(scenario, seed, random.Random(seed))
        rebuilt = replay(scenario, seed, Setup(rounds=3), [Action.from_dict(a.to_dict()) for a in actions])
        assert _fingerprint(rebuilt) == _fingerprint(live)


@pytest.mark.parametrize("scenario_id", builtin_ids())
def test_same_seed_and_actions_give_the_same_log(scenario_id):
    scenario = load_scenario(scenario_id)
    first, actions = _play(scenario, 5, random.Random(9))
    second = replay(scenario, 5, Setup(rounds=3), actions)
    assert second.log == first.log


def test_a_different_seed_changes_the_dice():
    scenario = load_scenario("lighthouse")
    outcomes = {_fingerprint(play_bot_game(scenario, seed)) for seed in range(10)}
    assert len(outcomes) > 1


def test_bot_games_are_deterministic_for_a_seed():
    scenario = load_scenario("lighthouse")
    assert _fingerprint(play_bot_game(scenario, 42)) == _fingerprint(play_bot_game(scenario, 42))


def test_replay_refuses_a_corrupt_log():
    scenario = load_scenario("lighthouse")
    with pytest.raises(ValueError, match="refused on replay"):
        replay(scenario, 1, None, [Action("start", FACILITATOR), Action("start", FACILITATOR)])
