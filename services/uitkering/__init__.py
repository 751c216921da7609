"""Uitkering: deciding on and paying algemene bijstand, from aanvraag to betaalrun, in slices (docs/uitkering.md)."""
