"""Request and response bodies of the matching API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field, PlainSerializer, StringConstraints

from libs.events.contracts.intake import Route
from libs.events.contracts.matching import PC4_PATTERN, Afwijsreden, Bevinding, Uitvalreden
from libs.events.contracts.werkgevers import ISCO08_PATTERN, Contractvorm
from libs.events.schemas import Gemeentecode, Invoer, Plandatum, Uitvoer

from .bemiddeling import VoorstelStatus

Vaardigheid = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Isco08 = Annotated[str, StringConstraints(pattern=ISCO08_PATTERN)]


class Strict(Invoer):
    """Requests refuse unknown fields: nothing outside the profile can slip in (no income, no health)."""


class ProfielRequest(Strict):
    """What the kandidaat can do and wants. Deliberately no income, health or screening fields."""

    vaardigheden: list[Vaardigheid] = Field(
        max_length=50, description="Skills as ESCO skill URIs or labels", examples=[["heftruck rijden", "Engels"]]
    )
    gewenste_beroepen: list[Isco08] = Field(
        default_factory=list,
        max_length=10,
        description="Wished occupations as ISCO-08 unit groups",
        examples=[["8344"]],
    )
    uren_min: int = Field(ge=1, le=60, description="Fewest hours per week the kandidaat wants to work")
    uren_max: int = Field(ge=1, le=60, description="Most hours per week the kandidaat can work")
    max_reisafstand_km: int = Field(ge=1, le=250, description="Furthest the kandidaat will travel, in km")
    postcodegebied: str | None = Field(
        default=None,
        pattern=PC4_PATTERN,
        description="PC4 area of residence; the gemeente's centroid when absent",
        examples=["9711"],
    )
    beschikbaar_vanaf: Plandatum = Field(description="First day the kandidaat can start (2000-2100)")
    loonwaarde_indicatie: int | None = Field(
        default=None, ge=0, le=100, description="Indicated loonwaarde as % of WML; null when at full productivity"
    )
    doelgroep_banenafspraak: bool = Field(
        default=False, description="In UWV's doelgroepregister (counts for the banenafspraak); no diagnosis"
    )


class ProfielResponse(Uitvoer):
    """A kandidaat's profile as the matcher sees it."""

    vaardigheden: list[str] = Field(description="Skills, normalised (lower case)")
    gewenste_beroepen: list[str] = Field(description="Wished occupations (ISCO-08)")
    uren_min: int = Field(description="Fewest hours per week")
    uren_max: int = Field(description="Most hours per week")
    max_reisafstand_km: int = Field(description="Furthest travel distance in km")
    postcodegebied: str | None = Field(description="PC4 area of residence, if known")
    locatie: str = Field(description="Which centroid distances are measured from: `pc4:NNNN` or `gemeente:GMxxxx`")
    beschikbaar_vanaf: Plandatum = Field(description="First day the kandidaat can start (2000-2100)")
    loonwaarde_indicatie: int | None = Field(description="Indicated loonwaarde as % of WML")
    doelgroep_banenafspraak: bool = Field(description="In the doelgroepregister")
    vastgelegd_op: datetime = Field(description="When the profile was last recorded")


class Afwijzing(Uitvoer):
    """An employer's rejection, fed back into the kandidaat's record."""

    voorstel_id: UUID = Field(description="The rejected voorstel")
    vacature_id: UUID = Field(description="Its vacature")
    reden: Afwijsreden = Field(description="Reason from the fixed list")
    toelichting: str = Field(description="The employer's explanation")
    beantwoord_op: datetime = Field(description="When the employer answered")


class LopendePlaatsing(Uitvoer):
    """The kandidaat's running plaatsing."""

    voorstel_id: UUID = Field(description="The voorstel that became the plaatsing (its actions live there)")
    plaatsing_id: UUID = Field(description="The plaatsing")
    vacature_id: UUID = Field(description="The vacature")
    startdatum: date = Field(description="First working day")


class KandidaatDetail(Uitvoer):
    """One kandidaat: pool membership, klantmanager, profile and rejection feedback. No personal data."""

    klant_id: UUID = Field(description="Pseudonymous klant id (personal data stays in intake)")
    gemeente: str | None = Field(description="CBS code of the gemeente of residence")
    in_pool: bool = Field(
        description="In the active pool: route werk/ontwikkeling, with the regional team, and no running plaatsing"
    )
    status: Literal["in_pool", "geplaatst", "niet_in_pool"] = Field(
        default="niet_in_pool",
        description="in_pool (the active pool), geplaatst (a running plaatsing) or niet_in_pool",
    )
    plaatsing: LopendePlaatsing | None = Field(
        default=None, description="The running plaatsing: the kandidaat is geplaatst, out of the pool until it ends"
    )
    klantmanager: str | None = Field(description="The kandidaat's one klantmanager (token subject)")
    profiel: ProfielResponse | None = Field(description="Null until a profile is recorded")
    afwijzingen: list[Afwijzing] = Field(description="Employers' rejections so far, oldest first")


class KlantmanagerRequest(Strict):
    """Give the kandidaat another klantmanager."""

    klantmanager: str = Field(min_length=1, max_length=200, description="The klantmanager's token subject")
    reden: str = Field(min_length=1, max_length=500, description="Why, e.g. 'herverdeling caseload'")


class Onderdelen(Uitvoer):
    """Component scores, each 0-100."""

    vaardigheden: int = Field(description="Share of required skills (wished ones count half) the kandidaat has")
    afstand: int = Field(description="100 next door, 50 at the kandidaat's maximum travel distance, 0 beyond")
    uren: int = Field(description="100 when the hours fit the kandidaat's range, less the further outside")
    beroep: int = Field(description="100 wished occupation, 50 same ISCO sub-major group or no wish, 0 otherwise")
    instrumenten: int = Field(description="Loonwaarde and instrument fit: full loonwaarde, or LKS with accommodations")
    banenafspraak: int = Field(description="Banenafspraak jobs fit the doelgroepregister")
    beschikbaarheid: int = Field(description="100 when available at the start, 0 at 90 days late")


class Uitleg(Uitvoer):
    """Why a match scores what it scores."""

    score: int = Field(ge=0, le=100, description="Weighted mean of the components, 0-100")
    onderdelen: Onderdelen = Field(description="Every component's score")
    afstand_km: Annotated[Decimal, PlainSerializer(float, return_type=float)] = Field(
        description="Distance between the centroids, km with one decimal (a JSON number)"
    )
    ontbrekende_vaardigheden: list[str] = Field(description="Required skills the kandidaat lacks")


class KandidaatMatch(Uitvoer):
    """A kandidaat for a vacature, with the explanation."""

    klant_id: UUID = Field(description="Pseudonymous klant id")
    gemeente: str = Field(description="Gemeente of residence")
    klantmanager: str | None = Field(description="The kandidaat's klantmanager")
    vaardigheden: list[str] = Field(description="The kandidaat's skills")
    uitleg: Uitleg = Field(description="Score breakdown")


class VacatureMatch(Uitvoer):
    """A vacature for a kandidaat, with the explanation."""

    vacature_id: UUID = Field(description="The vacature")
    werkgever_id: UUID = Field(description="Its employer")
    titel: str = Field(description="Job title")
    gemeente: str = Field(description="Gemeente of the workplace")
    uitleg: Uitleg = Field(description="Score breakdown")


class Weging(Uitvoer):
    """The weights used; recorded with every voorstel."""

    versie: str = Field(description="Name of the weight set")
    gewichten: dict[str, int] = Field(description="Weight per component")


class KandidatenMatches(Uitvoer):
    """The best kandidaten from every gemeente in your scope for one vacature."""

    vacature_id: UUID = Field(description="The vacature")
    weging: Weging = Field(description="Weights used")
    items: list[KandidaatMatch] = Field(description="Best first")


class VacaturesMatches(Uitvoer):
    """The best open vacatures for one kandidaat."""

    klant_id: UUID = Field(description="The kandidaat")
    weging: Weging = Field(description="Weights used")
    items: list[VacatureMatch] = Field(description="Best first")


class VoorstelRequest(Strict):
    """Propose a kandidaat to the employer of a vacature."""

    vacature_id: UUID = Field(description="The vacature")
    klant_id: UUID = Field(description="The kandidaat")
    toelichting: str | None = Field(default=None, max_length=2000, description="Note for the employer")


class AntwoordRequest(Strict):
    """The employer's answer to a voorstel."""

    geaccepteerd: bool = Field(description="True when the employer wants the kandidaat")
    reden: Afwijsreden | None = Field(default=None, description="Required when rejected: reason from the fixed list")
    toelichting: str | None = Field(default=None, max_length=2000, description="Required when rejected")


class InstrumentenRequest(Strict):
    """Instruments for the plaatsing; each is checked against its rules."""

    loonkostensubsidie: bool = Field(default=False, description="Loonkostensubsidie (art. 10d Pw)")
    loonwaarde_procent: int | None = Field(
        default=None, ge=0, le=99, description="Measured loonwaarde; omit for the flat 50% of the first 6 months"
    )
    leeftijd: int | None = Field(
        default=None,
        ge=15,
        le=120,
        description="The kandidaat's age on the start date; required with loonkostensubsidie, whose base under 21 "
        "is the jeugdminimumloon (Pw art. 2). Read it from intake's persoonsgegevens with doel bemiddeling",
    )
    voltijd_uren: int = Field(default=36, ge=1, le=40, description="The employer's full-time week (LKS pro rata)")
    no_risk_polis: bool = Field(
        default=False,
        description="No-risk polis: for the doelgroepregister, or with a measured loonwaarde below the WML "
        "(Ziektewet art. 29b lid 2 onder e)",
    )
    jobcoach_uren: int | None = Field(default=None, ge=1, description="Jobcoach hours in the first year")
    proefplaats_tot: Plandatum | None = Field(
        default=None,
        description="Last day (inclusive) of a proefplaats: at most 2 months; an extension is a later decision",
    )
    andere_loonkostensubsidie: bool = Field(
        default=False,
        description="The employer already receives another wage-cost subsidy for this employee on this job (e.g. "
        "from UWV): loonkostensubsidie is then refused (art. 10d lid 9 Pw)",
    )
    proefplaats_toestemming: bool = Field(
        default=False,
        description="The kandidaat receives algemene bijstand and the college permits the proefplaats (art. 8a "
        "lid 2 onder d Pw); required for a proefplaats",
    )
    detacheerder: str | None = Field(default=None, max_length=200, description="Detacheerder's name")
    detacheerder_kvk: str | None = Field(default=None, pattern=r"^\d{8}$", description="Detacheerder's KvK number")


class PlaatsingRequest(Strict):
    """An accepted voorstel becomes work."""

    startdatum: Plandatum = Field(description="First working day (2000-2100)")
    einddatum: Plandatum | None = Field(default=None, description="Last day for a fixed-term contract (2000-2100)")
    contractvorm: Contractvorm = Field(description="Kind of contract")
    uren_per_week: int = Field(ge=1, le=60, description="Contract hours per week")
    instrumenten: InstrumentenRequest = Field(default_factory=InstrumentenRequest, description="Instruments")


class HerijkingRequest(Strict):
    """The age that sets a running LKS of someone under 21 again on its new 1 January."""

    leeftijd: int = Field(ge=15, le=120, description="The kandidaat's age on the new peildatum (1 January)")


class VerlengingRequest(Strict):
    """The college's decision to extend a proefplaats."""

    tot: Plandatum = Field(description="New last day (inclusive): at most 6 months from the start in total")
    motivatie: str = Field(min_length=1, max_length=2000, description="Why the college extends it")


class BeeindigingRequest(Strict):
    """A plaatsing that ended: why, with the last working day."""

    reden: Uitvalreden = Field(description="Why it ended (fixed list)")
    toelichting: str = Field(min_length=1, max_length=2000, description="What happened")
    laatste_werkdag: Plandatum = Field(description="Last day worked (not before the start; 2000-2100)")


class NazorgRequest(Strict):
    """A nazorg check-in."""

    moment: Plandatum = Field(description="The planned check-in date this records (2000-2100)")
    bevinding: Bevinding = Field(description="How it goes")
    verslag: str = Field(min_length=1, max_length=4000, description="Short report")


class Nazorgmoment(Uitvoer):
    """A planned check-in and its outcome."""

    moment: date = Field(description="Planned date")
    bevinding: Bevinding | None = Field(description="Null until recorded")


class VoorstelResponse(Uitvoer):
    """A voorstel, its answer and (once placed) the plaatsing with instruments and nazorg."""

    voorstel_id: UUID = Field(description="The voorstel")
    vacature_id: UUID = Field(description="The vacature")
    werkgever_id: UUID = Field(description="Its employer")
    klant_id: UUID = Field(description="The kandidaat")
    gemeente_kandidaat: str = Field(description="The kandidaat's gemeente")
    gemeente_werkplek: str = Field(description="The workplace's gemeente")
    status: VoorstelStatus = Field(description="voorgesteld, geaccepteerd, afgewezen or geplaatst")
    uitleg: Uitleg = Field(description="Score breakdown at the time of the voorstel")
    weging: Weging = Field(description="Weights used")
    plaatsing_id: UUID | None = Field(description="Set once placed")
    instrumenten: list[dict[str, object]] = Field(
        description="Instrument events of the plaatsing, with their legal parameters (type plus payload)"
    )
    nazorg: list[Nazorgmoment] = Field(description="Planned check-ins")
    versie: int = Field(description="Events in this voorstel's stream")


class Belasting(Uitvoer):
    """One klantmanager's caseload."""

    klantmanager: str = Field(description="Token subject")
    naam: str = Field(description="Name")
    team: str = Field(description="Team")
    fte_procent: int = Field(description="Appointment as % of full time")
    aantal: int = Field(description="Kandidaten assigned")
    norm: int = Field(description="Norm for this appointment")
    boven_norm: int = Field(description="Kandidaten above the norm")


class Teambelasting(Uitvoer):
    """A team's caseload."""

    team: str = Field(description="Team")
    aantal: int = Field(description="Kandidaten assigned to the team's klantmanagers")
    norm: int = Field(description="Sum of the klantmanagers' norms")


class Verschuiving(Uitvoer):
    """Proposed move of one kandidaat."""

    klant_id: UUID = Field(description="The kandidaat")
    van: str = Field(description="Current klantmanager")
    naar: str = Field(description="Proposed klantmanager, same team")


class CaseloadResponse(Uitvoer):
    """Caseload per klantmanager and per team, with a rebalancing proposal."""

    norm_per_fte: int = Field(description="Kandidaten per full-time klantmanager")
    klantmanagers: list[Belasting] = Field(description="Busiest first")
    teams: list[Teambelasting] = Field(description="Per team")
    zonder_klantmanager: int = Field(description="Kandidaten in the pool without a klantmanager")
    herverdeling: list[Verschuiving] = Field(
        description="Moves that bring everyone to or below the norm, where possible"
    )


class KlantmanagerRegistratie(Strict):
    """A klantmanager's team and appointment."""

    naam: str = Field(min_length=1, max_length=200, description="Name")
    team: str = Field(min_length=1, max_length=100, description="Team, e.g. 'regionaal-noord'")
    fte_procent: int = Field(ge=1, le=100, description="Appointment as % of a full-time week")
    gemeenten: list[Gemeentecode] | None = Field(
        default=None,
        max_length=100,
        description="Gemeenten the klantmanager serves (werkgebied); all of your token's when absent. Only callers "
        "whose token covers the whole werkgebied see and change this klantmanager.",
    )


class KlantmanagerResponse(Uitvoer):
    """A klantmanager as recorded."""

    klantmanager: str = Field(description="Token subject")
    naam: str = Field(description="Name")
    team: str = Field(description="Team")
    fte_procent: int = Field(description="Appointment as % of a full-time week")
    gemeenten: list[str] = Field(description="Werkgebied: the gemeenten served")


class PoolItem(Uitvoer):
    """A kandidaat in the regional pool. Pseudonymous: personal data stays in intake."""

    klant_id: UUID = Field(description="Pseudonymous klant id")
    aanmelding_id: UUID = Field(description="Latest aanmelding")
    gemeente: str = Field(description="CBS code of the gemeente of residence")
    route: Route = Field(description="werk or ontwikkeling")
    verantwoordelijk_team: str = Field(description="Always `regionaal` in the pool")
    klantmanager: str | None = Field(description="The kandidaat's klantmanager")
    heeft_profiel: bool = Field(description="Whether a profile is recorded (needed to be matched)")
    aangemeld_op: datetime = Field(description="When the aanmelding came in")
    gediagnosticeerd_op: datetime = Field(description="When the diagnose was confirmed")


class NazorgItem(Uitvoer):
    """A check-in that is due."""

    plaatsing_id: UUID = Field(description="The plaatsing")
    klant_id: UUID = Field(description="The kandidaat")
    moment: date = Field(description="Planned date")
    vacature_id: UUID = Field(description="The vacature")
    werkgever_id: UUID = Field(description="The employer")


class VoorstelRegel(Uitvoer):
    """A voorstel in a list: for which vacature and kandidaat, and where it stands."""

    voorstel_id: UUID = Field(description="The voorstel")
    vacature_id: UUID = Field(description="The vacature")
    klant_id: UUID = Field(description="Pseudonymous klant id of the kandidaat")
    gemeente_kandidaat: str = Field(description="CBS code of the kandidaat's gemeente")
    score: int = Field(description="The match score when it was proposed")
    status: str = Field(description="voorgesteld, geaccepteerd, afgewezen, geplaatst or beeindigd")
    reden: str | None = Field(description="The employer's reason when rejected")
    voorgesteld_op: datetime = Field(description="When it was proposed")
    beantwoord_op: datetime | None = Field(description="When the employer answered")
    voorgesteld_door: str | None = Field(description="Who proposed (the token's sub); absent before it was kept")
