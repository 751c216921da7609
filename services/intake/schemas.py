"""Request and response bodies of the intake API (snake_case JSON, ISO 8601 dates)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal, TypeVar
from uuid import UUID

from pydantic import EmailStr, Field, ValidationInfo, field_validator, model_validator
from stdnum.nl import postcode as stdnum_postcode

from libs.events.contracts.intake import (
    Hulpvraag,
    Kanaal,
    Richting,
    Route,
    Team,
    Urgentie,
    Wisgrond,
    ZoektermijnUitzondering,
)
from libs.events.schemas import Geboortedatum, Gemeentecode, Invoer, Plandatum, Uitvoer, geldig_bsn

from . import leefgebieden
from .domain import Aanmelding, AanmeldingStatus
from .klant import Klant

_TELEFOON = re.compile(r"^\+?[0-9][0-9 \-]{7,18}[0-9]$")
T = TypeVar("T")


def _postcode(value: str) -> str:
    if not stdnum_postcode.is_valid(value):
        raise ValueError("geen geldige postcode (vorm 1234AB)")
    return str(stdnum_postcode.compact(value))


def _geboortedatum(value: date) -> date:
    if value >= date.today() or value.year < 1900:
        raise ValueError("geboortedatum moet in het verleden liggen (na 1900)")
    return value


def _telefoon(value: str | None) -> str | None:
    if value is not None and not _TELEFOON.match(value):
        raise ValueError("telefoonnummer: cijfers, spaties of streepjes, eventueel met +")
    return value


Tekst = Annotated[str, Field(min_length=1, max_length=200)]


class Persoon(Invoer):
    """Personal data of the person asking for help. Stored only in intake."""

    bsn: str = Field(description="Burgerservicenummer, 9 digits, checked with the elfproef", examples=["111222333"])
    naam: Tekst = Field(
        description="Name as the person gives it, checked against the BRP (it must end in the surname there, "
        "e.g. 'J. de Vries'); what is stored is the BRP's full name",
        examples=["Jan de Vries"],
    )
    geboortedatum: Geboortedatum = Field(
        description="Date of birth (ISO 8601), from 1900-01-01, before today", examples=["1990-05-17"]
    )
    postcode: str | None = Field(
        default=None,
        description="Postcode of the home address as the person gives it: checked against the BRP, which is the "
        "source of the address (a mismatch is a 422 naming this field)",
        examples=["9711AB"],
    )
    straat: Tekst | None = Field(default=None, description="Ignored: the BRP is the source of the address")
    huisnummer: str | None = Field(
        default=None, max_length=12, description="Ignored: the BRP is the source of the address"
    )
    woonplaats: Tekst | None = Field(default=None, description="Ignored: the BRP is the source of the address")
    telefoon: str | None = Field(default=None, description="Phone number", examples=["050 123 4567"])
    email: EmailStr | None = Field(default=None, description="E-mail address", examples=["jan@example.nl"])

    _v_bsn = field_validator("bsn")(geldig_bsn)
    _v_postcode = field_validator("postcode")(lambda v: None if v is None else _postcode(v))
    _v_geboortedatum = field_validator("geboortedatum")(_geboortedatum)
    _v_telefoon = field_validator("telefoon")(_telefoon)


class AanmeldingRequest(Invoer):
    """A question for help with work or income, from any front-office channel."""

    gemeente: Gemeentecode = Field(description="CBS code of the gemeente of residence", examples=["GM0014"])
    kanaal: Kanaal = Field(description="Channel the question came in through", examples=["kcc"])
    hulpvraag: Hulpvraag = Field(description="What the person asks help with", examples=["werk"])
    kanaal_referentie: str | None = Field(
        default=None,
        max_length=100,
        description="The channel's own reference (e.g. KCC ticket number); "
        "find the aanmelding back with GET /api/v1/aanmeldingen?kanaal=...&kanaal_referentie=...",
        examples=["KCC-2026-000123"],
    )
    persoon: Persoon
    partner_geboortedatum: Geboortedatum | None = Field(
        default=None,
        description="Date of birth of a partner who applies too: the zoektermijn runs only when every applicant is "
        "under 27 (art. 41 lid 4 Pw). Used for that decision only, not stored",
        examples=["1996-08-02"],
    )
    zoektermijn_uitzondering: (
        Literal[ZoektermijnUitzondering.PRAKTIJKONDERWIJS_VSO, ZoektermijnUitzondering.MEDISCH_OF_LKS] | None
    ) = Field(
        default=None,
        description="An exception of art. 41 lid 4 that the front office established: the last year of "
        "praktijkonderwijs or vso (a), or medisch urenbeperkt or LKS-doelgroep (b); recorded with its article",
    )


class ZoektermijnInkortingRequest(Invoer):
    """The college lets the aanvraag in before the 4 weeks end (art. 41 lid 11 Pw)."""

    per: Plandatum = Field(description="New last day of the zoektermijn (not later than the current one)")
    motivatie: str = Field(min_length=1, max_length=2000, description="Why the college decides this")


class ScreeningRequest(Invoer):
    """Scores per leefgebied on the instrument's scale; null where a domain does not apply."""

    instrument_versie: str = Field(
        default=leefgebieden.HUIDIG.versie,
        description="Version of the instrument used",
        examples=[leefgebieden.HUIDIG.versie],
    )
    scores: dict[str, int | None] = Field(
        description=f"Score 1 (acute problematiek) to 5 (volledig zelfredzaam) for each of: "
        f"{', '.join(leefgebieden.HUIDIG.leefgebieden)}",
        examples=[{**dict.fromkeys(leefgebieden.HUIDIG.leefgebieden, 4), "financien": 2, "kinderopvang": None}],
    )

    @field_validator("scores")
    @classmethod
    def _past_op_instrument(cls, scores: dict[str, int | None], info: ValidationInfo) -> dict[str, int | None]:
        versie = info.data.get("instrument_versie", leefgebieden.HUIDIG.versie)
        try:
            leefgebieden.beoordeel(leefgebieden.instrument(versie), scores)
        except leefgebieden.OngeldigeScreening as exc:
            raise ValueError(str(exc)) from exc
        return scores


class VoorstelRequest(Invoer):
    """What the front office observed; the rules combine it with the aanmelding and screening."""

    kan_direct_werken: bool = Field(description="Can the person start working now, without support?", examples=[True])


class DiagnoseRequest(Invoer):
    """The klantmanager's decision: the proposal as it stands, or a different one with a motivation."""

    route: Route = Field(description="werk, ontwikkeling or participatie", examples=["werk"])
    uitkering_nodig: bool = Field(description="Does the person need an uitkering?", examples=[False])
    motivatie: str | None = Field(
        default=None,
        max_length=2000,
        description="Required when route or uitkering differs from the proposal",
    )
    toelichting: str | None = Field(default=None, max_length=2000, description="Free-text note")


class ScreeningSamenvatting(Uitvoer):
    """What the screening says, without the scores (those stay with the source)."""

    instrument_versie: str
    meervoudige_problematiek: bool
    aantal_probleemgebieden: int


class VoorstelResponse(Uitvoer):
    """The rules' proposal with the reasons behind it."""

    regelset_versie: str
    route: Route
    uitkering_nodig: bool
    urgentie: Urgentie
    redenen: list[str]


class AanmeldingResponse(Uitvoer):
    """Current state of an aanmelding. Carries the pseudonymous klant_id, no personal data."""

    id: UUID = Field(description="Aanmelding id")
    klant_id: UUID = Field(description="Pseudonymous id of the person in the whole region")
    klant_bestond_al: bool | None = Field(
        default=None,
        description="On creation: true when the BSN was already a klant of your gemeente(n); false for a new klant "
        "and for a klant of another gemeente alike (whether a BSN is known elsewhere is never told)",
    )
    gemeente: str
    kanaal: Kanaal
    hulpvraag: Hulpvraag
    kanaal_referentie: str | None
    status: AanmeldingStatus
    screening: ScreeningSamenvatting | None
    voorstel: VoorstelResponse | None
    route: Route | None
    uitkering_nodig: bool | None
    urgentie: Urgentie | None
    voorstel_gevolgd: bool | None = Field(description="Was the proposal followed? null until the diagnose")
    motivatie: str | None
    toelichting: str | None
    zoektermijn_tot: date | None = Field(description="End of the 4-week zoektermijn (under 27, asks income)")
    zoektermijn_niet_van_toepassing: ZoektermijnUitzondering | None = Field(
        default=None, description="Why no zoektermijn runs for someone under 27 asking for income (art. 41 lid 4)"
    )
    ontvangen_op: datetime
    diagnose_op: datetime | None
    versie: int = Field(description="Stream version: number of events recorded for this aanmelding")

    @classmethod
    def of(cls, state: Aanmelding, klant_bestond_al: bool | None = None) -> AanmeldingResponse:
        """Response body for a folded aanmelding."""
        s, v = state.screening, state.voorstel
        return cls(
            id=state.aanmelding_id,
            klant_id=state.klant_id,
            klant_bestond_al=klant_bestond_al,
            gemeente=state.gemeente,
            kanaal=state.kanaal,
            hulpvraag=state.hulpvraag,
            kanaal_referentie=state.kanaal_referentie,
            status=state.status,
            screening=ScreeningSamenvatting(
                instrument_versie=s.instrument_versie,
                meervoudige_problematiek=s.meervoudige_problematiek,
                aantal_probleemgebieden=len(s.probleemgebieden),
            )
            if s
            else None,
            voorstel=VoorstelResponse(
                regelset_versie=v.regelset_versie,
                route=v.route,
                uitkering_nodig=v.uitkering_nodig,
                urgentie=v.urgentie,
                redenen=v.redenen,
            )
            if v
            else None,
            route=state.route,
            uitkering_nodig=state.uitkering_nodig,
            urgentie=state.urgentie,
            voorstel_gevolgd=state.voorstel_gevolgd,
            motivatie=state.motivatie,
            toelichting=state.toelichting,
            zoektermijn_tot=state.zoektermijn_tot,
            zoektermijn_niet_van_toepassing=state.zoektermijn_niet_van_toepassing,
            ontvangen_op=state.ontvangen_op,
            diagnose_op=state.diagnose_op,
            versie=state.versie,
        )


class OpenOverdrachtResponse(Uitvoer):
    """An overdracht waiting for the receiver."""

    overdracht_id: UUID
    van_team: str
    naar_team: str
    reageren_voor: date
    verlopen: bool


class KlantResponse(Uitvoer):
    """Who is responsible for a klant, and what is running. No personal data."""

    klant_id: UUID
    gemeente: str = Field(description="Woongemeente (CBS code)")
    verantwoordelijk_team: str = Field(description="`lokaal:<gemeente>` or `regionaal`", examples=["lokaal:GM0014"])
    overdracht: OpenOverdrachtResponse | None
    e_dienstverlening_tot: date | None
    vertrokken_naar: str | None = Field(
        default=None, description="Gemeente outside the region the klant moved to; no new work is taken on then"
    )
    versie: int

    @classmethod
    def of(cls, state: Klant) -> KlantResponse:
        """Response body for a folded klant."""
        o = state.overdracht
        return cls(
            klant_id=state.klant_id,
            gemeente=state.gemeente,
            verantwoordelijk_team=state.verantwoordelijk_team,
            overdracht=OpenOverdrachtResponse(
                overdracht_id=o.overdracht_id,
                van_team=o.van_team,
                naar_team=o.naar_team,
                reageren_voor=o.reageren_voor,
                verlopen=o.verlopen,
            )
            if o
            else None,
            e_dienstverlening_tot=state.e_dienstverlening_tot,
            vertrokken_naar=state.vertrokken_naar,
            versie=state.versie,
        )


class VerhuizingRequest(Invoer):
    """A move, e.g. from a BRP mutation: to another gemeente of the region, or out of it."""

    naar_gemeente: Gemeentecode = Field(description="The new woongemeente (CBS code)", examples=["GM0037"])
    per: Plandatum = Field(description="Date of the move")


class OverdrachtRequest(Invoer):
    """A warme overdracht: to the regional team, or back to the woongemeente's local team."""

    naar: Team = Field(
        description="`regionaal` (lokaal naar regionaal) or `lokaal` (terugverwijzing naar de woongemeente)",
        examples=["regionaal"],
    )
    vervolgstap: Tekst = Field(
        description="The next step agreed with the klant",
        examples=["Intakegesprek bij het Werkplein binnen een week"],
    )
    contactpersoon: Tekst = Field(
        description="Who at the sending team knows the klant, and how to reach them",
        examples=["M. Jansen, wijkteam Oost, 050 123 4567"],
    )
    motivatie: Tekst | None = Field(
        default=None,
        description="Required when a klant with route participatie goes to the regional team: why",
        examples=["Wil toch aan het werk; regionaal traject met jobcoach"],
    )


class OverdrachtResponse(Uitvoer):
    """The overdracht as offered, with the dossier summary the receiver needs."""

    overdracht_id: UUID
    klant_id: UUID
    richting: Richting
    van_team: str
    naar_team: str
    route: Route | None
    meervoudige_problematiek: bool | None
    vervolgstap: str
    contactpersoon: str
    reageren_voor: date = Field(description="Answer before the end of this day (working days after the offer)")


class WeigeringRequest(Invoer):
    """Why the receiving team refuses."""

    reden: str = Field(min_length=5, max_length=2000, examples=["Eerst schulden stabiliseren via het wijkteam"])


class BeeindigingRequest(Invoer):
    """Why e-dienstverlening ends early."""

    reden: str = Field(min_length=3, max_length=500, examples=["werk gevonden"])


class PersoonsgegevensResponse(Uitvoer):
    """Current personal data at the source. Every read is logged with its purpose."""

    klant_id: UUID
    bsn: str
    naam: str
    geboortedatum: date
    postcode: str | None
    straat: str | None
    huisnummer: str | None
    woonplaats: str | None
    telefoon: str | None
    email: str | None


class CorrectieRequest(Invoer):
    """New values for some fields, and why. Recorded as an event; the old values stay in history."""

    naam: Tekst | None = None
    geboortedatum: Geboortedatum | None = None
    postcode: str | None = None
    straat: Tekst | None = None
    huisnummer: str | None = Field(default=None, max_length=12)
    woonplaats: Tekst | None = None
    telefoon: str | None = None
    email: EmailStr | None = None
    reden: str = Field(min_length=5, max_length=500, examples=["Verhuisd per 1 november"])

    _v_postcode = field_validator("postcode")(lambda v: None if v is None else _postcode(v))
    _v_geboortedatum = field_validator("geboortedatum")(lambda v: None if v is None else _geboortedatum(v))
    _v_telefoon = field_validator("telefoon")(_telefoon)

    @model_validator(mode="after")
    def _iets(self) -> CorrectieRequest:
        if not self.wijzigingen():
            raise ValueError("geef ten minste één veld om te corrigeren")
        return self

    def wijzigingen(self) -> dict[str, Any]:
        """The fields given, as JSON-ready values."""
        return {k: v for k, v in self.model_dump(mode="json", exclude={"reden"}).items() if v is not None}


class ZoekopdrachtRequest(Invoer):
    """Find the klant behind a BSN (e.g. an Inlichtingenbureau signal), for a stated purpose."""

    bsn: str = Field(description="Burgerservicenummer, 9 digits, checked with the elfproef", examples=["111222333"])
    doel: Literal["handhaving", "opsporing", "uitkeringsverstrekking", "intake"] = Field(
        description="Why you look (doelbinding), recorded with the access: handhaving or opsporing for a handhaver or "
        "sociaal rechercheur, uitkeringsverstrekking for an uitkeringsconsulent taking an aanvraag, intake for the "
        "front office (toegang, klantmanager) finding a klant it already serves"
    )

    _v_bsn = field_validator("bsn")(geldig_bsn)


class ZoekresultaatResponse(Uitvoer):
    """The pseudonymous id of the klant with that BSN; nothing else."""

    klant_id: UUID


class WissingRequest(Invoer):
    """Erase a klant's personal data: the key is destroyed in every service (crypto-shredding)."""

    grond: Wisgrond = Field(description="Why: the retention term ended, or a lawful request (AVG art. 17)")


class WissingResponse(Uitvoer):
    """A wisverzoek and where it stands: handhaving decides it, intake erases only when it is allowed."""

    verzoek_id: UUID = Field(description="The wisverzoek's id (in the Location of the 202)")
    klant_id: UUID
    grond: Wisgrond
    status: Literal["ingediend", "toegestaan", "geweigerd", "uitgevoerd"] = Field(
        description="ingediend: waiting for handhaving; toegestaan: erasing; uitgevoerd: erased (the history stays "
        "and shows every encrypted field as gewist); geweigerd: see `besluit`"
    )
    besluit: str | None = Field(
        description="Handhaving's answer: toegestaan, wisblokkade (an onderzoek holds the klant), uitkering-loopt or "
        "vordering-open (AVG art. 17 lid 3 b), bewaartermijn-loopt (see bewarenTot)"
    )
    bewaren_tot: date | None = Field(description="With bewaartermijn-loopt: until when the data is kept")
    ingediend_op: datetime = Field(description="When the request was recorded")
    beoordeeld_op: datetime | None = Field(description="When handhaving decided it")
    uitgevoerd_op: datetime | None = Field(description="When the data was erased")


class OverdrachtHistorie(Uitvoer):
    """One warme overdracht of the klant and how it ended."""

    overdracht_id: UUID
    van_team: str
    naar_team: str
    vervolgstap: str
    aangeboden_op: datetime
    uitkomst: Literal["open", "geaccepteerd", "geweigerd", "verlopen"]
    afgehandeld_op: datetime | None
    reden: str | None


class OpvragingRequest(Invoer):
    """Persoonsgegevens of many klanten at once, for one stated purpose (e.g. the payroll export)."""

    klant_ids: list[UUID] = Field(min_length=1, max_length=1000, description="Up to 1,000 pseudonymous klant ids")
    doel: Literal["uitkeringsverstrekking", "handhaving"] = Field(
        description="Why you need the data (doelbinding); recorded with every klant's access"
    )


class PersoonBasis(Uitvoer):
    """What the BRP says of a klant (no contact data: a batch has no need of it)."""

    klant_id: UUID
    bsn: str
    naam: str
    geboortedatum: date
    straat: str | None
    huisnummer: str | None
    postcode: str | None
    woonplaats: str | None


class OpvragingResponse(Uitvoer):
    """What the BRP says of every klant asked for that can be answered."""

    items: list[PersoonBasis]
    niet_gevonden: list[UUID] = Field(
        default_factory=list,
        description="Klanten asked for that are unknown, erased or not yours (never told apart): the caller handles "
        "those by hand, the rest goes on",
    )


class ZoekopdrachtenRequest(Invoer):
    """Find the klanten behind many BSNs at once (an Inlichtingenbureau file), for a stated purpose."""

    bsns: list[str] = Field(min_length=1, max_length=1000, description="Up to 1,000 BSNs, each with the elfproef")
    doel: Literal["handhaving", "opsporing"] = Field(description="Why you look (doelbinding); recorded per klant")

    @field_validator("bsns")
    @classmethod
    def _elfproef(cls, bsns: list[str]) -> list[str]:
        return [geldig_bsn(b) for b in bsns]


class Gevonden(Uitvoer):
    """A BSN and the pseudonymous id of the klant behind it."""

    bsn: str
    klant_id: UUID


class ZoekresultatenResponse(Uitvoer):
    """The BSNs that are klanten of your gemeenten; any other BSN is absent (never told why)."""

    items: list[Gevonden]
