"""The leak checker the server tests rely on does find leaks."""
from __future__ import annotations

from game_rules import Action, apply_action, load_scenario, new_game, private_view, view

from .secrets_check import leaks


def _state():
    state = new_game(load_scenario("lighthouse"), seed=1)
    state = apply_action(state, Action("start", "facilitator")).state
    return apply_action(state, Action("submit_orders", "aster", {"cards": ["send_gunboat"]})).state


def test_a_clean_seat_view_passes():
    update = {"view": view(_state(), "brill")}
    assert leaks([("update", update)], "brill", "lighthouse", {}, []) == []


def test_another_seats_view_is_caught():
    update = {"view": view(_state(), "aster")}
    found = leaks([("update", update)], "brill", "lighthouse", {}, [])
    assert any("aster's briefing" in f for f in found)
    assert any("pending orders" in f for f in found)


def test_a_foreign_channel_and_token_are_caught():
    update = {"view": {"phase": "talks", "log": [{"type": "message", "text": "psst-123"}]}, "token": "g.abc"}
    found = leaks([("update", update)], "league", "lighthouse", {"bilateral:aster+brill": "psst-123"}, ["g.abc"])
    assert len(found) == 2


def test_another_seats_private_part_is_caught_even_after_the_game():
    private = {"game": "g", "seq": 3, "private": private_view(_state(), "aster")}
    found = leaks([("private", private)], "brill", "lighthouse", {}, [])
    assert any("aster's briefing" in f for f in found) and any("pending orders" in f for f in found)
    assert leaks([("private", {"game": "g", "seq": 3, "private": private_view(_state(), "brill")})],
                 "brill", "lighthouse", {}, []) == []
