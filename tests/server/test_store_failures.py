"""Stores that fail clearly: files that are not a Crisis Table store, damaged files and games,
`crisis-table store check`, and outages (a Redis this test stops, a full disk) answered with a
typed code and logged once per incident, with the cause."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
import requests

from .harness import BIN, WAIT, Client, Server, free_port


def run_cli(*args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def real_store(tmp_path_factory) -> tuple[Path, dict, dict]:
    """A store with two games written by a real server; the journal folded into the file."""
    folder = tmp_path_factory.mktemp("store")
    server = Server(folder / "games.sqlite3").start()
    try:
        first, second = server.create(), server.create()
        for game in (first, second):
            client = Client(server, "ana")
            client.ok("join", {"code": game["code"], "nickname": "Ana"})
            client.ok("chat", {"channel": "plenary", "text": "hello"})
            client.close()
    finally:
        server.stop()
    db = sqlite3.connect(server.data)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return server.data, first, second


def copy_of(store: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy.sqlite3"
    shutil.copyfile(store, copy)
    return copy


def refused_start(data: Path) -> str:
    """Start a server on `data`; it must stop at once with one line on stderr and no traceback."""
    done = run_cli("serve", "--port", str(free_port()), "--data", str(data))
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert str(data) in lines[0]
    return lines[0]


def test_random_bytes_or_text_as_data_stop_start_up(tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(os.urandom(20_000))
    assert "not a Crisis Table store" in refused_start(junk)
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list\n" * 200)
    assert "not a Crisis Table store" in refused_start(notes)


def test_another_programs_database_is_refused_and_left_untouched(tmp_path):
    other = tmp_path / "grades.sqlite3"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE pupils (name TEXT, grade INTEGER)")
    db.execute("INSERT INTO pupils VALUES ('Ana', 5)")
    db.commit()
    db.close()
    before = other.read_bytes()
    line = refused_start(other)
    assert "another program's SQLite database" in line and "pupils" in line
    assert other.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["grades.sqlite3"]  # no journal files either


def test_a_truncated_store_stops_start_up(real_store, tmp_path):
    data = copy_of(real_store[0], tmp_path)
    with open(data, "r+b") as f:
        f.truncate(data.stat().st_size // 2)
    assert "damaged" in refused_start(data) or "not a Crisis Table store" in refused_start(data)


def test_damaged_pages_stop_start_up_and_store_check_says_so(real_store, tmp_path):
    data = copy_of(real_store[0], tmp_path)
    page = sqlite3.connect(data).execute("PRAGMA page_size").fetchone()[0]
    with open(data, "r+b") as f:
        f.seek(page)  # every page after the header page: the tables' b-trees
        f.write(os.urandom(data.stat().st_size - page))
    assert "damaged" in refused_start(data)
    checked = run_cli("store", "check", str(data))
    assert checked.returncode == 1 and "Traceback" not in checked.stderr, checked.stderr


def test_store_check_passes_a_sound_store(real_store):
    data, first, second = real_store
    checked = run_cli("store", "check", str(data))
    assert checked.returncode == 0, checked.stderr
    assert f"game {first['game']}: ok" in checked.stdout and f"game {second['game']}: ok" in checked.stdout


def test_a_damaged_game_is_reported_by_id_and_answered_as_such(real_store, tmp_path):
    data, broken, sound = real_store
    data = copy_of(data, tmp_path)
    db = sqlite3.connect(data)
    db.execute("UPDATE entries SET body = '{\"type\": \"joined\", ' WHERE game = ? AND seq = 1", (broken["game"],))
    db.commit()
    db.close()

    checked = run_cli("store", "check", str(data))
    assert checked.returncode == 1
    assert f"game {broken['game']} is damaged: entry 1 is not JSON" in checked.stderr
    assert f"game {sound['game']}: ok" in checked.stdout

    server = Server(data).start()
    try:
        log = server.log.read_text()
        assert f"game {broken['game']} is damaged" in log and "1 damaged" in log and "Traceback" not in log
        answer = requests.get(f"{server.url}/api/games/{broken['game']}", timeout=5)
        assert answer.status_code == 409 and answer.json()["error"]["code"] == "damaged_game"
        assert requests.get(f"{server.url}/api/games/{sound['game']}", timeout=5).status_code == 200
        client = Client(server, "bo")
        answer = client.call("join", {"code": broken["code"], "nickname": "Bo"})
        assert answer["error"]["code"] == "damaged_game" and answer["error"]["details"]["game"] == broken["game"]
        assert client.call("join", {"code": sound["code"], "nickname": "Bo"})["ok"]
        client.close()
        assert "Traceback" not in server.log.read_text()
    finally:
        server.stop()


def wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


@pytest.fixture
def own_redis(tmp_path):
    """A redis-server of this test's own (never the shared one on 6379), persisting to tmp_path
    so that it comes back with its data after the test stops it."""
    port = free_port()
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", str(tmp_path),
               "--appendonly", "yes", "--appendfsync", "always", "--save", ""]
    procs = []

    def start():
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(proc)
        wait_until(lambda: _pings(port), "redis-server")
        return proc

    start()
    yield port, procs, start
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(5)


def _pings(port: int) -> bool:
    import redis

    try:
        return redis.Redis(port=port, socket_connect_timeout=0.2).ping()
    except redis.RedisError:
        return False


def test_a_redis_outage_is_store_unavailable_logged_once_and_play_resumes(own_redis, tmp_path):
    port, procs, start = own_redis
    server = Server(tmp_path / "unused.sqlite3", args=["--redis", f"redis://127.0.0.1:{port}/0"],
                    env={"CRISIS_RATE_PER_SECOND": "1000", "CRISIS_RATE_BURST": "1000"}).start()
    try:
        game = server.create()
        ana = Client(server, "ana")
        ana.ok("join", {"code": game["code"], "nickname": "Ana"})
        procs[-1].terminate()
        procs[-1].wait(5)
        answers = [ana.call("chat", {"channel": "plenary", "text": f"during {i}"}) for i in range(50)]
        assert all(a["error"]["code"] == "store_unavailable" for a in answers), answers[:3]
        assert answers[0]["error"]["details"]["retry_after"] > 0
        created = requests.post(server.url + "/api/games", json={"scenario": "lighthouse"}, timeout=10)
        assert created.status_code == 503 and created.json()["error"]["code"] == "store_unavailable"
        assert int(created.headers["Retry-After"]) > 0

        start()
        wait_until(lambda: ana.call("chat", {"channel": "plenary", "text": "after"})["ok"], "play to resume")
        log = server.log.read_text()
        assert "Traceback" not in log
        outage_lines = [line for line in log.splitlines() if "store unavailable:" in line]
        assert len(outage_lines) == 1 and "Connection refused" in outage_lines[0], outage_lines
        assert "store available again" in log
        said = [e["action"]["params"]["text"] for e in server.export(game)["log"]
                if e["type"] == "action" and e["action"]["kind"] == "message"]
        assert "after" in said and not any(text.startswith("during") for text in said)  # refused: nothing changed
        ana.close()
    finally:
        server.stop()


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB tmpfs of this test's own, which the test fills (root only: skipped otherwise)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=True)


def fill(disk: Path) -> Path:
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 4096)
        except OSError:  # ENOSPC: the disk is full
            pass
    return filler


def test_a_full_disk_is_store_unavailable_with_its_cause_and_play_resumes(small_disk, tmp_path):
    server = Server(small_disk / "games.sqlite3", env={"CRISIS_RATE_PER_SECOND": "1000", "CRISIS_RATE_BURST": "1000"})
    server.log = tmp_path / "server.log"  # not on the disk the test fills
    server.start()
    try:
        game = server.create()
        ana = Client(server, "ana")
        ana.ok("join", {"code": game["code"], "nickname": "Ana"})
        filler = fill(small_disk)
        answers = [ana.call("chat", {"channel": "plenary", "text": f"during {i} " + "x" * 900}) for i in range(40)]
        refused = [a for a in answers if not a["ok"]]
        assert refused and all(a["error"]["code"] == "store_unavailable" for a in refused), answers[-1]
        filler.unlink()
        wait_until(lambda: ana.call("chat", {"channel": "plenary", "text": "after"})["ok"], "play to resume")
        log = server.log.read_text()
        assert "Traceback" not in log and "cannot rollback" not in log, log[-3000:]
        outage_lines = [line for line in log.splitlines() if "store unavailable:" in line]
        assert len(outage_lines) == 1 and "full" in outage_lines[0], outage_lines
        assert "store available again" in log
        ana.close()
    finally:
        server.stop()
