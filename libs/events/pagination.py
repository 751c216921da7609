"""The one pagination model: keyset cursors over (sort value, id), a page of items and the next cursor."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from typing import Annotated, Generic, TypeVar
from uuid import UUID

from fastapi import Query
from pydantic import Field

from .http import decode_keyset, encode_keyset
from .schemas import Uitvoer

T = TypeVar("T")
R = TypeVar("R")

Limit = Annotated[int, Query(ge=1, le=200, description="Page size")]
Cursor = Annotated[str | None, Query(max_length=500, description="`nextCursor` of the previous page")]
KlantFilter = Annotated[UUID | None, Query(alias="klantId", description="Only this klant's")]
# Before every real row: (sort value, id) compares greater for any stored row.
BEGIN = (datetime(1900, 1, 1), "")


class Page(Uitvoer, Generic[T]):
    """One page of a list; pass `nextCursor` back as `cursor` for the next page."""

    items: list[T] = Field(description="The items of this page")
    next_cursor: str | None = Field(description="Cursor of the next page; null on the last page")


def after(cursor: str | None) -> tuple[datetime, str]:
    """The (sort value, id) a cursor points after; the start of the list without one. A foreign cursor is a 400."""
    return decode_keyset(cursor) or BEGIN


def paginate(
    rows: Sequence[R], limit: int, keyset: Callable[[R], tuple[datetime | date, object]]
) -> tuple[list[R], str | None]:
    """Cut `limit + 1` fetched rows to a page; the cursor points after its last row when more follow."""
    if len(rows) <= limit:
        return list(rows), None
    sort, row_id = keyset(rows[limit - 1])
    if not isinstance(sort, datetime):
        sort = datetime.combine(sort, time.min)
    return list(rows[:limit]), encode_keyset(sort, row_id)
