"""Event contracts of every service, one module per producing service, in one registry."""

from ..registry import EventRegistry
from . import intake, matching, werkgevers

registry = EventRegistry()
for _contract in (*intake.CONTRACTS, *werkgevers.CONTRACTS, *matching.CONTRACTS):
    registry.register(_contract)
registry.upcaster("DiagnoseVastgesteld", 1)(intake.upcast_diagnose_v1)

__all__ = ["intake", "matching", "registry", "werkgevers"]
