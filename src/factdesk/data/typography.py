"""Typographic quotation marks, apostrophes, dashes and ellipses in editors' plain text.

Editors type "straight" quotes, -- and ...; readers should see “curly” quotes, dashes and an
ellipsis, on the site and in the PDF alike. And a value written right to left (an Arabic title,
a Hebrew name) is isolated from the sentence it is set in (`isolated`). Markdown (a claim's body, the hand-written pages)
gets the same from Python-Markdown's `smarty` extension; this is the rule for the plain-text
fields, which are escaped rather than read as Markdown. Web addresses are left exactly as typed.
"""

from __future__ import annotations

import re

# Left as typed: web addresses (without quotation marks around them), e-mail addresses, and
# host names ("xn--p1ai.example", which a dash rule would break).
_ADDRESS = re.compile(r"""[^\s"'“”‘’<>()]*://[^\s"'“”‘’<>()]*|\bwww\.[^\s"'“”‘’<>()]+"""
                      r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b(?:[\w-]+\.)+[a-z][\w-]+\b")
# Where a quotation mark opens: at the start, after a space, an opening bracket or quotation mark
# ("(“It's”)"); after a dash or slash only when a word follows ("—“Yes”", but "I was—” he said").
_OPENS_BEFORE = r"(?:(?<=^)|(?<=[\s(\[{“‘]))"


def _opening(mark: str) -> re.Pattern[str]:
    return re.compile(f"{_OPENS_BEFORE}{mark}|(?<=[—–/-]){mark}(?=\\w)", re.MULTILINE)


_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"---"), "—"),
    (re.compile(r"--"), "–"),
    (re.compile(r"(?<=\s)-(?=\s)"), "–"),  # "Sept. 26 - 28", "a claim - not a fact"
    (re.compile(r"\.\.\."), "…"),
    (re.compile(_OPENS_BEFORE + r"'(?=\d\ds\b)"), "’"),  # the ’90s
    (_opening('"'), "“"),
    (re.compile('"'), "”"),
    (_opening("'"), "‘"),
    (re.compile("'"), "’"),  # an apostrophe or a closing mark
)
# Addresses are set aside while the rules run, each in the place of a mark of the Unicode private use
# area with its number; a text that holds such marks itself is left as typed.
_KEPT = re.compile("\ue000(\\d+)\ue001")


def typographic(text: str) -> str:
    """`text` with typographic quotes, apostrophes, dashes and ellipses; addresses kept as typed."""
    if not any(mark in text for mark in "\"'-.") or "\ue000" in text or "\ue001" in text:
        return text
    kept: list[str] = []

    def keep(address: re.Match[str]) -> str:
        kept.append(address.group())
        return f"\ue000{len(kept) - 1}\ue001"

    masked = _ADDRESS.sub(keep, text)
    for pattern, replacement in _RULES:
        masked = pattern.sub(replacement, masked)
    return _KEPT.sub(lambda number: kept[int(number.group(1))], masked)


ISOLATE_START, ISOLATE_END = "\u2068", "\u2069"  # FIRST STRONG ISOLATE, POP DIRECTIONAL ISOLATE
# Letters of the scripts written right to left: Hebrew, Arabic, Syriac, Thaana, N'Ko and their
# presentation forms, and the historic ones beyond the first plane.
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff]")


def isolated(text: str) -> str:
    """`text` between Unicode's isolates where it holds right-to-left letters: set in a sentence,
    an Arabic title would otherwise carry the commas and the date after it into its own direction.
    The site makes them a `<bdi>` (safe_markdown); the PDF's Pango and the share images' shaper
    read the characters themselves."""
    if text.isascii() or not _RIGHT_TO_LEFT.search(text):
        return text
    return f"{ISOLATE_START}{text}{ISOLATE_END}"


def as_shown(text: str) -> str:
    """A plain-text field as a page sets it in a line: typographic marks, its runs of spaces and
    line breaks made one space, and isolated if it holds right-to-left letters."""
    return isolated(" ".join(typographic(text).split()))
