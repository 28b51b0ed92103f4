"""The JSON codec and packet class of the websocket packets.

Encoding the views is much of the CPU a broadcast costs (measured: ~0.1 ms per 5 KB view with
the standard library); orjson encodes the same bytes several times faster. Decoding stays with
the standard library, which accepts every JSON a client can send (orjson refuses integers past
64 bits), and anything orjson cannot encode falls back to it too.

`Packet` answers python-socketio's "does this payload hold bytes?" question with one orjson
pass (orjson refuses bytes) instead of a recursive Python walk of the whole view, which
measured ~0.9 ms per room emit of a plates-2021 view: half of a broadcast's CPU. The packet then
encodes the very same object, so the text of that pass is kept and reused (one slot, matched by
identity: a packet is encoded right after it is made).
"""
from __future__ import annotations

import json
from typing import Any

from socketio import packet

try:
    import orjson
except ImportError:  # pragma: no cover - orjson is a dependency; the codec still works without it
    orjson = None


_last: tuple[Any, str] | None = None  # the object data_is_binary encoded last, and its text


def dumps(obj: Any, *args: Any, **kwargs: Any) -> str:
    global _last
    last = _last
    if last is not None and last[0] is obj:
        _last = None  # used once: the packet that made it is the one encoding it
        return last[1]
    if orjson is not None:
        try:
            return orjson.dumps(obj, option=orjson.OPT_NON_STR_KEYS).decode()
        except (TypeError, orjson.JSONEncodeError):
            pass
    return json.dumps(obj, separators=(",", ":"))


def loads(text: str | bytes, *args: Any, **kwargs: Any) -> Any:
    return json.loads(text)


class Packet(packet.Packet):
    @classmethod
    def data_is_binary(cls, data: Any) -> bool:
        global _last
        if orjson is not None:
            try:
                _last = (data, orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS).decode())
                return False
            except (TypeError, orjson.JSONEncodeError):
                pass  # bytes somewhere, or an integer orjson cannot hold: ask the careful way
        return super().data_is_binary(data)
