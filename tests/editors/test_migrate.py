"""`factdesk migrate`, and the corrections rule across a change of file format: a publication written
before claimants and people were records, migrated as an editor would, in a temporary git repository."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from factdesk.data.loader import load_publication
from factdesk.data.records import SLUG
from factdesk.editors.migrate import older_addresses

from ..conftest import MINI, copy_data, copy_project, mkdocs_build
from .test_history import commit_all

BRIDGE = "claims/bridge-opened-in-1990.yml"
BUDGET = "claims/budget-doubled.yml"


def older_format(root: Path) -> Path:
    """The mini publication as it was written before claimants and people were records (an invented
    fixture): free-text claimants, one of them folded over two lines, with a comment to keep."""
    copy_data(root)
    shutil.rmtree(root / "claimants")
    shutil.rmtree(root / "people")
    bridge = (root / BRIDGE).read_text()
    (root / BRIDGE).write_text(bridge.replace("claimants: [mayor-ann-example]\n",
                                              "# Who said it, in the editors' words.\nclaimant: >-\n  Mayor Ann\n  "
                                              "Example\nclaimant_kind: person\n").replace("author: test-desk",
                                                                                         "author: Test Desk"))
    budget = (root / BUDGET).read_text()
    (root / BUDGET).write_text(budget.replace("claimants: [city-officials]", "claimant: City officials")
                               .replace("author: test-desk", "author: Test Desk").replace("editor: ann-editor\n", ""))
    return root


def factdesk(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "factdesk", *args, "--root", str(root)], capture_output=True,
                          text=True)


@pytest.fixture
def published(tmp_path: Path) -> Path:
    """A repository whose `main` holds the publication in the older format."""
    root = older_format(tmp_path / "repo")
    commit_all(root, "published in the older format")
    return root


def test_the_older_format_is_refused_with_the_command_that_migrates_it(published):
    done = factdesk(published, "check")
    assert done.returncode == 1
    # One message for the whole publication, not one for every old field of every file.
    assert done.stderr.count("older factdesk file format") == 1
    assert (f"{BRIDGE}:3:1: error: 2 files are written in an older factdesk file format (their fields `claimant`, "
            "`claimant_kind` are no longer read)\n    fix: run `factdesk migrate`, which rewrites every file in the "
            "new format (`--dry-run` first shows what it would change") in done.stderr
    # With one file in the older format, the message is placed on its field.
    (published / BUDGET).write_text((published / BUDGET).read_text().replace("claimant: City officials",
                                                                             "claimants: [city-officials]"))
    assert f"{BRIDGE}:3:1: error: `claimant` is a field of an older factdesk file format" in \
        factdesk(published, "check").stderr


def test_a_dry_run_prints_the_diff_and_writes_nothing(published):
    before = {path: path.read_bytes() for path in published.rglob("*") if path.is_file() and ".git" not in path.parts}
    done = factdesk(published, "migrate", "--dry-run")
    assert done.returncode == 0, done.stderr
    assert f"--- a/{BRIDGE}\n+++ b/{BRIDGE}\n" in done.stdout
    assert "-claimant: City officials\n+claimants: [city-officials]\n" in done.stdout
    assert "--- /dev/null\n+++ b/claimants/mayor-ann-example.yml\n" in done.stdout
    assert "--- /dev/null\n+++ b/factdesk.yml\n" in done.stdout and "+format: 2\n" in done.stdout
    assert done.stdout.endswith("factdesk migrate would rewrite 2 claim files and write 3 records, and factdesk.yml "
                                "records file format 2; nothing was written (run it without --dry-run)\n")
    after = {path: path.read_bytes() for path in published.rglob("*") if path.is_file() and ".git" not in path.parts}
    assert after == before
    # What it showed is what the migration then does.
    assert factdesk(published, "migrate").returncode == 0
    assert "claimants: [city-officials]" in (published / BUDGET).read_text()


def test_migrate_writes_a_record_per_name_at_the_address_its_page_had(published):
    done = factdesk(published, "migrate")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("wrote claimants/city-officials.yml\nwrote claimants/mayor-ann-example.yml\n"
                                  "wrote people/test-desk.yml\nwrote factdesk.yml: it records file format 2\n"
                                  "rewrote 2 claim files")
    bridge = (published / BRIDGE).read_text()
    assert "# Who said it, in the editors' words.\nclaimants: [mayor-ann-example]\nclaim_date:" in bridge
    assert "claimant_kind" not in bridge and "\nauthor: test-desk\n" in bridge
    publication = load_publication(published)
    mayor = publication.claimants["mayor-ann-example"]
    assert (mayor.name, mayor.kind) == ("Mayor Ann Example", "person")
    assert publication.claimants["city-officials"].kind == "organisation"
    assert publication.people["test-desk"].name == "Test Desk"
    # Written as `factdesk new` writes a record: the schema, and every field explained.
    record = (published / "claimants" / "mayor-ann-example.yml").read_text()
    assert record.startswith("# yaml-language-server: $schema=../schemas/claimant.schema.json\n")
    assert "# description: " in record
    again = factdesk(published, "migrate")
    assert (again.returncode, again.stdout) == (0, "nothing to migrate: every file is in the current format.\n")


def test_the_migration_is_no_editorial_change_but_a_silent_verdict_change_in_it_is_caught(published):
    assert factdesk(published, "migrate").returncode == 0
    assert factdesk(published, "check", "--base", "main").returncode == 0
    commit_all(published, "migrated")
    done = factdesk(published, "check", "--base", "main~1")
    assert (done.returncode, done.stderr) == (0, "")
    # The same commit, with a verdict changed and no correction.
    bridge = published / BRIDGE
    bridge.write_text(bridge.read_text().replace('verdict: "false"', "verdict: mostly-false"))
    commit_all(published, "migrated, and a verdict changed")
    done = factdesk(published, "check", "--base", "main~2")
    assert done.returncode == 1
    assert "a published fact-check changed without a correction: verdict was “false”, now “mostly-false”" \
        in done.stderr


def test_a_merged_claimant_keeps_its_published_address(published, tmp_path):
    assert factdesk(published, "migrate").returncode == 0
    (published / "claimants" / "city-officials.yml").unlink()
    budget = published / BUDGET
    budget.write_text(budget.read_text().replace("claimants: [city-officials]", "claimants: [mayor-ann-example]"))
    done = factdesk(published, "check", "--base", "main")
    assert done.returncode == 1
    assert ("claimants/city-officials.yml:1:1: error: the published page claimants/city-officials/ (City officials) "
            "would no longer answer") in done.stderr
    assert "add `city-officials` to `formerly:` in the record that holds those claims now" in done.stderr
    mayor = published / "claimants" / "mayor-ann-example.yml"
    mayor.write_text(mayor.read_text() + "formerly: [city-officials]\n")
    done = factdesk(published, "check", "--base", "main")
    assert (done.returncode, done.stderr) == (0, "")
    # The old address answers, and sends the reader on.
    project = copy_project(tmp_path / "site", published)
    built = mkdocs_build(project)
    assert built.returncode == 0, built.output
    moved = (built.site / "claimants" / "city-officials" / "index.html").read_text()
    assert '<meta http-equiv="refresh" content="0; url=../mayor-ann-example/">' in moved


def test_a_file_the_migration_cannot_rewrite_safely_stops_it_before_any_change(published):
    (published / BUDGET).write_text("{claim: x, claimant: Someone, author: Test Desk}\n")
    before = (published / BRIDGE).read_text()
    done = factdesk(published, "migrate")
    assert done.returncode == 1
    assert f"{BUDGET}: its fields are not written one per line" in done.stderr
    assert (published / BRIDGE).read_text() == before and not (published / "claimants").exists()


def test_names_that_fold_alike_become_one_record_that_keeps_both_addresses(tmp_path):
    """The older format gave "FSB" and "FSB." a page each, the first checked the plain slug and the
    other a suffix: one speaker, now one record, whose `formerly` keeps the other address."""
    root = older_format(tmp_path / "p")
    for path, name in ((BRIDGE, "FSB"), (BUDGET, "FSB.")):
        text = (root / path).read_text()
        start = text.index("claimant: ")
        end = text.index("claim_date:")
        (root / path).write_text(text[:start] + f"claimant: {name}\n" + text[end:])
    assert factdesk(root, "migrate").returncode == 0
    publication = load_publication(root)
    assert list(publication.claimants) == ["fsb"]
    fsb = publication.claimants["fsb"]
    # bridge-opened-in-1990 was published first (1 February 2024), so "FSB" had the plain address.
    assert (fsb.name, fsb.other_names) == ("FSB", ("FSB.",))
    [former] = fsb.formerly
    assert former.startswith("fsb-") and former == older_addresses([("FSB", "2024-02-01", "b"),
                                                                    ("FSB.", "2024-02-02", "d")])["FSB."]
    assert {c.claimants[0].id for c in publication.claims} == {"fsb"}


def test_the_older_formats_addresses_are_reproduced_exactly():
    """How the older format named claimant pages, which the migration must give as ids: one page per
    name (spacing aside), a suffix where names slug alike, the earlier-checked keeping the plain slug,
    and no address moved by a claimant added later."""
    early, late = "2024-01-01", "2024-06-01"
    names = [("FSB.", late), ("FSB", early), ("Index", early), ("Мария Захарова", early),
             ("Сергей Лавров", early), ("Sergeï  Lavróv", early), ("Sergeï Lavróv", late), ("x" * 200, early)]
    claims = [(name, published, f"claim-{i}") for i, (name, published) in enumerate(names)]
    ids = older_addresses(claims)
    assert len(set(ids.values())) == len(ids) == 7  # the two spacings of Lavróv are one claimant
    assert all(SLUG.fullmatch(i) and i != "index" and len(i) <= 90 for i in ids.values())
    assert ids["FSB"] == "fsb" and ids["FSB."].startswith("fsb-")
    assert ids["Sergeï Lavróv"] == "sergei-lavrov"
    more = older_addresses([*claims, ("F S B", late, "claim-8"), ("Мария  Захарова!", late, "claim-9")])
    assert {name: i for name, i in more.items() if name in ids} == ids


def test_a_half_done_migration_names_the_records_there_are(published):
    """Records already written by hand are used, not written again under another id; where that
    moves a published address, the migration says what to add to `formerly:`."""
    (published / "claimants").mkdir()
    (published / "claimants" / "ann.yml").write_text("name: Ann\nkind: person\nother_names: [Mayor Ann Example]\n")
    (published / "people").mkdir()
    (published / "people" / "desk.yml").write_text("name: Test Desk\nrole: Fact-checker\n")
    done = factdesk(published, "migrate")
    assert done.returncode == 0, done.stderr
    assert "wrote claimants/mayor-ann-example.yml" not in done.stdout and "people/" not in done.stdout
    assert ("to do: “Mayor Ann Example” is claimants/ann.yml, but its page was claimants/mayor-ann-example/: add "
            "`mayor-ann-example` to that record's `formerly:`") in done.stdout
    bridge = (published / BRIDGE).read_text()
    assert "claimants: [ann]\n" in bridge and "author: desk\n" in bridge
    # Until it is added, the corrections rule names the address that would no longer answer.
    check = factdesk(published, "check", "--base", "main")
    assert "the published page claimants/mayor-ann-example/ (Mayor Ann Example) would no longer answer" in check.stderr


def test_a_claim_with_both_forms_is_left_to_the_editor(published):
    bridge = published / BRIDGE
    bridge.write_text(bridge.read_text().replace("claim_date:", "claimants: [someone]\nclaim_date:", 1))
    done = factdesk(published, "migrate")
    assert done.returncode == 1
    assert f"{BRIDGE}: it has both `claimant` and `claimants`; keep one by hand" in done.stderr


def test_a_merge_keeps_the_addresses_the_merged_record_had_left(published):
    """A record's `formerly` are published addresses too: merged into another record, they go with it."""
    assert factdesk(published, "migrate").returncode == 0
    city = published / "claimants" / "city-officials.yml"
    city.write_text(city.read_text().replace("kind: organisation", "kind: organisation\nformerly: [town-hall]"))
    commit_all(published, "migrated, and a record renamed")
    city.unlink()
    budget = published / BUDGET
    budget.write_text(budget.read_text().replace("claimants: [city-officials]", "claimants: [mayor-ann-example]"))
    mayor = published / "claimants" / "mayor-ann-example.yml"
    mayor.write_text(mayor.read_text() + "formerly: [city-officials]\n")
    done = factdesk(published, "check", "--base", "main")
    assert ("claimants/city-officials.yml:1:1: error: the published page claimants/town-hall/ (which sent readers on "
            "to City officials) would no longer answer") in done.stderr
    mayor.write_text(mayor.read_text().replace("formerly: [city-officials]", "formerly: [city-officials, town-hall]"))
    assert factdesk(published, "check", "--base", "main").returncode == 0


def test_bylines_in_any_script_stay_apart_and_lines_stay_as_they_were(published):
    """Two authors whose names have no Latin letter are two people; a claim saved with Windows line
    ends keeps them, and a comment after a field replaced stays on its line."""
    for path, author in ((BRIDGE, "山田太郎"), (BUDGET, "佐藤花子")):
        text = (published / path).read_text().replace("author: Test Desk", f"author: {author}  # the byline")
        (published / path).write_bytes(text.replace("\n", "\r\n").encode())
    assert factdesk(published, "migrate").returncode == 0
    publication = load_publication(published)
    authors = {c.slug: (c.author.id, c.author.name) for c in publication.claims}
    assert {name for _, name in authors.values()} == {"山田太郎", "佐藤花子"}
    assert len({person_id for person_id, _ in authors.values()}) == 2
    budget = (published / BUDGET).read_bytes()
    assert b"\r\nclaimants: [city-officials]\r\n" in budget and b"\n" not in budget.replace(b"\r\n", b"")
    assert f"author: {authors['budget-doubled'][0]}  # the byline\r\n".encode() in budget


def test_migrate_writes_only_the_publications_own_files(published, tmp_path):
    outside = tmp_path / "outside.yml"
    (published / "claimants").mkdir()
    (published / "claimants" / "city-officials.yml").symlink_to(outside)  # dangling: nothing there yet
    done = factdesk(published, "migrate")
    assert done.returncode == 0, done.stderr
    assert not outside.exists()
    assert "wrote claimants/city-officials.yml" not in done.stdout
    # The link is then named by the check, as any link is.
    assert "claimants/city-officials.yml:1:1: error: a symbolic link is not read" in factdesk(published, "check").stderr


def test_a_people_folder_that_is_a_link_stops_the_migration(published, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (published / "people").symlink_to(tmp_path / "elsewhere")
    done = factdesk(published, "migrate")
    assert done.returncode == 1 and "people/ is not a folder of the publication's own" in done.stderr
    assert list((tmp_path / "elsewhere").iterdir()) == [] and "claimant:" in (published / BRIDGE).read_text()


def test_a_base_that_cannot_be_migrated_is_a_clear_error_not_a_traceback(published):
    (published / BUDGET).write_text("{claim: x, claimant: Someone, author: Test Desk}\n")
    commit_all(published, "a claim in flow style")
    assert factdesk(published, "migrate").returncode == 1
    # The files now in the current format, the base as it was.
    for folder in ("claims", "claimants", "people"):
        shutil.rmtree(published / folder, ignore_errors=True)
        shutil.copytree(MINI / folder, published / folder)
    done = factdesk(published, "check", "--base", "main")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "is in an older file format that cannot be migrated as it is" in done.stderr


def test_ids_that_yaml_would_read_as_something_else_are_quoted(published):
    bridge = published / BRIDGE
    text = bridge.read_text()
    start, end = text.index("claimant: "), text.index("claim_date:")
    bridge.write_text(text[:start] + "claimant: 'Null'\n" + text[end:])
    assert factdesk(published, "migrate").returncode == 0
    assert "claimants: ['null']\n" in bridge.read_text()
    assert load_publication(published).claimants["null"].name == "Null"


@pytest.mark.parametrize("written, message, fix", [
    (1, "the publication is written in factdesk's file format 1; this factdesk reads format 2",
     "run `factdesk migrate`"),
    (3, "the publication is written in factdesk's file format 3, newer than this factdesk reads (2)",
     "install the factdesk version it was written with: `pip install -r requirements.txt`"),
])
def test_a_publication_of_another_file_format_is_told_what_to_run(tmp_path, written, message, fix):
    root = copy_data(tmp_path / "pub")
    (root / "factdesk.yml").write_text(f"name: Desk\nformat: {written}\n")
    done = factdesk(root, "check")
    assert done.returncode == 1
    assert f"factdesk.yml:2:9: error: {message}\n    fix: {fix}" in done.stderr


def test_migrate_records_the_format_and_keeps_the_rest_of_the_settings(tmp_path):
    root = copy_data(tmp_path / "pub")
    (root / "factdesk.yml").write_text("# Ours.\nname: Desk\nformat: 1\n")
    done = factdesk(root, "migrate")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "nothing to migrate: every file is in the current format; factdesk.yml records file format 2 now.\n"
    assert (root / "factdesk.yml").read_text() == "# Ours.\nname: Desk\nformat: 2\n"
    assert factdesk(root, "check").returncode == 0
    assert factdesk(root, "migrate").stdout == "nothing to migrate: every file is in the current format.\n"


def test_the_recorded_format_is_raised_only_and_its_line_kept(tmp_path):
    root = copy_data(tmp_path / "pub")
    (root / "factdesk.yml").write_bytes(b"name: Desk\r\nformat: 3  # ours\r\n")
    assert factdesk(root, "migrate").returncode == 0
    assert (root / "factdesk.yml").read_bytes() == b"name: Desk\r\nformat: 3  # ours\r\n"  # never lowered
    (root / "factdesk.yml").write_bytes(b"name: Desk\r\nformat: 1  # ours\r\n")
    assert factdesk(root, "migrate").returncode == 0
    assert (root / "factdesk.yml").read_bytes() == b"name: Desk\r\nformat: 2  # ours\r\n"


def test_a_settings_file_that_is_a_link_stops_the_migration_before_any_change(published, tmp_path):
    outside = tmp_path / "elsewhere.yml"
    outside.write_text("name: Elsewhere\n")
    (published / "factdesk.yml").symlink_to(outside)
    before = (published / BRIDGE).read_text()
    for arguments in (("migrate", "--dry-run"), ("migrate",)):
        done = factdesk(published, *arguments)
        assert done.returncode == 1 and "factdesk.yml is not a file of the publication's own" in done.stderr
    assert (published / BRIDGE).read_text() == before and outside.read_text() == "name: Elsewhere\n"


def test_a_migration_with_a_first_translation_is_still_no_editorial_change(published):
    assert factdesk(published, "migrate").returncode == 0
    (published / "factdesk.yml").write_text((published / "factdesk.yml").read_text() + "other_languages: [ja]\n")
    bridge = published / BRIDGE
    bridge.write_text(bridge.read_text() + "translations:\n  ja:\n    summary: 市の登録簿は開通を1992年としている。\n")
    commit_all(published, "migrated, and translated into Japanese")
    done = factdesk(published, "check", "--base", "main~1")
    assert (done.returncode, done.stderr) == (0, "")
    # Nothing in the format changed: there is nothing to migrate, and a translated finding changed
    # after is caught.
    again = factdesk(published, "migrate")
    assert (again.returncode, again.stdout) == (0, "nothing to migrate: every file is in the current format.\n")
    bridge.write_text(bridge.read_text().replace("1992年としている", "1993年としている"))
    done = factdesk(published, "check", "--base", "main")
    assert done.returncode == 1 and "without a correction in its `ja` translation" in done.stderr
