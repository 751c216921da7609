"""Events produced by handhaving (topic `handhaving.events`): what the audit store found wrong on ingest,
signalen and their triage, onderzoeken with their wisblokkade and uitkomst, and steekproeven."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from ..registry import EventData
from .intake import GEMEENTE_PATTERN

TOPIC = "handhaving.events"


class KetenbreukGemeld(EventData):
    """A stream's hash chain did not hold when its event reached the audit store: the first bad link.

    Never repaired: the event is stored as it came, and this alert says where the chain broke and why.
    """

    event_type = "KetenbreukGemeld"

    breuk_id: UUID
    gemeente: str | None = Field(pattern=GEMEENTE_PATTERN, description="The gemeente of the broken stream")
    topic: str
    stream_id: str
    streamversie: int
    event_id: UUID
    reden: str
    gemeld_op: datetime


class Signaalbron(StrEnum):
    """Where a signaal came from."""

    GEBEURTENIS = "gebeurtenis"  # an event of the platform while an uitkering runs
    INLICHTINGENBUREAU = "inlichtingenbureau"  # an IB signal file (samenloop)


class Triage(StrEnum):
    """What is done with a signaal."""

    GEEN_ACTIE = "geen-actie"
    HERONDERZOEK = "heronderzoek"
    ONDERZOEK = "onderzoek"


class SignaalOntvangen(EventData):
    """A signaal about a klant: worth looking at ("onderzoekswaardig"), never proof of anything."""

    event_type = "SignaalOntvangen"

    signaal_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    bron: Signaalbron
    product: str = Field(description="IB product or the kind of event (plaatsing, verhuizing, ...)")
    kenmerk: str = Field(description="The sender's own id of the signal (IB) or the event id")
    periode_van: date | None
    periode_tot: date | None
    bedrag: Decimal | None
    omschrijving: str
    ontvangen_op: datetime


class SignaalBeoordeeld(EventData):
    """Triage of a signaal, with the reason."""

    event_type = "SignaalBeoordeeld"

    signaal_id: UUID
    triage: Triage
    reden: str
    beoordeeld_op: datetime


class OnderzoekGeopend(EventData):
    """An onderzoek into a klant; only its leden (sociaal rechercheurs) see it."""

    event_type = "OnderzoekGeopend"

    onderzoek_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    aanleiding: str
    signaal_id: UUID | None
    leden: list[str]
    geopend_op: datetime


class OnderzoekLidToegevoegd(EventData):
    """One more sociaal rechercheur on the onderzoek (need-to-know)."""

    event_type = "OnderzoekLidToegevoegd"

    onderzoek_id: UUID
    lid: str


class Bijlage(BaseModel):
    """An attachment by reference: where it is kept and its SHA-256, never the content itself."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    naam: str
    referentie: str
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")


class BevindingVastgelegd(EventData):
    """A step of the onderzoek and what it found."""

    event_type = "BevindingVastgelegd"

    onderzoek_id: UUID
    bevinding_id: UUID
    stap: str
    omschrijving: str
    bijlagen: list[Bijlage]
    vastgelegd_op: datetime


class Uitkomst(StrEnum):
    """How an onderzoek ends."""

    GEEN_BENADELING = "geen-benadeling"
    BENADELING = "benadeling"


class NietGemeldeInkomsten(BaseModel):
    """Income in one month that the klant did not report (art. 17): uitkering recalculates the month with it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    periode: date
    werkgever: str
    uren: Decimal
    bruto: Decimal
    netto: Decimal


class OnderzoekAfgerond(EventData):
    """The uitkomst; with benadeling, uitkering recalculates the months, claims them back and may fine."""

    event_type = "OnderzoekAfgerond"

    onderzoek_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    uitkomst: Uitkomst
    uitkering_id: UUID | None
    maanden: list[NietGemeldeInkomsten]
    verwijtbaarheid: str | None
    toelichting: str
    afgerond_op: datetime


class WisblokkadeGezet(EventData):
    """Legal hold: while the onderzoek is open the klant's data may not be erased (crypto-shredding, retention)."""

    event_type = "WisblokkadeGezet"

    onderzoek_id: UUID
    klant_id: UUID
    gezet_op: datetime


class WisblokkadeOpgeheven(EventData):
    """The legal hold of an onderzoek ends: erasure is possible again if nothing else holds it."""

    event_type = "WisblokkadeOpgeheven"

    onderzoek_id: UUID
    klant_id: UUID
    opgeheven_op: datetime


class SteekproefGetrokken(EventData):
    """A reproducible sample of running uitkeringen: everything an auditor needs to draw it again."""

    event_type = "SteekproefGetrokken"

    steekproef_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    doel: str
    methode: str = Field(description="Method and its version, e.g. a-select/1")
    seed: int
    strata: list[str] = Field(description="The declared variables stratified on; empty for a-select")
    peildatum: datetime = Field(description="The population is the running uitkeringen as known at this moment")
    populatie_omvang: int
    populatie_hash: str = Field(description="SHA-256 of the sorted population (id and strata values)")
    omvang: int
    getrokken: list[UUID]
    getrokken_op: datetime


class Wisbesluit(StrEnum):
    """Handhaving's answer to a wisverzoek."""

    TOEGESTAAN = "toegestaan"
    WISBLOKKADE = "wisblokkade"  # an onderzoek holds the klant (only its leden learn this from a tijdlijn)
    UITKERING_LOOPT = "uitkering-loopt"  # AVG art. 17 lid 3 b: needed for a legal obligation
    VORDERING_OPEN = "vordering-open"  # the same: an invordering runs
    BEWAARTERMIJN_LOOPT = "bewaartermijn-loopt"  # 10 years after the last uitkering or vordering ended


class WisverzoekBeoordeeld(EventData):
    """Handhaving decided a wisverzoek against its holds, in one transaction with any onderzoek being opened."""

    event_type = "WisverzoekBeoordeeld"

    verzoek_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    grond: str = Field(description="The grond of the request: bewaartermijn-verstreken or verzoek-avg-17")
    besluit: Wisbesluit
    bewaren_tot: date | None = Field(default=None, description="With bewaartermijn-loopt: the end of the term")
    beoordeeld_op: datetime


CONTRACTS: tuple[type[EventData], ...] = (
    KetenbreukGemeld,
    SignaalOntvangen,
    SignaalBeoordeeld,
    OnderzoekGeopend,
    OnderzoekLidToegevoegd,
    BevindingVastgelegd,
    OnderzoekAfgerond,
    WisblokkadeGezet,
    WisblokkadeOpgeheven,
    SteekproefGetrokken,
    WisverzoekBeoordeeld,
)
