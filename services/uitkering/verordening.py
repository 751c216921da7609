"""What the law leaves to the gemeente (afstemmingsverordening, boete policy) and dated national parameters.

Each is a versioned parameter set with a `geldig_vanaf` and its source. A gemeente without its own set
gets the default, named as such; `GET /api/v1/verordeningen/{gemeente}` shows what applies on a date.
Defaults follow common municipal practice in the reference (§2.6–2.8): the geüniformeerde
arbeidsverplichtingen at 100% for one month, other obligations at 30% or 100% for one month
(Rotterdam's two levels), the SVB's verwijtbaarheid ladder for boetes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from .normen import GeenNorm


class Verplichting(StrEnum):
    """The obligations a maatregel can be about: the geüniformeerde of art. 18 lid 4, and the verordening's own."""

    ARBEID_AANVAARDEN = "18.4.a"  # algemeen geaccepteerde arbeid verkrijgen, aanvaarden en behouden
    UITZENDBUREAU = "18.4.b"
    ZOEKEN_VOOR_VERHUIZEN = "18.4.c"
    REISTIJD = "18.4.d"
    VERHUIZEN = "18.4.e"
    VAARDIGHEDEN = "18.4.f"
    KLEDING_GEDRAG = "18.4.g"
    VOORZIENING_GEBRUIKEN = "18.4.h"
    TEGENPRESTATIE = "9.1.c"  # the tegenprestatie not done without a valid reason (trajecten)
    LICHT = "verordening:licht"  # e.g. not registering with UWV on time, an appointment missed
    ZWAAR = "verordening:zwaar"  # e.g. not cooperating with the plan van aanpak

    @property
    def geuniformeerd(self) -> bool:
        """One of art. 18 lid 4: fixed percentages and recidive rules (lid 5-8)."""
        return self.value.startswith("18.4.")


@dataclass(frozen=True)
class Afstemmingsverordening:
    """A gemeente's choices within art. 18 and 18a, from a date."""

    gemeente: str | None  # None: the default set
    geldig_vanaf: date
    bron: str
    eerste_maanden: int = 1  # art. 18 lid 5: 1-3 months of 100% for a first breach of lid 4
    overige: dict[Verplichting, tuple[Decimal, int]] = field(
        default_factory=lambda: {
            Verplichting.LICHT: (Decimal("0.30"), 1),
            Verplichting.ZWAAR: (Decimal("1.00"), 1),
            # No source fixes the level; the platform takes the lighter of its two until a verordening says more.
            Verplichting.TEGENPRESTATIE: (Decimal("0.30"), 1),
        }
    )
    zienswijze_dagen: int = 14  # the term for the hoorplicht (Awb 4:8)
    # Boete ladder by verwijtbaarheid (share of the benadelingsbedrag), art. 18a lid 1 and Boetebesluit art. 2.
    ladder: dict[str, Decimal] = field(
        default_factory=lambda: {
            "opzet": Decimal("1.00"),
            "grove_schuld": Decimal("0.75"),
            "normaal": Decimal("0.50"),
            "verminderd": Decimal("0.25"),
        }
    )
    # A schriftelijke waarschuwing instead of a boete up to this benadelingsbedrag (art. 18a lid 4; the AMvB's).
    waarschuwing_tot: Decimal = Decimal("150")
    heronderzoek_maanden: int = 12  # periodic heronderzoek of every uitkering
    # The participatiebudget's cost of an hour of jobcoaching: the gemeente's own contract price. No default is
    # guessed: without it the ledger counts the hours and leaves the amount out.
    jobcoach_uurtarief: Decimal | None = None


STANDAARD = Afstemmingsverordening(
    gemeente=None,
    geldig_vanaf=date(2024, 1, 1),
    bron="standaard van het platform (reference §2.6-2.7: Rotterdam 30%/100% één maand, SVB-boeteladder)",
)
VERORDENINGEN: tuple[Afstemmingsverordening, ...] = (STANDAARD,)


def verordening(
    gemeente: str, dag: date, sets: tuple[Afstemmingsverordening, ...] = VERORDENINGEN
) -> Afstemmingsverordening:
    """The gemeente's own set in force on `dag`, else the default in force then."""
    eigen = [v for v in sets if v.gemeente == gemeente and v.geldig_vanaf <= dag]
    if eigen:
        return max(eigen, key=lambda v: v.geldig_vanaf)
    standaard = [v for v in sets if v.gemeente is None and v.geldig_vanaf <= dag]
    if not standaard:
        raise GeenNorm(f"geen afstemmingsverordening voor {dag.isoformat()}")
    return max(standaard, key=lambda v: v.geldig_vanaf)


# Art. 23 lid 4 Sr: the maximum of each boete category, indexed every two years (lid 9). Only the 2018 amounts
# are in the reference (Stb. 2017, 433); later indexations are to be added here with their Staatsblad.
BOETECATEGORIEEN: tuple[tuple[date, dict[int, Decimal], str], ...] = (
    (
        date(2018, 1, 1),
        {
            1: Decimal("415"),
            2: Decimal("4150"),
            3: Decimal("8300"),
            4: Decimal("20750"),
            5: Decimal("83000"),
            6: Decimal("830000"),
        },
        "Wetboek van Strafrecht art. 23 lid 4, per 1-1-2018 (Stb. 2017, 433)",
    ),
)


def boetecategorie(categorie: int, dag: date) -> tuple[Decimal, str]:
    """The maximum of a boete category on `dag`, with its source."""
    geldig = [c for c in BOETECATEGORIEEN if c[0] <= dag]
    if not geldig:
        raise GeenNorm(f"geen boetecategorieën voor {dag.isoformat()}")
    _, bedragen, bron = max(geldig, key=lambda c: c[0])
    return bedragen[categorie], bron


# Beslagvrije voet (Rv art. 475da lid 1, Wet vereenvoudiging beslagvrije voet, from 1-1-2021): 95% of the
# applicable bijstandsnorm including vakantietoeslag. The raises for housing costs and health insurance
# (lid 2-4) need facts this platform does not hold and are not applied: where one applies the voet is higher
# than computed here, so every verrekening also stays within the aflossingsafspraak's monthly amount, which
# the consulent sets lower in that case. Each verrekening names the voet it used.
BESLAGVRIJE_VOET: tuple[tuple[date, Decimal, str], ...] = (
    (date(2021, 1, 1), Decimal("0.95"), "Rv art. 475da lid 1 (Wet vereenvoudiging beslagvrije voet)"),
)


def beslagvrije_voet(norm: Decimal, dag: date) -> tuple[Decimal, str]:
    """The part of a month's norm that verrekening must leave (exact), with its source."""
    _, percentage, bron = max((b for b in BESLAGVRIJE_VOET if b[0] <= dag), key=lambda b: b[0])
    return norm * percentage, f"{bron}: {percentage * 100:.0f}% van de norm"
