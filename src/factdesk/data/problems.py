"""Problems found in a publication's files, each tied to a place an editor can jump to."""

from __future__ import annotations

import errno
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file: where (1-based line and column), what, and the fix."""

    path: str
    line: int
    column: int
    message: str
    hint: str = ""
    # A warning is shown but does not fail `factdesk check`; a strict MkDocs build fails on it.
    severity: str = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        text = f"{printable(self.path)}:{self.line}:{self.column}: {self.severity}: {printable(self.message)}"
        if self.hint:
            text += f"\n    fix: {printable(self.hint)}"
        return text


# Control characters and the bidirectional controls that reorder what follows them. A problem quotes
# untrusted text (file names, values, archived texts): printed as it is, an escape sequence in it
# would reach the editor's terminal (clear the screen, set the window's title, hide a line).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with each control character written as its escape (`\\x1b`, `\\u202e`)."""
    if text.isprintable():
        return text
    return _UNPRINTABLE.sub(lambda m: escaped(m.group()), text)


def escaped(character: str) -> str:
    """A character as Python writes it in a string: `\\x1b`, `\\u202e`, `\\U000e0069`."""
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


class PublicationError(Exception):
    """Raised when a publication cannot be built; carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(sorted(problems))
        super().__init__(report(self.problems))


def report(problems: Iterable[Problem]) -> str:
    """A human report: every problem, then a count, so an editor sees all fixes at once."""
    problems = tuple(problems)
    files = {p.path for p in problems}
    lines = [str(p) for p in problems]
    warned = len(problems) - len(errors(problems))
    noun = "problem" if len(problems) == 1 else "problems"
    fnoun = "file" if len(files) == 1 else "files"
    of_which = f" ({warned} of them {'a warning' if warned == 1 else 'warnings'})" if warned else ""
    lines.append(f"{len(problems)} {noun}{of_which} in {len(files)} {fnoun}.")
    return "\n".join(lines)


def github_annotations(problems: Iterable[Problem]) -> str:
    """GitHub Actions workflow commands: each problem shows on its line of the pull request."""
    def data(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(text: str) -> str:
        return data(text).replace(":", "%3A").replace(",", "%2C")

    return "\n".join(
        f"::{p.severity} file={prop(printable(p.path))},line={p.line},col={p.column},title=factdesk check::"
        + data(printable(p.message + (f" (fix: {p.hint})" if p.hint else "")))
        for p in problems
    )


def as_json(problems: Iterable[Problem]) -> str:
    problems = tuple(problems)
    items = [{"path": p.path, "line": p.line, "column": p.column, "severity": p.severity, "message": p.message,
              "hint": p.hint} for p in problems]
    return json.dumps({"ok": not errors(problems), "problems": items}, ensure_ascii=False, indent=2)


_CAUSES = {
    errno.ENOSPC: ("the disk is full", "free some space on it (`df -h` shows how much is left), then run this again"),
    errno.EDQUOT: ("the disk quota is used up", "free some space, then run this again"),
    errno.EROFS: ("the file system is read-only", "run it where files can be written, or choose another folder"),
    errno.EACCES: ("permission denied", "give the user who runs factdesk the right to it (`ls -ld` shows its owner "
                   "and rights), or remove it"),
    errno.EPERM: ("operation not permitted", "give the user who runs factdesk the right to it (`ls -ld` shows its "
                  "owner and rights), or remove it"),
}


def os_error_message(error: OSError, doing: str) -> str:
    """What failed, where and why, with the fix: for the file system's errors (a full disk, a folder
    another user owns), which are the machine's problem and not the publication's, so carry no line.
    `doing` says what was being done, and where, if the error's own file name would not say it."""
    cause, fix = _CAUSES.get(error.errno or 0, (error.strerror or str(error), "check the path and run this again"))
    names = [printable(str(name)) for name in (error.filename, error.filename2) if name]
    at = f" ({', '.join(names)})" if names and not any(name in doing for name in names) else ""
    return f"cannot {doing}: {cause}{at}\n    fix: {fix}"
