"""The built site in a real browser: Debian's Chromium, driven by Playwright, reads the site as a
reader would, from a server on 127.0.0.1 (and the offline edition from file://)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, ViewportSize, expect

from ..browser import (
    AXE_OPTIONS,
    DESKTOP,
    PHONE,
    Watch,
    artifacts_folder,
    browser,  # noqa: F401 (a fixture, which pytest finds in this module's namespace)
    contrast_ratio,
    css_addresses,
    external_resources,
    is_external,
    new_page,
    serious_violations,
    serve,
    wait_until_still,
    watch,
)
from ..conftest import REPO, copy_project

RED_HANDED = "claims/fsb-caught-consul-red-handed/"
MOTOKI = "claims/consul-name-motoko-tatsunori/"
SOURCE = "islamabad-telegraph-2022-09-27"
EXPLORER = "claims/explorer/"

# One page of each kind.
PAGE_TYPES = {
    "home": "",
    "claims index": "claims/",
    "claim": RED_HANDED,
    "source": f"sources/{SOURCE}/",
    "verdict": "verdicts/unproven/",
    "tag": "tags/consul/",
    "methodology": "methodology/",
    "corrections": "corrections/",
    "open data": "open-data/",
    "explorer": EXPLORER,
    "claimant": "claimants/fsb/",
    "claimants": "claimants/",
    "person": "people/desk-editor/",
    "story": "stories/consul-expelled-from-vladivostok/",
    "stories": "stories/",
    "sources": "sources/",
    "editors' guide": "contributing/",
}
# Pages read down in one go: no navigation sidebar and no contents rail beside them.
WITHOUT_SIDEBARS = ("home", "claims index", "claim", "source", "verdict", "tag", "explorer", "claimant",
                    "claimants", "person", "story", "stories", "sources")


@pytest.fixture(scope="module")
def site(built_publication) -> Path:
    return built_publication.site


@pytest.fixture(scope="module")
def site_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def pagefind_url(pagefind_publication) -> Iterator[str]:
    with serve(pagefind_publication.site) as url:
        yield url


@pytest.fixture(params=["lunr", "pagefind"])
def search_url(request: pytest.FixtureRequest) -> str:
    """The publication's address, built with each search of factdesk.yml's `search:` in turn."""
    return str(request.getfixturevalue("site_url" if request.param == "lunr" else "pagefind_url"))


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    with new_page(browser) as page:
        yield page


def open_page(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, f"{url}: {response and response.status}"


def enter_query(page: Page, query: str) -> None:
    """Puts `query` into the focused search box as a reader pasting it with Ctrl+V does: the whole text
    in one input event, then a key released. Typed key by key, each prefix is searched too ("c",
    "co"...), and its results, answered late, can pass for the query's and then be replaced under the
    test. Pasted, there is one query: Material searches the box's text on a key released (or, if it
    was pasted first, once its index is loaded), Pagefind's box on input, after a pause."""
    page.keyboard.insert_text(query)
    page.keyboard.press("Control")


def search(page: Page, query: str) -> list[str]:
    """Enters `query` in the search box in Material's header, as a reader does, and returns the results'
    paths. Both searches show Material's result list: Material's own, and Pagefind's in its place."""
    header_button = page.locator('label.md-header__button[for="__search"]')
    box = page.get_by_role("textbox", name="Search", exact=True)
    if header_button.is_visible():  # a phone: the magnifier in the header opens the search
        header_button.click()
    else:
        box.click()
    expect(box).to_be_focused()  # on a phone, the search focuses its box once it opens
    enter_query(page, query)
    expect(page.locator(".md-search-result__meta")).to_have_text(re.compile(r"\d+ matching document"))
    links = page.locator(".md-search-result__item > a.md-search-result__link")
    return [urlsplit(href).path for href in links.evaluate_all("links => links.map(link => link.href)")]


# Search -------------------------------------------------------------------------------------------

def test_search_finds_the_red_handed_claim_and_opens_it(page: Page, search_url: str):
    seen = watch(page)
    open_page(page, search_url)
    results = search(page, "red-handed")
    assert f"/{RED_HANDED}" in results[:3], results
    page.locator(f'.md-search-result__item > a[href*="/{RED_HANDED}"]').first.click()
    page.wait_for_url(re.compile(re.escape(RED_HANDED)))
    expect(page.locator("article h1")).to_contain_text("red-handed")
    assert seen.errors == []
    assert seen.outside({"127.0.0.1"}) == []


def test_search_finds_the_consul_name_claim_on_a_phone(browser: Browser, search_url: str):
    with new_page(browser, PHONE) as page:
        seen = watch(page)
        open_page(page, search_url + "claims/")
        assert f"/{MOTOKI}" in search(page, "Motoki")[:3]
        page.locator(f'.md-search-result__item > a[href*="/{MOTOKI}"]').first.click()
        page.wait_for_url(re.compile(re.escape(MOTOKI)))
        expect(page.locator("article h1")).to_contain_text("Motoko Tatsunori")
    assert seen.errors == []
    assert seen.outside({"127.0.0.1"}) == []


def test_search_works_from_the_keyboard(page: Page, search_url: str):
    open_page(page, search_url + "methodology/")
    page.keyboard.press("/")  # Material's key for its search
    expect(page.get_by_role("textbox", name="Search", exact=True)).to_be_focused()
    # Typed key by key, a list shown for "red-han" could be replaced after the arrow key below had
    # focused its first result (seen on a loaded machine); pasted, the one list is the query's.
    enter_query(page, "red-handed")
    first = page.locator(".md-search-result__item > a.md-search-result__link").first
    expect(first).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(first).to_be_focused()
    address = str(first.evaluate("link => link.href"))
    page.keyboard.press("Enter")
    page.wait_for_url(address)
    # On the page it opened, Escape closes the search again.
    page.keyboard.press("/")
    page.keyboard.type("consul")
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#__search")).not_to_be_checked()  # Material's stylesheet closes the search


def test_pagefind_fetches_its_index_in_chunks_once_the_reader_searches(page: Page, pagefind_url: str):
    seen = watch(page)
    open_page(page, pagefind_url)
    page.wait_for_load_state("networkidle")
    assert [url for url in seen.requests if "/pagefind/" in url] == []  # a page loads nothing of the index
    # A claim's words find its page first: it is the page's h1, which Pagefind weighs 7 times.
    assert search(page, "caught the Japanese consul red-handed")[0] == f"/{RED_HANDED}"
    fetched = [urlsplit(url).path for url in seen.requests]
    assert not any(path.endswith("search_index.json") for path in fetched)  # Material's index
    assert any(path.endswith(".pf_index") for path in fetched), fetched
    assert any(path.endswith(".pf_fragment") for path in fetched), fetched
    assert seen.errors == []
    assert seen.outside({"127.0.0.1"}) == []


# Errors and requests ------------------------------------------------------------------------------

def visit_every_page_type(page: Page, site_url: str) -> dict[str, Watch]:
    """What each page type did while it loaded, until the network was quiet."""
    seen = {}
    for name, path in PAGE_TYPES.items():
        seen[name] = watch(page)
        open_page(page, site_url + path)
        page.wait_for_load_state("networkidle")
        page.remove_listener("console", seen[name].on_console)
        page.remove_listener("pageerror", seen[name].on_page_error)
        page.remove_listener("request", seen[name].on_request)
    return seen


def test_no_page_logs_a_console_error_or_page_error(page: Page, site_url: str):
    seen = visit_every_page_type(page, site_url)
    errors = [f"{name}: {error}" for name, watched in seen.items() for error in watched.errors]
    assert errors == [], "\n".join(errors)


def test_no_request_leaves_127_0_0_1(page: Page, site_url: str):
    seen = visit_every_page_type(page, site_url)
    assert all(watched.requests for watched in seen.values())
    outside = [f"{name}: {url}" for name, watched in seen.items() for url in watched.outside({"127.0.0.1"})]
    assert outside == [], "\n".join(outside)


def test_built_pages_reference_no_external_stylesheet_script_or_font(site: Path):
    found = [f"{page.relative_to(site)}: {address}" for page in sorted(site.rglob("*.html"))
             for address in external_resources(page.read_text(encoding="utf-8"))]
    found += [f"{css.relative_to(site)}: {address}" for css in sorted(site.rglob("*.css"))
              for address in css_addresses(css.read_text(encoding="utf-8")) if is_external(address)]
    # Each is fetched by every reader's browser. (Material fetches the sitemap.xml beside any
    # <link rel="alternate">, taking it for a translation of the site.)
    assert found == [], "\n".join(found)


def test_icons_and_emoji_are_inline_svg(site: Path):
    claim = (site / RED_HANDED / "index.html").read_text(encoding="utf-8")
    assert re.search(r'class="fd-verdict[^"]*"[^>]*>\s*(<span class="twemoji">)?\s*<svg', claim)
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert html.count('class="twemoji') == len(re.findall(r'class="twemoji[^"]*">\s*<svg', html)), page
        assert not re.search(r"<img[^>]+(twemoji|jsdelivr|emoji)", html), page


# Accessibility ----------------------------------------------------------------------------------

def expect_palette(page: Page, scheme: Literal["light", "dark"]) -> None:
    # Material follows the reader's system setting: its dark palette is "slate". A page opens with
    # the first palette, and Material's script puts the reader's in its place.
    palette = "slate" if scheme == "dark" else "default"
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", palette)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious_on_any_page_type(browser: Browser, site_url: str, scheme: Literal["light", "dark"]):
    axe = Axe()
    findings = []
    with new_page(browser, color_scheme=scheme) as page:
        for name, path in PAGE_TYPES.items():
            open_page(page, site_url + path)
            expect_palette(page, scheme)
            wait_until_still(page)  # e.g. the table of contents colours the link of the part in view
            findings += serious_violations(axe.run(page, options=AXE_OPTIONS).response, name, scheme)
    assert findings == [], "\n".join(findings)


def test_tab_reaches_skip_link_then_main_content(page: Page, site_url: str):
    for name, path in PAGE_TYPES.items():
        open_page(page, site_url + path)
        page.keyboard.press("Tab")
        skip = page.locator(":focus")
        expect(skip, name).to_have_text(re.compile("skip to content", re.IGNORECASE))
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.closest('main') !== null"), \
            f"{name}: Tab after the skip link leaves the main content"


def test_every_page_type_has_its_landmarks(page: Page, site_url: str):
    for name, path in PAGE_TYPES.items():
        open_page(page, site_url + path)
        for role in ("main", "navigation", "banner", "contentinfo"):  # main, nav, header, footer
            assert page.get_by_role(role).count() >= 1, f"{name} has no {role} landmark"
        assert page.get_by_role("main").count() == 1, name


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious_with_search_results_open(browser: Browser, search_url: str,
                                                             scheme: Literal["light", "dark"]):
    with new_page(browser, color_scheme=scheme) as page:
        open_page(page, search_url)
        expect_palette(page, scheme)
        assert search(page, "consul")
        # The results can come before the search has faded in: on the dark palette, axe measured
        # them below 4.5:1 at 96% opacity, though they are at 4.6:1 or more once it is done.
        wait_until_still(page)
        findings = serious_violations(Axe().run(page, options=AXE_OPTIONS).response, "search results", scheme)
    assert findings == [], "\n".join(findings)


# Screenshots, for a person to look at -----------------------------------------------------------

@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_screenshots(browser: Browser, site_url: str, viewport: ViewportSize,
                     tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]):
    folder = artifacts_folder(tmp_path_factory.getbasetemp() / "artifacts")
    with new_page(browser, viewport) as page:
        for name in ("home", "claim", "source", "claimant", "story", "explorer"):
            open_page(page, site_url + PAGE_TYPES[name])
            shot = folder / f"{name}-{viewport['width']}x{viewport['height']}.png"
            page.screenshot(path=shot, full_page=True, animations="disabled")  # no tabs caught mid-fade
            assert shot.stat().st_size > 10_000
            with capsys.disabled():
                print(f"\nscreenshot: {shot}")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_search_screenshots(browser: Browser, search_url: str, viewport: ViewportSize,
                            tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]):
    folder = artifacts_folder(tmp_path_factory.getbasetemp() / "artifacts")
    with new_page(browser, viewport) as page:
        open_page(page, search_url)
        search(page, "consul")
        engine = "pagefind" if page.locator("#fd-search").count() else "lunr"
        shot = folder / f"search-{engine}-{viewport['width']}x{viewport['height']}.png"
        page.screenshot(path=shot, animations="disabled")
        assert shot.stat().st_size > 10_000
        with capsys.disabled():
            print(f"\nscreenshot: {shot}")


# The claims explorer ----------------------------------------------------------------------------

def claims_with(verdict: str, source: str) -> set[str]:
    """Slugs of the claims with `verdict` that appeared in `source`, from the claim files."""
    found = set()
    for path in (REPO / "claims").glob("*.yml"):
        claim = yaml.safe_load(path.read_text(encoding="utf-8"))
        if str(claim["verdict"]).lower() == verdict and source in {a["source"] for a in claim["appearances"]}:
            found.add(path.stem)
    return found


CLAIM_ITEMS = "li[data-verdict]:visible"
ITEMS_DATA_AND_LINKS = """items => items.map(item => ({
    data: {...item.dataset}, links: [...item.querySelectorAll("a")].map(a => a.href)}))"""


def shown_claims(page: Page) -> dict[str, dict[str, str]]:
    """The explorer's visible list items, by the slug of the claim they link, with their data- attributes."""
    shown = {}
    for item in page.locator(CLAIM_ITEMS).evaluate_all(ITEMS_DATA_AND_LINKS):
        slugs = {m.group(1) for link in item["links"]
                 if (m := re.search(r"/claims/([a-z0-9-]+)(?:/|\.html)$", urlsplit(link).path))}
        assert len(slugs) == 1, item
        shown[slugs.pop()] = item["data"]
    return shown


def choose(page: Page, parameter: str, value: str) -> None:
    """Picks `value` in the explorer's control for the URL parameter `parameter`, as a reader does."""
    control = page.locator(f'form [name="{parameter}"]')
    if control.evaluate("element => element.tagName") == "SELECT":
        control.select_option(value)
    else:
        control.fill(value)
        control.press("Enter")


def test_explorer_filters_by_verdict_and_source_and_keeps_the_view_in_its_address(browser: Browser,
                                                                                 site_url: str):
    expected = claims_with("unproven", SOURCE)
    assert len(expected) >= 2
    with new_page(browser) as page:
        open_page(page, site_url + EXPLORER)
        expect(page.locator(CLAIM_ITEMS).first).to_be_visible()
        assert len(shown_claims(page)) == len(list((REPO / "claims").glob("*.yml")))  # unfiltered: every claim

        choose(page, "verdict", "unproven")
        choose(page, "source", SOURCE)
        expect(page.locator(CLAIM_ITEMS)).to_have_count(len(expected))
        shown = shown_claims(page)
        assert set(shown) == expected
        assert {data["verdict"] for data in shown.values()} == {"unproven"}
        # The view is written into the address, for a reader to bookmark or share.
        expect(page).to_have_url(re.compile(r"[?&]verdict=unproven(&|$)"))
        expect(page).to_have_url(re.compile(rf"[?&]source={SOURCE}(&|$)"))
        address = page.url

    # The same address, opened in a new browser context, shows the same view.
    with new_page(browser) as page:
        open_page(page, address)
        expect(page.locator(CLAIM_ITEMS)).to_have_count(len(expected))
        assert set(shown_claims(page)) == expected


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_claim_page_opens_with_the_claim_card_on_the_first_screen(browser: Browser, site_url: str, viewport):
    """The "Claim" label, our verdict (large) and the start of the finding, without scrolling, on
    every claim page, the longest claim included."""
    slugs = sorted(path.stem for path in (REPO / "claims").glob("*.yml"))
    with new_page(browser, viewport=viewport) as page:
        for slug in slugs:
            open_page(page, f"{site_url}claims/{slug}/")
            card = page.locator(".fd-card")
            label, verdict, finding = (card.locator(".fd-card__label").first, card.locator("a.fd-verdict--large"),
                                       card.locator(".fd-card__finding"))
            expect(label).to_have_text(re.compile(r"^claim$", re.I))
            expect(verdict).to_be_visible()
            boxes = [label.bounding_box(), verdict.bounding_box(), finding.bounding_box()]
            assert all(box is not None for box in boxes), slug
            label_box, verdict_box, finding_box = boxes
            assert label_box["y"] >= 0 and label_box["y"] + label_box["height"] <= viewport["height"], slug
            assert verdict_box["y"] + verdict_box["height"] <= viewport["height"], slug
            assert verdict_box["height"] >= 48, (slug, verdict_box)
            assert finding_box["y"] + 20 <= viewport["height"], slug  # at least its first line
            assert "fact-check" in page.title() and verdict.inner_text().strip() in page.title()


# The layout, for readers ---------------------------------------------------------------------

# Each table wider than the frame it scrolls in, with the background that draws the scroll cue.
_WIDE_TABLES = """() => Array.from(document.querySelectorAll("article table")).map(table => {
    const frame = table.closest(".md-typeset__scrollwrap");
    return {wide: table.scrollWidth > (frame || table.parentElement).clientWidth + 1,
            cue: frame ? getComputedStyle(frame).backgroundImage : "none"};
}).filter(table => table.wide)"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_no_page_is_wider_than_the_screen_and_wide_tables_show_they_scroll(browser: Browser, site_url: str,
                                                                           viewport: ViewportSize):
    with new_page(browser, viewport) as page:
        for name, path in PAGE_TYPES.items():
            open_page(page, site_url + path)
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= viewport["width"], (name, width)
            wide = page.evaluate(_WIDE_TABLES)
            for table in wide:
                assert table["cue"].count("gradient") >= 2, (name, table)
            if name == "editors' guide" and viewport == PHONE:
                assert wide, "the field reference's tables are wider than a phone: the cue is not tested"


def test_reading_pages_have_no_sidebars_and_no_manual_footer(browser: Browser, site_url: str):
    with new_page(browser, DESKTOP) as page:
        for name in WITHOUT_SIDEBARS:
            open_page(page, site_url + PAGE_TYPES[name])
            for sidebar in (".md-sidebar--primary", ".md-sidebar--secondary"):
                expect(page.locator(sidebar)).to_be_hidden()
            # The text is a column of reading width, not the width of the screen.
            box = page.locator("article").bounding_box()
            assert box is not None and box["width"] <= 900, (name, box)
        expect(page.locator(".md-footer__link")).to_have_count(0)  # no "Previous / Next" as in a manual
        open_page(page, site_url + PAGE_TYPES["methodology"])
        expect(page.locator(".md-sidebar--secondary")).to_be_visible()  # a long page keeps its contents
        # The editors' guide is not in the readers' navigation: the footer leads to it.
        expect(page.locator(".md-tabs a", has_text="Contributing")).to_have_count(0)
        footer = page.locator(".md-footer-meta a", has_text="how to contribute")
        expect(footer).to_have_attribute("href", "../contributing/")


def test_on_a_phone_the_menu_still_reaches_every_section(browser: Browser, site_url: str):
    """Hiding the sidebar on a page must not empty the phone's menu, which is the same element."""
    with new_page(browser, PHONE) as page:
        open_page(page, site_url + RED_HANDED)
        page.locator(".md-header label[for='__drawer']").click()
        menu = page.locator(".md-nav--primary")
        expect(menu.get_by_role("link", name="Stories")).to_be_visible()
        expect(menu.get_by_role("link", name="Sources")).to_be_visible()


def test_footer_links_are_underlined_and_large_enough_to_tap(browser: Browser, site_url: str):
    with new_page(browser, PHONE) as page:
        for name in ("home", "claim", "source", "story"):
            open_page(page, site_url + PAGE_TYPES[name])
            for link in page.locator(".md-footer-meta a").all():
                assert "underline" in link.evaluate("a => getComputedStyle(a).textDecorationLine"), name
                box = link.bounding_box()
                assert box is not None and box["height"] >= 24, (name, link.inner_text(), box)


_BADGES = """() => Array.from(document.querySelectorAll("a.fd-verdict"))
    .map(badge => getComputedStyle(badge).backgroundColor)"""


def _rgb(css: str) -> str:
    red, green, blue = (int(float(part)) for part in re.findall(r"[\d.]+", css)[:3])
    return f"#{red:02x}{green:02x}{blue:02x}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_verdict_badge_stands_out_from_the_page(browser: Browser, site_url: str,
                                                     scheme: Literal["light", "dark"]):
    """3:1 against the page around it (WCAG 1.4.11), and 4.5:1 for its white label."""
    with new_page(browser, color_scheme=scheme) as page:
        open_page(page, site_url + "verdicts/")
        expect_palette(page, scheme)
        background = _rgb(page.evaluate("() => getComputedStyle(document.body).backgroundColor"))
        badges = {_rgb(colour) for colour in page.evaluate(_BADGES)}
    assert len(badges) == 6
    for badge in badges:
        assert contrast_ratio(badge, background) >= 3, (scheme, badge, background)
        assert contrast_ratio("#ffffff", badge) >= 4.5, (scheme, badge)


def test_explorer_filters_by_claimant_and_by_kind_of_claimant(browser: Browser, site_url: str):
    records = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in (REPO / "claimants").glob("*.yml")}
    claims = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in (REPO / "claims").glob("*.yml")}
    government = {slug for slug, claim in claims.items()
                  if any(records[who]["kind"] == "government" for who in claim["claimants"])}
    by_asahi = {slug for slug, claim in claims.items() if "the-asahi-shimbun" in claim["claimants"]}
    assert len(government) >= 2 and len(by_asahi) >= 2
    with new_page(browser) as page:
        open_page(page, site_url + EXPLORER)
        kinds = page.locator('form [name="kind"] option')
        # The options are named as readers name them, with their counts; only kinds that have claims.
        expect(kinds).to_have_text(["All kinds", re.compile(r"^Person \(\d+\)$"), "Government body (2)",
                                    re.compile(r"^Media outlet \(\d+\)$"), re.compile(r"^Unattributed \(\d+\)$")])
        choose(page, "kind", "government")
        expect(page.locator(CLAIM_ITEMS)).to_have_count(len(government))
        assert set(shown_claims(page)) == government
        expect(page).to_have_url(re.compile(r"[?&]kind=government(&|$)"))
        choose(page, "kind", "")
        # A claim made by two outlets is listed under each.
        choose(page, "claimant", "the-asahi-shimbun")
        expect(page.locator(CLAIM_ITEMS)).to_have_count(len(by_asahi))
        assert set(shown_claims(page)) == by_asahi


# The offline edition ----------------------------------------------------------------------------

def test_offline_edition_searches_from_file_without_any_host(browser: Browser, tmp_path: Path):
    """`make offline` in a copy of the project; the zip, unpacked, opened from file://."""
    project = copy_project(tmp_path / "project")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "FACTDESK_URL": ""}
    done = subprocess.run(["make", "--no-print-directory", "-f", str(REPO / "Makefile"), "-C", str(project), "offline",
                           f"BIN={Path(sys.executable).parent}", "STAMP="],
                          capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    [archive] = (project / "build").glob("*-offline.zip")
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(tmp_path / "unpacked")
    [index] = (tmp_path / "unpacked").glob("*/index.html")

    claim = "/claims/fsb-caught-consul-red-handed.html"
    with new_page(browser) as page:
        seen = watch(page)
        page.goto(index.as_uri())
        results = search(page, "red-handed")
        assert any(path.endswith(claim) for path in results[:3]), results
        page.locator(f'.md-search-result__item > a[href*="{claim}"]').first.click()
        page.wait_for_url(re.compile(re.escape(claim)))
        expect(page.locator("article h1")).to_contain_text("red-handed")
    assert seen.outside(set(), allowed_schemes={"file", "data", "blob", "about"}) == []


# Hostile text in every field: nothing an editor types runs in a reader's browser ----------------

PWN = "window.__pwned=true;"
HOSTILE = {
    "script": f"<script>{PWN}alert(1)</script>",
    "img": f"<img src=x onerror={PWN}alert(2)>",
    "svg": f'"><svg onload={PWN}alert(3)>',
    "json-ld": f"</script><script>{PWN}alert(4)</script>",
    "link": f"javascript:{PWN}alert(5)",
}
HOSTILE_BODY = "\n\n".join([
    "The register says 1992.", HOSTILE["script"], HOSTILE["img"], HOSTILE["svg"], HOSTILE["json-ld"],
    f"[a link]({HOSTILE['link']}) <a href=\"{HOSTILE['link']}\">raw link</a> [spaced](java\tscript:{PWN}alert(6))",
    "![remote](https://evil.example/p.png) <iframe src=https://evil.example/></iframe>",
    f"[styled](https://ok.example/){{ onclick={PWN}alert(7) onmouseover={PWN}alert(8) }}",
    "[elsewhere](https://other.example/)",
])


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini publication with script in every text field a claim and a source have, built."""
    from ..conftest import MINI, mkdocs_build
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project", MINI)

    def edit(path: Path, **values: object) -> None:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data.update(values)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    claim = project / "claims" / "bridge-opened-in-1990.yml"
    evidence = yaml.safe_load(claim.read_text(encoding="utf-8"))["evidence"]
    edit(claim, claim=f"Bridge {HOSTILE['json-ld']} {HOSTILE['img']}", claim_reviewed=HOSTILE["json-ld"],
         summary=f"Summary {HOSTILE['svg']}", citing=HOSTILE["svg"],
         body=HOSTILE_BODY, evidence=[{**item, "note": HOSTILE["svg"]} for item in evidence],
         corrections=[{"date": "2024-02-03", "note": HOSTILE["script"]}])
    edit(project / "claimants" / "mayor-ann-example.yml", name=f"Mayor {HOSTILE['img']}",
         description=HOSTILE["script"], other_names=[HOSTILE["svg"]])
    edit(project / "people" / "test-desk.yml", name=f"Desk {HOSTILE['script']}", role=HOSTILE["img"],
         bio=HOSTILE["json-ld"])
    edit(project / "sources" / "city-records-2024.yml", title=f"Register {HOSTILE['script']}",
         publisher=f"Office {HOSTILE['img']}")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.output
    return result.site


def test_hostile_text_runs_nothing_and_fetches_nothing_on_any_page(browser: Browser, hostile_site: Path):
    from ..browser import page_addresses
    addresses = page_addresses(hostile_site)
    assert "claims/bridge-opened-in-1990/" in addresses and len(addresses) > 10
    problems = []
    with serve(hostile_site) as base, new_page(browser) as page:
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for address in addresses:
            seen = watch(page)
            dialogs.clear()
            open_page(page, base + address)
            page.wait_for_load_state("networkidle")
            page.mouse.move(10, 10)
            for link in page.locator("article a:visible").all()[:50]:  # onmouseover, had one survived
                link.hover(timeout=2000, force=True)
            if page.evaluate("() => window.__pwned === true"):
                problems.append(f"{address}: injected script ran (window.__pwned)")
            problems += [f"{address}: a dialog opened: {message}" for message in dialogs]
            problems += [f"{address}: request to another host: {url}" for url in seen.outside({"127.0.0.1"})]
            for event, handler in (("console", seen.on_console), ("pageerror", seen.on_page_error),
                                   ("request", seen.on_request)):
                page.remove_listener(event, handler)
        # The text is there, shown as the editor typed it.
        open_page(page, base + "claims/bridge-opened-in-1990/")
        expect(page.locator("article")).to_contain_text(HOSTILE["script"])
        expect(page.locator("article h1")).to_contain_text(HOSTILE["json-ld"])
        expect(page.locator('article a[href="https://other.example/"]')).to_have_attribute("rel", "nofollow noopener")
    assert problems == [], "\n".join(problems)
