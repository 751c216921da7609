"""Events produced by matching (topic `matching.events`): profiles, proposals, plaatsingen, instruments, nazorg.

No contract here carries income, health or other screening details: matching never holds them.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any
from uuid import UUID

from pydantic import Field

from ..registry import EventData
from .intake import GEMEENTE_PATTERN
from .werkgevers import Contractvorm

TOPIC = "matching.events"
PC4_PATTERN = r"^[1-9]\d{3}$"


class Instrument(StrEnum):
    """Instruments a plaatsing can carry."""

    LOONKOSTENSUBSIDIE = "loonkostensubsidie"
    NO_RISK_POLIS = "no_risk_polis"
    JOBCOACH = "jobcoach"
    PROEFPLAATS = "proefplaats"
    DETACHERING = "detachering"


class Afwijsreden(StrEnum):
    """Why an employer turned a proposed candidate down (fixed list, with free text beside it)."""

    VAARDIGHEDEN = "vaardigheden_onvoldoende"
    ERVARING = "ervaring_onvoldoende"
    TAAL = "taalniveau"
    UREN = "uren_passen_niet"
    REISAFSTAND = "reisafstand"
    BESCHIKBAARHEID = "beschikbaarheid"
    VACATURE_VERVULD = "vacature_al_vervuld"
    GESPREK = "gesprek_niet_overtuigend"
    OVERIG = "overig"


class Bevinding(StrEnum):
    """Outcome of a nazorg check-in."""

    GOED = "goed"
    AANDACHT = "aandacht_nodig"
    UITVAL_DREIGT = "uitval_dreigt"
    UITGEVALLEN = "uitgevallen"


class Uitvalreden(StrEnum):
    """Why a plaatsing ended before or at its contract end (fixed list, with free text beside it)."""

    PROEFTIJD = "proeftijd_niet_doorstaan"
    ZIEKTE = "ziekte"
    DOOR_WERKGEVER = "ontslag_door_werkgever"
    DOOR_WERKNEMER = "ontslag_door_werknemer"
    CONTRACT_AFGELOPEN = "contract_niet_verlengd"
    PASTE_NIET = "werk_paste_niet"
    ANDERS = "anders"


class KandidaatprofielVastgelegd(EventData):
    """What a kandidaat can do and wants: the only profile matching scores on."""

    event_type = "KandidaatprofielVastgelegd"

    klant_id: UUID
    vaardigheden: list[str]
    gewenste_beroepen: list[str] = Field(description="ISCO-08 unit groups (4 digits)")
    uren_min: int = Field(ge=1, le=60)
    uren_max: int = Field(ge=1, le=60)
    max_reisafstand_km: int = Field(ge=1, le=250)
    postcodegebied: str | None = Field(default=None, pattern=PC4_PATTERN)
    beschikbaar_vanaf: date
    loonwaarde_indicatie: int | None = Field(default=None, ge=0, le=100, description="Percentage of WML")
    doelgroep_banenafspraak: bool
    vastgelegd_op: datetime


class KlantmanagerToegewezen(EventData):
    """A kandidaat's klantmanager changed (one at a time)."""

    event_type = "KlantmanagerToegewezen"

    klant_id: UUID
    klantmanager: str
    reden: str
    toegewezen_op: datetime


class KlantmanagerVastgelegd(EventData):
    """A klantmanager's team and size of appointment, for caseload norms."""

    event_type = "KlantmanagerVastgelegd"

    klantmanager: str
    naam: str
    team: str
    fte_procent: int = Field(ge=1, le=100, description="Appointment as a percentage of a full-time week")
    vastgelegd_op: datetime
    # Added later without a version bump: optional, and events without it decode to an empty werkgebied.
    gemeenten: list[str] = Field(default_factory=list, description="Gemeenten the klantmanager serves")


class MatchVoorgesteld(EventData):
    """A matcher proposed a kandidaat for a vacature, with the score breakdown and weights used."""

    event_type = "MatchVoorgesteld"

    voorstel_id: UUID
    vacature_id: UUID
    werkgever_id: UUID
    klant_id: UUID
    gemeente_kandidaat: str = Field(pattern=GEMEENTE_PATTERN)
    gemeente_werkplek: str = Field(pattern=GEMEENTE_PATTERN)
    score: int = Field(ge=0, le=100)
    onderdelen: dict[str, int] = Field(description="Component scores, 0-100 each")
    afstand_m: int = Field(ge=0)
    ontbrekende_vaardigheden: list[str]
    gewichten: dict[str, int]
    weging_versie: str
    toelichting: str | None
    voorgesteld_op: datetime


class MatchGeaccepteerd(EventData):
    """The employer wants the proposed kandidaat."""

    event_type = "MatchGeaccepteerd"

    voorstel_id: UUID
    vacature_id: UUID
    klant_id: UUID
    toelichting: str | None
    beantwoord_op: datetime


class MatchAfgewezen(EventData):
    """The employer turned the proposed kandidaat down, with a reason from the fixed list."""

    event_type = "MatchAfgewezen"

    voorstel_id: UUID
    vacature_id: UUID
    klant_id: UUID
    reden: Afwijsreden
    toelichting: str
    beantwoord_op: datetime


class PlaatsingGerealiseerd(EventData):
    """An accepted proposal became work: start date, contract and the instruments that go with it."""

    event_type = "PlaatsingGerealiseerd"

    plaatsing_id: UUID
    voorstel_id: UUID
    vacature_id: UUID
    werkgever_id: UUID
    klant_id: UUID
    gemeente_kandidaat: str = Field(pattern=GEMEENTE_PATTERN)
    gemeente_werkplek: str = Field(pattern=GEMEENTE_PATTERN)
    startdatum: date
    einddatum: date | None
    contractvorm: Contractvorm
    uren_per_week: int = Field(ge=1, le=60)
    instrumenten: list[Instrument]
    gerealiseerd_op: datetime


class LoonkostensubsidieToegekend(EventData):
    """LKS per art. 10d Pw with every parameter used, so the amount can be re-checked.

    v2: the base is the monthly WML of art. 8 lid 1 b Wet minimumloon pro rata 36 hours (v1 used the
    hourly WML x 52/12), with the jeugdminimumloon share under 21, the peildatum whose WML was used,
    whether the amount is provisional, and the articles. v1 events are upcast as what they were:
    adult WML, not provisional, with the v1 method named in `artikelen`.
    """

    event_type = "LoonkostensubsidieToegekend"
    schema_version = 2

    plaatsing_id: UUID
    klant_id: UUID
    werkgever_id: UUID
    loonwaarde_procent: int | None = Field(description="Measured loonwaarde; null for the flat 50% period")
    forfaitair: bool
    subsidiepercentage: Decimal
    begrensd_op_70_procent: bool
    uren_per_week: Decimal
    wml_per_maand: Decimal | None = Field(description="Monthly minimum wage used (jeugdminimumloon under 21)")
    minimumloon_aandeel: Decimal = Field(description="Share of the 21+ WML: 1, or the jeugdminimumloon percentage")
    wml_plus_vakantiebijslag_per_maand: Decimal
    bedrag_per_maand: Decimal
    parameters: str = Field(description="Name of the WML parameter version used")
    peildatum: date | None = Field(description="Date whose WML applies: the start, then each 1 January")
    voorlopig: bool = Field(description="True when the WML for the peildatum is not yet known for certain")
    artikelen: str = Field(description="The articles the amount rests on")
    ingangsdatum: date
    einddatum: date | None = Field(description="Last day (inclusive): the contract's end, or the flat period's")


def upcast_lks_v1(data: dict[str, Any]) -> dict[str, Any]:
    """LoonkostensubsidieToegekend v1 -> v2: what v1 computed, named as such; nothing is recalculated here."""
    return {
        **data,
        "wml_per_maand": None,
        "minimumloon_aandeel": "1",
        "peildatum": data.get("ingangsdatum"),
        "voorlopig": False,
        "artikelen": "Participatiewet art. 10d (v1: WML per uur x uren x 52/12)",
    }


class LoonkostensubsidieHerzien(EventData):
    """A running LKS set again: per 1 January to that day's WML (art. 10d lid 7), or when a provisional
    amount's parameters became definite. The amount applies from `peildatum`."""

    event_type = "LoonkostensubsidieHerzien"

    plaatsing_id: UUID
    klant_id: UUID
    werkgever_id: UUID
    reden: str
    peildatum: date
    wml_per_maand: Decimal
    wml_plus_vakantiebijslag_per_maand: Decimal
    bedrag_per_maand: Decimal
    parameters: str
    voorlopig: bool
    artikelen: str


class NoRiskPolisToegekend(EventData):
    """The employer is covered for sick pay of this employee (Ziektewet art. 29b)."""

    event_type = "NoRiskPolisToegekend"

    plaatsing_id: UUID
    klant_id: UUID
    werkgever_id: UUID
    grondslag: str
    ingangsdatum: date


class JobcoachingToegekend(EventData):
    """Support on the workplace by a jobcoach (art. 10da Pw), hours for the first year."""

    event_type = "JobcoachingToegekend"

    plaatsing_id: UUID
    klant_id: UUID
    uren_eerste_jaar: int = Field(ge=1)
    ingangsdatum: date


class ProefplaatsAfgesproken(EventData):
    """An unpaid proefplaats with behoud van uitkering (art. 8a lid 2 d Pw)."""

    event_type = "ProefplaatsAfgesproken"

    plaatsing_id: UUID
    klant_id: UUID
    startdatum: date
    einddatum: date


class ProefplaatsVerlengd(EventData):
    """The college's later decision to extend a proefplaats (to at most 6 months in total, art. 8a lid 2 d)."""

    event_type = "ProefplaatsVerlengd"

    plaatsing_id: UUID
    klant_id: UUID
    einddatum: date = Field(description="New last day (inclusive)")
    motivatie: str


class DetacheringAfgesproken(EventData):
    """The kandidaat works at the employer through a detacheerder."""

    event_type = "DetacheringAfgesproken"

    plaatsing_id: UUID
    klant_id: UUID
    detacheerder: str
    detacheerder_kvk: str = Field(pattern=r"^\d{8}$")


class NazorgGepland(EventData):
    """Check-in dates after the start of a plaatsing."""

    event_type = "NazorgGepland"

    plaatsing_id: UUID
    klant_id: UUID
    momenten: list[date]


class NazorgVastgelegd(EventData):
    """A nazorg check-in took place."""

    event_type = "NazorgVastgelegd"

    plaatsing_id: UUID
    klant_id: UUID
    moment: date
    bevinding: Bevinding
    verslag: str
    vastgelegd_op: datetime


class PlaatsingBeeindigd(EventData):
    """A plaatsing ended (uitval, or the contract was not continued): the kandidaat is back in the pool."""

    event_type = "PlaatsingBeeindigd"

    plaatsing_id: UUID
    voorstel_id: UUID
    vacature_id: UUID
    werkgever_id: UUID
    klant_id: UUID
    reden: Uitvalreden
    toelichting: str
    laatste_werkdag: date
    beeindigd_op: datetime


CONTRACTS: tuple[type[EventData], ...] = (
    KandidaatprofielVastgelegd,
    KlantmanagerToegewezen,
    KlantmanagerVastgelegd,
    MatchVoorgesteld,
    MatchGeaccepteerd,
    MatchAfgewezen,
    PlaatsingGerealiseerd,
    LoonkostensubsidieToegekend,
    LoonkostensubsidieHerzien,
    NoRiskPolisToegekend,
    JobcoachingToegekend,
    ProefplaatsAfgesproken,
    ProefplaatsVerlengd,
    DetacheringAfgesproken,
    NazorgGepland,
    NazorgVastgelegd,
    PlaatsingBeeindigd,
)
