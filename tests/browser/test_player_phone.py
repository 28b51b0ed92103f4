"""The player from the first click, on a phone (390×844) and a laptop (1366×768): the solo form,
the role and how a round works before round 1, the cards within two screens with the submit
button always in reach, the reveal in resolution order, the talks' panes, the game over and the
debrief — no page wider than the screen, and axe-core finds nothing serious on any of them."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .axe import assert_accessible
from .conftest import SCENARIO
from .pages import LAPTOP, PHONE, expect_phase, page_width_fits, read_role, screen, start_solo, top_of

pytestmark = pytest.mark.browser

SEAT = "Kosovo" if SCENARIO == "plates-2021" else "Brill"
# A clause that can be tabled in round 1 (the historical ones wait for the talks to be convened).
CLAUSE = "The five recognise Kosovo" if SCENARIO == "plates-2021" else "Shared fishing"


@pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_a_first_solo_round_on_a_phone_and_a_laptop(server, people, size):
    name = "phone" if size == PHONE else "laptop"
    solo = people(f"solo-{name}", viewport=size, mobile=size == PHONE)
    page = solo.goto("/solo")
    expect(page.get_by_role("button", name="Play")).to_be_enabled()
    page_width_fits(page)
    # The Play button is on the first two screens, the radio beside its delegation's name.
    assert top_of(page, "#play") < 2 * size[1]
    radio = page.get_by_role("radio", name=SEAT, exact=True).bounding_box()
    label = page.locator("#seats label").filter(has_text=SEAT).first.bounding_box()
    assert abs(radio["y"] - label["y"]) < label["height"], "the radio sits beside its label"
    assert_accessible(page, f"solo form ({name})")
    solo.shot(f"player-{name}-solo")
    screen(solo, f"player-{name}-solo-screen")

    page = start_solo(solo, SEAT, rounds=2)
    expect_phase(page, "orders", 1)
    # Before round 1: the role at the top — who you are, the briefing, the secret objectives —
    # and how a round works, with the rulebook one click away.
    role = page.locator("#role")
    expect(role).to_contain_text(f"Your role: {SEAT}")
    expect(role).to_contain_text("Welcome to")
    expect(role.locator(".objectives li").first).to_be_visible()
    expect(role).to_contain_text("How a round works")
    expect(role.get_by_role("link", name="Read the full rulebook")).to_have_attribute("href", "/rules")
    assert top_of(page, "#role") < size[1] / 2, "the role comes first"
    page_width_fits(page)
    assert_accessible(page, f"orders with the role open ({name})")
    solo.shot(f"player-{name}-role")
    screen(solo, f"player-{name}-role-screen")

    read_role(page)
    # Once read: a compact crisis line (phone), then the cards within the first two screens.
    cards = page.locator("#cards .game-card")
    expect(cards.first).to_be_visible()
    assert top_of(page, "#cards .game-card") < 2 * size[1], "the cards are within two screens"
    if size == PHONE:
        expect(page.locator("#crisis-summary")).to_be_visible()
        expect(page.locator("#crisis-summary")).to_contain_text("/")
        assert top_of(page, "#crisis-summary") < top_of(page, "#cards")
    screen(solo, f"player-{name}-orders-screen")
    # The submit button stays on screen wherever the player is among the cards.
    cards.last.scroll_into_view_if_needed()
    expect(page.locator("#submit-orders")).to_be_in_viewport()
    page_width_fits(page)
    assert_accessible(page, f"orders ({name})")
    solo.shot(f"player-{name}-orders")

    page.locator("#seats").scroll_into_view_if_needed()
    screen(solo, f"player-{name}-seats-screen")
    playable = cards.filter(has=page.locator("input:not([disabled])")).first
    playable.locator("input").check()
    page.locator("#submit-orders").click()
    expect_phase(page, "talks", 1)

    # The reveal: every move in the order it resolved, with the tracks before → after.
    page.locator('[data-tab="table"]').click()
    rows = page.locator("#reveal-body tbody tr")
    expect(rows.first).to_be_visible()
    steps = [r.locator("td.num").inner_text().replace("Step", "").strip() for r in rows.all()]
    numbered = [int(s) for s in steps if s.isdigit()]
    assert numbered == list(range(1, len(numbered) + 1)), steps
    resolved = page.locator("#reveal-body tr.resolved")
    if resolved.count():
        assert "→" in resolved.first.inner_text() or "no visible change" in resolved.first.inner_text()
    page_width_fits(page)
    assert_accessible(page, f"reveal ({name})")
    solo.shot(f"player-{name}-reveal")
    page.locator("#reveal").scroll_into_view_if_needed()
    screen(solo, f"player-{name}-reveal-screen")

    # The talks: on a phone the open proposals, the chat and the press are panes a tap apart;
    # the message box is on the first screen of the chat pane.
    page.locator('[data-tab="talks"]').click()
    if size == PHONE:
        page.get_by_role("button", name="Chat").click()
    composer = page.locator("#chat-text")
    expect(composer).to_be_visible()
    assert top_of(page, "#chat-text") < 2 * size[1]
    composer.fill("Hello from Pristina")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator("#messages")).to_contain_text("Hello from Pristina")
    page_width_fits(page)
    assert_accessible(page, f"talks ({name})")
    solo.shot(f"player-{name}-talks")
    screen(solo, f"player-{name}-talks-screen")

    # Statements say who made them: a bot standing in for people says so.
    if size == PHONE:
        page.get_by_role("button", name="Press").click()
    for who in page.locator("#statements .who").all_inner_texts():
        assert who.endswith("(bot)") or who == f"{SEAT} (Solo player)", who

    # Tabling a proposal answers back: the player follows it, each party's answer as it comes,
    # and it stays in view in this round whatever becomes of it.
    if size == PHONE:
        page.get_by_role("button", name="Proposals").click()
    page.get_by_label(CLAUSE).check()
    page.get_by_role("button", name="Table proposal").click()
    news = page.locator("#proposal-news")
    expect(news).to_contain_text("Your proposal #")
    expect(news).to_be_in_viewport()
    number = news.inner_text().split("#")[1].split()[0].rstrip(".")
    ours = page.locator(f'article.proposal[data-proposal="{number}"]')
    expect(ours).to_be_visible()
    # The bots answer within moments; the answer shows on the proposal, and a rejection names who.
    expect(ours).to_contain_text(re.compile("accepts|rejects|signed"))
    if "rejected" in (ours.get_attribute("class") or ""):
        expect(ours.locator(".rejected-by")).to_contain_text("Rejected by")
        expect(news).to_contain_text("was rejected by")
    solo.shot(f"player-{name}-proposal")
    screen(solo, f"player-{name}-proposal-screen")

    badge = page.locator("#phase [data-phase]")
    while badge.get_attribute("data-phase") != "over":
        phase = badge.get_attribute("data-phase")
        if phase == "talks":
            page.get_by_role("button", name="We are done with these talks").click()
        else:
            page.locator('[data-tab="table"]').click()
            page.locator("#submit-orders").click()
        expect(badge).not_to_have_attribute("data-phase", phase)
    expect(page.locator("#outcome")).to_contain_text("Game over")
    page.locator('[data-tab="table"]').click()
    page_width_fits(page)
    assert_accessible(page, f"game over ({name})")
    solo.shot(f"player-{name}-over")
    screen(solo, f"player-{name}-over-screen")

    page.locator("#outcome").get_by_role("link", name="Open the debrief").click()
    expect(page.locator("#chart svg")).to_be_visible()
    page_width_fits(page)
    assert_accessible(page, f"debrief ({name})")
    solo.shot(f"player-{name}-debrief")
    page.locator("#scores").scroll_into_view_if_needed()
    screen(solo, f"player-{name}-debrief-screen")
