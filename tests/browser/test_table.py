"""A classroom table: a facilitator opens a game, two players join from their own browsers,
bots fill the other seats, a full round is played with cards and a signed proposal, and the
projector shows what changed."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import SCENARIO
from .pages import expect_phase, join, open_tab, open_untimed_table, order_first_playable

pytestmark = pytest.mark.browser

# A clause of two human delegations that can be tabled in round 1 (plates-2021's historical
# clauses wait for the talks to be convened, which no card does before round 2).
if SCENARIO == "plates-2021":
    CLAUSE, (FIRST, SECOND), (FIRST_ID, SECOND_ID) = "The five recognise Kosovo", \
        ("Kosovo", "The five EU non-recognisers"), ("kosovo", "eu5")
else:
    CLAUSE, (FIRST, SECOND), (FIRST_ID, SECOND_ID) = "Shared fishing", ("Aster", "Brill"), ("aster", "brill")


def sit_at(person, seat_name: str) -> None:
    """In the lobby, sit at `seat_name` unless the join already put the person there."""
    button = person.page.get_by_role("button", name=f"Sit here at {seat_name}", exact=True)
    seated = person.page.locator("#lobby-me", has_text=f"You sit for {seat_name}")
    expect(button.or_(seated).first).to_be_visible()  # the lobby has drawn one or the other
    if not seated.is_visible():
        button.click()
    expect(seated).to_be_visible()


def test_facilitated_round_with_cards_and_a_signed_proposal(server, people):
    fac = people("facilitator", viewport=(1400, 1000))
    dash, code = open_untimed_table(fac, team_size=2)
    tile = dash.locator(".table-tile").first
    expect(tile.locator(".tile-phase")).to_have_attribute("data-phase", "lobby")
    assert re.fullmatch(r"[A-Z]{6}", code)

    ana = people("ana")
    join(ana, code, "Ana")
    sit_at(ana, FIRST)
    ben = people("ben", viewport=(390, 844), mobile=True)  # a phone
    join(ben, code, "Ben")
    sit_at(ben, SECOND)
    ana.shot("lobby")
    expect(dash.locator(f'.seat-row[data-seat="{FIRST_ID}"]')).to_contain_text("Ana (head)")
    expect(dash.locator(f'.seat-row[data-seat="{SECOND_ID}"]')).to_contain_text("Ben (head)")

    projector = people("projector", viewport=(1600, 1000))
    projector.goto(f"/projector?code={code}")
    expect(projector.page.locator("#phase")).to_contain_text(f"join with code {code}")
    fac.shot("facilitator-lobby")

    dash.get_by_role("button", name="Start game").click()
    # Bots took every seat nobody sat in.
    seats = dash.locator(".seat-row[data-seat]")
    expect(seats.filter(has_text="bot (")).to_have_count(seats.count() - 2)
    for person in (ana, ben):
        expect_phase(person.page, "orders", 1)
    expect(ana.page.locator("#timer")).to_contain_text("No timer")
    ana_card = order_first_playable(ana.page)
    ana.shot("table-orders")
    ben_card = order_first_playable(ben.page, last=True)

    # Every delegation has ordered (the bots too): the moves are revealed, the talks open.
    for person in (ana, ben):
        expect_phase(person.page, "talks", 1)
    open_tab(ana.page, "table")
    reveal = ana.page.locator("#reveal-body")
    expect(reveal.locator(f'tr[data-seat="{FIRST_ID}"]').first).to_contain_text(ana_card)
    expect(reveal.locator(f'tr[data-seat="{SECOND_ID}"]').first).to_contain_text(ben_card)
    # Every delegation's moves are revealed, the bots' as well, each with what it changed.
    assert len({row.get_attribute("data-seat") for row in reveal.locator("tbody tr").all()}) == seats.count()
    ana.shot("table-reveal")
    expect(projector.page.locator("#round")).to_contain_text(ana_card)
    # Political capital is private: the reveal shows no other delegation's, on any screen.
    for seat in ("Kosovo", "Russia", "European Union") if SCENARIO == "plates-2021" else ("Brill", "Harbour League"):
        assert f"{seat} · Political capital" not in projector.page.locator("#round").inner_text()
    assert f"{SECOND} · Political capital" not in reveal.inner_text()

    # Ana tables a proposal from the scenario's clauses; both parties sign it.
    open_tab(ana.page, "talks")
    ana.page.get_by_label(CLAUSE).check()
    ana.page.get_by_role("button", name="Table proposal").click()
    ours = ana.page.locator("article.proposal.status-open").filter(has_text=f"by {FIRST}").filter(has_text=CLAUSE).first
    expect(ours).to_be_visible()
    number = ours.get_attribute("data-proposal")
    ours.get_by_role("button", name=f"Sign proposal #{number}").click()
    expect(ours).to_contain_text(f"{FIRST} ✍ signed")
    ben_view = ben.page.locator(f'article.proposal[data-proposal="{number}"]')
    ben_view.get_by_role("button", name=f"Sign proposal #{number}").click()
    for person in (ana, ben):
        expect(person.page.locator("#agreed")).to_contain_text(CLAUSE)
        expect(person.page.locator("#agreed")).to_contain_text(f"signed by {FIRST}, {SECOND}")
    ana.shot("talks")
    ben.shot("talks-phone")

    # The projector shows the change: the agreement, and the ladder where the table now stands.
    expect(projector.page.locator("#agreements")).to_contain_text(CLAUSE)
    tension_now = ana.page.locator('.rungs li[aria-current="step"] .rung-value').first.inner_text()
    expect(projector.page.locator(".tension-number")).to_have_attribute("data-value", tension_now)
    projector.shot("projector")

    # Both delegations are done talking; with the bots done too, the round ends and the next begins.
    for person in (ana, ben):
        person.page.get_by_role("button", name="We are done with these talks").click()
    for person in (ana, ben):
        expect_phase(person.page, "orders", 2)
    expect(tile.locator(".tile-phase")).to_contain_text("Round 2")
    expect(tile.locator(".tile-tension")).to_contain_text("Tension")
    fac.shot("facilitator-playing")
    assert not ana.dialogs and not ben.dialogs
