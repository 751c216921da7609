"""Uitkering: deciding on and paying algemene bijstand (issue 12; so far the norm rules only, not yet a service)."""
