"""Laying out the print edition's documents with WeasyPrint, one document per call.

Each call runs in a worker process of its own (see `pdf_edition`), so the state here, fonts
included, is per process. Nothing is fetched from the network: the only files a document may
load are the fonts of the two font packages and Debian's Noto fonts (see `fonts`), which are
embedded in the PDF. Before anything is typeset, `glyph_problems` finds the characters of the
publication's records, and of factdesk's own words in its language, that no font of the edition has.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from factdesk.data.model import Publication
from factdesk.data.problems import Problem
from factdesk.editions import fonts
from factdesk.editions.fonts import Font, FontsMissing, packaged_font
from factdesk.languages import interface

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


def font_face_css(scripts: Iterable[Font] = ()) -> str:
    """@font-face rules for the Source fonts and for the Noto fonts of `scripts`, in their regular
    (400) and bold (700) weights: a weight between takes the bold, an italic is the upright slanted."""
    files = font_files()
    faces = [(family, files[package, name], weight, style) for package, family, name, weight, style in FONTS]
    faces += [(font.family, path, weight, "normal") for font in scripts
              for path, weight in ((font.regular, 400), (font.strong, 700))]
    return "\n".join(
        f'@font-face {{ font-family: "{family}"; src: url("{path.as_uri()}"); '
        f"font-weight: {weight}; font-style: {style}; }}"
        for family, path, weight, style in faces)


# Every font of the chains has these: a text of them alone needs no look-up.
_ASCII = frozenset(map(chr, range(128)))


def needs_script_fonts(text: str) -> bool:
    """Whether a character of `text` is set in a Noto font (ScriptFontMissing if its font is not
    installed). Only such a document is given them: one in English loads none (a CJK font weighs
    20 MB, which WeasyPrint copies), and is typeset on a machine without Debian's Noto packages."""
    for character in set(text) - _ASCII:
        for chain in (fonts.serif_chain(), fonts.sans_chain()) if fonts.drawn(character) else ():
            try:
                if fonts.font_for(character, chain) is not chain[0]:
                    return True
            except fonts.NoGlyph:
                pass  # outside the records, which glyph_problems checked first: Pango falls back
    return False


def glyph_problems(publication: Publication) -> list[Problem]:
    """For each text of a record that the edition prints, the first character that no font of the
    edition has, or whose script's font is not installed: with its file and field, before anything
    is typeset. Each character is looked up once, whatever the number of claims."""
    chains = (fonts.serif_chain(), fonts.sans_chain())
    fine = set(_ASCII)
    problems = []
    for path, line, name, text in _printed_texts(publication):
        for character in sorted(set(text) - fine, key=text.index):
            try:
                for chain in chains if fonts.drawn(character) else ():
                    fonts.font_for(character, chain)
            except (fonts.NoGlyph, fonts.ScriptFontMissing) as error:
                problems.append(fonts.glyph_problem(path, line, name, error, "the PDF edition"))
                break
            fine.add(character)
    return problems


def _printed_texts(publication: Publication) -> Iterator[tuple[str, int, str, str]]:
    """(file, line, field, text) for every text of a record that the print edition prints, in the
    language of `publication` (`Publication.in_language`: the translations, and the main language's
    text where there is none); the line of a claim's field where the loader kept it, else 1."""
    names: dict[str, str] = {}  # the claimants' and people's files, to their names
    for claim in publication.claims:
        # (the claim's field that holds it, where the loader kept the line; the field; its text)
        texts = [(name, name, getattr(claim, name) or "") for name in ("claim", "summary", "body", "citing")]
        texts += [("tags", "tags", " ".join(claim.tags))]
        texts += [("appearances", name, getattr(appearance, name) or "") for appearance in claim.appearances
                  for name in ("quote", "translation")]
        texts += [("evidence", "note", item.note) for item in claim.evidence]
        texts += [("corrections", "note", correction.note) for correction in claim.corrections]
        texts += [("retracted", "note", claim.retracted.note)] if claim.retracted else []
        yield from ((claim.path, claim.lines.get(key, 1), name, text) for key, name, text in texts)
        names.update((who.path, who.name) for who in (*claim.claimants, claim.author, claim.editor) if who)
    yield from ((path, 1, "name", name) for path, name in names.items())
    for source in publication.sources.values():
        for name in ("title", "publisher", "note", "url", "archived"):
            yield source.path, 1, name, getattr(source, name) or ""
    # factdesk's own words in the edition's language: a language whose script's font is not
    # installed is named by the setting that chose it (once), before a worker meets its first heading.
    setting = "language" if publication.language == publication.settings.language else "other_languages"
    yield "factdesk.yml", 1, setting, "\n".join(interface_texts(publication.language))


@cache
def interface_texts(language: str) -> tuple[str, ...]:
    """Every text that the edition may print of its own in `language`: the translation of each of
    its messages (`edition_messages`), in every plural form, and the dates of every month."""
    texts: list[str] = []
    wanted = edition_messages()
    for message in interface.catalog(language) or ():
        if _message_id(message.id) not in wanted:
            continue  # the site's alone: a key's symbol there (⌘) is no concern of the edition's
        texts += [form for form in (message.string if isinstance(message.string, tuple)
                                    else (message.string,)) if message.id and form]
    with interface.speaking(language):
        texts += [interface.long_date(date(2000, month, 28)) for month in range(1, 13)]
    return tuple(texts)


# Where the edition's own words are written, as `make catalogs` extracts them (babel.cfg).
EDITION_SOURCES = (("jinja2", "templates/pdf/edition.html.j2"), ("python", "editions/print_html.py"),
                   ("python", "languages/verdict_scale.py"))


@cache
def edition_messages() -> frozenset[str]:
    """The catalogs' messages (their ids; a plural's singular) that the edition may print."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file

    package = Path(__file__).resolve().parent.parent
    options = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}
    keywords = {**DEFAULT_KEYWORDS, "N_": None}
    return frozenset(_message_id(message[1]) for method, name in EDITION_SOURCES
                     for message in extract_from_file(method, str(package / name), keywords=keywords,
                                                      options=options if method == "jinja2" else None))


def _message_id(message_id: str | tuple[str, ...]) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


class PackagedFontsOnly(URLFetcher):
    """Refuses every address but the font files: a document cannot make the edition fetch anything."""

    def fetch(self, url: str, headers: object = None) -> object:
        allowed = {p.resolve() for p in font_files().values()}
        allowed |= {path.resolve() for font in _script_fonts() for path in (font.regular, font.strong)}
        parts = urlsplit(url)
        if parts.scheme == "file" and Path(unquote(parts.path)).resolve() in allowed:
            return super().fetch(url, headers)
        raise ValueError(f"the print edition loads nothing from outside: {url}")


def _script_fonts() -> list[Font]:
    """The installed Noto fonts of the chains."""
    return [font for chain in (fonts.serif_chain(), fonts.sans_chain()) for font in chain[1:] if font.installed]


@cache
def _fonts(with_scripts: bool) -> tuple[FontConfiguration, CSS]:
    """The Source fonts, and with them every installed Noto font or none: a document's fonts, and
    so its bytes, depend on its own text alone, never on what the same worker typeset before it;
    and a worker declares the Noto fonts once at most, whatever scripts its documents hold."""
    config = FontConfiguration()
    scripts = _script_fonts() if with_scripts else []
    return config, CSS(string=font_face_css(scripts), font_config=config, url_fetcher=PackagedFontsOnly())


def typeset(html: str, tagged: bool = True) -> TypesetDocument:
    """Lay out one HTML document and write it as PDF, with what the binder needs to know of it."""
    font_config, faces = _fonts(needs_script_fonts(html))
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
