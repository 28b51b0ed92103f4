"""Solo: one click against bots, no timers; the game is played to its end and the debrief
shows the tension chart, the scores, the history beside the table and a step-through replay."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS, SCENARIO
from .pages import start_solo

pytestmark = pytest.mark.browser

SEAT = "Kosovo" if SCENARIO == "plates-2021" else "Brill"
ROUNDS = 2


def test_solo_game_to_its_end_then_the_debrief(server, people):
    solo = people("solo")
    page = solo.goto("/solo")
    expect(page.get_by_label("Use phase timers")).not_to_be_checked()  # timers off unless wanted
    solo.shot("solo")
    page = start_solo(solo, SEAT, rounds=ROUNDS)
    badge = page.locator("#phase [data-phase]")
    expect(page.locator("#me")).to_contain_text(SEAT)
    expect(page.locator("#timer")).to_contain_text("No timer")

    for round_ in range(1, ROUNDS + 1):
        expect(badge).to_contain_text(f"Round {round_} of {ROUNDS}")
        expect(badge).to_have_attribute("data-phase", "orders")
        card = page.locator("#cards .game-card").filter(has=page.locator("input:not([disabled])")).first
        card.locator("input").check()
        page.get_by_role("button", name="Submit orders").click()
        expect(badge).not_to_have_attribute("data-phase", "orders")  # the bots never keep a person waiting
        if badge.get_attribute("data-phase") == "over":
            break
        page.get_by_role("button", name="We are done with these talks").click()
        expect(badge).not_to_have_attribute("data-phase", "talks")
        if badge.get_attribute("data-phase") == "over":
            break
    expect(badge).to_have_attribute("data-phase", "over")
    expect(page.locator("#outcome")).to_contain_text("Game over")
    solo.shot("table-over")

    code = page.evaluate("JSON.parse(localStorage.getItem('crisis-table:seat:' + new URLSearchParams(location.search).get('game'))).code")
    page.locator("#outcome").get_by_role("link", name="Open the debrief").click()
    chart = page.locator("#chart svg")
    expect(chart).to_be_visible()
    assert int(chart.get_attribute("data-points")) >= ROUNDS + 1  # a start, each round, the end
    expect(chart.locator("polyline:not(.history-line)")).to_have_count(1)  # the table's own path (history's is dashed beside it)
    # The chart, rebuilt from the log's changes, ends where the table's ladder ended.
    final = re.search(r"to (\d+) \(of", chart.locator("desc").text_content()).group(1)
    expect(page.locator("#compare")).to_contain_text(f"Tension ended at {final} (")
    scores = page.locator("#scores table.scores tbody tr")
    expect(scores.first).to_be_visible()
    seats = len(page.locator("#scores tbody th").all())
    assert seats >= 3
    for row in scores.all():
        assert row.locator("td.num").inner_text().replace(".", "", 1).lstrip("-").isdigit()
        assert row.locator(".objectives li").count() >= 1  # objectives revealed, each met or missed
    expect(page.locator(f'#scores tr[data-seat="{SEAT.lower()}"]')).to_contain_text("Solo player")
    if SCENARIO == "plates-2021":
        expect(page.locator("#compare")).to_contain_text("In history: 30 September 2021")
    expect(page.locator("#moves tbody tr").first).to_be_visible()
    # This browser opened the game, so the debrief reads it as the facilitator: the private
    # channels stay out of the replay unless asked for.
    expect(page.get_by_label("Include private channels and secret orders (facilitator only — not for the projector)")).not_to_be_checked()
    step = page.locator("#replay-step")
    expect(step).to_contain_text("Step 1 of")
    page.get_by_role("button", name="Next change »").click()
    expect(step).not_to_contain_text("Step 1 of")
    solo.shot("debrief")
    chart.screenshot(path=str(ARTIFACTS / "debrief-chart.png"))

    # The classroom sees the same debrief from the projector, as a spectator: objectives are
    # revealed to everyone once the game is over.
    projector = people("projector", viewport=(1600, 1000))
    projector.goto(f"/projector?code={code}")
    projector.page.locator("#outcome").get_by_role("link", name="Show the debrief").click()
    expect(projector.page.locator("#scores table.scores tbody tr")).to_have_count(seats)
    expect(projector.page.locator("#chart svg")).to_be_visible()
