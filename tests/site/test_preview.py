"""The preview (`mkdocs serve --dirty`, `make serve`) while a save has broken the publication: every
page it serves carries the problems, open pages reload onto them and off them, and the terminal
prints them at every failed rebuild."""

from __future__ import annotations

import io
import json
import os
import re
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from playwright.sync_api import sync_playwright

from factdesk.data.problems import Problem
from factdesk.site.preview import OVERLAY_ID, Failure, overlay, showing_failures

from ..browser import DESKTOP, PHONE, artifacts_folder, contrast_ratio, launch, new_page
from ..conftest import MINI, copy_project
from ..waiting import DEADLINE, free_port, running, wait_until

CLAIM = "claims/budget-doubled.yml"
CLAIM_PAGE = "claims/budget-doubled/"
DATE_PROBLEM = "`2022-13-40` is not a real date: there is no month 13"
DATE_FIX = "write the date as YYYY-MM-DD, with the month from 01 to 12"


# What a page shows of the panel -------------------------------------------------------------------

class _Panel(HTMLParser):
    """The panel's text (without its style) and the tags in it, from a whole page. Its code is
    between backticks, as Markdown and the terminal write it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.found = False
        self.tags: list[str] = []
        self.text: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth == 0 and ("id", OVERLAY_ID) in attrs:
            self.found, self.depth = True, 1
        elif self.depth:
            self.tags.append(tag)
            self._in_style = tag == "style"
            if tag == "section":
                self.depth += 1
            elif tag == "code":
                self.text.append("`")

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False
        if self.depth and tag == "section":
            self.depth -= 1
        elif self.depth and tag == "code":
            self.text.append("`")

    def handle_data(self, data: str) -> None:
        if self.depth and not self._in_style:
            self.text.append(data)


def panel(page: str) -> _Panel | None:
    """The page's panel of problems, if it has one."""
    parser = _Panel()
    parser.feed(page)
    return parser if parser.found else None


def panel_text(page: str | None) -> str | None:
    found = panel(page or "")
    return None if found is None else "".join(found.text)


# A real preview --------------------------------------------------------------------------------

@dataclass
class Preview:
    project: Path
    base: str
    log: Path

    def page(self, path: str = "") -> str | None:
        """The page, or its error page (a 404's), or None while the server does not answer."""
        try:
            with urllib.request.urlopen(self.base + path, timeout=DEADLINE) as response:
                return response.read().decode()
        except urllib.error.HTTPError as error:
            return error.read().decode()
        except OSError:
            return None

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def edit(self, path: str, *changes: tuple[str, str]) -> None:
        """One save of `path` with each (old, new) of `changes` made: the new text in one write, so
        that the preview sees one change and rebuilds once."""
        file = self.project / path
        text = file.read_text(encoding="utf-8")
        for old, new in changes:
            assert old in text, (path, old)
            text = text.replace(old, new, 1)
        file.write_text(text, encoding="utf-8")



@contextmanager
def preview(tmp_path: Path) -> Iterator[Preview]:
    """`mkdocs serve --dirty`, as `make serve` runs it, of a copy of the small publication."""
    project = copy_project(tmp_path / "project", MINI)
    port, log = free_port(), tmp_path / "serve.log"
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"]
    with running(command, log, cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}):
        served = Preview(project, f"http://127.0.0.1:{port}/", log)
        assert wait_until(lambda: "No published budget" in (served.page(CLAIM_PAGE) or "")), served.output()
        yield served


def _epoch(page: str) -> int:
    """The version of the site the page was served from, which MkDocs' reload script polls with."""
    found = re.search(r"livereload\((\d+), \d+\)", page)
    assert found, "no reload script"
    return int(found[1])


class _ReloadPoll(threading.Thread):
    """What an open page asks the server: the site's version, once it is newer than `epoch` (the server
    holds the request until then, or for a minute)."""

    def __init__(self, base: str, epoch: int) -> None:
        super().__init__(daemon=True)
        self.url, self.answer, self.error = f"{base}livereload/{epoch}/1", "", ""
        self.start()

    def run(self) -> None:
        try:
            with urllib.request.urlopen(self.url, timeout=DEADLINE) as response:
                self.answer = response.read().decode()
        except Exception as error:  # said by `version`, in the test's thread
            self.error = f"{type(error).__name__}: {error}"

    def version(self) -> int:
        """The version the server answered with, once it has (asserted, with why not)."""
        self.join(DEADLINE)
        assert not self.is_alive(), f"the server did not answer {self.url}"
        assert not self.error, f"{self.url}: {self.error}"
        assert self.answer.isdigit(), f"{self.url} answered {self.answer!r}, not a version"
        return int(self.answer)


def test_a_failed_save_shows_its_problems_over_every_page_until_a_save_fixes_them(tmp_path):
    with preview(tmp_path) as served:
        home = served.page()
        assert home is not None and panel(home) is None
        poll = _ReloadPoll(served.base, _epoch(home))

        # First save: a verdict that is not one, and markup in it, which the panel shows as text.
        served.edit(CLAIM, ("verdict: unproven", "verdict: <script>alert(1)</script>"))
        assert wait_until(lambda: panel(served.page(CLAIM_PAGE) or "") is not None), served.output()
        first = panel(served.page(CLAIM_PAGE) or "")
        assert first is not None
        assert "`<script>alert(1)</script>` is not a verdict of the scale" in "".join(first.text)
        assert "script" not in first.tags, first.tags
        # An open page is told to reload: the failed rebuild counts as done for the reload script.
        assert poll.version() > _epoch(home), "the open page was not told to reload"

        # Second save: the verdict mended, the date broken.
        served.edit(CLAIM, ("verdict: <script>alert(1)</script>", "verdict: unproven"),
                    ("claim_date: 2024-01-01", "claim_date: 2022-13-40"))
        assert wait_until(lambda: "2022-13-40" in (panel_text(served.page(CLAIM_PAGE)) or "")), served.output()
        for path in ("", CLAIM_PAGE, "tags/budgets/", "no-such-page/"):  # a missing page's too
            text = panel_text(served.page(path))
            assert text is not None, path
            assert "The preview is out of date: the last save has 1 problem" in text, path
            assert f"{CLAIM}:3:13" in text and DATE_PROBLEM in text and DATE_FIX in text, path
            assert "verdict" not in text, path  # the first save's problem, fixed since
        # The pages themselves are those of the last build that worked.
        assert "No published budget" in (served.page(CLAIM_PAGE) or "")

        # Third save, of another file: the same problem, printed again (MkDocs alone printed a
        # message it had printed before as "Aborted with a BuildError!" only).
        printed = served.output().count(f"{CLAIM}:3:13: error: {DATE_PROBLEM}\n    fix: {DATE_FIX}")
        assert printed >= 1
        served.edit("docs/about.md", ("\n", "\n\nA line more.\n"))
        assert wait_until(lambda: served.output().count(f"{CLAIM}:3:13: error: {DATE_PROBLEM}") > printed), \
            served.output()

        # The fix: the panel goes, from every page.
        served.edit(CLAIM, ("claim_date: 2022-13-40", "claim_date: 2024-01-01"))
        assert wait_until(lambda: _without_panel(served.page(CLAIM_PAGE))), served.output()
        assert _without_panel(served.page())
        output = served.output()

    # The terminal printed both failures, whole; and the server was not stuck, as MkDocs said it was.
    assert f"{CLAIM}:7:10: error: `<script>alert(1)</script>` is not a verdict of the scale" in output
    assert "Aborted with a BuildError" not in output and "appear stuck" not in output
    # Once per failed rebuild: not twice the first time (MkDocs' own copy is left out).
    assert output.count("factdesk found problems in the publication's files:") \
        == output.count("the preview shows the pages of the last build that worked") >= 3
    assert "the problems are fixed; the preview is up to date again" in output


def test_a_failure_outside_the_publications_files_shows_what_mkdocs_said(tmp_path):
    """mkdocs.yml's errors are logged one by one, before MkDocs aborts "with a configuration error!"."""
    with preview(tmp_path) as served:
        settings = served.project / "mkdocs.yml"
        good = settings.read_text(encoding="utf-8")
        settings.write_text(good + "\nnav: 5\n", encoding="utf-8")
        assert wait_until(lambda: panel_text(served.page()) is not None), served.output()
        text = panel_text(served.page())
        assert text is not None
        assert "Config value 'nav': Expected nav to be a list" in text and "configuration error" in text
        settings.write_text(good, encoding="utf-8")
        assert wait_until(lambda: _without_panel(served.page())), served.output()


def _without_panel(page: str | None) -> bool:
    return page is not None and panel(page) is None


def test_an_open_page_reloads_onto_the_problems_and_off_them(tmp_path):
    """In a browser, with no one pressing reload; the panel fits a phone's screen, readable."""
    with preview(tmp_path) as served, sync_playwright() as playwright:
        browser = launch(playwright)
        for viewport in (PHONE, DESKTOP):
            with new_page(browser, viewport) as page:
                page.goto(served.base + CLAIM_PAGE)
                page.wait_for_function("document.readyState === 'complete'")
                served.edit(CLAIM, ("claim_date: 2024-01-01", "claim_date: 2022-13-40"))
                shown = page.locator(f"#{OVERLAY_ID}")
                shown.wait_for(state="visible", timeout=DEADLINE * 1000)
                assert DATE_PROBLEM.replace("`", "") in shown.inner_text()
                assert shown.locator("code", has_text="2022-13-40").count() == 1
                page.screenshot(path=artifacts_folder(tmp_path / "screenshots")
                                / f"preview-problems-{viewport['width']}x{viewport['height']}.png")
                box = shown.bounding_box()
                assert box is not None
                assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], box
                assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], box
                assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
                for part in ("h2", "li"):
                    colours = page.locator(f"#{OVERLAY_ID} {part}").first.evaluate(
                        "e => [getComputedStyle(e).color, getComputedStyle(e.closest('section')).backgroundColor]")
                    assert contrast_ratio(*(_hex(colour) for colour in colours)) >= 7, (part, colours)
                served.edit(CLAIM, ("claim_date: 2022-13-40", "claim_date: 2024-01-01"))
                shown.wait_for(state="detached", timeout=DEADLINE * 1000)
        browser.close()


def _hex(colour: str) -> str:
    """`rgb(r, g, b)` as `#rrggbb`."""
    red, green, blue = (int(part) for part in re.findall(r"\d+", colour)[:3])
    return f"#{red:02x}{green:02x}{blue:02x}"


# The panel and the server's answers, without a server ---------------------------------------------

def test_hostile_names_and_values_are_shown_as_text():
    hostile = Problem('claims/<img src=x onerror="alert(1)">.yml', 2, 5,
                      "`</code></li></ol></section><script>alert(2)</script>` is not a verdict\u202e\x1b[2J",
                      "use one of: <b>true</b> & 'false'")
    page = overlay(Failure((hostile,)))
    found = panel(f"<body>{page}</body>")
    assert found is not None
    assert set(found.tags) <= {"style", "h2", "p", "ol", "li", "code", "br", "strong", "span"}, found.tags
    text = "".join(found.text)
    assert 'claims/<img src=x onerror="alert(1)">.yml:2:5' in text
    # Control characters as the terminal shows them: escapes, so they cannot reorder or hide the text.
    assert r"`</code></li></ol></section><script>alert(2)</script>` is not a verdict\u202e\x1b[2J" in text
    assert "use one of: <b>true</b> & 'false'" in text
    assert "<script" not in page and "<img" not in page and "<b>" not in page


def test_backticks_in_messages_are_shown_as_code():
    """A pair of backticks sets its text as code, escaped still; a backtick without its pair stays."""
    problem = Problem(CLAIM, 3, 13, "`claim_date` is `<i>late</i>` and ` alone",
                      "write `claim_date:` as YYYY-MM-DD`")
    page = overlay(Failure((problem,), message="mkdocs.yml: `nav` must be a list"))
    assert ("<br><code>claim_date</code> is <code>&lt;i&gt;late&lt;/i&gt;</code> and ` alone"
            "<br><strong>Fix:</strong> write <code>claim_date:</code> as YYYY-MM-DD`</li>") in page
    assert "mkdocs.yml: <code>nav</code> must be a list" in page
    assert f"<li><code>{CLAIM}:3:13</code>" in page
    found = panel(f"<body>{page}</body>")
    assert found is not None and "i" not in found.tags and found.tags.count("code") == 5


def test_a_failure_with_no_place_in_a_file_shows_its_message():
    text = panel_text(overlay(Failure(message="Aborted with 1 configuration errors!")))
    assert text is not None
    assert "the last save has 1 problem" in text and "Aborted with 1 configuration errors!" in text


def _app(body: bytes, content_type: str):
    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", content_type), ("Content-Length", str(len(body)))])
        return io.BytesIO(body)  # a file, as MkDocs answers
    return app


def _call(app) -> tuple[str, dict[str, str], bytes]:
    started: list = []
    body = b"".join(app({}, lambda status, headers, exc_info=None: started.extend([status, dict(headers)])))
    return started[0], started[1], body


def test_the_panel_goes_into_html_pages_only_and_only_while_a_build_failed():
    page = b"<html><body><p>Page</p><script>reload()</script></body></html>"
    failure: list[Failure | None] = [None]
    app = showing_failures(_app(page, "text/html"), lambda: failure[0])
    assert _call(app) == ("200 OK", {"Content-Type": "text/html", "Content-Length": str(len(page))}, page)
    failure[0] = Failure((Problem(CLAIM, 3, 13, DATE_PROBLEM, DATE_FIX),))
    status, headers, body = _call(app)
    assert status == "200 OK" and int(headers["Content-Length"]) == len(body)
    assert body.startswith(b"<html><body><p>Page</p><script>reload()</script><section id=")
    assert body.endswith(b"</section></body></html>")
    script = b"let a = '</body>';"
    assert _call(showing_failures(_app(script, "application/javascript"), lambda: failure[0]))[2] == script


def test_the_preview_answers_the_open_data_as_the_publication_stands_when_asked(tmp_path):
    """Under `mkdocs serve` the open data is made on request, not at every rebuild: what it answers
    follows the last save."""
    with preview(tmp_path) as served:
        before = json.loads(served.page("claims.json") or "{}")
        claim = next(c for c in before["claims"] if c["slug"] == "budget-doubled")
        assert claim["verdict"]["key"] == "unproven"
        assert "<feed" in (served.page("feed.xml") or "") and "claim_date" in (served.page("claims.csv") or "")
        assert json.loads(served.page("claimreview.json") or "{}")["dataFeedElement"]
        served.edit(CLAIM, ("verdict: unproven", "verdict: false"))
        assert wait_until(lambda: "fd-verdict--false fd-verdict--large" in (served.page(CLAIM_PAGE) or "")), \
            served.output()
        after = json.loads(served.page("claims.json") or "{}")
        assert next(c for c in after["claims"] if c["slug"] == "budget-doubled")["verdict"]["key"] == "false"
