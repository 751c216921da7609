"""A wrong address, a wrong method or a date that is none answers a Dutch page in the werkplek's layout, not JSON."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from services.werkplek.app import build_app
from services.werkplek.diensten import Weigering
from services.werkplek.settings import Settings
from services.werkplek.web import moment as _moment


async def _get(pad: str) -> httpx.Response:
    app = build_app(Settings(dev_login=True))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://werkplek") as browser:
        return await browser.get(pad)


@pytest.mark.parametrize(
    ("pad", "status", "titel"),
    [("/bestaat-niet", 404, "Pagina niet gevonden"), ("/uitloggen", 405, "Dit kan hier niet")],
)
async def test_a_wrong_address_or_method_is_an_html_page_in_the_layout(pad: str, status: int, titel: str) -> None:
    antwoord = await _get(pad)
    assert antwoord.status_code == status
    assert antwoord.headers["content-type"].startswith("text/html")
    assert f"<title>{titel} · Werkplek regio</title>" in antwoord.text and "Terug naar de start" in antwoord.text


def test_a_filter_date_that_is_none_is_a_dutch_400_not_a_500() -> None:
    nu = datetime(2026, 12, 6, tzinfo=UTC)
    for fout in ("gisteren", "2026-13-01"):
        with pytest.raises(Weigering) as weigering:
            _moment(fout, nu)
        assert weigering.value.status == 400 and "jjjj-mm-dd" in weigering.value.detail
    assert _moment("2026-12-01", nu) == datetime(2026, 12, 1, tzinfo=UTC)
    assert _moment("", nu) == nu
