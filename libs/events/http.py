"""HTTP edge shared by every service: problem+json errors, correlation ids, body limits, health, metrics."""

from __future__ import annotations

import base64
import json
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .auth import AuthenticationFailed, NotAuthorized
from .observability import bind_correlation_id, get_logger, new_correlation_id
from .store import ConcurrencyConflict

PROBLEM_JSON = "application/problem+json"
CORRELATION_HEADER = "X-Correlation-ID"
_VALID_CORRELATION = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

log = get_logger(__name__)

REQUESTS = Counter("http_requests_total", "HTTP requests", ["service", "method", "route", "status"])
LATENCY = Histogram("http_request_seconds", "HTTP request latency", ["service", "method", "route"])


class InvalidParam(BaseModel):
    """One field that failed validation."""

    name: str = Field(description="Dotted path of the field, e.g. persoon.bsn")
    pointer: str = Field(description="JSON Pointer into the request, e.g. #/persoon/bsn")
    reason: str


class ProblemDetail(BaseModel):
    """RFC 9457 problem details, as returned for every error."""

    type: str = Field(default="about:blank", examples=["https://regio.example/problemen/ongeldige-invoer"])
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    correlation_id: str | None = None
    invalid_params: list[InvalidParam] | None = None


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ProblemDetail, "content": {PROBLEM_JSON: {}}, "description": text}
    for status, text in {
        400: "Invalid input (`invalid_params` names each field)",
        401: "Missing or invalid bearer token",
        403: "Authenticated, but not allowed",
        404: "Not found (or not visible to the caller's gemeenten)",
        409: "Conflict with the current state",
        413: "Request body too large",
    }.items()
}


class Problem(Exception):
    """An error that is already expressed in HTTP terms."""

    def __init__(
        self, status: int, title: str, detail: str | None = None, type_: str = "about:blank", **extra: Any
    ) -> None:
        super().__init__(detail or title)
        self.status = status
        self.title = title
        self.detail = detail
        self.type = type_
        self.extra = extra


def problem_response(
    request: Request | None,
    status: int,
    title: str,
    detail: str | None = None,
    type_: str = "about:blank",
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    """Build an application/problem+json response."""
    body: dict[str, Any] = {"type": type_, "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if request is not None:
        body["instance"] = request.url.path
        body["correlation_id"] = request.scope.get("correlation_id")
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _pointer(loc: tuple[Any, ...]) -> tuple[str, str]:
    parts = (
        [str(p) for p in loc[1:]] if loc and loc[0] in ("body", "query", "path", "header") else [str(p) for p in loc]
    )
    where = str(loc[0]) if loc else "body"
    name = ".".join(parts) if parts else where
    pointer = "#/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)
    if where != "body":
        pointer = f"{where}:{name}"
    return name, pointer


def install_problem_handlers(app: FastAPI, domain_errors: dict[type[Exception], tuple[int, str]]) -> None:
    """Map validation, auth, concurrency and the service's domain exceptions to problem+json."""

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        params = []
        for error in exc.errors():
            name, pointer = _pointer(tuple(error.get("loc", ())))
            params.append({"name": name, "pointer": pointer, "reason": error.get("msg", "invalid")})
        return problem_response(
            request,
            400,
            "Ongeldige invoer",
            "De aanvraag bevat ongeldige velden.",
            type_="urn:problem:ongeldige-invoer",
            invalid_params=params,
        )

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        return problem_response(request, exc.status_code, str(exc.detail), headers=exc.headers)

    async def on_problem(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Problem)
        return problem_response(request, exc.status, exc.title, exc.detail, exc.type, **exc.extra)

    async def on_auth(request: Request, exc: Exception) -> Response:
        return problem_response(request, 401, "Niet geauthenticeerd", str(exc), headers={"WWW-Authenticate": "Bearer"})

    async def on_forbidden(request: Request, exc: Exception) -> Response:
        return problem_response(request, 403, "Geen toegang", str(exc))

    async def on_conflict(request: Request, exc: Exception) -> Response:
        return problem_response(
            request,
            409,
            "Gelijktijdige wijziging",
            "Iemand anders wijzigde dit tegelijk; haal de actuele stand op en probeer opnieuw.",
            type_="urn:problem:gelijktijdige-wijziging",
        )

    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Problem, on_problem)
    app.add_exception_handler(AuthenticationFailed, on_auth)
    app.add_exception_handler(NotAuthorized, on_forbidden)
    app.add_exception_handler(ConcurrencyConflict, on_conflict)

    for exc_type, (status, title) in domain_errors.items():

        def make(status: int, title: str) -> Callable[[Request, Exception], Awaitable[Response]]:
            async def on_domain(request: Request, exc: Exception) -> Response:
                slug = re.sub(r"(?<!^)(?=[A-Z])", "-", type(exc).__name__).lower()
                return problem_response(request, status, title, str(exc), type_=f"urn:problem:{slug}")

            return on_domain

        app.add_exception_handler(exc_type, make(status, title))


class EdgeMiddleware:
    """Pure ASGI middleware: correlation id, body size limit, access log and request metrics."""

    def __init__(self, app: ASGIApp, service: str, max_body_bytes: int) -> None:
        self.app = app
        self.service = service
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        incoming = headers.get(CORRELATION_HEADER.lower(), "")
        correlation_id = incoming if _VALID_CORRELATION.match(incoming) else new_correlation_id()
        scope["correlation_id"] = correlation_id
        bind_correlation_id(correlation_id)
        started = time.perf_counter()
        status_holder = {"status": 500}

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [
                    *message["headers"],
                    (CORRELATION_HEADER.encode(), correlation_id.encode()),
                ]
            await send(message)

        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body_bytes:
            await self._too_large(scope, receive, send_wrapper)
        else:
            received = 0

            async def limited_receive() -> Message:
                nonlocal received
                message = await receive()
                if message["type"] == "http.request":
                    received += len(message.get("body", b""))
                    if received > self.max_body_bytes:
                        raise _BodyTooLarge
                return message

            try:
                await self.app(scope, limited_receive, send_wrapper)
            except _BodyTooLarge:
                await self._too_large(scope, receive, send_wrapper)
        route = scope.get("route")
        route_path = getattr(route, "path", "unmatched")
        elapsed = time.perf_counter() - started
        REQUESTS.labels(self.service, scope["method"], route_path, status_holder["status"]).inc()
        LATENCY.labels(self.service, scope["method"], route_path).observe(elapsed)
        log.info(
            "http.request",
            method=scope["method"],
            path=scope["path"],
            status=status_holder["status"],
            duration_ms=round(elapsed * 1000, 2),
        )

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem_response(
            None,
            413,
            "Aanvraag te groot",
            f"De body mag hoogstens {self.max_body_bytes} bytes zijn.",
            instance=scope["path"],
            correlation_id=scope.get("correlation_id"),
        )
        await response(scope, receive, send)


class _BodyTooLarge(Exception):
    pass


ReadinessCheck = Callable[[], Awaitable[dict[str, Any]]]


def operations_router(service: str, readiness: ReadinessCheck) -> APIRouter:
    """`/health`, `/ready` and `/metrics` for one service."""
    router = APIRouter(tags=["beheer"])

    @router.get("/health", summary="Liveness: the process answers")
    async def health() -> dict[str, str]:
        return {"status": "ok", "service": service}

    @router.get(
        "/ready",
        summary="Readiness: database reachable and background workers healthy",
        responses={503: {"description": "Not ready; the body says which check failed"}},
    )
    async def ready() -> Response:
        checks = await readiness()
        ok = all(value.get("ok", False) for value in checks.values() if isinstance(value, dict))
        return JSONResponse({"status": "ok" if ok else "not-ready", "checks": checks}, status_code=200 if ok else 503)

    @router.get("/metrics", summary="Prometheus metrics", response_class=Response)
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return router


def encode_cursor(values: dict[str, Any]) -> str:
    """Opaque cursor for keyset pagination."""
    return base64.urlsafe_b64encode(json.dumps(values, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> dict[str, Any]:
    """Decode a cursor made by `encode_cursor`; a malformed one is a 400."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError) as exc:
        raise foreign_cursor() from exc
    if not isinstance(value, dict):
        raise foreign_cursor()
    return value


def foreign_cursor() -> Problem:
    return Problem(
        400,
        "Ongeldige cursor",
        "De cursor komt niet van deze API.",
        invalid_params=[{"name": "cursor", "pointer": "query:cursor", "reason": "not a cursor issued by this API"}],
    )


PROBLEM_RESPONSES_422: dict[int | str, dict[str, Any]] = {
    **PROBLEM_RESPONSES,
    422: {
        "model": ProblemDetail,
        "content": {PROBLEM_JSON: {}},
        "description": "Refused by a domain rule; `detail` says which",
    },
}


def encode_keyset(sort_key: datetime, row_id: object) -> str:
    """Cursor after the row (sort_key, row_id) of a list ordered by both."""
    return encode_cursor({"s": sort_key.isoformat(), "i": str(row_id)})


def decode_keyset(cursor: str | None) -> tuple[datetime, str] | None:
    """The (sort_key, row_id) a cursor from `encode_keyset` points after; a foreign cursor is a 400."""
    if cursor is None:
        return None
    raw = decode_cursor(cursor)
    try:
        return datetime.fromisoformat(raw["s"]), str(raw["i"])
    except (KeyError, ValueError, TypeError) as exc:
        raise foreign_cursor() from exc


def check_gemeentecodes(codes: list[str] | None) -> None:
    """A 400 with a pointer unless every code looks like a CBS gemeente code (GM0014)."""
    bad = [c for c in codes or [] if not _GEMEENTECODE.fullmatch(c)]
    if bad:
        raise Problem(
            400,
            "Ongeldige invoer",
            f"geen CBS-gemeentecode: {', '.join(bad)}",
            invalid_params=[{"name": "gemeente", "pointer": "query:gemeente", "reason": "expected a code like GM0014"}],
        )


_GEMEENTECODE = re.compile(r"GM\d{4}")
