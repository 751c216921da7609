"""Every field of every service's OpenAPI is described or has an example."""

from __future__ import annotations

import pytest

from libs.events.glossary import document_openapi
from libs.events.services import SERVICES


@pytest.mark.parametrize("service", [s.name for s in SERVICES])
def test_every_field_is_documented(service: str) -> None:
    import importlib

    app = importlib.import_module(f"services.{service}.app").app
    schema = app.openapi()
    assert document_openapi(schema) == []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary"), f"{method.upper()} {path} has no summary"
            assert operation.get("description"), f"{method.upper()} {path} has no description"
