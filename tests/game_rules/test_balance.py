"""Choices matter: across thousands of bot games every ending is reachable, no delegation
dominates, and a table of hawks ends differently from a table of doves."""
import pytest

from game_rules import load_scenario
from game_rules.simulate import parse_temperaments, tournament

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def plates():
    return load_scenario("plates-2021")


def test_default_tables_reach_every_ending_and_nobody_dominates(plates):
    summary = tournament(plates, 2000, seed=1).summary()
    for ending, share in summary["endings"].items():
        assert share >= 0.05, f"{ending} ends only {share:.1%} of games"
    for seat, figures in summary["delegations"].items():
        assert figures["top_share"] <= 0.40, f"{seat} scores highest in {figures['top_share']:.1%} of games"


def test_hawks_clash_at_least_twice_as_often_as_doves(plates):
    hawks = tournament(plates, 500, seed=2, temperaments=parse_temperaments(plates, ["all=hawk"])).summary()
    doves = tournament(plates, 500, seed=2, temperaments=parse_temperaments(plates, ["all=dove"])).summary()
    assert hawks["endings"]["armed_clash"] >= 2 * doves["endings"]["armed_clash"]
    assert hawks["endings"]["armed_clash"] > 0.5
    assert doves["endings"]["agreement"] > hawks["endings"]["agreement"]
