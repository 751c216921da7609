"""Accessible bar charts as SVG, drawn on the server: a title and description for assistive technology, and
always a data table beside them in the page (the chart repeats the table, it never replaces it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

KLEUREN = ("#1f4e79", "#b34700", "#2e7d32")  # contrast ≥ 4.5:1 against white, and distinct without colour names


@dataclass(frozen=True)
class Reeks:
    """One series of values, one per label."""

    naam: str
    waarden: Sequence[float]


def staven(titel: str, labels: Sequence[str], reeksen: Sequence[Reeks], grafiek_id: str) -> str:
    """Grouped bars: one group per label, one bar per series, with a legend and the value on each bar."""
    breedte, hoogte, links, onder, boven = 720, 260, 48, 40, 16
    grootste = max([w for r in reeksen for w in r.waarden] + [1])
    groep = (breedte - links) / max(len(labels), 1)
    staaf = groep * 0.8 / max(len(reeksen), 1)
    schaal = (hoogte - onder - boven) / grootste
    delen = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {breedte} {hoogte + 24 * len(reeksen)}" '
        f'role="img" aria-labelledby="{grafiek_id}-titel {grafiek_id}-desc" class="grafiek">',
        f'<title id="{grafiek_id}-titel">{escape(titel)}</title>',
        f'<desc id="{grafiek_id}-desc">Staafdiagram; dezelfde cijfers staan in de tabel eronder.</desc>',
        f'<line x1="{links}" y1="{hoogte - onder}" x2="{breedte}" y2="{hoogte - onder}" stroke="#333"/>',
    ]
    for i, label in enumerate(labels):
        x0 = links + i * groep + groep * 0.1
        for j, reeks in enumerate(reeksen):
            waarde = reeks.waarden[i]
            h = waarde * schaal
            x = x0 + j * staaf
            y = hoogte - onder - h
            delen.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{staaf * 0.9:.1f}" height="{h:.1f}" '
                f'fill="{KLEUREN[j % len(KLEUREN)]}"/>'
            )
            delen.append(
                f'<text x="{x + staaf * 0.45:.1f}" y="{y - 3:.1f}" font-size="11" text-anchor="middle" '
                f'fill="#1a1a1a">{waarde:g}</text>'
            )
        delen.append(
            f'<text x="{x0 + groep * 0.4:.1f}" y="{hoogte - onder + 16}" font-size="12" text-anchor="middle" '
            f'fill="#1a1a1a">{escape(label)}</text>'
        )
    for j, reeks in enumerate(reeksen):
        y = hoogte + 8 + 24 * j
        delen.append(f'<rect x="{links}" y="{y}" width="14" height="14" fill="{KLEUREN[j % len(KLEUREN)]}"/>')
        delen.append(f'<text x="{links + 20}" y="{y + 12}" font-size="13" fill="#1a1a1a">{escape(reeks.naam)}</text>')
    delen.append("</svg>")
    return "".join(delen)
