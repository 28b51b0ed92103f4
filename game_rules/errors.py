"""Typed refusals. The engine never raises for a bad move: it returns one of these."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Stable codes, in the order apply_action checks them.
GAME_OVER = "game_over"
UNKNOWN_ACTION = "unknown_action"
BAD_PARAMS = "bad_params"
WRONG_PHASE = "wrong_phase"
NOT_YOUR_TURN = "not_your_turn"
NOT_ALLOWED = "not_allowed"
ILLEGAL = "illegal_action"


@dataclass(frozen=True)
class Rejection:
    """Why an action was refused; the state it was applied to is unchanged."""

    code: str
    message: str
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "details": dict(self.details)}


class ScenarioError(Exception):
    """A scenario folder failed validation; `problems` lists (file, location, message)."""

    def __init__(self, problems: list[tuple[str, str, str]]):
        self.problems = problems
        lines = [f"{f}: {loc}: {msg}" for f, loc, msg in problems]
        super().__init__("invalid scenario:\n" + "\n".join(lines))
