"""The teacher's guide is scenario data: validated like the rest, and its facts checkable."""
import shutil
from pathlib import Path

import pytest
import yaml

from game_rules import ScenarioError, load_scenario
from game_rules.scenario.loader import BUILTIN
from server.cli import main as cli


@pytest.mark.parametrize("scenario_id", ["plates-2021", "lighthouse"])
def test_every_builtin_scenario_has_a_valid_guide_with_class_and_homework_plans(scenario_id):
    guide = load_scenario(scenario_id).guide
    assert guide is not None
    plans = guide.timing_by_id
    assert "class-50" in plans and "homework" in plans
    for plan in guide.timing:
        if plan.minutes:  # a class plan's agenda fills its time, and the rounds fit in it
            assert sum(item["minutes"] for item in plan.agenda) == plan.minutes
            assert plan.rounds * (plan.timers["orders"] + plan.timers["talks"]) <= plan.minutes * 60
    assert guide.data["discussion"]["any"]


def test_the_plates_guide_has_the_three_class_plans_and_a_homework_plan_in_days():
    plans = load_scenario("plates-2021").guide.timing_by_id
    assert [plans[p].minutes for p in ("class-50", "class-90", "workshop-3h")] == [50, 90, 180]
    assert plans["homework"].minutes is None and plans["homework"].timers["orders"] >= 86400


def test_the_plates_guide_states_the_real_30_september_2021_terms_and_names():
    g = load_scenario("plates-2021").guide.data
    deal = next(e["text"] for e in g["timeline"] if e["date"] == "2021-09-30")
    for term in ("2 October", "4 October", "stickers", "KFOR", "two weeks", "21 October", "six months"):
        assert term in deal, term
    named = {p["name"] for p in g["people"]}
    assert {"Petar Petković", "Besnik Bislimi", "Miroslav Lajčák", "Aleksandar Vučić", "Albin Kurti",
            "Josep Borrell"} <= named
    assert "opinion piece" in g["source_note"] and g["simplifications"]
    assert [e["date"][:4] for e in g["aftermath"]] == sorted(e["date"][:4] for e in g["aftermath"])
    assert {"2022", "2023"} <= {e["date"][:4] for e in g["aftermath"]}
    assert any("Banjska" in e["text"] for e in g["aftermath"])


def _broken(tmp_path: Path, change, map_text: str | None = None) -> Path:
    folder = tmp_path / "plates"
    shutil.copytree(BUILTIN / "plates-2021", folder)
    guide = yaml.safe_load((folder / "guide.yaml").read_text())
    change(guide)
    (folder / "guide.yaml").write_text(yaml.safe_dump(guide, allow_unicode=True))
    if map_text is not None:
        (folder / "map.svg").write_text(map_text)
    return folder


def _problems(folder: Path) -> list[tuple[str, str, str]]:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(folder)
    return caught.value.problems


def test_an_agenda_that_does_not_fill_its_minutes_is_refused(tmp_path):
    folder = _broken(tmp_path, lambda g: g["timing"][0]["agenda"].pop())
    assert ("guide.yaml", "timing[0].agenda", "the agenda's minutes must add up to 50") in _problems(folder)


def test_rounds_that_do_not_fit_the_session_are_refused(tmp_path):
    folder = _broken(tmp_path, lambda g: g["timing"][0].update(rounds=9))
    assert any(loc == "timing[0].timers" and "more than the 50" in msg for _, loc, msg in _problems(folder))


def test_questions_for_an_outcome_the_engine_does_not_know_are_refused(tmp_path):
    folder = _broken(tmp_path, lambda g: g["discussion"].update(victory=["Who won?"]))
    assert any(loc == "discussion.victory" and "is not an outcome" in msg for _, loc, msg in _problems(folder))


def test_a_timeline_out_of_date_order_is_refused(tmp_path):
    folder = _broken(tmp_path, lambda g: g["timeline"].reverse())
    assert ("guide.yaml", "timeline", "entries must be in date order") in _problems(folder)


def test_a_map_that_runs_script_or_loads_from_elsewhere_is_refused(tmp_path):
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><title>t</title>'
           '<script>alert(2)</script><image href="https://tiles.example/1.png"/></svg>')
    messages = [msg for file, _, msg in _problems(_broken(tmp_path, lambda g: None, svg)) if file == "map.svg"]
    assert any("onload" in m for m in messages)
    assert any("<script>" in m for m in messages) and any("<image>" in m for m in messages)


def test_scenario_validate_reports_guide_problems_and_passes_the_builtin_guides(tmp_path, capsys):
    assert cli(["scenario", "validate", str(BUILTIN / "plates-2021")]) == 0
    assert "guide: 4 timing plans" in capsys.readouterr().out
    folder = _broken(tmp_path, lambda g: g.pop("objectives"))
    assert cli(["scenario", "validate", str(folder)]) == 1
    assert "guide.yaml: objectives: Missing data for required field." in capsys.readouterr().err
