"""Where games live between requests: one append-only log per game, behind `GameStore`."""
from .base import CodeTaken, Conflict, GameStore, UnknownGame
from .sqlite import SQLiteStore

__all__ = ["CodeTaken", "Conflict", "GameStore", "SQLiteStore", "UnknownGame", "open_store"]


def open_store(data: str | None = None, redis_url: str | None = None) -> GameStore:
    """The store a server runs on: Redis when a URL is given, else the embedded SQLite file."""
    if redis_url:
        raise NotImplementedError("the Redis store is not written yet; run without --redis")
    return SQLiteStore(data)
