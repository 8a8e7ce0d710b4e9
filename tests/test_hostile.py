"""The hostile-input corpus (`tests/hostile/cases.py`): each case is refused with placed problems
and a fix, or built with nothing in it left to run; never a traceback, never a partial site."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from factdesk.data.loader import read_publication
from factdesk.data.problems import errors

from .conftest import MINI, copy_data, copy_project, mkdocs_build
from .hostile.cases import CASES, OUTSIDE_TEXT, SCRIPT, Case, reject, sub

MORE = "…"
"""A case's last expected problem may be this: further problems follow that it does not list."""


def apply(case: Case, root: Path) -> None:
    for edit in case.edits:
        path = root / edit.path
        if edit.action != "write":
            _replace_on_disk(path, edit.action, root.parent / f"outside-{root.name}.txt")
            continue
        if edit.old is None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(edit.new if isinstance(edit.new, bytes) else edit.new.encode("utf-8"))
            continue
        text = path.read_bytes().decode("utf-8")
        assert edit.old in text, f"{case.name}: {edit.old!r} is not in {edit.path}"
        path.write_bytes(text.replace(edit.old, edit.new, 1).encode("utf-8"))


def _replace_on_disk(path: Path, action: str, outside: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    if action == "link":
        outside.write_text(OUTSIDE_TEXT, encoding="utf-8")
        path.symlink_to(outside)
    elif action == "folder":
        path.mkdir(parents=True)
    elif action == "fifo":
        os.mkfifo(path)


def placed(problem) -> str:
    return f"{problem.path}:{problem.line}:{problem.column}: {problem.message}"


def check_in_process(case: Case, root: Path) -> None:
    apply(case, root)
    publication, problems = read_publication(root)
    found = errors(problems)
    if case.builds:
        assert publication is not None and not found, [placed(p) for p in found]
        return
    assert publication is None
    expected = list(case.problems)
    shown = [placed(p) for p in found]
    if expected[-1] == MORE:
        expected.pop()
        shown = shown[:len(expected)]
    assert len(shown) == len(expected), shown
    for want, got in zip(expected, shown):
        assert got.startswith(want), (want, got)
    assert all(p.hint for p in found), [placed(p) for p in found if not p.hint]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_corpus_case(case, tmp_path):
    check_in_process(case, copy_data(tmp_path / "pub"))


def test_the_corpus_covers_enough():
    assert len(CASES) >= 50
    assert sum(case.builds for case in CASES) >= 8 and sum(case.mkdocs for case in CASES) >= 3


def test_the_alias_bomb_is_refused_at_every_anchor_and_alias(tmp_path):
    bomb = next(case for case in CASES if case.name == "structure: billion laughs")
    root = copy_data(tmp_path / "pub")
    apply(bomb, root)
    started = time.perf_counter()
    publication, problems = read_publication(root)
    assert time.perf_counter() - started < 2
    assert publication is None
    # Every anchor and every alias, each placed (and a warning: the claimant is named by no claim now).
    assert len([p for p in problems if p.severity == "error"]) == 9 + 8 * 9
    assert all(p.hint for p in problems)


# Real builds: only a few cases, a build takes seconds. ------------------------------------------

def html_of(site: Path) -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in site.rglob("*.html")}


@pytest.mark.parametrize("case", [c for c in CASES if c.mkdocs], ids=[c.name for c in CASES if c.mkdocs])
def test_hostile_text_builds_into_inert_html(case, tmp_path):
    project = copy_project(tmp_path / "project", MINI)
    apply(case, project)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.output
    pages = html_of(result.site)
    assert pages
    for path, html in pages.items():
        for text in case.absent:
            assert text not in html, (text, path)
    everything = "\n".join(pages.values())
    for text in case.present:
        assert text in everything, text


REFUSED_BUILDS = [
    reject("build: an override in a name", sub("claimants/mayor-ann-example.yml",
                                               "name: Mayor Ann Example", "name: Mayor \u202eAnn"),
           problems=["claimants/mayor-ann-example.yml:3:13: error: `name` contains an invisible character"]),
    reject("build: a script as a verdict", sub("claims/bridge-opened-in-1990.yml", 'verdict: "false"',
                                              f"verdict: {SCRIPT}"),
           problems=["claims/bridge-opened-in-1990.yml:7:10: error: `<script>"]),
]


@pytest.mark.parametrize("case", REFUSED_BUILDS, ids=[c.name for c in REFUSED_BUILDS])
def test_refused_input_fails_the_build_and_writes_no_site(case, tmp_path):
    project = copy_project(tmp_path / "project", MINI)
    apply(case, project)
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert case.problems[0] in result.output
    assert "fix: " in result.output and "Traceback" not in result.output
    assert not result.site.exists()


# Many claims ------------------------------------------------------------------------------------

def tiny_claim(n: int) -> str:
    return (f"claim: Claim number {n}.\nclaimants: [person-{n % 50}]\nclaim_date: 2024-01-01\n"
            "appearances:\n  - source: daily-planet-2024-01-02\n    quote: the mayor said \"opened in 1990\"\n"
            f"verdict: unproven\nsummary: Summary {n}.\nbody: Body {n}.\n"
            "evidence:\n  - source: city-records-2024\n    note: A note.\n"
            f"tags: [tag-{n % 30}]\npublished: 2024-02-01\nauthor: test-desk\n")


def tiny_claimants(root: Path) -> None:
    for n in range(50):
        (root / "claimants" / f"person-{n}.yml").write_text(f"name: Person {n}\nkind: person\n", encoding="utf-8")


def test_two_thousand_claims_are_checked_quickly(tmp_path):
    root = copy_data(tmp_path / "pub")
    tiny_claimants(root)
    for n in range(2000):
        (root / "claims" / f"claim-{n:04d}.yml").write_text(tiny_claim(n), encoding="utf-8")
    started = time.perf_counter()
    publication, problems = read_publication(root)
    elapsed = time.perf_counter() - started
    assert publication is not None, problems[:5]
    assert len(publication.claims) == 2002
    assert elapsed < 20, elapsed


def test_one_bad_claim_among_two_thousand_is_found_with_its_place(tmp_path):
    root = copy_data(tmp_path / "pub")
    tiny_claimants(root)
    for n in range(2000):
        text = tiny_claim(n)
        if n == 1234:
            text = text.replace("summary: Summary 1234.", "summary: Summary \u202e1234.")
        (root / "claims" / f"claim-{n:04d}.yml").write_text(text, encoding="utf-8")
    publication, problems = read_publication(root)
    assert publication is None
    assert [placed(p) for p in problems] == [
        "claims/claim-1234.yml:8:18: `summary` contains an invisible character: U+202E RIGHT-TO-LEFT OVERRIDE"]
