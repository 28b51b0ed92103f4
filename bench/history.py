"""The CPU a `log` page costs the server at a given game length (server/history.py).

Builds a game whose log has --entries entries (chat in every channel of a round, as a class
writes), then reads pages of --limit entries for a seat, a spectator and the facilitator: from
the table's memory (the recent log), and from the whole game rebuilt from the log (the first
page older than memory pays a replay of the game, not measured here; later ones read the kept
game, as measured). CPU is process time, the median of --repeat reads.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game_rules import FACILITATOR, SPECTATOR, Action, apply_action, forget_log, load_scenario, new_game  # noqa: E402
from server.game import Game, LOG_SLACK, update_log_start  # noqa: E402
from server.history import WholeGames, page  # noqa: E402


def chatty_game(entries: int):
    """A started game whose engine log has `entries` entries, most of them chat."""
    scenario = load_scenario("plates-2021")
    state = apply_action(new_game(scenario, 1), Action("start", FACILITATOR)).state
    seats = state.seat_ids
    i = 0
    while state.log_end < entries:
        seat, other = seats[i % len(seats)], seats[(i + 1) % len(seats)]
        channel = ("plenary", f"delegation:{seat}", "bilateral:" + "+".join(sorted((seat, other))))[i % 3]
        state = apply_action(state, Action("message", seat, {"channel": channel, "text": f"message {i}"})).state
        i += 1
    return state


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
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    whole = chatty_game(args.entries)
    live = forget_log(whole, max(0, update_log_start(whole) - LOG_SLACK))  # what a table holds in memory
    kept = WholeGames()
    kept.get("g", live.log_start, lambda: Game("g", {}, whole, None))
    seat = whole.seat_ids[0]
    for viewer in (seat, SPECTATOR, FACILITATOR):
        recent = cpu_ms(lambda: page([live], viewer, live.log_end - args.limit * 3, args.limit), args.repeat)
        oldest = cpu_ms(lambda: page([kept.get("g", live.log_start, None).state, live], viewer, 0, args.limit),
                        args.repeat)
        middle = cpu_ms(lambda: page([kept.get("g", live.log_start, None).state, live], viewer,
                                     args.entries // 2, args.limit), args.repeat)
        print(f"history viewer={viewer} entries={whole.log_end} limit={args.limit} "
              f"recent_page_cpu_ms={recent:.3f} oldest_page_cpu_ms={oldest:.3f} middle_page_cpu_ms={middle:.3f}")


if __name__ == "__main__":
    main()
