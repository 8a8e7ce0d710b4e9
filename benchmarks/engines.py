"""What an engine without hooks keeps of a factdesk site: `factdesk render`'s source built by MkDocs
alone, by ProperDocs and by Zensical, compared in files and in a browser.

    .venv/bin/python benchmarks/engines.py [--zensical /tmp/zensical/bin/zensical] [--root .]

Zensical is not a dependency of factdesk: install it into a virtual environment of its own
(`python3 -m venv /tmp/zensical && /tmp/zensical/bin/pip install zensical==0.0.73`; its 0.1
releases need `zensical-ui`, which some registries do not hold). Its Python must import factdesk's
sanitiser, so `src/` is put on its PYTHONPATH. Prints one table: pages, internal links, search,
ClaimReview, sanitising, the explorer and the offline edition, each measured on both sites.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

from playwright.sync_api import Browser, Page, sync_playwright
from site_build import ROOT

sys.path.insert(0, str(ROOT))
from factdesk.site import render  # noqa: E402
from tests.browser import launch, new_page, serve  # noqa: E402 (after the path that finds it)

# Invented for this benchmark: raw HTML and a script address in an editor's Markdown, which the
# sanitiser must show as text or drop. The page that holds it is the rendered copy's about page.
PROBE = """

<script>window.__pwned = 1</script>

<img src="x" onerror="window.__pwned = 2">

[a link](javascript:window.__pwned=3)
"""
PROBE_PAGE = "about.md"
RESULTS_COUNT = re.compile(r"(\d+) (?:matching documents?|results?)")
TIMEOUT_MS = 20_000


@dataclass(frozen=True)
class Site:
    engine: str
    folder: Path
    offline: Path


# Files --------------------------------------------------------------------------------------------

class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.claim_reviews: list[str] = []
        self.probe_ran = 0  # the sanitiser probe's script, event handler or address, left live
        self._in_json_ld = self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.hrefs.append(str(values["href"]))
        self.probe_ran += any(name.startswith("on") and "__pwned" in (value or "") for name, value in attrs)
        self.probe_ran += any((value or "").strip().lower().startswith("javascript:") for _, value in attrs)
        self._in_json_ld = tag == "script" and values.get("type") == "application/ld+json"
        self._in_script = tag == "script"

    def handle_data(self, data: str) -> None:
        if self._in_json_ld:
            self.claim_reviews.append(data)
        self.probe_ran += self._in_script and "__pwned" in data

    def handle_endtag(self, tag: str) -> None:
        self._in_json_ld = self._in_script = False


def html_pages(site: Path) -> dict[str, _Links]:
    pages = {}
    for path in sorted(site.rglob("*.html")):
        parser = _Links()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path.relative_to(site).as_posix()] = parser
    return pages


def broken_links(site: Path, pages: dict[str, _Links]) -> tuple[int, int]:
    """(internal links, of which lead to no file of the site)."""
    total = broken = 0
    for page, parsed in pages.items():
        for href in parsed.hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            total += 1
            folder = site if parts.path.startswith("/") else (site / page).parent  # 404.html's are absolute
            target = folder / unquote(parts.path).lstrip("/")
            if not (target.is_file() or (target / "index.html").is_file()):
                broken += 1
    return total, broken


def search_entries(site: Path) -> int:
    for index in (site / "search" / "search_index.json", site / "search.json"):
        if index.is_file():
            data = json.loads(index.read_text(encoding="utf-8"))
            return len(data.get("docs") or data.get("items") or [])
    return 0


# In a browser -------------------------------------------------------------------------------------

def search_results(page: Page, base: str, query: str) -> int:
    """How many results the site's search box gives for `query`: Material's count "N matching
    documents", Zensical's "N results"."""
    page.goto(base + ("about/" if base.startswith("http") else ""))
    page.wait_for_load_state("load")
    button = page.locator("button.md-search__button")  # Zensical's search opens from a button
    if button.count():
        button.click()
    else:
        page.keyboard.press("/")
    page.keyboard.type(query)
    count = page.get_by_text(RESULTS_COUNT).first
    try:
        count.wait_for(timeout=TIMEOUT_MS)
    except Exception:  # noqa: BLE001 (no count, no result: what is measured)
        return 0
    found = RESULTS_COUNT.search(count.inner_text())
    return int(found.group(1)) if found else 0


def explorer_rows(page: Page, base: str) -> int:
    page.goto(base + "claims/explorer/")
    try:
        page.locator("#fd-explorer").filter(has_text=re.compile(r"\d+ of \d+ claims")).wait_for(timeout=TIMEOUT_MS)
    except Exception:  # noqa: BLE001
        return 0
    return int(page.locator("#fd-explorer").inner_text().split(" of ")[0])


def pwned(page: Page, base: str) -> bool:
    page.goto(base + "about/")
    page.wait_for_load_state("load")
    return page.evaluate("() => window.__pwned") is not None


def offline_works(page: Page, offline: Path, query: str) -> str:
    """Whether the offline build reads from file://: the claims index opens, a claim page from it,
    and the search finds something."""
    index = offline / "claims" / "index.html"
    if not index.is_file():
        return "no claims/index.html"
    page.goto(index.as_uri())
    link = page.locator("a[href$='.html'][href^='../claims/'], a[href$='.html']:not([href*='index'])").first
    if link.count() == 0:
        return "claims index links no page file"
    link.click()
    page.wait_for_load_state("load")
    if not page.url.startswith("file://") or not Path(unquote(urlsplit(page.url).path)).is_file():
        return f"a claim link leads to {page.url}"
    return f"pages open from file://; search finds {search_results(page, index.as_uri(), query)}"


# Building -----------------------------------------------------------------------------------------

def build(command: list[str], source: Path, offline: bool) -> Path:
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "OFFLINE": "true" if offline else "false",
                   "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(command, cwd=source, env=environment, capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    return source / "site"


def built(engine: str, command: list[str], source: Path, into: Path) -> Site:
    sites = []
    for offline in (False, True):
        folder = build(command, source, offline)
        sites.append(folder.rename(into / f"{engine}{'-offline' if offline else ''}"))
    return Site(engine, *sites)


@contextmanager
def rendered(root: Path) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="factdesk-engines-") as tmp:
        source = Path(tmp) / "source"
        render.render(root, source)
        page = source / "docs" / PROBE_PAGE
        page.write_text(page.read_text(encoding="utf-8") + PROBE, encoding="utf-8")
        yield source


def measure(browser: Browser, site: Site, query: str) -> dict[str, str]:
    pages = html_pages(site.folder)
    links, broken = broken_links(site.folder, pages)
    reviews = [text for parsed in pages.values() for text in parsed.claim_reviews if '"ClaimReview"' in text]
    live = pages["about/index.html"].probe_ran
    with serve(site.folder) as base, new_page(browser) as page:
        found, rows, ran = search_results(page, base, query), explorer_rows(page, base), pwned(page, base)
    with new_page(browser) as page:
        offline = offline_works(page, site.offline, query)
    return {
        "pages (HTML files)": f"{len(pages)}",
        "internal links, broken": f"{links}, {broken} broken",
        "search index entries": f"{search_entries(site.folder)}",
        "search in the browser": f"{found} results for “{query}”",
        "pages with ClaimReview JSON-LD": f"{len(reviews)}",
        "sanitising (hostile probe in about.md)": f"{3 - live} of 3 made harmless; ran in the browser: {'yes' if ran else 'no'}",
        "explorer in the browser": f"{rows} claims listed",
        "offline edition (OFFLINE=true)": offline,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--zensical", type=Path, help="the zensical command of its own venv (else left out)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the publication (default: this repository's)")
    parser.add_argument("--query", default="consul", help="what to search for (default: consul)")
    args = parser.parse_args(argv)
    engines: dict[str, list[str]] = {
        f"MkDocs {metadata.version('mkdocs')}": [sys.executable, "-m", "mkdocs", "build", "--strict"],
        f"ProperDocs {metadata.version('properdocs')}": [sys.executable, "-m", "properdocs", "build", "--strict"],
    }
    if args.zensical:
        version = subprocess.run([str(args.zensical), "--version"], capture_output=True, text=True, check=True)
        engines[f"Zensical {version.stdout.strip()}"] = [str(args.zensical), "build", "--strict"]
    with rendered(args.root) as source, sync_playwright() as playwright:
        browser = launch(playwright)
        results = {engine: measure(browser, built(engine.split()[0].lower(), command, source, source.parent), args.query)
                   for engine, command in engines.items()}
        browser.close()
    rows: list[str] = list(next(iter(results.values())))
    names = list(results)
    print(f"| what | {' | '.join(names)} |\n|---|{'---|' * len(names)}")
    for row in rows:
        print(f"| {row} | {' | '.join(results[name][row] for name in names)} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
