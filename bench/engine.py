"""Engine speed on one core: full bot games per second, and actions per second.

Baseline, run side by side: replaying the very same games from their action logs
(the engine alone, no bot thinking). The ratio says what the bots cost on top.

    python bench/engine.py [--scenario plates-2021] [--games 300] [--seed 1]
"""
from __future__ import annotations

import argparse
import time

from game_rules import load_scenario, replay
from game_rules.simulate import play_bot_game

TARGET_GAMES_PER_SECOND = 100


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scenario", default="plates-2021")
    parser.add_argument("--games", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    scenario = load_scenario(args.scenario)

    logs = []
    started = time.process_time()
    for i in range(args.games):
        log: list = []
        play_bot_game(scenario, args.seed * 100_003 + i, accepted=log)
        logs.append(log)
    bot_seconds = time.process_time() - started
    actions = sum(len(log) for log in logs)

    started = time.process_time()
    for i, log in enumerate(logs):
        replay(scenario, args.seed * 100_003 + i, None, log)
    replay_seconds = time.process_time() - started

    games_per_second = args.games / bot_seconds
    print(f"scenario={scenario.id} games={args.games} actions={actions} "
          f"actions_per_game={actions / args.games:.1f}")
    print(f"bot_games_per_second={games_per_second:.1f} ms_per_game={1000 * bot_seconds / args.games:.2f} "
          f"actions_per_second={actions / bot_seconds:.0f}")
    print(f"baseline_replay_games_per_second={args.games / replay_seconds:.1f} "
          f"replay_actions_per_second={actions / replay_seconds:.0f}")
    print(f"ratio_bot_over_replay={bot_seconds / replay_seconds:.2f} "
          f"target_games_per_second={TARGET_GAMES_PER_SECOND} "
          f"ratio_to_target={games_per_second / TARGET_GAMES_PER_SECOND:.2f}")


if __name__ == "__main__":
    main()
