"""A broken scenario is reported problem by problem, with file and location, and never loads half-way."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game_rules import ScenarioError, builtin_ids, load_scenario
from game_rules.scenario.loader import BUILTIN


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "copy"
    shutil.copytree(BUILTIN / "lighthouse", target)
    return target


def edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def problems(folder):
    with pytest.raises(ScenarioError) as caught:
        load_scenario(folder)
    return caught.value.problems


def test_every_builtin_scenario_loads():
    assert "lighthouse" in builtin_ids()
    for scenario_id in builtin_ids():
        assert load_scenario(scenario_id).id == scenario_id


def test_a_copy_loads(folder):
    assert load_scenario(folder).id == "lighthouse"


@pytest.mark.parametrize("name, old, new, expected", [
    ("cards.yaml", "{shift: friction, by: 2}", "{shift: frixion, by: 2}", ("cards.yaml", "cards[0].effects[0]", "unknown track 'frixion'")),
    ("cards.yaml", "{set: lighthouse, to: aster_lit}", "{set: lighthouse, to: purple}", ("cards.yaml", "cards[1].effects[1].then[0]", "'purple' is not a value")),
    ("cards.yaml", "step: move", "step: sail", ("cards.yaml", "cards[0].step", "unknown step 'sail'")),
    ("cards.yaml", "seats: [aster, brill]", "seats: [aster, zed]", ("cards.yaml", "cards[0].seats", "unknown seat 'zed'")),
    ("cards.yaml", "cost: {capital: 1}", "cost: {capital: -1}", ("cards.yaml", "cards[0].cost.capital.value", "greater than or equal to 0")),
    ("cards.yaml", "{shift: friction, by: 2}", "{shift: friction, by: two}", ("cards.yaml", "cards[0].effects[0]", "'by' must be a whole number")),
    ("cards.yaml", "{shift: friction, by: 2}", "{explode: friction}", ("cards.yaml", "cards[0].effects[0]", "unknown effect")),
    ("seats.yaml", "default_temperament: hawk", "default_temperament: berserk", ("seats.yaml", "seats[0].default_temperament", "unknown temperament")),
    ("seats.yaml", "{track: fishing, eq: shared}", "{track: fishing, gte: shared}", ("seats.yaml", "seats[1].objectives[0].condition", "compares with eq")),
    ("clauses.yaml", "parties: [aster, brill]", "parties: [aster, nobody]", ("clauses.yaml", "clauses[0].parties", "unknown seat 'nobody'")),
    ("clauses.yaml", "settles: true", "settles: false", ("clauses.yaml", "clauses", "no clause settles")),
    ("clauses.yaml", "{track: friction, lte: 4}", "{track: friction, lte: low}", ("clauses.yaml", "clauses[1].requires", "whole numbers")),
    ("scenario.yaml", "rounds: 4", "rounds: four", ("scenario.yaml", "rounds", "Not a valid integer")),
    ("scenario.yaml", "start: 2,", "start: 9,", ("scenario.yaml", "tracks[0].start", "min <= start <= max")),
    ("events.yaml", "title: A storm", "title: ''", ("events.yaml", "events[0].title", "Shorter than minimum")),
    ("events.yaml", "round: 1", "round: 1\n    colour: red", ("events.yaml", "events[0].colour", "Unknown field")),
    ("scenario.yaml", "id: lighthouse", "id: [lighthouse", ("scenario.yaml", "line", "not valid YAML")),
])
def test_each_mistake_is_reported_where_it_is(folder, name, old, new, expected):
    edit(folder, name, old, new)
    found = problems(folder)
    file, where, message = expected
    assert any(f == file and w.startswith(where) and message in m for f, w, m in found), found


def test_several_mistakes_are_all_reported(folder):
    edit(folder, "cards.yaml", "step: move", "step: sail")
    edit(folder, "clauses.yaml", "parties: [aster, brill]", "parties: [aster, nobody]")
    edit(folder, "seats.yaml", "default_temperament: hawk", "default_temperament: berserk")
    assert {f for f, _, _ in problems(folder)} == {"cards.yaml", "clauses.yaml", "seats.yaml"}


def test_a_missing_file_is_reported(folder):
    (folder / "events.yaml").unlink()
    assert ("events.yaml", "", "file is missing") in problems(folder)


def test_the_validate_command_reports_and_fails(folder):
    edit(folder, "cards.yaml", "step: move", "step: sail")
    run = subprocess.run([sys.executable, "-m", "server.cli", "scenario", "validate", str(folder)],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert "cards.yaml: cards[0].step: unknown step 'sail'" in run.stderr
    good = subprocess.run([sys.executable, "-m", "server.cli", "scenario", "validate", str(BUILTIN / "lighthouse")],
                          capture_output=True, text=True)
    assert good.returncode == 0 and "lighthouse: ok" in good.stdout
