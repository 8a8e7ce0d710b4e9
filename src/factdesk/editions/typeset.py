"""Laying out the print edition's documents with WeasyPrint, one document per call.

Each call runs in a worker process of its own (see `pdf_edition`), so the state here, fonts
included, is per process. Nothing is fetched from the network: the only files a document may
load are the fonts of the two font packages, which are embedded in the PDF.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from factdesk.editions.fonts import FontsMissing, packaged_font

PDF_VARIANT = "pdf/ua-1"
CSS_PX_IN_POINTS = 0.75

# (package, family, file, weight, style): Adobe's Source Serif and Source Sans, under the SIL
# Open Font License, from their Python packages so that every machine typesets with the same fonts.
FONTS = (
    ("font_source_serif_pro", "Source Serif Pro", "SourceSerifPro-Regular.ttf", 400, "normal"),
    ("font_source_serif_pro", "Source Serif Pro", "SourceSerifPro-It.ttf", 400, "italic"),
    ("font_source_serif_pro", "Source Serif Pro", "SourceSerifPro-Semibold.ttf", 600, "normal"),
    ("font_source_serif_pro", "Source Serif Pro", "SourceSerifPro-SemiboldIt.ttf", 600, "italic"),
    ("font_source_serif_pro", "Source Serif Pro", "SourceSerifPro-Bold.ttf", 700, "normal"),
    ("font_source_serif_pro", "Source Serif Pro", "SourceSerifPro-BoldIt.ttf", 700, "italic"),
    ("font_source_sans_pro", "Source Sans Pro", "SourceSansPro-Regular.ttf", 400, "normal"),
    ("font_source_sans_pro", "Source Sans Pro", "SourceSansPro-It.ttf", 400, "italic"),
    ("font_source_sans_pro", "Source Sans Pro", "SourceSansPro-Semibold.ttf", 600, "normal"),
    ("font_source_sans_pro", "Source Sans Pro", "SourceSansPro-SemiboldIt.ttf", 600, "italic"),
    ("font_source_sans_pro", "Source Sans Pro", "SourceSansPro-Bold.ttf", 700, "normal"),
    ("font_source_sans_pro", "Source Sans Pro", "SourceSansPro-BoldIt.ttf", 700, "italic"),
)


@dataclass(frozen=True)
class Bookmark:
    page: int
    level: int
    label: str
    top: float  # points from the bottom of the page, as PDF destinations count
    at_top: bool  # begins in the top fifth of the page: the page is its page


@dataclass(frozen=True)
class TypesetDocument:
    pdf: bytes
    pages: int
    bookmarks: tuple[Bookmark, ...] = ()
    anchors: dict[str, int] = field(default_factory=dict)  # anchor to page index
    messages: tuple[str, ...] = ()  # WeasyPrint's warnings and errors


@cache
def font_files() -> dict[tuple[str, str], Path]:
    """(package, file name) to the font file, for every font of FONTS."""
    found: dict[tuple[str, str], Path] = {}
    for package, _family, name, _weight, _style in FONTS:
        path = packaged_font(package, name)
        if path is None:
            raise FontsMissing(f"font {name} not found: install the PDF edition's packages "
                               "(pip install 'factdesk[pdf]')")
        found[package, name] = path
    return found


def font_face_css() -> str:
    files = font_files()
    return "\n".join(
        f'@font-face {{ font-family: "{family}"; src: url("{files[package, name].as_uri()}"); '
        f"font-weight: {weight}; font-style: {style}; }}"
        for package, family, name, weight, style in FONTS)


class PackagedFontsOnly(URLFetcher):
    """Refuses every address but the font files: a document cannot make the edition fetch anything."""

    def fetch(self, url: str, headers: object = None) -> object:
        allowed = {p.resolve() for p in font_files().values()}
        parts = urlsplit(url)
        if parts.scheme == "file" and Path(unquote(parts.path)).resolve() in allowed:
            return super().fetch(url, headers)
        raise ValueError(f"the print edition loads nothing from outside: {url}")


@cache
def _fonts() -> tuple[FontConfiguration, CSS]:
    config = FontConfiguration()
    return config, CSS(string=font_face_css(), font_config=config, url_fetcher=PackagedFontsOnly())


def typeset(html: str, tagged: bool = True) -> TypesetDocument:
    """Lay out one HTML document and write it as PDF, with what the binder needs to know of it."""
    font_config, faces = _fonts()
    variant = PDF_VARIANT if tagged else None
    with _captured_messages() as messages:
        document = HTML(string=html, url_fetcher=PackagedFontsOnly()).render(
            font_config=font_config, stylesheets=[faces], pdf_variant=variant)
        bookmarks: list[Bookmark] = []
        anchors: dict[str, int] = {}
        for index, page in enumerate(document.pages):
            height = page.height * CSS_PX_IN_POINTS
            for level, label, (_x, y), _state in page.bookmarks:
                top = height - y * CSS_PX_IN_POINTS
                bookmarks.append(Bookmark(index, level, label, top, top > 0.8 * height))
            for anchor in page.anchors:  # a box split over pages names its anchor on each
                anchors.setdefault(anchor, index)
        pdf = document.write_pdf(pdf_variant=variant, uncompressed_pdf=False)
    return TypesetDocument(pdf, len(document.pages), tuple(bookmarks), anchors, tuple(messages))


def typeset_untagged(html: str) -> TypesetDocument:
    return typeset(html, tagged=False)


@contextmanager
def _captured_messages() -> Iterator[list[str]]:
    """WeasyPrint's warnings and errors during one document, kept to be reported by the caller."""
    messages: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: messages.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
