"""Per paid month: what the klant received, what is owed now, and the vakantietoeslag ledger. Pure.

Every amount is tied to the month it belongs to, so a late fact settles exactly that month:

- the **vakantietoeslag** is reserved per month on the month's bijstand as now vastgesteld (art. 19 lid 3) and
  paid by the first run in or after the June that follows the month (art. 45 lid 1: June pays the months
  before it; a run that covers June late pays them too), or by the first run after the uitkering ended;
- while a month's vakantietoeslag is unpaid, a lower bijstand only lowers the reserve: what is owed for the
  month is its monthly part. Once paid, what is owed is the whole bijstand of the month;
- the **verschil** of a month is what is owed now minus what the klant kept of it (received, minus what a
  vordering already claims for it). Below zero it is te veel betaald (terugvordering, art. 58), above zero te
  weinig (nabetaling in the next run). Neither is ever counted twice: each settles into `ontvangen` or into a
  vordering, and the next verschil is taken after it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal

from libs.events.bedragen import CENT

from ..vermogen import splits_vakantietoeslag

VT_MAAND = 6  # June (art. 45 lid 1)
GEEN = Decimal("0.00")


def vt_betaalmaand(periode: date) -> date:
    """The first run month that pays the vakantietoeslag of `periode`: the June after it (art. 45 lid 1)."""
    jaar = periode.year if periode.month < VT_MAAND else periode.year + 1
    return date(jaar, VT_MAAND, 1)


@dataclass(frozen=True)
class Maandrekening:
    """One paid month: vastgesteld now, received in total, vakantietoeslag paid (None: still reserved), claimed."""

    periode: date
    vastgesteld: Decimal
    ontvangen: Decimal
    vt_betaald: Decimal | None
    gevorderd: Decimal

    @property
    def vakantietoeslag(self) -> Decimal:
        """The vakantietoeslag of the month as now vastgesteld."""
        return splits_vakantietoeslag(self.vastgesteld, self.periode).vakantietoeslag

    @property
    def verschuldigd(self) -> Decimal:
        """What the klant is owed for the month so far: the monthly part, and the vakantietoeslag once paid."""
        if self.vt_betaald is not None:
            return self.vastgesteld
        return splits_vakantietoeslag(self.vastgesteld, self.periode).uit_te_betalen

    @property
    def verschil(self) -> Decimal:
        """Owed minus kept: positive is te weinig betaald, negative te veel betaald."""
        return self.verschuldigd - (self.ontvangen - self.gevorderd)


def maandrekeningen(
    vastgesteld: Mapping[date, Decimal],
    ontvangen: Mapping[date, Decimal],
    vt_betaald: Mapping[date, Decimal],
    gevorderd: Mapping[date, Decimal],
) -> list[Maandrekening]:
    """Every paid month's account, oldest first."""
    return [
        Maandrekening(p, vastgesteld[p], ontvangen.get(p, GEEN), vt_betaald.get(p), gevorderd.get(p, GEEN))
        for p in sorted(vastgesteld)
    ]


def te_veel(rekeningen: list[Maandrekening]) -> list[tuple[date, Decimal]]:
    """Per month: what the klant kept above what is owed now and no vordering claims yet."""
    return [(r.periode, -r.verschil) for r in rekeningen if r.verschil < 0]


def te_weinig(rekeningen: list[Maandrekening]) -> list[tuple[date, Decimal]]:
    """Per month: what is owed now above what the klant kept (the nabetaling)."""
    return [(r.periode, r.verschil) for r in rekeningen if r.verschil > 0]


def open_vakantietoeslag(
    vastgesteld: Mapping[date, Decimal], vt_betaald: Mapping[date, Decimal], run: date, na_einde: bool
) -> dict[date, Decimal]:
    """The reserved vakantietoeslag a run of month `run` pays: every unpaid month whose June has come, or all
    unpaid months once the uitkering has ended (art. 45 lid 1), each on its bijstand as now vastgesteld."""
    return {
        p: splits_vakantietoeslag(bijstand, p).vakantietoeslag
        for p, bijstand in vastgesteld.items()
        if p not in vt_betaald and (na_einde or vt_betaalmaand(p) <= run)
    }


def naar_beneden(bedrag: Decimal) -> Decimal:
    """Down to whole cents: room above the beslagvrije voet never takes a part of a cent below it."""
    return bedrag.quantize(CENT, rounding=ROUND_DOWN)
