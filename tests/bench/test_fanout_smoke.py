"""The fan-out benchmark's baseline half, small: 2 tables of 8 websocket clients for 3 seconds,
every action must reach every seat."""
import re
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "fanout.py"


def test_baseline_fanout_delivers_every_action_to_every_seat():
    done = subprocess.run(
        [sys.executable, str(BENCH), "--tables", "2", "--seconds", "3", "--only", "baseline",
         "--load-processes", "2", "--slices", "1", "--warm-up", "0"],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    line = next(line for line in done.stdout.splitlines() if line.startswith("config=baseline"))
    delivered, expected = map(int, re.search(r"delivered=(\d+)/(\d+)", line).groups())
    # 2 tables × 1 action/s × 3 s, minus at most one per table for the random phase of its first action.
    assert expected >= 2 * 2 * 8
    assert delivered == expected
    assert re.search(r"p99_ms=\d+\.\d", line), line
