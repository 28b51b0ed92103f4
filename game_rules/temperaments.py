"""Bot temperaments: how much a scripted delegation cares about what.

Weights, not code paths, so every temperament plays through the same bot.
  tension     value of one step up the tension ladder (negative: dislikes escalation)
  objectives  value of one point of its own secret objectives
  standing    value of one point of its own support and credibility
  agreement   how readily it signs: added to a proposal's value before deciding
  proposes    chance per round that it tables a proposal
  spoil       value of one point lost by the other delegations (spoilers enjoy it)
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Temperament:
    name: str
    tension: float
    objectives: float
    standing: float
    agreement: float
    proposes: float
    spoil: float = 0.0


TEMPERAMENTS: dict[str, Temperament] = {
    t.name: t
    for t in (
        Temperament("hawk", tension=0.6, objectives=1.0, standing=0.6, agreement=-2.0, proposes=0.1),
        Temperament("dove", tension=-1.2, objectives=0.8, standing=0.4, agreement=2.0, proposes=0.4),
        Temperament("mediator", tension=-0.9, objectives=0.8, standing=0.5, agreement=1.5, proposes=0.8),
        Temperament("spoiler", tension=0.4, objectives=0.8, standing=0.3, agreement=-3.0, proposes=0.05, spoil=0.5),
        Temperament("pragmatist", tension=-0.3, objectives=1.2, standing=0.6, agreement=0.0, proposes=0.3),
    )
}
