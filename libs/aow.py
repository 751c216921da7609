"""The AOW age (AOW art. 7a) as a dated parameter: 67 years for 2024-2027, 67 years and 3 months from 2028
(reference participatiewet.md §1.1). Someone reaches it on the first day on which their age is at least the AOW age
of that day. Later years follow life expectancy and are not known: past 2028 the last age known is assumed, and a
projection says so."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta

AOW_LEEFTIJD: tuple[tuple[date, relativedelta], ...] = (
    (date(2024, 1, 1), relativedelta(years=67)),
    (date(2028, 1, 1), relativedelta(years=67, months=3)),
)


def aow_datum(geboortedatum: date) -> date:
    """The day someone born on `geboortedatum` reaches the AOW age (ValueError before the table's first date)."""
    for i, (vanaf, leeftijd) in enumerate(AOW_LEEFTIJD):
        dag = geboortedatum + leeftijd
        tot = AOW_LEEFTIJD[i + 1][0] if i + 1 < len(AOW_LEEFTIJD) else None
        if dag < vanaf:
            if i == 0:
                raise ValueError(f"AOW-leeftijd voor {dag.isoformat()} staat niet in de tabel (AOW art. 7a)")
            return vanaf  # the age of the previous period was passed before this one began
        if tot is None or dag < tot:
            return dag
    raise AssertionError("unreachable")
