"""One game as the server holds it: the engine state, the roster and the phase timer, all folded
from the game's single log.

Log entries (JSON; entry 0 is always `created`):
  created  scenario, seed, setup, options, facilitator (token hash), code, at
  action   action (game_rules Action as a dict), by (player id, "bot", "timer" or "facilitator"), at
  joined   player, nickname, role ("player"), token (hash), at   (spectators are not logged)
  seated   player, seat (None: unseated)
  head     seat, player
  bot      seat, temperament (None: the seat returns to people)
  timer    round, phase, deadline (epoch seconds; None while paused), remaining (seconds while paused)

`Game.fold` is the only place an entry changes a game, so a game rebuilt after a restart is the
game the server held before it.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from typing import Any

from game_rules import (
    Action,
    ScenarioError,
    Setup,
    State,
    apply_action,
    builtin_ids,
    forget_log,
    load_scenario,
    new_game,
)

from .protocol import LOBBY_LOG_TAIL

PLAYER = "player"
# Log entries a game may hold in memory beyond what its updates show before it forgets them.
# Forgetting copies what is kept, so it happens in batches; the bound keeps a long game or a
# chatty lobby from growing the server (measured: ~450 bytes per entry).
LOG_SLACK = 200
DEADLINE_BEHAVIOURS = ("nothing", "bot")
_scenarios: dict[str, Any] = {}


def scenario(scenario_id: str):
    """Scenarios are frozen values: load each once per process."""
    if scenario_id not in _scenarios:
        _scenarios[scenario_id] = load_scenario(scenario_id)
    return _scenarios[scenario_id]


def available_scenarios() -> list[str]:
    """Built-in scenarios that load; one being written (still invalid) is left out, not fatal."""
    found = []
    for scenario_id in builtin_ids():
        try:
            scenario(scenario_id)
        except ScenarioError:
            continue
        found.append(scenario_id)
    return found


class CorruptLog(Exception):
    pass


def update_log_start(state: State) -> int:
    """Where the log in an update starts: the round's start; in the lobby, which has no rounds
    and only chat, the last LOBBY_LOG_TAIL entries (older ones are a `log` request away)."""
    if state.round == 0:
        return max(0, state.log_end - LOBBY_LOG_TAIL)
    return state.round_began


@dataclass
class Timer:
    round: int
    phase: str
    deadline: float | None
    remaining: float | None = None

    @property
    def paused(self) -> bool:
        return self.deadline is None

    def seconds_left(self, now: float) -> float:
        return max(0.0, (self.remaining or 0.0) if self.deadline is None else self.deadline - now)  # None: paused

    def to_public(self, now: float) -> dict[str, Any]:
        return {"round": self.round, "phase": self.phase, "deadline": self.deadline,
                "paused": self.paused, "seconds_left": round(self.seconds_left(now), 1)}


@dataclass
class Roster:
    """Who sits where: players (with their token hashes), heads of delegation and bot seats."""

    players: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> nickname, role, seat, token
    heads: dict[str, str] = field(default_factory=dict)
    bots: dict[str, str] = field(default_factory=dict)  # seat -> temperament
    _public: tuple | None = field(default=None, init=False, repr=False, compare=False)

    def copy(self) -> Roster:
        return Roster(copy.deepcopy(self.players), dict(self.heads), dict(self.bots))

    def player_for_token(self, token_hash: str) -> str | None:
        for pid, p in self.players.items():
            if p["token"] == token_hash:
                return pid
        return None

    def members(self, seat: str) -> list[str]:
        return [pid for pid, p in self.players.items() if p["seat"] == seat]

    def to_public(self, seat_ids: tuple[str, ...]) -> dict[str, Any]:
        """What every client of the table may know about the room: nicknames and places, no tokens.
        (Read at every broadcast; a roster is replaced, never edited, once folded: see Game.fold.)"""
        if self._public is None or self._public[0] != seat_ids:
            seats: dict[str, dict[str, Any]] = {
                seat: {"players": [], "head": self.heads.get(seat), "bot": self.bots.get(seat)}
                     for seat in seat_ids}
            unseated = []
            for pid, p in self.players.items():
                if p["seat"] in seats:
                    seats[p["seat"]]["players"].append({"id": pid, "nickname": p["nickname"]})
                elif p["seat"] is None and p["role"] == PLAYER:
                    unseated.append({"id": pid, "nickname": p["nickname"]})
            self._public = (seat_ids, {"seats": seats, "unseated": unseated})
        # spectators: filled in by the broadcaster, which knows who is watching
        return {**self._public[1], "spectators": 0}


@dataclass
class Game:
    game_id: str
    header: dict[str, Any]
    state: State
    roster: Roster
    timer: Timer | None = None
    length: int = 1  # entries in the log, `created` included

    @classmethod
    def from_log(cls, game_id: str, entries: list[dict[str, Any]]) -> Game:
        if not entries or entries[0].get("type") != "created":
            raise CorruptLog(f"game {game_id}: the log does not start with 'created'")
        game = cls.open(game_id, entries[0])
        for entry in entries[1:]:
            game = game.fold(entry)
        return game

    @classmethod
    def open(cls, game_id: str, created: dict[str, Any]) -> Game:
        state = new_game(scenario(created["scenario"]), created["seed"], Setup.from_dict(created["setup"]))
        bots = dict(created["options"].get("bots") or {})
        return cls(game_id=game_id, header=created, state=state, roster=Roster(bots=bots))

    @property
    def options(self) -> dict[str, Any]:
        return self.header["options"]

    @property
    def code(self) -> str:
        return self.header["code"]

    def current_timer(self) -> Timer | None:
        """The timer of the phase being played, if it has one."""
        t = self.timer
        if t and t.round == self.state.round and t.phase == self.state.phase and not self.state.is_over():
            return t
        return None

    def with_recent_log(self) -> Game:
        """This game holding in memory only the log its updates show, once LOG_SLACK more
        entries have piled up before it (the store holds them all: see Table.whole_game)."""
        start = update_log_start(self.state)
        if start - self.state.log_start < LOG_SLACK:
            return self
        return replace(self, state=forget_log(self.state, start))

    def fold(self, entry: dict[str, Any], accepted: State | None = None) -> Game:
        """The game after one more log entry. `accepted` is the engine state the live path has
        already computed for an action entry (replay recomputes it)."""
        kind = entry["type"]
        if kind == "action":
            if accepted is None:
                result = apply_action(self.state, Action.from_dict(entry["action"]))
                if not result.ok:
                    raise CorruptLog(f"game {self.game_id}, entry {self.length}: {result.error.message}")
                accepted = result.state
            return replace(self, state=accepted, length=self.length + 1)
        if kind == "timer":
            timer = Timer(entry["round"], entry["phase"], entry["deadline"], entry.get("remaining"))
            return replace(self, timer=timer, length=self.length + 1)
        roster = self.roster.copy()
        if kind == "joined":
            roster.players[entry["player"]] = {
                "nickname": entry["nickname"], "role": entry["role"], "seat": None, "token": entry["token"],
            }
        elif kind == "seated":
            _seat(roster, entry["player"], entry["seat"])
        elif kind == "head":
            roster.heads[entry["seat"]] = entry["player"]
        elif kind == "bot":
            _set_bot(roster, entry["seat"], entry["temperament"])
        else:
            raise CorruptLog(f"game {self.game_id}, entry {self.length}: unknown entry type {kind!r}")
        return replace(self, roster=roster, length=self.length + 1)


def _seat(roster: Roster, pid: str, seat: str | None) -> None:
    old = roster.players[pid]["seat"]
    roster.players[pid]["seat"] = seat
    if old is not None and roster.heads.get(old) == pid:
        del roster.heads[old]
        remaining = roster.members(old)
        if remaining:
            roster.heads[old] = remaining[0]
    if seat is not None:
        roster.bots.pop(seat, None)  # a seat is played by people or by a bot, never both
        roster.heads.setdefault(seat, pid)


def _set_bot(roster: Roster, seat: str, temperament: str | None) -> None:
    if temperament is None:
        roster.bots.pop(seat, None)
        return
    for pid in roster.members(seat):
        roster.players[pid]["seat"] = None
    roster.heads.pop(seat, None)
    roster.bots[seat] = temperament
