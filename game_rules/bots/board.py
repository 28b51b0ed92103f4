"""A bot's picture of the crisis, built from its own view and the public rules only.

Other delegations' private tracks are unknown to a bot, so they read as 0.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any


@dataclass
class Board:
    tracks: dict[str, Any]
    seat_tracks: dict[str, dict[str, int]]
    round: int
    bound_clauses: frozenset[str]
    outcome: str | None = None

    @classmethod
    def from_view(cls, view: dict[str, Any]) -> "Board":
        seats: dict[str, dict[str, int]] = {}
        for seat, info in view["seats"].items():
            seats[seat] = defaultdict(int, info["tracks"])
        if "you" in view:
            seats[view["you"]["seat"]] = defaultdict(int, view["you"]["tracks"])
        return cls(dict(view["tracks"]), seats, view["round"], frozenset(view["bound_clauses"]))

    def copy(self) -> "Board":
        return Board(dict(self.tracks), {s: defaultdict(int, t) for s, t in self.seat_tracks.items()},
                     self.round, self.bound_clauses, self.outcome)


@dataclass
class Catalogue:
    """The public rules in the shape the effect and condition vocabulary reads."""

    rules: dict[str, Any]
    tracks_by_id: dict[str, Any] = field(init=False)
    seat_tracks_by_id: dict[str, Any] = field(init=False)
    seat_ids: tuple[str, ...] = field(init=False)
    clash_track: str = field(init=False)
    cards: dict[str, dict[str, Any]] = field(init=False)
    clauses: dict[str, dict[str, Any]] = field(init=False)

    def __post_init__(self) -> None:
        r = self.rules
        self.tracks_by_id = {t["id"]: SimpleNamespace(**t) for t in r["tracks"]}
        self.seat_tracks_by_id = {t["id"]: SimpleNamespace(**t) for t in r["seat_tracks"]}
        self.seat_ids = tuple(s["id"] for s in r["seats"])
        self.clash_track = r["clash_track"]
        self.cards = {c["id"]: c for c in r["cards"]}
        self.clauses = {c["id"]: c for c in r["clauses"]}
