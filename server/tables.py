"""Every table this process serves: opened by the REST API, found by id, join code or token,
and rebuilt from the store after a restart."""
from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Callable
from typing import Any

from game_rules import FACILITATOR

from .cluster import RedisCluster, Solo
from .game import CorruptLog, Game
from .history import WholeGames
from .store import Change, CodeTaken, DamagedGame, GameStore, UnknownGame
from .table import Runtime, Table, game_of_token, hash_token, new_token

log = logging.getLogger(__name__)

# Letters that cannot be misheard or misread when a code is read aloud: no vowels but A (no
# words), no I/L/1, O/0/Q, B/8, S/5, Z/2, U/V, E (rhymes with B, D, P, T...).
CODE_LETTERS = "ACDFGHJKMNPRTWXY"
CODE_LENGTH = 6


def new_code() -> str:
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    return "".join(code.split()).upper()


class Tables:
    def __init__(self, store: GameStore, runtime: Runtime, notify: Callable[[Table, list[dict[str, Any]]], None],
                 cluster: Solo | RedisCluster | None = None):
        self.store = store
        self.runtime = runtime
        self.notify = notify
        self.cluster = cluster or Solo()
        self._tables: dict[str, Table] = {}
        self.whole_games = WholeGames()  # for history pages older than a table holds
        self._lock = threading.Lock()
        self.damaged: dict[str, str] = {}  # game id -> why its log cannot be replayed

    def open(self, scenario_id: str, seed: int, setup: dict[str, Any], options: dict[str, Any]) -> tuple[Table, str]:
        """Create a game; return its table and the facilitator token (shown once, stored hashed)."""
        for _ in range(20):
            game_id = secrets.token_hex(6)
            token = new_token(game_id)
            created: dict[str, Any] = {
                "type": "created", "scenario": scenario_id, "seed": seed, "setup": setup, "options": options,
                "facilitator": hash_token(token), "code": new_code(), "at": self.runtime.now(),
            }
            game = Game.open(game_id, created)  # fails before anything is stored if the set-up is wrong
            try:
                self.store.create_game(game_id, created["code"], created, game.state.log)
            except CodeTaken:
                continue
            table = Table(game, self.store, self.runtime, self.notify, self.cluster)
            with self._lock:
                self._tables[game_id] = table
            self.cluster.claim(game_id)
            table.drive()
            return table, token
        raise RuntimeError("could not find a free join code")

    def get(self, game_id: str) -> Table | None:
        with self._lock:
            table = self._tables.get(game_id)
        if table is not None:
            return table
        try:
            entries = self.store.read(game_id)
        except UnknownGame:
            return None
        except DamagedGame as exc:
            self.damaged[game_id] = exc.reason
            raise
        try:
            game = Game.from_log(game_id, entries)
        except Exception as exc:  # noqa: BLE001  a log the engine cannot replay, whatever the engine raised
            reason = str(exc) if isinstance(exc, CorruptLog) else f"its log cannot be replayed ({exc!r})"
            self.damaged[game_id] = reason
            raise DamagedGame(game_id, reason) from None
        return self._adopt(game)

    def by_code(self, code: str) -> Table | None:
        game_id = self.store.game_for_code(normalise_code(code))
        return self.get(game_id) if game_id else None

    def by_token(self, token: str) -> tuple[Table, str] | None:
        """The table a token belongs to and who holds it: a player id or FACILITATOR."""
        table = self.get(game_of_token(token)) if "." in token else None
        if table is None:
            return None
        if table.is_facilitator(token):
            return table, FACILITATOR
        pid = table.player_for(token)
        return (table, pid) if pid else None

    def restore(self) -> int:
        """Rebuild every unfinished game from its log; resume its timer and its bots. A damaged
        game is reported by id (and answered `damaged_game` from then on), never skipped silently."""
        count = 0
        for game_id in self.store.game_ids():
            try:
                table = self.get(game_id)
            except DamagedGame as exc:
                log.error("%s; its players get damaged_game (see `crisis-table store check`)", exc)
                continue
            if table and not table.game.state.is_over():
                self.cluster.claim(game_id)
                table.drive()
                count += 1
        return count

    def loaded(self) -> int:
        with self._lock:
            return len(self._tables)

    def unload_idle(self, now: float, idle_seconds: float, followed: Callable[[str], bool],
                    finished_seconds: float | None = None) -> list[str]:
        """Let go of the games nobody follows (`followed` says whether a connection does) that
        have been quiet for `idle_seconds` (finished ones: `finished_seconds`, if shorter):
        unfinished ones waiting for people with no timer running, and finished games. `get` loads
        a game again from the store when it is asked for, so a server that runs all term holds
        only the games being played, not every game it has seen."""
        with self._lock:
            tables = list(self._tables.values())
        gone = []
        for table in tables:
            quiet = table.idle_since()
            wait = idle_seconds
            if finished_seconds is not None and table.game.state.is_over():
                wait = min(idle_seconds, finished_seconds)
            if quiet is None or now - quiet < wait or followed(table.game_id):
                continue
            with self._lock:
                if self._tables.get(table.game_id) is not table:
                    continue
                del self._tables[table.game_id]
            gone.append(table.game_id)
            self.whole_games.forget(table.game_id)
            self.cluster.release(table.game_id)
        return gone

    # ---- several processes on one Redis --------------------------------------------------------

    def unfinished(self) -> list[str]:
        """The unfinished games this process serves: it takes over their leases when they lapse."""
        with self._lock:
            tables = list(self._tables.values())
        return [t.game_id for t in tables if not t.game.state.is_over()]

    def on_remote_change(self, game_id: str, length: int, change: Change | None = None) -> None:
        """Another process committed to a game: catch up, which sends the game's connections on
        this process their views, and if this process drives the game, let its timer and bots
        see the change."""
        with self._lock:
            table = self._tables.get(game_id)
        if table is None or table.game.length >= length:
            return
        table.catch_up(change)
        table.drive()

    def on_lease(self, game_id: str) -> None:
        """This process has taken over a game whose driver died: its timer and bots run here now."""
        table = self.get(game_id)
        if table is not None:
            table.catch_up()
            table.drive()

    def _adopt(self, game: Game) -> Table:
        with self._lock:
            table = self._tables.get(game.game_id)
            if table is None:
                table = self._tables[game.game_id] = Table(game, self.store, self.runtime, self.notify, self.cluster)
        return table
