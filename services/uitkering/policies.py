"""Uitkering's reactions to other services' events: a move ends the uitkering in the old gemeente (art. 40),
and a plaatsing is noted so income from work is expected and the LKS vrijlating can apply."""

from __future__ import annotations

from datetime import timedelta

from libs.events.commands import UnitOfWork
from libs.events.contracts.intake import KlantVerhuisd, KlantVertrokkenUitRegio
from libs.events.contracts.matching import Instrument, PlaatsingGerealiseerd
from libs.events.contracts.uitkering import Beeindigingsreden
from libs.events.db import Sql
from libs.events.registry import EventData, Recorded

from . import domain
from .service import UITKERINGEN

_LOPEND = Sql("SELECT uitkering_id FROM uitkering_overzicht WHERE klant_id = :klant AND status = 'toegekend'")


class Verhuizing:
    """Art. 40: the right is against the gemeente of the woonplaats; a move ends it in the old one.

    The new gemeente decides on its own aanvraag. Idempotent: an ended uitkering gets nothing.
    """

    name = "verhuizing"

    async def react(self, uow: UnitOfWork, event: Recorded[EventData]) -> None:
        """End running uitkeringen of the klant in the gemeente it left, on the day before the move."""
        e = event.data
        if not isinstance(e, KlantVerhuisd | KlantVertrokkenUitRegio):
            return
        for (uitkering_id,) in await _LOPEND.fetch(uow.conn, klant=e.klant_id):
            uitkering = await uow.find(UITKERINGEN, uitkering_id)
            if uitkering is None or uitkering.state.gemeente != e.van_gemeente:
                continue
            command = domain.Beeindig(
                reden=Beeindigingsreden.VERHUIZING,
                laatste_dag=max(e.per - timedelta(days=1), uitkering.state.ingangsdatum or e.per),
                toelichting=f"verhuisd naar {e.naar_gemeente} per {e.per.isoformat()} (art. 40)",
                op=uow.now,
            )
            await uow.append(uitkering, domain.beeindig(uitkering.state, command))


class Plaatsing:
    """A plaatsing through matching: income from work follows, with art. 31 lid 2 z for the LKS-doelgroep."""

    name = "plaatsing"

    async def react(self, uow: UnitOfWork, event: Recorded[EventData]) -> None:
        """Note the plaatsing on the klant's running uitkering (once)."""
        e = event.data
        if not isinstance(e, PlaatsingGerealiseerd):
            return
        for (uitkering_id,) in await _LOPEND.fetch(uow.conn, klant=e.klant_id):
            uitkering = await uow.find(UITKERINGEN, uitkering_id)
            if uitkering is None:
                continue
            command = domain.VerwerkPlaatsing(
                plaatsing_id=e.plaatsing_id,
                startdatum=e.startdatum,
                uren_per_week=e.uren_per_week,
                lks_doelgroep=Instrument.LOONKOSTENSUBSIDIE in e.instrumenten,
                op=uow.now,
            )
            await uow.append(uitkering, domain.verwerk_plaatsing(uitkering.state, command))
