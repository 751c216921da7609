"""Uitkering's reactions to other services' events: a move ends the uitkering in the old gemeente (art. 40),
a plaatsing is noted so income from work is expected and the LKS vrijlating can apply, an erasure destroys
this service's key for the klant, an onderzoek's benadeling is recalculated, claimed back and fined, a premie
arbeidsinschakeling granted by trajecten is taken up for the next run, and a tegenprestatie refused without reason
starts a maatregel's Awb steps."""

from __future__ import annotations

import uuid
from datetime import timedelta

from libs.events.commands import UnitOfWork
from libs.events.contracts.handhaving import OnderzoekAfgerond, Uitkomst
from libs.events.contracts.intake import KlantVerhuisd, KlantVertrokkenUitRegio
from libs.events.contracts.matching import Instrument, PlaatsingGerealiseerd
from libs.events.contracts.trajecten import PremieToegekend, TegenprestatieGeweigerd
from libs.events.contracts.uitkering import Beeindigingsreden, InkomenBron
from libs.events.registry import EventData, Recorded
from libs.events.stamps import vandaag_in_nederland

from .aanvraag import queries as aanvraag_queries
from .aanvraag.domain import Beeindig, beeindig
from .aanvraag.recht import GeefInkomstenOp, VerwerkPlaatsing, geef_inkomsten_op, verwerk_plaatsing
from .berekening import laatste_dag
from .betaling.domain import neem_premie_op
from .maatregel.domain import NeemMaatregelVoor, neem_maatregel_voor
from .stand import UITKERINGEN
from .verordening import Verplichting, verordening
from .vordering.domain import Beboet, VorderTerug
from .vordering.handlers import leg_boete_op, leg_terugvordering_op


class Verhuizing:
    """Art. 40: the right is against the gemeente of the woonplaats; a move ends it in the old one.

    The new gemeente decides on its own aanvraag. Idempotent: an ended uitkering gets nothing.
    """

    name = "verhuizing"

    async def react(self, uow: UnitOfWork, event: Recorded[EventData]) -> None:
        """End running uitkeringen of the klant in the gemeente it left, on the day before the move."""
        e = event.data
        if not isinstance(e, KlantVerhuisd | KlantVertrokkenUitRegio):
            return
        for (uitkering_id,) in await aanvraag_queries.LOPEND_VAN_KLANT.fetch(uow.conn, klant=e.klant_id):
            uitkering = await uow.find(UITKERINGEN, uitkering_id)
            if uitkering is None or uitkering.state.gemeente != e.van_gemeente:
                continue
            command = Beeindig(
                reden=Beeindigingsreden.VERHUIZING,
                laatste_dag=max(e.per - timedelta(days=1), uitkering.state.ingangsdatum or e.per),
                toelichting=f"verhuisd naar {e.naar_gemeente} per {e.per.isoformat()} (art. 40)",
                op=uow.now,
                uitkering_id=uitkering_id,
            )
            await uow.append(uitkering, beeindig(uitkering.state, command))


class Plaatsing:
    """A plaatsing through matching: income from work follows, with art. 31 lid 2 z for the LKS-doelgroep."""

    name = "plaatsing"

    async def react(self, uow: UnitOfWork, event: Recorded[EventData]) -> None:
        """Note the plaatsing on the klant's running uitkering (once)."""
        e = event.data
        if not isinstance(e, PlaatsingGerealiseerd):
            return
        for (uitkering_id,) in await aanvraag_queries.LOPEND_VAN_KLANT.fetch(uow.conn, klant=e.klant_id):
            uitkering = await uow.find(UITKERINGEN, uitkering_id)
            if uitkering is None:
                continue
            command = VerwerkPlaatsing(
                plaatsing_id=e.plaatsing_id,
                startdatum=e.startdatum,
                uren_per_week=e.uren_per_week,
                lks_doelgroep=Instrument.LOONKOSTENSUBSIDIE in e.instrumenten,
                op=uow.now,
            )
            await uow.append(uitkering, verwerk_plaatsing(uitkering.state, command))


_NAMESPACE = uuid.UUID("3c3f8b0e-5f55-4a57-8a0f-4f6f3b1e9d10")


def vordering_ids(onderzoek_id: uuid.UUID) -> tuple[uuid.UUID, uuid.UUID]:
    """The terugvordering and boete ids that follow from an onderzoek (the same on every redelivery)."""
    return uuid.uuid5(_NAMESPACE, f"{onderzoek_id}:terugvordering"), uuid.uuid5(_NAMESPACE, f"{onderzoek_id}:boete")


class OnderzoekUitkomst:
    """An onderzoek found benadeling: its months are recalculated with the income found (art. 54 lid 3),
    what was paid too much is claimed back (art. 58 lid 1) and, with a verwijtbaarheid, fined (art. 18a).

    Ids follow from the onderzoek, so a redelivered event changes nothing.
    """

    name = "onderzoek-uitkomst"

    async def react(self, uow: UnitOfWork, event: Recorded[EventData]) -> None:
        """Herberekening, terugvordering and boete for a benadeling."""
        e = event.data
        if not isinstance(e, OnderzoekAfgerond) or e.uitkomst is not Uitkomst.BENADELING or e.uitkering_id is None:
            return
        terug_id, boete_id = vordering_ids(e.onderzoek_id)
        if (await uow.runtime.store.head(uow.conn, str(terug_id))).version:
            return  # handled before: a redelivered event
        uitkering = await uow.load(UITKERINGEN, e.uitkering_id)
        for maand in e.maanden:
            command = GeefInkomstenOp(
                periode=maand.periode,
                werkgever=maand.werkgever,
                uren=maand.uren,
                bruto=maand.bruto,
                netto=maand.netto,
                loonstrook_van=maand.periode,
                loonstrook_tot=laatste_dag(maand.periode),
                bron=InkomenBron.ONDERZOEK,
                op=uow.now,
                uitkering_id=e.uitkering_id,
            )
            uitkering = await uow.append(uitkering, geef_inkomsten_op(uitkering.state, command))
        await leg_terugvordering_op(uow, VorderTerug(terug_id, "58.1", None, uitkering_id=e.uitkering_id))
        if e.verwijtbaarheid is not None:
            boete = Beboet(
                boete_id=boete_id,
                verwijtbaarheid=e.verwijtbaarheid,
                waarschuwing=False,
                vandaag=uow.now.date(),
                op=uow.now,
                door=uow.principal.sub,
                vordering_id=terug_id,
            )
            await leg_boete_op(uow, boete)


class Premie:
    """A premie arbeidsinschakeling granted by trajecten (art. 31 lid 2 j): taken up on the klant's running uitkering
    in that gemeente for the next betaalrun, within the year's maximum (once per premie)."""

    name = "premie"

    async def react(self, uow: UnitOfWork, event: Recorded[EventData]) -> None:
        """Take the premie up on the running uitkering."""
        e = event.data
        if not isinstance(e, PremieToegekend):
            return
        for (uitkering_id,) in await aanvraag_queries.LOPEND_VAN_KLANT.fetch(uow.conn, klant=e.klant_id):
            uitkering = await uow.find(UITKERINGEN, uitkering_id)
            if uitkering is None or uitkering.state.gemeente != e.gemeente:
                continue
            dag = vandaag_in_nederland(e.toegekend_op)
            await uow.append(uitkering, neem_premie_op(uitkering.state, e.premie_id, e.bedrag, dag, uow.now))


_TEGENPRESTATIE = uuid.UUID("8f0d2b8e-6c1a-4f0e-a7d4-2e5c9b3a1f77")


class Tegenprestatie:
    """A tegenprestatie not done without a valid reason or ontheffing (art. 9 lid 1 c): the voornemen of a maatregel
    on the running uitkering, with the zienswijze term (the Awb steps follow as for any maatregel)."""

    name = "tegenprestatie"

    async def react(self, uow: UnitOfWork, event: Recorded[EventData]) -> None:
        """The voornemen, once per refusal (its id follows from the opdracht and the day)."""
        e = event.data
        if not isinstance(e, TegenprestatieGeweigerd) or not e.verwijtbaar:
            return
        for (uitkering_id,) in await aanvraag_queries.LOPEND_VAN_KLANT.fetch(uow.conn, klant=e.klant_id):
            uitkering = await uow.find(UITKERINGEN, uitkering_id)
            if uitkering is None or uitkering.state.gemeente != e.gemeente:
                continue
            vandaag = vandaag_in_nederland(uow.now)
            command = NeemMaatregelVoor(
                maatregel_id=uuid.uuid5(_TEGENPRESTATIE, f"{e.opdracht_id}:{e.datum.isoformat()}"),
                verplichting=Verplichting.TEGENPRESTATIE,
                feitdatum=e.datum,
                omschrijving=f"tegenprestatie ({e.persoon.value}) niet verricht zonder geldige reden (art. 9 lid 1 c)",
                vandaag=vandaag,
                op=uow.now,
                uitkering_id=uitkering_id,
            )
            besluit = neem_maatregel_voor(uitkering.state, command, verordening(uitkering.state.gemeente, vandaag))
            await uow.append(uitkering, besluit)
