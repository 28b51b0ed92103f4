"""Bots decide from their own seat's view, and what they keep to decide faster changes no decision."""
import random

import pytest

from game_rules import apply_action, builtin_ids, load_scenario, new_game, view
from game_rules.bots import Memory, bot_actions, catalogue_for
from game_rules.bots.board import Board, Catalogue
from game_rules.bots.player import Bot
from game_rules.dice import rng
from game_rules.observation import public_rules
from game_rules.simulate import play_bot_game

from .helpers import random_action, started


def _positions(scenario, games=6, seed=3):
    """Positions of random games in the orders and talks phases, with every seat."""
    rnd = random.Random(seed)
    found = []
    for game in range(games):
        state = started(scenario, seed=game)
        while not state.is_over() and len(found) < 60 * (game + 1):
            if state.phase in ("orders", "talks"):
                found.extend((state, seat) for seat in state.seat_ids)
            result = apply_action(state, random_action(state, rnd))
            state = result.state if result.ok else state
    return found


@pytest.mark.parametrize("scenario_id", builtin_ids())
def test_the_view_a_bot_orders_from_is_the_seats_view_without_proposals_and_log(scenario_id):
    for state, seat in _positions(load_scenario(scenario_id)):
        full = view(state, seat)
        assert view(state, seat, without=("proposals", "log")) == {
            k: v for k, v in full.items() if k not in ("proposals", "log")}
        assert list(view(state, seat, without=())) == list(full)  # same parts, same order


def test_a_view_without_the_objectives_is_the_seats_view_less_its_objectives():
    for state, seat in _positions(load_scenario("plates-2021")):
        full = view(state, seat)
        less = view(state, seat, without=("objectives",))
        assert less["you"] == {k: v for k, v in full["you"].items() if k != "objectives"}
        assert {k: v for k, v in less.items() if k != "you"} == {k: v for k, v in full.items() if k != "you"}


@pytest.mark.parametrize("scenario_id", builtin_ids())
def test_picturing_futures_leaves_the_bots_board_as_its_view_shows_it(scenario_id):
    scenario = load_scenario(scenario_id)
    catalogue = catalogue_for(scenario)
    for state, seat in _positions(scenario, games=3):
        seat_view = view(state, seat)
        bot = Bot(seat_view, catalogue, "pragmatist", rng(state.seed, "test", seat, state.moves_made))
        bot.orders() if state.phase == "orders" else bot.talks()
        assert bot.board == Board.from_view(seat_view, catalogue.seat_tracks_by_id)


def test_a_cold_catalogue_decides_as_a_warm_one():
    """Bots keep each seat's compiled aims in the scenario's catalogue: a fresh one must not
    decide differently."""
    scenario = load_scenario("plates-2021")
    warm = catalogue_for(scenario)
    for state, seat in _positions(scenario, games=3):
        temperament = scenario.seats_by_id[seat].default_temperament
        seat_view = view(state, seat)
        decide = (lambda bot: [bot.orders()]) if state.phase == "orders" else (lambda bot: bot.talks())
        cold = Catalogue(public_rules(scenario))
        key = (state.seed, "bot", seat, state.round, state.phase, state.moves_made)
        assert decide(Bot(seat_view, warm, temperament, rng(*key))) == decide(Bot(seat_view, cold, temperament, rng(*key)))


def test_same_seed_same_bot_game():
    scenario = load_scenario("plates-2021")
    first, second = [], []
    play_bot_game(scenario, 42, accepted=first)
    play_bot_game(scenario, 42, accepted=second)
    assert first == second and len(first) > 50


def test_a_ready_bot_answers_as_it_would_with_the_round_log():
    """bot_actions leaves the round log out of a ready bot's view: the bot must answer the
    proposals on the table exactly as it would with the log in its view."""
    scenario = load_scenario("plates-2021")
    catalogue = catalogue_for(scenario)
    answered = 0
    # Random play seldom convenes the talks that most clauses need: enough games to find proposals.
    for state, seat in _positions(scenario, games=60):
        if state.phase != "talks" or seat not in state.ready:
            continue
        key = (state.seed, "test", seat, state.moves_made)
        for temperament in ("dove", "hawk"):
            with_log = Bot(view(state, seat), catalogue, temperament, rng(*key)).talks()
            assert Bot(view(state, seat, without=("log",)), catalogue, temperament, rng(*key)).talks() == with_log
            answered += bool(with_log)
    assert answered >= 10


def test_a_bot_with_a_memory_decides_as_from_its_full_view_with_those_dice():
    """A Memory keeps a seat's dice and objectives from one decision to the next, and the seat's
    later views leave the objectives out: the bot must decide as from its full view."""
    scenario = load_scenario("plates-2021")
    catalogue = catalogue_for(scenario)
    memories: dict = {}
    decided = 0
    for state, seat in _positions(scenario):
        memory = memories.setdefault((state.seed, seat), Memory(state, seat))
        dice = random.Random()
        dice.setstate(memory.dice.getstate())
        actions = bot_actions(state, seat, memory=memory)
        if not actions:
            continue
        bot = Bot(view(state, seat), catalogue, scenario.seats_by_id[seat].default_temperament, dice)
        assert actions == ([bot.orders()] if state.phase == "orders" else bot.talks())
        decided += 1
    assert decided >= 50


def test_a_kept_board_refreshed_from_a_later_view_is_the_board_made_from_it():
    """A Memory keeps a seat's picture and makes it over from each later view (Board.refresh).
    Positions from whole bot games, kept across games: rounds pass and agreements bind in them."""
    scenario = load_scenario("plates-2021")
    catalogue = catalogue_for(scenario)
    kept: dict = {}
    bound = 0
    for seed in range(6):
        log: list = []
        play_bot_game(scenario, seed, accepted=log)
        state = new_game(scenario, seed)
        for action in log:
            state = apply_action(state, action).state
            if state.phase not in ("orders", "talks"):
                continue
            bound += bool(state.bound_clauses)
            for seat in state.seat_ids:
                seat_view = view(state, seat)
                fresh = Board.from_view(seat_view, catalogue.seat_tracks_by_id)
                board = kept.setdefault(seat, fresh)
                assert board.refresh(seat_view) == fresh
                bot = Bot(seat_view, catalogue, "spoiler", rng(seed, "test", seat, state.moves_made), kept=board)
                bot.orders() if state.phase == "orders" else bot.talks()  # pictures futures on the kept board
    assert bound > 0
