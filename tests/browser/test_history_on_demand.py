"""History only when asked for: the player page and the projector read no whole log on connect.

The player page sends no `log` request when it connects or reconnects (it shows what its updates
carry: the current round) and brings earlier rounds back a page at a time with "Show earlier"; the
projector reads the statements of earlier rounds in one bounded request. Counted on the websocket
itself (the frames the page sends), in a game long enough that the old whole-log read took
several pages."""
from __future__ import annotations

import json
import re
import time

import pytest
from playwright.sync_api import expect

from tests.server.harness import Client

from .axe import assert_accessible
from .conftest import ARTIFACTS, Server
from .pages import LAPTOP, PHONE, expect_phase, join, open_tab

pytestmark = pytest.mark.browser

LOBBY_CHAT = 260  # more than a page of 200 and than the table keeps in memory: the store's history is read
LOG_FRAME = re.compile(r'^42\d*\["log",')


@pytest.fixture
def server(tmp_path):
    """The browser tests' server, with a rate limit Cleo's lobby chat stays under."""
    srv = Server(tmp_path / "games.sqlite3", {"CRISIS_RATE_PER_SECOND": "1000", "CRISIS_RATE_BURST": "1000"}).start()
    yield srv
    srv.stop()


def log_requests(page) -> list[dict]:
    """Every `log` request the page sends, from now on (payloads, in order): over its websocket,
    or over HTTP long-polling while Engine.IO has not yet upgraded the connection (a request sent
    right after joining may go that way; packets in a polling body are separated by \x1e)."""
    sent: list[dict] = []

    def take(text):
        if LOG_FRAME.match(text):
            sent.append(json.loads(text[text.index("["):])[1])

    def on_socket(ws):
        ws.on("framesent", lambda payload: take(payload if isinstance(payload, str)
                                                 else payload.decode(errors="replace")))

    def on_request(request):
        if request.method == "POST" and "/socket.io/" in request.url:
            for packet in (request.post_data or "").split("\x1e"):
                take(packet)

    page.on("websocket", on_socket)
    page.on("request", on_request)
    return sent


def wait_for_requests(page, sent: list[dict], count: int) -> None:
    """Playwright hands the page's events to the test while it waits: wait until `count` came."""
    deadline = time.monotonic() + 10
    while len(sent) < count and time.monotonic() < deadline:
        page.wait_for_timeout(50)


def test_the_player_page_reads_earlier_rounds_only_when_asked(server, people):
    game = server.create(team_size=1)
    fac, cleo = Client(server, "facilitator"), Client(server, "cleo")
    try:
        fac.ok("facilitate", {"token": game["facilitator_token"]})
        other = list(fac.view["seats"])[1]
        cleo.ok("join", {"code": game["code"], "nickname": "Cleo", "seat": other})
        for i in range(LOBBY_CHAT):
            cleo.ok("chat", {"channel": "plenary", "text": f"lobby line {i}"})

        ana = people("ana", viewport=PHONE, mobile=True)
        sent = log_requests(ana.page)
        page = join(ana, game["code"], "Ana")
        # The lobby shows its latest lines; the page asked for none of the older ones.
        open_tab(page, "talks")
        page.get_by_role("button", name="Chat").click()
        expect(page.locator("#messages li").last).to_contain_text(f"lobby line {LOBBY_CHAT - 1}")
        page.get_by_label(re.compile("Message to")).fill("Ana is here")
        page.get_by_role("button", name="Send", exact=True).click()
        expect(page.locator("#messages li").last).to_contain_text("Ana is here")  # a round trip after connecting
        assert sent == []

        # Round 1: a statement, an announcement and a line in the plenary; then round 2.
        fac.ok("start")
        fac.ok("skip")  # the orders close: talks
        cleo.wait_for(lambda u: u["view"]["phase"] == "talks")
        cleo.ok("statement", {"text": "Round one statement from Cleo"})
        fac.ok("announce", {"text": "Round one announcement"})
        cleo.ok("chat", {"channel": "plenary", "text": "Round one: remember the lighthouse"})
        fac.ok("skip")
        expect_phase(page, "orders", 2)

        # A reconnection (a reload) asks for nothing either: the page shows round 2.
        page.reload()
        expect(page.locator("#status")).to_have_attribute("data-status", "online")
        expect_phase(page, "orders", 2)
        open_tab(page, "talks")
        page.get_by_role("button", name="Chat").click()
        page.get_by_label(re.compile("Message to")).fill("Ana in round 2")
        page.get_by_role("button", name="Send", exact=True).click()
        expect(page.locator("#messages li").last).to_contain_text("Ana in round 2")
        assert sent == []
        expect(page.locator("#messages")).not_to_contain_text("remember the lighthouse")

        # "Show earlier" brings round 1 back, says how many came, and keeps the focus.
        earlier = page.get_by_role("button", name="Show earlier messages")
        expect(earlier).to_be_visible()
        assert_accessible(page, "player chat with Show earlier (phone)")
        ana.shot("player-phone-show-earlier")
        earlier.focus()
        page.keyboard.press("Enter")
        expect(page.locator("#messages")).to_contain_text("remember the lighthouse")
        expect(page.locator("#announcer")).to_contain_text("earlier messages loaded")
        assert len(sent) == 1 and sent[0]["channel"] == "plenary" and "before" in sent[0] and "since" not in sent[0]
        expect(earlier).to_be_focused()
        ana.shot("player-phone-show-earlier-loaded")
        # Pages back to the start of the channel: the button goes, the focus goes to the list.
        while earlier.is_visible():
            lines = page.locator("#messages li").count()
            page.keyboard.press("Enter")
            page.wait_for_function("n => document.querySelectorAll('#messages li').length > n"
                                   " || document.querySelector('#earlier-messages').hidden", arg=lines)
        assert len(sent) >= LOBBY_CHAT // 50
        expect(page.locator("#messages li").first).to_contain_text("lobby line 0")
        expect(page.locator("#messages")).to_be_focused()
        expect(page.locator("#announcer")).to_contain_text("start of the channel")
        assert page.locator("#messages li").filter(has_text="lobby line").count() == LOBBY_CHAT
        # Loading older lines is not news: no unread count, no "New messages" button.
        expect(page.get_by_role("button", name="New messages")).to_be_hidden()

        # The statements of round 1, on the press pane.
        page.get_by_role("button", name="Press").click()
        expect(page.locator("#statements")).not_to_contain_text("Round one statement")
        press = page.get_by_role("button", name="Show earlier statements")
        asked = len(sent)
        press.click()
        expect(page.locator("#statements")).to_contain_text("Round one statement from Cleo")
        expect(page.locator("#statements")).to_contain_text("Round one announcement")
        assert sent[asked]["types"] == ["statement", "announcement"]

        page.set_viewport_size({"width": LAPTOP[0], "height": LAPTOP[1]})
        expect(page.locator("#messages")).to_contain_text("remember the lighthouse")
        assert_accessible(page, "player talks after Show earlier (laptop)")
        ana.shot("player-laptop-show-earlier")
    finally:
        cleo.close()
        fac.close()


def test_the_projector_reads_earlier_statements_in_one_bounded_request(server, people):
    game = server.create(team_size=1)
    fac, cleo = Client(server, "facilitator"), Client(server, "cleo")
    try:
        fac.ok("facilitate", {"token": game["facilitator_token"]})
        cleo.ok("join", {"code": game["code"], "nickname": "Cleo", "seat": list(fac.view["seats"])[0]})
        for i in range(LOBBY_CHAT):
            cleo.ok("chat", {"channel": "plenary", "text": f"lobby line {i}"})
        fac.ok("start")
        fac.ok("skip")
        cleo.wait_for(lambda u: u["view"]["phase"] == "talks")
        cleo.ok("statement", {"text": "Round one statement from Cleo"})
        fac.ok("skip")
        cleo.wait_for(lambda u: u["view"]["round"] == 2)

        projector = people("projector", viewport=(1280, 720))
        sent = log_requests(projector.page)
        page = projector.goto(f"/projector?code={game['code']}")
        # Round 2 has no statement yet: the feed is round 1's (Cleo's and the stand-in bots'), the
        # newest shown and the rest counted, as many as the game holds.
        said = [e for e in server.export(game)["views"]["spectator"]["log"] if e["type"] == "statement"]
        assert len(said) >= 2 and {e["round"] for e in said} == {1}
        expect(page.locator("#statements li").first).to_be_visible()
        shown = page.locator("#statements li:not(.more)").count()
        more = page.locator("#statements li.more")
        counted = int(re.search(r"\d+", more.inner_text()).group()) if more.count() else 0
        assert shown + counted == len(said), (shown, counted, len(said))
        wait_for_requests(projector.page, sent, 1)
        assert len(sent) == 1, sent
        assert sent[0]["types"] == ["statement"] and "before" in sent[0] and sent[0]["limit"] <= 50
        page.screenshot(path=str(ARTIFACTS / "projector-earlier-statements-1280x720.png"))
    finally:
        cleo.close()
        fac.close()


def test_a_drop_across_rounds_leaves_no_hole_in_what_show_earlier_brings(server, people):
    """Lines said while the page was offline, in a round that ended before it came back, are
    in neither what it held nor its new update: "Show earlier" must still bring them."""
    game = server.create(team_size=1)
    fac, cleo = Client(server, "facilitator"), Client(server, "cleo")
    try:
        fac.ok("facilitate", {"token": game["facilitator_token"]})
        cleo.ok("join", {"code": game["code"], "nickname": "Cleo", "seat": list(fac.view["seats"])[1]})
        ana = people("ana", viewport=LAPTOP)
        sent = log_requests(ana.page)
        page = join(ana, game["code"], "Ana")
        fac.ok("start")
        expect_phase(page, "orders", 1)
        open_tab(page, "talks")
        cleo.ok("chat", {"channel": "plenary", "text": "Round one, before the drop"})
        expect(page.locator("#messages")).to_contain_text("before the drop")

        ana.context.set_offline(True)
        expect(page.locator("#status")).not_to_have_attribute("data-status", "online")
        cleo.ok("chat", {"channel": "plenary", "text": "Round one, while Ana was away"})
        fac.ok("skip")
        fac.ok("skip")
        cleo.wait_for(lambda u: u["view"]["round"] == 2)
        ana.context.set_offline(False)
        expect(page.locator("#status")).to_have_attribute("data-status", "online")
        expect_phase(page, "orders", 2)
        open_tab(page, "talks")
        expect(page.locator("#messages")).not_to_contain_text("while Ana was away")
        assert sent == []
        page.get_by_role("button", name="Show earlier messages").click()
        expect(page.locator("#messages")).to_contain_text("Round one, while Ana was away")
        expect(page.locator("#messages")).to_contain_text("Round one, before the drop")
        expect(page.locator("#messages li").filter(has_text="before the drop")).to_have_count(1)
    finally:
        cleo.close()
        fac.close()
