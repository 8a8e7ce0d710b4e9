"""Turning YAML nodes into typed values by a `RecordSpec`, with a problem for everything amiss.

Every check that concerns one value lives here, so that a claim with five mistakes gets five
messages in one run. Plain scalars are taken as written for text fields: YAML would otherwise
turn `verdict: false` into a boolean and `claimant: 1984` into a number behind the editor's back.
"""

from __future__ import annotations

import calendar
import difflib
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import yaml

from factdesk.data import date_forms
from factdesk.data.fields import LIST_ENTRIES, ONE_ALONE, Field, Kind, RecordSpec
from factdesk.data.problems import Problem
from factdesk.data.scripts import mixed_word
from factdesk.data.yamlfile import problem_at
from factdesk.languages.interface import locale

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
ICON = re.compile(r"[a-z0-9-]+/[a-z0-9-]+")
# A tag is shown, linked and slugged everywhere: no markup characters, no leading or trailing
# space. Written as excluded characters so that JavaScript (editors' schema checks) reads it alike.
_NOT_IN_TAGS = r"<>&\"'`*_{}\[\]|#:/\\\\"
TAG = re.compile(rf"[^\s{_NOT_IN_TAGS}](?:[^\t\n\r{_NOT_IN_TAGS}]*[^\s{_NOT_IN_TAGS}])?")
ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_NULL = "tag:yaml.org,2002:null"

# Characters a reader cannot see but that change what a value says or how it is shown: bidi
# embeddings, overrides and isolates (they reorder the text around them, "Trojan Source"),
# zero-width spaces and joiners that split or glue words invisibly, invisible Unicode "tags"
# (hidden ASCII), control characters (which a quoted YAML escape such as "\0" can produce), lone
# surrogates and line separators that editors do not show as line breaks. Zero-width (non-)joiners
# and left-to-right/right-to-left marks are allowed: scripts such as Persian and Hindi need them.
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b\u2028-\u202e\u2060-\u2069"
                     "\ufeff\ufff9-\ufffb\U000e0000-\U000e007f\ud800-\udfff]")


class Languages(NamedTuple):
    """The publication's main language and the further languages it is published in: what a
    record's `translations` may hold."""

    main: str
    others: tuple[str, ...] = ()


class EditionDates(NamedTuple):
    """The date of the edition being built (UTC), and the last date a file may carry in it."""

    today: date
    latest: date


@dataclass(frozen=True)
class RecordNames:
    """The ids of one folder's records (claimants, people) and the names each goes by, so that an id
    that is not there can be matched to the record meant: `hayashi` to `yoshimasa-hayashi`."""

    folder: str
    noun: str
    ids: frozenset[str]
    names: tuple[tuple[str, str], ...] = ()
    """(name, id) for every name and other name of every record."""
    broken: frozenset[str] = frozenset()
    """Ids of files with errors of their own, reported on their own."""
    formerly: tuple[tuple[str, str], ...] = ()
    """(former id, id) for every id a record left: a claim that still names one is shown the new."""
    refused: bool = False
    """The folder itself is refused (a link), and reported as such: no id in it is known."""

    def _by_name(self) -> dict[str, str]:
        """Every name and other name, as an address would spell it, to the record's id."""
        return {tag_slug(name): record_id for name, record_id in self.names}

    def _spellings(self) -> dict[str, str]:
        """Every name, former id and id, as an address would spell it, to the record's id."""
        spelled = self._by_name()
        spelled.update(self.formerly)
        spelled.update((record_id, record_id) for record_id in self.ids)
        return spelled

    def named(self, text: str) -> str | None:
        """The id of the record that goes by the name `text`, spelling aside."""
        return self._by_name().get(tag_slug(text))

    def suggestion(self, text: str) -> str | None:
        """The id of the record `text` most likely means, or None."""
        wanted = tag_slug(text)
        if not wanted:
            return None
        words = set(wanted.split("-"))
        spelled = self._spellings()
        if wanted in spelled:
            return spelled[wanted]
        # A word of a name: `hayashi`, or `motoki` for "Motoki Tatsunori".
        holding = {record_id for spelling, record_id in spelled.items() if words <= set(spelling.split("-"))}
        if len(holding) == 1:
            return holding.pop()
        near = difflib.get_close_matches(wanted, list(spelled), n=1, cutoff=0.6)
        return spelled[near[0]] if near else None

    def name_of(self, record_id: str) -> str:
        return next((name for name, known in self.names if known == record_id), record_id)


@dataclass
class Record:
    """The values read from one mapping, and the node each came from (for later messages)."""

    node: yaml.Node
    values: dict[str, Any] = field(default_factory=dict)
    nodes: dict[str, yaml.Node] = field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)


@dataclass
class Reader:
    """Reads the records of one file; what it cannot accept becomes a problem, never an exception."""

    path: str
    problems: list[Problem]
    verdicts: Collection[str] = ()
    source_ids: Collection[str] | None = None
    claim_ids: Collection[str] | None = None
    claimant_ids: RecordNames | None = None
    person_ids: RecordNames | None = None
    dates: EditionDates | None = None
    """Dates later than `dates.latest` are refused: nothing is published, corrected or said in the future."""
    languages: Languages | None = None
    """The languages `translations` may be in; None: any code but a malformed one (the settings unknown)."""

    def _example(self, spec_field: Field) -> str:
        """A field's example for a fix: a date's is the edition's date (today, unless
        SOURCE_DATE_EPOCH says otherwise), the latest that is not refused."""
        return spec_field.example_on(self.dates.today if self.dates is not None else date.today())

    def problem(self, node: yaml.Node | None, message: str, hint: str = "") -> None:
        self.problems.append(problem_at(self.path, node, message, hint))

    def record(self, node: yaml.Node, spec: RecordSpec, where: str = "") -> Record | None:
        """A mapping read by its spec; None if anything in it was wrong."""
        where = where or f"a {spec.name} file"
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{where} should be a mapping of fields, not {_describe(node)}",
                         f"write `name: value` lines: {', '.join(spec.names[:4])}, …")
            return None
        record = Record(node)
        ok = True
        present: set[str] = set()
        empty: dict[str, yaml.Node] = {}
        suggested: set[str] = set()
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                ok = False
                self.problem(key, f"a field name must be plain text, not {_describe(key)}",
                             "write `name: value`, with the name on the left")
                continue
            name = key.value
            spec_field = spec.field(name)
            retired = dict(spec.retired).get(name)
            if spec_field is None and retired is not None:
                ok = False
                suggested.update(spec.names)  # what replaced it is not also "missing"
                self.problem(key, f"`{name}` {OLDER_FORMAT}: {retired}", self._record_meant(value) + MIGRATE_FIX)
                continue
            if spec_field is None:
                ok = False
                near = _nearest(name, spec.names)
                if near:
                    suggested.add(near)
                self.problem(key, f"unknown field `{name}` in {where}",
                             f"did you mean `{near}`?" if near else "the fields are: " + ", ".join(spec.names))
                continue
            present.add(spec_field.name)
            converted = self.value(value, spec_field)
            if converted is INVALID:
                ok = False
            elif converted is None:
                empty[spec_field.name] = key
            else:
                record.values[spec_field.name] = converted
                record.nodes[spec_field.name] = value
        for spec_field in spec.fields:
            if not spec_field.required or spec_field.name in record.values:
                continue
            ok = False
            if spec_field.name in empty:
                self.problem(empty[spec_field.name], f"`{spec_field.name}` is empty",
                             f"give it a value, e.g. `{spec_field.name}: {self._example(spec_field)}`")
            elif spec_field.name not in present and spec_field.name not in suggested:
                # A misspelt field was reported above with its fix; "missing" would say it twice.
                self.problem(node, f"missing required field `{spec_field.name}` in {where}",
                             f"add `{spec_field.name}: {self._example(spec_field)}` ({spec_field.doc})")
        return record if ok else None

    def value(self, node: yaml.Node, spec_field: Field) -> Any:
        kind = spec_field.kind
        if kind is Kind.RECORDS:
            return self._records(node, spec_field)
        if kind is Kind.RECORD:
            assert spec_field.record is not None
            if isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
                return None
            record = self.record(node, spec_field.record, f"`{spec_field.name}`")
            return INVALID if record is None else record
        if kind is Kind.TAGS:
            return self._text_list(node, spec_field)
        if kind is Kind.TEXTS:
            return self._texts(node, spec_field)
        if kind is Kind.TRANSLATIONS:
            return self._translations(node, spec_field)
        if kind in LIST_ENTRIES:
            return self._list(node, spec_field, LIST_ENTRIES[kind])
        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, f"`{spec_field.name}` should be {_expects(spec_field)}, not {_describe(node)}",
                         f"write it on one line, e.g. `{spec_field.name}: {self._example(spec_field)}`")
            return INVALID
        if node.tag == _NULL:
            return None
        if self._hidden_character(node, spec_field.name) or self._mixed_alphabets(node, spec_field):
            return INVALID
        text = node.value.strip()
        if not text:
            return None
        converter = _SCALARS.get(kind)
        return converter(self, node, text, spec_field) if converter else text

    def _records(self, node: yaml.Node, spec_field: Field) -> Any:
        assert spec_field.record is not None
        if isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
            return None if spec_field.min_items == 0 else self._too_few(node, spec_field)
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"`{spec_field.name}` should be a list of {spec_field.record.name} entries, "
                         f"not {_describe(node)}",
                         f"start each entry on its own line with `- `, e.g. `- {spec_field.record.names[0]}: "
                         f"{self._example(spec_field.record.fields[0])}`")
            return INVALID
        if len(node.value) < spec_field.min_items:
            return self._too_few(node, spec_field)
        items = [self.record(item, spec_field.record, f"an entry of `{spec_field.name}`") for item in node.value]
        if any(item is None for item in items):
            return INVALID
        return items

    def _too_few(self, node: yaml.Node, spec_field: Field) -> Any:
        assert spec_field.record is not None
        self.problem(node, f"`{spec_field.name}` needs at least {spec_field.min_items} "
                     f"{spec_field.record.name} entr{'y' if spec_field.min_items == 1 else 'ies'}",
                     f"add one: `- {spec_field.record.names[0]}: {self._example(spec_field.record.fields[0])}`")
        return INVALID

    def _text_list(self, node: yaml.Node, spec_field: Field) -> Any:
        if isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
            return None
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"`{spec_field.name}` should be a list, not {_describe(node)}",
                         f"write `{spec_field.name}: {self._example(spec_field)}`")
            return INVALID
        items: list[str] = []
        for item in node.value:
            if isinstance(item, yaml.ScalarNode) and (self._hidden_character(item, spec_field.name)
                                                      or self._mixed_alphabets(item, spec_field)):
                items.append("")
                continue
            if not isinstance(item, yaml.ScalarNode) or not TAG.fullmatch(item.value.strip()):
                self.problem(item, f"each entry of `{spec_field.name}` should be words joined by spaces or hyphens, "
                             f"not {_describe(item) if item.value else 'nothing'}",
                             f"write `{spec_field.name}: {self._example(spec_field)}`")
                items.append("")
                continue
            items.append(item.value.strip())
        return INVALID if "" in items else items

    def _texts(self, node: yaml.Node, spec_field: Field) -> Any:
        """A list of texts matched in order with a list of records (the translated notes of a claim's
        evidence): an entry may repeat another, none may be empty."""
        if isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
            return None
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"`{spec_field.name}` should be a list of texts, not {_describe(node)}",
                         "start each entry on its own line with `- `, in the order of the entries it translates")
            return INVALID
        item_field = Field(spec_field.name, Kind.TEXT, spec_field.doc)
        items = []
        for item in node.value:
            value = self.value(item, item_field)
            if value is None:
                self.problem(item, f"an entry of `{spec_field.name}` is empty",
                             "give its text, or leave the whole list out to show the main language's text")
                value = INVALID
            items.append(value)
        return INVALID if any(item is INVALID for item in items) else items

    def _translations(self, node: yaml.Node, spec_field: Field) -> Any:
        """A mapping from a language of the publication's `other_languages` to a record of the prose in
        it: a list of (code, record) in the order written."""
        assert spec_field.record is not None
        if isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
            return None
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"`{spec_field.name}` should be a mapping of language codes to translations, "
                         f"not {_describe(node)}",
                         f"write `{spec_field.name}:`, then on the next lines, indented, a language code such as "
                         f"`{self._a_language()}:` and, indented under it, the fields in that language: "
                         + ", ".join(spec_field.record.names))
            return INVALID
        found: list[tuple[str, Record]] = []
        ok = True
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                ok = False
                self.problem(key, f"a language code must be plain text, not {_describe(key)}",
                             f"write the code alone, e.g. `{self._a_language()}:`")
                continue
            code = key.value.strip()
            if not self._translation_language(key, code):
                ok = False
                continue
            if isinstance(value, yaml.ScalarNode) and value.tag == _NULL:
                continue  # a translation begun, with nothing in it yet: the main language's text shows
            record = self.record(value, spec_field.record, f"the `{code}` translation")
            if record is None:
                ok = False
            elif record.values:
                found.append((code, record))
        return found if ok else INVALID

    def _a_language(self) -> str:
        return self.languages.others[0] if self.languages and self.languages.others else "ja"

    def _translation_language(self, key: yaml.ScalarNode, code: str) -> bool:
        """Whether a key of `translations` is one of the publication's other languages; a problem if not."""
        languages = self.languages
        if languages is not None and code == languages.main:
            self.problem(key, f"`{code}` is the publication's main language (`language` in factdesk.yml): the "
                         "record's own fields are in it", "write the text in the record's own fields, and remove "
                         f"the `{code}` translation")
            return False
        if languages is None:
            if LANGUAGE.fullmatch(code):
                return True
            self.problem(key, f"`{code}` is not a language code", "write a code such as `ja` or `pt-BR`")
            return False
        if code in languages.others:
            return True
        meant = language_meant(code, languages.others)
        listed = ", ".join(f"`{other}`" for other in languages.others)
        if meant is not None:
            self.problem(key, f"`{code}` is not a language of the publication (`other_languages` in factdesk.yml: "
                         f"{listed})", f"did you mean `{meant}`?")
        elif languages.others:
            self.problem(key, f"`{code}` is not a language of the publication (`other_languages` in factdesk.yml: "
                         f"{listed})", f"add `{code}` to `other_languages` in factdesk.yml if the publication is "
                         f"published in it, or write the translation under one of {listed}")
        else:
            self.problem(key, f"`{code}` is not a language of the publication: factdesk.yml lists no "
                         "`other_languages`", f"add `other_languages: [{code}]` to factdesk.yml if the publication "
                         "is published in it, or remove the translation")
        return False

    def _record_meant(self, value: yaml.Node) -> str:
        """For a claimant written as text in the older format: the record that has that name, if any."""
        if self.claimant_ids is None or not isinstance(value, yaml.ScalarNode):
            return ""
        meant = self.claimant_ids.named(value.value)
        if meant is None:
            return ""
        return f"write `claimants: [{meant}]` in its place ({self.claimant_ids.name_of(meant)} has a record), or "

    def _list(self, node: yaml.Node, spec_field: Field, item_kind: Kind) -> Any:
        """A list of names, addresses or ids. One id may be written alone (`claimants: fsb`)."""
        if isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
            return None if spec_field.min_items == 0 else self._too_few_items(node, spec_field)
        if isinstance(node, yaml.ScalarNode) and spec_field.kind in ONE_ALONE:
            node = yaml.SequenceNode("tag:yaml.org,2002:seq", [node], node.start_mark, node.end_mark)
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"`{spec_field.name}` should be a list, not {_describe(node)}",
                         f"write `{spec_field.name}: {self._example(spec_field)}`")
            return INVALID
        if len(node.value) < spec_field.min_items:
            return self._too_few_items(node, spec_field)
        item_field = Field(spec_field.name, item_kind, spec_field.doc, example=spec_field.example.strip("[]"),
                           single_script=spec_field.single_script)
        items = []
        for item in node.value:
            value = self.value(item, item_field)
            if value is None:
                self.problem(item, f"an entry of `{spec_field.name}` is empty", "remove it, or give it a value")
                value = INVALID
            elif value is not INVALID and value in items:
                self.problem(item, f"`{value}` is listed twice in `{spec_field.name}`", "list it once")
                value = INVALID
            items.append(value)
        return INVALID if any(item is INVALID for item in items) else items

    def _too_few_items(self, node: yaml.Node, spec_field: Field) -> Any:
        self.problem(node, f"`{spec_field.name}` needs at least {spec_field.min_items} entr"
                     f"{'y' if spec_field.min_items == 1 else 'ies'}",
                     f"e.g. `{spec_field.name}: {self._example(spec_field)}`")
        return INVALID

    def _hidden_character(self, node: yaml.ScalarNode, name: str) -> bool:
        """Report the first invisible or control character in a value, placed on it when the value is
        written on one line as it reads (plain or single-quoted), else at the value's start."""
        value = node.value
        # libyaml refuses control characters written in the file, and its ASCII holds no other
        # hidden ones: only a double-quoted escape such as "\0" can put one in an ASCII value.
        if value.isascii() and node.style != '"':
            return False
        found = _HIDDEN.search(value)
        if found is None:
            return False
        character = found.group()
        what = f"U+{ord(character):04X} " + unicodedata.name(character, "(a control character)")
        self.problems.append(Problem(self.path, *_place_in(node, found.start()),
                                     f"`{name}` contains an invisible character: {what}",
                                     "delete it: readers cannot see it, but it changes how the text reads or "
                                     "is searched (retype the value if your editor does not show it)"))
        return True

    def _mixed_alphabets(self, node: yaml.ScalarNode, spec_field: Field) -> bool:
        """Report a word of a name or tag written in two alphabets, placed on the odd letter."""
        if not spec_field.single_script:
            return False
        mixed = mixed_word(node.value)
        if mixed is None:
            return False
        self.problems.append(Problem(self.path, *_place_in(node, mixed.offset), f"`{spec_field.name}`: {mixed.message}",
                                     f"retype `{mixed.word}` in {mixed.main_script.title()} letters only: a look-alike "
                                     "letter from another alphabet makes it a different name, with a page of its own"))
        return True

    # Scalar converters: each returns the value, or INVALID after reporting why.

    def _date(self, node: yaml.Node, text: str, spec_field: Field) -> Any:
        match = ISO_DATE.fullmatch(text)
        if not match:
            reading = date_forms.read(text)
            hint = (f"write `{spec_field.name}: {reading.iso}`" if reading.iso else
                    reading.explained(text) if reading.both else f"e.g. `{spec_field.name}: {self._example(spec_field)}`")
            self.problem(node, f"`{spec_field.name}` should be a date written YYYY-MM-DD, not `{text}`", hint)
            return INVALID
        year, month, day = (int(part) for part in match.groups())
        if year == 0 or not 1 <= month <= 12:
            self.problem(node, f"`{text}` is not a real date: there is no {'year 0' if year == 0 else f'month {month}'}",
                         "write the date as YYYY-MM-DD, with the month from 01 to 12")
            return INVALID
        length = calendar.monthrange(year, month)[1]
        if not 1 <= day <= length:
            self.problem(node, f"`{text}` is not a real date: {calendar.month_name[month]} {year} has {length} days",
                         "check the day, and that the date is written YYYY-MM-DD")
            return INVALID
        value = date(year, month, day)
        if self.dates is not None and value > self.dates.latest:
            today = self.dates.today.isoformat()
            self.problem(node, f"`{spec_field.name}` is {text}, a date still to come: this edition is dated {today}",
                         f"write the date it happened, {today} at the latest")
            return INVALID
        return value

    def _url(self, node: yaml.Node, text: str, spec_field: Field) -> Any:
        if not is_web_address(text):
            self.problem(node, f"`{spec_field.name}` should be a web address starting with https:// or http://, "
                         f"not `{text}`", f"e.g. `{spec_field.name}: {self._example(spec_field)}`")
            return INVALID
        return text

    def _slug(self, node: yaml.Node, text: str, spec_field: Field) -> Any:
        if not SLUG.fullmatch(text):
            self.problem(node, f"`{text}` is not a valid {spec_field.kind.value}",
                         "use lowercase letters, digits and single hyphens, "
                         f"e.g. `{slugify(text) or self._example(spec_field)}`")
            return INVALID
        return text

    def _source_id(self, node: yaml.Node, text: str, spec_field: Field) -> Any:
        return self._id_among(node, text, spec_field, self.source_ids, "source", "add the source file, or correct the id")

    def _claim_id(self, node: yaml.Node, text: str, spec_field: Field) -> Any:
        return self._id_among(node, text, spec_field, self.claim_ids, "claim",
                              "correct the id: it is the claim file's name")

    def _id_among(self, node: yaml.Node, text: str, spec_field: Field, known: Collection[str] | None, noun: str,
                  otherwise: str) -> Any:
        """An id of a file in `<noun>s/`, one of `known` (when the files are known)."""
        if self._slug(node, text, spec_field) is INVALID:
            return INVALID
        if known is not None and text not in known:
            self.problem(node, f"no {noun} has the id `{text}` (there is no {noun}s/{text}.yml)",
                         _did_you_mean(text, known, otherwise))
            return INVALID
        return text

    def _record_id(self, node: yaml.Node, text: str, spec_field: Field) -> Any:
        known = self.claimant_ids if spec_field.kind is Kind.CLAIMANT_ID else self.person_ids
        if known is None:
            return self._slug(node, text, spec_field)
        if known.refused:
            return INVALID
        if SLUG.fullmatch(text) and text in known.ids:
            return INVALID if text in known.broken else text
        meant = known.suggestion(text)
        what = f"no {known.noun} has the id `{text}`" + (f" (there is no {known.folder}/{text}.yml)"
                                                         if SLUG.fullmatch(text) else "")
        if meant is not None:
            hint = f"did you mean `{meant}` ({known.name_of(meant)})?"
        else:
            hint = f"add {known.folder}/{slugify(text) or '<id>'}.yml (`factdesk new {known.noun}`), or correct the id"
        self.problem(node, what, hint)
        return INVALID

    def _verdict(self, node: yaml.Node, text: str, spec_field: Field) -> Any:
        return self._one_of(self.verdicts, node, text, f"`{text}` is not a verdict of the scale")

    def _choice(self, node: yaml.Node, text: str, spec_field: Field) -> Any:
        return self._one_of(spec_field.choices, node, text, f"`{text}` is not a known `{spec_field.name}`")

    def _one_of(self, allowed: Collection[str], node: yaml.Node, text: str, message: str) -> Any:
        if text in allowed:
            return text
        self.problem(node, message, _did_you_mean(text, allowed, "use one of: " + ", ".join(allowed)))
        return INVALID

    def _pattern(self, pattern: re.Pattern[str], node: yaml.Node, text: str, spec_field: Field) -> Any:
        if not pattern.fullmatch(text):
            self.problem(node, f"`{spec_field.name}` should be {_expects(spec_field)}, not `{text}`",
                         f"e.g. `{spec_field.name}: {self._example(spec_field)}`")
            return INVALID
        return text

    def _integer(self, node: yaml.Node, text: str, spec_field: Field) -> Any:
        if not re.fullmatch(r"-?\d{1,9}", text):
            self.problem(node, f"`{spec_field.name}` should be a whole number, not `{text}`",
                         f"e.g. `{spec_field.name}: {self._example(spec_field)}`")
            return INVALID
        if spec_field.minimum is not None and int(text) < spec_field.minimum:
            self.problem(node, f"`{spec_field.name}` should be at least {spec_field.minimum}, not `{text}`",
                         f"e.g. `{spec_field.name}: {self._example(spec_field)}`")
            return INVALID
        return int(text)


OLDER_FORMAT = "is a field of an older factdesk file format"
MIGRATE_FIX = ("run `factdesk migrate`, which rewrites every file in the new format (`--dry-run` first shows what it "
               "would change; commit before, to review it with `git diff`)")

INVALID: Any = object()
"""What `Reader.value` returns for a value it refused: with a problem, or, for an id of a record
whose file has problems, without one (that file's problems are reported where they are)."""


# Country codes written where a language's is meant: the language most spoken there is meant.
_COUNTRY_FOR_LANGUAGE = re.compile(r"[a-z]{2}")


def language_meant(written: str, languages: Collection[str]) -> str | None:
    """The language of `languages` that a mistyped code most likely means: one spelt alike (`ja_JP`,
    `JA`), the language of a country whose code was written (`jp`, `cn`, `ua`), or the language of
    that English name (`japanese`)."""
    if not languages:
        return None
    folded = {code.casefold().replace("_", "-"): code for code in languages}
    spelt = written.strip().casefold().replace("_", "-")
    if spelt in folded:
        return folded[spelt]
    candidates = [spelt, spelt.split("-")[0]]
    found = locale(spelt)
    if found is not None:
        candidates.append(found.language)
    if _COUNTRY_FOR_LANGUAGE.fullmatch(spelt):
        from babel.core import get_global

        likely = get_global("likely_subtags").get(f"und_{spelt.upper()}")
        if likely:
            candidates.append(likely.split("_")[0])
    english = locale("en")
    if english is not None:
        candidates += [code for code, name in english.languages.items() if name.casefold() == spelt]
    for candidate in candidates:
        if candidate in folded:
            return folded[candidate]
        with_region = [code for base, code in folded.items() if base.split("-")[0] == candidate]
        if len(with_region) == 1:
            return with_region[0]
    return _nearest(written, list(languages))


def _place_in(node: yaml.ScalarNode, index: int) -> tuple[int, int]:
    """The line and column of the character at `index` of a value: on it when the value is written
    on one line as it reads (plain, or single-quoted without doubled quotes), else the value's start."""
    start, end = node.start_mark, node.end_mark
    column = start.column + 1
    if start.line == end.line and (node.style in (None, "") or node.style == "'" and "'" not in node.value):
        column += (node.style == "'") + index
    return start.line + 1, column

_SCALARS = {
    Kind.DATE: Reader._date,
    Kind.URL: Reader._url,
    Kind.SLUG: Reader._slug,
    Kind.SOURCE_ID: Reader._source_id,
    Kind.CLAIM_ID: Reader._claim_id,
    Kind.VERDICT: Reader._verdict,
    Kind.CLAIMANT_ID: Reader._record_id,
    Kind.PERSON_ID: Reader._record_id,
    Kind.CHOICE: Reader._choice,
    Kind.LANGUAGE: lambda r, n, t, f: r._pattern(LANGUAGE, n, t, f),
    Kind.COLOUR: lambda r, n, t, f: r._pattern(COLOUR, n, t, f),
    Kind.ICON: lambda r, n, t, f: r._pattern(ICON, n, t, f),
    Kind.INTEGER: Reader._integer,
}


def _expects(spec_field: Field) -> str:
    return {
        Kind.TEXT: "text",
        Kind.MARKDOWN: "Markdown text",
        Kind.DATE: "a date written YYYY-MM-DD",
        Kind.LANGUAGE: "a language code such as `en` or `pt-BR`",
        Kind.COLOUR: "a colour written `#rrggbb`",
        Kind.ICON: "an icon name such as `material/check`",
        Kind.INTEGER: "a whole number",
    }.get(spec_field.kind, f"a {spec_field.kind.value}")


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping of fields"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    text = node.value if len(node.value) <= 40 else node.value[:37] + "…"
    return f"`{text}`"


def _nearest(word: object, choices: Collection[str]) -> str | None:
    if not isinstance(word, str):
        return None
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def _did_you_mean(word: object, choices: Collection[str], otherwise: str) -> str:
    near = _nearest(word, choices)
    return f"did you mean `{near}`?" if near else otherwise


_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f]")


def is_web_address(text: str) -> bool:
    """An http(s) address with a host, and no space or control character in it."""
    try:
        parts = urlsplit(text)
        return parts.scheme in ("http", "https") and bool(parts.hostname) and not _SPACE_OR_CONTROL.search(text)
    except ValueError:  # an unbalanced "[" or a host that Unicode folding alters
        return False


def slugify(text: str) -> str:
    """Lowercase words joined by hyphens: how ids and file names are made from titles."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def tag_slug(tag: str) -> str:
    """A tag's address: words of any script, lowercased, joined by hyphens (`Русский язык` → `русский-язык`)."""
    return "-".join(re.findall(r"[^\W_]+", tag.casefold()))
