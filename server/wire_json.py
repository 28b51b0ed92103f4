"""The JSON codec and packet class of the websocket packets.

Encoding the views is much of the CPU a broadcast costs (measured: ~0.1 ms per 5 KB view with
the standard library); orjson encodes the same bytes several times faster. Decoding stays with
the standard library, which accepts every JSON a client can send (orjson refuses integers past
64 bits), and anything orjson cannot encode falls back to it too.

`Packet` answers python-socketio's "does this payload hold bytes?" question with one orjson
pass (orjson refuses bytes) instead of a recursive Python walk of the whole view, which
measured ~0.9 ms per room emit of a plates-2021 view: half of a broadcast's CPU. A packet keeps
the text of that pass and is encoded from it, so its data is written once, not twice. It
relies on python-socketio's Packet taking `binary=False` as "no bytes here" and encoding an
event as type, namespace, id and the data's JSON; tests/server/test_wire_json.py fails if
either stops holding.

Decoding has limits, checked before any handler runs: a packet longer than MAX_PACKET_CHARS,
nested deeper than MAX_DEPTH, holding an integer Python refuses to read (over 4,300 digits) or
NaN/Infinity, or an event that is not a list [name, ...], becomes the event MALFORMED with the
client's acknowledgement id, so the client gets a typed refusal (sockets.py) instead of no
answer and the log a traceback.
"""
from __future__ import annotations

import json
import re
from typing import Any

from socketio import packet

from .protocol import MAX_MESSAGE_BYTES

try:
    import orjson
except ImportError:  # pragma: no cover - orjson is a dependency; the codec still works without it
    orjson = None  # type: ignore[assignment]


def dumps(obj: Any, *args: Any, **kwargs: Any) -> str:
    if orjson is not None:
        try:
            return orjson.dumps(obj, option=orjson.OPT_NON_STR_KEYS).decode()
        except (TypeError, orjson.JSONEncodeError):
            pass
    return json.dumps(obj, separators=(",", ":"))


MAX_DEPTH = 64  # the protocol's deepest payload is 3 levels; JSON nested deeper is refused
# A message is at most protocol.MAX_MESSAGE_BYTES as compact UTF-8 JSON (checked on the decoded
# payload); escapes (\uXXXX) can make its text several times longer, so the text is cut at 4x.
MAX_PACKET_CHARS = 4 * MAX_MESSAGE_BYTES
MALFORMED = "malformed packet"  # the event a packet that cannot be decoded becomes
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_BRACKET = re.compile(r"[\[\]{}]")


class Malformed(ValueError):
    """A packet refused while decoding; `code` is the protocol error code it answers."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def _refuse_constant(name: str) -> Any:
    raise Malformed("bad_payload", f"{name} is not JSON")


_decoder = json.JSONDecoder(parse_constant=_refuse_constant)


def loads(text: str | bytes, *args: Any, **kwargs: Any) -> Any:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    if len(text) > MAX_PACKET_CHARS:
        raise Malformed("too_large", f"the packet has {len(text)} characters; the limit is {MAX_PACKET_CHARS}")
    if text.count("[") + text.count("{") > MAX_DEPTH and _depth(text) > MAX_DEPTH:
        raise Malformed("bad_payload", f"the message is nested deeper than {MAX_DEPTH} levels")
    try:
        return _decoder.decode(text)
    except Malformed:
        raise
    except (ValueError, RecursionError) as exc:  # not JSON, or an integer over 4,300 digits
        raise Malformed("bad_payload", f"the message is not JSON: {str(exc)[:120]}") from None


def _depth(text: str) -> int:
    """How deep the brackets of `text` nest, outside strings (only counted when there are many)."""
    depth = deepest = 0
    for bracket in _BRACKET.findall(_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _orjson_text(data: Any) -> str | None:
    """`data` as JSON text, or None if orjson cannot write it (bytes, an integer past 64 bits)."""
    if orjson is None:
        return None
    try:
        return orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS).decode()
    except (TypeError, orjson.JSONEncodeError):
        return None


class Packet(packet.Packet):
    packet_type: int  # set by python-socketio's Packet, which is not typed
    def __init__(self, packet_type=packet.EVENT, data=None, namespace=None, id=None, binary=None,
                 encoded_packet=None):
        # The text of the bytes check, kept by the packet that encodes it (binary=False then
        # tells the base class the check is done).
        self._text = _orjson_text(data) if data is not None and binary is None else None
        super().__init__(packet_type, data, namespace, id, False if self._text is not None else binary,
                         encoded_packet)

    def decode(self, encoded_packet):
        """Decode as python-socketio does; an event that breaks the limits above, or is not a
        list starting with a name, becomes MALFORMED (its acknowledgement id kept)."""
        try:
            attachments = super().decode(encoded_packet)
        except Malformed as exc:
            if self.packet_type not in (packet.EVENT, packet.BINARY_EVENT):
                raise
            self.packet_type, self.data = packet.EVENT, [MALFORMED, {"code": exc.code, "message": exc.message}]
            return 0
        if self.packet_type in (packet.EVENT, packet.BINARY_EVENT) and not (
                isinstance(self.data, list) and self.data and isinstance(self.data[0], str)):
            self.packet_type = packet.EVENT
            self.data = [MALFORMED, {"code": "bad_payload", "message": "an event is a list: [name, payload]"}]
            return 0
        return attachments

    @classmethod
    def data_is_binary(cls, data: Any) -> bool:
        if _orjson_text(data) is not None:
            return False
        return super().data_is_binary(data)  # bytes somewhere, or an integer orjson cannot hold

    def encode(self):
        """The packet as text, written as the base class writes it, from the kept text."""
        if self._text is None or self.packet_type not in (packet.EVENT, packet.ACK):
            return super().encode()
        encoded = str(self.packet_type)
        if self.namespace is not None and self.namespace != "/":
            encoded += self.namespace + ","
        if self.id is not None:
            encoded += str(self.id)
        return encoded + self._text
