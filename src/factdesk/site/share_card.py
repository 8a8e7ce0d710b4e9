"""Share images: one 1200×630 PNG per claim, for the `og:image` that social platforms show.

A card shows the kicker, the claim, who made it and when, the verdict as a badge (colour, icon
and word, so that the verdict is never told by colour alone) and the publication's name. Cards
are drawn with Pillow from fonts and icons of installed packages, so a build fetches nothing,
and the same claim always gives the same bytes. With a cache folder, a card is drawn once and
reused for as long as nothing drawn on it changes.
"""

from __future__ import annotations

import hashlib
import io
import json
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import cairosvg
import PIL
from PIL import Image, ImageColor, ImageDraw, ImageFont, features

from factdesk.data.model import Claim, Publication
from factdesk.editions.fonts import FontsMissing, packaged_font
from factdesk.editions.print_html import icon_svg
from factdesk.site import pages
from factdesk.site.generated_files import write_pieces
from factdesk.site.memo import Memo
from factdesk.site.pages import long_date

# Part of every cache key: raise it whenever a change here changes what a card looks like.
DRAWING_VERSION = "1"

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
CONTENT_WIDTH = WIDTH - 2 * MARGIN
BAND = 14  # the verdict-coloured band along the top edge

BACKGROUND = (255, 255, 255)
INK = (17, 24, 39)
MUTED = (75, 85, 99)
RULE = (229, 231, 235)
WHITE = (255, 255, 255)

KICKER = "Fact-check"
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

FONT_PACKAGE = "font_source_sans_pro"
REGULAR = "SourceSansPro-Regular.ttf"
SEMIBOLD = "SourceSansPro-Semibold.ttf"

# Raqm shapes text properly (kerning from GPOS, right-to-left scripts); where Pillow was built
# without it, the basic engine still draws every script left to right. Which one ran is part of
# the cache key, so a machine never reuses cards drawn by the other.
LAYOUT = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC


# Resources ---------------------------------------------------------------------------------

@cache
def _font_path(name: str) -> Path:
    path = packaged_font(FONT_PACKAGE, name)
    if path is not None:
        return path
    raise FontsMissing(f"{name} not found: install the {FONT_PACKAGE.replace('_', '-')} package")


@cache
def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(_font_path(name)), size, layout_engine=LAYOUT)


@cache
def _icon(name: str, size: int) -> Image.Image:
    """The verdict's icon as a white-on-transparent image of `size` pixels square.

    The SVG is rasterised by CairoSVG with the machine's Cairo rather than by parsing its
    `<path d>` here: Material's icons use arcs, several paths and now and then transforms, and a
    real SVG renderer draws every one of them, antialiased, without a path parser of our own to
    keep. Only the icon's alpha is kept, so whatever colour the SVG is drawn in, it comes out white.
    """
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


def _break_word(word: str, font: ImageFont.FreeTypeFont, width: int, limit: int) -> list[str]:
    """A word wider than the line, cut between characters, into at most `limit` + 1 pieces: long
    URLs, and scripts such as Japanese that put no spaces between words."""
    pieces: list[str] = []
    current = ""
    for ch in word:
        if len(pieces) > limit:
            break
        if current and font.getlength(current + ch) > width:
            pieces.append(current)
            current = ch
        else:
            current += ch
    return [*pieces, current] if current else pieces


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int, limit: int) -> list[str]:
    """Greedy line breaking at spaces, measuring with the font that will draw the lines. Stops
    past `limit` lines: a claim that long gets an ellipsis, and the rest would be measured for nothing."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if len(lines) > limit:
            break
        candidate = f"{current} {word}" if current else word
        if font.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        pieces = _break_word(word, font, width, limit) if font.getlength(word) > width else [word]
        lines.extend(pieces[:-1])
        current = pieces[-1] if pieces else ""
    if current:
        lines.append(current)
    return lines


def _with_ellipsis(line: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    """A full line that more text follows, cut (at a space where one is near) to end with an ellipsis."""
    text = line.rstrip()
    while text and font.getlength(text + ELLIPSIS) > width:
        text = text[:-1]
    space = text.rfind(" ")
    if space > len(text) * 2 // 3:
        text = text[:space]
    return text.rstrip(" ,;:.–—-") + ELLIPSIS


def _fit_lines(text: str, font: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    lines = _wrap(text, font, width, max_lines)
    if len(lines) <= max_lines:
        return lines
    return [*lines[: max_lines - 1], _with_ellipsis(lines[max_lines - 1], font, width)]


@dataclass(frozen=True)
class TextBlock:
    lines: list[str]
    font: ImageFont.FreeTypeFont
    line_height: int

    @property
    def height(self) -> int:
        return self.line_height * len(self.lines)


def _claim_block(text: str, height: int) -> TextBlock:
    """The claim at the largest size at which it fits whole; at the smallest, cut with an ellipsis."""
    for size in CLAIM_SIZES:
        font, line_height = _font(SEMIBOLD, size), round(size * CLAIM_LEADING)
        lines = _wrap(text, font, CONTENT_WIDTH, _max_lines(height, line_height))
        if len(lines) <= _max_lines(height, line_height):
            return TextBlock(lines, font, line_height)
    font, line_height = _font(SEMIBOLD, CLAIM_SIZES[-1]), round(CLAIM_SIZES[-1] * CLAIM_LEADING)
    return TextBlock(_fit_lines(text, font, CONTENT_WIDTH, _max_lines(height, line_height)), font, line_height)


def _max_lines(height: int, line_height: int) -> int:
    return max(1, min(CLAIM_MAX_LINES, height // line_height))


def _draw_lines(draw: ImageDraw.ImageDraw, block: TextBlock, top: int, fill: tuple[int, int, int]) -> None:
    # Placed by baseline, so that lines sit at the same height whatever glyphs they hold.
    ascent = round(block.font.size * 0.96)
    for i, line in enumerate(block.lines):
        draw.text((MARGIN, top + ascent + i * block.line_height), line, font=block.font, fill=fill, anchor="ls")


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
                top: int) -> None:
    font = _font(SEMIBOLD, BADGE_LABEL_SIZE)
    label = _clean(claim.verdict.label)
    icon = _icon(claim.verdict.icon, BADGE_ICON_SIZE)
    pad, gap = 22, 12
    width = pad + icon.width + gap + round(font.getlength(label)) + pad + 4
    draw.rounded_rectangle((MARGIN, top, MARGIN + width, top + BADGE_HEIGHT), radius=12, fill=colour)
    middle = top + BADGE_HEIGHT // 2
    image.paste(icon, (MARGIN + pad, middle - icon.height // 2), icon)
    baseline = middle + _cap_height(font) // 2
    draw.text((MARGIN + pad + icon.width + gap, baseline), label, font=font, fill=WHITE, anchor="ls")


def _kicker(claim: Claim) -> str:
    # A shared card outlives edits to the page: a retracted fact-check must say so on the card too.
    return f"Retracted {KICKER.lower()}" if claim.retracted else KICKER


def _meta_line(claim: Claim) -> str:
    return f"Claimed by {_clean(claim.claimed_by)}, {long_date(claim.claim_date)}"


def _draw(claim: Claim, publication_name: str) -> Image.Image:
    colour = _rgb(claim.verdict.colour)
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH - 1, BAND - 1), fill=colour)

    meta_font = _font(REGULAR, META_SIZE)
    meta = TextBlock(_fit_lines(_meta_line(claim), meta_font, CONTENT_WIDTH, META_MAX_LINES), meta_font,
                     round(META_SIZE * 1.3))
    claim_block = _claim_block(_clean(claim.claim), TEXT_BOTTOM - CLAIM_TOP - META_GAP - meta.height)
    # A short claim would leave a hole above the footer: the kicker, claim and claimant move down
    # together to the middle of the room, as one group.
    shift = (TEXT_BOTTOM - CLAIM_TOP - claim_block.height - META_GAP - meta.height) // 2

    kicker_font = _font(SEMIBOLD, KICKER_SIZE)
    kicker_baseline = KICKER_TOP + shift + _cap_height(kicker_font)
    _draw_tracked(draw, (MARGIN, kicker_baseline), _kicker(claim).upper(), kicker_font, colour, 2.5)
    _draw_lines(draw, claim_block, CLAIM_TOP + shift, INK)
    _draw_lines(draw, meta, CLAIM_TOP + shift + claim_block.height + META_GAP, MUTED)

    draw.rectangle((MARGIN, FOOTER_RULE, WIDTH - MARGIN - 1, FOOTER_RULE + 1), fill=RULE)
    badge_top = FOOTER_RULE + (HEIGHT - FOOTER_RULE - BADGE_HEIGHT) // 2
    _draw_badge(image, draw, claim, colour, badge_top)

    name_font = _font(REGULAR, NAME_SIZE)
    name_lines = _fit_lines(_clean(publication_name), name_font, CONTENT_WIDTH // 2, 1)
    name = name_lines[0] if name_lines else ""
    baseline = badge_top + BADGE_HEIGHT // 2 + _cap_height(name_font) // 2
    draw.text((WIDTH - MARGIN, baseline), name, font=name_font, fill=INK, anchor="rs")
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
    """The claim's share image, as PNG bytes."""
    return _png(_draw(claim, publication_name))


def card_key(claim: Claim, publication_name: str) -> str:
    """A hash of everything drawn on the card, and of what draws it: equal keys, equal cards."""
    drawn = {
        "version": DRAWING_VERSION,
        "pillow": PIL.__version__,
        "cairosvg": cairosvg.__version__,
        "layout": LAYOUT.name,
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
    name, kept = publication.settings.name, memo or Memo()

    def file_name(claim: Claim) -> str:
        return kept.get(("share-card", claim, name), lambda: f"{card_key(claim, name)}.png")
    return {pages.share_image_path(c): cache / file_name(c) for c in publication.claims}


def draw_missing(publication: Publication, files: dict[str, Path]) -> None:
    """Draw and save the cards of `card_files` that are not in the cache yet."""
    for claim in publication.claims:
        path = files[pages.share_image_path(claim)]
        # A link is never ours, and never followed: the card is drawn in its place.
        if path.is_symlink() or not path.is_file():
            write_pieces(path, share_card(claim, publication.settings.name))  # two builds may share the cache


def share_cards(publication: Publication, cache: Path | None = None) -> dict[str, bytes]:
    """`pages.share_image_path(claim)` to its PNG for every claim; with `cache`, as `card_files`."""
    if cache is None:
        return {pages.share_image_path(c): share_card(c, publication.settings.name) for c in publication.claims}
    files = card_files(publication, cache)
    draw_missing(publication, files)
    return {image: path.read_bytes() for image, path in files.items()}
