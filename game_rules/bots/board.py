"""A bot's picture of the crisis, built from its own view and the public rules only.

Other delegations' private tracks are unknown to a bot, so they read as 0.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from .. import effects
from ..scenario.words import Words


@dataclass
class Board:
    tracks: dict[str, Any]
    seat_tracks: dict[str, dict[str, int]]
    round: int
    bound_clauses: frozenset[str]
    outcome: str | None = None

    @classmethod
    def from_view(cls, view: dict[str, Any], seat_track_ids: Iterable[str]) -> Board:
        unknown = dict.fromkeys(seat_track_ids, 0)
        seats = {seat: {**unknown, **info["tracks"]} for seat, info in view["seats"].items()}
        if "you" in view:
            seats[view["you"]["seat"]] = {**unknown, **view["you"]["tracks"]}
        return cls(dict(view["tracks"]), seats, view["round"], frozenset(view["bound_clauses"]))

    def refresh(self, view: dict[str, Any]) -> Board:
        """This board made, in place, the picture `view` shows (as from_view makes it from nothing),
        when it was made by from_view from an earlier view of the same seat: a bot that keeps its
        board from one decision to the next spares making a new one each time. Other delegations'
        private tracks are left as they are: 0, unknown, as every picture leaves them."""
        self.tracks.update(view["tracks"])
        seats = self.seat_tracks
        for seat, info in view["seats"].items():
            seats[seat].update(info["tracks"])
        if "you" in view:
            seats[view["you"]["seat"]].update(view["you"]["tracks"])
        self.round, self.bound_clauses, self.outcome = view["round"], frozenset(view["bound_clauses"]), None
        return self

    # A bot pictures thousands of futures a game. Rather than copy the board for each, it applies
    # effects in place and takes them back from the change records the effects return.

    def undo(self, changes: list[effects.Change]) -> None:
        """Take back `changes`, the records of compiled effects just applied to this board."""
        for seat, track, before, _ in reversed(changes):
            if track is not None:
                (self.tracks if seat is None else self.seat_tracks[seat])[track] = before

    def redo(self, changes: list[effects.Change]) -> None:
        """Make `changes` again (recorded on this board as it is now), drawing no new chance."""
        for seat, track, _, after in changes:
            if track is not None:
                (self.tracks if seat is None else self.seat_tracks[seat])[track] = after


@dataclass
class Catalogue:
    """The public rules in the shape the effect and condition vocabulary reads."""

    rules: dict[str, Any]
    words: Words = field(default_factory=Words)  # the scenario's templates for what its bots say
    tracks_by_id: dict[str, Any] = field(init=False)
    seat_tracks_by_id: dict[str, Any] = field(init=False)
    seat_ids: tuple[str, ...] = field(init=False)
    public_seat_tracks: tuple[str, ...] = field(init=False)
    clash_track: str = field(init=False)
    cards: dict[str, dict[str, Any]] = field(init=False)
    clauses: dict[str, dict[str, Any]] = field(init=False)
    # Effects compiled once, and the parts of a board each card or clause may change.
    card_effects: dict[str, effects.Run] = field(init=False)
    clause_effects: dict[str, effects.Run] = field(init=False)
    card_writes: dict[str, frozenset[str]] = field(init=False)
    clause_writes: dict[str, frozenset[str]] = field(init=False)
    card_costs: dict[str, tuple[tuple[str, int], ...]] = field(init=False)
    settling: frozenset[str] = field(init=False)
    _parts_bound: dict[tuple[str, ...], frozenset[str]] = field(init=False, default_factory=dict)
    # Each seat's compiled aims (bots/aims.py), made on its first decision.
    aims: dict[tuple[str, str], Any] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        r = self.rules
        self.tracks_by_id = {t["id"]: SimpleNamespace(**t) for t in r["tracks"]}
        self.seat_tracks_by_id = {t["id"]: SimpleNamespace(**t) for t in r["seat_tracks"]}
        self.seat_ids = tuple(s["id"] for s in r["seats"])
        self.public_seat_tracks = tuple(t["id"] for t in r["seat_tracks"] if t["public"])
        self.clash_track = r["clash_track"]
        self.cards = {c["id"]: c for c in r["cards"]}
        self.clauses = {c["id"]: c for c in r["clauses"]}
        self.card_effects = {c["id"]: effects.compiled(c["effects"], self) for c in r["cards"]}
        self.clause_effects = {c["id"]: effects.compiled(c["effects"], self) for c in r["clauses"]}
        self.card_writes = {c["id"]: effects.writes(c["effects"]) for c in r["cards"]}
        self.clause_writes = {c["id"]: effects.writes(c["effects"]) for c in r["clauses"]}
        self.card_costs = {c["id"]: tuple(c["cost"].items()) for c in r["cards"]}
        self.settling = frozenset(c["id"] for c in r["clauses"] if c["settles"])

    def parts_bound_by(self, clause_ids: tuple[str, ...]) -> frozenset[str]:
        """The parts of a board that binding these clauses may change (conditions.reads names):
        their effects', and which clauses are bound. The same set object for the same clauses,
        so that lookups keyed by it are quick."""
        parts = self._parts_bound.get(clause_ids)
        if parts is None:
            parts = self._parts_bound[clause_ids] = frozenset({"bound_clauses"}).union(
                *(self.clause_writes[c] for c in clause_ids))
        return parts
