"""What a teacher grades from, built from a game's whole server log: every action with the person
who sent it (the log's `by` is the player id of whoever acted, so a team's members are told apart
even though the engine knows only their delegation), per-person participation, and scores.

Text the players typed is kept as data; `spreadsheet_cell` keeps a spreadsheet from reading it
as a formula.
"""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from game_rules import Action, apply_action, scores
from game_rules.scoring import objective_status

from .game import CorruptLog, Game

# What a person did, by the engine action's kind, in the words of the report's columns.
CONTRIBUTIONS = {
    "message": "messages", "statement": "statements", "propose": "proposals", "amend": "amendments",
    "respond": "answers", "sign": "signatures", "submit_orders": "orders submitted",
}
NOT_A_PERSON = {"bot": "bot", "timer": "timer (deadline)", "facilitator": "facilitator"}


def who(game: Game, by: str) -> str:
    """A person's nickname, or what acted when it was not a person."""
    if by in NOT_A_PERSON:
        return NOT_A_PERSON[by]
    player = game.roster.players.get(by)
    return player["nickname"] if player else by


def action_rows(game_id: str, entries: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]], Any]:
    """One row per accepted action, its parameters in columns of their own, and the final state."""
    game = Game.from_log(game_id, entries)
    scenario = game.state.scenario
    state = Game.open(game_id, entries[0]).state
    header = ["seq", "time (UTC)", "round", "phase", "person", "delegation", "action",
              "cards", "clauses", "proposal", "answer", "channel", "event", "seconds", "text"]
    rows = []
    for seq, entry in enumerate(entries):
        if entry["type"] != "action":
            continue
        action = Action.from_dict(entry["action"])
        p = action.params
        seat = scenario.seats_by_id.get(action.actor)
        rows.append([
            seq, _iso(entry["at"]), state.round, state.phase, spreadsheet_cell(who(game, entry["by"])),
            seat.name if seat else action.actor, action.kind.replace("_", " "),
            "; ".join(scenario.cards_by_id[c].name if c in scenario.cards_by_id else c for c in p.get("cards", [])),
            "; ".join(scenario.clauses_by_id[c].title if c in scenario.clauses_by_id else c
                      for c in p.get("clauses", [])),
            p.get("proposal", ""), p.get("answer", ""), p.get("channel", ""),
            scenario.events_by_id[p["event"]].title if p.get("event") in scenario.events_by_id else p.get("event", ""),
            p.get("seconds", ""), spreadsheet_cell(p.get("text", "")),
        ])
        result = apply_action(state, action)
        if not result.ok:  # Game.from_log above has replayed the same log: unreachable
            raise CorruptLog(f"game {game_id}, entry {seq}: {result.error.message}")
        state = result.state
    return header, rows, state


def participation(game_id: str, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per person: nickname, delegation, whether head, and how many of each contribution."""
    game = Game.from_log(game_id, entries)
    scenario = game.state.scenario
    people: dict[str, dict[str, Any]] = {}
    for pid, player in game.roster.players.items():
        if player["role"] != "player":
            continue
        seat = scenario.seats_by_id.get(player["seat"] or "")
        people[pid] = {"person": player["nickname"], "delegation": seat.name if seat else "",
                       "head": game.roster.heads.get(player["seat"]) == pid,
                       **{column: 0 for column in CONTRIBUTIONS.values()}}
    for entry in entries:
        if entry["type"] != "action" or entry["by"] not in people:
            continue
        column = CONTRIBUTIONS.get(entry["action"]["kind"])
        if column:
            people[entry["by"]][column] += 1
    return list(people.values())


def score_rows(state: Any) -> list[dict[str, Any]]:
    """Per delegation: score and each objective met or not (the game's end, or where it stands)."""
    totals = scores(state)
    return [{"delegation": seat.name, "score": totals[seat.id],
             "objectives met": "; ".join(o["text"] for o in objective_status(state, seat.id) if o["met"]),
             "objectives missed": "; ".join(o["text"] for o in objective_status(state, seat.id) if not o["met"])}
            for seat in state.scenario.seats]


def spreadsheet_cell(text: str) -> str:
    """Players' text is data: a spreadsheet must not read it as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _iso(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).isoformat(timespec="seconds")
