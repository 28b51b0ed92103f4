"""Soak: the fan-out load held for minutes on one server, measured minute by minute.

    python bench/soak.py [--tables 125] [--minutes 10] [--rate 1] [--kind server|baseline]
    python bench/soak.py --workload classroom [--tables 125] [--minutes 30] [--unload-idle-seconds S]

The lobby workload keeps the same games all along; the classroom workload (fanout.py's) plays
them to their end and replaces each by a new one, so games start, end and are unloaded all the
while (a finished game nobody follows leaves memory CRISIS_UNLOAD_FINISHED_SECONDS after it ended).

Checks: no error and no disconnect, every action reaches every seat of its table, and the
server's resident memory (mean over a minute) at the last minute within ±10% of minute 2.
One line per minute, then a verdict; a minute that loses an action ends the soak unless
--keep-going. Exits 1 when a check fails, 2 when set-up fails.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

from _classroom_run import soak_classroom
from _harness import Session, code_version, prepare_bench_process

RSS_TOLERANCE = 0.10
REFERENCE_MINUTE = 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=125)
    parser.add_argument("--minutes", type=int, default=10)
    parser.add_argument("--minute-seconds", type=float, default=60.0, help="shorten the 'minute' for a quick try")
    parser.add_argument("--rate", type=float, default=1.0, help="actions per second per table")
    parser.add_argument("--kind", choices=("server", "baseline"), default="server")
    parser.add_argument("--data-dir", default=None, help="where the game server's SQLite file lives")
    parser.add_argument("--load-processes", type=int, default=4)
    parser.add_argument("--keep-going", action="store_true",
                        help="go on after a minute that lost an action or had an error (default: stop there)")
    parser.add_argument("--payload-bytes", type=int, default=2048, help="the baseline's payload")
    parser.add_argument("--workload", choices=("lobby", "classroom"), default="lobby")
    classroom = parser.add_argument_group("classroom workload (see fanout.py)")
    classroom.add_argument("--rounds", type=int, default=3)
    classroom.add_argument("--orders-seconds", type=int, default=6)
    classroom.add_argument("--talks-seconds", type=int, default=15)
    classroom.add_argument("--chat-every", type=float, default=10.0)
    classroom.add_argument("--unload-idle-seconds", type=float, default=None,
                           help="the server's CRISIS_UNLOAD_IDLE_SECONDS (default: the server's own)")
    classroom.add_argument("--reference-minute", type=int, default=REFERENCE_MINUTE,
                           help="the minute the last one's memory is compared with (after warm-up)")
    classroom.add_argument("--rss-tolerance", type=float, default=RSS_TOLERANCE)
    args = parser.parse_args(argv)
    print(f"# code={code_version()} started={time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} "
          f"load_average={os.getloadavg()[0]:.1f}", flush=True)
    if args.workload == "classroom":
        return soak_classroom(args)

    try:
        session = Session(args.kind, args.tables, args.load_processes, payload_bytes=args.payload_bytes,
                          data_dir=args.data_dir)
    except Exception as exc:
        print(f"soak config={args.kind} tables={args.tables} error=setup_failed: {exc}")
        return 2
    minutes = []
    try:
        for minute in range(1, args.minutes + 1):
            figures = session.measure(args.rate, args.minute_seconds)
            minutes.append(figures)
            print(f"minute={minute} rss_mean_mb={figures.rss_mean_mb:.1f} " + figures.line(compare=False), flush=True)
            if not figures.server_alive or (not figures.complete and not args.keep_going):
                break
    finally:
        session.close()

    reference = minutes[min(REFERENCE_MINUTE, len(minutes)) - 1]
    last = minutes[-1]
    drift = (last.rss_mean_mb - reference.rss_mean_mb) / reference.rss_mean_mb
    sent = sum(f.sent for f in minutes)
    delivered = sum(f.delivered for f in minutes)
    expected = sum(f.expected for f in minutes)
    errors = sum(f.error_count for f in minutes)
    disconnects = last.disconnects
    checks = {
        "delivery": delivered == expected and all(f.complete for f in minutes),
        "errors": errors == 0 and disconnects == 0,
        "memory": abs(drift) <= RSS_TOLERANCE,
        "ran_all_minutes": len(minutes) == args.minutes,
    }
    worst_p99 = max(f.p(99) for f in minutes)
    print(f"soak config={args.kind} tables={args.tables} minutes={len(minutes)} rate={args.rate:g} "
          f"actions={sent} delivered={delivered}/{expected} errors={errors} disconnects={disconnects} "
          f"rss_minute{min(REFERENCE_MINUTE, len(minutes))}_mb={reference.rss_mean_mb:.1f} "
          f"rss_last_mb={last.rss_mean_mb:.1f} rss_drift_pct={100 * drift:+.1f} "
          f"peak_rss_mb={max(f.rss_mb for f in minutes):.0f} worst_minute_p99_ms={worst_p99:.1f} "
          + " ".join(f"{name}={'ok' if ok else 'FAIL'}" for name, ok in checks.items()), flush=True)
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    prepare_bench_process()
    sys.exit(main())
