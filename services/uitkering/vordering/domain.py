"""The vordering aggregate: terugvordering (art. 58-60) or bestuurlijke boete (art. 18a) as a ledger. Pure.

Nothing is overwritten: the balance on any date is a fold of the events up to that date (`saldo`). The
shape follows the GBI "Vordering" objecttype gemeenten use: debiteuren, deelvorderingen, aflossingen and
correcties. Verrekening with running bijstand (art. 60 lid 3) comes from the betaalrun, which keeps what
lies above the beslagvrije voet and within the aflossingsafspraak.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from dateutil.relativedelta import relativedelta

from libs.events.aggregate import GEEN_SLEUTELS, Aggregate, Sleutels
from libs.events.contracts.uitkering import (
    AflossingOntvangen,
    AflossingsafspraakGemaakt,
    Deelvordering,
    Leefvorm,
    VanVorderingAfgezien,
    VorderingGecorrigeerd,
    VorderingOpgelegd,
    WaarschuwingGegeven,
)
from libs.events.errors import Conflict, DomainError, NietGevonden
from libs.events.registry import EventData
from libs.events.stamps import NU, VANDAAG

from .. import maatregelen
from ..stand import OngeldigeOpgave, Uitkering
from ..verordening import Afstemmingsverordening

VORDERING = "vordering"
AFZIEN_NA = relativedelta(years=10)  # art. 58 lid 7 onder a-c
AFKOOP_MINIMUM = Decimal("0.50")  # art. 58 lid 7 onder d: a lump sum of at least half of the rest

GRONDEN = {
    "58.1": "art. 58 lid 1 (schending van de inlichtingenplicht, art. 17: verplicht)",
    "58.2.a": "art. 58 lid 2 onder a (ten onrechte of tot een te hoog bedrag verleend)",
    "58.2.d": "art. 58 lid 2 onder d (voorschot zonder recht)",
    "58.2.e": "art. 58 lid 2 onder e (anderszins onverschuldigd betaald, redelijkerwijs te begrijpen)",
    "58.2.f": "art. 58 lid 2 onder f (middelen later ontvangen over de bijstandsperiode)",
}


class VorderingNietGevonden(NietGevonden):
    """No vordering with this id in the caller's gemeenten."""

    title = "Vordering niet gevonden"


class OngeldigeVordering(DomainError):
    """A vordering, afspraak or payment that does not fit."""

    status = 422
    title = "Ongeldige vordering"


class VorderingAfgelost(Conflict):
    """Nothing is left to pay or waive."""

    title = "Vordering afgelost"


@dataclass(frozen=True)
class Vordering:
    """State of a vordering: what was claimed and everything since, in order."""

    opgelegd: VorderingOpgelegd
    afspraak: AflossingsafspraakGemaakt | None = None
    mutaties: tuple[EventData, ...] = ()
    versie: int = 0

    @property
    def gemeente(self) -> str:
        """The gemeente that claims."""
        return self.opgelegd.gemeente

    def saldo(self, op: date | None = None) -> Decimal:
        """What is still owed at the end of `op` (default: now), folded from the ledger."""
        saldo = self.opgelegd.bedrag if op is None or self.opgelegd.opgelegd_op.date() <= op else Decimal(0)
        for mutatie in self.mutaties:
            dag = _dag(mutatie)
            if op is not None and dag > op:
                continue
            if isinstance(mutatie, AflossingOntvangen):
                saldo -= mutatie.bedrag
            elif isinstance(mutatie, VorderingGecorrigeerd):
                saldo += mutatie.bedrag
            elif isinstance(mutatie, VanVorderingAfgezien):
                saldo -= mutatie.bedrag
        return saldo

    @property
    def verrekenbaar(self) -> bool:
        """Whether the betaalrun sets it off (`verrekenbaar`)."""
        return verrekenbaar(self.opgelegd)

    def per_maand(self) -> Decimal | None:
        """The agreed monthly amount, if any."""
        return self.afspraak.bedrag_per_maand if self.afspraak else None


def verrekenbaar(opgelegd: VorderingOpgelegd) -> bool:
    """Art. 60 lid 3: a lid-1 terugvordering and a boete are set off against running bijstand."""
    return opgelegd.grond.startswith("art. 58 lid 1") or opgelegd.soort == "boete"


def _dag(event: EventData) -> date:
    if isinstance(event, AflossingOntvangen):
        return event.datum
    if isinstance(event, VorderingGecorrigeerd):
        return event.gecorrigeerd_op.date()
    if isinstance(event, VanVorderingAfgezien):
        return event.afgezien_op.date()
    raise TypeError(event)


def leg_op(
    *,
    vordering_id: UUID,
    uitkering_id: UUID,
    klant_id: UUID,
    gemeente: str,
    soort: str,
    grond: str,
    deelvorderingen: list[Deelvordering],
    debiteuren: list[str],
    berekening: dict[str, str],
    op: datetime,
    door: str,
) -> list[EventData]:
    """A new vordering of the sum of its parts; there must be something to claim."""
    bedrag = sum((d.bedrag for d in deelvorderingen), Decimal(0))
    if bedrag <= 0:
        raise OngeldigeVordering("er is niets terug te vorderen: geen te veel betaalde maanden die nog open staan")
    return [
        VorderingOpgelegd(
            vordering_id=vordering_id,
            uitkering_id=uitkering_id,
            klant_id=klant_id,
            gemeente=gemeente,
            soort=soort,
            grond=grond,
            deelvorderingen=deelvorderingen,
            bedrag=bedrag,
            debiteuren=debiteuren,
            berekening=berekening,
            opgelegd_op=op,
            opgelegd_door=door,
        )
    ]


@dataclass(frozen=True)
class VorderTerug:
    """Command: claim back every paid month's te veel betaald that no vordering covers yet."""

    vordering_id: UUID
    grond: str
    per_maand: Decimal | None
    uitkering_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class MaakAfspraak:
    """Command: an aflossingsafspraak."""

    bedrag_per_maand: Decimal
    vanaf: date
    op: datetime = NU
    vordering_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class LosAf:
    """Command: a payment received on the vordering."""

    bedrag: Decimal
    datum: date
    op: datetime = NU
    vordering_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class KoopAf:
    """Command: a lump sum for the rest (art. 58 lid 7 onder d)."""

    bedrag: Decimal
    datum: date
    op: datetime = NU
    vordering_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class Corrigeer:
    """Command: a correction, interest or costs (art. 58 lid 5)."""

    bedrag: Decimal
    soort: str
    reden: str
    op: datetime = NU
    vordering_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class ZieAf:
    """Command: waive the rest after 10 years (art. 58 lid 7 onder a-c)."""

    vandaag: date = VANDAAG
    op: datetime = NU
    vordering_id: UUID = field(kw_only=True)


def maak_afspraak(state: Vordering, command: MaakAfspraak) -> list[EventData]:
    """An aflossingsafspraak (also the most a betaalrun keeps by verrekening per month)."""
    bedrag_per_maand, vanaf, op = command.bedrag_per_maand, command.vanaf, command.op
    if bedrag_per_maand <= 0:
        raise OngeldigeVordering("een aflossing per maand is meer dan nul")
    return [
        AflossingsafspraakGemaakt(
            vordering_id=state.opgelegd.vordering_id,
            klant_id=state.opgelegd.klant_id,
            bedrag_per_maand=bedrag_per_maand,
            vanaf=vanaf,
            gemaakt_op=op,
        )
    ]


def ontvang(
    state: Vordering,
    bedrag: Decimal,
    *,
    wijze: str,
    datum: date,
    op: datetime,
    betaalrun_id: UUID | None = None,
    periode: date | None = None,
) -> list[EventData]:
    """A payment, never more than is owed."""
    if bedrag <= 0 or bedrag > state.saldo():
        raise OngeldigeVordering(f"een aflossing ligt tussen 0 en het saldo ({state.saldo()})")
    return [
        AflossingOntvangen(
            vordering_id=state.opgelegd.vordering_id,
            klant_id=state.opgelegd.klant_id,
            bedrag=bedrag,
            wijze=wijze,
            datum=datum,
            betaalrun_id=betaalrun_id,
            periode=periode,
            ontvangen_op=op,
        )
    ]


def verreken(
    vordering_id: UUID,
    klant_id: UUID,
    saldo: Decimal,
    bedrag: Decimal,
    *,
    datum: date,
    op: datetime,
    betaalrun_id: UUID,
    periode: date,
) -> list[EventData]:
    """A verrekening booked in a betaalrun, against the saldo the run read in the same transaction."""
    if bedrag <= 0 or bedrag > saldo:
        raise OngeldigeVordering(f"een verrekening ligt tussen 0 en het saldo ({saldo})")
    return [
        AflossingOntvangen(
            vordering_id=vordering_id,
            klant_id=klant_id,
            bedrag=bedrag,
            wijze="verrekening",
            datum=datum,
            betaalrun_id=betaalrun_id,
            periode=periode,
            ontvangen_op=op,
        )
    ]


def los_af(state: Vordering, command: LosAf) -> list[EventData]:
    """A payment received from the debtor."""
    return ontvang(state, command.bedrag, wijze="betaling", datum=command.datum, op=command.op)


def corrigeer(state: Vordering, command: Corrigeer) -> list[EventData]:
    """A correction, interest or costs (art. 58 lid 5); the saldo never goes below zero."""
    bedrag, soort, reden, op = command.bedrag, command.soort, command.reden, command.op
    if bedrag == 0 or state.saldo() + bedrag < 0:
        raise OngeldigeVordering("een correctie verandert het saldo en maakt het niet negatief")
    return [
        VorderingGecorrigeerd(
            vordering_id=state.opgelegd.vordering_id,
            klant_id=state.opgelegd.klant_id,
            bedrag=bedrag,
            soort=soort,
            reden=reden,
            gecorrigeerd_op=op,
        )
    ]


def koop_af(state: Vordering, command: KoopAf) -> list[EventData]:
    """Art. 58 lid 7 onder d: a lump sum of at least 50% of the rest, and the rest is waived."""
    bedrag, datum, op = command.bedrag, command.datum, command.op
    saldo = state.saldo()
    if saldo <= 0:
        raise VorderingAfgelost("de vordering is al afgelost")
    if bedrag < saldo * AFKOOP_MINIMUM:
        raise OngeldigeVordering(f"een afkoopsom is ten minste 50% van het saldo: {saldo * AFKOOP_MINIMUM}")
    betaling = ontvang(state, min(bedrag, saldo), wijze="betaling", datum=datum, op=op)
    rest = saldo - min(bedrag, saldo)
    if rest <= 0:
        return betaling
    return [
        *betaling,
        VanVorderingAfgezien(
            vordering_id=state.opgelegd.vordering_id,
            klant_id=state.opgelegd.klant_id,
            bedrag=rest,
            reden="afkoopsom van ten minste 50% van het saldo",
            artikel="art. 58 lid 7 onder d",
            afgezien_op=op,
        ),
    ]


def zie_af_na_tien_jaar(state: Vordering, command: ZieAf) -> list[EventData]:
    """Art. 58 lid 7 onder a-c: after 10 years the rest may be waived."""
    vandaag, op = command.vandaag, command.op
    saldo = state.saldo()
    if saldo <= 0:
        raise VorderingAfgelost("de vordering is al afgelost")
    tien_jaar = state.opgelegd.opgelegd_op.date() + AFZIEN_NA
    if vandaag < tien_jaar:
        raise OngeldigeVordering(f"afzien na tien jaar kan vanaf {tien_jaar.isoformat()} (art. 58 lid 7)")
    return [
        VanVorderingAfgezien(
            vordering_id=state.opgelegd.vordering_id,
            klant_id=state.opgelegd.klant_id,
            bedrag=saldo,
            reden="tien jaar na het besluit tot terugvordering",
            artikel="art. 58 lid 7 onder a-c",
            afgezien_op=op,
        )
    ]


def evolve(state: Vordering | None, event: EventData, sleutels: Sleutels = GEEN_SLEUTELS) -> Vordering | None:
    """A vordering after one more event."""
    if isinstance(event, VorderingOpgelegd):
        return Vordering(event, versie=1)
    if state is None:
        return None
    if isinstance(event, AflossingsafspraakGemaakt):
        return replace(state, afspraak=event, versie=state.versie + 1)
    if isinstance(event, AflossingOntvangen | VorderingGecorrigeerd | VanVorderingAfgezien):
        return replace(state, mutaties=(*state.mutaties, event), versie=state.versie + 1)
    return replace(state, versie=state.versie + 1)


VORDERINGEN: Aggregate[Vordering] = Aggregate(
    VORDERING,
    evolve,
    gemeente=lambda v: v.gemeente,
    not_found=VorderingNietGevonden,
    subject=lambda v: v.opgelegd.klant_id,
    verified=True,
)


# --- bestuurlijke boete (art. 18a) --------------------------------------------------------------------


@dataclass(frozen=True)
class Beboet:
    """Command: a boete (or a written warning instead) for the benadeling of a terugvordering."""

    boete_id: UUID
    verwijtbaarheid: str
    waarschuwing: bool
    vandaag: date = VANDAAG
    op: datetime = NU
    door: str = ""
    vordering_id: UUID = field(kw_only=True)  # the terugvordering whose benadeling is beboet


class GeenWaarschuwing(DomainError):
    """Art. 18a lid 4: no warning above the limit, or within 2 years of an earlier one."""

    status = 422
    title = "Geen waarschuwing mogelijk"


def beboet(
    state: Uitkering,
    terugvordering: VorderingOpgelegd,
    command: Beboet,
    *,
    eerdere_boetes: Sequence[date],
    eerdere_waarschuwingen: Sequence[date],
    verordening: Afstemmingsverordening,
) -> tuple[list[EventData], list[EventData]]:
    """The events for the uitkering (a warning) and for a new boete vordering (the boete), one of the two."""
    c = command
    if terugvordering.grond != GRONDEN["58.1"]:
        raise OngeldigeOpgave("een boete volgt op een schending van de inlichtingenplicht (art. 58 lid 1, art. 18a)")
    benadeling = terugvordering.bedrag
    if c.waarschuwing:
        if not maatregelen.waarschuwing_mogelijk(
            benadeling, c.vandaag, eerdere_waarschuwingen, verordening.waarschuwing_tot
        ):
            raise GeenWaarschuwing(
                f"een waarschuwing kan tot een benadeling van {verordening.waarschuwing_tot} en niet binnen twee jaar "
                "na een eerdere (art. 18a lid 4)"
            )
        waarschuwing = WaarschuwingGegeven(
            uitkering_id=state.uitkering_id,
            klant_id=state.aanvraag.klant_id,
            gemeente=state.gemeente,
            vordering_id=terugvordering.vordering_id,
            benadelingsbedrag=benadeling,
            gegeven_op=c.op,
        )
        return [waarschuwing], []
    if c.verwijtbaarheid not in verordening.ladder:
        raise OngeldigeOpgave(f"verwijtbaarheid is een van {', '.join(verordening.ladder)}")
    uitkomst = maatregelen.boete(
        benadeling, c.verwijtbaarheid, dag=c.vandaag, eerdere_boetes=eerdere_boetes, verordening=verordening
    )
    berekening = {
        "benadelingsbedrag": str(uitkomst.benadelingsbedrag),
        "verwijtbaarheid": c.verwijtbaarheid,
        "percentage": str(uitkomst.percentage),
        "recidive binnen 5 jaar": "ja (x 1,5, art. 18a lid 5)" if uitkomst.recidive else "nee",
        "categorie": f"{uitkomst.categorie}e categorie art. 23 Sr",
        "maximum": str(uitkomst.maximum),
        "bron": uitkomst.bron,
        "beleid": verordening.bron,
    }
    debiteuren = ["aanvrager", "partner"] if state.aanvraag.huishouden.leefvorm is Leefvorm.GEHUWD else ["aanvrager"]
    boete = VorderingOpgelegd(
        vordering_id=c.boete_id,
        uitkering_id=state.uitkering_id,
        klant_id=state.aanvraag.klant_id,
        gemeente=state.gemeente,
        soort="boete",
        grond="art. 18a lid 1" + (" en lid 5" if uitkomst.recidive else ""),
        deelvorderingen=[
            Deelvordering(
                periode=None, bedrag=uitkomst.bedrag, omschrijving=f"boete over vordering {terugvordering.vordering_id}"
            )
        ],
        bedrag=uitkomst.bedrag,
        debiteuren=debiteuren,
        berekening=berekening,
        opgelegd_op=c.op,
        opgelegd_door=c.door,
    )
    if uitkomst.bedrag <= 0:
        raise OngeldigeOpgave(
            "zonder benadeling geen boete van een bedrag (art. 18a lid 3: ten hoogste de 2e categorie)"
        )
    return [], [boete]
