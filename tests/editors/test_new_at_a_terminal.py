"""`factdesk new` at a real terminal (a pseudo-terminal): wrong answers are refused with `check`'s
own messages and asked again, and the file written at the end passes `check`.

The publication is the invented one of tests/fixtures/mini: its source daily-planet-2024-01-02
says "The harbour bridge, which the mayor said “opened in 1990”, celebrated its anniversary
yesterday."
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from ..conftest import copy_data
from ..waiting import interruptible

ANSWER_WAIT = 30
"""Seconds to wait for a question before the test fails: a state awaited, never a pause."""


class Terminal:
    """An editor at a terminal running one command: waits for each question, then answers it."""

    def __init__(self, root: Path, *args: str) -> None:
        # A home of its own: the machine's git identity would make a default of the author question.
        home = root.parent / "home"
        home.mkdir(exist_ok=True)
        environment = {**os.environ, "HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1"}
        self.child = pexpect.spawn(sys.executable, ["-m", "factdesk", *args, "--root", str(root)], env=environment,
                                   encoding="utf-8", timeout=ANSWER_WAIT, dimensions=(40, 300),
                                   preexec_fn=interruptible)
        self.seen = ""

    def answer(self, question: str, typed: str) -> str:
        """Waits for `question` (plain text), types `typed`, and returns what was shown meanwhile."""
        self.child.expect_exact(question)
        shown = self.child.before + self.child.after
        self.seen += shown
        self.child.sendline(typed)
        return shown

    def refused(self, question: str, wrong: str, messages: tuple[str, ...], right: str) -> None:
        """`wrong` is refused: the same question is asked again, after each of `messages`; then `right`.
        An offer to add the file that a wrong id names is declined (Enter: no, the default)."""
        self.answer(question, wrong)
        shown = ""
        if self.child.expect_exact([question, "now? [y/N]: "]) == 1:
            shown = self.child.before + self.child.after
            self.child.sendline("")
            self.child.expect_exact(question)
        shown += self.child.before
        for message in messages:
            assert message in shown, shown
        self.seen += shown + self.child.after
        self.child.sendline(right)

    def ended(self) -> str:
        self.child.expect(pexpect.EOF)
        self.seen += self.child.before
        self.child.close()
        assert self.child.exitstatus == 0, self.seen
        return self.seen


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_data(tmp_path / "pub")


def check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "factdesk", "check", "--root", str(root)],
                          capture_output=True, text=True)


def test_a_claim_at_a_terminal_refuses_each_wrong_answer_with_checks_message(root):
    editor = Terminal(root, "new", "claim")
    editor.answer("The claim, as it was made, in one sentence: ", "The mayor said the bridge opened in 1990.")
    editor.refused("[the-mayor-said-the-bridge-opened-in-1990]: ", "Bridge Story",
                 ("`Bridge Story` is not a valid id", "fix: use lowercase letters, digits and single hyphens, "
                  "e.g. `bridge-story`"), "")
    editor.refused("there are: city-officials, mayor-ann-example): ", "mayor-ann",
                 ("no claimant has the id `mayor-ann`", "did you mean `mayor-ann-example` (Mayor Ann Example)?"),
                 "mayor-ann-example")
    editor.answer("Whom they cited for it, if anyone (optional: Enter to leave it out): ", "")
    editor.refused("When it was made (YYYY-MM-DD): ", "03/01/2024",
                 ("`03/01/2024` could be 3 January 2024 or 1 March 2024: write it YYYY-MM-DD",), "2024-13-01")
    # The second answer is refused too, with check's message for a month that does not exist.
    editor.child.expect_exact("there is no month 13")
    editor.answer("When it was made (YYYY-MM-DD): ", "1 January 2024")
    editor.child.expect_exact("read as 2024-01-01")
    editor.refused("city-records-2024, daily-planet-2024-01-02): ", "daily-planet-2024",
                 ("no source has the id `daily-planet-2024`", "did you mean `daily-planet-2024-01-02`?",
                  # A new source may look like a misspelt one: adding it is offered all the same.
                  "Add sources/daily-planet-2024.yml now? [y/N]"),
                 "daily-planet-2024-01-02")
    editor.refused("copied from its archived text: ", "the mayor said it opened in 1990",
                 ("the quote does not occur in the archived text of `daily-planet-2024-01-02`",
                  "the text matches up to “…the mayor said ”, then the quote has “it opened in 1990…” but the "
                  "source has “\"opened in 1990\", celebrated i…”"),
                 "which the mayor said “opened in 1990”")
    editor.answer("Another source where it was made or repeated: its id (Enter if there is none): ", "")
    shown = editor.answer("1 to 6, or the name): ", "flase")
    assert "1. true: True." in shown and "unproven: Unproven." in shown
    editor.child.expect_exact("did you mean `false`?")
    editor.answer("1 to 6, or the name): ", "unproven")
    editor.refused("in one or two sentences: ", "True. The bridge opened then.",
                 ("the summary opens with “True”, but the verdict is Unproven",), "No record gives the year.")
    editor.answer("a `.` alone leaves it for later)", "The city's records [@city-records-2024] "
                  "do not give the year.\n\nNor does the mayor's office.\n.")
    editor.refused("its id (Enter to add them later): ", "city-record",
                 ("did you mean `city-records-2024`?",), "city-records-2024")
    editor.answer("What it shows, in one sentence (Enter to write it in the file later): ",
                  "The register of works has no entry for the bridge.")
    editor.answer("its id (Enter when there are no more): ", "")
    editor.refused("Topics, comma-separated (optional: Enter to leave it out): ", "bridges, infra/structure",
                 ("each entry of `tags` should be words joined by spaces or hyphens, not `infra/structure`",),
                 "bridges, infrastructure")
    editor.refused("there are: ann-editor, test-desk): ", "ann",
                 ("no person has the id `ann`", "did you mean `ann-editor`"), "test-desk")
    editor.answer("Who edited it, if someone else: a person's id (optional: Enter to leave it out): ", "ann-editor")
    seen = editor.ended()
    path = root / "claims" / "the-mayor-said-the-bridge-opened-in-1990.yml"
    assert f"wrote {path}\nit passes every check.\n" in seen.replace("\r\n", "\n")
    # The publication has no Makefile: the preview is factdesk's own command.
    assert ("See it in the preview: run `factdesk serve`, then open "
            "http://127.0.0.1:8000/claims/the-mayor-said-the-bridge-opened-in-1990/") in seen
    assert check(root).returncode == 0, check(root).stderr
    text = path.read_text()
    assert "claim_date: 2024-01-01\n" in text and "verdict: unproven\n" in text
    assert "body: |\n  The city's records [@city-records-2024] do not give the year.\n\n  Nor does" in text


def test_a_source_at_a_terminal_asks_for_its_text_and_says_where_it_went(root, tmp_path):
    editor = Terminal(root, "new", "source")
    editor.answer("Its title: ", "Council approves the harbour budget")
    editor.answer("Who published it: ", "Harbour Gazette")
    editor.answer("When it was published (YYYY-MM-DD): ", "March 5, 2024")
    editor.child.expect_exact("read as 2024-03-05")
    editor.answer("once published) [harbour-gazette-2024-03-05]: ", "")
    shown = editor.answer("What sort of source it is (a number from 1 to 8, or the name): ", "1")
    assert "1. news: News report" in shown
    editor.answer("Its language, as a code such as en or ja [en]: ", "")
    editor.refused("Where the original is online (optional: Enter to leave it out): ", "gazette.example.org/budget",
                 ("`url` should be a web address starting with https:// or http://, not `gazette.example.org/budget`",),
                 "https://gazette.example.org/budget")
    editor.answer("An archived copy's address (a web archive) (optional: Enter to leave it out): ", "")
    question = "the path of a file that holds it (Enter to paste it instead): "
    editor.refused(question, str(tmp_path / "missing.txt"), ("cannot read", "missing.txt"), "")
    editor.answer("a `.` alone leaves it for later)",
                  "The council approved the harbour budget on Tuesday.\nIt doubles the sum for bridges.\n.")
    seen = editor.ended().replace("\r\n", "\n")
    text_path = root / "sources" / "harbour-gazette-2024-03-05.txt"
    assert f"wrote {text_path}: the archived text, as pasted\n" in seen
    assert text_path.read_text() == "The council approved the harbour budget on Tuesday.\nIt doubles the sum for bridges.\n"
    assert "http://127.0.0.1:8000/sources/harbour-gazette-2024-03-05/" in seen
    assert check(root).returncode == 0
    # A claim can quote it at once.
    done = subprocess.run([sys.executable, "-m", "factdesk", "new", "claim", "--no-interactive", "--root", str(root),
                           "--claim", "The budget for bridges doubled.", "--claimant", "city-officials",
                           "--claim-date", "2024-03-05", "--source", "harbour-gazette-2024-03-05",
                           "--quote", "It doubles the sum for bridges"], capture_output=True, text=True)
    assert done.returncode == 0 and "the quote" not in done.stdout, done.stdout


def test_a_file_of_the_source_text_is_copied_in(root, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("Gazette text, as published.\n", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    editor = Terminal(root, "new", "source", "--title", "Gazette", "--publisher", "Harbour Gazette",
                      "--published", "2024-03-05", "--kind", "news", "--id", "gazette-2024-03-05")
    editor.answer("[en]: ", "")
    editor.answer("Where the original is online (optional: Enter to leave it out): ", "")
    editor.answer("(optional: Enter to leave it out): ", "")
    editor.refused("(Enter to paste it instead): ", str(tmp_path / "latin1.txt"),
                 ("is not UTF-8 text: save it as UTF-8",), str(article))
    seen = editor.ended().replace("\r\n", "\n")
    assert f"the archived text, copied from {article}" in seen
    assert (root / "sources" / "gazette-2024-03-05.txt").read_text() == "Gazette text, as published.\n"


def test_options_are_checked_as_answers_are(root):
    """A wrong option is `check`'s message at a terminal, asked again; in a script, nothing is written."""
    editor = Terminal(root, "new", "claimant", "--name", "Harbour Master", "--kind", "goverment")
    editor.answer("once published) [harbour-master]: ", "")
    shown = editor.answer("What they are (a number from 1 to 6, or the name): ", "3")
    assert "--kind goverment: `goverment` is not a known `kind`" in shown and "did you mean `government`?" in shown
    assert "What they are:\r\n   1. person: Person\r\n" in shown and "3. government: Government body" in shown
    editor.answer("Who they are, in one line (optional: Enter to leave it out): ", "")
    editor.answer("Other names and spellings, comma-separated (optional: Enter to leave it out): ", "")
    editor.answer("their addresses (optional: Enter to leave it out): ", "")
    editor.ended()
    assert "kind: government\n" in (root / "claimants" / "harbour-master.yml").read_text()

    scripted = subprocess.run([sys.executable, "-m", "factdesk", "new", "claim", "--no-interactive", "--root", str(root),
                               "--claim", "Ships pay no harbour fee.", "--claim-date", "27/09/2022",
                               "--verdict", "fals", "--source", "daily-planet"], capture_output=True, text=True)
    assert scripted.returncode == 1 and "usage:" not in scripted.stderr
    assert scripted.stderr.splitlines() == [
        "factdesk new: nothing was written:",
        "--source daily-planet: no source has the id `daily-planet` (there is no sources/daily-planet.yml)",
        "    fix: did you mean `daily-planet-2024-01-02`?",
        "--verdict fals: `fals` is not a verdict of the scale",
        "    fix: did you mean `false`?",
    ]
    assert not (root / "claims" / "ships-pay-no-harbour-fee.yml").exists()
    # A date in another form with one reading is taken.
    understood = subprocess.run([sys.executable, "-m", "factdesk", "new", "claim", "--no-interactive", "--root",
                                 str(root), "--claim", "Ships pay no harbour fee.", "--claim-date", "27/09/2022"],
                                capture_output=True, text=True)
    assert understood.returncode == 0, understood.stderr
    assert "claim_date: 2022-09-27\n" in (root / "claims" / "ships-pay-no-harbour-fee.yml").read_text()


def test_a_claimant_not_yet_on_file_is_added_without_leaving_the_claim(root):
    editor = Terminal(root, "new", "claim", "--claim", "Ships pay no harbour fee.", "--claim-date", "2024-01-01",
                      "--source", "daily-planet-2024-01-02", "--quote", "celebrated its anniversary yesterday",
                      "--verdict", "false", "--summary", "Every ship pays it.", "--body", "The fee is in the register.",
                      "--evidence", "city-records-2024=The register lists the fee.", "--author", "test-desk",
                      "--tag", "harbour")
    editor.answer("[ships-pay-no-harbour-fee]: ", "")
    editor.answer("there are: city-officials, mayor-ann-example): ", "harbour-master")
    editor.child.expect_exact("no claimant has the id `harbour-master`")
    editor.answer("Add claimants/harbour-master.yml now? [y/N]: ", "y")
    editor.answer("Their name, as readers know them: ", "Harbour Master")
    editor.answer("What they are (a number from 1 to 6, or the name): ", "government")
    editor.answer("Who they are, in one line (optional: Enter to leave it out): ", "Runs the invented city's harbour")
    editor.answer("Other names and spellings, comma-separated (optional: Enter to leave it out): ", "")
    editor.answer("their addresses (optional: Enter to leave it out): ", "")
    editor.child.expect_exact(f"wrote {root / 'claimants' / 'harbour-master.yml'}")
    editor.answer("Whom they cited for it, if anyone (optional: Enter to leave it out): ", "")
    editor.answer("(Enter if there is none): ", "")
    editor.answer("Who edited it, if someone else: a person's id (optional: Enter to leave it out): ", "")
    seen = editor.ended().replace("\r\n", "\n")
    assert "ships-pay-no-harbour-fee.yml\nit passes every check.\n" in seen
    assert "claimants:\n- harbour-master\n" in (root / "claims" / "ships-pay-no-harbour-fee.yml").read_text()
    assert check(root).returncode == 0


def test_a_pasted_paragraph_longer_than_a_terminal_line_is_kept_whole(root):
    # A terminal passes at most 4,095 characters of a line unless the program reads it itself (readline).
    paragraph = " ".join(f"word{n}" for n in range(1500))
    editor = Terminal(root, "new", "source", "--title", "Long", "--publisher", "Gazette", "--published", "2024-01-01",
                      "--kind", "news", "--id", "gazette-2024-01-01", "--language", "en")
    editor.answer("Where the original is online (optional: Enter to leave it out): ", "")
    editor.answer("(optional: Enter to leave it out): ", "")
    editor.answer("(Enter to paste it instead): ", "")
    editor.answer("a `.` alone leaves it for later)", f"{paragraph}\n.")
    editor.ended()
    assert (root / "sources" / "gazette-2024-01-01.txt").read_text() == paragraph + "\n"


@pytest.mark.parametrize("key", ["\x03", "\x04"], ids=["ctrl-c", "ctrl-d"])
def test_ctrl_c_or_ctrl_d_stops_and_writes_nothing(root, key):
    editor = Terminal(root, "new", "claim")
    editor.answer("The claim, as it was made, in one sentence: ", "Ships pay no harbour fee.")
    editor.child.expect_exact("[ships-pay-no-harbour-fee]: ")
    editor.child.send(key)
    editor.child.expect(pexpect.EOF)
    editor.child.close()
    assert editor.child.exitstatus == 130
    assert "factdesk new: stopped; nothing more was written" in editor.child.before
    assert "Traceback" not in editor.child.before
    assert sorted(path.name for path in (root / "claims").iterdir()) == ["bridge-opened-in-1990.yml", "budget-doubled.yml"]


def test_a_source_not_yet_on_file_is_added_from_the_claims_questions(root, tmp_path):
    article = tmp_path / "notice.txt"
    article.write_text("The harbour master said no ship has ever paid the harbour fee.\n", encoding="utf-8")
    editor = Terminal(root, "new", "claim", "--claim", "No ship has ever paid the harbour fee.",
                      "--claimant", "city-officials", "--claim-date", "2024-02-01", "--verdict", "false",
                      "--summary", "The register lists fees paid.", "--body", "See the register [@city-records-2024].",
                      "--evidence", "city-records-2024=The register lists the fee.", "--author", "test-desk",
                      "--tag", "harbour", "--slug", "no-ship-paid-the-harbour-fee")
    editor.answer("Whom they cited for it, if anyone (optional: Enter to leave it out): ", "")
    editor.answer("Where it was made: the source's id", "harbour-notice-2024-02-01")
    editor.child.expect_exact("no source has the id `harbour-notice-2024-02-01`")
    editor.answer("Add sources/harbour-notice-2024-02-01.yml now? [y/N]: ", "y")
    editor.answer("Its title: ", "Notice to shipping")
    editor.answer("Who published it: ", "Harbour Office")
    editor.answer("When it was published (YYYY-MM-DD): ", "2024-02-01")
    editor.answer("1 to 8, or the name): ", "official")
    editor.answer("[en]: ", "")
    editor.answer("Where the original is online (optional: Enter to leave it out): ", "")
    editor.answer("(a web archive) (optional: Enter to leave it out): ", "")
    editor.answer("(Enter to paste it instead): ", f"'{article}'")  # as a terminal writes a dropped file
    editor.child.expect_exact("the archived text, copied from")
    editor.answer("copied from its archived text: ", "no ship has ever paid the harbour fee")
    editor.answer("(Enter if there is none): ", "")
    editor.answer("Who edited it, if someone else: a person's id (optional: Enter to leave it out): ", "")
    seen = editor.ended().replace("\r\n", "\n")
    assert "no-ship-paid-the-harbour-fee.yml\nit passes every check.\n" in seen
    assert (root / "sources" / "harbour-notice-2024-02-01.txt").read_text() == article.read_text()
    assert check(root).returncode == 0


def test_a_quote_of_a_source_without_its_text_yet_is_taken_for_check_to_verify(root):
    # city-records-2024 has no archived text: the question cannot verify the quote, and does not loop.
    editor = Terminal(root, "new", "claim", "--claim", "The register lists no fee.", "--claimant", "city-officials",
                      "--claim-date", "2024-02-01", "--slug", "register-lists-no-fee", "--verdict", "false",
                      "--summary", "It does.", "--body", "It does.", "--evidence", "city-records-2024=It lists it.",
                      "--author", "test-desk", "--tag", "harbour", "--citing", "nobody")
    editor.answer("Where it was made: the source's id", "city-records-2024")
    editor.answer("copied from its archived text: ", "the register of harbour fees")
    editor.answer("(Enter if there is none): ", "")
    editor.answer("(optional: Enter to leave it out): ", "")
    seen = editor.ended()
    assert "cannot verify the quote: source `city-records-2024` has no archived text" in seen


def factdesk_new(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "factdesk", "new", *args, "--no-interactive", "--root", str(root)],
                          capture_output=True, text=True)


def test_options_in_a_script_edge_cases(root, tmp_path):
    # A repeated option keeps each value whole, commas and all.
    done = factdesk_new(root, "claimant", "--name", "Smith, J.", "--id", "j-smith", "--kind", "person",
                        "--other-name", "Smith, John", "--same-as", "https://en.wikipedia.org/wiki/Washington,_D.C.")
    assert done.returncode == 0, done.stderr
    text = (root / "claimants" / "j-smith.yml").read_text()
    assert "- Smith, John\n" in text and "- https://en.wikipedia.org/wiki/Washington,_D.C.\n" in text
    # A file with problems of its own is not taken as an author.
    (root / "people" / "broken-person.yml").write_text("name:\n")
    done = factdesk_new(root, "claim", "--claim", "Ships pay no fee.", "--author", "broken-person")
    assert done.returncode == 1 and "`broken-person` names a file that has problems of its own" in done.stderr
    # Nothing to name the file after: refused, never `claims/none.yml`.
    done = factdesk_new(root, "claim")
    assert done.returncode == 1 and "the file needs a name: give --slug, or --claim" in done.stderr
    assert not (root / "claims" / "none.yml").exists()
    # The default address keeps an apostrophe's word whole.
    done = factdesk_new(root, "claim", "--claim", "The mayor's bridge is the city's oldest.")
    assert done.returncode == 0 and (root / "claims" / "the-mayors-bridge-is-the-citys-oldest.yml").is_file()
    # A number that is a digit to Unicode only is no choice.
    done = factdesk_new(root, "claimant", "--name", "Harbour Office", "--kind", "²")
    assert done.returncode == 1 and "`²` is not a known `kind`" in done.stderr
    # Outside a publication, nothing is written.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = factdesk_new(elsewhere, "claimant", "--name", "Zed", "--kind", "person")
    assert done.returncode == 2 and "is not a folder" in done.stderr and not list(elsewhere.iterdir())


def test_a_file_name_with_control_characters_never_reaches_the_terminal(root):
    (root / "sources" / "x\x1b]0;pwned\x07.yml").write_text("title: x\n")
    editor = Terminal(root, "new", "claim", "--claim", "Ships pay no fee at all.")
    editor.answer("[ships-pay-no-fee-at-all]: ", "")
    editor.answer("there are: city-officials, mayor-ann-example): ", "city-officials")
    editor.answer("(optional: Enter to leave it out): ", "")
    editor.answer("When it was made (YYYY-MM-DD): ", "2024-01-01")
    editor.child.expect_exact("Where it was made: the source's id")
    editor.child.sendcontrol("c")
    editor.child.expect(pexpect.EOF)
    assert "\x1b]0;" not in editor.seen + editor.child.before
