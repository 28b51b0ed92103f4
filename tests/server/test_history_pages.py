"""`log` read backward (`before`), over real Socket.IO: the pages "Show earlier" asks for, through
a game whose older log the table no longer holds (the store's history) and its recent log
(memory), by channel and by type, for each reader only what it may see."""
from __future__ import annotations

import pytest

from server.game import LOG_SLACK
from server.protocol import LOBBY_LOG_TAIL

from .harness import facilitated
from .secrets_check import leaks

SECRETS = {"bilateral:aster+league": "aster-league-secret", "delegation:aster": "aster-team-secret",
           "bilateral:brill+league": "brill-league-secret"}


def phase_is(phase, round_):
    return lambda u: u["view"]["phase"] == phase and u["view"]["round"] == round_


@pytest.fixture(scope="module")
def game(server):
    """A lighthouse game whose lobby chat pushed its start out of the table's memory, then round 1
    with a statement and chat, in every kind of channel; its connections stay open for the tests."""
    from .harness import Client

    made = []

    def client(name):
        made.append(Client(server, name))
        return made[-1]

    settings, fac = facilitated(server, lambda s, n: client(n), bots={"league": "dove"})
    ana, cleo, watcher = client("ana"), client("cleo"), client("watcher")
    ana.ok("join", {"code": settings["code"], "nickname": "Ana", "seat": "aster"})
    cleo.ok("join", {"code": settings["code"], "nickname": "Cleo", "seat": "brill"})
    watcher.ok("join", {"code": settings["code"], "nickname": "w", "role": "spectator"})
    for i in range(LOBBY_LOG_TAIL + LOG_SLACK + 60):
        who, channel = [(ana, "plenary"), (ana, "bilateral:aster+league"), (ana, "delegation:aster"),
                        (cleo, "plenary"), (cleo, "bilateral:brill+league")][i % 5]
        text = f"{SECRETS.get(channel, 'public')} {i}"
        who.ok("chat", {"channel": channel, "text": text})
    fac.ok("start")
    ana.wait_for(phase_is("orders", 1))
    fac.ok("announce", {"text": "round one announcement"})
    cleo.ok("chat", {"channel": "plenary", "text": "public in round 1"})
    ana.ok("chat", {"channel": "bilateral:aster+league", "text": f"{SECRETS['bilateral:aster+league']} r1"})
    for c in (ana, cleo, watcher):
        c.wait_for(lambda u: any(e.get("text") == "public in round 1" for e in u["view"]["log"]))
    yield {"settings": settings, "fac": fac, "aster": ana, "brill": cleo, "spectator": watcher,
           "export": server.export(settings)}
    for c in made:
        c.close()


def read_back(client, **ask):
    """Every page before the client's update window, newest page first, as "Show earlier" reads."""
    before, read, pages = client.view["log"][0]["n"], [], 0
    while before is not None:
        page = client.ok("log", {"before": before, **ask})
        assert "next" not in page and len(page["entries"]) <= ask.get("limit", 200)
        assert [e["n"] for e in page["entries"]] == sorted(e["n"] for e in page["entries"])
        assert all(e["n"] < before for e in page["entries"])
        read, before, pages = page["entries"] + read, page["previous"], pages + 1
    return read, pages


@pytest.mark.parametrize("reader", ["aster", "brill", "spectator"])
def test_reading_back_from_the_window_gives_the_whole_visible_log_once(game, reader):
    client = game[reader]
    read, pages = read_back(client, limit=50)
    assert pages >= 3
    first = client.view["log"][0]["n"]
    truth = game["export"]["views"][reader]["log"]  # the whole game replayed for this reader
    assert read == [e for e in truth if e["n"] < first]
    assert read[0]["n"] == 0  # the store's history, from the very start
    assert leaks([("ack", {"entries": read})], None if reader == "spectator" else reader, "lighthouse",
                 SECRETS, []) == []


def test_a_channel_pane_reads_back_its_channel_only(game):
    ana = game["aster"]
    read, _ = read_back(ana, limit=30, channel="bilateral:aster+league")
    truth = [e for e in game["export"]["views"]["aster"]["log"]
             if e["type"] == "message" and e["channel"] == "bilateral:aster+league"]
    first = ana.view["log"][0]["n"]
    assert read == [e for e in truth if e["n"] < first] and len(read) > 30


def test_types_bring_back_statements_and_announcements_of_earlier_rounds(game):
    page = game["spectator"].ok("log", {"before": 10**9, "types": ["announcement"], "limit": 5})
    assert [e["text"] for e in page["entries"]] == ["round one announcement"]
    assert page["previous"] is None  # the game is shorter than a scan: it reached the start
    assert all(e["type"] == "announcement" for e in page["entries"])


def test_a_seat_cannot_read_back_another_seats_channel(game):
    for channel in ("bilateral:aster+league", "delegation:aster"):
        answer = game["brill"].call("log", {"before": 100, "channel": channel})
        assert answer["error"]["code"] == "not_allowed"
    answer = game["spectator"].call("log", {"before": 100, "channel": "delegation:brill"})
    assert answer["error"]["code"] == "not_allowed"


@pytest.mark.parametrize("ask, field", [
    ({"since": 0, "before": 5}, "before"),
    ({}, "before"),
    ({"limit": 10}, "before"),
    ({"before": -1}, "before"),
    ({"before": "5"}, "before"),
    ({"before": 5, "limit": 0}, "limit"),
    ({"before": 5, "limit": 201}, "limit"),
    ({"before": 5, "channel": "plenary", "types": ["message"]}, "types"),
    ({"before": 5, "types": ["nope"]}, "types"),
    ({"before": 5, "types": []}, "types"),
])
def test_bad_parameters_get_a_typed_error_naming_the_field(game, ask, field):
    answer = game["aster"].call("log", ask)
    assert not answer["ok"] and answer["error"]["code"] == "bad_payload", answer
    assert field in answer["error"]["details"], answer


def test_reading_back_from_past_the_end_reads_from_the_end(game):
    fac = game["fac"]
    newest = fac.ok("log", {"before": 10**12, "limit": 3})["entries"]
    assert newest == game["export"]["views"]["facilitator"]["log"][-3:]
    assert fac.ok("log", {"before": 0})["entries"] == [] and fac.ok("log", {"before": 0})["previous"] is None
