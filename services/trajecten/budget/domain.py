"""The gemeente's re-integratie budget lines, as entered per year and funding channel (never derived), and the
definitions of what the ledger and the keuzes count. Pure.

The Rijk earmarks none of this money (werk-naar-vermogen §1.7): a line is the gemeente's own figure from its
begroting, with the channel it comes from and its source. A voorziening is charged to one line of the klant's
gemeente, also when the region bought it (the rule the BUIG budget uses: the klant's gemeente pays).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from libs.events.aggregate import GEEN_SLEUTELS, Aggregate, Sleutels
from libs.events.contracts.trajecten import BudgetregelBijgesteld, BudgetregelVastgesteld, Kanaal
from libs.events.errors import Conflict, DomainError, NietGevonden
from libs.events.registry import EventData
from libs.events.stamps import NU

BUDGETREGEL = "budgetregel"

# The keuzes count work within these many months after a voorziening ended (docs/trajecten.md#keuzes).
WERK_BINNEN = (6, 12)


class BudgetregelNietGevonden(NietGevonden):
    """No budget line with this id in the caller's gemeenten."""

    title = "Budgetregel niet gevonden"


class BudgetregelBestaatAl(Conflict):
    """The gemeente has a line with this name for this year."""

    title = "Budgetregel bestaat al"


class VerkeerdeBudgetregel(DomainError):
    """The line is not the klant's gemeente's, or not of the year the voorziening starts."""

    status = 422
    title = "Verkeerde budgetregel"


@dataclass(frozen=True)
class Budgetregel:
    """A budget line as it stands."""

    regel_id: UUID
    gemeente: str
    jaar: int
    naam: str
    kanaal: Kanaal
    bedrag: Decimal
    bron: str


@dataclass(frozen=True)
class StelBudgetregelVast:
    """Command: a line of the gemeente's re-integratie budget for a year."""

    regel_id: UUID
    gemeente: str
    jaar: int
    naam: str
    kanaal: Kanaal
    bedrag: Decimal
    bron: str
    op: datetime = NU


@dataclass(frozen=True)
class StelBudgetregelBij:
    """Command: a begrotingswijziging of one line."""

    bedrag: Decimal
    bron: str
    op: datetime = NU
    regel_id: UUID = field(kw_only=True)


def stel_vast(command: StelBudgetregelVast) -> list[EventData]:
    """A new line, with its source."""
    c = command
    return [
        BudgetregelVastgesteld(
            regel_id=c.regel_id,
            gemeente=c.gemeente,
            jaar=c.jaar,
            naam=c.naam,
            kanaal=c.kanaal,
            bedrag=c.bedrag,
            bron=c.bron,
            vastgesteld_op=c.op,
        )
    ]


def stel_bij(state: Budgetregel, command: StelBudgetregelBij) -> list[EventData]:
    """The new amount, the old one kept in the event (nothing when it does not change)."""
    if command.bedrag == state.bedrag:
        return []
    return [
        BudgetregelBijgesteld(
            regel_id=state.regel_id,
            gemeente=state.gemeente,
            jaar=state.jaar,
            van=state.bedrag,
            naar=command.bedrag,
            bron=command.bron,
            bijgesteld_op=command.op,
        )
    ]


def past(regel: Budgetregel, gemeente: str, startdatum: date) -> None:
    """A voorziening is charged to a line of the klant's gemeente for the year it starts in."""
    if regel.gemeente != gemeente or regel.jaar != startdatum.year:
        raise VerkeerdeBudgetregel(
            f"de voorziening komt ten laste van een budgetregel van {gemeente} voor {startdatum.year}",
            velden={"budgetregelId": f"kies een budgetregel van {gemeente} voor {startdatum.year}"},
        )


def evolve(state: Budgetregel | None, event: EventData, sleutels: Sleutels = GEEN_SLEUTELS) -> Budgetregel | None:
    """The line after one more event."""
    if isinstance(event, BudgetregelVastgesteld):
        e = event
        return Budgetregel(e.regel_id, e.gemeente, e.jaar, e.naam, e.kanaal, e.bedrag, e.bron)
    if state is not None and isinstance(event, BudgetregelBijgesteld):
        return replace(state, bedrag=event.naar, bron=event.bron)
    return state


BUDGETREGELS: Aggregate[Budgetregel] = Aggregate(
    BUDGETREGEL, evolve, gemeente=lambda r: r.gemeente, not_found=BudgetregelNietGevonden
)
