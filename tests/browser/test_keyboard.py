"""Keyboard and screen readers: a game is joined and a move ordered with the keyboard alone,
every control of every page has an accessible name, and phase changes reach the live region."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import SCENARIO

pytestmark = pytest.mark.browser

SEAT = "Serbia" if SCENARIO == "plates-2021" else "Aster"

UNNAMED = """els => els.filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
  && !el.getAttribute('aria-labelledby') && !(el.tagName === 'BUTTON' && (el.textContent || '').trim())
  && el.type !== 'hidden')
  .map(el => el.outerHTML.slice(0, 120))"""


def tab_to(page, predicate: str, limit: int = 200) -> None:
    """Press Tab until the focused element matches `predicate` (a JS expression over `el`)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!(el && ({predicate})); }})()"):
            return
    raise AssertionError(f"Tab never reached {predicate}")


def unnamed_controls(page) -> list[str]:
    return page.locator("input, select, textarea, button").evaluate_all(UNNAMED)


def test_a_game_by_keyboard_alone_with_named_controls(server, people):
    player = people("keyboard")
    page = player.goto("/solo")
    expect(page.get_by_role("button", name="Play")).to_be_enabled()
    assert unnamed_controls(page) == []
    tab_to(page, f"el.type === 'radio' && el.labels[0].textContent.trim() === {SEAT!r}")
    page.keyboard.press("Space")
    tab_to(page, "el.id === 'play'")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/play\?game="))
    badge = page.locator("#phase [data-phase]")
    expect(badge).to_have_attribute("data-phase", "orders")
    expect(page.locator("#me")).to_contain_text(SEAT)
    assert unnamed_controls(page) == []

    tab_to(page, "el.type === 'checkbox' && !el.disabled && el.closest('#cards')")
    page.keyboard.press("Space")
    expect(page.locator("#cards input:checked")).to_have_count(1)
    tab_to(page, "el.id === 'submit-orders'")
    page.keyboard.press("Enter")
    expect(badge).to_have_attribute("data-phase", "talks")
    # The phase change is spoken by the polite live region.
    expect(page.locator("#phase-news")).to_have_attribute("aria-live", "polite")
    expect(page.locator("#phase-news")).to_have_text("Round 1: Brussels talks.")

    tab_to(page, "el.id === 'statement-text'")
    page.keyboard.type("Typed without a mouse.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#statements")).to_contain_text("Typed without a mouse.")

    for path in ("/", "/facilitate", "/projector", "/debrief"):
        other = player.goto(path)
        other.wait_for_load_state("networkidle")
        assert unnamed_controls(other) == [], path


def test_the_timer_is_announced_before_the_phase_ends(server, people):
    player = people("listener")
    page = player.goto("/solo")
    page.get_by_label("Use phase timers").check()
    page.get_by_label("Orders (seconds)").fill("18")
    page.get_by_role("button", name="Play").click()
    page.wait_for_url(re.compile(r"/play\?game="))
    expect(page.locator("#timer")).to_have_attribute("data-state", re.compile("running|low"))
    expect(page.locator("#timer")).to_contain_text("hurry")  # said in words, not only in colour
    expect(page.locator("#phase-news")).to_have_text("15 seconds left in this phase.")
