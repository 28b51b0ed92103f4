"""Scenarios are data: YAML files validated by marshmallow schemas into frozen values."""
from .loader import builtin_ids, load_scenario
from .model import Card, Clause, Event, Scenario, Seat

__all__ = ["builtin_ids", "load_scenario", "Card", "Clause", "Event", "Scenario", "Seat"]
