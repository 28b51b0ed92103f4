"""A team at the table: who said what (each message shows the member beside the delegation), the
chat that follows the newest message unless the reader scrolled up, unread counts per channel,
drafts that survive a reload, a second tab told the seat is open elsewhere, unique nicknames —
on a laptop and a phone, with axe-core finding nothing serious in the lobby."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.server.harness import Client

from .axe import assert_accessible
from .conftest import SCENARIO
from .pages import LAPTOP, PHONE, expect_phase, join, open_tab, open_untimed_table, page_width_fits, read_role

pytestmark = pytest.mark.browser

SEAT_ID, SEAT = ("serbia", "Serbia") if SCENARIO == "plates-2021" else ("aster", "Aster")
OTHER_ID = "kosovo" if SCENARIO == "plates-2021" else "brill"


def at_bottom(page) -> bool:
    return page.locator("#messages").evaluate("el => el.scrollHeight - el.scrollTop - el.clientHeight < 4")


def test_a_team_knows_who_said_what_and_keeps_its_drafts(server, people):
    fac = people("facilitator", viewport=(1400, 1000))
    dash, code = open_untimed_table(fac, team_size=2)
    ana = people("ana", viewport=LAPTOP)
    ben = people("ben", viewport=PHONE, mobile=True)
    join(ana, code, "Ana")
    join(ben, code, "Ben")
    # Ben sits with Ana: a team of two.
    ben.page.get_by_role("button", name=f"Sit here at {SEAT}").click()
    expect(ben.page.locator("#lobby-me")).to_contain_text(f"You sit for {SEAT}")
    for person, name in ((ana, "laptop"), (ben, "phone")):
        page_width_fits(person.page)
        assert_accessible(person.page, f"lobby ({name})")
    ben.shot("player-phone-lobby")

    # A third person may not take a name already at the table.
    dup = people("dup")
    page = dup.goto("/")
    page.get_by_label("Join code").fill(code)
    page.get_by_label("Your name at the table").fill(" ana")
    page.get_by_role("button", name="Join").click()
    expect(page.locator("#join-error")).to_contain_text("already called")
    expect(page).to_have_url(server.url + "/")

    # Teammates write in their delegation's channel: each line names its writer.
    for person, text in ((ana, "Ana here: hold the line."), (ben, "Ben here: talk first.")):
        person.page.locator('[data-tab="talks"]').click()
        if person is ben:
            person.page.get_by_role("button", name="Chat").click()
        person.page.get_by_role("button", name="Our delegation").click()
        person.page.get_by_label("Message to Our delegation").fill(text)
        person.page.get_by_role("button", name="Send", exact=True).click()
    for person in (ana, ben):
        lines = person.page.locator("#messages li")
        expect(lines.filter(has_text="hold the line").locator(".who")).to_have_text(f"{SEAT} (Ana)")
        expect(lines.filter(has_text="talk first").locator(".who")).to_have_text(f"{SEAT} (Ben)")
    ana.shot("player-laptop-team-chat")
    ben.shot("player-phone-team-chat")

    # Cleo, at another delegation over a real Socket.IO connection, talks a lot in the plenary.
    cleo = Client(server, "cleo")
    try:
        cleo.ok("join", {"code": code, "nickname": "Cleo", "seat": OTHER_ID})
        ana.page.get_by_role("button", name="Plenary (everyone)").click()
        for i in range(30):
            cleo.ok("chat", {"channel": "plenary", "text": f"plenary line {i}"})
        # Ana sees the newest line: the list followed it.
        expect(ana.page.locator("#messages li").last).to_contain_text("plenary line 29")
        ana.page.wait_for_function("() => { const el = document.querySelector('#messages'); return el.scrollHeight - el.scrollTop - el.clientHeight < 4; }")
        assert at_bottom(ana.page)
        # Ana scrolls up to read: a new line does not pull her down; a button offers it.
        ana.page.locator("#messages").evaluate("el => { el.scrollTop = 0; el.dispatchEvent(new Event('scroll')); }")
        cleo.ok("chat", {"channel": "plenary", "text": "plenary line 30"})
        expect(ana.page.locator("#messages li").last).to_contain_text("plenary line 30")
        new = ana.page.get_by_role("button", name="New messages")
        expect(new).to_be_visible()
        assert ana.page.locator("#messages").evaluate("el => el.scrollTop") < 50
        ana.shot("player-laptop-new-messages")
        new.click()
        ana.page.wait_for_function("() => { const el = document.querySelector('#messages'); return el.scrollHeight - el.scrollTop - el.clientHeight < 4; }")
        expect(new).to_be_hidden()
        # Unread counts per channel: Ben, reading his delegation's channel, has the plenary's waiting.
        expect(ben.page.locator('[data-channel="plenary"] .unread')).to_have_text(" (31 new)")
        # On the phone, away on the proposals pane while the plenary grows, Ben comes back to
        # the chat and opens the plenary at its newest line.
        ben.page.get_by_role("button", name="Proposals").click()
        cleo.ok("chat", {"channel": "plenary", "text": "while Ben was away"})
        expect(ben.page.get_by_role("button", name="Chat")).to_contain_text("new")
        ben.page.get_by_role("button", name="Chat").click()
        ben.page.get_by_role("button", name="Plenary (everyone)").click()
        expect(ben.page.locator("#messages li").last).to_contain_text("while Ben was away")
        ben.page.wait_for_function("() => { const el = document.querySelector('#messages'); return el.scrollHeight - el.scrollTop - el.clientHeight < 4; }")
        ben.shot("player-phone-chat-newest")
        ben.page.get_by_role("button", name="Our delegation").click()
        ana.page.get_by_role("button", name="Our delegation").click()
        cleo.ok("chat", {"channel": "plenary", "text": "one more"})
        expect(ben.page.locator('[data-channel="plenary"] .unread')).to_have_text(" (1 new)")
        expect(ana.page.locator('[data-channel="plenary"] .unread')).to_have_text(" (1 new)")
    finally:
        cleo.close()

    # A half-typed message survives a reload.
    ben.page.get_by_label("Message to Our delegation").fill("half a thought")
    ben.page.reload()
    expect(ben.page.locator("#status")).to_have_attribute("data-status", "online")
    expect(ben.page.locator("#chat-text")).to_have_value("half a thought")

    # The game starts; Ana (the head) ticks a card, reloads: still ticked, her role still read.
    dash.get_by_role("button", name="Start game").click()
    expect_phase(ana.page, "orders", 1)
    open_tab(ana.page, "table")
    read_role(ana.page)
    card = ana.page.locator("#cards .game-card").filter(has=ana.page.locator("input:not([disabled])")).first
    card_id = card.get_attribute("data-card")
    card.locator("input").check()
    ana.page.reload()
    expect(ana.page.locator("#status")).to_have_attribute("data-status", "online")
    expect(ana.page.locator(f'#cards .game-card[data-card="{card_id}"] input')).to_be_checked()
    expect(ana.page.locator("#role-box")).not_to_have_attribute("open", "")

    # A second tab for Ana's seat: both tabs are told.
    second = ana.context.new_page()
    second.goto(ana.page.url)
    for tab in (second, ana.page):
        expect(tab.locator("#elsewhere")).to_contain_text("also open in another tab")
    second.close()
