"""The facilitator runs a timed table: seats a player elsewhere, replaces one with a bot, starts,
pauses, extends and resumes the timer that players see, injects an event, announces, skips a
phase, ends the game and downloads the exports."""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from .axe import assert_accessible
from .conftest import SCENARIO
from .pages import expect_phase, join

pytestmark = pytest.mark.browser

FIRST, SECOND, THIRD = ("serbia", "kosovo", "eu") if SCENARIO == "plates-2021" else ("aster", "brill", "league")


def seconds_left(page) -> int:
    label = page.locator('#timer [role="timer"]').get_attribute("aria-label")
    minutes, seconds = re.match(r"(\d+):(\d\d) left", label).groups()
    return int(minutes) * 60 + int(seconds)


def test_facilitator_controls_a_timed_table(server, people):
    fac = people("facilitator", viewport=(1400, 1000))
    dash = fac.goto("/facilitate")
    expect(dash.get_by_role("checkbox", name="Phase timers")).to_be_checked()
    dash.get_by_label("Orders (minutes)").fill("5")
    dash.get_by_role("button", name="Open", exact=True).click()
    code = dash.locator(".table-tile .code").first.inner_text().strip()
    ana = people("ana")
    join(ana, code, "Ana")
    ben = people("ben")
    join(ben, code, "Ben")
    row = lambda seat: dash.locator(f'.seat-row[data-seat="{seat}"]')  # noqa: E731
    expect(row(SECOND)).to_contain_text("Ben (head)")

    # Replace Ben with a bot: he waits unseated; then seat him at another delegation.
    row(SECOND).get_by_role("button", name=re.compile("Replace delegation with a bot")).click()
    expect(row(SECOND)).to_contain_text("bot (")
    expect(ben.page.locator("#lobby-me")).to_contain_text("the facilitator will seat you")
    waiting = dash.locator(".seat-row").filter(has_text="Ben").last
    waiting.get_by_label("Seat for Ben").select_option(THIRD)
    waiting.get_by_role("button", name="Move Ben").click()
    expect(row(THIRD)).to_contain_text("Ben (head)")
    expect(ben.page.locator("#lobby-me")).to_contain_text("You sit for")

    dash.get_by_role("button", name="Start game").click()
    expect_phase(ana.page, "orders", 1)
    timer = ana.page.locator("#timer")
    expect(timer).to_have_attribute("data-state", "running")
    assert 250 < seconds_left(ana.page) <= 300

    dash.get_by_role("button", name="Pause", exact=True).click()
    expect(timer).to_have_attribute("data-state", "paused")
    expect(timer).to_contain_text("paused")
    paused_at = seconds_left(ana.page)
    dash.get_by_label("Minutes to add").fill("2")
    dash.get_by_role("button", name="Extend").click()
    expect(ana.page.locator('#timer [role="timer"]')).to_have_attribute(
        "aria-label", re.compile(rf"^{(paused_at + 120) // 60}:\d\d left, paused"))
    ana.shot("table-timer-paused")
    dash.get_by_role("button", name="Resume").click()
    expect(timer).to_have_attribute("data-state", "running")

    event = dash.get_by_label("Inject an event")
    title = event.locator("option").nth(1).inner_text()
    event.select_option(index=1)
    dash.get_by_role("button", name="Inject", exact=True).click()
    expect(ana.page.locator("#round-log")).to_contain_text(f"Inject from the facilitator: {title}")

    dash.get_by_label("Announce to the table").fill("Five minutes left <b>now</b>")
    dash.get_by_role("button", name="Announce", exact=True).click()
    expect(ana.page.locator("#statements .announcement")).to_contain_text("Five minutes left <b>now</b>")
    expect(ana.page.locator("#round-log")).to_contain_text("Announcement: Five minutes left <b>now</b>")

    dash.get_by_role("button", name="Skip to next phase").click()
    expect_phase(ana.page, "talks", 1)
    expect_phase(ben.page, "talks", 1)
    fac.shot("facilitator-playing-timed")

    end = dash.get_by_role("button", name="End game")
    end.click()
    dash.get_by_role("button", name="Confirm: End game").click()
    expect_phase(ana.page, "over")
    expect(ana.page.locator("#outcome")).to_contain_text("Deadlock")
    expect(dash.locator(".tile-phase").first).to_contain_text("Over: Deadlock")
    assert_accessible(dash, "dashboard, game over")

    for kind in ("json", "csv"):
        with dash.expect_download() as download:
            dash.get_by_role("button", name=f"Download export ({kind.upper()})").click()
        text = open(download.value.path(), encoding="utf-8").read()
        assert download.value.suggested_filename.endswith(f".{kind}")
        if kind == "json":
            data = json.loads(text)
            assert data["game"] and data["log"]
        else:
            assert "seat,score,outcome" in text
