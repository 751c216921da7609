"""The audit store checks each stream's chain on arrival: an altered event is stored, marked and reported."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

from sqlalchemy import text

from libs.events.commands import UnitOfWork
from libs.events.contracts.intake import KlantGeregistreerd
from libs.events.envelope import GENESIS_HASH, Envelope, new_event_id, seal
from libs.events.registry import EventData, Recorded
from libs.events.runtime import Runtime
from libs.events.store import EventContext
from services.handhaving import queries
from services.handhaving.app import DEFINITION
from services.handhaving.policies import KetenbreukMelden
from services.handhaving.projections import AuditStore
from services.handhaving.settings import Settings

KLANT = uuid4()


def _geregistreerd() -> KlantGeregistreerd:
    return KlantGeregistreerd(
        klant_id=KLANT,
        gemeente="GM0014",
        verantwoordelijk_team="lokaal:GM0014",
        geregistreerd_op=datetime(2026, 11, 29, tzinfo=UTC),
    )


def _envelope(data: EventData, versie: int, prevhash: str) -> Envelope:
    return seal(
        {
            "id": new_event_id(),
            "source": "/regio/intake",
            "type": data.event_type,
            "time": datetime(2026, 11, 29, 12, versie, tzinfo=UTC),
            "subject": str(KLANT),
            "data": data.model_dump(mode="json"),
            "streamtype": "klant",
            "streamid": str(KLANT),
            "streamversion": versie,
            "schemaversion": 1,
            "gemeente": "GM0014",
            "actor": "kcc-0014",
            "correlationid": "c",
            "causationid": None,
        },
        prevhash,
    )


async def test_an_altered_event_is_stored_marked_and_reported_once(handhaving_db: str) -> None:
    runtime = Runtime(DEFINITION, Settings(database_url=handhaving_db))
    try:
        eerste = _geregistreerd()
        e1 = _envelope(eerste, 1, GENESIS_HASH)
        tweede = eerste.model_copy(update={"verantwoordelijk_team": "regionaal"})
        e2 = _envelope(tweede, 2, e1.hash)
        # Altered after sealing: the team changed, the hash not.
        vervalst = e2.model_copy(update={"data": {**e2.data, "verantwoordelijk_team": "lokaal:GM0037"}})
        recorded = [Recorded(e1, eerste), Recorded(vervalst, tweede)]
        async with runtime.engine.begin() as conn:
            await AuditStore().apply(conn, recorded)
        async with runtime.engine.begin() as conn:
            context = EventContext(actor="handhaving", correlation_id="c")
            uow = UnitOfWork(conn, runtime, runtime.systeem, context)
            for r in recorded:
                await KetenbreukMelden().react(uow, r)
                await KetenbreukMelden().react(uow, r)  # once only
        async with runtime.engine.connect() as conn:
            breuken = (await conn.execute(text("SELECT streamversie, reden FROM audit_breuken"))).all()
            gemeld = (await conn.execute(text("SELECT streamversie FROM ketenbreuken"))).all()
            opgeslagen = (await conn.execute(text("SELECT count(*) FROM audit_events"))).scalar()
        assert [(v, r) for v, r in breuken] == [(2, "de inhoud past niet bij de hash (event gewijzigd)")]
        assert [g[0] for g in gemeld] == [2] and opgeslagen == 2  # stored as it came, reported once
    finally:
        await runtime.engine.dispose()


async def test_a_rejected_first_copy_of_a_new_stream_is_kept_as_rejected_and_the_genuine_one_still_leads(
    handhaving_db: str,
) -> None:
    runtime = Runtime(DEFINITION, Settings(database_url=handhaving_db))
    try:
        eerste = _geregistreerd()
        echt = _envelope(eerste, 1, GENESIS_HASH)
        vervalst = echt.model_copy(update={"id": new_event_id(), "data": {**echt.data, "gemeente": "GM0037"}})
        async with runtime.engine.begin() as conn:
            assert await AuditStore().apply(conn, [Recorded(vervalst, eerste)]) == [Recorded(vervalst, eerste)]
        async with runtime.engine.begin() as conn:
            await AuditStore().apply(conn, [Recorded(echt, eerste)])
        async with runtime.engine.connect() as conn:
            kopieen = dict((await conn.execute(text("SELECT event_id, echtheid FROM audit_events"))).all())
            breuken = (await conn.execute(text("SELECT streamversie, reden FROM audit_breuken"))).all()
            koppen = (await conn.execute(text("SELECT streamversie, hash FROM audit_koppen"))).all()
        assert kopieen == {vervalst.id: "afgewezen", echt.id: "ongetekend"}
        assert [(v, r) for v, r in breuken] == [(1, "de inhoud past niet bij de hash (event gewijzigd)")]
        assert [tuple(k) for k in koppen] == [(1, echt.hash)]
    finally:
        await runtime.engine.dispose()


async def test_a_redelivered_copy_is_dropped_quietly_and_passed_on_once(handhaving_db: str) -> None:
    runtime = Runtime(DEFINITION, Settings(database_url=handhaving_db))
    try:
        eerste = _geregistreerd()
        recorded = Recorded(_envelope(eerste, 1, GENESIS_HASH), eerste)
        store = AuditStore()
        async with runtime.engine.begin() as conn:
            assert await store.apply(conn, [recorded]) == [recorded]
        async with runtime.engine.begin() as conn:
            assert await store.apply(conn, [recorded, recorded]) == []
        async with runtime.engine.connect() as conn:
            opgeslagen = (await conn.execute(text("SELECT echtheid FROM audit_events"))).scalars().all()
            breuken = (await conn.execute(text("SELECT count(*) FROM audit_breuken"))).scalar()
        assert opgeslagen == ["ongetekend"] and breuken == 0
    finally:
        await runtime.engine.dispose()


def test_a_copy_altered_after_it_arrived_is_not_intact_in_any_view() -> None:
    eerste = _geregistreerd()
    opgeslagen = _envelope(eerste, 1, GENESIS_HASH).model_dump(mode="json")
    assert queries.intact(opgeslagen, True, "ongetekend")
    assert not queries.intact({**opgeslagen, "actor": "iemand-anders"}, True, "ongetekend")
    assert not queries.intact(opgeslagen, True, "afgewezen") and not queries.intact(opgeslagen, False, "getekend")
