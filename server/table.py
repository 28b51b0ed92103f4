"""A table: one game held by this process, changed one log entry batch at a time.

Every change, whoever asks (a player, the facilitator, a bot, a timer), goes through
`Table.commit`: under the game's lock it builds entries against the current game, appends them
to the store (durable, compare-and-set), folds them in, notifies the broadcaster, and only then
returns so the caller can acknowledge. Nothing else changes a game.
"""
from __future__ import annotations

import hashlib
import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import orjson

from game_rules import FACILITATOR, SYSTEM, Action, Rejection, apply_action
from game_rules.bots import bot_actions
from game_rules.state import LOBBY, ORDERS, TALKS
from game_rules.temperaments import TEMPERAMENTS

from .cluster import RedisCluster, Solo
from .game import PLAYER, Game, update_log_start
from .store import Change, Conflict, GameStore

log = logging.getLogger(__name__)

# Acts of a delegation as a whole: only its head of delegation makes them.
HEAD_ONLY = frozenset({"submit_orders", "propose", "respond", "amend", "sign", "statement", "ready"})
# Held updates go out before their new log entries would pass this size, so that one update stays
# under the protocol's 8 KB for deltas (bots' statements and reasons run to 600 characters each,
# and the reveal that follows the bots' orders is ~5 KB of entries on its own).
HELD_BYTES = 4096
BOT_ACTIONS_PER_SEAT_AND_PHASE = 30  # a guard against a bot that never stops talking


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token(game_id: str) -> str:
    """Tokens name their game so that a reconnecting client needs nothing else."""
    return f"{game_id}.{secrets.token_urlsafe(24)}"


def game_of_token(token: str) -> str:
    return token.partition(".")[0]


class Refused(Exception):
    """A request the table will not carry out; nothing changed."""

    def __init__(self, code: str, message: str, details: dict[str, Any] | None = None):
        super().__init__(message)
        self.code, self.message, self.details = code, message, details or {}

    @classmethod
    def from_rejection(cls, rejection: Rejection) -> Refused:
        code = {"bad_params": "bad_payload", "unknown_action": "bad_payload"}.get(rejection.code, rejection.code)
        return cls(code, rejection.message, {**rejection.details, "engine_code": rejection.code})

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "details": self.details}


@dataclass
class Runtime:
    """How a table waits and runs work in the background (gevent greenlets or threads)."""

    spawn: Callable[..., Any]
    sleep: Callable[[float], Any]
    now: Callable[[], float] = time.time
    # Where bots and deadlines do their work (server/lane.py); by default a task of its own each.
    background: Callable[..., Any] | None = None

    def later(self, job: Callable[..., Any], *args: Any) -> None:
        (self.background or self.spawn)(job, *args)


Build = Callable[[Game], list[tuple[dict[str, Any], Any]]]


class Table:
    def __init__(self, game: Game, store: GameStore, runtime: Runtime,
                 notify: Callable[[Table, list[dict[str, Any]]], None], cluster: Solo | RedisCluster | None = None):
        self.game = game.with_recent_log()
        self.store = store
        self.runtime = runtime
        self.notify = notify
        self.cluster = cluster or Solo()  # says whether this process drives the game's timer and bots
        self._lock = threading.RLock()
        self._timer_generation = 0
        self._bots_running = False
        self._bots_again = False
        self._bot_moves: dict[tuple[str, int, str], int] = {}
        # Entries made durable whose update this process's connections have not been sent: a pass
        # of the bots holds its moves' updates and sends them as one (see _run_bots).
        self._unsent: list[dict[str, Any]] = []
        self._unsent_bytes = 0  # their log entries' size: see HELD_BYTES
        self.changed_at = runtime.now()  # when the game last changed here (see Tables.unload_idle)

    @property
    def game_id(self) -> str:
        return self.game.game_id

    @property
    def team_size(self) -> int:
        """How many people a delegation seats."""
        return _team_size(self.game)

    # ---- the one path ----------------------------------------------------------------------

    def commit(self, build: Build, hold: bool = False) -> list[dict[str, Any]]:
        """Build entries against the current game, make them durable, fold them in, broadcast
        (with `hold`, later: at the next send_updates, or with the next change that is sent)."""
        with self._lock:
            for _ in range(5):
                before = self.game
                pairs = build(before)
                if not pairs:
                    return []
                after, entries = before, []
                for entry, accepted in pairs:
                    after = after.fold(entry, accepted)
                    entries.append(entry)
                for entry in self._timer_for_new_phase(before, after):
                    after = after.fold(entry)
                    entries.append(entry)
                history = after.state.log[before.state.log_end - after.state.log_start:]
                try:
                    self.store.append(self.game_id, before.length, entries, history)
                except Conflict:
                    self.catch_up()  # another process wrote first: rebuild on its entries, then retry
                    continue
                size = sum(len(orjson.dumps(e)) for e in history) if hold or self._unsent else 0
                if self._unsent and (self._unsent_bytes + size > HELD_BYTES
                                     or update_log_start(after.state) != update_log_start(before.state)):
                    # Held entries go out first when this change would make their update too big
                    # (the reveal after the bots' orders was 9.3 KB for the facilitator), or would
                    # move the updates' log window past them (a new round; a delta carries the log
                    # from the window's start only).
                    self.send_updates()
                self.game = after.with_recent_log()
                self.changed_at = self.runtime.now()
                self._unsent += entries
                self._unsent_bytes += size
                if not hold or self._unsent_bytes > HELD_BYTES:
                    self.send_updates()
                break
            else:
                raise Refused("busy", "the game is changing too fast; try again")
        self._after_commit(before, after)
        return entries

    def catch_up(self, change: Change | None = None) -> list[dict[str, Any]]:
        """Fold in the entries other processes have written, send this process's connections
        their views of them, and return them. A `change` that starts where this copy of the
        game ends saves reading them from the store."""
        with self._lock:
            if change is not None and change.start == self.game.length:
                entries = change.entries
            else:
                entries = self.store.read(self.game_id, since=self.game.length)
            for entry in entries:
                self.game = self.game.fold(entry)
            self.game = self.game.with_recent_log()
            if entries:
                self.changed_at = self.runtime.now()
                self._unsent += entries
                self.send_updates()
            return entries

    def send_updates(self) -> None:
        """Send this process's connections what changed since their last update, if anything did."""
        with self._lock:
            if self._unsent:
                entries, self._unsent, self._unsent_bytes = self._unsent, [], 0
                self.notify(self, entries)

    def whole_game(self) -> Game:
        """The game with its whole engine log, rebuilt from the store (the table holds only the
        recent log in memory): for history pages and exports."""
        return Game.from_log(self.game_id, self.store.read(self.game_id))

    def idle_since(self) -> float | None:
        """When the game went quiet, or None while something here may still change it (its
        phase timer runs, its bots are thinking)."""
        if self._bots_running:
            return None
        timer = self.game.current_timer()
        if timer is not None and not timer.paused and not self.game.state.is_over():
            return None
        return self.changed_at

    def drive(self) -> None:
        """If this process drives the game, (re)arm its timer and let its bots look at it."""
        if not self.cluster.holds(self.game_id) or self.game.state.is_over():
            return
        self.arm_timer()
        if self.game.roster.bots:
            self.kick_bots()

    def _timer_for_new_phase(self, before: Game, after: Game) -> list[dict[str, Any]]:
        state = after.state
        if (state.round, state.phase) == (before.state.round, before.state.phase) or state.is_over():
            return []
        seconds = (after.options.get("timers") or {}).get(state.phase)
        if not seconds:
            return []
        return [{"type": "timer", "round": state.round, "phase": state.phase,
                 "deadline": self.runtime.now() + seconds, "remaining": None}]

    def _after_commit(self, before: Game, after: Game) -> None:
        if after.timer is not before.timer:
            self.arm_timer()
        if after.roster.bots and not after.state.is_over():
            self.kick_bots()

    # ---- players -----------------------------------------------------------------------------

    def join(self, nickname: str, role: str, seat_wish: str | None = None,
             max_players: int | None = None) -> tuple[str, str]:
        token = new_token(self.game_id)
        found: dict[str, str] = {}

        def build(game: Game):
            if max_players is not None and len(game.roster.players) >= max_players:
                raise Refused("table_full", f"this table has its {max_players} players; rejoin with a token instead",
                              {"limit": max_players, "role": role})
            if _nickname_taken(game, nickname):
                raise Refused("nickname_taken", f"someone at this table is already called {nickname.strip()!r}; "
                              "choose another name", {"nickname": nickname})
            pid = f"p{len(game.roster.players) + 1}"
            found["pid"] = pid
            entries = [{"type": "joined", "player": pid, "nickname": nickname, "role": role,
                        "token": hash_token(token), "at": self.runtime.now()}]
            seat = _free_seat(game, seat_wish) if role == PLAYER else None
            if seat:
                entries.append({"type": "seated", "player": pid, "seat": seat})
            return [(e, None) for e in entries]

        self.commit(build)
        return found["pid"], token

    def choose_seat(self, pid: str, seat: str | None) -> None:
        """In the lobby a player sits at a delegation with room, or stands up (seat None)."""
        def build(game: Game):
            player = game.roster.players.get(pid)
            if player is None or player["role"] != PLAYER:
                raise Refused("not_your_seat", "only a player at this table chooses a seat")
            if game.state.is_over():
                raise Refused("game_over", "the game has ended")
            if game.state.phase != LOBBY:
                raise Refused("wrong_phase", "delegations are chosen in the lobby, before the game starts",
                              {"phase": game.state.phase})
            if player["seat"] == seat:
                return []
            if seat is not None:
                if seat not in game.state.seat_ids:
                    raise Refused("illegal_action", f"there is no seat {seat!r}",
                                  {"seat": seat, "seats": list(game.state.seat_ids)})
                if seat in game.roster.bots:
                    raise Refused("illegal_action", f"{seat} is played by a bot",
                                  {"seat": seat, "bot": game.roster.bots[seat]})
                if not _has_room(game, seat):
                    raise Refused("illegal_action", f"{seat} is full", {"seat": seat, "team_size": _team_size(game)})
            return [({"type": "seated", "player": pid, "seat": seat}, None)]

        self.commit(build)

    def player_for(self, token: str) -> str | None:
        return self.game.roster.player_for_token(hash_token(token))

    def is_facilitator(self, token: str) -> bool:
        return secrets.compare_digest(hash_token(token), self.game.header["facilitator"])

    def play(self, pid: str, kind: str, params: dict[str, Any], seat_claimed: str | None = None) -> None:
        """A player acts for the seat it sits in, and for no other."""
        def build(game: Game):
            player = game.roster.players.get(pid)
            seat = player and player["seat"]
            if not seat:
                raise Refused("not_your_seat", "you are not seated at a delegation yet")
            if seat_claimed is not None and seat_claimed != seat:
                raise Refused("not_your_seat", f"you sit for {seat}, not {seat_claimed}", {"seat": seat_claimed})
            if kind in HEAD_ONLY and game.roster.heads.get(seat) != pid:
                raise Refused("not_head", f"only the head of your delegation can {kind.replace('_', ' ')}",
                              {"head": game.roster.heads.get(seat)})
            return [_engine(game, Action(kind, seat, params, author=pid), by=pid, at=self.runtime.now())]

        self.commit(build)

    # ---- the facilitator ---------------------------------------------------------------------

    def facilitate(self, kind: str, params: dict[str, Any]) -> None:
        """An engine command of the facilitator: start, close_phase, inject_event, announce, end_game.
        Skipping a phase (close_phase) is an early deadline: delegations that have not acted are
        treated as at the deadline, by the setting the facilitator chose."""
        state = self.game.state
        if kind == "close_phase" and state.phase in (ORDERS, TALKS):  # else the engine says why not
            self._close_at_deadline(state.round, state.phase, by=FACILITATOR)
            return

        def build(game: Game):
            pairs = []
            if kind == "start":
                # Scripted bots fill every seat nobody sits in, so no game waits on an empty chair.
                for seat in game.state.seat_ids:
                    if seat not in game.roster.bots and not game.roster.members(seat):
                        temperament = game.state.scenario.seats_by_id[seat].default_temperament
                        pairs.append(({"type": "bot", "seat": seat, "temperament": temperament}, None))
            pairs.append(_engine(game, Action(kind, FACILITATOR, params), by=FACILITATOR, at=self.runtime.now()))
            return pairs

        self.commit(build)

    def assign(self, pid: str, seat: str | None) -> None:
        def build(game: Game):
            player = game.roster.players.get(pid)
            if player is None or player["role"] != PLAYER:
                raise Refused("illegal_action", f"there is no player {pid!r} at this table", {"player": pid})
            if seat is not None and seat not in game.state.seat_ids:
                raise Refused("illegal_action", f"there is no seat {seat!r}", {"seat": seat})
            if player["seat"] == seat:
                return []
            return [({"type": "seated", "player": pid, "seat": seat}, None)]

        self.commit(build)

    def set_head(self, seat: str, pid: str) -> None:
        def build(game: Game):
            if pid not in game.roster.members(seat):
                raise Refused("illegal_action", f"{pid!r} does not sit for {seat!r}", {"player": pid, "seat": seat})
            return [({"type": "head", "seat": seat, "player": pid}, None)]

        self.commit(build)

    def set_bot(self, seat: str, temperament: str | None) -> None:
        """Fill a seat with a bot (its players become unseated), or hand a bot seat back to people."""
        def build(game: Game):
            if seat not in game.state.seat_ids:
                raise Refused("illegal_action", f"there is no seat {seat!r}", {"seat": seat})
            if temperament is not None and temperament not in TEMPERAMENTS:
                raise Refused("illegal_action", f"there is no temperament {temperament!r}",
                              {"temperament": sorted(TEMPERAMENTS)})
            return [({"type": "bot", "seat": seat, "temperament": temperament}, None)]

        self.commit(build)

    def pause(self) -> None:
        def build(game: Game):
            timer = _running_timer(game)
            if timer.paused:
                raise Refused("illegal_action", "the timer is already paused")
            return [(_timer_entry(timer, None, timer.seconds_left(self.runtime.now())), None)]

        self.commit(build)

    def resume(self) -> None:
        def build(game: Game):
            timer = _running_timer(game)
            if not timer.paused:
                raise Refused("illegal_action", "the timer is not paused")
            return [(_timer_entry(timer, self.runtime.now() + timer.remaining, None), None)]

        self.commit(build)

    def extend(self, seconds: float) -> None:
        def build(game: Game):
            timer = _running_timer(game)
            if timer.paused:
                return [(_timer_entry(timer, None, timer.remaining + seconds), None)]
            return [(_timer_entry(timer, timer.deadline + seconds, None), None)]

        self.commit(build)

    # ---- timers ------------------------------------------------------------------------------

    def arm_timer(self) -> None:
        """(Re)start the wait for the current phase's deadline; an older wait lapses."""
        self._timer_generation += 1
        if not self.cluster.holds(self.game_id):
            return
        timer = self.game.current_timer()
        if timer and not timer.paused:
            self.runtime.spawn(self._wait_for_deadline, self._timer_generation)

    def _wait_for_deadline(self, generation: int) -> None:
        while generation == self._timer_generation and self.cluster.holds(self.game_id):
            timer = self.game.current_timer()
            if timer is None or timer.deadline is None:  # no timer, or paused
                return
            left = timer.deadline - self.runtime.now()
            if left <= 0:
                self.runtime.later(self._deadline_passed, timer.round, timer.phase, generation)
                return
            self.runtime.sleep(min(left, 5.0))

    def _deadline_passed(self, round_: int, phase: str, generation: int) -> None:
        timer = self.game.current_timer()
        if generation != self._timer_generation or timer is None or timer.deadline is None:
            return  # re-armed (paused, more time) while this close waited its turn: the new wait decides
        try:
            self._close_at_deadline(round_, phase, by="timer")
        except Refused as refusal:
            log.info("game %s: the deadline could not close the phase: %s", self.game_id, refusal.message)

    def _close_at_deadline(self, round_: int, phase: str, by: str) -> None:
        """Seats that have not acted submit nothing, or a bot stands in for their people (marked
        as such in the log); then the phase closes. `by`: "timer", or the facilitator skipping."""
        def same_phase() -> bool:
            state = self.game.state
            return (state.round, state.phase) == (round_, phase) and not state.is_over()

        try:
            if self.game.options.get("deadline") == "bot":
                for seat in self.game.state.seats_to_act():
                    if seat in self.game.roster.bots or not same_phase():
                        continue
                    self._bot_turn(seat, None, by=by, stand_in=True, hold=True)
            if not same_phase():
                return
            actor = FACILITATOR if by == FACILITATOR else SYSTEM
            self.commit(lambda game: [_engine(game, Action("close_phase", actor), by=by, at=self.runtime.now())]
                        if same_phase() else [], hold=True)
        finally:
            self.send_updates()  # the stand-ins' orders and the phase's close: one update

    # ---- bots --------------------------------------------------------------------------------

    def kick_bots(self) -> None:
        """Let the bot seats act on the new position, in a background task (one per table at a time)."""
        if not self.cluster.holds(self.game_id):
            return
        with self._lock:
            if self._bots_running:
                self._bots_again = True
                return
            self._bots_running = True
        self.runtime.later(self._run_bots)

    def _run_bots(self) -> None:
        try:
            while True:
                with self._lock:
                    self._bots_again = False
                moved = False
                try:
                    for seat, temperament in list(self.game.roster.bots.items()):
                        if self.game.state.is_over():
                            break
                        moved |= self._bot_turn(seat, temperament, by="bot", hold=True)
                finally:
                    # The bots' moves on one position go out as one update, not one each: after a
                    # proposal or a new phase, four bots answer or speak at once.
                    self.send_updates()
                with self._lock:
                    if not moved and not self._bots_again:
                        self._bots_running = False
                        return
        except Exception:
            log.exception("game %s: the bots stopped", self.game_id)
            with self._lock:
                self._bots_running = False

    def _bot_turn(self, seat: str, temperament: str | None, by: str, stand_in: bool = False,
                  hold: bool = False) -> bool:
        """Ask the bot of `seat` what it wants now and apply it one action at a time, through the
        same path as people; stop at the first refusal. `stand_in`: the bot plays for the seat's
        absent people, and its actions say so; `hold`: its updates wait for send_updates."""
        moved = False
        state = self.game.state
        key = (seat, state.round, state.phase)
        for action in bot_actions(state, seat, temperament):
            if stand_in:
                if action.kind == "message":
                    continue  # a stand-in makes the absent people's moves; it does not chat in their name
                action = replace(action, stand_in=True)
            if self._bot_moves.get(key, 0) >= BOT_ACTIONS_PER_SEAT_AND_PHASE:
                break
            def move(game: Game, a: Action = action) -> list[tuple[dict[str, Any], Any]]:
                return [_engine(game, a, by=by, at=self.runtime.now())] if _still_bot(game, seat, by) else []

            try:
                self.commit(move, hold=hold)
            except Refused:
                break
            self._bot_moves[key] = self._bot_moves.get(key, 0) + 1
            moved = True
            self.runtime.sleep(0)  # let people's messages in between a bot's moves
        return moved


def _still_bot(game: Game, seat: str, by: str) -> bool:
    return by in ("timer", FACILITATOR) or seat in game.roster.bots


def _engine(game: Game, action: Action, by: str, at: float) -> tuple[dict[str, Any], Any]:
    result = apply_action(game.state, action)
    if not result.ok:
        raise Refused.from_rejection(result.error)
    return {"type": "action", "action": action.to_dict(), "by": by, "at": at}, result.state


def _nickname_taken(game: Game, nickname: str) -> bool:
    """Teams and the debrief tell people apart by nickname: no two at a table share one."""
    wanted = nickname.strip().casefold()
    return any(p["nickname"].strip().casefold() == wanted for p in game.roster.players.values())


def _team_size(game: Game) -> int:
    return game.options.get("team_size", 1)


def _has_room(game: Game, seat: str) -> bool:
    """Whether a person may sit down at `seat`: people play it, and fewer than a team."""
    return seat not in game.roster.bots and len(game.roster.members(seat)) < _team_size(game)


def _free_seat(game: Game, wish: str | None) -> str | None:
    """Where a joining player sits: the seat asked for if it has room, else the emptiest human seat."""
    open_seats = [s for s in game.state.seat_ids if _has_room(game, s)]
    if wish in open_seats:
        return wish
    if not open_seats:
        return None
    return min(open_seats, key=lambda s: len(game.roster.members(s)))


def _running_timer(game: Game):
    timer = game.current_timer()
    if timer is None:
        raise Refused("illegal_action", "this phase has no timer")
    return timer


def _timer_entry(timer, deadline: float | None, remaining: float | None) -> dict[str, Any]:
    return {"type": "timer", "round": timer.round, "phase": timer.phase, "deadline": deadline, "remaining": remaining}

