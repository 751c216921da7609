"""The werkplek in a real browser: Debian's Chromium driven by Playwright, against every service as a real server."""

from tests.e2e.conftest import platform  # noqa: F401 - the same fixture as the end-to-end tests
