"""A pass of the bots (each bot seat acting on the same position) reaches every connection as one
update, not one per bot move: the bots of a table order, answer and speak together, and each
update costs every connection a view and a packet."""
from __future__ import annotations

from .harness import facilitated


def _added(message):
    return message.get("log", {}).get("add", [])


def test_the_bots_orders_reach_each_connection_in_one_update(server, clients):
    game, fac = facilitated(server, clients)
    ana = clients(server, "ana")
    ana.ok("join", {"code": game["code"], "nickname": "Ana", "seat": "aster"})
    projector = clients(server, "projector")
    projector.ok("join", {"code": game["code"], "nickname": "projector", "role": "projector"})
    fac.ok("start")  # every other seat is filled by a bot, and the bots order at once
    bots = [s for s in fac.view["seats"] if s != "aster"]
    assert len(bots) >= 2
    for client, event in ((projector, "update"), (ana, "shared"), (fac, "update")):
        client.wait_for(lambda u: all(u["view"]["seats"][s]["ordered"] for s in bots), "the bots' orders")
        carrying = [data for name, data in client.received if name == event
                    and any(e["type"] == "orders_submitted" for e in _added(data))]
        assert len(carrying) == 1, (client.name, [[e.get("seat") for e in _added(d)] for d in carrying])
        assert {e["seat"] for e in _added(carrying[0]) if e["type"] == "orders_submitted"} == set(bots)
