"""Reproducible builds: two `mkdocs build --strict` of the same files, with the same
SOURCE_DATE_EPOCH, write byte-identical sites, so that mirrors, caches and diffs stay quiet and
anyone can check that a published site is what its commit builds.

(Two PDF editions of one commit are compared in tests/test_pdf.py.)"""

from __future__ import annotations

import os
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from factdesk.editions.archive import zip_folder

from ..conftest import EDITION_EPOCH, copy_project, mkdocs_build

EPOCH = EDITION_EPOCH


def tree(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def build_with_epoch(project: Path, site: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.output
    return tree(result.site.rename(site))


def test_two_builds_of_the_same_files_are_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    project = copy_project(tmp_path / "project")
    first = build_with_epoch(project, tmp_path / "first", monkeypatch)
    # A second build from scratch: no cache left over (share cards are cached in build/).
    os.sync()
    second = build_with_epoch(copy_project(tmp_path / "again"), tmp_path / "second", monkeypatch)
    assert first.keys() == second.keys(), sorted(first.keys() ^ second.keys())
    differing = sorted(name for name in first if first[name] != second[name])
    assert differing == [], "files that differ between two builds:\n" + "\n".join(differing)
    assert "sitemap.xml.gz" in first and "claims.csv" in first


def test_a_rebuild_with_the_share_card_cache_is_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    project = copy_project(tmp_path / "project")
    first = build_with_epoch(project, tmp_path / "first", monkeypatch)
    second = build_with_epoch(project, tmp_path / "second", monkeypatch)
    differing = sorted(name for name in first if first.get(name) != second.get(name))
    assert first.keys() == second.keys() and differing == [], "\n".join(differing)


def test_the_offline_zip_is_the_same_whatever_the_files_dates(tmp_path):
    folder = tmp_path / "edition"
    for name, text in {"index.html": "home", "claims/a.html": "a", "search/search_index.js": "var x"}.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    built = datetime(2026, 11, 23, tzinfo=UTC)
    assert zip_folder(folder, tmp_path / "one.zip", built) == 3
    for path in folder.rglob("*.html"):
        os.utime(path, (1_000_000_000, 1_000_000_000))  # a later checkout, other file dates
    zip_folder(folder, tmp_path / "two.zip", built)
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "one.zip") as archive:
        assert archive.namelist() == ["edition/claims/a.html", "edition/index.html", "edition/search/search_index.js"]
        assert archive.read("edition/index.html") == b"home"
