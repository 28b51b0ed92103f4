"""The embedded default: one SQLite file (stdlib), WAL journal, synchronous=FULL.

With synchronous=FULL every commit is on disk before `append` returns, so an entry the server
has acknowledged survives a kill -9 or a power cut. The compare-and-set runs inside one
IMMEDIATE transaction, which takes SQLite's write lock before reading the length: two
processes on the same file cannot both pass the check.
"""
from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

from .base import CodeTaken, Conflict, Entry, GameStore, UnknownGame

DEFAULT_PATH = Path("data") / "crisis-table.sqlite3"

SCHEMA = """
CREATE TABLE IF NOT EXISTS games (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    length INTEGER NOT NULL,
    created INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS entries (
    game TEXT NOT NULL REFERENCES games(id),
    seq INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (game, seq)
) WITHOUT ROWID;
"""


class SQLiteStore(GameStore):
    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else DEFAULT_PATH
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # One connection shared by the process, serialised by a lock: writes are short, and
        # SQLite allows one writer at a time anyway.
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
        self._lock = threading.Lock()
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(SCHEMA)

    def create_game(self, game_id: str, code: str, first: Entry) -> None:
        with self._lock, self._transaction():
            taken = self._db.execute("SELECT 1 FROM games WHERE id = ? OR code = ?", (game_id, code)).fetchone()
            if taken:
                raise CodeTaken(f"game id {game_id} or code {code} is taken")
            created = self._db.execute("SELECT COUNT(*) FROM games").fetchone()[0]
            self._db.execute("INSERT INTO games (id, code, length, created) VALUES (?, ?, 1, ?)",
                             (game_id, code, created))
            self._db.execute("INSERT INTO entries (game, seq, body) VALUES (?, 0, ?)", (game_id, _dump(first)))

    def append(self, game_id: str, expected_length: int, entries: list[Entry]) -> int:
        with self._lock, self._transaction():
            length = self._length(game_id)
            if length != expected_length:
                raise Conflict(game_id, expected_length, length)
            self._db.executemany(
                "INSERT INTO entries (game, seq, body) VALUES (?, ?, ?)",
                [(game_id, length + i, _dump(e)) for i, e in enumerate(entries)],
            )
            new_length = length + len(entries)
            self._db.execute("UPDATE games SET length = ? WHERE id = ?", (new_length, game_id))
            return new_length

    def read(self, game_id: str, since: int = 0) -> list[Entry]:
        with self._lock:
            self._length(game_id)
            rows = self._db.execute(
                "SELECT body FROM entries WHERE game = ? AND seq >= ? ORDER BY seq", (game_id, since)
            ).fetchall()
        return [json.loads(body) for (body,) in rows]

    def length(self, game_id: str) -> int:
        with self._lock:
            return self._length(game_id)

    def game_for_code(self, code: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT id FROM games WHERE code = ?", (code,)).fetchone()
        return row[0] if row else None

    def game_ids(self) -> list[str]:
        with self._lock:
            return [r[0] for r in self._db.execute("SELECT id FROM games ORDER BY created")]

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _length(self, game_id: str) -> int:
        row = self._db.execute("SELECT length FROM games WHERE id = ?", (game_id,)).fetchone()
        if row is None:
            raise UnknownGame(game_id)
        return row[0]

    def _transaction(self):
        return _Transaction(self._db)


class _Transaction:
    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, exc, tb):
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")
        return False


def _dump(entry: Entry) -> str:
    return json.dumps(entry, separators=(",", ":"), sort_keys=True)
