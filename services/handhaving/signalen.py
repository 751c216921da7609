"""Signalen: what the platform's own events and the Inlichtingenbureau's files say is worth looking at.

A signaal is "onderzoekswaardig", never proof: it is triaged (geen actie, heronderzoek, onderzoek) with
a reason. The IB file format accepted here is documented in docs/handhaving.md (one record per signal).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

# The IB's samenloop products this import accepts (participatiewet.md §3.2 names them; the IB catalogue
# has twelve). Adding one is a line here; an unknown product is refused with its record number.
IB_PRODUCTEN: Mapping[str, str] = {
    "inkomstenverhouding": "Start of wijziging van een inkomstenverhouding (UWV polisadministratie)",
    "uitkering-andere-gemeente": "Bijstand of een andere uitkering bij een andere gemeente",
    "kostendelers": "Meerdere volwassenen op het adres (BRP): mogelijk kostendelersnorm",
    "detentie": "Detentie (DJI): geen recht op bijstand tijdens detentie (art. 13 lid 1 a)",
    "voortvluchtig-veroordeelde": "Voortvluchtig veroordeelde: geen recht op bijstand (art. 13 lid 1 a)",
    "studiefinanciering": "Studiefinanciering (DUO)",
    "voertuigen": "Kenteken op naam (RDW): mogelijk vermogen",
    "vermogen-box3": "Vermogen in box 3 (Belastingdienst)",
}

# What an event of the platform signals while an uitkering runs.
GEBEURTENISSEN: Mapping[str, str] = {
    "PlaatsingGerealiseerd": "plaatsing",
    "InkomstenOpgegeven": "inkomsten",
    "KlantVerhuisd": "verhuizing",
    "HuishoudenGewijzigd": "huishouden",
}

_NAMESPACE = UUID("6f1d7c8e-2b7a-4b8e-9a57-0c1f7a5d3e21")


def signaal_id(bron: str, kenmerk: str) -> UUID:
    """The same signal (the sender's own id, or the event's) gets the same id: imported twice, stored once."""
    return uuid.uuid5(_NAMESPACE, f"{bron}:{kenmerk}")


@dataclass(frozen=True)
class IbRecord:
    """One record of an IB signal file, as read (the BSN is only used to find the klant, never kept)."""

    kenmerk: str
    product: str
    bsn: str
    van: date
    tot: date | None
    bedrag: Decimal | None
    omschrijving: str
