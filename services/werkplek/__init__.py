"""Werkplek: server-rendered screens for the people of the regional werkbedrijf, on the services' public APIs."""
