"""docker-compose.yml cannot run here (no Docker engine), so its structure is checked instead.
The topology itself (nginx with deploy/nginx.conf, two servers, Redis) runs without Docker in
tests/browser/test_topology.py."""
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def servers(compose):
    return {name: svc for name, svc in compose["services"].items() if "--redis" in (svc.get("command") or [])}


def test_redis_keeps_an_fsynced_append_only_file(compose):
    redis = compose["services"]["redis"]
    command = redis["command"]
    assert command[command.index("--appendonly") + 1] == "yes"
    assert command[command.index("--appendfsync") + 1] == "always"
    assert any(v.endswith(":/data") for v in redis["volumes"])
    assert "redis-data" in compose["volumes"]


def test_two_or_more_servers_share_redis(servers):
    assert len(servers) >= 2
    for svc in servers.values():
        command = svc["command"]
        assert command[:2] == ["crisis-table", "serve"]
        assert command[command.index("--redis") + 1] == "redis://redis:6379/0"
        assert command[command.index("--host") + 1] == "0.0.0.0"
        assert svc["depends_on"]["redis"]["condition"] == "service_healthy"
        assert svc["build"] == "."


def test_the_proxy_mounts_a_sticky_upgrading_nginx_config(compose, servers):
    proxy = compose["services"]["proxy"]
    assert proxy["image"].startswith("nginx")
    mounts = [v.split(":") for v in proxy["volumes"]]
    (source, target, *_), = [m for m in mounts if m[1].startswith("/etc/nginx")]
    conf = (ROOT / source).read_text()
    upstream = re.search(r"upstream\s+(\w+)\s*\{([^}]*)\}", conf)
    assert upstream, "no upstream block"
    name, body = upstream.groups()
    assert re.search(r"^\s*ip_hash;", body, re.M), "the upstream is not sticky"
    listed = set(re.findall(r"server\s+([\w.-]+):5000;", body))
    assert listed == set(servers), "the upstream must list every server service"
    socket_block = re.search(r"location\s+/socket\.io\s*\{([^}]*)\}", conf).group(1)
    assert f"proxy_pass http://{name}" in socket_block
    assert "proxy_http_version 1.1;" in socket_block
    assert re.search(r"proxy_set_header\s+Upgrade\s+\$http_upgrade;", socket_block)
    assert re.search(r"proxy_set_header\s+Connection\s+\$connection_upgrade;", socket_block)
    assert re.search(r"map\s+\$http_upgrade\s+\$connection_upgrade", conf)
    assert any(p.endswith(":80") for p in proxy["ports"])
    # The Host header keeps the port ($host drops it), or Socket.IO refuses the browser's origin.
    for block in (socket_block, re.search(r"location\s+/\s*\{([^}]*)\}", conf).group(1)):
        assert re.search(r"proxy_set_header\s+Host\s+\$http_host;", block)
    assert set(proxy["depends_on"]) == set(servers)
    assert all(d["condition"] == "service_healthy" for d in proxy["depends_on"].values())


def test_the_image_builds_from_files_that_exist():
    dockerfile = (ROOT / "Dockerfile").read_text()
    for source in re.findall(r"^COPY (?!--from)(\S+(?: \S+)*) \S+$", dockerfile, re.M):
        for path in source.split():
            assert (ROOT / path).exists(), f"Dockerfile copies missing {path}"
    assert "crisis-table" in dockerfile


@pytest.fixture(scope="module")
def dockerfile():
    return (ROOT / "Dockerfile").read_text()


def _stages(dockerfile: str) -> list[str]:
    return re.split(r"^FROM ", dockerfile, flags=re.M)[1:]


def test_the_client_builds_on_a_supported_node_lts_from_its_lock_file(dockerfile):
    web = _stages(dockerfile)[0]
    major = int(re.match(r"node:(\d+)", web).group(1))
    assert major in (22, 24), f"Node {major} is not a supported LTS"  # 20 ended in April 2026
    assert "package-lock.json" in web and re.search(r"^RUN npm ci\b", web, re.M)


def test_the_server_runs_as_a_user_of_its_own_from_the_hashed_lock(dockerfile):
    final = _stages(dockerfile)[-1]
    users = re.findall(r"^USER (\S+)", final, re.M)
    assert users and users[-1] not in ("root", "0"), "the server must not run as root"
    installs = re.findall(r"pip install ([^\n]*)", final)
    assert any("--require-hashes" in i and "-r requirements.lock" in i and "--no-deps" in i for i in installs)
    assert all("--no-deps" in i for i in installs), "every pip install must take only locked packages"
    health = re.search(r"^HEALTHCHECK .*?CMD (.*)$", final, re.M | re.S)
    assert health and "/healthz" in health.group(1)
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".venv", "web_client/node_modules", ".git"} <= set(ignored)
