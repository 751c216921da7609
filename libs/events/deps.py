"""Typed FastAPI dependencies shared by the services."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from .runtime import Runtime


def get_runtime(request: Request) -> Runtime:
    """The service's live resources."""
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        description="Client-chosen key; a retry with the same key and body gets the first answer, "
        "the same key with another body is refused (409)",
    ),
]
