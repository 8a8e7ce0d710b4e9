"""Only the publication's own files are read, every entry is accounted for, and text that looks
right but is not is caught: each with a real build where a build is what is at stake."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from factdesk.data.loader import read_publication
from factdesk.editions.edition import inputs_digest

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
    return subprocess.run([sys.executable, "-m", "factdesk.editions.archive", str(folder), str(project / "build" / "desk.zip")],
                          cwd=project, capture_output=True, text=True, timeout=300)


def everything_published(project: Path, with_zip: bool = True) -> str:
    """Every byte of the site and of the offline zip, as text."""
    site = "".join(path.read_bytes().decode("utf-8", "replace") for path in (project / "site").rglob("*")
                   if path.is_file())
    if not with_zip:
        return site
    with zipfile.ZipFile(project / "build" / "desk.zip") as archive:
        zipped = "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return site + zipped


def test_a_link_out_of_the_publication_publishes_nothing_of_what_it_points_to(tmp_path):
    project = copy_project(tmp_path / "project", MINI)
    # The publication's own theme folder, whose files MkDocs copies into the site as factdesk's.
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"))
    (project / "overrides" / "assets").mkdir(parents=True)
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
    assert "An old draft" not in everything_published(project, with_zip=False)


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
        # The same claim, as another editor might type it: other case, marks, punctuation and spacing.
        text.replace("claim: The bridge budget *doubled* since <b>1992</b> | twice.",
                     "claim: ' the bridge budget “DOUBLED” since 1992, twice!'"), encoding="utf-8")

    publication, problems = read_publication(root)

    assert publication is not None  # a warning: the strict build refuses it, the check shows it
    [warning] = problems
    assert (warning.severity, warning.path, warning.message) == (
        "warning", D, "claims/bridge-budget-doubled.yml checks the same claim")


def test_files_committed_under_build_are_never_published(tmp_path):
    """build/ holds factdesk's own outputs and caches (share images, the PDF), published as they are;
    a pull request can commit files there all the same (`git add -f`)."""
    project = copy_project(tmp_path / "project", MINI)
    assert mkdocs_build(project).returncode == 0
    secret = tmp_path / "outside.txt"
    secret.write_text(OUTSIDE_TEXT, encoding="utf-8")
    cards = sorted((project / "build" / "share-cards").iterdir())
    cards[0].unlink()
    cards[0].symlink_to(secret)  # a card's name is a hash of what it shows: anyone can compute it

    rebuilt = mkdocs_build(project)

    assert rebuilt.returncode == 0, rebuilt.output
    assert OUTSIDE_TEXT not in everything_published(project, with_zip=False)
    assert not cards[0].is_symlink()  # drawn again in its place
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "-f", "build/share-cards"], cwd=project, check=True)

    refused = mkdocs_build(project)

    assert refused.returncode != 0
    assert "build/ holds files committed to git (build/share-cards/" in refused.output
    assert "fix: git rm -r --cached build" in refused.output


def test_a_source_date_epoch_that_is_no_time_is_an_error_and_fixes_suggest_the_editions_date(tmp_path):
    root = copy_data(tmp_path / "pub")
    claim = root / B
    claim.write_text(claim.read_text(encoding="utf-8").replace("published: 2024-02-01\n", ""), encoding="utf-8")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1.7e9"}
    refused = subprocess.run([sys.executable, "-m", "factdesk", "check"], cwd=root, capture_output=True, text=True,
                             env=env)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert ("$SOURCE_DATE_EPOCH:1:1: error: SOURCE_DATE_EPOCH should be the build's time in whole seconds since "
            "1970, not `1.7e9`") in refused.stderr

    env["SOURCE_DATE_EPOCH"] = "1709251200"  # 1 March 2024: the edition's date, not the day it is checked
    dated = subprocess.run([sys.executable, "-m", "factdesk", "check"], cwd=root, capture_output=True, text=True,
                           env=env)
    assert "fix: add `published: 2024-03-01`" in dated.stderr, dated.stderr


def test_what_the_checks_pass_by_is_not_part_of_the_pdfs_inputs(tmp_path):
    """The site links the PDF while its inputs are as they were: a backup file must not change them,
    nor a link be read to find out."""
    root = copy_data(tmp_path / "pub")
    before = inputs_digest(root)
    (root / (D + "~")).write_text("an editor's backup", encoding="utf-8")
    (root / "claims" / ".budget-doubled.yml.swp").write_bytes(b"\x00vim")
    (root / "sources" / "notes.txt").symlink_to(tmp_path / "nowhere")
    assert inputs_digest(root) == before


def test_untrusted_text_reaches_the_terminal_escaped(tmp_path):
    root = copy_data(tmp_path / "pub")
    (root / "claims" / "evil\x1b]0;PWNED\x07.yml").write_bytes((root / D).read_bytes())
    done = subprocess.run([sys.executable, "-m", "factdesk", "check"], cwd=root, capture_output=True, text=True)
    assert done.returncode == 1
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr
    assert "claims/evil\\x1b]0;PWNED\\x07.yml:1:1: error: `evil\\x1b]0;PWNED\\x07` is not a valid file name" \
        in done.stderr
