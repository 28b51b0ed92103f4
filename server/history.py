"""Pages of a game's engine log for one reader (the `log` event): what the reader may see
(game_rules.can_see), read from the position asked for, and no further than the page.

A table holds in memory only the log its updates show plus LOG_SLACK entries (server/game.py).
A page older than that comes from the whole game rebuilt from the store, which costs a replay
(~0.3-0.5 s at 6,000 entries); the last few rebuilt games are kept (WHOLE_GAMES_KEPT, bounded),
so a reader paging back through a game pays that once, not once a page.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Callable

from game_rules import FACILITATOR, State
from game_rules.observation import can_see

from .game import Game

WHOLE_GAMES_KEPT = 4  # ~450 bytes an entry: four games of 10,000 entries are ~18 MB


class WholeGames:
    """The whole games rebuilt last (least recently read goes first)."""

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


def page(states: list[State], viewer: str, since: int, limit: int, channel: str | None = None) -> tuple[list[dict[str, Any]], int | None]:
    """Up to `limit` entries from position `since` that `viewer` may read (only messages of
    `channel` if one is asked for), read from `states` in order
    (each one's log continues where the one before ends), and the position to read next (None at
    the end of the log). Reads only as far as the page reaches."""
    found: list[dict[str, Any]] = []
    position = since
    for state in states:
        position = max(position, state.log_start)
        log, offset = state.log, state.log_start
        for index in range(position - offset, len(log)):  # by index: no walk up to the page
            entry = log[index]
            position = entry["n"] + 1
            if not can_see(entry, viewer):
                continue
            if channel is not None and not (entry["type"] == "message" and entry.get("channel") == channel):
                continue
            found.append(entry)
            if len(found) == limit:
                return found, position if position < states[-1].log_end else None
    return found, None


def may_read_channel(viewer: str, members: tuple[str, ...] | None) -> bool:
    return members is None or viewer == FACILITATOR or viewer in members
