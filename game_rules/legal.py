"""Enumerate a seat's legal actions: for random play, conformance tests and simple bots.

Orders are listed as every affordable combination of up to `orders_per_round`
playable cards (and the empty order); proposals as each single clause not yet agreed.
Free text (statements, messages) is left to the caller.
"""
from __future__ import annotations

from itertools import combinations

from . import conditions
from .actions import Action
from .state import ORDERS, TALKS, State


def legal_actions(state: State, seat: str) -> list[Action]:
    if state.phase == ORDERS:
        return [Action("submit_orders", seat, {"cards": list(c)}) for c in _order_sets(state, seat)]
    if state.phase != TALKS:
        return []
    found: list[Action] = []
    for clause in state.scenario.clauses:
        if clause.id not in state.bound_clauses and conditions.holds(clause.requires, state):
            found.append(Action("propose", seat, {"clauses": [clause.id]}))
    for p in state.open_proposals():
        if seat in p["signatures"]:
            continue
        found.append(Action("respond", seat, {"proposal": p["id"], "answer": "accept"}))
        found.append(Action("respond", seat, {"proposal": p["id"], "answer": "reject"}))
        if seat in p["parties"] and not any(c in state.bound_clauses for c in p["clauses"]):
            found.append(Action("sign", seat, {"proposal": p["id"]}))
    if seat not in state.ready:
        found.append(Action("ready", seat, {}))
    return found


def _order_sets(state: State, seat: str) -> list[tuple[str, ...]]:
    cards = state.playable_cards(seat)
    own = state.seat_tracks[seat]
    sets: list[tuple[str, ...]] = [()]
    for size in range(1, state.scenario.orders_per_round + 1):
        for combo in combinations(cards, size):
            cost: dict[str, int] = {}
            for card in combo:
                for track, amount in card.cost.items():
                    cost[track] = cost.get(track, 0) + amount
            if all(own[t] >= a for t, a in cost.items()):
                sets.append(tuple(c.id for c in combo))
    return sets
