"""The store contract: every backend (SQLite, Redis) must pass all of it.
A new backend joins by adding one fixture name to STORES."""
from __future__ import annotations

import signal
import subprocess
import sys
import threading
import uuid

import pytest

from server.store import CodeTaken, Conflict, SQLiteStore, UnknownGame
from server.store.redis_store import RedisStore


@pytest.fixture
def sqlite_store(tmp_path):
    store = SQLiteStore(tmp_path / "store.sqlite3")
    yield store
    store.close()


@pytest.fixture
def redis_store():
    """A real Redis on 127.0.0.1:6379, under a key prefix of this test's own."""
    store = RedisStore("redis://127.0.0.1:6379/0", prefix=f"test-{uuid.uuid4().hex[:10]}")
    yield store
    store.drop_everything()
    store.close()


STORES = ["sqlite_store", "redis_store"]


@pytest.fixture(params=STORES)
def store(request):
    return request.getfixturevalue(request.param)


FIRST = {"type": "created", "code": "ACDFGH"}


def test_a_new_game_has_its_first_entry_and_is_found_by_code(store):
    store.create_game("g1", "ACDFGH", FIRST)
    assert store.read("g1") == [FIRST]
    assert store.length("g1") == 1
    assert store.game_for_code("ACDFGH") == "g1"
    assert store.game_for_code("XXXXXX") is None
    assert store.game_ids() == ["g1"]


def test_a_taken_code_or_id_is_refused_and_nothing_is_written(store):
    store.create_game("g1", "ACDFGH", FIRST)
    with pytest.raises(CodeTaken):
        store.create_game("g2", "ACDFGH", FIRST)
    with pytest.raises(CodeTaken):
        store.create_game("g1", "HGFDCA", FIRST)
    assert store.game_ids() == ["g1"]
    assert store.game_for_code("HGFDCA") is None


def test_append_with_the_right_length_extends_the_log_in_order(store):
    store.create_game("g1", "ACDFGH", FIRST)
    assert store.append("g1", 1, [{"n": 1}, {"n": 2}]) == 3
    assert store.append("g1", 3, [{"n": 3}]) == 4
    assert [e.get("n") for e in store.read("g1")] == [None, 1, 2, 3]
    assert store.read("g1", since=2) == [{"n": 2}, {"n": 3}]


def test_append_with_a_stale_length_is_a_conflict_and_writes_nothing(store):
    store.create_game("g1", "ACDFGH", FIRST)
    store.append("g1", 1, [{"n": 1}])
    with pytest.raises(Conflict):
        store.append("g1", 1, [{"n": "lost"}])
    with pytest.raises(Conflict):
        store.append("g1", 5, [{"n": "ahead"}])
    assert store.length("g1") == 2


def test_games_do_not_share_logs(store):
    store.create_game("g1", "AAAAAA", FIRST)
    store.create_game("g2", "CCCCCC", {"type": "created", "code": "CCCCCC"})
    store.append("g2", 1, [{"n": 1}])
    assert store.length("g1") == 1 and store.length("g2") == 2
    assert store.lengths(["g2", "nope", "g1"]) == {"g2": 2, "g1": 1}
    assert store.game_ids() == ["g1", "g2"]


def test_an_unknown_game_is_an_error(store):
    with pytest.raises(UnknownGame):
        store.read("nope")
    with pytest.raises(UnknownGame):
        store.length("nope")
    with pytest.raises(UnknownGame):
        store.append("nope", 0, [{"n": 0}])


def test_entries_round_trip_as_json(store):
    entry = {"type": "action", "text": "<b>bold</b> \u00e9 \"quoted\"", "nested": {"list": [1, 2.5, None, True]}}
    store.create_game("g1", "ACDFGH", FIRST)
    store.append("g1", 1, [entry])
    assert store.read("g1", 1) == [entry]


def test_concurrent_writers_never_lose_or_duplicate_an_entry(store):
    """Each writer retries on conflict from the length it reads: every entry lands exactly once."""
    store.create_game("g1", "ACDFGH", FIRST)

    def writer(name: str):
        for i in range(25):
            while True:
                try:
                    store.append("g1", store.length("g1"), [{"w": name, "i": i}])
                    break
                except Conflict:
                    continue

    threads = [threading.Thread(target=writer, args=(str(n),)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    entries = store.read("g1", 1)
    assert len(entries) == 100
    assert sorted((e["w"], e["i"]) for e in entries) == sorted((str(n), i) for n in range(4) for i in range(25))


def test_sqlite_survives_reopening(tmp_path):
    path = tmp_path / "store.sqlite3"
    store = SQLiteStore(path)
    store.create_game("g1", "ACDFGH", FIRST)
    store.append("g1", 1, [{"n": 1}])
    store.close()
    again = SQLiteStore(path)
    assert again.read("g1") == [FIRST, {"n": 1}]
    mode = again._reader.execute("PRAGMA journal_mode").fetchone()[0]
    sync = again._writer.execute("PRAGMA synchronous").fetchone()[0]
    assert (mode, sync) == ("wal", 1)  # 1 = NORMAL: a commit is in the journal before append returns


def test_sqlite_syncs_every_commit_to_disk_when_asked(tmp_path):
    store = SQLiteStore(tmp_path / "store.sqlite3", synchronous="FULL")
    assert store._writer.execute("PRAGMA synchronous").fetchone()[0] == 2  # 2 = FULL
    with pytest.raises(ValueError, match="synchronous must be one of NORMAL, FULL"):
        SQLiteStore(tmp_path / "other.sqlite3", synchronous="OFF")


def test_sqlite_keeps_acknowledged_appends_when_its_process_is_killed(tmp_path):
    """A writer killed with SIGKILL right after its appends returned: a new process reads them all."""
    path = tmp_path / "store.sqlite3"
    script = (
        "import os, signal, sys\n"
        "from server.store import SQLiteStore\n"
        "store = SQLiteStore(sys.argv[1])\n"
        "store.create_game('g1', 'ACDFGH', {'type': 'created'})\n"
        "for i in range(200):\n"
        "    store.append('g1', i + 1, [{'n': i}])\n"
        "print('acknowledged', flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == -signal.SIGKILL and "acknowledged" in done.stdout, done.stderr
    assert [e["n"] for e in SQLiteStore(path).read("g1", 1)] == list(range(200))


def test_sqlite_group_commits_concurrent_appends(tmp_path):
    """Appends that arrive while a transaction is being written share the next one (one fsync)."""
    import time

    transactions = []

    def slow_disk(fn, *args):
        transactions.append(len(args[0]))
        time.sleep(0.01)
        return fn(*args)

    store = SQLiteStore(tmp_path / "store.sqlite3", offload=slow_disk)
    for g in range(8):
        store.create_game(f"g{g}", f"CODE{g}", FIRST)
    transactions.clear()

    def player(g: int):
        for i in range(10):
            store.append(f"g{g}", i + 1, [{"i": i}])

    threads = [threading.Thread(target=player, args=(g,)) for g in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(transactions) == 80
    assert len(transactions) < 40  # most transactions carried several games' appends
    assert all(store.length(f"g{g}") == 11 for g in range(8))
    assert [e["i"] for e in store.read("g3", 1)] == list(range(10))
    store.close()


def test_sqlite_a_failed_transaction_writes_nothing_and_tells_every_writer(tmp_path):
    def broken_disk(fn, *args):
        raise OSError("disk full")

    store = SQLiteStore(tmp_path / "store.sqlite3")
    store.create_game("g1", "ACDFGH", FIRST)
    store._offload = broken_disk
    with pytest.raises(Exception, match="disk full"):
        store.append("g1", 1, [{"n": 1}])
    assert store.length("g1") == 1



def test_sqlite_checkpoints_in_the_background_when_given_a_runner(tmp_path):
    """With a background runner the writer never checkpoints inside a commit; every
    CHECKPOINT_EVERY transactions a checkpoint is handed to the runner, which keeps the journal
    from growing with the game."""
    from server.store.sqlite import CHECKPOINT_EVERY

    handed: list = []
    path = tmp_path / "store.sqlite3"
    journal = tmp_path / "store.sqlite3-wal"
    store = SQLiteStore(path, background=handed.append)
    store.create_game("g1", "ACDFGH", FIRST)
    for i in range(2 * CHECKPOINT_EVERY):
        store.append("g1", i + 1, [{"n": i}])
    assert len(handed) == 1  # the first has not run yet: no second one is queued beside it
    unchecked = journal.stat().st_size
    assert unchecked > CHECKPOINT_EVERY * 4096  # no checkpoint inside the commits: it grew with them

    handed[0]()  # the runner gets to it: the journal is copied into the database file
    for i in range(CHECKPOINT_EVERY):
        store.append("g1", 2 * CHECKPOINT_EVERY + 1 + i, [{"n": "after", "i": i}])
    assert journal.stat().st_size == unchecked  # written again from its start, not grown
    assert len(handed) == 2  # the runner was free again: the next checkpoint was handed over
    store.close()
    assert SQLiteStore(path).read("g1", 2 * CHECKPOINT_EVERY + 1)[-1] == {"n": "after", "i": CHECKPOINT_EVERY - 1}


def test_entries_are_stored_as_json_text_whatever_their_numbers(store):
    """A client may send any JSON number; the stored text reads back as the same entry."""
    entries = [{"big": 2 ** 70, "text": "Ура <b>", "nested": {"b": 1, "a": [1.5, None, True]}}, {"n": -(2 ** 63)}]
    store.create_game("g1", "ACDFGH", FIRST)
    store.append("g1", 1, entries)
    assert store.read("g1", 1) == entries


def _history(start, count):
    return [{"n": n, "type": "message", "text": f"h{n}", "to": None} for n in range(start, start + count)]


def test_the_history_is_written_with_the_log_and_read_by_range(store):
    store.create_game("g1", "ACDFGH", FIRST, _history(0, 2))
    store.append("g1", 1, [{"i": 1}], _history(2, 3))
    store.append("g1", 2, [{"i": 2}, {"i": 3}])  # a change with no engine entries (a roster change)
    store.append("g1", 4, [{"i": 4}], _history(5, 5))
    assert store.read_history("g1", 0, 100) == _history(0, 10)
    assert store.read_history("g1", 3, 4) == _history(3, 4)
    assert store.read_history("g1", 8, 5) == _history(8, 2)
    assert store.read_history("g1", 10, 5) == []


def test_a_conflicting_append_writes_no_history(store):
    store.create_game("g1", "ACDFGH", FIRST, _history(0, 1))
    with pytest.raises(Conflict):
        store.append("g1", 5, [{"i": 1}], _history(1, 3))
    assert store.read_history("g1", 0, 10) == _history(0, 1)


def test_a_game_without_a_kept_history_reads_none_and_an_unknown_game_is_an_error(store):
    store.create_game("g1", "ACDFGH", FIRST)
    store.append("g1", 1, [{"i": 1}])
    assert store.read_history("g1", 0, 10) == []
    with pytest.raises(UnknownGame):
        store.read_history("nope", 0, 10)
