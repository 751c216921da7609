"""Moves from the BRP side: intake follows its klanten in the BRP and applies what the BRP says about them.

Each round (every `BRP_VOLG_INTERVAL_S`; tests call `ronde` directly) first places a volgindicatie for every
klant that has none yet (BRP Update API `PUT /volgindicaties/{bsn}`), then asks which followed persons changed
since the last round (`GET /wijzigingen?vanaf=`), reads each of them again (`POST /personen`) and applies it in
one transaction per klant: a move to another gemeente of the region is the same `KlantVerhuisd` with warme
overdracht as a move found at an aanmelding, a move out of the region `KlantVertrokkenUitRegio`, and a new
address is a correction. Applying is idempotent (a klant already where the BRP says is left alone), so a round
may safely see a change twice. Every BRP request about a klant is logged as a processing (LDV).
"""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from typing import Any

from libs.events.commands import Answer, UnitOfWork, execute, query
from libs.events.db import Sql
from libs.events.observability import bind_correlation_id, every_round, get_logger, new_correlation_id
from libs.events.registry import EventData
from libs.events.runtime import Runtime
from libs.gebieden import opgeheven

from . import brp, klant
from .brp import Brp, BrpPersoon
from .handlers import correctie, gewijzigde_velden, intake_settings, verhuizing
from .klant import KLANTEN
from .persoonsgegevens import corrigeer, zoek_bsn
from .settings import Settings

log = get_logger(__name__)

_TE_VOLGEN = Sql(
    "SELECT klant_id, bsn FROM personen WHERE gevolgd_op IS NULL ORDER BY klant_id LIMIT :limit FOR UPDATE SKIP LOCKED"
)
_GEVOLGD = Sql("UPDATE personen SET gevolgd_op = now() WHERE klant_id = :klant_id")
_VANAF = Sql("SELECT vanaf FROM brp_volger WHERE id = 1")
_ZET_VANAF = Sql("INSERT INTO brp_volger (id, vanaf) VALUES (1, :vanaf) ON CONFLICT (id) DO UPDATE SET vanaf = :vanaf")
PER_VRAAG = 20  # BSNs per RaadpleegMetBurgerservicenummer (the API's maximum)


class BrpVolger:
    """Follows the region's klanten in the BRP; owns intake's BRP client."""

    def __init__(self, runtime: Runtime, interval: float) -> None:
        self.runtime = runtime
        self.interval = interval
        settings = runtime.settings
        self.brp = Brp(settings if isinstance(settings, Settings) else Settings())
        self.status: dict[str, Any] = {"ok": True, "gevolgd": 0, "verhuizingen": 0, "last_error": None}

    async def volg_nieuwe(self, batch: int = 100) -> int:
        """Place a volgindicatie for every klant without one; return how many were placed."""
        geplaatst = 0
        while True:
            bind_correlation_id(new_correlation_id())

            async def action(uow: UnitOfWork) -> Answer:
                rows = await _TE_VOLGEN.fetch(uow.conn, limit=batch)
                for klant_id, bsn in rows:
                    await self.brp.volg(str(bsn).strip())
                    await _GEVOLGD.execute(uow.conn, klant_id=klant_id)
                uow.verwerk("intake-brp-volgen", [r[0] for r in rows])
                return Answer({"aantal": len(rows)})

            aantal = int((await execute(self.runtime, self.runtime.systeem, action)).body["aantal"])
            geplaatst += aantal
            if aantal < batch:
                self.status["gevolgd"] += geplaatst
                return geplaatst

    async def ronde(self, vandaag: date | None = None) -> int:
        """One round: follow new klanten, apply the BRP's changes since the last round; return the moves."""
        dag = vandaag or intake_settings(self.runtime).vandaag or date.today()
        await self.volg_nieuwe()

        async def vanaf(uow: UnitOfWork) -> date | None:
            row = await _VANAF.fetchrow(uow.conn)
            return None if row is None else row[0]

        # The first round looks back a day: a change on the day intake started is not missed.
        sinds = await query(self.runtime, self.runtime.systeem, vanaf) or dag - timedelta(days=1)
        bsns = await self.brp.wijzigingen(sinds)
        verhuizingen = 0
        for start in range(0, len(bsns), PER_VRAAG):
            personen = await self.brp.raadpleeg(bsns[start : start + PER_VRAAG])
            for persoon in personen.values():
                verhuizingen += await self._pas_toe(persoon)

        async def onthoud(uow: UnitOfWork) -> Answer:
            await _ZET_VANAF.execute(uow.conn, vanaf=dag)
            return Answer({})

        await execute(self.runtime, self.runtime.systeem, onthoud)
        self.status["verhuizingen"] += verhuizingen
        return verhuizingen

    async def _pas_toe(self, persoon: BrpPersoon) -> int:
        """Bring one klant in line with the BRP; 1 when that was a move."""
        bind_correlation_id(new_correlation_id())

        async def action(uow: UnitOfWork) -> Answer:
            klant_id = await zoek_bsn(uow.conn, persoon.bsn)
            loaded = await uow.find(KLANTEN, klant_id) if klant_id is not None else None
            if klant_id is None or loaded is None or loaded.state.gewist:
                return Answer({"verhuisd": 0})
            uow.verwerk("intake-brp-volgen", [klant_id])
            events = self._verhuizing(uow, loaded.state, persoon)
            verhuisd = int(bool(events))
            nieuw = await gewijzigde_velden(uow.conn, klant_id, brp.waarden(persoon))
            if nieuw:
                events.append(await correctie(uow.conn, klant_id, nieuw, "gewijzigd in de BRP"))
                await corrigeer(uow.conn, klant_id, nieuw)
            if events:
                await uow.append(loaded, events)
            return Answer({"verhuisd": verhuisd})

        return int((await execute(self.runtime, self.runtime.systeem, action)).body["verhuisd"])

    def _verhuizing(self, uow: UnitOfWork, state: klant.Klant, persoon: BrpPersoon) -> list[EventData]:
        woont = persoon.woont_in()
        if woont is None:
            # Emigrated, in the RNI or deceased: not a move between gemeenten; left to the klant's team.
            log.info("brp.geen_woongemeente", klant_id=str(state.klant_id))
            return []
        vervallen = opgeheven().get(state.gemeente)
        if vervallen is not None and vervallen.opgevolgd_door == woont:
            return []  # a herindeling changes the code, not where the klant lives
        if woont == state.gemeente and state.vertrokken_naar is None:
            return []
        return verhuizing(uow, state, woont, persoon.woont_sinds, "verhuisd volgens de BRP")

    async def run(self, stop: asyncio.Event) -> None:
        """Run a round every `interval` seconds until `stop` is set; close the BRP client after."""
        try:
            # The first round waits an interval too: a start (or a benchmark) is not met by a burst of BRP calls.
            # Not a readiness failure: without the BRP every read and every other command still works.
            await every_round(
                stop,
                self.interval,
                self.ronde,
                self.status,
                "brp.ronde_mislukt",
                wait_first=True,
                ready_on_failure=True,
            )
        finally:
            await self.brp.aclose()
