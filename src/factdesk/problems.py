"""Problems found in a publication's files, each tied to a place an editor can jump to."""

from __future__ import annotations

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
