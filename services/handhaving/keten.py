"""The hash-chain check of one link, used on ingest (the audit store) and for a dossier's verification report."""

from __future__ import annotations

from typing import Any

from libs.events.envelope import chain_break, content_hash


def fout_in_schakel(
    envelope: dict[str, Any], vorige_versie: int, vorige_hash: str | None, *, inhoud: bool = True
) -> str | None:
    """Why this event does not follow its stream's head (version, prevhash, own hash), or None when it does.

    `inhoud=False`: its content was hashed again already (the audit store does that first, once).
    """
    if envelope["streamversion"] != vorige_versie + 1:
        return f"versie {envelope['streamversion']} volgt niet op {vorige_versie}"
    if vorige_hash is not None and envelope["prevhash"] != vorige_hash:
        return "prevhash is niet de hash van het vorige event"
    if inhoud and content_hash(envelope) != envelope["hash"]:
        return "de inhoud past niet bij de hash (event gewijzigd)"
    return None


def controleer(envelopes: list[dict[str, Any]]) -> str | None:
    """The first bad link of a whole stream (envelopes in version order) as 'versie N: reden', or None."""
    breuk = chain_break(envelopes)
    return breuk[1] if isinstance(breuk, tuple) else None
