"""Handhaving: the audit store of every event of the platform, its hash chains, and the tijdlijn per klant."""
