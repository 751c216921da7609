"""Request and response bodies of beschut werk: the advies, the college's decision, the dienstbetrekking, and the
taakstelling with its realisation."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import Field

from libs.events.contracts.trajecten import Adviesaanvrager
from libs.events.schemas import Invoer, Plandatum, Uitvoer


class AdviesaanvraagRequest(Invoer):
    """Ask UWV for an advies beschut werk."""

    klant_id: UUID = Field(description="Pseudonymous klant id")
    aangevraagd_door: Adviesaanvrager = Field(
        default=Adviesaanvrager.COLLEGE, description="The college, or the person asked UWV (art. 10b lid 3)"
    )
    aanleiding: str = Field(min_length=1, max_length=1000, description="What led to it", examples=["Diagnose"])
    nieuwe_feiten: bool = Field(default=False, description="New facts since an earlier advies (art. 3 lid 6)")


class VaststellingRequest(Invoer):
    """The college's decision after the advies."""

    aangewezen: bool = Field(description="Whether the person is aangewezen op beschut werk")
    van: Plandatum = Field(description="First day of the indicatie")
    tot: Plandatum | None = Field(default=None, description="Last day of the indicatie; none: no end")
    motivering: str = Field(min_length=1, max_length=4000, description="Why")
    afwijking: str | None = Field(
        default=None, max_length=4000, description="Required when the decision differs from UWV's advies: why"
    )


class DienstbetrekkingRequest(Invoer):
    """The start of a beschutte dienstbetrekking."""

    werkgever: str = Field(min_length=1, max_length=200, description="The SW-bedrijf or employer", examples=["iederz"])
    startdatum: Plandatum = Field(description="First day")
    uren_per_week: int = Field(ge=1, le=40, description="Hours per week")
    plaatsing_id: UUID | None = Field(default=None, description="Matching's plaatsing with the LKS (art. 10b lid 9)")
    begeleiding_id: UUID | None = Field(default=None, description="The voorziening for the begeleiding (lid 7)")


class DienstbetrekkingEindeRequest(Invoer):
    """The end of the beschutte dienstbetrekking."""

    einddatum: Plandatum = Field(description="Last day (inclusive)")
    reden: str = Field(min_length=1, max_length=1000, description="Why it ended")


class TaakstellingRequest(Invoer):
    """A gemeente's taakstelling for a year."""

    aantal: int = Field(ge=0, le=100000, description="Dienstbetrekkingen to realise at least, ultimo the year")
    bron: str = Field(min_length=1, max_length=500, description="The regeling (Staatscourant) or the verordening")


class AdviesUit(Uitvoer):
    """UWV's advies."""

    aangewezen: bool = Field(description="Aangewezen op beschut werk according to UWV")
    redenen: list[str] = Field(description="UWV's reasons")
    uitgebracht_op: date = Field(description="The day UWV advised")
    binnen_termijn: bool = Field(description="Within the 8 weeks")


class BesluitUit(Uitvoer):
    """The college's decision."""

    aangewezen: bool = Field(description="Aangewezen op beschut werk")
    van: date = Field(description="First day of the indicatie")
    tot: date | None = Field(description="Last day of the indicatie")
    motivering: str = Field(description="Why")
    afwijking: str | None = Field(description="Why it differs from the advies")
    doelgroepregister_tot: date | None = Field(description="The doelgroepregister's registration ends the day after")


class DienstbetrekkingUit(Uitvoer):
    """The beschutte dienstbetrekking."""

    dienstbetrekking_id: UUID = Field(description="Dienstbetrekking id")
    werkgever: str = Field(description="The SW-bedrijf or employer")
    startdatum: date = Field(description="First day")
    uren_per_week: int = Field(description="Hours per week")
    plaatsing_id: UUID | None = Field(description="Matching's plaatsing with the LKS")
    begeleiding_id: UUID | None = Field(description="The voorziening for the begeleiding")
    einddatum: date | None = Field(description="Last day, once ended")


class AdviesaanvraagResponse(Uitvoer):
    """An advies beschut werk and what followed from it."""

    aanvraag_id: UUID = Field(description="Adviesaanvraag id, also UWV's kenmerk")
    klant_id: UUID = Field(description="Pseudonymous klant id")
    gemeente: str = Field(description="CBS code of the klant's gemeente")
    aangevraagd_door: Adviesaanvrager = Field(description="The college or the person")
    aanleiding: str = Field(description="What led to it")
    aangevraagd_op: datetime = Field(description="When it was sent to UWV (UTC)")
    uiterlijk: date = Field(description="The last day of UWV's 8 weeks")
    verzonden_op: datetime | None = Field(description="When UWV took the request; none while it waits to be sent")
    status: str = Field(description="aangevraagd, geadviseerd, besloten, in_dienst or beeindigd")
    advies: AdviesUit | None = Field(description="UWV's advies, once in")
    besluit: BesluitUit | None = Field(description="The college's decision")
    dienstbetrekking: DienstbetrekkingUit | None = Field(description="The dienstbetrekking, once started")


class AdviezenUit(Uitvoer):
    """The adviezen of a year."""

    aangevraagd: int = Field(description="Requests sent in the year")
    positief: int = Field(description="Adviezen in the year: aangewezen")
    negatief: int = Field(description="Adviezen in the year: not aangewezen")
    open: int = Field(description="Requests without an advies on the peildatum")
    buiten_termijn: int = Field(description="Advised after the 8 weeks, or still open past them")


class RealisatieResponse(Uitvoer):
    """A gemeente's beschut werk against its taakstelling, on a day."""

    gemeente: str = Field(description="CBS code")
    jaar: int = Field(description="Year")
    peildatum: date = Field(description="The day counted: the year's last day, or today within the year")
    taakstelling: int | None = Field(description="Entered for the year; none when not entered")
    bron: str | None = Field(description="The taakstelling's source")
    gerealiseerd: int = Field(description="Beschutte dienstbetrekkingen running on the peildatum")
    wachtlijst: int = Field(description="Aangewezen op beschut werk without a running dienstbetrekking")
    gehaald: bool | None = Field(description="Realised at least the taakstelling (the duty of lid 1 lapses, lid 6)")
    adviezen: AdviezenUit = Field(description="The year's adviezen")


class RegioResponse(Uitvoer):
    """Every gemeente of the caller's region, and the total."""

    jaar: int = Field(description="Year")
    peildatum: date = Field(description="The day counted")
    gemeenten: list[RealisatieResponse] = Field(description="Per gemeente with anything to count or a taakstelling")
    taakstelling: int = Field(description="Sum of the entered taakstellingen")
    gerealiseerd: int = Field(description="Sum of the realised dienstbetrekkingen")
    wachtlijst: int = Field(description="Sum of the waiting lists")
