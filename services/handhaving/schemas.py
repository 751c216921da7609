"""Response bodies of the handhaving API (camelCase on the wire)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import Field, ValidationInfo, field_validator

from libs.events.contracts.handhaving import Signaalbron, Triage, Uitkomst
from libs.events.schemas import Gemeentecode, Invoer, Plandatum, Uitvoer, geldig_bsn


class TijdlijnRegel(Uitvoer):
    """One event about the klant, as a readable Dutch line with everything it rests on."""

    event_id: UUID
    tijd: datetime = Field(description="When it was recorded (registration time)")
    dienst: str = Field(examples=["uitkering"])
    type: str = Field(examples=["BijstandToegekend"])
    regel: str = Field(description="What happened, who did it, for which gemeente", examples=["bijstand toegekend"])
    door: str = Field(description="The actor (a user's sub or a service)", examples=["consulent-0014"])
    regelset: str | None = Field(description="The rule set version the event names, if any")
    oorzaak: str | None = Field(description="The id of the event that caused it (causation), if any")
    gegevens: dict[str, Any] = Field(description="The event's data; encrypted fields show as [versleuteld]")
    keten_intact: bool = Field(
        description="False where the copy broke its stream's chain, is rejected or contested, or no longer hashes to "
        "its hash (the audit copy was altered since it arrived)"
    )
    echtheid: Literal["getekend", "ongetekend", "afgewezen", "betwist"] = Field(
        description="getekend: signed by its producer's published key; ongetekend: sealed before its producer "
        "signed, valid; afgewezen: a copy the audit store rejected (missing or wrong signature, unknown key, altered "
        "content), kept as evidence and left out of every stand; betwist: two valid copies claim its place, the "
        "producer's own store decides"
    )


class KetenbreukUit(Uitvoer):
    """A hash-chain break found on ingest: the first bad link of a stream."""

    breuk_id: UUID
    topic: str = Field(examples=["uitkering.events"])
    stream_id: str
    streamversie: int
    event_id: UUID
    reden: str
    gemeld_op: datetime


Bedrag = Annotated[Decimal, Field(ge=0, le=Decimal("99999999.99"), decimal_places=2, examples=["812.50"])]
Omschrijving = Annotated[str, Field(min_length=1, max_length=2000)]
Sub = Annotated[str, Field(min_length=1, max_length=200, description="A sociaal rechercheur's token `sub`")]


IB_MAX_SIGNALEN = 50_000  # a monthly file of a large gemeente: thousands of records
IB_MAX_BYTES = 16 * 1024 * 1024  # that file as JSON, with room (the edge's own limit for this one route)


class IbSignaal(Invoer):
    """One record of an Inlichtingenbureau signal file: one signal about one BSN."""

    kenmerk: str = Field(min_length=1, max_length=100, description="The IB's own id of the signal (unique)")
    product: str = Field(description="One of the accepted IB products (docs/handhaving.md)", examples=["detentie"])
    bsn: str = Field(description="Burgerservicenummer (elfproef)", examples=["111222333"])
    van: Plandatum = Field(description="Start of the period the signal is about")
    tot: Plandatum | None = Field(default=None, description="End of the period, if known")
    bedrag: Bedrag | None = Field(default=None, description="Amount the signal names (income, vermogen), if any")
    omschrijving: str = Field(default="", max_length=2000)

    _v_bsn = field_validator("bsn")(geldig_bsn)

    @field_validator("tot")
    @classmethod
    def _niet_voor_van(cls, tot: date | None, info: ValidationInfo) -> date | None:
        van = info.data.get("van")
        if tot is not None and van is not None and tot < van:
            raise ValueError(f"tot ({tot.isoformat()}) ligt voor van ({van.isoformat()})")
        return tot


class IbBestand(Invoer):
    """An Inlichtingenbureau signal file for one gemeente: the format is documented in docs/handhaving.md."""

    gemeente: Gemeentecode
    bestandsnaam: str = Field(min_length=1, max_length=200, examples=["IB-GM0014-2026-11.json"])
    signalen: list[IbSignaal] = Field(
        min_length=1, max_length=IB_MAX_SIGNALEN, description="A monthly file: up to 50,000 records, 16 MiB as JSON"
    )


class NietGekoppeld(Uitvoer):
    """A record that did not become a signaal, and why."""

    regel: int = Field(description="Position of the record in `signalen`, from 1")
    kenmerk: str
    reden: str


class ImportUit(Uitvoer):
    """What an import did: new signalen, ones already known (an import is idempotent) and unmatched records."""

    ontvangen: int
    nieuw: int
    al_bekend: int
    niet_gekoppeld: list[NietGekoppeld]


class SignaalUit(Uitvoer):
    """A signaal: onderzoekswaardig, never proof; with its triage once done."""

    signaal_id: UUID
    klant_id: UUID
    gemeente: str
    bron: Signaalbron
    product: str
    kenmerk: str
    periode_van: date | None
    periode_tot: date | None
    bedrag: Decimal | None
    omschrijving: str
    ontvangen_op: datetime
    triage: Triage | None
    reden: str | None
    beoordeeld_op: datetime | None


class BeoordelingIn(Invoer):
    """Triage of a signaal, with the reason."""

    triage: Triage
    reden: Omschrijving


class BijlageIn(Invoer):
    """An attachment by reference (a DMS or zaak URI), with the SHA-256 of the document if known."""

    naam: str = Field(min_length=1, max_length=200)
    referentie: str = Field(min_length=1, max_length=1000, examples=["https://zaken.example.nl/documenten/123"])
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")


class OnderzoekIn(Invoer):
    """Open an onderzoek into a klant; you become a lid, and a wisblokkade holds the klant's data."""

    klant_id: UUID
    gemeente: Gemeentecode
    aanleiding: Omschrijving
    signaal_id: UUID | None = None
    leden: list[Sub] = Field(default_factory=list, max_length=50, description="Other sociaal rechercheurs")


class LidIn(Invoer):
    """One more lid."""

    lid: Sub


class BevindingIn(Invoer):
    """A step of the onderzoek and what it found."""

    stap: str = Field(min_length=1, max_length=200, examples=["huisbezoek"])
    omschrijving: Omschrijving
    bijlagen: list[BijlageIn] = Field(default_factory=list, max_length=50)


class MaandIn(Invoer):
    """Income in one month that the klant did not report."""

    periode: Plandatum = Field(description="The first day of the month")
    werkgever: str = Field(min_length=1, max_length=200)
    uren: Annotated[Decimal, Field(ge=0, le=744, decimal_places=2)]
    bruto: Bedrag
    netto: Bedrag


class UitkomstIn(Invoer):
    """The uitkomst; with benadeling, uitkering recalculates the months, claims back and (with a verwijtbaarheid)
    fines."""

    uitkomst: Uitkomst
    uitkering_id: UUID | None = None
    maanden: list[MaandIn] = Field(default_factory=list, max_length=120)
    verwijtbaarheid: Literal["opzet", "grove_schuld", "normaal", "verminderd"] | None = None
    toelichting: Omschrijving


class BevindingUit(Uitvoer):
    """A bevinding as recorded."""

    bevinding_id: UUID
    stap: str
    omschrijving: str
    bijlagen: list[dict[str, Any]]
    vastgelegd_op: datetime


class OnderzoekUit(Uitvoer):
    """An onderzoek as its leden see it."""

    onderzoek_id: UUID
    klant_id: UUID
    gemeente: str
    aanleiding: str
    signaal_id: UUID | None
    leden: list[str]
    geopend_op: datetime
    bevindingen: list[BevindingUit]
    uitkomst: Uitkomst | None
    afgerond_op: datetime | None
    wisblokkade: bool = Field(description="True while open: the klant's data cannot be erased")


class OnderzoekRegel(Uitvoer):
    """An onderzoek in the list of yours."""

    onderzoek_id: UUID
    klant_id: UUID
    gemeente: str
    aanleiding: str
    geopend_op: datetime
    uitkomst: str | None


class SteekproefIn(Invoer):
    """Draw a sample of running uitkeringen; a-select unless you name declared strata."""

    gemeente: Gemeentecode
    doel: Literal["heronderzoek", "audit"]
    omvang: int = Field(ge=1, le=10000)
    strata: list[Literal["leefvorm", "looptijd"]] = Field(default_factory=list, max_length=2)
    seed: int | None = Field(default=None, ge=0, le=2**31 - 1, description="Leave empty: a random seed is chosen")
    peildatum: datetime | None = Field(
        default=None, description="The population as known at this moment (default: now)"
    )


class SteekproefUit(Uitvoer):
    """A drawn sample with everything needed to draw it again."""

    steekproef_id: UUID
    gemeente: str
    doel: str
    methode: str
    seed: int
    strata: list[str]
    peildatum: datetime
    populatie_omvang: int
    populatie_hash: str
    omvang: int
    getrokken: list[UUID]
    getrokken_op: datetime


class ControleUit(Uitvoer):
    """The sample drawn again from the population as known at its peildatum."""

    steekproef_id: UUID
    populatie_hash: str
    populatie_gelijk: bool
    trekking_gelijk: bool
