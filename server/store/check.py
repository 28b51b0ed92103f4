"""`crisis-table store check PATH`: is this SQLite file a sound Crisis Table store?

Checks the file as the server would open it (a Crisis Table store, not another program's
database), SQLite's full integrity check, then reads and replays every game's log. Prints one
line per game and per problem; exits 0 if everything is sound, 1 if anything is not.
"""
from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from .base import DamagedGame, StoreUnusable
from .sqlite import SQLiteStore, check_store_file


def check(path: str) -> int:
    file = Path(path)
    if not file.is_file() or file.stat().st_size == 0:
        print(f"{path}: no store here (missing or empty file)", file=sys.stderr)
        return 1
    try:
        check_store_file(file)
        problems = _integrity(file)
    except StoreUnusable as exc:
        print(exc, file=sys.stderr)
        return 1
    for problem in problems:
        print(f"{path}: SQLite: {problem}", file=sys.stderr)
    if problems:
        return 1
    from ..game import Game

    store = SQLiteStore(file)
    damaged = 0
    try:
        game_ids = store.game_ids()
        for game_id in game_ids:
            try:
                entries = store.read(game_id)
                game = Game.from_log(game_id, entries)
            except DamagedGame as exc:
                damaged += 1
                print(f"{exc}", file=sys.stderr)
                continue
            except Exception as exc:  # noqa: BLE001  whatever the engine raised while replaying
                damaged += 1
                print(f"game {game_id} is damaged: its log cannot be replayed ({exc})", file=sys.stderr)
                continue
            state = game.state
            print(f"game {game_id}: ok ({len(entries)} entries, {state.scenario.id}, "
                  f"{'over' if state.is_over() else f'round {state.round}, {state.phase}'})")
    finally:
        store.close()
    print(f"{path}: {len(game_ids)} game(s), {damaged} damaged")
    return 1 if damaged else 0


def _integrity(file: Path) -> list[str]:
    db = sqlite3.connect(file, isolation_level=None)
    try:
        rows = [r[0] for r in db.execute("PRAGMA integrity_check(20)")]
    finally:
        db.close()
    return [] if rows == ["ok"] else rows
