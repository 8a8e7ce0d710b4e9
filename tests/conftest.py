"""Shared fixtures: copies of real projects in temporary folders, and a way to build them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
MINI = REPO / "tests" / "fixtures" / "mini"
SITE_PARTS = ("mkdocs.yml", "factdesk.yml", "docs", "hooks")
EDITION_EPOCH = str(int(time.time()) // 86400 * 86400)
"""A SOURCE_DATE_EPOCH for builds that must be alike: midnight (UTC) today, which no date in the data
is after (a date still to come is an error), and the same for every build of one test run."""
EDITION_TIME = datetime.fromtimestamp(int(EDITION_EPOCH), UTC)


@dataclass
class BuildResult:
    returncode: int
    output: str
    site: Path


def copy_project(destination: Path, data: Path = REPO) -> Path:
    """The site's configuration from this repository, with claims and sources from `data`."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in SITE_PARTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, destination / name)
    return copy_data(destination, data)


def copy_data(destination: Path, data: Path = MINI) -> Path:
    """A publication's claims and sources, copied where a test may change them; and the settings of a
    test publication under tests/fixtures/ that has its own (the multilingual one's other languages)."""
    for name in ("claims", "sources", "claimants", "people", "stories"):
        if (data / name).is_dir():  # a publication may follow no story
            shutil.copytree(data / name, destination / name)
    if data.parent == MINI.parent and (data / "factdesk.yml").is_file():
        destination.mkdir(parents=True, exist_ok=True)
        shutil.copy2(data / "factdesk.yml", destination / "factdesk.yml")
    return destination


def mkdocs_build(project: Path, site: Path | None = None, *, as_user: tuple[str, ...] = (),
                 env: dict[str, str] | None = None) -> BuildResult:
    """A real `mkdocs build --strict`, in its own process, as an editor would run it (`as_user`: a
    command prefix, such as `WITHOUT_ROOT`)."""
    site = site or project / "site"
    done = subprocess.run([*as_user, *mkdocs_command(site)], cwd=project, capture_output=True, text=True,
                          env={**build_environment(), **(env or {})}, timeout=300)
    return BuildResult(done.returncode, done.stdout + done.stderr, site)


def mkdocs_command(site: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)]


def build_environment() -> dict[str, str]:
    # The site's address is the one in the project's factdesk.yml, whatever the shell says.
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "FACTDESK_URL": ""}


# Root may read and write any file; a test of what a user without that right sees runs its command
# without the capabilities that grant it (the kernel then checks root's rights as any user's).
WITHOUT_ROOT: tuple[str, ...] = ("setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner") \
    if os.geteuid() == 0 else ()


@pytest.fixture
def mini_project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "mini", MINI)


@pytest.fixture(scope="session")
def built_publication(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The real publication, built once for every test that reads its HTML."""
    project = copy_project(tmp_path_factory.mktemp("publication") / "project")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.output
    return result


def choose_search(project: Path, engine: str) -> Path:
    """The project with `search: <engine>` in its factdesk.yml."""
    with (project / "factdesk.yml").open("a", encoding="utf-8") as settings:
        settings.write(f"\nsearch: {engine}\n")
    return project


@pytest.fixture(scope="session")
def pagefind_publication(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The real publication with `search: pagefind`, built once."""
    project = choose_search(copy_project(tmp_path_factory.mktemp("pagefind") / "project"), "pagefind")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.output
    return result
