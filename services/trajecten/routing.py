"""What trajecten's routes share: the roles that may call them."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from libs.events.auth import Principal, Role, requires

# The responsible team writes the traject: the regional klantmanager or the gemeente's local team (toegang);
# which of the two for a klant follows from the warme overdracht (klanten.verantwoordelijk).
Traject = Annotated[Principal, Depends(requires(Role.KLANTMANAGER, Role.TOEGANG))]

# The uitkeringsconsulent reads the plan the besluit refers to (art. 44 lid 4) and the tegenprestatie.
Lezer = Annotated[Principal, Depends(requires(Role.KLANTMANAGER, Role.TOEGANG, Role.UITKERINGSCONSULENT))]

# The gemeente's beleid and financial beheer: the budget lines; the klantmanager reads them to choose.
Beheer = Annotated[Principal, Depends(requires(Role.BEHEERDER))]
Beleid = Annotated[Principal, Depends(requires(Role.BEHEERDER, Role.KLANTMANAGER))]

# Providers are registered by the klantmanager or the gemeente's beheer; everyone who chooses reads them.
Inkoper = Annotated[Principal, Depends(requires(Role.KLANTMANAGER, Role.BEHEERDER))]
Kiezer = Annotated[Principal, Depends(requires(Role.KLANTMANAGER, Role.TOEGANG, Role.BEHEERDER))]
