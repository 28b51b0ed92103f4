"""Snapshots and deltas: what a table's connections are sent, in proportion to the change.

A snapshot is a viewer's whole view (game_rules.view with the log from the update window's
start, see update_log_start) with the roster and the timer. After it a connection gets one delta
per change: the parts of the view whose value changed (each part replaced whole), the log
entries the viewer may read that are new since the last change, and where the log window now
starts. Deltas come from comparing the engine's views of successive positions (public_view,
private_view, view, each from the last change's log end), never from picking state by hand, so
the view functions stay the one edge where secrets are removed.

Three streams, as before the deltas: the public view (`shared` to seated players, `update` to
spectators and projectors, the same bytes), the facilitator's view (`update`), and a seat's
private part (`private`, sent only when it changed). Each message names the `seq` it brings the
client to and the `base` it applies to; a client that does not hold the base has missed
something and asks for a snapshot (`resync`). Without this, every update carried the round's
whole log: ~315 KB per update after 2,000 chat messages, to every connection of the table.

Pure: no sockets here. server/broadcast.py sends what this computes; server/mirror.py is the
reference client.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from game_rules import FACILITATOR, SPECTATOR, State, private_view, public_view, same_private_views, same_secrets, view

from .game import update_log_start

PUBLIC = SPECTATOR  # the public view: spectators, projectors and (merged with privates) seated players
TABLE_PARTS = ("roster", "timer")  # what an update carries beside the view


@dataclass
class Sent:
    """What a game's rooms were last sent: the position (`seq`, `state`), each stream's view parts
    (without the log), the table parts, and per seat its private part and the seq it last changed."""

    seq: int
    state: State
    table: dict[str, Any]
    views: dict[str, dict[str, Any]] = field(default_factory=dict)  # PUBLIC or FACILITATOR -> parts
    yours: dict[str, Any] = field(default_factory=dict)  # seat -> its `you`
    private_seq: dict[str, int] = field(default_factory=dict)  # seat -> seq its private part last changed


@dataclass
class Changes:
    """One change's messages. A stream mapped to None has no base here: its connections need snapshots."""

    seq: int
    public: dict[str, Any] | None = None
    facilitator: dict[str, Any] | None = None
    privates: dict[str, dict[str, Any] | None] = field(default_factory=dict)  # only seats whose part changed
    snapshots: set[str] = field(default_factory=set)  # viewers (PUBLIC, FACILITATOR, seats) with no base


def snapshot(game_id: str, seq: int, state: State, viewer: str, table: dict[str, Any]) -> dict[str, Any]:
    """A viewer's whole update: its view with the window's log, the roster and the timer."""
    return {"game": game_id, "seq": seq, "view": view(state, viewer, update_log_start(state)), **table}


def _parts(whole: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    parts = dict(whole)
    return parts, parts.pop("log")


def _stream_view(state: State, stream: str, since: int) -> dict[str, Any]:
    return public_view(state, since) if stream == PUBLIC else view(state, stream, since)


def register(sent: Sent | None, seq: int, state: State, viewer: str, table: dict[str, Any]) -> Sent | None:
    """Note that a connection of `viewer` was just given a snapshot at `seq`, so that later deltas
    to its room have a base. A stream already followed keeps its base (its other connections hold
    that); a position other than the one last sent is left alone (its room then gets snapshots)."""
    if sent is None:
        sent = Sent(seq, state, dict(table))
    elif sent.seq != seq:
        return sent
    stream = FACILITATOR if viewer == FACILITATOR else PUBLIC
    if stream not in sent.views:
        sent.views[stream] = _parts(_stream_view(state, stream, state.log_end))[0]
    if viewer not in (FACILITATOR, SPECTATOR) and viewer not in sent.yours:
        sent.yours[viewer] = private_view(state, viewer, state.log_end)["you"]
        sent.private_seq.setdefault(viewer, seq)
    return sent


def changes(game_id: str, sent: Sent | None, seq: int, state: State, table: dict[str, Any],
            streams: list[str], seats: list[str]) -> tuple[Changes, Sent]:
    """The messages of the change that brought the game from `sent` to (`seq`, `state`), for the
    `streams` (PUBLIC, FACILITATOR) and `seats` that have connections, and what is now sent."""
    out = Changes(seq)
    now = Sent(seq, state, dict(table))
    if sent is None or (state.is_over() and not sent.state.is_over()):
        # The end reveals every delegation's secrets to everyone (~11 KB for plates-2021): a
        # snapshot each, once, rather than a delta of that size.
        out.snapshots.update(streams, seats)
        for stream in streams:  # the base of the next deltas: what the snapshots hold
            now.views[stream] = _parts(_stream_view(state, stream, state.log_end))[0]
        for seat in seats:
            now.yours[seat], now.private_seq[seat] = private_view(state, seat, state.log_end)["you"], seq
        return out, now
    window = update_log_start(state)
    since = max(sent.state.log_end, window)
    table_delta = {k: table[k] for k in TABLE_PARTS if sent.table.get(k) != table[k]}
    secrets_kept = same_secrets(sent.state, state)
    for stream in streams:
        before = sent.views.get(stream)
        if stream == FACILITATOR and before is not None and secrets_kept:
            # Every delegation's secrets as last sent: most changes (talk) touch none, and building
            # them was ~8% of the server's CPU in the classroom workload (bench/README.md).
            parts, log = _parts(view(state, stream, since, without=("delegations",)))
            parts["delegations"] = before["delegations"]
        else:
            parts, log = _parts(_stream_view(state, stream, since))
        now.views[stream] = parts
        if before is None:
            out.snapshots.add(stream)
            continue
        message = {"game": game_id, "seq": seq, "base": sent.seq, **_changed(before, parts),
                   "log": {"from": window, "add": log}, **table_delta}
        if stream == PUBLIC:
            out.public = message
        else:
            out.facilitator = message
    _private_changes(game_id, sent, now, out, seats, since)
    return out, now


def _changed(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The view parts that changed: `view` those sent whole (new, or not worth a patch), `patch`
    those sent as a patch (see patch()), `unset` those gone."""
    whole, patches = {}, {}
    for key, value in after.items():
        old = before.get(key, _MISSING)
        if old is _MISSING:
            whole[key] = value
        elif old != value:
            node = patch(old, value)
            if node is None:
                whole[key] = value
            else:
                patches[key] = node
    out: dict[str, Any] = {"view": whole}
    if patches:
        out["patch"] = patches
    gone = [key for key in before if key not in after]
    if gone:  # no view loses a part today; said rather than assumed
        out["unset"] = gone
    return out


def patch(old: Any, new: Any) -> dict[str, Any] | None:
    """What turns `old` into `new` (which differ), as a patch, or None to send `new` whole.

    A dict: {"set": {key: whole value}, "patch": {key: patch}, "unset": [keys]}; a list that
    grew or kept its length: {"length": n, "set": {index: whole value}, "patch": {index: patch}}
    (indices as text, as JSON keys are); anything else is sent whole. The parts that change
    under play without being replaced are dicts of dicts (the facilitator's `delegations`, the
    `seats`) and the list of proposals, which only grows and whose items change their status:
    sent whole, the facilitator's delegations measured up to 14 KB per update and the proposals
    6 KB by the end of a game of 34 proposals."""
    if isinstance(old, dict) and isinstance(new, dict):
        node: dict[str, Any] = {}
        for key, value in new.items():
            was = old.get(key, _MISSING)
            if was is _MISSING:
                node.setdefault("set", {})[key] = value
            elif was != value:
                inner = patch(was, value)
                if inner is None:
                    node.setdefault("set", {})[key] = value
                else:
                    node.setdefault("patch", {})[key] = inner
        gone = [key for key in old if key not in new]
        if gone:
            node["unset"] = gone
        return node
    if isinstance(old, list) and isinstance(new, list) and len(new) >= len(old):
        node = {"length": len(new)}
        for index, value in enumerate(new):
            was = old[index] if index < len(old) else _MISSING
            if was is _MISSING:
                node.setdefault("set", {})[str(index)] = value
            elif was != value:
                inner = patch(was, value)
                if inner is None:
                    node.setdefault("set", {})[str(index)] = value
                else:
                    node.setdefault("patch", {})[str(index)] = inner
        return node
    return None


_MISSING = object()


def _private_changes(game_id: str, sent: Sent, now: Sent, out: Changes, seats: list[str], since: int) -> None:
    state, before = now.state, sent.state
    known = [seat for seat in seats if seat in sent.yours]
    out.snapshots.update(seat for seat in seats if seat not in sent.yours)
    # Most changes touch no private part (talk is mostly in the open), and same_private_views
    # says so without building them: measured 8% of the server's CPU at 125 tables of lobby chat.
    if known and same_private_views(before, before.log_end, state, before.log_end):
        for seat in known:
            now.yours[seat], now.private_seq[seat] = sent.yours[seat], sent.private_seq[seat]
        return
    for seat in known:
        part = private_view(state, seat, since)
        now.yours[seat] = part["you"]
        changed: dict[str, Any] = {"log": part["log"]}
        if part["you"] != sent.yours[seat]:
            changed["you"] = part["you"]
        if len(changed) == 1 and not part["log"]:
            now.private_seq[seat] = sent.private_seq[seat]
            continue
        now.private_seq[seat] = now.seq
        out.privates[seat] = {"game": game_id, "seq": now.seq, "base": sent.private_seq[seat], "private": changed}
