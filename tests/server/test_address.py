"""Reaching the table from students' devices: `serve --lan`, the join address, the QR code.

No test sends anything to a non-loopback address: the LAN server is only asked through
127.0.0.1 (it listens on every interface), and its printed lines are compared with the
interfaces' addresses as `ip` reports them.
"""
from __future__ import annotations

import re
import subprocess
import time

import pytest
import requests

from server.address import is_loopback, lan_addresses, split_host, students_base

from .harness import BIN, WAIT, free_port


def _interface_addresses() -> set[str]:
    """Non-loopback, non-link-local IPv4 addresses, as iproute2 lists them (independent of psutil)."""
    try:
        out = subprocess.run(["ip", "-4", "-o", "addr", "show"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("no `ip` command to list the interfaces")
    found = set(re.findall(r"inet (\d+\.\d+\.\d+\.\d+)/", out))
    return {a for a in found if not a.startswith(("127.", "169.254."))}


def test_serve_lan_prints_a_join_line_per_network_address(tmp_path):
    port = free_port()
    proc = subprocess.Popen([str(BIN), "serve", "--lan", "--port", str(port), "--data", str(tmp_path / "g.sqlite3")],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        expected = _interface_addresses()
        lines = []
        deadline = time.monotonic() + WAIT
        while len(lines) < max(1, len(expected)) and time.monotonic() < deadline:
            line = proc.stdout.readline()
            assert line, "the server printed nothing"
            lines.append(line.rstrip("\n"))
        if expected:
            assert set(lines) == {f"Students join at http://{a}:{port}" for a in expected}
        else:
            assert lines == ["No network address found: connect this computer to the students' network."]
        # It listens on every interface, loopback included; its address answer names the LAN address.
        while True:
            try:
                requests.get(f"http://127.0.0.1:{port}/healthz", timeout=WAIT)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline and proc.poll() is None, "the LAN server never answered"
                time.sleep(0.05)  # polling for the socket to listen; the condition is the answer
        answer = requests.get(f"http://127.0.0.1:{port}/api/address", timeout=WAIT).json()
        assert answer["reachable"] is bool(expected)
        assert {a.split("//")[1] for a in answer["addresses"]} == {f"{a}:{port}" for a in expected}
    finally:
        proc.terminate()
        proc.wait(5)


def test_a_loopback_server_says_students_cannot_reach_it(server):
    """The harness's server listens on 127.0.0.1, like `make run`."""
    answer = requests.get(server.url + "/api/address", timeout=WAIT).json()
    assert answer == {"base": server.url, "reachable": False, "addresses": []}


def test_a_link_uses_the_requests_host_unless_it_is_loopback():
    assert students_base("http", "192.168.1.20:5000", "0.0.0.0")["base"] == "http://192.168.1.20:5000"
    assert students_base("https", "class.example.org", None) == {
        "base": "https://class.example.org", "reachable": True,
        "addresses": [f"https://{a}" for a in lan_addresses()]}
    local = students_base("http", "localhost:5000", "0.0.0.0")
    lan = lan_addresses()
    assert local["base"] == (f"http://{lan[0]}:5000" if lan else "http://localhost:5000")
    assert local["reachable"] is bool(lan)
    # Listening on loopback only: no address helps, whatever the request says.
    assert students_base("http", "127.0.0.1:5000", "127.0.0.1")["reachable"] is False
    assert is_loopback("127.0.0.1") and is_loopback("[::1]") and is_loopback("LOCALHOST")
    assert not is_loopback("10.0.0.2") and not is_loopback("school-laptop")
    assert split_host("[::1]:8080", 80) == ("::1", 8080) and split_host("10.0.0.2", 80) == ("10.0.0.2", 80)


def test_the_qr_code_is_drawn_by_the_server(server):
    url = "http://192.168.1.20:5000/?code=ABCD"
    answer = requests.get(server.url + "/api/qr.svg", params={"text": url}, timeout=WAIT)
    assert answer.ok and answer.headers["Content-Type"].startswith("image/svg+xml")
    assert answer.text.startswith("<svg") and f"<title>{url}</title>" in answer.text.replace("&amp;", "&")
    assert "viewBox" in answer.text  # scales to whatever size the page gives it
    for bad in ("javascript:alert(1)", "http://x/" + "a" * 400, ""):
        refused = requests.get(server.url + "/api/qr.svg", params={"text": bad}, timeout=WAIT)
        assert refused.status_code == 400 and refused.json()["error"]["code"] == "bad_payload"
