"""Bot tournaments: play whole games with every seat a bot, and sum up how they end."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .actions import FACILITATOR, SYSTEM, Action
from .bots import Memory, bot_actions
from .conditions import OUTCOMES
from .engine import Accepted, Rejected, apply_action, new_game
from .scenario.model import Scenario
from .scoring import score_shares, scores
from .state import Setup, State


def play_bot_game(scenario: Scenario, seed: int, temperaments: dict[str, str] | None = None,
                  setup: Setup | None = None, accepted: list[Action] | None = None) -> State:
    """One game to its end with a bot in every seat; `accepted`, if given, collects the game's log."""
    temperaments = temperaments or {}
    accepted = accepted if accepted is not None else []

    def play(state: State, action: Action) -> Accepted | Rejected:
        result = apply_action(state, action)
        if result.ok:
            accepted.append(action)
        return result

    def must(result: Accepted | Rejected) -> State:
        if not result.ok:
            raise ValueError(f"a bot game's own step was refused: {result.error.message}")
        return result.state

    state = must(play(new_game(scenario, seed, setup), Action("start", FACILITATOR)))
    memories = {seat: Memory(state, seat) for seat in state.seat_ids}
    while not state.is_over():
        progressed = False
        for seat in state.seat_ids:
            for action in bot_actions(state, seat, temperaments.get(seat), memories[seat]):
                result = play(state, action)
                if not result.ok:
                    break
                state, progressed = result.state, True
                if state.is_over():
                    return state
        if not progressed:
            # Every bot is waiting: as a phase timer would, close the phase.
            state = must(play(state, Action("close_phase", SYSTEM)))
    return state


@dataclass
class Tally:
    games: int = 0
    endings: dict[str, int] = field(default_factory=lambda: {o: 0 for o in OUTCOMES})
    rounds: int = 0
    score_sums: dict[str, float] = field(default_factory=dict)
    share_sums: dict[str, float] = field(default_factory=dict)
    tops: dict[str, float] = field(default_factory=dict)

    def add(self, state: State) -> None:
        self.games += 1
        if state.outcome is None:
            raise ValueError("only a finished game is tallied")
        self.endings[state.outcome] += 1
        self.rounds += state.round
        result = scores(state)
        # Who tops a game is judged on shares of each seat's own maximum: seats' maxima differ.
        shares = score_shares(state)
        best = max(shares.values())
        leaders = [s for s, v in shares.items() if v == best]
        for seat, value in result.items():
            self.score_sums[seat] = self.score_sums.get(seat, 0.0) + value
            self.share_sums[seat] = self.share_sums.get(seat, 0.0) + shares[seat]
            # A shared lead is split, so the top shares add up to one.
            self.tops[seat] = self.tops.get(seat, 0.0) + (1 / len(leaders) if seat in leaders else 0.0)

    def summary(self) -> dict[str, Any]:
        n = max(self.games, 1)
        return {
            "games": self.games,
            "endings": {o: round(c / n, 4) for o, c in self.endings.items()},
            "mean_rounds": round(self.rounds / n, 3),
            "delegations": {
                seat: {"mean_score": round(self.score_sums[seat] / n, 3),
                       "mean_share": round(self.share_sums[seat] / n, 4),
                       "top_share": round(self.tops[seat] / n, 4)}
                for seat in self.score_sums
            },
        }


def tournament(scenario: Scenario, games: int, seed: int, temperaments: dict[str, str] | None = None,
               setup: Setup | None = None, progress: Callable[[Iterable[int]], Iterable[int]] = iter) -> Tally:
    """Play `games` bot games with seeds derived from `seed`; the same arguments give the same tally."""
    tally = Tally()
    for i in progress(range(games)):
        tally.add(play_bot_game(scenario, seed * 100_003 + i, temperaments, setup))
    return tally


def parse_temperaments(scenario: Scenario, specs: list[str]) -> dict[str, str]:
    """Read SEAT=KIND settings; `all=KIND` sets every seat, later settings win."""
    from .temperaments import TEMPERAMENTS

    chosen: dict[str, str] = {}
    for spec in specs:
        seat, sep, kind = spec.partition("=")
        if not sep or kind not in TEMPERAMENTS:
            raise ValueError(f"{spec!r}: expected SEAT=KIND with KIND one of {', '.join(TEMPERAMENTS)}")
        if seat == "all":
            chosen.update({s: kind for s in scenario.seat_ids})
        elif seat in scenario.seats_by_id:
            chosen[seat] = kind
        else:
            raise ValueError(f"{spec!r}: no seat {seat!r} in {scenario.id}; seats are {', '.join(scenario.seat_ids)}")
    return chosen
