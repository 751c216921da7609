"""What uitkering's routes share: the roles that may call them, path parameters, the refusals every fold may give."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Depends, Path

from libs.events.auth import Principal, Role, requires
from libs.events.errors import KetenGebroken
from libs.events.openapi import weigeringen

from .berekening import GegevensGewist

# A month is computed from the household's birth dates: once they are erased, a recomputation is a 410.
# Every route that folds an uitkering for a decision may find its chain broken (409 keten-gebroken).
GEWIST = weigeringen(GegevensGewist, KetenGebroken)


Consulent = Annotated[Principal, Depends(requires(Role.UITKERINGSCONSULENT))]


# DESIGN §5: the klantmanager (regional) sees where an uitkering stands, the handhaver reads it all locally.
Lezer = Annotated[Principal, Depends(requires(Role.UITKERINGSCONSULENT, Role.HANDHAVER, Role.KLANTMANAGER))]


Dossierlezer = Annotated[Principal, Depends(requires(Role.UITKERINGSCONSULENT, Role.HANDHAVER))]


UitkeringId = Annotated[UUID, Path(description="Uitkering id (the aanvraag's id)")]


BetaalrunId = Annotated[UUID, Path(description="Betaalrun id")]


MaatregelId = Annotated[UUID, Path(description="Maatregel id")]


VorderingId = Annotated[UUID, Path(description="Vordering id")]
