"""The one registry of services: name, port, database, topics and the API paths each one owns.

`make run`, the test fixtures, the event-contract registry and every service's definition read
it; compose, Kubernetes, the database init script and the README's service table are checked
against it by tests/events/test_services.py. A gateway routes `/api/v1/<first segment>` to the
service that owns that segment: no segment belongs to two services.
"""

from __future__ import annotations

from dataclasses import dataclass

# Where every service publishes the public keys of what it signs (its events; handhaving's dossiers too), as a
# JWK Set (RFC 7517) at its own base URL: https://intake.regio.example/.well-known/jwks.json.
JWKS_PATH = "/.well-known/jwks.json"


@dataclass(frozen=True)
class Service:
    """One service of the platform as deployment and routing see it."""

    name: str
    port: int
    database: str
    produces: str
    consumes: tuple[str, ...]
    paths: tuple[str, ...]

    @property
    def jwks_path(self) -> str:
        """The path of this service's JWK Set, below its base URL."""
        return JWKS_PATH

    @property
    def database_url_env(self) -> str:
        """The environment variable holding this service's database URL."""
        return f"{self.name.upper()}_DATABASE_URL"


SERVICES: tuple[Service, ...] = (
    Service(
        "intake",
        8001,
        "intake",
        produces="intake.events",
        consumes=("handhaving.events",),
        paths=("aanmeldingen", "klanten", "werklijsten"),
    ),
    Service(
        "matching",
        8002,
        "matching",
        produces="matching.events",
        consumes=("intake.events", "werkgevers.events"),
        paths=("kandidaten", "matches", "voorstellen", "nazorgmomenten", "caseload", "klantmanagers"),
    ),
    Service(
        "werkgevers",
        8003,
        "werkgevers",
        produces="werkgevers.events",
        consumes=("matching.events",),
        paths=("werkgevers", "vacatures"),
    ),
    Service(
        "uitkering",
        8004,
        "uitkering",
        produces="uitkering.events",
        consumes=("intake.events", "matching.events", "handhaving.events", "trajecten.events"),
        paths=(
            "aanvragen",
            "uitkeringen",
            "betaalruns",
            "vorderingen",
            "verordeningen",
            "termijnen",
            "cijfers",
            "budgetten",
        ),
    ),
    Service(
        "trajecten",
        8006,
        "trajecten",
        produces="trajecten.events",
        consumes=("intake.events", "matching.events", "uitkering.events", "werkgevers.events"),
        paths=(
            "plannen",
            "voorzieningen",
            "aanbieders",
            "catalogi",
            "tegenprestaties",
            "budgetregels",
            "keuzes",
            "adviesaanvragen",
            "taakstellingen",
            "wsw",
        ),
    ),
)
# Handhaving keeps the audit store: it consumes every topic, its own included (its reads of a tijdlijn are
# "who looked" too), found here and never listed by hand.
SERVICES = (
    *SERVICES,
    Service(
        "handhaving",
        8005,
        "handhaving",
        produces="handhaving.events",
        consumes=(*(s.produces for s in SERVICES), "handhaving.events"),
        paths=("tijdlijnen", "ketenbreuken", "signalen", "onderzoeken", "steekproeven", "dossiers"),
    ),
)
BY_NAME = {service.name: service for service in SERVICES}


def service(name: str) -> Service:
    """The registered service called `name` (KeyError names the known ones)."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"no service {name!r}; registered: {', '.join(BY_NAME)}") from None
