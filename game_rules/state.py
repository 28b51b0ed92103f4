"""One position of a game. A State is never changed once returned: the engine clones, then edits the clone."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import conditions
from .scenario.model import Card, Scenario

LOBBY, ORDERS, TALKS, OVER = "lobby", "orders", "talks", "over"
PHASES = (LOBBY, ORDERS, TALKS, OVER)


@dataclass(frozen=True)
class Setup:
    """What the facilitator chose when opening the game (the seed aside)."""

    rounds: int | None = None  # None: the scenario's default

    def to_dict(self) -> dict[str, Any]:
        return {"rounds": self.rounds}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Setup:
        return cls(rounds=(data or {}).get("rounds"))


@dataclass
class State:
    scenario: Scenario
    seed: int
    setup: Setup
    rounds: int
    round: int = 0
    phase: str = LOBBY
    tracks: dict[str, Any] = field(default_factory=dict)
    seat_tracks: dict[str, dict[str, int]] = field(default_factory=dict)
    event: str | None = None
    drawn_events: tuple[str, ...] = ()
    orders: dict[str, tuple[str, ...]] = field(default_factory=dict)
    card_uses: dict[str, int] = field(default_factory=dict)  # "seat:card" -> times played
    proposals: dict[int, dict[str, Any]] = field(default_factory=dict)
    ready: frozenset[str] = frozenset()
    stand_ins: frozenset[str] = frozenset()  # seats whose orders this round a bot made for absent people
    bound_clauses: frozenset[str] = frozenset()
    outcome: str | None = None
    termination: str | None = None
    moves_made: int = 0  # accepted actions so far: the log position of the next one
    round_began: int = 0  # the log position of this round's round_started entry (0 before the first)
    log: list[dict[str, Any]] = field(default_factory=list)
    log_start: int = 0  # the position of log[0]: a server may forget older entries (forget_log)
    shares_board: bool = field(default=False, repr=False, compare=False)  # see own_board

    def clone(self) -> State:
        # Log entries and proposals are replaced, never edited in place, so one level of copying
        # suffices. Built by hand rather than with dataclasses.replace: a bot game clones ~150 times.
        # The board (tracks, seat tracks, card uses) changes only when cards, events, agreements or
        # income resolve, so it is shared until then: whatever changes it calls own_board() first.
        new = object.__new__(State)
        new.__dict__.update(self.__dict__)
        new.shares_board = True
        new.orders = dict(self.orders)
        new.proposals = dict(self.proposals)
        new.log = list(self.log)
        return new

    def own_board(self) -> None:
        """Give this state its own copy of the board it still shares with the state it was cloned
        from, before changing the board."""
        if self.shares_board:
            self.tracks = dict(self.tracks)
            self.seat_tracks = {s: dict(t) for s, t in self.seat_tracks.items()}
            self.card_uses = dict(self.card_uses)
            self.shares_board = False

    @property
    def log_end(self) -> int:
        """The position the next log entry will take."""
        return self.log_start + len(self.log)

    # ---- questions the server and bots ask -------------------------------------------------

    @property
    def seat_ids(self) -> tuple[str, ...]:
        return self.scenario.seat_ids

    def is_over(self) -> bool:
        return self.phase == OVER

    def seats_to_act(self) -> tuple[str, ...]:
        """Seats whose move the game is waiting for before it can advance by itself."""
        if self.phase == ORDERS:
            return tuple(s for s in self.seat_ids if s not in self.orders)
        if self.phase == TALKS:
            return tuple(s for s in self.seat_ids if s not in self.ready)
        return ()

    def playable_cards(self, seat: str) -> tuple[Card, ...]:
        """The cards `seat` could order now, each affordable alone and allowed by its conditions."""
        return tuple(c for c in self.scenario.cards_by_seat.get(seat, ()) if self.card_problem(seat, c) is None)

    def card_problem(self, seat: str, card: Card) -> str | None:
        """Why `seat` cannot play `card` now, or None."""
        if card.uses is not None and self.card_uses.get(f"{seat}:{card.id}", 0) >= card.uses:
            return f"{card.name} has been used up"
        if card.requires is not None and not conditions.compiled(card.requires)(self, seat):
            return f"the conditions for {card.name} do not hold"
        own = self.seat_tracks[seat]
        for track, amount in card.cost.items():
            if own[track] < amount:
                return f"{card.name} costs {amount} {track}; you have {own[track]}"
        return None

    def open_proposals(self) -> list[dict[str, Any]]:
        return [p for p in self.proposals.values() if p["status"] == "open"]


def record_changes(state: State, kind: str, changes: list[dict[str, Any]], **data: Any) -> None:
    """Log what an effect changed: one public entry, and for each delegation whose private
    tracks (political capital) moved, an entry only it may read."""
    public = state.scenario.public_seat_tracks
    hidden: dict[str, list[dict[str, Any]]] = {}
    shown = []
    for change in changes:
        if change.get("seat") is not None and change["track"] not in public:
            hidden.setdefault(change["seat"], []).append(change)
        else:
            shown.append(change)
    entry = record(state, kind, changes=shown, **data)
    for seat, own in hidden.items():
        record(state, "private_changes", to=(seat,), of=entry["n"], changes=own)


def record(state: State, kind: str, to: tuple[str, ...] | None = None, **data: Any) -> dict[str, Any]:
    """Append a log entry. `to` lists the seats that may read it; None means everyone."""
    entry = {"n": state.log_end, "round": state.round, "phase": state.phase, "type": kind, "to": to, **data}
    state.log.append(entry)
    return entry


def forget_log(state: State, before: int) -> State:
    """The same position without the log entries before position `before`; entries keep their `n`.

    The rules read the state, never past entries, so a server may hold only the recent log in
    memory (the whole log is in its store): a long game, or a chatty lobby, then does not grow
    the server without bound. Views and visible_log of the result start at `log_start` at the
    earliest. The engine itself never forgets: replay keeps every entry.
    """
    before = min(max(before, state.log_start), state.log_end)
    if before == state.log_start:
        return state
    new = state.clone()
    new.log = state.log[before - state.log_start:]
    new.log_start = before
    return new
