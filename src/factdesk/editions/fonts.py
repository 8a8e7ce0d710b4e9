"""The fonts text is set with, so that every machine sets it with the same fonts, and every script
with glyphs of its own: Source Serif and Source Sans from their Python packages, then Debian's Noto
fonts for the scripts they lack (Chinese, Japanese and Korean; Arabic; Hebrew). Their Cyrillic and
Greek are Source's own: the italics lack them, and fontconfig then takes the family's upright face,
which WeasyPrint slants.

A chain is the order in which fonts are tried: each character is set in the first font that has it.
A character that no font of the chain has is an error (`NoGlyph`), as is one of a script whose
Debian package is not installed (`ScriptFontMissing`), rather than a box or a font that one
machine happens to have.

Shared by the PDF edition (`typeset`) and the share images (`share_card`); it imports neither
WeasyPrint nor Pillow, so the site build does not load the PDF edition's libraries."""

from __future__ import annotations

import importlib.util
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

from factdesk.data.problems import Problem


class FontsMissing(RuntimeError):
    pass


def packaged_font(package: str, name: str) -> Path | None:
    """The font file `name` that the installed `package` ships in its `files/` folder, if any."""
    spec = importlib.util.find_spec(package)
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "files" / name
        if path.is_file():
            return path
    return None


@dataclass(frozen=True, eq=False)
class Font:
    """One family of a chain: the files of its regular and of its strong weight (Source's
    semibold, Noto's bold), and what installs them. Each is made once, and is equal only to itself:
    a share image looks fonts up for every width it measures, by the chain's hash."""

    family: str
    regular: Path
    strong: Path
    package: str  # Debian's, for a script's font; the Python package, for Source
    script: str = ""  # the script it is in the chain for; "" for Source, which has the chain's Latin
    blocks: tuple[range, ...] = ()  # where that script's characters are: they need this font
    index: int = 0  # the face in a font collection (.ttc)

    @property
    def installed(self) -> bool:
        return self.regular.is_file() and self.strong.is_file()


# Fixed paths, not fontconfig's lookups (fc-match): the files that Debian's packages install, the
# same on every Debian and Ubuntu machine, so that an error can name the package, and a font of the
# same name elsewhere (a newer Noto in ~/.fonts) cannot change what an edition's bytes are.
_CORE, _CJK = Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/opentype/noto")
_CJK_BLOCKS = (range(0x1100, 0x1200), range(0x2E80, 0xA000), range(0xA960, 0xA980), range(0xAC00, 0xD800),
               range(0xF900, 0xFB00), range(0xFE30, 0xFE50), range(0xFF00, 0xFFF0), range(0x20000, 0x40000))
_ARABIC_BLOCKS = (range(0x600, 0x700), range(0x750, 0x780), range(0x870, 0x900), range(0xFB50, 0xFE00),
                  range(0xFE70, 0xFF00))
_HEBREW_BLOCKS = (range(0x590, 0x600), range(0xFB1D, 0xFB50))
_CJK_SCRIPT = "Chinese, Japanese or Korean"


def _noto(family: str, folder: Path, stem: str, extension: str, package: str, script: str,
          blocks: tuple[range, ...]) -> Font:
    return Font(family, folder / f"{stem}-Regular.{extension}", folder / f"{stem}-Bold.{extension}", package,
                script, blocks)


# The JP face is the first of each collection: Chinese and Korean text with a `lang` gets its own
# forms from the face's localised forms (OpenType `locl`).
SERIF_SCRIPTS = (
    _noto("Noto Serif CJK JP", _CJK, "NotoSerifCJK", "ttc", "fonts-noto-cjk", _CJK_SCRIPT, _CJK_BLOCKS),
    _noto("Noto Naskh Arabic", _CORE, "NotoNaskhArabic", "ttf", "fonts-noto-core", "Arabic", _ARABIC_BLOCKS),
    _noto("Noto Serif Hebrew", _CORE, "NotoSerifHebrew", "ttf", "fonts-noto-core", "Hebrew", _HEBREW_BLOCKS),
)
SANS_SCRIPTS = (
    _noto("Noto Sans CJK JP", _CJK, "NotoSansCJK", "ttc", "fonts-noto-cjk", _CJK_SCRIPT, _CJK_BLOCKS),
    _noto("Noto Sans Arabic", _CORE, "NotoSansArabic", "ttf", "fonts-noto-core", "Arabic", _ARABIC_BLOCKS),
    _noto("Noto Sans Hebrew", _CORE, "NotoSansHebrew", "ttf", "fonts-noto-core", "Hebrew", _HEBREW_BLOCKS),
)

Chain = tuple[Font, ...]


def _packaged(family: str, package: str, regular: str, strong: str) -> Font:
    paths = [packaged_font(package, name) for name in (regular, strong)]
    if paths[0] is None or paths[1] is None:
        raise FontsMissing(f"{family} not found: install the {package.replace('_', '-')} package")
    return Font(family, paths[0], paths[1], package)


@cache
def serif_chain() -> Chain:
    return (_packaged("Source Serif Pro", "font_source_serif_pro", "SourceSerifPro-Regular.ttf",
                      "SourceSerifPro-Semibold.ttf"), *SERIF_SCRIPTS)


@cache
def sans_chain() -> Chain:
    return (_packaged("Source Sans Pro", "font_source_sans_pro", "SourceSansPro-Regular.ttf",
                      "SourceSansPro-Semibold.ttf"), *SANS_SCRIPTS)


@cache
def character_map(font: Font) -> Mapping[int, str]:
    """The characters `font` has glyphs for, read once per process. The regular weight's: the bold
    ones have the same, and what Source's italics lack is set from its upright faces."""
    return TTFont(font.regular, fontNumber=font.index, lazy=True).getBestCmap()


@cache
def identity(font: Font) -> str:
    """What tells one version of a font from another: its file's name and size, and the version in
    its name table; "missing" where it is not installed."""
    if not font.installed:
        return f"{font.family}: missing"
    version = TTFont(font.regular, fontNumber=font.index, lazy=True)["name"].getDebugName(5)
    return f"{font.family}: {font.regular.name} {font.regular.stat().st_size} {version}"


# What Pango's itemizer sets in no font of its own (it never changes fonts for them): controls, format
# characters (joiners, direction marks and isolates, soft hyphens), surrogates, separators and spaces
# but the Ogham space mark, which is a visible stroke, and variation selectors. raqm (HarfBuzz)
# likewise hides the format characters and draws a space that a font lacks as a space.
_NOT_DRAWN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp", "Zs"})
_OGHAM_SPACE_MARK = "\u1680"


def drawn(character: str) -> bool:
    """Whether a character is drawn with a glyph of a font, which must then have it."""
    if unicodedata.category(character) in _NOT_DRAWN:
        return character == _OGHAM_SPACE_MARK
    return not (0xFE00 <= ord(character) <= 0xFE0F or 0xE0100 <= ord(character) <= 0xE01EF)


@cache
def font_for(character: str, chain: Chain) -> Font:
    """The font of `chain` that draws `character`: the first that has it. ScriptFontMissing if it is
    in a script whose font is not installed; NoGlyph if no font has it. Kept per process: a share
    image asks again for every width it measures."""
    code = ord(character)
    for font in chain:
        if font.installed:
            if code in character_map(font):
                return font
        elif any(code in block for block in font.blocks):
            raise ScriptFontMissing(character, font)
    raise NoGlyph(character, chain)


def described(character: str) -> str:
    """A character as a message names it: "ᚠ" (U+16A0 RUNIC LETTER FEHU)."""
    return f"“{character}” (U+{ord(character):04X} {unicodedata.name(character, 'unassigned')})"


class NoGlyph(LookupError):
    def __init__(self, character: str, chain: Chain):
        self.character = character
        families = ", ".join(font.family for font in chain)
        super().__init__(f"{described(character)} is in none of the fonts ({families}); it would show as a box")
        self.fix = "remove the character, or write it another way"


class ScriptFontMissing(FontsMissing):
    def __init__(self, character: str, font: Font):
        self.character = character
        super().__init__(f"{described(character)} is {font.script} script, whose font {font.family} "
                         f"({font.regular}) is not installed: it is in Debian's {font.package}")
        self.fix = f"install it: sudo apt-get install {font.package}"


def glyph_problem(path: str, line: int, field: str, error: NoGlyph | ScriptFontMissing, where: str) -> Problem:
    """The problem of a field with a character that `where` (the PDF edition, a share image)
    cannot draw."""
    return Problem(path, line, 1, f"`{field}` cannot be drawn in {where}: {error}", error.fix)
