"""Vordering slice: terugvordering and boete as ledgers."""
