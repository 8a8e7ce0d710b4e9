"""A preview server keeps parsed files, rendered pages and export entries from one build to the
next. Whatever is edited, what it then generates must be exactly what a fresh build generates."""

from __future__ import annotations

import builtins
import os
import time
from pathlib import Path

import pytest

from factdesk.data import loader
from factdesk.data.problems import errors
from factdesk.data.yamlfile import ParseCache
from factdesk.open_data import exports
from factdesk.site import pages
from factdesk.site.addresses import SiteAddress
from factdesk.site.generated_files import GeneratedFolder
from factdesk.site.memo import Memo

from ..conftest import MINI, copy_data

SITE = SiteAddress("https://factdesk.example.org/")
CLAIM = "claims/budget-doubled.yml"
SOURCE = "sources/city-records-2024.yml"
CLAIMANT = "claimants/city-officials.yml"
PERSON = "people/test-desk.yml"
ARCHIVE = "sources/daily-planet-2024-01-02.txt"

# One edit of every field that a page or an export shows, each as (file, text, replacement).
EDITS = {
    "claim": (CLAIM, "The bridge budget", "The road budget"),
    "claimants": (CLAIM, "claimants: [city-officials]", "claimants: [city-officials, mayor-ann-example]"),
    "citing": (CLAIM, "claimants: [city-officials]", "claimants: [city-officials]\nciting: the works department"),
    "claimant name": (CLAIMANT, "name: City officials", "name: The city's officials"),
    "claimant kind": (CLAIMANT, "kind: government", "kind: organisation"),
    "claimant other names": (CLAIMANT, "kind: government", "kind: government\nother_names: [City Hall]"),
    "claim_date": (CLAIM, "claim_date: 2024-01-01", "claim_date: 2023-12-30"),
    "quote": (CLAIM, "bridges had doubled since then", "bridges had doubled"),
    "verdict": (CLAIM, "verdict: unproven", "verdict: false"),
    "summary": (CLAIM, "No published budget", "No public budget"),
    "body": (CLAIM, "are not public.", "are not public, as the archive confirms."),
    "evidence note": (CLAIM, "lists works, not budgets", "lists works only"),
    "tags": (CLAIM, "tags: [budgets]", "tags: [budgets, bridges]"),
    "published": (CLAIM, "published: 2024-02-02", "published: 2024-02-03"),
    "editor": (CLAIM, "editor: ann-editor\n", ""),
    "person name": (PERSON, "name: Test Desk", "name: The Test Desk"),
    "person role": (PERSON, "role: Fact-checker", "role: Editor"),
    "claim_reviewed": (CLAIM, "verdict: unproven", "claim_reviewed: The bridge budget doubled\nverdict: unproven"),
    "correction": (CLAIM, "author: test-desk", ("author: test-desk\ncorrections:\n  - date: 2024-03-01\n"
                                                "    note: The summary named the wrong year.")),
    "source title": (SOURCE, "title: Register of public works", "title: Register of works"),
    "source publisher": (SOURCE, "publisher: City Records Office", "publisher: City Records"),
    "source url": (SOURCE, "url: https://records.example.org/works?id=17", "url: https://records.example.org/w/17"),
}


def generate(root: Path, cache: ParseCache | None, memo: Memo | None) -> dict[str, str | bytes]:
    publication = loader.load_publication(root) if cache is None else _load(root, cache)
    files: dict[str, str | bytes] = {page.path: page.text for page in pages.generate_pages(publication, memo)}
    files.update(exports.export_files(publication, SITE, memo))
    for name, page in (("index.md", "<!-- factdesk:latest -->"), ("corrections.md", "<!-- factdesk:corrections -->")):
        files[name] = pages.expand_markers(page, publication, name, memo)
    if memo is not None:
        memo.end_build()
    return files


def _load(root: Path, cache: ParseCache) -> loader.Publication:
    publication, problems = loader.read_publication(root, cache)
    assert publication is not None, problems
    return publication


@pytest.mark.parametrize("page_size", [50, 1], ids=["one page", "in pages"])
@pytest.mark.parametrize("field", EDITS)
def test_an_edit_generates_what_a_fresh_build_generates(tmp_path: Path, field: str, page_size: int) -> None:
    """Also with listings in pages (see paging), each of whose pages has a key of its own. Three claims
    more (invented): one tagged as the tags edit tags the edited claim, and two like the edited one,
    so that the tags edit changes which claims the first one's page offers as related: the memo keeps
    those only while what ranks them stays the same."""
    root = copy_data(tmp_path, MINI)
    (root / "factdesk.yml").write_text(f"page_size: {page_size}\n", encoding="utf-8")
    bridge = (root / "claims" / "bridge-opened-in-1990.yml").read_text(encoding="utf-8")
    (root / "claims" / "bridge-repeated.yml").write_text(
        bridge.replace("tags: [infrastructure, dates]", "tags: [bridges]")
        .replace("claim_date: 2024-01-01", "claim_date: 2023-12-01"), encoding="utf-8")
    budget = (root / CLAIM).read_text(encoding="utf-8")
    for n in (1, 2):
        (root / "claims" / f"a-budget-doubled-{n}.yml").write_text(budget, encoding="utf-8")
    aged(root)
    cache, memo = ParseCache(), Memo()
    before = generate(root, cache, memo)
    path, old, new = EDITS[field]
    text = (root / path).read_text(encoding="utf-8")
    assert old in text
    (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")

    kept = generate(root, cache, memo)

    fresh = generate(root, None, None)
    assert kept == fresh
    assert kept != before, f"the edit of {field} changed nothing: the test would prove nothing"


def aged(root: Path) -> Path:
    """Files last changed an hour ago, which a `ParseCache` trusts unchanged while their size,
    times and inode stay the same (a file changed in the last seconds is always read again)."""
    an_hour_ago = time.time() - 3600
    for path in root.rglob("*"):
        os.utime(path, (an_hour_ago, an_hour_ago))
    return root


def test_a_rewritten_file_is_read_again_though_its_size_and_modification_time_are_the_same(tmp_path: Path) -> None:
    """A tool may restore a file's modification time (an archive extracted, a copy that keeps times);
    the change of status time still tells the preview to read it."""
    root = aged(copy_data(tmp_path, MINI))
    cache = ParseCache()
    path = root / CLAIM
    before = generate(root, cache, Memo())
    text, stamp = path.read_text(encoding="utf-8"), path.stat().st_mtime_ns
    edited = text.replace("No published budget", "No publisher budget")
    assert len(edited) == len(text) and edited != text
    time.sleep(0.01)  # the status time is stamped by a clock of a few milliseconds' resolution
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(stamp, stamp))

    assert generate(root, cache, Memo()) == generate(root, None, None) != before


def test_an_edited_archived_text_is_checked_again(tmp_path: Path) -> None:
    root = aged(copy_data(tmp_path, MINI))
    cache = ParseCache()
    generate(root, cache, Memo())
    archive = root / ARCHIVE
    archive.write_text(archive.read_text(encoding="utf-8").replace("had doubled", "rose"), encoding="utf-8")

    publication, problems = loader.read_publication(root, cache)

    assert publication is None
    assert [(p.path, p.message.split(":")[0]) for p in errors(problems)] == [
        (CLAIM, "the quote does not occur in the archived text of `daily-planet-2024-01-02`")]


def test_unchanged_files_are_not_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = aged(copy_data(tmp_path, MINI))
    cache = ParseCache()
    generate(root, cache, Memo())
    opened: list[str] = []
    real_open, real_os_open = builtins.open, os.open
    monkeypatch.setattr(builtins, "open", lambda file, *args, **kwargs: opened.append(str(file))
                        or real_open(file, *args, **kwargs))
    monkeypatch.setattr(os, "open", lambda file, *args, **kwargs: opened.append(str(file))
                        or real_os_open(file, *args, **kwargs))
    generate(root, cache, Memo())
    data = [name for name in opened if "/claims/" in name or "/sources/" in name]
    assert data == [], data
    (root / CLAIM).write_text((root / CLAIM).read_text(encoding="utf-8") + "\n", encoding="utf-8")
    opened.clear()
    generate(root, cache, Memo())
    assert [name for name in opened if "/claims/" in name or "/sources/" in name] == [str(root / CLAIM)] * 2


def test_unchanged_records_are_the_very_objects_of_the_last_load_and_an_edited_one_is_read_again(tmp_path: Path) -> None:
    """Claimants and people kept whole while their files are unchanged: the preview's keys then compare
    them by identity, not field by field."""
    root = aged(copy_data(tmp_path, MINI))
    cache = ParseCache()
    first, second = _load(root, cache), _load(root, cache)
    assert all(second.claimants[key] is first.claimants[key] for key in first.claimants)
    assert all(second.people[key] is first.people[key] for key in first.people)
    path, old, new = EDITS["claimant name"]
    (root / path).write_text((root / path).read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    third = _load(root, cache)
    edited = Path(path).stem
    assert third.claimants[edited].name == "The city's officials"
    assert all(third.claimants[key] is first.claimants[key] for key in first.claimants if key != edited)


def test_an_edit_of_the_editor_renders_only_the_claim_page_and_the_editors_again(tmp_path: Path) -> None:
    root = copy_data(tmp_path, MINI)
    cache, memo = ParseCache(), Memo()
    before = generate(root, cache, memo)
    path, old, new = EDITS["editor"]
    (root / path).write_text((root / path).read_text(encoding="utf-8").replace(old, new), encoding="utf-8")

    after = generate(root, cache, memo)

    # A page taken from the memo is the very same text object; a page rendered again is a new one.
    # The index pages of verdicts and tags are a few lines and always rendered.
    always = {pages.VERDICTS_INDEX, pages.TAGS_INDEX, "index.md", "corrections.md"}
    rendered_again = sorted(name for name in after if name.endswith(".md") and name not in always
                            and after[name] is not before[name])
    assert rendered_again == ["claims/budget-doubled.md", "people/ann-editor.md"]


def test_a_generated_file_is_written_only_when_its_content_changes(tmp_path: Path) -> None:
    folder = GeneratedFolder(tmp_path / "generated")
    kept = folder.write("claims/a.md", "# A\n")
    changed = folder.write("claims/b.md", "# B\n")
    folder.remove_others()
    for path in (kept, changed):
        os.utime(path, (1_000_000, 1_000_000))  # long ago: a rewrite would give it a new time

    restarted = GeneratedFolder(tmp_path / "generated")  # as after a restart: compared on disk
    restarted.write("claims/a.md", "# A\n")
    restarted.write("claims/b.md", "# B, edited\n")
    restarted.remove_others()
    assert kept.stat().st_mtime == 1_000_000  # the same content: not written again
    restarted.write("claims/b.md", "# B, edited\n")  # claims/a.md is no longer generated
    restarted.write("claims/c.md", "# C\n")
    restarted.remove_others()

    assert changed.read_text() == "# B, edited\n" and changed.stat().st_mtime > 1_000_000
    assert not kept.exists()
    assert sorted(p.name for p in (tmp_path / "generated" / "claims").iterdir()) == ["b.md", "c.md"]


def test_an_unchanged_generated_file_keeps_its_time(tmp_path: Path) -> None:
    folder = GeneratedFolder(tmp_path / "generated")
    path = folder.write("claims/a.md", "# A\n")
    os.utime(path, (1_000_000, 1_000_000))
    folder.write("claims/a.md", "# A\n")
    GeneratedFolder(tmp_path / "generated").write("claims/a.md", "# A\n")
    assert path.stat().st_mtime == 1_000_000


def test_a_file_changed_in_the_last_seconds_is_read_again(tmp_path: Path) -> None:
    """Two writes within one tick of the clock that stamps files leave the same times, and often the
    same size: a file read so soon after it was written cannot vouch for its content by them."""
    path = tmp_path / "claim.yml"
    path.write_text("claim: one\n", encoding="utf-8")
    cache = ParseCache()
    cache.read(str(path))
    assert not cache.same_as_read(str(path))
    aged(tmp_path)
    cache.read(str(path))
    assert cache.same_as_read(str(path))
