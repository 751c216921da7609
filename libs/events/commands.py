"""The one command path: scope, idempotency, load, decide, append, project and answer in one transaction.

Every command of every service runs through `execute`. It opens the transaction, claims the
`Idempotency-Key`, and hands a `UnitOfWork` to the command's action. The unit of work is the only
way an action reads or writes a stream: `load` refuses (404) a stream whose gemeente is outside the
caller's scope, `start` refuses (403) a new stream in such a gemeente, and every gemeente touched is
remembered with the idempotent answer. A replay is authorized again before its stored answer is
returned: same subject (the key's scope names it), the route's roles (checked by its dependency on
every call), and every remembered gemeente still in the caller's scope.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncConnection

from . import shredding, stamps, verwerkingen
from .aggregate import GEEN_SLEUTELS, Aggregate, Loaded, Sleutels
from .auth import NotAuthorized, Principal
from .db import transaction
from .envelope import utcnow
from .errors import DomainError, NietGevonden
from .idempotency import claim, remember, request_fingerprint
from .observability import current_correlation_id
from .registry import EventData, Recorded
from .store import NEW_STREAM, Append, EventContext, StreamHead
from .tracing import current_traceparent

if TYPE_CHECKING:
    from .runtime import Runtime

S = TypeVar("S")
T = TypeVar("T")
C = TypeVar("C")


@dataclass(frozen=True)
class Answer:
    """What a command answers: status, body, and where a created resource lives."""

    body: dict[str, Any]
    status_code: int = 200
    location: str | None = None
    replayed: bool = False


class UnitOfWork:
    """One command's transaction as the action sees it: scoped loads and appends, inline projections."""

    def __init__(
        self,
        conn: AsyncConnection,
        runtime: Runtime,
        principal: Principal,
        context: EventContext,
    ) -> None:
        self.conn = conn
        self.runtime = runtime
        self.principal = principal
        self.context = context
        self.now: datetime = utcnow()
        self.touched: set[str] = set()

    def stamp(self, command: C) -> C:
        """The command with this unit of work's moment, Dutch day and actor where the route left them unset."""
        return stamps.stamp(command, self.now, self.principal.sub)

    def verwerk(self, activiteit: str, betrokkenen: Sequence[UUID]) -> None:
        """Declare a processing of these klanten's personal data (LDV; written with the outcome)."""
        verwerkingen.meld(activiteit, betrokkenen)

    def see(self, gemeenten: Collection[str], not_found: DomainError) -> None:
        """Reveal something of these gemeenten: `not_found` unless one is in the caller's scope.

        Something that belongs to no gemeente is visible to nobody: every stream names its gemeenten.
        """
        verwerkingen.huidig().gemeenten.update(gemeenten)
        visible = self.principal.gemeenten.intersection(gemeenten)
        if not visible:
            raise not_found
        self.touched |= visible

    def act_for(self, gemeente: str) -> None:
        """Create something in `gemeente`: 403 when the caller may not act for it."""
        if not self.principal.may_act_for(gemeente):
            raise NotAuthorized(f"u handelt niet namens {gemeente}")
        self.touched.add(gemeente)

    def act_for_all(self, gemeenten: Collection[str], refusal: str) -> None:
        """Act for every one of these gemeenten: 403 with `refusal` (naming none of them) unless all are covered."""
        if not self.principal.gemeenten.issuperset(gemeenten):
            raise NotAuthorized(refusal)
        self.touched.update(gemeenten)

    async def find(self, aggregate: Aggregate[S], stream_id: UUID) -> Loaded[S] | None:
        """The stream folded to its state, or None when it does not exist. No scope check: see `load`."""
        recorded = await self.runtime.store.load(self.conn, str(stream_id), verified=aggregate.verified)
        events = tuple(r.data for r in recorded)
        sleutels = await self.sleutels(aggregate, events)
        state = aggregate.fold(None, events, sleutels)
        if state is None:
            return None
        return Loaded(aggregate, stream_id, state, StreamHead.of(recorded), events, sleutels)

    async def sleutels(
        self, aggregate: Aggregate[Any], events: Sequence[EventData], bekend: Sleutels = GEEN_SLEUTELS
    ) -> Sleutels:
        """The keys folding `events` needs, read in one query (only those not already at hand)."""
        nodig = [k for k in aggregate.klanten(events) if k not in bekend.keys]
        return bekend.met(await shredding.sleutels(self.conn, nodig)) if nodig else bekend

    async def load(self, aggregate: Aggregate[S], stream_id: UUID) -> Loaded[S]:
        """The stream folded to its state; 404 when absent or outside the caller's gemeenten (never told apart)."""
        loaded = await self.find(aggregate, stream_id)
        missing = aggregate.not_found(f"{aggregate.stream_type} {stream_id} niet gevonden")
        if loaded is None:
            raise missing
        self.see(loaded.gemeenten, missing)
        if aggregate.members is not None and self.principal.sub not in aggregate.members(loaded.state):
            raise missing
        return loaded

    async def load_many(self, aggregate: Aggregate[S], ids: Sequence[UUID]) -> tuple[list[Loaded[S]], dict[UUID, str]]:
        """Many streams in two reads (events, keys), for a batch job that already checked the gemeente.

        Only intact chains: the others, and those whose fold refuses (a klant whose data is gone), come back
        apart with why, so the job decides on the rest.
        """
        streams, gebroken = await self.runtime.store.load_many_verified(self.conn, [str(i) for i in ids])
        refused = {UUID(sid): f"keten gebroken: {reden}" for sid, reden in gebroken.items()}
        sleutels = await self.sleutels(aggregate, [r.data for recorded in streams.values() for r in recorded])
        loaded = []
        for stream_id in ids:
            recorded = streams.get(str(stream_id))
            if not recorded:
                continue
            events = tuple(r.data for r in recorded)
            try:
                state = aggregate.fold(None, events, sleutels)
            except DomainError as fout:
                refused[stream_id] = str(fout)
                continue
            if state is not None:
                loaded.append(Loaded(aggregate, stream_id, state, StreamHead.of(recorded), events, sleutels))
        return loaded, refused

    async def start(
        self, aggregate: Aggregate[S], stream_id: UUID, events: Sequence[EventData], *, gemeente: str
    ) -> Loaded[S]:
        """Write the first events of a new stream in `gemeente` (403 outside the caller's scope)."""
        self.act_for(gemeente)
        sleutels = await self.sleutels(aggregate, events)
        state = aggregate.fold(None, events, sleutels)
        assert state is not None, "the first events of a stream must create its state"
        empty = Loaded(aggregate, stream_id, state, NEW_STREAM, (), sleutels)
        return await self._write(empty, events, state)

    async def append(self, loaded: Loaded[S], events: Sequence[EventData]) -> Loaded[S]:
        """Append events on the loaded head; the caller's earlier `load` checked the scope."""
        if not events:
            return loaded
        loaded = replace(loaded, sleutels=await self.sleutels(loaded.aggregate, events, loaded.sleutels))
        state = loaded.aggregate.fold(loaded.state, events, loaded.sleutels)
        assert state is not None
        return await self._write(loaded, events, state)

    async def append_many(self, batch: Sequence[tuple[Loaded[S], Sequence[EventData]]]) -> list[Loaded[S]]:
        """Append to many loaded streams in one statement (batch jobs); inline projections see them all at once.

        Like `append` for each pair: the caller's loads checked the scope; a stream that moved since its
        load fails the whole transaction (ConcurrencyConflict).
        """
        work = [(loaded, events) for loaded, events in batch if events]
        states = []
        appends = []
        for loaded, events in work:
            sleutels = await self.sleutels(loaded.aggregate, events, loaded.sleutels)  # no read unless a klant is new
            state = loaded.aggregate.fold(loaded.state, events, sleutels)
            assert state is not None
            states.append(state)
            aggregate = loaded.aggregate
            appends.append(
                Append(
                    stream_type=aggregate.stream_type,
                    stream_id=str(loaded.stream_id),
                    head=loaded.head,
                    events=events,
                    subject=str(aggregate.subject(state) if aggregate.subject else loaded.stream_id),
                    gemeente=aggregate.gemeente(state),
                )
            )
        sealed = await self.runtime.store.append_many(self.conn, appends, self.context)
        recorded = [
            Recorded(env, data)
            for envelopes, (_, events) in zip(sealed, work, strict=True)
            for env, data in zip(envelopes, events, strict=True)
        ]
        if recorded:
            for projection in self.runtime.inline_projections:
                await projection.apply(self.conn, recorded)
        return [
            replace(
                loaded,
                state=state,
                head=StreamHead(envelopes[-1].streamversion, envelopes[-1].hash),
                events=(*loaded.events, *events),
            )
            for (loaded, events), state, envelopes in zip(work, states, sealed, strict=True)
        ]

    async def record(
        self, stream_type: str, stream_id: UUID, events: Sequence[EventData], *, gemeente: str, subject: UUID
    ) -> StreamHead:
        """Append to a stream whose state lives in a read model (its gemeente checked like a load's)."""
        self.see({gemeente}, NietGevonden(f"{stream_type} {stream_id} niet gevonden"))
        head = await self.runtime.store.head(self.conn, str(stream_id))
        return await self._append(stream_type, stream_id, head, events, gemeente=gemeente, subject=subject)

    async def record_many(self, stream_type: str, batch: Sequence[tuple[UUID, Sequence[EventData], str, UUID]]) -> None:
        """`record` for many streams whose state lives in a read model: (stream id, events, gemeente, subject).

        One read of the heads and one statement for all; a stream that moved meanwhile fails the transaction.
        """
        work = [item for item in batch if item[1]]
        if not work:
            return
        for stream_id, _, gemeente, _ in work:
            self.see({gemeente}, NietGevonden(f"{stream_type} {stream_id} niet gevonden"))
        heads = await self.runtime.store.heads(self.conn, [str(item[0]) for item in work])
        appends = [
            Append(stream_type, str(stream_id), heads.get(str(stream_id), NEW_STREAM), events, str(subject), gemeente)
            for stream_id, events, gemeente, subject in work
        ]
        sealed = await self.runtime.store.append_many(self.conn, appends, self.context)
        recorded = [
            Recorded(env, data)
            for envelopes, item in zip(sealed, work, strict=True)
            for env, data in zip(envelopes, item[1], strict=True)
        ]
        for projection in self.runtime.inline_projections:
            await projection.apply(self.conn, recorded)

    async def _write(self, loaded: Loaded[S], events: Sequence[EventData], state: S) -> Loaded[S]:
        aggregate = loaded.aggregate
        head = await self._append(
            aggregate.stream_type,
            loaded.stream_id,
            loaded.head,
            events,
            gemeente=aggregate.gemeente(state),
            subject=aggregate.subject(state) if aggregate.subject else loaded.stream_id,
        )
        return replace(loaded, state=state, head=head, events=(*loaded.events, *events))

    async def _append(
        self,
        stream_type: str,
        stream_id: UUID,
        head: StreamHead,
        events: Sequence[EventData],
        *,
        gemeente: str | None,
        subject: UUID,
    ) -> StreamHead:
        if not events:
            return head
        envelopes = await self.runtime.store.append(
            self.conn,
            stream_type=stream_type,
            stream_id=str(stream_id),
            expected_version=head,
            events=events,
            subject=str(subject),
            gemeente=gemeente,
            context=self.context,
        )
        recorded = [Recorded(env, data) for env, data in zip(envelopes, events, strict=True)]
        for projection in self.runtime.inline_projections:
            await projection.apply(self.conn, recorded)
        return StreamHead(envelopes[-1].streamversion, envelopes[-1].hash)


Action = Callable[[UnitOfWork], Awaitable[Answer]]
Handler = Callable[[UnitOfWork, Any], Awaitable[Answer]]


class CommandHandlers(Mapping[type, Handler]):
    """One service's table: each command type to the one handler that carries it out (cosmicpython's
    COMMAND_HANDLERS). Slices declare theirs; the service's definition joins them, refusing a type twice."""

    def __init__(self, *tables: Mapping[type, Handler]) -> None:
        self._table: dict[type, Handler] = {}
        for table in tables:
            for command_type, handler in table.items():
                if command_type in self._table:
                    raise ValueError(f"{command_type.__name__} has two handlers")
                self._table[command_type] = handler

    def __getitem__(self, command_type: type) -> Handler:
        return self._table[command_type]

    def __iter__(self) -> Iterator[type]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)


def on_stream(
    aggregate: Aggregate[S],
    stream_id: Callable[[Any], UUID],
    decide: Callable[[S, Any], Sequence[EventData]],
    answer: Callable[[Loaded[S]], dict[str, Any]],
) -> Handler:
    """The handler of a command that one pure decision on one existing stream carries out: load it (in the
    caller's scope) by the id the command names, decide, append, answer with the stream as it now is."""

    async def handler(uow: UnitOfWork, command: Any) -> Answer:
        loaded = await uow.load(aggregate, stream_id(command))
        loaded = await uow.append(loaded, decide(loaded.state, command))
        return Answer(answer(loaded))

    return handler


async def handle(
    runtime: Runtime,
    principal: Principal,
    command: object,
    *,
    idempotency: Idempotency | None = None,
    causation_id: str | None = None,
) -> Answer:
    """Carry out a command: its handler from the service's table, stamped with the clock, through `execute`."""
    handler: Handler | None = runtime.definition.commands.get(type(command))
    if handler is None:
        raise LookupError(f"{runtime.definition.name} has no handler for {type(command).__name__}")

    async def action(uow: UnitOfWork) -> Answer:
        return await handler(uow, uow.stamp(command))

    return await execute(runtime, principal, action, idempotency=idempotency, causation_id=causation_id)


@dataclass(frozen=True)
class Idempotency:
    """An `Idempotency-Key` and what it guards: the command's name, its target and its request."""

    key: str | None
    command: str
    request: Any
    target: object = ""

    def scope(self, service: str, principal: Principal) -> str:
        """Keys are per service, command, subject and target: one caller's key never answers another."""
        return f"{service}:{self.command}:{principal.sub}:{self.target}"


async def execute(
    runtime: Runtime,
    principal: Principal,
    action: Action,
    *,
    idempotency: Idempotency | None = None,
    causation_id: str | None = None,
) -> Answer:
    """Run `action` in one transaction; with an Idempotency-Key, a retry gets the first answer again.

    The processings of personal data the request declared are logged in the same transaction (a
    replayed answer hands the data out again, so it is logged like the first).
    """
    context = EventContext(
        actor=principal.sub,
        correlation_id=current_correlation_id(),
        causation_id=causation_id,
        traceparent=current_traceparent(),
        roles=",".join(sorted(principal.roles)) or None,
    )
    async with transaction(runtime.engine) as conn:
        uow = UnitOfWork(conn, runtime, principal, context)
        key = idempotency.key if idempotency else None
        if idempotency is not None and key is not None:
            scope = idempotency.scope(runtime.definition.name, principal)
            fingerprint = request_fingerprint(plain_request(idempotency.request))
            stored = await claim(conn, scope, key, fingerprint)
            if stored is not None:
                # Checked again, now; the refusal does not say which gemeente the answer was about.
                uow.act_for_all(stored.gemeenten, "het eerste antwoord op deze Idempotency-Key is niet (meer) voor u")
                answer = Answer(stored.body["body"], stored.status_code, stored.body["location"], replayed=True)
                # A replay hands the data out again: a read, so it travels as VerwerkingGelogd too.
                await verwerkingen.schrijf(conn, verwerkingen.OK, principal, runtime.store)
                return answer
        answer = await action(uow)
        if idempotency is not None and key is not None:
            stored_body = {"body": answer.body, "location": answer.location}
            await remember(conn, scope, key, answer.status_code, stored_body, frozenset(uow.touched))
        # The command's own events already say who did what, in which role: the LDV record stays in the
        # logboek and is not carried again as an event (that would cost every command an extra append).
        await verwerkingen.schrijf(conn, verwerkingen.OK, principal)
    return answer


async def query(runtime: Runtime, principal: Principal, read: Callable[[UnitOfWork], Awaitable[T]]) -> T:
    """Run a read in one transaction with the same scoped loads as commands (and room to log views)."""
    context = EventContext(
        actor=principal.sub,
        correlation_id=current_correlation_id(),
        traceparent=current_traceparent(),
        roles=",".join(sorted(principal.roles)) or None,
    )
    async with transaction(runtime.engine) as conn:
        result = await read(UnitOfWork(conn, runtime, principal, context))
        await verwerkingen.schrijf(conn, verwerkingen.OK, principal, runtime.store)
        return result


async def carry_out(
    runtime: Runtime,
    principal: Principal,
    command: object,
    model: type[BaseModel],
    idempotency: Idempotency | None = None,
) -> JSONResponse:
    """What a command route returns: the command carried out (`handle`), answered in the shape of `model`."""
    return respond(await handle(runtime, principal, command, idempotency=idempotency), model)


def plain_request(request: Any) -> Any:
    """The request as the client sent it (not the defaults), for the Idempotency-Key fingerprint.

    A field the API gains later must not turn a retry across the upgrade into a conflict.
    """
    dump = getattr(request, "model_dump", None)
    return dump(mode="json", exclude_unset=True) if callable(dump) else request


def respond(answer: Answer, model: type[BaseModel]) -> JSONResponse:
    """The HTTP response for a command's answer, in the shape of `model` (camelCase), with Location on creations."""
    headers = {"Location": answer.location} if answer.location else {}
    if answer.replayed:
        headers["Idempotency-Replayed"] = "true"
    body = model.model_validate(answer.body).model_dump(mode="json", by_alias=True)
    return JSONResponse(body, status_code=answer.status_code, headers=headers)
