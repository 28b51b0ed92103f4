"""Scripted delegations. A bot seat acts through apply_action like a person, deciding from view(state, seat) alone.

    >>> from game_rules import load_scenario, new_game
    >>> from game_rules.bots import bot_actions
"""
from __future__ import annotations

import random
from typing import Any

from ..actions import Action
from ..dice import rng
from ..observation import can_see, public_rules, view
from ..scenario.model import Scenario
from ..state import ORDERS, TALKS, State
from ..temperaments import TEMPERAMENTS
from .board import Board, Catalogue
from .player import Bot
from .words import owed, seat_terms

_catalogues: dict[int, tuple[Scenario, Catalogue]] = {}


def catalogue_for(scenario: Scenario) -> Catalogue:
    """The public rules of a scenario, built once per loaded scenario."""
    cached = _catalogues.get(id(scenario))
    if cached is None or cached[0] is not scenario:
        cached = (scenario, Catalogue(public_rules(scenario), scenario.words))
        _catalogues[id(scenario)] = cached
    return cached[1]


class Memory:
    """What the bot of one seat keeps from one decision to the next in one game, all of it its
    own: its dice, drawn from all game (seeding a generator costs more than most decisions draw
    from it); its objectives as its first view showed them (they never change, so its later
    views leave them out); and its picture of the crisis, made over from each view that needs
    it rather than built anew. A caller that asks for many decisions (a bot tournament) keeps
    one Memory per seat and game."""

    def __init__(self, state: State, seat: str):
        self.dice = rng(state.seed, "bot", seat)
        self.objectives: list[dict[str, Any]] | None = None
        self.board: Board | None = None

    def view(self, state: State, seat: str, unread: tuple[str, ...]) -> dict[str, Any]:
        """The seat's view without the `unread` parts, nor its objectives once they are known."""
        if self.objectives is not None:
            return view(state, seat, without=(*unread, "objectives"))
        seat_view = view(state, seat, without=unread)
        self.objectives = seat_view["you"]["objectives"]
        self.board = Board.from_view(seat_view, catalogue_for(state.scenario).seat_tracks_by_id)
        return seat_view


def bot_actions(state: State, seat: str, temperament: str | None = None,
                memory: Memory | None = None) -> list[Action]:
    """The actions the bot in `seat` wants to take now, in order; [] when it waits.

    Apply them one at a time; after any change to the game, ask again. With a `memory` (kept by
    the caller for this seat and game), the bot draws its chances from it; without one, each
    decision has dice of its own, named by the position it is made in.
    """
    if state.phase not in (ORDERS, TALKS):
        return []
    answers = _owes_answers(state, seat)
    if not answers and _nothing_to_do(state, seat):
        return []
    temperament = temperament or state.scenario.seats_by_id[seat].default_temperament
    unread = () if answers else _unread(state, seat)  # answering people reads the round log
    if memory is None:
        seat_view = view(state, seat, without=unread)
        dice = rng(state.seed, "bot", seat, state.round, state.phase, state.moves_made)
    else:
        seat_view, dice = memory.view(state, seat, unread), memory.dice

    def words_dice() -> random.Random:
        # Words have dice of their own, named by the position, so that what a bot says never
        # shifts the draws of what it does.
        return rng(state.seed, "words", seat, state.round, state.phase, state.moves_made)

    bot = Bot(seat_view, catalogue_for(state.scenario), temperament, dice, memory.objectives if memory else None,
              memory.board if memory else None, words_dice)
    acts = bot.replies() if answers else []
    if state.phase == ORDERS:
        return acts + ([bot.orders()] if seat not in state.orders else [])
    return acts + bot.talks()


def _owes_answers(state: State, seat: str) -> bool:
    """Whether a person has written to `seat` this round (in their bilateral channel, or naming it
    in the plenary) and its bot has not answered yet. Read from the seat's own visible log."""
    log = state.log[max(0, state.round_began - state.log_start):]
    if not any(e["type"] == "message" and e.get("author") is not None for e in log):
        return False  # the usual case in a bot game: no person has written at all
    terms = seat_terms(state.scenario.words, [(s.id, s.name) for s in state.scenario.seats])
    return bool(owed([e for e in log if can_see(e, seat)], seat, state.phase, terms))


def _unread(state: State, seat: str) -> tuple[str, ...]:
    """The parts of its view a bot will not read now. Choosing orders reads neither the proposals
    nor the round log; a bot that has said it is ready only answers proposals (the round log tells
    it whether it has already tabled one or spoken, which matters only before it is ready)."""
    if state.phase == ORDERS:
        return ("proposals", "log")
    return ("log",) if seat in state.ready else ()


def _nothing_to_do(state: State, seat: str) -> bool:
    """Spare a waiting bot the thinking: it has ordered, or it is done talking and owes no answer.
    Read from public facts only (who ordered, who is ready, the proposals on the table)."""
    if state.phase == ORDERS:
        return seat in state.orders
    return seat in state.ready and all(
        seat in p["responses"] or p["by"] == seat for p in state.open_proposals())


__all__ = ["TEMPERAMENTS", "Memory", "bot_actions", "catalogue_for"]
