"""Run a service's Alembic migrations (the shared events branch plus the service's own)."""

from __future__ import annotations

import argparse
from pathlib import Path

from alembic import command
from alembic.config import Config

ROOT = Path(__file__).resolve().parents[2]
EVENTS_ALEMBIC = Path(__file__).resolve().parent / "alembic"


def alembic_config(service: str, database_url: str, migrations: Path | None = None) -> Config:
    """Alembic configuration for one service, built in code so no per-service ini is needed."""
    config = Config()
    config.set_main_option("script_location", str(EVENTS_ALEMBIC))
    locations = [EVENTS_ALEMBIC / "versions", migrations or ROOT / "services" / service / "migrations"]
    config.set_main_option("version_locations", " ".join(str(p) for p in locations if p.exists()))
    config.set_main_option("path_separator", "space")
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(service: str, database_url: str, migrations: Path | None = None) -> None:
    """Bring a service's database to the newest schema (its migrations in services/<name>/migrations)."""
    command.upgrade(alembic_config(service, database_url, migrations), "heads")


def main() -> None:
    """Command line: python -m libs.events.migrate SERVICE [DATABASE_URL]."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("service")
    parser.add_argument("database_url", nargs="?")
    args = parser.parse_args()
    url = args.database_url
    if url is None:
        import importlib

        url = importlib.import_module(f"services.{args.service}.settings").Settings().database_url
    upgrade(args.service, url)


if __name__ == "__main__":
    main()
