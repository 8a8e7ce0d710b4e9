"""Typographic quotation marks, apostrophes, dashes and ellipses in editors' plain text.

Editors type "straight" quotes, -- and ...; readers should see “curly” quotes, dashes and an
ellipsis, on the site and in the PDF alike. Markdown (a claim's body, the hand-written pages)
gets the same from Python-Markdown's `smarty` extension; this is the rule for the plain-text
fields, which are escaped rather than read as Markdown. Web addresses are left exactly as typed.
"""

from __future__ import annotations

import re

_ADDRESS = re.compile(r"\S*://\S*|\bwww\.\S+")
# What may come right before an opening quotation mark: nothing, a space, or an opening bracket,
# dash or quotation mark ("(“It's”)").
_OPENS_AFTER = r"(?:(?<=^)|(?<=[\s(\[{—–/“‘-]))"
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"---"), "—"),
    (re.compile(r"--"), "–"),
    (re.compile(r"(?<=\s)-(?=\s)"), "–"),  # "Sept. 26 - 28", "a claim - not a fact"
    (re.compile(r"\.\.\."), "…"),
    (re.compile(_OPENS_AFTER + r"'(?=\d\ds\b)"), "’"),  # the ’90s
    (re.compile(_OPENS_AFTER + '"'), "“"),
    (re.compile('"'), "”"),
    (re.compile(_OPENS_AFTER + "'"), "‘"),
    (re.compile("'"), "’"),  # an apostrophe or a closing mark
)


def _set(words: str) -> str:
    for pattern, replacement in _RULES:
        words = pattern.sub(replacement, words)
    return words


def typographic(text: str) -> str:
    """`text` with typographic quotes, apostrophes, dashes and ellipses; addresses kept as typed."""
    if not any(mark in text for mark in "\"'-."):
        return text
    out, start = [], 0
    for address in _ADDRESS.finditer(text):
        out += [_set(text[start:address.start()]), address.group()]
        start = address.end()
    out.append(_set(text[start:]))
    return "".join(out)
