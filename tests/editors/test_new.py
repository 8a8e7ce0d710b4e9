"""`factdesk new`, driven as an editor would: by options in a script, or answering prompts."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from factdesk.data.loader import load_publication

from ..conftest import copy_data


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_data(tmp_path / "pub")


def factdesk(root: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "factdesk", *args, "--root", str(root)],
                          input=stdin, capture_output=True, text=True)


CLAIM_OPTIONS = [
    "new", "claim", "--no-interactive",
    "--claim", "The bridge was built by 300 workers.", "--claimant", "mayor-ann-example",
    "--claim-date", "2024-01-01", "--source", "daily-planet-2024-01-02",
    "--quote", "celebrated its anniversary yesterday", "--verdict", "unproven",
    "--summary", "No record gives the number of workers.", "--body", "We found no payroll.\n\nNor a register.",
    "--evidence", "city-records-2024=The register does not list workers.", "--tag", "infrastructure",
    "--author", "test-desk",
]


def test_a_scripted_claim_passes_every_check(root):
    done = factdesk(root, *CLAIM_OPTIONS)
    assert done.returncode == 0, done.stderr
    path = root / "claims" / "the-bridge-was-built-by-300-workers.yml"
    assert done.stdout == f"wrote {path}\nit passes every check.\n"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../schemas/claim.schema.json\n# The claim as it was made")
    claim = next(c for c in load_publication(root).claims if c.slug == path.stem)
    assert claim.published == date.today() and claim.body == "We found no payroll.\n\nNor a register."
    assert claim.evidence[0].note == "The register does not list workers."


def test_new_never_overwrites(root):
    assert factdesk(root, *CLAIM_OPTIONS).returncode == 0
    path = root / "claims" / "the-bridge-was-built-by-300-workers.yml"
    before = path.read_text()
    again = factdesk(root, *CLAIM_OPTIONS[:-2], "--author", "test-desk")
    assert again.returncode == 1
    assert "already exists; factdesk new never overwrites a file" in again.stderr
    assert path.read_text() == before


def test_answers_left_for_later_are_listed_as_what_is_left(root):
    # Piped answers, as a script would give them: the body and the evidence are left for later.
    answers = "\n".join(["Bridges are painted red.", "", "city-officials", "", "2024-01-01", "daily-planet-2024-01-02",
                         "The harbour bridge, which the mayor", "", "false", "They are grey.", ".", "",
                         "infrastructure, colour", "test-desk", ""]) + "\n"
    done = factdesk(root, "new", "claim", "--interactive", stdin=answers)
    assert done.returncode == 0, done.stderr
    path = root / "claims" / "bridges-are-painted-red.yml"
    assert "The claim, as it was made, in one sentence: " in done.stdout and f"wrote {path}" in done.stdout
    body_line = path.read_text().splitlines().index("body:") + 1
    assert f"line {body_line}: `body` is empty" in done.stdout and "`evidence` needs at least 1 evidence entry" in done.stdout
    assert "tags:\n- infrastructure\n- colour\n" in path.read_text()
    assert "verdict: 'false'\n" in path.read_text()


def test_a_new_source_with_its_archived_text(root, tmp_path):
    text_file = tmp_path / "article.txt"
    text_file.write_text("The council met on Tuesday.\n")
    done = factdesk(root, "new", "source", "--no-interactive", "--id", "council-news-2024-03-05",
                    "--title", "Council meets", "--publisher", "Council News", "--published", "2024-03-05",
                    "--kind", "news", "--url", "https://news.example.org/council", "--text-file", str(text_file))
    assert done.returncode == 0, done.stderr
    text_path = root / "sources" / "council-news-2024-03-05.txt"
    assert done.stdout == (f"wrote {root / 'sources' / 'council-news-2024-03-05.yml'}\n"
                           f"wrote {text_path}: the archived text, copied from {text_file}\nit passes every check.\n")
    source = load_publication(root).sources["council-news-2024-03-05"]
    assert source.archived_text == "The council met on Tuesday.\n" and source.language == "en"


def test_an_id_that_cannot_be_an_address_is_refused(root):
    done = factdesk(root, "new", "source", "--no-interactive", "--id", "Council News")
    assert done.returncode == 1
    assert done.stderr == ("factdesk new: nothing was written:\n--id Council News: `Council News` is not a valid id\n"
                           "    fix: use lowercase letters, digits and single hyphens, e.g. `council-news`\n")
    assert not list((root / "sources").glob("Council*"))


def test_scaffold_break_and_see_the_annotation_on_its_line(root):
    assert factdesk(root, *CLAIM_OPTIONS).returncode == 0
    path = root / "claims" / "the-bridge-was-built-by-300-workers.yml"
    lines = path.read_text().splitlines()
    verdict_line = next(i for i, line in enumerate(lines, 1) if line.startswith("verdict:"))
    path.write_text(path.read_text().replace("verdict: unproven", "verdict: unprovn"))
    done = factdesk(root, "check", "--format", "github")
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"::error file=claims/the-bridge-was-built-by-300-workers.yml,line={verdict_line},col=10,"
        "title=factdesk check::`unprovn` is not a verdict of the scale (fix: did you mean `unproven`?)"]


def test_new_refuses_reserved_names_and_existing_archives(root, tmp_path):
    assert "`index` is the address of a listing page of claims/" in factdesk(
        root, "new", "claim", "--no-interactive", "--slug", "index").stderr
    (root / "claims" / "zzz.yaml").write_text("claim: x\n")
    assert "already exists" in factdesk(root, "new", "claim", "--no-interactive", "--slug", "zzz").stderr
    (root / "sources" / "foo.txt").write_text("ORIGINAL\n")
    text_file = tmp_path / "t.txt"
    text_file.write_text("new\n")
    done = factdesk(root, "new", "source", "--no-interactive", "--id", "foo", "--text-file", str(text_file))
    assert done.returncode == 1 and (root / "sources" / "foo.txt").read_text() == "ORIGINAL\n"
    assert not (root / "sources" / "foo.yml").exists()


def test_prompts_with_input_closed_leave_the_rest_empty(root):
    done = factdesk(root, "new", "claim", "--interactive", "--slug", "closed-input", stdin="")
    assert done.returncode == 0, done.stderr
    assert "missing" not in done.stderr and "`claim` is empty" in done.stdout


def test_a_new_claimant_and_a_new_person(root):
    done = factdesk(root, "new", "claimant", "--no-interactive", "--name", "Harbour Master", "--kind", "government",
                    "--description", "Runs the invented city's harbour", "--other-name", "Master of the Harbour")
    assert done.returncode == 0, done.stderr
    path = root / "claimants" / "harbour-master.yml"
    # A record no claim names yet gets a warning, but not from the command that has just made it.
    assert done.stdout == f"wrote {path}\nit passes every check.\n"
    assert path.read_text().startswith("# yaml-language-server: $schema=../schemas/claimant.schema.json\n")
    answers = "Ann Other\n\nFact-checker\nChecks the harbour's claims.\n\n"
    done = factdesk(root, "new", "person", "--interactive", stdin=answers)
    assert done.returncode == 0, done.stderr
    assert "Id: the file name people/<id>.yml, also the page's address" in done.stdout
    assert "once published) [ann-other]: " in done.stdout
    text = root / "claims" / "bridge-opened-in-1990.yml"
    text.write_text(text.read_text().replace("claimants: [mayor-ann-example]",
                                             "claimants: [mayor-ann-example, harbour-master]\neditor: ann-other"))
    claim = next(c for c in load_publication(root).claims if c.slug == "bridge-opened-in-1990")
    assert [who.name for who in claim.claimants] == ["Mayor Ann Example", "Harbour Master"]
    assert claim.claimants[1].other_names == ("Master of the Harbour",)
    assert claim.editor is not None and (claim.editor.name, claim.editor.role) == ("Ann Other", "Fact-checker")


def test_an_id_is_checked_before_it_becomes_a_path(root, tmp_path):
    for record in ("claimant", "person", "source"):
        done = factdesk(root, "new", record, "--no-interactive", "--id", "../../escaped")
        assert done.returncode == 1 and "`../../escaped` is not a valid id" in done.stderr, record
    assert not list(tmp_path.rglob("escaped*"))
    # `explorer` is a page of claims/ only: a claimant may be called so.
    done = factdesk(root, "new", "claimant", "--no-interactive", "--name", "Explorer", "--kind", "media")
    assert done.returncode == 0, done.stderr
    assert (root / "claimants" / "explorer.yml").is_file()
