"""Problems found in a publication's files, each tied to a place an editor can jump to."""

from __future__ import annotations

import json
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

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: error: {self.message}"
        if self.hint:
            text += f"\n    fix: {self.hint}"
        return text


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
    noun = "problem" if len(problems) == 1 else "problems"
    fnoun = "file" if len(files) == 1 else "files"
    lines.append(f"{len(problems)} {noun} in {len(files)} {fnoun}.")
    return "\n".join(lines)


def github_annotations(problems: Iterable[Problem]) -> str:
    """GitHub Actions workflow commands: each problem shows on its line of the pull request."""
    def data(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(text: str) -> str:
        return data(text).replace(":", "%3A").replace(",", "%2C")

    return "\n".join(
        f"::error file={prop(p.path)},line={p.line},col={p.column},title=factdesk check::"
        + data(p.message + (f" (fix: {p.hint})" if p.hint else ""))
        for p in problems
    )


def as_json(problems: Iterable[Problem]) -> str:
    items = [{"path": p.path, "line": p.line, "column": p.column, "message": p.message, "hint": p.hint}
             for p in problems]
    return json.dumps({"ok": not items, "problems": items}, ensure_ascii=False, indent=2)
