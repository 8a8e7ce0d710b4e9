"""Evidence cited inside a claim's explanation.

An editor writes `[@source-id]` in `body` where a sentence rests on a source; the page shows it as
a numbered link, [2], to that source's entry in the claim's evidence list. A citation of a source
that is not in the claim's evidence is an error of `check` (see `loader`), so every number leads
somewhere. Inside `code`, `[@…]` is left as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

# A code span first, so that a citation written inside one is skipped.
# A citation takes the space before it, so that its number sits against the word it follows.
_CITATION_OR_CODE = re.compile(r"`[^`\n]*`|[ \t]?\[@([^\]\s]*)\]")


def citations(body: str) -> Iterator[tuple[str, int]]:
    """Each source id cited in `body`, with the offset of its `[@`."""
    for match in _CITATION_OR_CODE.finditer(body):
        if match.group(1) is not None:
            yield match.group(1), match.start(1) - 2


def evidence_anchor(number: int) -> str:
    """The id of the evidence list's entry `number` (from 1) on the claim's page."""
    return f"evidence-{number}"


def linked(body: str, evidence: Sequence[str], anchor: Callable[[int], str] = evidence_anchor) -> str:
    """`body` with each citation made a numbered link to its entry in the evidence list: the
    number of the source among `evidence` (the claim's evidence, as source ids, in order), linked
    to `#anchor(number)`."""
    numbers = {source: at for at, source in enumerate(evidence, start=1)}

    def link(match: re.Match[str]) -> str:
        number = numbers.get(match.group(1) or "")
        if number is None:  # a code span, or a citation the check refuses
            return match.group()
        return rf"[\[{number}\]](#{anchor(number)}){{ .fd-cite }}"

    return _CITATION_OR_CODE.sub(link, body)
