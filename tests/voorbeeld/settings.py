"""The sample service's settings."""

from libs.events.runtime import ServiceSettings


class Settings(ServiceSettings):
    """Its own database (DATABASE_URL)."""
