"""Strict reading of one YAML file into a node tree that remembers where every value was written.

We compose nodes instead of loading Python objects: nodes keep line and column marks for error
messages, and no constructor ever runs, so custom tags cannot execute code and aliases cannot
expand into a "billion laughs". Anchors, aliases, merge keys, custom tags and duplicate keys are
all refused: a claim file is plain data, and each of those hides what the file really says.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import yaml

from factdesk.data.problems import Problem

_Parser: type
try:  # libyaml's C parser is some twenty times faster and keeps the same marks.
    from yaml._yaml import CParser as _Parser  # the parser and composer alone: no constructor is used
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _Parser = yaml.BaseLoader

_TAG = "tag:yaml.org,2002:"
_STR, _NULL, _MERGE = _TAG + "str", _TAG + "null", _TAG + "merge"
_PLAIN_TAGS = {"<<": _MERGE, "=": _TAG + "value", **dict.fromkeys(("", "~", "null", "Null", "NULL"), _NULL)}
_COLLECTION_TAGS: dict[type, str] = {yaml.MappingNode: _TAG + "map", yaml.SequenceNode: _TAG + "seq"}


class _Loader(_Parser):  # type: ignore[misc, valid-type]
    """The safe loader, resolving only the tags this module reads: null, merge keys, and text.

    Values are read as written (records.py), so numbers, booleans and dates need no tag of their
    own; PyYAML's resolver tries a pattern per type on every value, and was a third of the time
    of composing."""

    def resolve(self, kind: type, value: str | None, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return _PLAIN_TAGS.get(value or "", _STR) if implicit[0] else _STR
        return _COLLECTION_TAGS[kind]

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass  # no path resolvers are used

    def ascend_resolver(self) -> None:
        pass

MAX_FILE_BYTES = 1_000_000
"""A claim or source file larger than this is refused: no honest claim needs a megabyte."""

# `=` and `<<` written as plain values resolve to the value and merge tags: text the editor typed,
# not tags; merge keys themselves are refused below.
_CORE_TAGS = {
    _TAG + name
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


def position_in(node: yaml.ScalarNode, index: int, text: str) -> tuple[int, int]:
    """The line and column, from 1, of character `index` of a scalar's value in the file `text`:
    exact for a value on one line as written (plain or single-quoted) and for a literal block
    (`|`), whose lines are the file's lines less their indentation; else the value's start."""
    start = node.start_mark
    before = node.value[:index]
    if node.style == "|":
        lines = text.splitlines()
        first = start.line + 1  # the line after the `|`
        written = next((line for line in lines[first:] if line.strip()), "")
        indent = len(written) - len(written.lstrip(" "))
        return first + 1 + before.count("\n"), indent + index - (before.rfind("\n") + 1) + 1
    if start.line == node.end_mark.line and node.style in (None, "", "'") and "\n" not in before:
        quoted = node.style == "'"
        if not quoted or "'" not in node.value:
            return start.line + 1, start.column + 1 + quoted + index
    return start.line + 1, start.column + 1


_Value = TypeVar("_Value")


class ParseCache:
    """The files read by earlier loads in one long-running process, such as a preview server that
    reloads the publication after every edit: a file that did not change is not read again, and a
    claim file is not checked again while the sources and the scale stay the same. Records are
    never modified once made, so they can be shared.

    Node trees are not kept: with their marks they were 2 million objects at 10,000 claims, which
    every full collection of the garbage collector walked (1.6 s each time); a claim file is parsed
    again only when the sources or the settings change."""

    def __init__(self) -> None:
        self._checked: dict[str, Any] = {}
        self._context: object = None
        self._read: dict[str, Any] = {}
        self._signatures: dict[str, tuple[int, ...]] = {}
        self._derived: dict[Hashable, tuple[tuple[str, ...], Any]] = {}

    def read(self, path: str) -> bytes:
        """The file's bytes (OSError if it cannot be read), its size, times and inode noted, so that
        `same_as_read` can later tell it unchanged without reading it: a preview rebuilds after
        every edit, and reading ten thousand files each time took seconds where the system had not
        kept them in memory."""
        self._signatures.pop(path, None)
        with open_own(path) as opened:
            before = os.fstat(opened.fileno())
            data = opened.read()
        # A file changed within a tick of the clock that stamps it may keep its time (the "racy"
        # case of Git's index): a file changed in the last seconds is trusted only once read again.
        if before.st_mtime_ns < time.time_ns() - RACY_NS:
            self._signatures[path] = _signature(before)
        return data

    def same_as_read(self, path: str) -> bool:
        """Whether the file is, by its size, times and inode, the one `read` last read."""
        known = self._signatures.get(path)
        if known is None:
            return False
        try:
            return _signature(os.stat(path)) == known
        except OSError:
            return False

    def derived(self, key: Hashable, paths: tuple[str, ...], make: Callable[[], _Value]) -> _Value:
        """What `make`, which reads `paths` through `read`, made last time under `key`, while none of
        the files changed since; else what it makes now."""
        known = self._derived.get(key)
        if known is not None and known[0] == paths and all(self.same_as_read(path) for path in paths):
            return known[1]  # type: ignore[no-any-return]
        value = make()
        self._derived[key] = (paths, value)
        return value

    def checked_claims(self, context: object) -> dict[str, Any]:
        """Claims checked by the last load, by file, kept while `context` (whatever checking a claim
        reads besides its own file) is equal to that load's."""
        if context != self._context:
            self._checked, self._context = {}, context
        return self._checked

    def unchanged(self, path: str, value: _Value) -> _Value:
        """The value read from `path` by the last load if it equals `value`, else `value`, kept for
        the next load. A source or the settings that did not change are then the very objects of
        the last load, which the preview's caches compare by identity instead of field by field
        (a source's archived text included), thousands of times per rebuild."""
        known = self._read.get(path)
        if known is not None and known == value:
            return known  # type: ignore[no-any-return]
        self._read[path] = value
        return value


RACY_NS = 2_000_000_000
"""How recently changed a file must not be for its size and times to vouch for its content."""


def _signature(status: os.stat_result) -> tuple[int, ...]:
    return status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino, status.st_dev


def read_file(file: str | Path, cache: ParseCache | None) -> bytes:
    """The file's bytes (OSError if it cannot be read), through `cache` when there is one."""
    if cache is not None:
        return cache.read(str(file))
    with open_own(file) as opened:
        return opened.read()


_OWN_FILE = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def open_own(file: str | Path) -> BinaryIO:
    """A publication's file, opened for reading only if it is its own: a symbolic link put in its
    place since the folder was listed fails (ELOOP) instead of being followed, and a pipe does not
    block the build."""
    descriptor = os.open(file, _OWN_FILE)
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise IsADirectoryError(errno.EISDIR, "not a regular file", str(file))
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_bytes(file: str | Path, display_path: str,
               cache: ParseCache | None = None) -> tuple[bytes | None, list[Problem]]:
    try:
        return read_file(file, cache), []
    except OSError as error:
        return None, [Problem(display_path, 1, 1, f"cannot read the file: {error.strerror}",
                             f"make it readable by the user who builds the site (chmod a+r {display_path})")]


def read_document(file: str | Path, display_path: str, cache: ParseCache | None = None) -> tuple[Document, list[Problem]]:
    """Read and parse one file, returning every problem found in it."""
    data, unreadable = read_bytes(file, display_path, cache)
    if data is None:
        return Document(display_path, None), unreadable
    return parse_document(data, display_path)


def parse_document(data: bytes, path: str) -> tuple[Document, list[Problem]]:
    text, problems = decode(data, path)
    if text is None:
        return Document(path, None), problems
    try:
        # The text libyaml reads, which has lost the byte-order mark: a mark before a deep line
        # would hide that line's indentation from a reading of the file's bytes.
        found = _scan_events(text, path) if _may_hide_structure(text.encode("utf-8")) else []
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
    # The pattern only where one of its characters occurs: `in` is some thirty times faster.
    separator = any(c in text for c in _LINE_SEPARATOR_CHARACTERS) and _LINE_SEPARATORS.search(text)
    if separator:  # YAML counts these as line breaks and editors do not: every later line would be misplaced
        line, column = _place(text, separator.start())
        return None, [Problem(path, line, column, f"character U+{ord(separator.group()):04X} is an invisible line "
                              "separator", "delete it, or replace it with an ordinary line break")]
    return text, []


_LINE_SEPARATOR_CHARACTERS = "\u0085\u2028\u2029"
_LINE_SEPARATORS = re.compile(f"[{_LINE_SEPARATOR_CHARACTERS}]")


MAX_DEPTH = 32
"""Deeper nesting than this is refused before composing: libyaml's composer recurses in C, and a
few kilobytes of brackets would otherwise crash the process instead of failing the check."""


def _byte_classes(classes: dict[bytes, bytes]) -> bytes:
    """A `bytes.translate` table giving each listed byte its class letter, and every other `.`."""
    table = bytearray(b"." * 256)
    for members, letter in classes.items():
        for member in members:
            table[member] = letter[0]
    return bytes(table)


# An anchor or an alias stands where a node starts: at the start of a line, or after an indicator
# (`-`, `?`, `:`, `,`, `[`, `{`) and blanks; or after a tag (`!t &a`), which starts there in its
# turn. With blanks removed, a node starting with one of them is an `i` before a `p` in these
# classes. Prose trips this too ("a, *b*"): it only costs the scan.
_NODE_STARTS = _byte_classes({b"\r\n-?:,[{": b"i", b"&*!": b"p"})
# A block collection starts at the end of its line's run of indentation and indicators (`- `,
# `? `, `: `, `--- `), and each two levels of block nesting start at least one column further
# right. So a text in which no line begins with nine of those characters, and with few flow
# brackets (each opens at most two levels), is nested 2 × (8 + 1) + 2 × 7 = 32 deep at most.
_LINE_STARTS = _byte_classes({b"\r\n": b"n", b" \t-?:": b"s"})
_DEEP_LINE = b"n" + b"s" * 9
_MOST_BRACKETS = 7


def _may_hide_structure(data: bytes) -> bool:
    """Whether a file may hold an anchor, an alias or nesting too deep to compose: what
    `_scan_events` looks for. Most files do not, and are spared reading every event twice.
    UTF-8 never uses these ASCII bytes inside another character, so bytes are read as text."""
    lines = b"\n" + data
    return (data.count(b"[") + data.count(b"{") > _MOST_BRACKETS or _DEEP_LINE in lines.translate(_LINE_STARTS)
            or b"ip" in lines.translate(_NODE_STARTS, b" \t"))


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
    opened = _quote_running_on(text, line)
    if opened is not None:
        start, quote = opened
        hint = (f"the value that opens with {quote} on line {start} runs on to here, where the next {quote} is: "
                f"if its closing {quote} is missing, add it on line {start}")
    return Problem(path, line, column, f"YAML syntax: {what}", hint)


def _quote_running_on(text: str, line: int) -> tuple[int, str] | None:
    """The line and quotation mark of a quoted value that starts on an earlier line and ends on
    `line`: a closing quote left out makes the value run on to the next such mark (an apostrophe in
    a later field), where YAML then fails, far from the mistake."""
    found = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, yaml.ScalarToken) and token.style in ("'", '"') \
                    and token.start_mark.line + 1 < line == token.end_mark.line + 1:
                found = (token.start_mark.line + 1, token.style)
    except yaml.YAMLError:
        pass  # the tokens read before the error are the ones that count
    return found


def _refuse_hidden_structure(root: yaml.Node, path: str) -> list[Problem]:
    """Refuse unknown tags and duplicate keys, walking each node once (aliases, which would share
    nodes, were refused before composing)."""
    problems: list[Problem] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if node.tag not in _CORE_TAGS:
            problems.append(problem_at(path, node, f"the tag `{node.tag}` is not allowed",
                                       "remove the `!` tag: values are plain text, numbers, dates, lists and mappings"))
        elif node.__class__ is yaml.MappingNode:
            keys: dict[str, yaml.Node] = {}
            for key, value in node.value:
                if value.__class__ is not yaml.ScalarNode or value.tag not in _CORE_TAGS:
                    stack.append(value)  # a plain value needs no visit of its own: most do not
                if key.__class__ is not yaml.ScalarNode or key.tag not in _CORE_TAGS:
                    stack.append(key)  # a mapping as key, or an unknown tag, reported when popped
                elif key.tag == _MERGE:
                    problems.append(problem_at(path, key, "merge keys (`<<`) are not allowed",
                                               "write the fields out in full"))
                elif key.value in keys:
                    first = keys[key.value].start_mark.line + 1
                    problems.append(problem_at(path, key, f"the field `{key.value}` appears twice (first on line "
                                               f"{first})", "keep one of them: YAML would silently use the last"))
                else:
                    keys[key.value] = key
        elif node.__class__ is yaml.SequenceNode:
            stack.extend(node.value)
    return problems
