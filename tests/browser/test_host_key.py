"""A server with a host key (CRISIS_HOST_KEY): the facilitator page opens games only when the
page was opened with the key in its URL fragment, and says how otherwise."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import Person, Server

pytestmark = pytest.mark.browser
KEY = "district-7f3a"


@pytest.fixture
def keyed_server(tmp_path):
    srv = Server(tmp_path / "games.sqlite3", env={"CRISIS_HOST_KEY": KEY}).start()
    yield srv
    srv.stop()


@pytest.mark.parametrize("size, mobile", [((1366, 768), False), ((390, 844), True)])
def test_the_facilitator_page_opens_games_only_with_the_host_key(browser, keyed_server, size, mobile):
    person = Person(browser, keyed_server.url, "host", viewport=size, mobile=mobile)
    try:
        page = person.goto("/facilitate")
        page.get_by_label("Phase timers", exact=True).uncheck()
        page.get_by_role("button", name="Open", exact=True).click()
        expect(page.locator("#create-error")).to_contain_text("/facilitate#host-key=KEY")
        expect(page.locator(".table-tile")).to_have_count(0)
        person.shot(f"host-key-refused-{size[0]}x{size[1]}")

        page = person.goto(f"/facilitate#host-key={KEY}")
        page.reload()  # a fragment change alone does not reload the page
        page.get_by_label("Phase timers", exact=True).uncheck()
        page.get_by_role("button", name="Open", exact=True).click()
        expect(page.locator(".table-tile .code").first).to_have_text(re.compile(r"^\s*[A-Z]{6}\s*$"))
        expect(page.locator("#create-error")).to_have_text("")
        person.shot(f"host-key-opened-{size[0]}x{size[1]}")
        assert not person.errors, person.errors
    finally:
        person.context.close()
