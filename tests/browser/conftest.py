"""Browser tests: a real `crisis-table serve` process and Debian's Chromium driven by Playwright.

Every page is loaded from the server as a classroom would load it (no CDN: socket.io-client
comes from web_client/node_modules, installed by `npm ci --prefix web_client`). Screenshots go
to test-artifacts/ at the repository root.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.server import harness

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WAIT_S = 20.0
SCENARIO = "plates-2021" if (ROOT / "game_rules" / "scenarios" / "plates-2021").is_dir() else "lighthouse"


class Server(harness.Server):
    """The server tests' server process, opening games of the browser tests' scenario."""

    def create(self, **settings) -> dict:
        return super().create(**{"scenario": SCENARIO, **settings})


@pytest.fixture(scope="session", autouse=True)
def _client_installed():
    if not (ROOT / "web_client" / "node_modules" / "socket.io-client" / "dist").is_dir():
        pytest.fail("web_client/node_modules is missing: run `npm ci --prefix web_client` first")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM} (apt install chromium)")
    ARTIFACTS.mkdir(exist_ok=True)


@pytest.fixture
def server(tmp_path):
    srv = Server(tmp_path / "games.sqlite3").start()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    # Bots and the server answer well within this on a loaded 2-core CI machine; every wait is
    # for a condition, this is only how long before a test gives up.
    expect.set_options(timeout=WAIT_S * 1000)

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


class Person:
    """One browser context (its own localStorage: one person's device) and its page, recording
    script errors and any dialog, so a test can assert that nothing ran that should not."""

    def __init__(self, browser, base: str, name: str, viewport=(1280, 900), mobile: bool = False):
        self.name = name
        self.base = base
        self.context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]},
                                           is_mobile=mobile, has_touch=mobile)
        self.context.set_default_timeout(WAIT_S * 1000)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("console", self._console)
        self.page.on("dialog", self._dialog)

    def _console(self, message) -> None:
        # The pages' Content-Security-Policy must never have to block anything they load.
        if message.type == "error" and "Content Security Policy" in message.text:
            self.errors.append(message.text)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def goto(self, path: str):
        self.page.goto(self.base + path)
        return self.page

    def shot(self, name: str) -> None:
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture
def people(browser, server):
    made: list[Person] = []

    def make(name: str, **kwargs) -> Person:
        person = Person(browser, server.url, name, **kwargs)
        made.append(person)
        return person

    yield make
    for person in made:
        errors = list(person.errors)
        person.context.close()
        assert not errors, f"{person.name}'s page threw: {errors}"
