"""Handhaving's timers: the reconciliation of the audit store against every producer's store."""

from __future__ import annotations

from libs.events.runtime import Runtime, Timer

from .reconciliatie import Reconciliatie
from .settings import Settings


def timers(runtime: Runtime) -> dict[str, Timer]:
    """Handhaving's timers by name (reported in /ready)."""
    settings = runtime.settings if isinstance(runtime.settings, Settings) else Settings()
    reconciliatie = Reconciliatie(
        runtime, settings.reconciliatie_interval_s, settings.reconciliatie_marge_s, settings.producent_sleutels()
    )
    return {"reconciliatie": reconciliatie}
