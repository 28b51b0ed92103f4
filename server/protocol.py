"""The websocket protocol, declared once: event names, one marshmallow schema per inbound event,
the answer each gets, and the error codes. docs/protocol.md is generated from this module
(`python -m server.protocol_doc`).

Every inbound event is answered by an acknowledgement:
    {"ok": true, ...}                                         on success
    {"ok": false, "error": {"code", "message", "details"}}    otherwise; nothing changed
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from game_rules.actions import MAX_CLAUSES, MAX_REASON, MAX_TEXT
from game_rules.temperaments import TEMPERAMENTS

MAX_MESSAGE_BYTES = 8 * 1024  # a message longer than this (as JSON) is refused with too_large
MAX_BODY_BYTES = 16 * 1024  # a REST request body longer than this is refused with 413 too_large
MAX_FRAME_BYTES = 64 * 1024  # a websocket frame longer than this closes the connection
# Each connection: a token bucket of RATE_PER_SECOND messages a second, bursts of RATE_BURST
# (CRISIS_RATE_PER_SECOND, CRISIS_RATE_BURST override them).
RATE_PER_SECOND = 20
RATE_BURST = 40
# Open-network limits (each overridable by an environment variable: docs/protocol.md).
# A facilitator opens up to 20 tables at once, and a school's teachers may share one address.
CREATE_LIMIT = "60 per minute; 600 per hour"  # POST /api/games per client address
EXPORT_LIMIT = "60 per minute"  # exports per client address
MAX_PLAYERS = 120  # players who ever joined a table (they are never deleted: the log keeps them)
MAX_SPECTATORS = 200  # spectator and projector connections of a table, per server process
LOG_PAGE = 200
MAX_ENTRY_TYPES = 32  # a `log` request's `types`: more than there are types of log entries
LOG_SCAN = 5 * LOG_PAGE  # a `log` page reads at most this many entries, however few the reader may see
LOBBY_LOG_TAIL = 50  # before the first round an update's log holds only the latest entries

# Server → client
UPDATE = "update"
SHARED = "shared"
PRIVATE = "private"
SNAPSHOT = "snapshot"

ERRORS: dict[str, str] = {
    "bad_payload": "the packet is not JSON within the decoding limits or not an event `[name, payload]`; or the "
                   "event is not declared (details.event: the declared names); or the payload does not match the "
                   "event's schema (details: field → problems); or the engine found its parameters malformed",
    "too_large": f"the message is longer than {MAX_MESSAGE_BYTES} bytes as JSON (details: bytes, limit), or its "
                 "packet longer than the decoding limit",
    "reserved_event": "the event name is one Socket.IO keeps for its own connect and disconnect; "
                      "sent by a client it changes nothing",
    "rate_limited": "this connection sent more messages than the rate limit allows; wait and retry",
    "unknown_game": "no game has this join code or id",
    "nickname_taken": "someone at this table already has this nickname (compared without case or outer spaces)",
    "bad_token": "the token is not a seat or facilitator token of any game",
    "not_joined": "this connection has not joined a game (send join, rejoin or facilitate first)",
    "not_facilitator": "the command is the facilitator's and this connection has not authenticated as one",
    "not_your_seat": "the player is not seated, or asked to act for a seat other than its own",
    "not_head": "only the head of delegation makes this move for the delegation",
    "wrong_phase": "the action is not played in the current phase (engine)",
    "not_allowed": "the seat is not party to this (a channel it is not in, a proposal it cannot sign) (engine)",
    "illegal_action": "the rules forbid it now: unaffordable card, closed proposal, unknown seat... (engine)",
    "game_over": "the game has ended (engine)",
    "busy": "the game kept changing under the request; retry",
    "table_full": "the table has its maximum of players (details.limit), or of spectators and projectors",
    "store_unavailable": "the game store is down or full (Redis unreachable, disk full); nothing changed. "
                         "details.retry_after: seconds to wait before retrying",
    "damaged_game": "the game's stored log is damaged and cannot be replayed; the operator must restore it "
                    "(`crisis-table store check`)",
    "internal_error": "the server failed; nothing changed",
}

# REST errors: code -> (HTTP status, meaning). Bodies are {ok: false, error: {code, message, details}}.
REST_ERRORS: dict[str, tuple[int, str]] = {
    "bad_payload": (400, "the body is not a JSON object (not JSON, nested deeper than the limit, an integer of "
                         "more than 4,300 digits) or does not match the schema (details: field → problems)"),
    "host_key_required": (401, "the server has a host key (CRISIS_HOST_KEY) and the request did not send it as "
                               "`X-Host-Key`"),
    "bad_token": (403, "an export, briefing sheets or contributions without the game's facilitator token"),
    "not_over": (403, "history's scorecard before the game is over, without the facilitator token (it names every "
                      "delegation's objectives)"),
    "no_guide": (404, "the scenario has no teacher's guide"),
    "no_map": (404, "the scenario's guide has no map of this name"),
    "no_history": (404, "the scenario has no history"),
    "unknown_export": (404, "exports are actions, participation and scores"),
    "unknown_game": (404, "no game has this id"),
    "unknown_scenario": (404, "no built-in scenario has this id"),
    "not_found": (404, "no such API path"),
    "method_not_allowed": (405, "the path does not take this method"),
    "damaged_game": (409, "the game's stored log is damaged (details: game, reason)"),
    "too_large": (413, "the body is longer than the body-size limit"),
    "rate_limited": (429, "this client address went past a rate limit (message: which); `Retry-After` says when "
                          "to retry"),
    "internal_error": (500, "the server failed; nothing changed"),
    "store_unavailable": (503, "the game store is down or full; nothing changed. `Retry-After` and "
                               "details.retry_after: seconds to wait"),
}

_id: dict[str, Any] = {"validate": validate.Length(min=1, max=64)}
SEAT_NOTE = "optional; if given it must be the sender's own seat (else not_your_seat)"


def _seat():
    return fields.String(load_default=None, metadata={"description": SEAT_NOTE}, **_id)


def _text():
    return fields.String(required=True, validate=validate.Length(min=1, max=MAX_TEXT))


def _ids(description: str):
    return fields.List(fields.String(**_id), required=True, validate=validate.Length(max=MAX_CLAUSES),
                       metadata={"description": description})


def _reason():
    # Absent, not null, when not given: the engine's action then has no reason.
    return fields.String(validate=validate.Length(min=1, max=MAX_REASON), metadata={
        "description": "optional: why, in a sentence or two; recorded in the log entry beside the answer"})


def _proposal():
    return fields.Integer(required=True, strict=True, validate=validate.Range(min=1),
                          metadata={"description": "a proposal number from the view's proposals"})


class Empty(Schema):
    pass


class Join(Schema):
    code = fields.String(required=True, validate=validate.Length(min=1, max=16),
                         metadata={"description": "the join code the facilitator reads out (case and spaces ignored)"})
    nickname = fields.String(required=True, validate=validate.Length(min=1, max=40))
    role = fields.String(load_default="player", validate=validate.OneOf(["player", "spectator", "projector"]),
                         metadata={"description": "spectator and projector see public state only"})
    seat = fields.String(load_default=None,
                         metadata={"description": "a seat the player would like (granted if it has room)"}, **_id)


class Token(Schema):
    token = fields.String(required=True, validate=validate.Length(min=1, max=200))


def _entry_type(kind: str) -> None:
    if kind not in LOG_ENTRIES:
        raise ValidationError(f"not a log entry type; one of {', '.join(LOG_ENTRIES)}")


class LogPage(Schema):
    """One of `since` (read forward, for the debrief) or `before` (read backward from where the
    reader's oldest entry is, for "Show earlier")."""
    since = fields.Integer(load_default=None, strict=True, validate=validate.Range(min=0),
                           metadata={"description": "engine log position to read forward from (not with `before`)"})
    before = fields.Integer(load_default=None, strict=True, validate=validate.Range(min=0),
                            metadata={"description": "read backward: the newest entries below this engine log "
                                                     "position (not with `since`; past the log's end reads from "
                                                     "its end)"})
    limit = fields.Integer(load_default=LOG_PAGE, strict=True, validate=validate.Range(min=1, max=LOG_PAGE))
    channel = fields.String(load_default=None, metadata={"description": "only messages of this channel"}, **_id)
    types = fields.List(fields.String(validate=_entry_type), load_default=None,
                        validate=validate.Length(min=1, max=MAX_ENTRY_TYPES),
                        metadata={"description": "only entries of these types (see Log entries; not "
                                                 "with `channel`)"})

    @validates_schema
    def _one_direction(self, data: dict[str, Any], **kwargs: Any) -> None:
        if (data["since"] is None) == (data["before"] is None):
            raise ValidationError("give exactly one of since and before", "before")
        if data["channel"] is not None and data["types"] is not None:
            raise ValidationError("a channel holds only messages: give channel or types, not both", "types")


class SubmitOrders(Schema):
    cards = _ids("card ids, at most the scenario's orders_per_round; [] orders nothing")
    seat = _seat()


class Propose(Schema):
    clauses = _ids("clause ids")
    seat = _seat()


class Respond(Schema):
    proposal = _proposal()
    answer = fields.String(required=True, validate=validate.OneOf(["accept", "reject"]))
    reason = _reason()
    seat = _seat()


class Amend(Schema):
    proposal = _proposal()
    clauses = _ids("the amended proposal's clause ids")
    reason = _reason()
    seat = _seat()


class Sign(Schema):
    proposal = _proposal()
    seat = _seat()


class Statement(Schema):
    text = _text()
    seat = _seat()


class Chat(Schema):
    channel = fields.String(required=True, metadata={
        "description": "plenary, delegation:SEAT (own team) or bilateral:A+B (seat ids sorted)"}, **_id)
    text = _text()
    reply_to = fields.Integer(strict=True, validate=validate.Range(min=0), metadata={
        "description": "optional: the log position `n` of the message this one answers"})
    seat = _seat()


class Ready(Schema):
    seat = _seat()


class ChooseSeat(Schema):
    seat = fields.String(required=True, allow_none=True, metadata={"description": "null stands up"}, **_id)


class Assign(Schema):
    player = fields.String(required=True, **_id)
    seat = fields.String(required=True, allow_none=True, metadata={"description": "null unseats the player"}, **_id)


class SetHead(Schema):
    seat = fields.String(required=True, **_id)
    player = fields.String(required=True, **_id)


class SetBot(Schema):
    seat = fields.String(required=True, **_id)
    temperament = fields.String(required=True, allow_none=True, validate=validate.OneOf(sorted(TEMPERAMENTS)),
                                metadata={"description": "null hands the seat back to people"})


class Extend(Schema):
    seconds = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=3600))


class Inject(Schema):
    event = fields.String(required=True, metadata={"description": "an event id of the scenario"}, **_id)


class Announce(Schema):
    text = _text()


@dataclass(frozen=True)
class Event:
    name: str
    schema: type[Schema]
    sender: str  # "anyone", "player" or "facilitator"
    summary: str
    answer: str = "`{ok: true}`"
    engine_kind: str | None = None  # the game_rules action kind it becomes, if any


_ANSWER_SEATED = ("`{ok: true, game, player, seat, role, token, team_size, update}`; `team_size` is how many "
                  "players a delegation seats; `update` is what the `update` event carries, for this "
                  "connection's viewer")
_ACT = "Accepted: every client of the table receives an `update`."

EVENTS: dict[str, Event] = {e.name: e for e in (
    Event("join", Join, "anyone", "Join a table by its code. A player is seated at the `seat` asked for if it "
          "has room (fewer players than `team_size`, not a bot seat); otherwise, with no error, at the human "
          "seat with the fewest players; if every seat is full or a bot's, the player waits unseated (the "
          "answer's `seat` is null) to choose a delegation with `choose_seat` or be seated by the facilitator. "
          "The first of a delegation is its head. Each `join` makes a new player: to come back, `rejoin` with "
          "the token.", _ANSWER_SEATED),
    Event("rejoin", Token, "anyone", "Reconnect with a seat token: the same player, the same seat, the current view.",
          _ANSWER_SEATED),
    Event("facilitate", Token, "anyone", "Authenticate this connection as the game's facilitator (its token from "
          "the create-game answer). The facilitator sees everything.", "`{ok: true, game, code, role, update}`"),
    Event("resync", Empty, "anyone", "Ask again for this connection's whole update, after a delta whose "
          "`base` is not the `seq` the client holds (it missed one). Joined connections only (else "
          "not_joined).", "`{ok: true, update}`: `update` as in the `snapshot` event"),
    Event("log", LogPage, "player", "Read entries of the engine log this viewer may see, a page at a time: "
          "forward from `since`, or backward from `before` (the newest `limit` entries below it, in order "
          f"of `n`). A page scans at most {LOG_SCAN:,} entries, so it may hold fewer than `limit` before its end. "
          "Clients ask only when the reader wants more (\"Show earlier\", the debrief): updates carry the "
          "current round. Rate limited like every event.",
          "`{ok: true, entries, next}` after `since`: `next` is the position to ask for next, or null at "
          "the log's end; `{ok: true, entries, previous}` after `before`: `previous` is the `before` to "
          "ask for next, or null at the log's start"),
    Event("choose_seat", ChooseSeat, "player", "In the lobby, before the game starts: sit at a delegation "
          "that has room (fewer players than the game's `team_size`, not played by a bot), or stand up (seat "
          "null). The first of a delegation is its head; a head who leaves passes the headship on. After the "
          "start: wrong_phase; a full, bot or unknown seat: illegal_action."),
    Event("submit_orders", SubmitOrders, "player", "Secret orders for this round; revise by sending again "
          "until the phase closes. Head of delegation only.", engine_kind="submit_orders"),
    Event("propose", Propose, "player", "Table a proposal built from clauses. Head only.", engine_kind="propose"),
    Event("respond", Respond, "player", "Accept or reject a proposal. Head only.", engine_kind="respond"),
    Event("amend", Amend, "player", "Replace an open proposal by an amended one. Head only.", engine_kind="amend"),
    Event("sign", Sign, "player", "Sign a proposal your delegation is party to. Head only.", engine_kind="sign"),
    Event("statement", Statement, "player", "A statement to the press (public). Head only.", engine_kind="statement"),
    Event("chat", Chat, "player", "A message in a channel the seat is in. Any member of the delegation.",
          engine_kind="message"),
    Event("ready", Ready, "player", "The delegation is done with these talks. Head only.", engine_kind="ready"),
    Event("start", Empty, "facilitator", "Start the game; seats nobody sits in are filled with bots of their "
          "default temperament.", engine_kind="start"),
    Event("assign", Assign, "facilitator", "Seat a player at a delegation, move it, or unseat it (seat null). "
          "Seating people at a bot seat takes the bot out. This is how a player is removed from play: an "
          "unseated player keeps its token and its place in the roster's `unseated` list, sees only the public "
          "view, and can act for no seat; every connection of that player leaves the seat's channels at once. "
          "Players are never deleted (the log keeps who said what)."),
    Event("set_head", SetHead, "facilitator", "Make a seated player the head of its delegation."),
    Event("set_bot", SetBot, "facilitator", "Fill a seat with a bot of a temperament (its players become "
          "unseated), or hand a bot seat back to people (null)."),
    Event("pause", Empty, "facilitator", "Pause the phase timer."),
    Event("resume", Empty, "facilitator", "Resume the paused phase timer."),
    Event("extend", Extend, "facilitator", "Add seconds to the phase timer."),
    Event("skip", Empty, "facilitator", "Close the current phase now, as an early deadline: delegations that have "
          "not acted do what the game's deadline setting says (nothing, or a bot stands in, marked stand_in in the "
          "log).", engine_kind="close_phase"),
    Event("inject", Inject, "facilitator", "Reveal an event card now.", engine_kind="inject_event"),
    Event("announce", Announce, "facilitator", "An announcement to the whole table.", engine_kind="announce"),
    Event("end_game", Empty, "facilitator", "End the game now (a deadlock).", engine_kind="end_game"),
)}

_DELTA = ("{game, seq, base, view, patch?, log: {from, add}, unset?, roster?, timer?}: apply it only to the "
          "update whose `seq` is `base` (a `seq` not above the one held is old: drop it; any other `base` "
          "means one was missed: send `resync`). `view` holds parts of the view sent whole (new or "
          "replaced); `patch` parts changed in depth, each a patch: for a dict {set: {key: value}, patch: "
          "{key: patch}, unset: [keys]}, for a list {length, set: {index: value}, patch: {index: patch}} "
          "(indices as strings; truncate or extend the list to `length` first); `unset` names parts that "
          "are gone; `log.add` the log entries new since `base` that the "
          "viewer may read; drop the entries whose `n` is below `log.from`, where the update's log window "
          "now starts (the round's start; in the lobby the last "
          f"{LOBBY_LOG_TAIL} entries: older ones by `log`). `roster` and `timer` are there only when "
          "changed. Computed by comparing the engine's views of the two positions.")

SERVER_EVENTS = {
    SNAPSHOT: "A connection's whole update: {game, seq, view, roster, timer}, also in join, rejoin, facilitate "
              "and resync answers (as `update`). `view` is game_rules.view for the connection's viewer — its "
              "own seat, `spectator` for spectators, projectors and unseated players, `facilitator` for the "
              "facilitator — with the log of the update window (the current round; in the lobby, its last "
              f"{LOBBY_LOG_TAIL} entries; older entries by `log`); `roster` is who sits where (nicknames, "
              "heads, bots, how many watch; never tokens). Log entries of a delegation's acts "
              "(orders_submitted, message, statement, proposal_tabled, proposal_answered, proposal_signed, "
              "seat_ready) and the view's proposals carry `author`: the roster id (`p3`) of the team member "
              "who acted, null for a bot; `timer` is the phase timer or null ({round, "
              "phase, deadline, paused, seconds_left}). Sent as an event when the connection's viewer "
              "changes (seated, unseated), the server has no base for its deltas, or the game ends (the end "
              "reveals every delegation: everyone gets a snapshot instead of a delta). It replaces what the "
              "client holds unless its `seq` is below the held one (an answer can arrive after newer deltas). "
              "Until a client holds one, it keeps the deltas it receives and applies those that follow.",
    UPDATE: "After each accepted change, to spectators, projectors, unseated players and the facilitator: "
            "a delta of the connection's view. " + _DELTA,
    SHARED: "After each accepted change, once to all seated players of a table (encoded once): a delta of the "
            "public view (`spectator`'s), shaped as `update`. A seat's view is the public view merged with its "
            "private part: `viewer` and `you` from the private part, the two logs together in order of `n` "
            "(game_rules.merge_views); `log.from` applies to the merged log.",
    PRIVATE: "To a seat's players, before the `shared` of the same change, only when the seat's private part "
             "changed: {game, seq, base, private: {you?, log}}, from game_rules.private_view: `you` (its "
             "secrets) when it changed, and the new log entries addressed to it. `base` is the `seq` at which "
             "the private part last changed: apply it if the client's private part is from `base` or later "
             "(a snapshot counts), drop it if its `seq` is not above that, else `resync`.",
}

# The view (game_rules.view) that `update`, `shared` and `private` carry. docs/protocol.md lists
# every field the engine's views hold in sample games (server/protocol_doc.py plays them), with
# these meanings; a field the engine adds without a meaning here stops the document's generation.
# `<seat>` stands for a seat id, `<track>` for a track id of the scenario (GET /api/scenarios/<id>).
VIEW_FIELDS: dict[str, str] = {
    "scenario": "the scenario id",
    "viewer": "whose view this is: a seat id, `spectator` or `facilitator`",
    "round": "the current round, 0 in the lobby",
    "rounds": "how many rounds the game has",
    "phase": "`lobby`, `orders`, `talks` or `over`",
    "moves_made": "accepted engine actions so far",
    "outcome": "null until the game ends; then `agreement`, `armed_clash`, `de_escalated` (the rounds ran out "
               "on a calm crisis, without an agreement) or `deadlock`",
    "termination": "null until the game ends; then why, in words",
    "event": "the id of this round's event card (its text is in the log's `event_revealed`), or null",
    "tracks": "the shared tracks: track id → value (a number, or a label for a track with `values`)",
    "tracks.<track>": "",
    "seats": "what everyone sees of each delegation: seat id → {tracks, ordered, ready}",
    "seats.<seat>": "",
    "seats.<seat>.tracks": "the delegation's public seat tracks: track id → number",
    "seats.<seat>.tracks.<seat_track>": "",
    "seats.<seat>.ordered": "the delegation has submitted orders this round (not which)",
    "seats.<seat>.ready": "the delegation said it is done with these talks",
    "proposals": "every proposal of the game, in the order tabled",
    "proposals[]": "",
    "proposals[].id": "the number `respond`, `amend` and `sign` name",
    "proposals[].round": "the round it was tabled in",
    "proposals[].by": "the seat that tabled it",
    "proposals[].author": "the player id (roster) of the person who tabled it; null for a bot",
    "proposals[].clauses": "its clause ids (GET /api/scenarios/<id> → clauses)",
    "proposals[].parties": "the seats that must sign it",
    "proposals[].responses": "seat → `accept` or `reject`",
    "proposals[].responses.<seat>": "",
    "proposals[].signatures": "the seats that signed",
    "proposals[].status": "`open`, `rejected`, `bound` (signed by all parties), `superseded` (amended) "
                          "or `lapsed` (the talks closed)",
    "proposals[].amends": "the proposal number this one amends, or null",
    "bound_clauses": "clause ids of signed proposals: they bind the rest of the game",
    "log": "the log entries this viewer may read, from the start of the round (below)",
    "you": "a seat's own secrets (seat viewers only): seat, briefing, objectives, tracks, orders, playable, "
           "channels",
    "you.seat": "the seat id",
    "you.briefing": "the seat's secret briefing (text)",
    "you.objectives": "the seat's secret objectives",
    "you.objectives[].id": "",
    "you.objectives[].text": "the objective in words",
    "you.objectives[].points": "what it scores if met at the end",
    "you.objectives[].met": "whether it holds now",
    "you.objectives[].condition": "the scenario's condition (scenario data: see the scenario's YAML schema)",
    "you.tracks": "all the seat's tracks, private ones included: track id → number",
    "you.tracks.<seat_track>": "",
    "you.orders": "the card ids the seat has ordered this round (secret until revealed)",
    "you.playable": "in the orders phase, the card ids the seat can afford now; else []",
    "you.channels": "the chat channels the seat may use: plenary, delegation:SEAT, bilateral:A+B",
    "delegations": "every seat's secrets as in `you`: the facilitator's view always, everyone's once the game "
                   "is over (then without orders, playable and channels)",
    "delegations.<seat>": "",
    "scores": "once the game is over: seat → points",
    "scores.<seat>": "",
}
# Paths whose content is scenario data, not the protocol's: listed, not walked.
VIEW_OPAQUE = ("you.objectives[].condition", "delegations.<seat>")

# Log entries: every entry has n (position), round, phase, type and to (null: everyone may read
# it; else the seats it is addressed to: the facilitator reads all). A delegation's acts of talk
# also carry `author`: the player id of the person who acted, null for a bot.
LOG_ENTRIES: dict[str, str] = {
    "game_opened": "the game was created",
    "game_started": "the facilitator started the game",
    "round_started": "a round began",
    "event_revealed": "the round's event card (`event`, `title`, `text`) and the track `changes` it made",
    "orders_submitted": "a delegation submitted (or, `revised`, changed) its orders; public, without the cards",
    "orders_noted": "to the seat alone: the cards it ordered",
    "orders_revealed": "the phase closed: every seat's `orders`",
    "card_resolved": "an ordered card took effect: `seat`, `card`, `cost` and the public track `changes`",
    "card_fizzled": "an ordered card could not take effect (`reason`)",
    "private_changes": "to one seat: the changes to its private tracks that entry `of` made",
    "talks_opened": "the talks phase began",
    "talks_closed": "the talks phase ended",
    "phase_closed": "the facilitator or the timer closed the phase (`by`)",
    "proposal_tabled": "a proposal (`proposal`, `by`, `clauses`, `parties`, `amends`; an amendment may carry "
                       "its `reason`)",
    "proposal_answered": "a seat's `answer` to a proposal and its new `status`, and the `reason` if one was given "
                         "(bots always give one when they reject)",
    "proposal_signed": "a seat signed a proposal",
    "agreement_bound": "a proposal bound: `proposal`, `clauses`, `signatories` and the public track `changes`",
    "upkeep": "the scenario's start-of-round effects (mandates running out) and the public track `changes`",
    "statement": "a public statement of a seat (`text`)",
    "message": "a chat message in `channel`; `to` is the channel's members (null for plenary); `reply_to`: "
               "the position `n` of the message it answers, if any (a bot's answer to a person always has it)",
    "seat_ready": "a delegation is done with these talks",
    "announcement": "the facilitator's announcement (`text`)",
    "game_over": "the game ended: `outcome`, `reason`, `scores`",
}
