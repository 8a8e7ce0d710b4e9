"""A publication in several languages in a real browser (Debian's Chromium): Material's language
switcher leads from a claim's page to the same claim in the other language, and back. Screenshots of
the Japanese front page and claim pages at 390×844 and 1280×800 for a person to look at."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from ..browser import (
    DESKTOP,
    PHONE,
    artifacts_folder,
    browser,  # noqa: F401 (a fixture, which pytest finds in this module's namespace)
    new_page,
    serve,
)
from .test_language_sites import TRANSLATED, UNTRANSLATED, built_in_two_languages


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = built_in_two_languages(tmp_path_factory.mktemp("switcher"))
    with serve(project / "site") as url:
        yield url.rstrip("/") + "/"


def switch_to(page: Page, name: str) -> None:
    """Material's language switcher opened (it opens on hover or focus), and the language chosen."""
    page.locator(".md-header__option .md-select button").hover()
    link = page.locator(".md-select__link", has_text=name)
    expect(link).to_be_visible()
    link.click()
    page.wait_for_load_state()


@pytest.mark.parametrize("path", [TRANSLATED, UNTRANSLATED])
def test_the_language_switcher_leads_to_the_same_claim(browser: Browser, site_url: str, path: str) -> None:
    with new_page(browser) as page:
        page.goto(site_url + path)
        expect(page.locator("html")).to_have_attribute("lang", "en")
        switch_to(page, "日本語")
        assert urlsplit(page.url).path == f"/ja/{path}"
        expect(page.locator("html")).to_have_attribute("lang", "ja")
        if path == TRANSLATED:
            expect(page.locator(".fd-card__claim")).to_contain_text("港の橋は来月開通する")
        switch_to(page, "English")
        assert urlsplit(page.url).path == f"/{path}"
        expect(page.locator("html")).to_have_attribute("lang", "en")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_screenshots(browser: Browser, site_url: str, viewport: ViewportSize,
                     tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]) -> None:
    folder: Path = artifacts_folder(tmp_path_factory.getbasetemp() / "artifacts")
    with new_page(browser, viewport) as page:
        for name, path in (("home", ""), ("claim", TRANSLATED), ("untranslated-claim", UNTRANSLATED)):
            page.goto(f"{site_url}ja/{path}")
            shot = folder / f"ja-site-{name}-{viewport['width']}x{viewport['height']}.png"
            page.screenshot(path=shot, full_page=True, animations="disabled")
            assert shot.stat().st_size > 10_000
            with capsys.disabled():
                print(f"\nscreenshot: {shot}")
