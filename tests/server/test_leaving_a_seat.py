"""A connection that no longer holds a seat reads nothing of it, by whatever path it left.

The seat's team chat is the probe: after the path, someone else sits at the seat and writes in
its delegation channel; the old connection must receive neither the message nor the seat's
private part. Its own next request is the barrier: the server answers it after everything it had
queued for that socket, so anything leaked would have arrived first.
"""
from __future__ import annotations

import pytest

from .harness import facilitated
from .secrets_check import leaks

SECRET = "brill-team-only-4d1"


def _sit_q(server, clients):
    game, fac = facilitated(server, clients, team_size=2)
    q = clients(server, "q")
    joined = q.ok("join", {"code": game["code"], "nickname": "Q", "seat": "brill"})
    q.wait_for(lambda u: u["view"]["viewer"] == "brill")
    return game, fac, q, joined


def _unseat_by_facilitator(server, clients, game, fac, q, joined):
    fac.ok("assign", {"player": joined["player"], "seat": None})
    q.wait_for(lambda u: u["view"]["viewer"] == "spectator", "q unseated")


def _reserved_disconnect_then_unseated(server, clients, game, fac, q, joined):
    answer = q.call("disconnect", {})
    assert answer["error"]["code"] == "reserved_event"
    assert q.ok("log", {"since": 0})["entries"]  # still joined: the event changed nothing
    fac.ok("assign", {"player": joined["player"], "seat": None})
    # Waited for on the facilitator's side: what q is sent is what is under test.
    fac.wait_for(lambda u: [p["id"] for p in u["roster"]["unseated"]] == [joined["player"]], "q unseated")


def _moved_by_facilitator(server, clients, game, fac, q, joined):
    fac.ok("assign", {"player": joined["player"], "seat": "aster"})
    q.wait_for(lambda u: u["view"]["viewer"] == "aster", "q moved to aster")


def _stands_up(server, clients, game, fac, q, joined):
    q.ok("choose_seat", {"seat": None})
    q.wait_for(lambda u: u["view"]["viewer"] == "spectator", "q standing")


def _seat_given_to_a_bot_and_back(server, clients, game, fac, q, joined):
    fac.ok("set_bot", {"seat": "brill", "temperament": "hawk"})
    q.wait_for(lambda u: u["view"]["viewer"] == "spectator", "q unseated by the bot")
    fac.ok("set_bot", {"seat": "brill", "temperament": None})


def _joins_another_table(server, clients, game, fac, q, joined):
    other, _ = facilitated(server, clients, name="other facilitator")
    q.ok("join", {"code": other["code"], "nickname": "Q", "role": "spectator"})


def _rejoins_with_another_token(server, clients, game, fac, q, joined):
    ana = clients(server, "ana")
    token = ana.ok("join", {"code": game["code"], "nickname": "Ana", "seat": "aster"})["token"]
    q.ok("rejoin", {"token": token})
    q.wait_for(lambda u: u["view"]["viewer"] == "aster", "q as ana")


PATHS = {
    "reserved disconnect event, then unseated": (_reserved_disconnect_then_unseated, None),
    "unseated by the facilitator": (_unseat_by_facilitator, None),
    "moved to another seat by the facilitator": (_moved_by_facilitator, "aster"),
    "stands up in the lobby": (_stands_up, None),
    "seat given to a bot": (_seat_given_to_a_bot_and_back, None),
    "joins another table": (_joins_another_table, None),
    "rejoins with another seat's token": (_rejoins_with_another_token, "aster"),
}


@pytest.mark.parametrize("path", list(PATHS))
def test_a_connection_that_left_a_seat_reads_none_of_its_secrets(server, clients, path):
    leave, viewer_after = PATHS[path]
    game, fac, q, joined = _sit_q(server, clients)
    leave(server, clients, game, fac, q, joined)
    since_leaving = len(q.received)

    r = clients(server, "r")
    r_token = r.ok("join", {"code": game["code"], "nickname": "R", "seat": "brill"})["token"]
    r.ok("chat", {"channel": "delegation:brill", "text": SECRET})
    r.wait_for(lambda u: any(e.get("text") == SECRET for e in u["view"]["log"]), "r's own team message")
    q.call("log", {"since": 0})  # the barrier

    after = q.received[since_leaving:]
    assert leaks(after, viewer_after, "lighthouse", {"delegation:brill": SECRET}, [r_token]) == []
    assert not [event for event, data in after if event == "private" and data["private"]["viewer"] == "brill"]


@pytest.mark.parametrize("event", ["connect", "disconnect"])
@pytest.mark.parametrize("payload", [{}, None, "x"])
def test_reserved_event_names_sent_by_a_client_get_a_typed_error_and_change_nothing(server, clients, event, payload):
    game, fac, q, joined = _sit_q(server, clients)
    answer = q.call(event, payload)
    assert answer == {"ok": False, "error": {"code": "reserved_event", "message": answer["error"]["message"],
                                             "details": {"event": event}}}
    # Still the same seat, still reading it.
    assert q.ok("log", {"since": 0})["entries"]
    q.ok("chat", {"channel": "delegation:brill", "text": "still here"})
    q.wait_for(lambda u: any(e.get("text") == "still here" for e in u["view"]["log"]), "q's own message")
