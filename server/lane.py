"""The tables' background work (bots deciding and acting, phases closing at their deadline)
done one job at a time, with the sockets read between two jobs.

Why: the tables of a class share their timers, so their phases close in the same instant; each
close resolves the round, sends every connection its update and wakes the table's bots, ~10 ms.
Run as they woke, the closes of 25 tables held the event loop for a quarter of a second, and a
student's message that arrived meanwhile waited for all of them (classroom workload, 25 tables:
p99 ~300 ms at 12% CPU). In the lane, a message waits for one job at most: people before machines.
Measured at 100 tables (one run each, machine shared, bench/README.md): p50 810 -> 69 ms, p99
2.2 -> 1.1 s, and 370 of 26,057 arrivals missing before, none after.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

# A job ends with a sleep this long rather than sleep(0): a timer, unlike a callback, is run only
# after the event loop has polled its sockets, so people's messages go first.
GAP_SECONDS = 0.0001


class Lane:
    def __init__(self, spawn: Callable[..., Any], sleep: Callable[[float], Any], queue: Any):
        """`queue`: a queue of the server's async mode (Engine.IO's create_queue)."""
        self._jobs = queue
        self._sleep = sleep
        spawn(self._work)

    def run(self, job: Callable[..., Any], *args: Any) -> None:
        """Do `job(*args)` in the lane, after the jobs before it; returns at once."""
        self._jobs.put((job, args))

    def _work(self) -> None:
        while True:
            job, args = self._jobs.get()
            try:
                job(*args)
            except Exception:
                log.exception("background job %s failed", getattr(job, "__qualname__", job))
            self._sleep(GAP_SECONDS)
