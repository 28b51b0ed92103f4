"""Where games live between requests: one append-only log per game, behind `GameStore`."""
from .base import Change, CodeTaken, Conflict, GameStore, UnknownGame
from .sqlite import SQLiteStore

__all__ = ["Change", "CodeTaken", "Conflict", "GameStore", "SQLiteStore", "UnknownGame", "open_store"]


def open_store(data: str | None = None, redis_url: str | None = None, writer: str = "-",
               sqlite_sync: str = "NORMAL") -> GameStore:
    """The store a server runs on: Redis when a URL is given (its change messages name the
    `writer`), else the embedded SQLite file."""
    if redis_url:
        from .redis_store import RedisStore

        return RedisStore(redis_url, writer=writer)
    return SQLiteStore(data, offload=_blocking_work_runner(), synchronous=sqlite_sync)


def _blocking_work_runner():
    """Under gevent, run blocking disk work (fsync) in the hub's thread pool so the other
    greenlets keep going; with real threads, just call it."""
    try:
        from gevent import get_hub, monkey
    except ImportError:
        return None
    if not monkey.is_module_patched("threading"):
        return None
    return lambda fn, *args: get_hub().threadpool.apply(fn, args)
