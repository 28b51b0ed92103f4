"""The engine's compiled-closure caches: bounded."""
from __future__ import annotations

from game_rules import conditions, effects


def test_the_compiled_condition_and_effect_caches_stay_bounded():
    """Conditions and effect lists made over and over (drafts of a scenario) do not pile up."""
    for i in range(conditions.CACHE_BOUND + 10):
        cond = {"track": "tension", "gte": i}
        assert conditions.compiled(cond) is conditions.compiled(cond)
        conditions.reads(cond)
    assert len(conditions._cache) <= conditions.CACHE_BOUND
    assert len(conditions._reads_cache) <= conditions.CACHE_BOUND
    catalogue = object()
    for i in range(effects.CACHE_BOUND + 10):
        effects.compiled([{"news": f"n{i}"}], catalogue)
    assert len(effects._cache) <= effects.CACHE_BOUND
