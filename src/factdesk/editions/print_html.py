"""The print edition as HTML: pure functions from a `Publication` to the documents WeasyPrint lays out.

The edition is cut into parts (methodology, runs of claims, runs of sources, corrections) that
can be laid out independently: every part begins on a new page, and a link to an anchor in
another part is written with `CROSS_PART_SCHEME`, which the binder turns into a link inside the
joined PDF. The front matter (cover and contents) is made last, when page numbers are known.
`whole_document` is the same edition as one document, for the benchmark's baseline.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, partial, wraps
from importlib import resources
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar
from xml.etree.ElementTree import Element

import jinja2
import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from factdesk.data import citations
from factdesk.data.model import Claim, Correction, Publication, Verdict
from factdesk.data.typography import isolated, typographic
from factdesk.editions.edition import Edition
from factdesk.languages import interface, verdict_scale
from factdesk.languages.interface import N_, gettext, language_attributes, language_name, long_date
from factdesk.safe_markdown import SafeMarkdown
from factdesk.site.pages import MARKER

CROSS_PART_SCHEME = "factdesk-anchor:"
METHODOLOGY_PAGE = Path("docs/methodology.md")


@dataclass(frozen=True)
class Part:
    """A run of the edition laid out on its own; `entries` are its lines in the contents."""

    key: str
    html: str
    entries: tuple[ContentsEntry, ...]


@dataclass(frozen=True)
class ContentsEntry:
    level: int
    label: str
    anchor: str
    page: str = ""
    in_main_language: bool = False
    """The label is shown in the publication's main language, for want of a translation."""


@dataclass(frozen=True)
class Sheet:
    """What the furniture prints on one page: the running head and the folio (page number)."""

    head: str
    folio: str


def claim_anchor(claim: Claim) -> str:
    return f"claim-{claim.slug}"


def evidence_anchor(claim: Claim, number: int) -> str:
    return f"{claim_anchor(claim)}-evidence-{number}"


def cited_body(claim: Claim) -> Markup:
    """The explanation as HTML, each citation a numbered link to the claim's evidence entry."""
    # No attributes: the edition's Markdown has no attr_list, so that editors cannot set ids there.
    body = citations.linked(claim.body, [item.source for item in claim.evidence], partial(evidence_anchor, claim), "")
    return Markup(render_markdown(body))


def source_anchor(source_id: str) -> str:
    return f"source-{source_id}"


def correction_in_main_language(claim: Claim, correction: Correction) -> bool:
    """Whether the note of one of `Publication.corrections` is shown in the main language: one of the
    claim's corrections, or else its retraction."""
    for at, entry in enumerate(claim.corrections):
        if entry is correction:
            return claim.in_main_language("corrections", at)
    return claim.in_main_language("retracted")


# The chapters' titles: their headings, their lines in the contents, the outline and the running heads.
METHODOLOGY, CLAIMS, SOURCES, CORRECTIONS = N_("Methodology"), N_("Claims"), N_("Sources"), N_("Corrections")

P = ParamSpec("P")
R = TypeVar("R")


def _in_its_language(method: Callable[Concatenate[PrintEdition, P], R]) -> Callable[Concatenate[PrintEdition, P], R]:
    """The method writes factdesk's own words (headings, labels, dates) in the publication's language."""
    @wraps(method)
    def speaking(self: PrintEdition, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with interface.speaking(self.language):
            return method(self, *args, **kwargs)
    return speaking


class PrintEdition:
    """The documents of one edition of a publication, in one of its languages (`language`, by default
    the language of the publication's prose, `publication.language`): its records as translated into
    it (`Publication.in_language`), the interface's words from that language's catalog, and a
    right-to-left language's pages laid out right to left. What is shown in the main language for
    want of a translation is marked as in that language."""

    def __init__(self, publication: Publication, edition: Edition, root: Path, language: str | None = None):
        self.language = language or publication.language
        self.publication = publication = publication.in_language(self.language)
        self.edition = edition
        settings = publication.settings
        self.right_to_left = interface.is_right_to_left(self.language)
        with interface.speaking(self.language):
            description = gettext("Every fact-check of %(name)s, as of %(date)s.") % {
                "name": settings.name, "date": long_date(edition.built.date())}
            # The marks around a claim, which the stylesheet draws (see edition.css), in this language.
            opening, _quote, closing = gettext("“%(quote)s”").partition("%(quote)s")
        # The template's macros, one per kind of section (Any: Jinja's module has no static type).
        self._macros: Any = _ENV.get_template("pdf/edition.html.j2").make_module({
            "pub": publication,
            "settings": settings,
            "language": self.language,
            "right_to_left": self.right_to_left,
            # Where a record's field is shown in the main language: its `lang` (and `dir`).
            "main_language": Markup(language_attributes(settings.language, self.language)),
            "built_iso": edition.built.isoformat(),
            "built_date": edition.built.date(),
            "commit": edition.commit,
            "modified": edition.modified,
            # Set as other values are (typographic), but never isolated: an attribute is no sentence.
            "description": Markup.escape(typographic(description)),
        })
        self._quotation_marks_css = "" if (opening, closing) == ("“", "”") else (
            f'.claim-quoted::before {{ content: "{_css_string(opening)}"; }}\n'
            f'.claim-quoted::after {{ content: "{_css_string(closing)}"; }}\n')
        self._methodology_page = _read_methodology(root)

    # Parts ------------------------------------------------------------------------------------

    @_in_its_language
    def body_parts(self, claims_per_part: int = 20, sources_per_part: int = 20) -> list[Part]:
        pub, m = self.publication, self._macros
        sections: list[tuple[str, Markup, tuple[ContentsEntry, ...]]] = [
            ("methodology", m.methodology(self._methodology_html()),
             (ContentsEntry(1, gettext(METHODOLOGY), "methodology"),)),
        ]
        sections += _chapter_runs("claims", gettext(CLAIMS), m.claims_chapter(), [
            (m.claim(c), ContentsEntry(2, c.claim, claim_anchor(c), in_main_language=c.in_main_language("claim")))
            for c in pub.claims], claims_per_part)
        sections += _chapter_runs("sources", gettext(SOURCES), m.sources_chapter(), [
            (m.source(s), ContentsEntry(2, s.title, source_anchor(s.id))) for s in pub.sorted_sources()],
            sources_per_part)
        sections.append(("corrections", m.corrections_chapter(),
                         (ContentsEntry(1, gettext(CORRECTIONS), "corrections"),)))
        return [Part(key, self._document(_local_links(body)), entries) for key, body, entries in sections]

    @_in_its_language
    def front_matter(self, entries: Sequence[ContentsEntry]) -> str:
        m = self._macros
        return self._document(_local_links(m.cover(*self._counts()) + m.contents(entries)))

    @_in_its_language
    def contents_head(self) -> str:
        """The running head of the contents' pages."""
        return gettext("Contents")

    @_in_its_language
    def whole_document(self, parts: Sequence[Part]) -> str:
        """The edition as one document, page numbers and contents by CSS: what WeasyPrint alone
        would be given. Only the benchmark uses it, as the baseline to beat."""
        m = self._macros
        entries = [e for part in parts for e in part.entries]
        bodies = "".join(_BODY.search(part.html).group(1) for part in parts)  # type: ignore[union-attr]
        # Plain str: Markup.replace would escape the replacement's quotes.
        bodies = bodies.replace(f'href="{CROSS_PART_SCHEME}', 'href="#')
        body = m.cover(*self._counts()) + m.contents(entries) + Markup(bodies)
        return str(m.document(self.publication.settings.name, body,
                              self._style("edition.css", WHOLE_DOCUMENT_MARGIN_CSS)))

    @_in_its_language
    def furniture(self, sheets: Sequence[Sheet]) -> str:
        """Pages that carry only their running head and folio, drawn over the laid-out pages."""
        m = self._macros
        return str(m.document(self.publication.settings.name, m.furniture(sheets), self._style("furniture.css")))

    # Helpers ----------------------------------------------------------------------------------

    def _document(self, body: Markup) -> str:
        return str(self._macros.document(self.publication.settings.name, body, self._style("edition.css")))

    def _style(self, name: str, more: str = "") -> Markup:
        """A stylesheet, and after it the language's: its quotation marks, and for a language written
        right to left, the rules that mirror the pages."""
        language = self._quotation_marks_css + (_stylesheet(RIGHT_TO_LEFT_CSS) if self.right_to_left else "")
        return Markup(_stylesheet(name) + more + language)

    def _counts(self) -> tuple[int, int]:
        return len(self.publication.claims), len(self.publication.sources)

    def _methodology_html(self) -> Markup:
        scale = str(self._macros.verdict_scale())
        if self._methodology_page is None:
            return Markup(scale)
        # Markers of the site's snippets that the edition prints too; the others are left out.
        snippets = {"verdict-scale": scale, "verdict-numbers": str(self._macros.verdict_numbers())}
        # The page is written in the main language; in another language's edition it is marked as
        # such, and the snippets in it, which are in the edition's language, as theirs.
        main = self.publication.settings.language
        if self.language != main:
            snippets = {key: f"<div {language_attributes(self.language, main)}>{html}</div>"
                        for key, html in snippets.items()}
        placeholders: dict[str, str] = {}

        def placeholder(match: re.Match[str]) -> str:
            token = f"FACTDESKMARKER{len(placeholders)}"
            placeholders[token] = snippets.get(match.group(1), "")
            return f"\n\n{token}\n\n"

        html = render_markdown(MARKER.sub(placeholder, self._methodology_page))
        for token, replacement in placeholders.items():
            html = html.replace(f"<p>{token}</p>", replacement)
        if self.language != main:
            html = f"<div {language_attributes(main, self.language)}>{html}</div>"
        return Markup(html)


def _chapter_runs(key: str, title: str, head: Markup, items: Sequence[tuple[Markup, ContentsEntry]],
                  size: int) -> list[tuple[str, Markup, tuple[ContentsEntry, ...]]]:
    """A chapter cut into parts of `size` items; the first part opens with the chapter's head."""
    runs = [items[i:i + size] for i in range(0, len(items), size)] or [[]]
    return [(f"{key}-{n + 1}",
             (head if n == 0 else Markup()) + Markup().join(html for html, _ in run),
             ((ContentsEntry(1, title, key),) if n == 0 else ()) + tuple(entry for _, entry in run))
            for n, run in enumerate(runs)]


def _read_methodology(root: Path) -> str | None:
    """The hand-written methodology page without its front matter and its title (the chapter
    has its own), or None when the publication has none."""
    path = root / METHODOLOGY_PAGE
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        text = text[end + 5:] if end != -1 else text
    return re.sub(r"\A\s*# [^\n]*\n", "", text)


_ID = re.compile(r'\sid="([^"]+)"')
_HREF_FRAGMENT = re.compile(r'href="#([^"]+)"')
_BODY = re.compile(r"<body>\n(.*)\n</body>", re.DOTALL)


def _local_links(body: Markup) -> Markup:
    """Links to anchors outside this part get the cross-part scheme (WeasyPrint would drop them)."""
    here = set(_ID.findall(body))
    return Markup(_HREF_FRAGMENT.sub(
        lambda m: m.group(0) if m.group(1) in here else f'href="{CROSS_PART_SCHEME}{m.group(1)}"', body))


# Markdown ---------------------------------------------------------------------------------

class _ImagesAsLinks(Treeprocessor):
    """Paper shows no remote image and the edition fetches nothing: an image becomes a link
    with its description and address."""

    def run(self, root: Element) -> None:
        for element in root.iter("img"):
            address, alt = element.get("src", ""), element.get("alt", "")
            element.tag = "a"
            element.attrib.clear()
            element.set("href", address)
            element.text = gettext("[Image: %(description)s]") % {"description": alt} if alt else gettext("[Image]")


class _PrintMarkdown(markdown.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - the name Markdown calls
        md.treeprocessors.register(_ImagesAsLinks(md), "factdesk_images_as_links", 1)


def render_markdown(text: str) -> str:
    md = markdown.Markdown(extensions=["tables", "sane_lists", "admonition", "smarty", SafeMarkdown(), _PrintMarkdown()])
    return md.convert(text)


# Icons and style --------------------------------------------------------------------------

class IconNotFound(LookupError):
    pass


@cache
def icon_svg(name: str) -> str:
    """The SVG of a verdict's icon, from the icon set that Material for MkDocs ships, so that the
    edition shows the same icon as the site."""
    spec = importlib.util.find_spec("material")
    roots = [Path(p) / "templates" / ".icons" for p in (spec.submodule_search_locations or [])] if spec else []
    for root in roots:
        path = root / f"{name}.svg"
        if path.is_file() and root.resolve() in path.resolve().parents:
            return path.read_text(encoding="utf-8")
    raise IconNotFound(f"verdict icon {name!r} not found in Material for MkDocs' icon set")


def _icon(verdict: Verdict) -> Markup:
    svg = icon_svg(verdict.icon)
    # The label follows the icon, so the icon's own text says only what it is.
    # Translators: the name of a verdict's icon in the PDF, read by screen readers.
    name = gettext("%(verdict)s icon") % {"verdict": verdict_scale.label(verdict)}
    title = f"<title>{Markup.escape(name)}</title>"
    svg = re.sub(r"<svg\b([^>]*)>", lambda m: f'<svg{m.group(1)} fill="#ffffff" aria-hidden="true">{title}', svg,
                 count=1)
    return Markup(svg)


RIGHT_TO_LEFT_CSS = "right-to-left.css"


def _css_string(text: str) -> str:
    """`text` as the inside of a CSS string (of the catalogs' quotation marks)."""
    return "".join(f"\\{ord(character):x} " if character in '"\\<>\n' else character for character in text)


@cache
def _stylesheet(name: str) -> str:
    return resources.files("factdesk.editions").joinpath(name).read_text(encoding="utf-8")


# Page numbers and running heads by CSS, for the one-document baseline only.
WHOLE_DOCUMENT_MARGIN_CSS = """
@page { @top-left { content: string(chapter); font: 8.5pt "Source Sans Pro"; color: #555; }
        @bottom-center { content: counter(page); font: 9pt "Source Sans Pro"; } }
@page :first { @top-left { content: none; } @bottom-center { content: none; } }
h1 { string-set: chapter content(); }
.contents a::after { content: target-counter(attr(href), page); position: absolute; right: 0; bottom: 0; }
"""


def _typographic(value: object) -> object:
    """Every plain string the edition prints, set as the site sets it (see `typography`), a
    right-to-left one isolated; Markup (rendered Markdown, icons) is already set."""
    return isolated(typographic(value)) if isinstance(value, str) and not isinstance(value, Markup) else value


_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("factdesk", "templates"),
    undefined=jinja2.StrictUndefined,
    finalize=_typographic,
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    extensions=["jinja2.ext.i18n"],
)
_ENV.install_gettext_callables(interface.gettext, interface.ngettext, newstyle=True)


# The templates' _() and ngettext(), in the language being written (see interface.speaking), as the
# i18n extension's but that the values put into a message are set as every other value the
# edition prints (typographic, isolated), before the message escapes them.
@jinja2.pass_context
def _template_gettext(context: jinja2.runtime.Context, message: str, /, **values: object) -> Markup:
    return Markup(interface.gettext(message)) % {name: _typographic(value) for name, value in values.items()}


@jinja2.pass_context
def _template_ngettext(context: jinja2.runtime.Context, singular: str, plural: str, count: int, /,
                       **values: object) -> Markup:
    values.setdefault("num", count)
    return Markup(interface.ngettext(singular, plural, count)) % {
        name: _typographic(value) for name, value in values.items()}


_ENV.globals.update(gettext=_template_gettext, ngettext=_template_ngettext)
_ENV.filters.update(long_date=long_date, language_name=language_name, language_attributes=language_attributes)
_ENV.globals.update(icon=_icon, claim_anchor=claim_anchor, source_anchor=source_anchor, cited_body=cited_body,
                    evidence_anchor=evidence_anchor, correction_in_main_language=correction_in_main_language,
                    # The default scale's words in the edition's language; a scale of the publication's own as written.
                    verdict_label=verdict_scale.label, verdict_meaning=verdict_scale.meaning,
                    markdown=lambda text: Markup(render_markdown(text)))
