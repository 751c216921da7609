"""A local stand-in for the BRP (Haal Centraal BRP Personen and Update API) from the published test persons."""
