"""What can be asked of a game: the action kinds, who may ask, in which phase, with which parameters."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .state import LOBBY, ORDERS, TALKS

FACILITATOR = "facilitator"
SYSTEM = "system"  # the server's timers
MAX_TEXT = 1000
MAX_REASON = 600  # why a delegation rejects or amends a proposal: a sentence or two
MAX_CLAUSES = 12


@dataclass(frozen=True)
class Action:
    """One request to change a game: `actor` (a seat id, facilitator or system) asks `kind`.

    `author` is the person of the seat's team who asked (a server's player id, as its public
    roster names them), or None (a bot, or a game without people). The rules never read it; the
    log entries of talk record it, so that a team, the teacher and the debrief know who said what.

    `stand_in`: a bot makes this move for a delegation whose people did not act in time (the
    facilitator's "played by a bot at the deadline"); the log entries it causes say so, so
    the reveal, the log and the debrief never pass a bot's move off as the students' own.
    """

    kind: str
    actor: str
    params: dict[str, Any] = field(default_factory=dict)
    author: str | None = None
    stand_in: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "actor": self.actor, "params": dict(self.params)}
        if self.author is not None:  # logs written before authors existed read the same
            out["author"] = self.author
        if self.stand_in:
            out["stand_in"] = True
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Action:
        return cls(kind=data["kind"], actor=data["actor"], params=dict(data.get("params") or {}),
                   author=data.get("author"), stand_in=data.get("stand_in") is True)


Params = dict[str, Any]


@dataclass(frozen=True)
class Kind:
    phases: tuple[str, ...]
    actors: str  # "seat", "facilitator" (also system) or "anyone"
    check: Callable[[dict[str, Any]], str | None]


def _no_params(p: Params) -> str | None:
    return None if not p else f"takes no parameters, got {sorted(p)}"


def _text(p: Params, key: str = "text") -> str | None:
    text = p.get(key)
    if not isinstance(text, str) or not text.strip():
        return f"'{key}' must be non-empty text"
    if len(text) > MAX_TEXT:
        return f"'{key}' is longer than {MAX_TEXT} characters"
    return None


def _exact(p: Params, keys: list[str]) -> str | None:
    if len(p) == len(keys) and all(k in p for k in keys):
        return None  # the usual case, answered without building sets
    extra = set(p) - set(keys)
    missing = set(keys) - set(p)
    if missing:
        return f"missing {', '.join(sorted(missing))}"
    if extra:
        return f"unexpected {', '.join(sorted(extra))}"
    return None


def _optional(p: Params, keys: list[str], optional: list[str]) -> str | None:
    """_exact, where the keys of `optional` may also be given."""
    return _exact({k: v for k, v in p.items() if k not in optional}, keys)


def _reason(p: Params) -> str | None:
    """An optional reason: non-empty text of at most MAX_REASON characters."""
    if "reason" not in p:
        return None
    reason = p["reason"]
    if not isinstance(reason, str) or not reason.strip():
        return "'reason' must be non-empty text"
    return None if len(reason) <= MAX_REASON else f"'reason' is longer than {MAX_REASON} characters"


def _id_list(p: Params, key: str, limit: int) -> str | None:
    ids = p.get(key)
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        return f"'{key}' must be a list of ids"
    if len(ids) > limit:
        return f"'{key}' holds at most {limit}"
    if len(set(ids)) != len(ids):
        return f"'{key}' repeats an id"
    return None


def _proposal_id(p: Params) -> str | None:
    pid = p.get("proposal")
    return None if isinstance(pid, int) and not isinstance(pid, bool) else "'proposal' must be a proposal number"


def _check_orders(p: Params) -> str | None:
    return _exact(p, ["cards"]) or _id_list(p, "cards", MAX_CLAUSES)


def _check_propose(p: Params) -> str | None:
    return _exact(p, ["clauses"]) or _id_list(p, "clauses", MAX_CLAUSES) or (
        None if p["clauses"] else "a proposal needs at least one clause"
    )


def _check_respond(p: Params) -> str | None:
    return _optional(p, ["proposal", "answer"], ["reason"]) or _proposal_id(p) or (
        None if p["answer"] in ("accept", "reject") else "'answer' is accept or reject"
    ) or _reason(p)


def _check_amend(p: Params) -> str | None:
    return (_optional(p, ["proposal", "clauses"], ["reason"]) or _proposal_id(p)
            or _check_propose({"clauses": p["clauses"]}) or _reason(p))


def _check_sign(p: Params) -> str | None:
    return _exact(p, ["proposal"]) or _proposal_id(p)


def _check_message(p: Params) -> str | None:
    reply_to = p.get("reply_to", 0)
    return _optional(p, ["channel", "text"], ["reply_to"]) or (
        None if isinstance(p["channel"], str) else "'channel' must be a channel id"
    ) or _text(p) or (
        None if isinstance(reply_to, int) and not isinstance(reply_to, bool) and reply_to >= 0
        else "'reply_to' must be the log position of the message answered")


def _check_text(p: Params) -> str | None:
    return _exact(p, ["text"]) or _text(p)


def _check_inject(p: Params) -> str | None:
    return _exact(p, ["event"]) or (None if isinstance(p["event"], str) else "'event' must be an event id")


PLAYING = (ORDERS, TALKS)

KINDS: dict[str, Kind] = {
    "start": Kind((LOBBY,), "facilitator", _no_params),
    "submit_orders": Kind((ORDERS,), "seat", _check_orders),
    "propose": Kind((TALKS,), "seat", _check_propose),
    "respond": Kind((TALKS,), "seat", _check_respond),
    "amend": Kind((TALKS,), "seat", _check_amend),
    "sign": Kind((TALKS,), "seat", _check_sign),
    "statement": Kind((TALKS,), "seat", _check_text),
    "message": Kind((LOBBY, ORDERS, TALKS), "seat", _check_message),
    "ready": Kind((TALKS,), "seat", _no_params),
    "close_phase": Kind(PLAYING, "facilitator", _no_params),
    "inject_event": Kind(PLAYING, "facilitator", _check_inject),
    "announce": Kind((LOBBY, ORDERS, TALKS), "facilitator", _check_text),
    "end_game": Kind((LOBBY, ORDERS, TALKS), "facilitator", _no_params),
}
