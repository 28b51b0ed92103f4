"""The embedded default: one SQLite file (stdlib), WAL journal, synchronous=NORMAL.

In WAL mode with synchronous=NORMAL a commit is in the journal file before `append` returns,
so an entry the server has acknowledged survives a kill -9 of the server (the bar the product
sets); only a power cut or an operating-system crash could lose the last commits.
`synchronous="FULL"` (CRISIS_SQLITE_SYNC=FULL) adds an fsync per commit to survive those too.
Measured at 125 tables x 8 clients on the 2-core development machine: FULL's fsyncs, waited
for in a thread that must win the GIL back from the busy event loop, made p50/p99 24/142 ms
against 12/38 ms with NORMAL. Appends are group-committed either way: while one transaction
is being written, the appends that arrive queue up and the next transaction takes all of
them. The compare-and-set is checked inside the transaction, which holds SQLite's write lock,
so two processes on one file cannot both pass it.

`offload(fn, *args)` runs a transaction that waits for the disk; under gevent with
synchronous=FULL it is the hub's thread pool, so an fsync never stalls the other tables'
greenlets. With NORMAL a commit only writes to the journal file (no fsync), so it runs inline:
handing it to a thread and waking the event loop again cost more CPU than the write itself
(measured at 125 tables: the thread pool's queue took 7% of the server's CPU, the transactions
4%). The disk is then waited for only at checkpoints, which copy the journal into the database
file and fsync both; `background(fn)` runs those off the event loop (SQLite would otherwise run
one inside a commit every thousand pages or so).
"""
from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .base import (
    CodeTaken,
    Conflict,
    DamagedGame,
    Entry,
    GameStore,
    StoreError,
    StoreUnavailable,
    StoreUnusable,
    UnknownGame,
    dump_entry,
    load_entries,
)
from .outage import Outages

log = logging.getLogger(__name__)

DEFAULT_PATH = Path("data") / "crisis-table.sqlite3"
SYNCHRONOUS = ("NORMAL", "FULL")
# Transactions between background checkpoints. An append of one entry adds 2-3 pages to the
# journal (measured: 2.6), so this keeps near SQLite's own default of a checkpoint per 1,000 pages.
CHECKPOINT_EVERY = 300

# Marks a file as a Crisis Table store (SQLite's header field for this: PRAGMA application_id), so
# the server never writes into another program's database given by mistake as --data.
APPLICATION_ID = int.from_bytes(b"CrTb", "big")
OUR_TABLES = {"games", "entries"}

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
CREATE TABLE IF NOT EXISTS history (
    game TEXT NOT NULL REFERENCES games(id),
    n INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (game, n)
) WITHOUT ROWID;
"""


class _Write:
    """One caller's append (or creation), waiting for the transaction that carries it."""

    def __init__(self, game_id: str, expected: int | None, entries: list[Entry], code: str | None = None,
                 history: Sequence[Entry] = ()):
        self.game_id, self.expected, self.entries, self.code = game_id, expected, entries, code
        self.history = history
        self.result: int | None = None
        self.error: StoreError | None = None
        self.finished = False
        self.lead = False
        self.woken = threading.Event()


class SQLiteStore(GameStore):
    def __init__(self, path: str | Path | None = None, offload: Callable[..., Any] | None = None,
                 synchronous: str = "NORMAL", background: Callable[[Callable[[], None]], Any] | None = None):
        if synchronous not in SYNCHRONOUS:
            raise ValueError(f"synchronous must be one of {', '.join(SYNCHRONOUS)}, not {synchronous!r}")
        self.synchronous = synchronous
        self.outages = Outages()
        self.path = Path(path) if path else DEFAULT_PATH
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._offload = offload or (lambda fn, *args: fn(*args))
        check_store_file(self.path)
        try:
            self._writer = self._connect()
            with self._writer:
                self._writer.executescript(SCHEMA)
            self._writer.execute(f"PRAGMA application_id={APPLICATION_ID}")
        except sqlite3.Error as exc:
            raise StoreUnusable(
                f"{self.path}: SQLite could not open it ({exc}); check the path and its permissions") from exc
        self._reader = self._connect()
        self._background = background
        self._checkpointer: sqlite3.Connection | None = None
        self._checkpointing = False  # a plain flag: the checkpoint runs in another (real) thread
        self._since_checkpoint = 0
        if background is not None:
            self._writer.execute("PRAGMA wal_autocheckpoint=0")
            self._checkpointer = self._connect()
        self._read_lock = threading.Lock()
        self._queue_lock = threading.Lock()
        self._queue: list[_Write] = []
        self._writing = False

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(f"PRAGMA synchronous={self.synchronous}")
        return db

    # ---- writes: group commit --------------------------------------------------------------

    def create_game(self, game_id: str, code: str, first: Entry, history: Sequence[Entry] = ()) -> None:
        self._write(_Write(game_id, None, [first], code=code, history=history))

    def append(self, game_id: str, expected_length: int, entries: list[Entry], history: Sequence[Entry] = ()) -> int:
        return self._write(_Write(game_id, expected_length, entries, history=history))

    def _write(self, write: _Write) -> int:
        with self._queue_lock:
            self._queue.append(write)
            if not self._writing:
                self._writing = write.lead = True
        while not write.finished:
            if write.lead:
                self._commit_queue()
            else:
                write.woken.wait()
                write.woken.clear()
        if write.error:
            raise write.error
        assert write.result is not None  # the writer sets one or the other
        return write.result

    def _commit_queue(self) -> None:
        """The leader writes everything queued in one transaction, then hands the lead on."""
        with self._queue_lock:
            batch, self._queue = self._queue, []
        try:
            self._offload(self._transaction, batch)
        except Exception as exc:  # the transaction rolled back: nobody in it was written
            failure = (StoreUnavailable(f"{self.path}: {exc}") if isinstance(exc, sqlite3.Error)
                       else StoreError(f"the store could not write: {exc!r}"))
            for write in batch:
                if write.error is None:
                    write.error = failure
            self.outages.failed(failure)
        else:
            self.outages.succeeded()
        for write in batch:
            write.finished = True
            write.lead = False
        with self._queue_lock:
            if self._queue:
                successor = self._queue[0]
                successor.lead = True
                successor.woken.set()
            else:
                self._writing = False
        for write in batch:
            write.woken.set()

    def _transaction(self, batch: list[_Write]) -> None:
        db = self._writer
        lengths: dict[str, int | None] = {}
        db.execute("BEGIN IMMEDIATE")
        try:
            for write in batch:
                if write.code is not None:
                    self._create(db, write)
                else:
                    self._append(db, write, lengths)
            for game_id, length in lengths.items():
                if length is not None:
                    db.execute("UPDATE games SET length = ? WHERE id = ?", (length, game_id))
            db.execute("COMMIT")
        except BaseException:
            # SQLite has already rolled back after some errors (SQLITE_FULL, SQLITE_IOERR): a
            # ROLLBACK then fails with "no transaction is active" and would hide the real cause.
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        self._since_checkpoint += 1
        if self._since_checkpoint >= CHECKPOINT_EVERY and self._background and not self._checkpointing:
            self._checkpointing, self._since_checkpoint = True, 0
            self._background(self._checkpoint)

    def _checkpoint(self) -> None:
        """Copy the journal into the database file. PASSIVE: it never blocks a writer, and
        whatever it leaves behind the next checkpoint takes."""
        if self._checkpointer is None:
            return  # closed
        try:
            self._checkpointer.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        except sqlite3.Error:
            log.exception("checkpoint of %s failed; the journal keeps the commits", self.path)
        finally:
            self._checkpointing = False

    def _create(self, db: sqlite3.Connection, write: _Write) -> None:
        taken = db.execute("SELECT 1 FROM games WHERE id = ? OR code = ?", (write.game_id, write.code)).fetchone()
        if taken:
            write.error = CodeTaken(f"game id {write.game_id} or code {write.code} is taken")
            return
        created = db.execute("SELECT COUNT(*) FROM games").fetchone()[0]
        db.execute("INSERT INTO games (id, code, length, created) VALUES (?, ?, 1, ?)",
                   (write.game_id, write.code, created))
        db.execute("INSERT INTO entries (game, seq, body) VALUES (?, 0, ?)",
                   (write.game_id, dump_entry(write.entries[0])))
        self._keep_history(db, write)
        write.result = 1

    def _append(self, db: sqlite3.Connection, write: _Write, lengths: dict[str, int | None]) -> None:
        if write.game_id not in lengths:
            row = db.execute("SELECT length FROM games WHERE id = ?", (write.game_id,)).fetchone()
            lengths[write.game_id] = row[0] if row else None
        length = lengths[write.game_id]
        if length is None:
            write.error = UnknownGame(write.game_id)
            return
        if length != write.expected:
            write.error = Conflict(write.game_id, write.expected or 0, length)
            return
        db.executemany("INSERT INTO entries (game, seq, body) VALUES (?, ?, ?)",
                       [(write.game_id, length + i, dump_entry(e)) for i, e in enumerate(write.entries)])
        self._keep_history(db, write)
        lengths[write.game_id] = write.result = length + len(write.entries)

    @staticmethod
    def _keep_history(db: sqlite3.Connection, write: _Write) -> None:
        if write.history:
            db.executemany("INSERT OR REPLACE INTO history (game, n, body) VALUES (?, ?, ?)",
                           [(write.game_id, e["n"], dump_entry(e)) for e in write.history])

    # ---- reads -----------------------------------------------------------------------------

    def read(self, game_id: str, since: int = 0) -> list[Entry]:
        with self._reading():
            length = self._length(game_id)
            try:
                rows = self._reader.execute(
                    "SELECT seq, body FROM entries WHERE game = ? AND seq >= ? ORDER BY seq", (game_id, since)
                ).fetchall()
            except sqlite3.DatabaseError as exc:
                if isinstance(exc, sqlite3.OperationalError):
                    raise
                raise DamagedGame(game_id, f"SQLite: {exc}") from None
        if [seq for seq, _ in rows] != list(range(since, max(since, length))):
            raise DamagedGame(game_id, f"the store lists {length} entries but holds {len(rows) + since}")
        return load_entries(game_id, rows)

    def read_history(self, game_id: str, since: int, limit: int) -> list[Entry]:
        with self._reading():
            self._length(game_id)
            rows = self._reader.execute(
                "SELECT n, body FROM history WHERE game = ? AND n >= ? ORDER BY n LIMIT ?", (game_id, since, limit)
            ).fetchall()
        return load_entries(game_id, rows)

    def length(self, game_id: str) -> int:
        with self._reading():
            return self._length(game_id)

    def game_for_code(self, code: str) -> str | None:
        with self._reading():
            row = self._reader.execute("SELECT id FROM games WHERE code = ?", (code,)).fetchone()
        return row[0] if row else None

    def game_ids(self) -> list[str]:
        with self._reading():
            return [r[0] for r in self._reader.execute("SELECT id FROM games ORDER BY created")]

    @contextmanager
    def _reading(self):
        """The read connection; SQLite's operational failures (I/O, locks) are an outage."""
        with self._read_lock:
            try:
                yield
            except sqlite3.OperationalError as exc:
                failure = StoreUnavailable(f"{self.path}: {exc}")
                self.outages.failed(failure)
                raise failure from None

    def close(self) -> None:
        with self._read_lock:
            self._reader.close()
            if self._checkpointer is not None and not self._checkpointing:
                self._checkpointer.close()
            self._writer.close()

    def _length(self, game_id: str) -> int:
        row = self._reader.execute("SELECT length FROM games WHERE id = ?", (game_id,)).fetchone()
        if row is None:
            raise UnknownGame(game_id)
        return row[0]


def check_store_file(path: Path) -> None:
    """Refuse, before anything is written, a file that is not a Crisis Table store (raises
    StoreUnusable with a one-line reason and what to do). A missing or empty file becomes a new
    store; a store made before stores were marked (application_id 0, only our tables) is kept."""
    if not path.exists() or path.stat().st_size == 0:
        return
    what_to_do = "give --data another file name, or move this file aside"
    try:
        db = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreUnusable(f"{path}: SQLite could not open it ({exc}); check the path and its permissions") from exc
    try:
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if app_id != APPLICATION_ID and (app_id != 0 or not tables <= OUR_TABLES):
            raise StoreUnusable(f"{path} is another program's SQLite database (tables: "
                                f"{', '.join(sorted(tables)) or 'none'}); Crisis Table will not write into it: "
                                f"{what_to_do}")
        problem = db.execute("PRAGMA quick_check(1)").fetchone()[0]
        if problem != "ok":
            raise StoreUnusable(f"{path} is damaged ({' '.join(problem.split())}): "
                                f"run `crisis-table store check {path}`, then restore a backup or move the file aside")
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc):
            raise StoreUnusable(f"{path} is not a Crisis Table store (SQLite: {exc}): {what_to_do}") from None
        raise StoreUnusable(f"{path} is damaged (SQLite: {exc}): run `crisis-table store check {path}`, then "
                            "restore a backup or move the file aside") from None
    finally:
        db.close()
