"""The Redis store: the same append-only logs, shared by every server process.

Each game is a Redis list of JSON entries. An append is one Lua script that compares the
list's length with the writer's and pushes only if they match, so two processes can never
interleave or lose a game's entries (Redis runs a script atomically). Durability is Redis's
own: run it with `appendonly yes` and `appendfsync always` (see docker-compose.yml) so an
acknowledged entry survives a kill of Redis as well as of the server.

The same script publishes what it appended on the store's change channel, so every other
process learns of a change, with its entries, from one message: no second round trip to
announce it, and none to read it back.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import contextmanager
from typing import cast
from urllib.parse import urlsplit

import redis

from .base import (
    Change,
    CodeTaken,
    Conflict,
    Entry,
    GameStore,
    StoreUnavailable,
    StoreUnusable,
    UnknownGame,
    dump_entry,
    load_entries,
)
from .outage import Outages

# KEYS: log, code, games, history. ARGV: game id, first entry, history entries.
_CREATE = """
if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('SET', KEYS[2], ARGV[1])
redis.call('RPUSH', KEYS[1], ARGV[2])
redis.call('RPUSH', KEYS[3], ARGV[1])
for i = 3, #ARGV do redis.call('RPUSH', KEYS[4], ARGV[i]) end
return 1
"""

# A created log always holds its first entry, so length 0 means the game was never created.
# KEYS: log, change channel, history. ARGV: expected length, game id, writer, how many entries,
# the entries, then the history entries. The change message is a header line "GAME START WRITER"
# and one JSON entry per line (JSON text holds no raw newline). A game's history is a list whose
# index is the engine log's `n`.
_APPEND = """
local length = redis.call('LLEN', KEYS[1])
if length == 0 then return -1 end
if length ~= tonumber(ARGV[1]) then return {length} end
local last = 4 + tonumber(ARGV[4])
for i = 5, last do redis.call('RPUSH', KEYS[1], ARGV[i]) end
for i = last + 1, #ARGV do redis.call('RPUSH', KEYS[3], ARGV[i]) end
redis.call('PUBLISH', KEYS[2],
           ARGV[2] .. ' ' .. length .. ' ' .. ARGV[3] .. '\\n' .. table.concat(ARGV, '\\n', 5, last))
return length + last - 4
"""


def changes_channel(prefix: str) -> str:
    return f"{prefix}:changed"


def parse_change(message: str) -> Change:
    """Read a change message that the append script published."""
    header, *bodies = message.split("\n")
    game_id, start, writer = header.split(" ")
    return Change(game_id, int(start), writer, [json.loads(b) for b in bodies])


class RedisStore(GameStore):
    def __init__(self, url: str, prefix: str = "crisis-table", writer: str = "-"):
        """`writer` names this process in the change messages, so that it can skip its own."""
        # redis-py's default 5 s socket timeout is for request/response; these calls are short.
        self._redis = redis.Redis.from_url(url, decode_responses=True, health_check_interval=30)
        self._prefix = prefix
        self.writer = writer
        self._create = self._redis.register_script(_CREATE)
        self._append = self._redis.register_script(_APPEND)
        self._where = _without_password(url)
        self.outages = Outages()
        try:
            self._redis.ping()
        except redis.RedisError as exc:
            raise StoreUnusable(f"Redis at {self._where} does not answer ({exc}): start it, or fix --redis") from None

    @contextmanager
    def _calling(self):
        """Redis calls; a connection or server failure is an outage (StoreUnavailable)."""
        try:
            yield
        except redis.RedisError as exc:
            failure = StoreUnavailable(f"Redis at {self._where}: {exc}")
            self.outages.failed(failure)
            raise failure from None
        self.outages.succeeded()

    def _log(self, game_id: str) -> str:
        return f"{self._prefix}:log:{game_id}"

    def _history(self, game_id: str) -> str:
        return f"{self._prefix}:history:{game_id}"

    def _code(self, code: str) -> str:
        return f"{self._prefix}:code:{code}"

    @property
    def _games(self) -> str:
        return f"{self._prefix}:games"

    def create_game(self, game_id: str, code: str, first: Entry, history: Sequence[Entry] = ()) -> None:
        with self._calling():
            created = self._create(keys=[self._log(game_id), self._code(code), self._games, self._history(game_id)],
                                   args=[game_id, dump_entry(first), *map(dump_entry, history)])
        if not created:
            raise CodeTaken(f"game id {game_id} or code {code} is taken")

    def append(self, game_id: str, expected_length: int, entries: list[Entry], history: Sequence[Entry] = ()) -> int:
        with self._calling():
            result = self._append(keys=[self._log(game_id), changes_channel(self._prefix), self._history(game_id)],
                                  args=[expected_length, game_id, self.writer, len(entries), *map(dump_entry, entries),
                                        *map(dump_entry, history)])
        if result == -1:
            raise UnknownGame(game_id)
        if isinstance(result, list):
            raise Conflict(game_id, expected_length, int(result[0]))
        return int(result)

    def read(self, game_id: str, since: int = 0) -> list[Entry]:
        with self._calling():
            bodies = cast(list[str], self._redis.lrange(self._log(game_id), since, -1))  # decode_responses
            if not bodies and not self._redis.exists(self._log(game_id)):
                raise UnknownGame(game_id)
        return load_entries(game_id, list(enumerate(bodies, since)))

    def read_history(self, game_id: str, since: int, limit: int) -> list[Entry]:
        with self._calling():
            pipe = self._redis.pipeline(transaction=False)
            pipe.exists(self._log(game_id))
            pipe.lrange(self._history(game_id), since, since + limit - 1)
            exists, bodies = pipe.execute()
        if not exists:
            raise UnknownGame(game_id)
        return load_entries(game_id, list(enumerate(bodies, since)))

    def length(self, game_id: str) -> int:
        with self._calling():
            length = self._redis.llen(self._log(game_id))
        if length == 0:
            raise UnknownGame(game_id)
        return length

    def lengths(self, game_ids: list[str]) -> dict[str, int]:
        pipe = self._redis.pipeline(transaction=False)
        for game_id in game_ids:
            pipe.llen(self._log(game_id))
        with self._calling():
            found = pipe.execute()
        return {game_id: n for game_id, n in zip(game_ids, found, strict=True) if n}

    def game_for_code(self, code: str) -> str | None:
        with self._calling():
            return cast("str | None", self._redis.get(self._code(code)))

    def game_ids(self) -> list[str]:
        with self._calling():
            return cast(list[str], self._redis.lrange(self._games, 0, -1))

    def close(self) -> None:
        self._redis.close()

    def drop_everything(self) -> None:
        """Delete every key under this store's prefix (tests use a prefix of their own)."""
        keys = list(self._redis.scan_iter(f"{self._prefix}:*"))
        if keys:
            self._redis.delete(*keys)


def _without_password(url: str) -> str:
    """The URL as it may be logged: host, port and database, never the password."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}:{parts.port or 6379}{parts.path}"
