"""The reference client of the update protocol (docs/protocol.md: snapshot, update, shared,
private): what a client holds and how each message changes it. web_client/js/link.js follows
the same steps; the tests and the load generator use this one. Nothing here runs in the server."""
from __future__ import annotations

from typing import Any


class Mirror:
    """A client's copy of its update: a snapshot replaces it, deltas patch it in order, and a
    delta that does not follow makes it empty until the next snapshot (the client sends `resync`)."""

    def __init__(self):
        self.latest: dict[str, Any] | None = None  # {game, seq, view, roster, timer}
        self.private_seq = -1  # the seq the private part held (in latest's view) is from
        self.waiting: list[tuple[str, dict[str, Any]]] = []  # deltas that came before a snapshot
        self.resyncs = 0

    def snapshot(self, update: dict[str, Any]) -> bool:
        """Take a whole update; False if a delta that came before it does not follow it (resync)."""
        if self.latest is not None and update["seq"] < self.latest["seq"]:
            return True  # an answer overtaken by newer deltas
        self.latest = {**update, "view": {**update["view"], "log": list(update["view"]["log"])}}
        self.private_seq = update["seq"]
        waiting, self.waiting = self.waiting, []
        return all(self.take(event, message) for event, message in waiting)

    def take(self, event: str, message: dict[str, Any]) -> bool:
        """Apply a delta (`update`, `shared`) or a private part; False if the client must resync."""
        if self.latest is None:
            self.waiting.append((event, message))
            return True
        if event == "private":
            return self._private(message)
        if message["seq"] <= self.latest["seq"]:
            return True
        if message["base"] != self.latest["seq"]:
            return self._gap()
        view = {k: v for k, v in self.latest["view"].items() if k not in message.get("unset", ())}
        view.update(message["view"])
        for key, node in message.get("patch", {}).items():
            view[key] = patched(view[key], node)
        view["log"] = _merged([e for e in view["log"] if e["n"] >= message["log"]["from"]], message["log"]["add"])
        update = {**self.latest, "seq": message["seq"], "view": view}
        for part in ("roster", "timer"):
            if part in message:
                update[part] = message[part]
        self.latest = update
        return True

    def _private(self, message: dict[str, Any]) -> bool:
        if message["seq"] <= self.private_seq:
            return True
        if message["base"] > self.private_seq:
            return self._gap()
        part = message["private"]
        assert self.latest is not None  # a seat's private part follows its first snapshot
        view = {**self.latest["view"], "log": _merged(self.latest["view"]["log"], part["log"])}
        if "you" in part:
            view["you"] = part["you"]
        self.latest = {**self.latest, "view": view}
        self.private_seq = message["seq"]
        return True

    def _gap(self) -> bool:
        self.latest, self.waiting = None, []
        self.resyncs += 1
        return False


def _merged(log: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not new:
        return log
    merged = log + new
    if log and new[0]["n"] < log[-1]["n"]:
        merged.sort(key=lambda e: e["n"])
    return merged


def patched(value: Any, node: dict[str, Any]) -> Any:
    """`value` with a patch applied (server/deltas.py patch()); `value` itself is left as it was."""
    if isinstance(value, list):
        out = list(value[:node["length"]])
        out += [None] * (node["length"] - len(out))
        for index, whole in node.get("set", {}).items():
            out[int(index)] = whole
        for index, inner in node.get("patch", {}).items():
            out[int(index)] = patched(out[int(index)], inner)
        return out
    obj = {k: v for k, v in value.items() if k not in node.get("unset", ())}
    obj.update(node.get("set", {}))
    for key, inner in node.get("patch", {}).items():
        obj[key] = patched(obj[key], inner)
    return obj
