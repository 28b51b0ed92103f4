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
