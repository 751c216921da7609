"""The voorzieningen a gemeente offers (its verordening, Pw art. 8a), each label mapped to one legal kind, and the
legal limits of those kinds. Versioned data: a gemeente's own catalogue from a date (entered by its beheer as
`CatalogusVastgesteld`, one stream per gemeente), else the platform's default below.

The law sets no price list (werk-naar-vermogen §1.7): the catalogue says how a label is priced (hours at a tariff
or a fixed price) and the voorziening names the contract price. Labels such as "participatieplaats" or
"leerwerkplek" are municipal words, not legal types (§1.5): each maps to one `Voorzieningsoort`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from libs.events.aggregate import GEEN_SLEUTELS, Aggregate, Sleutels
from libs.events.contracts.trajecten import Catalogusregel, CatalogusVastgesteld, Kostenwijze, Voorzieningsoort
from libs.events.errors import DomainError, NietGevonden
from libs.events.registry import EventData
from libs.events.stamps import NU


class OnbekendeVoorziening(DomainError):
    """The gemeente's catalogue has no voorziening with this code on that day."""

    status = 422
    title = "Onbekende voorziening"


# The article each legal kind rests on (werk-naar-vermogen §1.5).
GRONDSLAG: dict[Voorzieningsoort, str] = {
    Voorzieningsoort.SCHOLING: "Participatiewet art. 7 lid 1 a en art. 10a lid 5",
    Voorzieningsoort.WERKERVARINGSPLAATS: "Participatiewet art. 10a (onbeloonde additionele werkzaamheden)",
    Voorzieningsoort.PROEFPLAATS: "Participatiewet art. 6 onder h en art. 8a lid 2 onder d",
    Voorzieningsoort.JOBCOACH: "Participatiewet art. 10 lid 1 en 3 (erkende deskundige)",
    Voorzieningsoort.INTERNE_WERKBEGELEIDING: "Participatiewet art. 10 lid 3 (interne werkbegeleider)",
    Voorzieningsoort.SOCIALE_ACTIVERING: "Participatiewet art. 6 onder c",
    Voorzieningsoort.WERKVOORZIENING: "Participatiewet art. 8a lid 2 onder f, art. 10g en 10h",
    Voorzieningsoort.BEGELEIDING_BESCHUT_WERK: "Participatiewet art. 10b lid 7 (begeleiding bij beschut werk)",
}


@dataclass(frozen=True)
class Grenzen:
    """What the law allows a kind, in months (None: the verordening decides)."""

    eerste_periode: int | None = None  # the longest first period
    verlenging: int | None = None  # the longest single extension
    verlengingen: int | None = None  # how many extensions
    evaluatie_na: int | None = None  # an evaluation is due after this many months
    zonder_effect_tot: int | None = None  # without effect at the evaluation it ends by this month
    premie_na: int | None = None  # a premie (art. 31 lid 2 j) after each period of this many months
    scholing_na: int | None = None  # without startkwalificatie, scholing is offered after this many months


GRENZEN: dict[Voorzieningsoort, Grenzen] = {
    # Art. 10a: at most 2 years, extended by at most 1 year twice (the second time in another environment);
    # evaluated after 9 months and ended at 12 without effect; a premie after each 6 months; scholing after 6
    # months without startkwalificatie (lid 5). Reference participatiewet.md §2.9, werk-naar-vermogen §1.5.
    Voorzieningsoort.WERKERVARINGSPLAATS: Grenzen(24, 12, 2, 9, 12, 6, 6),
    # Art. 8a lid 2 d: 2 months, extended once by at most 4 (matching enforces the same for its plaatsingen).
    Voorzieningsoort.PROEFPLAATS: Grenzen(2, 4, 1),
}


@dataclass(frozen=True)
class Catalogusitem:
    """One voorziening of a gemeente's verordening."""

    code: str
    label: str
    soort: Voorzieningsoort
    kostenwijze: Kostenwijze
    premie: Decimal | None = None  # per completed period of `Grenzen.premie_na` months (werkervaringsplaats)

    @property
    def grondslag(self) -> str:
        """The article the label rests on."""
        return GRONDSLAG[self.soort]

    @property
    def grenzen(self) -> Grenzen:
        """The legal limits of its kind."""
        return GRENZEN.get(self.soort, Grenzen())


@dataclass(frozen=True)
class Catalogus:
    """A gemeente's voorzieningen from a date (None: the platform's default)."""

    gemeente: str | None
    geldig_vanaf: date
    bron: str
    items: tuple[Catalogusitem, ...]

    @property
    def versie(self) -> str:
        """How a voorziening names the catalogue it came from."""
        return f"{self.gemeente or 'standaard'}:{self.geldig_vanaf.isoformat()}"

    def item(self, code: str) -> Catalogusitem:
        """The item with this code, or 422 naming the field."""
        for item in self.items:
            if item.code == code:
                return item
        raise OnbekendeVoorziening(
            f"de catalogus {self.versie} kent geen voorziening {code!r}",
            velden={"code": f"kies een code uit de catalogus ({', '.join(i.code for i in self.items)})"},
        )


STANDAARD = Catalogus(
    gemeente=None,
    geldig_vanaf=date(2015, 1, 1),
    bron="standaard van het platform: de wettelijke soorten onder hun eigen naam; premie werkervaringsplaats "
    "€ 150 per 6 maanden naar de praktijk van Rotterdam (werk-naar-vermogen §1.5, participatiewet.md §2.9)",
    items=(
        Catalogusitem(
            "WEP", "Werkervaringsplaats", Voorzieningsoort.WERKERVARINGSPLAATS, Kostenwijze.UREN, Decimal("150.00")
        ),
        Catalogusitem(
            "PARTICIPATIEPLAATS",
            "Participatieplaats",
            Voorzieningsoort.WERKERVARINGSPLAATS,
            Kostenwijze.UREN,
            Decimal("150.00"),
        ),
        Catalogusitem("SCHOLING", "Scholing of opleiding", Voorzieningsoort.SCHOLING, Kostenwijze.VAST),
        Catalogusitem("LEERWERKPLEK", "Leerwerkplek", Voorzieningsoort.SCHOLING, Kostenwijze.VAST),
        Catalogusitem("PROEFPLAATS", "Proefplaats", Voorzieningsoort.PROEFPLAATS, Kostenwijze.VAST),
        Catalogusitem("JOBCOACH", "Jobcoaching", Voorzieningsoort.JOBCOACH, Kostenwijze.UREN),
        Catalogusitem(
            "WERKBEGELEIDING", "Interne werkbegeleiding", Voorzieningsoort.INTERNE_WERKBEGELEIDING, Kostenwijze.VAST
        ),
        Catalogusitem(
            "SOCIALE_ACTIVERING", "Sociale activering", Voorzieningsoort.SOCIALE_ACTIVERING, Kostenwijze.UREN
        ),
        Catalogusitem("WERKVOORZIENING", "Werkvoorziening", Voorzieningsoort.WERKVOORZIENING, Kostenwijze.VAST),
        Catalogusitem(
            "BEGELEIDING_BESCHUT",
            "Begeleiding bij beschut werk",
            Voorzieningsoort.BEGELEIDING_BESCHUT_WERK,
            Kostenwijze.VAST,
        ),
    ),
)
CATALOGI: tuple[Catalogus, ...] = (STANDAARD,)


def catalogus(gemeente: str, dag: date, catalogi: tuple[Catalogus, ...] = CATALOGI) -> Catalogus:
    """The gemeente's own catalogue in force on `dag`, else the default in force then."""
    eigen = [c for c in catalogi if c.gemeente == gemeente and c.geldig_vanaf <= dag]
    geldig = eigen or [c for c in catalogi if c.gemeente is None and c.geldig_vanaf <= dag]
    if not geldig:
        raise OnbekendeVoorziening(f"geen catalogus van voorzieningen op {dag.isoformat()}")
    return max(geldig, key=lambda c: c.geldig_vanaf)


CATALOGUS = "catalogus"
_NAMESPACE = uuid.UUID("6d1f3c52-9b7e-4a0c-8e55-2f4b7a9c1d03")


class CatalogusNietGevonden(NietGevonden):
    """The gemeente has no catalogue of its own in the caller's gemeenten."""

    title = "Catalogus niet gevonden"


class OngeldigeCatalogus(DomainError):
    """A catalogue whose labels do not hold together."""

    status = 422
    title = "Ongeldige catalogus"


def catalogus_id(gemeente: str) -> uuid.UUID:
    """One stream per gemeente holds every version of its catalogue."""
    return uuid.uuid5(_NAMESPACE, gemeente)


@dataclass(frozen=True)
class Catalogi:
    """A gemeente's own catalogue versions."""

    gemeente: str
    versies: tuple[Catalogus, ...] = ()


@dataclass(frozen=True)
class StelCatalogusVast:
    """Command: the gemeente's voorzieningen from a date, as its verordening names them."""

    gemeente: str
    geldig_vanaf: date
    bron: str
    regels: tuple[Catalogusregel, ...]
    op: datetime = NU


def stel_catalogus_vast(command: StelCatalogusVast) -> list[EventData]:
    """A version: each code once, a premie only with a werkervaringsplaats (art. 31 lid 2 j, 10a)."""
    velden: dict[str, str] = {}
    codes = [r.code for r in command.regels]
    if not codes:
        velden["regels"] = "noem minstens één voorziening"
    for i, regel in enumerate(command.regels):
        if codes.count(regel.code) > 1:
            velden[f"regels.{i}.code"] = f"de code {regel.code} staat er meer dan eens in"
        if regel.premie is not None and regel.soort is not Voorzieningsoort.WERKERVARINGSPLAATS:
            velden[f"regels.{i}.premie"] = "een premie hoort alleen bij een werkervaringsplaats (art. 10a)"
    if velden:
        raise OngeldigeCatalogus("de catalogus klopt niet", velden=velden)
    c = command
    return [
        CatalogusVastgesteld(
            gemeente=c.gemeente, geldig_vanaf=c.geldig_vanaf, bron=c.bron, regels=list(c.regels), vastgesteld_op=c.op
        )
    ]


def als_catalogus(event: CatalogusVastgesteld) -> Catalogus:
    """A recorded version as the lookup uses it."""
    items = tuple(Catalogusitem(r.code, r.label, r.soort, r.kostenwijze, r.premie) for r in event.regels)
    return Catalogus(event.gemeente, event.geldig_vanaf, event.bron, items)


def evolve(state: Catalogi | None, event: EventData, sleutels: Sleutels = GEEN_SLEUTELS) -> Catalogi | None:
    """A gemeente's catalogues after one more version."""
    if isinstance(event, CatalogusVastgesteld):
        versies = [v for v in (state.versies if state else ()) if v.geldig_vanaf != event.geldig_vanaf]
        nieuw = Catalogi(event.gemeente) if state is None else state
        return replace(nieuw, versies=tuple(sorted((*versies, als_catalogus(event)), key=lambda v: v.geldig_vanaf)))
    return state


CATALOGUSSEN: Aggregate[Catalogi] = Aggregate(
    CATALOGUS, evolve, gemeente=lambda c: c.gemeente, not_found=CatalogusNietGevonden
)
