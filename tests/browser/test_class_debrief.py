"""The class debrief in Chromium: every table of a class side by side, curves overlaid with
history's path as a reference line, the clauses each agreed, scores once over; reached from the
dashboard; public information only."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from game_rules import load_scenario
from tests.server.harness import Client

from .axe import assert_accessible
from .conftest import ARTIFACTS
from .pages import LAPTOP, PHONE, expect_fits_screen, open_tab, page_width_fits

pytestmark = pytest.mark.browser

PLATES = load_scenario("plates-2021")


def _bot_table(server, temperament: str, seed: int, play: bool = True) -> dict:
    game = server.create(scenario="plates-2021", seed=seed, bots={s: temperament for s in PLATES.seat_ids})
    fac = Client(server, "facilitator")
    try:
        fac.ok("facilitate", {"token": game["facilitator_token"]})
        if play:
            fac.ok("start", {})
            fac.wait_for(lambda u: u["view"]["phase"] == "over", "the bots to finish")
        return {**game, "view": fac.view}
    finally:
        fac.close()


def test_the_class_debrief_shows_every_table_beside_history(server, people):
    tables = [_bot_table(server, "dove", 1), _bot_table(server, "hawk", 2), _bot_table(server, "mediator", 3),
              _bot_table(server, "dove", 4, play=False)]
    codes = ",".join(t["code"] for t in tables)
    viewer = people("projector", viewport=(1280, 720))
    page = viewer.goto(f"/class?codes={codes}")
    expect(page.locator(".class-table")).to_have_count(len(tables))
    expect(page.locator("#curves .table-line")).to_have_count(len(tables))
    expect(page.locator("#curves .history-line")).to_have_count(1)
    for i, table in enumerate(tables):
        card = page.locator(f'.class-table[data-code="{table["code"]}"]')
        expect(card).to_contain_text(f"Table {i + 1}")
        view = table["view"]
        if view["phase"] == "over":
            expect(card.locator(".class-outcome")).to_have_text(re.compile(view["outcome"].replace("_", " "), re.I))
        column = i + 2  # the clause's name, then one column per table
        for clause in PLATES.historical.clauses:
            cell = page.locator(f'#clauses tr[data-clause="{clause}"] td:nth-child({column})')
            expect(cell).to_have_text("✔" if clause in view["bound_clauses"] else "—")
        for clause in view["bound_clauses"]:
            expect(page.locator(f'#clauses tr[data-clause="{clause}"] td:nth-child({column})')).to_have_text("✔")
        score_cell = page.locator(f'#class-scores tr[data-seat="serbia"] td:nth-child({column})')
        expect(score_cell).to_have_text(str(view["scores"]["serbia"]).removesuffix(".0") if view.get("scores") else "not over")
    # The end labels of the curves never sit on one another.
    boxes = page.evaluate("""() => [...document.querySelectorAll('#curves .end-label')].map((t) => { const b = t.getBBox(); return [b.y, b.y + b.height, b.x]; })""")
    for a, b in zip(sorted(boxes), sorted(boxes)[1:], strict=False):  # each with the next
        assert a[1] <= b[0] + 0.5 or abs(a[2] - b[2]) > 60, (a, b)
    body = page.content()
    assert not [o.text for s in PLATES.seats for o in s.objectives if o.text in body]
    assert_accessible(page, "class debrief")


def test_the_dashboard_links_a_class_to_its_debrief_and_its_sheets(server, people):
    fac = people("facilitator", viewport=(1366, 768))
    dash = fac.goto("/facilitate")
    dash.get_by_label("Number of tables").fill("3")
    dash.get_by_role("button", name="Open", exact=True).click()
    expect(dash.locator(".table-tile")).to_have_count(3)
    codes = sorted(t.inner_text().strip() for t in dash.locator(".table-tile .code").all())
    link = dash.get_by_role("link", name="Class debrief (for the projector)")
    assert sorted(re.search(r"codes=([A-Z,]+)", link.get_attribute("href")).group(1).split(",")) == codes
    projector = dash.locator(".table-tile a", has_text="Projector").first
    assert re.search(r"class=[A-Z,]+", projector.get_attribute("href"))
    with fac.context.expect_page() as opened:
        link.click()
    expect(opened.value.locator(".class-table")).to_have_count(3)
    with fac.context.expect_page() as opened:
        dash.get_by_role("link", name="Print every table’s briefing sheets").click()
    expect(opened.value.locator(".sheet")).to_have_count(3 * len(PLATES.seats))


VIEWS = ["tension", "agreed", "scores"]
# The smallest type a view may draw, in CSS px: the page's body text, and the labels of the chart
# (an SVG scaled to its box). ~16.6 px is the full size at 1280×720, ~24.8 px at 1920×1080.
MIN_TEXT = {(1024, 768): 15, (1280, 720): 15, (1366, 768): 15, (1920, 1080): 22}
SMALLEST_TEXT = """() => {
    const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden' && !el.closest('.sr-only');
    const html = [...document.querySelectorAll('body *')].filter((el) => !(el instanceof SVGElement) && visible(el)
        && [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()));
    const svg = [...document.querySelectorAll('svg text')].filter(visible);
    return {
        body: parseFloat(getComputedStyle(document.body).fontSize),
        html: Math.min(...html.map((el) => parseFloat(getComputedStyle(el).fontSize))),
        chart: svg.length ? Math.min(...svg.map((t) => t.getBoundingClientRect().height)) : null,
    };
}"""


def test_the_class_debrief_fits_a_projector_in_every_view(server, people):
    """Six tables (five played out by bots of every temperament, one still in its lobby): at
    1024×768, 1280×720, 1366×768 and 1920×1080 each view is one screen without scrolling, with type large
    enough for the back of a room; on a phone the page may scroll but never sideways."""
    tables = [_bot_table(server, temperament, seed) for seed, temperament in
              enumerate(["dove", "hawk", "mediator", "spoiler", "pragmatist"], start=11)]
    tables.append(_bot_table(server, "dove", 16, play=False))
    codes = ",".join(t["code"] for t in tables)
    viewer = people("projector", viewport=(1280, 720))
    page = viewer.goto(f"/class?codes={codes}")
    expect(page.locator(".class-table")).to_have_count(len(tables))
    expect(page.locator("#curves .table-line")).to_have_count(len(tables))
    for view in VIEWS:
        open_tab(page, view)
        for (width, height), least in MIN_TEXT.items():
            page.set_viewport_size({"width": width, "height": height})
            expect_fits_screen(page)
            # Every table's card is on the screen, not pushed below it.
            assert page.evaluate("() => [...document.querySelectorAll('.class-table')].every((c) => c.getBoundingClientRect().bottom <= window.innerHeight)")
            sizes = page.evaluate(SMALLEST_TEXT)
            print(f"class debrief, {view} at {width}x{height}: {sizes}")
            assert sizes["body"] >= least, (view, width, sizes)
            assert sizes["html"] >= least * 0.75, (view, width, sizes)  # hints and the header bar are a little smaller
            if view == "tension":
                assert sizes["chart"] >= least, (view, width, sizes)
            page.screenshot(path=str(ARTIFACTS / f"class-debrief-{view}-{width}x{height}.png"))
        page.set_viewport_size({"width": 1280, "height": 720})
        assert_accessible(page, f"class debrief, {view}")

    phone = people("phone", viewport=PHONE, mobile=True)
    page = phone.goto(f"/class?codes={codes}")
    expect(page.locator(".class-table")).to_have_count(len(tables))
    for view in VIEWS:
        open_tab(page, view)
        page_width_fits(page)
        page.screenshot(path=str(ARTIFACTS / f"class-debrief-{view}-phone.png"), full_page=True)
    assert_accessible(page, "class debrief on a phone")
    assert LAPTOP in MIN_TEXT
