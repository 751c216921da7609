"""Caseload per klantmanager and team, and a rebalancing proposal above the norm. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from uuid import UUID

# Kandidaten per full-time klantmanager before the caseload counts as too high (configurable).
STANDAARD_NORM = 70
# A klantmanager seen in assignments but never registered counts as full-time in an unknown team.
ONBEKEND_TEAM = "onbekend"


@dataclass(frozen=True)
class Klantmanager:
    """A klantmanager's team and size of appointment."""

    klantmanager: str
    naam: str
    team: str
    fte_procent: int


@dataclass(frozen=True)
class Belasting:
    """One klantmanager's caseload against the norm for their appointment."""

    klantmanager: str
    naam: str
    team: str
    fte_procent: int
    aantal: int
    norm: int

    @property
    def boven_norm(self) -> int:
        """How many kandidaten above the norm (0 when at or below)."""
        return max(0, self.aantal - self.norm)

    @property
    def ruimte(self) -> int:
        """How many kandidaten can be added before reaching the norm."""
        return max(0, self.norm - self.aantal)


@dataclass(frozen=True)
class Verschuiving:
    """Move one kandidaat to another klantmanager of the same team."""

    klant_id: UUID
    van: str
    naar: str


def norm_voor(fte_procent: int, norm_per_fte: int) -> int:
    """The norm for a part-time appointment, rounded down."""
    return norm_per_fte * fte_procent // 100


def belasting(
    kandidaten: Mapping[str, Sequence[UUID]], klantmanagers: Mapping[str, Klantmanager], norm_per_fte: int
) -> list[Belasting]:
    """Caseload of every registered klantmanager and of everyone who has kandidaten, busiest first."""
    namen = set(kandidaten) | set(klantmanagers)
    rijen = []
    for naam in namen:
        km = klantmanagers.get(naam, Klantmanager(naam, naam, ONBEKEND_TEAM, 100))
        rijen.append(
            Belasting(
                km.klantmanager,
                km.naam,
                km.team,
                km.fte_procent,
                len(kandidaten.get(naam, ())),
                norm_voor(km.fte_procent, norm_per_fte),
            )
        )
    return sorted(rijen, key=lambda b: (-b.boven_norm, -b.aantal, b.klantmanager))


def herverdeling(
    kandidaten: Mapping[str, Sequence[UUID]], klantmanagers: Mapping[str, Klantmanager], norm_per_fte: int
) -> list[Verschuiving]:
    """Move kandidaten from klantmanagers above the norm to colleagues in the same team with room.

    `kandidaten` lists each klantmanager's kandidaten oldest assignment first; the newest assignments move
    first because that relation is the youngest. Nobody is pushed above their own norm.
    """
    rijen = belasting(kandidaten, klantmanagers, norm_per_fte)
    ruimte = {b.klantmanager: b.ruimte for b in rijen}
    voorstel: list[Verschuiving] = []
    for te_vol in (b for b in rijen if b.boven_norm > 0 and b.team != ONBEKEND_TEAM):
        over = list(kandidaten.get(te_vol.klantmanager, ()))[-te_vol.boven_norm :]
        for klant_id in reversed(over):
            collega = max(
                (b for b in rijen if b.team == te_vol.team and b.klantmanager != te_vol.klantmanager),
                key=lambda b: (ruimte[b.klantmanager], b.klantmanager),
                default=None,
            )
            if collega is None or ruimte[collega.klantmanager] == 0:
                break
            ruimte[collega.klantmanager] -= 1
            voorstel.append(Verschuiving(klant_id, te_vol.klantmanager, collega.klantmanager))
    return voorstel
