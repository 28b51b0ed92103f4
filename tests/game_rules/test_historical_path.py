"""September 2021 as it happened: the real moves, then the 30 September deal, end the game in agreement.

Rounds 1–3 have fixed historical events and the real moves use no dice, so the path is the
same for every seed.
"""
import pytest

from game_rules import FACILITATOR, Action, apply_action, load_scenario, new_game

SCENARIO = load_scenario("plates-2021")
HISTORY = SCENARIO.historical


def ok(state, action):
    result = apply_action(state, action)
    assert result.ok, (action, result.error)
    return result.state


def play_orders(state, round_number):
    """Every delegation orders its real moves of `round_number` (or nothing); the state after the reveal."""
    assert state.round == round_number and state.phase == "orders"
    moves = [m for m in HISTORY.moves if m["round"] == round_number]
    for seat in state.seat_ids:
        state = ok(state, Action("submit_orders", seat, {"cards": [m["card"] for m in moves if m["seat"] == seat]}))
    resolved = sorted((e["seat"], e["card"]) for e in state.log
                      if e["type"] == "card_resolved" and e["round"] == round_number)
    assert resolved == sorted((m["seat"], m["card"]) for m in moves), "a real move fizzled"
    return state


def everyone_ready(state):
    for seat in state.seat_ids:
        state = ok(state, Action("ready", seat))
    return state


def september(seed):
    """The game after the real moves of rounds 1–3, in the talks of round 3."""
    state = ok(new_game(SCENARIO, seed), Action("start", FACILITATOR))
    for round_number in (1, 2):
        state = everyone_ready(play_orders(state, round_number))
    return play_orders(state, 3)


def test_the_history_is_three_rounds_of_real_moves():
    assert HISTORY.date == "2021-09-30"
    assert sorted({m["round"] for m in HISTORY.moves}) == [1, 2, 3]
    assert sorted(HISTORY.clauses) == ["eu_working_group", "joint_withdrawal", "kfor_at_crossings", "stickers"]


@pytest.mark.parametrize("seed", [1, 2, 30])
def test_the_real_moves_and_the_30_september_deal_end_in_agreement(seed):
    """The moves of 20–30 September, then police and roadblocks withdrawn together, stickers,
    KFOR at the crossings and an EU-chaired working group: the crisis ends in agreement."""
    state = ok(new_game(SCENARIO, seed), Action("start", FACILITATOR))

    state = play_orders(state, 1)
    assert state.tracks["plate_regime"] == "reciprocity"
    assert state.tracks["kosovo_police"] == "at_crossings"
    assert (state.tracks["jarinje"], state.tracks["brnjak"]) == ("blockaded", "blockaded")
    state = everyone_ready(state)

    state = play_orders(state, 2)
    assert state.tracks["serbian_troops"] == "massed_at_border"
    assert state.tracks["overflights"] == "active"
    assert state.tracks["kfor"] == "observing"
    assert state.tracks["western_line"] == "both_sides"
    state = everyone_ready(state)

    state = play_orders(state, 3)
    assert state.tracks["dialogue"] == "brussels_talks"
    tensions = [c["after"] for e in state.log for c in e.get("changes", []) if c.get("track") == "tension"]
    # Tanks and jets at the border: forces face to face, but not "one spark away" — no shot was fired in 2021.
    assert max(tensions) == 8 and state.tracks["tension"] == 5
    assert state.phase == "talks" and state.outcome is None

    state = ok(state, Action("propose", "eu", {"clauses": list(HISTORY.clauses)}))
    proposal = state.proposals[max(state.proposals)]
    assert proposal["parties"] == ["eu", "kosovo", "kosovo_serbs", "nato_kfor", "serbia"]
    for party in proposal["parties"]:
        state = ok(state, Action("sign", party, {"proposal": proposal["id"]}))
    assert state.proposals[proposal["id"]]["status"] == "bound"
    state = everyone_ready(state)

    assert state.outcome == "agreement"
    assert state.round == 3
    assert state.bound_clauses == frozenset(HISTORY.clauses)
    # The four terms, and no more: Belgrade's troops and jets are not in the 30 September text.
    after_30_september = {
        "jarinje": "kfor_held", "brnjak": "kfor_held", "kosovo_police": "stations", "kfor": "at_crossings",
        "kfor_mandate": 3, "serbian_troops": "massed_at_border", "overflights": "active",
        "plate_regime": "stickers", "dialogue": "working_group", "tension": 2,
    }
    assert {track: state.tracks[track] for track in after_30_september} == after_30_september


def test_stickers_alone_do_not_end_the_crisis():
    """De-escalation must be real: a plate formula with police and roadblocks still in place settles nothing."""
    state = september(1)
    state = ok(state, Action("propose", "eu", {"clauses": ["stickers", "eu_working_group", "kfor_at_crossings"]}))
    pid = max(state.proposals)
    for party in state.proposals[pid]["parties"]:
        state = ok(state, Action("sign", party, {"proposal": pid}))
    state = everyone_ready(state)
    assert state.outcome is None and state.round == 4


def test_the_withdrawal_binds_after_kfor_without_handing_back_the_crossings():
    """Clauses bind in any order: a withdrawal after KFOR took the crossings leaves them with KFOR."""
    state = september(1)
    state = ok(state, Action("propose", "nato_kfor", {"clauses": ["kfor_at_crossings"]}))
    first = max(state.proposals)
    state = ok(state, Action("propose", "kosovo", {"clauses": ["joint_withdrawal"]}))
    second = max(state.proposals)
    for pid in (first, second):
        for party in state.proposals[pid]["parties"]:
            state = ok(state, Action("sign", party, {"proposal": pid}))
    state = everyone_ready(state)
    assert state.outcome == "agreement"
    assert (state.tracks["jarinje"], state.tracks["brnjak"]) == ("kfor_held", "kfor_held")
    assert state.tracks["kosovo_police"] == "stations"


def test_the_withdrawal_needs_the_kosovo_serbs():
    """The roadblocks are theirs to lift: without their signature nothing binds."""
    state = september(1)
    state = ok(state, Action("propose", "eu", {"clauses": ["joint_withdrawal"]}))
    pid = max(state.proposals)
    state = ok(state, Action("sign", "serbia", {"proposal": pid}))
    state = ok(state, Action("sign", "kosovo", {"proposal": pid}))
    assert state.proposals[pid]["status"] == "open"
    state = ok(state, Action("respond", "kosovo_serbs", {"proposal": pid, "answer": "reject"}))
    assert state.proposals[pid]["status"] == "rejected"
    state = everyone_ready(state)
    assert state.outcome is None and state.tracks["jarinje"] == "blockaded"


def test_kfor_hands_the_crossings_back_when_its_two_weeks_are_up():
    """The clause: "KFOR takes position at Jarinje and Brnjak for two weeks (three rounds) [...] When the
    time is up the crossings are handed back, open, unless NATO renews the stay." """
    state = september(1)
    state = ok(state, Action("propose", "nato_kfor", {"clauses": ["kfor_at_crossings"]}))
    pid = max(state.proposals)
    for party in state.proposals[pid]["parties"]:
        state = ok(state, Action("sign", party, {"proposal": pid}))
    state = everyone_ready(state)
    held = []
    while state.round < 6 or state.phase != "talks":
        held.append((state.round, state.tracks["jarinje"], state.tracks["kfor_mandate"]))
        if state.phase == "orders":
            for seat in state.seat_ids:
                state = ok(state, Action("submit_orders", seat, {"cards": []}))
        else:
            state = everyone_ready(state)
    assert (4, "kfor_held", 2) in held and (5, "kfor_held", 1) in held
    assert state.tracks["jarinje"] == state.tracks["brnjak"] == "open" and state.tracks["kfor_mandate"] == 0
    assert state.tracks["kfor"] == "observing"


def test_renewing_the_stay_keeps_kfor_at_the_crossings():
    state = september(1)
    state = ok(state, Action("propose", "nato_kfor", {"clauses": ["kfor_at_crossings"]}))
    pid = max(state.proposals)
    for party in state.proposals[pid]["parties"]:
        state = ok(state, Action("sign", party, {"proposal": pid}))
    state = everyone_ready(state)
    assert state.round == 4 and state.tracks["kfor_mandate"] == 2
    for seat in state.seat_ids:
        cards = ["renew_kfor_mandate"] if seat == "nato_kfor" else []
        state = ok(state, Action("submit_orders", seat, {"cards": cards}))
    assert state.tracks["kfor_mandate"] == 3
