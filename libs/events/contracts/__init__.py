"""Event contracts of every service, one module per producing service, in one registry."""

from ..registry import EventRegistry
from . import intake

registry = EventRegistry()
registry.register(intake.AanmeldingOntvangen)
registry.register(intake.DiagnoseVastgesteld)

__all__ = ["intake", "registry"]
