"""What every service process runs besides its routes: database engine, outbox relay, consumer."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from fastapi import APIRouter, FastAPI
from fastapi_offline import FastAPIOffline
from prometheus_client import Gauge
from pydantic import Field
from pydantic.alias_generators import to_camel
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.middleware.cors import CORSMiddleware

from . import verwerkingen
from .auth import Authenticator, Principal
from .consumer import BatchHook, ConsumerRunner
from .contracts import registry
from .db import connection, create_engine, idle_connections, waiting_for_connection
from .envelope import bron
from .faults import backoff_delay
from .http import CORRELATION_HEADER, EdgeMiddleware, configure_cursors, install_problem_handlers, operations_router
from .kafka import ensure_topics
from .observability import configure_logging, get_logger, sleep_unless_stopped
from .openapi import API_PREFIX, API_VERSION_HEADER, build_openapi
from .policies import Policy, PolicyRunner
from .projection import Projection, Projections
from .relay import OutboxRelay
from .services import JWKS_PATH
from .settings import CommonSettings
from .store import EventStore
from .tracing import configure_tracing

log = get_logger(__name__)

DB_POOL_IN_USE = Gauge(
    "db_pool_connections_in_use",
    "Database connections in use: checked out of the pool, less those kept idle between transactions",
    ["service"],
)
DB_POOL_WAITING = Gauge(
    "db_pool_waiting", "Callers waiting for a connection from the pool (or for one to open)", ["service"]
)
DB_POOL_SIZE = Gauge(
    "db_pool_connections_size", "Connections the pool keeps (excess requests wait for one)", ["service"]
)


def tune_gc() -> None:
    """Move start-up objects out of the collector's way and collect young objects less often.

    Consumers allocate hundreds of thousands of short-lived objects per batch; with the default
    threshold the cyclic collector walks the whole heap so often that decoding runs 3-4x slower.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


class ServiceSettings(CommonSettings):
    """CommonSettings plus the service's own database."""

    database_url: str
    database_pool_size: int = Field(
        default=4,
        ge=1,
        description="Connections per process. Small on purpose: excess requests wait in the "
        "service instead of crowding PostgreSQL, which keeps latency flat under bursts",
    )
    database_max_overflow: int = Field(
        default=0, ge=0, description="Extra connections in a burst; each is opened and closed again, costly under load"
    )


@dataclass
class ServiceDefinition:
    """Static description of one service: name, topics, read models, routes and domain errors."""

    name: str
    title: str
    description: str
    version: str
    produces: str | None
    consumes: Sequence[str]
    routers: Sequence[APIRouter]
    # Read models fed by the service's own events, in the command's transaction; rebuilt from its store.
    inline_projections: Sequence[Callable[[], Projection]] = ()
    # Read models fed by the consumed topics; rebuilt by consuming them from the beginning.
    topic_projections: Sequence[Callable[[], Projection]] = ()
    # Reactions to consumed events that append the service's own events (never run by a rebuild).
    policies: Sequence[Callable[[], Policy]] = ()
    openapi_tags: list[dict[str, Any]] = field(default_factory=list)
    # The background loops besides relay and consumer (timers), each with its name, from `<service>/timers.py`.
    timers: Callable[[Runtime], dict[str, Timer]] | None = None
    # Request body limits of their own, by exact path (a route that takes a whole file); others: MAX_BODY_BYTES.
    body_limits: Mapping[str, int] = field(default_factory=dict)
    # Each command type to its one handler (`libs.events.commands.handle` looks it up here).
    commands: Mapping[type, Any] = field(default_factory=dict)


class Timer(Protocol):
    """A background loop of a service (besides relay and consumer) that acts when something falls due; in /ready."""

    status: dict[str, Any]

    async def run(self, stop: asyncio.Event) -> None:
        """Work until `stop` is set."""
        ...


class Runtime:
    """Live resources of one service process; stored on `app.state.runtime`."""

    def __init__(
        self,
        definition: ServiceDefinition,
        settings: ServiceSettings,
        on_batch_committed: BatchHook | None = None,
    ) -> None:
        self.definition = definition
        self.settings = settings
        self.engine: AsyncEngine = create_engine(
            settings.database_url,
            pool_size=settings.database_pool_size,
            max_overflow=settings.database_max_overflow,
            pool_recycle=1800,
        )
        pool = self.engine.pool
        DB_POOL_IN_USE.labels(definition.name).set_function(
            lambda: float(getattr(pool, "checkedout", lambda: 0)() - idle_connections(self.engine))
        )
        DB_POOL_SIZE.labels(definition.name).set_function(lambda: float(getattr(pool, "size", lambda: 0)()))
        DB_POOL_WAITING.labels(definition.name).set_function(lambda: float(waiting_for_connection(self.engine)))
        self.inline_projections: list[Projection] = [make() for make in definition.inline_projections]
        self.sleutel = settings.sleutel(definition.name)
        self.store = EventStore(source=bron(definition.name), registry=registry, sleutel=self.sleutel)
        self.relay = (
            OutboxRelay(self.engine, settings, definition.name, settings.topic(definition.produces))
            if definition.produces
            else None
        )
        # The service itself, acting for its whole region: the actor of policies and timers.
        self.systeem = Principal(
            sub=definition.name, roles=frozenset(), gemeenten=settings.regio_gemeenten(), regionaal=True
        )
        fed = [
            *(make() for make in definition.topic_projections),
            *(PolicyRunner(self, make()) for make in definition.policies),
        ]
        self.consumer = (
            ConsumerRunner(
                self.engine,
                settings,
                definition.name,
                [settings.topic(t) for t in definition.consumes],
                registry,
                Projections(definition.name, fed),
                on_batch_committed=on_batch_committed,
            )
            if fed and definition.consumes
            else None
        )
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self.topics_status: dict[str, Any] = {"ok": False, "error": "not created yet"}
        self.timers: dict[str, Timer] = definition.timers(self) if definition.timers else {}

    async def start(self) -> None:
        """Create topics and start the relay, the consumer and the timers."""
        topics = [self.settings.topic(t) for t in self.definition.consumes]
        if self.definition.produces:
            topics.append(self.settings.topic(self.definition.produces))
        if not await self._try_topics(topics, attempt=1):
            # The broker is not there yet: keep trying in the background, not ready meanwhile.
            self._tasks.append(asyncio.create_task(self._ensure_topics(topics), name="topics"))
        if self.relay is not None:
            self._tasks.append(asyncio.create_task(self.relay.run(self._stop), name="relay"))
        if self.consumer is not None:
            self._tasks.append(asyncio.create_task(self._consume(), name="consumer"))
        for name, timer in self.timers.items():
            self._tasks.append(asyncio.create_task(timer.run(self._stop), name=name))

    async def _try_topics(self, topics: list[str], attempt: int) -> bool:
        try:
            await ensure_topics(self.settings, topics)
        except Exception as exc:
            self.topics_status = {"ok": False, "error": repr(exc), "attempts": attempt}
            log.warning("topics.not_ensured", error=repr(exc), attempt=attempt)
            return False
        self.topics_status = {"ok": True, "topics": topics}
        log.info("topics.ensured", topics=topics)
        return True

    async def _ensure_topics(self, topics: list[str]) -> None:
        """Create the topics, retrying with backoff until the broker takes them; not ready until then."""
        attempt = 1
        while not self._stop.is_set():
            await sleep_unless_stopped(self._stop, backoff_delay(attempt))
            attempt += 1
            if await self._try_topics(topics, attempt):
                return

    async def _consume(self) -> None:
        assert self.consumer is not None
        while not self._stop.is_set():
            try:
                await self.consumer.run(self._stop)
            except Exception as exc:
                self.consumer.status.update(ok=False, last_error=repr(exc))
                log.warning("consumer.start_failed", error=repr(exc))
                await sleep_unless_stopped(self._stop, 1.0)

    async def stop(self) -> None:
        """Stop workers gracefully, then close the database pool."""
        self._stop.set()
        for task in self._tasks:
            try:
                await asyncio.wait_for(task, timeout=15)
            except (TimeoutError, asyncio.CancelledError):
                task.cancel()
        await self.engine.dispose()

    async def readiness(self) -> dict[str, Any]:
        """Checks behind `/ready`."""
        checks: dict[str, Any] = {}
        try:
            async with connection(self.engine) as conn:
                await conn.execute(text("SELECT 1"))
            checks["database"] = {"ok": True}
        except Exception as exc:
            checks["database"] = {"ok": False, "error": repr(exc)}
        checks["topics"] = dict(self.topics_status)
        if self.relay is not None:
            checks["relay"] = dict(self.relay.status)
        if self.consumer is not None:
            checks["consumer"] = self.consumer.readiness()
        for name, timer in self.timers.items():
            checks[name] = dict(timer.status)
        return checks


def create_app(
    definition: ServiceDefinition, settings: ServiceSettings, on_batch_committed: BatchHook | None = None
) -> FastAPI:
    """Build the FastAPI app of a service with the shared edge, auth and background workers."""
    settings.refuse_unsafe()
    configure_cursors(settings.cursor_key())
    configure_logging(definition.name, settings.log_level, settings.log_json)
    configure_tracing(definition.name, settings.otel_exporter_otlp_endpoint)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime = Runtime(definition, settings, on_batch_committed)
        app.state.runtime = runtime
        tune_gc()
        await runtime.start()
        log.info("service.started", version=definition.version)
        try:
            yield
        finally:
            await runtime.stop()
            log.info("service.stopped")

    app = FastAPIOffline(
        title=definition.title,
        description=definition.description,
        version=definition.version,
        lifespan=lifespan,
        openapi_tags=definition.openapi_tags,
        openapi_url=f"{API_PREFIX}/openapi.json",
        redirect_slashes=False,
        generate_unique_id_function=lambda route: to_camel(route.name),
    )
    app.state.settings = settings
    app.state.authenticator = Authenticator(settings)
    install_problem_handlers(app)

    async def readiness() -> dict[str, Any]:
        runtime: Runtime = app.state.runtime
        return await runtime.readiness()

    app.include_router(operations_router(definition.name, readiness))
    jwks = settings.sleutel(definition.name).jwks()

    # Public keys are public: a reader checks an event or a dossier without a token, so this is outside /api/v1
    # (where every route needs one), at the place JWK Sets are looked for (RFC 8615), named in the registry.
    @app.get(JWKS_PATH, include_in_schema=False)
    async def jwk_set() -> dict[str, Any]:
        return jwks

    for router in definition.routers:
        app.include_router(router)
    if settings.cors_allow_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_allow_origins,
            allow_methods=["GET", "POST", "PUT"],
            allow_headers=["Authorization", "Content-Type", "Idempotency-Key", CORRELATION_HEADER, "traceparent"],
            expose_headers=[API_VERSION_HEADER, CORRELATION_HEADER, "traceparent", "Location"],
        )

    async def finish(lopend: verwerkingen.Lopend, status: int) -> None:
        # Processings the request declared but did not log itself (refused or failed): logged now.
        await verwerkingen.sluit_af(app.state.runtime.engine, lopend, status, app.state.runtime.store)

    app.add_middleware(
        EdgeMiddleware,
        service=definition.name,
        max_body_bytes=settings.max_body_bytes,
        api_version=definition.version,
        begin=verwerkingen.begin,
        finish=finish,
        body_limits=definition.body_limits,
    )
    contact = {"name": settings.api_contact_name, "email": settings.api_contact_email, "url": settings.api_contact_url}

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build_openapi(app, settings.public_base_url, contact)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app
