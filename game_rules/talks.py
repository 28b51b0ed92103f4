"""Brussels talks: proposals built from clauses, answers, signatures, statements and channels.

A proposal binds as an agreement the moment every party its clauses require has
signed; its clauses' effects then apply at once. A clause with conditions (`requires`)
can be tabled, and bound, only while they hold. A required party's rejection
kills a proposal; anyone may amend it, which tables a new one in its place.

Every entry a delegation's act of talk records carries `author`: the person of the team who
acted (see Action.author), None for a bot.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from . import conditions, dice, effects
from .errors import ILLEGAL, NOT_ALLOWED, Rejection
from .state import State, record, record_changes

MAX_OPEN_PER_SEAT = 3
PLENARY = "plenary"


def channel_members(channel: str, seat_ids: tuple[str, ...]) -> tuple[str, ...] | None:
    """The seats of a channel (None: everyone), or () if the channel does not exist.

    plenary, delegation:SEAT (a team's own room), bilateral:A+B (ids in sorted order)
    """
    if channel == PLENARY:
        return None
    kind, _, rest = channel.partition(":")
    if kind == "delegation" and rest in seat_ids:
        return (rest,)
    if kind == "bilateral":
        pair = tuple(rest.split("+"))
        if len(pair) == 2 and pair[0] < pair[1] and all(p in seat_ids for p in pair):
            return pair
    return ()


def bilateral(a: str, b: str) -> str:
    return "bilateral:" + "+".join(sorted((a, b)))


def channels_of(seat: str, seat_ids: tuple[str, ...]) -> list[str]:
    return list(_channels(seat, seat_ids))


@lru_cache(maxsize=1024)  # every seat's view lists its channels; they never change
def _channels(seat: str, seat_ids: tuple[str, ...]) -> tuple[str, ...]:
    return (PLENARY, f"delegation:{seat}", *(bilateral(seat, o) for o in seat_ids if o != seat))


def _clause_problem(state: State, clause_ids: list[str]) -> Rejection | None:
    for cid in clause_ids:
        if cid not in state.scenario.clauses_by_id:
            return Rejection(ILLEGAL, f"there is no clause {cid!r}", {"clauses": cid})
        if cid in state.bound_clauses:
            return Rejection(ILLEGAL, f"clause {cid!r} is already agreed", {"clauses": cid})
        problem = _unmet(state, cid)
        if problem:
            return problem
    return None


def _unmet(state: State, cid: str) -> Rejection | None:
    clause = state.scenario.clauses_by_id[cid]
    if not conditions.holds(clause.requires, state):
        return Rejection(ILLEGAL, f"{clause.title} cannot be agreed in the crisis as it stands", {"clauses": cid})
    return None


def _reason(params: dict[str, Any]) -> dict[str, Any]:
    """The reason given for an answer or an amendment, for its log entry (absent if none)."""
    return {"reason": params["reason"].strip()} if "reason" in params else {}


def _table(state: State, seat: str, clause_ids: list[str], amends: int | None, author: str | None,
           reason: dict[str, Any] | None = None) -> None:
    clauses = state.scenario.clauses_by_id
    parties = sorted({p for cid in clause_ids for p in clauses[cid].parties})
    pid = len(state.proposals) + 1
    state.proposals[pid] = {
        "id": pid, "by": seat, "round": state.round, "clauses": list(clause_ids), "parties": parties,
        "status": "open", "responses": {}, "signatures": [], "amends": amends, "author": author,
    }
    record(state, "proposal_tabled", proposal=pid, by=seat, clauses=list(clause_ids), parties=parties, amends=amends,
           author=author, **(reason or {}))


def propose(state: State, seat: str, params: dict[str, Any], author: str | None = None) -> Rejection | None:
    problem = _clause_problem(state, params["clauses"])
    if problem:
        return problem
    if sum(1 for p in state.open_proposals() if p["by"] == seat) >= MAX_OPEN_PER_SEAT:
        return Rejection(ILLEGAL, f"you already have {MAX_OPEN_PER_SEAT} open proposals")
    _table(state, seat, params["clauses"], None, author)
    return None


def _open_proposal(state: State, pid: int) -> tuple[dict[str, Any] | None, Rejection | None]:
    proposal = state.proposals.get(pid)
    if proposal is None:
        return None, Rejection(ILLEGAL, f"there is no proposal {pid}", {"proposal": pid})
    if proposal["status"] != "open":
        return None, Rejection(ILLEGAL, f"proposal {pid} is {proposal['status']}", {"proposal": pid})
    return proposal, None


def respond(state: State, seat: str, params: dict[str, Any], author: str | None = None) -> Rejection | None:
    proposal, problem = _open_proposal(state, params["proposal"])
    if proposal is None:  # then problem says why
        return problem
    answer = params["answer"]
    if seat in proposal["signatures"]:
        return Rejection(ILLEGAL, "you have already signed this proposal")
    status = "rejected" if answer == "reject" and seat in proposal["parties"] else "open"
    state.proposals[proposal["id"]] = {
        **proposal, "responses": {**proposal["responses"], seat: answer}, "status": status,
    }
    record(state, "proposal_answered", proposal=proposal["id"], seat=seat, answer=answer, status=status,
           author=author, **_reason(params))
    return None


def amend(state: State, seat: str, params: dict[str, Any], author: str | None = None) -> Rejection | None:
    proposal, problem = _open_proposal(state, params["proposal"])
    if proposal is None:  # then problem says why
        return problem
    problem = _clause_problem(state, params["clauses"])
    if problem:
        return problem
    if sorted(params["clauses"]) == sorted(proposal["clauses"]):
        return Rejection(ILLEGAL, "an amendment must change the clauses")
    state.proposals[proposal["id"]] = {**proposal, "status": "superseded"}
    _table(state, seat, params["clauses"], proposal["id"], author, _reason(params))
    return None


def sign(state: State, seat: str, params: dict[str, Any], author: str | None = None) -> Rejection | None:
    proposal, problem = _open_proposal(state, params["proposal"])
    if proposal is None:  # then problem says why
        return problem
    if seat not in proposal["parties"]:
        return Rejection(NOT_ALLOWED, "only the parties its clauses name sign a proposal",
                         {"parties": proposal["parties"]})
    if seat in proposal["signatures"]:
        return Rejection(ILLEGAL, "you have already signed this proposal")
    if any(c in state.bound_clauses for c in proposal["clauses"]):
        return Rejection(ILLEGAL, "a clause of this proposal has been agreed in another")
    if set(proposal["signatures"]) | {seat} >= set(proposal["parties"]):
        for cid in proposal["clauses"]:
            problem = _unmet(state, cid)  # the crisis may have moved since the proposal was tabled
            if problem:
                return problem
    signatures = proposal["signatures"] + [seat]
    proposal = {**proposal, "signatures": signatures, "responses": {**proposal["responses"], seat: "accept"}}
    record(state, "proposal_signed", proposal=proposal["id"], seat=seat, author=author)
    if set(signatures) >= set(proposal["parties"]):
        proposal["status"] = "bound"
        _bind(state, proposal)
    state.proposals[proposal["id"]] = proposal
    return None


def _bind(state: State, proposal: dict[str, Any]) -> None:
    state.bound_clauses = state.bound_clauses | set(proposal["clauses"])
    state.own_board()
    roll = dice.roll(state.seed, "agreement", proposal["id"])
    changes: list[dict[str, Any]] = []
    for cid in proposal["clauses"]:
        clause = state.scenario.clauses_by_id[cid]
        changes += effects.apply(clause.effects, state, state.scenario, None, roll)
    record_changes(state, "agreement_bound", changes, proposal=proposal["id"], clauses=list(proposal["clauses"]),
                   signatories=list(proposal["signatures"]))


def statement(state: State, seat: str, params: dict[str, Any], author: str | None = None) -> Rejection | None:
    record(state, "statement", seat=seat, text=params["text"], author=author)
    return None


def message(state: State, seat: str, params: dict[str, Any], author: str | None = None) -> Rejection | None:
    members = channel_members(params["channel"], state.seat_ids)
    if members == ():
        return Rejection(ILLEGAL, f"there is no channel {params['channel']!r}", {"channel": params["channel"]})
    if members is not None and seat not in members:
        return Rejection(NOT_ALLOWED, "you are not in that channel", {"channel": params["channel"]})
    reply: dict[str, Any] = {}
    if "reply_to" in params:  # the message it answers: an earlier entry of the log
        if params["reply_to"] >= state.log_end:
            return Rejection(ILLEGAL, f"there is no message {params['reply_to']} to answer yet",
                             {"reply_to": params["reply_to"]})
        reply = {"reply_to": params["reply_to"]}
    record(state, "message", to=members, seat=seat, channel=params["channel"], text=params["text"],
           author=author, **reply)
    return None


def ready(state: State, seat: str, params: dict[str, Any], author: str | None = None) -> Rejection | None:
    if seat in state.ready:
        return Rejection(ILLEGAL, "you have already said you are done with these talks")
    state.ready = state.ready | {seat}
    record(state, "seat_ready", seat=seat, author=author)
    return None
