"""Pages of the log: what the reader may see, from where it asks, read across memory and the
whole game, and no further than the page."""
from __future__ import annotations

import pytest

from game_rules import FACILITATOR, SPECTATOR, Action, apply_action, forget_log, load_scenario, new_game, visible_log
from game_rules.observation import can_see
from server.history import WholeGames, page


@pytest.fixture(scope="module")
def whole():
    state = apply_action(new_game(load_scenario("lighthouse"), 1), Action("start", FACILITATOR)).state
    seats = state.seat_ids
    for i in range(600):
        seat, other = seats[i % 3], seats[(i + 1) % 3]
        channel = ("plenary", f"delegation:{seat}", "bilateral:" + "+".join(sorted((seat, other))))[i % 3]
        state = apply_action(state, Action("message", seat, {"channel": channel, "text": f"m{i}"})).state
    return state


@pytest.mark.parametrize("viewer", ["aster", SPECTATOR, FACILITATOR])
def test_paging_through_memory_and_the_whole_game_reads_every_visible_entry_once(whole, viewer):
    live = forget_log(whole, 400)  # the table holds the log from 400 on
    read, since = [], 0
    while since is not None:
        entries, since = page([whole, live], viewer, since, 37)
        assert len(entries) <= 37
        read += entries
    assert read == visible_log(whole, viewer, 0)
    assert all(can_see(e, viewer) for e in read)


def test_a_channel_page_holds_only_that_channel(whole):
    channel = next(e["channel"] for e in whole.log if e.get("channel", "").startswith("bilateral:"))
    member = channel.partition(":")[2].split("+")[0]
    entries, _ = page([whole], member, 0, 50, channel)
    assert len(entries) == 50 and all(e["channel"] == channel for e in entries)


def test_whole_games_kept_are_bounded_and_rebuilt_when_too_short():
    kept, built = WholeGames(kept=2), []

    def rebuild(name, length):
        def make():
            built.append(name)
            return type("G", (), {"state": type("S", (), {"log_end": length})()})()
        return make

    kept.get("a", 5, rebuild("a", 10))
    kept.get("a", 8, rebuild("a", 10))  # long enough: kept
    kept.get("a", 12, rebuild("a", 20))  # too short now: rebuilt
    kept.get("b", 1, rebuild("b", 5))
    kept.get("c", 1, rebuild("c", 5))  # "a" read least recently: goes
    kept.get("a", 1, rebuild("a", 20))
    assert built == ["a", "a", "b", "c", "a"]
