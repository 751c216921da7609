"""Werkgevers: employers, vacatures and the instruments that go with a plaatsing (issue 4, in progress)."""
