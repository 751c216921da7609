"""What the figures and budgets count, where an event does not say it itself. Pure."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta


def jobcoach_eerste_jaar_tot(ingangsdatum: date) -> date:
    """The last day of jobcoaching's first year, the period its `uren_eerste_jaar` covers."""
    return ingangsdatum + relativedelta(years=1) - relativedelta(days=1)
