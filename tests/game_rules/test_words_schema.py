"""words.yaml, a scenario's templates for what its bots say: every mistake is reported where it
is, with what is allowed; the generic lines cover every temperament and kind."""
import shutil
from pathlib import Path

import pytest

from game_rules import ScenarioError, load_scenario
from game_rules.scenario.loader import BUILTIN
from game_rules.scenario.words import KINDS, default_words
from game_rules.temperaments import TEMPERAMENTS

GOOD = """\
temperaments:
  hawk:
    accept: ["{me} takes {clauses}."]
seats:
  aster:
    aliases: [the island]
    lines:
      refuse: ["No to {clause}: {why}."]
    cards:
      send_gunboat: ["{me} sends {card}."]
clauses:
  shared_fishing: {aliases: [the shoal]}
"""


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "copy"
    shutil.copytree(BUILTIN / "lighthouse", target)
    (target / "words.yaml").write_text(GOOD)
    return target


def problems(folder: Path, old: str, new: str):
    path = folder / "words.yaml"
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new, 1))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(folder)
    return caught.value.problems


def test_good_words_load_over_the_defaults(folder):
    words = load_scenario(folder).words
    assert words.lines("aster", "hawk", "accept") == ("{me} takes {clauses}.",)
    assert words.lines("aster", "dove", "refuse") == ("No to {clause}: {why}.",)  # the seat's own voice
    assert words.lines("brill", "dove", "refuse") == default_words().temperaments["dove"]["refuse"]
    assert words.seats["aster"].cards["send_gunboat"] == ("{me} sends {card}.",)
    assert words.clauses["shared_fishing"] == ("the shoal",)


@pytest.mark.parametrize("old, new, location, message", [
    ("{me} takes {clauses}.", "{me} takes {treaty}.", "temperaments.hawk.accept[0]", "unknown placeholder {treaty}"),
    ("No to {clause}: {why}.", "No to {price}.", "seats.aster.lines.refuse[0]", "may use {clause}, {me}, {seat}, {why}"),
    ("{me} sends {card}.", "{me} sends {clause}.", "seats.aster.cards.send_gunboat[0]", "unknown placeholder {clause}"),
    ("{me} sends {card}.", "{me} sends {card!r}.", "seats.aster.cards.send_gunboat[0]", "no format or conversion"),
    ("{me} sends {card}.", "{me} sends {card.name}.", "seats.aster.cards.send_gunboat[0]", "unknown placeholder"),
    ("{me} sends {card}.", "{me} sends {card", "seats.aster.cards.send_gunboat[0]", "write a literal brace"),
    ("{me} sends {card}.", "We sent {}.", "seats.aster.cards.send_gunboat[0]", "unknown placeholder {}"),
    ("    accept:", "    praise:", "temperaments.hawk.praise", "unknown kind of line"),
    ("  hawk:", "  owl:", "temperaments.owl", "unknown temperament"),
    ("  aster:", "  astor:", "seats.astor", "unknown seat 'astor'"),
    ("      send_gunboat:", "      light_the_lamp_twice:", "seats.aster.cards.light_the_lamp_twice", "no card"),
    ("  shared_fishing:", "  shared_oil:", "clauses.shared_oil", "unknown clause 'shared_oil'"),
    ('["{me} takes {clauses}."]', "[]", "temperaments.hawk.accept", "Shorter than minimum"),
])
def test_each_mistake_is_reported_where_it_is(folder, old, new, location, message):
    found = problems(folder, old, new)
    assert any(f == "words.yaml" and loc == location and message in msg for f, loc, msg in found), found


def test_a_brill_card_is_not_aster_s(folder):
    # Brill's lamp is a card, but not one Aster can play: its words would never be spoken.
    found = problems(folder, "      send_gunboat:", "      brill_lamp:")
    assert ("words.yaml", "seats.aster.cards.brill_lamp", "aster has no card 'brill_lamp'") in found


def test_the_generic_lines_cover_every_temperament_and_kind():
    words = default_words()
    for temperament in TEMPERAMENTS:
        assert set(words.temperaments[temperament]) == set(KINDS), temperament


def test_every_builtin_scenario_has_a_line_for_every_seat_and_kind():
    for name in ("lighthouse", "plates-2021"):
        scenario = load_scenario(name)
        for seat in scenario.seats:
            for temperament in TEMPERAMENTS:
                for kind in KINDS:
                    assert scenario.words.lines(seat.id, temperament, kind)
