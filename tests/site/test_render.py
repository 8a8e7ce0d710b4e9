"""`factdesk render DIR`: the site's whole source, built by an engine that runs no hooks (here MkDocs
itself, with no hook), into the same pages as the hook's build."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ..conftest import MINI, build_environment, copy_project, mkdocs_build


def test_the_rendered_source_builds_without_the_hook_into_the_same_pages(tmp_path: Path):
    project = copy_project(tmp_path / "desk", MINI)
    (project / "docs" / "notes").mkdir()
    (project / "docs" / "notes" / "latest.md").write_text("# Latest\n\n<!-- factdesk:latest -->\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - About: about.md\n",
                                                                  "  - About: about.md\n  - Notes: notes/latest.md\n"))
    source = tmp_path / "rendered"
    done = subprocess.run([sys.executable, "-m", "factdesk", "render", str(source), "--root", str(project)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    config = (source / "mkdocs.yml").read_text(encoding="utf-8")
    assert "hooks:" not in config and "custom_dir: \"theme\"" in config and "  - factdesk.safe_markdown\n" in config
    extensions = config.split("\nmarkdown_extensions:\n")[1].split("\n\n")[0]
    assert extensions.rstrip().endswith("  - factdesk.safe_markdown") and "  - toc:" in extensions  # last of all
    assert (source / "theme" / "main.html").is_file() and (source / "docs" / "claims.json").is_file()

    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "plain")],
                           cwd=source, capture_output=True, text=True, env=build_environment(), timeout=300)
    assert plain.returncode == 0, plain.stdout + plain.stderr
    hooked = mkdocs_build(project, tmp_path / "hooked")
    assert hooked.returncode == 0, hooked.output

    def pages(site: Path) -> set[str]:
        return {path.relative_to(site).as_posix() for path in site.rglob("index.html")}

    assert pages(tmp_path / "plain") == pages(tmp_path / "hooked")
    claim = (tmp_path / "plain" / "claims" / "bridge-opened-in-1990" / "index.html").read_text(encoding="utf-8")
    assert "fd-card" in claim and "stylesheets/factdesk.css" in claim
    # Each claim's head is in the source too, as a template of its theme: the same ClaimReview, share
    # cards and feed link as the hook's build, and the share image they name.
    hooked_claim = (tmp_path / "hooked" / "claims" / "bridge-opened-in-1990" / "index.html").read_text(encoding="utf-8")

    def head(page: str) -> str:
        start = page.index('<script type="application/ld+json">')
        return page[start:page.index('<link rel="alternate" type="application/atom+xml"', start)]
    assert head(claim) == head(hooked_claim) and '"@type":"ClaimReview"' in head(claim)
    assert 'href="../../feed.xml"' in claim
    assert (tmp_path / "plain" / "share" / "bridge-opened-in-1990.png").read_bytes() == \
        (tmp_path / "hooked" / "share" / "bridge-opened-in-1990.png").read_bytes()
    # Only claim pages have a head of their own there; the others' share metadata is the hook's.
    assert "og:title" not in (tmp_path / "plain" / "about" / "index.html").read_text(encoding="utf-8")
    for name in ("claims.json", "claims.csv", "feed.xml", "claimreview.json"):
        assert (tmp_path / "plain" / name).is_file(), name
    # A marker in a page of a subfolder is expanded as the hook expands it; addresses are the site's.
    notes = (tmp_path / "plain" / "notes" / "latest" / "index.html").read_text(encoding="utf-8")
    assert "factdesk:latest" not in notes and "bridge-opened-in-1990" in notes
    assert (tmp_path / "plain" / "sitemap.xml").read_text().count("<loc>") == \
        (tmp_path / "hooked" / "sitemap.xml").read_text().count("<loc>") > 10


def test_render_refuses_a_folder_that_holds_anything(tmp_path: Path):
    project = copy_project(tmp_path / "desk", MINI)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("ours\n")
    done = subprocess.run([sys.executable, "-m", "factdesk", "render", str(tmp_path / "out"), "--root", str(project)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1 and "is not an empty folder" in done.stderr
    assert [path.name for path in (tmp_path / "out").iterdir()] == ["keep.txt"]
    done = subprocess.run([sys.executable, "-m", "factdesk", "render", str(project / "docs" / "out"),
                           "--root", str(project)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 1 and "is inside docs/, which the site publishes" in done.stderr
    assert not (project / "docs" / "out").exists()
