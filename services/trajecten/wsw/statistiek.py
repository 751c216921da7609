"""The Statistiek Wsw: one record per person per half year (Regeling uitvoering Wsw en begeleid werken art. 11-12a and
its bijlage). Pure.

The record is the state on the last day of the half year, or on the last day in the bestand for who left in it;
reporting stops after the outflow (reference §3.7). A change between dienstbetrekking and begeleid werken is not
outflow: a medewerker in begeleid werken on that day fills the begeleid werken fields instead of the
dienstbetrekking's hours. The fields the platform does not hold (sex, handicap codes, indicatie dates, doelgroep
decision, advice werkvorm, % of contractloon paid, destination) stay empty, for the SW-bedrijf's HR system to fill.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from libs.events.contracts.trajecten import Arbeidshandicap, Detacheringsoort, Werkvorm

from .domain import Medewerker, Stand

KOLOMMEN = (
    "statistiekjaar",
    "halfjaar",
    "verantwoordelijke_gemeente",
    "betalende_gemeente",
    "bsn",
    "geboortedatum",
    "geslacht",
    "gemeente_inschrijving",
    "handicapcode_1",
    "handicapcode_2",
    "handicapcode_3",
    "indicatie_aanvraagdatum",
    "indicatie_besluitdatum",
    "indicatie_einde",
    "doelgroepbeslissing",
    "arbeidshandicap",
    "advies_werkvorm",
    "dienstbetrekking_begin",
    "detachering",
    "dienstbetrekking_einde",
    "contracturen_per_week",
    "percentage_contractloon",
    "begeleid_werken_begin",
    "begeleid_werken_einde",
    "begeleid_werken_uren",
    "percentage_begeleid_werken",
    "uitstroom_reden",
    "uitstroom_bestemming",
)
ARBEIDSHANDICAP = {Arbeidshandicap.MATIG: "2", Arbeidshandicap.ERNSTIG: "3"}  # 1 (licht) not after 1-1-2005
# Detachering: 1 none, 2 individual, 3 group; a running detachering says which, else the werkvorm does.
DETACHERING_SOORT = {Detacheringsoort.INDIVIDUEEL: "2", Detacheringsoort.GROEP: "3"}
DETACHERING_WERKVORM = {
    Werkvorm.BESCHUT_BINNEN: "1",
    Werkvorm.INDIVIDUELE_DETACHERING: "2",
    Werkvorm.GROEPSDETACHERING: "3",
    Werkvorm.BEGELEID_WERKEN: "1",
}
AOW = "aow"  # the indicatie lapsed by age (Wsw art. 12 lid 2 a); not recorded, so named here


def halfjaar_grenzen(jaar: int, halfjaar: int) -> tuple[date, date]:
    """The first and last day of a half year (1: January-June, 2: July-December)."""
    return (date(jaar, 1, 1), date(jaar, 6, 30)) if halfjaar == 1 else (date(jaar, 7, 1), date(jaar, 12, 31))


def _begeleid_sinds(stand: Stand, dag: date) -> date:
    """The first day of the unbroken run of begeleid werken that `dag` is in (a change of hours is not a new start)."""
    sinds = dag
    for p in reversed([p for p in stand.perioden if p.per <= dag]):
        if p.werkvorm is not Werkvorm.BEGELEID_WERKEN:
            break
        sinds = p.per
    return sinds


def record(
    medewerker: Medewerker, stand: Stand, gemeente: str, jaar: int, halfjaar: int, geboortedatum: str | None
) -> dict[str, Any] | None:
    """The half year's record of one medewerker paid by `gemeente`, without the person's fields read elsewhere (BSN,
    gemeente of inschrijving); None when not in the bestand at any day of the half year."""
    begin, eind = halfjaar_grenzen(jaar, halfjaar)
    if stand.indienst > eind or (stand.einde is not None and stand.einde <= begin):
        return None
    uit = stand.einde if stand.einde is not None and stand.einde <= eind else None
    dag = uit - timedelta(days=1) if uit else eind
    periode = stand.periode(dag)
    begeleid = periode.werkvorm is Werkvorm.BEGELEID_WERKEN
    lopend = [d for d in medewerker.detacheringen if d.gestart.van <= dag and (d.tot is None or d.tot >= dag)]
    if begeleid:
        detachering = None
    elif lopend:
        detachering = DETACHERING_SOORT[lopend[0].gestart.soort]
    else:
        detachering = DETACHERING_WERKVORM[periode.werkvorm]
    reden = None
    if uit is not None:
        u = medewerker.uitstroom
        reden = u.reden.value if u is not None and u.per == uit else AOW
    rij: dict[str, Any] = dict.fromkeys(KOLOMMEN)
    rij |= {
        "statistiekjaar": jaar,
        "halfjaar": halfjaar,
        "verantwoordelijke_gemeente": gemeente,  # no WGR-verband is modelled: the paying gemeente answers for it
        "betalende_gemeente": gemeente,
        "geboortedatum": geboortedatum,
        "arbeidshandicap": ARBEIDSHANDICAP[medewerker.geregistreerd.arbeidshandicap],
        "dienstbetrekking_begin": medewerker.geregistreerd.indienst,
        "detachering": detachering,
        "dienstbetrekking_einde": dag if uit else None,
        "contracturen_per_week": None if begeleid else periode.uren_per_week,
        "begeleid_werken_begin": _begeleid_sinds(stand, dag) if begeleid else None,
        "begeleid_werken_einde": dag if begeleid and uit else None,
        "begeleid_werken_uren": periode.uren_per_week if begeleid else None,
        "uitstroom_reden": reden,
    }
    return rij
