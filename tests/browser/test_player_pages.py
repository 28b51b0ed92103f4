"""The pages around the table for a player: the rulebook rendered as a page, the join page and
/play without a seat, at a phone's and a laptop's size; and the keyboard's short ways to the
main action of each phase (skip links)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .axe import assert_accessible
from .conftest import SCENARIO
from .pages import LAPTOP, PHONE, expect_phase, page_width_fits, start_solo

pytestmark = pytest.mark.browser

SEAT = "Kosovo" if SCENARIO == "plates-2021" else "Brill"


@pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_rulebook_join_and_a_seatless_play_page_fit_and_pass_axe(server, people, size):
    name = "phone" if size == PHONE else "laptop"
    person = people(f"reader-{name}", viewport=size, mobile=size == PHONE)
    page = person.goto("/")
    page_width_fits(page)
    assert_accessible(page, f"join ({name})")
    page.get_by_role("link", name="How to play (the rulebook)").click()
    # docs/rules.md as HTML: its headings, lists and emphasis rendered, no Markdown left showing.
    expect(page.get_by_role("heading", level=1)).to_have_text("How a game of Crisis Table is played")
    expect(page.get_by_role("heading", name="A round", exact=True)).to_be_visible()
    assert page.locator(".rulebook ol li").count() >= 4
    assert page.locator(".rulebook strong").count() > 5
    assert "**" not in page.locator(".rulebook").inner_text()
    assert "script-src 'self'" in page.request.get(server.url + "/rules").headers["content-security-policy"]
    page_width_fits(page)
    assert_accessible(page, f"rulebook ({name})")
    person.shot(f"player-{name}-rules")

    # /play with no seat in this browser: a way to join, and no tabs that lead nowhere.
    page = person.goto("/play?game=nope")
    expect(page.locator("#problem")).to_contain_text("holds no seat")
    expect(page.locator("#tabs")).to_be_hidden()
    expect(page.get_by_role("link", name="Go to the join page")).to_be_visible()
    page_width_fits(page)
    assert_accessible(page, f"play without a seat ({name})")


def tabs_to(page, selector: str, limit: int) -> int:
    """Press Tab from the top of a freshly loaded page until `selector` has the focus; how many presses."""
    page.reload()
    expect(page.locator("#status")).to_have_attribute("data-status", "online")
    expect(page.locator("#phase [data-phase]")).to_be_visible()  # the view is drawn
    if page.locator("#phase [data-phase]").get_attribute("data-phase") == "orders":
        expect(page.locator("#cards input:not([disabled])").first).to_be_attached()
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => document.activeElement && document.activeElement.matches({selector!r})"):
            return presses
    raise AssertionError(f"{selector} not reached in {limit} Tab presses")


def test_each_phase_main_action_is_a_few_tab_presses_away(server, people):
    player = people("keyboard", viewport=LAPTOP)
    page = start_solo(player, SEAT, rounds=1)
    expect_phase(page, "orders", 1)
    # From the top: a skip link to the moves, then straight onto the first card.
    assert tabs_to(page, "a[data-skip=table]", 3) <= 3
    page.keyboard.press("Enter")
    expect(page.locator("#cards input:not([disabled])").first).to_be_focused()
    page.keyboard.press("Space")
    expect(page.locator("#cards input:checked")).to_have_count(1)
    page.locator("#submit-orders").click()
    expect_phase(page, "talks", 1)
    # In the talks: the skip link to the talks lands on "We are done with these talks".
    assert tabs_to(page, "a[data-skip=talks]", 4) <= 4
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="We are done with these talks")).to_be_focused()
    # And the message box is one skip link further.
    assert tabs_to(page, "a[data-skip=chat]", 5) <= 5
    page.keyboard.press("Enter")
    expect(page.locator("#chat-text")).to_be_focused()
    page.keyboard.type("Typed without a mouse.")
    page.keyboard.press("Enter")
    expect(page.locator("#messages")).to_contain_text("Typed without a mouse.")
    # The log regions take the keyboard's focus (they scroll), each with a name.
    for region in ("#messages", "#statements", "#round-log"):
        assert page.locator(region).get_attribute("tabindex") == "0"
        assert page.locator(region).get_attribute("aria-label")
