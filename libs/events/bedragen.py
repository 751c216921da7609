"""Money as the law prints it: exact decimals, rounded half-up to whole cents once, at the end of a computation."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def centen(bedrag: Decimal) -> Decimal:
    """Half-up to whole cents (only at the end of a computation)."""
    return bedrag.quantize(CENT, rounding=ROUND_HALF_UP)
