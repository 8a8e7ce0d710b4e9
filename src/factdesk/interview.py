"""`factdesk new`: a new file, asked for field by field, each answer checked as `check` checks it.

An answer `check` would refuse is refused at once, with `check`'s own message and fix, and asked
again: the editor learns of a wrong date, an unknown source or a quote that is not in the source
while the article is still open in front of them, not later in the preview. Values given as
options are checked the same way. Without a terminal (a script, or input that ended), nothing is
asked: what is missing is left empty for `check` to point at, and a wrong option writes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import date_forms, loader, quotes
from .fields import Field, Kind
from .model import Source, VerdictScale
from .problems import Problem, printable
from .records import EditionDates, Reader, RecordNames

Check = Callable[[Any], "tuple[str, str] | None"]
"""A check beyond the field's own: what is wrong with a value and the fix, or None."""

_SPLIT = {Kind.CLAIMANT_IDS, Kind.NAMES, Kind.URLS, Kind.SLUGS, Kind.TAGS, Kind.CLAIM_IDS}
"""Fields answered as a comma-separated list."""


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

    def problems(self, spec_field: Field, answer: str) -> tuple[Any, list[Problem]]:
        """The answer read as `check` reads that field in a file: its value, or what is wrong."""
        found: list[Problem] = []
        reader = Reader("", found, verdicts=self.scale.keys, source_ids=self.source_ids,
                        claimant_ids=self.claimants, person_ids=self.people, dates=self.dates)
        return reader.value(_node(spec_field, answer), spec_field), found


def _node(spec_field: Field, answer: str) -> yaml.Node:
    mark = yaml.Mark("answer", 0, 0, 0, None, None)
    if spec_field.kind in _SPLIT:
        items = [yaml.ScalarNode("tag:yaml.org,2002:str", word.strip(), mark, mark)
                 for word in answer.split(",") if word.strip()]
        return yaml.SequenceNode("tag:yaml.org,2002:seq", items, mark, mark)
    return yaml.ScalarNode("tag:yaml.org,2002:str", answer, mark, mark)


@dataclass
class Interview:
    """Asks for one field after another; says what is wrong and asks again."""

    desk: Desk
    interactive: bool
    ask: Callable[[str], str] = input
    say: Callable[[str], None] = print
    refused: list[str] = field(default_factory=list)
    """Options refused when nothing can be asked: the command then writes nothing."""

    def value(self, spec_field: Field, prompt: str, given: object = None, *, option: str = "",
              default: str = "", later: str = "", check: Check | None = None,
              read: Callable[[str], str] = str.strip, add: Callable[[str], bool] | None = None) -> Any:
        """A checked value for `spec_field`, or None when it is left for later.

        `given`: the option's value, if one was given. `default`: taken for an empty answer, and
        without a terminal. `later`: for a required field that may be left empty for now (a note
        to write in the file), what an empty answer does; `check` will then point at it. `read`:
        what an answer stands for (a number for a choice). `add`: offered a refused answer, it may
        add the files it names (a new claimant), and says whether it did."""
        if given not in (None, "", []):
            answer = ", ".join(given) if isinstance(given, list) else str(given)
            value, wrong = self._checked(spec_field, read(answer), check)
            if not wrong:
                return value
            self._refuse(f"{option} {answer}", wrong)
        if not self.interactive:
            return self._default(spec_field, default, check, option)
        optional = not spec_field.required or bool(later)
        while True:
            shown = f" [{default}]" if default else f" ({later or 'optional: Enter to leave it out'})" if optional else ""
            answer = self._answer(f"{prompt}{shown}: ")
            if answer is None:  # the input ended: nothing more can be asked
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
        if self.interactive and given in (None, ""):
            self.say(f"{prompt}:")
            for number, (key, label) in enumerate(choices, 1):
                self.say(f"  {number:>2}. {key}" + (f": {label}" if label else ""))

        def by_number(text: str) -> str:
            return keys[int(text) - 1] if text.isdigit() and 1 <= int(text) <= len(keys) else text

        return self.value(spec_field, f"{prompt} (its number or name)", given, option=option, default=default,
                          read=by_number)

    def text(self, prompt: str) -> str | None:
        """Several lines, typed or pasted, ended by a line holding only `.` or by the end of input."""
        if not self.interactive:
            return None
        self.say(f"{prompt}\n  (end with a line holding only a full stop, `.`)")
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
            answer = self.ask(prompt)
            return answer.strip() if strip else answer.rstrip("\r\n")
        except EOFError:
            self.interactive = False
            return None

    def _default(self, spec_field: Field, default: str, check: Check | None, option: str) -> Any:
        if not default:
            return None
        value, wrong = self._checked(spec_field, default, check)
        if wrong:
            self._refuse(f"{option} {default} (the default)", wrong)
        return value

    def _checked(self, spec_field: Field, answer: str, check: Check | None) -> tuple[Any, list[tuple[str, str]]]:
        if spec_field.kind is Kind.DATE:
            answer = self._date(answer)
        value, problems = self.desk.problems(spec_field, answer)
        if problems:
            return None, [(p.message, p.hint) for p in problems]
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


def preview_address(root: Path, page: str) -> str:
    """Where `make serve` (`mkdocs serve`) shows `page`, such as `claims/x/`."""
    address = "127.0.0.1:8000"  # MkDocs' default `dev_addr`
    try:
        configured = re.search(r"^dev_addr:\s*['\"]?([^'\"\s#]+)", (root / "mkdocs.yml").read_text(encoding="utf-8"),
                               re.MULTILINE)
    except OSError:
        configured = None
    if configured:
        address = configured.group(1)
    return f"http://{address}/{page}"
