"""The one way a game changes: apply_action(state, action) → Accepted or Rejected.

Checks, in this order, each answered by a typed Rejection that changes nothing:
  1. unknown_action   the kind is not one of actions.KINDS
  2. game_over        the game has ended
  3. bad_params       the parameters have the wrong shape
  4. wrong_phase      the kind is not played in the current phase
  5. not_allowed      the actor may not ask this (a facilitator command from a seat, a seat
                      that is not in this game, a channel or proposal the seat is not party to)
  6. illegal_action   the rule's own conditions and costs (a card not affordable, a clause
                      already agreed, a proposal closed)
"""
from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from typing import Any, Literal, NamedTuple

from . import orders, rounds, talks
from .actions import FACILITATOR, KINDS, SYSTEM, Action
from .errors import BAD_PARAMS, GAME_OVER, ILLEGAL, NOT_ALLOWED, UNKNOWN_ACTION, WRONG_PHASE, Rejection
from .scenario.model import Scenario
from .state import ORDERS, TALKS, Setup, State, record

# Small immutable values, made at every action: named tuples cost a third of frozen dataclasses.

class Accepted(NamedTuple):
    state: State
    events: list[dict[str, Any]]
    ok: Literal[True] = True  # literal, so that checking `ok` tells a type checker which it is


class Rejected(NamedTuple):
    error: Rejection
    ok: Literal[False] = False


def new_game(scenario: Scenario, seed: int, setup: Setup | None = None) -> State:
    """The position before the facilitator starts the game."""
    setup = setup or Setup()
    state = State(
        scenario=scenario, seed=seed, setup=setup, rounds=setup.rounds or scenario.rounds,
        tracks={t.id: t.start for t in scenario.tracks},
        seat_tracks={s.id: {t.id: s.start.get(t.id, t.start) for t in scenario.seat_tracks} for s in scenario.seats},
    )
    record(state, "game_opened", scenario=scenario.id, rounds=state.rounds)
    return state


def apply_action(state: State, action: Action) -> Accepted | Rejected:
    kind = KINDS.get(action.kind)
    if kind is None:
        return Rejected(Rejection(UNKNOWN_ACTION, f"there is no action {action.kind!r}", {"kind": sorted(KINDS)}))
    if state.is_over():
        return Rejected(Rejection(GAME_OVER, "the game is over"))
    if not isinstance(action.params, dict):
        return Rejected(Rejection(BAD_PARAMS, "parameters must be a mapping"))
    problem = kind.check(action.params)
    if problem:
        return Rejected(Rejection(BAD_PARAMS, f"{action.kind}: {problem}", {"params": problem}))
    if state.phase not in kind.phases:
        return Rejected(Rejection(WRONG_PHASE, f"{action.kind} is not possible in the {state.phase} phase",
                                  {"phase": state.phase, "allowed": list(kind.phases)}))
    if not _may_ask(kind.actors, action):
        return Rejected(Rejection(NOT_ALLOWED, f"{action.actor!r} may not {action.kind} in this game"))
    new = state.clone()
    before = len(new.log)
    refusal = _HANDLERS[action.kind](new, action)
    if refusal:
        return Rejected(refusal)
    if action.stand_in:
        _mark_stand_in(new, action.actor, before)
    if action.kind == "submit_orders" and (action.stand_in or action.actor in new.stand_ins):
        # Whose orders this round a bot made, for the reveal; people who order after all take over.
        new.stand_ins = new.stand_ins | {action.actor} if action.stand_in else new.stand_ins - {action.actor}
    new.moves_made += 1
    _advance(new)
    return Accepted(new, new.log[before:])


def _may_ask(actors: str, action: Action) -> bool:
    if actors == "facilitator":
        return action.actor == FACILITATOR or (action.actor == SYSTEM and action.kind == "close_phase")
    return actors == "seat" and action.actor not in (FACILITATOR, SYSTEM)


def _mark_stand_in(state: State, seat: str, since: int) -> None:
    """Mark what a bot standing in for `seat`'s absent people just did: the log entries from
    list index `since` that are the seat's own (replaced, never edited: a log entry may be
    shared with the state this one was cloned from)."""
    for i in range(since, len(state.log)):
        entry = state.log[i]
        if entry.get("seat") == seat or entry.get("by") == seat:
            state.log[i] = {**entry, "stand_in": True}


def _advance(state: State) -> None:
    """Close a phase by itself once every delegation has done what it waits for."""
    done: Collection[str]
    if state.phase == ORDERS:
        done = state.orders
    elif state.phase == TALKS:
        done = state.ready
    else:
        return
    # seats_to_act() is empty, without building it (and without looking while too few have acted)
    if len(done) >= len(state.seat_ids) and all(seat in done for seat in state.seat_ids):
        _close(state)


def _close(state: State) -> None:
    if state.phase == ORDERS:
        rounds.close_orders(state)
    elif state.phase == TALKS:
        rounds.close_talks(state)


SeatHandler = Callable[[State, str, dict[str, Any], str | None], Rejection | None]


def _seat_action(handler: SeatHandler) -> Callable[[State, Action], Rejection | None]:
    def run(state: State, action: Action) -> Rejection | None:
        if action.actor not in state.scenario.seats_by_id:
            return Rejection(NOT_ALLOWED, f"{action.actor!r} is not a delegation of this game")
        return handler(state, action.actor, action.params, action.author)
    return run


def _start(state: State, action: Action) -> None:
    record(state, "game_started")
    rounds.begin_round(state)


def _close_phase(state: State, action: Action) -> None:
    record(state, "phase_closed", by=action.actor, phase=state.phase)
    _close(state)


def _inject(state: State, action: Action) -> Rejection | None:
    event = state.scenario.events_by_id.get(action.params["event"])
    if event is None:
        return Rejection(ILLEGAL, f"there is no event {action.params['event']!r}", {"event": action.params["event"]})
    rounds.reveal_event(state, event, "event_injected")
    return None


def _announce(state: State, action: Action) -> None:
    record(state, "announcement", text=action.params["text"])


def _end(state: State, action: Action) -> None:
    rounds.finish(state, "deadlock", "the facilitator ended the game")


_HANDLERS = {
    "start": _start,
    "submit_orders": _seat_action(orders.submit_orders),
    "propose": _seat_action(talks.propose),
    "respond": _seat_action(talks.respond),
    "amend": _seat_action(talks.amend),
    "sign": _seat_action(talks.sign),
    "statement": _seat_action(talks.statement),
    "message": _seat_action(talks.message),
    "ready": _seat_action(talks.ready),
    "close_phase": _close_phase,
    "inject_event": _inject,
    "announce": _announce,
    "end_game": _end,
}


def replay(scenario: Scenario, seed: int, setup: Setup | None, actions: Iterable[Action]) -> State:
    """Rebuild a game from its seed, set-up and accepted actions; a refused one means a corrupt log."""
    state = new_game(scenario, seed, setup)
    for i, action in enumerate(actions):
        result = apply_action(state, action)
        if not result.ok:
            raise ValueError(f"action {i} ({action.kind} by {action.actor}) is refused on replay: "
                             f"{result.error.message}")
        state = result.state
    return state
