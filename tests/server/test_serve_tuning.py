"""The production entry point's generic tuning of gevent, checked in a process of its own (importing
server.main monkey-patches the standard library)."""
from __future__ import annotations

import subprocess
import sys


def test_serve_does_not_record_each_greenlets_spawning_stack():
    probe = ("import server.main, gevent; g = gevent.spawn(lambda: None); g.join(); "
             "print(gevent.config.track_greenlet_tree, g.spawning_stack is None)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.split() == ["False", "True"], out.stdout + out.stderr
