"""Which process drives which game, when several server processes share one Redis.

A game's timers and bots must run in exactly one process at a time, or a deadline would
close a phase twice and a bot would think twice. Each game has a lease in Redis that expires
unless its holder renews it; when a holder dies, its leases lapse and another process that
serves the game takes them over. The Redis store publishes every append with its entries, and
each process listens, so the other processes catch up on a game as it changes.

With one process (the embedded default) `Solo` holds every lease and listens to nothing.
"""
from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

import redis

from .store.base import Change, StoreUnavailable
from .store.redis_store import changes_channel, parse_change

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

    def release(self, game_id: str) -> None:
        pass

    def start(self, spawn, sleep, on_change: Callable[[str, int, Change | None], None],
              on_lease: Callable[[str], None], games: Callable[[], list[str]],
              lengths: Callable[[list[str]], dict[str, int]] | None = None) -> None:
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

    def start(self, spawn, sleep, on_change: Callable[[str, int, Change | None], None],
              on_lease: Callable[[str], None], games: Callable[[], list[str]],
              lengths: Callable[[list[str]], dict[str, int]] | None = None) -> None:
        """Run the lease keeper and the change listener in the background.

        on_change(game, length, change): another process committed to a game; the change holds
        its entries when they came with the message, None when only the stored length is known.
        on_lease(game): this process has just taken over a game's lease.
        games(): the unfinished games this process serves, whose leases it should hold if free.
        lengths(games): the stored lengths of games' logs. Pub/sub drops what is published while
        a listener is (re)subscribing, so every process also compares the lengths of the games it
        serves at every renewal: its connections' views come from its own copy of each game.
        """
        spawn(self._keep_leases, sleep, on_lease, games, on_change, lengths)
        spawn(self._listen, sleep, on_change)

    def release(self, game_id: str) -> None:
        """Stop renewing the game's lease (this process let go of the game): it lapses, and the
        process that next loads the game takes it."""
        self._held.discard(game_id)

    def stop(self) -> None:
        """Stop renewing leases (they lapse) and stop listening."""
        self._running = False

    def _keep_leases(self, sleep, on_lease, games, on_change=None, lengths=None) -> None:
        failing = False  # an outage is logged once when it begins and once when it ends
        while self._running:
            try:
                self._renew_held()
                served = games()
                for game_id in self._claim_free([g for g in served if g not in self._held]):
                    on_lease(game_id)
                if on_change and lengths:
                    for game_id, length in lengths(served).items():
                        _guarded(on_change, game_id, length, None)
            except (redis.RedisError, StoreUnavailable) as exc:
                if not failing:
                    log.warning("could not renew leases (%s); retrying every %s s", exc, self.renew_every)
                failing = True
            else:
                if failing:
                    log.warning("leases renewed again")
                failing = False
            sleep(self.renew_every)
        self._held.clear()

    # A Redis round trip costs far more than the command (measured ~150 µs of CPU on a small
    # VM): with a hundred tables, one pipeline per step instead of one round trip per game.

    def _renew_held(self) -> None:
        held = list(self._held)
        pipe = self._redis.pipeline(transaction=False)
        for game_id in held:
            self._renew(keys=[self._lease(game_id)], args=[self.process, self.lease_ms], client=pipe)
        for game_id, renewed in zip(held, pipe.execute(), strict=True):
            if not renewed:
                self._held.discard(game_id)

    def _claim_free(self, game_ids: list[str]) -> list[str]:
        """Take the leases nobody holds among `game_ids`; return those taken."""
        pipe = self._redis.pipeline(transaction=False)
        for game_id in game_ids:
            pipe.set(self._lease(game_id), self.process, nx=True, px=self.lease_ms)
        taken = [game_id for game_id, ok in zip(game_ids, pipe.execute(), strict=True) if ok]
        self._held.update(taken)
        return taken

    def _listen(self, sleep, on_change) -> None:
        failing = False
        while self._running:
            try:
                pubsub = self._listener.pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(changes_channel(self.prefix))
                if failing:
                    log.warning("listening to the change channel again")
                    failing = False
                for message in pubsub.listen():
                    if not self._running:
                        break
                    change = parse_change(message["data"])
                    if change.writer != self.process:
                        _guarded(on_change, change.game_id, change.length, change)
            except redis.RedisError as exc:
                if not failing:
                    log.warning("lost the change channel (%s); resubscribing every second", exc)
                failing = True
                sleep(1.0)


def _guarded(on_change, game_id: str, length: int, change: Change | None) -> None:
    try:
        on_change(game_id, length, change)
    except Exception:  # one game's trouble must not stop the listener or the keeper of every lease
        log.exception("game %s: could not catch up", game_id)
