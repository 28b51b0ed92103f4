"""Text players type is shown as text, never run as markup: a statement and a chat message
full of tags and script appear literally, on the player's page and on the projector, and
nothing runs."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import SCENARIO
from .pages import expect_phase, order_nothing, start_solo

pytestmark = pytest.mark.browser

SEAT = "Serbia" if SCENARIO == "plates-2021" else "Aster"
STATEMENT = """<img src=x onerror="alert('statement')"><script>alert('script')</script><b>bold</b> & "quoted\""""
CHAT = """<svg onload=alert('chat')></svg><a href="javascript:alert('link')">click</a> <i>x</i>"""
ACTIVE = "img, script, svg, b, i, a[href^=javascript], iframe"


def test_statement_and_chat_with_markup_are_shown_as_text(server, people):
    player = people("player")
    page = start_solo(player, SEAT)
    expect_phase(page, "orders", 1)
    order_nothing(page, last=True)  # alone with bots: the reveal follows at once
    code = page.evaluate("JSON.parse(localStorage.getItem('crisis-table:seat:' + new URLSearchParams(location.search).get('game'))).code")
    projector = people("projector", viewport=(1600, 1000))
    projector.goto(f"/projector?code={code}")
    expect(projector.page.locator("#phase")).to_contain_text("Brussels talks")

    page.get_by_label("Statement to the press").fill(STATEMENT)
    page.get_by_role("button", name="Issue statement").click()
    page.get_by_role("button", name="Plenary (everyone)").click()
    page.get_by_label("Message to Plenary (everyone)").fill(CHAT)
    page.get_by_role("button", name="Send").click()

    mine = page.locator("#statements li.statement .text").filter(has_text="onerror")
    expect(mine).to_have_text(STATEMENT)
    expect(page.locator("#messages li .text")).to_have_text(CHAT)
    on_screen = projector.page.locator("#statements .text").filter(has_text="onerror")
    expect(on_screen).to_have_text(STATEMENT)
    player.shot("markup-as-text")

    # Nothing of it became an element, so nothing could run; and no dialog ever opened.
    for where in (page.locator("#statements"), page.locator("#messages"), page.locator("#round-log"),
                  projector.page.locator("#statements")):
        assert where.locator(ACTIVE).count() == 0
    assert page.locator("img[src=x]").count() == 0 and projector.page.locator("img[src=x]").count() == 0
    assert page.evaluate("document.title").endswith("Crisis Table")
    assert not player.dialogs and not projector.dialogs
