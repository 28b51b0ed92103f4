"""Random play of every built-in scenario to an ending, checking invariants after every action."""
import json
import random

import pytest

from game_rules import apply_action, builtin_ids, load_scenario
from game_rules.conditions import OUTCOMES

from .helpers import check_invariants, random_action, started

GAMES = 500


@pytest.mark.parametrize("scenario_id", builtin_ids())
def test_random_games_end_and_keep_invariants(scenario_id):
    scenario = load_scenario(scenario_id)
    endings = set()
    for game in range(GAMES):
        rnd = random.Random(game)
        state = started(scenario, seed=game)
        check_invariants(state)
        for _ in range(5000):
            if state.is_over():
                break
            action = random_action(state, rnd)
            before, snapshot = state, _snapshot(state) if game % 50 == 0 else None
            result = apply_action(state, action)
            if result.ok:
                assert result.state.moves_made == state.moves_made + 1
                assert result.events == result.state.log[len(state.log):]
                state = result.state
                check_invariants(state)
            else:
                assert result.error.code
            if snapshot is not None:  # the state we applied to is never edited
                assert _snapshot(before) == snapshot
        assert state.is_over(), f"game {game} did not end"
        endings.add(state.outcome)
    assert endings <= set(OUTCOMES)
    assert len(endings) >= 2, f"random play reached only {endings}"


def _snapshot(state) -> str:
    """What must not change in a state once returned: its log and its board (clones share the board)."""
    return json.dumps([state.log, state.tracks, state.seat_tracks, state.card_uses, state.orders,
                       state.proposals, sorted(state.ready), sorted(state.bound_clauses)], sort_keys=True, default=list)
