"""The case page of one klant: what each service knows of the klant, as far as the user's roles may see, with
links between them; and finding a klant by BSN, for the roles whose purpose allows it."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Iterable
from typing import Annotated, Any

from fastapi import Form, Request
from fastapi.responses import HTMLResponse, Response

from libs.events.auth import Role

from .diensten import Weigering
from .web import Api, als_het_mag, gebruiker, klaar, pagina, routers, sleutel

pages, posts = routers()

# The purpose a role reads a klant's name and address for (doelbinding; intake logs it with the access).
DOEL_VAN_ROL = {
    Role.TOEGANG.value: "intake",
    Role.KLANTMANAGER.value: "overdracht",
    Role.UITKERINGSCONSULENT.value: "uitkeringsverstrekking",
    Role.HANDHAVER.value: "handhaving",
    Role.SOCIAAL_RECHERCHEUR.value: "handhaving",
}
# Who may look for a klant by BSN, and for what (intake refuses any other purpose).
ZOEKDOEL_VAN_ROL = {
    Role.TOEGANG.value: "intake",
    Role.KLANTMANAGER.value: "intake",
    Role.UITKERINGSCONSULENT.value: "uitkeringsverstrekking",
    Role.HANDHAVER.value: "handhaving",
    Role.SOCIAAL_RECHERCHEUR.value: "handhaving",
}
FRONT = {Role.TOEGANG.value, Role.KLANTMANAGER.value}
BEMIDDELING = {Role.KLANTMANAGER.value, Role.MATCHER.value}
INKOMEN = {Role.UITKERINGSCONSULENT.value, Role.HANDHAVER.value}
TRAJECT = {Role.TOEGANG.value, Role.KLANTMANAGER.value, Role.UITKERINGSCONSULENT.value}
HANDHAVING = {Role.HANDHAVER.value, Role.SOCIAAL_RECHERCHEUR.value}
TEAMS = [("regionaal", "Regionaal team (werkbedrijf)"), ("lokaal", "Lokaal team (terugverwijzing)")]


async def _niets() -> None:
    return None


def doel_van(request: Request, per_rol: dict[str, str]) -> str | None:
    """The purpose of the user's first role in the table (its order is the preference); None when none has one."""
    rollen = set(gebruiker(request).get("rollen", []))
    return next((doel for rol, doel in per_rol.items() if rol in rollen), None)


async def namen(request: Request, api: Api, klant_ids: Iterable[str]) -> dict[str, str]:
    """The names of these klanten (at most 100), read from intake under the user's own purpose and logged there
    as every read; empty when the user's roles read no personal data, and without those the user may not see."""
    doel = doel_van(request, DOEL_VAN_ROL)
    ids = sorted(set(klant_ids))[:100]
    if doel is None or not ids:
        return {}
    gelezen = await asyncio.gather(
        *(als_het_mag(api.lees("intake", f"/klanten/{k}/persoonsgegevens", doel=doel)) for k in ids)
    )
    return {k: p["naam"] for k, p in zip(ids, gelezen, strict=True) if p and p.get("naam")}


@pages.get("/klanten/{klant_id}", response_class=HTMLResponse)
async def klant(request: Request, klant_id: str, api: Api) -> Response:
    rollen = set(gebruiker(request).get("rollen", []))
    doel = doel_van(request, DOEL_VAN_ROL)

    def deel(mag: bool, dienst: str, pad: str, **params: Any) -> Awaitable[Any]:
        return als_het_mag(api.lees(dienst, pad, **params)) if mag else _niets()

    front, bemiddeling = bool(rollen & FRONT), bool(rollen & BEMIDDELING)
    inkomen, handhaving = bool(rollen & INKOMEN), bool(rollen & HANDHAVING)
    delen = await asyncio.gather(
        deel(doel is not None, "intake", f"/klanten/{klant_id}/persoonsgegevens", doel=doel),
        deel(front, "intake", f"/klanten/{klant_id}"),
        deel(front, "intake", f"/klanten/{klant_id}/overdrachten"),
        deel(bemiddeling, "matching", f"/kandidaten/{klant_id}"),
        deel(bemiddeling, "matching", "/voorstellen", klantId=klant_id, limit=100),
        deel(inkomen, "uitkering", "/uitkeringen", klantId=klant_id, limit=100),
        deel(handhaving, "handhaving", "/signalen", klantId=klant_id, limit=100),
        deel(Role.SOCIAAL_RECHERCHEUR.value in rollen, "handhaving", "/onderzoeken", limit=100),
        deel(bool(rollen & TRAJECT), "trajecten", "/plannen", klantId=klant_id),
        deel(bool(rollen & TRAJECT), "trajecten", "/voorzieningen", klantId=klant_id, limit=100),
    )
    persoon, intake, overdrachten, kandidaat, voorstellen, uitkeringen, signalen, onderzoeken, plannen, vz = delen
    # A list answers 200 for anyone (empty outside the user's gemeenten): only what is found shows the klant is theirs.
    if not any(d is not None and (not isinstance(d, dict) or d.get("items", True)) for d in delen):
        raise Weigering(404, "Niet gevonden", "Dit bestaat niet, of het valt buiten de gemeenten waarvoor u werkt.")
    return pagina(
        request,
        "klant.html",
        klant_id=klant_id,
        persoon=persoon,
        klant=intake,
        historie=overdrachten,
        kandidaat=kandidaat,
        voorstellen=(voorstellen or {}).get("items"),
        uitkeringen=(uitkeringen or {}).get("items"),
        signalen=(signalen or {}).get("items"),
        onderzoeken=[o for o in (onderzoeken or {}).get("items", []) if o["klantId"] == klant_id],
        traject=None if plannen is None else {"plan": next(iter(plannen["items"]), None), "voorzieningen": vz["items"]},
        teams=TEAMS,
        sleutel=sleutel(),
    )


@pages.get("/zoeken", response_class=HTMLResponse)
async def zoeken(request: Request) -> Response:
    return pagina(request, "zoeken.html", doel=doel_van(request, ZOEKDOEL_VAN_ROL))


@posts.post("/zoeken/klant")
async def zoek_klant(request: Request, api: Api, bsn: Annotated[str, Form()], doel: Annotated[str, Form()]) -> Response:
    # The BSN goes in a POST body to intake, never in a URL (nor in this site's address bar or logs).
    gevonden = await api.stuur("intake", "/klanten/zoekopdrachten", {"bsn": bsn.strip(), "doel": doel})
    return klaar(request, f"/klanten/{gevonden['klantId']}", "Klant gevonden.")
