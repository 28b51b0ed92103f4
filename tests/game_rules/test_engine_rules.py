"""The rules of play, on the small fictional scenario. Each docstring quotes the rule it tests."""
import pytest

from game_rules import FACILITATOR, SYSTEM, Action, apply_action, load_scenario, new_game, view

from .helpers import started


@pytest.fixture(scope="module")
def scenario():
    return load_scenario("lighthouse")


def ok(state, *actions):
    for action in actions:
        result = apply_action(state, action)
        assert result.ok, result.error
        state = result.state
    return state


def refused(state, action):
    result = apply_action(state, action)
    assert not result.ok
    return result.error.code


def orders(**by_seat):
    return [Action("submit_orders", seat, {"cards": cards}) for seat, cards in by_seat.items()]


def to_talks(state, **by_seat):
    by_seat = {s: by_seat.get(s, []) for s in state.seat_ids}
    return ok(state, *orders(**by_seat))


# ---- the order of checks ----------------------------------------------------------------------


def test_checks_come_in_the_documented_order(scenario):
    """unknown_action → game_over → bad_params → wrong_phase → not_allowed → illegal_action."""
    lobby = new_game(scenario, 1)
    over = ok(lobby, Action("end_game", FACILITATOR))
    assert refused(over, Action("fly", "aster")) == "unknown_action"
    assert refused(over, Action("submit_orders", "aster", {"cards": 3})) == "game_over"
    assert refused(lobby, Action("submit_orders", "aster", {"cards": 3})) == "bad_params"
    assert refused(lobby, Action("submit_orders", "aster", {"cards": []})) == "wrong_phase"
    game = started(scenario)
    assert refused(game, Action("submit_orders", "nobody", {"cards": []})) == "not_allowed"
    assert refused(game, Action("submit_orders", FACILITATOR, {"cards": []})) == "not_allowed"
    assert refused(game, Action("inject_event", "aster", {"event": "storm"})) == "not_allowed"
    assert refused(game, Action("end_game", SYSTEM)) == "not_allowed"
    assert refused(game, Action("submit_orders", "league", {"cards": ["send_gunboat"]})) == "illegal_action"


def test_a_refusal_changes_nothing(scenario):
    game = started(scenario)
    before = (dict(game.tracks), list(game.log), dict(game.orders), game.moves_made)
    refused(game, Action("submit_orders", "aster", {"cards": ["send_gunboat", "recall_fleet"]}))
    assert (game.tracks, game.log, game.orders, game.moves_made) == before


# ---- orders -----------------------------------------------------------------------------------


def test_orders_can_be_revised_until_the_reveal(scenario):
    """Orders are secret and may be revised until every delegation has ordered or the phase closes."""
    game = started(scenario)
    game = ok(game, Action("submit_orders", "aster", {"cards": ["send_gunboat"]}),
              Action("submit_orders", "aster", {"cards": ["recall_fleet"]}))
    assert game.orders["aster"] == ("recall_fleet",)
    game = ok(game, *orders(brill=[], league=[]))
    revealed = [e for e in game.log if e["type"] == "orders_revealed"][-1]
    assert revealed["orders"]["aster"] == ["recall_fleet"]
    assert game.phase == "talks"


def test_orders_respect_the_limit_and_the_budget(scenario):
    """At most orders_per_round cards; their costs together must be affordable."""
    game = started(scenario)
    assert refused(game, Action("submit_orders", "aster", {"cards": ["send_gunboat", "recall_fleet"]})) == "illegal_action"
    assert game.seat_tracks["aster"]["capital"] == 3  # 2 to start, 1 income
    game.seat_tracks["aster"]["capital"] = 1
    assert refused(game, Action("submit_orders", "aster", {"cards": ["light_the_lamp"]})) == "illegal_action"


def test_resolution_follows_the_steps_and_pays_costs(scenario):
    """Steps run in order stand_down, move, speak; a card costs its capital when it resolves."""
    game = started(scenario)
    friction = game.tracks["friction"]
    game = to_talks(game, aster=["send_gunboat"], brill=["recall_fleet"], league=["shuttle_talks"])
    resolved = [(e["seat"], e["card"]) for e in game.log if e["type"] == "card_resolved"]
    assert resolved == [("brill", "recall_fleet"), ("aster", "send_gunboat"), ("league", "shuttle_talks")]
    assert game.tracks["friction"] == friction - 1 + 2 - 1
    assert game.seat_tracks["aster"]["capital"] == 2
    assert game.seat_tracks["league"]["capital"] == 2


def test_a_card_whose_conditions_lapse_fizzles_for_free(scenario):
    """A card whose conditions no longer hold when its turn comes fizzles and costs nothing.

    Aster resolves before Brill; when Aster's lamp catches, Brill's lamp (requires: a dark tower) fizzles.
    """
    branches = set()
    for seed in range(20):
        game = started(scenario, seed=seed)
        game.seat_tracks["brill"]["support"] = 5
        game = to_talks(game, aster=["light_the_lamp"], brill=["brill_lamp"])
        fizzled = [(e["seat"], e["card"]) for e in game.log if e["type"] == "card_fizzled"]
        if game.tracks["lighthouse"] == "aster_lit":
            assert fizzled == [("brill", "brill_lamp")]
            assert game.seat_tracks["brill"]["capital"] == 3
        else:
            assert game.tracks["lighthouse"] == "brill_lit" and fizzled == []
            assert game.seat_tracks["brill"]["capital"] == 1
        branches.add(game.tracks["lighthouse"])
    assert branches == {"aster_lit", "brill_lit"}  # the lamp's chance went both ways over the seeds


def test_armed_clash_when_the_ladder_tops_out(scenario):
    """The moment the clash track reaches its top, the crisis is an armed clash and resolution stops."""
    game = started(scenario)
    game.tracks["friction"] = 5
    game = to_talks(game, aster=["send_gunboat"], league=["shuttle_talks"])
    assert game.is_over() and game.outcome == "armed_clash"
    assert not any(e["type"] == "card_resolved" and e["seat"] == "league" for e in game.log)


# ---- talks ------------------------------------------------------------------------------------


def test_an_agreement_binds_when_its_parties_sign_and_settles_at_round_end(scenario):
    """A proposal binds the moment every party its clauses name has signed; a settling clause ends the game."""
    game = to_talks(started(scenario))
    game = ok(game, Action("propose", "league", {"clauses": ["shared_fishing"]}),
              Action("sign", "aster", {"proposal": 1}))
    assert game.proposals[1]["status"] == "open"
    game = ok(game, Action("sign", "brill", {"proposal": 1}))
    assert game.proposals[1]["status"] == "bound" and game.tracks["fishing"] == "shared"
    assert not game.is_over()
    game = ok(game, *[Action("ready", s) for s in game.seat_ids])
    assert game.outcome == "agreement"


def test_a_clause_with_conditions_is_tabled_and_bound_only_while_they_hold(scenario):
    """A clause with conditions (`requires`) can be tabled, and bound, only while they hold.

    League keeper: requires {track: friction, lte: 4}.
    """
    game = to_talks(started(scenario))
    game.tracks["friction"] = 5
    assert refused(game, Action("propose", "league", {"clauses": ["league_keeper"]})) == "illegal_action"
    game.tracks["friction"] = 4
    game = ok(game, Action("propose", "league", {"clauses": ["league_keeper"]}),
              Action("sign", "aster", {"proposal": 1}), Action("sign", "league", {"proposal": 1}))
    game.tracks["friction"] = 5  # the crisis moved before the last signature
    assert refused(game, Action("sign", "brill", {"proposal": 1})) == "illegal_action"
    game.tracks["friction"] = 3
    game = ok(game, Action("sign", "brill", {"proposal": 1}))
    assert game.proposals[1]["status"] == "bound" and game.tracks["lighthouse"] == "league_lit"


def test_only_parties_sign(scenario):
    game = ok(to_talks(started(scenario)), Action("propose", "aster", {"clauses": ["shared_fishing"]}))
    assert refused(game, Action("sign", "league", {"proposal": 1})) == "not_allowed"


def test_a_party_rejection_kills_and_an_amendment_replaces(scenario):
    """A required party's rejection kills a proposal; an amendment tables a new one in its place."""
    game = ok(to_talks(started(scenario)), Action("propose", "league", {"clauses": ["shared_fishing", "league_keeper"]}))
    amended = ok(game, Action("amend", "aster", {"proposal": 1, "clauses": ["league_keeper"]}))
    assert amended.proposals[1]["status"] == "superseded" and amended.proposals[2]["amends"] == 1
    assert refused(amended, Action("sign", "aster", {"proposal": 1})) == "illegal_action"
    rejected = ok(game, Action("respond", "brill", {"proposal": 1, "answer": "reject"}))
    assert rejected.proposals[1]["status"] == "rejected"
    onlooker = ok(ok(to_talks(started(scenario)), Action("propose", "aster", {"clauses": ["shared_fishing"]})),
                  Action("respond", "league", {"proposal": 1, "answer": "reject"}))
    assert onlooker.proposals[1]["status"] == "open"  # the League is not a party to shared fishing


def test_open_proposals_lapse_at_round_end(scenario):
    game = ok(to_talks(started(scenario)), Action("propose", "aster", {"clauses": ["shared_fishing"]}))
    game = ok(game, *[Action("ready", s) for s in game.seat_ids])
    assert game.proposals[1]["status"] == "lapsed" and game.round == 2 and game.phase == "orders"


def test_channels_admit_only_their_members(scenario):
    game = started(scenario)
    assert refused(game, Action("message", "league", {"channel": "bilateral:aster+brill", "text": "hi"})) == "not_allowed"
    assert refused(game, Action("message", "league", {"channel": "delegation:aster", "text": "hi"})) == "not_allowed"
    assert refused(game, Action("message", "league", {"channel": "bilateral:brill+aster", "text": "hi"})) == "illegal_action"
    game = ok(game, Action("message", "aster", {"channel": "bilateral:aster+brill", "text": "psst"}))
    assert any(e.get("text") == "psst" for e in view(game, "brill")["log"])
    assert not any(e.get("text") == "psst" for e in view(game, "league")["log"])


def test_text_is_limited(scenario):
    game = started(scenario)
    assert refused(game, Action("message", "aster", {"channel": "plenary", "text": "x" * 1001})) == "bad_params"
    assert refused(game, Action("message", "aster", {"channel": "plenary", "text": "  "})) == "bad_params"


# ---- the round and the facilitator ------------------------------------------------------------


def test_deadlock_when_the_rounds_run_out(scenario):
    """A game that reaches the end of its last round without agreement or clash is a deadlock."""
    game = started(scenario)
    while not game.is_over():
        game = ok(game, Action("close_phase", SYSTEM))
    assert game.outcome == "deadlock" and game.round == game.rounds


def test_round_one_reveals_its_scheduled_event_and_pays_income(scenario):
    game = started(scenario)
    assert game.event == "storm" and game.tracks["friction"] == 1
    assert game.seat_tracks["aster"]["capital"] == 3


def test_the_facilitator_injects_announces_and_ends(scenario):
    game = ok(started(scenario), Action("inject_event", FACILITATOR, {"event": "nets_cut"}),
              Action("announce", FACILITATOR, {"text": "Ten minutes left"}))
    assert game.tracks["friction"] == 2
    assert [e["type"] for e in game.log[-2:]] == ["event_injected", "announcement"]
    assert refused(game, Action("inject_event", FACILITATOR, {"event": "meteor"})) == "illegal_action"
    game = ok(game, Action("end_game", FACILITATOR))
    assert game.outcome == "deadlock" and "facilitator" in game.termination
