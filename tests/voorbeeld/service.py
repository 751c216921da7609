"""The sample service's command: through the one command path."""

from __future__ import annotations

from libs.events.auth import Principal
from libs.events.commands import Answer, Idempotency, UnitOfWork, execute
from libs.events.runtime import Runtime

from . import domain


async def leg_vast(runtime: Runtime, principal: Principal, command: domain.LegVast, idem: Idempotency) -> Answer:
    """Record a note in a gemeente the caller acts for."""

    async def action(uow: UnitOfWork) -> Answer:
        n = await uow.start(domain.NOTITIES, command.notitie_id, domain.leg_vast(command), gemeente=command.gemeente)
        body = {"notitie_id": str(n.state.notitie_id), "klant_id": str(n.state.klant_id), "gemeente": n.state.gemeente}
        return Answer({**body, "tekst": n.state.tekst}, 201, f"/api/v1/notities/{command.notitie_id}")

    return await execute(runtime, principal, action, idempotency=idem)
