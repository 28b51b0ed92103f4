"""A websocket connection that closes leaves nothing for the cycle collector: the server freezes
its old generation every few seconds (server/main.py), so what only a full collection can free
stays until the ten-minute sweep. Each closed connection used to leave ~55 objects in a cycle
through backpressure.BoundedSocket: RSS +200 MB over six minutes of the classroom soak, whose
games open new connections as they end, and a sweep of ~1 s."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).parents[2]


def test_a_closed_websocket_connection_is_freed_without_the_cycle_collector():
    # Short pings: the ping task of a closed connection holds it until it next wakes.
    env = {**os.environ, "CRISIS_PING_INTERVAL": "1", "CRISIS_PING_TIMEOUT": "2"}
    out = subprocess.run([sys.executable, "-m", "tests.server.connection_probe"], capture_output=True, text=True,
                         timeout=120, cwd=REPO, env=env)
    assert out.returncode == 0 and out.stdout.startswith("cyclic "), out.stdout + out.stderr[-3000:]
    assert out.stdout.split()[1] == "0", f"closed connections left cyclic garbage: {out.stdout}"
