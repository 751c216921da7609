"""Local infrastructure: embedded PostgreSQL and the tansu broker, no Docker needed."""
