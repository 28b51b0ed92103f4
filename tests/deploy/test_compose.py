"""docker-compose.yml cannot run here (no Docker engine), so its structure is checked instead."""
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


def test_the_image_builds_from_files_that_exist():
    dockerfile = (ROOT / "Dockerfile").read_text()
    for source in re.findall(r"^COPY (?!--from)(\S+(?: \S+)*) \S+$", dockerfile, re.M):
        for path in source.split():
            assert (ROOT / path).exists(), f"Dockerfile copies missing {path}"
    assert "crisis-table" in dockerfile
