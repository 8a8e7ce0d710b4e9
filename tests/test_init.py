"""`factdesk init`: a new publication that passes the checks and the strict build straight away,
with nothing of this repository but the installed package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from factdesk.loader import load_publication

from .conftest import REPO, mkdocs_build


def factdesk(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "factdesk", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


def test_a_new_publication_with_its_example_checks_and_builds(tmp_path: Path):
    desk = tmp_path / "harbour-checks"
    done = factdesk("init", str(desk), "--name", "Harbour Checks", "--url", "https://checks.example.org", "--example")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"wrote a new publication in {desk}: 21 files\n")
    for path in (".github/workflows/pull-request.yml", ".github/workflows/publish.yml", ".pre-commit-config.yaml",
                 ".gitignore", "README.md", "requirements.txt", "mkdocs.yml", "factdesk.yml",
                 "hooks/factdesk_hooks.py", *(f"docs/{page}.md" for page in (
                     "index", "methodology", "corrections", "about", "open-data", "contributing"))):
        assert (desk / path).is_file(), path
    # The hook is the one this repository's own publication uses; factdesk is pinned at this version.
    assert (desk / "hooks" / "factdesk_hooks.py").read_bytes() == (REPO / "hooks" / "factdesk_hooks.py").read_bytes()
    assert "factdesk[site,pdf]==" in (desk / "requirements.txt").read_text()
    settings = yaml.safe_load((desk / "factdesk.yml").read_text())
    assert settings == {"name": "Harbour Checks", "language": "en", "url": "https://checks.example.org/"}

    checked = factdesk("check", cwd=desk)
    assert checked.returncode == 0 and checked.stdout == "ok: 1 claims and 1 sources, no problems.\n", checked.stderr
    built = mkdocs_build(desk)
    assert built.returncode == 0, built.output
    home = (built.site / "index.html").read_text(encoding="utf-8")
    assert "<title>Fact-checks - Harbour Checks</title>" in home and "The harbour bridge opened in 1994" in home
    assert (built.site / "claims" / "example-bridge-opened-in-1994" / "index.html").is_file()


def test_a_new_publication_without_claims_checks_and_builds(tmp_path: Path):
    desk = tmp_path / "desk"
    desk.mkdir()  # an empty folder is taken
    assert factdesk("init", str(desk), "--name", "Empty Desk").returncode == 0
    assert sorted(path.name for path in (desk / "claims").iterdir()) == [".gitkeep"]
    assert load_publication(desk).claims == ()
    built = mkdocs_build(desk)
    assert built.returncode == 0, built.output


def test_names_are_written_as_text_in_yaml_and_markdown(tmp_path: Path):
    desk = tmp_path / "desk"
    name = "Desk's: #1 & *more*"
    assert factdesk("init", str(desk), "--name", name, "--example").returncode == 0
    assert yaml.safe_load((desk / "factdesk.yml").read_text())["name"] == name
    assert yaml.safe_load((desk / "mkdocs.yml").read_text().split("\ntheme:")[0])["site_name"] == name
    built = mkdocs_build(desk)
    assert built.returncode == 0, built.output
    about = (built.site / "about" / "index.html").read_text(encoding="utf-8")
    assert "<em>more</em>" not in about and "#1 &amp; *more*" in about
    # Material writes the name into pages as it is: markup in it is refused, before anything is written.
    done = factdesk("init", str(tmp_path / "marked"), "--name", 'The "<b>Desk</b>"')
    assert done.returncode == 2 and "the name may not hold <, > or \"" in done.stderr
    assert not (tmp_path / "marked").exists()


def test_init_refuses_a_folder_that_holds_anything(tmp_path: Path):
    desk = tmp_path / "desk"
    desk.mkdir()
    (desk / "notes.txt").write_text("ours\n")
    done = factdesk("init", str(desk), "--name", "Desk")
    assert done.returncode == 2 and "is not an empty folder" in done.stderr
    assert [path.name for path in desk.iterdir()] == ["notes.txt"]
    done = factdesk("init", str(tmp_path / "other"), "--name", "Desk", "--url", "checks.example.org")
    assert done.returncode == 2 and "--url should be a web address" in done.stderr
    assert not (tmp_path / "other").exists()


def test_the_new_publications_workflows_are_valid(tmp_path: Path):
    desk = tmp_path / "desk"
    assert factdesk("init", str(desk), "--name", "Desk").returncode == 0
    checker = Path(sys.executable).parent / "check-jsonschema"
    done = subprocess.run([str(checker), "--builtin-schema", "vendor.github-workflows",
                           *map(str, sorted((desk / ".github" / "workflows").glob("*.yml")))],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    workflow = (desk / ".github" / "workflows" / "pull-request.yml").read_text()
    assert "factdesk check --format github --base" in workflow and "factdesk build" in workflow
