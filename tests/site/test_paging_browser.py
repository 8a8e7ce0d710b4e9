"""The pager of a listing in pages, read on a 390 px phone: light and dark, left to right and right to
left. Screenshots go to the artifacts folder (see tests/browser.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from ..browser import (
    AXE_OPTIONS,
    PHONE,
    artifacts_folder,
    browser,  # noqa: F401 (a fixture, which pytest finds in this module's namespace)
    new_page,
    serious_violations,
    serve,
    wait_until_still,
)
from ..conftest import MINI, copy_project, mkdocs_build
from .test_paging import listings, paged_site, small_publication, synthetic  # noqa: F401 (two fixtures)


@pytest.fixture(scope="module")
def arabic_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A publication in Arabic, written right to left, whose verdict pages come in pages."""
    project = small_publication(copy_project(tmp_path_factory.mktemp("arabic") / "project", MINI), language="ar")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.output
    return result.site


def second_page(page: Page, base: str, address: str) -> None:
    """Page 1 of a listing, then its Next link, followed as a reader taps it."""
    response = page.goto(base + address)
    assert response is not None and response.ok
    page.locator(".fd-pager").first.locator("a[rel=next]").click()
    expect(page.locator(".fd-pager").first.locator("a[rel=prev]")).to_be_visible()
    expect(page.locator(".fd-pager").first.locator("a[rel=next]")).to_be_visible()


def box(page: Page, selector: str) -> dict[str, float]:
    found = page.locator(".fd-pager").first.locator(selector).bounding_box()
    assert found is not None, selector
    return found


def assert_pager_reads_on_a_phone(page: Page, direction: Literal["ltr", "rtl"]) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    links = page.locator(".fd-pager").first.locator("a")
    assert links.count() == 4
    for at in range(4):
        found = links.nth(at).bounding_box()
        assert found is not None and found["height"] >= 24 and found["width"] >= 24
        assert 0 <= found["x"] and found["x"] + found["width"] <= PHONE["width"]
    # The newer pages at the start of the line, the older at its end, as the language is written.
    newest, oldest = box(page, ".fd-pager__first"), box(page, ".fd-pager__last")
    assert (newest["x"] < oldest["x"]) == (direction == "ltr")
    month = box(page, ".fd-pager__current")
    assert month["y"] + month["height"] <= newest["y"], "the month on a line of its own, above the links"


def screenshot(page: Page, folder: Path, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    page.locator(".fd-pager").first.scroll_into_view_if_needed()
    shot = folder / f"{name}-{PHONE['width']}x{PHONE['height']}.png"
    page.screenshot(path=shot, animations="disabled")
    assert shot.stat().st_size > 10_000
    with capsys.disabled():
        print(f"\nscreenshot: {shot}")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_pager_reads_on_a_phone_and_axe_finds_nothing_serious(
        browser: Browser, paged_site, scheme: Literal["light", "dark"],  # noqa: F811 (a fixture)
        tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]):
    site, publication = paged_site
    address, _ = listings(publication)["verdict"]
    with serve(site) as base, new_page(browser, PHONE, color_scheme=scheme) as page:
        second_page(page, base, address)
        assert_pager_reads_on_a_phone(page, "ltr")
        wait_until_still(page)
        findings = serious_violations(Axe().run(page, options=AXE_OPTIONS).response, "a verdict's second page", scheme)
        assert findings == [], "\n".join(findings)
        screenshot(page, artifacts_folder(tmp_path_factory.getbasetemp() / "artifacts"), f"pager-{scheme}", capsys)


def test_right_to_left_the_newer_pages_are_on_the_right(browser: Browser, arabic_site: Path,
                                                        tmp_path_factory: pytest.TempPathFactory,
                                                        capsys: pytest.CaptureFixture[str]):
    with serve(arabic_site) as base, new_page(browser, PHONE) as page:
        second_page(page, base, "verdicts/false/")
        assert page.locator("body").get_attribute("dir") == "rtl"
        assert_pager_reads_on_a_phone(page, "rtl")
        screenshot(page, artifacts_folder(tmp_path_factory.getbasetemp() / "artifacts"), "pager-ar", capsys)


def test_the_sources_letter_row_reads_on_a_phone(browser: Browser, paged_site,  # noqa: F811 (a fixture)
                                                 tmp_path_factory: pytest.TempPathFactory,
                                                 capsys: pytest.CaptureFixture[str]):
    site, _ = paged_site
    with serve(site) as base, new_page(browser, PHONE) as page:
        second_page(page, base, "sources/")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        links = page.locator(".fd-pager").first.locator("a")
        assert links.count() > 3
        for at in range(links.count()):
            found = links.nth(at).bounding_box()
            assert found is not None and found["height"] >= 24 and found["width"] >= 24
            assert 0 <= found["x"] and found["x"] + found["width"] <= PHONE["width"]
        letters = page.locator(".fd-pager").first.locator(".fd-pager__letter, .fd-pager__current")
        lowest = max(box["y"] + box["height"] for box in (letters.nth(at).bounding_box() for at in range(letters.count()))
                     if box is not None)
        previous, following = box(page, ".fd-pager__previous"), box(page, ".fd-pager__next")
        assert previous["y"] >= lowest and previous["x"] < following["x"], "Previous and Next below the letters"
        wait_until_still(page)
        findings = serious_violations(Axe().run(page, options=AXE_OPTIONS).response, "a sources letter page", "light")
        assert findings == [], "\n".join(findings)
        screenshot(page, artifacts_folder(tmp_path_factory.getbasetemp() / "artifacts"), "letters", capsys)
