"""Events produced by intake (topic `intake.events`). Personal data never appears here: only klant_id."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from pydantic import Field

from ..registry import EventData

TOPIC = "intake.events"
GEMEENTE_PATTERN = r"^GM\d{4}$"


class Kanaal(StrEnum):
    """Where the question came in."""

    KCC = "kcc"
    WIJKTEAM = "wijkteam"
    KEUKENTAFELGESPREK = "keukentafelgesprek"
    WERKPLEIN = "werkplein"
    E_FORMULIER = "e-formulier"


class Hulpvraag(StrEnum):
    """What the person asks help with."""

    WERK = "werk"
    INKOMEN = "inkomen"
    BEIDE = "beide"


class Route(StrEnum):
    """Route chosen by the primaire diagnose."""

    WERK = "werk"
    ONTWIKKELING = "ontwikkeling"
    PARTICIPATIE = "participatie"


class AanmeldingOntvangen(EventData):
    """A question for help with work or income was registered."""

    event_type = "AanmeldingOntvangen"
    schema_version = 1

    aanmelding_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    kanaal: Kanaal
    hulpvraag: Hulpvraag
    kanaal_referentie: str | None = None
    ontvangen_op: datetime


class Team(StrEnum):
    """Kind of team; a concrete team is `lokaal:<gemeente>` or `regionaal` (see team_id)."""

    LOKAAL = "lokaal"
    REGIONAAL = "regionaal"


class Urgentie(StrEnum):
    """How fast the klant needs help."""

    NORMAAL = "normaal"
    HOOG = "hoog"


class Richting(StrEnum):
    """Direction of a warme overdracht."""

    LOKAAL_NAAR_REGIONAAL = "lokaal_naar_regionaal"
    REGIONAAL_NAAR_LOKAAL = "regionaal_naar_lokaal"
    LOKAAL_NAAR_LOKAAL = "lokaal_naar_lokaal"  # a klant moved to another gemeente of the region


TEAM_PATTERN = r"^(regionaal|lokaal:GM\d{4})$"


class DiagnoseVastgesteld(EventData):
    """A klantmanager confirmed the proposed diagnose, or overrode it with a motivation.

    v2 added the rule-set version, urgency and whether the proposal was followed; v1 events (from
    before proposals existed) are upcast with `voorstel_gevolgd` false and no rule set.
    """

    event_type = "DiagnoseVastgesteld"
    schema_version = 2

    aanmelding_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    route: Route
    uitkering_nodig: bool
    urgentie: Urgentie
    regelset_versie: str | None
    voorstel_gevolgd: bool
    motivatie: str | None = None
    toelichting: str | None = None
    vastgesteld_op: datetime


def upcast_diagnose_v1(data: dict[str, Any]) -> dict[str, Any]:
    """DiagnoseVastgesteld v1 -> v2: no proposal existed, so nothing was followed."""
    return {
        **data,
        "urgentie": Urgentie.NORMAAL.value,
        "regelset_versie": None,
        "voorstel_gevolgd": False,
        "motivatie": None,
    }


class KlantGeregistreerd(EventData):
    """A person became a klant of the region (one per BSN); the registering team is responsible."""

    event_type = "KlantGeregistreerd"

    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN, description="Woongemeente")
    verantwoordelijk_team: str = Field(pattern=TEAM_PATTERN)
    geregistreerd_op: datetime


class KlantVerhuisd(EventData):
    """The klant's woongemeente changed within the region; the new gemeente's local team can act from now on."""

    event_type = "KlantVerhuisd"

    klant_id: UUID
    van_gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    naar_gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    per: date
    aanleiding: str = Field(description="What told us: an aanmelding in the new gemeente, a correction")


class KlantVertrokkenUitRegio(EventData):
    """The klant moved to a gemeente outside the region: the history stays, no new work is taken on."""

    event_type = "KlantVertrokkenUitRegio"

    klant_id: UUID
    van_gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    naar_gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    per: date


class PersoonsgegevensVastgelegd(EventData):
    """Personal data recorded at the source; the values travel encrypted with the klant's key."""

    event_type = "PersoonsgegevensVastgelegd"

    klant_id: UUID
    versleuteld: str = Field(description="AES-GCM over the JSON of bsn, naam, geboortedatum, adres, contact")


class PersoonsgegevensGecorrigeerd(EventData):
    """Personal data corrected; which fields is public, the new values are encrypted."""

    event_type = "PersoonsgegevensGecorrigeerd"

    klant_id: UUID
    velden: list[str]
    reden: str
    versleuteld: str


class Wisgrond(StrEnum):
    """Why a klant's personal data is erased."""

    BEWAARTERMIJN = "bewaartermijn-verstreken"  # the record's legal term ended (Selectielijst, §3.5)
    VERZOEK = "verzoek-avg-17"  # a lawful request for erasure (AVG art. 17)


class WisverzoekIngediend(EventData):
    """A request to erase the klant's personal data. Handhaving decides it against its holds (onderzoek, running
    uitkering, open vordering, bewaartermijn); only when it allows it does intake erase."""

    event_type = "WisverzoekIngediend"

    verzoek_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    grond: Wisgrond
    ingediend_op: datetime


class PersoonsgegevensGewist(EventData):
    """The klant's personal data is erased: its key is destroyed (crypto-shredding) in every service.

    History stays and replays: every encrypted field of this klant reads "gewist" from now on.
    """

    event_type = "PersoonsgegevensGewist"

    klant_id: UUID
    grond: Wisgrond
    gewist_op: datetime


class LeefgebiedenGescreend(EventData):
    """A leefgebieden screening; scores (health among them) are encrypted, the derived flag is not."""

    event_type = "LeefgebiedenGescreend"

    aanmelding_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    instrument_versie: str
    meervoudige_problematiek: bool
    aantal_probleemgebieden: int = Field(ge=0)
    versleutelde_scores: str
    gescreend_op: datetime


class DiagnoseVoorgesteld(EventData):
    """The primaire diagnose rules proposed a route, uitkering, urgency, with their reasons."""

    event_type = "DiagnoseVoorgesteld"

    aanmelding_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    regelset_versie: str
    route: Route
    uitkering_nodig: bool
    urgentie: Urgentie
    redenen: list[str]
    voorgesteld_op: datetime


class ZoektermijnGestart(EventData):
    """A person under 27 asked for income: the 4-week zoektermijn (art. 41 lid 4 Pw) runs."""

    event_type = "ZoektermijnGestart"

    aanmelding_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    meldingsdatum: date
    einddatum: date


class ZoektermijnUitzondering(StrEnum):
    """Why the zoektermijn does not apply to someone under 27 who asks for income (art. 41 lid 4 Pw)."""

    PARTNER_27_PLUS = "partner_27_plus"  # not every applicant is under 27
    PRAKTIJKONDERWIJS_VSO = "lid_4a_praktijkonderwijs_vso"  # last year of praktijkonderwijs or vso
    MEDISCH_OF_LKS = "lid_4b_medisch_urenbeperkt_of_lks_doelgroep"


class ZoektermijnNietVanToepassing(EventData):
    """Someone under 27 asked for income, but the zoektermijn does not run: the recorded reason and article."""

    event_type = "ZoektermijnNietVanToepassing"

    aanmelding_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    reden: ZoektermijnUitzondering
    artikel: str
    vastgesteld_op: date


class ZoektermijnIngekort(EventData):
    """The college lets the aanvraag in before the 4 weeks end (art. 41 lid 11 Pw), with its motivation."""

    event_type = "ZoektermijnIngekort"

    aanmelding_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    einddatum: date = Field(description="The new last day of the zoektermijn")
    motivatie: str
    artikel: str


class EDienstverleningGestart(EventData):
    """Route werk: the klant looks for work with e-dienstverlening for a limited period."""

    event_type = "EDienstverleningGestart"

    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    startdatum: date
    einddatum: date


class EDienstverleningBeeindigd(EventData):
    """The e-dienstverlening period ended before its term (work found)."""

    event_type = "EDienstverleningBeeindigd"

    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    reden: str
    beeindigd_op: datetime


class EDienstverleningVerlopen(EventData):
    """Escalation: the period expired without work; the regional team becomes responsible."""

    event_type = "EDienstverleningVerlopen"

    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    van_team: str = Field(pattern=TEAM_PATTERN)
    naar_team: str = Field(pattern=TEAM_PATTERN)
    verlopen_op: datetime


class OverdrachtAangeboden(EventData):
    """A warme overdracht was offered: the sender stays responsible until the receiver accepts."""

    event_type = "OverdrachtAangeboden"

    overdracht_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    richting: Richting
    van_team: str = Field(pattern=TEAM_PATTERN)
    naar_team: str = Field(pattern=TEAM_PATTERN)
    route: Route | None
    meervoudige_problematiek: bool | None
    vervolgstap: str
    contactpersoon: str
    reageren_voor: date
    aangeboden_op: datetime
    motivatie: str | None = Field(
        default=None, description="Why a klant with route participatie goes to the regional team (required then)"
    )


class OverdrachtGeaccepteerd(EventData):
    """The receiving team accepted: it is now responsible."""

    event_type = "OverdrachtGeaccepteerd"

    overdracht_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    door_team: str = Field(pattern=TEAM_PATTERN)
    geaccepteerd_op: datetime


class OverdrachtGeweigerd(EventData):
    """The receiving team refused, with a reason: responsibility stays with (returns to) the sender."""

    event_type = "OverdrachtGeweigerd"

    overdracht_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    door_team: str = Field(pattern=TEAM_PATTERN)
    reden: str
    geweigerd_op: datetime


class OverdrachtVerlopen(EventData):
    """Escalation: no answer within the term; the offer stays open and shows on the worklists."""

    event_type = "OverdrachtVerlopen"

    overdracht_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    naar_team: str = Field(pattern=TEAM_PATTERN)
    verlopen_op: datetime


def team_id(team: Team, gemeente: str | None = None) -> str:
    """`regionaal`, or `lokaal:<gemeente>` for a gemeente's local team."""
    if team is Team.REGIONAAL:
        return Team.REGIONAAL.value
    if gemeente is None:
        raise ValueError("a local team belongs to a gemeente")
    return f"{Team.LOKAAL.value}:{gemeente}"


CONTRACTS: tuple[type[EventData], ...] = (
    AanmeldingOntvangen,
    DiagnoseVastgesteld,
    KlantGeregistreerd,
    KlantVerhuisd,
    KlantVertrokkenUitRegio,
    PersoonsgegevensVastgelegd,
    PersoonsgegevensGecorrigeerd,
    PersoonsgegevensGewist,
    WisverzoekIngediend,
    LeefgebiedenGescreend,
    DiagnoseVoorgesteld,
    ZoektermijnGestart,
    ZoektermijnNietVanToepassing,
    ZoektermijnIngekort,
    EDienstverleningGestart,
    EDienstverleningBeeindigd,
    EDienstverleningVerlopen,
    OverdrachtAangeboden,
    OverdrachtGeaccepteerd,
    OverdrachtGeweigerd,
    OverdrachtVerlopen,
)
