"""`factdesk check --base`: published fact-checks change only with a correction, and are retracted,
never deleted. Driven as an editor's pull request would be, in a temporary git repository."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import get_args

import pexpect
import pytest

from factdesk.data.loader import load_publication
from factdesk.editors import history
from factdesk.site import pages

from ..conftest import MINI, REPO, copy_data

BRIDGE = "claims/bridge-opened-in-1990.yml"
GIT = ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org"]


def commit_all(top: Path, message: str) -> None:
    if not (top / ".git").exists():
        subprocess.run([*GIT, "init", "-q", "-b", "main"], cwd=top, check=True)
    subprocess.run([*GIT, "add", "-A"], cwd=top, check=True)
    subprocess.run([*GIT, "commit", "-qm", message], cwd=top, check=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = copy_data(tmp_path / "repo")
    commit_all(root, "published")
    return root


def check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "factdesk", "check", "--base", "main", "--root", str(root)],
                          capture_output=True, text=True)


def edit(root: Path, old: str, new: str) -> None:
    path = root / BRIDGE
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new))


def test_an_unchanged_publication_passes(repo):
    assert check(repo).returncode == 0


def test_a_verdict_changed_without_a_correction_fails_until_one_is_added(repo):
    edit(repo, 'verdict: "false"', "verdict: mostly-false")
    done = check(repo)
    assert done.returncode == 1
    assert (f"{BRIDGE}:7:1: error: a published fact-check changed without a correction: "
            "verdict was “false”, now “mostly-false”") in done.stderr
    assert f"fix: add an entry under `corrections:` with `date: {date.today().isoformat()}` (today)" in done.stderr
    edit(repo, "corrections:\n", "corrections:\n  - date: 2024-03-01\n    note: The register shows a 1990 ceremony.\n")
    assert check(repo).returncode == 0, check(repo).stderr


def test_a_changed_summary_needs_a_correction_too(repo):
    edit(repo, "summary: The city's register", "summary: The city register")
    assert f"{BRIDGE}:8:1: error: a published fact-check changed without a correction: summary was" in check(repo).stderr


def test_other_edits_need_no_correction(repo):
    edit(repo, "Nothing in the record supports 1990.", "Nothing in the public record supports 1990.")
    assert check(repo).returncode == 0


def test_a_published_correction_cannot_be_removed(repo):
    edit(repo, "  - date: 2024-02-03\n    note: An earlier version named the wrong register.\n", "")
    edit(repo, "corrections:\n", "")
    done = check(repo)
    assert done.returncode == 1 and "a published correction was removed or edited (dated 2024-02-03)" in done.stderr


def test_a_deleted_claim_fails_and_a_retracted_one_passes_and_shows(repo):
    text = (repo / BRIDGE).read_text()
    (repo / BRIDGE).unlink()
    done = check(repo)
    assert done.returncode == 1
    assert f"{BRIDGE}:1:1: error: the published fact-check `bridge-opened-in-1990` was deleted" in done.stderr
    (repo / BRIDGE).write_text(text + "retracted:\n  date: 2024-03-02\n  note: The register we cited was a forgery.\n")
    assert check(repo).returncode == 0, check(repo).stderr
    publication = load_publication(repo)
    page = next(p for p in pages.generate_pages(publication) if p.path == "claims/bridge-opened-in-1990.md")
    assert '!!! danger "Retracted on 2 March 2024"' in page.text
    assert "The register we cited was a forgery." in page.text
    listing = pages.expand_markers("<!-- factdesk:corrections -->", publication, "corrections.md")
    assert "Retracted. The register we cited was a forgery." in listing


def test_a_base_without_claims_compares_with_nothing(tmp_path):
    root = tmp_path / "new"
    root.mkdir()
    subprocess.run([*GIT, "init", "-q", "-b", "main"], cwd=root, check=True)
    subprocess.run([*GIT, "commit", "-q", "--allow-empty", "-m", "start"], cwd=root, check=True)
    copy_data(root)
    assert check(root).returncode == 0


def test_an_unknown_base_is_a_clear_error(repo):
    done = subprocess.run([sys.executable, "-m", "factdesk", "check", "--base", "no-such-branch", "--root", str(repo)],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "cannot compare with no-such-branch" in done.stderr


def diff(root: Path, *options: str) -> str:
    """The summary as CI takes it: written to a file, not a terminal, so Markdown unless asked."""
    done = subprocess.run([sys.executable, "-m", "factdesk", "diff", "main", "--root", str(root), *options],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_diff_of_nothing(repo):
    assert diff(repo) == ("## factdesk: what this change does to the publication\n\n**The checks pass.**\n\n"
                          "No fact-check or source changed.\n")


def change_everything(repo: Path) -> None:
    """A verdict changed with its correction, a retraction, and a claim, a source and a claimant added,
    with text that Markdown would read as markup."""
    edit(repo, 'verdict: "false"', "verdict: mostly-false")
    edit(repo, "corrections:\n", "corrections:\n  - date: 2024-03-01\n    note: A ceremony was held in 1990.\n")
    budget = repo / "claims" / "budget-doubled.yml"
    budget.write_text(budget.read_text() + "retracted:\n  date: 2024-03-02\n  note: Wrong city.\n")
    new_claim = (MINI / "claims" / "budget-doubled.yml").read_text().replace(
        "claim: The bridge budget", "claim: The tunnel budget").replace("[city-officials]", "[harbour-master]")
    (repo / "claims" / "tunnel-budget.yml").write_text(new_claim)
    (repo / "claimants" / "harbour-master.yml").write_text("name: Harbour <Master>\nkind: government\n"
                                                           "description: Runs the harbour\n")
    shutil.copy(repo / "sources" / "city-records-2024.yml", repo / "sources" / "city-records-2025.yml")


def test_diff_lists_exactly_what_changed(repo):
    change_everything(repo)
    summary = diff(repo)
    assert "**The checks pass.**" in summary
    sections = {part.split("\n", 1)[0]: part.split("\n", 1)[1].strip() for part in summary.split("### ")[1:]}
    assert sections == {
        "Claims added (1)": "- **Unproven**: The tunnel budget \\*doubled\\* since &lt;b&gt;1992&lt;/b&gt; \\| twice. "
                            "— Harbour &lt;Master&gt; (`claims/tunnel-budget.yml`)",
        "Verdicts changed (1)": "- **False** → **Mostly false**: The harbour bridge opened in 1990. "
                                "(`claims/bridge-opened-in-1990.yml`)",
        "Corrections added (1)": "- 2024-03-01, The harbour bridge opened in 1990. — A ceremony was held in 1990.",
        "Retracted (1)": "- 2024-03-02, The bridge budget \\*doubled\\* since &lt;b&gt;1992&lt;/b&gt; \\| twice. — Wrong city.",
        "Sources added (1)": "- Register of public works, City Records Office, 2024-01-05 (`sources/city-records-2025.yml`)",
        "Claimants added (1)": "- Harbour &lt;Master&gt;, government body: Runs the harbour (`claimants/harbour-master.yml`)",
    }


def test_diff_shows_failed_checks_and_removed_claims(repo):
    (repo / "claims" / "budget-doubled.yml").unlink()
    summary = diff(repo)
    assert "**The checks fail: 1 problem.**" in summary
    assert "- claims/budget-doubled.yml:1:1: the published fact-check \\`budget-doubled\\` was deleted" in summary
    assert "### Claims removed (1)" in summary


def test_diff_as_text_says_the_same_in_plain_words(repo):
    """`--format text`, for a terminal: every item of the Markdown form, with editors' text as typed
    (no escapes, no Markdown)."""
    change_everything(repo)
    markdown, summary = diff(repo, "--format", "markdown"), diff(repo, "--format", "text")
    assert summary.startswith("factdesk: what this change does to the publication\n\nThe checks pass.\n\n")
    sections = {part.split("\n", 1)[0]: part.split("\n", 1)[1].strip("\n")
                for part in summary.split("\n\n")[2:]}
    assert sections == {
        "Claims added (1):": "  Unproven: The tunnel budget *doubled* since <b>1992</b> | twice. — Harbour <Master> "
                             "(claims/tunnel-budget.yml)",
        "Verdicts changed (1):": "  False → Mostly false: The harbour bridge opened in 1990. "
                                 "(claims/bridge-opened-in-1990.yml)",
        "Corrections added (1):": "  2024-03-01, The harbour bridge opened in 1990. — A ceremony was held in 1990.",
        "Retracted (1):": "  2024-03-02, The bridge budget *doubled* since <b>1992</b> | twice. — Wrong city.",
        "Sources added (1):": "  Register of public works, City Records Office, 2024-01-05 "
                              "(sources/city-records-2025.yml)",
        "Claimants added (1):": "  Harbour <Master>, government body: Runs the harbour (claimants/harbour-master.yml)",
    }
    # The same sections as the Markdown form, item for item.
    headings = [line.removeprefix("### ") + ":" for line in markdown.splitlines() if line.startswith("### ")]
    assert list(sections) == headings
    for escape in ("&lt;", "&gt;", "&amp;", "&#58;", "\\*", "\\|", "**", "`", "###"):
        assert escape not in summary, escape
    # …where the Markdown form still escapes what GitHub would read as markup.
    assert "The tunnel budget \\*doubled\\* since &lt;b&gt;1992&lt;/b&gt; \\| twice." in markdown
    assert "<b>" not in markdown and "<Master>" not in markdown


def test_diff_as_text_of_failed_checks_reads_as_check_prints_them(repo):
    (repo / "claims" / "budget-doubled.yml").unlink()
    summary = diff(repo, "--format", "text")
    assert summary == (
        "factdesk: what this change does to the publication\n\n"
        "The checks fail: 1 problem. Nothing can be published until they are fixed.\n\n"
        "claims/budget-doubled.yml:1:1: error: the published fact-check `budget-doubled` was deleted; its address "
        "must keep working\n"
        "    fix: restore claims/budget-doubled.yml and add `retracted:` with a `date` and a `note` saying why it was "
        "withdrawn\n\n"
        "Claims removed (1):\n"
        "  The bridge budget *doubled* since <b>1992</b> | twice. (claims/budget-doubled.yml): published fact-checks "
        "must be retracted, not removed\n")


def test_diff_is_text_at_a_terminal_and_markdown_elsewhere(repo):
    """Without `--format`: plain text for a person at a terminal, Markdown when the output goes to a file
    or a program (as in CI, which also asks for it by name: `make diff DIFF_FORMAT=markdown`).
    The terminal is read while the command runs (a full terminal would block it), and not forever."""
    terminal = pexpect.spawn(sys.executable, ["-m", "factdesk", "diff", "main", "--root", str(repo)],
                             encoding="utf-8", timeout=30)
    terminal.expect(pexpect.EOF)
    shown = terminal.before
    terminal.close()
    assert terminal.exitstatus == 0, shown
    assert shown.replace("\r\n", "\n") == ("factdesk: what this change does to the publication\n\n"
                                            "The checks pass.\n\nNo fact-check or source changed.\n")
    assert diff(repo).startswith("## factdesk: what this change does to the publication\n\n**The checks pass.**")


def test_the_pull_request_workflow_posts_the_markdown_form():
    workflow = (REPO / ".github" / "workflows" / "pull-request.yml").read_text()
    assert re.search(r"make --silent diff DIFF_FORMAT=markdown BASE=.+ > change-summary\.md", workflow)


def make_commands(*args: str) -> list[str]:
    """The commands `make` would run (`make -n`), in an environment that sets none of its variables."""
    env = {k: v for k, v in os.environ.items() if k not in ("FORMAT", "DIFF_FORMAT", "BASE", "MAKEFLAGS", "MFLAGS")}
    done = subprocess.run(["make", "-n", "--no-print-directory", *args], cwd=REPO, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return [" ".join(line.split()) for line in done.stdout.splitlines() if "factdesk " in line]


def test_check_pr_and_diff_each_have_their_own_format():
    """`make check-pr diff FORMAT=github`: github is check-pr's format only; diff, given no DIFF_FORMAT,
    leaves the choice to `factdesk diff` (text at a terminal, Markdown otherwise)."""
    assert make_commands("check-pr", "diff", "FORMAT=github") == [
        ".venv/bin/factdesk check --format github --base origin/main", ".venv/bin/factdesk diff origin/main"]
    assert make_commands("diff", "DIFF_FORMAT=markdown", "BASE=origin/x") == [
        ".venv/bin/factdesk diff --format markdown origin/x"]
    assert make_commands("check-pr") == [".venv/bin/factdesk check --format text --base origin/main"]


def test_each_form_of_the_summary_has_its_template():
    assert get_args(history.Form) == history.FORMATS == tuple(history.TEMPLATES)
    assert all((Path(history.__file__).parents[1] / "templates" / name).is_file() for name in history.TEMPLATES.values())


def test_plain_text_reaches_no_terminal_as_a_control():
    assert history.plain("Harbour\x1b]0;pwned\x07 \u202eMaster\n  \"quoted\"") == \
        "Harbour\\x1b]0;pwned\\x07 \\u202eMaster “quoted”"


def test_a_publication_in_a_subfolder_of_the_repository(tmp_path):
    top = tmp_path / "top"
    root = copy_data(top / "publication")
    commit_all(top, "published")
    assert check(root).returncode == 0
    edit(root, 'verdict: "false"', "verdict: mostly-false")
    assert f"{BRIDGE}:7:1: error: a published fact-check changed without a correction" in check(root).stderr


def test_outside_a_repository_is_a_clear_error(tmp_path):
    done = check(copy_data(tmp_path / "loose"))
    assert done.returncode == 2 and "cannot compare with main: fatal: not a git repository" in done.stderr


def test_an_empty_base_is_refused_not_skipped(repo):
    done = subprocess.run([sys.executable, "-m", "factdesk", "check", "--base", "", "--root", str(repo)],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "give a revision" in done.stderr


def test_a_retraction_cannot_be_undone_or_rewritten(repo):
    edit(repo, "corrections:\n", "retracted:\n  date: 2024-03-02\n  note: Forged register.\ncorrections:\n")
    commit_all(repo, "retract")
    edit(repo, "Forged register.", "It was fine.")
    assert "a published retraction was removed or edited" in check(repo).stderr
    edit(repo, "retracted:\n  date: 2024-03-02\n  note: It was fine.\n", "")
    assert "a published retraction was removed or edited" in check(repo).stderr


def test_a_back_dated_correction_does_not_count(repo):
    edit(repo, 'verdict: "false"', 'verdict: "true"')
    edit(repo, "corrections:\n", "corrections:\n  - date: 2024-02-02\n    note: Back-dated.\n")
    done = check(repo)
    assert done.returncode == 1 and "dated 2024-02-03 or later" in done.stderr


def test_a_duplicate_correction_cannot_lose_a_copy(repo):
    edit(repo, "corrections:\n", "corrections:\n  - date: 2024-02-03\n    note: An earlier version named the wrong register.\n")
    commit_all(repo, "twice")
    edit(repo, "corrections:\n  - date: 2024-02-03\n    note: An earlier version named the wrong register.\n", "corrections:\n")
    assert "a published correction was removed or edited" in check(repo).stderr


def test_a_verdict_used_by_published_claims_cannot_be_redefined(repo):
    settings = (Path(__file__).resolve().parents[2] / "src" / "factdesk" / "data" / "default-settings.yml").read_text()
    (repo / "factdesk.yml").write_text(settings)
    commit_all(repo, "settings")
    (repo / "factdesk.yml").write_text(settings.replace('label: "False"', 'label: "Not quite"'))
    done = check(repo)
    line = settings.splitlines().index("verdicts:") + 1
    assert f"factdesk.yml:{line}:1: error: the verdict `false` (False) was redefined, but 1 published fact-check carries it" \
        in done.stderr


def test_export_ignore_does_not_hide_a_published_claim(repo):
    (repo / ".gitattributes").write_text("claims/budget-doubled.yml export-ignore\n")
    commit_all(repo, "attributes")
    (repo / "claims" / "budget-doubled.yml").unlink()
    assert "the published fact-check `budget-doubled` was deleted" in check(repo).stderr


def test_a_published_story_keeps_its_page(tmp_path):
    root = copy_data(tmp_path / "repo")
    (root / "stories").mkdir()
    story = root / "stories" / "the-bridge.yml"
    story.write_text("title: The bridge\nintroduction: What was said of the bridge.\nclaims: [bridge-opened-in-1990]\n",
                     encoding="utf-8")
    commit_all(root, "published")
    story.write_text(story.read_text(encoding="utf-8").replace("The bridge\n", "The harbour bridge\n"), encoding="utf-8")
    assert check(root).returncode == 0, check(root).stderr  # a story's record may change
    story.unlink()
    done = check(root)
    assert done.returncode == 1
    assert ("stories/the-bridge.yml:1:1: error: the published page stories/the-bridge/ (The bridge) would no longer "
            "answer") in done.stderr


# A publication in several languages: the corrections rule in each.

JA = ("translations:\n  ja:\n    claim: 港の橋は1990年に開通した。\n    summary: 市の登録簿は開通を1992年としている。\n"
      "    body: 公共事業の登録簿は開通を1992年5月12日と記録している。\n")


@pytest.fixture
def translated(repo: Path) -> Path:
    """The mini publication published in English and Japanese, the bridge claim translated."""
    (repo / "factdesk.yml").write_text("language: en\nother_languages: [ja]\n", encoding="utf-8")
    (repo / BRIDGE).write_text((repo / BRIDGE).read_text(encoding="utf-8") + JA, encoding="utf-8")
    commit_all(repo, "published in Japanese too")
    return repo


def test_a_first_translation_is_no_change_of_finding(repo):
    (repo / "factdesk.yml").write_text("language: en\nother_languages: [ja]\n", encoding="utf-8")
    (repo / BRIDGE).write_text((repo / BRIDGE).read_text(encoding="utf-8") + JA, encoding="utf-8")
    done = check(repo)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr


def test_a_translated_summary_changed_without_a_correction_fails_until_one_is_added(translated):
    edit(translated, "開通を1992年としている。", "開通を1992年5月としている。")
    done = check(translated)
    assert done.returncode == 1
    line = len((translated / BRIDGE).read_text().splitlines()) - 1
    assert (f"{BRIDGE}:{line}:5: error: a published fact-check changed without a correction in its `ja` translation: "
            "summary was “市の登録簿は開通を1992年としている。”, now “市の登録簿は開通を1992年5月としている。”") in done.stderr
    assert f"fix: add an entry under `corrections:` with `date: {date.today().isoformat()}` (today)" in done.stderr
    edit(translated, "corrections:\n",
         f"corrections:\n  - date: {date.today().isoformat()}\n    note: The register gives the month too.\n")
    done = check(translated)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr


def test_a_translated_claim_changed_needs_a_correction_too(translated):
    edit(translated, "港の橋は1990年に開通した。", "港湾の橋は1990年に開通した。")
    assert "without a correction in its `ja` translation: claim was “港の橋は1990年に開通した。”" in check(translated).stderr


def test_a_translation_removed_or_other_translated_prose_changed_needs_no_correction(translated):
    edit(translated, "と記録している。", "と記す。")
    assert check(translated).returncode == 0, check(translated).stderr
    edit(translated, "    summary: 市の登録簿は開通を1992年としている。\n", "")
    done = check(translated)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr


def test_a_summary_corrected_in_the_main_language_only_warns_of_the_translation_left_behind(translated):
    edit(translated, "summary: The city's register", "summary: The city's records")
    edit(translated, "corrections:\n",
         f"corrections:\n  - date: {date.today().isoformat()}\n    note: We now cite the records.\n")
    done = check(translated)
    assert done.returncode == 0
    line = len((translated / BRIDGE).read_text().splitlines()) - 1
    assert (f"{BRIDGE}:{line}:5: warning: the summary changed, but its `ja` translation did not: readers in `ja` "
            "would still read the old finding") in done.stderr
