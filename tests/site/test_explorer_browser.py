"""The claims explorer in a real browser (issue 24, item 10): an address with a value no option has,
a view with no match, the filters folded on a phone and open on a desktop, and one date per claim.
The fixtures and helpers are those of test_browser.py."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Literal
from urllib.parse import quote

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, ViewportSize, expect

from factdesk.site.pages import long_date

from ..browser import AXE_OPTIONS, DESKTOP, PHONE, new_page, serious_violations, wait_until_still
from ..conftest import REPO
from .test_browser import (  # noqa: F401 (browser, site and site_url are fixtures, which pytest finds here)
    CLAIM_ITEMS,
    EXPLORER,
    SOURCE,
    browser,
    choose,
    claims_with,
    expect_palette,
    open_page,
    shown_claims,
    site,
    site_url,
)

ALL_CLAIMS = len(list((REPO / "claims").glob("*.yml")))
NOTICE = ".fd-explorer__notice"
TOGGLE = "button.fd-explorer__toggle"
# A tag no claim has, as a hostile link would write it: shown as text, never made into markup.
HOSTILE_TAG = "<img src=x onerror=window.__pwned=true>"
UNKNOWN = f"?verdict=bogus&tag={quote(HOSTILE_TAG, safe='')}"
START = datetime(2025, 1, 1)  # any time: the page's clock is paused
NO_MATCH = "?verdict=true&text=zzyzx-nothing-says-this"


def filters(page: Page):
    return page.locator("form.fd-explorer__filters")


def min_size(page: Page, selector: str) -> tuple[float, float]:
    """The smallest width and height of the visible elements that match `selector`."""
    sizes = page.locator(selector).evaluate_all(
        "elements => elements.filter(e => e.getClientRects().length).map(e => e.getBoundingClientRect())"
        ".map(r => [r.width, r.height])")
    assert sizes, selector
    return min(w for w, _ in sizes), min(h for _, h in sizes)


def claims_in(verdict: str, year: int) -> set[str]:
    """Slugs of the claims with `verdict` made in `year`, from the claim files."""
    found = set()
    for path in (REPO / "claims").glob("*.yml"):
        claim = yaml.safe_load(path.read_text(encoding="utf-8"))
        if str(claim["verdict"]).lower() == verdict and date.fromisoformat(str(claim["claim_date"])).year == year:
            found.add(path.stem)
    return found


# An address with a value no option has ---------------------------------------------------------

@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_an_unknown_value_in_the_address_is_named_and_the_address_kept(browser: Browser, site_url: str,
                                                                      viewport: ViewportSize):
    with new_page(browser, viewport) as page:
        # The page's timers run only when the test says: every one the script set on loading (its
        # notice, or a rewrite of the address) has then run, without the test waiting for a guess.
        page.clock.install(time=START)
        page.clock.pause_at(START + timedelta(seconds=1))
        open_page(page, site_url + EXPLORER + UNKNOWN)
        notice = page.locator(NOTICE)
        # A polite live region, in the page before its text: a screen reader announces what is put in it.
        expect(notice).to_have_attribute("role", "status")
        expect(notice).to_have_text("")
        page.clock.run_for(2000)
        expect(notice).to_be_visible()
        expect(notice).to_contain_text("No verdict called “bogus”; showing all verdicts.")
        expect(notice).to_contain_text(f"No tag called “{HOSTILE_TAG}”; showing all tags.")
        assert notice.locator("img").count() == 0
        assert page.evaluate("() => window.__pwned") is None
        # Not a narrower view than the address asked for, and not a wider one without saying so.
        expect(page.locator(CLAIM_ITEMS)).to_have_count(ALL_CLAIMS)
        assert page.url.endswith(EXPLORER + UNKNOWN), page.url
        expect(page.locator("#fd-explorer")).to_have_text(f"{ALL_CLAIMS} of {ALL_CLAIMS} claims")

        # Once the reader changes the view, the address says what is shown and the notice goes.
        if viewport == PHONE:
            page.locator(TOGGLE).click()
        choose(page, "verdict", "unproven")
        page.clock.run_for(2000)
        expect(notice).to_have_text("")
        expect(notice).to_be_hidden()
        expect(page).to_have_url(re.compile(r"/claims/explorer/\?verdict=unproven$"))


def test_a_known_value_beside_an_unknown_one_still_filters(browser: Browser, site_url: str):
    expected = claims_with("unproven", SOURCE)
    with new_page(browser) as page:
        open_page(page, f"{site_url}{EXPLORER}?verdict=unproven&source={SOURCE}&year=1850&sort=sideways")
        expect(page.locator(NOTICE)).to_contain_text("No year called “1850”; showing all years.")
        expect(page.locator(NOTICE)).to_contain_text("No order called “sideways”; showing newest first.")
        expect(page.locator(CLAIM_ITEMS)).to_have_count(len(expected))
        assert set(shown_claims(page)) == expected


# No match -------------------------------------------------------------------------------------

@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_no_match_offers_a_button_that_clears_every_filter_and_the_address(browser: Browser, site_url: str,
                                                                            viewport: ViewportSize):
    with new_page(browser, viewport) as page:
        open_page(page, site_url + EXPLORER + NO_MATCH)
        expect(page.locator(CLAIM_ITEMS)).to_have_count(0)
        empty = page.locator(".fd-explorer__empty")
        expect(empty).to_contain_text("No claim matches all these filters.")
        clear = empty.get_by_role("button", name="Clear the filters")
        width, height = clear.bounding_box()["width"], clear.bounding_box()["height"]
        assert width >= 24 and height >= 24, (width, height)
        clear.click()
        expect(page.locator(CLAIM_ITEMS)).to_have_count(ALL_CLAIMS)
        expect(empty).to_be_hidden()
        expect(page).to_have_url(re.compile(r"/claims/explorer/$"))
        assert page.locator('form [name="verdict"]').input_value() == ""
        assert page.locator('form [name="text"]').input_value() == ""
        # The button is gone: focus goes to the filters, or, folded on a phone, to their button.
        expect(page.locator(TOGGLE if viewport == PHONE else 'form [name="text"]')).to_be_focused()


# The filters on a phone and on a desktop ------------------------------------------------------

def test_on_a_phone_the_filters_fold_behind_one_button_and_the_first_claims_show(browser: Browser, site_url: str):
    with new_page(browser, PHONE) as page:
        open_page(page, f"{site_url}{EXPLORER}?verdict=true")
        toggle = page.locator(TOGGLE)
        expect(toggle).to_be_visible()
        expect(toggle).to_have_attribute("aria-expanded", "false")
        expect(toggle).to_have_accessible_name("Filters (1 active)")
        expect(filters(page)).to_be_hidden()
        first = page.locator(CLAIM_ITEMS).first
        expect(first).to_be_visible()
        box = first.bounding_box()
        assert box is not None and 0 <= box["y"] and box["y"] + 40 <= PHONE["height"], box  # its badge and claim too

        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        expect(filters(page)).to_be_visible()
        expect(page.locator('form [name="verdict"]')).to_have_value("true")
        choose(page, "year", "2020")
        expect(toggle).to_have_accessible_name("Filters (2 active)")
        expected = claims_in("true", 2020)
        expect(page.locator(CLAIM_ITEMS)).to_have_count(len(expected))
        assert set(shown_claims(page)) == expected
        for selector in (TOGGLE, *(f"form.fd-explorer__filters {tag}" for tag in ("select", "input", "button"))):
            width, height = min_size(page, selector)
            assert width >= 24 and height >= 24, (selector, width, height)

        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "false")
        expect(filters(page)).to_be_hidden()


def test_on_a_desktop_the_filters_stay_open(browser: Browser, site_url: str):
    with new_page(browser, DESKTOP) as page:
        open_page(page, site_url + EXPLORER)
        expect(filters(page)).to_be_visible()
        expect(page.locator(TOGGLE)).to_be_hidden()
        for name in ("text", "sort", "verdict", "source", "claimant", "kind", "tag", "year"):
            expect(page.locator(f'form [name="{name}"]')).to_be_visible()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_without_javascript_the_page_lists_every_claim(browser: Browser, site_url: str, viewport: ViewportSize):
    with new_page(browser, viewport, java_script_enabled=False) as page:
        open_page(page, site_url + EXPLORER + NO_MATCH)
        expect(page.locator(CLAIM_ITEMS)).to_have_count(ALL_CLAIMS)
        expect(page.locator("#fd-explorer")).to_contain_text("The filters need JavaScript.")
        assert page.locator(f"{TOGGLE}, form.fd-explorer__filters, {NOTICE}").count() == 0


# Each claim ------------------------------------------------------------------------------------

def test_each_result_shows_its_date_once(browser: Browser, site_url: str):
    with new_page(browser) as page:
        open_page(page, site_url + EXPLORER)
        items = page.locator(CLAIM_ITEMS).evaluate_all("items => items.map(i => [i.dataset.date, i.innerText])")
        assert len(items) == ALL_CLAIMS
        for made, text in items:
            assert text.count(long_date(date.fromisoformat(made))) == 1, text


def test_the_source_filter_names_each_source_with_its_date(browser: Browser, site_url: str):
    """The items leave a source's date out where it is the claim's; the filter's options keep it."""
    with new_page(browser) as page:
        open_page(page, site_url + EXPLORER)
        options = page.locator('form [name="source"] option').all_inner_texts()
        assert options[0] == "All sources" and len(options) > 2
        for option in options[1:]:
            assert re.fullmatch(r".+, \d{1,2} [A-Z][a-z]+ \d{4} \(\d+\)", option), option



# Accessibility of the new states ---------------------------------------------------------------

@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_axe_finds_nothing_serious_with_a_notice_no_match_and_the_filters_open(
        browser: Browser, site_url: str, viewport: ViewportSize, scheme: Literal["light", "dark"]):
    findings = []
    with new_page(browser, viewport, color_scheme=scheme) as page:
        open_page(page, site_url + EXPLORER + UNKNOWN.replace("verdict=bogus", "verdict=false&year=2020"))
        expect_palette(page, scheme)
        expect(page.locator(NOTICE)).to_contain_text("No tag called")
        expect(page.locator(".fd-explorer__empty")).to_be_visible()
        if viewport == PHONE:
            page.locator(TOGGLE).click()
        expect(filters(page)).to_be_visible()
        wait_until_still(page)
        findings += serious_violations(Axe().run(page, options=AXE_OPTIONS).response, "explorer", scheme)
    assert findings == [], "\n".join(findings)
