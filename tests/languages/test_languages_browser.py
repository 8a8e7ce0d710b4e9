"""Languages in a real browser (Debian's Chromium): a Japanese word typed into the search finds the
claim whose quote holds it, inside a sentence written without spaces; a publication in Arabic is
laid out right to left; pages in Japanese and Arabic pass axe. Screenshots at 390×844 and 1280×800
for a person to look at."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, ViewportSize, expect

from ..browser import (
    AXE_OPTIONS,
    DESKTOP,
    PHONE,
    artifacts_folder,
    browser,  # noqa: F401 (a fixture, which pytest finds in this module's namespace)
    new_page,
    serious_violations,
    serve,
    wait_until_still,
)
from ..conftest import REPO, copy_project, mkdocs_build
from .test_site_languages import project_in

MULTILINGUAL = REPO / "tests" / "fixtures" / "multilingual"
JAPANESE_CLAIM = "/claims/bridge-opens-next-month-ja/"  # its quote: 新しい橋の開通式を来月行うと発表した
CLAIM = "claims/budget-doubled/"  # of the mini publication, built in Arabic and in Japanese


def built_site(project: Path) -> Path:
    result = mkdocs_build(project)
    assert result.returncode == 0, result.output
    return result.site


@pytest.fixture(scope="module")
def multilingual_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(built_site(copy_project(tmp_path_factory.mktemp("multilingual") / "desk", MULTILINGUAL))) as url:
        yield url


@pytest.fixture(scope="module", params=["ar", "ja"])
def language_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    with serve(built_site(project_in(request.param, tmp_path_factory.mktemp(request.param)))) as url:
        yield request.param, url


def search_results(page: Page, query: str) -> list[str]:
    """`query` pasted into the header's search box, as test_browser's search does; the results' paths."""
    page.locator('input[data-md-component="search-query"]').click()
    page.keyboard.insert_text(query)
    page.keyboard.press("Control")
    expect(page.locator(".md-search-result__meta")).to_have_text(re.compile(r"\d+ matching document"))
    links = page.locator(".md-search-result__item > a.md-search-result__link")
    return [urlsplit(href).path for href in links.evaluate_all("links => links.map(link => link.href)")]


@pytest.mark.parametrize("word", ["開通", "来月", "開通式"])
def test_a_japanese_word_finds_the_claim_that_quotes_it(browser: Browser, multilingual_url: str, word: str) -> None:
    """In an English publication, a word in the middle of a Japanese quote: the search is set for the
    sources' languages, and Japanese is cut into words (without it, each sentence is one word)."""
    with new_page(browser) as page:
        page.goto(multilingual_url)
        assert JAPANESE_CLAIM in search_results(page, word)[:3]


@pytest.mark.parametrize(("word", "claim"), [("стоимость", "/claims/bridge-cost-rose-twenty-percent/"),
                                             ("الميناء", "/claims/bridge-opens-next-month-ar/")])
def test_a_russian_or_arabic_word_finds_the_claim_that_quotes_it(browser: Browser, multilingual_url: str,
                                                                 word: str, claim: str) -> None:
    with new_page(browser) as page:
        page.goto(multilingual_url)
        assert claim in search_results(page, word)[:3]


def test_each_publication_is_laid_out_in_its_languages_direction(browser: Browser,
                                                                 language_url: tuple[str, str]) -> None:
    """Arabic right to left: the card's label and the verdict start at the right, as Arabic is read;
    Japanese left to right."""
    language, url = language_url
    direction = "rtl" if language == "ar" else "ltr"
    with new_page(browser, PHONE) as page:
        page.goto(url + CLAIM)
        assert page.evaluate("() => [document.documentElement.dir || document.body.dir || 'ltr', "
                             "getComputedStyle(document.querySelector('article')).direction]") == [direction] * 2
        for selector in (".fd-card__label", ".fd-verdict"):
            # Where the text itself is, not its block, which is as wide as the card.
            left, right = page.locator(selector).first.evaluate(
                "element => { const range = document.createRange(); range.selectNodeContents(element);"
                " const box = range.getBoundingClientRect(); return [box.left, box.right]; }")
            assert right - left < PHONE["width"] * 0.6, (selector, left, right)
            start = PHONE["width"] - right if direction == "rtl" else left
            assert start < PHONE["width"] * 0.25, (language, selector, left, right)  # the other side: over half


def test_pages_in_japanese_and_arabic_pass_axe(browser: Browser, language_url: tuple[str, str]) -> None:
    language, url = language_url
    findings: list[str] = []
    with new_page(browser) as page:
        for path in ("", CLAIM, "claims/", "verdicts/", "sources/"):
            page.goto(url + path)
            wait_until_still(page)
            findings += serious_violations(Axe().run(page, options=AXE_OPTIONS).response, f"{language} {path}", "light")
    assert findings == [], "\n".join(findings)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_screenshots(browser: Browser, language_url: tuple[str, str], viewport: ViewportSize,
                     tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]) -> None:
    language, url = language_url
    folder = artifacts_folder(tmp_path_factory.getbasetemp() / "artifacts")
    with new_page(browser, viewport) as page:
        for name, path in (("home", ""), ("claim", CLAIM)):
            page.goto(url + path)
            shot = folder / f"{language}-{name}-{viewport['width']}x{viewport['height']}.png"
            page.screenshot(path=shot, full_page=True, animations="disabled")
            assert shot.stat().st_size > 10_000
            with capsys.disabled():
                print(f"\nscreenshot: {shot}")
