"""The `crisis-table` command: serve, simulate, scenario validate."""
from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="crisis-table", description="Crisis Table: crisis-negotiation games")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the game server")
    serve.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: this computer only)")
    serve.add_argument("--lan", action="store_true",
                       help="listen on every network interface, so students on the same network can join")
    serve.add_argument("--port", type=int, default=5000)
    serve.add_argument("--data", default=None, help="path of the embedded SQLite store")
    serve.add_argument("--redis", default=None, help="Redis URL: use Redis instead of the embedded store")

    sim = sub.add_parser("simulate", help="play bot games and print balance figures")
    sim.add_argument("--scenario", default="plates-2021")
    sim.add_argument("--games", type=int, default=100)
    sim.add_argument("--seed", type=int, default=1)
    sim.add_argument("--rounds", type=int, default=None)
    sim.add_argument("--temperament", action="append", default=[], metavar="SEAT=KIND",
                     help="a bot temperament for a seat, or all=KIND; repeatable")
    sim.add_argument("--json", action="store_true", help="print one JSON object")

    scen = sub.add_parser("scenario", help="scenario tools")
    scen_sub = scen.add_subparsers(dest="scenario_command", required=True)
    validate = scen_sub.add_parser("validate", help="check a scenario folder")
    validate.add_argument("path")

    store = sub.add_parser("store", help="store tools")
    store_sub = store.add_subparsers(dest="store_command", required=True)
    store_check = store_sub.add_parser("check", help="check a SQLite store file and replay every game in it")
    store_check.add_argument("path")

    args = parser.parse_args(argv)
    if args.command == "serve":
        from .main import serve as run_server

        host = "0.0.0.0" if args.lan else args.host
        return run_server(host=host, port=args.port, data=args.data, redis_url=args.redis, lan=args.lan) or 0
    if args.command == "simulate":
        from .simulate_cli import run

        return run(args)
    if args.command == "store":
        from .store.check import check

        return check(args.path)
    return _validate(args.path)


def _validate(path: str) -> int:
    from game_rules import ScenarioError, load_scenario

    try:
        scenario = load_scenario(path)
    except ScenarioError as exc:
        for file, where, message in exc.problems:
            print(f"{file}: {where or '-'}: {message}", file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) found", file=sys.stderr)
        return 1
    guide = f"; guide: {len(scenario.guide.timing)} timing plans" if scenario.guide else "; no guide"
    print(f"{scenario.id}: ok ({len(scenario.seats)} seats, {len(scenario.cards)} cards, "
          f"{len(scenario.events)} events, {len(scenario.clauses)} clauses{guide})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
