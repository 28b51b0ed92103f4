"""A player keeps the seat: after a reload (the seat token is in localStorage and the page
rejoins with it), after a network drop, and after the server is killed and started again
(Socket.IO reconnects by itself and the page rejoins)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import SCENARIO
from .pages import expect_phase, start_solo

pytestmark = pytest.mark.browser

SEAT = "Kosovo" if SCENARIO == "plates-2021" else "Brill"


def test_reload_network_drop_and_server_restart_keep_the_seat(server, people):
    player = people("player")
    page = start_solo(player, SEAT)
    expect_phase(page, "orders", 1)
    card = page.locator("#cards .game-card").filter(has=page.locator("input:not([disabled])")).first
    name = card.locator(".card-name").inner_text()
    card.locator("input").check()
    page.get_by_role("button", name="Submit orders").click()
    expect_phase(page, "talks", 1)
    page.get_by_label("Statement to the press").fill("We stand by our plates.")
    page.get_by_role("button", name="Issue statement").click()
    expect(page.locator("#statements")).to_contain_text("We stand by our plates.")
    me = page.locator("#me").inner_text()

    page.reload()
    expect(page.locator("#status")).to_have_attribute("data-status", "online")
    expect(page.locator("#me")).to_have_text(me)
    expect_phase(page, "talks", 1)
    expect(page.locator("#statements")).to_contain_text("We stand by our plates.")  # history read again
    page.locator('[data-tab="table"]').click()
    expect(page.locator(f'#reveal-body tr[data-seat="{SEAT.lower()}"]')).to_contain_text(name)
    player.shot("table-after-reload")

    # A phone that lost its tab comes back through the join page.
    page.goto(server.url + "/")
    page.get_by_role("link", name="Return to your table").click()
    expect(page.locator("#me")).to_have_text(me)

    # A network drop: the page says so, refuses to act rather than queue the act for later,
    # and comes back by itself to the same seat.
    player.context.set_offline(True)
    expect(page.locator("#status")).not_to_have_attribute("data-status", "online")
    page.locator('[data-tab="talks"]').click()
    page.get_by_label("Statement to the press").fill("Sent while offline")
    page.get_by_role("button", name="Issue statement").click()
    expect(page.locator("#statement-error")).to_contain_text("offline")
    player.context.set_offline(False)
    expect(page.locator("#status")).to_have_attribute("data-status", "online")
    expect(page.locator("#me")).to_have_text(me)
    expect(page.locator("#statements")).not_to_contain_text("Sent while offline")

    server.kill()
    expect(page.locator("#status")).not_to_have_attribute("data-status", "online")
    player.shot("offline")
    server.start()  # same port, same data file
    expect(page.locator("#status")).to_have_attribute("data-status", "online")
    expect(page.locator("#me")).to_have_text(me)
    expect_phase(page, "talks", 1)
    # The seat still acts: being done with the talks moves the game on.
    page.locator('[data-tab="talks"]').click()
    page.get_by_role("button", name="We are done with these talks").click()
    expect_phase(page, "orders", 2)
