"""A service's signing key (Ed25519), detached JWS signatures (RFC 7515 appendix F) and its published JWKS.

The key comes from settings: `SIGNING_KEY` (PEM text, from a Secret) or `SIGNING_KEY_FILE` (a PEM file; `make run`
generates one per service in `.data/sleutels/`). Its key id is the RFC 7638 thumbprint of the public key, so a
rotated key gets a new id by itself, and the JWKS a service publishes lists its current key and the earlier ones
it is told of (`SIGNING_PREVIOUS_KEYS`), so what was signed before a rotation still verifies. In development mode
without a key, a key is made for the process (its signatures do not outlive it); outside it a service refuses to
start without one.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

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

    @property
    def kid(self) -> str:
        """The key id: the public key's thumbprint."""
        return publieke_jwk(self.prive.public_key())["kid"]

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


def laad(pem: str | None, pad: str | None, eerdere: str | None, *, dev_mode: bool) -> Sleutel:
    """The signing key from settings; a process-local one in development mode when none is set."""
    tekst = pem or (Path(pad).read_text(encoding="utf-8") if pad else None)
    if tekst is None:
        if not dev_mode:
            raise ValueError("SIGNING_KEY or SIGNING_KEY_FILE must be set outside development mode")
        prive = Ed25519PrivateKey.generate()
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
