"""What a table sends, followed without loss: the public deltas once, each seat's private deltas;
applied as clients apply them, exactly view(state, viewer) of every viewer at every step."""
from __future__ import annotations

import random

import pytest

from game_rules import FACILITATOR, SPECTATOR, load_scenario

from ..game_rules.helpers import random_action, started
from .test_deltas import DELIVER, Room, apply_action


@pytest.mark.parametrize("scenario_id", ["plates-2021", "lighthouse"])
def test_every_viewer_gets_exactly_its_view_through_a_random_game(scenario_id):
    rnd = random.Random(7)
    state = started(load_scenario(scenario_id), 3)
    room = Room(state, [SPECTATOR, FACILITATOR, *state.seat_ids])
    private_entries = changed_secrets = 0
    for _ in range(400):
        result = apply_action(room.state, random_action(room.state, rnd))
        if not result.ok:
            continue
        room.change(result.state, lambda viewer: DELIVER)
        room.check()
        private_entries += sum(len(m["private"]["log"]) for m in room.out.privates.values())
        changed_secrets += sum("you" in m["private"] for m in room.out.privates.values())
        if room.state.is_over():
            break
    assert room.checked > 20 * len(room.clients)
    assert private_entries > 0 and changed_secrets > 0  # the private stream carried both kinds of change
    assert all(client.resyncs == 0 for client in room.clients.values())
    assert 0 < max(room.sizes) <= 8192  # no delta of play weighs more (the game's end is sent as snapshots)
