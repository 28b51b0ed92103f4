"""Two real server processes on one real Redis: one table's clients split across both.

Each test gets its own Redis database, flushed first. Socket.IO's message queue uses a pub/sub
channel, which Redis shares across databases, so these tests must not run beside another
Redis-backed server.
"""
from __future__ import annotations

import threading
import time

import pytest
import redis

from server.store.redis_store import RedisStore

from .harness import WAIT, Client, Server, facilitated

pytestmark = pytest.mark.redis
DATABASE = 11
URL = f"redis://127.0.0.1:6379/{DATABASE}"


@pytest.fixture
def pair(tmp_path):
    redis.Redis.from_url(URL).flushdb()
    servers = [Server(tmp_path / f"unused-{i}.sqlite3", args=["--redis", URL]).start() for i in range(2)]
    yield servers
    for server in servers:
        server.stop()
    redis.Redis.from_url(URL).flushdb()


def same_game(*clients: Client, what: str):
    """Wait until every client holds the same final position: the same log length and view."""
    target = max(c.latest["seq"] for c in clients)
    for c in clients:
        c.wait_for(lambda u: u["seq"] >= target, what)
    shared = {(c.view["moves_made"], c.view["phase"], c.view["outcome"], str(c.view["tracks"])) for c in clients}
    assert len(shared) == 1, shared


def play_round(people: list[Client], round_: int):
    """Every person orders nothing, then says it is done talking."""
    for person in people:
        person.wait_for(lambda u: u["view"]["round"] == round_ and u["view"]["phase"] == "orders", f"orders {round_}")
        person.ok("submit_orders", {"cards": []})
    for person in people:
        person.wait_for(lambda u: u["view"]["phase"] in ("talks", "over"), f"talks {round_}")
        if person.view["phase"] == "talks":
            person.ok("ready")


def test_a_table_split_across_two_processes_plays_to_the_end(pair, clients):
    a, b = pair
    game, fac = facilitated(a, clients, "facilitator on A", bots={"league": "mediator"}, rounds=3)
    ana = clients(a, "ana on A")
    ana.ok("join", {"code": game["code"], "nickname": "Ana", "seat": "aster"})
    ben = clients(b, "ben on B")
    ben.ok("join", {"code": game["code"], "nickname": "Ben", "seat": "brill"})
    watcher = clients(b, "projector on B")
    watcher.ok("join", {"code": game["code"], "nickname": "Wall", "role": "projector"})
    fac.ok("start")
    ben.wait_for(lambda u: u["view"]["phase"] == "orders", "B hears A's start")
    ben.ok("chat", {"channel": "bilateral:aster+brill", "text": "from B"})
    ana.wait_for(lambda u: any(e.get("text") == "from B" for e in u["view"]["log"]), "A hears B's chat")
    for round_ in (1, 2, 3):
        play_round([ana, ben], round_)
    for person in (ana, ben, watcher, fac):
        person.wait_for(lambda u: u["view"]["phase"] == "over", "the end")
    same_game(ana, ben, watcher, fac, what="the same end everywhere")
    assert not any(e.get("text") == "from B" for e in watcher.view["log"])  # a bilateral stays private


def test_when_a_process_dies_its_clients_move_and_nothing_acknowledged_is_lost(pair, clients):
    a, b = pair
    game, fac = facilitated(a, clients, "facilitator on B", on=b, bots={"league": "dove"})
    ana = clients(a, "ana on A")
    joined = ana.ok("join", {"code": game["code"], "nickname": "Ana", "seat": "aster"})
    ben = clients(b, "ben on B")
    ben.ok("join", {"code": game["code"], "nickname": "Ben", "seat": "brill"})
    fac.ok("start")
    acked = []
    for n in range(5):
        ana.ok("chat", {"channel": "plenary", "text": f"before {n}"})
        acked.append(f"before {n}")
    ana.ok("submit_orders", {"cards": ["send_gunboat"]})
    a.kill()

    again = clients(b, "ana moved to B")
    back = again.ok("rejoin", {"token": joined["token"]})
    assert back["seat"] == "aster" and back["update"]["view"]["you"]["orders"] == ["send_gunboat"]
    ben.ok("submit_orders", {"cards": []})
    again.wait_for(lambda u: u["view"]["phase"] == "talks", "the bot on the dead process's lease still plays")
    texts = [e["action"]["params"]["text"] for e in b.export(game)["log"]
             if e["type"] == "action" and e["action"]["kind"] == "message"]
    assert texts == acked


def test_timers_keep_firing_after_the_lease_holder_dies(pair, clients):
    a, b = pair
    # A opens the game, so A holds its lease.
    game, fac = facilitated(a, clients, "facilitator on A", timers={"orders": 2, "talks": 2},
                            bots={"brill": "hawk", "league": "hawk"})
    ana = clients(b, "ana on B")
    ana.ok("join", {"code": game["code"], "nickname": "Ana", "seat": "aster"})
    fac.ok("start")
    ana.wait_for(lambda u: u["timer"] is not None and u["view"]["phase"] == "orders")
    a.kill()
    # Only B is left: after the lease lapses B takes the game over and its deadlines fire.
    ana.wait_for(lambda u: u["view"]["phase"] == "talks", "the orders deadline, fired by B")
    ana.wait_for(lambda u: u["view"]["round"] == 2 or u["view"]["phase"] == "over", "the talks deadline, fired by B")


def test_concurrent_writers_on_both_processes_leave_a_log_without_gaps_or_doubles(pair, clients):
    a, b = pair
    game = a.create(bots={"league": "dove"})
    ana = clients(a, "ana on A")
    ana_joined = ana.ok("join", {"code": game["code"], "nickname": "Ana", "seat": "aster"})
    ben = clients(b, "ben on B")
    ben_joined = ben.ok("join", {"code": game["code"], "nickname": "Ben", "seat": "brill"})
    senders = [ana, ben]
    for i in range(2):  # teammates: more connections on each process, all writing to one game
        senders.append(clients(a, f"ana's teammate {i}"))
        senders[-1].ok("rejoin", {"token": ana_joined["token"]})
        senders.append(clients(b, f"ben's teammate {i}"))
        senders[-1].ok("rejoin", {"token": ben_joined["token"]})
    acked, lock = [], threading.Lock()

    def hammer(client: Client):
        for n in range(15):
            text = f"{client.name} {n}"
            answer = client.call("chat", {"channel": "plenary", "text": text})
            assert answer["ok"], answer
            with lock:
                acked.append(text)

    threads = [threading.Thread(target=hammer, args=(c,)) for c in senders]
    for t in threads:
        t.start()
    for t in threads:
        t.join(WAIT * 4)
    assert len(acked) == 15 * len(senders)
    entries = RedisStore(URL).read(game["game"])
    texts = [e["action"]["params"]["text"] for e in entries
             if e["type"] == "action" and e["action"]["kind"] == "message"]
    assert sorted(texts) == sorted(acked) and len(set(texts)) == len(texts)
    for sender in senders:  # every process ends with the whole log, in the same order
        sender.wait_for(lambda u: u["seq"] == len(entries), "the last message")


def test_a_table_silent_longer_than_redis_timeouts_still_plays(pair, clients):
    """redis-py 8 times a socket out after 5 s by default, which would break the message queue's
    idle pub/sub listener; a quiet table must still hear the next move from the other process."""
    a, b = pair
    game = a.create(bots={"league": "dove"})
    ana = clients(a, "ana on A")
    ana.ok("join", {"code": game["code"], "nickname": "Ana", "seat": "aster"})
    ben = clients(b, "ben on B")
    ben.ok("join", {"code": game["code"], "nickname": "Ben", "seat": "brill"})
    ben.ok("chat", {"channel": "plenary", "text": "first"})
    ana.wait_for(lambda u: any(e.get("text") == "first" for e in u["view"]["log"]), "the first message")
    time.sleep(7)  # the silence itself is what is tested
    # Each process listens on two channels (Socket.IO's queue, the changes of games); a listener
    # broken by a read timeout reconnects every few seconds, so its connection would be young.
    listeners = redis.Redis.from_url(URL).client_list(_type="pubsub")
    assert len(listeners) >= 4 and all(int(c["age"]) >= 7 for c in listeners), listeners
    ben.ok("chat", {"channel": "plenary", "text": "after the silence"})
    ana.wait_for(lambda u: any(e.get("text") == "after the silence" for e in u["view"]["log"]), "the next message")
    ana.ok("chat", {"channel": "plenary", "text": "and back"})
    ben.wait_for(lambda u: any(e.get("text") == "and back" for e in u["view"]["log"]), "the answer")
