"""Uitkering's processing activities in the Logboek Dataverwerkingen (libs/events/verwerkingsactiviteiten.csv)."""

from __future__ import annotations

# Logboek Dataverwerkingen activities (libs/events/verwerkingsactiviteiten.csv).
BEREKENING_RAADPLEGEN = "uitkering-berekening-raadplegen"


BETAALBESTAND = "uitkering-betaalbestand-maken"


LOONHEFFING = "uitkering-loonheffing-export"


UITKERING_RAADPLEGEN = "uitkering-raadplegen"


INZAGE = "inzage-verwerkingen"
