"""Check every message a client received against the secrets of the seats it does not hold."""
from __future__ import annotations

import json
from typing import Any

from game_rules import load_scenario
from game_rules.talks import channel_members


def _walk(value: Any):
    yield value
    if isinstance(value, dict):
        for v in value.values():
            yield from _walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v)


def leaks(received: list[tuple[str, Any]], viewer: str | None, scenario_id: str,
          channel_texts: dict[str, str], foreign_tokens: list[str]) -> list[str]:
    """What `viewer` (a seat id, or None for a spectator) saw that it must not have.

    Before the game is over: other seats' briefings and objectives, their pending orders.
    Always: messages of channels the viewer is not in, other people's tokens.
    """
    scenario = load_scenario(scenario_id)
    found = []
    over = False  # deltas name the phase only when it changes; once over, the game stays over
    for event, data in received:
        text = json.dumps(data)
        for token in foreign_tokens:
            if token in text:
                found.append(f"{event}: a token that is not its own")
        for channel, marker in channel_texts.items():
            members = channel_members(channel, scenario.seat_ids)
            if members is not None and viewer not in members and marker in text:
                found.append(f"{event}: a message of {channel}")
        if isinstance(data, dict) and "private" in data:
            view = data["private"]  # a seat's private part: its own secrets only, whatever the phase
        else:
            view = (data.get("update") or data).get("view") if isinstance(data, dict) else None
            over = over or bool(view) and view.get("phase") == "over"
            if not view or over:
                continue  # the debrief reveals briefings, objectives and orders
            view = {**view, "log": view.get("log") or (data.get("log") or {}).get("add", [])}
        if "delegations" in view:
            found.append(f"{event}: every delegation's secrets")
        for seat in scenario.seats:
            if seat.id == viewer:
                continue
            if seat.briefing in text:
                found.append(f"{event}: {seat.id}'s briefing")
            for objective in seat.objectives:
                if objective.text in text:
                    found.append(f"{event}: {seat.id}'s objective {objective.id}")
        for node in _walk(view):
            if isinstance(node, dict) and node.get("type") == "orders_noted" and node.get("seat") != viewer:
                found.append(f"{event}: {node['seat']}'s pending orders")
    return found
