"""A server may forget old log entries: play goes on exactly as with the whole log."""
from __future__ import annotations

import random

import pytest

from game_rules import FACILITATOR, apply_action, forget_log, load_scenario, view, visible_log

from .helpers import random_action, started


@pytest.mark.parametrize("scenario_id", ["plates-2021", "lighthouse"])
def test_a_game_that_forgets_its_log_plays_on_like_one_that_keeps_it(scenario_id):
    scenario = load_scenario(scenario_id)
    rnd = random.Random(11)
    whole = forgetful = started(scenario, 5)
    forgot = 0
    for _ in range(600):
        action = random_action(whole, rnd)
        kept, short = apply_action(whole, action), apply_action(forgetful, action)
        assert kept.ok == short.ok
        if not kept.ok:
            assert kept.error == short.error
            continue
        whole, forgetful = kept.state, short.state
        assert short.events == kept.events  # the same entries, with the same positions
        since = whole.round_began
        for viewer in (*whole.seat_ids, FACILITATOR):
            assert view(forgetful, viewer, since) == view(whole, viewer, since)
        if rnd.random() < 0.2:
            start = forgetful.log_start
            forgetful = forget_log(forgetful, since)
            forgot += forgetful.log_start > start
        if whole.is_over():
            break
    assert forgot > 0 and forgetful.log_start > 0
    assert forgetful.log == whole.log[forgetful.log_start:]


def test_forgetting_keeps_positions_and_never_goes_back():
    state = started(load_scenario("lighthouse"), 1)
    end = state.log_end
    short = forget_log(state, end - 1)
    assert short.log_start == end - 1 and short.log_end == end and short.log[0]["n"] == end - 1
    assert visible_log(short, FACILITATOR, 0) == [state.log[-1]]
    assert forget_log(short, 0) is short  # what is forgotten stays forgotten
    assert forget_log(short, end + 10).log == [] and forget_log(short, end + 10).log_end == end
    assert len(state.log) == end  # the original is untouched
