"""Secret orders: each delegation picks up to `orders_per_round` cards it can afford, revisable until the reveal."""
from __future__ import annotations

from typing import Any

from .errors import ILLEGAL, Rejection
from .state import State, record


def submit_orders(state: State, seat: str, params: dict[str, Any], author: str | None = None) -> Rejection | None:
    scenario = state.scenario
    card_ids = params["cards"]
    if len(card_ids) > scenario.orders_per_round:
        return Rejection(ILLEGAL, f"at most {scenario.orders_per_round} orders a round", {"cards": card_ids})
    budget: dict[str, int] = {}
    for cid in card_ids:
        card = scenario.cards_by_id.get(cid)
        if card is None or seat not in card.seats:
            return Rejection(ILLEGAL, f"your delegation has no card {cid!r}", {"cards": cid})
        problem = state.card_problem(seat, card)
        if problem:
            return Rejection(ILLEGAL, problem, {"cards": cid})
        for track, amount in card.cost.items():
            budget[track] = budget.get(track, 0) + amount
    own = state.seat_tracks[seat]
    for track, amount in budget.items():
        if own[track] < amount:
            return Rejection(ILLEGAL, f"these orders cost {amount} {track}; you have {own[track]}", {"cards": card_ids})
    revised = seat in state.orders
    state.orders[seat] = tuple(card_ids)
    # Everyone learns that the seat has ordered; only the seat learns what.
    record(state, "orders_submitted", seat=seat, revised=revised, author=author)
    record(state, "orders_noted", to=(seat,), seat=seat, cards=list(card_ids))
    return None
