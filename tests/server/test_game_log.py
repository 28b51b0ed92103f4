"""A game on the server holds only the recent part of its engine log in memory."""
from __future__ import annotations

from game_rules import Action
from server.game import LOG_SLACK, Game, update_log_start
from server.protocol import LOBBY_LOG_TAIL

CREATED = {"type": "created", "scenario": "lighthouse", "seed": 1, "setup": {}, "options": {},
           "facilitator": "x", "code": "ACDFGH", "at": 0.0}


def chat(i: int, seat: str = "aster") -> dict:
    return {"type": "action", "by": "p1", "at": 0.0,
            "action": Action("message", seat, {"channel": "plenary", "text": f"chat {i}"}).to_dict()}


def test_a_chatty_lobby_keeps_a_bounded_log_and_updates_show_its_tail():
    game = Game.open("g1", CREATED)
    opened = game.state.log_end
    longest = 0
    for i in range(3 * LOG_SLACK):
        game = game.fold(chat(i)).with_recent_log()
        longest = max(longest, len(game.state.log))
    assert longest <= LOBBY_LOG_TAIL + LOG_SLACK
    assert game.state.log_end == opened + 3 * LOG_SLACK and game.state.log_start > 0
    start = update_log_start(game.state)
    assert start >= game.state.log_start and game.state.log_end - start == LOBBY_LOG_TAIL


def test_a_game_rebuilt_from_its_log_keeps_every_entry_until_told():
    entries = [CREATED] + [chat(i) for i in range(2 * LOG_SLACK)]
    whole = Game.from_log("g1", entries)
    assert len(whole.state.log) > 2 * LOG_SLACK and whole.state.log_start == 0
    recent = whole.with_recent_log()
    assert recent.state.log == whole.state.log[recent.state.log_start:] and recent.length == whole.length
