"""What a bot says, drawn from its own plan (as Meta's CICERO kept its messages true to its intents).

The templates are the scenario's (scenario/words.py); what fills them comes from the bot's own
view only: the clauses it would sign now, the price it asks for one it dislikes, why it refuses
one (an objective of its own it would lose, the tension, its standing), the cards it played.
Nothing here reads another delegation's secrets, so nothing here can say them.

Words draw their chances from their own dice (never the bot's decision dice), and value clauses
with a twin of the bot that has those dice: what a bot says never changes what it does.
"""
from __future__ import annotations

import random
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .. import conditions
from ..actions import MAX_REASON, MAX_TEXT
from ..effects import Change
from ..scenario.words import Words
from ..talks import PLENARY, bilateral
from .aims import ALL

if TYPE_CHECKING:
    from .player import Bot

# What an objective reading these parts of a board is about, beside the tracks it reads.
STAKES = (("outcome", "how this crisis ends"), ("bound_clauses", "what gets signed"), ("round", "the timing"))
MAX_REPLIES = 8  # per seat and phase: a bot answers people, but stays well inside the server's cap


Terms = tuple[tuple[str, tuple[str, ...]], ...]  # (key, the names it goes by), for each key


@lru_cache(maxsize=64)
def _matcher(terms: Terms) -> tuple[re.Pattern[str], dict[str, str]]:
    owner: dict[str, str] = {}
    for key, names_of_key in terms:
        for name in names_of_key:
            owner.setdefault(name.casefold(), key)
    # Longest first, so that "Kosovo Serbs" is read as one name, not as "Kosovo".
    alternatives = sorted(owner, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, alternatives)) + r")(?!\w)"), owner


def named(text: str, terms: Terms) -> list[str]:
    """The keys whose names `text` holds as whole words, whatever the case, in order of mention."""
    return list(_named(text, terms))


# Every bot reads the round's plenary messages at every decision to see whether one names it. A
# message's text is matched once, not at every decision of every bot: with 1,000 people's messages
# in the round, a decision of a bot that owes nothing took 7.7 ms, now 2.7 (one machine, 50
# decisions). Bounded: a round holds a few thousand messages at most.
@lru_cache(maxsize=4096)
def _named(text: str, terms: Terms) -> tuple[str, ...]:
    pattern, owner = _matcher(terms)
    found: list[str] = []
    for match in pattern.finditer(text.casefold()):
        key = owner[match.group(0)]
        if key not in found:
            found.append(key)
    return tuple(found)


def seat_terms(words: Words, seats: list[tuple[str, str]]) -> Terms:
    """What a message may call each delegation (id, name): its name, its id and its aliases."""
    return tuple((seat, (name, seat, seat.replace("_", " "),
                         *(words.seats[seat].aliases if seat in words.seats else ())))
                 for seat, name in seats)


def clause_terms(words: Words, clauses: list[dict[str, Any]]) -> Terms:
    return tuple((c["id"], (c["title"], c["id"], c["id"].replace("_", " "), *words.clauses.get(c["id"], ())))
                 for c in clauses)


def addressed(entry: dict[str, Any], seat: str, terms: Terms) -> bool:
    """Whether a log entry is a person's message to `seat`: in their bilateral channel, or in the
    plenary naming it. A bot's message (author None) never is, so bots never answer bots."""
    if entry["type"] != "message" or entry.get("author") is None or entry["seat"] == seat:
        return False
    if entry["channel"] == bilateral(seat, entry["seat"]):
        return True
    return entry["channel"] == PLENARY and seat in named(entry["text"], terms)


def owed(log: list[dict[str, Any]], seat: str, phase: str, terms: Terms) -> list[dict[str, Any]]:
    """The messages in `log` (a seat's round log, as its view shows it) that `seat` has yet to
    answer, within its MAX_REPLIES for `phase`. `terms`: every delegation's names (seat_terms)."""
    answered = {e["reply_to"] for e in log if e["type"] == "message" and e["seat"] == seat and "reply_to" in e}
    left = MAX_REPLIES - sum(1 for e in log if e["phase"] == phase and e["type"] == "message"
                             and e["seat"] == seat and "reply_to" in e)
    due = [e for e in log if e["n"] not in answered and addressed(e, seat, terms)]
    return due[:max(left, 0)]


def _listed(items: list[str]) -> str:
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def _quoted(titles: list[str]) -> str:
    return _listed([f"“{t}”" for t in titles])


def _bounded(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit - 1].rsplit(" ", 1)[0] + "…"


class Speaker:
    """One bot's words for one decision."""

    def __init__(self, bot: Bot, words: Words, dice: random.Random):
        self.bot, self.words, self.dice = bot, words, dice
        self.me = bot.me
        self._planner: Bot | None = None
        self.seat_names = {s["id"]: s["name"] for s in bot.cat.rules["seats"]}

    @property
    def planner(self) -> Bot:
        """The bot's twin that values clauses for its words, with the words' dice."""
        if self._planner is None:
            self._planner = self.bot.twin(self.dice)
        return self._planner

    def _line(self, kind: str, **values: str) -> str:
        choices = self.words.lines(self.me, self.bot.temperament, kind)
        return choices[self.dice.randrange(len(choices))].format(me=self.seat_names[self.me], **values)

    def _title(self, cid: str) -> str:
        return _quoted([self.bot.cat.clauses[cid]["title"]])

    # ---- replies ------------------------------------------------------------------------------

    def reply(self, entry: dict[str, Any]) -> str:
        """The answer to a person's message: about the clauses it names, else the bot's plan."""
        seat = self.seat_names[entry["seat"]]
        bound = self.bot.board.bound_clauses
        asked = [cid for cid in named(entry["text"], clause_terms(self.words, self.bot.cat.rules["clauses"]))
                 if cid not in bound]
        if asked:
            sentences = [self._stance(cid, seat) for cid in asked[:2]]
        else:
            sentences = self._plan(seat)
        return _bounded(" ".join(sentences), MAX_TEXT)

    def _stance(self, cid: str, seat: str) -> str:
        if self.planner.clause_worth([cid]) > 0:
            return self._line("accept", seat=seat, clause=self._title(cid), clauses=self._title(cid))
        price = self.price(cid)
        if price is not None:
            return self._line("price", seat=seat, clause=self._title(cid), price=self._title(price))
        return self._line("refuse", seat=seat, clause=self._title(cid), why=self.why(cid))

    def _plan(self, seat: str) -> list[str]:
        """What it would sign now, and the price of (or its reason against) the clause it likes least."""
        available = self.available()
        if not available:
            return [self._line("undecided", seat=seat)]
        worth = {cid: self.planner.clause_worth([cid]) for cid in available}
        good = sorted((c for c in available if worth[c] > 0), key=lambda c: -worth[c])[:3]
        bad = sorted((c for c in available if worth[c] <= 0), key=lambda c: worth[c])
        sentences = []
        if good:
            sentences.append(self._line("accept", seat=seat, clause=self._title(good[0]),
                                        clauses=_quoted([self.bot.cat.clauses[c]["title"] for c in good])))
        for cid in bad:
            price = self.price(cid)
            if price is not None:
                sentences.append(self._line("price", seat=seat, clause=self._title(cid), price=self._title(price)))
                break
        else:
            if bad:
                sentences.append(self._line("refuse", seat=seat, clause=self._title(bad[0]), why=self.why(bad[0])))
        return sentences

    def available(self) -> list[str]:
        """The clauses that could be tabled now, as the bot's own picture of the crisis shows it."""
        board = self.bot.board
        return [cid for cid, c in self.bot.cat.clauses.items()
                if cid not in board.bound_clauses and conditions.holds(c["requires"], board, self.me)]

    def price(self, cid: str) -> str | None:
        """A clause it values that would make `cid` acceptable bundled with it, or None."""
        best, best_worth = None, 0.0
        for other in self.available():
            if other == cid or self.planner.clause_worth([other]) <= 0:
                continue
            together = self.planner.clause_worth([cid, other])
            if together > best_worth:
                best, best_worth = other, together
        return best

    # ---- reasons ------------------------------------------------------------------------------

    def reason(self, kind: str, objected: str, kept: list[str] | None = None) -> str:
        """Why it rejects (kind "reject") or amends ("amend", keeping `kept`) a proposal, naming
        the clause it objects to."""
        values = {"clause": self._title(objected), "why": self.why(objected)}
        if kind == "amend":
            values["clauses"] = _quoted([self.bot.cat.clauses[c]["title"] for c in kept or []])
        return _bounded(self._line(kind, **values), MAX_REASON)

    def why(self, cid: str) -> str:
        """What binding `cid` would cost the bot, as its own picture shows: an objective of its
        own lost, the tension moving against its temperament, its standing, or simply nothing gained."""
        bot = self.bot
        cat, board, me, temper = bot.cat, bot.board, bot.me, bot.temper
        base_met, _ = bot._base_state()
        tension_before = board.tracks[cat.clash_track]
        standing_before = sum(board.seat_tracks[me][t] for t in cat.public_seat_tracks)
        changes: list[Change] = []
        cat.clause_effects[cid](board, me, self.dice.random, changes)
        bound = board.bound_clauses
        board.bound_clauses = bound | {cid}
        settles = cid in cat.settling
        met = bot._retest(base_met, bot.aims.tests_after(ALL), board)
        if settles:
            met = self._met_in_ending(met, "agreement")
        tension = board.tracks[cat.clash_track] - tension_before
        standing = sum(board.seat_tracks[me][t] for t in cat.public_seat_tracks) - standing_before
        board.bound_clauses = bound
        board.undo(changes)
        before = self._met_in_ending(base_met, bot._likeliest_other_ending()) if settles else base_met
        lost = before & ~met
        if lost:
            i = (lost & -lost).bit_length() - 1
            return self._line("why_objective", objective=self.stake(bot.objectives[i]))
        if tension > 0 and temper.tension < 0:
            return self._line("why_tension")
        if tension < 0 and temper.tension > 0:
            return self._line("why_leverage")
        if standing < 0:
            return self._line("why_standing")
        return self._line("why_value")

    def stake(self, objective: dict[str, Any]) -> str:
        """What one of its objectives is about, in the public names of what it reads (its tracks,
        how the crisis ends): its own interest, said without the objective's secret text."""
        parts = conditions.reads(objective["condition"])
        cat = self.bot.cat
        names = [f"“{t['name']}”" for t in cat.rules["tracks"] if f"tracks:{t['id']}" in parts]
        names += [f"our {t['name'].lower()}" for t in cat.rules["seat_tracks"] if f"seat_tracks:{t['id']}" in parts]
        names += [phrase for part, phrase in STAKES if part in parts]
        return _listed(names) or "what we came for"

    def _met_in_ending(self, met: int, outcome: str) -> int:
        bot = self.bot
        before, bot.board.outcome = bot.board.outcome, outcome
        met = bot._retest(met, bot.aims.tests_after(ALL), bot.board)
        bot.board.outcome = before
        return met

    # ---- statements ---------------------------------------------------------------------------

    def statement(self) -> str:
        """Its public statement after the reveal: the cards it played this round, in its own voice
        (those the scenario gives a line), else its temperament's statement."""
        return self.card_statement() or self._line("statement")

    def card_statement(self) -> str | None:
        own = self.words.seats.get(self.me)
        if own is None:
            return None
        played = [e["card"] for e in self.bot.view.get("log", ())
                  if e["type"] == "card_resolved" and e["seat"] == self.me and e["card"] in own.cards]
        lines = []
        for card in played[:2]:
            choices = own.cards[card]
            lines.append(choices[self.dice.randrange(len(choices))].format(
                me=self.seat_names[self.me], card=self.bot.cat.cards[card]["name"]))
        return _bounded(" ".join(lines), MAX_TEXT) if lines else None

