"""Crypto-shredding: personal and special-category fields in events are encrypted per klant.

Each klant has one AES-256-GCM key in `klant_sleutels`. Erasing the key makes every encrypted field
of that klant unreadable for good, in the store and on every topic, without rewriting history:
replay then shows GEWIST instead of failing (DESIGN §5).
"""

from __future__ import annotations

import base64
import json
import os
from typing import Any, Final
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from .db import Sql

GEWIST: Final = "gewist"


_MAAK = Sql("INSERT INTO klant_sleutels (klant_id, sleutel) VALUES (:k, :s) ON CONFLICT DO NOTHING")
_LEES = Sql("SELECT sleutel FROM klant_sleutels WHERE klant_id = :k")
_LEES_MEER = Sql("SELECT klant_id, sleutel FROM klant_sleutels WHERE klant_id = ANY(CAST(:klanten AS uuid[]))")


async def sleutel(conn: AsyncConnection, klant_id: UUID, *, aanmaken: bool = False) -> bytes | None:
    """The klant's key; created when asked and absent. None when erased or never made."""
    if aanmaken:
        await conn.execute(
            text("INSERT INTO klant_sleutels (klant_id, sleutel) VALUES (:k, :s) ON CONFLICT DO NOTHING"),
            {"k": klant_id, "s": AESGCM.generate_key(bit_length=256)},
        )
    row = (await conn.execute(text("SELECT sleutel FROM klant_sleutels WHERE klant_id = :k"), {"k": klant_id})).first()
    return None if row is None or row[0] is None else bytes(row[0])


async def sleutels(conn: AsyncConnection, klant_ids: list[UUID]) -> dict[UUID, bytes | None]:
    """The keys of many klanten in one read (None for an erased key; absent when never made)."""
    rows = await _LEES_MEER.fetch(conn, klanten=klant_ids)
    return {row[0]: None if row[1] is None else bytes(row[1]) for row in rows}


async def wis_sleutel(conn: AsyncConnection, klant_id: UUID) -> None:
    """Erase the klant's key: their encrypted fields can never be read again."""
    await conn.execute(
        text("UPDATE klant_sleutels SET sleutel = NULL, gewist_op = now() WHERE klant_id = :k"),
        {"k": klant_id},
    )


def versleutel(key: bytes, klant_id: UUID, values: dict[str, Any]) -> str:
    """Encrypt a JSON object for one klant (the klant id is bound in as associated data)."""
    nonce = os.urandom(12)
    plain = json.dumps(values, separators=(",", ":"), ensure_ascii=False, default=str).encode()
    return base64.b64encode(nonce + AESGCM(key).encrypt(nonce, plain, klant_id.bytes)).decode()


def ontsleutel(key: bytes | None, klant_id: UUID, token: str) -> dict[str, Any] | str:
    """Decrypt what `versleutel` made; GEWIST when the key is gone."""
    if key is None:
        return GEWIST
    raw = base64.b64decode(token)
    try:
        plain = AESGCM(key).decrypt(raw[:12], raw[12:], klant_id.bytes)
    except InvalidTag as exc:
        raise ValueError("encrypted field does not belong to this klant or was altered") from exc
    value: dict[str, Any] = json.loads(plain)
    return value
