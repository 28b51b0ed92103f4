"""Updates a pass of the bots holds (Table.commit(hold=True)) go out before a change that moves
the updates' log window on to a new round: a delta carries the log from the window's start, so
held entries of the round that ended would otherwise reach no one live."""
from __future__ import annotations

from game_rules import FACILITATOR, Action
from server.app import create_app
from server.config import TestingConfig
from server.table import _engine


def _do(table, actor, kind, params=None, hold=False):
    return table.commit(lambda game: [_engine(game, Action(kind, actor, params or {}), by="bot", at=0.0)], hold=hold)


def _in_talks(tmp_path):
    """A lighthouse table in round 1's talks, every seat ordered, and the updates it sends from
    now on: for each, the round the table was in and the kinds of the engine actions it carried."""
    app = create_app(TestingConfig, DATA=str(tmp_path / "games.sqlite3"))
    table, _ = app.extensions["crisis_tables"].open("lighthouse", 1, {}, {})
    sent: list[tuple[int, list[str]]] = []
    table.notify = lambda t, entries: sent.append(
        (t.game.state.round, [e["action"]["kind"] for e in entries if "action" in e]))
    _do(table, FACILITATOR, "start")
    for seat in table.game.state.seat_ids:
        _do(table, seat, "submit_orders", {"cards": []})
    assert table.game.state.phase == "talks"
    sent.clear()
    return table, table.game.state.seat_ids, sent


def test_held_entries_go_out_in_their_own_rounds_window(tmp_path):
    table, seats, sent = _in_talks(tmp_path)
    _do(table, seats[0], "statement", {"text": "We came to talk."}, hold=True)
    for seat in seats:  # the last one ready ends the round
        _do(table, seat, "ready", hold=True)
    table.send_updates()
    assert table.game.state.round == 2
    assert sent[0] == (1, ["statement", *["ready"] * (len(seats) - 1)])  # sent while round 1's window held them
    assert sent[1][0] == 2 and sent[1][1][0] == "ready"


def test_a_held_pass_that_says_much_goes_out_in_parts_under_the_delta_size(tmp_path):
    table, seats, sent = _in_talks(tmp_path)
    for seat in seats * 2:  # two statements of 1,000 characters each, all held
        _do(table, seat, "statement", {"text": "We speak at length. " * 50}, hold=True)
    table.send_updates()
    assert sum(len(kinds) for _, kinds in sent) == 2 * len(seats)  # every statement went out, once
    assert len(sent) > 1 and all(len(kinds) <= 4 for _, kinds in sent), sent  # ~4 KB of entries an update


def test_held_entries_go_out_first_when_the_next_change_would_make_the_update_too_big(tmp_path):
    """The reveal that closes the orders after the bots ordered (held) was a 9.3 KB update for the
    facilitator: what is held goes out on its own when the next change would pass HELD_BYTES."""
    table, seats, sent = _in_talks(tmp_path)
    long = "We speak at length. " * 50  # 1,000 characters
    for seat in seats:  # three held: ~3.3 KB, under HELD_BYTES
        _do(table, seat, "statement", {"text": long}, hold=True)
    assert sent == []
    _do(table, seats[0], "statement", {"text": long})  # a person's: sent at once, but not with them
    assert [kinds for _, kinds in sent] == [["statement"] * len(seats), ["statement"]]
