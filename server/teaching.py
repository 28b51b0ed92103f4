"""REST for the teaching kit: a scenario's teacher's guide and map, history's scorecard for a
game's debrief, and the briefing sheets a facilitator prints.

What carries a seat's secrets needs the facilitator token, in the Authorization header only:
a token in a query string would stay in logs and browser history.
"""
from __future__ import annotations

import csv
import io
from functools import lru_cache
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request, send_from_directory

from game_rules import public_rules, view
from game_rules.history import scorecard
from game_rules.scenario.loader import BUILTIN

from . import reports
from .game import available_scenarios, scenario
from .table import Table

teaching = Blueprint("teaching", __name__, url_prefix="/api")


def _error(status: int, code: str, message: str):
    return jsonify(ok=False, error={"code": code, "message": message, "details": {}}), status


def _guide_of(scenario_id: str):
    if scenario_id not in available_scenarios():
        return None, _error(404, "unknown_scenario", f"no scenario {scenario_id!r}")
    guide = scenario(scenario_id).guide
    if guide is None:
        return None, _error(404, "no_guide", f"scenario {scenario_id!r} has no teacher's guide")
    return guide, None


@teaching.get("/scenarios/<scenario_id>/guide")
def guide(scenario_id: str):
    """The teacher's guide as data; the client's /guide/<id> page renders it as text."""
    found, refusal = _guide_of(scenario_id)
    if refusal:
        return refusal
    return jsonify(scenario=scenario_id, scenario_title=scenario(scenario_id).title, **found.data)


@teaching.get("/scenarios/<scenario_id>/<name>.svg")
def guide_map(scenario_id: str, name: str):
    """The guide's map: an SVG checked by the loader to load nothing and run nothing."""
    found, refusal = _guide_of(scenario_id)
    if refusal:
        return refusal
    drawing = found.data.get("map")
    if not drawing or drawing["file"] != f"{name}.svg":
        return _error(404, "no_map", "this guide has no such map")
    response = send_from_directory(_builtin_folder(scenario_id), drawing["file"],
                                   mimetype="image/svg+xml", max_age=3600)
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _builtin_folder(scenario_id: str):
    return BUILTIN / scenario_id  # the server serves built-in scenarios only


def _table(game_id: str) -> Table | None:
    return current_app.extensions["crisis_tables"].get(game_id)


def _is_facilitator(table: Table) -> bool:
    header = request.headers.get("Authorization", "")
    return header.startswith("Bearer ") and table.is_facilitator(header[7:])


@lru_cache(maxsize=32)
def _history(scenario_id: str, seed: int) -> dict[str, Any]:
    return scorecard(scenario(scenario_id), seed)


@teaching.get("/scenarios/<scenario_id>/history")
def history_path(scenario_id: str):
    """History's public path, for the class debrief's reference line: the outcome, the clauses
    and the tension round by round (no objective, no score). Its real moves use no dice in the
    built-in scenarios, so any seed gives the same path."""
    if scenario_id not in available_scenarios():
        return _error(404, "unknown_scenario", f"no scenario {scenario_id!r}")
    found = scenario(scenario_id)
    if found.historical is None:
        return _error(404, "no_history", "this scenario has no history")
    card = _history(scenario_id, 0)
    return jsonify(scenario=scenario_id, date=found.historical.date, outcome=card["outcome"],
                   clauses=list(found.historical.clauses), tension=card["tension"])


@teaching.get("/games/<game_id>/history")
def history(game_id: str):
    """History's scorecard for this game's scenario: each delegation's objectives scored on the
    state the real moves and the real agreement reach. It names every seat's objectives, so it
    is shown once the game is over, or earlier to the facilitator only."""
    table = _table(game_id)
    if table is None:
        return _error(404, "unknown_game", "no such game")
    state = table.game.state
    if state.scenario.historical is None:
        return _error(404, "no_history", "this scenario has no history")
    if not state.is_over() and not _is_facilitator(table):
        return _error(403, "not_over", "history's scorecard reveals every objective: it opens when the game is over")
    return jsonify(scenario=state.scenario.id, date=state.scenario.historical.date,
                   **_history(state.scenario.id, state.seed))


@teaching.get("/games/<game_id>/briefings")
def briefings(game_id: str):
    """One sheet per delegation for the print view: profile, briefing, secret objectives, the
    cards it may play, and the table's join code. Facilitator only (header token)."""
    table = _table(game_id)
    if table is None:
        return _error(404, "unknown_game", "no such game")
    if not _is_facilitator(table):
        return _error(403, "bad_token", "briefing sheets need the game's facilitator token (Authorization: Bearer)")
    state = table.game.state
    rules = public_rules(state.scenario)
    seats = {s["id"]: s for s in rules["seats"]}
    sheets = []
    for seat in state.seat_ids:
        secrets = view(state, seat, log_since=state.log_end)["you"]
        sheets.append({
            "seat": seat, "name": seats[seat]["name"], "profile": seats[seat]["profile"],
            "briefing": secrets["briefing"],
            "objectives": [{"text": o["text"], "points": o["points"]} for o in secrets["objectives"]],
            "cards": [{k: c[k] for k in ("id", "name", "step", "flavour", "cost", "uses")}
                      for c in rules["cards"] if seat in c["seats"]],
        })
    return jsonify(game=game_id, code=table.game.code, scenario=state.scenario.id, title=state.scenario.title,
                   rounds=state.rounds, orders_per_round=state.scenario.orders_per_round, sheets=sheets)


def _facilitated(game_id: str):
    table = _table(game_id)
    if table is None:
        return None, _error(404, "unknown_game", "no such game")
    if not _is_facilitator(table):
        return None, _error(403, "bad_token", "this needs the game's facilitator token (Authorization: Bearer)")
    return table, None


@teaching.get("/games/<game_id>/contributions")
def contributions(game_id: str):
    """Per person, for assessment: messages, statements, proposals, answers, signatures and orders
    submitted (as head). Facilitator only: it counts private messages too."""
    table, refusal = _facilitated(game_id)
    if refusal:
        return refusal
    return jsonify(game=game_id, people=reports.participation(game_id, table.store.read(game_id)))


def _csv(game_id: str, name: str, header: list[str], rows: list[list]) -> Response:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename=crisis-table-{game_id}-{name}.csv"})


@teaching.get("/games/<game_id>/export/<name>.csv")
def export_sheet(game_id: str, name: str):
    """The exports a teacher grades from, one file each: actions (one row per action, its
    parameters in columns, people by nickname), participation (per person) and scores."""
    if name not in ("actions", "participation", "scores"):
        return _error(404, "unknown_export", "exports are actions, participation and scores")
    table, refusal = _facilitated(game_id)
    if refusal:
        return refusal
    entries = table.store.read(game_id)
    if name == "participation":
        people = reports.participation(game_id, entries)
        header = ["person", "delegation", "head", *reports.CONTRIBUTIONS.values()]
        return _csv(game_id, name, header, [[reports.spreadsheet_cell(p["person"]), *[p[h] for h in header[1:]]]
                                            for p in people])
    header, rows, state = reports.action_rows(game_id, entries)
    if name == "actions":
        return _csv(game_id, name, header, rows)
    sheet = reports.score_rows(state)
    return _csv(game_id, name, list(sheet[0]), [list(row.values()) for row in sheet])
