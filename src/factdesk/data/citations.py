"""Evidence cited inside a claim's explanation.

An editor writes `[@source-id]` in `body` where a sentence rests on a source; the page shows it as
a numbered link, [2], to that source's entry in the claim's evidence list. A citation of a source
that is not in the claim's evidence, or one written otherwise (`[@ id]`, `[@]`), is an error of
`check` (see `loader`), so every number leads somewhere. In code (a span between backticks, a
fenced block) and after a backslash (`\\[@…]`), `[@…]` is text and is left as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from factdesk.data.records import SLUG

# Code first (a fenced block, a span of one or more backticks) and escaped brackets, which are left
# alone; then a citation, which takes the space before it so that its number sits against the word
# it follows.
_CITATION_OR_CODE = re.compile(
    r"^(?P<fence>```|~~~).*?^(?P=fence)[^\n]*$"
    r"|(?P<ticks>`+).+?(?P=ticks)"
    r"|\\\["
    r"|[ \t]?\[@(?P<cited>[^\]\n]*)\]",
    re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Citation:
    cited: str
    """What is written between `[@` and `]`."""
    offset: int
    """Where its `[@` is in the text."""

    @property
    def well_formed(self) -> bool:
        return SLUG.fullmatch(self.cited) is not None


def citations(body: str) -> Iterator[Citation]:
    """Each citation written in `body`, well formed or not, outside code."""
    for match in _CITATION_OR_CODE.finditer(body):
        if match.group("cited") is not None:
            yield Citation(match.group("cited"), match.start("cited") - 2)


def evidence_anchor(number: int) -> str:
    """The id of the evidence list's entry `number` (from 1) on the claim's page."""
    return f"evidence-{number}"


def linked(body: str, evidence: Sequence[str], anchor: Callable[[int], str] = evidence_anchor,
           attributes: str = "{ .fd-cite }") -> str:
    """`body` with each citation made a numbered link to its entry in the evidence list: the
    number of the source among `evidence` (the claim's evidence, as source ids, in order), linked
    to `#anchor(number)`, with attr_list's `attributes` where the Markdown has that extension."""
    numbers = {source: at for at, source in enumerate(evidence, start=1)}

    def link(match: re.Match[str]) -> str:
        number = numbers.get(match.group("cited") or "")
        if number is None:  # code, an escaped bracket, or a citation the check refuses
            return match.group()
        return rf"[\[{number}\]](#{anchor(number)}){attributes}"

    return _CITATION_OR_CODE.sub(link, body)
