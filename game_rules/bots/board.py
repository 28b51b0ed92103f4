"""A bot's picture of the crisis, built from its own view and the public rules only.

Other delegations' private tracks are unknown to a bot, so they read as 0.
"""
from __future__ import annotations

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
    def from_view(cls, view: dict[str, Any], seat_track_ids) -> "Board":
        unknown = dict.fromkeys(seat_track_ids, 0)
        seats = {seat: {**unknown, **info["tracks"]} for seat, info in view["seats"].items()}
        if "you" in view:
            seats[view["you"]["seat"]] = {**unknown, **view["you"]["tracks"]}
        return cls(dict(view["tracks"]), seats, view["round"], frozenset(view["bound_clauses"]))

    def copy(self) -> "Board":
        return Board(dict(self.tracks), {s: dict(t) for s, t in self.seat_tracks.items()},
                     self.round, self.bound_clauses, self.outcome)


@dataclass
class Catalogue:
    """The public rules in the shape the effect and condition vocabulary reads."""

    rules: dict[str, Any]
    tracks_by_id: dict[str, Any] = field(init=False)
    seat_tracks_by_id: dict[str, Any] = field(init=False)
    seat_ids: tuple[str, ...] = field(init=False)
    public_seat_tracks: tuple[str, ...] = field(init=False)
    clash_track: str = field(init=False)
    cards: dict[str, dict[str, Any]] = field(init=False)
    clauses: dict[str, dict[str, Any]] = field(init=False)

    def __post_init__(self) -> None:
        r = self.rules
        self.tracks_by_id = {t["id"]: SimpleNamespace(**t) for t in r["tracks"]}
        self.seat_tracks_by_id = {t["id"]: SimpleNamespace(**t) for t in r["seat_tracks"]}
        self.seat_ids = tuple(s["id"] for s in r["seats"])
        self.public_seat_tracks = tuple(t["id"] for t in r["seat_tracks"] if t["public"])
        self.clash_track = r["clash_track"]
        self.cards = {c["id"]: c for c in r["cards"]}
        self.clauses = {c["id"]: c for c in r["clauses"]}
