"""Pages of a game's engine log for one reader (the `log` event): the entries the reader may see
(game_rules.can_see), read from the position asked for and no further than the page needs.

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
from .protocol import LOG_PAGE

WHOLE_GAMES_KEPT = 4  # ~450 bytes an entry: four games of 10,000 entries are ~18 MB
MAX_SCAN = 5 * LOG_PAGE
Stored = Callable[[int, int], list[dict[str, Any]]]  # (since, limit) -> history entries


class NotKept(Exception):
    """The store has no history for part of the range asked for."""


def page(entries: Iterator[dict[str, Any]], viewer: str, limit: int, channel: str | None,
         end: int) -> tuple[list[dict[str, Any]], int | None]:
    """Up to `limit` of `entries` (in order of `n`) that `viewer` may read (only messages of
    `channel`, if one is asked for), scanning at most MAX_SCAN of them, and the position to read
    next: None when the scan reached `end`, the log's end."""
    found: list[dict[str, Any]] = []
    position = None
    for scanned, entry in enumerate(entries, 1):
        position = entry["n"] + 1
        if can_see(entry, viewer) and (channel is None or (entry["type"] == "message"
                                                            and entry.get("channel") == channel)):
            found.append(entry)
        if len(found) == limit or scanned == MAX_SCAN:
            break
    return found, position if position is not None and position < end else None


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


def in_memory(state: State, since: int) -> Iterator[dict[str, Any]]:
    log = state.log
    for index in range(max(since, state.log_start) - state.log_start, len(log)):  # by index: no walk to it
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
