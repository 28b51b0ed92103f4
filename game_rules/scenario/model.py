"""A loaded scenario: frozen values, looked up by id. Built only by the loader."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .words import Words


@dataclass(frozen=True)
class Track:
    """A shared track: a number with a range, or a status with named values."""

    id: str
    name: str
    group: str
    start: Any
    min: int = 0
    max: int = 0
    values: tuple[str, ...] = ()
    labels: dict[str, str] = field(default_factory=dict)
    description: str = ""


@dataclass(frozen=True)
class SeatTrack:
    """A per-delegation number: political capital, domestic support, credibility."""

    id: str
    name: str
    min: int
    max: int
    start: int
    income: int = 0
    public: bool = True
    score_weight: float = 0.0


@dataclass(frozen=True)
class Objective:
    id: str
    text: str
    points: int
    condition: dict[str, Any]


@dataclass(frozen=True)
class Seat:
    id: str
    name: str
    profile: str
    briefing: str
    objectives: tuple[Objective, ...]
    default_temperament: str
    start: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Card:
    id: str
    name: str
    seats: tuple[str, ...]
    step: str
    flavour: str
    effects: tuple[dict[str, Any], ...]
    cost: dict[str, int] = field(default_factory=dict)
    requires: dict[str, Any] | None = None
    uses: int | None = None
    source: str = ""


@dataclass(frozen=True)
class Event:
    id: str
    title: str
    text: str
    effects: tuple[dict[str, Any], ...]
    round: int | None = None
    weight: int = 1
    requires: dict[str, Any] | None = None
    source: str = ""


@dataclass(frozen=True)
class Clause:
    id: str
    title: str
    text: str
    parties: tuple[str, ...]
    effects: tuple[dict[str, Any], ...]
    settles: bool = False
    requires: dict[str, Any] | None = None
    source: str = ""


@dataclass(frozen=True)
class Historical:
    """What really happened, shown beside the table's outcome in the debrief."""

    date: str
    summary: str
    clauses: tuple[str, ...]
    moves: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    summary: str
    rounds: int
    orders_per_round: int
    clash_track: str
    steps: tuple[str, ...]
    tracks: tuple[Track, ...]
    seat_tracks: tuple[SeatTrack, ...]
    seats: tuple[Seat, ...]
    cards: tuple[Card, ...]
    events: tuple[Event, ...]
    clauses: tuple[Clause, ...]
    objective_reward: float = 1.0
    historical: Historical | None = None
    calm: dict[str, Any] | None = None
    upkeep: tuple[dict[str, Any], ...] = ()
    guide: Any = field(default=None, compare=False, repr=False)  # scenario.guide.Guide, or None
    words: Words = field(default_factory=Words, compare=False, repr=False)  # what its bots say (words.yaml)
    tracks_by_id: dict[str, Track] = field(default_factory=dict, compare=False, repr=False)
    seat_tracks_by_id: dict[str, SeatTrack] = field(default_factory=dict, compare=False, repr=False)
    seats_by_id: dict[str, Seat] = field(default_factory=dict, compare=False, repr=False)
    cards_by_id: dict[str, Card] = field(default_factory=dict, compare=False, repr=False)
    events_by_id: dict[str, Event] = field(default_factory=dict, compare=False, repr=False)
    clauses_by_id: dict[str, Clause] = field(default_factory=dict, compare=False, repr=False)
    cards_by_seat: dict[str, tuple[Card, ...]] = field(default_factory=dict, compare=False, repr=False)
    _seat_ids: tuple[str, ...] = field(default=(), init=False, compare=False, repr=False)
    _public_seat_tracks: tuple[str, ...] = field(default=(), init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        index = object.__setattr__
        index(self, "_seat_ids", tuple(s.id for s in self.seats))
        index(self, "_public_seat_tracks", tuple(t.id for t in self.seat_tracks if t.public))
        index(self, "tracks_by_id", {t.id: t for t in self.tracks})
        index(self, "seat_tracks_by_id", {t.id: t for t in self.seat_tracks})
        index(self, "seats_by_id", {s.id: s for s in self.seats})
        index(self, "cards_by_id", {c.id: c for c in self.cards})
        index(self, "events_by_id", {e.id: e for e in self.events})
        index(self, "clauses_by_id", {c.id: c for c in self.clauses})
        index(self, "cards_by_seat", {s.id: tuple(c for c in self.cards if s.id in c.seats) for s in self.seats})

    @property
    def seat_ids(self) -> tuple[str, ...]:
        return self._seat_ids

    @property
    def public_seat_tracks(self) -> tuple[str, ...]:
        """The ids of the seat tracks every delegation may see of every other."""
        return self._public_seat_tracks

    @property
    def clash_at(self) -> int:
        return self.tracks_by_id[self.clash_track].max
