"""Rule tests for every card of plates-2021: each docstring quotes the card, each test the changes it makes.

Every test plays a real round: the facilitator starts the game, the card's delegation orders
it, every other delegation orders nothing, and the orders are revealed and resolved. The
expected changes are written by hand; `changes` also catches anything a card changes that
the test does not expect. Capital changes include the card's cost.
"""
from game_rules import FACILITATOR, Action, apply_action, load_scenario, new_game
from game_rules.dice import rng

SCENARIO = load_scenario("plates-2021")


def round_one(seed=1, **tracks):
    """Round 1 after its event, with the shared `tracks` set as given."""
    state = apply_action(new_game(SCENARIO, seed), Action("start", FACILITATOR)).state.clone()
    assert state.round == 1 and state.phase == "orders"
    state.tracks.update(tracks)
    return state


def round_two(seed=1, **tracks):
    """Round 2 after its event (every delegation did nothing in round 1), with `tracks` set as given."""
    state = apply_action(new_game(SCENARIO, seed), Action("start", FACILITATOR)).state
    for action in [Action("submit_orders", s, {"cards": []}) for s in state.seat_ids] + \
                  [Action("ready", s) for s in state.seat_ids]:
        state = apply_action(state, action).state
    assert state.round == 2 and state.phase == "orders"
    state = state.clone()
    state.tracks.update(tracks)
    return state


def resolve(state, seat, *cards):
    """`seat` orders `cards`, everyone else nothing; the state once the orders are resolved."""
    for who in state.seat_ids:
        result = apply_action(state, Action("submit_orders", who, {"cards": list(cards) if who == seat else []}))
        assert result.ok, result.error
        state = result.state
    assert state.phase == "talks", state.termination
    resolved = [(e["seat"], e["card"]) for e in state.log if e["type"] == "card_resolved"]
    assert resolved == [(seat, card) for card in cards]
    return state


def changes(before, after):
    """Shared tracks that changed (a number track by its delta, a status track by its new value)
    and seat tracks that changed, as 'seat.track': delta."""
    found = {}
    for track in SCENARIO.tracks:
        old, new = before.tracks[track.id], after.tracks[track.id]
        if old != new:
            found[track.id] = new if track.values else new - old
    for seat in SCENARIO.seat_ids:
        for spec in SCENARIO.seat_tracks:
            delta = after.seat_tracks[seat][spec.id] - before.seat_tracks[seat][spec.id]
            if delta:
                found[f"{seat}.{spec.id}"] = delta
    return found


def effect_of(seat, card, seed=1, **tracks):
    before = round_one(seed, **tracks)
    return changes(before, resolve(before, seat, card))


def seed_with_roll(seat, card, low, high):
    """A game seed whose round-1 draw for `seat`'s `card` falls in [low, high) (the engine's dice key)."""
    for seed in range(1, 5000):
        if low <= rng(seed, "card", 1, seat, card).random() < high:
            return seed
    raise AssertionError("no such seed")


def test_every_card_has_a_rule_test_quoting_it():
    """Each card of plates-2021 is quoted, flavour line and all, by a test of this module."""
    docs = [f.__doc__ or "" for name, f in globals().items() if name.startswith("test_") and callable(f)]
    assert [c.id for c in SCENARIO.cards if not any(c.flavour in doc for doc in docs)] == []


# ---- Serbia ---------------------------------------------------------------------------------

def test_serbia_keep_options_open():
    """serbia_keep_options_open — Belgrade watches, says little, and lets the others move first.

    Free; banks one political capital."""
    assert effect_of("serbia", "serbia_keep_options_open") == {"serbia.capital": 1}


def test_inflammatory_rhetoric():
    """inflammatory_rhetoric — "Highly inflammatory language from Serbia's President, Aleksandar Vučić."

    Tension +1; support at home +1, credibility abroad -1; costs 1."""
    assert effect_of("serbia", "inflammatory_rhetoric") == {
        "tension": 1, "serbia.support": 1, "serbia.credibility": -1, "serbia.capital": -1}


def test_call_kremlin():
    """call_kremlin — "Serbia called on its old friends in the Kremlin to discuss next moves."

    Russian influence +1; support +1, credibility -1; costs 1."""
    assert effect_of("serbia", "call_kremlin") == {
        "russia_influence": 1, "serbia.support": 1, "serbia.credibility": -1, "serbia.capital": -1}


def test_china_ties():
    """china_ties — "Serbia is rapidly creating alternatives to EU membership, including stronger relations with China."

    China becomes the alternative; a reaffirmed EU path fades again and the EU loses credibility."""
    assert effect_of("serbia", "china_ties", eu_path="reaffirmed") == {
        "china_ties": "alternative", "eu_path": "fading", "serbia.support": 1, "eu.credibility": -1,
        "serbia.capital": -2}


def test_china_ties_leaves_a_fading_path_fading():
    """china_ties — "Serbia is rapidly creating alternatives to EU membership, including stronger relations with China."
    """
    assert "eu_path" not in effect_of("serbia", "china_ties")


def test_troop_buildup():
    """troop_buildup — "Amassing troops along the border, including T-72 tanks, Lazar 3 armored vehicles and BOV M16 Miloš multi-purpose combat vehicles."

    Troops massed at the border; tension +2; support +1, credibility -1; costs 2."""
    assert effect_of("serbia", "troop_buildup") == {
        "serbian_troops": "massed_at_border", "tension": 2, "serbia.support": 1, "serbia.credibility": -1,
        "serbia.capital": -2}


def test_overflights():
    """overflights — "It deployed MiG-29 fighter jets and Russian-made helicopters for overflights along the border."

    Overflights active; tension +1; support +1; costs 1."""
    assert effect_of("serbia", "overflights") == {
        "overflights": "active", "tension": 1, "serbia.support": 1, "serbia.capital": -1}


def test_withdraw_from_border():
    """withdraw_from_border — The armour turns back: a "withdrawal to a reasonable distance from the Kosovo border".

    Troops to barracks and overflights grounded; tension -2; support -1, credibility +2; free."""
    assert effect_of("serbia", "withdraw_from_border", tension=7, serbian_troops="massed_at_border",
                     overflights="active") == {
        "serbian_troops": "barracks", "overflights": "none", "tension": -2, "serbia.support": -1,
        "serbia.credibility": 2}


def test_withdraw_from_border_needs_something_to_withdraw():
    """withdraw_from_border — The armour turns back: a "withdrawal to a reasonable distance from the Kosovo border".
    """
    state = round_one()
    refused = apply_action(state, Action("submit_orders", "serbia", {"cards": ["withdraw_from_border"]}))
    assert not refused.ok and refused.error.code == "illegal_action"


def test_instruct_kosovo_serbs():
    """instruct_kosovo_serbs — Belgrade's Office for Kosovo and Metohija and the Serb List pass the word north — the trucks stay.

    Serbia's lever over the Kosovo Serbs: tension +1; their support and capital +1, Serbia's support +1; costs 1."""
    assert effect_of("serbia", "instruct_kosovo_serbs") == {
        "tension": 1, "kosovo_serbs.support": 1, "kosovo_serbs.capital": 1, "serbia.support": 1, "serbia.capital": -1}


def test_restrain_kosovo_serbs():
    """restrain_kosovo_serbs — A call from Belgrade, and the trucks at Jarinje and Brnjak start their engines.

    The roadblocks come down (to the police where the police stand at the crossings); tension -1; the
    Kosovo Serbs' support -1, Serbia's credibility +1; costs 1."""
    assert effect_of("serbia", "restrain_kosovo_serbs", jarinje="blockaded", brnjak="blockaded",
                     kosovo_police="at_crossings") == {
        "jarinje": "police_held", "brnjak": "police_held", "tension": -1, "kosovo_serbs.support": -1,
        "serbia.credibility": 1, "serbia.capital": -1}
    assert effect_of("serbia", "restrain_kosovo_serbs", brnjak="blockaded") == {
        "brnjak": "open", "tension": -1, "kosovo_serbs.support": -1, "serbia.credibility": 1, "serbia.capital": -1}


# ---- Kosovo ---------------------------------------------------------------------------------

def test_kosovo_govern_quietly():
    """kosovo_govern_quietly — Pristina keeps its head down and its powder dry."""
    assert effect_of("kosovo", "kosovo_govern_quietly") == {"kosovo.capital": 1}


def test_temporary_plates():
    """temporary_plates — "A new Kosovan regulation requiring vehicles crossing from Serbia to purchase temporary registration plates."

    Reciprocity in force; Kosovo's support +1, Serbia's -1; costs 1."""
    assert effect_of("kosovo", "temporary_plates") == {
        "plate_regime": "reciprocity", "kosovo.support": 1, "serbia.support": -1, "kosovo.capital": -1}


def test_deploy_special_police():
    """deploy_special_police — "Kosovo ordered special police units to the border."

    Police at the crossings, which they hold while open; tension +1; support +1; costs 2."""
    assert effect_of("kosovo", "deploy_special_police") == {
        "kosovo_police": "at_crossings", "jarinje": "police_held", "brnjak": "police_held", "tension": 1,
        "kosovo.support": 1, "kosovo.capital": -2}


def test_deploy_special_police_does_not_clear_a_blockade():
    """deploy_special_police — "Kosovo ordered special police units to the border."
    """
    found = effect_of("kosovo", "deploy_special_police", jarinje="blockaded", brnjak="kfor_held")
    assert "jarinje" not in found and "brnjak" not in found
    assert found["kosovo_police"] == "at_crossings"


def test_police_patrols_north():
    """police_patrols_north — "Kosovo's police observed implementation of the new policy and monitored the situation to identify potential violence."

    Police patrol the north; support +1; costs 1; tension unchanged."""
    assert effect_of("kosovo", "police_patrols_north") == {
        "kosovo_police": "deployed_north", "kosovo.support": 1, "kosovo.capital": -1}


def test_withdraw_special_police():
    """withdraw_special_police — Pristina does what Brussels asked: it agrees to "withdraw its special police".

    Police to stations; crossings they held reopen, blockades stay; tension -1; support -2, credibility +1."""
    assert effect_of("kosovo", "withdraw_special_police", tension=6, kosovo_police="at_crossings",
                     jarinje="police_held", brnjak="blockaded") == {
        "kosovo_police": "stations", "jarinje": "open", "tension": -1, "kosovo.support": -2,
        "kosovo.credibility": 1}


# ---- Kosovo Serbs of the north --------------------------------------------------------------

def test_ks_wait_for_belgrade():
    """ks_wait_for_belgrade — The community's leaders keep the trucks parked and the phones on."""
    assert effect_of("kosovo_serbs", "ks_wait_for_belgrade") == {"kosovo_serbs.capital": 1}


def test_blockade_crossings():
    """blockade_crossings — "Kosovan Serbs blockaded two crossing points."

    Both crossings blockaded, police-held ones too; tension +1; support +1; costs 1."""
    assert effect_of("kosovo_serbs", "blockade_crossings", brnjak="police_held") == {
        "jarinje": "blockaded", "brnjak": "blockaded", "tension": 1, "kosovo_serbs.support": 1,
        "kosovo_serbs.capital": -1}


def test_blockade_crossings_cannot_touch_kfor():
    """blockade_crossings — "Kosovan Serbs blockaded two crossing points."
    """
    found = effect_of("kosovo_serbs", "blockade_crossings", jarinje="kfor_held")
    assert found["brnjak"] == "blockaded" and "jarinje" not in found


def test_lift_roadblocks():
    """lift_roadblocks — The trucks are driven off the road to Jarinje and Brnjak.

    Blockaded crossings reopen; tension -1; support -1, credibility +1; free."""
    assert effect_of("kosovo_serbs", "lift_roadblocks", tension=6, jarinje="blockaded", brnjak="blockaded") == {
        "jarinje": "open", "brnjak": "open", "tension": -1, "kosovo_serbs.support": -1,
        "kosovo_serbs.credibility": 1}


def test_lift_roadblocks_leaves_the_police_at_the_gate():
    """lift_roadblocks — The trucks are driven off the road to Jarinje and Brnjak.
    """
    found = effect_of("kosovo_serbs", "lift_roadblocks", tension=6, kosovo_police="at_crossings",
                      jarinje="blockaded", brnjak="kfor_held")
    assert found["jarinje"] == "police_held" and "brnjak" not in found


def test_proxy_violence_burns_a_building_when_no_police_watch():
    """proxy_violence — "A government building in northern Kosovo was set on fire while another was hit with grenades that did not explode."

    With the police at their stations, half of the attacks land: tension +2; costs 2."""
    seed = seed_with_roll("kosovo_serbs", "proxy_violence", 0.0, 0.5)
    assert effect_of("kosovo_serbs", "proxy_violence", seed) == {"tension": 2, "kosovo_serbs.capital": -2}


def test_proxy_violence_fails_and_is_traced():
    """proxy_violence — "A government building in northern Kosovo was set on fire while another was hit with grenades that did not explode."

    When the grenades do not explode, the community loses credibility and tension stays."""
    seed = seed_with_roll("kosovo_serbs", "proxy_violence", 0.5, 1.0)
    assert effect_of("kosovo_serbs", "proxy_violence", seed) == {
        "kosovo_serbs.credibility": -1, "kosovo_serbs.capital": -2}


def test_proxy_violence_is_foiled_more_often_when_police_watch_the_north():
    """proxy_violence — "A government building in northern Kosovo was set on fire while another was hit with grenades that did not explode."

    The same draw that burns a building with the police at their stations fails with police in the north."""
    seed = seed_with_roll("kosovo_serbs", "proxy_violence", 0.3, 0.5)
    assert effect_of("kosovo_serbs", "proxy_violence", seed)["tension"] == 2
    assert effect_of("kosovo_serbs", "proxy_violence", seed, kosovo_police="deployed_north") == {
        "kosovo_serbs.credibility": -1, "kosovo_serbs.capital": -2}


# ---- Russia ---------------------------------------------------------------------------------

def test_russia_watch_west():
    """russia_watch_west — Moscow comments, sparingly, and waits for the West to trip over its own number plates."""
    assert effect_of("russia", "russia_watch_west") == {"russia.capital": 1}


def test_inspect_troops_at_the_border():
    """inspect_troops — "Nebojša Stefanović — met with the Russian ambassador to Belgrade, Alexander Botsan-Kharchenko, to inspect troops near the border with Kosovo."

    Tension +1 and Serbia's support +1; with troops out of barracks, Russian influence +1; costs 2."""
    assert effect_of("russia", "inspect_troops", serbian_troops="massed_at_border") == {
        "tension": 1, "russia_influence": 1, "serbia.support": 1, "russia.capital": -2}


def test_serbia_can_take_the_ambassador_to_the_troops():
    """inspect_troops — "Nebojša Stefanović — met with the Russian ambassador to Belgrade, Alexander Botsan-Kharchenko, to inspect troops near the border with Kosovo."

    Stefanović's own card too: Belgrade pays for it."""
    assert effect_of("serbia", "inspect_troops", serbian_troops="massed_at_border") == {
        "tension": 1, "russia_influence": 1, "serbia.support": 1, "serbia.capital": -2}


def test_inspect_troops_in_barracks_buys_no_influence():
    """inspect_troops — "Nebojša Stefanović — met with the Russian ambassador to Belgrade, Alexander Botsan-Kharchenko, to inspect troops near the border with Kosovo."
    """
    assert effect_of("russia", "inspect_troops") == {"tension": 1, "serbia.support": 1, "russia.capital": -2}


def test_un_shield():
    """un_shield — Moscow's veto stands between Kosovo and a seat at the United Nations.

    Russian influence +1; Russia's credibility -1; costs 2."""
    assert effect_of("russia", "un_shield") == {"russia_influence": 1, "russia.credibility": -1, "russia.capital": -2}


def test_disinformation_spreads():
    """disinformation — "The role of Russia in making matters worse should also be acknowledged."

    Four times in ten the story spreads: tension +1; costs 1."""
    seed = seed_with_roll("russia", "disinformation", 0.0, 0.4)
    assert effect_of("russia", "disinformation", seed) == {"tension": 1, "russia.capital": -1}


def test_disinformation_is_debunked():
    """disinformation — "The role of Russia in making matters worse should also be acknowledged."

    Otherwise it is traced to Moscow: Russia's credibility -1."""
    seed = seed_with_roll("russia", "disinformation", 0.4, 1.0)
    assert effect_of("russia", "disinformation", seed) == {"russia.credibility": -1, "russia.capital": -1}


def test_counsel_restraint():
    """counsel_restraint — The ambassador tells Belgrade not to go too far — and lets everyone know who calmed it.

    Only from tension 6: tension -1, Russian influence +1, credibility +1; costs 1."""
    assert effect_of("russia", "counsel_restraint", tension=6) == {
        "tension": -1, "russia_influence": 1, "russia.credibility": 1, "russia.capital": -1}
    refused = apply_action(round_one(tension=5), Action("submit_orders", "russia", {"cards": ["counsel_restraint"]}))
    assert not refused.ok


# ---- European Union -------------------------------------------------------------------------

def test_eu_prepare_next_round():
    """eu_prepare_next_round — Lajčák's team drafts, phones, and keeps the file warm."""
    assert effect_of("eu", "eu_prepare_next_round") == {"eu.capital": 1}


def test_both_sides_statement():
    """both_sides_statement — "“Both sides” statements — calling on Serbia and Kosovo to de-escalate tensions."

    The first call: tension -1, the West's line is "both sides", Kosovo's support -1; free."""
    assert effect_of("eu", "both_sides_statement") == {
        "tension": -1, "western_line": "both_sides", "kosovo.support": -1}



def test_both_sides_statement_repeated_calms_no_one():
    """both_sides_statement — "“Both sides” statements — calling on Serbia and Kosovo to de-escalate tensions."

    A second voice saying the same (here Washington's) only costs Kosovo support."""
    assert effect_of("usa", "both_sides_statement", western_line="both_sides") == {"kosovo.support": -1}


def test_michel_demand():
    """michel_demand — Charles Michel, 25 September 2021: de-escalate now, "including withdrawal of Special Police Units and barricades". (The op-ed's reading: "Michel demanded that Kosovo withdraw its special police".)

    With police out and a roadblock up, both sides are pressed: tension -1, the credibility of Kosovo and
    of the Kosovo Serbs -1 each; costs 1."""
    assert effect_of("eu", "michel_demand", kosovo_police="at_crossings", jarinje="blockaded") == {
        "tension": -1, "kosovo.credibility": -1, "kosovo_serbs.credibility": -1, "eu.capital": -1}
    assert effect_of("eu", "michel_demand", kosovo_police="at_crossings") == {
        "tension": -1, "kosovo.credibility": -1, "eu.capital": -1}
    assert effect_of("eu", "michel_demand", jarinje="blockaded") == {
        "tension": -1, "kosovo_serbs.credibility": -1, "eu.capital": -1}


def test_eu_led_talks():
    """eu_led_talks — "EU-led talks between the main adversaries", chaired by Miroslav Lajčák "in the hope of calming the situation".

    From round 2: the dialogue moves to Brussels; tension -1; EU credibility +1; costs 1."""
    before = round_two()
    assert changes(before, resolve(before, "eu", "eu_led_talks")) == {
        "dialogue": "brussels_talks", "tension": -1, "eu.credibility": 1, "eu.capital": -1}
    refused = apply_action(round_one(), Action("submit_orders", "eu", {"cards": ["eu_led_talks"]}))
    assert not refused.ok and refused.error.code == "illegal_action"


def test_membership_path():
    """membership_path — "The EU should map out a clear path towards membership for Serbia and Kosovo."

    The path is reaffirmed and pulls Serbia back from China; support +1 in Belgrade and Pristina; costs 2."""
    assert effect_of("eu", "membership_path", china_ties="alternative") == {
        "eu_path": "reaffirmed", "china_ties": "growing", "serbia.support": 1, "kosovo.support": 1,
        "eu.capital": -2}


def test_persuade_five_succeeds():
    """persuade_five — "Persuade the EU's five laggards —Cyprus, Greece, Romania, Slovakia, and Spain — to recognize Kosovo."

    One time in four a capital recognises: one non-recogniser fewer, the bloc's support -1; costs 2."""
    seed = seed_with_roll("usa", "persuade_five", 0.0, 0.25)
    assert effect_of("usa", "persuade_five", seed) == {
        "non_recognisers": -1, "eu5.support": -1, "usa.capital": -2}


def test_persuade_five_is_politely_declined():
    """persuade_five — "Persuade the EU's five laggards —Cyprus, Greece, Romania, Slovakia, and Spain — to recognize Kosovo."
    """
    seed = seed_with_roll("eu", "persuade_five", 0.25, 1.0)
    assert effect_of("eu", "persuade_five", seed) == {"eu.capital": -2}


# ---- United States and United Kingdom -------------------------------------------------------

def test_usa_consult_allies():
    """usa_consult_allies — Washington and London compare notes and keep their options open."""
    assert effect_of("usa", "usa_consult_allies") == {"usa.capital": 1}


def test_dispatch_escobar():
    """dispatch_escobar — "The US dispatched [...] Gabriel Escobar, to Brussels for EU-led talks between the main adversaries."

    From round 2: talks open in Brussels if they had not, with the US envoy there; tension -1; US and EU
    credibility +1; costs 1; once a game."""
    refused = apply_action(round_one(), Action("submit_orders", "usa", {"cards": ["dispatch_escobar"]}))
    assert not refused.ok and refused.error.code == "illegal_action"
    state = round_two()
    after = resolve(state, "usa", "dispatch_escobar")
    assert changes(state, after) == {
        "dialogue": "brussels_talks", "us_envoy": "brussels", "tension": -1, "usa.credibility": 1,
        "eu.credibility": 1, "usa.capital": -1}
    for seat in after.seat_ids:
        after = apply_action(after, Action("ready", seat)).state
    assert after.round == 3
    again = apply_action(after, Action("submit_orders", "usa", {"cards": ["dispatch_escobar"]}))
    assert not again.ok and "used up" in again.error.message


def test_seek_alternatives():
    """seek_alternatives — "Recognize that the Serbia-Kosovo dialogue is deadlocked and seek alternatives to help resolve a volatile security issue."

    The op-ed's first option: Kosovo's capital and support +1, the EU's and Serbia's credibility -1; costs 1."""
    assert effect_of("usa", "seek_alternatives") == {
        "kosovo.capital": 1, "kosovo.support": 1, "eu.credibility": -1, "serbia.credibility": -1, "usa.capital": -1}


def test_renew_kfor_mandate():
    """renew_kfor_mandate — NATO's capitals agree to keep their soldiers at Jarinje and Brnjak a while longer.

    With KFOR's stay running, it is back to three rounds; costs 1."""
    assert effect_of("nato_kfor", "renew_kfor_mandate", kfor_mandate=1) == {"kfor_mandate": 2, "nato_kfor.capital": -1}


def test_name_provocateur():
    """name_provocateur — "Identify Serbia as the main provocateur and demand its withdrawal to a reasonable distance from the Kosovo border."

    The West's line names Serbia: its credibility -2 and capital -1; Kosovo's support +1; costs 1."""
    assert effect_of("nato_kfor", "name_provocateur") == {
        "western_line": "serbia_named", "serbia.credibility": -2, "serbia.capital": -1, "kosovo.support": 1,
        "nato_kfor.capital": -1}


def test_defence_offer():
    """defence_offer — "A robust defense agreement should be signed by the US, UK and EU member states to protect the country's sovereignty and provide deterrence."

    A guarantee is offered (signing it is a clause); Russian influence -1; Kosovo's support +1; costs 2."""
    assert effect_of("usa", "defence_offer") == {
        "defence_guarantee": "offered", "russia_influence": -1, "kosovo.support": 1, "usa.capital": -2}


def test_security_sector():
    """security_sector — "Support Kosovo's security sector and admit the country to NATO's Partnership for Peace (PfP)."

    Kosovo is sponsored for PfP (admission is a clause); Russian influence -1; Kosovo's credibility +1; costs 2."""
    assert effect_of("usa", "security_sector") == {
        "pfp": "sponsored", "russia_influence": -1, "kosovo.credibility": 1, "usa.capital": -2}


# ---- NATO / KFOR ----------------------------------------------------------------------------

def test_kfor_routine_patrols():
    """kfor_routine_patrols — KFOR keeps to its routine and its headquarters keeps to its script."""
    assert effect_of("nato_kfor", "kfor_routine_patrols") == {"nato_kfor.capital": 1}


def test_kfor_to_border():
    """kfor_to_border — "KFOR units have now moved close to the border to observe."

    KFOR observes near the border; tension -1; costs 1."""
    assert effect_of("nato_kfor", "kfor_to_border") == {"kfor": "observing", "tension": -1, "nato_kfor.capital": -1}


def test_kfor_full_north():
    """kfor_full_north — "KFOR should be deployed in full to northern Kosovo."

    KFOR deploys in full to the north; tension -1; NATO credibility +1; costs 2."""
    assert effect_of("nato_kfor", "kfor_full_north", kfor="observing") == {
        "kfor": "full_north", "tension": -1, "nato_kfor.credibility": 1, "nato_kfor.capital": -2}


def test_kfor_reinforce():
    """kfor_reinforce — "Reinforced with additional NATO assets."

    KFOR is reinforced; tension -1; Russian influence -1; costs 3."""
    assert effect_of("nato_kfor", "kfor_reinforce", kfor="full_north") == {
        "kfor": "reinforced", "tension": -1, "russia_influence": -1, "nato_kfor.capital": -3}


# ---- The five EU non-recognisers ------------------------------------------------------------

def test_eu5_stay_in_consensus():
    """eu5_stay_in_consensus — The five sign what the Twenty-Seven sign, and not a word more."""
    assert effect_of("eu5", "eu5_stay_in_consensus") == {"eu5.capital": 1}


def test_hold_the_line():
    """hold_the_line — "Its independence is not recognized by Serbia, Russia, China and five EU member states."

    Support +1 at home, credibility -1 in Brussels; Serbia's support +1, Kosovo's credibility -1; costs 1."""
    assert effect_of("eu5", "hold_the_line") == {
        "eu5.support": 1, "eu5.credibility": -1, "serbia.support": 1, "kosovo.credibility": -1, "eu5.capital": -1}


def test_refrain_from_obstructing():
    """refrain_from_obstructing — "Or at least refrain from obstructing EU membership for the country."

    Kosovo's road is no longer obstructed and a fading EU path is reaffirmed; tension -1; credibility +1,
    support -1; Kosovo's support +1; costs 2."""
    assert effect_of("eu5", "refrain_from_obstructing") == {
        "kosovo_path": "unobstructed", "eu_path": "reaffirmed", "tension": -1, "eu5.credibility": 1,
        "eu5.support": -1, "kosovo.support": 1, "eu5.capital": -2}
    assert effect_of("eu5", "refrain_from_obstructing", eu_path="mapped") == {
        "kosovo_path": "unobstructed", "tension": -1, "eu5.credibility": 1, "eu5.support": -1,
        "kosovo.support": 1, "eu5.capital": -2}


def test_break_ranks():
    """break_ranks — One of the five is persuaded "to recognize Kosovo".

    One non-recogniser fewer; support -2, credibility +2; Serbia's support -1; costs 3."""
    assert effect_of("eu5", "break_ranks") == {
        "non_recognisers": -1, "eu5.support": -2, "eu5.credibility": 2, "serbia.support": -1, "eu5.capital": -3}


def test_quiet_word_in_belgrade():
    """quiet_word_in_belgrade — Athens and Nicosia, Belgrade's old friends, tell it privately to step back — and that they will stand by it if it does.

    With Serbian troops out of barracks: tension -1, Serbia's support +1; costs 1; once a game (said
    again it is only noise)."""
    before = round_one(tension=6, serbian_troops="alert")
    after = resolve(before, "eu5", "quiet_word_in_belgrade")
    assert changes(before, after) == {"tension": -1, "serbia.support": 1, "eu5.capital": -1}
    for seat in after.seat_ids:
        after = apply_action(after, Action("ready", seat)).state
    assert after.round == 2 and after.seat_tracks["eu5"]["capital"] >= 1
    refused = apply_action(after, Action("submit_orders", "eu5", {"cards": ["quiet_word_in_belgrade"]}))
    assert not refused.ok and refused.error.code == "illegal_action"
