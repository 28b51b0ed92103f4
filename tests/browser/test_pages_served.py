"""The server serves the client itself: every page with its Content-Security-Policy, the
client's modules, and from the npm packages only their dist files; nothing refers to another
host, so a classroom LAN with no internet runs it."""
from __future__ import annotations

import re

import pytest
import requests

from .conftest import ROOT

pytestmark = pytest.mark.browser

PAGES = ["/", "/play", "/facilitate", "/projector", "/solo", "/debrief",
         "/guide/plates-2021", "/guide/lighthouse", "/print", "/class", "/report"]


@pytest.mark.parametrize("path", PAGES)
def test_each_page_is_served_with_its_policy(server, path):
    response = requests.get(server.url + path, timeout=5)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "object-src 'none'" in policy
    assert f"ws://127.0.0.1:{server.port}" in policy
    for src in re.findall(r'(?:src|href)="([^"]+)"', response.text):
        if src.startswith("/"):
            assert requests.get(server.url + src, timeout=5).status_code == 200, src


def test_vendor_serves_only_dist_files(server):
    ok = requests.get(server.url + "/vendor/socket.io-client/dist/socket.io.esm.min.js", timeout=5)
    assert ok.status_code == 200 and "javascript" in ok.headers["Content-Type"]
    for path in ("/vendor/socket.io-client/package.json", "/vendor/debug/src/index.js",
                 "/vendor/socket.io-client/dist/../package.json", "/client/pages/play.html",
                 "/client/../server/web.py", "/client/js/../../pyproject.toml"):
        assert requests.get(server.url + path, timeout=5).status_code == 404, path


def test_the_client_refers_to_no_other_host():
    client = ROOT / "web_client"
    files = [*client.glob("pages/*.html"), *client.glob("js/*.js"), *client.glob("css/*.css")]
    assert files
    for file in files:
        text = file.read_text(encoding="utf-8")
        # The SVG namespace is an identifier, not something the browser fetches.
        text = text.replace("http://www.w3.org/2000/svg", "")
        assert not re.search(r"https?://|//cdn|@import", text), file.name
        assert "innerHTML" not in text and "insertAdjacentHTML" not in text, file.name


def test_scenario_maps_are_drawings_that_load_nothing_from_elsewhere():
    maps = list((ROOT / "game_rules" / "scenarios").glob("*/*.svg"))
    assert maps
    for drawing in maps:
        text = drawing.read_text(encoding="utf-8").replace("http://www.w3.org/2000/svg", "")
        assert not re.search(r"https?://|href=", text), drawing.name
