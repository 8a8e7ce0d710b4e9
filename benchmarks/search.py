"""What a reader's browser downloads and computes before the first search result, with Material's
search (lunr) and with Pagefind: `python benchmarks/search.py [--claims 10000] [--runs 3]`.

One synthetic publication, with this repository's site around it, is built twice, with `search: lunr`
and with `search: pagefind` in its factdesk.yml, each in a copy of its own, so that both builds draw
the share images (a later build of a project takes them from its cache); each build is timed. Each site is then served on
127.0.0.1 by a server of this script, which compresses text as static hosts do (GitHub Pages
included) and counts what it sends. In Chromium, for each run, in a fresh browser context (empty
cache), a reader opens the home page, waits for it to load, clicks the search box and types a query
that matches one synthetic claim. Measured, until the first result is shown: the bytes sent for the
requests that arrived before the click (page load) and after it (search), and the milliseconds from
the first keystroke to the first result in the page. The modes run interleaved, so that a slow spell
of the machine falls on both.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any, BinaryIO

import synthetic  # the script's own folder is on sys.path when it is run as a script
import yaml
from measure import Case
from playwright.sync_api import Browser, Page, sync_playwright
from site_build import ROOT, write_project

MODES = {"lunr": "lunr (Material's search)", "pagefind": "pagefind"}
CHROMIUM = os.environ.get("FACTDESK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
DESKTOP = {"width": 1280, "height": 800}
TARGET_SECONDS = 1.0
TARGET_BYTES = 1_000_000
RESULT_TIMEOUT_MS = 900_000  # Material's search at 10,000 claims builds its index in the browser first
# What static hosts compress. Pagefind's index files are compressed already (application/octet-stream).
COMPRESSED_TYPES = re.compile(r"^(text/|application/(javascript|json|xml)|image/svg\+xml)")
KB = 1000


# The server: the built site on 127.0.0.1, and what it sent ----------------------------------------

@dataclass(frozen=True)
class Sent:
    arrived: float  # time.time() when the request was read
    path: str
    wire: int  # status line, headers and body, as sent (compressed where the body was)
    body: int  # the body before compression


class _CountingWriter:
    """The connection's writer, counting bytes on their way out."""

    def __init__(self, raw: BinaryIO):
        self.raw, self.count = raw, 0

    def write(self, data: bytes) -> int:
        self.count += len(data)
        return self.raw.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


class _SiteServer(http.server.ThreadingHTTPServer):
    def __init__(self, folder: Path):
        super().__init__(("127.0.0.1", 0), functools.partial(_Handler, directory=str(folder)))
        self.sent: list[Sent] = []
        self._gzipped: dict[Path, bytes] = {}
        self._lock = threading.Lock()

    def gzipped(self, path: Path) -> bytes:
        """A file compressed once, then from memory, as hosts serve compressed copies they keep."""
        with self._lock:
            if path not in self._gzipped:
                self._gzipped[path] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
            return self._gzipped[path]


class _Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # connections kept open, as browsers and hosts do
    server: _SiteServer

    def setup(self) -> None:
        super().setup()
        self.wfile = _CountingWriter(self.wfile)  # type: ignore[assignment]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def handle_one_request(self) -> None:
        counter: _CountingWriter = self.wfile  # type: ignore[assignment]
        counter.count, self._body, self._arrived = 0, 0, 0.0
        super().handle_one_request()
        if counter.count:
            self.server.sent.append(Sent(self._arrived, self.path, counter.count, self._body))

    def parse_request(self) -> bool:
        self._arrived = time.time()
        return super().parse_request()

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        content_type = self.guess_type(str(path))
        if not (path.is_file() and COMPRESSED_TYPES.match(content_type)
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            self._body = path.stat().st_size if path.is_file() else 0
            super().do_GET()
            return
        body = self.server.gzipped(path)
        self._body = path.stat().st_size
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve(folder: Path) -> Iterator[tuple[str, _SiteServer]]:
    server = _SiteServer(folder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# One reader's search ------------------------------------------------------------------------

# In the page from its start: the wall-clock times of the first and last keystrokes and of the first result.
TIMING_SCRIPT = """
window.__bench = {keystroke: null, last: null, result: null};
document.addEventListener("keydown", (event) => {
  const now = performance.timeOrigin + event.timeStamp;
  window.__bench.keystroke = window.__bench.keystroke ?? now;
  window.__bench.last = now;
}, true);
new MutationObserver(() => {
  if (window.__bench.result === null && document.querySelector(".md-search-result__item")) {
    window.__bench.result = performance.timeOrigin + performance.now();
  }
}).observe(document, {childList: true, subtree: true});
"""


@dataclass(frozen=True)
class SearchRun:
    page_load_bytes: int
    search_bytes: int
    uncompressed_bytes: int
    requests: int
    first_result_ms: float
    typing_ms: float  # from the first keystroke to the last: Playwright types fast, but not at once
    found: bool  # the claim the query was made from is among the results shown
    paths: tuple[str, ...] = ()

    @property
    def total_bytes(self) -> int:
        return self.page_load_bytes + self.search_bytes

    @property
    def wait_ms(self) -> float:
        """What the reader waits once they have typed: negative when results came while typing."""
        return self.first_result_ms - self.typing_ms


def measure_search(browser: Browser, url: str, server: _SiteServer, query: str, expected: str) -> SearchRun:
    """One reader, in a fresh context: home page, click into the search, type `query`, first result.

    `expected` is the path of the page the query should find (e.g. `claims/<slug>/`)."""
    context = browser.new_context(viewport=DESKTOP)  # type: ignore[arg-type]
    try:
        page = context.new_page()
        page.add_init_script(TIMING_SCRIPT)
        server.sent.clear()
        page.goto(url, wait_until="load")
        clicked = time.time()
        page.get_by_role("textbox", name="Search").click()
        page.keyboard.type(query)
        page.wait_for_function("() => window.__bench.result !== null", timeout=RESULT_TIMEOUT_MS, polling=20)
        found = _shows(page, expected)
        page.wait_for_timeout(300)  # the server logs a request once it has sent all of it
        timing = page.evaluate("() => window.__bench")
    finally:
        context.close()
    until = timing["result"] / 1000
    shown = [sent for sent in list(server.sent) if sent.arrived <= until]
    return SearchRun(page_load_bytes=sum(s.wire for s in shown if s.arrived < clicked),
                     search_bytes=sum(s.wire for s in shown if s.arrived >= clicked),
                     uncompressed_bytes=sum(s.body for s in shown), requests=len(shown),
                     first_result_ms=timing["result"] - timing["keystroke"],
                     typing_ms=timing["last"] - timing["keystroke"], found=found,
                     paths=tuple(s.path for s in shown))


def _shows(page: Page, expected: str) -> bool:
    """Whether the results come to list `expected` (Material lists them as the index answers)."""
    try:
        page.wait_for_function("path => [...document.querySelectorAll('.md-search-result__list a')]"
                               ".some(link => new URL(link.href).pathname.endsWith('/' + path))",
                               arg=expected, timeout=30_000, polling=50)
        return True
    except Exception:  # noqa: BLE001 (Playwright's TimeoutError: not listed)
        return False


# The publication, its query and its builds ---------------------------------------------------

def query_for(project: Path) -> tuple[str, str]:
    """A query a reader might type for one claim, and that claim's page: the person the claim's text
    begins with and the first place it names (`Anna Brandt Brindle Cross`), for the first claim (by
    file name) whose text is the only one to name both, so that its page should come first."""
    texts = {path: yaml.safe_load(path.read_text(encoding="utf-8"))["claim"]
             for path in sorted((project / "claims").glob("*.yml"))}
    all_places = synthetic.vocabulary(len(texts))[1]
    for path, text in texts.items():
        places = [place for place in all_places if place in text]
        if not places:
            continue
        person, place = " ".join(text.split()[:2]), min(places, key=text.index)
        if sum(person in other and place in other for other in texts.values()) == 1:
            return f"{person} {place}", f"claims/{path.stem}/"
    raise ValueError(f"no claim in {project} names a person and a place that no other claim names")


def set_search(project: Path, mode: str) -> None:
    settings = project / "factdesk.yml"
    text = re.sub(r"(?m)^search:.*\n", "", settings.read_text(encoding="utf-8"))
    settings.write_text(text.rstrip("\n") + f"\nsearch: {mode}\n", encoding="utf-8")


def index_bytes(site: Path, mode: str) -> int:
    if mode == "lunr":
        return (site / "search" / "search_index.json").stat().st_size
    return sum(f.stat().st_size for f in (site / "pagefind").rglob("*") if f.is_file())


def build(publication: Path, site: Path, mode: str) -> Case:
    project = publication.with_name(f"{publication.name}-{mode}")
    shutil.copytree(publication, project)
    set_search(project, mode)
    case = Case(f"build ({mode})", [str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "-q",
                                     "-d", str(site)], cwd=project)
    case.run()
    return case


# The table ----------------------------------------------------------------------------------

@dataclass
class ModeResult:
    mode: str
    build: Case
    index: int
    runs: list[SearchRun] = field(default_factory=list)

    def median(self, name: str) -> float:
        return statistics.median(float(getattr(run, name)) for run in self.runs)


COLUMNS = (("page load KB", "page_load_bytes", KB), ("search KB", "search_bytes", KB), ("total KB", "total_bytes", KB),
           ("total uncompressed KB", "uncompressed_bytes", KB), ("requests", "requests", 1),
           ("typing ms", "typing_ms", 1), ("first keystroke to first result ms", "first_result_ms", 1),
           ("last keystroke to first result ms", "wait_ms", 1))


def table(results: list[ModeResult]) -> list[str]:
    lines = ["| search | build s | build peak MiB | index on disk MB | "
             + " | ".join(name for name, _, _ in COLUMNS) + " | found |",
             "|---|" + "---:|" * (4 + len(COLUMNS))]
    for result in results:
        found = sum(run.found for run in result.runs)
        lines.append(f"| {MODES[result.mode]} | {result.build.median:.1f} | {result.build.peak_mib:.0f} | "
                     f"{result.index / 1e6:.1f} | "
                     + " | ".join(f"{result.median(attr) / unit:,.0f}" for _, attr, unit in COLUMNS)
                     + f" | {found}/{len(result.runs)} |")
    if len(results) == 2:
        lunr, pagefind = results
        ratios = [f"{pagefind.median(attr) / lunr.median(attr):.3f}" if lunr.median(attr) else "–"
                  for _, attr, _ in COLUMNS]
        lines.append(f"| ratio pagefind / lunr | {pagefind.build.median / lunr.build.median:.2f} | "
                     f"{pagefind.build.peak_mib / lunr.build.peak_mib:.2f} | {pagefind.index / lunr.index:.3f} | "
                     + " | ".join(ratios) + " | |")
    return lines


def verdicts(results: list[ModeResult]) -> list[str]:
    lines = []
    for result in results:
        first, wait = result.median("first_result_ms") / 1000, result.median("wait_ms") / 1000
        total = result.median("total_bytes")
        lines.append(f"{MODES[result.mode]}: first result {first:.2f} s after the first keystroke "
                     f"({'met' if first < TARGET_SECONDS else 'not met'}), {wait:.2f} s after the last "
                     f"({'met' if wait < TARGET_SECONDS else 'not met'}); {total / 1e6:.2f} MB transferred "
                     f"({'met' if total < TARGET_BYTES else 'not met'})")
    return lines


def _commit() -> str:
    done = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True, text=True,
                          check=False)
    return done.stdout.strip() or "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Bytes and time before the first search result, lunr and Pagefind.")
    parser.add_argument("--claims", type=int, default=10_000, help="claims in the synthetic publication")
    parser.add_argument("--runs", type=int, default=3, help="readers per search; the table gives medians")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic publication")
    parser.add_argument("--modes", nargs="+", choices=list(MODES), default=list(MODES), help="searches to measure")
    args = parser.parse_args(argv)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    os.environ["FACTDESK_URL"] = ""  # the synthetic publication's own url
    with tempfile.TemporaryDirectory(prefix="factdesk-search-bench-") as tmp:
        project = Path(tmp) / "publication"
        print(f"writing {args.claims} synthetic claims into {project}", file=sys.stderr)
        write_project(project, args.claims, args.seed)
        query, expected = query_for(project)
        results = []
        for mode in args.modes:
            site = Path(tmp) / f"site-{mode}"
            built = build(project, site, mode)
            results.append(ModeResult(mode, built, index_bytes(site, mode)))
            print(f"built with {mode}: {built.seconds[-1]:.1f} s, index {results[-1].index / 1e6:.1f} MB",
                  file=sys.stderr)
        with sync_playwright() as playwright, _served(Path(tmp), args.modes) as servers:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            for result in results:  # unmeasured: the server compresses each file on its first request
                measure_search(browser, *servers[result.mode], query, expected)
            for run in range(1, args.runs + 1):
                for result in results:
                    result.runs.append(measure_search(browser, *servers[result.mode], query, expected))
                    last = result.runs[-1]
                    print(f"run {run}/{args.runs}: {result.mode}: first result after {last.first_result_ms:.0f} ms, "
                          f"{last.page_load_bytes / KB:,.0f} KB + {last.search_bytes / KB:,.0f} KB, "
                          f"{'found' if last.found else 'NOT found'}", file=sys.stderr)
            browser.close()
    for line in table(results):
        print(line)
    print()
    print(f"command: {shlex.join([sys.executable, *sys.argv])}")
    print(f"commit: {_commit()}")
    print(f"publication: {args.claims} claims, {max(1, args.claims // 5)} sources (seed {args.seed}); "
          f"query `{query}`, made from {expected}; {args.runs} run(s) of each, interleaved, after one unmeasured")
    print(f"machine: os.cpu_count() = {os.cpu_count()}, {platform.platform()}, Python {platform.python_version()}, "
          f"MkDocs {version('mkdocs')}, Material {version('mkdocs-material')}, Pagefind {version('pagefind')}, "
          f"Chromium {_chromium_version()}")
    print("bytes: as sent by the server (status line, headers, body; text gzip-compressed), for requests "
          "that arrived before the first result; page load = before the click into the search box")
    print("targets: first result < 1 s and < 1 MB transferred; " + "; ".join(verdicts(results)))
    return 0


@contextmanager
def _served(folder: Path, modes: list[str]) -> Iterator[dict[str, tuple[str, _SiteServer]]]:
    with serve(folder / f"site-{modes[0]}") as first:
        if len(modes) == 1:
            yield {modes[0]: first}
            return
        with serve(folder / f"site-{modes[1]}") as second:
            yield {modes[0]: first, modes[1]: second}


def _chromium_version() -> str:
    done = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip().removeprefix("Chromium ") or "unknown"


if __name__ == "__main__":
    sys.exit(main())
