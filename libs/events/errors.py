"""Typed domain errors: each class carries its HTTP status and title, so the edge maps it without a table."""

from __future__ import annotations

import re
from typing import ClassVar


class DomainError(Exception):
    """Base of every refusal a service's rules can give; subclasses set `status` and `title`."""

    status: ClassVar[int] = 422
    title: ClassVar[str] = "Geweigerd"

    def __init__(self, *args: object, velden: dict[str, str] | None = None) -> None:
        super().__init__(*args)
        # Dotted field name -> reason: the request fields the refusal is about (problem+json invalidParams).
        self.velden = velden or {}

    @classmethod
    def problem_type(cls) -> str:
        """`urn:problem:<kebab-case class name>`, stable as long as the class keeps its name."""
        return "urn:problem:" + re.sub(r"(?<!^)(?=[A-Z])", "-", cls.__name__).lower()


class NietGevonden(DomainError):
    """Absent, or not visible to the caller's gemeenten: the two are never told apart."""

    status = 404
    title = "Niet gevonden"


class Conflict(DomainError):
    """The request contradicts the current state."""

    status = 409
    title = "Conflict"


class KetenGebroken(Conflict):
    """A stream this decision folds is not what its service sealed (altered, missing link, bad signature): the
    decision is not taken on it. Nothing the caller sends can fix it; beheer restores the stream."""

    title = "Keten gebroken"

    def __init__(self, stream_id: str, reden: str) -> None:
        super().__init__(f"stream {stream_id} is niet meer zoals vastgelegd ({reden}); er wordt niets op besloten")
        self.stream_id = stream_id
        self.reden = reden


class Verboden(DomainError):
    """Authenticated, but this caller may not do this here."""

    status = 403
    title = "Geen toegang"


class GemeenteOpgeheven(DomainError):
    """A gemeente code that a herindeling abolished: the message names the successor and the date."""

    status = 422
    title = "Gemeente opgeheven"
