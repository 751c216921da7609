"""API request schemas stop at the routers: commands are explicit, so an API rename cannot change an event."""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest

from libs.events.schemas import Invoer

SERVICES = Path(__file__).resolve().parents[2] / "services"


def _request_schemas(service: str) -> set[str]:
    """The request bodies of the service, in its `schemas.py` and in every slice's."""
    names: set[str] = set()
    for path in (SERVICES / service).rglob("schemas.py"):
        parts = path.relative_to(SERVICES.parent).with_suffix("").parts
        module = importlib.import_module(".".join(parts))
        names |= {
            name
            for name, value in vars(module).items()
            if inspect.isclass(value) and issubclass(value, Invoer) and value.__module__ == module.__name__
        }
    return names


def _imported_names(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.endswith("schemas"):
            names |= {alias.name for alias in node.names}
    return names


@pytest.mark.parametrize("service", sorted(p.name for p in SERVICES.iterdir() if (p / "schemas.py").exists()))
def test_only_the_routers_see_request_schemas(service: str) -> None:
    requests = _request_schemas(service)
    if not requests:
        # A read-only API has no request bodies at all; then there is nothing to leak.
        schema = importlib.import_module(f"services.{service}.app").app.openapi()
        bodies = [op for ops in schema["paths"].values() for op in ops.values() if "requestBody" in op]
        assert not bodies, f"{service} takes request bodies but has no request schemas? the check would be empty"
        return
    for module in sorted((SERVICES / service).rglob("*.py")):
        # The routers: api.py, a big service's routers of their own (betaalruns_api.py), a slice's routes.py.
        if module.name in ("api.py", "schemas.py", "routes.py") or module.name.endswith("_api.py"):
            continue
        leaked = _imported_names(module) & requests
        naam = module.relative_to(SERVICES / service)
        assert not leaked, f"services/{service}/{naam} imports request schemas {sorted(leaked)}"
