"""Crypto-shredding: fields encrypted per klant; erasing the key makes them GEWIST, never an error."""

from __future__ import annotations

from uuid import uuid4

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from libs.events.db import transaction
from libs.events.shredding import GEWIST, ontsleutel, sleutel, versleutel, wis_sleutel


async def test_encrypted_fields_read_back_until_the_key_is_erased(engine: AsyncEngine) -> None:
    klant, ander = uuid4(), uuid4()
    async with transaction(engine) as conn:
        key = await sleutel(conn, klant, aanmaken=True)
        assert key is not None and await sleutel(conn, klant, aanmaken=True) == key  # created once
        token = versleutel(key, klant, {"bsn": "111222333", "gezondheid": 1})
    assert "111222333" not in token
    async with transaction(engine) as conn:
        assert ontsleutel(await sleutel(conn, klant), klant, token) == {"bsn": "111222333", "gezondheid": 1}
        other_key = await sleutel(conn, ander, aanmaken=True)
        with pytest.raises(ValueError, match="does not belong"):
            ontsleutel(other_key, klant, token)
        await wis_sleutel(conn, klant)
    async with transaction(engine) as conn:
        assert await sleutel(conn, klant) is None
        assert await sleutel(conn, klant, aanmaken=True) is None  # an erased key is never re-created
        assert ontsleutel(await sleutel(conn, klant), klant, token) == GEWIST
