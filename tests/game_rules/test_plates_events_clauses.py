"""Rule tests for the events and clauses of plates-2021: each quotes its title, each checks what it changes.

Events are released by the facilitator in round 1 (as an inject would be); clauses are
tabled alone in the talks of round 1 and signed by their parties. Expected changes are
written by hand; `changes` also catches anything unexpected.
"""
import pytest

from game_rules import FACILITATOR, Action, apply_action, new_game
from game_rules.dice import rng

from .test_plates_cards import SCENARIO, changes, round_one


def inject(event_id, seed=1, **tracks):
    before = round_one(seed, **tracks)
    result = apply_action(before, Action("inject_event", FACILITATOR, {"event": event_id}))
    assert result.ok, result.error
    return changes(before, result.state)


def seed_with_event_roll(event_id, low, high):
    """A game seed whose round-1 draw for `event_id` falls in [low, high) (the engine's dice key)."""
    return next(s for s in range(1, 5000) if low <= rng(s, "event", 1, event_id).random() < high)


def in_talks(**tracks):
    state = round_one(**tracks)
    for seat in state.seat_ids:
        state = apply_action(state, Action("submit_orders", seat, {"cards": []})).state
    assert state.phase == "talks"
    return state


def bind(clause_id, **tracks):
    """Table `clause_id` alone and have its parties sign; (changes it made, parties, the state after the talks)."""
    before = in_talks(**tracks)
    state = apply_action(before, Action("propose", "eu", {"clauses": [clause_id]})).state
    proposal = state.proposals[max(state.proposals)]
    for party in proposal["parties"]:
        state = apply_action(state, Action("sign", party, {"proposal": proposal["id"]})).state
    assert state.bound_clauses == {clause_id}
    found = changes(before, state)
    for seat in state.seat_ids:
        state = apply_action(state, Action("ready", seat)).state
    return found, proposal["parties"], state


def test_every_event_and_clause_has_a_rule_test_naming_it():
    """Each event and clause of plates-2021 is named, by its title, in a test of this module."""
    docs = " ".join(f.__doc__ or "" for name, f in globals().items() if name.startswith("test_") and callable(f))
    assert [e.id for e in SCENARIO.events if e.title not in docs] == []
    assert [c.id for c in SCENARIO.clauses if c.title not in docs] == []


# ---- Events of history ----------------------------------------------------------------------

@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rounds_one_to_three_follow_history_whatever_the_seed(seed):
    """Pristina's plate regulation takes effect; A building burns; grenades fail; The forgotten battalion."""
    state = apply_action(new_game(SCENARIO, seed), Action("start", FACILITATOR)).state
    seen = [state.event]
    for _ in range(2):
        for action in [Action("submit_orders", s, {"cards": []}) for s in state.seat_ids] + \
                      [Action("ready", s) for s in state.seat_ids]:
            state = apply_action(state, action).state
        seen.append(state.event)
    assert seen == ["plate_regulation", "building_fire", "forgotten_battalion"]


def test_plate_regulation():
    """Pristina's plate regulation takes effect — Kosovo's support +1, Serbia's -1."""
    assert inject("plate_regulation") == {"kosovo.support": 1, "serbia.support": -1}


def test_building_fire_without_police_in_the_north():
    """A building burns; grenades fail — with the police at their stations both attacks land: tension +2."""
    assert inject("building_fire") == {"tension": 2, "kosovo_serbs.credibility": -1}


def test_building_fire_with_police_in_the_north():
    """A building burns; grenades fail — with police deployed they secure the scene: no rise in tension,
    and Kosovo's police are vindicated."""
    assert inject("building_fire", kosovo_police="at_crossings") == {
        "kosovo.credibility": 1, "kosovo_serbs.credibility": -1}


def test_forgotten_battalion_moves_a_garrisoned_kfor():
    """The forgotten battalion — KFOR in garrison moves to observe, and the West is seen to react late."""
    assert inject("forgotten_battalion") == {
        "kfor": "observing", "nato_kfor.credibility": -1, "usa.credibility": -1}


def test_forgotten_battalion_credits_a_kfor_already_there():
    """The forgotten battalion — a KFOR already at the border gains credibility."""
    assert inject("forgotten_battalion", kfor="observing") == {"nato_kfor.credibility": 1}


# ---- Injects --------------------------------------------------------------------------------

def test_lorries_queue():
    """Lorries queue for miles — the blockade hurts the north and Pristina: support -1 each."""
    assert inject("lorries_queue", jarinje="blockaded") == {"kosovo_serbs.support": -1, "kosovo.support": -1}


def test_shots_near_crossing_wound_a_policeman():
    """Shots near a crossing — half the time someone is hurt: tension +2."""
    seed = seed_with_event_roll("shots_near_crossing", 0.0, 0.5)
    assert inject("shots_near_crossing", seed, tension=5) == {"tension": 2}


def test_shots_near_crossing_were_hunters():
    """Shots near a crossing — otherwise it was hunters: tension +1."""
    seed = seed_with_event_roll("shots_near_crossing", 0.5, 1.0)
    assert inject("shots_near_crossing", seed, tension=5) == {"tension": 1}


def test_quiet_weekend():
    """A quiet weekend — tension -1."""
    assert inject("quiet_weekend") == {"tension": -1}


def test_moscow_accuses_nato():
    """Moscow accuses NATO — Russian influence +1, tension +1."""
    assert inject("moscow_accuses_nato") == {"russia_influence": 1, "tension": 1}


def test_chinese_loan():
    """A Chinese loan for a Serbian motorway — Belgrade's capital +1, the EU's credibility -1."""
    assert inject("chinese_loan") == {"serbia.capital": 1, "eu.credibility": -1}


def test_summit_without_dates():
    """A summit without dates — the EU's credibility -1; support -1 in Belgrade and Pristina."""
    assert inject("summit_without_dates") == {"eu.credibility": -1, "serbia.support": -1, "kosovo.support": -1}


def test_ambulance_turned_back():
    """An ambulance turned back — the Kosovo Serbs' credibility -2, tension +1."""
    assert inject("ambulance_turned_back", brnjak="blockaded") == {"kosovo_serbs.credibility": -2, "tension": 1}


def test_false_report_brings_crowds_out():
    """A false report of an attack — half the time crowds gather: tension +2."""
    seed = seed_with_event_roll("false_report", 0.0, 0.5)
    assert inject("false_report", seed) == {"tension": 2}


def test_false_report_is_denied_in_time():
    """A false report of an attack — otherwise nothing changes."""
    seed = seed_with_event_roll("false_report", 0.5, 1.0)
    assert inject("false_report", seed) == {}


def test_call_from_washington():
    """A call from Washington — tension -1; capital -1 in Belgrade and Pristina."""
    assert inject("call_from_washington") == {"tension": -1, "serbia.capital": -1, "kosovo.capital": -1}


def test_opposition_rally_belgrade():
    """Opposition rally in Belgrade — Serbia's support -1."""
    assert inject("opposition_rally_belgrade") == {"serbia.support": -1}


def test_pristina_rally():
    """Pristina rallies behind its government — Kosovo's support +1, tension +1."""
    assert inject("pristina_rally") == {"kosovo.support": 1, "tension": 1}


def test_drone_over_jarinje():
    """A drone over Jarinje — tension +1, Serbia's credibility -1."""
    assert inject("drone_over_jarinje", overflights="active") == {"tension": 1, "serbia.credibility": -1}


def test_round_four_draws_only_from_the_pool_and_respects_requires():
    """From round 4 the event is drawn from the injects whose conditions hold, never a historical one."""
    historical = {"plate_regulation", "building_fire", "forgotten_battalion"}
    needs_blockade = {"lorries_queue", "ambulance_turned_back"}
    drawn = set()
    for seed in range(40):
        state = apply_action(new_game(SCENARIO, seed), Action("start", FACILITATOR)).state
        while state.round < 4:
            for action in [Action("submit_orders", s, {"cards": []}) for s in state.seat_ids] + \
                          [Action("ready", s) for s in state.seat_ids]:
                state = apply_action(state, action).state
        drawn.add(state.event)
    assert drawn and not drawn & historical and not drawn & needs_blockade
    assert "drone_over_jarinje" not in drawn  # nobody ordered overflights


# ---- Clauses --------------------------------------------------------------------------------

# The crisis at its height, with the talks convened (the historical clauses need them).
CRISIS = dict(tension=8, kosovo_police="at_crossings", jarinje="blockaded", brnjak="police_held",
              serbian_troops="massed_at_border", overflights="active", dialogue="brussels_talks")


def test_joint_withdrawal_settles_the_crisis():
    """Police and roadblocks withdrawn together — signed by Serbia, Kosovo and the Kosovo Serbs, it ends the game in agreement."""
    found, parties, state = bind("joint_withdrawal", **CRISIS)
    assert parties == ["kosovo", "kosovo_serbs", "serbia"]
    assert found == {
        "kosovo_police": "stations", "jarinje": "open", "brnjak": "open",
        "tension": -2, "serbia.support": 1, "kosovo_serbs.support": 1, "kosovo.support": -3}
    assert state.outcome == "agreement"


def test_joint_withdrawal_is_dearer_for_belgrade_with_moscow_strong_and_easier_for_pristina_with_a_recognition():
    """Police and roadblocks withdrawn together — with Russian influence at 4 or more Serbia gains no support;
    with the US envoy in Brussels and a first recognition among the five, Pristina loses one point of
    support, not three; the five merely ceasing to obstruct its EU road spares it nothing."""
    found, _, _ = bind("joint_withdrawal", **CRISIS, russia_influence=4, us_envoy="brussels", non_recognisers=4)
    assert found["kosovo.support"] == -1 and "serbia.support" not in found
    found, _, _ = bind("joint_withdrawal", **CRISIS, us_envoy="brussels", kosovo_path="unobstructed")
    assert found["kosovo.support"] == -2


def test_historical_clauses_need_the_talks_convened():
    """Police and roadblocks withdrawn together; Stickers over state symbols, for now; KFOR at the crossings
    for two weeks; An EU-chaired working group — none can be tabled while the dialogue is deadlocked."""
    state = in_talks(**{**CRISIS, "dialogue": "stalled"})
    for clause in SCENARIO.historical.clauses:
        result = apply_action(state, Action("propose", "eu", {"clauses": [clause]}))
        assert not result.ok and result.error.code == "illegal_action", clause


def test_belgrade_stands_down():
    """Belgrade stands its forces down — Serbia alone signs; troops to raised readiness, jets grounded;
    not one of the 30 September terms."""
    found, parties, state = bind("belgrade_stands_down", **CRISIS)
    assert parties == ["serbia"]
    assert found == {"serbian_troops": "alert", "overflights": "none", "tension": -1}
    assert "belgrade_stands_down" not in SCENARIO.historical.clauses and state.outcome is None


def test_stickers():
    """Stickers over state symbols, for now — signed by Serbia and Kosovo; plates become stickers, tension -1; no ending."""
    found, parties, state = bind("stickers", plate_regime="reciprocity", tension=6, dialogue="brussels_talks")
    assert parties == ["kosovo", "serbia"]
    assert found == {"plate_regime": "stickers", "tension": -1, "serbia.support": 1, "eu.credibility": 1}
    assert state.outcome is None


def test_kfor_at_crossings():
    """KFOR at the crossings for two weeks — signed by NATO and Kosovo; KFOR holds both crossings for three rounds."""
    found, parties, _ = bind("kfor_at_crossings", **CRISIS)
    assert parties == ["kosovo", "nato_kfor"]
    assert found == {"jarinje": "kfor_held", "brnjak": "kfor_held", "kfor": "at_crossings", "kfor_mandate": 3}


def test_kfor_at_crossings_keeps_a_larger_posture():
    """KFOR at the crossings — a KFOR already deployed in full to the north stays so."""
    found, _, _ = bind("kfor_at_crossings", kfor="full_north", dialogue="brussels_talks")
    assert found == {"jarinje": "kfor_held", "brnjak": "kfor_held", "kfor_mandate": 3}


def test_eu_working_group():
    """An EU-chaired working group — signed by the EU, Serbia and Kosovo; the dialogue gets its working group."""
    found, parties, _ = bind("eu_working_group", dialogue="brussels_talks")
    assert parties == ["eu", "kosovo", "serbia"]
    assert found == {"dialogue": "working_group", "eu.credibility": 1}


def test_serbian_pullback():
    """Serbia pulls back from the border — signed by Serbia and NATO; troops to barracks, jets grounded, Serbia named."""
    found, parties, state = bind("serbian_pullback", **CRISIS)
    assert parties == ["nato_kfor", "serbia"]
    assert found == {"serbian_troops": "barracks", "overflights": "none", "western_line": "serbia_named",
                     "tension": -2, "serbia.support": -1}
    assert state.outcome is None


def test_defence_agreement():
    """A defence agreement for Kosovo — signed by Washington and London, the EU and Kosovo."""
    found, parties, _ = bind("defence_agreement")
    assert parties == ["eu", "kosovo", "usa"]
    assert found == {"defence_guarantee": "signed", "russia_influence": -1, "serbia.support": -1}


def test_eu_path_both():
    """A clear EU path for Serbia and Kosovo — the five sign beside the EU; it pulls Serbia back from China."""
    found, parties, _ = bind("eu_path_both", china_ties="alternative")
    assert parties == ["eu", "eu5", "kosovo", "serbia"]
    assert found == {"eu_path": "mapped", "china_ties": "growing", "russia_influence": -1, "tension": -1}


def test_five_recognise():
    """The five recognise Kosovo — signed by the five and Kosovo; no non-recogniser is left."""
    found, parties, _ = bind("five_recognise")
    assert parties == ["eu5", "kosovo"]
    assert found == {"non_recognisers": -5, "serbia.support": -2}


def test_pfp_for_kosovo():
    """Kosovo in the Partnership for Peace — NATO, Kosovo and the five (four are allies) sign."""
    found, parties, _ = bind("pfp_for_kosovo")
    assert parties == ["eu5", "kosovo", "nato_kfor"]
    assert found == {"pfp": "admitted", "russia_influence": -1}


# ---- Between rounds ---------------------------------------------------------------------------

def upkeep_after_round_one(seed, **tracks):
    """The tension changes the upkeep made as round 2 began (after a round 1 of nothing, `tracks` set)."""
    state = round_one(seed, **tracks)
    for action in [Action("submit_orders", s, {"cards": []}) for s in state.seat_ids] + \
                  [Action("ready", s) for s in state.seat_ids]:
        state = apply_action(state, action).state
    return [c for e in state.log if e["type"] == "upkeep" for c in e["changes"] if c.get("track") == "tension"], state


def test_forces_face_to_face_at_a_held_crossing_may_fire():
    """At 8 or more with the special police at the crossings (or a roadblock up), each new round may
    begin with shots: tension +1 about half the time; at 7, or with police and roadblocks gone, never."""
    face_to_face = {"tension": 8, "kosovo_police": "at_crossings", "jarinje": "police_held", "brnjak": "police_held"}
    fired = [bool(upkeep_after_round_one(seed, **face_to_face)[0]) for seed in range(1, 41)]
    assert 8 <= sum(fired) <= 32, fired
    change, state = upkeep_after_round_one(fired.index(True) + 1, **face_to_face)
    assert change[0]["after"] == 9 and state.outcome is None
    assert not any(upkeep_after_round_one(seed, **{**face_to_face, "tension": 7})[0] for seed in range(1, 21))
    assert not any(upkeep_after_round_one(seed, tension=9)[0] for seed in range(1, 21))
    blockaded = {"tension": 9, "jarinje": "blockaded"}
    assert any(upkeep_after_round_one(seed, **blockaded)[1].outcome == "armed_clash" for seed in range(1, 21))
