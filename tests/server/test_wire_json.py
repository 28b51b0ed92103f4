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


@given(st.dictionaries(st.text(max_size=8), values, max_size=4), st.sampled_from(["/", "/other"]),
       st.none() | st.integers(0, 10**6))
def test_a_packet_encoded_from_its_kept_text_is_what_the_library_writes(payload, namespace, ack_id):
    """The packet writes its kept text in the library's own layout (type, namespace, id, data):
    fails if python-socketio changes how it writes an event."""
    data = ["update", payload]
    ours = ServerPacket(packet.EVENT, data=data, namespace=namespace, id=ack_id)
    theirs = packet.Packet(packet.EVENT, data=data, namespace=namespace, id=ack_id)
    theirs.json = wire_json
    assert ours.encode() == theirs.encode()


def test_a_packet_is_written_once_from_the_text_of_its_bytes_check(monkeypatch):
    """Fails if the library stops taking binary=False as "checked: no bytes", or encodes by
    another path than Packet.encode: the data would then be written a second time."""
    checks = []
    monkeypatch.setattr(packet.Packet, "data_is_binary", classmethod(lambda cls, data: checks.append(data)))
    pkt = ServerPacket(packet.EVENT, data=["update", {"n": 1}])
    assert checks == []  # the base class did not check again
    monkeypatch.setattr(wire_json, "dumps", lambda *a, **k: (_ for _ in ()).throw(AssertionError("written twice")))
    assert pkt.encode() == '2["update",{"n":1}]'


def test_a_packet_with_bytes_is_still_a_binary_packet():
    pkt = ServerPacket(packet.EVENT, data=["file", {"b": b"\x00"}])
    assert pkt.packet_type == packet.BINARY_EVENT and isinstance(pkt.encode(), list)
