"""The terms of an aanvraag: the beslistermijn (Awb 4:13) and the voorschot (Participatiewet art. 52). Pure."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal

from libs.events.errors import DomainError
from libs.events.stamps import vandaag_in_nederland as vandaag_in_nederland
from libs.termijnen import einde_termijn

BESLISTERMIJN = timedelta(weeks=8)  # Awb art. 4:13 lid 2
VOORSCHOT_NA = timedelta(weeks=4)  # Participatiewet art. 52 lid 1
VOORSCHOT_MINIMUM = Decimal("0.95")  # at least 95% of the expected bijstand


def beslistermijn(aanvraagdatum: date) -> date:
    """The last day to decide: 8 weeks after the aanvraag, moved past a weekend or feestdag (Atw art. 1)."""
    return einde_termijn(aanvraagdatum + BESLISTERMIJN)


def voorschot_uiterlijk(aanvraagdatum: date) -> date:
    """When the right is not set 4 weeks after the aanvraag, a voorschot is due (if the facts allow it)."""
    return einde_termijn(aanvraagdatum + VOORSCHOT_NA)


def minimum_voorschot(verwachte_bijstand: Decimal) -> Decimal:
    """At least 95% of the expected monthly bijstand, rounded up to the cent (never below the minimum)."""
    return (verwachte_bijstand * VOORSCHOT_MINIMUM).quantize(Decimal("0.01"), rounding=ROUND_CEILING)


def eerste_betaaldag(periode: date, vanaf_dag: int) -> date:
    """The first day money for a month may leave: day `vanaf_dag` (1-28) of the month before it."""
    return (periode.replace(day=1) - timedelta(days=1)).replace(day=vanaf_dag)


class NogNietBetaalbaar(DomainError):
    """Money for a month leaves only from its first betaaldag: no betaalrun or voorschot ahead of time."""

    status = 422
    title = "Maand nog niet betaalbaar"


def betaalbaar(periode: date, vandaag: date, eerste_betaaldag: date) -> None:
    """Refuse paying `periode` before its first betaaldag, naming that day."""
    if vandaag < eerste_betaaldag:
        raise NogNietBetaalbaar(
            f"{periode:%Y-%m} kan pas vanaf {eerste_betaaldag.isoformat()} betaald worden (vandaag is "
            f"{vandaag.isoformat()})"
        )
