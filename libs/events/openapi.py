"""The OpenAPI document of a service, shaped to the NL API Design Rules from the routes themselves.

Error responses are derived, not declared per route, so they cannot drift: every operation can answer
400, 401, 403 and 500; one with a path parameter 404; one that changes something (a body) 409, 413 and
422. A route adds what it answers beyond that with `responses={...}` (e.g. a GET refused by a rule: 422).
"""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from .glossary import document_openapi
from .http import ProblemDetail

API_PREFIX = "/api/v1"
API_VERSION_HEADER = "API-Version"
PROBLEM_JSON = "application/problem+json"
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})

ERRORS: dict[int, str] = {
    400: "Invalid input: `invalidParams` names each field, with a JSON Pointer",
    401: "No valid bearer token",
    403: "Authenticated, but this role or gemeente may not do this",
    404: "Not found, or not visible to the gemeenten of the token (never told apart)",
    409: "Conflicts with the current state, a concurrent change, or an `Idempotency-Key` used for another request",
    413: "Request body larger than the service accepts",
    422: "Refused by a rule of the domain; `type` and `detail` say which",
    500: "Unexpected error; pass `correlationId` on to beheer",
}


def errors_of(operation: dict[str, Any], method: str) -> list[int]:
    """The error statuses an operation can really answer, from its shape and what its route declares."""
    statuses = {400, 401, 403, 500}
    if any(p.get("in") == "path" for p in operation.get("parameters", [])):
        statuses.add(404)
    if method.upper() in WRITES:
        statuses |= {409, 413, 422}
    for code, answer in operation["responses"].items():
        # FastAPI documents a 422 of its own on every route with input; this edge answers 400 for that.
        generated = "HTTPValidationError" in str(answer.get("content", {}))
        if code.startswith("4") and not generated:
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
    paths: dict[str, Any] = {}
    for path, operations in schema["paths"].items():
        if path.startswith(API_PREFIX + "/"):
            for method, operation in operations.items():
                _shape(operation, method)
            paths[path.removeprefix(API_PREFIX)] = operations
    schema["paths"] = paths
    document_openapi(schema)
    return _pascal_schema_names(schema)


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
        described = declared.get(str(status), {}).get("description")
        responses[str(status)] = {
            "description": described if described and str(status) != "422" else ERRORS[status],
            "headers": dict(version),
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}},
        }
    operation["responses"] = responses
