"""One description and example per field name, used wherever a model does not document a field itself.

Field names mean the same thing in every service (a glossary), so their documentation lives once.
`document_openapi` fills the OpenAPI schema from it; a test keeps every field documented.
"""

from __future__ import annotations

from typing import Any

from pydantic.alias_generators import to_snake

GLOSSARY: dict[str, tuple[str, Any]] = {
    "aanmelding_id": ("Aanmelding id (UUIDv7)", "01a20196-460c-7b13-9c7e-e4e4eabd98d3"),
    "klant_id": ("Pseudonymous id of the person in the whole region", "01a20196-460b-7871-85d2-cbb9ee80a8f2"),
    "overdracht_id": ("Overdracht id (UUIDv7)", "01a201a3-5c1e-7a55-9d4c-2b1f0c9e8a77"),
    "gemeente": ("CBS code of the gemeente (of residence, for a klant)", "GM0014"),
    "kanaal": ("Channel the question came in through", "kcc"),
    "kanaal_referentie": ("The channel's own reference", "KCC-2026-000123"),
    "hulpvraag": ("What the person asks help with: werk, inkomen or beide", "beide"),
    "status": ("Where it stands in its flow", "ontvangen"),
    "screening": ("Summary of the latest leefgebieden screening; scores stay at the source", None),
    "voorstel": ("The diagnose rules' proposal, with reasons", None),
    "route": ("Route of the primaire diagnose: werk, ontwikkeling or participatie", "ontwikkeling"),
    "voorgestelde_route": ("Route the rules proposed, before confirmation", "werk"),
    "uitkering_nodig": ("Does the person need an uitkering?", True),
    "urgentie": ("How fast the klant needs help: normaal or hoog", "normaal"),
    "motivatie": ("Why the klantmanager deviated from the proposal", "Taalniveau eerst verbeteren"),
    "toelichting": ("Free-text note", "Besproken met de klant"),
    "ontvangen_op": ("When the aanmelding was received (ISO 8601, UTC)", "2026-11-22T09:15:00Z"),
    "diagnose_op": ("When the diagnose was recorded (ISO 8601, UTC)", "2026-11-22T10:02:00Z"),
    "aangemeld_op": ("When the aanmelding was received (ISO 8601, UTC)", "2026-11-22T09:15:00Z"),
    "gediagnosticeerd_op": ("When the diagnose was recorded (ISO 8601, UTC)", "2026-11-22T10:02:00Z"),
    "persoon": ("Personal data; stored only in intake", None),
    "naam": ("Full name", "Jan de Vries"),
    "bsn": ("Burgerservicenummer (elfproef)", "111222333"),
    "geboortedatum": ("Date of birth", "1990-05-17"),
    "postcode": ("Postcode, stored as 1234AB", "9711AB"),
    "straat": ("Street", "Grote Markt"),
    "huisnummer": ("House number with addition", "1a"),
    "woonplaats": ("Town", "Groningen"),
    "telefoon": ("Phone number", "050 123 4567"),
    "email": ("E-mail address", "jan@example.nl"),
    "overdracht": ("The open overdracht waiting for an answer, if any", None),
    "e_dienstverlening_tot": ("Last day of the running e-dienstverlening period", "2027-02-22"),
    "versie": ("Stream version: number of events recorded for it", 3),
    "van_team": ("Sending team: `lokaal:<gemeente>` or `regionaal`", "lokaal:GM0014"),
    "naar_team": ("Receiving team: `lokaal:<gemeente>` or `regionaal`", "regionaal"),
    "team": ("Team that must act: `lokaal:<gemeente>` or `regionaal`", "regionaal"),
    "richting": ("lokaal_naar_regionaal or regionaal_naar_lokaal", "lokaal_naar_regionaal"),
    "reageren_voor": ("The receiver answers before the end of this day", "2026-11-30"),
    "verlopen": ("True once the answer term passed (escalated)", False),
    "meervoudige_problematiek": ("Problems on at least two leefgebieden (instrument rule)", False),
    "vervolgstap": ("The next step agreed with the klant", "Intake bij het Werkplein"),
    "contactpersoon": ("Who at the sending team knows the klant", "M. Jansen, 050 123 4567"),
    "instrument_versie": ("Version of the screening instrument", "leefgebieden-2026.1"),
    "aantal_probleemgebieden": ("Leefgebieden scoring at or below the problem threshold", 1),
    "regelset_versie": ("Version of the primaire diagnose rule set applied", "primaire-diagnose-2026.1"),
    "redenen": (
        "Rule code and reason for each part of the proposal",
        ["R3: Arbeidsvermogen om te ontwikkelen", "U1: Vraagt om inkomen", "H3: Geen acute signalen"],
    ),
    "items": ("The items of this page", []),
    "title": ("Short, human-readable summary of the problem", "Ongeldige invoer"),
    "status_code": ("HTTP status", 400),
    "detail": ("What went wrong in this case", "De aanvraag bevat ongeldige velden."),
    "instance": ("Path of the request", "/api/v1/aanmeldingen"),
    "correlation_id": ("Correlation id of the request (X-Correlation-ID), also in logs and events", "01a2..."),
    "invalid_params": ("One entry per invalid field", None),
    "reason": ("Why the field is invalid", "geen geldig BSN (9 cijfers, elfproef)"),
    # uitkering
    "uitkering_id": (
        "Uitkering id: the aanvraag's id, kept for the whole uitkering",
        "01a22964-329f-7f46-99fe-e76c37a457b3",
    ),
    "betaalrun_id": ("Betaalrun id, fixed per gemeente and month", "5c1b8d0e-3f6a-5b7e-9a51-6e4f2a1c0d33"),
    "huishouden": ("The household the norm depends on (birth dates are stored encrypted)", None),
    "vermogen": ("Possessions (positive) and debts (negative) at the aanvraag (art. 34)", None),
    "medebewoners": ("Others with hoofdverblijf in the home, to find the kostendelers (art. 19a)", None),
    "aanvrager": ("The aanvrager's bank account", None),
    "partner": ("The partner's bank account (art. 45 lid 4)", None),
    "meldingsdatum": ("Day of the melding (art. 44 lid 2)", "2026-09-07"),
    "aanvraagdatum": ("Day the aanvraag was filed", "2026-09-07"),
    "beslistermijn": ("Last day to decide: 8 weeks after the aanvraag (Awb 4:13)", "2026-11-02"),
    "voorschot_uiterlijk": ("A voorschot is due by this day without a besluit (art. 52)", "2026-10-05"),
    "voorschot_verleend": ("A voorschot was granted", False),
    "ingangsdatum": ("First day with bijstand (art. 44)", "2026-09-07"),
    "laatste_dag": ("Last day with bijstand, once ended", "2026-12-31"),
    "opgeschort": ("Payment suspended (art. 40)", False),
    "rekening_vastgelegd": ("A bank account is recorded (encrypted)", True),
    "betaalde_maanden": ("Months paid (first day of each)", ["2026-09-01", "2026-10-01"]),
    "voorschotten": ("Voorschotten granted (art. 52)", ["1224.06"]),
    "periode": ("A month, as its first day", "2026-10-01"),
    "onderdelen": ("Every component with its article, exact; the total is rounded half-up once", None),
    "norm": ("The norm for the days with right, exact", "1419.46"),
    "inkomen": ("Income counted after vrijlatingen, exact", "0"),
    "bijstand": ("Norm minus inkomen, half-up to cents (including vakantietoeslag)", "1419.46"),
    "vakantietoeslag": ("Vakantietoeslag reserved of the bijstand (art. 19 lid 3), paid in June", "70.97"),
    "uit_te_betalen": ("What the month pays (bijstand minus the reserved vakantietoeslag)", "1348.49"),
    "gestart_op": ("When it started (ISO 8601, UTC)", "2026-11-29T09:00:00Z"),
    "afgerond_op": ("When it finished; null while unfinished", "2026-11-29T09:01:00Z"),
    "netto": ("Netto amount transferred", "1348.49"),
    "aanleiding": ("The event type of the late fact", "InkomstenOpgegeven"),
    "eerder_vastgesteld": ("The month's bijstand as set before", "1135.57"),
    "nu_vastgesteld": ("The month's bijstand from the facts as now known", "685.57"),
    "verschil": ("Now minus before: negative is te veel betaald", "-450.00"),
    "soort": ("Kind: te_veel_betaald or te_weinig_betaald (ledger: maand, voorschot, vakantietoeslag)", "maand"),
    "vastgesteld_op": ("When it was set (ISO 8601, UTC)", "2026-11-29T10:00:00Z"),
    "netto_betaald": ("Netto transferred for the month, if paid", "1078.79"),
    "voorschot_verrekend": ("Voorschot set off against the month (art. 52)", "0.00"),
    "herberekeningen": ("The month recalculated after late facts; the payment itself is unchanged", None),
    # uitkering: maatregel, boete, vordering
    "waarschuwing": ("True: a written warning was given instead of a boete (art. 18a lid 4)", False),
    "boete": ("The boete, a vordering of its own; null when a warning was given", None),
    "bedrag": ("Amount in euro, exact", "427.50"),
    "omschrijving": ("What it is", "te veel betaald over 09-2026"),
    "percentage": ("Share of the norm (1 = 100%)", "0.3334"),
    "maatregel_id": ("Maatregel id", "01a229a1-0c3e-7c55-9d4c-2b1f0c9e8a77"),
    "feitdatum": ("When the obligation was not met", "2026-11-16"),
    "zienswijze_uiterlijk": ("Last day for the zienswijze (Awb 4:8)", "2026-12-13"),
    "maanden": ("Months of the reduction", 1),
    "artikelen": ("The articles it rests on", "art. 18 lid 4 en lid 5"),
    "datum": ("Day", "2026-12-01"),
    "maatregelen": ("Maatregelen on this uitkering, with their Awb steps", None),
    "geldig_vanaf": ("From this day", "2024-01-01"),
    "bron": ("Source", "standaard van het platform"),
    "zienswijze_dagen": ("Days the klant has for a zienswijze", 14),
    "boeteladder": ("Share of the benadelingsbedrag per degree of verwijtbaarheid", {"normaal": "0.50"}),
    "waarschuwing_tot": ("A warning instead of a boete up to this benadeling", "150"),
    "heronderzoek_maanden": ("Months between periodic heronderzoeken", 12),
    "vordering_id": ("Vordering id", "01a229a1-5c1e-7a55-9d4c-2b1f0c9e8a77"),
    "grond": ("The article it rests on", "art. 58 lid 1 (schending van de inlichtingenplicht, art. 17: verplicht)"),
    "deelvorderingen": ("The parts: per month what was paid too much", None),
    "aflossing_per_maand": ("The agreed monthly amount (also the most verrekening keeps)", "40.00"),
    "mutaties": ("Every line after the vordering: aflossingen, corrections, waivers", None),
    "saldo": ("What is still owed, a fold of the ledger", "387.50"),
    "opgelegd_op": ("When the vordering was set (ISO 8601, UTC)", "2026-11-29T10:00:00Z"),
    "ontheffing_id": ("Ontheffing id", "01a229b2-0c3e-7c55-9d4c-2b1f0c9e8a77"),
    "van": ("First day", "2026-12-01"),
    "tot": ("Last day (inclusive)", "2027-11-30"),
    "beeindigd_per": ("Ended early from this day; null while it runs", None),
    "ontheffingen": ("Ontheffingen of the arbeidsplicht (art. 9, 9a)", None),
    "volgend_heronderzoek": ("When the next heronderzoek is due", "2027-11-29"),
    "jaar": ("Year", 2026),
    "regels": ("The ledger lines, per month and kind", None),
    "totaal_buig": ("BUIG total of the year (netto, recovered amounts deducted)", "15684.22"),
    "totaal_participatie": ("Participatiebudget total of the year", "0.00"),
    "duur_korter_dan_1_jaar": ("Bestand with bijstand for less than 1 year", 120),
    "duur_1_tot_3_jaar": ("Bestand with bijstand for 1 to 3 years", 80),
    "duur_3_tot_5_jaar": ("Bestand with bijstand for 3 to 5 years", 40),
    "duur_5_jaar_of_langer": ("Bestand with bijstand for 5 years or more", 60),
    "boetes": ("Bestuurlijke boetes opgelegd in the month", 2),
    # handhaving
    "breuk_id": ("Ketenbreuk id", "01a229c1-0c3e-7c55-9d4c-2b1f0c9e8a77"),
    "stream_id": ("The stream (aggregate id) the event belongs to", "01a22999-9e1c-711d-8ef6-0e2b6a17db56"),
    "streamversie": ("The event's version within its stream", 3),
    "event_id": ("The event's id (CloudEvents id)", "01a22999-9ea7-7ee3-8651-1274828d7ada"),
    "reden": ("Why", "de inhoud past niet bij de hash (event gewijzigd)"),
    "gemeld_op": ("When it was reported (ISO 8601, UTC)", "2026-11-29T23:50:00Z"),
}
# `status` in problem documents is the HTTP status; elsewhere it is a flow state.
_PROBLEM_STATUS = ("HTTP status code", 400)


def document_openapi(schema: dict[str, Any]) -> list[str]:
    """Fill missing field descriptions and examples from the glossary; return fields still undocumented."""
    undocumented = []
    for model, component in schema.get("components", {}).get("schemas", {}).items():
        if model in ("HTTPValidationError", "ValidationError"):
            continue
        for field, spec in component.get("properties", {}).items():
            entry = (
                _PROBLEM_STATUS
                if (model == "ProblemDetail" and field == "status")
                else GLOSSARY.get(field) or GLOSSARY.get(to_snake(field))
            )
            if entry is not None:
                spec.setdefault("description", entry[0])
                if entry[1] is not None and "examples" not in spec and "$ref" not in spec:
                    spec["examples"] = [entry[1]]
            if "description" not in spec and "examples" not in spec:
                undocumented.append(f"{model}.{field}")
    return undocumented
