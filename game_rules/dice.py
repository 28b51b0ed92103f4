"""The game's only source of chance.

Every draw is derived from the game's seed and a key naming what is drawn
(round, purpose), so no generator state has to live in the game state:
replaying the same log reproduces every draw, and a cloned state cannot
disturb its parent's luck.
"""
from __future__ import annotations

import hashlib
import random as _random
from collections.abc import Callable


def rng(seed: int | str, *key: object) -> _random.Random:
    """A private generator for one named draw of one game."""
    text = ":".join(map(str, (seed, *key)))
    digest = hashlib.blake2b(text.encode(), digest_size=8).digest()
    return _random.Random(int.from_bytes(digest, "big"))


def roll(seed: int | str, *key: object) -> Callable[[], float]:
    """`rng(seed, *key).random`, with the generator seeded only when the first draw is made:
    most cards and clauses draw nothing, and seeding costs more than resolving a card."""
    generator = None

    def draw() -> float:
        nonlocal generator
        if generator is None:
            generator = rng(seed, *key)
        return generator.random()
    return draw
