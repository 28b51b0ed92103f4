"""same_private_views: a server skips building the private parts of a change when it answers True,
so a True must never hide a change to any seat's private view."""
import random

import pytest

from game_rules import (
    Action,
    apply_action,
    builtin_ids,
    forget_log,
    load_scenario,
    new_game,
    private_view,
    same_private_views,
    same_secrets,
    view,
)

from .helpers import TEXTS, random_action

LOBBY_TAIL = 12  # a server's lobby updates show only the latest entries: the window slides


def _window_start(state) -> int:
    if state.round == 0:
        return max(0, state.log_end - LOBBY_TAIL)
    return state.round_began


def _lobby_message(state, rnd):
    seat = rnd.choice(state.seat_ids)
    others = [o for o in state.seat_ids if o != seat]
    channel = rnd.choice(["plenary", "plenary", "plenary", f"delegation:{seat}",
                          "bilateral:" + "+".join(sorted((seat, rnd.choice(others))))])
    return Action("message", seat, {"channel": channel, "text": rnd.choice(TEXTS)})


def _private_views(state, since):
    return {seat: private_view(state, seat, since) for seat in state.seat_ids}


@pytest.mark.parametrize("scenario_id", builtin_ids())
def test_same_private_views_never_hides_a_change(scenario_id):
    scenario = load_scenario(scenario_id)
    said = {True: 0, False: 0}
    window_slid_unchanged = 0
    for game in range(12):
        rnd = random.Random(game)
        before = new_game(scenario, game)
        before_since, steps = 0, 0
        while not before.is_over():
            steps += 1
            if before.round == 0:  # the lobby: chat, some of it private, in a sliding window
                action = _lobby_message(before, rnd) if steps < 40 else Action("start", "facilitator")
            else:
                action = random_action(before, rnd)
            result = apply_action(before, action)
            if not result.ok:
                continue
            state = result.state
            if rnd.random() < 0.2:  # a server forgets old entries now and then
                state = forget_log(state, _window_start(state) - rnd.randint(0, 5))
            since = _window_start(state)
            same = same_private_views(before, before_since, state, since)
            said[same] += 1
            if same:
                assert _private_views(state, since) == _private_views(before, before_since), action
                window_slid_unchanged += since != before_since
            before, before_since = state, since
    assert said[True] > 100 and said[False] > 100  # it does skip, and it does not always skip
    assert window_slid_unchanged > 50  # including while the lobby's window slides over public chat


@pytest.mark.parametrize("scenario_id", builtin_ids())
def test_same_secrets_never_hides_a_change_to_the_facilitators_delegations(scenario_id):
    """A server reuses the facilitator's `delegations` when same_secrets says True."""
    scenario = load_scenario(scenario_id)
    said = {True: 0, False: 0}
    for game in range(12):
        rnd = random.Random(game)
        before = apply_action(new_game(scenario, game), Action("start", "facilitator")).state
        while not before.is_over():
            result = apply_action(before, random_action(before, rnd))
            if not result.ok:
                continue
            same = same_secrets(before, result.state)
            said[same] += 1
            if same:
                assert (view(result.state, "facilitator")["delegations"]
                        == view(before, "facilitator")["delegations"])
            before = result.state
    assert said[True] > 100 and said[False] > 100


def test_an_addressed_entry_leaving_the_lobby_window_is_a_change():
    scenario = load_scenario("lighthouse")
    state = new_game(scenario, 1)
    state = apply_action(state, Action("message", "aster", {"channel": "delegation:aster", "text": "ours"})).state
    for _ in range(LOBBY_TAIL - 1):
        state = apply_action(state, Action("message", "brill", {"channel": "plenary", "text": "hello"})).state
    before, before_since = state, _window_start(state)
    assert [e["text"] for e in private_view(before, "aster", before_since)["log"]] == ["ours"]
    state = apply_action(state, Action("message", "brill", {"channel": "plenary", "text": "again"})).state
    since = _window_start(state)
    assert private_view(state, "aster", since)["log"] == []
    assert not same_private_views(before, before_since, state, since)
    state2 = apply_action(state, Action("message", "brill", {"channel": "plenary", "text": "more"})).state
    assert same_private_views(state, since, state2, _window_start(state2))


def test_a_board_change_logged_in_public_is_a_change():
    """The festival raises every delegation's public support: only public entries are logged, yet
    each seat's own tracks (in its private part) moved."""
    scenario = load_scenario("lighthouse")
    before = apply_action(new_game(scenario, 1), Action("start", "facilitator")).state
    after = apply_action(before, Action("inject_event", "facilitator", {"event": "festival"})).state
    assert all(e["to"] is None for e in after.log[before.log_end - after.log_start:])
    since = before.round_began
    assert private_view(after, "brill", since) != private_view(before, "brill", since)
    assert not same_private_views(before, since, after, since)
