"""The aanvraag commands that gather more than the uitkering: the klant's facts, a key, the betaaldag."""

from __future__ import annotations

from dataclasses import replace

from libs.events.commands import Answer, UnitOfWork
from libs.events.contracts.uitkering import PlanVerwijzing

from .. import settings
from ..handlers import klant_feiten, op_uitkering, versleutel
from ..stand import UITKERINGEN, geboortedata_json
from . import domain, queries, recht
from .domain import DienAanvraagIn, LegRekeningVast, NeemBesluit, VerleenVoorschot
from .queries import uitkering_body
from .recht import WijzigHuishouden


async def dien_aanvraag_in(uow: UnitOfWork, command: DienAanvraagIn) -> Answer:
    """File an aanvraag in a gemeente the caller acts for; refused while a zoektermijn runs."""
    uow.act_for(command.gemeente)
    klant = await klant_feiten(uow.conn, command.klant_id)
    persoonlijk = await versleutel(uow.conn, command.klant_id, geboortedata_json(command.geboortedata))
    events = domain.dien_aanvraag_in(replace(command, persoonlijk=persoonlijk), klant)
    uitkering = await uow.start(UITKERINGEN, command.uitkering_id, events, gemeente=command.gemeente)
    return Answer(uitkering_body(uitkering.state), 201, f"/api/v1/uitkeringen/{command.uitkering_id}")


async def leg_rekening_vast(uow: UnitOfWork, command: LegRekeningVast) -> Answer:
    """Record the bank account(s), encrypted with the klant's key (crypto-shredding)."""
    uitkering = await uow.load(UITKERINGEN, command.uitkering_id)
    versleuteld = await versleutel(uow.conn, uitkering.state.aanvraag.klant_id, dict(command.rekeningen))
    events = domain.leg_rekening_vast(uitkering.state, replace(command, versleuteld=versleuteld))
    uitkering = await uow.append(uitkering, events)
    return Answer(uitkering_body(uitkering.state))


async def neem_besluit(uow: UnitOfWork, command: NeemBesluit) -> Answer:
    """The besluit, with the klant's plan van aanpak as trajecten published it (art. 44 lid 4)."""
    uitkering = await uow.load(UITKERINGEN, command.uitkering_id)
    row = await queries.PLAN_VAN_KLANT.fetchrow(uow.conn, klant=uitkering.state.aanvraag.klant_id)
    plan = PlanVerwijzing(plan_id=row[0], versie=row[1], besproken_op=row[2]) if row else None
    uitkering = await uow.append(uitkering, domain.neem_besluit(uitkering.state, replace(command, plan=plan)))
    return Answer(uitkering_body(uitkering.state))


async def verleen_voorschot(uow: UnitOfWork, command: VerleenVoorschot) -> Answer:
    """A voorschot of at least 95% for a month (art. 52), paid by the next betaalrun from its first betaaldag."""
    eerste = settings.van(uow.runtime).eerste_betaaldag(command.periode)
    return await op_uitkering(domain.verleen_voorschot)(uow, replace(command, eerste_betaaldag=eerste))


async def wijzig_huishouden(uow: UnitOfWork, command: WijzigHuishouden) -> Answer:
    """A household change from a date; the new birth dates are stored encrypted with the klant's key."""
    uitkering = await uow.load(UITKERINGEN, command.uitkering_id)
    klant = uitkering.state.aanvraag.klant_id
    persoonlijk = await versleutel(uow.conn, klant, geboortedata_json(command.geboortedata))
    uitkering = await uow.append(
        uitkering, recht.wijzig_huishouden(uitkering.state, replace(command, persoonlijk=persoonlijk))
    )
    return Answer(uitkering_body(uitkering.state))
