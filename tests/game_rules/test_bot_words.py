"""Bots negotiate in words drawn from their own plan: they answer people, give reasons, and speak
about their moves — deterministically, never to each other, and never with another seat's secrets."""
from __future__ import annotations

import random
import re

import pytest

from game_rules import SYSTEM, Action, apply_action, load_scenario
from game_rules.bots import bot_actions
from game_rules.bots import words as bot_words
from game_rules.simulate import play_bot_game
from game_rules.state import ORDERS, TALKS
from game_rules.talks import bilateral

from .helpers import started

PLATES = load_scenario("plates-2021")
LIGHTHOUSE = load_scenario("lighthouse")


def titles(scenario):
    return [c.title for c in scenario.clauses]


def settle(state, people=(), limit=200):
    """Let every bot seat act until all wait (the seats in `people` are left to the test)."""
    for _ in range(limit):
        moved = False
        for seat in state.seat_ids:
            if seat in people:
                continue
            for action in bot_actions(state, seat):
                result = apply_action(state, action)
                if not result.ok:
                    break
                state, moved = result.state, True
        if not moved or state.is_over():
            return state
    raise AssertionError("the bots never stopped")


def say(state, seat, channel, text, author="p1"):
    result = apply_action(state, Action("message", seat, {"channel": channel, "text": text}, author=author))
    assert result.ok, result
    return result.state, result.state.log[-1]["n"]


def replies_to(state, n):
    return [e for e in state.log if e["type"] == "message" and e.get("reply_to") == n]


def test_a_bot_asked_in_a_bilateral_channel_replies_there_naming_a_clause():
    state = started(PLATES, seed=3)
    state, n = say(state, "kosovo", bilateral("kosovo", "serbia"), "What would Belgrade sign?")
    state = settle(state, people=("kosovo",))
    [reply] = replies_to(state, n)
    assert reply["seat"] == "serbia" and reply["channel"] == bilateral("kosovo", "serbia")
    assert reply["author"] is None
    assert any(t in reply["text"] for t in titles(PLATES)), reply["text"]
    # Once per message: more decisions, no second answer.
    state = settle(state, people=("kosovo",))
    assert len(replies_to(state, n)) == 1


def test_a_named_clause_is_the_one_answered():
    state = started(PLATES, seed=5)
    state, n = say(state, "serbia", bilateral("kosovo", "serbia"), "Would you take the stickers?")
    state = settle(state, people=("serbia",))
    [reply] = replies_to(state, n)
    assert "Stickers over state symbols, for now" in reply["text"]


def test_a_plenary_message_naming_a_delegation_gets_its_reply_and_one_naming_none_gets_none():
    state = started(PLATES, seed=4)
    state, named = say(state, "kosovo", "plenary", "Mr Lajčák, is there anything on the table?")
    state, unnamed = say(state, "kosovo", "plenary", "Good morning, everyone.")
    state = settle(state, people=("kosovo",))
    assert [e["seat"] for e in replies_to(state, named)] == ["eu"]
    assert replies_to(state, unnamed) == []
    # The longest name wins: "Kosovo Serbs" names the Serbs of the north, not Kosovo's government.
    state, serbs = say(state, "eu", "plenary", "Kosovo Serbs: will you lift the roadblocks?")
    state = settle(state, people=("eu", "kosovo"))
    assert [e["seat"] for e in replies_to(state, serbs)] == ["kosovo_serbs"]


def test_lighthouse_bots_answer_too_in_their_temperament_s_generic_lines():
    state = started(LIGHTHOUSE, seed=2)
    state, n = say(state, "aster", bilateral("aster", "brill"), "Shall we share the fishing?")
    state = settle(state, people=("aster",))
    [reply] = replies_to(state, n)
    assert "Shared fishing" in reply["text"]


def test_bots_never_answer_bots():
    state = started(PLATES, seed=6)
    # A message without a person behind it (a bot's, or a stand-in's) is never answered.
    state, n = say(state, "kosovo", bilateral("kosovo", "serbia"), "What would Belgrade sign?", author=None)
    state = settle(state)
    assert replies_to(state, n) == []
    # Whole bot games: no bot ever answers a message.
    for seed in range(5):
        game = play_bot_game(PLATES, seed)
        assert not [e for e in game.log if e["type"] == "message"]


def test_answers_are_bounded_per_phase():
    state = started(PLATES, seed=8)
    for i in range(bot_words.MAX_REPLIES + 5):
        state, _ = say(state, "kosovo", bilateral("kosovo", "serbia"), f"Question {i}: the stickers?")
    state = settle(state, people=("kosovo",))
    answers = [e for e in state.log if e["type"] == "message" and e["seat"] == "serbia"]
    assert len(answers) == bot_words.MAX_REPLIES
    assert "serbia" in state.orders  # the answers did not crowd out its orders


def _talks(scenario, seed):
    state = started(scenario, seed)
    for seat in state.seat_ids:
        state = apply_action(state, Action("submit_orders", seat, {"cards": []})).state
    assert state.phase == TALKS
    return state


def test_a_rejection_names_the_clause_it_objects_to():
    state = _talks(PLATES, 1)
    # The five recognising Kosovo breaks an objective of the five's own: they refuse, and say so.
    state = apply_action(state, Action("propose", "kosovo", {"clauses": ["five_recognise"]}, author="p1")).state
    state = settle(state, people=("kosovo",))
    [answer] = [e for e in state.log if e["type"] == "proposal_answered" and e["seat"] == "eu5" and e["proposal"] == 1]
    assert answer["answer"] == "reject"
    assert "The five recognise Kosovo" in answer["reason"]


def test_every_bot_rejection_and_amendment_in_bot_games_gives_a_reason_naming_a_clause_of_the_proposal():
    seen = 0
    for seed in range(12):
        game = play_bot_game(PLATES, seed)
        tabled = {e["proposal"]: e for e in game.log if e["type"] == "proposal_tabled"}
        for e in game.log:
            if e["type"] == "proposal_answered" and e["answer"] == "reject":
                clauses = tabled[e["proposal"]]["clauses"]
            elif e["type"] == "proposal_tabled" and e["amends"] is not None:
                # An amendment names a clause it dropped.
                clauses = [c for c in tabled[e["amends"]]["clauses"] if c not in e["clauses"]]
            else:
                continue
            seen += 1
            named = [PLATES.clauses_by_id[c].title for c in clauses]
            assert any(t in e["reason"] for t in named), (e, named)
    assert seen > 20


def test_people_may_give_reasons_too_and_bad_ones_are_refused():
    state = _talks(PLATES, 1)
    state = apply_action(state, Action("propose", "kosovo", {"clauses": ["five_recognise"]})).state
    result = apply_action(state, Action("respond", "serbia", {"proposal": 1, "answer": "reject",
                                                                "reason": "  Not while the police stay.  "}))
    assert result.ok and result.state.log[-1]["reason"] == "Not while the police stay."
    for bad in ("", "   ", 7, "x" * 601):
        refused = apply_action(state, Action("respond", "serbia", {"proposal": 1, "answer": "reject", "reason": bad}))
        assert not refused.ok and refused.error.code == "bad_params"
    amended = apply_action(state, Action("amend", "serbia", {"proposal": 1, "clauses": ["pfp_for_kosovo"],
                                                               "reason": "Talks first."}))
    assert amended.ok and amended.state.log[-1]["reason"] == "Talks first."
    # reply_to must name a position the log has reached.
    late = apply_action(state, Action("message", "serbia", {"channel": "plenary", "text": "x", "reply_to": 10**6}))
    assert not late.ok and late.error.code == "illegal_action"


def test_statements_speak_of_the_cards_just_played_in_the_delegation_s_voice():
    checked = 0
    for seed in range(8):
        game = play_bot_game(PLATES, seed)
        for round_ in range(1, game.round + 1):
            entries = [e for e in game.log if e["round"] == round_]
            if not any(e["type"] == "talks_opened" for e in entries):
                continue
            for seat, own in PLATES.words.seats.items():
                played = [e["card"] for e in entries
                          if e["type"] == "card_resolved" and e["seat"] == seat and e["card"] in own.cards]
                if not played:
                    continue
                said = [e["text"] for e in entries if e["type"] == "statement" and e["seat"] == seat]
                lines = [line for card in played for line in own.cards[card]]
                assert said and any(line in said[0] for line in lines), (seat, played, said)
                checked += 1
    assert checked > 20
    # An escalation sounds like one: Serbia's troop build-up line says the army's readiness is up.
    assert "readiness" in " ".join(PLATES.words.seats["serbia"].cards["troop_buildup"])


def _game_with_people(scenario, seed, rnd):
    """A game of bots in which people keep writing: to bots bilaterally, in the plenary (naming
    delegations and clauses, or not), and secrets into private channels. Returns every state."""
    state = started(scenario, seed)
    seats = state.seat_ids
    seat_names = [s.name for s in scenario.seats] + [a for w in scenario.words.seats.values() for a in w.aliases]
    clause_names = [c.title for c in scenario.clauses]
    states = [state]
    for _ in range(400):
        if state.is_over():
            break
        if rnd.random() < 0.3:
            seat = rnd.choice(seats)
            other = rnd.choice([s for s in seats if s != seat])
            channel = rnd.choice(["plenary", bilateral(seat, other), f"delegation:{seat}"])
            text = f"{rnd.choice(seat_names)}, what about {rnd.choice(clause_names)}? SECRET[{seat}>{channel}]"
            result = apply_action(state, Action("message", seat, {"channel": channel, "text": text},
                                                author=f"p{rnd.randint(1, 9)}"))
            if result.ok:
                state = result.state
                states.append(state)
        moved = False
        for seat in seats:
            for action in bot_actions(state, seat):
                result = apply_action(state, action)
                if not result.ok:
                    break
                state, moved = result.state, True
                states.append(state)
        if not moved:
            state = apply_action(state, Action("close_phase", SYSTEM)).state
            states.append(state)
    return states


def _bot_texts(entry):
    if entry.get("author") is not None:
        return []
    return [entry[k] for k in ("text", "reason") if isinstance(entry.get(k), str)]


@pytest.mark.parametrize("scenario", [PLATES, LIGHTHOUSE], ids=lambda s: s.id)
def test_no_bot_words_carry_another_seat_s_secrets(scenario):
    """200 games with people writing at random: no bot's message, statement or reason holds an
    objective's text (another seat's, or its own), the cards another seat ordered before they are revealed, or the text
    of a private channel the bot is not in."""
    rnd = random.Random(2026)
    games = 200 if scenario is PLATES else 40
    spoken = 0
    objectives = {s.id: [o.text for o in s.objectives] for s in scenario.seats}
    for seed in range(games):
        states = _game_with_people(scenario, seed, rnd)
        for before, after in zip(states, states[1:], strict=False):
            for entry in after.log[len(before.log):]:
                texts = _bot_texts(entry)
                seat = entry.get("seat") or entry.get("by")
                if not texts or seat is None or entry["type"] not in ("message", "statement", "proposal_answered",
                                                                      "proposal_tabled"):
                    continue
                spoken += 1
                # No objective's secret text at all, not even its own: a bot says what its aims
                # are about in public names, so the texts stay secret until the game is over.
                for secret in (text for owned in objectives.values() for text in owned):
                    assert all(secret not in t for t in texts), (seat, secret, texts)
                for other in scenario.seat_ids:
                    if other == seat:
                        continue
                    if before.phase == ORDERS:
                        mine = set(before.orders.get(seat, ()))
                        for card in before.orders.get(other, ()):
                            if card not in mine:
                                name = scenario.cards_by_id[card].name
                                assert all(name not in t for t in texts), (seat, name, texts)
                for t in texts:
                    for marker in re.findall(r"SECRET\[[^\]]*\]", t):
                        raise AssertionError(f"{seat} repeated {marker}")
    assert spoken > games  # the bots did speak


def test_the_same_seed_gives_the_same_words():
    def words(seed):
        states = _game_with_people(PLATES, seed, random.Random(9))
        return [t for e in states[-1].log for t in _bot_texts(e)]

    first = words(11)
    assert first and first == words(11)


def test_words_do_not_change_what_bots_do(monkeypatch):
    """The same games with every line replaced by a fixed one: the bots make the same moves."""
    def moves(seed):
        accepted: list[Action] = []
        play_bot_game(PLATES, seed, accepted=accepted)
        drop = ("text", "reason")
        return [(a.kind, a.actor, {k: v for k, v in a.params.items() if k not in drop}) for a in accepted]

    real = [moves(seed) for seed in range(6)]
    # Lines drawn without the words' dice: if words shared the decisions' dice, moves would shift.
    monkeypatch.setattr(bot_words.Speaker, "_line", lambda self, kind, **values: "words")
    card_statement = bot_words.Speaker.card_statement
    monkeypatch.setattr(bot_words.Speaker, "card_statement",
                        lambda self: None if card_statement(self) is None else "words")
    assert [moves(seed) for seed in range(6)] == real


def test_orders_and_answers_in_the_orders_phase():
    state = started(PLATES, seed=12)
    state = settle(state, people=("kosovo",))
    assert state.phase == ORDERS and "serbia" in state.orders
    # A bot that has ordered still answers.
    state, n = say(state, "kosovo", bilateral("kosovo", "serbia"), "Police and roadblocks together?")
    state = settle(state, people=("kosovo",))
    assert "Police and roadblocks withdrawn together" in replies_to(state, n)[0]["text"]


def test_a_bot_that_speaks_leaves_no_cycle_for_the_collector():
    """A server freezes what survives a collection and sweeps cycles every ten minutes: a bot
    decision that left a cycle (a bot and its speaker) held its view and position until then."""
    import gc

    state = started(PLATES, seed=3)
    state, _ = say(state, "kosovo", bilateral("kosovo", "serbia"), "What would Belgrade sign?")
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        state = settle(state, people=("kosovo",))
        gc.collect()
        ours = [o for o in gc.garbage if type(o).__module__.startswith("game_rules")]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert any(e.get("reply_to") for e in state.log)  # the bots did speak
    assert ours == [], ours[:5]
