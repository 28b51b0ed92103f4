"""A class: the facilitator opens several tables at once and students, given one class link,
are spread over them — here on a school network that refuses websockets, so the pages run on
Socket.IO's long-polling."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .axe import assert_accessible

pytestmark = pytest.mark.browser


def refuse_websockets(person) -> list[str]:
    """Close every websocket the page opens, as a proxy that cannot upgrade would."""
    refused: list[str] = []

    def refuse(ws):
        refused.append(ws.url)
        ws.close()

    person.context.route_web_socket(re.compile(r".*/socket\.io/.*"), refuse)
    return refused


def test_class_of_tables_spreads_students_over_long_polling(server, people):
    fac = people("facilitator", viewport=(1400, 1000))
    dash = fac.goto("/facilitate")
    dash.get_by_label("Number of tables").fill("2")
    dash.get_by_role("button", name="Open", exact=True).click()
    tiles = dash.locator(".table-tile")
    expect(tiles).to_have_count(2)
    link = dash.locator("a.class-link")
    expect(link).to_be_visible()
    class_url = link.get_attribute("href")
    codes = [t.locator(".code").inner_text().strip() for t in tiles.all()]
    assert sorted(re.search(r"class=([A-Z,]+)", class_url).group(1).split(",")) == sorted(codes)

    refused = []
    for name in ("Chloé", "Dario", "Emre"):
        student = people(name, viewport=(390, 844), mobile=True)
        refused.append(refuse_websockets(student))
        page = student.goto(class_url.replace(server.url, ""))
        expect(page.locator("#class-note")).to_contain_text("2 tables")
        expect(page.get_by_label("Join code")).to_be_hidden()
        if name == "Chloé":
            student.shot("join-phone")
        page.get_by_label("Your name at the table").fill(name)
        page.get_by_role("button", name="Join").click()
        page.wait_for_url(re.compile(r"/play\?game="))
        expect(page.locator("#status")).to_have_attribute("data-status", "online")
        expect(page.locator("#lobby-roster")).to_contain_text(f"{name} (head) — you")
    assert all(refused), "every student page tried a websocket and was refused"

    # Each student went to the table with the most room: two at one, one at the other.
    counts = sorted(int(re.search(r"(\d+) (?:person|people)", t.inner_text()).group(1)) for t in tiles.all())
    assert counts == [1, 2]
    expect(dash.locator(".tile-phase").first).to_have_attribute("data-phase", "lobby")
    fac.shot("facilitator-class")
    expect(dash.locator("#join-box .join-qr img")).to_have_attribute("alt", f"QR code of the join link {class_url}")
    assert_accessible(dash, "dashboard, a class of two tables")
