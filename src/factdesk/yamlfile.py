"""Strict reading of one YAML file into a node tree that remembers where every value was written.

We compose nodes instead of loading Python objects: nodes keep line and column marks for error
messages, and no constructor ever runs, so custom tags cannot execute code and aliases cannot
expand into a "billion laughs". Anchors, aliases, merge keys, custom tags and duplicate keys are
all refused: a claim file is plain data, and each of those hides what the file really says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

try:  # libyaml's C parser is some twenty times faster and keeps the same marks.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

MAX_FILE_BYTES = 1_000_000
"""A claim or source file larger than this is refused: no honest claim needs a megabyte."""

# `=` and `<<` written as plain values resolve to the value and merge tags: text the editor typed,
# not tags; merge keys themselves are refused below.
_CORE_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map", "value", "merge")
}


@dataclass(frozen=True)
class Document:
    """A parsed YAML file: its root node, or None where nothing usable was read."""

    path: str
    root: yaml.Node | None


def problem_at(path: str, node: yaml.Node | None, message: str, hint: str = "", severity: str = "error") -> Problem:
    """A problem placed at a node's start (YAML marks are 0-based; editors count from 1)."""
    if node is None:
        return Problem(path, 1, 1, message, hint, severity)
    mark = node.start_mark
    return Problem(path, mark.line + 1, mark.column + 1, message, hint, severity)


class ParseCache:
    """The files read by earlier loads in one long-running process, such as a preview server that
    reloads the publication after every edit: a file whose bytes did not change is not parsed
    again, and a claim file is not checked again while the sources and the scale stay the same.
    Node trees and records are never modified once made, so they can be shared."""

    def __init__(self) -> None:
        self._parsed: dict[str, tuple[bytes, Document, tuple[Problem, ...]]] = {}
        self._checked: dict[str, Any] = {}
        self._context: object = None

    def parse(self, data: bytes, path: str) -> tuple[Document, list[Problem]]:
        known = self._parsed.get(path)
        if known is not None and known[0] == data:
            return known[1], list(known[2])
        document, problems = parse_document(data, path)
        self._parsed[path] = (data, document, tuple(problems))
        return document, problems

    def checked_claims(self, context: object) -> dict[str, Any]:
        """Claims checked by the last load, by file, kept while `context` (whatever checking a claim
        reads besides its own file) is equal to that load's."""
        if context != self._context:
            self._checked, self._context = {}, context
        return self._checked


def read_bytes(file: Path, display_path: str) -> tuple[bytes | None, list[Problem]]:
    try:
        return file.read_bytes(), []
    except OSError as error:
        return None, [Problem(display_path, 1, 1, f"cannot read the file: {error.strerror}", "check its permissions")]


def read_document(file: Path, display_path: str, cache: ParseCache | None = None) -> tuple[Document, list[Problem]]:
    """Read and parse one file, returning every problem found in it."""
    data, unreadable = read_bytes(file, display_path)
    if data is None:
        return Document(display_path, None), unreadable
    return cache.parse(data, display_path) if cache is not None else parse_document(data, display_path)


def parse_document(data: bytes, path: str) -> tuple[Document, list[Problem]]:
    text, problems = decode(data, path)
    if text is None:
        return Document(path, None), problems
    try:
        found = _scan_events(text, path)
        if found:
            return Document(path, None), found
        root = yaml.compose(text, Loader=_Loader)  # compose builds nodes only: no constructor runs
    except yaml.MarkedYAMLError as error:
        return Document(path, None), [_syntax_problem(error, path, text)]
    except yaml.reader.ReaderError as error:
        line, column = _place(text, error.position)
        return Document(path, None), [Problem(path, line, column, f"character U+{error.character:04X} is not "
                                              "allowed in YAML", "remove it: control characters cannot be shown")]
    except yaml.YAMLError as error:  # errors without a mark are rare; still report, never raise
        return Document(path, None), [Problem(path, 1, 1, f"YAML error: {error}", "")]
    if root is None:
        return Document(path, None), [
            Problem(path, 1, 1, "the file is empty", "write the fields of the record, one `name: value` per line")
        ]
    problems = list(_refuse_hidden_structure(root, path))
    return Document(path, None if problems else root), problems


MAX_ARCHIVE_BYTES = 5_000_000
"""An archived text may be a long article or a treaty, but not a dump of a whole site."""


def decode(data: bytes, path: str, limit: int = MAX_FILE_BYTES,
           too_long: str = "keep long texts in the source's archived .txt file, not in YAML") -> tuple[str | None, list[Problem]]:
    """Bytes to text: UTF-8 only, a byte-order mark tolerated, binary and oversized files refused."""
    if len(data) > limit:
        return None, [Problem(path, 1, 1, f"the file is {len(data):,} bytes; the limit is {limit:,}", too_long)]
    if b"\x00" in data:
        return None, [Problem(path, 1, 1, "this is a binary file, not text", "save it as UTF-8 text")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("utf-8", errors="replace")
        line, column = _place(before, len(before))
        return None, [
            Problem(
                path, line, column,
                f"byte 0x{data[error.start]:02x} is not valid UTF-8",
                "save the file as UTF-8 (most editors: 'Save with encoding' → UTF-8)",
            )
        ]
    text = text.removeprefix("\ufeff")
    separator = _LINE_SEPARATORS.search(text)
    if separator:  # YAML counts these as line breaks and editors do not: every later line would be misplaced
        line, column = _place(text, separator.start())
        return None, [Problem(path, line, column, f"character U+{ord(separator.group()):04X} is an invisible line "
                              "separator", "delete it, or replace it with an ordinary line break")]
    return text, []


_LINE_SEPARATORS = re.compile("[\u0085\u2028\u2029]")


MAX_DEPTH = 32
"""Deeper nesting than this is refused before composing: libyaml's composer recurses in C, and a
few kilobytes of brackets would otherwise crash the process instead of failing the check."""


def _scan_events(text: str, path: str) -> list[Problem]:
    """Problems visible in the event stream, found before composing: nesting too deep to compose
    safely, and anchors and aliases, each placed where it is written."""
    problems: list[Problem] = []
    depth = 0
    # Dispatch on the event's exact class: this loop sees every value of every file, and a chain
    # of isinstance calls per event was a fifth of the time of checking 10,000 claims.
    for event in yaml.parse(text, Loader=_Loader):  # events come one by one: no recursion
        kind = event.__class__
        anchor = getattr(event, "anchor", None)
        if kind is yaml.ScalarEvent:
            if anchor is None:
                continue
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            depth += 1
            if depth > MAX_DEPTH:
                problems.append(Problem(path, *_line_column(event),
                                        f"lists and mappings are nested more than {MAX_DEPTH} deep",
                                        "a claim or source needs a few levels at most: flatten the structure"))
                break
            if anchor is None:
                continue
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            depth -= 1
            continue
        elif kind is yaml.AliasEvent:
            problems.append(Problem(path, *_line_column(event), f"the alias `*{anchor}` is not allowed",
                                    "write the value out in full where it is used"))
            continue
        else:  # stream and document events
            continue
        problems.append(Problem(path, *_line_column(event), f"the anchor `&{anchor}` is not allowed",
                                "remove it: each value is written where it is used"))
    return problems


def _line_column(event: yaml.Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def _place(text: str, position: int) -> tuple[int, int]:
    """1-based line and column of a character position in text."""
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


def _syntax_problem(error: yaml.MarkedYAMLError, path: str, text: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = " ".join(part for part in (error.context, error.problem) if part)
    hint = "check the indentation and quoting on this line and the one before it"
    lines = text.splitlines()
    if "\t" in what or (0 < line <= len(lines) and "\t" in lines[line - 1][:column]):
        hint = "YAML does not allow tabs for indentation: indent with spaces"
    elif "expected a single document" in what:
        hint = "remove the `---` line: one file holds one record"
    elif "mapping values are not allowed" in what:
        hint = "a value containing `: ` must be quoted, or written as a block with `|`"
    return Problem(path, line, column, f"YAML syntax: {what}", hint)


def _refuse_hidden_structure(root: yaml.Node, path: str) -> list[Problem]:
    """Refuse unknown tags and duplicate keys, walking each node once."""
    problems: list[Problem] = []
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:  # an alias; refused, with its place, by _scan_events
            continue
        seen.add(id(node))
        if node.tag not in _CORE_TAGS:
            problems.append(problem_at(path, node, f"the tag `{node.tag}` is not allowed",
                                       "remove the `!` tag: values are plain text, numbers, dates, lists and mappings"))
            continue
        if isinstance(node, yaml.MappingNode):
            keys: dict[str, yaml.Node] = {}
            for key, value in node.value:
                if key.tag == "tag:yaml.org,2002:merge":
                    problems.append(problem_at(path, key, "merge keys (`<<`) are not allowed",
                                               "write the fields out in full"))
                    continue
                name = key.value if isinstance(key, yaml.ScalarNode) else None
                if name is not None and name in keys:
                    first = keys[name].start_mark.line + 1
                    problems.append(problem_at(path, key, f"the field `{name}` appears twice (first on line {first})",
                                               "keep one of them: YAML would silently use the last"))
                elif name is not None:
                    keys[name] = key
                stack.extend((value, key))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return problems
