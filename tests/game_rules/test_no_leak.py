"""No seat's view ever holds another seat's secrets before the game reveals them."""
import json
import random
import re

import pytest

from game_rules import (
    FACILITATOR,
    SPECTATOR,
    Action,
    apply_action,
    builtin_ids,
    load_scenario,
    merge_views,
    private_view,
    public_view,
    view,
)
from game_rules.talks import bilateral

from .helpers import random_action, started


def _secret_messages(state, rnd):
    """Each seat whispers a unique marker into its own room and into a bilateral channel."""
    actions = []
    for seat in state.seat_ids:
        other = rnd.choice([s for s in state.seat_ids if s != seat])
        actions.append(Action("message", seat, {"channel": f"delegation:{seat}", "text": f"SECRET[{seat}]"}))
        actions.append(Action("message", seat, {"channel": bilateral(seat, other),
                                                "text": f"SECRET[{seat}>{other}]"}))
    return actions


def _secrets_of(state, seat):
    d = state.scenario.seats_by_id[seat]
    found = [d.briefing] + [o.text for o in d.objectives]
    return found


def _forbidden(state):
    """Per viewer, one pattern matching any other delegation's briefing or objective text."""
    patterns = {}
    for viewer in state.seat_ids + (SPECTATOR,):
        own = " ".join(_secrets_of(state, viewer)) if viewer in state.seat_ids else ""
        # Two delegations may share an aim in the same words: that text is not a secret from either.
        secrets = {s for seat in state.seat_ids if seat != viewer for s in _secrets_of(state, seat) if s not in own}
        patterns[viewer] = re.compile("|".join(re.escape(s) for s in sorted(secrets)))
    return patterns


def _check(state, forbidden):
    over = state.is_over()
    for viewer in state.seat_ids + (SPECTATOR,):
        # The round log suffices: it is checked after every action, so every entry is seen while it is new.
        text = json.dumps(view(state, viewer))
        if not over:
            leaked = forbidden[viewer].search(text)
            assert leaked is None, (viewer, leaked and leaked.group())
        # Whispers are never revealed, not even at the end.
        for marker in re.findall(r"SECRET\[([^\]]+)\]", text):
            members = marker.split(">")
            assert viewer in members, (viewer, marker)
        if state.phase == "orders" and viewer in state.seat_ids:
            mine = json.loads(text)
            hidden = [e for e in mine["log"] if e["type"] == "orders_noted" and e["seat"] != viewer]
            assert hidden == []
            assert "orders" not in json.dumps(mine["seats"])  # others' pending orders are not in the view
        private_tracks = {t.id for t in state.scenario.seat_tracks if not t.public}
        for entry in json.loads(text)["log"]:
            for change in entry.get("changes", []):
                if change.get("track") in private_tracks:
                    assert change["seat"] == viewer, (viewer, entry)  # nobody learns another's capital
        if viewer == SPECTATOR:
            parsed = json.loads(text)
            assert "you" not in parsed and ("delegations" not in parsed or over)


@pytest.mark.parametrize("scenario_id", builtin_ids())
def test_random_games_never_leak(scenario_id):
    scenario = load_scenario(scenario_id)
    games = 240 // len(scenario.seats)  # every viewer is checked after every action: the cost grows with seats
    for game in range(games):
        rnd = random.Random(1000 + game)
        state = started(scenario, seed=game)
        forbidden = _forbidden(state)
        while not state.is_over():
            if rnd.random() < 0.1:
                for action in _secret_messages(state, rnd):
                    state = apply_action(state, action).state
            result = apply_action(state, random_action(state, rnd))
            if result.ok:
                state = result.state
                _check(state, forbidden)


def test_pending_orders_are_seen_by_their_seat_and_the_facilitator_only():
    scenario = load_scenario("lighthouse")
    state = started(scenario)
    state = apply_action(state, Action("submit_orders", "aster", {"cards": ["send_gunboat"]})).state
    assert view(state, "aster")["you"]["orders"] == ["send_gunboat"]
    assert view(state, FACILITATOR)["delegations"]["aster"]["orders"] == ["send_gunboat"]
    for viewer in ("brill", "league", SPECTATOR):
        seen = view(state, viewer, log_since=0)
        assert [e for e in seen["log"] if "cards" in e] == []
        assert seen.get("you", {}).get("orders", []) == []
        assert "delegations" not in seen
    assert view(state, "brill")["seats"]["aster"]["ordered"] is True


def test_objectives_are_revealed_when_the_game_is_over():
    scenario = load_scenario("lighthouse")
    state = apply_action(started(scenario), Action("end_game", FACILITATOR)).state
    shown = view(state, SPECTATOR)
    assert shown["delegations"]["aster"]["objectives"][0]["text"] == "The lighthouse is lit by Aster"
    assert "orders" not in shown["delegations"]["aster"]
    assert set(shown["scores"]) == {"aster", "brill", "league"}


@pytest.mark.parametrize("scenario_id", builtin_ids())
def test_the_shared_and_private_parts_make_up_each_seat_view(scenario_id):
    """A server may send the public part once per table: with each seat's private part it is the seat's view."""
    scenario = load_scenario(scenario_id)
    for game in range(10):
        rnd = random.Random(game)
        state = started(scenario, seed=game)
        while not state.is_over():
            result = apply_action(state, random_action(state, rnd))
            if not result.ok:
                continue
            state = result.state
            shared = public_view(state)
            assert "you" not in shared and all(e["to"] is None for e in shared["log"])
            for seat in state.seat_ids:
                mine = private_view(state, seat)
                assert all(e["to"] is not None and seat in e["to"] for e in mine["log"])
                assert merge_views(shared, mine) == view(state, seat)
