"""A delegation's aims, compiled once: when its objectives hold and what they are worth to it.

A bot pictures dozens of boards for each decision and values every one. Its objectives and its
temperament do not change during a game, so what follows from them alone (each objective as a
compiled test, which objectives a change to a given part of a board can turn, what each set of
objectives met is worth) is worked out once per seat and shared by all its decisions.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import conditions
from ..temperaments import Temperament
from .board import Catalogue

Test = Callable[[Any, str], bool]
ALL = frozenset({"*"})  # stands for every part of a board


class Aims:
    def __init__(self, objectives: list[dict[str, Any]], temper: Temperament):
        self.objectives = objectives  # as the view showed them; a bot with a Memory passes the same list every time
        self.source = [(o["points"], o["condition"]) for o in objectives]
        self.points = tuple(temper.objectives * o["points"] for o in objectives)
        self._tests = tuple(conditions.compiled(o["condition"]) for o in objectives)
        self._reads = tuple(conditions.reads(o["condition"]) for o in objectives)
        self._retests: dict[frozenset[str], tuple[tuple[int, Test], ...]] = {}
        self._worth: dict[int, float] = {}

    def tests_after(self, parts: frozenset[str]) -> tuple[tuple[int, Test], ...]:
        """(bit, test) of each objective whose truth a change to these parts of a board
        (named as conditions.reads names them) may turn."""
        tests = self._retests.get(parts)
        if tests is None:
            tests = self._retests[parts] = tuple(
                (1 << i, test) for i, (test, reads) in enumerate(zip(self._tests, self._reads, strict=True))
                if parts is ALL or not reads.isdisjoint(parts))
        return tests

    def worth(self, met: int) -> float:
        """The weighted points of the objectives met (bit i: objective i)."""
        total = self._worth.get(met)
        if total is None:
            total = self._worth[met] = sum(points for i, points in enumerate(self.points) if met >> i & 1)
        return total


def aims_for(catalogue: Catalogue, seat: str, temper: Temperament, objectives: list[dict[str, Any]]) -> Aims:
    """The compiled aims of `seat`, made on its first decision. A seat's objectives are the
    same all game, but they come from its view, so they are checked against the cached ones
    (unless they are the very list the cached ones were made from: see bots.Memory)."""
    aims = catalogue.aims.get((seat, temper.name))
    if aims is None or (aims.objectives is not objectives
                        and aims.source != [(o["points"], o["condition"]) for o in objectives]):
        aims = catalogue.aims[(seat, temper.name)] = Aims(objectives, temper)
    return aims
