"""A real `mkdocs build --strict` of real projects in temporary folders, read back as HTML."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from factdesk.data.typography import typographic

from .conftest import EDITION_EPOCH, EDITION_TIME, MINI, REPO, copy_project, mkdocs_build
from .explorer_index import read_index
from .html_pages import HtmlPage, broken_links
from .waiting import free_port


@pytest.fixture(scope="module")
def site(built_publication) -> Path:
    return built_publication.site


def test_strict_build_has_no_warnings(built_publication):
    assert "WARNING" not in built_publication.output
    assert "ERROR" not in built_publication.output


def test_every_claim_and_source_has_its_stable_address(site):
    for claim_file in (REPO / "claims").glob("*.yml"):
        assert (site / "claims" / claim_file.stem / "index.html").is_file(), claim_file.name
    for source_file in (REPO / "sources").glob("*.yml"):
        assert (site / "sources" / source_file.stem / "index.html").is_file(), source_file.name


# The claimant pages the first publication published while claimants were free text in each claim:
# each address must still answer (published addresses never break).
CLAIMANT_PAGES_BEFORE_RECORDS = {
    "federal-security-service-of-russia-fsb": ["fsb"],
    "hirokazu-matsuno": [],
    "japanese-police-as-reported-by-kyodo-news": ["japanese-police"],
    "the-asahi-shimbun": [],
    "the-asahi-shimbun-and-the-islamabad-telegraph": ["the-asahi-shimbun", "the-islamabad-telegraph"],
    "the-islamabad-telegraph": [],
    "unattributed-news-report-japan-suspects-russian-diplomats-of-spying": ["report-japan-suspects-russian-diplomats"],
    "unattributed-news-report-japan-suspects-russian-diplomats-of-spying-citing-the":
        ["report-japan-suspects-russian-diplomats"],
    "unknown-chinese-language-outlet-commentary-in-translation": ["chinese-language-commentary"],
    "unknown-chinese-language-outlet-commentary-in-translation-citing-russia-s": ["chinese-language-commentary"],
    "unnamed-sources-quoted-by-the-islamabad-telegraph": [],
    "yoshimasa-hayashi": [],
}


@pytest.mark.parametrize("address, moved_to", CLAIMANT_PAGES_BEFORE_RECORDS.items())
def test_every_claimant_address_published_before_records_still_answers(site, address, moved_to):
    page = HtmlPage(site / "claimants" / address / "index.html")
    refresh = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', page.html)
    if not moved_to:
        assert refresh is None and "This page has moved" not in page.text
        return
    links = re.findall(r'href="\.\./([a-z0-9-]+)/"', page.article())
    assert [link for link in links if link in moved_to] == moved_to
    assert "This page has moved" in page.text
    # One record: the reader is sent there at once; a page split in two lists both, and waits.
    assert (refresh.group(1) if refresh else None) == (f"../{moved_to[0]}/" if len(moved_to) == 1 else None)
    # Search engines are told the record's page is the one to keep; a page split in two is its own.
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', page.html).group(1)
    assert canonical.endswith(f"/claimants/{moved_to[0] if len(moved_to) == 1 else address}/")
    assert f"claimants/{address}/" not in {d["location"] for d in search_documents(site)}, "moved pages are not searched"


def test_one_claimant_page_per_speaker_and_no_name_on_two(site):
    """Each claimant page names one speaker: no name or other name is on two pages, and no page
    name is a list of speakers ("A and B") or a speaker with whom they cited."""
    records = {path.stem: yaml.safe_load(path.read_text()) for path in (REPO / "claimants").glob("*.yml")}
    pages_by_name: dict[str, list[str]] = {}
    for record_id, record in records.items():
        page = HtmlPage(site / "claimants" / record_id / "index.html")
        assert re.search(r"<h1[^>]*>([^<]+)", page.html).group(1) == record["name"]
        for name in [record["name"], *record.get("other_names", [])]:
            pages_by_name.setdefault(name.casefold(), []).append(record_id)
            assert name in page.text
        assert not re.search(r"\b(and|citing|as reported by)\b", record["name"]), record["name"]
    assert {name: ids for name, ids in pages_by_name.items() if len(ids) > 1} == {}
    claim_pages = {d["location"] for d in search_documents(site) if d["location"].startswith("claimants/")}
    assert {location.split("/")[1] for location in claim_pages if location.count("/") == 2} == set(records)


def test_a_claim_by_two_claimants_names_and_links_both(site):
    page = HtmlPage(site / "claims" / "consul-persona-non-grata-48-hours" / "index.html")
    assert re.search(r'<p class="fd-card__who"><a href="../../claimants/the-asahi-shimbun/">The Asahi Shimbun</a> and '
                     r'<a href="../../claimants/the-islamabad-telegraph/">The Islamabad Telegraph</a>, 27 September 2022',
                     page.article())
    for claimant in ("the-asahi-shimbun", "the-islamabad-telegraph"):
        listed = HtmlPage(site / "claimants" / claimant / "index.html").article()
        assert 'href="../../claims/consul-persona-non-grata-48-hours/"' in listed
    cited = HtmlPage(site / "claims" / "two-russians-trade-office-summoned" / "index.html")
    assert "spying”</a>, citing the Sankei Shimbun, 27 January 2020, in " in cited.article()


def test_the_about_page_lists_the_team_and_each_person_their_fact_checks(site):
    about = HtmlPage(site / "about" / "index.html").article()
    people = sorted(path.stem for path in (REPO / "people").glob("*.yml"))
    assert people and all(f'href="../people/{person}/"' in about for person in people)
    for person in people:
        page = HtmlPage(site / "people" / person / "index.html").article()
        signed = [path.stem for path in (REPO / "claims").glob("*.yml")
                  if yaml.safe_load(path.read_text())["author"] == person]
        assert sorted(re.findall(r'href="\.\./\.\./claims/([a-z0-9-]+)/"', page)) == sorted(signed)


@pytest.mark.parametrize("term, claimant", [("Hayashi Yoshimasa", "yoshimasa-hayashi"), ("林芳正", "yoshimasa-hayashi"),
                                            ("FSB", "fsb"), ("Matsuno Hirokazu", "hirokazu-matsuno")])
def test_search_finds_a_claimant_by_any_of_their_names(site, term, claimant):
    hits = {d["location"] for d in search_documents(site) if term.casefold() in d["text"].casefold()}
    assert f"claimants/{claimant}/" in hits


def test_no_internal_link_is_broken(site):
    assert broken_links(site) == []


def test_claim_page_shows_everything_a_reader_needs(site):
    page = HtmlPage(site / "claims" / "consul-name-motoko-tatsunori" / "index.html")
    data = yaml.safe_load((REPO / "claims" / "consul-name-motoko-tatsunori.yml").read_text())
    article = page.article()
    # The badge of the claim card, large: label, icon and colour class together, linking to the verdict's page.
    badge = re.search(r'<a class="fd-verdict fd-verdict--([a-z-]+) fd-verdict--large" href="([^"]+)"[^>]*>(.*?)</a>',
                      article, re.DOTALL)
    assert badge and badge.group(1) == data["verdict"]
    assert badge.group(2) == f"../../verdicts/{data['verdict']}/"
    assert "<svg" in badge.group(3) and "Mostly true" in badge.group(3)
    claimants = [yaml.safe_load((REPO / "claimants" / f"{who}.yml").read_text())["name"] for who in data["claimants"]]
    author = yaml.safe_load((REPO / "people" / f"{data['author']}.yml").read_text())["name"]
    # The finding follows the badge without repeating its label ("Mostly true. The Islamabad …").
    finding = data["summary"].removeprefix("Mostly true. ")
    for text in (data["claim"], *claimants, author, finding, "Where the claim appeared", "Evidence"):
        assert typographic(text) in page.text
    assert typographic(data["summary"]) not in page.text
    assert "Motoko Tatsunori" in page.text and "Motoki Tatsunori" in page.text
    # Every appearance links its quote to the source's page; every evidence item to its source.
    for item in data["appearances"] + data["evidence"]:
        assert f'href="../../sources/{item["source"]}/"' in article
    assert "27 September 2022" in page.text and "published 21 November 2026" in page.text
    assert 'href="https://tass.com/world/1513823"' in article
    assert "../../tags/" in article


def test_claim_pages_are_not_in_the_navigation(site):
    index = HtmlPage(site / "claims" / "index.html")
    assert index.html.count('href="consul-name-motoko-tatsunori/"') == 1
    assert index.article().count('href="consul-name-motoko-tatsunori/"') == 1  # the one link is the table's
    assert '<nav class="md-nav md-nav--primary' in index.html


def test_source_page_has_its_scorecard_claims_and_citations(site):
    page = HtmlPage(site / "sources" / "islamabad-telegraph-2022-09-27" / "index.html")
    article = page.article()
    assert "The Islamabad Telegraph" in page.text and "Archived text" in page.text
    assert 'href="../islamabad-telegraph-2022-09-27.txt"' in article
    appeared = [p for p in (REPO / "claims").glob("*.yml")
                if "islamabad-telegraph-2022-09-27" in [a["source"] for a in yaml.safe_load(p.read_text())["appearances"]]]
    counts = {}
    for path in appeared:
        verdict = str(yaml.safe_load(path.read_text())["verdict"]).lower()
        counts[verdict] = counts.get(verdict, 0) + 1
        assert f'href="../../claims/{path.stem}/"' in article
    for verdict, n in counts.items():
        # The count links to the list of those claims on the same page, which exists.
        assert f'<a href="#verdict-{verdict}">{n}</a>' in article
        assert f"verdict-{verdict}" in page.ids
    assert "not everything it published" in page.text


def test_source_page_lists_the_claims_that_cite_it(site):
    page = HtmlPage(site / "sources" / "tass-2022-09-27" / "index.html")
    citing = [p.stem for p in (REPO / "claims").glob("*.yml")
              if "tass-2022-09-27" in [e["source"] for e in yaml.safe_load(p.read_text())["evidence"]]]
    assert citing
    section = page.article().split('id="cited-as-evidence"')[1]
    for slug in citing:
        assert f'href="../../claims/{slug}/"' in section


def test_verdict_pages_and_claims_index(site):
    claims = {p.stem: yaml.safe_load(p.read_text()) for p in (REPO / "claims").glob("*.yml")}
    index = HtmlPage(site / "claims" / "index.html")
    order = [m for m in re.findall(r'href="([a-z0-9-]+)/"', index.article()) if m in claims]
    assert sorted(order) == sorted(claims)
    made = [claims[slug]["claim_date"] for slug in order]
    assert made == sorted(made, reverse=True)  # the most recently made first, as the cards give the date
    for key in {str(c["verdict"]).lower() for c in claims.values()}:
        verdict_page = HtmlPage(site / "verdicts" / key / "index.html")
        expected = {slug for slug, c in claims.items() if str(c["verdict"]).lower() == key}
        linked = set(re.findall(r'href="\.\./\.\./claims/([a-z0-9-]+)/"', verdict_page.article()))
        assert linked == expected


def test_methodology_table_comes_from_the_scale(site):
    page = HtmlPage(site / "methodology" / "index.html")
    for label in ("True", "Mostly true", "Misleading", "Mostly false", "False", "Unproven"):
        assert f"{label}</a>" in page.article()
    assert "factdesk:verdict-scale" not in page.html


def test_tag_pages_and_home_page(site):
    assert (site / "tags" / "consul" / "index.html").is_file()
    home = HtmlPage(site / "index.html")
    for target in ("claims/", "verdicts/", "sources/", "tags/", "methodology/", "corrections/"):
        assert f'href="{target}"' in home.article()


def search_documents(site: Path) -> list[dict]:
    return json.loads((site / "search" / "search_index.json").read_text())["docs"]


@pytest.mark.parametrize("term", ["Motoko", "Motoki", "Tatsunori", "red-handed", "Hayashi", "Araki", "Yutaka",
                                  "Vienna Convention"])
def test_search_index_finds_claims_by_names_and_quotes(site, term):
    hits = {d["location"].split("#")[0] for d in search_documents(site) if term.lower() in d["text"].lower()
            or term.lower() in d["title"].lower()}
    assert any(re.fullmatch(r"claims/[a-z0-9-]+/", hit) for hit in hits), hits


def test_search_index_holds_every_claim(site):
    locations = {d["location"] for d in search_documents(site)}
    for claim_file in (REPO / "claims").glob("*.yml"):
        assert f"claims/{claim_file.stem}/" in locations


# Bad input: dropped into a copy of a project, each fails the build with file and line -------------

BRIDGE = "claims/bridge-opened-in-1990.yml"


def _replace(old: str, new: str):
    def edit(project: Path) -> None:
        path = project / BRIDGE
        text = path.read_text()
        assert old in text
        path.write_text(text.replace(old, new))
    return edit


def _write(path: str, content: bytes):
    def edit(project: Path) -> None:
        (project / path).write_bytes(content)
    return edit


BAD_INPUTS = {
    "yaml syntax": (_replace("summary: The city's", "summary: [The city's"), f"{BRIDGE}:9:"),
    "tab indentation": (_replace("  - source: city", "\t- source: city"), f"{BRIDGE}:14:1:"),
    "duplicate key": (_replace("author: test-desk", "author: test-desk\nauthor: other"), f"{BRIDGE}:19:1:"),
    "unknown field": (_replace("verdict:", "verdit:"), f"{BRIDGE}:7:1: error: unknown field `verdit`"),
    "missing field": (_replace("author: test-desk\n", ""), f"{BRIDGE}:1:1: error: missing required field `author`"),
    "wrong type": (_replace("tags: [infrastructure, dates]", "tags: {a: b}"), f"{BRIDGE}:16:7:"),
    "impossible date": (_replace("published: 2024-02-01", "published: 2024-02-31"), f"{BRIDGE}:17:12:"),
    "unknown verdict": (_replace('verdict: "false"', "verdict: fake"), f"{BRIDGE}:7:10:"),
    "dangling source": (_replace("source: city-records-2024", "source: city-records-2025"), f"{BRIDGE}:14:13:"),
    "quote not in archive": (_replace('the mayor said "opened in 1990"', "the mayor said it opened in 1990"),
                             f"{BRIDGE}:6:12: error: the quote does not occur"),
    "same slug twice": (_write("claims/Bridge-Opened-In-1990.yml", (MINI / BRIDGE).read_bytes()),
                        "claims/Bridge-Opened-In-1990.yml:1:1:"),
    "custom tag": (_replace("claimants: [mayor-ann-example]", "claimants: !!python/object/apply:os.system [id]"),
                   f"{BRIDGE}:2:12:"),
    "unknown claimant": (_replace("claimants: [mayor-ann-example]", "claimants: [ann]"),
                         f"{BRIDGE}:2:13: error: no claimant has the id `ann`"),
    "not utf-8": (_write("claims/latin1.yml", "claim: café\n".encode("latin-1")), "claims/latin1.yml:1:11:"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_fails_the_build_before_writing(tmp_path, case):
    edit, expected = BAD_INPUTS[case]
    project = copy_project(tmp_path / "project", MINI)
    edit(project)
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert expected in result.output
    assert "fix: " in result.output
    assert "Traceback" not in result.output
    assert not result.site.exists()  # nothing half-built is left to publish


def test_a_build_that_fails_on_a_warning_leaves_the_previous_site_as_it_was(tmp_path):
    project = copy_project(tmp_path / "project", MINI)
    first = mkdocs_build(project)
    assert first.returncode == 0, first.output
    before = {p.relative_to(first.site): p.read_bytes() for p in first.site.rglob("*") if p.is_file()}
    # The checks pass this, but MkDocs warns about the link, and a strict build aborts on the
    # warning after it has written every page.
    (project / "docs" / "about.md").write_text("# About\n\nSee [the missing page](missing.md).\n")
    second = mkdocs_build(project)
    assert second.returncode != 0 and "Aborted with 1 warnings in strict mode" in second.output
    after = {p.relative_to(first.site): p.read_bytes() for p in first.site.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith("site")) == ["site"]


def test_factdesk_check_reports_the_same_problems(tmp_path):
    project = copy_project(tmp_path / "project", MINI)
    _replace("verdict:", "verdit:")(project)
    done = subprocess.run([sys.executable, "-m", "factdesk", "check", "--root", str(project)],
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert f"{BRIDGE}:7:1: error: unknown field `verdit` in a claim file\n    fix: did you mean `verdict`?" in done.stderr
    assert done.stderr.strip().endswith("1 problem in 1 file.")


def test_factdesk_check_passes_the_publication():
    done = subprocess.run([sys.executable, "-m", "factdesk", "check"], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ok: ")


def test_docs_page_where_a_generated_page_goes_fails_the_build(tmp_path):
    project = copy_project(tmp_path / "project", MINI)
    (project / "docs" / "claims").mkdir()
    (project / "docs" / "claims" / "index.md").write_text("# Mine\n")
    result = mkdocs_build(project)
    assert result.returncode != 0 and "docs/ already has files there: claims/index.md" in result.output


def test_docs_page_where_an_older_month_of_corrections_goes_fails_the_build(tmp_path):
    """The corrections marker's older months are generated under its page's address, as listings' are."""
    project = copy_project(tmp_path / "project", MINI)
    claim = project / "claims" / "bridge-opened-in-1990.yml"
    claim.write_text(claim.read_text(encoding="utf-8") + "  - date: 2024-03-05\n    note: A date was wrong.\n",
                     encoding="utf-8")
    with (project / "factdesk.yml").open("a", encoding="utf-8") as settings:
        settings.write("\npage_size: 1\n")
    (project / "docs" / "corrections" / "2024").mkdir(parents=True)
    (project / "docs" / "corrections" / "2024" / "02.md").write_text("# Mine\n")
    result = mkdocs_build(project)
    assert result.returncode != 0 and "docs/ already has files there: corrections/2024/02.md" in result.output


# mkdocs serve: an edit of a claim file shows without a restart --------------------------------


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()
    except OSError:
        return None


@pytest.mark.parametrize("watch", ["events", "polling"])
def test_serve_rebuilds_once_when_a_claim_changes(tmp_path, watch):
    """The preview learns of a save from the system's file events (or, if asked, by polling as
    MkDocs does), and a rebuild, which reads the watched files, does not set off another."""
    project = copy_project(tmp_path / "project", MINI)
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as log_file:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                                  cwd=project, stdout=log_file, stderr=subprocess.STDOUT,
                                  env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "FACTDESK_WATCH": watch})
    url = f"http://127.0.0.1:{port}/claims/budget-doubled/"
    try:
        deadline = time.monotonic() + 60
        while (page := _fetch(url)) is None and time.monotonic() < deadline:
            time.sleep(0.3)
        assert page and "No published budget" in page
        path = project / "claims" / "budget-doubled.yml"
        # Saved as many editors save: a new file, renamed over the old one.
        (project / "claims" / ".budget-doubled.yml.tmp").write_text(
            path.read_text().replace("No published budget", "No public budget"))
        os.replace(project / "claims" / ".budget-doubled.yml.tmp", path)
        while "No public budget" not in (_fetch(url) or "") and time.monotonic() < deadline:
            time.sleep(0.3)
        assert "No public budget" in (_fetch(url) or "")
        time.sleep(3)  # some polls, and time for a rebuild set off by the last one to start
        output = log.read_text()
        assert output.count("Detected file changes") == 1, output
        assert ("learns of saves from the system's file events" in output) == (watch == "events"), output
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_dirty_serve_shows_an_edit_on_every_page_that_shows_it(tmp_path):
    """`mkdocs serve --dirty` rebuilds only the pages whose files changed: generated pages must be
    files that change exactly when their text does, hand-written pages with markers included."""
    project = copy_project(tmp_path / "project", MINI)
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as log_file:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
                                  cwd=project, stdout=log_file, stderr=subprocess.STDOUT,
                                  env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    base = f"http://127.0.0.1:{port}/"
    # The other claimant's page lists only the other claim: the edit must not write it again.
    other = project / "build" / "generated" / "claimants" / "mayor-ann-example.md"
    try:
        deadline = time.monotonic() + 90
        while (page := _fetch(base + "claims/budget-doubled/")) is None and time.monotonic() < deadline:
            time.sleep(0.3)
        assert page and "The bridge budget" in page
        untouched = other.stat().st_mtime_ns
        path = project / "claims" / "budget-doubled.yml"
        path.write_text(path.read_text().replace("The bridge budget", "The road budget"))
        while "The road budget" not in (_fetch(base + "claims/budget-doubled/") or "") and time.monotonic() < deadline:
            time.sleep(0.2)
        # The other claim's page too, which offers this one to read next.
        for shown_on in ("claims/budget-doubled/", "claims/", "", "tags/budgets/", "verdicts/unproven/",
                         "sources/daily-planet-2024-01-02/", "claimants/city-officials/",
                         "claims/bridge-opened-in-1990/"):
            assert "The road budget" in (_fetch(base + shown_on) or ""), shown_on
            assert "The bridge budget" not in (_fetch(base + shown_on) or ""), shown_on
        # The explorer's index, which its page loads.
        claims = [claim.claim for claim in read_index(lambda path: _fetch(base + path) or "").claims]
        assert "The road budget *doubled* since <b>1992</b> | twice." in claims
        assert other.stat().st_mtime_ns == untouched
        # MkDocs' warning that a dirty build leads to inaccurate navigation is not for this preview.
        output = log.read_text()
        assert "Building documentation" in output and "dirty" not in output, output
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_footer_names_the_edition_commit_and_date(tmp_path):
    project = copy_project(tmp_path / "project", MINI)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "-A"], cwd=project, check=True)
    subprocess.run([*git, "commit", "-qm", "edition"], cwd=project, check=True)
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=project, capture_output=True, text=True).stdout.strip()
    os.environ["SOURCE_DATE_EPOCH"] = EDITION_EPOCH
    try:
        result = mkdocs_build(project)
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    assert result.returncode == 0, result.output
    page = HtmlPage(result.site / "claims" / "budget-doubled" / "index.html")
    assert f"Edition built {EDITION_TIME:%Y-%m-%d} 00:00 UTC from commit" in page.text
    assert f'<code title="{commit}">{commit[:12]}</code>' in page.html
    assert "uncommitted" not in page.text


def test_factdesk_check_formats_for_github_and_for_programs(tmp_path):
    project = copy_project(tmp_path / "project", MINI)
    _replace("claimants: [mayor-ann-example]", "claimants: [mayor-ann-example]\nclaimnts: \"x, y: 50% off\"")(project)

    def check(output: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "factdesk", "check", "--root", str(project), "--format", output],
                              capture_output=True, text=True)

    github = check("github")
    assert github.returncode == 1
    assert github.stderr == ""  # the annotations only: GitHub shows them, in the log too
    assert github.stdout.splitlines() == [
        f"::error file={BRIDGE},line=3,col=1,title=factdesk check::unknown field `claimnts` in a claim file "
        "(fix: did you mean `claimants`?)"]
    plain = check("text")  # a person at a terminal reads the plain form only
    assert plain.returncode == 1 and plain.stdout == "" and "::error" not in plain.stderr
    assert f"{BRIDGE}:3:1: error: unknown field `claimnts` in a claim file" in plain.stderr
    machine = check("json")
    assert machine.returncode == 1
    assert json.loads(machine.stdout) == {"ok": False, "problems": [
        {"path": BRIDGE, "line": 3, "column": 1, "severity": "error",
         "message": "unknown field `claimnts` in a claim file", "hint": "did you mean `claimants`?"}]}


def test_schemas_are_published_with_the_site(site):
    for name in ("claim.schema.json", "source.schema.json", "claimant.schema.json", "person.schema.json"):
        assert (site / "schemas" / name).read_text() == (REPO / "schemas" / name).read_text()


def test_hostile_text_is_shown_as_text_in_the_built_html(tmp_path):
    project = copy_project(tmp_path / "project", MINI)
    claim = project / BRIDGE
    claim.write_text(claim.read_text()
                     .replace("claim: The harbour bridge opened in 1990.", 'claim: "Schools should teach C# <img src=x onerror=alert(3)>"')
                     .replace("summary: The city's register dates the opening to 1992.",
                              "summary: 'x \"><img src=x onerror=alert(1)> :fire:'"))
    source = project / "sources" / "city-records-2024.yml"
    source.write_text(source.read_text().replace("publisher: City Records Office", 'publisher: "City Records :fire:"')
                      .replace("url: https://records.example.org/works?id=17", "url: https://records.example.org/a\\"))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.output
    for path in result.site.rglob("*.html"):
        assert "<img src=x" not in path.read_text(), path  # every copy of the text is escaped
    page = HtmlPage(result.site / "claims" / "bridge-opened-in-1990" / "index.html")
    assert "Schools should teach C# <img src=x onerror=alert(3)>" in page.text  # shown, not run
    assert '<meta name="description" content="x &quot;&gt;&lt;img' in page.html
    assert "City Records :fire:" in page.text and "twemoji" not in page.article().split("Evidence")[1].split("</ol>")[0]
    assert 'href="https://records.example.org/a%5C"' in page.html


def test_markup_in_an_explanation_is_shown_as_text_and_unsafe_links_are_dropped(tmp_path):
    project = copy_project(tmp_path / "project", MINI)
    _replace("  Nothing in the record supports 1990.",
             "  Nothing <script>alert(1)</script> supports 1990.\n\n"
             "  <div onclick=alert(2)>block</div>\n\n"
             "  [click](javascript:alert(3)) [pic](data:text/html,x) [fine](https://example.org/)")(project)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.output
    article = HtmlPage(result.site / "claims" / "bridge-opened-in-1990" / "index.html").article()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article and "<script>alert" not in article
    assert "&lt;div onclick=alert(2)&gt;" in article and "<div onclick" not in article
    assert "<span>click</span>" in article and "<span>pic</span>" in article and "javascript:" not in article
    assert '<a href="https://example.org/" rel="nofollow noopener">fine</a>' in article  # another host


def test_a_hooks_file_from_an_older_factdesk_still_builds_every_page_whole(tmp_path):
    """Without `on_pre_page` MkDocs cannot wait for pages still being written: they are then made first."""
    # One edition date for both: the footer gives the time of the build, to the minute.
    edition = {"SOURCE_DATE_EPOCH": EDITION_EPOCH}
    current = mkdocs_build(copy_project(tmp_path / "current", MINI), env=edition)
    project = copy_project(tmp_path / "older", MINI)
    hooks = project / "hooks" / "factdesk_hooks.py"
    hooks.write_text(hooks.read_text().replace("    on_pre_page,\n", "").replace('"on_pre_page", ', ""))
    older = mkdocs_build(project, env=edition)
    assert current.returncode == 0 and older.returncode == 0, older.output
    assert "does not list on_pre_page" in older.output and "on_pre_page" not in current.output
    pages = sorted(path.relative_to(current.site) for path in current.site.rglob("*.html"))
    assert pages == sorted(path.relative_to(older.site) for path in older.site.rglob("*.html"))
    for page in ("claims/bridge-opened-in-1990/index.html", "claims/index.html", "sources/city-records-2024/index.html"):
        assert (current.site / page).read_text() == (older.site / page).read_text()


def test_the_offline_zip_is_in_the_site_before_it_takes_the_old_ones_place(tmp_path):
    """`make site` names the zip in FACTDESK_OFFLINE_EDITION: it is copied in with the pages, so that
    no moment has a site linking a zip it does not hold."""
    project = copy_project(tmp_path / "project", MINI)
    edition = {"FACTDESK_OFFLINE_EDITION": "desk-offline.zip"}
    missing = mkdocs_build(project, env=edition)
    assert missing.returncode != 0 and "extra.offline_edition names build/desk-offline.zip, which is not there" \
        in missing.output
    (project / "build" / "desk-offline.zip").write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip

    result = mkdocs_build(project, env=edition)

    assert result.returncode == 0, result.output
    assert (result.site / "desk-offline.zip").read_bytes() == b"PK\x05\x06" + bytes(18)
    assert 'href="../desk-offline.zip"' in (result.site / "about" / "index.html").read_text(encoding="utf-8")
