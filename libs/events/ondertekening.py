"""A service's signing key (Ed25519), detached JWS signatures (RFC 7515 appendix F) and its published JWKS.

The key comes from settings: `SIGNING_KEY` (PEM text, from a Secret) or `SIGNING_KEY_FILE` (a PEM file; `make run`
generates one per service in `.data/sleutels/`). Its key id is the RFC 7638 thumbprint of the public key, so a
rotated key gets a new id by itself, and the JWKS a service publishes lists its current key and the earlier ones
it is told of (`SIGNING_PREVIOUS_KEYS`), so what was signed before a rotation still verifies. In development mode
without a key, a service uses its development key, derived from its name: anyone can compute it, so it proves
nothing, but every process of the test suite agrees on it; outside development mode a service refuses to start
without a key of its own.

Events are signed here too: the signature is Ed25519 over the event's hash (which covers its content and, through
`prevhash`, its stream's whole past), carried in the CloudEvents extension attributes `signature` and `keyid`.
A `Sleutelring` holds the public keys of the producers a reader trusts.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

ALGORITME = "EdDSA"


class OngeldigeHandtekening(Exception):
    """A signature that does not verify: the content changed, or it was signed with an unknown key."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def publieke_jwk(publiek: Ed25519PublicKey) -> dict[str, str]:
    """The public key as a JWK (RFC 8037), with its thumbprint (RFC 7638) as `kid`."""
    x = _b64(publiek.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))
    kern = {"crv": "Ed25519", "kty": "OKP", "x": x}
    kid = _b64(hashlib.sha256(json.dumps(kern, separators=(",", ":"), sort_keys=True).encode()).digest())
    return {**kern, "kid": kid, "alg": ALGORITME, "use": "sig"}


@dataclass(frozen=True)
class Sleutel:
    """A service's private signing key, its id and the public keys of earlier ones."""

    prive: Ed25519PrivateKey
    eerdere: tuple[Ed25519PublicKey, ...] = field(default=())

    @cached_property
    def kid(self) -> str:
        """The key id: the public key's thumbprint."""
        return publieke_jwk(self.prive.public_key())["kid"]

    @cached_property
    def _libsodium(self) -> SigningKey:
        # The same key in libsodium, which signs in 20 µs where OpenSSL takes 33 (Ed25519 is deterministic: the
        # signatures are the same bytes).
        return SigningKey(
            self.prive.private_bytes(
                serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
            )
        )

    def teken(self, hash_: str) -> str:
        """An event's signature: Ed25519 over its hash (hex text), base64url without padding."""
        return _b64(self._libsodium.sign(hash_.encode("ascii")).signature)

    def teken_veel(self, hashes: Sequence[str]) -> list[str]:
        """`teken` of many hashes, on every core (the library releases the GIL while it signs)."""
        return _verdeeld(self.teken, hashes)

    def jwks(self) -> dict[str, Any]:
        """The JWK Set to publish: the current public key and the earlier ones."""
        return {"keys": [publieke_jwk(k) for k in (self.prive.public_key(), *self.eerdere)]}

    def onderteken(self, inhoud: bytes) -> str:
        """A detached compact JWS over `inhoud`: `header..signature`, the content itself left out."""
        return jwt.api_jws.PyJWS().encode(
            inhoud, self.prive, algorithm=ALGORITME, headers={"kid": self.kid}, is_payload_detached=True
        )


def _publiek(pem: str) -> Ed25519PublicKey:
    sleutel = serialization.load_pem_public_key(pem.encode())
    if not isinstance(sleutel, Ed25519PublicKey):
        raise ValueError("an earlier signing key is not an Ed25519 public key")
    return sleutel


def dev_sleutel(dienst: str) -> Ed25519PrivateKey:
    """A service's development key, derived from its name: public knowledge, for development mode only."""
    return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(f"participatiewet-dev:{dienst}".encode()).digest())


def laad(pem: str | None, pad: str | None, eerdere: str | None, *, dev_mode: bool, dienst: str) -> Sleutel:
    """The signing key from settings; the service's development key in development mode when none is set."""
    tekst = pem or (Path(pad).read_text(encoding="utf-8") if pad else None)
    if tekst is None:
        if not dev_mode:
            raise ValueError("SIGNING_KEY or SIGNING_KEY_FILE must be set outside development mode")
        prive = dev_sleutel(dienst)
    else:
        geladen = serialization.load_pem_private_key(tekst.encode(), password=None)
        if not isinstance(geladen, Ed25519PrivateKey):
            raise ValueError("the signing key is not an Ed25519 private key")
        prive = geladen
    oud = tuple(_publiek(p) for p in (eerdere or "").split("\n\n") if p.strip())
    return Sleutel(prive, oud)


def nieuwe_pem() -> str:
    """A new Ed25519 private key as PEM (what `make run` writes for each service)."""
    return (
        Ed25519PrivateKey.generate()
        .private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        .decode()
    )


def verifieer(handtekening: str, inhoud: bytes, jwks: dict[str, Any]) -> str:
    """Check a detached JWS over `inhoud` against a JWK Set; return the key id, or raise OngeldigeHandtekening."""
    try:
        kop = jwt.get_unverified_header(handtekening)
        jwk = next((k for k in jwks.get("keys", []) if k.get("kid") == kop.get("kid")), None)
        if jwk is None:
            raise OngeldigeHandtekening(f"onbekende sleutel {kop.get('kid')!r}")
        publiek = jwt.PyJWK(jwk, algorithm=ALGORITME)
        jwt.api_jws.PyJWS().decode_complete(handtekening, publiek, algorithms=[ALGORITME], detached_payload=inhoud)
    except jwt.PyJWTError as fout:
        raise OngeldigeHandtekening(f"de handtekening klopt niet bij de inhoud ({fout})") from fout
    return str(kop["kid"])


# Per event on this machine, signing takes about 20 µs with libsodium (PyNaCl; 33 µs with cryptography's OpenSSL)
# and verifying about 55 µs (104 µs), so both go through libsodium. It releases the GIL: a batch is spread over the
# cores. Below this many, the hand-over costs more than it saves.
_PARALLEL_VANAF = 32
_DELEN = max(2, os.cpu_count() or 2)
_POOL = ThreadPoolExecutor(max_workers=_DELEN, thread_name_prefix="ondertekening")
T = TypeVar("T")
U = TypeVar("U")


def _verdeeld(functie: Callable[[T], U], items: Sequence[T]) -> list[U]:
    if len(items) < _PARALLEL_VANAF:
        return [functie(i) for i in items]
    delen = _POOL._max_workers
    stuk = -(-len(items) // delen)
    blokken = [items[i : i + stuk] for i in range(0, len(items), stuk)]
    return [u for blok in _POOL.map(lambda b: [functie(i) for i in b], blokken) for u in blok]


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def publieke_sleutels(jwks: dict[str, Any]) -> dict[str, Ed25519PublicKey]:
    """The Ed25519 keys of a JWK Set by key id (the thumbprint is recomputed: a `kid` cannot be chosen)."""
    uit: dict[str, Ed25519PublicKey] = {}
    for jwk in jwks.get("keys", []):
        if jwk.get("kty") == "OKP" and jwk.get("crv") == "Ed25519" and isinstance(jwk.get("x"), str):
            publiek = Ed25519PublicKey.from_public_bytes(_unb64(jwk["x"]))
            uit[publieke_jwk(publiek)["kid"]] = publiek
    return uit


class Sleutelring:
    """The public keys a reader trusts, per producing service; checks an event's signature over its hash."""

    def __init__(self, per_dienst: dict[str, dict[str, Ed25519PublicKey]] | None = None) -> None:
        self.per_dienst: dict[str, dict[str, Ed25519PublicKey]] = {d: dict(k) for d, k in (per_dienst or {}).items()}
        self._verifieerders: dict[tuple[str, str], VerifyKey] = {}

    def voeg_toe(self, dienst: str, jwks: dict[str, Any]) -> None:
        """Trust the keys of a producer's JWK Set (earlier keys stay trusted)."""
        self.per_dienst.setdefault(dienst, {}).update(publieke_sleutels(jwks))

    def kent(self, dienst: str, kid: str) -> bool:
        """Whether the key `kid` of `dienst` is trusted."""
        return kid in self.per_dienst.get(dienst, {})

    def klopt(self, dienst: str, kid: str, handtekening: str, hash_: str) -> bool:
        """Whether `handtekening` is `dienst`'s signature by key `kid` over `hash_`."""
        verifieerder = self._verifieerders.get((dienst, kid))
        if verifieerder is None:
            publiek = self.per_dienst.get(dienst, {}).get(kid)
            if publiek is None:
                return False
            verifieerder = self._verifieerders[(dienst, kid)] = VerifyKey(publiek.public_bytes_raw())
        try:
            verifieerder.verify(hash_.encode("ascii"), _unb64(handtekening))
        except (BadSignatureError, ValueError, TypeError):
            return False
        return True

    def klopt_veel(self, handtekeningen: Sequence[tuple[str, str, str, str]]) -> list[bool]:
        """`klopt` of many (dienst, kid, signature, hash), on every core."""
        return _verdeeld(lambda h: self.klopt(*h), handtekeningen)

    def jwks(self, dienst: str) -> dict[str, Any]:
        """The trusted keys of `dienst` as a JWK Set."""
        return {"keys": [publieke_jwk(k) for k in self.per_dienst.get(dienst, {}).values()]}


def dev_ring(diensten: list[str]) -> Sleutelring:
    """A ring of the development keys of `diensten` (what a test or `make run` without keys trusts)."""
    return Sleutelring({d: publieke_sleutels({"keys": [publieke_jwk(dev_sleutel(d).public_key())]}) for d in diensten})
