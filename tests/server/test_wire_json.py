"""The packet codec encodes what the standard library would, and never fails where it would not."""
from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st
from socketio import packet

from server import wire_json

values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@given(values)
def test_round_trips_like_the_standard_library(value):
    assert json.loads(wire_json.dumps(value)) == json.loads(json.dumps(value))
    assert wire_json.loads(json.dumps(value)) == json.loads(json.dumps(value))


def test_integers_past_64_bits_fall_back_instead_of_failing():
    assert json.loads(wire_json.dumps({"n": 2**70})) == {"n": 2**70}


@given(values)
def test_the_packet_class_finds_no_bytes_in_json_data(value):
    assert wire_json.Packet.data_is_binary(value) is False


def test_the_packet_class_still_finds_bytes():
    assert wire_json.Packet.data_is_binary({"a": [1, {"b": b"\x00"}]}) is True
    assert wire_json.Packet.data_is_binary({"n": 2**70}) is False


class ServerPacket(wire_json.Packet):
    json = wire_json  # as the server sets it (Server(json=wire_json) sets its packet class's codec)


@given(st.dictionaries(st.text(max_size=8), values, max_size=4))
def test_a_packet_encodes_what_the_standard_library_would(payload):
    encoded = ServerPacket(packet.EVENT, data=["update", payload]).encode()
    assert encoded.startswith("2") and json.loads(encoded[1:]) == json.loads(json.dumps(["update", payload]))


def test_the_text_kept_from_the_binary_check_serves_that_object_once():
    payload = ["update", {"n": 1}]
    wire_json.Packet.data_is_binary(payload)
    assert wire_json.dumps(payload) == '["update",{"n":1}]'
    payload[1]["n"] = 2  # a later encoding of the same object is fresh
    assert wire_json.dumps(payload) == '["update",{"n":2}]'
    assert wire_json.dumps(["other"]) == '["other"]'
