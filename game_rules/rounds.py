"""The round: event → secret orders → reveal and resolve → talks → end-of-round checks.

Resolution order (documented for players in the rulebook): orders are revealed
together, then resolved step by step in the scenario's `steps` order; within a
step, delegations go in seat order, and each delegation's cards in the order it
listed them. A card whose conditions no longer hold when its turn comes (because
an earlier card changed the crisis) fizzles and costs nothing. The moment the
clash track reaches its top, the crisis becomes an armed clash and resolution stops.
"""
from __future__ import annotations

from typing import Any

from . import conditions, dice, effects
from .scenario.model import Card, Event
from .state import ORDERS, OVER, TALKS, State, record, record_changes


def begin_round(state: State) -> None:
    state.round += 1
    state.phase = ORDERS
    state.orders = {}
    state.ready = frozenset()
    state.stand_ins = frozenset()
    state.own_board()
    for seat in state.seat_ids:
        own = state.seat_tracks[seat]
        for spec in state.scenario.seat_tracks:
            if spec.income:
                own[spec.id] = max(spec.min, min(spec.max, own[spec.id] + spec.income))
    state.round_began = record(state, "round_started", rounds=state.rounds)["n"]
    if state.round > 1 and state.scenario.upkeep:
        roll = dice.roll(state.seed, "upkeep", state.round)
        changes = effects.apply(state.scenario.upkeep, state, state.scenario, None, roll)
        if changes:
            record_changes(state, "upkeep", changes)
            _check_clash(state)
            if state.phase == OVER:
                return
    event = _draw_event(state)
    state.event = event.id if event else None
    if event:
        state.drawn_events += (event.id,)
        reveal_event(state, event, "event_revealed")


def reveal_event(state: State, event: Event, kind: str) -> None:
    roll = dice.roll(state.seed, "event", state.round, event.id)
    state.own_board()
    changes = effects.apply(event.effects, state, state.scenario, None, roll)
    record_changes(state, kind, changes, event=event.id, title=event.title, text=event.text)
    _check_clash(state)


def _draw_event(state: State) -> Event | None:
    events = state.scenario.events
    scheduled = [e for e in events if e.round == state.round]
    if scheduled:
        return scheduled[0]
    pool = [
        e for e in events
        if e.round is None and e.weight > 0 and e.id not in state.drawn_events
        and conditions.holds(e.requires, state)
    ]
    if not pool:
        return None
    return dice.rng(state.seed, "draw", state.round).choices(pool, weights=[e.weight for e in pool])[0]


def close_orders(state: State) -> None:
    """Reveal every delegation's orders and resolve them; then open the talks."""
    scenario = state.scenario
    state.own_board()
    stand_ins: dict[str, Any] = {"stand_ins": sorted(state.stand_ins)} if state.stand_ins else {}
    record(state, "orders_revealed", orders={s: list(state.orders.get(s, ())) for s in state.seat_ids}, **stand_ins)
    by_step: dict[str, list[tuple[str, Card]]] = {step: [] for step in scenario.steps}
    for seat in state.seat_ids:
        for card_id in state.orders.get(seat, ()):
            card = scenario.cards_by_id[card_id]
            by_step[card.step].append((seat, card))
    for step in scenario.steps:
        for seat, card in by_step[step]:
            _resolve_card(state, seat, card)
            if state.phase == OVER:
                return
    state.phase = TALKS
    state.ready = frozenset()
    record(state, "talks_opened")


def _resolve_card(state: State, seat: str, card: Card) -> None:
    # A card a bot ordered for a delegation's absent people says so wherever it is shown.
    stand_in: dict[str, Any] = {"stand_in": True} if seat in state.stand_ins else {}
    problem = state.card_problem(seat, card)
    if problem:
        record(state, "card_fizzled", seat=seat, card=card.id, reason=problem, **stand_in)
        return
    own = state.seat_tracks[seat]
    for track, amount in card.cost.items():
        own[track] -= amount
    key = f"{seat}:{card.id}"
    state.card_uses[key] = state.card_uses.get(key, 0) + 1
    roll = dice.roll(state.seed, "card", state.round, seat, card.id)
    changes = effects.apply(card.effects, state, state.scenario, seat, roll)
    # The cost is on the card for all to read; what the seat has left is its own business.
    record_changes(state, "card_resolved", changes, seat=seat, card=card.id, cost=dict(card.cost), **stand_in)
    _check_clash(state)


def _check_clash(state: State) -> None:
    if state.phase != OVER and state.tracks[state.scenario.clash_track] >= state.scenario.clash_at:
        finish(state, "armed_clash", "the tension ladder reached its top")


def close_talks(state: State) -> None:
    """End-of-round checks: open proposals lapse; then an ending, or the next round."""
    for pid, proposal in list(state.proposals.items()):
        if proposal["status"] == "open":
            state.proposals[pid] = {**proposal, "status": "lapsed"}
    record(state, "talks_closed")
    settled = any(state.scenario.clauses_by_id[c].settles for c in state.bound_clauses)
    if settled:
        finish(state, "agreement", "a binding agreement settles the crisis")
    elif state.round >= state.rounds:
        if state.scenario.calm is not None and conditions.holds(state.scenario.calm, state):
            finish(state, "de_escalated", "the rounds ran out on a calm crisis, without an agreement")
        else:
            finish(state, "deadlock", "the rounds ran out without an agreement")
    else:
        begin_round(state)


def finish(state: State, outcome: str, reason: str) -> None:
    state.outcome = outcome
    state.termination = reason
    state.phase = OVER
    from .scoring import scores  # scoring reads the finished board

    record(state, "game_over", outcome=outcome, reason=reason, scores=scores(state))
