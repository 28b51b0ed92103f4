"""Fixtures: one real server process per test module, and clients that close themselves."""
from __future__ import annotations

import threading

import pytest

from server.app import create_app
from server.config import TestingConfig

from .harness import Client, Server, start_server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = start_server(tmp_path_factory, {"CRISIS_RATE_PER_SECOND": "1000", "CRISIS_RATE_BURST": "1000"})
    yield srv
    srv.stop()


@pytest.fixture
def clients():
    made: list[Client] = []

    def make(server: Server, name: str = "") -> Client:
        client = Client(server, name)
        made.append(client)
        return client

    yield make
    closing = [threading.Thread(target=c.close) for c in made]
    for t in closing:
        t.start()
    for t in closing:
        t.join()


@pytest.fixture
def app(tmp_path):
    """The app in-process, for Flask's test client, on a throwaway store."""
    # The store is not closed at the end: bots of the test's games may still be committing from
    # their threads, and closing SQLite under them crashed the test process (a segfault in CI's
    # run); the connection goes with the app.
    yield create_app(TestingConfig, DATA=str(tmp_path / "games.sqlite3"))
