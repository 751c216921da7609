"""Maatregel routes: voornemen, zienswijze, besluit, heroverweging, and the taaltoets of art. 18b."""

from __future__ import annotations

from fastapi import APIRouter, Response

from libs.events.commands import CommandHandlers, Idempotency, carry_out
from libs.events.deps import IdempotencyKey, RuntimeDep
from libs.events.envelope import new_event_id

from ..handlers import op_uitkering, volgens_verordening
from ..routing import GEWIST, Consulent, MaatregelId, UitkeringId
from ..schemas import UitkeringResponse
from . import domain
from .domain import BesluitMaatregel, GeefZienswijze, HeroverweegMaatregel, NeemMaatregelVoor, NeemTaaltoetsAf
from .schemas import (
    HeroverwegingRequest,
    MaatregelBesluitRequest,
    MaatregelRequest,
    TaaltoetsRequest,
    ZienswijzeRequest,
)

uitkeringen = APIRouter(prefix="/api/v1/uitkeringen", tags=["uitkeringen"], responses=GEWIST)


@uitkeringen.post(
    "/{uitkering_id}/maatregelen",
    response_model=UitkeringResponse,
    summary="Intend a maatregel for a breach of an obligation",
    description="The voornemen (Awb 4:8) with the zienswijze term of the gemeente's verordening; the besluit comes "
    "after the zienswijze or the term. The new maatregel is in `maatregelen`. Send `Idempotency-Key` to retry safely.",
)
async def neem_maatregel_voor(
    uitkering_id: UitkeringId,
    body: MaatregelRequest,
    principal: Consulent,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = NeemMaatregelVoor(
        new_event_id(), body.verplichting, body.feitdatum, body.omschrijving, uitkering_id=uitkering_id
    )
    idempotency = Idempotency(idempotency_key, "maatregel", body, uitkering_id)
    return await carry_out(runtime, principal, command, UitkeringResponse, idempotency)


@uitkeringen.post(
    "/{uitkering_id}/maatregelen/{maatregel_id}/zienswijze",
    response_model=UitkeringResponse,
    summary="Record the klant's zienswijze",
    description="Hoorplicht (Awb 4:8); dringende redenen tailor the maatregel (art. 18 lid 10). Send "
    "`Idempotency-Key` to retry safely.",
)
async def geef_zienswijze(
    uitkering_id: UitkeringId,
    maatregel_id: MaatregelId,
    body: ZienswijzeRequest,
    principal: Consulent,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = GeefZienswijze(maatregel_id, body.zienswijze, body.dringende_redenen, uitkering_id=uitkering_id)
    idempotency = Idempotency(idempotency_key, "zienswijze", body, maatregel_id)
    return await carry_out(runtime, principal, command, UitkeringResponse, idempotency)


@uitkeringen.post(
    "/{uitkering_id}/maatregelen/{maatregel_id}/besluit",
    response_model=UitkeringResponse,
    summary="Decide on the maatregel",
    description="409 while the zienswijze term runs without a zienswijze. Without verwijtbaarheid no maatregel "
    "(art. 18 lid 9). For art. 18 lid 4: 100% for the verordening's months, longer on recidive within 12 months "
    "(lid 6-8), spread over up to 3 months with at least a third in the first (lid 5), starting in the first month "
    "not yet paid; heroverweging within 3 months (lid 3). The betaalrun lowers those months and the month's "
    "explanation shows it. Send `Idempotency-Key` to retry safely.",
)
async def besluit_maatregel(
    uitkering_id: UitkeringId,
    maatregel_id: MaatregelId,
    body: MaatregelBesluitRequest,
    principal: Consulent,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = BesluitMaatregel(
        maatregel_id=maatregel_id,
        verwijtbaar=body.verwijtbaar,
        spreiden_over=body.spreiden_over,
        afgestemd_percentage=body.afgestemd_percentage,
        motivering=body.motivering,
        uitkering_id=uitkering_id,
    )
    idempotency = Idempotency(idempotency_key, "maatregelbesluit", body, maatregel_id)
    return await carry_out(runtime, principal, command, UitkeringResponse, idempotency)


@uitkeringen.post(
    "/{uitkering_id}/maatregelen/{maatregel_id}/heroverweging",
    response_model=UitkeringResponse,
    summary="Reconsider a maatregel",
    description="Art. 18 lid 3 (within 3 months, on the `termijnen` worklist) and lid 11. Not maintained, it no "
    "longer lowers months not yet paid. Send `Idempotency-Key` to retry safely.",
)
async def heroverweeg_maatregel(
    uitkering_id: UitkeringId,
    maatregel_id: MaatregelId,
    body: HeroverwegingRequest,
    principal: Consulent,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = HeroverweegMaatregel(maatregel_id, body.gehandhaafd, body.motivering, uitkering_id=uitkering_id)
    idempotency = Idempotency(idempotency_key, "heroverweging", body, maatregel_id)
    return await carry_out(runtime, principal, command, UitkeringResponse, idempotency)


@uitkeringen.post(
    "/{uitkering_id}/taaltoetsen",
    response_model=UitkeringResponse,
    summary="Record a taaltoets",
    description="Art. 18b: not met for lack of effort gives the next step from the next month (20% for 6 months, "
    "40% for 6 months, then 100%), each after the previous one ran; met ends a running reduction. Send "
    "`Idempotency-Key` to retry safely.",
)
async def neem_taaltoets_af(
    uitkering_id: UitkeringId,
    body: TaaltoetsRequest,
    principal: Consulent,
    runtime: RuntimeDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    command = NeemTaaltoetsAf(body.toetsdatum, body.voldaan, body.verwijtbaar, uitkering_id=uitkering_id)
    idempotency = Idempotency(idempotency_key, "taaltoets", body, uitkering_id)
    return await carry_out(runtime, principal, command, UitkeringResponse, idempotency)


COMMANDS = CommandHandlers(
    {
        NeemMaatregelVoor: op_uitkering(volgens_verordening(domain.neem_maatregel_voor)),
        GeefZienswijze: op_uitkering(domain.geef_zienswijze),
        BesluitMaatregel: op_uitkering(volgens_verordening(domain.besluit_maatregel)),
        HeroverweegMaatregel: op_uitkering(domain.heroverweeg_maatregel),
        NeemTaaltoetsAf: op_uitkering(domain.neem_taaltoets_af),
    }
)
