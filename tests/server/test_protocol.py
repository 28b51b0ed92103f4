"""The protocol module: schemas accept what the docs promise and refuse the rest; docs are fresh."""
from __future__ import annotations

import pytest
from marshmallow import ValidationError

from server import protocol, protocol_doc


def test_every_event_has_a_schema_a_sender_and_a_summary():
    for name, event in protocol.EVENTS.items():
        assert event.name == name
        assert event.sender in ("anyone", "player", "facilitator")
        assert event.summary and event.schema


def test_engine_events_map_to_engine_action_kinds():
    from game_rules import KINDS

    for event in protocol.EVENTS.values():
        if event.engine_kind:
            assert event.engine_kind in KINDS


@pytest.mark.parametrize("event, payload", [
    ("join", {"code": "ACDFGH", "nickname": "Ana"}),
    ("join", {"code": "acd fgh", "nickname": "Ana", "role": "projector"}),
    ("submit_orders", {"cards": []}),
    ("submit_orders", {"cards": ["send_gunboat"], "seat": "aster"}),
    ("respond", {"proposal": 1, "answer": "reject"}),
    ("chat", {"channel": "bilateral:aster+brill", "text": "<script>alert(1)</script>"}),
    ("assign", {"player": "p1", "seat": None}),
    ("set_bot", {"seat": "aster", "temperament": "hawk"}),
    ("extend", {"seconds": 30}),
    ("start", {}),
])
def test_valid_payloads_load(event, payload):
    protocol.EVENTS[event].schema().load(payload)


@pytest.mark.parametrize("event, payload, field", [
    ("join", {"code": "ACDFGH"}, "nickname"),
    ("join", {"code": "ACDFGH", "nickname": "x" * 41}, "nickname"),
    ("join", {"code": "ACDFGH", "nickname": "Ana", "role": "king"}, "role"),
    ("submit_orders", {"cards": "send_gunboat"}, "cards"),
    ("submit_orders", {"cards": ["a"] * 13}, "cards"),
    ("respond", {"proposal": "1", "answer": "accept"}, "proposal"),
    ("respond", {"proposal": True, "answer": "accept"}, "proposal"),
    ("statement", {"text": "x" * 1001}, "text"),
    ("statement", {"text": ""}, "text"),
    ("start", {"now": True}, "now"),
    ("extend", {"seconds": 0}, "seconds"),
    ("set_bot", {"seat": "aster", "temperament": "berserk"}, "temperament"),
])
def test_invalid_payloads_name_the_field(event, payload, field):
    with pytest.raises(ValidationError) as caught:
        protocol.EVENTS[event].schema().load(payload)
    assert field in caught.value.messages


def test_docs_protocol_md_is_generated_from_the_schemas():
    """Stale? Run: python -m server.protocol_doc"""
    assert protocol_doc.PATH.read_text(encoding="utf-8") == protocol_doc.render()
    for name in protocol.EVENTS:
        assert f"### `{name}`" in protocol_doc.render()
    for code in protocol.ERRORS:
        assert f"`{code}`" in protocol_doc.render()
