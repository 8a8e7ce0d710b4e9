"""`factdesk new`: a new file, asked for field by field, each answer checked as `check` checks it.

An answer `check` would refuse is refused at once, with `check`'s own message and fix, and asked
again: the editor learns of a wrong date, an unknown source or a quote that is not in the source
while the article is still open in front of them, not later in the preview. Values given as
options are checked the same way. Without a terminal (a script, or piped input that ended),
nothing is asked: what is missing is left empty for `check` to point at, and a wrong option
writes nothing. At a terminal, Ctrl-C or Ctrl-D stops the command, and it writes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from factdesk.data import date_forms, loader, quotes
from factdesk.data.fields import Field, Kind
from factdesk.data.model import Source, VerdictScale
from factdesk.data.problems import Problem, printable
from factdesk.data.records import INVALID, SLUG, EditionDates, Reader, RecordNames

Check = Callable[[Any], "tuple[str, str] | None"]
"""A check beyond the field's own: what is wrong with a value and the fix, or None."""

_LISTS = {Kind.CLAIMANT_IDS, Kind.NAMES, Kind.URLS, Kind.SLUGS, Kind.TAGS, Kind.CLAIM_IDS}
"""Fields answered as a list: comma-separated, and addresses also by spaces."""


class Stopped(Exception):
    """The editor stopped the questions (Ctrl-C, or Ctrl-D at a terminal): nothing more is written."""


@dataclass(frozen=True)
class Desk:
    """What answers are checked against: the publication's files as they are now."""

    root: Path
    scale: VerdictScale
    dates: EditionDates
    sources: dict[str, Source]
    source_ids: frozenset[str]
    archives: quotes.Archives
    claimants: RecordNames
    people: RecordNames
    language: str
    """The publication's, which a new source is assumed to share."""

    @classmethod
    def read(cls, root: Path) -> Desk:
        # Problems of other files are not this command's: the closing check lists the new file's.
        ignored: list[Problem] = []
        settings = loader.read_settings(root, ignored)
        dates = loader.read_edition_dates(ignored)
        sources = loader.read_sources(root, ignored, dates=dates)
        records = loader.read_records(root, ignored)
        return cls(root, settings.scale, dates, sources.by_id, sources.ids_on_disk, sources.archives,
                   records.claimant_names, records.person_names, settings.language)

    def read_answer(self, spec_field: Field, answer: str | list[str]) -> tuple[Any, list[tuple[str, str]]]:
        """The answer read as `check` reads that field in a file: its value, or what is wrong and the fix."""
        found: list[Problem] = []
        reader = Reader("", found, verdicts=self.scale.keys, source_ids=self.source_ids,
                        claimant_ids=self.claimants, person_ids=self.people, dates=self.dates)
        value = reader.value(_node(spec_field, answer), spec_field)
        if value is INVALID and not found:  # an id of a record whose own file has problems
            shown = ", ".join(answer) if isinstance(answer, list) else answer
            return None, [(f"`{shown}` names a file that has problems of its own",
                           "run `factdesk check` to see them, and fix that file first")]
        return value, [(problem.message, problem.hint) for problem in found]


def _node(spec_field: Field, answer: str | list[str]) -> yaml.Node:
    mark = yaml.Mark("answer", 0, 0, 0, None, None)
    if spec_field.kind not in _LISTS:
        return yaml.ScalarNode("tag:yaml.org,2002:str", str(answer), mark, mark)
    # Options come as a list already (a repeated option): an address or a name may hold a comma.
    items = answer if isinstance(answer, list) else re.split(
        r"[,\s]+" if spec_field.kind is Kind.URLS else ",", answer)
    nodes = [yaml.ScalarNode("tag:yaml.org,2002:str", item.strip(), mark, mark) for item in items if item.strip()]
    return yaml.SequenceNode("tag:yaml.org,2002:seq", nodes, mark, mark)


@dataclass
class Interview:
    """Asks for one field after another; says what is wrong and asks again."""

    desk: Desk
    interactive: bool
    at_terminal: bool = False
    """Input from a person at a terminal: the end of input (Ctrl-D) stops, rather than leaving the
    rest of the answers empty as the end of a script's input does."""
    ask: Callable[[str], str] = input
    say: Callable[[str], None] = print
    refused: list[str] = field(default_factory=list)
    """Options refused when nothing can be asked: the command then writes nothing."""
    written: list[Path] = field(default_factory=list)
    """Files written along the way (a claimant added while writing a claim)."""

    def value(self, spec_field: Field, prompt: str, given: object = None, *, option: str = "",
              default: str = "", later: str = "", check: Check | None = None,
              read: Callable[[str], str] = str.strip, add: Callable[[str], bool] | None = None,
              before_asking: Callable[[], None] | None = None) -> Any:
        """A checked value for `spec_field`, or None when it is left for later.

        `given`: the option's value, if one was given. `default`: taken for an empty answer, and
        without a terminal. `later`: for a required field that may be left empty for now, what an
        empty answer does (`check` will then point at it). `read`: what an answer stands for (a
        number for a choice). `add`: offered a refused answer, it may write the files it names (a
        new claimant), and says whether it did. `before_asking`: shows what the question needs
        (a numbered list)."""
        if given not in (None, "", []):
            answer = [str(item) for item in given] if isinstance(given, list) else read(str(given))
            value, wrong = self._checked(spec_field, answer, check)
            if not wrong:
                return value
            self._refuse(f"{option} {', '.join(answer) if isinstance(answer, list) else answer}", wrong)
            if not self.interactive:
                return None
        elif not self.interactive:
            return self._default(spec_field, default, check, option)
        if before_asking is not None:
            before_asking()
        optional = not spec_field.required or bool(later)
        question = f"{prompt}{_what_enter_does(default, later if optional else None)}: "
        while True:
            answer = self._answer(question)
            if answer is None:  # a script's input ended: nothing more can be asked
                return self._default(spec_field, default, check, option)
            answer = answer or default
            if not answer:
                if optional:
                    return None
                self._tell([(f"`{spec_field.name}` is empty", f"give it a value: {spec_field.doc}")])
                continue
            value, wrong = self._checked(spec_field, read(answer), check)
            if wrong:
                self._tell(wrong)
                if add is not None and add(answer):
                    value, wrong = self._checked(spec_field, read(answer), check)
            if not wrong:
                return value

    def choice(self, spec_field: Field, prompt: str, choices: list[tuple[str, str]], given: object = None, *,
               option: str = "", default: str = "") -> Any:
        """A value from a short list, shown numbered: its number or the value itself is an answer."""
        keys = [key for key, _ in choices]

        def by_number(text: str) -> str:
            text = text.strip()
            return keys[int(text) - 1] if text.isascii() and text.isdecimal() and 1 <= int(text) <= len(keys) else text

        def show() -> None:
            self.say(f"{prompt}:")
            for number, (key, label) in enumerate(choices, 1):
                self.say(f"  {number:>2}. {key}" + (f": {label}" if label else ""))

        return self.value(spec_field, f"{prompt} (a number from 1 to {len(keys)}, or the name)", given,
                          option=option, default=default, read=by_number, before_asking=show)

    def text(self, prompt: str) -> str | None:
        """Several lines, typed or pasted, ended by a line holding only `.` (or by the end of a
        script's input); None without a terminal or when nothing was typed."""
        if not self.interactive:
            return None
        self.say(f"{prompt}\n  (then a line holding only a full stop, `.`; a `.` alone leaves it for later)")
        lines: list[str] = []
        while (line := self._answer("", strip=False)) is not None and line.strip() != ".":
            lines.append(line)
        return "\n".join(lines).strip("\n") or None

    def yes(self, question: str) -> bool:
        return self.interactive and (self._answer(f"{question} [y/N]: ") or "").casefold() in ("y", "yes")

    def line(self, prompt: str) -> str | None:
        """One answer that no field check reads (a file's path); None without a terminal."""
        return self._answer(f"{prompt}: ") if self.interactive else None

    def _answer(self, prompt: str, strip: bool = True) -> str | None:
        try:
            # Prompts quote the publication's files (ids, verdict labels): no control character of
            # theirs reaches the terminal.
            answer = self.ask(printable(prompt))
        except EOFError:
            if self.at_terminal:
                raise Stopped from None
            self.interactive = False
            return None
        return answer.strip() if strip else answer.rstrip("\r\n")

    def _default(self, spec_field: Field, default: str, check: Check | None, option: str) -> Any:
        if not default:
            return None
        value, wrong = self._checked(spec_field, default, check)
        if wrong:
            self._refuse(f"{option} {default} (the default)", wrong)
        return value

    def _checked(self, spec_field: Field, answer: str | list[str], check: Check | None
                 ) -> tuple[Any, list[tuple[str, str]]]:
        if spec_field.kind is Kind.DATE and isinstance(answer, str):
            answer = self._date(answer)
        value, wrong = self.desk.read_answer(spec_field, answer)
        if wrong:
            return None, wrong
        found = check(value) if check is not None and value is not None else None
        return (None, [found]) if found else (value, [])

    def _date(self, answer: str) -> str:
        """A date in another form taken as YYYY-MM-DD when it has one reading, saying so."""
        reading = date_forms.read(answer)
        if reading.iso is None or reading.iso == answer.strip():
            return answer
        self.say(f"  read as {reading.iso}")
        return reading.iso

    def _refuse(self, what: str, wrong: list[tuple[str, str]]) -> None:
        if self.interactive:
            self._tell([(f"{what}: {message}", hint) for message, hint in wrong])
            return
        self.refused += [f"{printable(what)}: {printable(message)}" + (f"\n    fix: {printable(hint)}" if hint else "")
                         for message, hint in wrong]

    def _tell(self, wrong: list[tuple[str, str]]) -> None:
        for message, hint in wrong:
            self.say(f"  ✗ {printable(message)}" + (f"\n    fix: {printable(hint)}" if hint else ""))


def _what_enter_does(default: str, later: str | None) -> str:
    """The part of a question that says what an empty answer does: take the default, leave an
    optional field out (`later` empty), or what `later` says; nothing for a required field."""
    if default:
        return f" [{default}]"
    if later is None:
        return ""
    return f" ({later or 'optional: Enter to leave it out'})"


def preview_address(root: Path, page: str) -> str:
    """Where `make serve` (`mkdocs serve`) shows `page`, such as `claims/x/`."""
    address = "127.0.0.1:8000"  # MkDocs' default `dev_addr`
    try:
        configured = re.search(r"^dev_addr:\s*['\"]?([^'\"\s#]+)", (root / "mkdocs.yml").read_text(encoding="utf-8"),
                               re.MULTILINE)
    except (OSError, UnicodeDecodeError):
        configured = None
    if configured:
        address = configured.group(1)
    # A server listening on every address answers on this machine's own.
    address = re.sub(r"^0\.0\.0\.0(?=:)", "127.0.0.1", address)
    return printable(f"http://{address}/{page}")


def known_ids(ids: frozenset[str]) -> list[str]:
    """The ids of files on disk that are ids (a file name with a control character is not listed)."""
    return sorted(record_id for record_id in ids if SLUG.fullmatch(record_id))
