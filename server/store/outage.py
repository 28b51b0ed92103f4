"""One log line per store outage, not one traceback per refused request.

While the store is down (Redis unreachable, disk full) every request that needs it is refused
with `store_unavailable`; in a classroom that is dozens a second. The first failure of an
incident is logged with its real cause, later ones are counted, and the first success after it
logs the incident's end with how long it lasted and how many requests it refused.
"""
from __future__ import annotations

import logging
import threading
import time

log = logging.getLogger("crisis_table.store")

RETRY_AFTER = 5  # seconds a refused client is told to wait before retrying


class Outages:
    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._lock = threading.Lock()
        self._began: float | None = None
        self._refused = 0

    def failed(self, cause: object) -> None:
        with self._lock:
            self._refused += 1
            if self._began is not None:
                return
            self._began = self._clock()
        log.error("store unavailable: %s (requests get store_unavailable until it is back)", cause)

    def succeeded(self) -> None:
        if self._began is None:  # the usual case, read without the lock
            return
        with self._lock:
            if self._began is None:
                return
            lasted, refused = self._clock() - self._began, self._refused
            self._began, self._refused = None, 0
        log.warning("store available again after %.0f s; %d request(s) were refused meanwhile", lasted, refused)
