"""Running loonkostensubsidies set again: per 1 January (art. 10d lid 7), and when provisional parameters become
definite. A daily check appends `LoonkostensubsidieHerzien` to the voorstel's stream where `herzie_lks` says so;
appending on the stream head makes a second instance's attempt a conflict, never a double event."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from libs.events.commands import Answer, UnitOfWork, execute
from libs.events.contracts.matching import Instrument
from libs.events.db import Sql
from libs.events.observability import bind_correlation_id, every_round, get_logger, new_correlation_id
from libs.events.runtime import Runtime, Timer

from . import bemiddeling
from .instrumenten import herzie_lks, lks_van

log = get_logger(__name__)

_LOPEND_MET_LKS = Sql(
    "SELECT voorstel_id FROM plaatsingen WHERE beeindigd_op IS NULL AND :lks = ANY(instrumenten) ORDER BY voorstel_id"
)
DAG_S = 24 * 3600.0


class LksHerijking:
    """Checks every running LKS once a day; `herzie_alle` can be called directly (tests, a manual run)."""

    def __init__(self, runtime: Runtime, interval: float = DAG_S) -> None:
        self.runtime = runtime
        self.interval = interval
        self.status: dict[str, Any] = {"ok": True, "herzien": 0, "vraagt_leeftijd": 0, "last_error": None}

    async def herzie_alle(self, vandaag: date | None = None) -> int:
        """Set again every running LKS that is due on `vandaag` (default today); return how many were."""
        dag = vandaag or date.today()
        bind_correlation_id(new_correlation_id())

        async def action(uow: UnitOfWork) -> Answer:
            herzien = 0
            for (voorstel_id,) in await _LOPEND_MET_LKS.fetch(uow.conn, lks=Instrument.LOONKOSTENSUBSIDIE.value):
                voorstel = await uow.find(bemiddeling.VOORSTELLEN, voorstel_id)
                if voorstel is None:
                    continue
                toegekend, laatste = lks_van(voorstel.events)
                if toegekend is None:
                    continue
                if (nieuw := herzie_lks(toegekend, laatste, dag)) is None:
                    if herzie_lks(toegekend, laatste, dag, leeftijd=21) is not None:
                        # Due, but under 21: the age on the new peildatum decides; a person states it.
                        self.status["vraagt_leeftijd"] += 1
                        log.warning("lks.herijking_vraagt_leeftijd", voorstel_id=str(voorstel_id))
                    continue
                await uow.append(voorstel, [nieuw])
                herzien += 1
                log.info("lks.herzien", voorstel_id=str(voorstel_id), peildatum=str(nieuw.peildatum))
            return Answer({"herzien": herzien})

        aantal: int = (await execute(self.runtime, self.runtime.systeem, action)).body["herzien"]
        self.status["herzien"] += aantal
        return aantal

    async def run(self, stop: asyncio.Event) -> None:
        """Check once a day until `stop` is set."""
        await every_round(stop, self.interval, self.herzie_alle, self.status, "lks.herijking_failed")


def timers(runtime: Runtime) -> dict[str, Timer]:
    """Matching's timers: the LKS set again on its peildatum."""
    return {"lks-herijking": LksHerijking(runtime)}
