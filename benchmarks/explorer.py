"""What a reader's browser downloads and how long it waits before the claims explorer shows its first
results: `python benchmarks/explorer.py [--claims 10000] [--runs 3]`.

One synthetic publication, with this repository's site around it, is built once (with `search:
pagefind` by default, whose index nothing loads before the reader searches: Material's own search
fetches its whole index with every page, see search.py), and served on 127.0.0.1 by search.py's
server, which compresses text as static hosts do and counts what it sends. In Chromium, for each
run, in a fresh browser context (empty cache), a reader opens the explorer at an address: unfiltered,
filtered by a verdict, and filtered by a word of the claims', one named in many claims and one named
in few. Measured, from the navigation: the milliseconds until the first result is in the page and
until the first page of results is listed (the "Show more" button ready, or the view complete), and
the bytes sent for the requests that arrived until then. The addresses run interleaved, so that a
slow spell of the machine falls on all of them.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import synthetic  # the script's own folder is on sys.path when it is run as a script
from measure import Case
from playwright.sync_api import Browser, sync_playwright
from search import CHROMIUM, CHROMIUM_ARGS, DESKTOP, KB, _chromium_version, _commit, _SiteServer, serve, set_search
from site_build import ROOT, write_project

sys.path.insert(0, str(ROOT))
from tests.explorer_index import built_index  # noqa: E402 (after the path that finds it)

EXPLORER = "claims/explorer/"
INDEX = "/claims/explorer/data/"
TARGET_SECONDS = 1.0
TARGET_BYTES = 1_000_000
TARGET_PAGE_BYTES = 300_000  # the explorer's HTML page, as every page of the site
RESULT_TIMEOUT_MS = 120_000

# In the page from its start: when the first result is in the page and when the first page of them
# is listed (the explorer enables "Show more" once it is, hidden if the view is complete), in
# milliseconds from the navigation.
TIMING_SCRIPT = """
window.__bench = {first: null, page: null};
new MutationObserver(() => {
  const bench = window.__bench;
  if (bench.first === null && document.querySelector("ul.fd-explorer__results > li")) bench.first = performance.now();
  if (bench.page === null && document.querySelector("button.fd-explorer__more:not([disabled])")) {
    bench.page = performance.now();
    bench.listed = document.querySelectorAll("ul.fd-explorer__results > li").length;
  }
}).observe(document, {childList: true, subtree: true, attributes: true});
"""


@dataclass(frozen=True)
class Reading:
    first_ms: float
    page_ms: float
    listed: int
    first_bytes: int  # sent for the requests that arrived until the first result
    page_bytes: int  # ... until the first page was listed
    index_bytes: int  # of `page_bytes`, the explorer's index files
    uncompressed_bytes: int  # `page_bytes`' bodies before compression
    requests: int
    index_files: tuple[str, ...]


def measure(browser: Browser, url: str, server: _SiteServer) -> Reading:
    """One reader, in a fresh context, opening `url`."""
    context = browser.new_context(viewport=DESKTOP)  # type: ignore[arg-type]
    try:
        page = context.new_page()
        page.add_init_script(TIMING_SCRIPT)
        server.sent.clear()
        page.goto(url, wait_until="commit")
        page.wait_for_function("() => window.__bench.page !== null && window.__bench.first !== null",
                               timeout=RESULT_TIMEOUT_MS, polling=20)
        page.wait_for_timeout(300)  # the server logs a request once it has sent all of it
        timing = page.evaluate("() => ({...window.__bench, origin: performance.timeOrigin})")
    finally:
        context.close()
    sent = list(server.sent)
    first = [s for s in sent if s.arrived <= (timing["origin"] + timing["first"]) / 1000]
    listed = [s for s in sent if s.arrived <= (timing["origin"] + timing["page"]) / 1000]
    index = [s for s in listed if s.path.split("?")[0].startswith(INDEX)]
    return Reading(first_ms=timing["first"], page_ms=timing["page"], listed=timing["listed"],
                   first_bytes=sum(s.wire for s in first), page_bytes=sum(s.wire for s in listed),
                   index_bytes=sum(s.wire for s in index), uncompressed_bytes=sum(s.body for s in listed),
                   requests=len(listed), index_files=tuple(s.path.split("?")[0][len(INDEX):] for s in index))


# The addresses --------------------------------------------------------------------------------

@dataclass
class View:
    name: str
    query: str
    matching: int  # claims the view holds
    readings: list[Reading] = field(default_factory=list)

    def median(self, name: str) -> float:
        return statistics.median(float(getattr(reading, name)) for reading in self.readings)


def views(site: Path) -> list[View]:
    """The addresses measured: the explorer unfiltered, by its most common verdict, and by two words
    of the synthetic publication's names: the first name in the most claims, and the surname in the
    fewest (of the fixed ones: each in a few dozen claims at 10,000), which the explorer looks for
    in every chunk."""
    index = built_index(site)
    verdict = max(index.facets["verdict"], key=lambda entry: entry[1])
    # Found in a claim's words as the explorer finds them: anywhere in them.
    counts = {word: sum(word in claim.words for claim in index.claims)
              for word in (name.lower() for name in (*synthetic.FIRST, *synthetic.LAST))}
    common = max(counts, key=lambda word: (counts[word], word))
    rare = min((word for word in counts if counts[word]), key=lambda word: (counts[word], word))
    return [View("unfiltered", "", index.facets["claims"]),
            View(f"verdict `{verdict[0]}`", f"?verdict={verdict[0]}", verdict[1]),
            View(f"text `{common}` (a name in many claims)", f"?text={common}", counts[common]),
            View(f"text `{rare}` (a name in few claims)", f"?text={rare}", counts[rare])]


# The table ------------------------------------------------------------------------------------

COLUMNS = (("first result ms", "first_ms", 1), ("first result KB", "first_bytes", KB),
           ("page listed ms", "page_ms", 1), ("claims listed", "listed", 1), ("page listed KB", "page_bytes", KB),
           ("of which index KB", "index_bytes", KB), ("uncompressed KB", "uncompressed_bytes", KB),
           ("requests", "requests", 1))


def table(results: list[View]) -> list[str]:
    lines = ["| view | claims it holds | " + " | ".join(name for name, _, _ in COLUMNS) + " | index files read |",
             "|---|---:|" + "---:|" * len(COLUMNS) + "---|"]
    for view in results:
        files = view.readings[-1].index_files
        lines.append(f"| {view.name} | {view.matching:,} | "
                     + " | ".join(f"{view.median(attr) / unit:,.0f}" for _, attr, unit in COLUMNS)
                     + f" | {len(files)}: facets and {sum(f.startswith('claims-') for f in files)} claims, "
                       f"{sum(f.startswith('words-') for f in files)} words chunks |")
    return lines


def verdicts(results: list[View]) -> list[str]:
    lines = []
    for view in results:
        first, total = view.median("first_ms") / 1000, view.median("first_bytes")
        lines.append(f"{view.name}: first results {first:.2f} s after the navigation "
                     f"({'met' if first < TARGET_SECONDS else 'not met'}), {total / 1e6:.2f} MB transferred "
                     f"({'met' if total < TARGET_BYTES else 'not met'})")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time and bytes before the claims explorer's first results.")
    parser.add_argument("--claims", type=int, default=10_000, help="claims in the synthetic publication")
    parser.add_argument("--runs", type=int, default=3, help="readers per address; the table gives medians")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic publication")
    parser.add_argument("--search", choices=("pagefind", "lunr"), default="pagefind",
                        help="the site's search (lunr's index comes with every page, the explorer's too)")
    args = parser.parse_args(argv)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    os.environ["FACTDESK_URL"] = ""  # the synthetic publication's own url
    with tempfile.TemporaryDirectory(prefix="factdesk-explorer-bench-") as tmp:
        project, site = Path(tmp) / "publication", Path(tmp) / "site"
        print(f"writing {args.claims} synthetic claims into {project}", file=sys.stderr)
        write_project(project, args.claims, args.seed)
        set_search(project, args.search)
        built = Case("build", [str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "-q", "-d", str(site)],
                     cwd=project)
        built.run()
        page_bytes = (site / EXPLORER / "index.html").stat().st_size
        index_files = list((site / INDEX.strip("/")).iterdir())
        print(f"built: {built.seconds[-1]:.1f} s; the explorer's page {page_bytes / KB:,.0f} KB, its index "
              f"{len(index_files)} files, {sum(f.stat().st_size for f in index_files) / 1e6:.1f} MB", file=sys.stderr)
        results = views(site)
        with sync_playwright() as playwright, serve(site) as (base, server):
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            for view in results:  # unmeasured: the server compresses each file on its first request
                measure(browser, base + EXPLORER + view.query, server)
            for run in range(1, args.runs + 1):
                for view in results:
                    view.readings.append(measure(browser, base + EXPLORER + view.query, server))
                    last = view.readings[-1]
                    print(f"run {run}/{args.runs}: {view.name}: first result after {last.first_ms:.0f} ms, "
                          f"{last.first_bytes / KB:,.0f} KB; page of {last.listed} after {last.page_ms:.0f} ms, "
                          f"{last.page_bytes / KB:,.0f} KB", file=sys.stderr)
                    time.sleep(0.2)
            browser.close()
    for line in table(results):
        print(line)
    print()
    print(f"command: {shlex.join([sys.executable, *sys.argv])}")
    print(f"commit: {_commit()}")
    print(f"publication: {args.claims} claims (seed {args.seed}), search: {args.search}; "
          f"build {built.seconds[-1]:.0f} s, "
          f"peak {built.peak_mib:.0f} MiB; the explorer's page {page_bytes / KB:,.0f} KB "
          f"({'under' if page_bytes < TARGET_PAGE_BYTES else 'over'} 300 KB), its index {len(index_files)} files; "
          f"{args.runs} reader(s) per address, interleaved, after one unmeasured")
    print(f"machine: os.cpu_count() = {os.cpu_count()}, {platform.platform()}, Python {platform.python_version()}, "
          f"MkDocs {version('mkdocs')}, Material {version('mkdocs-material')}, Chromium {_chromium_version()}")
    print("bytes: as sent by the server (status line, headers, body; text gzip-compressed), for every request "
          "that arrived from the navigation until the first result (first result KB) or the first page listed")
    print("targets: first results < 1 s and < 1 MB transferred; " + "; ".join(verdicts(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
