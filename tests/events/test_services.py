"""The service registry is the one list: definitions, deploy files, README and API paths agree with it."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from libs.events.services import SERVICES, Service

ROOT = Path(__file__).resolve().parents[2]
NAMES = [s.name for s in SERVICES]


@pytest.mark.parametrize("service", SERVICES, ids=NAMES)
def test_each_service_is_defined_as_registered(service: Service) -> None:
    definition = importlib.import_module(f"services.{service.name}.app").DEFINITION
    assert (definition.name, definition.produces, tuple(definition.consumes)) == (
        service.name,
        service.produces,
        service.consumes,
    )
    settings = importlib.import_module(f"services.{service.name}.settings").Settings
    assert settings.model_fields["database_url"].default.endswith(f"/{service.database}")


@pytest.mark.parametrize("service", SERVICES, ids=NAMES)
def test_every_api_path_is_owned_by_its_service_alone(service: Service) -> None:
    app = importlib.import_module(f"services.{service.name}.app").app
    schema = app.openapi()
    assert schema["servers"][0]["url"].endswith("/api/v1")
    segments = {p.split("/")[1] for p in schema["paths"]}
    assert segments == set(service.paths)
    others = {p for s in SERVICES if s is not service for p in s.paths}
    assert not others & set(service.paths), f"{service.name} shares a path segment with another service"


def test_deploy_files_list_every_service() -> None:
    compose = (ROOT / "deploy/compose/compose.yaml").read_text(encoding="utf-8")
    init_sql = (ROOT / "deploy/compose/init-databases.sql").read_text(encoding="utf-8")
    first_db = re.search(r"POSTGRES_DB: (\w+)", compose)
    assert first_db is not None
    secrets = (ROOT / "deploy/k8s/secrets.example.yaml").read_text(encoding="utf-8")
    for s in SERVICES:
        for name, text in (("compose", compose), ("k8s secrets", secrets)):
            assert re.search(rf"{s.database_url_env}: [^\n]*/{s.database}\n", text), f"{name}: {s.database_url_env}"
        assert re.search(rf"for s in [^;]*\b{s.name}\b", compose), f"compose: {s.name} not migrated"
        assert re.search(rf"SERVICE: {s.name}\b", compose), f"compose: no {s.name}"
        assert s.database == first_db.group(1) or f"CREATE DATABASE {s.database};" in init_sql


def test_readme_service_table_and_external_database_example_list_every_service() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for s in SERVICES:
        pattern = rf"^\| {s.name} \| {s.port} \| `{s.database}` \| (.*?) \| `{re.escape(s.produces)}` \|"
        row = re.search(pattern, readme, re.M)
        assert row is not None, f"README service table has no row for {s.name} as registered"
        assert sorted(re.findall(r"`([\w-]+)`", row.group(1))) == sorted(s.paths)
        assert f"{s.database_url_env}=postgresql" in readme, f"external-PostgreSQL example lacks {s.name}"
