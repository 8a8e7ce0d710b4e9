"""Which alphabet each letter of a word comes from, to catch look-alike letters.

A Cyrillic "а" (U+0430) looks like a Latin "a" (U+0061) but is another character: a claimant
written with one becomes a second claimant page, a tag a second tag page, and a quote stops
matching its source without a visible difference. A word is *mixed* when its letters come from
more than one alphabet, with one exception that real text needs: Chinese, Japanese and Korean
words mix their own scripts (kanji with kana, hangul with hanja, full-width forms) and Latin
letters ("Tシャツ", "卡拉OK"). Digits, marks and punctuation belong to no alphabet.

Python has no table of Unicode scripts; a letter's name starts with its script ("LATIN SMALL
LETTER A", "CYRILLIC SMALL LETTER A", "MATHEMATICAL BOLD CAPITAL A", "KATAKANA-HIRAGANA
PROLONGED SOUND MARK"), which is enough to tell apart the alphabets that look alike. Letters whose
name starts otherwise belong to none: modifier letters (the ʻokina of "Hawaiʻi", the apostrophe of
Ukrainian "Обʼєднані"), ordinal indicators ("Nº"), and scripts not listed here.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import NamedTuple

_EAST_ASIAN = frozenset({"CJK", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO", "HALFWIDTH", "IDEOGRAPHIC"})
"""Name prefixes of the scripts that Chinese, Japanese and Korean write in one word."""
EAST_ASIAN, LATIN, FULLWIDTH_LATIN = "EAST ASIAN", "LATIN", "FULLWIDTH LATIN"
_ALPHABETS = frozenset({
    "LATIN", "CYRILLIC", "GREEK", "COPTIC", "ARMENIAN", "GEORGIAN", "CHEROKEE", "MATHEMATICAL", "HEBREW",
    "ARABIC", "SYRIAC", "THAANA", "DEVANAGARI", "BENGALI", "GURMUKHI", "GUJARATI", "ORIYA", "TAMIL", "TELUGU",
    "KANNADA", "MALAYALAM", "SINHALA", "THAI", "LAO", "TIBETAN", "MYANMAR", "KHMER", "ETHIOPIC", "MONGOLIAN",
    "CANADIAN", "OGHAM", "RUNIC", "GLAGOLITIC", "TIFINAGH", "VAI", "NKO", "ADLAM",
})
"""Alphabets told apart; a letter of any other name belongs to none, and is never a mix."""
_WORD = re.compile(r"[^\W_]+")


class MixedWord(NamedTuple):
    """A word whose letters come from two alphabets, and its first letter from the rarer one."""

    word: str
    start: int
    """Where the word starts in the text."""
    letter: str
    offset: int
    """Where the letter is in the text."""
    script: str
    main_script: str

    @property
    def message(self) -> str:
        return (f"`{self.word}` has {describe(self.letter)} among {self.main_script.title()} letters: "
                "two alphabets in one word")


def describe(character: str) -> str:
    """`U+0430 CYRILLIC SMALL LETTER A`: the code point, as an editor can search for it."""
    return f"U+{ord(character):04X} {unicodedata.name(character, 'an unnamed character')}"


def script(letter: str) -> str | None:
    """The alphabet of a letter, from its Unicode name: LATIN, CYRILLIC, GREEK, MATHEMATICAL, FULLWIDTH
    LATIN, EAST ASIAN (Chinese, Japanese and Korean), …; None for a letter of no alphabet told apart."""
    name = unicodedata.name(letter, "")
    first = name.split(" ", 1)[0].split("-", 1)[0]
    if first in _EAST_ASIAN:
        return EAST_ASIAN
    if first == "FULLWIDTH":
        return FULLWIDTH_LATIN if " LATIN " in name else EAST_ASIAN
    return first if first in _ALPHABETS else None


def mixed_word(text: str) -> MixedWord | None:
    """The first word of `text` that mixes alphabets, or None. ASCII text never does."""
    if text.isascii():
        return None
    for match in _WORD.finditer(text):
        word = match.group()
        if word.isascii():
            continue
        scripts = [(i, kind) for i, c in enumerate(word) if (kind := script(c)) is not None]
        kinds = Counter(kind for _, kind in scripts)
        if len(kinds) < 2 or _usual_in_east_asian_text(set(kinds)):
            continue
        main = kinds.most_common(1)[0][0]
        index, odd = next((i, kind) for i, kind in scripts if kind != main)
        return MixedWord(word, match.start(), word[index], match.start() + index, odd, main)
    return None


def _usual_in_east_asian_text(kinds: set[str]) -> bool:
    """Chinese, Japanese and Korean words with Latin letters in them ("Tシャツ", "卡拉OK"), plain or
    full-width, but not both: "Ａnn" beside "Ann" would be two names."""
    return EAST_ASIAN in kinds and len(kinds) == 2 and bool(kinds & {LATIN, FULLWIDTH_LATIN})
