"""Matching's kandidaat fold: pure, no I/O."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from libs.events.contracts.intake import AanmeldingOntvangen, DiagnoseVastgesteld, Hulpvraag, Kanaal, Route
from services.matching.domain import evolve

T0 = datetime(2026, 11, 22, tzinfo=UTC)


def test_diagnose_routes_a_klant_into_or_out_of_the_pool() -> None:
    klant, aanmelding = uuid4(), uuid4()
    state = evolve(
        None,
        AanmeldingOntvangen(
            aanmelding_id=aanmelding,
            klant_id=klant,
            gemeente="GM0014",
            kanaal=Kanaal.KCC,
            hulpvraag=Hulpvraag.WERK,
            ontvangen_op=T0,
        ),
    )
    assert state is not None and not state.in_pool
    werk = evolve(
        state,
        DiagnoseVastgesteld(
            urgentie="normaal",
            regelset_versie="primaire-diagnose-2026.1",
            voorstel_gevolgd=True,
            aanmelding_id=aanmelding,
            klant_id=klant,
            gemeente="GM0014",
            route=Route.WERK,
            uitkering_nodig=False,
            vastgesteld_op=T0,
        ),
    )
    assert werk is not None and werk.in_pool
    participatie = evolve(
        state,
        DiagnoseVastgesteld(
            urgentie="normaal",
            regelset_versie="primaire-diagnose-2026.1",
            voorstel_gevolgd=True,
            aanmelding_id=aanmelding,
            klant_id=klant,
            gemeente="GM0014",
            route=Route.PARTICIPATIE,
            uitkering_nodig=True,
            vastgesteld_op=T0,
        ),
    )
    assert participatie is not None and not participatie.in_pool


def test_a_newer_aanmelding_replaces_an_older_one_but_not_the_reverse() -> None:
    klant, old, new = uuid4(), uuid4(), uuid4()

    def ontvangen(aanmelding: object, at: datetime) -> AanmeldingOntvangen:
        return AanmeldingOntvangen(
            aanmelding_id=aanmelding,
            klant_id=klant,
            gemeente="GM0014",
            kanaal=Kanaal.WIJKTEAM,
            hulpvraag=Hulpvraag.BEIDE,
            ontvangen_op=at,
        )

    newer = evolve(evolve(None, ontvangen(old, T0)), ontvangen(new, T0 + timedelta(days=1)))
    assert newer is not None and newer.aanmelding_id == new
    still_newer = evolve(newer, ontvangen(old, T0))
    assert still_newer is newer
    stale = evolve(
        newer,
        DiagnoseVastgesteld(
            urgentie="normaal",
            regelset_versie="primaire-diagnose-2026.1",
            voorstel_gevolgd=True,
            aanmelding_id=old,
            klant_id=klant,
            gemeente="GM0014",
            route=Route.WERK,
            uitkering_nodig=False,
            vastgesteld_op=T0,
        ),
    )
    assert stale is newer
