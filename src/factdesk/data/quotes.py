"""Checking that a quote occurs in a source's archived text, as readers would judge it."""

from __future__ import annotations

import re
import unicodedata

from factdesk.data.scripts import describe, mixed_word

MIN_QUOTE_LENGTH = 12
"""The least a quote may have, counting its letters and digits (spaces and punctuation aside), with
a Chinese, Japanese or Korean character as two (one of them is about a syllable, or a word): enough to
find one passage, where "the", "No." or "2022" would match anywhere."""

_QUOTE_MARKS = {
    "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "″": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'",
}
# Invisible characters that archived pages often carry (soft hyphens, zero-width spaces, direction
# marks and controls): a quote typed without them must still occur in the archived text.
_INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


# Characters of scripts written without spaces between words: Chinese characters, kana, bopomofo and
# their punctuation. Hangul is not among them: Korean spaces its words.
_UNSPACED = ("\u2e80-\u2fdf\u3001-\u303f\u3040-\u30ff\u3100-\u312f\u31a0-\u31ff\u3400-\u4dbf"
             "\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f")
_HAS_UNSPACED = re.compile(f"[{_UNSPACED}]")
_SPACE_BY_UNSPACED = re.compile(f"(?<=[{_UNSPACED}]) | (?=[{_UNSPACED}])")


def normalise(text: str) -> str:
    """Fold what editors cannot see or type alike: quotation marks, compatibility forms (full-width
    digits and letters, half-width kana, ligatures: Unicode's NFKC), invisible characters, runs of
    space, and any space beside a Chinese or Japanese character, where a line break of the archived
    text is no space between words."""
    if text.isascii():  # no curly marks, invisible characters or composed forms: most quotes
        return " ".join(text.replace("`", "'").split())
    # One `replace` per mark the text holds: str.translate looks up every character in a Python
    # dict, and a pattern calls back into Python for every mark; folding the archives of 10,000
    # claims took seconds with the one, and a third more than this with the other. Marks first:
    # NFKC would make a double prime two primes.
    for mark, plain in _QUOTE_MARKS.items():
        if mark in text:
            text = text.replace(mark, plain)
    text = unicodedata.normalize("NFKC", text)
    # Splitting on white space and joining: a pattern for runs of it matched every single space.
    text = " ".join(_INVISIBLE.sub("", text).split())
    return _SPACE_BY_UNSPACED.sub("", text) if _HAS_UNSPACED.search(text) else text


class Archives:
    """Archived texts folded once each, on first use: a source is quoted by many claims."""

    def __init__(self, folded: dict[str, str] | None = None) -> None:
        """`folded`: texts already folded, each keyed by its text."""
        self._folded = folded if folded is not None else {}

    def has(self, quote: str, text: str) -> bool:
        folded = self._folded.get(text)
        if folded is None:
            folded = self._folded[text] = normalise(text)
        return normalise(quote) in folded


def quote_length(quote: str) -> int:
    """A quote's length as `MIN_QUOTE_LENGTH` counts it."""
    # A pattern drops the rest in one pass: a test per character was a tenth of checking 10,000 claims.
    return _weight(_NOT_LETTERS.sub("", quote))


_NOT_LETTERS = re.compile(r"[\W_]+")


def _weight(text: str) -> int:
    """Its characters, a Chinese, Japanese or Korean one (wide, or full-width) counting as two."""
    if text.isascii():
        return len(text)
    return len(text) + sum(unicodedata.east_asian_width(c) in "WF" for c in text if not c.isascii())


def mismatch_hint(quote: str, text: str) -> str:
    """Where the quote departs from the text: a look-alike letter from another alphabet, by its code
    point, which no eye can find; else the longest start of the quote that the text has, and what
    follows it in each, so the editor sees the very word that differs."""
    mixed = mixed_word(quote)
    if mixed is not None and mixed.word not in text:
        return (f"the quote's word {mixed.message}; retype it in {mixed.main_script.title()} letters, "
                "or copy it from the archived text")
    quote_n, text_n = normalise(quote), normalise(text)
    low, high = 0, len(quote_n)
    while low < high:  # a prefix that occurs has all its own prefixes occurring, so bisect
        middle = (low + high + 1) // 2
        if quote_n[:middle] in text_n:
            low = middle
        else:
            high = middle - 1
    # What matched must be long enough to place the quote: 12 characters, a Chinese, Japanese or
    # Korean one counting as two, as in MIN_QUOTE_LENGTH.
    if _weight(quote_n[:low]) < min(12, _weight(quote_n)):
        return "copy the words exactly from the source's archived text"
    at = text_n.index(quote_n[:low])
    matched = quote_n[max(0, low - 30):low]
    hint = (f"the text matches up to “…{matched}”, then the quote has “{quote_n[low:low + 30]}…” "
            f"but the source has “{text_n[at + low:at + low + 30]}…”")
    ours, theirs = quote_n[low:low + 1], text_n[at + low:at + low + 1]
    if ours and theirs and not (ours.isascii() and theirs.isascii()):
        # Two characters can look the same and differ: say which they are.
        hint += f" ({describe(ours)} in the quote, {describe(theirs)} in the source)"
    return hint
