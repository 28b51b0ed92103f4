"""Bots answer in words on the player's page: a question to a bot delegation in its bilateral
channel gets an answer about the clause asked, and a bot's rejection shows its reason on the
proposal — on a phone and a laptop, with axe-core finding nothing serious."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .axe import assert_accessible
from .conftest import SCENARIO
from .pages import LAPTOP, PHONE, expect_phase, page_width_fits, read_role, screen, start_solo

# The game's dice are fixed, so that the bots' round 1, and so the crisis they answer in, is the same
# in every run.
SEED = 20211001

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(SCENARIO != "plates-2021", reason="the lines asserted are plates-2021's")]


@pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_a_bot_answers_a_question_and_gives_its_reason_for_rejecting(server, people, size):
    name = "phone" if size == PHONE else "laptop"
    solo = people(f"words-{name}", viewport=size, mobile=size == PHONE)
    page = start_solo(solo, "Kosovo", rounds=2, seed=SEED)
    expect_phase(page, "orders", 1)
    read_role(page)
    page.locator("#submit-orders").click()
    expect_phase(page, "talks", 1)

    # Ask Belgrade, in the bilateral channel, about the stickers: Belgrade's bot answers about them.
    page.locator('[data-tab="talks"]').click()
    if size == PHONE:
        page.get_by_role("button", name="Chat").click()
    page.locator('#channels [data-channel="bilateral:kosovo+serbia"]').click()
    page.locator("#chat-text").fill("Would Belgrade take the stickers?")
    page.get_by_role("button", name="Send", exact=True).click()
    answer = page.locator("#messages li").filter(has_text="Stickers over state symbols, for now")
    expect(answer).to_be_visible()
    expect(answer.locator(".who")).to_contain_text("Serbia")
    page_width_fits(page)
    assert_accessible(page, f"a bot's answer ({name})")
    screen(solo, f"bot-answer-{name}")

    # Table a clause Belgrade and Moscow will not take: a bot's rejection says why, naming it.
    # (Which bots reject depends on the crisis after round 1: the five themselves sign it once one
    # of them has recognised Kosovo, since their objective of holding the line is lost by then.)
    if size == PHONE:
        page.get_by_role("button", name="Proposals").click()
    page.get_by_label("The five recognise Kosovo").check()
    page.get_by_role("button", name="Table proposal").click()
    news = page.locator("#proposal-news")
    expect(news).to_contain_text("Your proposal #")
    number = news.inner_text().split("#")[1].split()[0].rstrip(".")
    reasons = page.locator(f'article.proposal[data-proposal="{number}"] .reasons')
    reason = reasons.locator("li").filter(has_text="(bot) (rejects)").first
    expect(reason).to_contain_text("The five recognise Kosovo")
    reason.scroll_into_view_if_needed()
    page_width_fits(page)
    assert_accessible(page, f"a bot's reason ({name})")
    screen(solo, f"bot-reason-{name}")
    solo.shot(f"bot-words-{name}")


def test_a_person_gives_a_reason_with_an_amendment(server, people):
    solo = people("words-amend", viewport=LAPTOP)
    page = start_solo(solo, "Kosovo", rounds=2)
    read_role(page)
    page.locator("#submit-orders").click()
    expect_phase(page, "talks", 1)
    page.locator('[data-tab="talks"]').click()
    # A proposal the other parties (Washington, Brussels) welcome, so it stays open to be amended.
    page.get_by_label("A defence agreement for Kosovo").check()
    page.get_by_role("button", name="Table proposal").click()
    ours = page.locator("article.proposal.status-open").filter(has_text="by Kosovo").first
    expect(ours).to_be_visible()
    number = ours.get_attribute("data-proposal")
    ours.get_by_role("button", name=f"Amend proposal #{number}").click()
    page.get_by_label("Kosovo in the Partnership for Peace").check()
    page.get_by_label("Your reason, sent with Reject or an amendment (optional)").fill("The alliance matters more.")
    page.get_by_role("button", name=f"Table amendment to #{number}").click()
    amended = page.locator("article.proposal").filter(has_text=f"(amends #{number})")
    expect(amended.locator(".reasons")).to_contain_text("(amending): The alliance matters more.")
    expect(page.get_by_label("Your reason, sent with Reject or an amendment (optional)")).to_have_value("")
    assert_accessible(page, "a person's reason")
    solo.shot("person-reason-laptop")
