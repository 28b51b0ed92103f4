"""Static paths, security headers and tokens, over raw HTTP against a real server: http.client
sends a path exactly as written (requests would normalise `..` away before sending it)."""
from __future__ import annotations

import http.client

import pytest
import requests

ESCAPES = [
    "/vendor/socket.io-client/dist/../package.json",
    "/vendor/socket.io-client/dist/../../debug/package.json",
    "/vendor/socket.io-client/dist/%2e%2e/package.json",
    "/vendor/debug/src/index.js",
    "/client/js/../pages/play.html",
    "/client/css/../../server/web.py",
    "/client/js/%2e%2e/%2e%2e/pyproject.toml",
    "/client/js/..%2f..%2fpyproject.toml",
    "/client/pages/play.html",
    "/client/../server/web.py",
]


def raw_get(server, path: str, headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    response.body = response.read()
    conn.close()
    return response


@pytest.mark.parametrize("path", ESCAPES)
def test_dot_dot_never_leaves_the_served_folder(server, path):
    response = raw_get(server, path)
    assert response.status == 404, (path, response.status, response.body[:100])


def test_the_files_themselves_are_still_served(server):
    assert raw_get(server, "/vendor/socket.io-client/dist/socket.io.esm.min.js").status == 200
    assert raw_get(server, "/client/js/link.js").status == 200
    assert raw_get(server, "/client/css/app.css").status == 200


@pytest.mark.parametrize("path", ["/", "/play", "/client/js/link.js", "/api/scenarios", "/api/games/nope",
                                  "/healthz", "/no/such/page", "/client/js/../pages/play.html"])
def test_every_response_carries_the_security_headers(server, path):
    response = raw_get(server, path)
    assert response.getheader("X-Content-Type-Options") == "nosniff", path
    assert response.getheader("Referrer-Policy") == "no-referrer", path
    policy = response.getheader("Content-Security-Policy")
    assert policy and "frame-ancestors 'none'" in policy, path
    if response.getheader("Content-Type", "").startswith("text/html"):
        assert "script-src 'self'" in policy
    else:
        assert "default-src 'none'" in policy


def test_exports_take_the_token_in_a_header_never_in_the_query(server):
    game = server.create()
    url = f"{server.url}/api/games/{game['game']}/export.json"
    in_query = requests.get(url, params={"token": game["facilitator_token"]}, timeout=5)
    assert in_query.status_code == 403 and in_query.json()["error"]["code"] == "bad_token"
    in_header = requests.get(url, headers={"Authorization": f"Bearer {game['facilitator_token']}"}, timeout=5)
    assert in_header.status_code == 200 and in_header.json()["game"] == game["game"]
