"""`crisis-table simulate`: a bot tournament with a progress bar and a timing, around game_rules.simulate."""
from __future__ import annotations

import argparse
import json
import sys
import time

from game_rules import ScenarioError, Setup, load_scenario
from game_rules.simulate import parse_temperaments, tournament


def run(args: argparse.Namespace) -> int:
    try:
        scenario = load_scenario(args.scenario)
        temperaments = parse_temperaments(scenario, args.temperament)
    except (ScenarioError, ValueError) as exc:
        print(f"crisis-table simulate: {exc}", file=sys.stderr)
        return 2
    if args.games < 1:
        print("crisis-table simulate: --games must be at least 1", file=sys.stderr)
        return 2

    def progress(items):
        if not sys.stderr.isatty():
            return items
        from tqdm import tqdm

        return tqdm(items, total=args.games, unit="game", file=sys.stderr)

    started = time.perf_counter()
    tally = tournament(scenario, args.games, args.seed, temperaments, Setup(rounds=args.rounds), progress)
    elapsed = time.perf_counter() - started
    summary = tally.summary()
    summary["games_per_second"] = round(args.games / elapsed, 1) if elapsed > 0 else None
    if args.json:
        print(json.dumps(summary, sort_keys=True))
    else:
        print(_table(scenario, summary, temperaments))
    return 0


def _table(scenario, summary: dict, temperaments: dict[str, str]) -> str:
    lines = [f"{scenario.title}: {summary['games']} bot games, mean {summary['mean_rounds']:.2f} rounds"]
    lines.append("endings:   " + "   ".join(f"{k} {v:6.1%}" for k, v in summary["endings"].items()))
    lines.append(f"{'delegation':<16} {'temperament':<12} {'mean score':>10} {'of its max':>10} {'top share':>10}")
    for seat, figures in summary["delegations"].items():
        kind = temperaments.get(seat, scenario.seats_by_id[seat].default_temperament)
        lines.append(f"{seat:<16} {kind:<12} {figures['mean_score']:>10.2f} {figures['mean_share']:>10.1%} "
                     f"{figures['top_share']:>10.1%}")
    lines.append(f"{summary['games_per_second']} games per second")
    return "\n".join(lines)
