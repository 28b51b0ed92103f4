"""plates-2021 against the record and the source: the texts players read, the rulebook's account of
the scenario, the briefings' shape, and the two rules that keep the game from being won or lost
too cheaply (no agreement in round 1; a calm crisis without a deal is not a deadlock)."""
import re
from pathlib import Path

import pytest

from game_rules import FACILITATOR, Action, apply_action, load_scenario, new_game
from game_rules.bots import bot_actions

SCENARIO = load_scenario("plates-2021")
ROOT = Path(__file__).resolve().parents[2]
SECTIONS = ("Interests:", "Red lines:", "If talks fail:", "At home:", "Who's who:", "History you would cite:")


def ok(state, action):
    result = apply_action(state, action)
    assert result.ok, (action, result.error)
    return result.state


def everything_players_read():
    texts = [SCENARIO.summary, SCENARIO.historical.summary]
    for seat in SCENARIO.seats:
        texts += [seat.profile, seat.briefing]
    texts += [c.flavour for c in SCENARIO.cards] + [c.text for c in SCENARIO.clauses] + [e.text for e in SCENARIO.events]
    return " ".join(texts)


def test_the_rulebook_states_the_resolution_order_of_the_data():
    """docs/rules.md names plates-2021's steps in the order scenario.yaml gives them."""
    rules = re.sub(r"\s+", " ", (ROOT / "docs" / "rules.md").read_text(encoding="utf-8"))
    assert f"(in `plates-2021`: {' → '.join(SCENARIO.steps)};" in rules


@pytest.mark.parametrize("seat", [s.id for s in SCENARIO.seats])
def test_each_briefing_carries_a_role_play(seat):
    """400–800 words: interests, red lines, fallback, domestic pressures, who's who, the history it would cite."""
    briefing = SCENARIO.seats_by_id[seat].briefing
    assert 400 <= len(briefing.split()) <= 800
    assert [s for s in SECTIONS if s not in briefing] == []


def test_the_people_and_the_history_of_the_crisis_are_named():
    said = everything_players_read()
    for name in ("Vučić", "Kurti", "Petković", "Bislimi", "Lajčák", "Borrell", "Michel", "Escobar",
                 "Stefanović", "Stoltenberg", "Botsan-Kharchenko"):
        assert name in said, name
    briefings = " ".join(s.briefing for s in SCENARIO.seats)
    for history in ("1914", "Dayton", "1998"):
        assert history in briefings
    serbia = SCENARIO.seats_by_id["serbia"]
    assert "Stefanović" in serbia.briefing
    assert any("Stefanović" in c.flavour for c in SCENARIO.cards_by_seat["serbia"])
    for date in ("2 October", "4 October", "21 October", "six months", "2016"):
        assert date in said, date
    assert "opinion piece" in SCENARIO.summary and "ripe for resolution" in SCENARIO.summary


def test_the_historical_agreement_is_the_four_terms_of_30_september():
    """Belgrade's stand-down is a clause of its own, outside the historical four."""
    clauses = SCENARIO.clauses_by_id
    withdrawal = clauses["joint_withdrawal"]
    assert {e.get("set") for e in withdrawal.effects} >= {"kosovo_police"}
    assert "serbian_troops" not in str(withdrawal.effects) and "overflights" not in str(withdrawal.effects)
    assert "belgrade_stands_down" in clauses and "belgrade_stands_down" not in SCENARIO.historical.clauses


def test_michels_call_presses_both_sides():
    """The record: Michel asked for "withdrawal of Special Police Units and barricades"; the card says
    where the op-ed reads it otherwise."""
    card = SCENARIO.cards_by_id["michel_demand"]
    assert "barricades" in card.flavour and "op-ed's reading" in card.flavour
    seats_pressed = {e["then"][0]["seat"] for e in card.effects if "if" in e}
    assert seats_pressed == {"kosovo", "kosovo_serbs"}


# ---- No one-round walkover ------------------------------------------------------------------

def _round_one_with(seat, cards, seed=1):
    """Round 1 with `seat` ordering `cards` and every other delegation a default bot; the talks after."""
    state = ok(new_game(SCENARIO, seed), Action("start", FACILITATOR))
    state = ok(state, Action("submit_orders", seat, {"cards": cards}))
    for other in state.seat_ids:
        if other != seat:
            for action in bot_actions(state, other):
                state = ok(state, action)
    assert state.round == 1 and state.phase == "talks"
    return state


@pytest.mark.parametrize("seat", [s.id for s in SCENARIO.seats])
def test_no_agreement_can_bind_in_round_one(seat):
    """Whatever a lone human orders in round 1, and whatever the facilitator injects, the settling
    clause cannot be tabled in round 1: the talks must be convened first, and that takes a round."""
    state = ok(new_game(SCENARIO, 1), Action("start", FACILITATOR))
    playable = [c.id for c in state.playable_cards(seat)]
    assert playable
    for card in playable:
        talks = _round_one_with(seat, [card])
        for event in SCENARIO.events:
            injected = apply_action(talks, Action("inject_event", FACILITATOR, {"event": event.id}))
            after = injected.state if injected.ok else talks
            refused = apply_action(after, Action("propose", seat, {"clauses": ["joint_withdrawal"]}))
            assert not refused.ok and refused.error.code == "illegal_action", (card, event.id)


def test_the_shortest_path_to_an_agreement_ends_round_two():
    """The shortest path: round 1 as history; in round 2 the EU convenes the talks, then every party
    signs the four terms at once. The game ends in agreement at the end of round 2, not before."""
    state = ok(new_game(SCENARIO, 1), Action("start", FACILITATOR))
    history = {(m["round"], m["seat"]): [] for m in SCENARIO.historical.moves}
    for m in SCENARIO.historical.moves:
        history[(m["round"], m["seat"])].append(m["card"])
    for seat in state.seat_ids:
        state = ok(state, Action("submit_orders", seat, {"cards": history.get((1, seat), [])}))
    for seat in state.seat_ids:
        state = ok(state, Action("ready", seat))
    assert state.round == 2
    for seat in state.seat_ids:
        state = ok(state, Action("submit_orders", seat, {"cards": ["eu_led_talks"] if seat == "eu" else []}))
    state = ok(state, Action("propose", "eu", {"clauses": list(SCENARIO.historical.clauses)}))
    pid = max(state.proposals)
    for party in state.proposals[pid]["parties"]:
        state = ok(state, Action("sign", party, {"proposal": pid}))
    for seat in state.seat_ids:
        state = ok(state, Action("ready", seat))
    assert state.outcome == "agreement" and state.round == 2


# ---- Calm without a deal ----------------------------------------------------------------------

def _last_talks(tension):
    state = ok(new_game(SCENARIO, 5), Action("start", FACILITATOR))
    while state.round < SCENARIO.rounds or state.phase != "talks":
        if state.phase == "orders":
            for seat in state.seat_ids:
                state = ok(state, Action("submit_orders", seat, {"cards": []}))
        else:
            for seat in state.seat_ids:
                state = ok(state, Action("ready", seat))
    state = state.clone()
    state.tracks["tension"] = tension
    for seat in state.seat_ids:
        state = ok(state, Action("ready", seat))
    return state


def test_a_calm_crisis_without_a_deal_ends_de_escalated():
    """If the rounds run out on tension 3 or less ("calm" in scenario.yaml), the ending is
    "de-escalated without agreement"; hotter, it is a deadlock."""
    assert _last_talks(3).outcome == "de_escalated"
    assert _last_talks(4).outcome == "deadlock"
