"""The hosting topology of docker-compose.yml, run on this machine without Docker: Debian's
nginx with deploy/nginx.conf (its upstreams and port pointed at this test's processes), two
`crisis-table serve --redis` processes and a Redis of the test's own. Chromium plays through
nginx, the process serving it is killed, and the player carries on through the other one.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import psutil
import pytest
import requests
from playwright.sync_api import expect

from tests.server.harness import Server, free_port

from .conftest import ROOT, SCENARIO, WAIT_S, Person
from .pages import expect_phase, order_first_playable, start_solo

pytestmark = [pytest.mark.browser, pytest.mark.redis]

SEAT = "Kosovo" if SCENARIO == "plates-2021" else "Brill"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def wait_until(condition, what: str, timeout: float = WAIT_S):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)  # polling a condition, with a deadline
    raise AssertionError(f"timed out waiting for {what}")


def nginx_config(workdir: Path, port: int, upstreams: list[int]) -> Path:
    """deploy/nginx.conf with its two servers and its port replaced, inside a minimal main
    configuration (the file itself is a conf.d include). Each replacement must match, so the
    test fails if the file changes shape rather than testing something else."""
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    servers = re.findall(r"^\s*server\s+(server\d+):5000;", conf, re.M)
    assert len(servers) == len(upstreams), f"deploy/nginx.conf lists {servers}"
    for name, upstream in zip(servers, upstreams, strict=True):
        conf = conf.replace(f"server {name}:5000;", f"server 127.0.0.1:{upstream};")
    conf, listens = re.subn(r"^(\s*)listen 80;", rf"\1listen 127.0.0.1:{port};", conf, flags=re.M)
    assert listens == 1, "deploy/nginx.conf should listen on port 80 once"
    (workdir / "default.conf").write_text(conf)
    temp = "".join(f"    {kind}_temp_path {workdir}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    main = workdir / "nginx.conf"
    main.write_text(
        # Workers run as root only when the test does (CI): they then reach the test's temp dir.
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"pid {workdir}/nginx.pid;\nerror_log {workdir}/error.log;\nevents {{}}\n"
        + f"http {{\n    access_log {workdir}/access.log;\n{temp}    include {workdir}/default.conf;\n}}\n")
    return main


@pytest.fixture
def topology(tmp_path):
    if not Path(NGINX).exists():
        pytest.fail("no nginx (apt-get install -y nginx; scripts/test-services.sh does it)")
    redis_port = free_port()
    redis = subprocess.Popen(["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
                              "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    servers: list[Server] = []
    nginx = None
    try:
        url = f"redis://127.0.0.1:{redis_port}/0"
        servers = [Server(tmp_path / f"unused-{i}.sqlite3", args=["--redis", url]) for i in range(2)]
        for server in servers:
            wait_until(lambda server=server: _starts(server), "a server on the test's Redis")
        port = free_port()
        config = nginx_config(tmp_path, port, [s.port for s in servers])
        nginx = subprocess.Popen([NGINX, "-p", str(tmp_path), "-e", str(tmp_path / "error.log"),
                                  "-c", str(config), "-g", "daemon off;"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{port}"
        wait_until(lambda: nginx.poll() is None and _answers(base + "/healthz"),
                   f"nginx on {base}: {(tmp_path / 'error.log').read_text() if (tmp_path / 'error.log').exists() else ''}")
        yield base, servers
    finally:
        if nginx is not None:
            nginx.terminate()
            nginx.wait(10)
        for server in servers:
            server.stop()
        redis.terminate()
        redis.wait(10)


def _starts(server: Server) -> bool:
    try:
        server.start()
        return True
    except AssertionError:  # Redis not listening yet
        server.stop()
        return False


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=1).ok
    except requests.ConnectionError:
        return False


def serving(servers: list[Server]) -> list[Server]:
    """The processes holding an established connection from nginx (the player's websocket)."""
    def established(server: Server) -> bool:
        connections = psutil.Process(server.proc.pid).net_connections(kind="tcp")
        return any(c.status == psutil.CONN_ESTABLISHED and c.laddr.port == server.port for c in connections)
    return [s for s in servers if s.proc.poll() is None and established(s)]


def test_a_player_plays_through_nginx_and_survives_losing_a_server(topology, browser):
    base, servers = topology
    player = Person(browser, base, "player")
    try:
        page = start_solo(player, SEAT)  # the game is opened by REST through nginx
        expect_phase(page, "orders", 1)
        order_first_playable(page, last=True)  # the bots have ordered: the reveal, then talks
        page.get_by_label("Statement to the press").fill("Through the proxy.")
        page.get_by_role("button", name="Issue statement").click()
        expect(page.locator("#statements")).to_contain_text("Through the proxy.")
        page.get_by_role("button", name="We are done with these talks").click()
        expect_phase(page, "orders", 2)
        me = page.locator("#me").inner_text()
        player.shot("topology-round-2")

        (held,) = wait_until(lambda: serving(servers) if len(serving(servers)) == 1 else None,
                             "one process serving the player's websocket")
        held.kill()
        expect(page.locator("#status")).not_to_have_attribute("data-status", "online")
        # Socket.IO reconnects by itself; nginx passes the connection to the other process,
        # which has the game from Redis and takes over its bots when the dead one's lease expires.
        expect(page.locator("#status")).to_have_attribute("data-status", "online")
        (survivor,) = [s for s in servers if s is not held]
        assert serving(servers) == [survivor]
        expect(page.locator("#me")).to_have_text(me)
        expect_phase(page, "orders", 2)
        order_first_playable(page, last=True)
        expect_phase(page, "talks", 2)
        expect(page.locator("#statements")).to_contain_text("Through the proxy.")
        player.shot("topology-after-failover")
        assert not player.errors, player.errors
    finally:
        player.context.close()
