"""The lobby: players choose their own delegation before the game starts (`choose_seat`)."""
from __future__ import annotations

from .harness import facilitated


def seats(update):
    """Who sits where, by player id."""
    return {seat: [p["id"] for p in r["players"]] for seat, r in update["roster"]["seats"].items()}


def seated_entries(server, game):
    return [e for e in server.export(game)["log"] if e["type"] == "seated"]


def test_a_player_moves_to_a_seat_with_room_and_every_client_sees_it(server, clients):
    game, fac = facilitated(server, clients, team_size=2, bots={"league": "dove"})
    ana, ben, cleo = clients(server, "ana"), clients(server, "ben"), clients(server, "cleo")
    wall = clients(server, "projector")
    a = ana.ok("join", {"code": game["code"], "nickname": "Ana", "seat": "aster"})
    assert a["team_size"] == 2
    b = ben.ok("join", {"code": game["code"], "nickname": "Ben", "seat": "aster"})["player"]
    c = cleo.ok("join", {"code": game["code"], "nickname": "Cleo", "seat": "brill"})["player"]
    a = a["player"]
    wall.ok("join", {"code": game["code"], "nickname": "wall", "role": "projector"})

    # Ana, head of Aster, joins Cleo at Brill: Ben becomes Aster's head, Cleo stays Brill's.
    ana.ok("choose_seat", {"seat": "brill"})
    for client in (ana, ben, cleo, fac, wall):
        update = client.wait_for(lambda u: seats(u)["brill"] == [a, c] or seats(u)["brill"] == [c, a],
                                 "Ana at Brill")
        assert seats(update)["aster"] == [b]
        assert update["roster"]["seats"]["aster"]["head"] == b
        assert update["roster"]["seats"]["brill"]["head"] == c
    assert ana.view["viewer"] == "brill" and ben.view["viewer"] == "aster"
    assert seated_entries(server, game)[-1] == {"type": "seated", "player": a, "seat": "brill"}

    # Choosing the seat one already has changes nothing.
    length = len(server.export(game)["log"])
    ana.ok("choose_seat", {"seat": "brill"})
    assert len(server.export(game)["log"]) == length

    # Ben stands up: Aster is empty and headless, and Ben waits in the room as a spectator would.
    ben.ok("choose_seat", {"seat": None})
    update = fac.wait_for(lambda u: [p["id"] for p in u["roster"]["unseated"]] == [b], "Ben standing")
    assert seats(update)["aster"] == [] and update["roster"]["seats"]["aster"]["head"] is None
    ben.wait_for(lambda u: u["view"]["viewer"] == "spectator", "Ben's view without a seat")

    # He sits down again at the empty delegation, as its head.
    ben.ok("choose_seat", {"seat": "aster"})
    update = cleo.wait_for(lambda u: seats(u)["aster"] == [b], "Ben back at Aster")
    assert update["roster"]["seats"]["aster"]["head"] == b and update["roster"]["unseated"] == []
    assert ben.wait_for(lambda u: u["view"]["viewer"] == "aster")["view"]["you"]["seat"] == "aster"


def test_a_full_seat_a_bot_seat_an_unknown_seat_and_a_started_game_are_refused(server, clients):
    game, fac = facilitated(server, clients, team_size=1, bots={"league": "dove"})
    ana, cleo, watcher = clients(server, "ana"), clients(server, "cleo"), clients(server, "watcher")
    ana.ok("join", {"code": game["code"], "nickname": "Ana", "seat": "aster"})
    cleo.ok("join", {"code": game["code"], "nickname": "Cleo", "seat": "brill"})
    watcher.ok("join", {"code": game["code"], "nickname": "w", "role": "spectator"})

    def refused(client, payload, code, **details):
        before = server.export(game)["log"]
        answer = client.call("choose_seat", payload)
        assert not answer["ok"] and answer["error"]["code"] == code, (payload, answer)
        assert answer["error"]["message"]
        for key, value in details.items():
            assert answer["error"]["details"][key] == value, (key, answer)
        assert server.export(game)["log"] == before, payload

    refused(ana, {"seat": "brill"}, "illegal_action", seat="brill", team_size=1)  # Cleo's, and a team is one
    refused(ana, {"seat": "league"}, "illegal_action", seat="league", bot="dove")
    refused(ana, {"seat": "atlantis"}, "illegal_action", seat="atlantis")
    refused(ana, {}, "bad_payload")
    refused(ana, {"seat": ""}, "bad_payload")
    refused(watcher, {"seat": "aster"}, "not_your_seat")

    # With the League handed back to people and taken by Dan, nobody is a bot: after the start
    # the log stays still unless a seat changes.
    fac.ok("set_bot", {"seat": "league", "temperament": None})
    dan = clients(server, "dan")
    assert dan.ok("join", {"code": game["code"], "nickname": "Dan"})["seat"] == "league"
    fac.ok("start")
    ana.wait_for(lambda u: u["view"]["phase"] == "orders", "the start")
    refused(ana, {"seat": None}, "wrong_phase", phase="orders")
    refused(dan, {"seat": "league"}, "wrong_phase", phase="orders")
    assert [e["seat"] for e in seated_entries(server, game)] == ["aster", "brill", "league"]
