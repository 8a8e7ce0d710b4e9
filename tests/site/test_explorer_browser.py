"""The claims explorer in a real browser: an address with a value no option has, a view with no
match, the filters folded on a phone and open on a desktop, one date per claim; without JavaScript,
the lists that reach every claim; a publication of hundreds of claims read a chunk at a time, each
filter, "Show more"; hostile text; the offline edition from file://. The fixtures and helpers are
those of test_browser.py."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Literal
from urllib.parse import quote, urlencode, urljoin, urlsplit

import lxml.html
import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, ViewportSize, expect

from factdesk.data.loader import load_publication
from factdesk.data.model import Claim, Publication
from factdesk.data.records import tag_slug
from factdesk.site import explorer_index, pages

from ..browser import (
    AXE_OPTIONS,
    DESKTOP,
    PHONE,
    Watch,
    artifacts_folder,
    new_page,
    serious_violations,
    serve,
    wait_until_still,
    watch,
)
from ..conftest import REPO, copy_project, mkdocs_build
from ..explorer_index import built_index
from ..test_benchmarks import benchmark_script
from .test_browser import (  # noqa: F401 (fixtures among them, which pytest finds here)
    CLAIM_ITEMS,
    EXPLORER,
    HOSTILE,
    SOURCE,
    browser,
    choose,
    claims_with,
    expect_palette,
    hostile_site,
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


# Without JavaScript ----------------------------------------------------------------------------

# The folders of the lists the explorer links, and whether each list holds every claim (a claim
# needs no tag, and belongs to no story unless editors put it in one).
LISTS = {"claims": True, "verdicts": True, "sources": True, "claimants": True, "tags": False, "stories": False}


def reachable_claims(page: Page, start: str, folder: str, claims: set[str]) -> set[str]:
    """The claims linked from the page at `start` and from every page of `folder` it leads to (a list
    and its own pages: the claims index, a verdict's page...; not the sources' archived texts), each
    read as the browser got it."""
    found, seen, queue = set(), {start}, [start]
    while queue:
        address = queue.pop()
        open_page(page, address)
        article = lxml.html.fromstring(page.content()).xpath("//article")[0]
        for href in article.xpath(".//a/@href"):
            target = urljoin(address, href).split("#")[0].split("?")[0]
            path = urlsplit(target).path.strip("/").split("/")
            if path[:1] == ["claims"] and len(path) == 2 and path[1] in claims:
                found.add(path[1])
            elif path[:1] == [folder] and path != ["claims", "explorer"] and target.endswith("/") \
                    and target not in seen and urlsplit(target).netloc == urlsplit(start).netloc:
                seen.add(target)
                queue.append(target)
    return found


def test_without_javascript_the_page_links_lists_that_reach_every_claim(browser: Browser, site_url: str):
    claims = {path.stem for path in (REPO / "claims").glob("*.yml")}
    with new_page(browser, PHONE, java_script_enabled=False) as page:
        open_page(page, site_url + EXPLORER + NO_MATCH)
        expect(page.locator("#fd-explorer")).to_have_text(
            f"We checked {ALL_CLAIMS} claims. The filters need JavaScript.")
        assert page.locator(f"{CLAIM_ITEMS}, {TOGGLE}, form.fd-explorer__filters, {NOTICE}").count() == 0
        lists = page.locator(".fd-explorer__lists + ul a")
        expect(lists).to_have_text([f"All {ALL_CLAIMS} claims", "By verdict", "By source", "By claimant", "By tag",
                                    "By story"])
        for link in lists.all():  # a target for a finger
            box = link.bounding_box()
            assert box is not None and box["height"] >= 24, box
        addresses = [urljoin(page.url, href) for href in lists.evaluate_all("links => links.map(a => a.href)")]
        for address, (folder, every) in zip(addresses, LISTS.items()):
            assert urlsplit(address).path.strip("/").split("/")[0] == folder, address
            reached = reachable_claims(page, address, folder, claims)
            assert reached == claims if every else reached and reached <= claims, (folder, claims - reached)


# Each claim ------------------------------------------------------------------------------------

def test_each_result_shows_its_date_once(browser: Browser, site_url: str):
    with new_page(browser) as page:
        open_page(page, site_url + EXPLORER)
        items = page.locator(CLAIM_ITEMS).evaluate_all("items => items.map(i => [i.dataset.date, i.innerText])")
        assert len(items) == ALL_CLAIMS
        for made, text in items:
            assert text.count(pages.long_date(date.fromisoformat(made))) == 1, text


def test_the_source_filter_names_each_source_with_its_date(browser: Browser, site_url: str):
    """The items leave a source's date out where it is the claim's; the filter's options keep it."""
    with new_page(browser) as page:
        open_page(page, site_url + EXPLORER)
        # The selects get every option once the first results are listed, in one go.
        expect(page.locator('form [name="source"] option').nth(2)).to_be_attached()
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


def test_when_the_index_cannot_be_loaded_the_status_says_so_and_the_lists_stay(browser: Browser, site_url: str):
    with new_page(browser) as page:
        page.route(re.compile(r"/facets\.js(\?|$)"), lambda route: route.abort())
        open_page(page, site_url + EXPLORER)
        expect(page.locator("#fd-explorer")).to_have_text(
            "The claims could not be loaded. Every claim is in the lists below.")
        expect(page.locator(".fd-explorer__lists + ul a").first).to_be_visible()


# A publication of some hundreds of claims, in chunks --------------------------------------------

LARGE = 800  # claims: more than a page, in two chunks at least
MORE = "button.fd-explorer__more"


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> tuple[Publication, Path]:
    """A synthetic publication (benchmarks/synthetic.py) with this repository's site, built."""
    project = tmp_path_factory.mktemp("large") / "project"
    benchmark_script("site_build").write_project(project, LARGE, 1)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.output
    return load_publication(project), result.site


@pytest.fixture(scope="module")
def large_url(large: tuple[Publication, Path]) -> Iterator[str]:
    with serve(large[1]) as url:
        yield url


def index_requests(seen: Watch) -> list[str]:
    """The explorer's index files a page asked for, by name."""
    return [urlsplit(url).path.rsplit("/", 1)[1] for url in seen.requests if f"/{pages.EXPLORER_DATA}/" in url]


def show_all(page: Page) -> None:
    """Presses "Show more" until every claim of the view is listed. The button is disabled while the
    explorer lists a page, and enabled (or hidden, at the end) once it has."""
    more = page.locator(MORE)
    expect(more).to_be_enabled()
    while more.is_visible():
        more.click()
        expect(more).to_be_enabled()


def claims_matching(publication: Publication, name: str, value: str) -> list[str]:
    """The slugs of the claims a filter of the address lets through, newest first, from the records."""
    def values(claim: Claim) -> list[str]:
        return {"verdict": [claim.verdict.key], "source": [a.source for a in claim.appearances],
                "claimant": [who.id for who in claim.claimants], "kind": [who.kind for who in claim.claimants],
                "tag": [tag_slug(t) for t in claim.tags], "year": [str(claim.claim_date.year)],
                "text": pages.search_words([claim.claim, claim.summary, *claim.claimant_names,
                                            *(a.quote for a in claim.appearances)]).split()}[name]
    return [c.slug for c in pages.by_claim_date(publication.claims)
            if (value in values(c) if name != "text" else any(value in word for word in values(c)))]



def test_the_first_page_needs_the_facets_and_the_first_chunk_and_show_more_reaches_every_claim(
        browser: Browser, large: tuple[Publication, Path], large_url: str):
    publication, _ = large
    newest = [c.slug for c in pages.by_claim_date(publication.claims)]
    with new_page(browser, PHONE) as page:
        seen = watch(page)
        open_page(page, large_url + EXPLORER)
        expect(page.locator(CLAIM_ITEMS)).to_have_count(50)
        expect(page.locator("#fd-explorer")).to_have_text(f"{LARGE} of {LARGE} claims")
        assert list(shown_claims(page)) == newest[:50]
        chunks = built_index(large[1]).facets["chunks"]
        assert len(chunks) >= 2
        assert index_requests(seen) == ["facets.js", f"claims-{chunks[0][0]}.js"]
        # "Show more" lists the next page, and the first claim it adds takes the focus.
        page.get_by_role("button", name="Show more claims").click()
        expect(page.locator(CLAIM_ITEMS)).to_have_count(100)
        expect(page.locator(CLAIM_ITEMS).nth(50).locator("a.fd-explorer__claim")).to_be_focused()
        show_all(page)
        assert list(shown_claims(page)) == newest
        expect(page.locator(MORE)).to_be_hidden()
        assert sorted(set(index_requests(seen))) == sorted(["facets.js", *(f"claims-{c[0]}.js" for c in chunks)])
        # Oldest first: the last chunk first, each turned round.
        page.locator(TOGGLE).click()
        choose(page, "sort", "oldest")
        expect(page.locator(CLAIM_ITEMS)).to_have_count(50)
        assert list(shown_claims(page)) == newest[::-1][:50]
        expect(page).to_have_url(re.compile(r"\?sort=oldest$"))
        assert seen.errors == []


@pytest.mark.parametrize("name", ["verdict", "source", "claimant", "kind", "tag", "year", "text"])
def test_each_filter_in_the_address_narrows_the_claims_to_its_own(browser: Browser, large: tuple[Publication, Path],
                                                                  large_url: str, name: str):
    publication, site = large
    index = built_index(site)
    counts = {facet: {entry[0]: entry[1] for entry in index.facets[facet]} for facet in explorer_index.FILTERS}
    # A value held by more claims than a page and fewer than all; for the words, a place's name.
    if name == "text":
        value = next(place.lower() for place in benchmark_script("synthetic").PLACES
                     if 50 < len(claims_matching(publication, "text", place.lower())) < LARGE)
    else:
        value = max((v for v, n in counts[name].items() if n < LARGE), key=counts[name].get)
    expected = claims_matching(publication, name, value)
    with new_page(browser) as page:
        open_page(page, f"{large_url}{EXPLORER}?{urlencode({name: value})}")
        expect(page.locator(CLAIM_ITEMS)).to_have_count(min(50, len(expected)))
        assert list(shown_claims(page)) == expected[:50]
        show_all(page)
        assert list(shown_claims(page)) == expected
        expect(page.locator("#fd-explorer")).to_have_text(f"{len(expected)} of {LARGE} claims")
        expect(page.locator(f'form [name="{name}"]')).to_have_value(value)


def test_filters_chosen_go_into_the_address_and_read_only_chunks_that_may_hold_them(
        browser: Browser, large: tuple[Publication, Path], large_url: str):
    publication, site = large
    index = built_index(site)
    chunks = index.facets["chunks"]
    # A claimant whose claims are all in a later chunk than the first: that chunk is not read.
    claimant = next(entry[0] for entry in index.facets["claimant"] if int(entry[2][0], 16) & 1 == 0)
    expected = claims_matching(publication, "claimant", claimant)
    with new_page(browser) as page:
        open_page(page, large_url + EXPLORER)
        expect(page.locator(CLAIM_ITEMS)).to_have_count(50)
        seen = watch(page)
        choose(page, "claimant", claimant)
        expect(page.locator(CLAIM_ITEMS)).to_have_count(len(expected))
        assert list(shown_claims(page)) == expected
        expect(page).to_have_url(re.compile(rf"\?claimant={claimant}$"))
        assert f"claims-{chunks[0][0]}.js" not in index_requests(seen)  # loaded already, and not read again
        # With words too: the chunks' words are loaded once words are typed, and the two filters meet.
        word = index.claims[[c.slug for c in index.claims].index(expected[0])].words.split()[-1]
        choose(page, "text", word)
        both = [slug for slug in expected if slug in claims_matching(publication, "text", word)]
        expect(page.locator(CLAIM_ITEMS)).to_have_count(len(both))
        expect(page).to_have_url(re.compile(rf"\?claimant={claimant}&text={word}$"))
        assert any(name.startswith("words-") for name in index_requests(seen))
        assert seen.errors == []


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_explorer_screenshots(browser: Browser, large_url: str, viewport: ViewportSize,
                              tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]):
    folder = artifacts_folder(tmp_path_factory.getbasetemp() / "artifacts")
    with new_page(browser, viewport) as page:
        open_page(page, large_url + EXPLORER + "?verdict=false")
        expect(page.locator(CLAIM_ITEMS)).to_have_count(50)
        if viewport == PHONE:
            first = page.locator(CLAIM_ITEMS).first.bounding_box()
            # The first claim on the first screen.
            assert first is not None and first["y"] + 40 <= PHONE["height"], first
        # The first screen, then the whole page down to "Show more" and the lists after it.
        for name, full in (("explorer-large", False), ("explorer-large-full", True)):
            shot = folder / f"{name}-{viewport['width']}x{viewport['height']}.png"
            page.screenshot(path=shot, full_page=full, animations="disabled")
            with capsys.disabled():
                print(f"\nscreenshot: {shot}")


# Hostile text, and the offline edition ----------------------------------------------------------

def test_a_hostile_claim_and_claimant_show_as_text_and_run_nothing(browser: Browser, hostile_site: Path):
    with serve(hostile_site) as base, new_page(browser) as page:
        seen = watch(page)
        open_page(page, base + EXPLORER)
        item = page.locator(CLAIM_ITEMS).filter(has=page.locator('a[href$="/claims/bridge-opened-in-1990/"]'))
        expect(item).to_have_count(1)
        expect(item.locator("a.fd-explorer__claim")).to_have_text(
            f"“Bridge {HOSTILE['json-ld']} {HOSTILE['img']}”".replace("'", "’"))
        expect(item.locator("a", has_text="Mayor")).to_have_text(f"Mayor {HOSTILE['img']}")
        # The filter's option names the claimant too.
        expect(page.locator('form [name="claimant"] option[value="mayor-ann-example"]')).to_have_text(
            f"Mayor {HOSTILE['img']} (1)")
        page.locator('form [name="claimant"]').select_option("mayor-ann-example")
        expect(page.locator(CLAIM_ITEMS)).to_have_count(1)
        assert page.locator("article img, article script, article svg[onload]").count() == 0
        assert page.evaluate("() => window.__pwned") is None
        assert seen.errors == []


def test_the_explorer_works_in_the_offline_edition_from_file(browser: Browser, tmp_path: Path):
    project = copy_project(tmp_path / "project")
    result = mkdocs_build(project, env={"OFFLINE": "true"})
    assert result.returncode == 0, result.output
    explorer = result.site / "claims" / "explorer.html"
    expected = claims_with("unproven", SOURCE)
    with new_page(browser) as page:
        seen = watch(page)
        page.goto(explorer.as_uri() + f"?verdict=unproven&source={SOURCE}")
        expect(page.locator(CLAIM_ITEMS)).to_have_count(len(expected))
        assert set(shown_claims(page)) == expected
        choose(page, "verdict", "")
        choose(page, "source", "")
        expect(page.locator(CLAIM_ITEMS)).to_have_count(ALL_CLAIMS)
        # Each item's links lead to the offline edition's files.
        links = page.locator(CLAIM_ITEMS).first.locator("a").evaluate_all("links => links.map(a => a.href)")
        assert all(link.startswith(result.site.as_uri()) and link.endswith(".html") for link in links), links
        page.locator(CLAIM_ITEMS).first.locator("a.fd-explorer__claim").click()
        expect(page.locator("article h1")).to_be_visible()
        assert page.url.endswith(".html") and "/claims/" in page.url
    assert seen.errors == []
    assert seen.outside(set(), allowed_schemes={"file", "data", "blob", "about"}) == []
