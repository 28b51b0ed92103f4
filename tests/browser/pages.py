"""What a person does on the client's pages, in the words of the page (labels and buttons)."""
from __future__ import annotations

import json
import re

from playwright.sync_api import Page, expect


def open_untimed_table(facilitator, team_size: int | None = None) -> tuple[Page, str]:
    """The facilitator opens one table without phase timers; returns the dashboard and the join code."""
    dash = facilitator.goto("/facilitate")
    dash.get_by_role("checkbox", name="Phase timers").uncheck()
    if team_size is not None:
        dash.get_by_label("Players per delegation").fill(str(team_size))
    dash.get_by_role("button", name="Open", exact=True).click()
    return dash, dash.locator(".table-tile .code").first.inner_text().strip()


def join(person, code: str, nickname: str) -> Page:
    page = person.goto("/")
    page.get_by_label("Join code").fill(code)
    page.get_by_label("Your name at the table").fill(nickname)
    page.get_by_role("button", name="Join").click()
    page.wait_for_url(re.compile(r"/play\?game="))
    expect(page.locator("#status")).to_have_attribute("data-status", "online")
    return page


def expect_phase(page: Page, phase: str, round_: int | None = None) -> None:
    badge = page.locator("#phase [data-phase]")
    expect(badge).to_have_attribute("data-phase", phase)
    if round_ is not None:
        expect(badge).to_contain_text(f"Round {round_} of")


def order_first_playable(page: Page, last: bool = False) -> str:
    """Tick the first card this seat can play now and submit; returns the card's name.
    The last delegation to order sees the reveal at once instead of its own orders."""
    card = page.locator("#cards .game-card").filter(has=page.locator("input:not([disabled])")).first
    name = card.locator(".card-name").inner_text()
    card.locator("input").check()
    page.locator("#submit-orders").click()
    if last:
        expect_phase(page, "talks")
    else:
        expect(page.locator("#orders-state")).to_contain_text(f"Submitted: {name}")
    return name


def order_nothing(page: Page, last: bool = False) -> None:
    page.locator("#submit-orders").click()
    if last:
        expect_phase(page, "talks")
    else:
        expect(page.locator("#orders-state")).to_contain_text("Submitted: nothing")


def open_tab(page: Page, name: str) -> None:
    page.locator(f'[data-tab="{name}"]').click()
    expect(page.locator(f"section#{name}")).to_be_visible()


def start_solo(person, seat_name: str, rounds: int | None = None, seed: int | None = None) -> Page:
    """A solo game from the solo page, as a person starts one; `seed` fixes the game's dice by
    adding it to the page's own creation request (the page offers no such field)."""
    seeded: list[int] = []
    if seed is not None:
        def with_seed(route):
            if route.request.method != "POST":
                return route.continue_()
            body = json.loads(route.request.post_data or "{}")
            route.continue_(post_data=json.dumps({**body, "seed": seed}))
            seeded.append(seed)
        person.context.route("**/api/games", with_seed)
    page = person.goto("/solo")
    page.get_by_role("radio", name=seat_name, exact=True).check()
    if rounds:
        page.get_by_label("Rounds").fill(str(rounds))
    page.get_by_role("button", name="Play").click()
    page.wait_for_url(re.compile(r"/play\?game="))
    assert seeded == ([] if seed is None else [seed]), "the solo page's creation request was not seeded"
    expect(page.locator("#status")).to_have_attribute("data-status", "online")
    return page


PHONE = (390, 844)
LAPTOP = (1366, 768)


def page_width_fits(page: Page) -> None:
    """Nothing on the page overflows sideways: the document is no wider than the viewport."""
    # A phone's browser widens its layout viewport to fit content that overflows, so the screen's
    # width is the context's viewport, not window.innerWidth.
    screen_width = page.viewport_size["width"]
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]")
    wide = page.evaluate("""(w) => [...document.querySelectorAll('body *')].filter((el) => {
        const r = el.getBoundingClientRect(); return r.right > w + 1 && r.width > 0; }).slice(0, 5)
        .map((el) => el.tagName + (el.id ? '#' + el.id : '') + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right))""",
                         screen_width)
    assert max(widths) <= screen_width, f"{page.url}: content {max(widths)} px wide on a {screen_width} px screen: {wide}"


def unfold(page: Page, name: str) -> None:
    """The facilitator unfolds a folded part of the dashboard (the seats, the board) by its title."""
    fold = page.locator("details.fold").filter(has=page.locator("summary", has_text=name))
    if fold.get_attribute("open") is None:
        fold.locator("summary").click()
    expect(fold).to_have_attribute("open", "")


def top_of(page: Page, selector: str) -> float:
    """How far down the page (in CSS px from its top) an element starts."""
    return page.locator(selector).first.evaluate("el => el.getBoundingClientRect().top + window.scrollY")


def read_role(page: Page) -> None:
    """The player reads their role and goes on to the moves."""
    expect(page.locator("#role-box")).to_have_attribute("open", "")
    page.get_by_role("button", name="Got it: to my moves").click()
    expect(page.locator("#role-box")).not_to_have_attribute("open", "")


def screen(person, name: str) -> None:
    """A screenshot of what is on screen now (not the whole page): what a phone's user sees."""
    from .conftest import ARTIFACTS

    person.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


FITS_SCREEN = """() => {
    const over = (el) => el.scrollHeight > el.clientHeight + 1;
    const boxes = [...document.querySelectorAll('.proj, .panel, .proj-news')].filter((el) => el.offsetParent !== null);
    return document.documentElement.scrollHeight <= window.innerHeight
        && document.documentElement.scrollWidth <= window.innerWidth
        && boxes.length > 0 && boxes.every((el) => !over(el));
}"""


def expect_fits_screen(page: Page) -> None:
    """The projector fits its screen: no scrolling, and no panel hiding what it cannot show."""
    page.wait_for_function(FITS_SCREEN)
