"""Search results that say what they are (issue 24, item 9), in both searches of factdesk.yml's
`search:`: a claim's result carries its verdict badge, every result names its kind (claim, source,
claimant, fact-checker, tag, verdict, story; "List" for index pages, "Page" for the rest), and the
index pages and the editors' guide are left out (see factdesk.site.search_index).

Real builds in Debian's Chromium, as in test_browser.py, whose fixtures these tests share."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from playwright.sync_api import Browser, Locator, Page, expect

from factdesk.data.loader import read_settings
from factdesk.data.model import Verdict, VerdictScale
from factdesk.site import search_index

from ..browser import DESKTOP, PHONE, artifacts_folder, new_page, serve, watch
from ..conftest import MINI, REPO, choose_search, copy_project, mkdocs_build
from .test_browser import browser, open_page, page, pagefind_url, search, search_url, site, site_url  # noqa: F401 (fixtures, which pytest finds in this module's namespace)

SCALE = read_settings(REPO, []).scale
# What the results call each kind of page, by the first folder of its address.
KINDS = {"claims": "Claim", "sources": "Source", "claimants": "Claimant", "people": "Fact-checker",
         "tags": "Tag", "verdicts": "Verdict", "stories": "Story"}
CONTENT = set(KINDS.values())
EDITORS = {"contributing"}
ITEMS = ".md-search-result__item"


def claim_verdicts(data: Path = REPO) -> dict[str, str]:
    """Each claim's slug and its verdict's key, from the claim files."""
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))["verdict"]
            for path in sorted((data / "claims").glob("*.yml"))}


def site_path(address: str) -> str:
    """A result's address below the site's, as a path in the site: `claims/<slug>`, `contributing`,
    `` (home); the offline edition's (`claims/<slug>.html`, `index.html`) as the served site's."""
    path = unquote(address.split("#")[0].split("?")[0])
    path = re.sub(r"(^|/)index\.html$", r"\1", path)
    return re.sub(r"\.html$", "", path).strip("/")


def expected_kind(path: str) -> str:
    parts = path.split("/") if path else []
    if len(parts) == 2 and parts[0] in KINDS and path != "claims/explorer":
        return KINDS[parts[0]]
    if len(parts) == 1 and parts[0] in KINDS:
        return "List"
    return "Page"


def result_paths(items: Locator, base: str) -> list[str]:
    """The path in the site of each result shown, `base` (the site's address) taken off."""
    hrefs = items.evaluate_all("items => items.map(item => item.querySelector('a').href)")
    paths = []
    for href in hrefs:
        assert href.startswith(base), (href, base)
        paths.append(site_path(href[len(base):]))
    return paths


def every_result(page: Page) -> Locator:
    """The results, all of them: both searches show the first ones and add more as the reader
    scrolls to the list's end (Material when its scroll area reaches the bottom again, Pagefind when
    its last result comes into view). Scrolls up, waits for the browser to have drawn that, and down
    again, until as many results are shown as the count says."""
    count = page.locator(".md-search-result__meta")
    total = int(re.search(r"\d+", count.inner_text()).group())  # type: ignore[union-attr]
    items = page.locator(ITEMS)
    scroll_area = page.locator(".md-search__scrollwrap").first
    while (shown := items.count()) < total:
        scroll_area.evaluate("""async area => {
            area.scrollTop = 0;
            await new Promise(drawn => requestAnimationFrame(() => requestAnimationFrame(drawn)));
            area.scrollTop = area.scrollHeight;
        }""")
        expect(items).not_to_have_count(shown)
    expect(items).to_have_count(total)
    return items


def expect_labelled(items: Locator, paths: list[str], verdicts: dict[str, str], scale: VerdictScale = SCALE) -> int:
    """Every result says its kind; every claim's carries the badge of its verdict, and the title
    goes on with the claim itself; no other result carries a badge. The number of claims seen."""
    claims = 0
    for index, path in enumerate(paths):
        item = items.nth(index)
        about = item.locator(":scope > a .fd-search-result__about").first
        kind = expected_kind(path)
        expect(about.locator(".fd-search-result__kind")).to_have_text(kind)
        if kind != "Claim":
            expect(item.locator(".fd-verdict")).to_have_count(0)
            continue
        verdict = scale.get(verdicts[path.split("/")[1]])
        assert verdict is not None
        badge = about.locator(".fd-verdict")
        expect(badge).to_have_class(re.compile(rf"(^|\s)fd-verdict--{re.escape(verdict.key)}(\s|$)"))
        expect(badge).to_have_text(verdict.label)
        title = item.locator(":scope > a :is(h1, .fd-search-result__title)").first
        expect(title).not_to_have_text(re.compile("^" + re.escape(verdict.label) + ":"))
        expect(title).to_contain_text("(fact-check)")
        claims += 1
    return claims


# Both searches, on the publication ----------------------------------------------------------------

def test_claim_results_carry_their_verdict_badge_and_every_result_its_kind(page: Page, search_url: str):
    seen = watch(page)
    open_page(page, search_url)
    search(page, "consul")
    items = every_result(page)
    paths = result_paths(items, search_url)
    assert expect_labelled(items, paths, claim_verdicts()) >= 10
    # Each kind the query reaches was labelled, not only claims.
    kinds = {expected_kind(path) for path in paths}
    assert {"Claim", "Source", "Claimant", "Fact-checker", "Tag", "Verdict", "Page"} <= kinds, paths
    assert seen.errors == []


@pytest.mark.parametrize("query", ["consul", "fact-check claim", "source"])
def test_index_pages_and_the_editors_guide_are_left_out(page: Page, search_url: str, query: str):
    """Index pages repeat the words of the pages they list; the editors' guide's headings ("2. Add the
    source") use the site's own words. In both searches they came before pages of content: the guide
    second of 41 results for "source" in Material's, above a source for "consul" in Pagefind's."""
    open_page(page, search_url)
    search(page, query)
    paths = result_paths(every_result(page), search_url)
    assert any(expected_kind(path) in CONTENT for path in paths), paths
    assert [path for path in paths if expected_kind(path) == "List" or path in EDITORS] == [], paths


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_labelled_results_screenshots(browser: Browser, search_url: str, viewport,
                                      tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]):
    """For a person to look at: the labels and badges on a phone and on a desktop, in both palettes."""
    folder = artifacts_folder(tmp_path_factory.getbasetemp() / "artifacts")
    for scheme in ("light", "dark"):
        with new_page(browser, viewport, color_scheme=scheme) as page:
            open_page(page, search_url)
            search(page, "consul")
            expect(page.locator(f"{ITEMS} .fd-verdict").first).to_be_visible()
            engine = "pagefind" if page.locator("#fd-search").count() else "lunr"
            shot = folder / f"labelled-{engine}-{scheme}-{viewport['width']}x{viewport['height']}.png"
            page.screenshot(path=shot, animations="disabled")
            assert shot.stat().st_size > 10_000
            with capsys.disabled():
                print(f"\nscreenshot: {shot}")


# The offline edition, opened from files -----------------------------------------------------------

def test_offline_edition_labels_its_results_from_files(browser: Browser, tmp_path: Path):
    """The offline edition (Material's offline plugin): pages as `.html` files, search from file://,
    where nothing could be fetched. The kinds and verdicts come from the page and the results."""
    project = copy_project(tmp_path / "project")
    result = mkdocs_build(project, tmp_path / "offline", env={"OFFLINE": "true"})
    assert result.returncode == 0, result.output
    with new_page(browser) as page:
        seen = watch(page)
        page.goto((result.site / "index.html").as_uri())
        search(page, "red-handed")
        items = page.locator(ITEMS)
        base = (result.site / "index.html").as_uri().removesuffix("index.html")
        paths = result_paths(items, base)
        assert "claims/fsb-caught-consul-red-handed" in paths, paths
        assert expect_labelled(items, paths, claim_verdicts()) >= 1
    assert seen.errors == []
    assert seen.outside(set(), allowed_schemes={"file", "data", "blob", "about"}) == []


# A verdict scale of the publication's own, with hostile labels -------------------------------------

PWN = "window.__pwned=true;"
HOSTILE_LABEL = f"<img src=x onerror={PWN}>Unproven"  # no quote or dash: the title sets those typographically


@pytest.fixture(scope="module", params=["lunr", "pagefind"])
def hostile_scale_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """The mini publication with a scale of its own, whose `unproven` is labelled with markup."""
    project = copy_project(tmp_path_factory.mktemp(f"scale-{request.param}") / "project", MINI)
    defaults = yaml.safe_load((Path(search_index.__file__).parents[1] / "data" / "default-settings.yml")
                              .read_text(encoding="utf-8"))["verdicts"]
    scale = [{**verdict, "label": HOSTILE_LABEL} if verdict["key"] == "unproven" else verdict for verdict in defaults]
    with (project / "factdesk.yml").open("a", encoding="utf-8") as settings:
        settings.write("\n" + yaml.safe_dump({"verdicts": scale}, allow_unicode=True, sort_keys=False))
    choose_search(project, request.param)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.output
    with serve(result.site) as url:
        yield url


def test_a_scale_of_the_publications_own_labels_the_results_as_text(browser: Browser, hostile_scale_url: str):
    with new_page(browser) as page:
        seen = watch(page)
        open_page(page, hostile_scale_url)
        search(page, "budget")
        items = page.locator(ITEMS)
        paths = result_paths(items, hostile_scale_url)
        assert "claims/budget-doubled" in paths, paths
        scale = VerdictScale(tuple(Verdict(v.key, HOSTILE_LABEL if v.key == "unproven" else v.label, v.meaning,
                                           v.colour, v.icon, v.rating) for v in SCALE.verdicts))
        assert expect_labelled(items, paths, claim_verdicts(MINI), scale) >= 1
        assert page.evaluate("window.__pwned") is None
        expect(page.locator(f"{ITEMS} img")).to_have_count(0)
    assert seen.errors == []


# What the build gives the results ----------------------------------------------------------------

def test_pagefind_reads_a_lower_search_boost_as_a_weight_and_the_page_title_as_the_results():
    lowered = search_index.indexed_content("<p>x</p>", {"boost": 0.1}, "Sources")
    assert lowered == ('<div data-pagefind-body data-pagefind-weight="0.1" data-pagefind-meta="title:Sources">'
                       "\n<p>x</p>\n</div>")
    # A higher boost has no counterpart (see indexed_content); a title is text, whatever it holds.
    raised = search_index.indexed_content("<p>x</p>", {"boost": 2}, 'False: &quot;x&quot; <b>&amp;</b> (fact-check)')
    assert raised.startswith('<div data-pagefind-body data-pagefind-meta="title:False: &quot;x&quot; '
                             '&lt;b&gt;&amp;&lt;/b&gt; (fact-check)">')
    assert search_index.indexed_content("<p>x</p>", {"boost": True}) == "<div data-pagefind-body>\n<p>x</p>\n</div>"
    assert search_index.indexed_content("<p>x</p>", {"exclude": True, "boost": 0.1}, "X") == "<p>x</p>"


def test_every_page_carries_the_verdict_scale_for_the_results(built_publication):
    meta = search_index.verdict_scale_meta(SCALE)
    assert meta.startswith(f'<meta name="{search_index.VERDICTS_META}" content="[[&quot;True&quot;, &quot;true&quot;]')
    for name in ("index.html", "contributing/index.html", "claims/fsb-caught-consul-red-handed/index.html"):
        assert meta in (built_publication.site / name).read_text(encoding="utf-8"), name
    hostile = VerdictScale((Verdict("x", HOSTILE_LABEL, "", "#000000", "", 1),))
    assert "<img" not in search_index.verdict_scale_meta(hostile).removeprefix("<meta")
