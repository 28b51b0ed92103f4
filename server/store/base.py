"""The store interface every backend implements, and its contract.

A game is one append-only log of JSON entries (engine actions, roster changes, timer changes),
so a game is rebuilt after a restart by replaying that one log. Writers append with
compare-and-set: an append names the length the writer believes the log has, and succeeds
only if the stored log has exactly that length — two processes can never interleave or lose
entries; the loser catches up and tries again. An append returns only once the entries are
durable.

Beside each game's log a store keeps its history: the engine log entries (game_rules State.log,
numbered by `n` from 0) that the log's entries produced, written with them in the same
transaction, so that a page of history is read by range instead of rebuilt by replaying the game
(server/history.py). It is derived data: a game written before stores kept it has none, and its
readers fall back to the replay.
"""
from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson

Entry = dict[str, Any]


def dump_entry(entry: Entry) -> str:
    """An entry as stored: compact JSON, keys sorted. orjson writes it several times faster than
    the standard library (every action is written once); it refuses integers past 64 bits,
    which the standard library then writes. Either text reads back with json.loads."""
    try:
        return orjson.dumps(entry, option=orjson.OPT_SORT_KEYS).decode()
    except orjson.JSONEncodeError:
        return json.dumps(entry, separators=(",", ":"), sort_keys=True)


@dataclass(frozen=True)
class Change:
    """Entries appended to a game's log from position `start` on, by the process `writer`."""

    game_id: str
    start: int
    writer: str
    entries: list[Entry]

    @property
    def length(self) -> int:
        return self.start + len(self.entries)


class StoreError(Exception):
    pass


class Conflict(StoreError):
    """The log grew since the writer last read it; nothing was written."""

    def __init__(self, game_id: str, expected: int, actual: int):
        super().__init__(f"game {game_id}: expected {expected} entries, the store has {actual}")
        self.expected, self.actual = expected, actual


class CodeTaken(StoreError):
    """The join code (or game id) is already in use; nothing was written."""


class UnknownGame(StoreError):
    pass


class StoreUnusable(StoreError):
    """The store cannot be used at all: not a Crisis Table store, another program's database, or
    a damaged file. The server does not start on it; the message is one line for the operator."""


class StoreUnavailable(StoreError):
    """The store did not answer or could not write (Redis down, disk full, I/O error); nothing
    was written. Transient: the same request may succeed later."""


class DamagedGame(StoreError):
    """One game's log cannot be read back (an entry that is not JSON, or a log the engine cannot
    replay); other games are unaffected."""

    def __init__(self, game_id: str, reason: str):
        super().__init__(f"game {game_id} is damaged: {reason}")
        self.game_id, self.reason = game_id, reason


def load_entries(game_id: str, bodies: list[tuple[int, str]]) -> list[Entry]:
    """Stored entries (position, text) as JSON; a text that is not a JSON object makes the game a
    DamagedGame (whether the objects make a game is Game.from_log's to say)."""
    entries = []
    for seq, body in bodies:
        try:
            entry = json.loads(body)
        except (ValueError, RecursionError) as exc:
            raise DamagedGame(game_id, f"entry {seq} is not JSON ({str(exc)[:80]})") from None
        if not isinstance(entry, dict):
            raise DamagedGame(game_id, f"entry {seq} is not a JSON object")
        entries.append(entry)
    return entries


class GameStore(ABC):
    @abstractmethod
    def create_game(self, game_id: str, code: str, first: Entry, history: Sequence[Entry] = ()) -> None:
        """Open a new log whose entry 0 is `first`, reachable by id and by join code, and its
        history with `history` (the engine log of the new game). Raises CodeTaken if the id or
        the code exists."""

    @abstractmethod
    def append(self, game_id: str, expected_length: int, entries: list[Entry], history: Sequence[Entry] = ()) -> int:
        """Append `entries` if the log has `expected_length` entries, and `history` (the engine log
        entries they produced) to the game's history, together; return the new length.
        Raises Conflict (nothing written) otherwise, UnknownGame for a game never created."""

    @abstractmethod
    def read_history(self, game_id: str, since: int, limit: int) -> list[Entry]:
        """Up to `limit` history entries from position `since` (engine `n`) on; fewer at its end,
        none for a game whose history was never kept. Raises UnknownGame."""

    @abstractmethod
    def read(self, game_id: str, since: int = 0) -> list[Entry]:
        """Entries from position `since` on. Raises UnknownGame."""

    @abstractmethod
    def length(self, game_id: str) -> int:
        """Raises UnknownGame."""

    def lengths(self, game_ids: list[str]) -> dict[str, int]:
        """The lengths of several games' logs; games never created are left out."""
        found = {}
        for game_id in game_ids:
            try:
                found[game_id] = self.length(game_id)
            except UnknownGame:
                pass
        return found

    @abstractmethod
    def game_for_code(self, code: str) -> str | None:
        """The game a join code opens, or None."""

    @abstractmethod
    def game_ids(self) -> list[str]:
        """Every game, oldest first."""

    def close(self) -> None:  # noqa: B027 - optional: a store with nothing to release keeps this
        pass
