"""The benchmarks measure real work: their publication passes the checks, and their baseline
document is the same edition as factdesk's parts."""

from __future__ import annotations

import importlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from factdesk.data import loader
from factdesk.editions import print_html
from factdesk.editions.edition import current_edition

from .conftest import MINI, REPO, copy_project


def benchmark_script(name: str):  # type: ignore[no-untyped-def]
    """A script of benchmarks/ as a module, with the scripts it imports (they expect their folder
    on sys.path, as when run)."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(REPO / "benchmarks"))


def test_a_synthetic_publication_passes_the_checks(tmp_path: Path) -> None:
    benchmark_script("synthetic").write_publication(tmp_path, 30, seed=3)
    publication, problems = loader.read_publication(tmp_path)
    assert problems == []
    assert publication is not None and len(publication.claims) == 30 and len(publication.sources) == 6
    assert any(c.corrections for c in publication.claims) and any(c.tags for c in publication.claims)


def test_a_synthetic_publication_in_five_scripts_passes_the_checks(tmp_path: Path) -> None:
    """`--scripts`: quotes in Japanese, Chinese, Russian, Arabic and Hebrew verify against archived texts
    that break lines mid-sentence and write digits full-width; the draws are those of the English one."""
    synthetic = benchmark_script("synthetic")
    synthetic.write_publication(tmp_path / "mixed", 150, seed=3, scripts=True)
    synthetic.write_publication(tmp_path / "english", 150, seed=3)
    publication, problems = loader.read_publication(tmp_path / "mixed")
    assert problems == [] and publication is not None
    languages = {source.language for source in publication.sources.values()}
    assert {"ja", "zh", "ru", "ar", "he"} <= languages
    japanese = next(source for source in publication.sources.values() if source.language == "ja")
    archived = (tmp_path / "mixed" / "sources" / f"{japanese.id}.txt").read_text(encoding="utf-8")
    assert re.search("[\u3040-\u30ff\u4e00-\u9fff]\n[\u3040-\u30ff\u4e00-\u9fff]", archived)  # mid-sentence
    assert re.search("[０-９]", archived)
    quoted = [a.quote for c in publication.claims for a in c.appearances if a.source == japanese.id]
    assert quoted and all(" " not in quote for quote in quoted)
    english = loader.load_publication(tmp_path / "english")
    assert [c.slug for c in english.claims] == [c.slug for c in publication.claims]


def test_the_baseline_document_is_the_whole_edition(tmp_path: Path) -> None:
    benchmark_script("synthetic").write_publication(tmp_path, 30, seed=3)
    publication = loader.load_publication(tmp_path)
    printed = print_html.PrintEdition(publication, current_edition(tmp_path), tmp_path)
    parts = printed.body_parts(claims_per_part=7)
    whole = printed.whole_document(parts)
    assert whole.count('<article class="claim"') == 30
    assert whole.count('<article class="source"') == 6
    assert print_html.CROSS_PART_SCHEME not in whole and "&lt;article" not in whole
    assert "href=&#34;" not in whole and 'href="#source-' in whole
    assert sum(part.html.count('<article class="claim"') for part in parts) == 30


def test_the_search_benchmark_measures_both_searches_end_to_end() -> None:
    """benchmarks/search.py at 20 claims: both sites built, served and searched in Chromium."""
    done = subprocess.run([sys.executable, str(REPO / "benchmarks" / "search.py"), "--claims", "20", "--runs", "1"],
                          capture_output=True, text=True, timeout=600, cwd=REPO, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    header, _, *rows = [line.split("|")[1:-1] for line in done.stdout.splitlines() if line.startswith("|")]
    columns = [name.strip() for name in header]
    table = {row[0].strip(): dict(zip(columns, (cell.strip() for cell in row))) for row in rows}
    assert set(table) == {"lunr (Material's search)", "pagefind", "ratio pagefind / lunr"}
    lunr, pagefind = table["lunr (Material's search)"], table["pagefind"]
    for measured in (lunr, pagefind):
        assert measured["found"] == "1/1"  # the query's claim was among the results
        assert float(measured["build s"]) > 0 and float(measured["index on disk MB"]) > 0
        assert 0 < float(measured["first keystroke to first result ms"].replace(",", "")) < 60_000
        assert float(measured["page load KB"].replace(",", "")) > 20  # the home page, Material's CSS and JS
    # Material's index comes with the page; Pagefind's chunks only once the reader searches.
    assert float(pagefind["search KB"].replace(",", "")) > 10
    assert "commit:" in done.stdout and "command:" in done.stdout


def test_the_explorer_benchmark_opens_the_explorer_at_each_address() -> None:
    """benchmarks/explorer.py at 40 claims: the site built, served, and the explorer opened in Chromium
    unfiltered, by a verdict and by two words, each view's first results timed and its bytes counted."""
    done = subprocess.run([sys.executable, str(REPO / "benchmarks" / "explorer.py"), "--claims", "40", "--runs", "1"],
                          capture_output=True, text=True, timeout=600, cwd=REPO, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    header, _, *rows = [line.split("|")[1:-1] for line in done.stdout.splitlines() if line.startswith("|")]
    columns = [name.strip() for name in header]
    table = [dict(zip(columns, (cell.strip() for cell in row))) for row in rows]
    assert [row["view"].split()[0] for row in table] == ["unfiltered", "verdict", "text", "text"]
    assert table[0]["claims it holds"] == "40" and table[0]["claims listed"] == "40"
    for row in table:
        assert 0 < float(row["first result ms"].replace(",", "")) <= float(row["page listed ms"].replace(",", ""))
        assert int(row["claims listed"]) == min(50, int(row["claims it holds"]))
        assert 20 < float(row["first result KB"].replace(",", "")) < 1000  # the page, Material's CSS and JS
        assert float(row["of which index KB"]) > 0
    assert table[0]["index files read"].startswith("2: facets and 1 claims, 0 words")
    assert table[2]["index files read"].startswith("3: facets and 1 claims, 1 words")
    assert "commit:" in done.stdout and "targets:" in done.stdout and "(under 300 KB)" in done.stdout


def test_the_site_benchmark_times_builds_and_edits_against_mkdocs_alone() -> None:
    """benchmarks/site_build.py at 12 claims: checks, both builds, and each edit under `mkdocs serve
    --dirty` shown by factdesk's preview (the author edit also polling for changes) and by MkDocs
    alone on the same pages as files."""
    done = subprocess.run([sys.executable, str(REPO / "benchmarks" / "site_build.py"), "--claims", "12", "--runs", "1"],
                          capture_output=True, text=True, timeout=600, cwd=REPO, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = [[cell.strip() for cell in line.split("|")[1:-1]] for line in done.stdout.splitlines()
            if line.startswith("| ") and not line.startswith("| |")]
    names = [row[0] for row in rows]
    assert names[0] == "factdesk check" and names[1].startswith("site build") and names[2].startswith("baseline")
    edits = [row for row in rows if row[0].startswith("edit of one claim's")]
    assert [row[0].split("'s ")[1].split(",")[0] for row in edits] == ["author", "verdict"]
    for row in rows:
        assert 0 < float(row[1]) < 600  # median seconds
    # The author edit again with the preview polling for changes, as MkDocs alone does, on the next row.
    author = rows.index(edits[0])
    assert rows[author + 1][0].startswith("the same, FACTDESK_WATCH=polling")
    # Each edit has its baseline (the pages it changes, saved as Markdown) after it, and a ratio to it.
    for row, baseline in ((edits[0], rows[author + 2]), (rows[author + 1], rows[author + 2]),
                          (edits[1], rows[rows.index(edits[1]) + 1])):
        assert baseline[0].startswith("baseline: the pages that edit changes")
        assert float(row[5]) == pytest.approx(float(row[1]) / float(baseline[1]), rel=0.05)  # of rounded medians
    # The two sites have the same pages.
    assert re.search(r"factdesk hooks; (\d+) HTML", names[1]).group(1) == re.search(r"same pages as Markdown \((\d+) HTML",
                                                                                   names[2]).group(1)
    # The largest page is named with its size, and the CPU time of both builds is given.
    largest = re.search(r"largest HTML page: (\S+), (\d+) KB", done.stdout)
    assert largest is not None and largest.group(1).endswith(".html") and int(largest.group(2)) > 0
    assert re.search(r"CPU seconds, median over every process: site build [\d.]+, MkDocs alone [\d.]+", done.stdout)


def test_the_check_benchmark_times_the_check_against_libyaml_alone(tmp_path: Path) -> None:
    """benchmarks/check.py at 30 claims: the check and both baselines run, and the floor reads every file."""
    done = subprocess.run([sys.executable, str(REPO / "benchmarks" / "check.py"), "--claims", "30", "--runs", "1"],
                          capture_output=True, text=True, timeout=300, cwd=REPO, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = [[cell.strip() for cell in line.split("|")[1:-1]] for line in done.stdout.splitlines()
            if line.startswith("| ") and not line.startswith("| 30 claims")]
    assert [row[0].split(" with libyaml")[0] for row in rows] == [
        "factdesk check", "baseline: read and compose every file", "read and compose every file"]
    assert all(float(row[1]) > 0 for row in rows) and rows[1][5] == "1.00"
    assert "target: check < 3 s at 10,000 claims" in done.stdout
    # The floor composes every YAML file: 30 claims, 6 sources, the claimants and people they name, and
    # the stories that follow them.
    benchmark_script("synthetic").write_publication(tmp_path, 30, seed=1)
    fields = subprocess.run([sys.executable, str(REPO / "benchmarks" / "yaml_floor.py"), str(tmp_path), "2"],
                            capture_output=True, text=True, check=True).stdout
    expected = sum(len(yaml.safe_load(path.read_text(encoding="utf-8")))
                   for folder in ("claims", "sources", "claimants", "people", "stories")
                   for path in (tmp_path / folder).glob("*.yml"))
    assert int(fields) == expected and list((tmp_path / "claimants").glob("*.yml"))
    assert list((tmp_path / "stories").glob("*.yml"))


def test_an_edit_is_waited_for_until_the_server_answers_with_it() -> None:
    """A request the server does not answer (it holds requests while a rebuild runs) says nothing
    about the page: the wait goes on until a page comes that shows the change."""
    site_build = benchmark_script("site_build")
    answers = iter([None, None, "<p>old</p>", "<p>new</p>"])
    asked: list[str] = []

    def get(url: str, timeout: float = 5) -> str | None:
        asked.append(url)
        return next(answers)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(site_build, "_get", get)
        site_build._wait("http://server/page/", "old", False, site_build.time.perf_counter())
    assert len(asked) == 4


def test_memory_a_forked_worker_shares_with_its_parent_counts_once() -> None:
    """The peak of a process tree is its summed PSS: 200 MiB written before a fork, then held by
    both processes, is some 200 MiB, where summed RSS says 400. (A sample taken while the fork
    copies the parent's page tables may count up to half of it twice: hence 0.8, not 0.5.)"""
    measure = benchmark_script("measure")
    mib = measure.MIB
    program = ("import os, time\n"
               "held = bytearray(b\"x\") * (200 * 2**20)\n"
               "if os.fork() == 0:\n"
               "    time.sleep(1.5)\n"
               "    os._exit(0)\n"
               "os.wait()\n")
    case = measure.Case("fork", [sys.executable, "-c", program])
    case.run()
    assert case.rss_peaks[0] > 380 * mib  # both processes map every page
    assert 190 * mib < case.peaks[0] < 0.8 * case.rss_peaks[0]


def test_a_run_that_reads_from_disk_says_so(tmp_path: Path) -> None:
    """A file put out of the page cache is read from storage by the first run that reads it, and
    from the cache by the next: the progress line tells a slow run with cold files from a slow one."""
    measure = benchmark_script("measure")
    data = tmp_path / "data"
    data.write_bytes(os.urandom(8 * measure.MIB))
    with data.open("rb") as file:
        os.fsync(file.fileno())  # written to storage, so that the cache may let it go
        os.posix_fadvise(file.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
    case = measure.Case("read", ["sh", "-c", "cat \"$0\" > /dev/null", str(data)])
    case.run()
    case.run()
    assert case.disk_reads[0] >= 8 * measure.MIB
    assert case.disk_reads[1] < measure.MIB
    assert case.last_run().endswith("read from disk 0 MiB")


def test_the_engines_benchmark_measures_what_a_site_without_the_hook_keeps(tmp_path: Path) -> None:
    """benchmarks/engines.py on the mini publication, with the engines of this environment (Zensical
    needs one of its own): the rendered source built, searched, probed and opened offline."""
    project = copy_project(tmp_path / "desk", MINI)
    done = subprocess.run([sys.executable, str(REPO / "benchmarks" / "engines.py"), "--root", str(project),
                           "--query", "bridge"], capture_output=True, text=True, timeout=600, cwd=REPO, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    header, _, *rows = [[cell.strip() for cell in line.split("|")[1:-1]] for line in done.stdout.splitlines()
                        if line.startswith("|")]
    assert [name.split()[0] for name in header[1:]] == ["MkDocs", "ProperDocs"]
    table = {row[0]: row[1:] for row in rows}
    claims = len(list((MINI / "claims").glob("*.yml")))
    for column in (0, 1):
        assert int(table["pages (HTML files)"][column]) > 20
        assert re.fullmatch(r"[1-9]\d*, 0 broken", table["internal links, broken"][column])
        assert re.fullmatch(r"[1-9]\d* results for “bridge”", table["search in the browser"][column])
        assert table["pages with ClaimReview JSON-LD"][column] == str(claims)
        assert table["sanitising (hostile probe in about.md)"][column] == "3 of 3 made harmless; ran in the browser: no"
        assert table["explorer in the browser"][column] == f"{claims} claims listed"
        assert re.fullmatch(r"pages open from file://; search finds [1-9]\d*", table["offline edition (OFFLINE=true)"][column])
    assert table["pages (HTML files)"][0] == table["pages (HTML files)"][1]


def test_the_pagefind_benchmark_measures_one_run_against_the_bundles(pagefind_publication, tmp_path: Path) -> None:
    """benchmarks/pagefind_memory.py on the publication: each way of indexing it measured, and the site
    left with the index a build writes."""
    site = tmp_path / "site"
    shutil.copytree(pagefind_publication.site, site)
    done = subprocess.run([sys.executable, str(REPO / "benchmarks" / "pagefind_memory.py"), str(site)],
                          capture_output=True, text=True, timeout=600, cwd=REPO, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = {row[0].strip(): [cell.strip() for cell in row[1:]]
            for row in (line.split("|")[1:-1] for line in done.stdout.splitlines()[2:]) if row}
    assert set(rows) == {"Pagefind over the whole site, one run", "build_index, one bundle",
                         "build_index, 1 bundle(s)"}
    for seconds, peak, summed in rows.values():
        assert float(seconds) > 0 and 0 < int(peak) <= int(summed)
    assert "command:" in done.stdout and "pages to index" in done.stdout
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert not (tmp_path / "pagefind").exists()  # one run's index went to a temporary folder
