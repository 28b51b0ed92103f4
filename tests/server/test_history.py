"""Pages of the log: what the reader may see, from where it asks, read across the store's history
and memory, and no further than the page."""
from __future__ import annotations

from itertools import chain

import pytest

from game_rules import FACILITATOR, SPECTATOR, Action, apply_action, forget_log, load_scenario, new_game, visible_log
from server.history import (
    MAX_SCAN,
    NotKept,
    WholeGames,
    entries_before,
    entries_from,
    in_memory,
    in_memory_before,
    page,
    page_before,
    wanted,
)


@pytest.fixture(scope="module")
def whole():
    state = apply_action(new_game(load_scenario("lighthouse"), 1), Action("start", FACILITATOR)).state
    seats = state.seat_ids
    for i in range(1400):
        seat, other = seats[i % 3], seats[(i + 1) % 3]
        kinds = ("bilateral:" + "+".join(sorted((seat, other))), f"delegation:{seat}")  # 1 in 10 each
        channel = kinds[i % 10] if i % 10 < 2 else "plenary"
        state = apply_action(state, Action("message", seat, {"channel": channel, "text": f"m{i}"})).state
    return state


class History:
    """A store's read_history over a whole log, counting what it was asked to read."""

    def __init__(self, state, kept_from=0):
        self.state, self.kept_from, self.read = state, kept_from, 0

    def __call__(self, since, limit):
        got = [e for e in self.state.log[since:since + limit] if e["n"] >= self.kept_from]
        self.read += len(got)
        return got


def read_all(source, viewer, live, limit=37, channel=None):
    read, since = [], 0
    while since is not None:
        entries, since = page(entries_from(since, live, source, limit), viewer, limit, wanted(channel), live.log_end)
        assert len(entries) <= limit
        read += entries
    return read


@pytest.mark.parametrize("viewer", ["aster", SPECTATOR, FACILITATOR])
def test_paging_through_the_history_and_memory_reads_every_visible_entry_once(whole, viewer):
    live = forget_log(whole, 400)  # the table holds the log from 400 on
    assert read_all(History(whole), viewer, live) == visible_log(whole, viewer, 0)


def test_a_page_reads_from_the_store_no_more_than_it_needs(whole):
    live = forget_log(whole, 400)
    history = History(whole)
    entries, following = page(entries_from(100, live, history, 50), FACILITATOR, 50, wanted(), live.log_end)
    assert [e["n"] for e in entries] == list(range(100, 150)) and following == 150
    assert history.read == 50


def test_a_sparse_channel_scans_a_bounded_stretch_and_says_where_to_go_on(whole):
    channel = next(e["channel"] for e in whole.log if e.get("channel", "").startswith("bilateral:"))
    member = channel.partition(":")[2].split("+")[0]
    live = forget_log(whole, 0)
    entries, following = page(entries_from(0, live, History(whole), 200), member, 200, wanted(channel), live.log_end)
    assert entries and all(e["channel"] == channel for e in entries)
    assert following == MAX_SCAN  # 1,000 entries scanned, fewer than 200 of them in the channel
    assert read_all(History(whole), member, live, 200, channel) == [
        e for e in visible_log(whole, member) if e.get("channel") == channel]


def test_a_history_the_store_does_not_have_is_said_so(whole):
    live = forget_log(whole, 400)
    with pytest.raises(NotKept):
        page(entries_from(0, live, History(whole, kept_from=10), 50), FACILITATOR, 50, wanted(), live.log_end)
    older = chain(in_memory(whole, 0), in_memory(live, whole.log_end))  # the fallback: the replayed game
    assert page(older, FACILITATOR, 50, wanted(), live.log_end)[0] == whole.log[:50]


def read_back(source, viewer, live, limit=37, keep=None):
    """Every page backward from the log's end, as "Show earlier" asks for them."""
    read, before = [], live.log_end
    while before is not None:
        entries, before = page_before(entries_before(before, live, source, limit), viewer, limit, keep or wanted())
        assert len(entries) <= limit and entries == sorted(entries, key=lambda e: e["n"])
        read = entries + read
    return read


@pytest.mark.parametrize("viewer", ["aster", SPECTATOR, FACILITATOR])
def test_paging_backward_through_memory_and_the_history_reads_every_visible_entry_once(whole, viewer):
    live = forget_log(whole, 400)
    assert read_back(History(whole), viewer, live) == visible_log(whole, viewer, 0)


def test_a_page_backward_is_the_newest_below_its_position_and_reads_one_range(whole):
    live = forget_log(whole, 400)
    history = History(whole)
    entries, previous = page_before(entries_before(300, live, history, 50), FACILITATOR, 50, wanted())
    assert [e["n"] for e in entries] == list(range(250, 300)) and previous == 250
    assert history.read == 50
    entries, previous = page_before(entries_before(420, live, history, 50), FACILITATOR, 50, wanted())
    assert [e["n"] for e in entries] == list(range(370, 420)) and previous == 370  # memory, then the store
    assert history.read == 50 + 50  # the store read one chunk for the 30 entries below memory
    entries, previous = page_before(entries_before(30, live, history, 50), FACILITATOR, 50, wanted())
    assert [e["n"] for e in entries] == list(range(30)) and previous is None


def test_a_sparse_channel_backward_scans_a_bounded_stretch(whole):
    channel = next(e["channel"] for e in whole.log if e.get("channel", "").startswith("bilateral:"))
    member = channel.partition(":")[2].split("+")[0]
    live = forget_log(whole, 0)
    entries, previous = page_before(entries_before(live.log_end, live, History(whole), 200), member, 200,
                                    wanted(channel))
    assert entries and all(e["channel"] == channel for e in entries)
    assert previous == live.log_end - MAX_SCAN
    assert read_back(History(whole), member, live, 200, wanted(channel)) == [
        e for e in visible_log(whole, member) if e.get("channel") == channel]


def test_types_keep_only_those_entries(whole):
    live = forget_log(whole, 400)
    kept = read_back(History(whole), SPECTATOR, live, 50, wanted(types=["round_started", "game_started"]))
    assert kept and kept == [e for e in visible_log(whole, SPECTATOR, 0) if e["type"] in ("round_started", "game_started")]


def test_a_history_the_store_does_not_have_is_said_so_backward(whole):
    live = forget_log(whole, 400)
    with pytest.raises(NotKept):
        page_before(entries_before(60, live, History(whole, kept_from=10), 100), FACILITATOR, 100, wanted())
    older = chain(in_memory_before(live, 420, down_to=whole.log_end), in_memory_before(whole, 420))
    assert page_before(older, FACILITATOR, 100, wanted()) == (whole.log[320:420], 320)
    older = chain(in_memory_before(live, 60, down_to=whole.log_end), in_memory_before(whole, 60))
    assert page_before(older, FACILITATOR, 100, wanted()) == (whole.log[:60], None)


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
