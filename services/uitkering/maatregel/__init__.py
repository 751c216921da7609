"""Maatregel slice: maatregelen and the taaleis."""
