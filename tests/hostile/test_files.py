"""Only the publication's own files are read, every entry is accounted for, and text that looks
right but is not is caught: each with a real build where a build is what is at stake."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from factdesk.loader import read_publication

from ..conftest import MINI, build_environment, copy_data, copy_project, mkdocs_build
from .cases import OUTSIDE_TEXT, QUOTE, SOURCE, B, D

# A source that no claim quotes yet: its archived text is published, and nothing checks its words.
LINKED = ("sources/city-minutes-2024.txt", "docs/notes.md", "overrides/assets/notes.js")


def offline_edition(project: Path) -> subprocess.CompletedProcess[str]:
    """`make offline`'s two steps: the offline build, then its zip."""
    folder = project / "build" / "offline" / "desk-offline"
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(folder)], cwd=project,
                           capture_output=True, text=True, env={**build_environment(), "OFFLINE": "true"}, timeout=300)
    if built.returncode != 0:
        return built
    return subprocess.run([sys.executable, "-m", "factdesk.archive", str(folder), str(project / "build" / "desk.zip")],
                          cwd=project, capture_output=True, text=True, timeout=300)


def everything_published(project: Path) -> str:
    """Every byte of the site and of the offline zip, as text."""
    site = "".join(path.read_bytes().decode("utf-8", "replace") for path in (project / "site").rglob("*")
                   if path.is_file())
    with zipfile.ZipFile(project / "build" / "desk.zip") as archive:
        zipped = "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return site + zipped


def test_a_link_out_of_the_publication_publishes_nothing_of_what_it_points_to(tmp_path):
    project = copy_project(tmp_path / "project", MINI)
    assert mkdocs_build(project).returncode == 0
    assert offline_edition(project).returncode == 0
    secret = tmp_path / "outside.txt"  # such as the job's .git/config, with its token
    secret.write_text(OUTSIDE_TEXT, encoding="utf-8")
    (project / "sources" / "city-minutes-2024.yml").write_text(SOURCE, encoding="utf-8")
    for name in LINKED:
        (project / name).symlink_to(secret)

    built, offline = mkdocs_build(project), offline_edition(project)

    for result in (built.returncode, offline.returncode):
        assert result != 0
    for output in (built.output, offline.stdout + offline.stderr):
        for name in LINKED:
            assert f"{name}:1:1: error: a symbolic link is not read" in output, output
        assert "Traceback" not in output
    assert OUTSIDE_TEXT not in everything_published(project)
    assert not (project / "site.partial").exists()


def test_what_the_check_skips_the_build_skips_and_nothing_else(tmp_path):
    project = copy_project(tmp_path / "project", MINI)
    backup = project / (D + "~")
    backup.write_text("claim: An old draft that must not be published.\n", encoding="utf-8")
    (project / "claims" / "more").mkdir()
    (project / "claims" / "more" / "budget-tripled.yml").write_bytes((project / D).read_bytes())

    refused = mkdocs_build(project)
    checked = subprocess.run([sys.executable, "-m", "factdesk", "check"], cwd=project, capture_output=True, text=True)

    message = "claims/more/:1:1: error: a folder inside claims/ is not read"
    assert refused.returncode != 0 and message in refused.output
    assert checked.returncode == 1 and message in checked.stderr
    (project / "claims" / "more" / "budget-tripled.yml").unlink()
    (project / "claims" / "more").rmdir()
    assert mkdocs_build(project).returncode == 0
    assert "An old draft" not in everything_html(project / "site")


def everything_html(site: Path) -> str:
    return "".join(path.read_text(encoding="utf-8") for path in site.rglob("*.html"))


def test_a_publication_without_its_claims_folder_builds_no_site(tmp_path):
    project = copy_project(tmp_path / "project", MINI)
    for path in (project / "claims").iterdir():
        path.unlink()
    (project / "claims").rmdir()

    result = mkdocs_build(project)

    assert result.returncode != 0
    assert "claims/:1:1: error: the folder claims/ is missing" in result.output
    assert not result.site.exists()


def test_a_look_alike_letter_that_stops_a_quote_matching_is_named_in_the_fix(tmp_path):
    root = copy_data(tmp_path / "pub")
    claim = root / B
    claim.write_text(claim.read_text(encoding="utf-8").replace(QUOTE, QUOTE.replace("mayor", "m\u0430yor")),
                     encoding="utf-8")

    _, problems = read_publication(root)

    [problem] = problems
    assert "U+0430 CYRILLIC SMALL LETTER A among Latin letters" in problem.hint


def test_an_accent_that_stops_a_quote_matching_is_named_in_the_fix(tmp_path):
    root = copy_data(tmp_path / "pub")
    claim = root / B
    claim.write_text(claim.read_text(encoding="utf-8").replace("opened in", "op\u00e9ned in"), encoding="utf-8")

    _, problems = read_publication(root)

    [problem] = problems
    assert "U+00E9 LATIN SMALL LETTER E WITH ACUTE in the quote, U+0065 LATIN SMALL LETTER E in the source" \
        in problem.hint


def test_two_files_checking_one_claim_are_named_together(tmp_path):
    root = copy_data(tmp_path / "pub")
    text = (root / D).read_text(encoding="utf-8")
    (root / "claims" / "bridge-budget-doubled.yml").write_text(
        # The same claim, as another editor might type it: other quotation marks, case and spacing.
        text.replace("claim: The bridge budget *doubled*", "claim:  the bridge budget *DOUBLED*"), encoding="utf-8")

    publication, problems = read_publication(root)

    assert publication is not None  # a warning: the strict build refuses it, the check shows it
    [warning] = problems
    assert (warning.severity, warning.path, warning.message) == (
        "warning", D, "claims/bridge-budget-doubled.yml checks the same claim")
