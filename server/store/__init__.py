"""Where games live between requests: one append-only log per game, behind `GameStore`."""
from .base import (
    Change,
    CodeTaken,
    Conflict,
    DamagedGame,
    GameStore,
    StoreError,
    StoreUnavailable,
    StoreUnusable,
    UnknownGame,
)
from .sqlite import SQLiteStore

__all__ = ["Change", "CodeTaken", "Conflict", "DamagedGame", "GameStore", "SQLiteStore", "StoreError",
           "StoreUnavailable", "StoreUnusable", "UnknownGame", "open_store"]


def open_store(data: str | None = None, redis_url: str | None = None, writer: str = "-",
               sqlite_sync: str = "NORMAL") -> GameStore:
    """The store a server runs on: Redis when a URL is given (its change messages name the
    `writer`), else the embedded SQLite file."""
    if redis_url:
        from .redis_store import RedisStore

        return RedisStore(redis_url, writer=writer)
    disk_waiter, background = _blocking_work_runners()
    # With NORMAL a commit does not wait for the disk (see sqlite.py): run it inline.
    return SQLiteStore(data, offload=disk_waiter if sqlite_sync == "FULL" else None,
                       synchronous=sqlite_sync, background=background)


def _blocking_work_runners():
    """Under gevent, run blocking disk work (fsync) in the hub's thread pool so the other
    greenlets keep going: one runner waits for the result, the other does not. With real
    threads, just call it (and SQLite checkpoints inside its commits, as it does by default)."""
    try:
        from gevent import get_hub, monkey
    except ImportError:
        return None, None
    if not monkey.is_module_patched("threading"):
        return None, None
    return (lambda fn, *args: get_hub().threadpool.apply(fn, args)), (lambda fn: get_hub().threadpool.spawn(fn))
