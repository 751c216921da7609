"""structlog JSON logging and correlation ids that travel from HTTP request to event to consumer."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any

import structlog

from .envelope import new_event_id
from .tracing import current_span_ids

_correlation_id: ContextVar[str | None] = ContextVar("correlation_id", default=None)


def _exception_type(logger: Any, method: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    """Name the exception's type in its own field, so an error is data and not only a traceback."""
    exc_info = event_dict.get("exc_info")
    if exc_info is True:
        exc_info = sys.exc_info()
    elif isinstance(exc_info, BaseException):
        exc_info = (type(exc_info), exc_info, exc_info.__traceback__)
    if isinstance(exc_info, tuple) and exc_info[0] is not None:
        event_dict["exc_type"] = exc_info[0].__name__
    return event_dict


def _trace_id(logger: Any, method: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    """W3C trace and span id of the current span (one trace id follows a request into every service)."""
    if "trace_id" not in event_dict and (ids := current_span_ids()) is not None:
        event_dict["trace_id"] = ids.trace_id
        event_dict["span_id"] = ids.span_id
    elif event_dict.get("trace_id", "") is None:
        del event_dict["trace_id"]
        event_dict.pop("parent_span_id", None)
    return event_dict


class _CurrentStdout:
    """Writes to whatever `sys.stdout` is at the moment of writing, not when logging was configured.

    Cached loggers would otherwise keep a stream that was replaced (and closed) since: a test's captured
    output, a reloaded process's stdout.
    """

    def write(self, text: str) -> int:
        return sys.stdout.write(text)

    def flush(self) -> None:
        sys.stdout.flush()


def configure_logging(service: str, level: str = "INFO", json_output: bool = True) -> None:
    """One JSON object per line on stdout, for structlog and for stdlib loggers (uvicorn, aiokafka) alike."""
    numeric = logging.getLevelName(level.upper())
    renderer: Any = structlog.processors.JSONRenderer() if json_output else structlog.dev.ConsoleRenderer()
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _trace_id,
        _exception_type,
    ]
    structlog.configure(
        processors=[*shared, structlog.processors.StackInfoRenderer(), structlog.processors.format_exc_info, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        # One write per line, newline included (print() writes the newline separately: a process killed between
        # the two leaves a line without its end, and the next process's line joins it; the fault run saw that).
        logger_factory=structlog.WriteLoggerFactory(_CurrentStdout()),  # type: ignore[arg-type]
        cache_logger_on_first_use=True,
    )
    structlog.contextvars.bind_contextvars(service=service)
    handler = logging.StreamHandler(_CurrentStdout())
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=[structlog.stdlib.add_logger_name, *shared],
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                renderer,
            ],
        )
    )
    root = logging.getLogger()
    # Replace plain console handlers (basicConfig's, an earlier call's); leave others (test capture) alone.
    root.handlers = [
        h
        for h in root.handlers
        if not (
            type(h) is logging.StreamHandler
            and (isinstance(h.stream, _CurrentStdout) or h.stream in (sys.stdout, sys.stderr))
        )
    ]
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    # uvicorn installs its own plain-text handlers before it imports the app: route them through ours.
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers = []
        logging.getLogger(name).propagate = True


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


async def every_round(
    stop: asyncio.Event,
    interval: float,
    round_: Callable[[], Awaitable[object]],
    status: dict[str, Any],
    failed: str,
    *,
    wait_first: bool = False,
    ready_on_failure: bool = False,
) -> None:
    """A background worker's loop: `round_` every `interval` seconds until `stop` is set.

    A failed round is logged as `failed` and kept in `status["last_error"]`; the next round comes anyway.
    `ready_on_failure`: the service stays ready (its other work does not depend on this worker).
    """
    if wait_first:
        await sleep_unless_stopped(stop, interval)
    while not stop.is_set():
        try:
            await round_()
            status.update(ok=True, last_error=None)
        except Exception as exc:
            status.update(ok=ready_on_failure, last_error=repr(exc))
            get_logger(__name__).exception(failed)
        await sleep_unless_stopped(stop, interval)
