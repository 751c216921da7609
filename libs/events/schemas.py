"""What every API request body shares: strict fields, and only values PostgreSQL stores as sent."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationInfo, field_validator
from pydantic.alias_generators import to_camel
from stdnum.nl import bsn as stdnum_bsn

from libs.gebieden import gemeenten, opgeheven

from .errors import GemeenteOpgeheven


def bestaande_gemeente(code: str) -> str:
    """A current CBS gemeente code; an abolished one is a 422 naming its successor, any other a 400."""
    if code in gemeenten():
        return code
    if (oud := opgeheven().get(code)) is not None:
        # Not a ValueError: pydantic lets it through, and the edge answers it as the domain refusal it is.
        raise GemeenteOpgeheven(oud.melding())
    raise ValueError("onbekende gemeentecode (CBS-lijst 2025/2026)")


def geldig_bsn(value: str) -> str:
    """A BSN that passes the elfproef, compacted to its 9 digits; a ValueError otherwise."""
    if not stdnum_bsn.is_valid(value):
        raise ValueError("geen geldig BSN (9 cijfers, elfproef)")
    return str(stdnum_bsn.compact(value))


Gemeentecode = Annotated[
    str,
    StringConstraints(pattern=r"^GM\d{4}$"),
    AfterValidator(bestaande_gemeente),
    Field(description="CBS code of a current gemeente", examples=["GM0014"]),
]

# asyncpg stores date.min and date.max as -infinity and infinity: a plan date of 9999-12-31 would
# sort after everything and break every computation with it. Dates outside these windows are refused.
EERSTE_DATUM = date(1900, 1, 1)
LAATSTE_DATUM = date(2199, 12, 31)
PLAN_VAN = date(2000, 1, 1)
PLAN_TOT = date(2100, 12, 31)
INT4 = 2**31 - 1

Geboortedatum = Annotated[
    date,
    Field(
        ge=EERSTE_DATUM,
        description="Birth date, from 1900-01-01 up to today",
        json_schema_extra={"formatMinimum": EERSTE_DATUM.isoformat()},
    ),
]
Plandatum = Annotated[
    date,
    Field(
        ge=PLAN_VAN,
        le=PLAN_TOT,
        json_schema_extra={"formatMinimum": PLAN_VAN.isoformat(), "formatMaximum": PLAN_TOT.isoformat()},
    ),
]


def _buiten_venster(value: Any) -> str | None:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date) and not EERSTE_DATUM <= value <= LAATSTE_DATUM:
        return f"date must lie between {EERSTE_DATUM} and {LAATSTE_DATUM}"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > INT4:
        return f"number must lie between -{INT4} and {INT4}"
    if isinstance(value, list | tuple | set | frozenset):
        return next((r for r in map(_buiten_venster, value) if r), None)
    return None


class Invoer(BaseModel):
    """Base of every request body: camelCase names, unknown fields refused, text trimmed, storable values."""

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, alias_generator=to_camel, validate_by_name=False
    )

    @field_validator("*", mode="after")
    @classmethod
    def _opslagbaar(cls, value: Any, info: ValidationInfo) -> Any:
        if reden := _buiten_venster(value):
            raise ValueError(reden)
        return value


class Uitvoer(BaseModel):
    """Base of every response body: written in camelCase, read from Python names (query rows) or camelCase."""

    model_config = ConfigDict(
        alias_generator=to_camel, validate_by_name=True, validate_by_alias=True, serialize_by_alias=True
    )
