"""A delegation of several players: the lobby shows the team and its head, teammates talk in
their delegation's own channel, only the head submits, and the facilitator can pass the
headship on."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import SCENARIO
from .pages import expect_phase, join, open_untimed_table, unfold

pytestmark = pytest.mark.browser

SEAT_ID, SEAT = ("serbia", "Serbia") if SCENARIO == "plates-2021" else ("aster", "Aster")


def test_a_team_shares_a_delegation_and_its_head_submits(server, people):
    fac = people("facilitator", viewport=(1400, 1000))
    dash, code = open_untimed_table(fac)
    ana, ben = people("ana"), people("ben")
    join(ana, code, "Ana")
    join(ben, code, "Ben")
    row = dash.locator(f'.seat-row[data-seat="{SEAT_ID}"]')
    expect(row).to_contain_text("Ana (head)")

    # The facilitator seats Ben with Ana: a team of two, Ana its head.
    ben_row = dash.locator(".seat-row").filter(has=dash.get_by_label("Seat for Ben"))
    ben_row.get_by_label("Seat for Ben").select_option(SEAT_ID)
    ben_row.get_by_role("button", name="Move Ben").click()
    expect(row).to_contain_text("Ben")
    expect(ben.page.locator("#lobby-me")).to_have_text(f"You sit for {SEAT}.")
    expect(ben.page.locator(f'#lobby-roster li[data-seat="{SEAT_ID}"]')).to_contain_text("Ana (head), Ben — you")
    ben.shot("lobby-team")

    # Teammates talk in their own channel; the other reads it and sees it as new.
    ben.page.locator('[data-tab="talks"]').click()
    ben.page.get_by_role("button", name="Our delegation").click()
    ben.page.get_by_label("Message to Our delegation").fill("Shall we keep our options open?")
    ben.page.get_by_role("button", name="Send").click()
    ana.page.locator('[data-tab="talks"]').click()
    expect(ana.page.get_by_role("button", name="Our delegation (1 new)")).to_be_visible()
    ana.page.get_by_role("button", name="Our delegation (1 new)").click()
    expect(ana.page.locator("#messages")).to_contain_text("Shall we keep our options open?")

    dash.get_by_role("button", name="Start game").click()
    expect_phase(ben.page, "orders", 1)
    ben.page.locator('[data-tab="table"]').click()
    expect(ben.page.locator("#orders-hint")).to_contain_text("Your head of delegation submits")
    expect(ben.page.locator("#submit-orders")).to_be_disabled()
    expect(ben.page.locator("#cards input:not([disabled])")).to_have_count(0)

    # The facilitator makes Ben head: now he orders, and Ana no longer can. (While the game runs
    # the seats are folded: the facilitator unfolds them.)
    unfold(dash, "Seats")
    row.get_by_role("button", name="Make Ben head").click()
    expect(ben.page.locator("#me")).to_contain_text("(head of delegation)")
    expect(ben.page.locator("#cards input:not([disabled])").first).to_be_enabled()
    ana.page.locator('[data-tab="table"]').click()
    expect(ana.page.locator("#submit-orders")).to_be_disabled()
    card = ben.page.locator("#cards .game-card").filter(has=ben.page.locator("input:not([disabled])")).first
    name = card.locator(".card-name").inner_text()
    card.locator("input").check()
    ben.page.locator("#submit-orders").click()
    # Every other seat is a bot, so the reveal follows; both teammates see the team's move.
    expect_phase(ana.page, "talks", 1)
    ana.page.locator('[data-tab="table"]').click()
    expect(ana.page.locator(f'#reveal-body tr[data-seat="{SEAT_ID}"]').first).to_contain_text(name)

    # The head tables a proposal, then amends it: the amendment replaces it on the table.
    first, second = ("Serbia pulls back from the border", "A clear EU path for Serbia and Kosovo") \
        if SCENARIO == "plates-2021" \
        else ("Shared fishing", "A League keeper")
    talks = ben.page
    talks.locator('[data-tab="talks"]').click()
    talks.get_by_label(first).check()
    talks.get_by_role("button", name="Table proposal").click()
    ours = talks.locator("article.proposal.status-open").filter(has_text=f"by {SEAT}").filter(has_text=first).first
    expect(ours).to_be_visible()
    number = ours.get_attribute("data-proposal")
    ours.get_by_role("button", name=f"Amend proposal #{number}").click()
    expect(talks.get_by_label(first)).to_be_checked()
    talks.get_by_label(second).check()
    talks.get_by_role("button", name=f"Table amendment to #{number}").click()
    # Open or already answered: bots may reject the amendment within a second of its tabling.
    amended = talks.locator("article.proposal").filter(has_text=f"(amends #{number})")
    expect(amended).to_contain_text(first)
    expect(amended).to_contain_text(second)
    expect(talks.locator(f'article.proposal[data-proposal="{number}"]')).to_contain_text("superseded")
    ben.shot("talks-amended")

