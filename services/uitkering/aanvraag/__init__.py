"""Aanvraag slice: from aanvraag to besluit, and the month's right from the facts."""
