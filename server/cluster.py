"""Which process drives which game, when several server processes share one Redis.

A game's timers and bots must run in exactly one process at a time, or a deadline would
close a phase twice and a bot would think twice. Each game has a lease in Redis that expires
unless its holder renews it; when a holder dies, its leases lapse and another process that
serves the game takes them over. Every commit is also announced on a Redis channel, so the
other processes catch up on the game without waiting for a compare-and-set conflict.

With one process (the embedded default) `Solo` holds every lease and announces nothing.
"""
from __future__ import annotations

import logging
import uuid
from typing import Callable

import redis

log = logging.getLogger(__name__)

LEASE_SECONDS = 6.0
RENEW_EVERY = 2.0  # well inside the lease, so one slow renewal does not lose it

_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""


class Solo:
    """One process: it drives every game."""

    process = "solo"

    def holds(self, game_id: str) -> bool:
        return True

    def claim(self, game_id: str) -> bool:
        return True

    def announce(self, game_id: str, length: int) -> None:
        pass

    def start(self, spawn, sleep, on_change: Callable[[str, int], None],
              on_lease: Callable[[str], None], games: Callable[[], list[str]],
              length: Callable[[str], int] | None = None) -> None:
        pass


class RedisCluster:
    def __init__(self, url: str, prefix: str = "crisis-table", lease_seconds: float = LEASE_SECONDS):
        self.process = uuid.uuid4().hex[:12]
        self.prefix = prefix
        self.lease_ms = int(lease_seconds * 1000)
        self.renew_every = min(RENEW_EVERY, lease_seconds / 3)
        self._redis = redis.Redis.from_url(url, decode_responses=True)
        # A subscriber waits on its socket for as long as the tables are quiet: no read timeout
        # (redis-py 8's default of 5 s would drop it), keepalive to notice a dead peer.
        self._listener = redis.Redis.from_url(url, decode_responses=True, socket_timeout=None,
                                              socket_keepalive=True, health_check_interval=30)
        self._renew = self._redis.register_script(_RENEW)
        self._held: set[str] = set()
        self._running = True

    def _lease(self, game_id: str) -> str:
        return f"{self.prefix}:lease:{game_id}"

    @property
    def _channel(self) -> str:
        return f"{self.prefix}:changed"

    def holds(self, game_id: str) -> bool:
        return game_id in self._held

    def claim(self, game_id: str) -> bool:
        """Take the game's lease if nobody holds it; True if this process holds it now."""
        if game_id in self._held:
            return True
        if self._redis.set(self._lease(game_id), self.process, nx=True, px=self.lease_ms):
            self._held.add(game_id)
            return True
        if self._redis.get(self._lease(game_id)) == self.process:
            self._held.add(game_id)
            return True
        return False

    def announce(self, game_id: str, length: int) -> None:
        self._redis.publish(self._channel, f"{game_id} {length} {self.process}")

    def start(self, spawn, sleep, on_change: Callable[[str, int], None],
              on_lease: Callable[[str], None], games: Callable[[], list[str]],
              length: Callable[[str], int] | None = None) -> None:
        """Run the lease keeper and the change listener in the background.

        on_change(game, length): another process committed to a game.
        on_lease(game): this process has just taken over a game's lease.
        games(): the unfinished games this process serves, whose leases it should hold if free.
        length(game): the stored length of a game's log. Pub/sub drops what is published while a
        listener is (re)subscribing, so the driver of a game also compares lengths at every renewal.
        """
        spawn(self._keep_leases, sleep, on_lease, games, on_change, length)
        spawn(self._listen, sleep, on_change)

    def stop(self) -> None:
        """Stop renewing leases (they lapse) and stop listening."""
        self._running = False

    def _keep_leases(self, sleep, on_lease, games, on_change=None, length=None) -> None:
        while self._running:
            try:
                for game_id in list(self._held):
                    if not self._renew(keys=[self._lease(game_id)], args=[self.process, self.lease_ms]):
                        self._held.discard(game_id)
                    elif on_change and length:
                        self._check(game_id, on_change, length)
                for game_id in games():
                    if game_id not in self._held and self.claim(game_id):
                        on_lease(game_id)
            except redis.RedisError:
                log.exception("could not renew leases; retrying")
            sleep(self.renew_every)
        self._held.clear()

    @staticmethod
    def _check(game_id, on_change, length) -> None:
        try:
            on_change(game_id, length(game_id))
        except Exception:  # one game's trouble must not stop the keeper of every lease
            log.exception("game %s: could not compare with the store", game_id)

    def _listen(self, sleep, on_change) -> None:
        while self._running:
            try:
                pubsub = self._listener.pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(self._channel)
                for message in pubsub.listen():
                    if not self._running:
                        break
                    game_id, length, sender = message["data"].split()
                    if sender != self.process:
                        on_change(game_id, int(length))
            except redis.RedisError:
                log.exception("lost the change channel; resubscribing")
                sleep(1.0)
