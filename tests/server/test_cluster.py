"""Leases and change announcements between server processes, on a real Redis."""
import threading
import time
import uuid

import pytest
import redis

from server.cluster import RedisCluster, Solo

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


def test_changes_reach_other_processes_after_a_long_silence(prefix):
    """redis-py 8 times a socket out after 5 s by default; a quiet table must still hear the next change."""
    a, b = RedisCluster(URL, prefix), RedisCluster(URL, prefix)
    heard = []
    b.start(spawn, time.sleep, lambda game, length: heard.append((game, length)), lambda g: None, lambda: [])
    client = redis.Redis.from_url(URL)
    assert wait_for(lambda: client.pubsub_numsub(f"{prefix}:changed")[0][1] == 1)
    a.announce("g0", 1)
    assert wait_for(lambda: heard == [("g0", 1)])
    time.sleep(6.5)  # the silence itself is what is tested
    a.announce("g1", 7)
    b.announce("g1", 8)  # a process does not hear itself
    assert wait_for(lambda: heard == [("g0", 1), ("g1", 7)])


def test_the_driver_of_a_game_notices_changes_it_was_not_told_about(prefix):
    """Pub/sub loses what is published while a listener (re)subscribes: the lease holder also
    compares the stored length of its games at every renewal."""
    holder = RedisCluster(URL, prefix, lease_seconds=0.6)
    stored = {"g1": 5}
    seen = []
    assert holder.claim("g1")
    spawn(holder._keep_leases, time.sleep, lambda g: None, lambda: ["g1"],
          lambda game, length: seen.append((game, length)), stored.get)
    assert wait_for(lambda: ("g1", 5) in seen)
    stored["g1"] = 9  # another process wrote, and its announcement was lost
    assert wait_for(lambda: ("g1", 9) in seen)
    holder.stop()
