"""The classroom workload, small: 2 tables played for a few seconds with short timers and one
round, so that games end and are replaced; every action that was accepted reaches every
connection that should see it, and no delta passes 8 KB. A smoke test, not a timing test."""
import re
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "fanout.py"


def test_a_small_class_plays_and_every_accepted_action_arrives():
    done = subprocess.run(
        [sys.executable, str(BENCH), "--workload", "classroom", "--tables", "2", "--seconds", "12",
         "--warm-up", "2", "--load-processes", "1", "--rounds", "1", "--orders-seconds", "2",
         "--talks-seconds", "4", "--chat-every", "2", "--slices", "2"],
        capture_output=True, text=True, timeout=240,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    server = next(line for line in done.stdout.splitlines() if line.startswith("config=server"))
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith("workload=classroom tables=2 "), last
    delivered, expected = map(int, re.search(r"delivered=(\d+)/(\d+)", last).groups())
    assert expected > 0 and delivered == expected, last
    assert int(re.search(r"games_ended=(\d+)", server).group(1)) >= 1, server  # games came and went
    assert int(re.search(r"max_update_bytes=(\d+)", last).group(1)) <= 8192, last
    for name in ("tuned_p99_ms", "ratio_p99_tuned", "bytes_per_conn_s", "rss_mb"):
        assert re.search(rf"{name}=\d+(\.\d+)?", last), (name, last)
    assert "tuning=stock" in done.stdout and "tuning=tuned" in done.stdout


SOAK = BENCH.parent / "soak.py"


def test_a_short_classroom_soak_plays_games_to_their_end_and_lets_them_leave_memory():
    """bench/soak.py --workload classroom, short: games end and are replaced every few seconds,
    nothing is lost, and finished games leave memory after the idle time (3 s here)."""
    done = subprocess.run(
        [sys.executable, str(SOAK), "--workload", "classroom", "--tables", "2", "--minutes", "3",
         "--minute-seconds", "8", "--load-processes", "1", "--rounds", "1", "--orders-seconds", "2",
         "--talks-seconds", "3", "--chat-every", "2", "--unload-idle-seconds", "3", "--rss-tolerance", "1"],
        capture_output=True, text=True, timeout=240,
    )
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith("soak workload=classroom tables=2 "), done.stdout + done.stderr
    for check in ("delivery", "errors", "games_came_and_went", "ran_all_minutes"):
        assert f"{check}=ok" in last, last
    ended = int(re.search(r"games_ended=(\d+)", last).group(1))
    in_memory = int(re.search(r"games_in_memory_last=(\d+)", last).group(1))
    assert in_memory < 2 + ended, last  # the two tables' current games, and not every game that ended
