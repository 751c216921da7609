"""Tell a fault of the infrastructure (retry later) from a fault of the message (dead-letter it)."""

from __future__ import annotations

import asyncio
import random

import asyncpg
from aiokafka.errors import KafkaError
from sqlalchemy import exc as sa_exc

from .store import ConcurrencyConflict


class ConcurrentFold(Exception):
    """Another instance changed a read-model row this batch folded on top of: retry the batch, it reads anew."""


# Errors that say nothing about the event being applied: the database or the network was away.
_TRANSIENT_PG = (
    asyncpg.exceptions.InterfaceError,  # connection closed, another operation in progress after a reset
    asyncpg.exceptions.PostgresConnectionError,  # class 08: connection failure, cannot connect now
    asyncpg.exceptions.AdminShutdownError,  # 57P01: the server is shutting down
    asyncpg.exceptions.CrashShutdownError,  # 57P02
    asyncpg.exceptions.CannotConnectNowError,  # 57P03: the database system is starting up
    asyncpg.exceptions.TooManyConnectionsError,
    asyncpg.exceptions.SerializationError,  # 40001: retrying the transaction is the documented answer
    asyncpg.exceptions.DeadlockDetectedError,  # 40P01
    asyncpg.exceptions.QueryCanceledError,  # 57014: statement timeout or cancel
)
# A policy that appends to a stream someone else appended to meanwhile (a command, another instance's policy) reads
# the stream again on the retry and decides anew: the event was not at fault.
_TRANSIENT = (
    *_TRANSIENT_PG,
    ConcurrentFold,
    ConcurrencyConflict,
    OSError,
    ConnectionError,
    TimeoutError,
    asyncio.TimeoutError,
    KafkaError,
)


def is_transient(error: BaseException) -> bool:
    """True when `error`, or anything it was raised from, is a lost connection, timeout or restart."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, _TRANSIENT):
            return True
        if isinstance(current, sa_exc.DBAPIError) and current.connection_invalidated:
            return True
        if isinstance(current, sa_exc.InterfaceError | sa_exc.OperationalError | sa_exc.TimeoutError):
            return True
        current = current.__cause__ or current.__context__
    return False


# Local file errors are OSErrors too, but a request meeting one has found a bug, not an outage.
_LOCAL_OS_ERRORS = (FileNotFoundError, FileExistsError, IsADirectoryError, NotADirectoryError, PermissionError)


def is_unavailable(error: BaseException) -> bool:
    """`is_transient` for an answer over HTTP: a 503 the client retries, except file errors (a bug: a 500)."""
    return is_transient(error) and not isinstance(error, _LOCAL_OS_ERRORS)


def backoff_delay(attempt: int, base: float = 0.2, cap: float = 5.0) -> float:
    """Exponential backoff with full jitter: uniform in [0, min(cap, base * 2**attempt)]."""
    return random.uniform(0, min(cap, base * (2**attempt)))
