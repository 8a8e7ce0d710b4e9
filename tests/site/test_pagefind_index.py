"""What Pagefind indexes, and a site too large for one Pagefind run (factdesk.site.search_index): indexed
in bundles, which the search box searches as one. The publication indexed again in three bundles, and
served below a path (`/desk/`, as a GitHub Pages project site is), against its build in one bundle.

Real builds in Debian's Chromium, as in test_browser.py, whose fixtures these tests share."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from factdesk.site import search_index

from ..browser import serve, watch
from .test_browser import RED_HANDED, browser, open_page, page, pagefind_url, search  # noqa: F401 (fixtures, which pytest finds in this module's namespace)
from .test_search_results import every_result, result_paths


@pytest.fixture(scope="module")
def bundled_url(pagefind_publication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("bundled")
    site = root / "desk"
    shutil.copytree(pagefind_publication.site, site)
    pages = search_index.indexed_pages(site)
    assert search_index.build_index(site, memory=search_index.estimated_memory(pages) // 3 + 1).bundles == 3
    with serve(root) as url:
        yield url + "desk/"


@pytest.mark.parametrize("query", ["consul", "source", "caught the Japanese consul red-handed"])
def test_three_bundles_find_what_one_finds(page: Page, pagefind_url: str, bundled_url: str, query: str):
    found = {}
    for url in (pagefind_url, bundled_url):
        open_page(page, url)
        search(page, query)
        found[url] = result_paths(every_result(page), url)
    assert found[pagefind_url], query
    assert sorted(found[bundled_url]) == sorted(found[pagefind_url])


def test_three_bundles_rank_a_claim_first_for_its_words_and_open_it(page: Page, bundled_url: str):
    seen = watch(page)
    open_page(page, bundled_url)
    assert search(page, "caught the Japanese consul red-handed")[0] == f"/desk/{RED_HANDED}"
    fetched = [urlsplit(url).path for url in seen.requests]
    for bundle in ("/desk/pagefind/", "/desk/pagefind/2/", "/desk/pagefind/3/"):
        assert [path for path in fetched if path.startswith(bundle) and path.endswith(".pf_index")], (bundle, fetched)
    page.locator(".md-search-result__item > a").first.click()
    page.wait_for_url(re.compile(re.escape(f"/desk/{RED_HANDED}") + "$"))
    assert seen.errors == []
    assert seen.outside({"127.0.0.1"}) == []


def test_the_share_links_of_claims_are_not_searched(page: Page, pagefind_url: str):
    """Every claim page has "Share on Bluesky (opens in a new tab)": the theme's words, not the page's,
    which Material's search leaves out too."""
    open_page(page, pagefind_url)
    page.get_by_role("textbox", name="Search", exact=True).click()
    page.keyboard.insert_text("Bluesky")
    expect(page.locator(".md-search-result__meta")).to_have_text("No matching documents")
    expect(page.locator(".md-search-result__item")).to_have_count(0)
