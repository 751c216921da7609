"""The BRP as intake asks it: Haal Centraal BRP Personen (raadplegen by BSN) and the BRP Update API (volgen).

Name, birth date and woonadres come from here; what a front office types is only a check (`controleer`).
Locally `make run` and the tests serve `deploy/brp/fake.py`; production sets `BRP_URL`, `BRP_UPDATE_URL` and
the OAuth2 client credentials and PKIoverheid certificate of the gemeente's own connection (docs/operations.md).
"""

from __future__ import annotations

import unicodedata
import warnings
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import httpx

from libs.events.errors import DomainError
from libs.events.observability import get_logger

from .domain import Persoon
from .settings import Settings

log = get_logger(__name__)

# What intake asks for, and nothing more (dataminimalisatie); the BSN always, so the protocol is complete.
FIELDS = [
    "burgerservicenummer",
    "naam",
    "geboorte.datum",
    "verblijfplaats",
    "gemeenteVanInschrijving",
    "overlijden.datum",
]
RNI = "1999"  # Registratie Niet-Ingezetenen: not resident in any Dutch gemeente


class BrpNietBereikbaar(DomainError):
    """The BRP did not answer (or answered something else than its interface): nothing was recorded."""

    status = 503
    title = "BRP niet bereikbaar"


class NietInBrp(DomainError):
    """The BRP knows no person by this BSN."""

    status = 422
    title = "Niet in de BRP"


class WijktAfVanBrp(DomainError):
    """What the front office typed does not match the BRP (which fields, never what the BRP says)."""

    status = 422
    title = "Wijkt af van de BRP"


class WoontNietInGemeente(DomainError):
    """The BRP does not place the person in this gemeente: no aanmelding here, and no move."""

    status = 422
    title = "Woont niet in deze gemeente"


@dataclass(frozen=True)
class BrpPersoon:
    """A person as the BRP registers them: the source of name, birth date and woonadres."""

    bsn: str
    naam: str
    geslachtsnaam: str
    voorvoegsel: str | None
    geboortedatum: date | None
    gemeente: str | None
    straat: str | None
    huisnummer: str | None
    postcode: str | None
    woonplaats: str | None
    woont_sinds: date | None
    overleden: bool

    @classmethod
    def uit(cls, persoon: dict[str, Any]) -> BrpPersoon:
        """From a `Persoon` of the BRP API Personen answer."""
        naam = persoon.get("naam", {})
        plaats = persoon.get("verblijfplaats", {})
        adres = plaats.get("verblijfadres", {}) if plaats.get("type") in ("Adres", "Locatie") else {}
        code = persoon.get("gemeenteVanInschrijving", {}).get("code")
        nummer = "".join(
            str(adres.get(k, "")) for k in ("huisnummer", "huisletter", "huisnummertoevoeging") if adres.get(k)
        )
        return cls(
            bsn=persoon["burgerservicenummer"],
            naam=naam.get("volledigeNaam") or naam.get("geslachtsnaam", ""),
            geslachtsnaam=naam.get("geslachtsnaam", ""),
            voorvoegsel=naam.get("voorvoegsel"),
            geboortedatum=_datum(persoon.get("geboorte", {}).get("datum")),
            gemeente=f"GM{code}" if code and code != RNI else None,
            straat=adres.get("officieleStraatnaam") or adres.get("korteStraatnaam") or adres.get("locatiebeschrijving"),
            huisnummer=nummer or None,
            postcode=adres.get("postcode"),
            woonplaats=adres.get("woonplaats"),
            woont_sinds=_datum(plaats.get("datumVan")),
            overleden="overlijden" in persoon,
        )

    def woont_in(self) -> str | None:
        """The gemeente the person lives in (CBS code), or None: abroad, RNI or deceased."""
        return None if self.overleden else self.gemeente


def _oauth2_client() -> Any:
    """authlib's OAuth2 client for httpx, imported only when the BRP is reached with client credentials.

    authlib announces its move from httpx to httpx2 with a warning on import; it would be the one log line that
    is not JSON, so it is kept out of the log (the client itself works as documented).
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from authlib.integrations.httpx_client import AsyncOAuth2Client  # type: ignore[import-untyped]
    return AsyncOAuth2Client


def _datum(value: dict[str, Any] | None) -> date | None:
    """A complete date; a partly unknown one (JaarDatum, JaarMaandDatum, DatumOnbekend) is None."""
    if not value or value.get("type") != "Datum":
        return None
    return date.fromisoformat(value["datum"])


def _vergelijkbaar(text: str) -> str:
    """Letters and digits only, without accents, case-folded: how two spellings of a name are compared."""
    plain = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in plain if c.isalnum() or c.isspace()).casefold().split())


def controleer(persoon: BrpPersoon, naam: str, geboortedatum: date, postcode: str | None) -> list[str]:
    """The typed fields that do not match the BRP (never what the BRP says).

    A name matches when it ends in the BRP's surname with its voorvoegsel ("J. de Vries", "Jan de Vries"),
    spelled with or without accents and in any case.
    """
    afwijkend = []
    achternaam = _vergelijkbaar(" ".join(d for d in (persoon.voorvoegsel, persoon.geslachtsnaam) if d))
    getypt = _vergelijkbaar(naam)
    if not achternaam or not (getypt == achternaam or getypt.endswith(" " + achternaam)):
        afwijkend.append("naam")
    # A partly unknown birth date in the BRP (only a year, or year and month) is no check at all.
    if persoon.geboortedatum is not None and persoon.geboortedatum != geboortedatum:
        afwijkend.append("geboortedatum")
    if postcode is not None and (persoon.postcode or "").replace(" ", "").upper() != postcode:
        afwijkend.append("postcode")
    return afwijkend


def toets(
    persoon: BrpPersoon | None, naam: str, geboortedatum: date, postcode: str | None, gemeente: str
) -> BrpPersoon:
    """The BRP's person behind an aanmelding in `gemeente`, or the refusal naming the fields that do not fit.

    The order matters for need-to-know: where someone lives is told only to who already knows name and birth date.
    """
    if persoon is None:
        raise NietInBrp("de BRP kent geen persoon met dit BSN", velden={"persoon.bsn": "niet gevonden in de BRP"})
    if afwijkend := controleer(persoon, naam, geboortedatum, postcode):
        raise WijktAfVanBrp(
            f"{', '.join(afwijkend)} komt niet overeen met de BRP; controleer het legitimatiebewijs",
            velden={f"persoon.{veld}": "komt niet overeen met de BRP" for veld in afwijkend},
        )
    if persoon.woont_in() != gemeente:
        raise WoontNietInGemeente(
            f"volgens de BRP woont deze persoon niet in {gemeente}; meld aan bij de woongemeente",
            velden={"gemeente": "niet de woongemeente volgens de BRP"},
        )
    return persoon


def persoonsgegevens(getypt: Persoon, uit_brp: BrpPersoon) -> Persoon:
    """What intake stores: name, birth date and woonadres as the BRP has them, contact data as typed."""
    return replace(
        getypt,
        naam=uit_brp.naam,
        geboortedatum=uit_brp.geboortedatum or getypt.geboortedatum,
        straat=uit_brp.straat,
        huisnummer=uit_brp.huisnummer,
        postcode=uit_brp.postcode,
        woonplaats=uit_brp.woonplaats,
    )


def waarden(persoon: BrpPersoon) -> dict[str, Any]:
    """The BRP's fields as intake stores them, for comparing with what it holds (an unknown value is left out)."""
    velden = {
        "naam": persoon.naam,
        "geboortedatum": persoon.geboortedatum,
        "straat": persoon.straat,
        "huisnummer": persoon.huisnummer,
        "postcode": persoon.postcode,
        "woonplaats": persoon.woonplaats,
    }
    return {veld: waarde for veld, waarde in velden.items() if waarde is not None or veld != "geboortedatum"}


def vraag(bsns: list[str]) -> dict[str, Any]:
    """The RaadpleegMetBurgerservicenummer request body."""
    return {"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": bsns, "fields": FIELDS}


class Brp:
    """HTTP client of the BRP's two APIs, with the gemeente's credentials."""

    def __init__(self, settings: Settings, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._personen_url = settings.brp_url.rstrip("/") + "/personen"
        self._update_url = settings.brp_update_url.rstrip("/")
        headers = {"Accept": "application/json"}
        if settings.brp_api_key:
            headers["X-API-KEY"] = settings.brp_api_key
        options: dict[str, Any] = {"timeout": settings.brp_timeout_s, "headers": headers, "transport": transport}
        if settings.brp_client_cert:
            options["cert"] = (settings.brp_client_cert, settings.brp_client_key)
        if settings.brp_ca_bundle:
            options["verify"] = settings.brp_ca_bundle
        self._client: httpx.AsyncClient
        if settings.brp_token_url:
            self._client = _oauth2_client()(
                client_id=settings.brp_client_id,
                client_secret=settings.brp_client_secret,
                scope=settings.brp_scope,
                token_endpoint=settings.brp_token_url,
                grant_type="client_credentials",
                **options,
            )
        else:
            self._client = httpx.AsyncClient(**options)
        self._oauth = bool(settings.brp_token_url)
        self._resource_server = settings.brp_resource_server

    async def _token(self) -> None:
        """Fetch a client-credentials token when there is none or it expired (authlib renews it the same way)."""
        client: Any = self._client
        if self._oauth and (client.token is None or client.token.is_expired()):
            extra = {"resourceServer": self._resource_server} if self._resource_server else {}
            await client.fetch_token(grant_type="client_credentials", **extra)

    async def _verzoek(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            await self._token()
            response = await self._client.request(method, url, **kwargs)
        except (httpx.HTTPError, ValueError) as exc:
            log.warning("brp.niet_bereikbaar", url=url, error=str(exc))
            raise BrpNietBereikbaar("de BRP gaf geen antwoord; probeer het later opnieuw") from exc
        if response.status_code >= 400:
            log.warning("brp.fout", url=url, status=response.status_code, body=response.text[:300])
            raise BrpNietBereikbaar(f"de BRP antwoordde {response.status_code}; probeer het later opnieuw")
        return response

    async def raadpleeg(self, bsns: list[str]) -> dict[str, BrpPersoon]:
        """The persons the BRP knows by these BSNs (deceased included); an unknown BSN is absent."""
        if not bsns:
            return {}
        response = await self._verzoek("POST", self._personen_url, json=vraag(bsns))
        personen = [BrpPersoon.uit(p) for p in response.json().get("personen", [])]
        log.info("brp.raadpleging", gevraagd=len(bsns), geleverd=len(personen))
        return {p.bsn: p for p in personen}

    async def volg(self, bsn: str) -> None:
        """Place a volgindicatie: from now on the BRP reports changes of this person under `wijzigingen`."""
        await self._verzoek("PUT", f"{self._update_url}/volgindicaties/{bsn}", json={})

    async def wijzigingen(self, vanaf: date) -> list[str]:
        """The followed BSNs with a change on or after `vanaf`."""
        response = await self._verzoek("GET", f"{self._update_url}/wijzigingen", params={"vanaf": vanaf.isoformat()})
        return [str(b) for b in response.json().get("burgerservicenummers", [])]

    async def aclose(self) -> None:
        """Close the connections."""
        await self._client.aclose()
