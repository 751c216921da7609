"""structlog JSON logging and correlation ids that travel from HTTP request to event to consumer."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from contextvars import ContextVar
from typing import Any

import structlog

from .envelope import new_event_id

_correlation_id: ContextVar[str | None] = ContextVar("correlation_id", default=None)


def configure_logging(service: str, level: str = "INFO", json_output: bool = True) -> None:
    """Configure structlog (and stdlib logging) to write one JSON object per line to stdout."""
    numeric = logging.getLevelName(level.upper())
    renderer: Any = structlog.processors.JSONRenderer() if json_output else structlog.dev.ConsoleRenderer()
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.StackInfoRenderer(),
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        logger_factory=structlog.PrintLoggerFactory(sys.stdout),
        cache_logger_on_first_use=True,
    )
    structlog.contextvars.bind_contextvars(service=service)
    logging.basicConfig(level=logging.WARNING, stream=sys.stdout, format="%(name)s %(levelname)s %(message)s")


def new_correlation_id() -> str:
    """A fresh correlation id (UUIDv7 text)."""
    return str(new_event_id())


def current_correlation_id() -> str:
    """The correlation id of the work in progress, or a new one."""
    return _correlation_id.get() or new_correlation_id()


def bind_correlation_id(correlation_id: str) -> None:
    """Make `correlation_id` the current one, for log lines and for events written now."""
    _correlation_id.set(correlation_id)
    structlog.contextvars.bind_contextvars(correlation_id=correlation_id)


def get_logger(name: str) -> Any:
    """A structlog logger named after its module."""
    return structlog.get_logger(name)


async def sleep_unless_stopped(stop: asyncio.Event, seconds: float) -> None:
    """Sleep `seconds`, returning early when `stop` is set (background workers' pause)."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)
