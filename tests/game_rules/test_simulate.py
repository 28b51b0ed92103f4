"""The bot tournament command: same arguments, same figures; JSON for other tools."""
import json
import subprocess
import sys

import pytest

from game_rules import load_scenario
from game_rules.simulate import parse_temperaments, tournament


def simulate(*args):
    run = subprocess.run([sys.executable, "-m", "server.cli", "simulate", *args], capture_output=True, text=True)
    return run


def test_json_output_has_the_documented_keys_and_repeats():
    args = ["--scenario", "lighthouse", "--games", "30", "--seed", "4", "--json"]
    first, second = simulate(*args), simulate(*args)
    assert first.returncode == 0, first.stderr
    a, b = json.loads(first.stdout), json.loads(second.stdout)
    assert a["games"] == 30
    assert set(a["endings"]) == {"agreement", "armed_clash", "de_escalated", "deadlock"}
    assert sum(a["endings"].values()) == pytest.approx(1)
    assert set(a["delegations"]) == {"aster", "brill", "league"}
    assert sum(d["top_share"] for d in a["delegations"].values()) == pytest.approx(1, abs=1e-3)
    assert a["games_per_second"] > 0
    a.pop("games_per_second"), b.pop("games_per_second")
    assert a == b


def test_text_output_names_every_delegation():
    run = simulate("--scenario", "lighthouse", "--games", "5")
    assert run.returncode == 0
    for word in ("agreement", "armed_clash", "de_escalated", "deadlock", "aster", "brill", "league", "games per second"):
        assert word in run.stdout


def test_bad_arguments_are_refused():
    assert simulate("--scenario", "lighthouse", "--temperament", "aster=berserk").returncode == 2
    assert simulate("--scenario", "lighthouse", "--temperament", "zed=hawk").returncode == 2
    assert simulate("--scenario", "atlantis").returncode == 2


def test_temperaments_change_how_tables_end():
    scenario = load_scenario("lighthouse")
    hawks = tournament(scenario, 100, 1, parse_temperaments(scenario, ["all=hawk"])).summary()
    doves = tournament(scenario, 100, 1, parse_temperaments(scenario, ["all=dove"])).summary()
    assert hawks["endings"]["armed_clash"] > 2 * doves["endings"]["armed_clash"]
    assert doves["endings"]["agreement"] > hawks["endings"]["agreement"]


def test_all_sets_every_seat_and_later_settings_win():
    scenario = load_scenario("lighthouse")
    assert parse_temperaments(scenario, ["all=dove", "aster=hawk"]) == {"aster": "hawk", "brill": "dove", "league": "dove"}
