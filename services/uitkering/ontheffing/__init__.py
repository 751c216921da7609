"""Ontheffing slice: ontheffingen, heronderzoek and opschorting for verzuim."""
