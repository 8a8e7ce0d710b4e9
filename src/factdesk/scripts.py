"""Which alphabet each letter of a word comes from, to catch look-alike letters.

A Cyrillic "а" (U+0430) looks like a Latin "a" (U+0061) but is another character: a claimant
written with one becomes a second claimant page, a tag a second tag page, and a quote stops
matching its source without a visible difference. A word is *mixed* when its letters come from
more than one alphabet, with one exception that real text needs: Chinese, Japanese and Korean
words mix their own scripts (kanji with kana, hangul with hanja, full-width forms) and Latin
letters ("Tシャツ", "卡拉OK"). Digits, marks and punctuation belong to no alphabet.

Python has no table of Unicode scripts; a letter's name starts with its script ("LATIN SMALL
LETTER A", "CYRILLIC SMALL LETTER A", "MATHEMATICAL BOLD CAPITAL A"), which is enough to tell
the alphabets apart that look alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import NamedTuple

_EAST_ASIAN = frozenset({"CJK", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO", "FULLWIDTH", "HALFWIDTH", "IDEOGRAPHIC"})
"""Name prefixes of the scripts that Chinese, Japanese and Korean write in one word."""
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


def script(letter: str) -> str:
    """The alphabet of a letter, from its Unicode name: LATIN, CYRILLIC, GREEK, MATHEMATICAL, …"""
    name = unicodedata.name(letter, "")
    first = name.split(" ", 1)[0]
    return "EAST ASIAN" if first in _EAST_ASIAN else first


def mixed_word(text: str) -> MixedWord | None:
    """The first word of `text` that mixes alphabets, or None. ASCII text never does."""
    if text.isascii():
        return None
    for match in _WORD.finditer(text):
        word = match.group()
        if word.isascii():
            continue
        scripts = [(i, script(c)) for i, c in enumerate(word) if unicodedata.category(c).startswith("L")]
        kinds = Counter(kind for _, kind in scripts)
        if "EAST ASIAN" in kinds:
            kinds.pop("LATIN", None)  # "Tシャツ": Latin letters in an East Asian word are usual
        if len(kinds) < 2:
            continue
        main = kinds.most_common(1)[0][0]
        index = next(i for i, kind in scripts if kind != main and kind in kinds)
        return MixedWord(word, match.start(), word[index], match.start() + index, script(word[index]), main)
    return None
