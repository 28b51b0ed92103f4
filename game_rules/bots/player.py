"""The scripted delegation: one bot for every temperament, deciding from its own view alone.

It values a picture of the crisis by its temperament's weights over: its own
objectives (which its view shows it), the tension ladder, its own standing and,
for spoilers, the others' standing. Orders are the affordable set of cards whose
expected result it values most; proposals are answered by comparing the crisis
with and without their clauses.
"""
from __future__ import annotations

import random
from itertools import combinations
from typing import Any

from .. import conditions, effects
from ..actions import Action
from ..temperaments import TEMPERAMENTS, Temperament
from .board import Board, Catalogue

NOISE = 0.6  # keeps bots from playing the same game every time; drawn from the game's dice
LIKELY_CLASH = 0.7  # from this share of the clash ladder up, a bot expects a clash rather than a deadlock
CAPITAL_THRIFT = 0.25  # value of a point of a resource kept for later rounds
BEAM = 3  # order sets of each size kept to grow by one more card
STATEMENTS = {
    "hawk": "We will defend our people and our interests by every lawful means.",
    "dove": "We call on every side to step back and talk.",
    "mediator": "The door to Brussels is open; we urge both sides to walk through it.",
    "spoiler": "This so-called dialogue serves only those who wrote its rules.",
    "pragmatist": "We are ready for a practical arrangement that keeps the roads open.",
}


class Bot:
    def __init__(self, view: dict[str, Any], catalogue: Catalogue, temperament: str, rng: random.Random):
        self.view = view
        self.cat = catalogue
        self.temper: Temperament = TEMPERAMENTS[temperament]
        self.temperament = temperament
        self.rng = rng
        self.me = view["you"]["seat"]
        self.board = Board.from_view(view, catalogue.seat_tracks_by_id)
        self.objectives = view["you"]["objectives"]
        # (condition, weighted points): value() reads them for every future the bot pictures.
        self._objectives = [(conditions.compiled(o["condition"]), self.temper.objectives * o["points"])
                            for o in self.objectives]
        self._worth: dict[tuple[str, ...], float] = {}

    # ---- valuing a picture of the crisis ------------------------------------------------------

    def value(self, board: Board) -> float:
        t = self.temper
        me = self.me
        score = sum(points for holds, points in self._objectives if holds(board, me))
        score += t.tension * board.tracks[self.cat.clash_track]
        own = board.seat_tracks[me]
        score += t.standing * sum(own[track] for track in self.cat.public_seat_tracks)
        if t.spoil:
            others = sum(board.seat_tracks[s][track] for s in self.cat.seat_ids if s != me
                         for track in self.cat.public_seat_tracks)
            score -= t.spoil * others / 4
        return score

    def _after(self, effect_lists, board: Board) -> Board:
        after = board.copy()
        for effs in effect_lists:
            effects.apply(effs, after, self.cat, self.me, self.rng.random)
        return after

    # ---- orders -------------------------------------------------------------------------------

    def orders(self) -> Action:
        """The affordable set of cards whose expected result it values most (the empty set included).

        A beam search: every single card is weighed, then only the BEAM best sets of each size are
        grown by one more card; a set's picture is its parent's picture plus that card.
        """
        playable = [self.cat.cards[c] for c in self.view["you"]["playable"]]
        own = self.view["you"]["tracks"]
        base = self.value(self.board)
        best_worth, best = self.rng.random() * NOISE, ()
        frontier = [((), self.board, {}, -1)]
        for _ in range(self.cat.rules["orders_per_round"]):
            grown = []
            for chosen, board, spent, last in frontier:
                for i in range(last + 1, len(playable)):
                    card = playable[i]
                    total = dict(spent)
                    for track, amount in card["cost"].items():
                        total[track] = total.get(track, 0) + amount
                    if any(own.get(track, 0) < amount for track, amount in total.items()):
                        continue
                    after = self._after([card["effects"]], board)
                    worth = (self.value(after) - base - CAPITAL_THRIFT * sum(total.values())
                             + self.rng.random() * NOISE)
                    grown.append((worth, chosen + (card["id"],), after, total, i))
                    if worth > best_worth:
                        best_worth, best = worth, chosen + (card["id"],)
            grown.sort(key=lambda node: node[0], reverse=True)
            frontier = [(chosen, after, total, i) for _, chosen, after, total, i in grown[:BEAM]]
        return Action("submit_orders", self.me, {"cards": list(best)})

    # ---- talks --------------------------------------------------------------------------------

    def clause_worth(self, clause_ids) -> float:
        """What binding these clauses is worth to this delegation, temperament included."""
        key = tuple(sorted(clause_ids))
        if key not in self._worth:
            self._worth[key] = self._clause_worth(key)
        return self._worth[key]

    def _clause_worth(self, clause_ids) -> float:
        after = self._after([self.cat.clauses[c]["effects"] for c in clause_ids], self.board)
        after.bound_clauses = self.board.bound_clauses | set(clause_ids)
        worth = self.value(after) - self.value(self.board)
        if any(self.cat.clauses[c]["settles"] for c in clause_ids):
            worth += self._settling_bonus(after)
        return worth + self.temper.agreement

    def _settling_bonus(self, settled: Board) -> float:
        """How much better the agreed ending (on the board the clauses make) is for it than the
        likeliest other ending (on the board as it is)."""
        clash = self.cat.tracks_by_id[self.cat.clash_track]
        near_clash = self.board.tracks[clash.id] >= clash.min + LIKELY_CLASH * (clash.max - clash.min)
        agreed, other = settled.copy(), self.board.copy()
        agreed.outcome = "agreement"
        other.outcome = "armed_clash" if near_clash else "deadlock"
        return self._objectives_value(agreed) - self._objectives_value(other)

    def _objectives_value(self, board: Board) -> float:
        return sum(self.temper.objectives * o["points"] for o in self.objectives
                   if conditions.holds(o["condition"], board, self.me))

    def talks(self) -> list[Action]:
        acts: list[Action] = []
        round_log = self.view["log"]
        for p in self.view["proposals"]:
            if p["status"] != "open" or self.me in p["responses"] or p["by"] == self.me:
                continue
            worth = self.clause_worth(p["clauses"]) + (self.rng.random() - 0.5) * NOISE
            if worth > 0:
                if self.me in p["parties"]:
                    acts.append(Action("sign", self.me, {"proposal": p["id"]}))
                else:
                    acts.append(Action("respond", self.me, {"proposal": p["id"], "answer": "accept"}))
            else:
                better = [c for c in p["clauses"] if self.clause_worth([c]) > 0]
                if better and sorted(better) != sorted(p["clauses"]) and self.rng.random() < 0.5:
                    acts.append(Action("amend", self.me, {"proposal": p["id"], "clauses": better}))
                else:
                    acts.append(Action("respond", self.me, {"proposal": p["id"], "answer": "reject"}))
        for p in self.view["proposals"]:
            # Its own proposal: a party signs what it tabled once the others have had their say.
            if p["status"] == "open" and p["by"] == self.me and self.me in p["parties"] and self.me not in p["signatures"]:
                acts.append(Action("sign", self.me, {"proposal": p["id"]}))
        if self.me in {s for s, info in self.view["seats"].items() if info["ready"]}:
            return acts
        mine_this_round = any(e["type"] == "proposal_tabled" and e["by"] == self.me for e in round_log)
        if not mine_this_round and self.rng.random() < self.temper.proposes:
            proposal = self._draft()
            if proposal:
                acts.append(Action("propose", self.me, {"clauses": proposal}))
                return acts  # not ready yet: the others need a chance to answer
        spoke = any(e["type"] == "statement" and e["seat"] == self.me for e in round_log)
        if not spoke and self.rng.random() < 0.3:
            acts.append(Action("statement", self.me, {"text": STATEMENTS.get(self.temperament, STATEMENTS["pragmatist"])}))
        acts.append(Action("ready", self.me, {}))
        return acts

    def _draft(self) -> list[str]:
        bound = self.board.bound_clauses
        pending = {c for p in self.view["proposals"] if p["status"] == "open" for c in p["clauses"]}
        ranked = sorted(
            ((self.clause_worth([cid]) + self.rng.random() * NOISE, cid)
             for cid, clause in self.cat.clauses.items()
            if cid not in bound and cid not in pending and conditions.holds(clause["requires"], self.board, self.me)),
            reverse=True,
        )
        chosen = [cid for worth, cid in ranked[:3] if worth > 0]
        return chosen

