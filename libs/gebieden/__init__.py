"""Reference data: gemeenten (CBS codes), arbeidsmarktregio's and PC4 areas.

Source: CBS Gebiedsindelingen and Kerncijfers per postcode (CC BY 4.0), derived as described in
`data/BRONNEN.md`, copied unchanged from the project's shared reference data.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Gemeente:
    """One gemeente of 2025/2026 with its labour-market region and area centroid."""

    code: str
    naam: str
    provincie: str
    arbeidsmarktregio: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Arbeidsmarktregio:
    """One of the 35 labour-market regions."""

    code: str
    naam: str


@dataclass(frozen=True)
class OpgehevenGemeente:
    """A gemeente abolished by a herindeling, and the gemeente it went into."""

    code: str
    naam: str
    opgeheven_per: date
    opgevolgd_door: str

    def melding(self) -> str:
        """ "GM0398 Heerhugowaard is per 2022-01-01 opgegaan in GM1980 Dijk en Waard"."""
        opvolger = gemeenten()[self.opgevolgd_door]
        return (
            f"{self.code} {self.naam} is per {self.opgeheven_per.isoformat()} opgegaan in "
            f"{opvolger.code} {opvolger.naam}"
        )


class UnknownRegio(ValueError):
    """The configured arbeidsmarktregio code does not exist."""


@cache
def gemeenten() -> dict[str, Gemeente]:
    """All gemeenten by CBS code (GM0014 ...)."""
    with (DATA / "gemeenten.csv").open(encoding="utf-8", newline="") as fh:
        return {
            row["code"]: Gemeente(
                row["code"],
                row["naam"],
                row["provincie"],
                row["arbeidsmarktregio"],
                float(row["lat"]),
                float(row["lon"]),
            )
            for row in csv.DictReader(fh)
        }


@cache
def opgeheven() -> dict[str, OpgehevenGemeente]:
    """Gemeenten abolished since 2018 by CBS code, with their successor (data/gemeenten_historie.csv)."""
    with (DATA / "gemeenten_historie.csv").open(encoding="utf-8", newline="") as fh:
        return {
            row["code"]: OpgehevenGemeente(
                row["code"], row["naam"], date.fromisoformat(row["opgeheven_per"]), row["opgevolgd_door"]
            )
            for row in csv.DictReader(fh)
        }


@cache
def arbeidsmarktregios() -> dict[str, Arbeidsmarktregio]:
    """All labour-market regions by code (AM01 ...)."""
    with (DATA / "arbeidsmarktregios.csv").open(encoding="utf-8", newline="") as fh:
        return {row["code"]: Arbeidsmarktregio(row["code"], row["naam"]) for row in csv.DictReader(fh)}


def regio(code: str) -> Arbeidsmarktregio:
    """The region with this code, or UnknownRegio."""
    try:
        return arbeidsmarktregios()[code]
    except KeyError:
        raise UnknownRegio(f"unknown arbeidsmarktregio {code!r}") from None


@cache
def gemeenten_in_regio(code: str) -> frozenset[str]:
    """CBS codes of the gemeenten in one labour-market region."""
    naam = regio(code).naam
    return frozenset(g.code for g in gemeenten().values() if g.arbeidsmarktregio == naam)


@cache
def pc4_centroiden() -> dict[str, tuple[float, float]]:
    """Centroid (lat, lon) of every PC4 postcode area in the data."""
    with (DATA / "pc4.csv").open(encoding="utf-8", newline="") as fh:
        return {row["pc4"]: (float(row["lat"]), float(row["lon"])) for row in csv.DictReader(fh)}


def locatie(postcode: str | None, gemeente: str) -> tuple[float, float, str]:
    """Where someone or something is: the PC4 area's centroid if known, else the gemeente's; and which one."""
    if postcode:
        pc4 = postcode.replace(" ", "")[:4]
        if (punt := pc4_centroiden().get(pc4)) is not None:
            return punt[0], punt[1], f"pc4:{pc4}"
    g = gemeenten()[gemeente]
    return g.lat, g.lon, f"gemeente:{gemeente}"


AARDSTRAAL_KM = 6371.0


def afstand_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in km between two centroids."""
    a = (
        math.sin(math.radians(lat2 - lat1) / 2) ** 2
        + math.cos(math.radians(lat1)) * math.cos(math.radians(lat2)) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * AARDSTRAAL_KM * math.asin(math.sqrt(a))


@dataclass(frozen=True)
class Kerncijfers:
    """CBS Kerncijfers wijken en buurten of one gemeente (data/BRONNEN.md §6)."""

    code: str
    inwoners: int
    peildatum: date
    inwoners_15_tot_65_schatting: int
    bijstand_personen: int | None
    bijstand_peildatum: date | None
    inwoners_15_tot_65_2021: int | None


@cache
def kerncijfers() -> dict[str, Kerncijfers]:
    """Population on 1-1-2024 (with the 15-64 estimate) and CBS's bijstand count of 31-12-2021, per gemeente."""
    with (DATA / "gemeenten_kerncijfers.csv").open(encoding="utf-8", newline="") as handle:
        return {
            row["code"]: Kerncijfers(
                code=row["code"],
                inwoners=int(row["inwoners"]),
                peildatum=date.fromisoformat(row["peildatum"]),
                inwoners_15_tot_65_schatting=int(row["inwoners_15_tot_65_schatting"]),
                bijstand_personen=int(row["bijstand_personen"]) if row["bijstand_personen"] else None,
                bijstand_peildatum=date.fromisoformat(row["bijstand_peildatum"]) if row["bijstand_peildatum"] else None,
                inwoners_15_tot_65_2021=int(row["inwoners_15_tot_65_2021"]) if row["inwoners_15_tot_65_2021"] else None,
            )
            for row in csv.DictReader(handle)
        }
