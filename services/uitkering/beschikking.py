"""The beschikking as a readable, printable Dutch HTML page, rendered from the decision event every time.

Nothing of it is stored as text: the event is the decision, this is how it reads. Jinja2 escapes every
value, so a motivation cannot inject markup.
"""

from __future__ import annotations

from decimal import Decimal

from jinja2 import Environment, StrictUndefined

from libs.events.contracts.uitkering import AanvraagAfgewezen, AanvraagIngediend, BijstandToegekend

_ENV = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def _euro(bedrag: Decimal) -> str:
    teken = "−" if bedrag < 0 else ""
    geheel, _, centen = f"{abs(bedrag):.2f}".partition(".")
    groepen = f"{int(geheel):,}".replace(",", ".")
    return f"{teken}€ {groepen},{centen}"


_MAANDEN = (
    *("januari", "februari", "maart", "april", "mei", "juni"),
    *("juli", "augustus", "september", "oktober", "november", "december"),
)


def _datum(dag: object) -> str:
    return f"{dag.day} {_MAANDEN[dag.month - 1]} {dag.year}"  # type: ignore[attr-defined]


_ENV.filters["euro"] = _euro
_ENV.filters["datum"] = _datum

_TEMPLATE = _ENV.from_string(
    """<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<title>Beschikking algemene bijstand {{ aanvraag.uitkering_id }}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; line-height: 1.5; color: #1a1a1a; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .25rem .5rem; }
td.bedrag { text-align: right; font-variant-numeric: tabular-nums; } tr + tr { border-top: 1px solid #ccc; }
@media print { body { margin: 0; } }
</style>
</head>
<body>
<main>
<h1>Besluit op uw aanvraag algemene bijstand</h1>
<p>Gemeente {{ besluit.gemeente }} &middot; kenmerk {{ aanvraag.uitkering_id }} &middot;
besloten op {{ besluit.besloten_op | datum }}</p>
<p>U hebt zich gemeld op {{ aanvraag.meldingsdatum | datum }} en bijstand aangevraagd op
{{ aanvraag.aanvraagdatum | datum }}.</p>
{% if toegekend %}
<h2>Wij kennen u bijstand toe</h2>
<p>U krijgt algemene bijstand vanaf <strong>{{ besluit.ingangsdatum | datum }}</strong>.
De bijstand wordt per kalendermaand vastgesteld en betaald.</p>
<h2>Hoe wij uw bijstand over {{ besluit.berekening.periode | datum }} hebben berekend</h2>
<table>
<thead><tr><th scope="col">Onderdeel</th><th scope="col">Artikel</th><th scope="col">Bedrag</th></tr></thead>
<tbody>
{% for o in besluit.berekening.onderdelen %}
<tr><td>{{ o.omschrijving }}</td><td>{{ o.artikel }}</td><td class="bedrag">{{ o.bedrag | euro }}</td></tr>
{% endfor %}
<tr><th scope="row">Bijstand (inclusief vakantietoeslag)</th><td>art. 19</td>
<td class="bedrag">{{ besluit.berekening.bijstand | euro }}</td></tr>
<tr><td>Waarvan vakantietoeslag, betaald in juni</td><td>art. 19 lid 3, art. 45 lid 1</td>
<td class="bedrag">{{ besluit.berekening.vakantietoeslag | euro }}</td></tr>
<tr><th scope="row">Per maand uit te betalen (netto)</th><td></td>
<td class="bedrag">{{ besluit.berekening.uit_te_betalen | euro }}</td></tr>
</tbody>
</table>
<p>Rekenregels: {{ besluit.regelset }}.</p>
{% else %}
<h2>Wij wijzen uw aanvraag af</h2>
<p>Reden: {{ besluit.reden }}.</p>
{% endif %}
<h2>Vermogen</h2>
<table>
<tbody>
{% for o in besluit.vermogenstoets %}
<tr><td>{{ o.omschrijving }}</td><td>{{ o.artikel }}</td><td class="bedrag">{{ o.bedrag | euro }}</td></tr>
{% endfor %}
</tbody>
</table>
<h2>Motivering</h2>
<p>{{ besluit.motivering }}</p>
<h2>Wettelijke grondslag</h2>
<ul>
{% for g in besluit.grondslagen %}
<li>{{ g }}</li>
{% endfor %}
</ul>
<h2>Bent u het niet eens met dit besluit?</h2>
<p>Dan kunt u bezwaar maken. Dat moet binnen zes weken (artikel 6:7 Algemene wet bestuursrecht): uiterlijk
op <strong>{{ besluit.bezwaartermijn_einde | datum }}</strong>. Vermeld het kenmerk van dit besluit en waarom u het er
niet mee eens bent.</p>
</main>
</body>
</html>
"""
)


def render(aanvraag: AanvraagIngediend, besluit: BijstandToegekend | AanvraagAfgewezen) -> str:
    """The beschikking of `besluit` as HTML."""
    return _TEMPLATE.render(aanvraag=aanvraag, besluit=besluit, toegekend=isinstance(besluit, BijstandToegekend))
