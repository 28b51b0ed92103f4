"""The CPU a `log` page costs the server in a long game (server/history.py).

Plays a game on a real SQLite store through the server's own table (a player per seat joins and
chats in the plenary and team channels of the lobby until the engine log has --entries entries:
the table then holds only the last few hundred in memory, as it does for old rounds), then reads pages of --limit entries as the `log` handler does, for a seat, a
spectator and the facilitator: the oldest page, one in the middle and the newest (memory), and
backward ("Show earlier") the page before the second, before the middle and before what memory
holds, each the median of --repeat reads in process CPU time. Beside them, the way pages older than memory
were read before (the whole game replayed from the store), once.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game_rules import FACILITATOR, SPECTATOR  # noqa: E402
from server.history import entries_before, entries_from, page, page_before, wanted  # noqa: E402
from server.store import SQLiteStore  # noqa: E402
from server.table import Runtime  # noqa: E402
from server.tables import Tables  # noqa: E402


def long_game(store, entries: int):
    tables = Tables(store, Runtime(spawn=lambda *a, **k: None, sleep=lambda s: None), lambda table, entries: None)
    table, _ = tables.open("plates-2021", 1, {}, {})
    seats = table.game.state.seat_ids
    players = {seat: table.join(f"p-{seat}", "player", seat)[0] for seat in seats}
    i = 0
    while table.game.state.log_end < entries:
        seat = seats[i % len(seats)]
        channel = ("plenary", f"delegation:{seat}")[i % 2]
        table.play(players[seat], "message", {"channel": channel, "text": f"message {i} from {seat}"})
        i += 1
    return table


def cpu_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.process_time()
        fn()
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "history.sqlite3")
        table = long_game(store, args.entries)
        live = table.game.state
        stored = partial(store.read_history, table.game_id)

        def read(viewer, since):
            return page(entries_from(since, live, stored, args.limit), viewer, args.limit, wanted(), live.log_end)

        def read_back(viewer, before):  # "Show earlier" on the live pages
            return page_before(entries_before(before, live, stored, args.limit), viewer, args.limit, wanted())

        for viewer in (live.seat_ids[0], SPECTATOR, FACILITATOR):
            figures = {name: cpu_ms(lambda viewer=viewer, since=since: read(viewer, since), args.repeat)
                       for name, since in (("oldest", 0), ("middle", live.log_end // 2),
                                           ("newest", live.log_end - args.limit))}
            figures |= {name: cpu_ms(lambda viewer=viewer, before=before: read_back(viewer, before), args.repeat)
                        for name, before in (("before_oldest", args.limit), ("before_middle", live.log_end // 2),
                                             ("before_live", live.log_start))}
            print(f"history viewer={viewer} entries={live.log_end} in_memory_from={live.log_start} "
                  f"limit={args.limit} " + " ".join(f"{k}_page_cpu_ms={v:.2f}" for k, v in figures.items()))
        started = time.process_time()
        table.whole_game()
        print(f"baseline replay_whole_game_cpu_ms={(time.process_time() - started) * 1000:.0f}")
        store.close()


if __name__ == "__main__":
    main()
