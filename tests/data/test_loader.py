"""Loading and checking a publication without MkDocs: each check, placed to the line and column."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from factdesk.data import loader
from factdesk.data.citations import citations
from factdesk.data.loader import load_publication, read_publication
from factdesk.data.problems import Problem, PublicationError, errors

from ..conftest import MINI, REPO, copy_data

CLAIM = (MINI / "claims" / "bridge-opened-in-1990.yml").read_text()


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return copy_data(tmp_path / "pub")


def problems_with(root: Path, path: str, text: str) -> list[Problem]:
    (root / path).write_text(text, encoding="utf-8")
    publication, problems = read_publication(root)
    assert publication is None
    return problems


def placed(problems: list[Problem]) -> list[tuple[str, int, int]]:
    return [(p.path, p.line, p.column) for p in problems]


def test_the_fixture_loads_into_a_publication(data):
    publication = load_publication(data)
    assert [c.slug for c in publication.claims] == ["budget-doubled", "bridge-opened-in-1990"]  # newest first
    bridge = publication.claims[1]
    assert bridge.verdict.label == "False" and bridge.claim_date == date(2024, 1, 1)
    assert bridge.last_changed == date(2024, 2, 3)  # the correction counts as an update
    assert publication.claims_appearing_in["daily-planet-2024-01-02"] == publication.claims
    assert set(publication.claims_by_tag) == {"budgets", "dates", "infrastructure"}
    assert publication.sources["daily-planet-2024-01-02"].archived_text.startswith("The harbour bridge")
    assert publication.sources["city-records-2024"].archived_text is None


def test_unknown_field_suggests_the_near_one(data):
    problems = problems_with(data, "claims/bridge-opened-in-1990.yml", CLAIM.replace("verdict:", "verdit:"))
    assert placed(problems) == [("claims/bridge-opened-in-1990.yml", 7, 1)]
    assert "unknown field `verdit`" in problems[0].message
    assert problems[0].hint == "did you mean `verdict`?"


def test_unknown_field_inside_an_entry(data):
    text = CLAIM.replace("    note: The register gives", "    nte: The register gives")
    problems = problems_with(data, "claims/bridge-opened-in-1990.yml", text)
    assert problems[0].message.startswith("unknown field `nte` in an entry of `evidence`")
    assert problems[0].hint == "did you mean `note`?"


def test_missing_required_field_is_placed_at_the_record_and_shows_an_example(data):
    text = CLAIM.replace("author: test-desk\n", "")
    problems = problems_with(data, "claims/bridge-opened-in-1990.yml", text)
    assert placed(problems) == [("claims/bridge-opened-in-1990.yml", 1, 1)]
    assert problems[0].message == "missing required field `author` in a claim file"
    assert problems[0].hint.startswith("add `author: desk-editor`")


def test_empty_required_field(data):
    problems = problems_with(data, "claims/bridge-opened-in-1990.yml",
                             CLAIM.replace("claimants: [mayor-ann-example]", "claimants:"))
    # And a warning: the claimant's record is named by no claim now.
    assert placed(problems) == [("claimants/mayor-ann-example.yml", 1, 1), ("claims/bridge-opened-in-1990.yml", 2, 11)]
    assert problems[1].message == "`claimants` needs at least 1 entry"


@pytest.mark.parametrize("old, new, line, column, message", [
    ("tags: [infrastructure, dates]", "tags: infrastructure", 16, 7, "`tags` should be a list"),
    ("claimants: [mayor-ann-example]", "claimants: {name: Mayor}", 2, 12, "`claimants` should be a list"),
    ("claim_date: 2024-01-01", "claim_date: 1 January 2024", 3, 13, "should be a date written YYYY-MM-DD"),
    ("appearances:\n  - source: daily-planet-2024-01-02\n    quote: the mayor said \"opened in 1990\"",
     "appearances: daily-planet-2024-01-02", 4, 14, "should be a list of appearance entries"),
    ("evidence:\n  - source: city-records-2024\n    note: The register gives 12 May 1992 as the opening date.",
     "evidence: []", 13, 11, "`evidence` needs at least 1 evidence entry"),
])
def test_wrong_types(data, old, new, line, column, message):
    assert old in CLAIM
    problems = [p for p in problems_with(data, "claims/bridge-opened-in-1990.yml", CLAIM.replace(old, new))
                if p.severity == "error"]
    assert placed(problems) == [("claims/bridge-opened-in-1990.yml", line, column)]
    assert message in problems[0].message


@pytest.mark.parametrize("value, detail", [("2024-02-30", ": February 2024 has 29 days"),
                                           ("2023-02-29", ": February 2023 has 28 days"),
                                           ("2024-13-01", ": there is no month 13")])
def test_impossible_dates(data, value, detail):
    problems = problems_with(data, "claims/bridge-opened-in-1990.yml", CLAIM.replace("2024-02-01", value))
    assert placed(problems) == [("claims/bridge-opened-in-1990.yml", 17, 12)]
    assert problems[0].message == f"`{value}` is not a real date{detail}"


def test_dates_out_of_order(data):
    text = CLAIM.replace("claim_date: 2024-01-01", "claim_date: 2024-03-01").replace("date: 2024-02-03", "date: 2024-01-15")
    problems = problems_with(data, "claims/bridge-opened-in-1990.yml", text)
    messages = [p.message for p in problems]
    assert any("before the claim was made" in m for m in messages)  # the source predates the claim
    assert any("after the fact-check was published" in m for m in messages)
    assert any("the correction is dated 2024-01-15, before the fact-check was published" in m for m in messages)


def test_unknown_verdict_suggests_the_near_one(data):
    problems = problems_with(data, "claims/bridge-opened-in-1990.yml", CLAIM.replace('verdict: "false"', "verdict: flase"))
    assert placed(problems) == [("claims/bridge-opened-in-1990.yml", 7, 10)]
    assert problems[0].message == "`flase` is not a verdict of the scale"
    assert problems[0].hint == "did you mean `false`?"


def test_unquoted_yaml_boolean_is_still_the_verdict_key(data):
    (data / "claims" / "bridge-opened-in-1990.yml").write_text(CLAIM.replace('verdict: "false"', "verdict: false"))
    assert load_publication(data).claims[1].verdict.key == "false"


def test_dangling_source_in_appearance_and_evidence(data):
    text = CLAIM.replace("source: daily-planet-2024-01-02", "source: daily-planet-2024-01-03") \
                .replace("source: city-records-2024", "source: city-record-2024")
    problems = problems_with(data, "claims/bridge-opened-in-1990.yml", text)
    assert placed(problems) == [("claims/bridge-opened-in-1990.yml", 5, 13), ("claims/bridge-opened-in-1990.yml", 14, 13)]
    assert problems[0].message == "no source has the id `daily-planet-2024-01-03` (there is no sources/daily-planet-2024-01-03.yml)"
    assert problems[0].hint == "did you mean `daily-planet-2024-01-02`?"
    assert problems[1].hint == "did you mean `city-records-2024`?"


def test_quote_not_in_the_archive_shows_where_it_departs(data):
    text = CLAIM.replace('quote: the mayor said "opened in 1990"', "quote: the mayor said “opened in 1991”")
    problems = problems_with(data, "claims/bridge-opened-in-1990.yml", text)
    assert placed(problems) == [("claims/bridge-opened-in-1990.yml", 6, 12)]
    assert problems[0].message == "the quote does not occur in the archived text of `daily-planet-2024-01-02`"
    assert '“…the mayor said "opened in 199”, then the quote has “1"…”' in problems[0].hint
    assert 'but the source has “0",' in problems[0].hint


def test_quote_matches_across_line_breaks_and_quotation_styles(data):
    text = CLAIM.replace('quote: the mayor said "opened in 1990"', "quote: |\n      which the   mayor\n      said “opened in 1990”, celebrated")
    (data / "claims" / "bridge-opened-in-1990.yml").write_text(text)
    assert load_publication(data).claims[1].appearances[0].quote.startswith("which the")


def test_quote_from_a_source_without_archived_text(data):
    text = CLAIM.replace("  - source: daily-planet-2024-01-02\n", "  - source: city-records-2024\n")
    problems = problems_with(data, "claims/bridge-opened-in-1990.yml", text)
    assert problems[0].message == "cannot verify the quote: source `city-records-2024` has no archived text"
    assert problems[0].hint == "add sources/city-records-2024.txt with the text of the source as published"


def test_two_claims_with_the_same_slug(data):
    shutil.copy(data / "claims" / "budget-doubled.yml", data / "claims" / "budget-doubled.yaml")
    problems = read_publication(data)[1]
    assert placed(problems) == [("claims/budget-doubled.yml", 1, 1)]
    assert problems[0].message == "another file has the same address: claims/budget-doubled.yaml"


@pytest.mark.parametrize("name", ["index", "explorer", "2022"])
def test_file_names_of_generated_pages_are_refused(data, name):
    """A year is the address of the claims index's page of that year (`claims/2022/`)."""
    shutil.copy(data / "claims" / "budget-doubled.yml", data / "claims" / f"{name}.yml")
    problems = read_publication(data)[1]
    assert [(p.path, p.message) for p in problems] == [
        (f"claims/{name}.yml", f"`{name}` is reserved: claims/{name}/ is a generated page")]


def test_file_name_that_cannot_be_an_address(data):
    shutil.copy(data / "claims" / "budget-doubled.yml", data / "claims" / "Budget Doubled.yml")
    problems = read_publication(data)[1]
    assert problems[0].path == "claims/Budget Doubled.yml"
    assert "rename it to claims/budget-doubled.yml" in problems[0].hint


def test_every_problem_in_every_file_at_once(data):
    (data / "claims" / "budget-doubled.yml").write_text(
        (MINI / "claims" / "budget-doubled.yml").read_text().replace("verdict: unproven", "verdict: maybe"))
    (data / "sources" / "city-records-2024.yml").write_text(
        (MINI / "sources" / "city-records-2024.yml").read_text().replace("kind: official", "kind: offical"))
    problems = problems_with(data, "claims/bridge-opened-in-1990.yml", CLAIM.replace("verdict:", "verdit:"))
    assert {p.path for p in problems} == {"claims/bridge-opened-in-1990.yml", "claims/budget-doubled.yml",
                                          "sources/city-records-2024.yml"}
    source_problem = next(p for p in problems if p.path.startswith("sources/"))
    assert source_problem.hint == "did you mean `official`?"
    with pytest.raises(PublicationError) as raised:
        load_publication(data)
    assert str(raised.value).endswith("3 problems in 3 files.")


def test_archived_text_without_a_source(data):
    (data / "sources" / "orphan.txt").write_text("text")
    problems = read_publication(data)[1]
    assert placed(problems) == [("sources/orphan.txt", 1, 1)]


def test_settings_scale_is_checked(data):
    (data / "factdesk.yml").write_text(
        "verdicts:\n"
        "  - {key: good, label: Good, meaning: Fine., colour: '#eeeeee', icon: material/check, rating: 2}\n"
        "  - {key: good, label: Bad, meaning: Not., colour: '#b91c1c', icon: material/close, rating: 1}\n")
    problems = read_publication(data)[1]
    messages = {(p.path, p.line, p.message.split(" has")[0].split(" is used")[0]) for p in problems}
    assert ("factdesk.yml", 2, "white text on #eeeeee") in messages
    assert ("factdesk.yml", 3, "the verdict key `good`") in messages


@pytest.mark.parametrize("value, message", [("0", "`page_size` should be at least 1, not `0`"),
                                            ("fifty", "`page_size` should be a whole number, not `fifty`")])
def test_the_page_size_is_a_whole_number_of_at_least_one(data, value, message):
    (data / "factdesk.yml").write_text(f"name: Desk\npage_size: {value}\n")
    problems = read_publication(data)[1]
    assert [(p.path, p.line, p.column, p.message) for p in problems] == [("factdesk.yml", 2, 12, message)]
    (data / "factdesk.yml").write_text("page_size: 7\n")
    assert load_publication(data).settings.page_size == 7


def test_a_claim_with_several_mistakes_reports_its_quote_too(data):
    text = CLAIM.replace("verdict:", "verdit:").replace('"opened in 1990"', '"opened in 1991"')
    problems = problems_with(data, "claims/bridge-opened-in-1990.yml", text)
    assert [p.message.split(" in ")[0] for p in problems] == [
        "the quote does not occur", "unknown field `verdit`"]


def test_a_broken_source_is_reported_once_not_also_as_unknown(data):
    (data / "sources" / "city-records-2024.yml").write_text("title: [unclosed\n")
    problems = read_publication(data)[1]
    assert [p.path for p in problems] == ["sources/city-records-2024.yml"]


@pytest.mark.parametrize("url", ["http://[oops/x", "https://exa\uff03mple.com@x/", "https:///path", "ftp://a.b/c"])
def test_urls_that_cannot_be_read_are_problems_not_crashes(data, url):
    text = (MINI / "sources" / "city-records-2024.yml").read_text().replace(
        "url: https://records.example.org/works?id=17", f'url: "{url}"')
    problems = problems_with(data, "sources/city-records-2024.yml", text)
    assert placed(problems) == [("sources/city-records-2024.yml", 3, 6)]
    assert problems[0].message.startswith("`url` should be a web address")


def test_an_archive_that_is_a_folder_is_a_problem_of_its_own(data):
    (data / "sources" / "city-records-2024.txt").mkdir()
    problems = read_publication(data)[1]
    # Not also "no archived text" for the quotes of that source: one problem, where it is.
    assert [(p.path, p.message) for p in problems] == [
        ("sources/city-records-2024.txt/", "a folder inside sources/ is not read")]


def test_a_field_name_that_is_not_text(data):
    problems = problems_with(data, "claims/bridge-opened-in-1990.yml", "? [a, b]\n: c\n" + CLAIM)
    assert problems[0].message == "a field name must be plain text, not a list"
    assert placed(problems)[0] == ("claims/bridge-opened-in-1990.yml", 1, 3)


def test_dates_in_other_digits_are_refused(data):
    problems = problems_with(data, "claims/bridge-opened-in-1990.yml",
                             CLAIM.replace("claim_date: 2024-01-01", "claim_date: ٢٠٢٤-٠١-٠١"))
    assert "should be a date written YYYY-MM-DD" in problems[0].message


@pytest.mark.parametrize("written, hint", [
    ("27/09/2022", "write `claim_date: 2022-09-27`"),
    ("September 27, 2022", "write `claim_date: 2022-09-27`"),
    ("２０２２年９月２７日", "write `claim_date: 2022-09-27`"),
    ("03/04/2022", "`03/04/2022` could be 3 April 2022 or 4 March 2022: write it YYYY-MM-DD, `2022-04-03` or "
                   "`2022-03-04`"),
    ("last Tuesday", "e.g. `claim_date: "),
])
def test_a_date_in_another_form_gets_the_form_it_means(data, written, hint):
    """The form an editor meant is suggested when it has one reading, and never guessed when it has two."""
    problems = problems_with(data, "claims/bridge-opened-in-1990.yml",
                             CLAIM.replace("claim_date: 2024-01-01", f"claim_date: {written}"))
    assert problems[0].message == f"`claim_date` should be a date written YYYY-MM-DD, not `{written}`"
    assert problems[0].hint.startswith(hint)


@pytest.mark.parametrize("tags, message", [
    ("[Infrastructure, infrastructure]", "the tags `infrastructure` and `Infrastructure` would share the page tags/infrastructure/"),
    ("[index]", "the tag `index` has no address of its own"),
    ("['<img src=x>']", "each entry of `tags` should be words joined by spaces or hyphens"),
])
def test_tags_that_cannot_have_a_page_of_their_own(data, tags, message):
    problems = problems_with(data, "claims/bridge-opened-in-1990.yml",
                             CLAIM.replace("tags: [infrastructure, dates]", f"tags: {tags}"))
    assert [p.message for p in problems if p.path.endswith("bridge-opened-in-1990.yml")][0].startswith(message)


@pytest.mark.parametrize("key, icon, message", [
    ("index", "material/check", "the verdict key `index` is reserved for the verdicts' index page"),
    ("good", "material/close](https://x.example)", "`icon` should be an icon name such as `material/check`"),
])
def test_verdicts_that_would_break_pages(data, key, icon, message):
    (data / "factdesk.yml").write_text(
        "verdicts:\n"
        f"  - {{key: {key}, label: Good, meaning: Fine., colour: '#1a7f37', icon: '{icon}', rating: 2}}\n"
        "  - {key: bad, label: Bad, meaning: Not., colour: '#b91c1c', icon: material/close, rating: 1}\n")
    messages = [p.message for p in read_publication(data)[1] if p.path == "factdesk.yml"]
    assert any(m.startswith(message) for m in messages), messages


def test_an_unreadable_archive_is_reported_once(data):
    (data / "sources" / "daily-planet-2024-01-02.txt").write_bytes(b"text\x00with a NUL")
    problems = read_publication(data)[1]
    assert [(p.path, p.message) for p in problems] == [
        ("sources/daily-planet-2024-01-02.txt", "this is a binary file, not text")]


@pytest.mark.parametrize("value", ["http://[x", "ftp://example.org/", "https://example.org/a b"])
def test_a_deployment_address_that_is_not_one_is_a_problem(data, monkeypatch, value):
    monkeypatch.setenv("FACTDESK_URL", value)
    problems = read_publication(data)[1]
    assert [(p.path, p.message) for p in problems] == [
        ("$FACTDESK_URL", f"FACTDESK_URL should be a web address starting with https:// or http://, not `{value}`")]


def test_files_read_in_worker_processes_give_what_one_process_gives(tmp_path: Path, monkeypatch) -> None:
    from ..test_benchmarks import benchmark_script
    # Workers from 30 files on, in batches of 7: sources and claims both go to workers, in many batches.
    monkeypatch.setattr(loader, "PARALLEL_FROM", 30)
    monkeypatch.setattr(loader, "_BATCH", 7)
    benchmark_script("synthetic").write_publication(tmp_path, 160, seed=5)
    claim_files = sorted((tmp_path / "claims").glob("*.yml"))
    broken = claim_files[7]
    broken.write_text(broken.read_text(encoding="utf-8").replace("verdict: ", "verdict: nonsense-", 1), encoding="utf-8")
    retagged = next(path for path in claim_files[100:] if "tags: [" in path.read_text(encoding="utf-8"))
    retagged.write_text(retagged.read_text(encoding="utf-8").replace("tags: [", "tags: [Budget, ", 1),
                        encoding="utf-8")
    misquoting = claim_files[60]
    misquoting.write_text(misquoting.read_text(encoding="utf-8").replace("  quote: ", "  quote: Never written ", 1),
                          encoding="utf-8")
    source = sorted((tmp_path / "sources").glob("*.yml"))[20]
    source.write_text(source.read_text(encoding="utf-8").replace("published: ", "published: 2020-02-30 #", 1),
                      encoding="utf-8")

    alone = loader.read_publication(tmp_path, jobs=1)
    shared = loader.read_publication(tmp_path, jobs=2)
    checked = loader.check_publication(tmp_path, jobs=2)

    assert shared == alone
    assert checked.problems == alone[1]
    assert (checked.claim_files, checked.sources) == (160, 31)
    def reported(path: Path, message: str) -> bool:
        return any(p.path == f"{path.parent.name}/{path.name}" and message in p.message for p in alone[1])
    assert reported(broken, "`nonsense-")
    assert reported(source, "`2020-02-30` is not a real date")
    assert reported(misquoting, "the quote does not occur in the archived text")
    assert any("would share the page tags/budget/" in p.message for p in alone[1])


def test_a_claim_hashed_in_one_process_hashes_right_in_another(tmp_path: Path) -> None:
    """Claims keep their hash once computed (model._hash_kept), but string hashes differ between
    processes: a claim hashed in a worker and sent to the parent must not bring its hash along."""
    import subprocess
    import sys
    script = tmp_path / "hash.py"
    script.write_text(
        "import dataclasses, pickle, sys\n"
        "from pathlib import Path\n"
        "from factdesk.data import loader\n"
        "if sys.argv[1] == 'send':\n"
        "    claim = loader.load_publication(Path(sys.argv[2])).claims[0]\n"
        "    hash(claim)\n"
        "    Path(sys.argv[3]).write_bytes(pickle.dumps(claim))\n"
        "else:\n"
        "    claim = pickle.loads(Path(sys.argv[3]).read_bytes())\n"
        "    print(hash(claim) == hash(dataclasses.replace(claim)), claim in {dataclasses.replace(claim)})\n",
        encoding="utf-8")
    pickled = tmp_path / "claim.pickle"
    for step, seed in (("send", "1"), ("receive", "2")):
        done = subprocess.run([sys.executable, str(script), step, str(MINI), str(pickled)], capture_output=True,
                              text=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed})
    assert done.stdout.split() == ["True", "True"]


# Claimants and people ----------------------------------------------------------------------

def test_the_claims_name_their_records(data):
    publication = load_publication(data)
    bridge = next(c for c in publication.claims if c.slug == "bridge-opened-in-1990")
    assert [who.name for who in bridge.claimants] == ["Mayor Ann Example"]
    assert bridge.claimants[0].kind == "person" and bridge.claimants[0].other_names == ("Ann Example",)
    assert bridge.author.name == "Test Desk" and bridge.editor is None
    assert publication.claims_by_claimant["mayor-ann-example"] == (bridge,)
    assert set(publication.claims_by_person["test-desk"]) == set(publication.claims)


@pytest.mark.parametrize("written, meant", [
    ("ann", "mayor-ann-example"),  # a word of the name
    ("Ann Example", "mayor-ann-example"),  # an other name, as written
    ("mayor-ann-exampel", "mayor-ann-example"),  # a mistyped id
    ("officials", "city-officials"),
])
def test_an_unknown_claimant_suggests_the_record_meant_by_its_names(data, written, meant):
    text = CLAIM.replace("claimants: [mayor-ann-example]", f"claimants: [{written}]")
    problems = [p for p in problems_with(data, "claims/bridge-opened-in-1990.yml", text) if p.severity == "error"]
    assert placed(problems) == [("claims/bridge-opened-in-1990.yml", 2, 13)]
    assert problems[0].message.startswith(f"no claimant has the id `{written}`")
    assert problems[0].hint.startswith(f"did you mean `{meant}` (")


def test_an_unknown_person_is_named_with_the_command_that_adds_one(data):
    text = CLAIM.replace("author: test-desk", "author: nobody-we-know")
    problems = problems_with(data, "claims/bridge-opened-in-1990.yml", text)
    assert placed(problems) == [("claims/bridge-opened-in-1990.yml", 18, 9)]
    assert problems[0].message == "no person has the id `nobody-we-know` (there is no people/nobody-we-know.yml)"
    assert problems[0].hint.startswith("add people/nobody-we-know.yml (`factdesk new person`)")


def test_two_claimants_of_one_claim_and_what_they_cited(data):
    (data / "claims" / "bridge-opened-in-1990.yml").write_text(
        CLAIM.replace("claimants: [mayor-ann-example]", "claimants: [mayor-ann-example, city-officials]\n"
                      "citing: the harbour master"), encoding="utf-8")
    bridge = next(c for c in load_publication(data).claims if c.slug == "bridge-opened-in-1990")
    assert bridge.claimed_by == "Mayor Ann Example and City officials" and bridge.citing == "the harbour master"


def test_two_records_going_by_one_name_are_an_error_at_the_second_name(data):
    (data / "claimants" / "ann.yml").write_text("name: Ann  EXAMPLE\nkind: person\n", encoding="utf-8")
    problems = problems_with(data, "claimants/zed.yml", "name: Zed\nkind: media\nother_names: [Mayor Ann Example]\n")
    # Each clash on both files, so that whichever one an editor has open names the other.
    assert [(p.path, p.line, p.column, p.message) for p in errors(problems)] == [
        ("claimants/ann.yml", 1, 7, "claimants/mayor-ann-example.yml goes by the name “Ann Example” too"),
        ("claimants/mayor-ann-example.yml", 3, 7, "claimants/zed.yml goes by the name “Mayor Ann Example” too"),
        ("claimants/mayor-ann-example.yml", 6, 15, "claimants/ann.yml goes by the name “Ann  EXAMPLE” too"),
        ("claimants/zed.yml", 3, 15, "claimants/mayor-ann-example.yml goes by the name “Mayor Ann Example” too"),
    ]


def test_a_claimant_no_claim_names_is_a_warning_but_a_new_colleague_is_not(data):
    (data / "claimants" / "zed.yml").write_text("name: Zed\nkind: media\n", encoding="utf-8")
    # A fact-checker joins the team (and the about page) before their first fact-check.
    (data / "people" / "ann.yml").write_text("name: Ann\n", encoding="utf-8")
    publication, problems = read_publication(data)
    assert publication is not None
    assert [(p.path, p.message, p.severity) for p in problems] == [
        ("claimants/zed.yml", "no claim names `zed`", "warning")]


def test_a_record_named_only_by_a_broken_claim_is_not_unused(data):
    text = CLAIM.replace("verdict: \"false\"", "verdict: maybe")
    problems = problems_with(data, "claims/bridge-opened-in-1990.yml", text)
    assert [p.path for p in problems] == ["claims/bridge-opened-in-1990.yml"]


def test_a_claim_in_the_older_format_is_told_to_migrate(data):
    text = CLAIM.replace("claimants: [mayor-ann-example]", "claimant: Mayor Ann Example\nclaimant_kind: person")
    problems = [p for p in problems_with(data, "claims/bridge-opened-in-1990.yml", text) if p.severity == "error"]
    assert placed(problems) == [("claims/bridge-opened-in-1990.yml", 2, 1), ("claims/bridge-opened-in-1990.yml", 3, 1)]
    assert problems[0].message.startswith("`claimant` is a field of an older factdesk file format")
    assert all("run `factdesk migrate`" in p.hint for p in problems)


def test_a_former_id_that_is_a_record_now_is_an_error(data):
    problems = problems_with(data, "claimants/city-officials.yml",
                             "name: City officials\nkind: government\nformerly: [mayor-ann-example]\n")
    assert [(p.path, p.message) for p in problems] == [
        ("claimants/city-officials.yml", "`formerly` lists `mayor-ann-example`, which is the id of "
         "claimants/mayor-ann-example.yml")]


@pytest.mark.parametrize("written", ["hayashi", "Hayashi Yoshimasa", "林芳正", "yoshimasa-hayshi"])
def test_a_name_or_other_name_for_an_id_suggests_the_first_publications_record(tmp_path, written):
    root = copy_data(tmp_path / "pub", REPO)
    path = root / "claims" / "hayashi-vienna-convention-violation.yml"
    text = path.read_text(encoding="utf-8")
    assert "claimants: [yoshimasa-hayashi]" in text
    problems = problems_with(root, "claims/hayashi-vienna-convention-violation.yml",
                             text.replace("claimants: [yoshimasa-hayashi]", f"claimants: [{written}]"))
    [error] = [p for p in problems if p.severity == "error"]
    assert error.message.startswith(f"no claimant has the id `{written}`")
    assert error.hint == "did you mean `yoshimasa-hayashi` (Yoshimasa Hayashi)?"


def test_the_author_named_as_editor_too_is_an_error(data):
    text = CLAIM.replace("author: test-desk", "author: test-desk\neditor: test-desk")
    problems = problems_with(data, "claims/bridge-opened-in-1990.yml", text)
    assert [(p.line, p.message) for p in problems] == [(19, "`editor` is the author, `test-desk`")]


def test_a_claimant_in_the_older_format_with_a_record_is_shown_its_id(data):
    text = CLAIM.replace("claimants: [mayor-ann-example]", "claimant: Ann Example")
    [problem] = [p for p in problems_with(data, "claims/bridge-opened-in-1990.yml", text) if p.severity == "error"]
    assert problem.hint.startswith("write `claimants: [mayor-ann-example]` in its place (Mayor Ann Example has a "
                                   "record), or run `factdesk migrate`")


def test_a_claim_that_names_an_id_a_record_left_is_shown_the_record(data):
    officials = data / "claimants" / "city-officials.yml"
    officials.write_text(officials.read_text() + "formerly: [town-hall]\n")
    text = (data / "claims" / "budget-doubled.yml").read_text().replace("[city-officials]", "[town-hall]")
    problems = problems_with(data, "claims/budget-doubled.yml", text)
    [error] = [p for p in problems if p.severity == "error"]
    assert error.message.startswith("no claimant has the id `town-hall`")
    assert error.hint == "did you mean `city-officials` (City officials)?"


@pytest.mark.parametrize("summary, warned", [
    ("Mostly true. The register says 1992.", "the summary opens with “Mostly true”, but the verdict is False"),
    ("TRUE: the register says 1992.", "the summary opens with “TRUE”, but the verdict is False"),
    ("False. The register says 1992.", None),
    ("True as far as it goes, but the register says 1992.", None),
    ("The register says 1992.", None),
])
def test_a_summary_that_opens_with_another_verdict_is_a_warning(data, summary, warned):
    (data / "claims" / "bridge-opened-in-1990.yml").write_text(
        CLAIM.replace("summary: The city's register dates the opening to 1992.", f"summary: '{summary}'"))
    publication, problems = read_publication(data)
    assert publication is not None
    assert [(p.line, p.message, p.severity) for p in problems] == ([(8, warned, "warning")] if warned else [])
    if warned:
        assert problems[0].hint.startswith("open it with “False.”, or leave the label out")


# Citations in the explanation, and stories ------------------------------------------------

BUDGET = (MINI / "claims" / "budget-doubled.yml").read_text()


def test_a_citation_of_a_source_outside_the_evidence_is_placed_on_it_with_the_fix(data):
    body = ("body: |\n  The register [@city-records-2024] lists works.\n"
            "  The paper [@daily-planet-2024-01-02] says so, and `[@not-checked]` is code.\n")
    text = BUDGET.replace("body: The budget documents for 1992 are not public.\n", body)
    problems = problems_with(data, "claims/budget-doubled.yml", text)
    assert placed(problems) == [("claims/budget-doubled.yml", 11, 13)]  # on its `[@`
    assert problems[0].message == ("the explanation cites `daily-planet-2024-01-02`, a source of the publication, "
                                   "but not of this claim's evidence")
    assert problems[0].hint.startswith("add it to `evidence:` (`- source: daily-planet-2024-01-02` with a note)")


def test_a_mistyped_citation_gets_did_you_mean(data):
    text = BUDGET.replace("body: The budget documents for 1992 are not public.",
                          "body: The documents [@city-record-2024] are not public.")
    problems = problems_with(data, "claims/budget-doubled.yml", text)
    assert placed(problems) == [("claims/budget-doubled.yml", 9, 21)]
    assert problems[0].hint.startswith("did you mean `[@city-records-2024]`?")


def test_a_story_names_claims_and_sources_that_exist(data):
    (data / "stories").mkdir()
    story = ("title: The bridge\nintroduction: What was said of the bridge.\n"
             "claims: [bridge-opened-in-1990, budget-doubles]\n"
             "events:\n  - date: 2024-01-01\n    what: The bridge turned 32.\n    source: daily-planet-2024-01-03\n")
    problems = problems_with(data, "stories/the-bridge.yml", story)
    assert placed(problems) == [("stories/the-bridge.yml", 3, 33), ("stories/the-bridge.yml", 7, 13)]
    assert problems[0].message == "no claim has the id `budget-doubles` (there is no claims/budget-doubles.yml)"
    assert problems[0].hint == "did you mean `budget-doubled`?"
    assert problems[1].hint == "did you mean `daily-planet-2024-01-02`?"


def test_a_story_orders_its_claims_and_events_by_date(data):
    (data / "stories").mkdir()
    (data / "stories" / "the-bridge.yml").write_text(
        "title: The bridge\nintroduction: What was said of the bridge.\n"
        "claims: [budget-doubled, bridge-opened-in-1990]\n"
        "events:\n  - date: 2024-01-01\n    what: The bridge turned 32.\n    source: daily-planet-2024-01-02\n")
    publication = load_publication(data)
    story = publication.stories["the-bridge"]
    timeline = publication.timeline(story)
    # Both claims were made on 1 January 2024, the day of the event, which comes first.
    assert [getattr(item, "slug", "event") for item in timeline] == ["event", "bridge-opened-in-1990", "budget-doubled"]
    assert publication.stories_of["budget-doubled"] == (story,)
    bridge = publication.claims_by_slug["bridge-opened-in-1990"]
    assert publication.neighbours(bridge) == (story, None, publication.claims_by_slug["budget-doubled"])


@pytest.mark.parametrize("written", ["[@ city-records-2024]", "[@]", "[@City-Records]"])
def test_a_citation_written_otherwise_is_an_error_not_text(data, written):
    text = BUDGET.replace("body: The budget documents for 1992 are not public.",
                          f"body: The documents {written} are not public.")
    problems = problems_with(data, "claims/budget-doubled.yml", text)
    assert placed(problems) == [("claims/budget-doubled.yml", 9, 21)]
    assert problems[0].message == f"`{written}` is not a citation: it is written `[@source-id]`, with no spaces"


def test_citations_in_code_or_escaped_are_text(data):
    body = ("body: |\n  The register [@city-records-2024] lists works; `[@x]`, ``[@y]`` and \\[@z] are text.\n\n"
            "  ```\n  [@in-a-fence]\n  ```\n")
    (data / "claims" / "budget-doubled.yml").write_text(
        BUDGET.replace("body: The budget documents for 1992 are not public.\n", body), encoding="utf-8")
    publication = load_publication(data)
    claim = publication.claims_by_slug["budget-doubled"]
    assert [c.cited for c in citations(claim.body)] == ["city-records-2024"]
