"""Leases and change announcements between server processes, on a real Redis."""
import threading
import time
import uuid

import pytest
import redis

from server.cluster import RedisCluster, Solo
from server.store import Change
from server.store.redis_store import RedisStore

URL = "redis://127.0.0.1:6379/0"
pytestmark = pytest.mark.redis


def spawn(fn, *args):
    thread = threading.Thread(target=fn, args=args, daemon=True)
    thread.start()
    return thread


def wait_for(condition, seconds=10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


@pytest.fixture
def prefix():
    name = f"test-{uuid.uuid4().hex[:8]}"
    yield name
    client = redis.Redis.from_url(URL)
    keys = list(client.scan_iter(f"{name}:*"))
    if keys:
        client.delete(*keys)


def test_solo_drives_every_game():
    assert Solo().holds("anything") and Solo().claim("anything")


def test_only_one_process_holds_a_lease(prefix):
    a, b = RedisCluster(URL, prefix), RedisCluster(URL, prefix)
    assert a.claim("g1") is True
    assert b.claim("g1") is False
    assert a.holds("g1") and not b.holds("g1")
    assert b.claim("g2") and not a.claim("g2")


def test_a_lease_passes_to_another_process_when_its_holder_dies(prefix):
    holder = RedisCluster(URL, prefix, lease_seconds=0.6)
    heir = RedisCluster(URL, prefix, lease_seconds=0.6)
    taken = []
    assert holder.claim("g1")
    spawn(holder._keep_leases, time.sleep, lambda g: None, lambda: ["g1"])
    spawn(heir._keep_leases, time.sleep, taken.append, lambda: ["g1"])
    time.sleep(1.5)  # several lease lengths: renewals must have kept it
    assert taken == [] and holder.holds("g1")
    holder.stop()  # as good as dead: it no longer renews
    assert wait_for(lambda: taken == ["g1"], 5)
    assert heir.holds("g1")


def test_appends_reach_other_processes_with_their_entries_after_a_long_silence(prefix):
    """The store publishes each append; redis-py 8 times a socket out after 5 s by default, and a
    quiet table must still hear the next change."""
    a, b = RedisCluster(URL, prefix), RedisCluster(URL, prefix)
    store_a, store_b = RedisStore(URL, prefix, writer=a.process), RedisStore(URL, prefix, writer=b.process)
    heard = []
    b.start(spawn, time.sleep, lambda game, length, change: heard.append((game, length, change)),
            lambda g: None, lambda: [])
    client = redis.Redis.from_url(URL)
    assert wait_for(lambda: client.pubsub_numsub(f"{prefix}:changed")[0][1] == 1)
    store_a.create_game("g0", "CODE00", {"type": "created"})
    store_a.append("g0", 1, [{"type": "chat", "text": "one\ntwo"}, {"type": "chat", "text": "three"}])
    assert wait_for(lambda: len(heard) == 1)
    assert heard[0] == ("g0", 3, Change("g0", 1, a.process, [{"type": "chat", "text": "one\ntwo"},
                                                             {"type": "chat", "text": "three"}]))
    time.sleep(6.5)  # the silence itself is what is tested
    store_a.append("g0", 3, [{"type": "chat", "text": "four"}])
    store_b.append("g0", 4, [{"type": "chat", "text": "five"}])  # a process does not hear itself
    assert wait_for(lambda: len(heard) == 2)
    assert heard[1][:2] == ("g0", 4) and heard[1][2].entries == [{"type": "chat", "text": "four"}]
    a.stop(), b.stop()


def test_a_process_notices_changes_it_was_not_told_about(prefix):
    """Pub/sub loses what is published while a listener (re)subscribes: every process also
    compares the stored length of the games it serves, held or not, at every renewal."""
    holder = RedisCluster(URL, prefix, lease_seconds=0.6)
    other = RedisCluster(URL, prefix, lease_seconds=0.6)
    stored = {"g1": 5}
    seen = {holder: [], other: []}
    assert holder.claim("g1")
    for process in (holder, other):
        spawn(process._keep_leases, time.sleep, lambda g: None, lambda: ["g1"],
              lambda game, length, change, p=process: seen[p].append((game, length, change)),
              lambda games: {g: stored[g] for g in games})
    assert wait_for(lambda: all(("g1", 5, None) in s for s in seen.values()))
    stored["g1"] = 9  # another process wrote, and its message was lost
    assert wait_for(lambda: all(("g1", 9, None) in s for s in seen.values()))
    assert not other.holds("g1")
    holder.stop(), other.stop()
