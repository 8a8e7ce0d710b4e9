"""The hook runs unchanged on ProperDocs, the maintained continuation of MkDocs 1.x: `properdocs build`
reads the same mkdocs.yml, and the site it builds is MkDocs' own, file by file (pages, links,
JSON-LD, feeds, search entries), but for the generator each names in a meta tag."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from ..conftest import EDITION_EPOCH, MINI, build_environment, copy_project

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def built_by(engine: str, project: Path, site: Path) -> None:
    done = subprocess.run([str(Path(sys.executable).parent / engine), "build", "--strict", "-d", str(site)],
                          cwd=project, capture_output=True, text=True, timeout=300,
                          env={**build_environment(), "SOURCE_DATE_EPOCH": EDITION_EPOCH})
    assert done.returncode == 0, (engine, done.stdout + done.stderr)


def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path: Path):
    project = copy_project(tmp_path / "desk", MINI)
    built_by("mkdocs", project, tmp_path / "by-mkdocs")
    built_by("properdocs", project, tmp_path / "by-properdocs")
    files = {engine: sorted(path.relative_to(tmp_path / engine) for path in (tmp_path / engine).rglob("*")
                            if path.is_file()) for engine in ("by-mkdocs", "by-properdocs")}
    assert files["by-mkdocs"] == files["by-properdocs"]
    assert Path("claims/bridge-opened-in-1990/index.html") in files["by-mkdocs"]
    differing = []
    for relative in files["by-mkdocs"]:
        ours, theirs = ((tmp_path / engine / relative).read_bytes() for engine in ("by-mkdocs", "by-properdocs"))
        if relative.suffix == ".gz":  # the compressed sitemap: its text is compared as sitemap.xml
            continue
        if GENERATOR.sub(b"", ours) != GENERATOR.sub(b"", theirs):
            differing.append(str(relative))
    assert differing == []
