"""Event contracts of every service, one module per producing service (libs/events/services.py), in one registry."""

import importlib

from ..registry import EventRegistry
from ..services import SERVICES
from . import handhaving, intake, matching, trajecten, uitkering, verwerkingen, werkgevers

registry = EventRegistry()
for _service in SERVICES:
    for _contract in importlib.import_module(f"{__name__}.{_service.name}").CONTRACTS:
        registry.register(_contract)
# Every service logs its processings of personal data on its own topic (who looked).
for _contract in verwerkingen.CONTRACTS:
    registry.register(_contract)
registry.upcaster("DiagnoseVastgesteld", 1)(intake.upcast_diagnose_v1)
registry.upcaster("LoonkostensubsidieToegekend", 1)(matching.upcast_lks_v1)

__all__ = ["handhaving", "intake", "matching", "registry", "trajecten", "uitkering", "verwerkingen", "werkgevers"]
