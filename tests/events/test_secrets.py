"""No production start with a published secret; cursors a client cannot forge."""

from __future__ import annotations

import base64
import json
from datetime import datetime

import pytest

from libs.events import http
from libs.events.ondertekening import nieuwe_pem
from libs.events.settings import DEV_JWT_SECRET, CommonSettings, UnsafeSettings
from services.werkgevers.app import build_app as build_werkgevers
from services.werkgevers.settings import Settings as WerkgeversSettings
from services.werkplek.app import build_app as build_werkplek
from services.werkplek.settings import Settings as WerkplekSettings

LANG = "x" * 48
PEM = nieuwe_pem()


class TestServicesRefuseThePublishedSecret:
    def test_the_default_secret_outside_development_mode_stops_the_start(self) -> None:
        settings = WerkgeversSettings(dev_mode=False, database_url="postgresql+asyncpg://x@127.0.0.1:1/x")
        with pytest.raises(UnsafeSettings, match="AUTH_JWT_SECRET is the development secret"):
            build_werkgevers(settings)

    def test_a_short_secret_is_refused_too(self) -> None:
        with pytest.raises(UnsafeSettings, match="shorter than 32 bytes"):
            CommonSettings(dev_mode=False, auth_jwt_secret="kort-geheim").refuse_unsafe()

    def test_with_jwks_the_cursor_secret_must_be_set(self) -> None:
        jwks = {"dev_mode": False, "auth_jwks_url": "https://login.example/jwks", "signing_key": PEM}
        with pytest.raises(UnsafeSettings, match="signing cursors"):
            CommonSettings(**jwks).refuse_unsafe()
        CommonSettings(**jwks, cursor_secret=LANG).refuse_unsafe()

    def test_a_long_own_secret_starts(self) -> None:
        CommonSettings(dev_mode=False, auth_jwt_secret=LANG, signing_key=PEM).refuse_unsafe()

    def test_development_mode_allows_the_published_secret(self) -> None:
        CommonSettings(dev_mode=True, auth_jwt_secret=DEV_JWT_SECRET).refuse_unsafe()


class TestTheWerkplekRefusesDevelopmentShortcuts:
    def test_the_default_session_secret_stops_the_start(self) -> None:
        with pytest.raises(UnsafeSettings, match="WERKPLEK_SESSION_SECRET"):
            build_werkplek(WerkplekSettings(dev_mode=False))

    def test_the_development_login_exists_only_in_development_mode(self) -> None:
        with pytest.raises(UnsafeSettings, match="WERKPLEK_DEV_LOGIN"):
            build_werkplek(WerkplekSettings(dev_mode=False, session_secret=LANG, dev_login=True))
        build_werkplek(WerkplekSettings(dev_mode=False, session_secret=LANG))
        build_werkplek(WerkplekSettings(dev_mode=True, dev_login=True))


class TestCursors:
    def test_a_cursor_this_api_issued_comes_back_as_it_was(self) -> None:
        cursor = http.encode_keyset(datetime(2026, 12, 1, 8, 30), "019a-id|2026-10")
        assert http.decode_keyset(cursor) == (datetime(2026, 12, 1, 8, 30), "019a-id|2026-10")

    @pytest.mark.parametrize(
        "forged",
        [
            # the unsigned form of earlier releases, with an injection attempt as its id
            base64.urlsafe_b64encode(json.dumps({"s": "2026-01-01T00:00:00", "i": "x' OR 1=1--"}).encode()).decode(),
            "e30.AAAAAAAAAAAAAAAAAAAAAA",  # {} with a made-up signature
            "",
            "...",
            "%%%.%%%",
        ],
    )
    def test_a_forged_or_altered_cursor_is_a_400(self, forged: str) -> None:
        with pytest.raises(http.Problem) as refused:
            http.decode_keyset(forged)
        assert refused.value.status == 400 and refused.value.extra["invalid_params"][0]["name"] == "cursor"

    def test_changing_one_value_of_a_real_cursor_breaks_its_signature(self) -> None:
        _, signature = http.encode_keyset(datetime(2026, 12, 1), "a").split(".")
        altered = base64.urlsafe_b64encode(b'{"s":"2026-12-01T00:00:00","i":"b"}').decode().rstrip("=")
        with pytest.raises(http.Problem):
            http.decode_keyset(f"{altered}.{signature}")

    def test_another_key_does_not_accept_this_keys_cursor(self) -> None:
        cursor = http.encode_keyset(datetime(2026, 12, 1), "a")
        try:
            http.configure_cursors(LANG.encode())
            with pytest.raises(http.Problem):
                http.decode_keyset(cursor)
        finally:
            http.configure_cursors(DEV_JWT_SECRET.encode())


class TestEveryServiceSignsWithAKeyOfItsOwn:
    @pytest.mark.parametrize("dienst", ["intake", "matching", "werkgevers", "uitkering", "handhaving"])
    def test_without_a_signing_key_no_service_starts_outside_development_mode(self, dienst: str) -> None:
        import importlib

        settings_class = importlib.import_module(f"services.{dienst}.settings").Settings
        zonder = settings_class(dev_mode=False, auth_jwt_secret=LANG)
        with pytest.raises(UnsafeSettings, match="SIGNING_KEY"):
            zonder.refuse_unsafe()
        met = settings_class(dev_mode=False, auth_jwt_secret=LANG, signing_key=PEM)
        met.refuse_unsafe()
        sleutel = met.sleutel(dienst)
        assert sleutel.jwks()["keys"][0]["kid"] == sleutel.kid

    def test_in_development_mode_each_service_has_its_own_development_key(self) -> None:
        ontwikkeling = CommonSettings(dev_mode=True)
        assert ontwikkeling.sleutel("intake").kid == ontwikkeling.sleutel("intake").kid
        assert ontwikkeling.sleutel("intake").kid != ontwikkeling.sleutel("uitkering").kid

    def test_a_rotated_key_still_verifies_what_the_old_one_signed(self) -> None:
        from cryptography.hazmat.primitives import serialization

        from libs.events import ondertekening

        oud = ondertekening.laad(ondertekening.nieuwe_pem(), None, None, dev_mode=False, dienst="handhaving")
        handtekening = oud.onderteken(b"dossier")
        oud_publiek = oud.prive.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        nieuw = ondertekening.laad(
            ondertekening.nieuwe_pem(), None, oud_publiek.decode(), dev_mode=False, dienst="handhaving"
        )
        assert ondertekening.verifieer(handtekening, b"dossier", nieuw.jwks()) == oud.kid
        with pytest.raises(ondertekening.OngeldigeHandtekening):
            ondertekening.verifieer(handtekening, b"dossier!", nieuw.jwks())
