"""The OpenAPI document of a service, shaped to the NL API Design Rules from the routes themselves.

Error responses are derived, not declared per route, so they cannot drift: every operation can answer
400, 401, 403, 500 and 503 (the database or a register not answering); one with a path parameter 404; one
that changes something 404 (what it refers to), 409, 413 and 422; one with a `gemeente` parameter 422 (an
abolished code). A route adds what its domain errors answer beyond that with `responses=weigeringen(SomeError,
...)`, which documents each status with the titles and problem types of those errors. Each summary ends with the
roles the route's role check admits.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from .auth import rollen_van
from .errors import DomainError
from .glossary import document_openapi
from .http import ProblemDetail

API_PREFIX = "/api/v1"
API_VERSION_HEADER = "API-Version"
PROBLEM_JSON = "application/problem+json"
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})

ERRORS: dict[int, str] = {
    400: "Invalid input: `invalidParams` names each field, with a JSON Pointer, a reason and the error's `code`",
    401: "No valid bearer token",
    403: "Authenticated, but this role or gemeente may not do this",
    404: "Not found, or not visible to the gemeenten of the token (never told apart)",
    409: "Conflicts with the current state, a concurrent change, or an `Idempotency-Key` used for another request",
    410: "Gone: the personal data it needs were erased",
    413: "Request body larger than the service accepts",
    422: "Refused by a rule of the domain; `type` and `detail` say which",
    500: "Unexpected error; pass `correlationId` on to beheer",
    502: "A source this service asks on your behalf (intake) did not give an answer",
    503: "The database or a register this service depends on (the BRP) did not answer; nothing was recorded: "
    "retry after the `Retry-After` seconds (with the same `Idempotency-Key`)",
}


def weigeringen(*errors: type[DomainError]) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route: every status its domain errors answer, described by their titles and types."""
    per_status: dict[int, list[type[DomainError]]] = {}
    for error in errors:
        per_status.setdefault(error.status, []).append(error)
    return {
        status: {
            "description": "; ".join(f"{e.title} (`{e.problem_type()}`)" for e in sorted(found, key=lambda e: e.title))
        }
        for status, found in sorted(per_status.items())
    }


def errors_of(operation: dict[str, Any], method: str) -> list[int]:
    """The error statuses an operation can really answer, from its shape and what its route declares."""
    statuses = {400, 401, 403, 500, 503}
    parameters = operation.get("parameters", [])
    if any(p.get("in") == "path" for p in parameters):
        statuses.add(404)
    if any(p.get("name") == "gemeente" for p in parameters):
        statuses.add(422)
    if method.upper() in WRITES:
        statuses |= {404, 409, 413, 422}
    for code, answer in operation["responses"].items():
        # FastAPI documents a 422 of its own on every route with input; this edge answers 400 for that.
        generated = "HTTPValidationError" in str(answer.get("content", {}))
        if code.startswith(("4", "5")) and not generated:
            statuses.add(int(code))
    return sorted(statuses)


def build_openapi(app: FastAPI, servers_url: str, contact: dict[str, str]) -> dict[str, Any]:
    """The service's OpenAPI: paths relative to a `/api/v1` server, problem+json errors, API-Version on answers."""
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
        tags=app.openapi_tags,
        servers=[{"url": servers_url.rstrip("/") + API_PREFIX, "description": "This service, major version 1"}],
        contact=contact,
    )
    components = schema.setdefault("components", {})
    components.setdefault("headers", {})[API_VERSION_HEADER] = {
        "description": "Full version of this API (semantic versioning)",
        "schema": {"type": "string", "example": app.version},
    }
    schemas = components.setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    problem = ProblemDetail.model_json_schema(ref_template="#/components/schemas/{model}", mode="serialization")
    schemas.update(problem.pop("$defs", {}))
    schemas["ProblemDetail"] = problem
    for route in api_routes(app.routes):
        for method in route.methods or ():
            operation = schema["paths"].get(route.path_format, {}).get(method.lower())
            if operation is not None:
                _name_roles(operation, roles_of(route))
    paths: dict[str, Any] = {}
    for path, operations in schema["paths"].items():
        if path.startswith(API_PREFIX + "/"):
            for method, operation in operations.items():
                _shape(operation, method)
            paths[path.removeprefix(API_PREFIX)] = operations
    schema["paths"] = paths
    document_openapi(schema)
    return _pascal_schema_names(schema)


def api_routes(routes: Iterable[Any]) -> Iterator[APIRoute]:
    """Every APIRoute, also inside routers FastAPI keeps as included routers (newer releases)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif (router := getattr(route, "original_router", None)) is not None:
            yield from api_routes(router.routes)


def roles_of(route: APIRoute) -> frozenset[str]:
    """The roles the route's `requires` dependency admits (empty: no role check, which no API route lacks)."""
    found: set[str] = set()

    def walk(dependant: Dependant) -> None:
        for dependency in dependant.dependencies:
            rollen = rollen_van(dependency.call) if dependency.call is not None else None
            if rollen is not None:
                found.update(rollen)
            walk(dependency)

    walk(route.dependant)
    return frozenset(found)


def _name_roles(operation: dict[str, Any], roles: frozenset[str]) -> None:
    """End the summary with the roles the route admits, written from the same declaration the check uses."""
    if not roles:
        return
    label = "role" if len(roles) == 1 else "roles"
    operation["summary"] = f"{operation.get('summary', '').rstrip()} ({label}: {', '.join(sorted(roles))})".lstrip()


def _pascal_schema_names(schema: dict[str, Any]) -> dict[str, Any]:
    """`Page_WerklijstItem_` (pydantic's name for a generic) becomes `PageWerklijstItem`, refs included."""
    renames = {
        name: "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", name))
        for name in schema.get("components", {}).get("schemas", {})
        if not name.isalnum()
    }
    if not renames:
        return schema
    text = json.dumps(schema)
    for old, new in renames.items():
        text = text.replace(f'"#/components/schemas/{old}"', f'"#/components/schemas/{new}"')
    renamed: dict[str, Any] = json.loads(text)
    components = renamed["components"]["schemas"]
    for old, new in renames.items():
        components[new] = components.pop(old)
    return renamed


def _shape(operation: dict[str, Any], method: str) -> None:
    version = {API_VERSION_HEADER: {"$ref": f"#/components/headers/{API_VERSION_HEADER}"}}
    declared = operation["responses"]
    responses: dict[str, Any] = {code: answer for code, answer in declared.items() if not code.startswith(("4", "5"))}
    for answer in responses.values():
        answer.setdefault("headers", {}).update(version)
    for status in errors_of(operation, method):
        answer = declared.get(str(status), {})
        # FastAPI documents a validation 422 of its own; this edge answers 400 for that, so its text is not ours.
        described = None if "HTTPValidationError" in str(answer.get("content", {})) else answer.get("description")
        general = ERRORS.get(status, "Refused")
        if described and status == 422:
            described = f"{general}. This operation's rules: {described}"
        responses[str(status)] = {
            "description": described or general,
            "headers": dict(version),
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}},
        }
    operation["responses"] = responses
