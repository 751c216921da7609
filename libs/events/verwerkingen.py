"""Logboek Dataverwerkingen (LDV): every processing of personal data, one record per data subject.

A route declares what it processes (`verwerkt(...)` as a route dependency, before any role check) or
a command or query declares it on its unit of work (`uow.verwerk(...)`) once it knows whom. The one
command path writes the records in the same transaction as the processing (status OK); a request that
ends without that (refused, not found, failed) gets its records written afterwards in a transaction of
their own, with the LDV status of its HTTP answer (4xx UNSET, 5xx ERROR), so refused reads are logged
too. Who did it goes to a separate audit record, linked by id. The register of processing activities is
data (`verwerkingsactiviteiten.csv`), with name, purpose and legal basis per activity.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from .contracts.verwerkingen import STREAM_TYPE, VerwerkingGelogd
from .db import Sql, transaction
from .envelope import new_event_id, utcnow
from .observability import current_correlation_id, get_logger
from .store import NEW_STREAM, Append, EventContext, EventStore
from .tracing import current_span_ids, current_traceparent

if TYPE_CHECKING:
    from .auth import Principal

log = get_logger(__name__)

REGISTER = Path(__file__).with_name("verwerkingsactiviteiten.csv")
KLANT = "klant_id"  # the data-subject id type: the pseudonymous id of a person in the region

# LDV status codes (OpenTelemetry's): 4xx answers are UNSET, 5xx ERROR.
UNSET, OK, ERROR = 0, 1, 2


@dataclass(frozen=True)
class Verwerkingsactiviteit:
    """One entry of the register of processing activities (AVG art. 30)."""

    id: str
    naam: str
    doel: str
    grondslag: str


@functools.cache
def register() -> dict[str, Verwerkingsactiviteit]:
    """The register of processing activities, by id."""
    with REGISTER.open(encoding="utf-8", newline="") as handle:
        return {row["id"]: Verwerkingsactiviteit(**row) for row in csv.DictReader(handle)}


def activiteit(activiteit_id: str) -> Verwerkingsactiviteit:
    """An activity of the register; an id that is not in it is a programming error."""
    try:
        return register()[activiteit_id]
    except KeyError:
        raise LookupError(f"{activiteit_id} is not in the register of processing activities") from None


@dataclass
class Verwerking:
    """A processing declared in this request, written once its outcome is known."""

    activiteit: str
    betrokkenen: list[str]
    soort: str
    gestart_op: datetime
    geschreven: bool = False


@dataclass
class Lopend:
    """What the current request processed, and who it is (once authenticated)."""

    verwerkingen: list[Verwerking] = field(default_factory=list)
    principal: Principal | None = None
    # The gemeenten of what the request looked at (or tried to): whose audit trail each record joins.
    gemeenten: set[str] = field(default_factory=set)


_lopend: ContextVar[Lopend | None] = ContextVar("ldv_lopend", default=None)


def begin() -> Lopend:
    """Start collecting the processings of a request (the HTTP edge calls this first)."""
    lopend = Lopend()
    _lopend.set(lopend)
    return lopend


def huidig() -> Lopend:
    """The processings of the current request, or a fresh collection outside one (a policy, a timer)."""
    lopend = _lopend.get()
    if lopend is None:
        lopend = begin()
    return lopend


def meld(activiteit_id: str, betrokkenen: Sequence[UUID | str], soort: str = KLANT) -> None:
    """Declare a processing of these data subjects' personal data by `activiteit_id`."""
    activiteit(activiteit_id)
    if betrokkenen:
        huidig().verwerkingen.append(Verwerking(activiteit_id, [str(b) for b in betrokkenen], soort, utcnow()))


def verwerkt(activiteit_id: str, parameter: str, soort: str = KLANT) -> Any:
    """Route dependency: this route processes personal data of the data subject in path `parameter`.

    As a route-level dependency it runs before the role check, so a refused read is logged as well.
    `activiteit_id` may name a query parameter (`...-{doel}`): the activity then follows the stated purpose.
    """
    if "{" not in activiteit_id:
        activiteit(activiteit_id)

    async def declare(request: Request) -> None:
        try:
            gekozen = activiteit_id.format(**request.query_params)
            activiteit(gekozen)
        except (KeyError, LookupError):
            return  # no or an unknown purpose: the request is refused as invalid before anything is read
        if (betrokkene := request.path_params.get(parameter)) is not None:
            meld(gekozen, [betrokkene], soort)

    return Depends(declare)


def ken_principal(principal: Principal) -> None:
    """Remember who the current request acts for (for the audit record of a refused processing)."""
    huidig().principal = principal


# One round trip: the audit record and the processing records it links to.
_SCHRIJF = Sql(
    "WITH audit AS (INSERT INTO ldv_audit (audit_id, actor, rollen, correlation_id) "
    "VALUES (:audit, :actor, :rollen, :correlation)) "
    "INSERT INTO ldv_verwerkingen (record_id, trace_id, span_id, parent_span_id, name, start_time, end_time, "
    "status_code, processing_activity_id, data_subject_id, data_subject_id_type, audit_id) "
    "SELECT r, :trace, :span, :parent, n, s, :eind, :status, a, d, t, :audit "
    "FROM unnest(CAST(:r AS uuid[]), CAST(:n AS text[]), CAST(:s AS timestamptz[]), CAST(:a AS text[]), "
    "CAST(:d AS text[]), CAST(:t AS text[])) AS u(r, n, s, a, d, t)"
)


async def schrijf(
    conn: AsyncConnection, status: int, principal: Principal | None = None, store: EventStore | None = None
) -> int:
    """Write the request's unwritten processings with `status`, one record per data subject; return how many.

    With the service's `store` (reads, refused and replayed requests), each record is also appended as
    `VerwerkingGelogd` (its own one-event stream, so concurrent reads never conflict), which carries "who
    looked" to the audit store. Commands pass none: their own events already name actor and roles.
    """
    lopend = huidig()
    open_ = [v for v in lopend.verwerkingen if not v.geschreven]
    if not open_:
        return 0
    wie = principal or lopend.principal
    ids = current_span_ids()
    rows = [(v, b) for v in open_ for b in v.betrokkenen]
    record_ids = [new_event_id() for _ in rows]
    await _SCHRIJF.execute(
        conn,
        actor=wie.sub if wie else None,
        rollen=sorted(wie.roles) if wie else [],
        correlation=current_correlation_id(),
        trace=ids.trace_id if ids else "0" * 32,
        span=ids.span_id if ids else "0" * 16,
        parent=ids.parent_span_id if ids else None,
        eind=utcnow(),
        status=status,
        audit=new_event_id(),
        r=record_ids,
        n=[activiteit(v.activiteit).naam for v, _ in rows],
        s=[v.gestart_op for v, _ in rows],
        a=[v.activiteit for v, _ in rows],
        d=[b for _, b in rows],
        t=[v.soort for v, _ in rows],
    )
    if store is not None:
        await _publiceer(conn, store, status, wie, rows, record_ids, lopend.gemeenten)
    for verwerking in open_:
        verwerking.geschreven = True
    return len(rows)


async def _publiceer(
    conn: AsyncConnection,
    store: EventStore,
    status: int,
    wie: Principal | None,
    rows: list[tuple[Verwerking, str]],
    record_ids: list[UUID],
    gemeenten: set[str],
) -> None:
    rollen = sorted(wie.roles) if wie else []
    # One gemeente per record: with several (rare), the first keeps the record findable for that gemeente.
    gemeente = min(gemeenten) if gemeenten else None
    appends = [
        Append(
            STREAM_TYPE,
            str(record_id),
            NEW_STREAM,
            [
                VerwerkingGelogd(
                    record_id=record_id,
                    activiteit=v.activiteit,
                    naam=activiteit(v.activiteit).naam,
                    betrokkene=betrokkene,
                    rollen=rollen,
                    status=status,
                    gestart_op=v.gestart_op,
                )
            ],
            betrokkene,
            gemeente,
        )
        for (v, betrokkene), record_id in zip(rows, record_ids, strict=True)
    ]
    context = EventContext(
        actor=wie.sub if wie else "anoniem",
        correlation_id=current_correlation_id(),
        traceparent=current_traceparent(),
        roles=",".join(rollen) or None,
    )
    await store.append_many(conn, appends, context)


def ldv_status(http_status: int) -> int:
    """The LDV status of a processing that ended in this HTTP answer."""
    if http_status >= 500:
        return ERROR
    return OK if http_status < 400 else UNSET


async def sluit_af(engine: AsyncEngine, lopend: Lopend, http_status: int, store: EventStore | None = None) -> None:
    """After the answer: write what the request processed but did not log in its own transaction (refused, failed)."""
    if not any(not v.geschreven for v in lopend.verwerkingen):
        return
    token = _lopend.set(lopend)
    try:
        async with transaction(engine) as conn:
            await schrijf(conn, ldv_status(http_status), store=store)
    except Exception:
        # The answer has gone; the failure is loud so beheer sees a gap in the log.
        log.exception("ldv.write_failed", http_status=http_status)
    finally:
        _lopend.reset(token)
