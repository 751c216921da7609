"""HTTP edge shared by every service: problem+json errors, correlation ids, body limits, health, metrics."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from opentelemetry.trace import SpanKind, StatusCode
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import tracing
from .auth import AuthenticationFailed, NotAuthorized, Principal
from .errors import DomainError
from .faults import is_unavailable
from .observability import bind_correlation_id, get_logger, new_correlation_id
from .schemas import bestaande_gemeente
from .settings import DEV_JWT_SECRET
from .store import ConcurrencyConflict

PROBLEM_JSON = "application/problem+json"
CORRELATION_HEADER = "X-Correlation-ID"
_VALID_CORRELATION = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

log = get_logger(__name__)

REQUESTS = Counter("http_requests_total", "HTTP requests", ["service", "method", "route", "status"])
LATENCY = Histogram(
    "http_request_duration_seconds", "HTTP request duration by route template", ["service", "method", "route"]
)


class InvalidParam(BaseModel):
    """One field that failed validation."""

    name: str = Field(description="Dotted path of the field, e.g. persoon.bsn")
    pointer: str = Field(description="JSON Pointer into the request body (#/persoon/bsn), or query:name, path:name")
    reason: str
    code: str | None = Field(
        default=None,
        description="The validator's error type (missing, string_pattern_mismatch, enum, value_error …), stable for "
        "a client to phrase in its own words; absent on a domain rule's refusal, whose reason is Dutch",
    )


class ProblemDetail(BaseModel):
    """RFC 9457 problem details, as returned for every error: one language (Dutch), one type scheme (urn:problem:)."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)

    type: str = Field(examples=["urn:problem:ongeldige-invoer"])
    title: str
    status: int
    detail: str
    instance: str
    correlation_id: str | None = None
    invalid_params: list[InvalidParam] | None = None


# Status -> (type, title, detail) for errors that come from HTTP itself rather than from a rule.
STANDARD_PROBLEMS: dict[int, tuple[str, str, str]] = {
    400: ("urn:problem:ongeldige-invoer", "Ongeldige invoer", "De aanvraag bevat ongeldige velden."),
    401: ("urn:problem:niet-geauthenticeerd", "Niet geauthenticeerd", "Stuur een geldig bearer token mee."),
    403: ("urn:problem:geen-toegang", "Geen toegang", "U mag dit niet doen."),
    404: ("urn:problem:niet-gevonden", "Niet gevonden", "Op dit pad staat niets dat u mag zien."),
    405: ("urn:problem:methode-niet-toegestaan", "Methode niet toegestaan", "Deze methode kan hier niet."),
    409: ("urn:problem:conflict", "Conflict", "De aanvraag botst met de huidige stand."),
    413: ("urn:problem:aanvraag-te-groot", "Aanvraag te groot", "De body is groter dan deze API aanneemt."),
    415: ("urn:problem:verkeerd-mediatype", "Verkeerd mediatype", "Stuur de body als application/json."),
    500: ("urn:problem:interne-fout", "Interne fout", "Er ging onverwacht iets mis; geef het correlationId door."),
    503: (
        "urn:problem:tijdelijk-niet-beschikbaar",
        "Tijdelijk niet beschikbaar",
        "De dienst kon de aanvraag nu niet afmaken en heeft niets vastgelegd; probeer het zo dadelijk opnieuw.",
    ),
}

# Seconds a client is asked to wait before retrying after a 503 (the database restarting, a connection lost).
RETRY_AFTER_S = 5


class Problem(Exception):
    """An error that is already expressed in HTTP terms."""

    def __init__(
        self, status: int, title: str | None = None, detail: str | None = None, type_: str | None = None, **extra: Any
    ) -> None:
        default_type, default_title, default_detail = _standard(status)
        super().__init__(detail or title or default_detail)
        self.status = status
        self.title = title or default_title
        self.detail = detail or default_detail
        self.type = type_ or default_type
        self.extra = extra


def _standard(status: int) -> tuple[str, str, str]:
    return STANDARD_PROBLEMS.get(status) or STANDARD_PROBLEMS[400 if status < 500 else 500]


def problem_response(
    request: Request | None,
    status: int,
    title: str | None = None,
    detail: str | None = None,
    type_: str | None = None,
    headers: Mapping[str, str] | None = None,
    instance: str | None = None,
    correlation_id: str | None = None,
    **extra: Any,
) -> JSONResponse:
    """Build an application/problem+json response; type, title and detail default by status, never empty."""
    default_type, default_title, default_detail = _standard(status)
    body: dict[str, Any] = {
        "type": type_ or default_type,
        "title": title or default_title,
        "status": status,
        "detail": detail or default_detail,
        "instance": instance or (request.url.path if request is not None else ""),
        "correlationId": correlation_id or (request.scope.get("correlation_id") if request is not None else None),
    }
    body.update({to_camel(key): value for key, value in extra.items()})
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


def install_problem_handlers(app: FastAPI) -> None:
    """Map validation, auth, concurrency and every DomainError (by its own status and title) to problem+json."""

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        params = []
        for error in exc.errors():
            name, pointer = _pointer(tuple(error.get("loc", ())))
            # `code` is the validator's error type (`missing`, `string_pattern_mismatch`, …): stable, so a client
            # can say it in its own words; `reason` is the validator's English (or a domain check's Dutch) text.
            params.append(
                {"name": name, "pointer": pointer, "reason": error.get("msg", "invalid"), "code": error.get("type", "")}
            )
        return problem_response(request, 400, invalid_params=params)

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        detail = None
        if exc.status_code == 405 and exc.headers and "Allow" in exc.headers:
            detail = f"{request.method} kan hier niet; wel: {exc.headers['Allow']}."
        return problem_response(request, exc.status_code, detail=detail, headers=exc.headers)

    async def on_problem(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, Problem)
        return problem_response(request, exc.status, exc.title, exc.detail, exc.type, **exc.extra)

    async def on_auth(request: Request, exc: Exception) -> Response:
        return problem_response(request, 401, detail=str(exc), headers={"WWW-Authenticate": "Bearer"})

    async def on_forbidden(request: Request, exc: Exception) -> Response:
        return problem_response(request, 403, detail=str(exc))

    async def on_conflict(request: Request, exc: Exception) -> Response:
        return problem_response(
            request,
            409,
            "Gelijktijdige wijziging",
            "Iemand anders wijzigde dit tegelijk; haal de actuele stand op en probeer opnieuw.",
            type_="urn:problem:gelijktijdige-wijziging",
        )

    async def on_domain(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, DomainError)
        extra: dict[str, Any] = {}
        if exc.velden:
            extra["invalid_params"] = [
                {"name": name, "pointer": "#/" + name.replace(".", "/"), "reason": reason}
                for name, reason in exc.velden.items()
            ]
        return problem_response(request, exc.status, exc.title, str(exc), type_=exc.problem_type(), **extra)

    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Problem, on_problem)
    app.add_exception_handler(AuthenticationFailed, on_auth)
    app.add_exception_handler(NotAuthorized, on_forbidden)
    app.add_exception_handler(ConcurrencyConflict, on_conflict)
    app.add_exception_handler(DomainError, on_domain)


def _nul_fields(value: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Paths inside a JSON value whose key or string holds a NUL character (PostgreSQL cannot store it)."""
    if isinstance(value, str):
        return [path] if "\x00" in value else []
    if isinstance(value, dict):
        found: list[tuple[str, ...]] = []
        for key, item in value.items():
            found += [(*path, key)] if "\x00" in key else _nul_fields(item, (*path, key))
        return found
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in _nul_fields(item, (*path, str(i)))]
    return []


def _nul_params(scope: Scope, body: bytes) -> list[dict[str, str]]:
    """Every field of the request (path, query, JSON body) that holds a NUL character, as invalid_params."""
    reason = "contains a NUL character (\\u0000), which cannot be stored"
    params = []
    if "\x00" in scope["path"]:
        params.append({"name": "path", "pointer": "path:path", "reason": reason})
    for name, value in parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True):
        if "\x00" in name or "\x00" in value:
            clean = name.replace("\x00", "")
            params.append({"name": clean, "pointer": f"query:{clean}", "reason": reason})
    if b"\x00" in body or b"\\u0000" in body:
        try:
            parsed = json.loads(body)
        except ValueError:
            parsed = None  # not JSON: the route's own validation answers
        for path in _nul_fields(parsed):
            name, pointer = _pointer(("body", *(p.replace("\x00", "") for p in path)))
            params.append({"name": name, "pointer": pointer, "reason": reason})
    return params


def _geen_utf8(headers: Mapping[str, str], body: bytes) -> dict[str, str] | None:
    """The invalid-params entry for a JSON body that is not UTF-8 (RFC 8259 §8.1), naming where it breaks."""
    if not body or "json" not in headers.get("content-type", "application/json"):
        return None
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as fout:
        reden = f"not UTF-8: byte 0x{body[fout.start]:02x} at position {fout.start} (Latin-1?); send UTF-8"
        return {"name": "body", "pointer": "#", "reason": reden}
    return None


# Per request: `begin()` before the app runs, `finish(what begin returned, status)` after it answered.
BeginHook = Callable[[], Any]
FinishHook = Callable[[Any, int], Awaitable[None]]


class EdgeMiddleware:
    """Pure ASGI middleware: correlation id, body limit, input PostgreSQL cannot store, 500s, logs, metrics."""

    def __init__(
        self,
        app: ASGIApp,
        service: str,
        max_body_bytes: int,
        api_version: str,
        begin: BeginHook | None = None,
        finish: FinishHook | None = None,
        body_limits: Mapping[str, int] | None = None,
    ) -> None:
        self.app = app
        self.service = service
        self.max_body_bytes = max_body_bytes
        # A route that takes a whole file (an IB signal file) has a limit of its own, by exact path.
        self.body_limits = dict(body_limits or {})
        self.api_version = api_version.encode()
        self.begin = begin
        self.finish = finish

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        incoming = headers.get(CORRELATION_HEADER.lower(), "")
        correlation_id = incoming if _VALID_CORRELATION.match(incoming) else new_correlation_id()
        scope["correlation_id"] = correlation_id
        bind_correlation_id(correlation_id)
        # The caller's trace continues here (a malformed or absent traceparent starts a new one).
        with tracing.span(self.service, scope["method"], SpanKind.SERVER, tracing.extract(headers)) as server:
            traceparent = (tracing.current_traceparent() or "").encode()
            started = self.begin() if self.begin is not None else None
            status = await self._handle(scope, receive, send, headers, correlation_id, traceparent)
            if self.finish is not None:
                await self.finish(started, status)
            route = getattr(scope.get("route"), "path", None)
            server.update_name(f"{scope['method']} {route}" if route else scope["method"])
            server.set_attribute("http.response.status_code", status)
            if status >= 500:
                server.set_status(StatusCode.ERROR)

    async def _handle(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        headers: dict[str, str],
        correlation_id: str,
        traceparent: bytes,
    ) -> int:
        started = time.perf_counter()
        state = {"status": 500, "started": False}
        personal = scope["path"].startswith("/api/")

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["status"] = message["status"]
                state["started"] = True
                message.setdefault("headers", [])
                message["headers"] = [
                    *message["headers"],
                    (CORRELATION_HEADER.encode(), correlation_id.encode()),
                    (b"traceparent", traceparent),
                    (b"api-version", self.api_version),
                    (b"x-content-type-options", b"nosniff"),
                    # Transport security (NL API Design Rules): no answer may be framed by another page.
                    (b"x-frame-options", b"DENY"),
                    (b"content-security-policy", b"frame-ancestors 'none'"),
                ]
                if personal:
                    # Answers of the API carry personal data: no browser or proxy may keep them.
                    message["headers"].append((b"cache-control", b"no-store"))
            await send(message)

        # The body is read here, whole, so a chunked upload over the limit is a 413 like a declared one,
        # and text PostgreSQL cannot store is refused before any route sees it. The limit keeps it small.
        limit = self.body_limits.get(scope["path"], self.max_body_bytes)
        body, too_large = await self._read_body(headers, receive, limit)
        if too_large:
            detail = f"De body mag hoogstens {limit} bytes zijn."
            await self._answer(scope, send_wrapper, 413, detail)
        elif niet_utf8 := _geen_utf8(headers, body):
            detail = "De body is geen UTF-8; stuur het bestand als UTF-8 (bijvoorbeeld niet als Latin-1)."
            await self._answer(scope, send_wrapper, 400, detail, invalid_params=[niet_utf8])
        elif params := _nul_params(scope, body):
            detail = "De aanvraag bevat tekens die niet bewaard kunnen worden."
            await self._answer(scope, send_wrapper, 400, detail, invalid_params=params)
        else:
            replayed = False

            async def replay() -> Message:
                nonlocal replayed
                if replayed:
                    return await receive()
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}

            try:
                await self.app(scope, replay, send_wrapper)
            except Exception as exc:
                # A lost connection or a restarting database is not the request's fault nor a bug: its transaction
                # was rolled back, so the client may simply retry (with the same Idempotency-Key).
                if is_unavailable(exc) and not state["started"]:
                    log.warning("http.unavailable", method=scope["method"], path=scope["path"], error=repr(exc))
                    await self._answer(scope, send_wrapper, 503, headers={"Retry-After": str(RETRY_AFTER_S)})
                else:
                    log.exception("http.unexpected_error", method=scope["method"], path=scope["path"])
                    if state["started"]:
                        raise
                    await self._answer(scope, send_wrapper, 500)
        route = scope.get("route")
        route_path = getattr(route, "path", "unmatched")
        elapsed = time.perf_counter() - started
        REQUESTS.labels(self.service, scope["method"], route_path, state["status"]).inc()
        LATENCY.labels(self.service, scope["method"], route_path).observe(elapsed)
        log.info(
            "http.request",
            method=scope["method"],
            path=scope["path"],
            status=state["status"],
            duration_ms=round(elapsed * 1000, 2),
        )
        return int(state["status"])

    async def _read_body(self, headers: dict[str, str], receive: Receive, limit: int) -> tuple[bytes, bool]:
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            return b"", True
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                return b"", True
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks), False

    async def _answer(
        self,
        scope: Scope,
        send: Send,
        status: int,
        detail: str | None = None,
        headers: Mapping[str, str] | None = None,
        **extra: Any,
    ) -> None:
        response = problem_response(
            None,
            status,
            detail=detail,
            headers=headers,
            instance=scope["path"],
            correlation_id=scope.get("correlation_id"),
            **extra,
        )

        async def nothing() -> Message:
            return {"type": "http.disconnect"}

        await response(scope, nothing, send)


ReadinessCheck = Callable[[], Awaitable[dict[str, Any]]]


def operations_router(service: str, readiness: ReadinessCheck) -> APIRouter:
    """`/health`, `/ready` and `/metrics` for one service."""
    router = APIRouter(tags=["beheer"], include_in_schema=False)

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


# Cursors are signed, so what a client sends back is exactly what this API issued: a forged or altered
# cursor is a 400 before any of its values reaches a query. Every instance of a service shares the key.
_cursor_key: bytes = hashlib.sha256(b"cursor:" + DEV_JWT_SECRET.encode()).digest()
_SIGNATURE_BYTES = 16


def configure_cursors(secret: bytes) -> None:
    """Sign cursors with a key derived from `secret` (the service's CURSOR_SECRET or AUTH_JWT_SECRET)."""
    global _cursor_key
    _cursor_key = hashlib.sha256(b"cursor:" + secret).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode((text + "=" * (-len(text) % 4)).encode())


def _signature(payload: bytes) -> bytes:
    return hmac.new(_cursor_key, payload, hashlib.sha256).digest()[:_SIGNATURE_BYTES]


def encode_cursor(values: dict[str, Any]) -> str:
    """Opaque, signed cursor for keyset pagination."""
    payload = json.dumps(values, separators=(",", ":")).encode()
    return f"{_b64(payload)}.{_b64(_signature(payload))}"


def decode_cursor(cursor: str) -> dict[str, Any]:
    """The values of a cursor made by `encode_cursor`; anything else (altered, forged, malformed) is a 400."""
    try:
        payload_text, signature_text = cursor.split(".")
        payload, signature = _unb64(payload_text), _unb64(signature_text)
        if not hmac.compare_digest(signature, _signature(payload)):
            raise ValueError("signature")
        value = json.loads(payload)
    except (ValueError, UnicodeDecodeError) as exc:
        raise foreign_cursor() from exc
    if not isinstance(value, dict):
        raise foreign_cursor()
    return value


def foreign_cursor() -> Problem:
    """The 400 for a cursor this API did not issue."""
    return Problem(
        400,
        "Ongeldige cursor",
        "De cursor komt niet van deze API.",
        invalid_params=[{"name": "cursor", "pointer": "query:cursor", "reason": "not a cursor issued by this API"}],
    )


def encode_keyset(sort_key: datetime, row_id: object) -> str:
    """Cursor after the row (sort_key, row_id) of a list ordered by both."""
    return encode_cursor({"s": sort_key.isoformat(), "i": str(row_id)})


def decode_keyset(cursor: str | None) -> tuple[datetime, str] | None:
    """The (sort_key, row_id) a cursor from `encode_keyset` points after; a foreign cursor is a 400."""
    if cursor is None:
        return None
    raw = decode_cursor(cursor)
    try:
        sort, row_id = raw["s"], raw["i"]
        if not isinstance(sort, str) or not isinstance(row_id, str):
            raise TypeError("cursor values")
        return datetime.fromisoformat(sort), row_id
    except (KeyError, ValueError, TypeError) as exc:
        raise foreign_cursor() from exc


def check_gemeentecodes(codes: list[str] | None, principal: Principal) -> None:
    """A gemeente filter: 400 for no gemeente, 422 for an abolished one, 403 outside the caller's scope."""
    onbekend = []
    for code in codes or []:
        try:
            bestaande_gemeente(code)
        except ValueError:
            onbekend.append(code)
    if onbekend:
        raise Problem(
            400,
            detail=f"geen CBS-gemeentecode: {', '.join(onbekend)}",
            invalid_params=[
                {"name": "gemeente", "pointer": "query:gemeente", "reason": f"onbekende gemeentecode {code}"}
                for code in onbekend
            ],
        )
    buiten = sorted(set(codes or []) - principal.gemeenten)
    if buiten:
        raise NotAuthorized(f"u werkt niet voor {', '.join(buiten)}")
