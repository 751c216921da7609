"""Betaling slice: payments, the vakantietoeslag ledger, nabetaling, verrekening and the betaalrun."""
