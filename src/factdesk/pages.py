"""The site's pages as Markdown: pure functions from a `Publication` to `(path, text)` pairs.

Paths are relative to the docs folder; links between pages are relative `.md` paths, which any
Markdown site generator resolves and checks. Editors' plain-text fields are escaped so that
nothing they type is read as Markdown or HTML; only `body` is Markdown by design.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from datetime import date

import jinja2
import yaml

from . import fields
from .model import Claim, Publication, Source, Verdict, VerdictScale
from .records import tag_slug


@dataclass(frozen=True)
class Page:
    path: str
    text: str
    in_nav: bool = False


CLAIMS_INDEX = "claims/index.md"
SOURCES_INDEX = "sources/index.md"
VERDICTS_INDEX = "verdicts/index.md"
TAGS_INDEX = "tags/index.md"
VERDICT_CSS = "stylesheets/verdicts.css"
# The open data, written at the site's root (see `exports`).
ATOM_FEED = "feed.xml"
CLAIMS_JSON = "claims.json"
CLAIMS_CSV = "claims.csv"
CLAIMREVIEW_FEED = "claimreview.json"
SHARE_DIR = "share"


def claim_path(claim: Claim) -> str:
    return f"claims/{claim.slug}.md"


def source_path(source_id: str) -> str:
    return f"sources/{source_id}.md"


def archive_path(source_id: str) -> str:
    return f"sources/{source_id}.txt"


def verdict_path(verdict: Verdict) -> str:
    return f"verdicts/{verdict.key}.md"


def tag_path(tag: str) -> str:
    return f"tags/{tag_slug(tag)}.md"


def share_image_path(claim: Claim) -> str:
    """The claim's share card (see `share_card`)."""
    return f"{SHARE_DIR}/{claim.slug}.png"



def generate_pages(publication: Publication) -> list[Page]:
    """Every generated page: one per claim, source, verdict and tag, and their index pages."""
    render = _Renderer(publication)
    pages = [
        Page(CLAIMS_INDEX, render("claims-index.md.j2", CLAIMS_INDEX), in_nav=True),
        Page(SOURCES_INDEX, render("sources-index.md.j2", SOURCES_INDEX), in_nav=True),
        Page(VERDICTS_INDEX, render("verdicts-index.md.j2", VERDICTS_INDEX), in_nav=True),
        Page(TAGS_INDEX, render("tags-index.md.j2", TAGS_INDEX), in_nav=True),
    ]
    pages += [Page(claim_path(c), render("claim.md.j2", claim_path(c), claim=c)) for c in publication.claims]
    pages += [Page(source_path(s.id), render("source.md.j2", source_path(s.id), source=s))
              for s in publication.sorted_sources()]
    pages += [Page(verdict_path(v), render("verdict.md.j2", verdict_path(v), verdict=v))
              for v in publication.scale.verdicts]
    pages += [Page(tag_path(t), render("tag.md.j2", tag_path(t), tag=t)) for t in publication.claims_by_tag]
    return pages


def archived_texts(publication: Publication) -> list[Page]:
    """The sources' archived texts, published beside their pages so readers can check quotes."""
    return [Page(archive_path(s.id), s.archived_text) for s in publication.sorted_sources()
            if s.archived_text is not None]


MARKER = re.compile(r"<!--\s*factdesk:([a-z-]+)\s*-->")
SNIPPETS = {
    "verdict-scale": "snippet-verdict-scale.md.j2",
    "verdict-numbers": "snippet-verdict-numbers.md.j2",
    "corrections": "snippet-corrections.md.j2",
    "latest": "snippet-latest.md.j2",
    "field-reference": "snippet-field-reference.md.j2",
    "open-data": "snippet-open-data.md.j2",
}


class UnknownMarker(ValueError):
    pass


def expand_markers(text: str, publication: Publication, page: str) -> str:
    """Replace `<!-- factdesk:NAME -->` in a hand-written page with generated Markdown."""
    render = _Renderer(publication)

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in SNIPPETS:
            line = text.count("\n", 0, match.start()) + 1
            raise UnknownMarker(f"{page}:{line}: unknown marker `{match.group(0)}`; "
                                f"known: {', '.join(f'factdesk:{n}' for n in SNIPPETS)}")
        return render(SNIPPETS[name], page).strip()

    return MARKER.sub(replace, text)


def verdict_css(scale: VerdictScale) -> str:
    rules = [f".fd-verdict--{v.key} {{ --fd-verdict-colour: {v.colour}; }}" for v in scale.verdicts]
    return "\n".join(rules) + "\n"


# Rendering --------------------------------------------------------------------------------

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("factdesk", "templates"),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    autoescape=False,  # the output is Markdown; plain text is escaped by the `text` filter
)

_INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]|#])")
_BLOCK_START = re.compile(r"^([+>!-]|\d+[.)])")


def text(value: object) -> str:
    """Plain text made safe inside a line of Markdown: it will read exactly as typed.

    HTML is escaped; Markdown punctuation is backslash-escaped (`#` everywhere, since a heading
    drops trailing ones); `:` becomes an entity so that no `:name:` turns into an emoji."""
    out = " ".join(str(value).split())
    out = out.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    out = _INLINE_SPECIAL.sub(r"\\\1", out).replace(":", "&#58;")
    return _BLOCK_START.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], out)


def href(url: str) -> str:
    """A URL as a Markdown link destination, with the characters that could end it percent-encoded."""
    for char in '\\<>()" ':
        url = url.replace(char, f"%{ord(char):02X}")
    return f"<{url}>"


def long_date(value: date) -> str:
    return f"{value.day} {value.strftime('%B')} {value.year}"


def front_matter(**fields: object) -> str:
    """YAML front matter, dumped rather than templated so that no value can break out of it.

    Titles and descriptions are HTML-escaped: themes print them into `<title>` and `<meta>`
    without escaping."""
    values = {k: html.escape(v, quote=False).replace('"', "&quot;") if isinstance(v, str) else v
              for k, v in fields.items() if v not in (None, [], ())}
    body = yaml.safe_dump(values, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{body}---\n"


_ENV.filters.update(text=text, href=href, long_date=long_date)
_ENV.globals["field_specs"] = fields
_ENV.globals.update(front_matter=front_matter, claim_path=claim_path, source_path=source_path,
                    archive_path=archive_path, verdict_path=verdict_path, tag_path=tag_path,
                    CLAIMS_INDEX=CLAIMS_INDEX, SOURCES_INDEX=SOURCES_INDEX, VERDICTS_INDEX=VERDICTS_INDEX,
                    TAGS_INDEX=TAGS_INDEX, ATOM_FEED=ATOM_FEED, CLAIMS_JSON=CLAIMS_JSON, CLAIMS_CSV=CLAIMS_CSV,
                    CLAIMREVIEW_FEED=CLAIMREVIEW_FEED)


class _Renderer:
    def __init__(self, publication: Publication):
        self.publication = publication

    def __call__(self, template: str, page: str, **context: object) -> str:
        def link(target: str) -> str:
            return posixpath.relpath(target, posixpath.dirname(page) or ".")

        def badge(verdict: Verdict) -> str:
            icon = ":" + verdict.icon.replace("/", "-") + ":"
            return (f"[{icon} {text(verdict.label)}]({link(verdict_path(verdict))})"
                    f'{{ .fd-verdict .fd-verdict--{verdict.key} title="Verdict: {text(verdict.label)}" }}')

        def source_of(source_id: str) -> Source:
            return self.publication.sources[source_id]

        return _ENV.get_template(template).render(
            pub=self.publication, page=page, link=link, badge=badge, source_of=source_of, **context)


def render_template(template: str, **context: object) -> str:
    """A template of the package that is not a page of the site (links are not resolved)."""
    return _ENV.get_template(template).render(**context)
