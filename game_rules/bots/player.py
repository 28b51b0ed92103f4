"""The scripted delegation: one bot for every temperament, deciding from its own view alone.

It values a picture of the crisis by its temperament's weights over: its own
objectives (which its view shows it), the tension ladder, its own standing and,
for spoilers, the others' standing. Orders are the affordable set of cards whose
expected result it values most; proposals are answered by comparing the crisis
with and without their clauses.
"""
from __future__ import annotations

import random
import weakref
from collections.abc import Callable, Iterable
from typing import Any

from .. import conditions
from ..actions import Action
from ..effects import Change
from ..temperaments import TEMPERAMENTS, Temperament
from .aims import ALL, Aims, Test, aims_for
from .board import Board, Catalogue
from .words import Speaker, owed, seat_terms

NOISE = 0.6  # keeps bots from playing the same game every time; drawn from the game's dice
LIKELY_CLASH = 0.7  # from this share of the clash ladder up, a bot expects a clash rather than a deadlock
CAPITAL_THRIFT = 0.25  # value of a point of a resource kept for later rounds
BEAM = 3  # order sets of each size kept to grow by one more card
OUTCOME = frozenset({"outcome"})  # a part of a board, as conditions.reads names it


class Bot:
    def __init__(self, view: dict[str, Any], catalogue: Catalogue, temperament: str, rng: random.Random,
                 objectives: list[dict[str, Any]] | None = None, kept: Board | None = None,
                 words_dice: Callable[[], random.Random] | None = None):
        """`objectives`: the seat's own, as an earlier view showed them, if this view leaves them out;
        `kept`: its picture from an earlier decision, to be made this view's (Board.refresh) when needed;
        `words_dice`: makes the dice its words draw from (see bots/words.py), when it first speaks."""
        self.view = view
        self.cat = catalogue
        self.temper: Temperament = TEMPERAMENTS[temperament]
        self.temperament = temperament
        self.rng = rng
        self.me = view["you"]["seat"]
        self.objectives = view["you"]["objectives"] if objectives is None else objectives
        self._board: Board | None = None
        self._kept = kept
        self._aims: Aims | None = None
        self._worth: dict[tuple[str, ...], float] = {}
        self._base: tuple[int, float] | None = None
        self._words_dice = words_dice
        self._speaker: Speaker | None = None

    def twin(self, rng: random.Random) -> Bot:
        """This bot with other dice and its own valuations, sharing its view, picture and aims:
        what it values for its words then draws nothing from the dice of its decisions."""
        return Bot(self.view, self.cat, self.temperament, rng, self.objectives, self._board or self._kept)

    @property
    def speaker(self) -> Speaker:
        if self._speaker is None:
            dice = self._words_dice() if self._words_dice else random.Random(0)
            # The speaker reads its bot through a weak reference: a cycle would leave every bot
            # decision (its view, its position) for the cycle collector, which on a server that
            # freezes what survives (server/main.py) meant ~2,300 objects a game until the
            # ten-minute sweep, and a one-second pause then (classroom soak, 125 tables).
            self._speaker = Speaker(weakref.proxy(self), self.cat.words, dice)
        return self._speaker

    def replies(self) -> list[Action]:
        """An answer to each person's message to this delegation it has not answered yet (see words.owed)."""
        me = self.me
        terms = seat_terms(self.cat.words, [(s["id"], s["name"]) for s in self.cat.rules["seats"]])
        return [Action("message", me, {"channel": e["channel"], "text": self.speaker.reply(e), "reply_to": e["n"]})
                for e in owed(self.view.get("log", []), me, self.view["phase"], terms)]

    # A third of the talks decisions weigh nothing (a bot only says it is ready, or signs its own
    # proposal), so the picture of the crisis and the compiled aims are made when first needed.

    @property
    def board(self) -> Board:
        if self._board is None:
            self._board = (Board.from_view(self.view, self.cat.seat_tracks_by_id) if self._kept is None
                           else self._kept.refresh(self.view))
        return self._board

    @property
    def aims(self) -> Aims:
        if self._aims is None:
            self._aims = aims_for(self.cat, self.me, self.temper, self.objectives)
        return self._aims

    # ---- valuing a picture of the crisis ------------------------------------------------------
    #
    # Which objectives hold is kept as a bit mask (bit i: objective i). A pictured board differs
    # from the one it was pictured from by a few effects, so only the objectives that read a part
    # of the board those effects may change are tested again.

    def value(self, board: Board) -> float:
        return self._value(self._retest(0, self.aims.tests_after(ALL), board), board)

    def _value(self, met: int, board: Board) -> float:
        t = self.temper
        score: float = self.aims.worth(met)
        score += t.tension * board.tracks[self.cat.clash_track]
        public = self.cat.public_seat_tracks
        own = board.seat_tracks[self.me]
        standing = 0
        for track in public:
            standing += own[track]
        score += t.standing * standing
        if t.spoil:
            others = 0
            for seat, tracks in board.seat_tracks.items():
                if seat != self.me:
                    for track in public:
                        others += tracks[track]
            score -= t.spoil * others / 4
        return score

    def _retest(self, met: int, tests: Iterable[tuple[int, Test]], board: Board) -> int:
        """`met` with the objectives of `tests` (from Aims.tests_after) tested again on `board`."""
        for bit, holds in tests:
            met = met | bit if holds(board, self.me) else met & ~bit
        return met

    def _base_state(self) -> tuple[int, float]:
        """The objectives met and the value of the crisis as the bot sees it now."""
        if self._base is None:
            met = self._retest(0, self.aims.tests_after(ALL), self.board)
            self._base = (met, self._value(met, self.board))
        return self._base

    # ---- orders -------------------------------------------------------------------------------

    def orders(self) -> Action:
        """The affordable set of cards whose expected result it values most (the empty set included).

        A beam search: every single card is weighed, then only the BEAM best sets of each size are
        grown by one more card; a set's picture is its parent's picture plus that card. A picture is
        kept as the changes that make it from the board as it is, so growing a set replays its
        parent's changes (no new chance drawn) and adds the card's.
        """
        cat, aims = self.cat, self.aims
        plays = [(cid, cat.card_costs[cid], cat.card_effects[cid], aims.tests_after(cat.card_writes[cid]))
                 for cid in self.view["you"]["playable"]]
        own = self.view["you"]["tracks"]
        board, me, draw = self.board, self.me, self.rng.random
        base_met, base = self._base_state()
        best: tuple[str, ...] = ()
        best_worth = draw() * NOISE
        sizes = cat.rules["orders_per_round"]
        # A set: (cards chosen, the changes they make, what they cost, index of its last card, objectives met).
        frontier: list[tuple[tuple[str, ...], list[Change], dict[str, int], int, int]] = [((), [], {}, -1, base_met)]
        for size in range(1, sizes + 1):
            grown = []
            for parent in frontier:
                chosen, made, spent, last, met = parent
                board.redo(made)
                for i in range(last + 1, len(plays)):
                    cid, cost, run, tests = plays[i]
                    total = spent  # a free card leaves the (affordable) spending as it was
                    if cost:
                        total = dict(spent)
                        for track, amount in cost:
                            total[track] = total.get(track, 0) + amount
                        if not _affordable(total, own):
                            continue
                    changes: list[Change] = []
                    run(board, me, draw, changes)
                    now_met = met
                    if changes:  # self._retest, inlined: this search is a quarter of a bot game (profiled)
                        for bit, holds in tests:
                            now_met = now_met | bit if holds(board, me) else now_met & ~bit
                    worth = self._value(now_met, board) - base - CAPITAL_THRIFT * sum(total.values()) + draw() * NOISE
                    board.undo(changes)
                    # The set itself is spelt out only if it is kept (most are only weighed).
                    grown.append((worth, parent, i, changes, total, now_met))
                    if worth > best_worth:
                        best_worth, best = worth, chosen + (cid,)
                board.undo(made)
            if size < sizes:
                grown.sort(key=lambda node: node[0], reverse=True)
                frontier = [(parent[0] + (plays[i][0],), parent[1] + changes, total, i, met)
                            for _, parent, i, changes, total, met in grown[:BEAM]]
        return Action("submit_orders", self.me, {"cards": list(best)})

    # ---- talks --------------------------------------------------------------------------------

    def clause_worth(self, clause_ids: Iterable[str]) -> float:
        """What binding these clauses is worth to this delegation, temperament included."""
        key = tuple(sorted(clause_ids))
        if key not in self._worth:
            self._worth[key] = self._clause_worth(key)
        return self._worth[key]

    def _clause_worth(self, clause_ids: tuple[str, ...]) -> float:
        board, me, draw, cat = self.board, self.me, self.rng.random, self.cat
        base_met, base = self._base_state()
        bound = board.bound_clauses
        changes: list[Change] = []
        for cid in clause_ids:
            cat.clause_effects[cid](board, me, draw, changes)
        board.bound_clauses = bound.union(clause_ids)
        met = self._retest(base_met, self.aims.tests_after(cat.parts_bound_by(clause_ids)), board)
        worth = self._value(met, board) - base
        settles = not cat.settling.isdisjoint(clause_ids)
        if settles:
            agreed = self._ending_value(met, board, "agreement")
        board.bound_clauses = bound
        board.undo(changes)
        if settles:
            worth += agreed - self._ending_value(base_met, board, self._likeliest_other_ending())
        return worth + self.temper.agreement

    def _likeliest_other_ending(self) -> str:
        """Without an agreement: a clash if the ladder is near its top (on the board as it is), a
        de-escalation if the board is as calm as the scenario's `calm` asks, else a deadlock."""
        clash = self.cat.tracks_by_id[self.cat.clash_track]
        if self.board.tracks[clash.id] >= clash.min + LIKELY_CLASH * (clash.max - clash.min):
            return "armed_clash"
        calm = self.cat.rules.get("calm")
        return "de_escalated" if calm is not None and conditions.holds(calm, self.board, self.me) else "deadlock"

    def _ending_value(self, met: int, board: Board, outcome: str) -> float:
        """Its objectives' worth if the game ended now in `outcome`, on `board` (where `met` holds)."""
        before, board.outcome = board.outcome, outcome
        met = self._retest(met, self.aims.tests_after(OUTCOME), board)
        board.outcome = before
        return self.aims.worth(met)

    def talks(self) -> list[Action]:
        acts: list[Action] = []
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
                # The clause it objects to most, named in its reason (singles are valued just above).
                dropped = [c for c in p["clauses"] if c not in better] or p["clauses"]
                objected = min(dropped, key=lambda c: self.clause_worth([c]))
                if better and sorted(better) != sorted(p["clauses"]) and self.rng.random() < 0.5:
                    acts.append(Action("amend", self.me, {"proposal": p["id"], "clauses": better,
                                                          "reason": self.speaker.reason("amend", objected, better)}))
                else:
                    acts.append(Action("respond", self.me, {"proposal": p["id"], "answer": "reject",
                                                            "reason": self.speaker.reason("reject", objected)}))
        for p in self.view["proposals"]:
            # Its own proposal: a party signs what it tabled once the others have had their say.
            if (p["status"] == "open" and p["by"] == self.me and self.me in p["parties"]
                    and self.me not in p["signatures"]):
                acts.append(Action("sign", self.me, {"proposal": p["id"]}))
        if self.view["seats"][self.me]["ready"]:
            return acts
        tabled = spoke = False  # this round, by this delegation
        for e in self.view["log"]:
            if e["type"] == "proposal_tabled" and e["by"] == self.me:
                tabled = True
            elif e["type"] == "statement" and e["seat"] == self.me:
                spoke = True
        if not tabled and self.rng.random() < self.temper.proposes:
            proposal = self._draft()
            if proposal:
                acts.append(Action("propose", self.me, {"clauses": proposal}))
                return acts  # not ready yet: the others need a chance to answer
        if not spoke:
            # It speaks to the press about the cards it played, or now and then in general terms.
            # (The draw is made whether or not it has a card to speak of: its decisions' dice run
            # the same with words or without.)
            chance = self.rng.random() < 0.3
            text = self.speaker.card_statement()
            if text is not None or chance:
                acts.append(Action("statement", self.me, {"text": text or self.speaker.statement()}))
        acts.append(Action("ready", self.me, {}))
        return acts

    def _draft(self) -> list[str]:
        bound = self.board.bound_clauses
        pending = {c for p in self.view["proposals"] if p["status"] == "open" for c in p["clauses"]}
        # Drafted by what the clauses are worth in themselves: the temperament's readiness to sign
        # (in clause_worth) says whether to sign, not what to ask for.
        bias = self.temper.agreement
        ranked = sorted(
            ((self.clause_worth([cid]) - bias + self.rng.random() * NOISE, cid)
             for cid, clause in self.cat.clauses.items()
            if cid not in bound and cid not in pending and conditions.holds(clause["requires"], self.board, self.me)),
            reverse=True,
        )
        chosen = [cid for worth, cid in ranked[:3] if worth > 0]
        return chosen



def _affordable(spending: dict[str, int], own: dict[str, int]) -> bool:
    for track, amount in spending.items():
        if own.get(track, 0) < amount:
            return False
    return True
