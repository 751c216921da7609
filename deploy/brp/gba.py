"""GBA-form persoonslijsten (the published test data) in the response form of BRP API Personen 2.7.0.

The rules are those of the BRP reference (`shared/reference/brp/README.md` §4 and §6): GBA dates become typed
dates, the flat verblijfplaats becomes `Adres`, `Locatie`, `VerblijfplaatsBuitenland` or
`VerblijfplaatsOnbekend`, standaardwaarden (code 0000) are left out, and voorletters, volledigeNaam, leeftijd and
adressering are derived. What a social-domain service asks for is mapped; the rest of a persoonslijst is passed
over (gezag, kiesrecht, verificatie), and an unknown gemeente code in the data is passed on as it stands.
"""

from __future__ import annotations

from datetime import date
from typing import Any

MAANDEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
ONBEKEND = "0000"
GESLACHTEN = {"V": "vrouw", "M": "man", "O": "onbekend"}


def datum(gba: str | None) -> dict[str, Any] | None:
    """A GBA date `yyyymmdd` as a typed AbstractDatum (Datum, JaarMaandDatum, JaarDatum, DatumOnbekend)."""
    if not gba:
        return None
    if gba == "00000000":
        return {"type": "DatumOnbekend", "onbekend": True, "langFormaat": "onbekend"}
    jaar, maand, dag = int(gba[:4]), int(gba[4:6]), int(gba[6:8])
    if maand == 0:
        return {"type": "JaarDatum", "jaar": jaar, "langFormaat": str(jaar)}
    if dag == 0:
        return {"type": "JaarMaandDatum", "jaar": jaar, "maand": maand, "langFormaat": f"{MAANDEN[maand - 1]} {jaar}"}
    iso = date(jaar, maand, dag).isoformat()
    return {"type": "Datum", "datum": iso, "langFormaat": f"{dag} {MAANDEN[maand - 1]} {jaar}"}


def _waarde(value: Any) -> Any:
    """A code/omschrijving pair without the standaardwaarde 0000 ("onbekend"), which the API leaves out."""
    if isinstance(value, dict) and value.get("code") == ONBEKEND:
        return None
    return value


def _schoon(value: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in value.items() if v not in (None, "", [], {})}


def naam(gba: dict[str, Any]) -> dict[str, Any]:
    """Naam with the derived voorletters and volledigeNaam."""
    voornamen = " ".join((gba.get("voornamen") or "").split())
    voorletters = "".join(f"{deel[0]}." for deel in voornamen.split()) if voornamen else None
    delen = [voornamen, gba.get("voorvoegsel"), gba.get("geslachtsnaam")]
    return _schoon(
        {
            "voornamen": voornamen or None,
            "voorvoegsel": gba.get("voorvoegsel"),
            "geslachtsnaam": gba.get("geslachtsnaam"),
            "adellijkeTitelPredicaat": gba.get("adellijkeTitelPredicaat"),
            "aanduidingNaamgebruik": gba.get("aanduidingNaamgebruik"),
            "voorletters": voorletters,
            "volledigeNaam": " ".join(d for d in delen if d) or None,
        }
    )


def _gebeurtenis(gba: dict[str, Any] | None) -> dict[str, Any] | None:
    if not gba:
        return None
    return _schoon(
        {"datum": datum(gba.get("datum")), "plaats": _waarde(gba.get("plaats")), "land": _waarde(gba.get("land"))}
    )


def verblijfplaats(gba: dict[str, Any] | None) -> dict[str, Any] | None:
    """The flat GBA verblijfplaats as one of the API's four types."""
    if not gba:
        return None
    in_onderzoek = (gba.get("inOnderzoek") or {}).get("aanduidingGegevensInOnderzoek")
    if gba.get("land") is not None or gba.get("regel1"):
        land = gba.get("land") or {}
        if land.get("code") == ONBEKEND:
            return {"type": "VerblijfplaatsOnbekend"}
        adres = {"regel1": gba.get("regel1"), "regel2": gba.get("regel2"), "regel3": gba.get("regel3"), "land": land}
        return _schoon(
            {
                "type": "VerblijfplaatsBuitenland",
                "verblijfadres": _schoon(adres),
                "datumVan": datum(gba.get("datumAanvangAdresBuitenland")),
            }
        )
    huisnummer = gba.get("huisnummer")
    adres = {
        "officieleStraatnaam": gba.get("naamOpenbareRuimte"),
        "korteStraatnaam": gba.get("straat"),
        "huisnummer": int(huisnummer) if huisnummer not in (None, "") else None,
        "huisletter": gba.get("huisletter"),
        "huisnummertoevoeging": gba.get("huisnummertoevoeging"),
        "aanduidingBijHuisnummer": gba.get("aanduidingBijHuisnummer"),
        "postcode": gba.get("postcode"),
        "woonplaats": gba.get("woonplaats"),
        "locatiebeschrijving": gba.get("locatiebeschrijving"),
    }
    return _schoon(
        {
            "type": "Locatie" if gba.get("locatiebeschrijving") else "Adres",
            "functieAdres": gba.get("functieAdres"),
            "verblijfadres": _schoon(adres),
            "adresseerbaarObjectIdentificatie": gba.get("adresseerbaarObjectIdentificatie"),
            "nummeraanduidingIdentificatie": gba.get("nummeraanduidingIdentificatie"),
            "datumVan": datum(gba.get("datumAanvangAdreshouding") or gba.get("datumIngangGeldigheid")),
            "indicatieVastgesteldVerblijftNietOpAdres": True if in_onderzoek == "089999" else None,
        }
    )


def adressering(plaats: dict[str, Any] | None) -> dict[str, Any] | None:
    """Adresregels 1 and 2 (NEN 5825: the postcode with a space, two spaces, the woonplaats in capitals)."""
    if not plaats or plaats.get("type") not in ("Adres", "Locatie"):
        if plaats and plaats.get("type") == "VerblijfplaatsBuitenland":
            adres = plaats["verblijfadres"]
            return _schoon(
                {
                    "adresregel1": adres.get("regel1"),
                    "adresregel2": adres.get("regel2"),
                    "adresregel3": adres.get("regel3"),
                    "land": adres.get("land"),
                }
            )
        return None
    adres = plaats["verblijfadres"]
    if plaats["type"] == "Locatie":
        regel1 = adres.get("locatiebeschrijving")
    else:
        nummer = "".join(str(adres.get(k, "")) for k in ("huisnummer", "huisletter"))
        toevoeging = adres.get("huisnummertoevoeging")
        regel1 = f"{adres.get('korteStraatnaam', '')} {nummer}" + (f"-{toevoeging}" if toevoeging else "")
    postcode = adres.get("postcode", "")
    postcode = f"{postcode[:4]} {postcode[4:]}" if len(postcode) == 6 else postcode
    regel2 = f"{postcode}  {(adres.get('woonplaats') or '').upper()}".strip()
    return _schoon({"adresregel1": regel1, "adresregel2": regel2})


def leeftijd(geboorte: dict[str, Any] | None, overleden: bool, vandaag: date) -> int | None:
    """Whole years, only for a complete birth date of someone alive."""
    if overleden or not geboorte or geboorte.get("type") != "Datum":
        return None
    geboren = date.fromisoformat(geboorte["datum"])
    return vandaag.year - geboren.year - ((vandaag.month, vandaag.day) < (geboren.month, geboren.day))


def _verwant(gba: dict[str, Any]) -> dict[str, Any]:
    return _schoon(
        {
            "burgerservicenummer": gba.get("burgerservicenummer"),
            "geslacht": _waarde(gba.get("geslacht")),
            "naam": naam(gba.get("naam") or {}),
            "geboorte": _gebeurtenis(gba.get("geboorte")),
        }
    )


def _partner(gba: dict[str, Any]) -> dict[str, Any]:
    return _schoon(
        {
            **_verwant(gba),
            "soortVerbintenis": gba.get("soortVerbintenis"),
            "aangaanHuwelijkPartnerschap": _gebeurtenis(gba.get("aangaanHuwelijkPartnerschap")),
            "ontbindingHuwelijkPartnerschap": _gebeurtenis(gba.get("ontbindingHuwelijkPartnerschap")),
        }
    )


def _nationaliteit(gba: dict[str, Any]) -> dict[str, Any]:
    return _schoon(
        {
            "type": "Nationaliteit",
            "nationaliteit": _waarde(gba.get("nationaliteit")),
            "redenOpname": gba.get("redenOpname"),
            "datumIngangGeldigheid": datum(gba.get("datumIngangGeldigheid")),
        }
    )


def _groep(gba: dict[str, Any] | None, **datums: str) -> dict[str, Any] | None:
    """A group whose named keys are GBA dates (or code pairs) mapped to API form."""
    if not gba:
        return None
    return _schoon(
        {
            key: datum(gba.get(bron)) if bron.startswith("datum") else _waarde(gba.get(bron))
            for key, bron in datums.items()
        }
    )


def persoon(gba: dict[str, Any], vandaag: date) -> dict[str, Any]:
    """One persoonslijst in API form, every mapped field present (the request's `fields` pick from it)."""
    plaats = verblijfplaats(gba.get("verblijfplaats"))
    geboorte = _gebeurtenis(gba.get("geboorte"))
    overlijden = _gebeurtenis(gba.get("overlijden"))
    opschorting = gba.get("opschortingBijhouding")
    geheim = gba.get("geheimhoudingPersoonsgegevens")
    result = _schoon(
        {
            "aNummer": gba.get("aNummer"),
            "burgerservicenummer": gba.get("burgerservicenummer"),
            "geslacht": _waarde(gba.get("geslacht")),
            "leeftijd": leeftijd((geboorte or {}).get("datum"), overlijden is not None, vandaag),
            "naam": naam(gba.get("naam") or {}),
            "geboorte": geboorte,
            "overlijden": overlijden,
            "verblijfplaats": plaats,
            "adressering": adressering(plaats),
            "gemeenteVanInschrijving": gba.get("gemeenteVanInschrijving"),
            "datumInschrijvingInGemeente": datum(gba.get("datumInschrijvingInGemeente")),
            "datumEersteInschrijvingGBA": datum(gba.get("datumEersteInschrijvingGBA")),
            "verblijfstitel": _groep(
                gba.get("verblijfstitel"), aanduiding="aanduiding", datumIngang="datumIngang", datumEinde="datumEinde"
            ),
            "immigratie": _groep(
                gba.get("immigratie"),
                landVanwaarIngeschreven="landVanwaarIngeschreven",
                datumVestigingInNederland="datumVestigingInNederland",
            ),
            "indicatieCurateleRegister": True if gba.get("indicatieCurateleRegister") else None,
            # Delivered without being asked for (never named in `fields`).
            "geheimhoudingPersoonsgegevens": True if geheim and int(geheim) > 0 else None,
            "opschortingBijhouding": _groep(opschorting, reden="reden", datum="datum"),
        }
    )
    # Lists are there even when empty: a requested empty list is answered as [].
    result["nationaliteiten"] = [_nationaliteit(n) for n in gba.get("nationaliteiten", [])]
    result["partners"] = [_partner(p) for p in gba.get("partners", [])]
    result["kinderen"] = [_verwant(k) for k in gba.get("kinderen", [])]
    result["ouders"] = [
        _schoon({**_verwant(o), "ouderAanduiding": o.get("ouderAanduiding")}) for o in gba.get("ouders", [])
    ]
    return result


def testpersoon(spec: dict[str, Any]) -> dict[str, Any]:
    """A persoonslijst in GBA form from the fake's simple form (a resident the tests or the README add)."""
    geslacht = spec.get("geslacht", "O")
    return {
        "burgerservicenummer": spec["burgerservicenummer"],
        "geslacht": {"code": geslacht, "omschrijving": GESLACHTEN.get(geslacht, "onbekend")},
        "naam": _schoon(
            {
                "voornamen": spec.get("voornamen"),
                "voorvoegsel": spec.get("voorvoegsel"),
                "geslachtsnaam": spec["geslachtsnaam"],
                "aanduidingNaamgebruik": {"code": "E", "omschrijving": "eigen geslachtsnaam"},
            }
        ),
        "geboorte": {"datum": spec["geboortedatum"].replace("-", "")},
        "verblijfplaats": woonadres(spec),
        "gemeenteVanInschrijving": {"code": spec["gemeente"], "omschrijving": spec.get("woonplaats", "")},
        "datumInschrijvingInGemeente": spec.get("datumVan", "2020-01-01").replace("-", ""),
        "nationaliteiten": [],
        "partners": [],
        "kinderen": [],
        "ouders": [],
    }


def woonadres(spec: dict[str, Any]) -> dict[str, Any]:
    """A Dutch woonadres in GBA form."""
    sinds = spec.get("datumVan", "2020-01-01").replace("-", "")
    return _schoon(
        {
            "functieAdres": {"code": "W", "omschrijving": "woonadres"},
            "straat": spec["straat"],
            "naamOpenbareRuimte": spec["straat"],
            "huisnummer": str(spec["huisnummer"]),
            "huisletter": spec.get("huisletter"),
            "postcode": spec["postcode"].replace(" ", "").upper(),
            "woonplaats": spec["woonplaats"],
            "datumAanvangAdreshouding": sinds,
            "datumIngangGeldigheid": sinds,
        }
    )
