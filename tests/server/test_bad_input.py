"""Property tests: malformed, oversized, deeply nested, out-of-phase, stale and unauthorised
messages, and other seats' or made-up tokens, each get a typed error; the server stays up and the
game's log does not change.

The fuzz run of the hardening issue is this test with more examples:
    CRISIS_FUZZ_EXAMPLES=10000 .venv/bin/pytest tests/server/test_bad_input.py
"""
from __future__ import annotations

import json
import os
import threading

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server import protocol

from .harness import WAIT, Client

EVENTS = sorted(protocol.EVENTS)
TALKS_ONLY = {  # well-formed, but the game is in its orders phase
    "propose": {"clauses": ["shared_fishing"]},
    "respond": {"proposal": 1, "answer": "accept"},
    "amend": {"proposal": 1, "clauses": ["league_keeper"]},
    "sign": {"proposal": 1},
    "statement": {"text": "too early"},
    "ready": {},
}

FACILITATOR_COMMANDS = {  # well-formed, but sent by a player
    "start": {}, "skip": {}, "pause": {}, "resume": {}, "end_game": {},
    "extend": {"seconds": 5}, "assign": {"player": "p1", "seat": None},
    "set_head": {"seat": "aster", "player": "p1"}, "set_bot": {"seat": "aster", "temperament": "hawk"},
    "inject": {"event": "storm"}, "announce": {"text": "hello"},
}

json_scalars = st.one_of(st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30))
json_values = st.recursive(json_scalars | st.none(), lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=12)


def _is_json(value) -> bool:
    """Whether `value` is JSON at all: NaN and infinities are refused while the packet is
    decoded, before any schema could name a field."""
    try:
        json.dumps(value, allow_nan=False)
    except ValueError:
        return False
    return True


@st.composite
def malformed(draw):
    """A payload no schema accepts: not an object, or an object with a field no event has."""
    event = draw(st.sampled_from(EVENTS + ["no_such_event", "update", "Join"]))
    if draw(st.booleans()):
        payload = draw(json_scalars | st.lists(json_values, max_size=3))
    else:
        fields = list(protocol.EVENTS[event].schema().fields) if event in protocol.EVENTS else []
        payload = draw(st.fixed_dictionaries({}, optional={f: json_values for f in fields}))
        payload["zz_not_a_field"] = draw(json_values)
    return event, payload


@st.composite
def oversized(draw):
    event = draw(st.sampled_from(["chat", "statement", "join", "submit_orders", "announce"]))
    size = draw(st.integers(min_value=protocol.MAX_MESSAGE_BYTES + 1, max_value=40_000))
    return event, {"text": "x" * size, "channel": "plenary"}


@st.composite
def out_of_phase(draw):
    event = draw(st.sampled_from(sorted(TALKS_ONLY)))
    payload = dict(TALKS_ONLY[event])
    if draw(st.booleans()):
        payload["seat"] = "aster"
    return event, payload


@st.composite
def not_theirs(draw):
    """Well-formed requests the sender may not make: the facilitator's, or for another seat."""
    if draw(st.booleans()):
        event = draw(st.sampled_from(sorted(FACILITATOR_COMMANDS)))
        return event, dict(FACILITATOR_COMMANDS[event])
    seat = draw(st.sampled_from(["brill", "league", "nowhere"]))
    return "submit_orders", {"cards": [], "seat": seat}


@st.composite
def deeply_nested(draw):
    event = draw(st.sampled_from(EVENTS))
    payload: object = draw(json_scalars)
    for _ in range(draw(st.integers(min_value=20, max_value=400))):
        payload = {"x": payload} if draw(st.booleans()) else [payload]
    return event, payload if isinstance(payload, dict) else {"cards": payload}


@st.composite
def stale(draw):
    """Well-formed, in phase, but the rules refuse it: cards of other delegations, made-up cards."""
    cards = draw(st.lists(st.sampled_from(["shuttle_talks", "warn_both", "no_such_card", "brill_lamp"]),
                          min_size=1, max_size=2, unique=True))
    return "submit_orders", {"cards": cards}


@st.composite
def wrong_token(draw):
    """Tokens that open nothing: made up, shaped like a real one, or a player's used as the facilitator's."""
    event = draw(st.sampled_from(["rejoin", "facilitate"]))
    token = draw(st.one_of(st.text(min_size=1, max_size=60),
                           st.from_regex(r"[0-9a-f]{12}\.[A-Za-z0-9_-]{32}", fullmatch=True),
                           st.just("PLAYER_TOKEN")))
    return event, {"token": token}


EXPECTED = {
    "malformed": {"bad_payload"},
    "oversized": {"too_large"},
    "out_of_phase": {"wrong_phase"},
    "not_theirs": {"not_facilitator", "not_your_seat"},
    "deeply_nested": {"bad_payload", "too_large"},
    "stale": {"illegal_action"},
    "wrong_token": {"bad_token"},
}


@pytest.fixture(scope="module")
def seated(server):
    game = server.create(bots={"brill": "hawk", "league": "hawk"})
    fac, player = Client(server, "facilitator"), Client(server, "ana")
    fac.ok("facilitate", {"token": game["facilitator_token"]})
    joined = player.ok("join", {"code": game["code"], "nickname": "Ana", "seat": "aster"})
    fac.ok("start")
    player.wait_for(lambda u: u["view"]["phase"] == "orders" and u["view"]["seats"]["brill"]["ordered"]
                    and u["view"]["seats"]["league"]["ordered"], "the bots' orders")
    before = server.export(game)["log"]
    yield game, player, joined["token"]
    assert server.alive()
    assert server.export(game)["log"] == before, "a refused message changed the game"
    player.close()
    fac.close()


@settings(max_examples=int(os.environ.get("CRISIS_FUZZ_EXAMPLES", 150)), deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(case=st.one_of(malformed().map(lambda c: ("malformed", c)), oversized().map(lambda c: ("oversized", c)),
                      out_of_phase().map(lambda c: ("out_of_phase", c)), not_theirs().map(lambda c: ("not_theirs", c)),
                      deeply_nested().map(lambda c: ("deeply_nested", c)), stale().map(lambda c: ("stale", c)),
                      wrong_token().map(lambda c: ("wrong_token", c))))
def test_every_bad_message_gets_a_typed_error_and_changes_nothing(seated, case):
    kind, (event, payload) = case
    game, player, token = seated
    if isinstance(payload, dict) and payload.get("token") == "PLAYER_TOKEN":
        payload = {"token": token}
        if event == "rejoin":
            event = "facilitate"  # a seat's own token rejoins its seat; as the facilitator's it opens nothing
    answer = player.call(event, payload)
    assert answer["ok"] is False, (event, payload, answer)
    error = answer["error"]
    assert error["code"] in EXPECTED[kind], (event, payload, answer)
    assert error["code"] in protocol.ERRORS
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["details"], dict)
    if kind == "malformed" and isinstance(payload, dict) and event in protocol.EVENTS and _is_json(payload):
        assert "zz_not_a_field" in error["details"]  # the field at fault is named


def test_a_schema_error_names_each_field(seated):
    game, player, _ = seated
    answer = player.call("respond", {"proposal": "one", "answer": "maybe"})
    assert answer["error"]["code"] == "bad_payload"
    assert set(answer["error"]["details"]) == {"proposal", "answer"}


def test_engine_refusals_are_typed_too(seated):
    game, player, _ = seated
    answer = player.call("submit_orders", {"cards": ["send_gunboat", "recall_fleet"]})
    assert answer["error"]["code"] == "illegal_action" and answer["error"]["details"]["engine_code"] == "illegal_action"
    answer = player.call("submit_orders", {"cards": ["no_such_card"]})
    assert answer["error"]["code"] == "illegal_action"


# ---- packets refused while decoding: sent as raw Socket.IO text, as a hostile client would ----

def raw_call(client: Client, body: str) -> dict:
    """Send `2<ack id><body>` as it is (no client-side JSON encoding) and return the acknowledgement."""
    answered, box = threading.Event(), []
    ack = client.sio._generate_ack_id("/", lambda *data: (box.append(data), answered.set()))
    client.sio.eio.send(f"2{ack}{body}")
    assert answered.wait(WAIT), f"no acknowledgement for {body[:80]!r}"
    assert len(box[0]) == 1, box
    return box[0][0]


def huge_integer(digits: int) -> str:
    return "9" * digits


RAW_CASES = {
    "log.since": lambda n: '["log",{"since":%s}]' % huge_integer(n),
    "log.limit": lambda n: '["log",{"since":0,"limit":%s}]' % huge_integer(n),
    "respond.proposal": lambda n: '["respond",{"proposal":%s,"answer":"accept"}]' % huge_integer(n),
    "amend.proposal": lambda n: '["amend",{"proposal":%s,"clauses":[]}]' % huge_integer(n),
    "sign.proposal": lambda n: '["sign",{"proposal":%s}]' % huge_integer(n),
    "extend.seconds": lambda n: '["extend",{"seconds":%s}]' % huge_integer(n),
}


@settings(max_examples=int(os.environ.get("CRISIS_FUZZ_EXAMPLES", 40)), deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(field=st.sampled_from(sorted(RAW_CASES)), digits=st.integers(min_value=4301, max_value=7000))
def test_integers_over_4300_digits_are_answered(seated, field, digits):
    game, player, _ = seated
    answer = raw_call(player, RAW_CASES[field](digits))
    assert answer["ok"] is False and answer["error"]["code"] == "bad_payload", answer


@settings(max_examples=int(os.environ.get("CRISIS_FUZZ_EXAMPLES", 40)), deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(event=st.sampled_from(EVENTS), depth=st.integers(min_value=65, max_value=10_000),
       bracket=st.sampled_from(["[]", '{"a":}']))
def test_deep_nesting_is_answered_before_decoding(seated, event, depth, bracket):
    """1,300 and 4,000 levels overflowed the decoder's recursion; 10,000 (20 KB) was never answered."""
    game, player, _ = seated
    opening, closing = (bracket[:-1], bracket[-1]) if bracket == "[]" else ('{"a":', "}")
    nested = opening * depth + "1" + closing * depth
    answer = raw_call(player, '["%s",{"cards":%s}]' % (event, nested))
    assert answer["ok"] is False and answer["error"]["code"] in {"bad_payload", "too_large"}, answer


@pytest.mark.parametrize("body", [
    '["chat",{"text":NaN,"channel":"plenary"}]',  # not JSON
    '["chat",{"text":"unclosed}]',
    '{"chat":1}',  # not a list
    '[]',
    '[42,{}]',  # no event name
    '',  # no data at all
    '"chat"',
])
def test_packets_that_are_not_events_are_answered(seated, body):
    game, player, _ = seated
    answer = raw_call(player, body)
    assert answer["ok"] is False and answer["error"]["code"] == "bad_payload", answer


def test_a_packet_over_the_frame_decoding_limit_is_too_large(seated):
    game, player, _ = seated
    answer = raw_call(player, '["chat",{"text":"%s","channel":"plenary"}]' % ("\\u0061" * 6000))
    assert answer["error"]["code"] == "too_large", answer


def test_a_missing_or_null_payload_reads_as_an_empty_object(seated):
    """As docs/protocol.md says: `ready` needs no fields (refused here only by the phase), while
    an event with required fields names them."""
    game, player, _ = seated
    for payload in ("", ",null"):
        answer = raw_call(player, '["ready"%s]' % payload)
        assert answer["error"]["code"] == "wrong_phase", answer
        answer = raw_call(player, '["chat"%s]' % payload)
        assert answer["error"]["code"] == "bad_payload" and set(answer["error"]["details"]) == {"channel", "text"}


def test_no_traceback_is_logged_for_a_malformed_packet(seated, server):
    game, player, _ = seated
    raw_call(player, '["log",{"since":%s}]' % huge_integer(5000))
    raw_call(player, '["log",%s1%s]' % ("[" * 2000, "]" * 2000))
    raw_call(player, '{"not":"an event"}')
    assert player.ok("log", {"since": 0})["entries"], "the connection still works"
    assert "Traceback" not in server.log.read_text()


# ---- REST bodies, over real HTTP ----

@st.composite
def bad_bodies(draw) -> bytes:
    """Bodies POST /api/games must refuse: bytes, JSON of the wrong shape, deep nesting, huge integers."""
    kind = draw(st.sampled_from(["bytes", "json", "deep", "digits", "big"]))
    if kind == "bytes":
        return draw(st.binary(max_size=300))
    if kind == "json":
        return json.dumps(draw(json_values.filter(lambda v: not isinstance(v, dict)))).encode()
    if kind == "deep":
        depth = draw(st.integers(min_value=65, max_value=8000))
        return ('{"scenario":"lighthouse","bots":' + "[" * depth + "]" * depth + "}").encode()
    if kind == "digits":
        return ('{"scenario":"lighthouse","seed":' + "7" * draw(st.integers(4301, 9000)) + "}").encode()
    return ('{"scenario":"lighthouse","x":"' + "y" * draw(st.integers(protocol.MAX_BODY_BYTES, 40_000)) + '"}').encode()


@settings(max_examples=int(os.environ.get("CRISIS_FUZZ_EXAMPLES", 60)), deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(body=bad_bodies())
def test_every_bad_rest_body_gets_a_json_refusal(server, body):
    answer = requests.post(server.url + "/api/games", data=body, headers={"Content-Type": "application/json"},
                           timeout=10)
    assert answer.status_code in (400, 413), (answer.status_code, answer.text[:200])
    error = answer.json()["error"]
    assert error["code"] == {400: "bad_payload", 413: "too_large"}[answer.status_code]
    assert protocol.REST_ERRORS[error["code"]][0] == answer.status_code
