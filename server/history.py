"""Pages of a game's engine log for one reader (the `log` event): the entries the reader may see
(game_rules.can_see), read forward from the position asked for (the debrief) or backward from it
("Show earlier" on the live pages), and no further than the page needs.

A table holds in memory only the log its updates show plus LOG_SLACK entries (server/game.py);
older entries are read by range from the store's history of the game (GameStore.read_history),
written beside the log as it grew. Before that, a page older than memory rebuilt the whole game
by replaying it: ~0.3-0.5 s of the one event loop per request at 6,000 entries. A game stored
before histories were kept has none: its pages come from the replayed game, of which the last
few are kept (WHOLE_GAMES_KEPT) so that a reader paging back pays the replay once.

A page reads at most MAX_SCAN entries, so a sparse channel asked for from the start costs no
more than a full page does: the reader gets what was found and the position to go on from.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Any

from game_rules import FACILITATOR, State
from game_rules.observation import can_see

from .game import Game
from .protocol import LOG_SCAN

WHOLE_GAMES_KEPT = 4  # ~450 bytes an entry: four games of 10,000 entries are ~18 MB
MAX_SCAN = LOG_SCAN
Stored = Callable[[int, int], list[dict[str, Any]]]  # (since, limit) -> history entries


class NotKept(Exception):
    """The store has no history for part of the range asked for."""


Wanted = Callable[[dict[str, Any]], bool]


def wanted(channel: str | None = None, types: list[str] | None = None) -> Wanted:
    """The entries a page keeps besides the viewer's rule: a channel's messages, or some types."""
    if channel is not None:
        return lambda entry: entry["type"] == "message" and entry.get("channel") == channel
    if types is not None:
        kinds = frozenset(types)
        return lambda entry: entry["type"] in kinds
    return lambda entry: True


def _scan(entries: Iterator[dict[str, Any]], viewer: str, limit: int,
          keep: Wanted) -> tuple[list[dict[str, Any]], int | None]:
    """Up to `limit` of `entries` that `viewer` may read and `keep` keeps, scanning at most
    MAX_SCAN of them, and the position of the last one scanned (None if there was none)."""
    found: list[dict[str, Any]] = []
    last = None
    for scanned, entry in enumerate(entries, 1):
        last = entry["n"]
        if can_see(entry, viewer) and keep(entry):
            found.append(entry)
        if len(found) == limit or scanned == MAX_SCAN:
            break
    return found, last


def page(entries: Iterator[dict[str, Any]], viewer: str, limit: int, keep: Wanted,
         end: int) -> tuple[list[dict[str, Any]], int | None]:
    """A page read forward from `entries` (in order of `n`) and the position to read next: None
    when the scan reached `end`, the log's end."""
    found, last = _scan(entries, viewer, limit, keep)
    return found, last + 1 if last is not None and last + 1 < end else None


def page_before(entries: Iterator[dict[str, Any]], viewer: str, limit: int,
                keep: Wanted) -> tuple[list[dict[str, Any]], int | None]:
    """A page read backward from `entries` (in reverse order of `n`), put in order of `n`, and the
    position to read before next: None when the scan reached the log's first entry."""
    found, last = _scan(entries, viewer, limit, keep)
    found.reverse()
    return found, last or None  # 0 (the first entry) or nothing scanned: the start


def entries_from(since: int, live: State, stored: Stored, chunk: int) -> Iterator[dict[str, Any]]:
    """The log from position `since` on: from the store's history up to what the table holds,
    then from memory, read `chunk` entries at a time. Raises NotKept if the history is missing."""
    position = since
    while position < live.log_start:
        got = stored(position, min(chunk, live.log_start - position))
        if not got or got[0]["n"] != position:
            raise NotKept(position)
        yield from got
        position = got[-1]["n"] + 1
    yield from in_memory(live, position)


def entries_before(before: int, live: State, stored: Stored, chunk: int) -> Iterator[dict[str, Any]]:
    """The log below position `before`, newest first: from memory, then from the store's history
    read `chunk` entries at a time, each chunk one range. Raises NotKept if the history is missing."""
    yield from in_memory_before(live, before)
    position = min(before, live.log_start)
    while position > 0:
        start = max(0, position - chunk)
        got = stored(start, position - start)
        if len(got) != position - start or got[0]["n"] != start:
            raise NotKept(start)
        yield from reversed(got)
        position = start


def in_memory(state: State, since: int) -> Iterator[dict[str, Any]]:
    log = state.log
    for index in range(max(since, state.log_start) - state.log_start, len(log)):  # by index: no walk to it
        yield log[index]


def in_memory_before(state: State, before: int, down_to: int = 0) -> Iterator[dict[str, Any]]:
    """What `state` holds of the log from `before` (exclusive) down to `down_to`, newest first."""
    log = state.log
    for index in range(min(before, state.log_end) - state.log_start - 1,
                       max(down_to, state.log_start) - state.log_start - 1, -1):
        yield log[index]


class WholeGames:
    """The whole games rebuilt last, for games whose history the store does not have (least
    recently read goes first)."""

    def __init__(self, kept: int = WHOLE_GAMES_KEPT):
        self.kept = kept
        self._games: OrderedDict[str, Game] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, game_id: str, reaching: int, rebuild: Callable[[], Game]) -> Game:
        """A whole game whose log reaches at least position `reaching`."""
        with self._lock:
            game = self._games.get(game_id)
            if game is not None and game.state.log_end >= reaching:
                self._games.move_to_end(game_id)
                return game
        game = rebuild()
        with self._lock:
            self._games[game_id] = game
            self._games.move_to_end(game_id)
            while len(self._games) > self.kept:
                self._games.popitem(last=False)
        return game


    def forget(self, game_id: str) -> None:
        with self._lock:
            self._games.pop(game_id, None)


def may_read_channel(viewer: str, members: tuple[str, ...] | None) -> bool:
    return members is None or viewer == FACILITATOR or viewer in members
