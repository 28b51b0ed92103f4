"""In the lobby a player picks a delegation by clicking, stands up and sits down elsewhere; the
facilitator's dashboard follows. A full delegation and a bot's offer no seat; after the start
the choice is gone."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import SCENARIO
from .pages import expect_phase, join, open_untimed_table

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(SCENARIO != "plates-2021", reason="needs a scenario of four or more delegations")]


def test_a_player_chooses_a_delegation_in_the_lobby(server, people):
    fac = people("facilitator", viewport=(1400, 1000))
    dash, code = open_untimed_table(fac, team_size=1)
    row = lambda seat: dash.locator(f'.seat-row[data-seat="{seat}"]')  # noqa: E731
    ana, ben = people("ana"), people("ben")
    page = join(ana, code, "Ana")
    join(ben, code, "Ben")
    expect(row("kosovo")).to_contain_text("Ben (head)")
    row("eu").get_by_role("button", name=re.compile("Seat a bot")).click()
    expect(row("eu")).to_contain_text("bot (")

    lobby = page.locator("#lobby-roster")
    serbia = lobby.locator('li[data-seat="serbia"]')
    expect(serbia).to_contain_text("Ana (head) — you")
    expect(serbia).to_contain_text("your delegation")
    expect(lobby.locator('li[data-seat="kosovo"]')).to_contain_text("full")
    expect(page.get_by_role("button", name="Sit here at Kosovo", exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name="Sit here at European Union", exact=True)).to_have_count(0)

    page.get_by_role("button", name="Sit here at Russia", exact=True).click()
    expect(page.locator("#lobby-me")).to_have_text("You sit for Russia as head of delegation: you submit its moves.")
    expect(lobby.locator('li[data-seat="russia"]')).to_contain_text("your delegation")
    expect(serbia).not_to_contain_text("Ana")
    expect(row("russia")).to_contain_text("Ana (head)")
    expect(row("serbia")).not_to_contain_text("Ana")
    # The delegation's button keeps the focus: it now stands her up.
    expect(page.get_by_role("button", name="Stand up from Russia")).to_be_focused()
    ana.shot("lobby-chosen")

    page.keyboard.press("Enter")
    expect(page.locator("#lobby-me")).to_contain_text("You have no seat yet: choose a delegation below")
    expect(dash.locator(".seat-row").filter(has=dash.get_by_label("Seat for Ana"))).to_be_visible()
    expect(row("russia")).not_to_contain_text("Ana")

    page.get_by_role("button", name="Sit here at Serbia", exact=True).click()
    expect(row("serbia")).to_contain_text("Ana (head)")
    dash.get_by_role("button", name="Start game").click()
    expect_phase(page, "orders", 1)
    page.locator('[data-tab="lobby"]').click()
    expect(serbia).to_contain_text("Ana (head) — you")
    expect(page.get_by_role("button", name=re.compile("^(Sit here|Stand up)"))).to_have_count(0)
