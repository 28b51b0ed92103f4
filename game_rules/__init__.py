"""Crisis Table's rules engine: pure, deterministic, scenario-agnostic.

    >>> from game_rules import load_scenario, new_game, apply_action, Action, view
    >>> game = new_game(load_scenario("lighthouse"), seed=7)
    >>> result = apply_action(game, Action("start", "facilitator"))
    >>> result.ok, result.state.phase
    (True, 'orders')
"""
from .actions import FACILITATOR, KINDS, SYSTEM, Action
from .engine import Accepted, Rejected, apply_action, new_game, replay
from .errors import Rejection, ScenarioError
from .legal import legal_actions
from .observation import (
    SPECTATOR,
    merge_views,
    private_view,
    public_rules,
    public_view,
    same_private_views,
    same_secrets,
    view,
    visible_log,
)
from .scenario import builtin_ids, load_scenario
from .scoring import scores
from .state import Setup, State, forget_log

__all__ = [
    "FACILITATOR", "KINDS", "SPECTATOR", "SYSTEM", "Accepted", "Action", "Rejected", "Rejection",
    "ScenarioError", "Setup", "State", "apply_action", "builtin_ids", "forget_log", "legal_actions", "load_scenario",
    "merge_views", "new_game", "private_view", "public_rules", "public_view", "replay", "same_private_views",
    "same_secrets", "scores", "view", "visible_log",
]
