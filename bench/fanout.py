"""Fan-out latency of the game server beside a bare Flask-SocketIO broadcast of the same size.

T tables of 8 seats, each seat a python-socketio client over websockets, spread over several
client processes. In each table one seat acts `--rate` times a second (on the game server: a
chat message in the plenary, which every seat's view then shows); each action is timed from the
sender's emit to its arrival at the last seat of the table. The same load then runs against
bench/baseline_server.py, broadcasting a payload as large as the game server's views were.

    python bench/fanout.py --tables 125 [--seconds 30] [--rate 1]
    python bench/fanout.py --tables 125 --processes 2 --redis redis://127.0.0.1:6379/0
    python bench/fanout.py --tables 125 --sweep [--rates 1,2,3,4,5,6,8]
    python bench/fanout.py --tables 2 --seconds 3 --only baseline
    python bench/fanout.py --workload classroom --tables 125 [--seconds 60]   (bench/_classroom.py)

The default workload, `lobby`, is the one above. One line per configuration: delivered=X/Y p50_ms p99_ms baseline_p99_ms ratio_p99 rss_mb (and
more). Exits 1 when any action did not reach every seat, 2 when a server could not be set up.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

from _harness import Figures, Session, code_version, prepare_bench_process

KNEE_P99_MS = 50.0
DEFAULT_PAYLOAD_BYTES = 2048


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workload", choices=("lobby", "classroom"), default="lobby",
                        help="lobby: one plenary chat message per action; classroom: games played as a class "
                             "plays them (bench/_classroom.py)")
    parser.add_argument("--tables", type=int, default=125)
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each measured run")
    parser.add_argument("--rate", type=float, default=1.0, help="actions per second per table")
    parser.add_argument("--processes", type=int, default=1, help="game server processes (more than one needs --redis)")
    parser.add_argument("--redis", default=None, help="Redis URL for the game server")
    parser.add_argument("--data-dir", default=None,
                        help="where the game server's SQLite file lives (default: a temporary folder; "
                             "/dev/shm takes the disk's fsync out of the figures)")
    parser.add_argument("--load-processes", type=int, default=4, help="client worker processes")
    parser.add_argument("--payload-bytes", type=int, default=None,
                        help="the baseline's payload (default: the game server's median view size, else 2048)")
    parser.add_argument("--slices", type=int, default=6,
                        help="measure each configuration in this many slices, alternating between them")
    parser.add_argument("--warm-up", type=float, default=3.0, help="seconds of unmeasured load before measuring")
    parser.add_argument("--only", choices=("baseline", "server"), default=None)
    parser.add_argument("--sweep", action="store_true", help="raise the rate until p99 passes 50 ms or delivery drops")
    parser.add_argument("--rates", default="1,2,3,4,5,6,8", help="the sweep's rates, actions per second per table")
    parser.add_argument("--retries", type=int, default=1,
                        help="sweep: run a failing step again this many times before calling it broken "
                             "(a shared machine's stall is not a knee)")
    classroom = parser.add_argument_group("classroom workload")
    classroom.add_argument("--rounds", type=int, default=3, help="rounds per game (a game that ends is replaced)")
    classroom.add_argument("--orders-seconds", type=int, default=6, help="the orders phase's timer")
    classroom.add_argument("--talks-seconds", type=int, default=15, help="the talks phase's timer")
    classroom.add_argument("--chat-every", type=float, default=10.0,
                           help="seconds between a student's chat messages, on average")
    args = parser.parse_args(argv)
    if args.processes > 1 and not args.redis:
        parser.error("--processes above 1 needs --redis")
    return args


def open_session(kind: str, args: argparse.Namespace, payload_bytes: int) -> Session | None:
    try:
        return Session(kind, args.tables, args.load_processes, payload_bytes=payload_bytes,
                       server_processes=args.processes, redis_url=args.redis, data_dir=args.data_dir)
    except Exception as exc:
        print(f"config={kind} tables={args.tables} setup_failed={exc}", file=sys.stderr)
        print(f"config={kind} tables={args.tables} error=setup_failed")
        return None


def kinds(args: argparse.Namespace) -> list[str]:
    # The game server first: its views' size sets the baseline's payload.
    return [args.only] if args.only else ["server", "baseline"]


def payload_for(args: argparse.Namespace, results: dict[str, Figures]) -> int:
    if args.payload_bytes:
        return args.payload_bytes
    server = results.get("server")
    return server.payload_bytes if server and server.payload_bytes else DEFAULT_PAYLOAD_BYTES


def run_once(args: argparse.Namespace) -> int:
    """Both servers up at once, each with its own 8 × T clients, measured in alternating slices so
    that a burst of load from elsewhere on a shared machine falls on both sides alike. Each baseline
    slice broadcasts what the game server's updates weighed in the slice just before (they grow as
    the chat does); a short warm-up of the game server gives the first size."""
    sessions: dict[str, Session] = {}
    slices: dict[str, list[Figures]] = {}
    failed = False
    try:
        for kind in kinds(args):
            warm = {k: s.measure(args.rate, args.warm_up) for k, s in sessions.items() if args.warm_up > 0}
            session = open_session(kind, args, payload_for(args, warm))
            if session is None:
                failed = True
                continue
            sessions[kind] = session
            slices[kind] = []
        if "baseline" in sessions and args.warm_up > 0:
            sessions["baseline"].measure(args.rate, args.warm_up)
        for _ in range(args.slices):
            for kind, session in sessions.items():
                # The baseline broadcasts what the game server's updates weighed in the slice before.
                size = args.payload_bytes or (slices["server"][-1].payload_bytes if slices.get("server") else None)
                slices[kind].append(session.measure(args.rate, args.seconds / args.slices, size))
    finally:
        for session in sessions.values():
            session.close()
    results = {kind: Figures.merge(parts) for kind, parts in slices.items() if parts}
    baseline = results.get("baseline")
    for kind, figures in results.items():
        print(figures.line(baseline), flush=True)
        for error in figures.errors[:5]:
            print(f"#   {kind} error: {error}", file=sys.stderr)
    if failed:
        return 2
    return 0 if all(f.complete for f in results.values()) else 1


def sweep(args: argparse.Namespace) -> int:
    """Rate by rate, the game server then the baseline, each on fresh games and connections (so that
    a step's views carry only that step's history), the baseline broadcasting what the game server's
    views weighed at that rate; a side stops once p99 passes 50 ms or an action fails to reach every
    seat, on every one of 1 + --retries attempts. Its knee is the last rate that passed."""
    steps: dict[str, list[Figures]] = {kind: [] for kind in kinds(args)}
    for rate in (float(r) for r in args.rates.split(",")):
        for kind, runs in steps.items():
            if runs and not passes(runs[-1]):
                continue
            # The game server's last step: at this rate if it ran it, else its last one.
            latest = {k: r[-1] for k, r in steps.items() if r}
            for attempt in range(1 + args.retries):
                session = open_session(kind, args, payload_for(args, latest))
                if session is None:
                    return 2
                try:
                    figures = session.measure(rate, args.seconds)
                finally:
                    session.close()
                print(f"sweep attempt={attempt + 1} " + figures.line(compare=False), flush=True)
                if passes(figures):
                    break
            runs.append(figures)
        if all(runs and not passes(runs[-1]) for runs in steps.values()):
            break
    baseline_at = {f.rate: f for f in steps.get("baseline", [])}
    for figures in steps.get("server", []):
        if figures.rate in baseline_at:
            print("step " + figures.line(baseline_at[figures.rate]), flush=True)
    knees = {kind: knee_of(runs) for kind, runs in steps.items()}
    for kind, runs in steps.items():
        knee = knees[kind]
        broke = bool(runs) and not passes(runs[-1])
        print(f"knee config={kind} tables={args.tables} "
              + (f"rate={knee.rate:g} msgs_per_s={knee.messages_per_second:.0f} p99_ms={knee.p(99):.1f}"
                 if knee else "rate=none msgs_per_s=0")
              + f" broke={'yes' if broke else 'no (the knee is above the highest rate tried)'}", flush=True)
    if knees.get("server") and knees.get("baseline"):
        ratio = knees["server"].messages_per_second / knees["baseline"].messages_per_second
        both_broke = all(runs and not passes(runs[-1]) for runs in steps.values())
        print(f"knee_ratio server_over_baseline={ratio:.2f} both_broke={'yes' if both_broke else 'no'}")
    return 0


def passes(figures: Figures) -> bool:
    return figures.complete and figures.p(99) <= KNEE_P99_MS


def knee_of(runs: list[Figures]) -> Figures | None:
    passed = [f for f in runs if passes(f)]
    return passed[-1] if passed else None


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    print(f"# code={code_version()} started={time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} "
          f"load_average={os.getloadavg()[0]:.1f}", flush=True)
    if args.workload == "classroom":
        from _classroom_run import run_classroom

        return run_classroom(args)
    return sweep(args) if args.sweep else run_once(args)


if __name__ == "__main__":
    prepare_bench_process()
    sys.exit(main())
