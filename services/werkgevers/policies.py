"""Werkgevers' reactions to matching's events: a vacature is gevuld once plaatsingen take all its positions,
and open again when uitval frees one."""

from __future__ import annotations

from libs.events.commands import UnitOfWork
from libs.events.contracts.matching import PlaatsingBeeindigd, PlaatsingGerealiseerd
from libs.events.db import Sql
from libs.events.registry import EventData, Recorded

from . import domain

_BEZET = Sql("SELECT count(*) FROM werkgevers_plaatsingen WHERE vacature_id = :vacature AND beeindigd_op IS NULL")


class VacatureVullen:
    """After a plaatsing (recorded by PlaatsingenProjection first), fill the vacature when no position is left.

    Idempotent: a vacature already gevuld gets nothing, so matching's topic may come again.
    """

    name = "vacature-vullen"

    async def react(self, uow: UnitOfWork, event: Recorded[EventData]) -> None:
        """Count the vacature's plaatsingen and let the domain decide whether it is gevuld."""
        plaatsing = event.data
        if not isinstance(plaatsing, PlaatsingGerealiseerd | PlaatsingBeeindigd):
            return
        vacature = await uow.find(domain.VACATURES, plaatsing.vacature_id)
        if vacature is None:
            return  # not a vacature of this region's werkgevers
        bezet = await _BEZET.fetchrow(uow.conn, vacature=plaatsing.vacature_id)
        assert bezet is not None
        await uow.append(vacature, domain.registreer_bezetting(vacature.state, bezet=int(bezet[0]), op=uow.now))
