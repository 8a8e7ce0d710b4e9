"""The `search:` setting: lunr (Material's search, the default) or Pagefind, what each build writes,
and a wrong value reported where it was written. The browser's side is in test_browser.py."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from factdesk.data.loader import read_publication, read_settings
from factdesk.site import search_index

from ..conftest import MINI, REPO, choose_search, copy_data, copy_project, mkdocs_build

CLAIM_PAGE = "claims/fsb-caught-consul-red-handed/index.html"
EXPLORER = "claims/explorer/index.html"


def test_a_wrong_search_is_placed_with_its_fix(tmp_path: Path):
    data = copy_data(tmp_path / "pub", MINI)
    (data / "factdesk.yml").write_text("name: Desk\nsearch: pagefnd\n", encoding="utf-8")
    publication, problems = read_publication(data)
    assert publication is None
    assert [(p.path, p.line, p.column, p.message, p.hint) for p in problems] == [
        ("factdesk.yml", 2, 9, "`pagefnd` is not a known `search`", "did you mean `pagefind`?")]
    (data / "factdesk.yml").write_text("search: elasticsearch\n", encoding="utf-8")
    assert [p.hint for p in read_publication(data)[1]] == ["use one of: lunr, pagefind"]


def test_a_wrong_search_fails_the_build_with_the_placed_problem(tmp_path: Path):
    project = choose_search(copy_project(tmp_path / "project", MINI), "google")
    result = mkdocs_build(project)
    assert result.returncode != 0
    line = (project / "factdesk.yml").read_text(encoding="utf-8").splitlines().index("search: google") + 1
    assert f"factdesk.yml:{line}:9: error: `google` is not a known `search`" in result.output
    assert "fix: use one of: lunr, pagefind" in result.output
    assert not (project / "site").exists()


def test_lunr_is_the_default_and_the_setting_is_read(tmp_path: Path):
    assert read_settings(tmp_path, []).search == "lunr"  # no factdesk.yml: the packaged default
    (tmp_path / "factdesk.yml").write_text("name: Desk\n", encoding="utf-8")
    assert read_settings(tmp_path, []).search == "lunr"
    (tmp_path / "factdesk.yml").write_text("name: Desk\nsearch: pagefind\n", encoding="utf-8")
    assert read_settings(tmp_path, []).search == "pagefind"
    assert read_settings(REPO, []).search == "lunr"  # this publication keeps Material's search


def test_pages_excluded_from_search_get_no_pagefind_body():
    assert search_index.indexed_content("<p>x</p>", None) == "<div data-pagefind-body>\n<p>x</p>\n</div>"
    assert search_index.indexed_content("<p>x</p>", {"boost": 2}).startswith("<div data-pagefind-body>")
    assert search_index.indexed_content("<p>x</p>", {"exclude": True}) == "<p>x</p>"


def test_the_lunr_build_has_material_search_and_no_pagefind(built_publication):
    site = built_publication.site
    assert (site / "search" / "search_index.json").stat().st_size > 10_000
    assert not (site / "pagefind").exists()
    assert "data-pagefind-body" not in (site / CLAIM_PAGE).read_text(encoding="utf-8")
    assert 'id="fd-search"' not in (site / "index.html").read_text(encoding="utf-8")


def test_the_pagefind_build_has_a_chunked_index_and_no_lunr_index(pagefind_publication):
    site = pagefind_publication.site
    assert not (site / "search").exists()  # Material's search_index.json is not written
    bundle = site / "pagefind"
    for name in ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "wasm.en.pagefind"):
        assert (bundle / name).is_file(), name
    assert list((bundle / "index").glob("*.pf_index"))
    pages = [page for page in site.rglob("*.html") if "data-pagefind-body" in page.read_text(encoding="utf-8")]
    assert len(list((bundle / "fragment").glob("*.pf_fragment"))) == len(pages) > 50  # one fragment a page
    assert site / CLAIM_PAGE in pages
    assert site / EXPLORER not in pages  # it repeats every claim, as Material's index leaves it out
    assert "Pagefind indexed" in pagefind_publication.output


def test_the_pagefind_site_has_its_search_box_and_not_materials(pagefind_publication):
    home = (pagefind_publication.site / "index.html").read_text(encoding="utf-8")
    assert '<template id="fd-search">' in home and "assets/javascripts/pagefind-search.js" in home
    # Material downloads its index when the page has a form named "search".
    assert 'name="search"' not in home and 'data-md-component="search"' not in home


def test_the_offline_edition_uses_lunr_whatever_the_setting(tmp_path: Path):
    project = choose_search(copy_project(tmp_path / "project", MINI), "pagefind")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "FACTDESK_URL": "", "OFFLINE": "true"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "offline")],
                          cwd=project, capture_output=True, text=True, env=env, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "offline" / "search" / "search_index.js").is_file()  # the offline plugin's lunr index
    assert not (tmp_path / "offline" / "pagefind").exists()


def _fetch_status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def test_the_preview_uses_lunr_whatever_the_setting(tmp_path: Path):
    """`mkdocs serve` rebuilds after every edit: Pagefind would index the whole site each time."""
    project = choose_search(copy_project(tmp_path / "project", MINI), "pagefind")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "FACTDESK_URL": ""})
    try:
        deadline = time.monotonic() + 120
        while _fetch_status(f"http://127.0.0.1:{port}/") != 200:
            assert server.poll() is None and time.monotonic() < deadline, "mkdocs serve did not start"
            time.sleep(0.2)
        assert _fetch_status(f"http://127.0.0.1:{port}/search/search_index.json") == 200
        assert _fetch_status(f"http://127.0.0.1:{port}/pagefind/pagefind.js") == 404
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.parametrize("leftover", ["fragment/en_old.pf_fragment", "index/en_old.pf_index"])
def test_indexing_again_leaves_no_chunk_of_an_earlier_index(pagefind_publication, tmp_path: Path, leftover: str):
    site = tmp_path / "site"
    shutil.copytree(pagefind_publication.site, site)
    (site / "pagefind" / leftover).write_bytes(b"old")
    summary = search_index.build_index(site)
    assert not (site / "pagefind" / leftover).exists()
    assert summary.pages == len(list((pagefind_publication.site / "pagefind" / "fragment").glob("*")))


def test_a_site_too_large_for_one_pagefind_run_is_indexed_in_bundles(pagefind_publication, tmp_path: Path):
    """Pagefind holds every page it reads in memory: a site estimated over the memory it may use is
    indexed in parts, one at a time, each a bundle that the search box merges into the first."""
    site = tmp_path / "site"
    shutil.copytree(pagefind_publication.site, site)
    pages = search_index.indexed_pages(site)
    assert CLAIM_PAGE in pages and EXPLORER not in pages  # the explorer is left out of the search
    summary = search_index.build_index(site, memory=search_index.estimated_memory(pages) // 3 + 1)
    assert summary.bundles == 3
    bundle = site / "pagefind"
    assert json.loads((bundle / search_index.MERGED_BUNDLES).read_text(encoding="utf-8")) == ["2/", "3/"]
    fragments = [len(list((bundle / folder / "fragment").glob("*.pf_fragment"))) for folder in (".", "2", "3")]
    # Every page in one bundle, and a third of them in each.
    assert sum(fragments) == summary.pages == len(pages)
    assert max(fragments) - min(fragments) <= 1
    for folder in ("2", "3"):
        assert (bundle / folder / "pagefind-entry.json").is_file()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]  # the parts' folders are gone


def test_a_site_within_the_memory_is_one_bundle(pagefind_publication):
    bundle = pagefind_publication.site / "pagefind"
    assert json.loads((bundle / search_index.MERGED_BUNDLES).read_text(encoding="utf-8")) == []
    assert not [path for path in bundle.iterdir() if path.is_dir() and path.name.isdigit()]


def test_a_site_with_nothing_to_index_is_an_error(tmp_path: Path):
    (tmp_path / "notes.txt").write_text("no page here")
    with pytest.raises(search_index.IndexingFailed, match="Pagefind could not index"):
        search_index.build_index(tmp_path)


def test_every_language_the_search_is_set_for_has_materials_script() -> None:
    import material

    scripts = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "lunr" / "min"
    assert all((scripts / f"lunr.{code}.min.js").is_file() for code in search_index.LUNR_LANGUAGES)
    assert (scripts.parent / "tinyseg.js").is_file()  # Japanese words cut with TinySegmenter


def test_the_search_follows_the_publication_and_its_sources_languages() -> None:
    assert search_index.lunr_languages(["en"], ["en", "ja", "ru", "zh", "pt-BR"]) == ["en", "ja", "pt", "ru"]
    assert search_index.lunr_languages(["ja"], ["en"]) == ["ja", "en"]
    assert search_index.lunr_languages(["zh"], []) == ["en"]  # no stemmer or segmenter for Chinese: as written
    assert search_index.separator_for(r"[\s\-]+", ["en", "ja"]) == "[\\s\\-\u3000、。，．]+"
    assert search_index.separator_for(r"[\s\-]+", ["en", "ru"]) == r"[\s\-]+"
