"""Statutory terms counted the way the Algemene termijnenwet counts them, one calendar for every service.

Art. 3 Atw: a term does not end on a Saturday, a Sunday or an algemeen erkende feestdag: Nieuwjaarsdag,
Goede Vrijdag, tweede Paasdag, Koningsdag, 5 mei (every year, not only in lustrum years), Hemelvaartsdag,
tweede Pinksterdag and both Kerstdagen. The `holidays` package's Dutch calendar has these days in its
public and optional categories together; its public category alone lacks 5 mei outside lustrum years.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import holidays

ARTIKEL = "Algemene termijnenwet art. 3"


@cache
def feestdagen(jaar: int) -> frozenset[date]:
    """The algemeen erkende feestdagen of one year (Atw art. 3)."""
    return frozenset(holidays.country_holidays("NL", years=jaar, categories=("public", "optional")))


def is_werkdag(dag: date) -> bool:
    """Monday to Friday, and not an algemeen erkende feestdag."""
    return dag.weekday() < 5 and dag not in feestdagen(dag.year)


def plus_werkdagen(start: date, aantal: int) -> date:
    """The date `aantal` working days after `start` (start itself does not count)."""
    dag = start
    resterend = aantal
    while resterend > 0:
        dag += timedelta(days=1)
        if is_werkdag(dag):
            resterend -= 1
    return dag


def einde_termijn(dag: date) -> date:
    """Atw art. 1: a statutory term that ends on a Saturday, Sunday or feestdag ends on the next working day."""
    while not is_werkdag(dag):
        dag += timedelta(days=1)
    return dag
