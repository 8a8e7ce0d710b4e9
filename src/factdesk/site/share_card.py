"""Share images: one 1200×630 PNG per claim, for the `og:image` that social platforms show.

A card shows the kicker, the claim, who made it and when, the verdict as a badge (colour, icon
and word, so that the verdict is never told by colour alone) and the publication's name. Its own
words (the kicker, "Claimed by", the date) are in the publication's language, and a card in a
language written right to left is laid out mirrored: kicker and badge on the right, name on the left. Cards
are drawn with Pillow from fonts and icons of installed packages, so a build fetches nothing,
and the same claim always gives the same bytes. Text is drawn run by run, each run in the first
font of the sans-serif chain (`fonts.sans_chain`) that has its characters, so that every script
is drawn with glyphs of its own; a character that no font has is an error, never a box. With a
cache folder, a card is drawn once and reused for as long as nothing drawn on it changes.
"""

from __future__ import annotations

import hashlib
import io
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path

import PIL
from PIL import Image, ImageColor, ImageDraw, ImageFont, features

from factdesk.data.model import Claim, Publication
from factdesk.data.problems import PublicationError
from factdesk.editions import fonts
from factdesk.editions.print_html import icon_svg
from factdesk.languages import interface
from factdesk.languages.interface import N_, gettext
from factdesk.site import pages
from factdesk.site.generated_files import write_pieces
from factdesk.site.memo import Memo
from factdesk.site.pages import long_date

# Part of every cache key: raise it whenever a change here changes what a card looks like.
DRAWING_VERSION = "2"

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
CONTENT_WIDTH = WIDTH - 2 * MARGIN
BAND = 14  # the verdict-coloured band along the top edge

BACKGROUND = (255, 255, 255)
INK = (17, 24, 39)
MUTED = (75, 85, 99)
RULE = (229, 231, 235)
WHITE = (255, 255, 255)

# Translators: the kicker over the claim on a share image, drawn in capitals where the script has them.
KICKER = N_("Fact-check")
# Translators: the kicker of a retracted fact-check's share image.
RETRACTED_KICKER = N_("Retracted fact-check")
KICKER_SIZE = 24
KICKER_TOP = 60
CLAIM_TOP = 118
CLAIM_SIZES = tuple(range(68, 33, -2))  # tried largest first; the smallest still reads on a phone
CLAIM_MAX_LINES = 6
CLAIM_LEADING = 1.2
META_SIZE = 28
META_MAX_LINES = 2
META_GAP = 28
FOOTER_RULE = HEIGHT - 128
TEXT_BOTTOM = FOOTER_RULE - 36
BADGE_HEIGHT = 64
BADGE_LABEL_SIZE = 32
BADGE_ICON_SIZE = 38
NAME_SIZE = 30
ELLIPSIS = "…"

CACHE = Path("build", "share-cards")
"""Where a publication keeps the cards it drew, by what is drawn on them (`card_key`), from one build
(or `factdesk render`) to the next."""

# Raqm shapes text properly (kerning from GPOS, right-to-left scripts); where Pillow was built
# without it, the basic engine still draws every script left to right. Which one ran is part of
# the cache key, so a machine never reuses cards drawn by the other.
LAYOUT = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC
# Every run is shaped as text of no language in particular: each font's own glyphs, whatever the
# machine's locale (which raqm takes for a run's language where none is given).
LANGUAGE = "und"


# Resources ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Style:
    size: int
    strong: bool = False  # Source's semibold, and the Noto fonts' bold


@cache
def _face(font: fonts.Font, style: Style) -> ImageFont.FreeTypeFont:
    path = font.strong if style.strong else font.regular
    return ImageFont.truetype(str(path), style.size, index=font.index, layout_engine=LAYOUT)


def _latin(style: Style) -> ImageFont.FreeTypeFont:
    """Source Sans, which draws the kicker and gives the cap height that centres text."""
    return _face(fonts.sans_chain()[0], style)


@cache
def _icon(name: str, size: int) -> Image.Image:
    """The verdict's icon as a white-on-transparent image of `size` pixels square.

    The SVG is rasterised by CairoSVG with the machine's Cairo rather than by parsing its
    `<path d>` here: Material's icons use arcs, several paths and now and then transforms, and a
    real SVG renderer draws every one of them, antialiased, without a path parser of our own to
    keep. Only the icon's alpha is kept, so whatever colour the SVG is drawn in, it comes out white.
    """
    import cairosvg  # here: a build whose cards are all drawn does without its 0.2 s of imports

    png = cairosvg.svg2png(bytestring=icon_svg(name).encode("utf-8"), output_width=size, output_height=size)
    alpha = Image.open(io.BytesIO(png)).convert("RGBA").getchannel("A")
    white = Image.new("RGBA", alpha.size, (*WHITE, 0))
    white.putalpha(alpha)
    return white


# Text --------------------------------------------------------------------------------------

def _clean(text: str) -> str:
    """One line of text: control characters dropped (fonts have no glyph for them, and a NUL
    ends a string in FreeType), runs of whitespace made one space."""
    kept = "".join(" " if ch.isspace() else ch for ch in text if unicodedata.category(ch) != "Cc" or ch.isspace())
    return " ".join(kept.split())


@dataclass(frozen=True)
class Run:
    """Characters drawn with one font, as they are written. `rtl` is None where the run has no
    letter of either direction (digits, punctuation), which then goes as the text around it goes."""

    text: str
    font: fonts.Font
    rtl: bool | None


def runs(text: str) -> list[Run]:
    """`text` cut where the font that draws it changes: each character in the first font of the
    sans-serif chain that has it; a character not drawn (a joiner, a space) in the run it is in, but
    the spaces that end a run, which are a run of their own: between two directions, they go the
    paragraph's way. NoGlyph or ScriptFontMissing for a character that no font draws."""
    chain = fonts.sans_chain()
    if text.isascii():  # Source Sans has every character of ASCII: one run
        return [Run(text, chain[0], _direction(text))]
    pieces: list[tuple[fonts.Font, list[str]]] = []
    for character in text:
        if pieces and not fonts.drawn(character):
            pieces[-1][1].append(character)
            continue
        font = fonts.font_for(character, chain) if fonts.drawn(character) else chain[0]
        if pieces and pieces[-1][0] is font:
            pieces[-1][1].append(character)
        else:
            pieces.append((font, [character]))
    cut: list[Run] = []
    for font, characters in pieces:
        written = "".join(characters)
        words = written.rstrip(" ")
        cut += [Run(words, font, _direction(words))] if words else []
        cut += [Run(written[len(words):], font, None)] if len(words) < len(written) else []
    return cut


def _direction(text: str) -> bool | None:
    """Whether `text` is written right to left, by its first letter of a direction (rule P2 of
    Unicode's bidirectional algorithm); None if it has none."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return None


def _has_number(text: str) -> bool:
    return any(unicodedata.bidirectional(character) in ("EN", "AN") for character in text)


def _in_visual_order(line: Sequence[Run], rtl: bool) -> list[tuple[Run, bool]]:
    """The runs of a line from left to right, each with the direction raqm lays it out in, in a
    paragraph written right to left if `rtl`: Unicode's bidirectional algorithm taken run by run
    (raqm orders the characters inside each). Digits go as the letters before them go (rules W2,
    W7); other runs without a direction go as the runs on both sides, if these agree, else as the
    paragraph (N1, N2); runs against the paragraph's direction are reversed, and a right-to-left
    line then reversed whole (L2)."""
    strong = [run.rtl for run in line]
    resolved: list[bool] = []
    for i, run in enumerate(line):
        before = next((d for d in reversed(strong[:i]) if d is not None), rtl)
        after = next((d for d in strong[i + 1:] if d is not None), rtl)
        resolved.append(run.rtl if run.rtl is not None else before if _has_number(run.text) or before == after
                        else rtl)
    ordered: list[tuple[Run, bool]] = []
    start = 0
    while start < len(line):
        end = start
        while end < len(line) and resolved[end] == resolved[start]:
            end += 1
        group = list(zip(line[start:end], resolved[start:end], strict=True))
        ordered += group[::-1] if resolved[start] != rtl else group
        start = end
    return ordered[::-1] if rtl else ordered


def _shaping(rtl: bool) -> tuple[str | None, str | None]:
    """raqm's direction and language for a run; the basic layout takes neither, and draws every
    run left to right."""
    return ("rtl" if rtl else "ltr", LANGUAGE) if LAYOUT == ImageFont.Layout.RAQM else (None, None)


def _length(text: str, style: Style) -> float:
    total = 0.0
    for run in runs(text):
        direction, language = _shaping(bool(run.rtl))
        total += _face(run.font, style).getlength(run.text, direction=direction, language=language)
    return total


def _draw_text(draw: ImageDraw.ImageDraw, x: float, baseline: int, text: str, style: Style,
               fill: tuple[int, int, int], rtl: bool = False) -> None:
    """One line of text from `x` on, run by run, in a paragraph written right to left if `rtl`."""
    for run, run_rtl in _in_visual_order(runs(text), rtl):
        face, (direction, language) = _face(run.font, style), _shaping(run_rtl)
        draw.text((x, baseline), run.text, font=face, fill=fill, anchor="ls", direction=direction, language=language)
        x += face.getlength(run.text, direction=direction, language=language)


def _break_word(word: str, style: Style, width: int, limit: int) -> list[str]:
    """A word wider than the line, cut between characters, into at most `limit` + 1 pieces: long
    URLs, and scripts such as Japanese that put no spaces between words."""
    pieces: list[str] = []
    current = ""
    for ch in word:
        if len(pieces) > limit:
            break
        if current and _length(current + ch, style) > width:
            pieces.append(current)
            current = ch
        else:
            current += ch
    return [*pieces, current] if current else pieces


def _wrap(text: str, style: Style, width: int, limit: int) -> list[str]:
    """Greedy line breaking at spaces, measuring with the fonts that will draw the lines. Stops
    past `limit` lines: a claim that long gets an ellipsis, and the rest would be measured for nothing."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if len(lines) > limit:
            break
        candidate = f"{current} {word}" if current else word
        if _length(candidate, style) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        pieces = _break_word(word, style, width, limit) if _length(word, style) > width else [word]
        lines.extend(pieces[:-1])
        current = pieces[-1] if pieces else ""
    if current:
        lines.append(current)
    return lines


def _with_ellipsis(line: str, style: Style, width: int) -> str:
    """A full line that more text follows, cut (at a space where one is near) to end with an ellipsis."""
    text = line.rstrip()
    while text and _length(text + ELLIPSIS, style) > width:
        text = text[:-1]
    space = text.rfind(" ")
    if space > len(text) * 2 // 3:
        text = text[:space]
    return text.rstrip(" ,;:.–—-") + ELLIPSIS


def _fit_lines(text: str, style: Style, width: int, max_lines: int) -> list[str]:
    lines = _wrap(text, style, width, max_lines)
    if len(lines) <= max_lines:
        return lines
    return [*lines[: max_lines - 1], _with_ellipsis(lines[max_lines - 1], style, width)]


@dataclass(frozen=True)
class TextBlock:
    lines: list[str]
    style: Style
    line_height: int
    rtl: bool  # the paragraph's direction, which its lines keep wherever they break

    @property
    def height(self) -> int:
        return self.line_height * len(self.lines)


def _claim_block(text: str, height: int) -> TextBlock:
    """The claim at the largest size at which it fits whole; at the smallest, cut with an ellipsis."""
    rtl = bool(_direction(text))
    for size in CLAIM_SIZES:
        style, line_height = Style(size, strong=True), round(size * CLAIM_LEADING)
        lines = _wrap(text, style, CONTENT_WIDTH, _max_lines(height, line_height))
        if len(lines) <= _max_lines(height, line_height):
            return TextBlock(lines, style, line_height, rtl)
    style, line_height = Style(CLAIM_SIZES[-1], strong=True), round(CLAIM_SIZES[-1] * CLAIM_LEADING)
    return TextBlock(_fit_lines(text, style, CONTENT_WIDTH, _max_lines(height, line_height)), style, line_height, rtl)


def _max_lines(height: int, line_height: int) -> int:
    return max(1, min(CLAIM_MAX_LINES, height // line_height))


def _draw_lines(draw: ImageDraw.ImageDraw, block: TextBlock, top: int, fill: tuple[int, int, int]) -> None:
    # Placed by baseline, so that lines sit at the same height whatever glyphs they hold; a paragraph
    # written right to left is set flush right, where its lines begin.
    ascent = round(block.style.size * 0.96)
    for i, line in enumerate(block.lines):
        x = WIDTH - MARGIN - _length(line, block.style) if block.rtl else MARGIN
        _draw_text(draw, x, top + ascent + i * block.line_height, line, block.style, fill, block.rtl)


def _draw_tracked(draw: ImageDraw.ImageDraw, xy: tuple[int, int], text: str, font: ImageFont.FreeTypeFont,
                  fill: tuple[int, int, int], tracking: float) -> None:
    """Letter-spaced capitals, as kickers are set; Pillow has no letter-spacing of its own."""
    x, y = xy
    for ch in text:
        draw.text((x, y), ch, font=font, fill=fill, anchor="ls")
        x += font.getlength(ch) + tracking


# The card ----------------------------------------------------------------------------------

def _rgb(colour: str) -> tuple[int, int, int]:
    red, green, blue = ImageColor.getrgb(colour)[:3]
    return red, green, blue


def _cap_height(font: ImageFont.FreeTypeFont) -> int:
    return -font.getbbox("H", anchor="ls")[1]


def _draw_badge(image: Image.Image, draw: ImageDraw.ImageDraw, claim: Claim, colour: tuple[int, int, int],
                top: int, mirrored: bool = False) -> None:
    """The verdict's badge at the left margin, the icon before the label; `mirrored`, at the right
    margin, the icon at its right."""
    style = Style(BADGE_LABEL_SIZE, strong=True)
    label = _clean(claim.verdict.label)
    icon = _icon(claim.verdict.icon, BADGE_ICON_SIZE)
    pad, gap = 22, 12
    label_width = round(_length(label, style))
    width = pad + icon.width + gap + label_width + pad + 4
    left = WIDTH - MARGIN - width if mirrored else MARGIN
    draw.rounded_rectangle((left, top, left + width, top + BADGE_HEIGHT), radius=12, fill=colour)
    middle = top + BADGE_HEIGHT // 2
    icon_left = left + width - pad - icon.width if mirrored else left + pad
    image.paste(icon, (icon_left, middle - icon.height // 2), icon)
    baseline = middle + _cap_height(_latin(style)) // 2
    label_left = icon_left - gap - label_width if mirrored else icon_left + icon.width + gap
    _draw_text(draw, label_left, baseline, label, style, WHITE, bool(_direction(label)))


def _kicker(claim: Claim) -> str:
    # A shared card outlives edits to the page: a retracted fact-check must say so on the card too.
    return gettext(RETRACTED_KICKER) if claim.retracted else gettext(KICKER)


def _meta_line(claim: Claim) -> str:
    # Translators: under the claim on its share image: who made it, and when.
    return gettext("Claimed by %(name)s, %(date)s") % {"name": _clean(claim.claimed_by),
                                                         "date": long_date(claim.claim_date)}


def _mirrored() -> bool:
    """Whether the card is laid out right to left: the language being written is."""
    return interface.is_right_to_left(interface.current())


@dataclass(frozen=True)
class CardText:
    """A text that a card draws, as drawn, with the file and field it comes from."""

    path: str
    line: int
    field: str
    text: str


def card_texts(claim: Claim, publication_name: str) -> list[CardText]:
    """Every text drawn on the claim's card, in the language being written: the kicker, factdesk's
    own word, is the publication's `language`'s."""
    at = claim.lines.get
    return [CardText(claim.path, at("claim", 1), "claim", _clean(claim.claim)),
            CardText(claim.path, at("claimants", 1), "claimants", _meta_line(claim)),
            CardText("factdesk.yml", 1, "verdicts", _clean(claim.verdict.label)),
            CardText("factdesk.yml", 1, "name", _clean(publication_name)),
            CardText("factdesk.yml", 1, "language", _kicker(claim).upper())]


def _check_glyphs(claim: Claim, publication_name: str) -> None:
    """PublicationError, naming the file, the field and the character, where a font of the chain
    is missing for a text of the card or no font has one of its characters."""
    for text in card_texts(claim, publication_name):
        try:
            runs(text.text)
        except (fonts.NoGlyph, fonts.ScriptFontMissing) as error:
            where = "its share image" if text.path == claim.path else f"the share image of {claim.path}"
            raise PublicationError([fonts.glyph_problem(text.path, text.line, text.field, error, where)]) from None


def _draw(claim: Claim, publication_name: str) -> Image.Image:
    _check_glyphs(claim, publication_name)
    colour = _rgb(claim.verdict.colour)
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH - 1, BAND - 1), fill=colour)

    meta_text = _meta_line(claim)
    meta_style = Style(META_SIZE)
    meta = TextBlock(_fit_lines(meta_text, meta_style, CONTENT_WIDTH, META_MAX_LINES), meta_style,
                     round(META_SIZE * 1.3), bool(_direction(meta_text)))
    claim_block = _claim_block(_clean(claim.claim), TEXT_BOTTOM - CLAIM_TOP - META_GAP - meta.height)
    # A short claim would leave a hole above the footer: the kicker, claim and claimant move down
    # together to the middle of the room, as one group.
    shift = (TEXT_BOTTOM - CLAIM_TOP - claim_block.height - META_GAP - meta.height) // 2

    mirrored = _mirrored()
    kicker_style = Style(KICKER_SIZE, strong=True)
    kicker_font, kicker = _latin(kicker_style), _kicker(claim).upper()
    kicker_baseline = KICKER_TOP + shift + _cap_height(kicker_font)
    if all(run.font is fonts.sans_chain()[0] for run in runs(kicker)) and not mirrored:
        _draw_tracked(draw, (MARGIN, kicker_baseline), kicker, kicker_font, colour, 2.5)
    else:  # a script of another font (tracking would break Arabic's joined letters), or from the right
        x = WIDTH - MARGIN - _length(kicker, kicker_style) if mirrored else MARGIN
        _draw_text(draw, x, kicker_baseline, kicker, kicker_style, colour, mirrored)
    _draw_lines(draw, claim_block, CLAIM_TOP + shift, INK)
    _draw_lines(draw, meta, CLAIM_TOP + shift + claim_block.height + META_GAP, MUTED)

    draw.rectangle((MARGIN, FOOTER_RULE, WIDTH - MARGIN - 1, FOOTER_RULE + 1), fill=RULE)
    badge_top = FOOTER_RULE + (HEIGHT - FOOTER_RULE - BADGE_HEIGHT) // 2
    _draw_badge(image, draw, claim, colour, badge_top, mirrored)

    name_style = Style(NAME_SIZE)
    name_lines = _fit_lines(_clean(publication_name), name_style, CONTENT_WIDTH // 2, 1)
    name = name_lines[0] if name_lines else ""
    baseline = badge_top + BADGE_HEIGHT // 2 + _cap_height(_latin(name_style)) // 2
    # Set flush right (flush left on a mirrored card): where a right-aligned name begins is its
    # width, measured run by run, from the margin.
    x = MARGIN if mirrored else WIDTH - MARGIN - _length(name, name_style)
    _draw_text(draw, x, baseline, name, name_style, INK, bool(_direction(name)))
    return image


def _png(image: Image.Image) -> bytes:
    # No text chunks, no time, no dpi: Pillow writes only what it is given, so equal pixels give
    # equal bytes. Compression is most of a card's time: level 3 takes half the time of zlib's
    # default 6 for some 15% more bytes (about 62 KiB a card); `optimize` would cost far more.
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=3)
    return out.getvalue()


# The interface -----------------------------------------------------------------------------

def share_card(claim: Claim, publication_name: str) -> bytes:
    """The claim's share image, as PNG bytes, in the language being written (see `interface.speaking`;
    the functions below take the publication's)."""
    return _png(_draw(claim, publication_name))


@cache
def _cairosvg_version() -> str:
    return version("CairoSVG")


def card_key(claim: Claim, publication_name: str) -> str:
    """A hash of everything drawn on the card, and of what draws it: equal keys, equal cards."""
    drawn = {
        "version": DRAWING_VERSION,
        "pillow": PIL.__version__,
        "cairosvg": _cairosvg_version(),
        "layout": LAYOUT.name,
        "fonts": [fonts.identity(font) for font in fonts.sans_chain()],
        "language": interface.current(),
        "kicker": _kicker(claim),
        "claim": claim.claim,
        "claimant": claim.claimed_by,
        "claim_date": claim.claim_date.isoformat(),
        "verdict": [claim.verdict.label, claim.verdict.colour, claim.verdict.icon],
        "publication": publication_name,
    }
    return hashlib.sha256(json.dumps(drawn, sort_keys=True, ensure_ascii=True).encode("ascii")).hexdigest()


def card_files(publication: Publication, cache: Path, memo: Memo | None = None) -> dict[str, Path]:
    """`pages.share_image_path(claim)` to its PNG file in `cache`, a folder, for every claim. A card
    whose drawing has not changed keeps its file from earlier builds; `draw_missing` draws the others.
    A preview's `memo` keeps each claim's file name from one rebuild to the next."""
    name, language, kept = publication.settings.name, publication.language, memo or Memo()

    def file_name(claim: Claim) -> str:
        with interface.speaking(language):
            return kept.get(("share-card", claim, name, language), lambda: f"{card_key(claim, name)}.png")
    return {pages.share_image_path(c): cache / file_name(c) for c in publication.claims}


def draw_missing(publication: Publication, files: dict[str, Path]) -> None:
    """Draw and save the cards of `card_files` that are not in the cache yet."""
    with interface.speaking(publication.language):
        for claim in publication.claims:
            path = files[pages.share_image_path(claim)]
            # A link is never ours, and never followed: the card is drawn in its place.
            if path.is_symlink() or not path.is_file():
                write_pieces(path, share_card(claim, publication.settings.name))  # two builds may share the cache


def share_cards(publication: Publication, cache: Path | None = None) -> dict[str, bytes]:
    """`pages.share_image_path(claim)` to its PNG for every claim; with `cache`, as `card_files`."""
    if cache is None:
        with interface.speaking(publication.language):
            return {pages.share_image_path(c): share_card(c, publication.settings.name) for c in publication.claims}
    files = card_files(publication, cache)
    draw_missing(publication, files)
    return {image: path.read_bytes() for image, path in files.items()}
