"""Working days in the Netherlands: weekdays that are not public holidays (the `holidays` package)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import holidays


@cache
def _feestdagen(jaar: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("NL", years=jaar))


def is_werkdag(dag: date) -> bool:
    """Monday to Friday, and not a Dutch public holiday."""
    return dag.weekday() < 5 and dag not in _feestdagen(dag.year)


def plus_werkdagen(start: date, aantal: int) -> date:
    """The date `aantal` working days after `start` (start itself does not count)."""
    dag = start
    resterend = aantal
    while resterend > 0:
        dag += timedelta(days=1)
        if is_werkdag(dag):
            resterend -= 1
    return dag
