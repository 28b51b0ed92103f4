"""The facilitator stays in control in a real room: after Open the join address, code, QR code and
projector link are at the top of a laptop's screen; a facilitator link (secret, shown once)
continues the dashboard on another computer; Forget asks first; the dashboard says when it is
offline and turns its controls off; a late student waiting for a seat is an alert; the seat
controls say whether they act on a player or the whole delegation."""
from __future__ import annotations

import re

import pytest
import requests
from playwright.sync_api import expect

from .axe import assert_accessible
from .conftest import SCENARIO
from .pages import PHONE, join, open_untimed_table, page_width_fits, unfold

pytestmark = pytest.mark.browser

LAPTOP = (1366, 768)


def test_after_open_the_join_details_are_above_the_fold(server, people):
    fac = people("facilitator", viewport=LAPTOP)
    dash = fac.goto("/facilitate")
    assert_accessible(dash, "dashboard before opening")
    dash.get_by_role("button", name="Open", exact=True).click()
    code = dash.locator(".table-tile .code").first.inner_text().strip()

    box = dash.locator("#join-box")
    expect(box.locator(".join-codes .code")).to_have_text(code)
    expect(box.locator(".join-codes .code")).to_be_in_viewport(ratio=1)
    qr = box.locator(".join-qr img")
    expect(qr).to_be_in_viewport(ratio=1)
    expect(qr).to_have_attribute("alt", f"QR code of the join link {server.url}/?code={code}")
    expect(qr).to_have_js_property("complete", True)
    assert qr.evaluate("img => img.naturalWidth > 0"), "the QR code did not load"
    expect(box.get_by_role("link", name="Projector view")).to_have_attribute("href", f"/projector?code={code}")
    expect(box.get_by_role("link", name="Projector view")).to_be_in_viewport()
    # The server listens on loopback only (as `make run`): the page says students cannot reach it.
    expect(box.locator(".warning")).to_contain_text("crisis-table serve --lan")
    expect(dash.locator("#create-box")).not_to_have_attribute("open", "")

    secret = dash.get_by_label(re.compile(r"^Facilitator link"))
    link = secret.input_value()
    assert re.fullmatch(rf"{re.escape(server.url)}/facilitate#token=[\w.%-]+", link), link
    assert "?" not in link  # the token never travels in a query string (logs, referrers)
    expect(dash.locator("#opened")).to_contain_text("It is a secret")
    expect(dash.get_by_role("button", name="Copy")).to_be_visible()
    fac.shot("dashboard-after-open-1366x768")
    assert_accessible(dash, "dashboard after opening")

    # Another computer: the link opens the same table's dashboard, and leaves the address bar.
    dash.get_by_role("button", name="I have kept it — hide").click()
    expect(dash.locator("#opened")).to_be_hidden()
    other = people("another computer", viewport=LAPTOP)
    page = other.goto(link.replace(server.url, ""))
    expect(page.locator(".table-tile .code")).to_have_text(code)
    expect(page.locator("#manage-h")).to_contain_text(f"Table {code}")
    assert "token" not in page.url
    page.get_by_role("button", name="Start game").click()
    expect(dash.locator(".tile-phase").first).not_to_have_attribute("data-phase", "lobby")  # bots play on fast


def test_forget_asks_first_and_says_what_is_lost(server, people):
    fac = people("facilitator", viewport=LAPTOP)
    dash, code = open_untimed_table(fac)
    dash.get_by_role("button", name=f"Forget table {code}").click()
    dialog = dash.get_by_role("dialog", name=f"Forget table {code}?")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("nobody can start, pause, seat, export or end this table again")
    fac.shot("dashboard-forget-asks")
    assert_accessible(dash, "dashboard, forget dialog")
    dialog.get_by_role("button", name="Keep it").click()
    expect(dialog).to_be_hidden()
    expect(dash.locator(".table-tile")).to_have_count(1)

    dash.get_by_role("button", name=f"Forget table {code}").click()
    dialog.get_by_role("button", name="Forget it").click()
    expect(dash.locator(".table-tile")).to_have_count(0)
    assert dash.evaluate("localStorage.getItem('crisis-table:facilitated')") == "[]"
    assert not fac.dialogs  # the page's own dialog, not the browser's confirm()


def test_offline_turns_the_controls_off_until_the_server_is_back(server, people):
    fac = people("facilitator", viewport=LAPTOP)
    dash, code = open_untimed_table(fac)
    start = dash.get_by_role("button", name="Start game")
    expect(start).to_be_enabled()
    server.kill()
    expect(dash.locator("#status")).to_have_attribute("data-status", re.compile("offline|reconnecting"))
    expect(start).to_be_disabled()
    expect(dash.get_by_label("Announce to the table")).to_be_disabled()
    expect(dash.locator(".offline-note")).to_contain_text("Offline")
    fac.shot("dashboard-offline")
    assert_accessible(dash, "dashboard offline")
    server.start()
    expect(dash.locator("#status")).to_have_attribute("data-status", "online")
    expect(start).to_be_enabled()
    expect(dash.locator(".offline-note")).to_be_empty()


def test_a_late_student_waiting_for_a_seat_is_an_alert_and_seat_controls_say_what_they_act_on(server, people):
    fac = people("facilitator", viewport=(1400, 1000))
    dash, code = open_untimed_table(fac, team_size=1)
    rules = requests.get(f"{server.url}/api/scenarios/{SCENARIO}", timeout=10).json()
    first = rules["seats"][0]
    ana = people("ana")
    join(ana, code, "Ana")
    row = dash.locator(f'.seat-row[data-seat="{first["id"]}"]')
    expect(row).to_contain_text("Ana (head)")
    # Ana's own controls, and the whole delegation's, each named for what they act on.
    expect(row.get_by_role("button", name="Move Ana")).to_be_visible()
    delegation = row.get_by_role("button", name=f"Replace delegation with a bot: {first['name']}")
    expect(delegation).to_be_visible()
    # The seat's usual temperament is offered first.
    usual = row.get_by_label(f"Bot for {first['name']}")
    expect(usual.locator("option").first).to_have_text(f"{first['default_temperament']} (usual)")
    expect(usual).to_have_value(first["default_temperament"])
    empty = rules["seats"][2]
    expect(dash.locator(f'.seat-row[data-seat="{empty["id"]}"]').get_by_role(
        "button", name=f"Seat a bot: {empty['name']}")).to_be_visible()
    assert_accessible(dash, "dashboard, lobby with a player")

    dash.get_by_role("button", name="Start game").click()
    late = people("late")
    join(late, code, "Late Student")
    alert = dash.locator("#manage .waiting-alert")
    expect(alert).to_contain_text("A student is waiting for a seat: Late Student")
    expect(dash.locator(".table-tile .waiting-alert")).to_contain_text("1 waiting for a seat")
    fac.shot("dashboard-student-waiting")
    assert_accessible(dash, "dashboard, playing, a student waiting")


def test_skip_plays_a_bot_for_absent_people_when_the_facilitator_chose_so(server, people):
    fac = people("facilitator", viewport=(1400, 1000))
    dash = fac.goto("/facilitate")
    dash.get_by_role("checkbox", name="Phase timers").uncheck()
    dash.get_by_label("At the deadline, a delegation that has not acted").select_option("bot")
    dash.get_by_role("button", name="Open", exact=True).click()
    code = dash.locator(".table-tile .code").first.inner_text().strip()
    ana = people("ana")
    join(ana, code, "Ana")
    dash.get_by_role("button", name="Start game").click()
    expect(dash.locator(".controls + .hint")).to_contain_text("are played by a bot")
    dash.get_by_role("button", name="Skip to next phase").click()
    expect(dash.locator("#manage-h")).to_contain_text("Brussels talks")
    name = requests.get(f"{server.url}/api/scenarios/{SCENARIO}", timeout=10).json()["seats"][0]["name"]
    # Ana did not order: the bot that stood in for her delegation says so in the log everyone reads.
    expect(dash.locator("ol.log li.stand-in").first).to_contain_text(f"played by a bot for {name}")
    expect(ana.page.locator("#round-log")).to_contain_text(f"played by a bot for {name}")


def test_the_dashboard_never_overflows_sideways_on_a_phone(server, people):
    """A teacher on a phone (390×844) sees the whole width of the dashboard in every state: before
    Open, a table open with students in it, the game running with one waiting, and over."""
    fac = people("facilitator", viewport=PHONE, mobile=True)
    dash = fac.goto("/facilitate")
    expect(dash.get_by_role("button", name="Open", exact=True)).to_be_enabled()

    def fits(state: str) -> None:
        page_width_fits(dash)
        fac.shot(f"dashboard-phone-{state}")
        assert_accessible(dash, f"dashboard on a phone, {state}")

    fits("before-open")
    dash.get_by_role("checkbox", name="Phase timers").uncheck()
    dash.get_by_label("Players per delegation").fill("1")
    dash.get_by_role("button", name="Open", exact=True).click()
    code = dash.locator(".table-tile .code").first.inner_text().strip()
    join(people("ana"), code, "Aleksandra Petrović-Nikolić")
    expect(dash.locator("#manage")).to_contain_text("Aleksandra Petrović-Nikolić (head)")
    fits("table-open")

    dash.get_by_role("button", name="Start game").click()
    join(people("late"), code, "Late Student")
    expect(dash.locator("#manage .waiting-alert")).to_contain_text("Late Student")
    expect(dash.locator("#manage-h")).to_contain_text("round 1")
    fits("game-running")

    end = dash.get_by_role("button", name="End game")
    end.click()
    dash.get_by_role("button", name="Confirm: End game").click()
    expect(dash.locator("#manage-h")).to_contain_text("over")
    fits("over")


def test_the_controls_of_the_phase_are_on_the_first_screen(server, people):
    """On a laptop the controls of the phase at hand are on the first screen, under how students
    join: the seats are unfolded in the lobby, the board while the game runs, neither once it is
    over; what the facilitator unfolds stays unfolded as the table moves on."""
    fac = people("facilitator", viewport=LAPTOP)
    dash, code = open_untimed_table(fac, team_size=1)
    dash.get_by_role("button", name="I have kept it — hide").click()
    join(people("ana"), code, "Ana")
    seats = dash.locator("details.fold").filter(has=dash.locator("summary", has_text="Seats"))
    board = dash.locator("details.fold").filter(has=dash.locator("summary", has_text="The board"))

    expect(dash.locator("#join-box .join-codes .code")).to_be_in_viewport(ratio=1)
    expect(dash.get_by_role("button", name="Start game")).to_be_in_viewport(ratio=1)
    expect(seats).to_have_attribute("open", "")
    expect(seats).to_contain_text("Ana (head)")
    expect(board).not_to_have_attribute("open", "")
    fac.shot("dashboard-lobby-1366x768")

    dash.get_by_role("button", name="Start game").click()
    expect(dash.locator("#manage-h")).to_contain_text("round 1")
    expect(dash.get_by_role("button", name="Skip to next phase")).to_be_in_viewport(ratio=1)
    expect(dash.get_by_label("Announce to the table")).to_be_in_viewport(ratio=1)
    expect(seats).not_to_have_attribute("open", "")
    expect(board).to_have_attribute("open", "")
    expect(board.locator("table.seats")).to_be_visible()
    fac.shot("dashboard-running-1366x768")
    assert_accessible(dash, "dashboard, game running, seats folded")

    # Unfolded by hand, the seats stay so through the next update (an announcement in the log).
    unfold(dash, "Seats")
    dash.get_by_label("Announce to the table").fill("Five minutes left.")
    dash.get_by_role("button", name="Announce").click()
    expect(board.locator("ol.log")).to_contain_text("Five minutes left.")
    expect(seats).to_have_attribute("open", "")

    dash.get_by_role("button", name="End game").click()
    dash.get_by_role("button", name="Confirm: End game").click()
    expect(dash.locator("#manage-h")).to_contain_text("over")
    expect(board).not_to_have_attribute("open", "")
    expect(dash.locator("#manage .links").get_by_role("link", name="debrief")).to_be_in_viewport()
    fac.shot("dashboard-over-1366x768")
