"""The site's pages as Markdown: pure functions from a `Publication` to `(path, text)` pairs.

Paths are relative to the docs folder; links between pages are relative `.md` paths, which any
Markdown site generator resolves and checks. Editors' plain-text fields are escaped so that
nothing they type is read as Markdown or HTML; only `body` is Markdown by design.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar
from urllib.parse import urlencode, urlsplit

import jinja2
import yaml

from factdesk.data import citations, colours, fields
from factdesk.data.fields import CLAIMANT_KIND_LABELS, SOURCE_KIND_LABELS
from factdesk.data.model import (
    Claim,
    Claimant,
    Correction,
    Event,
    Person,
    Publication,
    Source,
    Story,
    Verdict,
    VerdictScale,
    hash_kept,
)
from factdesk.data.records import tag_slug
from factdesk.data.typography import ISOLATE_END, ISOLATE_START, as_shown
from factdesk.languages import interface, verdict_scale
from factdesk.languages.interface import (
    N_,
    gettext,
    language_attributes,
    language_name,
    long_date,
    month_and_year,
    year_name,
)
from factdesk.site import paging
from factdesk.site.memo import Memo
from factdesk.site.paging import ListingPage

T = TypeVar("T")


@dataclass(frozen=True)
class Page:
    path: str
    text: str
    in_nav: bool = False


CLAIMS_INDEX = "claims/index.md"
# Among the claims' addresses: the loader refuses a claim file named `explorer.yml`.
EXPLORER = "claims/explorer.md"
# The explorer's index of the claims, which its script loads (see explorer_index).
EXPLORER_DATA = "claims/explorer/data"
CLAIMANTS_INDEX = "claimants/index.md"
SOURCES_INDEX = "sources/index.md"
VERDICTS_INDEX = "verdicts/index.md"
TAGS_INDEX = "tags/index.md"
STORIES_INDEX = "stories/index.md"
VERDICT_CSS = "stylesheets/verdicts.css"
# The open data, written at the site's root (see `exports`).
ATOM_FEED = "feed.xml"
CLAIMS_JSON = "claims.json"
CLAIMS_CSV = "claims.csv"
CLAIMREVIEW_FEED = "claimreview.json"
SHARE_DIR = "share"


def claim_path(claim: Claim) -> str:
    return f"claims/{claim.slug}.md"


def claim_title(claim: Claim) -> str:
    """A claim page's title, in the browser and for cards and sharing (og:title): it says it is a
    fact-check and gives the verdict; the summary, in the description, follows it rather than
    repeats it. Search results read the verdict from it (theme/javascripts/search-results.js)."""
    # Translators: a claim page's title; the search results find the verdict at its start, before
    # the words between %(verdict)s and %(claim)s (keep %(verdict)s first).
    return gettext("%(verdict)s: %(claim)s (fact-check)") % {"verdict": verdict_scale.label(claim.verdict),
                                                              "claim": claim.short_claim}


def source_path(source_id: str) -> str:
    return f"sources/{source_id}.md"


def archive_path(source_id: str) -> str:
    return f"sources/{source_id}.txt"


def verdict_path(verdict: Verdict) -> str:
    return f"verdicts/{verdict.key}.md"


def tag_path(tag: str) -> str:
    return f"tags/{tag_slug(tag)}.md"


def claimant_path(claimant_id: str) -> str:
    return f"claimants/{claimant_id}.md"


def share_image_path(claim: Claim) -> str:
    """The claim's share card (see `share_card`)."""
    return f"{SHARE_DIR}/{claim.slug}.png"


def person_path(person_id: str) -> str:
    return f"people/{person_id}.md"


def story_path(story_id: str) -> str:
    return f"stories/{story_id}.md"


@dataclass(frozen=True)
class MovedPage:
    """A published address that a record left (`formerly:`): its page sends readers on."""

    path: str
    to: tuple[Claimant, ...]


def moved_claimant_pages(publication: Publication) -> tuple[MovedPage, ...]:
    """A page for each former claimant id, naming every record that lists it: a page of two
    claimants together, split into two records, leads to both."""
    to: dict[str, list[Claimant]] = {}
    for claimant in publication.sorted_claimants():
        for former in claimant.formerly:
            to.setdefault(former, []).append(claimant)
    return tuple(MovedPage(claimant_path(former), tuple(to[former])) for former in sorted(to))


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def unaccented(text: str) -> str:
    # Only runs of non-ASCII characters can hold combining marks: looking at every character of
    # every claim one by one took most of the time of rendering the explorer.
    return _NON_ASCII.sub(lambda run: "".join(ch for ch in run.group() if not unicodedata.combining(ch)),
                          unicodedata.normalize("NFKD", text))


def search_words(texts: Iterable[str]) -> str:
    """The words of `texts`, lowercased and without accents, for the explorer's free-text filter
    (explorer_index); explorer.js folds the reader's words the same way."""
    folded = unaccented(" ".join(texts).lower())
    return " ".join(dict.fromkeys(re.findall(r"[^\W_]+", folded)))


def verdict_anchor(verdict: Verdict) -> str:
    """Where a page that groups claims by verdict lists those with this one."""
    return f"#verdict-{verdict.key}"


def explorer_query(**filters: str) -> str:
    """A filtered view of the explorer, as explorer.js reads it from the address."""
    return "?" + urlencode(filters)


def sources_of(claim: Claim, publication: Publication) -> tuple[Source, ...]:
    """The sources a claim's page and entries show: where it appeared, then its evidence."""
    ids = dict.fromkeys([*(a.source for a in claim.appearances), *(e.source for e in claim.evidence)])
    return tuple(publication.sources[source_id] for source_id in ids)


@hash_kept
@dataclass(frozen=True)
class CardView:
    """What a claim's card in small shows of it (claim-item.md.j2): a page that lists claims is
    rendered again only when one of its cards changes, not when a claim's body or author does. Its
    hash is kept: cards are parts of the keys of every listing and claim page, hashed some hundred
    thousand times at each preview rebuild of 10,000 claims."""
    shown: tuple[Hashable, ...]


def card_view(claim: Claim) -> CardView:
    return CardView((claim.slug, claim.claim, claim.claimants, claim.citing, claim.claim_date, claim.verdict,
                     claim.summary, claim.untranslated))


def tally(claims: Iterable[Claim]) -> tuple[tuple[str, int], ...]:
    """How many of `claims` have each verdict: what a scorecard shows of them."""
    return tuple(sorted(Counter(c.verdict.key for c in claims).items()))


def by_claim_date(claims: Iterable[Claim]) -> list[Claim]:
    """By the date each claim was made, as its card gives it, newest first, then by slug: the claims
    index's order and the explorer's."""
    ordered = sorted(claims, key=lambda c: c.slug)
    ordered.sort(key=claim_day, reverse=True)
    return ordered


def claim_day(claim: Claim) -> date:
    """What pages a listing by year and month: the date the claim was made."""
    return claim.claim_date


def timeline_day(item: Event | Claim) -> date:
    return item.claim_date if isinstance(item, Claim) else item.date


def is_claim(item: Event | Claim) -> bool:
    return isinstance(item, Claim)


def page_of(pager: paging.Pager | paging.LetterPager) -> str:
    """Which page of a paged listing a page is, in words: its year, month (or letter), and its part of
    the month (or letter) if it has several. Never "page 7 of 70": see paging."""
    if isinstance(pager, paging.LetterPager):
        if pager.part == 1:
            return pager.letter
        # Translators: a page of an alphabetical list (of sources, of claimants): the letter its names begin
        # with (or "#" for the names that begin with no letter), and which part of that letter's names (2, 3…).
        return gettext("%(letter)s, part %(part)d") % {"letter": pager.letter, "part": pager.part}
    if pager.month is None:
        return year_name(pager.year)
    month = month_and_year(date(pager.year, pager.month, 1))
    if pager.part == 1:
        return month
    # Translators: a page of a list of claims by month: the month, and which part of that month's claims (2, 3…).
    return gettext("%(month)s, part %(part)d") % {"month": month, "part": pager.part}


def listing_title(title: str, page: ListingPage[object]) -> str:
    """A listing page's title: the listing's own on page 1; with its year or month on the others."""
    if page.pager is None or page.first:
        return title
    # Translators: the title of a later page of a list of claims by year or month: the list's title, then the
    # year or month.
    return gettext("%(title)s (%(page)s)") % {"title": title, "page": page_of(page.pager)}


def later_page_search(page: ListingPage[object]) -> dict[str, bool] | None:
    """Pages 2 and on of a listing stay out of search: their cards repeat what claim pages say,
    and page 1 stands for the listing (see search_index)."""
    return None if page.first else {"exclude": True}


@dataclass(frozen=True)
class PlannedPage:
    """A generated page whose path is known before its text is made: a build lists every page with
    MkDocs first, then has the texts made in another process while MkDocs converts the pages."""
    path: str
    make: Callable[[], str]
    in_nav: bool = False

    def page(self) -> Page:
        return Page(self.path, self.make(), self.in_nav)


def generate_pages(publication: Publication, memo: Memo | None = None) -> list[Page]:
    """Every generated page: one per claim, source, verdict, tag, claimant, person and story, their
    index pages, and a page at each address a claimant record left."""
    return [planned.page() for planned in plan_pages(publication, memo)]


def plan_pages(publication: Publication, memo: Memo | None = None) -> list[PlannedPage]:
    """Every generated page, its text made when asked for (see `generate_pages`).

    With a `memo` from the previous generation, pages whose data did not change are taken from it:
    each page's key holds what its template reads (see `CardView`; a page of a listing in pages, see
    `paging`, holds its own claims and neighbours, and the listing's counts only on page 1).
    Keys too are made only when a text is asked for, so that listing the pages costs little."""
    memo = memo or Memo()
    render = _Renderer(publication, memo)
    scale = publication.scale
    listing = render.cards

    def page(path: str, key: Callable[[], tuple[Hashable, ...]], template: str, in_nav: bool = False,
             **context: object) -> PlannedPage:
        return PlannedPage(path, lambda: memo.get((template, path, *key()), lambda: render(template, path, **context)),
                           in_nav)

    sources = publication.sorted_sources()
    claimants = publication.sorted_claimants()

    def explorer() -> tuple[Hashable, ...]:
        # The page holds no claim (its script loads them: explorer_index), only their number.
        return (len(publication.claims), scale, bool(publication.stories))

    def directory(cut: Sequence[ListingPage[T]], template: str, shown: Callable[[T], Hashable]) -> list[PlannedPage]:
        """The pages of an index by initial (see paging), each keyed on what it `shown` of its own entries
        and on its pager: a verdict edit changes none of it."""
        return [page(p.path, lambda p=p: (tuple(map(shown, p.items)), p.pager), template, p.first, listing=p)
                for p in cut]

    def claimant_shown(who: Claimant) -> Hashable:
        claims = publication.claims_by_claimant[who.id]
        return who, len(claims), max(c.claim_date for c in claims)

    def source_shown(s: Source) -> Hashable:
        return s, len(publication.claims_appearing_in.get(s.id, ())), len(publication.claims_citing.get(s.id, ()))

    claimant_letters = paging.by_initial(CLAIMANTS_INDEX, publication.sorted_claimants(with_claims=True),
                                         publication.settings.page_size, lambda who: who.name)
    source_letters = paging.by_initial(SOURCES_INDEX, sources, publication.settings.page_size, lambda s: s.publisher)

    # The related claims by slug, kept by a preview's memo while what they are ranked by stays the same:
    # ranking them for every claim's key was a tenth of a rebuild at 10,000 claims.
    related: dict[str, tuple[str, ...]] = memo.get(("related", publication.related_basis()), dict)

    def related_to(c: Claim) -> Iterable[Claim]:
        slugs = related.get(c.slug)
        if slugs is None:
            slugs = related[c.slug] = tuple(other.slug for other in publication.related(c))
        return map(publication.claims_by_slug.__getitem__, slugs)

    def claim_key(c: Claim) -> Callable[[], tuple[Hashable, ...]]:
        # What the end of the page offers to read next: its story, its neighbours, related claims.
        return lambda: (c, sources_of(c, publication), publication.stories_of.get(c.slug, ()),
                        listing(n for n in publication.neighbours(c)[1:] if n), listing(related_to(c)))

    def paged(path: str, items: Sequence[T], template: str, key: Callable[[ListingPage[T]], tuple[Hashable, ...]],
              in_nav: bool = False, dated: Callable[[T], date] = claim_day,
              counted: Callable[[T], bool] | None = None, **context: object) -> list[PlannedPage]:
        """The pages of a listing (see paging), each with its `listing` page. `key(page)` is what the page's
        template reads of it: its items and pager, and on page 1 alone the listing's header, so that an edit
        renders only the pages that show it."""
        return [page(p.path, functools.partial(key, p), template, in_nav and p.first, listing=p, **context)
                for p in paging.paged(path, items, publication.settings.page_size, dated, counted)]

    def on_first(p: ListingPage[T], header: Callable[[], Hashable]) -> Hashable:
        return header() if p.first else None

    @functools.cache
    def claim_order() -> dict[str, int]:
        return {c.slug: at for at, c in enumerate(publication.claims)}

    def stories() -> list[PlannedPage]:
        def key(story: Story, p: ListingPage[Event | Claim]) -> tuple[Hashable, ...]:
            events = tuple((item, publication.sources[item.source]) for item in p.items if isinstance(item, Event))
            return (story, on_first(p, lambda: (len(publication.story_claims(story)), publication.span(story))),
                    listing(item for item in p.items if isinstance(item, Claim)), events, p.pager)

        return [planned for story in publication.sorted_stories()
                for planned in paged(story_path(story.id), publication.timeline(story), "story.md.j2",
                                     functools.partial(key, story), dated=timeline_day, counted=is_claim, story=story)]

    def stories_listed() -> tuple[Hashable, ...]:
        return tuple((story, publication.span(story), len(publication.story_claims(story)))
                     for story in publication.sorted_stories())

    def source_pages(s: Source) -> list[PlannedPage]:
        appeared, cited = publication.claims_appearing_in.get(s.id, ()), publication.claims_citing.get(s.id, ())
        # One listing of both, in the claims' order; each page shows its own in the two sections.
        cited_slugs, appeared_slugs = {c.slug for c in cited}, {c.slug for c in appeared}
        both = appeared if not cited else cited if not appeared else tuple(
            sorted({c.slug: c for c in (*appeared, *cited)}.values(), key=lambda c: claim_order()[c.slug]))

        def key(p: ListingPage[Claim]) -> tuple[Hashable, ...]:
            return (s, scale, on_first(p, lambda: tally(appeared)),
                    listing(c for c in p.items if c.slug in appeared_slugs),
                    listing(c for c in p.items if c.slug in cited_slugs), p.pager)

        return paged(source_path(s.id), both, "source.md.j2", key, source=s, scored=appeared,
                     appeared_slugs=appeared_slugs, cited_slugs=cited_slugs)

    def verdict_key(v: Verdict) -> Callable[[ListingPage[Claim]], tuple[Hashable, ...]]:
        return lambda p: (v, on_first(p, lambda: len(publication.claims_by_verdict[v.key])), listing(p.items), p.pager)

    def tag_key(t: str, tagged: tuple[Claim, ...]) -> Callable[[ListingPage[Claim]], tuple[Hashable, ...]]:
        return lambda p: (t, on_first(p, lambda: len(tagged)), listing(p.items), p.pager)

    def claimant_key(who: Claimant) -> Callable[[ListingPage[Claim]], tuple[Hashable, ...]]:
        return lambda p: (who, scale, on_first(p, lambda: (tally(publication.claims_by_claimant[who.id]),
                                                           who.kind in listed_kinds)), listing(p.items), p.pager)

    # The kinds of claimant that the claimants' index has a section for on its first page, which a
    # claimant's page links to: once, not on each claimant's page.
    listed_kinds = frozenset(who.kind for who in claimant_letters[0].items)

    def person_key(who: Person) -> Callable[[ListingPage[Claim]], tuple[Hashable, ...]]:
        return lambda p: (who, publication.settings.name, listing(p.items),
                          tuple(c.slug for c in p.items if c.author == who), p.pager)

    def claims_index_key(p: ListingPage[Claim]) -> tuple[Hashable, ...]:
        return on_first(p, lambda: len(publication.claims)), listing(p.items), p.pager

    planned = [
        *paged(CLAIMS_INDEX, by_claim_date(publication.claims), "claims-index.md.j2", claims_index_key, in_nav=True),
        page(EXPLORER, explorer, "claims-explorer.md.j2", in_nav=True),
        *directory(claimant_letters, "claimants-index.md.j2", claimant_shown),
        *directory(source_letters, "sources-index.md.j2", source_shown),
        PlannedPage(VERDICTS_INDEX, lambda: render("verdicts-index.md.j2", VERDICTS_INDEX), in_nav=True),
        PlannedPage(TAGS_INDEX, lambda: render("tags-index.md.j2", TAGS_INDEX), in_nav=True),
        page(STORIES_INDEX, stories_listed, "stories-index.md.j2", in_nav=True),
    ]
    planned += stories()
    planned += [page(claim_path(c), claim_key(c), "claim.md.j2", claim=c) for c in publication.claims]
    planned += [p for s in sources for p in source_pages(s)]
    planned += [p for v in scale.verdicts for p in paged(verdict_path(v), publication.claims_by_verdict[v.key],
                                                         "verdict.md.j2", verdict_key(v), verdict=v)]
    planned += [p for t, tagged in publication.claims_by_tag.items()
                for p in paged(tag_path(t), tagged, "tag.md.j2", tag_key(t, tagged), tag=t)]
    planned += [p for who in claimants for p in paged(claimant_path(who.id), publication.claims_by_claimant[who.id],
                                                      "claimant.md.j2", claimant_key(who), claimant=who,
                                                      listed_kinds=listed_kinds)]
    planned += [page(moved.path, lambda moved=moved: (moved,), "moved.md.j2", moved=moved)
                for moved in moved_claimant_pages(publication)]
    planned += [p for who in publication.sorted_people()
                for p in paged(person_path(who.id), publication.claims_by_person[who.id], "person.md.j2",
                               person_key(who), person=who)]
    return planned


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
    "team": "snippet-team.md.j2",
    "verdict-distribution": "snippet-verdict-distribution.md.j2",
    "most-checked": "snippet-most-checked.md.j2",
    "stories": "snippet-stories.md.j2",
}


# The later pages of the corrections' listing, which its marker begins on the hand-written page.
CORRECTIONS_PAGE = "corrections.md.j2"


class UnknownMarker(ValueError):
    pass


def correction_day(correction: tuple[Claim, Correction]) -> date:
    return correction[1].date


def corrections_pages(publication: Publication, page: str) -> tuple[ListingPage[tuple[Claim, Correction]], ...]:
    """The corrections by year and month (see paging), newest first: page 1 on the hand-written `page` that
    has the marker, the older ones under its folder (`corrections.md` → `corrections/2022/09.md`)."""
    return paging.paged(page, publication.corrections, publication.settings.page_size, correction_day)


def expand_markers(text: str, publication: Publication, page: str, memo: Memo | None = None,
                   wrap: Callable[[str], str] | None = None) -> str:
    """Replace `<!-- factdesk:NAME -->` in a hand-written page with generated Markdown; `memo` is
    shared with `generate_pages` and the other pages' expansion; `wrap`, if given, is applied to each
    marker's Markdown. A marker of a listing shows its page 1; `marker_pages` makes the others."""
    render = _Renderer(publication, memo)

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in SNIPPETS:
            line = text.count("\n", 0, match.start()) + 1
            raise UnknownMarker(f"{page}:{line}: unknown marker `{match.group(0)}`; "
                                f"known: {', '.join(f'factdesk:{n}' for n in SNIPPETS)}")
        context = {"listing": corrections_pages(publication, page)[0]} if name == "corrections" else {}
        made = render(SNIPPETS[name], page, **context).strip()
        return wrap(made) if wrap is not None else made

    return MARKER.sub(replace, text)


def marker_pages(text: str, publication: Publication, page: str, memo: Memo | None = None) -> list[Page]:
    """The pages after the first of the listings that markers begin in the hand-written `page`: the
    corrections' older months, which its page 1 links to."""
    if not any(match.group(1) == "corrections" for match in MARKER.finditer(text)):
        return []
    render = _Renderer(publication, memo)
    return [Page(p.path, render.memo.get((CORRECTIONS_PAGE, render.language, p.path, p.items, p.pager),
                                         lambda p=p: render(CORRECTIONS_PAGE, p.path, listing=p)))
            for p in corrections_pages(publication, page)[1:]]


def verdict_css(scale: VerdictScale) -> str:
    """Each verdict's colour; on the dark scheme, lightened where the badge would not stand out
    from the page (see `colours.for_dark_page`)."""
    rules = [f".fd-verdict--{v.key} {{ --fd-verdict-colour: {v.colour}; }}" for v in scale.verdicts]
    rules += [f'[data-md-color-scheme="slate"] .fd-verdict--{v.key} {{ --fd-verdict-colour: {dark}; }}'
              for v in scale.verdicts if (dark := colours.for_dark_page(v.colour)) != v.colour.lower()]
    return "\n".join(rules) + "\n"


# Rendering --------------------------------------------------------------------------------

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("factdesk", "templates"),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    autoescape=False,  # the output is Markdown; plain text is escaped by the `text` filter
    extensions=["jinja2.ext.i18n"],
)
# `_()` and `ngettext()` in templates, in the language being written (see interface.speaking).
_ENV.install_gettext_callables(interface.gettext, interface.ngettext, newstyle=True)

_INLINE_SPECIAL = re.compile(r"([\\`*_{}\[\]|#])")
_BLOCK_START = re.compile(r"^([+>!-]|\d+[.)])")


def text(value: object) -> str:
    """Plain text made safe inside a line of Markdown: it will read exactly as typed.

    Quotes, dashes and ellipses are set typographically (see `typography`). HTML is escaped;
    Markdown punctuation is backslash-escaped (`#` everywhere, since a heading drops trailing ones);
    `:` becomes an entity so that no `:name:` turns into an emoji."""
    return _text(str(value))


@functools.lru_cache(maxsize=1 << 16)
def _text(value: str) -> str:
    # Kept: names, titles and publishers come back on page after page.
    out = as_shown(value)
    out = out.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    out = _INLINE_SPECIAL.sub(r"\\\1", out).replace(":", "&#58;")
    return _BLOCK_START.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], out)


def href(url: str) -> str:
    """A URL as a Markdown link destination, with the characters that could end it percent-encoded."""
    for char in '\\<>()" ':
        url = url.replace(char, f"%{ord(char):02X}")
    return f"<{url}>"


def and_separator(loop: jinja2.runtime.LoopContext) -> str:
    """What follows an item of a list read as a sentence: "A, B and C"."""
    if loop.last:
        return ""
    # Translators: between the last two items of a list read as a sentence ("A, B and C"), with
    # the spaces your language puts around it.
    return gettext(" and ") if loop.revindex == 2 else gettext(", ")


def quoted(value: str) -> str:
    """Words quoted (a claim, a quote), with the current language's quotation marks."""
    # Translators: quotation marks around a claim or a quote.
    return gettext("“%(text)s”") % {"text": value}


# The labels of data.fields, which are shown on pages: there for the catalogs (a test keeps them the
# same as data.fields'), translated where shown with `gettext`.
KIND_WORDS = (
    # Translators: a kind of claimant, one of them and as a group (a heading of the claimants' list).
    N_("Person"), N_("People"), N_("Organisation"), N_("Organisations"), N_("Government body"),
    N_("Government bodies"), N_("Media outlet"), N_("Media outlets"), N_("Social-media account"),
    N_("Social-media accounts"), N_("Unattributed"), N_("Unattributed claims"),
    # Translators: a kind of source.
    N_("News report"), N_("News-agency report"), N_("Official record"), N_("Commentary"), N_("Analysis"),
    N_("Reference work"), N_("Legal text"), N_("Social-media post"),
)


def host(url: str) -> str:
    """What a reader needs to see of an address to know where it leads: its host."""
    return urlsplit(url).hostname or url


# libyaml's emitter where PyYAML has it: the pure-Python one took a tenth of a build's page generation.
_Dumper: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def relative_link(target: str, page: str) -> str:
    """The link from `page` to `target`, both paths inside docs/ written with `/`.

    posixpath.relpath would do, but it asks the operating system for the working directory twice
    per call, and pages make tens of thousands of links."""
    base = page.split("/")[:-1]
    parts = target.split("/")
    common = 0
    while common < len(base) and common < len(parts) - 1 and base[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:]) or "."


def front_matter(**fields: object) -> str:
    """YAML front matter, dumped rather than templated so that no value can break out of it.

    Titles and descriptions are HTML-escaped: themes print them into `<title>` and `<meta>`
    without escaping. Generated pages have no navigation sidebar, which would hold nothing but
    the page's own name, and no contents rail, for a page that is read down in one go."""
    fields = {"hide": ["navigation", "toc"], **fields}
    values = {k: html.escape(v, quote=False).replace('"', "&quot;") if isinstance(v, str) else v
              for k, v in fields.items() if v not in (None, [], ())}
    body = yaml.dump(values, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{body}---\n"


_ENV.filters.update(text=text, href=href, host=host, long_date=long_date, tag_slug=tag_slug,
                    language_name=language_name, language_attributes=language_attributes, quoted=quoted,
                    label=verdict_scale.label, meaning=verdict_scale.meaning, gettext=gettext)
_ENV.globals["field_specs"] = fields
_ENV.globals.update(
    front_matter=front_matter, and_separator=and_separator, claim_title=claim_title,
    claim_path=claim_path, source_path=source_path, archive_path=archive_path, verdict_path=verdict_path,
    tag_path=tag_path, claimant_path=claimant_path, person_path=person_path, story_path=story_path,
    kinds=CLAIMANT_KIND_LABELS, source_kinds=SOURCE_KIND_LABELS, tag_slug=tag_slug,
    explorer_query=explorer_query, verdict_anchor=verdict_anchor, page_of=page_of, listing_title=listing_title,
    later_page_search=later_page_search, evidence_anchor=citations.evidence_anchor,
    EXPLORER=EXPLORER, EXPLORER_DATA=EXPLORER_DATA, CLAIMANTS_INDEX=CLAIMANTS_INDEX, CLAIMS_INDEX=CLAIMS_INDEX,
    SOURCES_INDEX=SOURCES_INDEX, VERDICTS_INDEX=VERDICTS_INDEX, TAGS_INDEX=TAGS_INDEX, STORIES_INDEX=STORIES_INDEX,
    ATOM_FEED=ATOM_FEED, CLAIMS_JSON=CLAIMS_JSON, CLAIMS_CSV=CLAIMS_CSV, CLAIMREVIEW_FEED=CLAIMREVIEW_FEED)


class _Renderer:
    """Renders the package's templates into pages of `publication`, in its language: the words of
    factdesk's own (headings, labels, dates) come from that language's catalog (see interface)."""

    def __init__(self, publication: Publication, memo: Memo | None = None):
        self.publication = publication
        self.memo = memo or Memo()
        # The language of the pages: the editors' prose's (a site in another language than the main one
        # has the publication `in_language`).
        self.language = publication.language
        self._cards: dict[int, CardView] = {}

    def card(self, claim: Claim) -> CardView:
        # Made once per claim and build (a claim is on several listings, and on its neighbours' and
        # related claims' pages), by the claim's identity: the publication holds every claim till the end.
        card = self._cards.get(id(claim))
        if card is None:
            card = self._cards[id(claim)] = card_view(claim)
        return card

    def cards(self, claims: Iterable[Claim]) -> tuple[CardView, ...]:
        """What pages that list claims show of each, in their order (see `CardView`)."""
        return tuple(map(self.card, claims))

    def claim_item(self, claim: Claim, page: str, on_page_of: Claimant | None = None) -> str:
        # Its links are relative, to pages one folder deep (a claim's, a verdict's), which every page
        # reaches alike from folders as deep under the same top folder: one rendering serves the
        # pages of `verdicts/`, and those of every tag's months, `tags/<slug>/2022/`.
        folders = page.split("/")[:-1]
        where = (folders[0], len(folders)) if folders else ("", 0)
        return self.memo.get(("claim-item", self.language, self.card(claim), on_page_of, where),
                             lambda: self("claim-item.md.j2", page, claim=claim, on_page_of=on_page_of))

    def __call__(self, template: str, page: str, **context: object) -> str:
        def link(target: str) -> str:
            return relative_link(target, page)

        def claim_item(claim: Claim, on_page_of: Claimant | None = None) -> str:
            return self.claim_item(claim, page, on_page_of)

        def badge(verdict: Verdict, attributes: str = "") -> str:
            # `attributes` are ours (keys and slugs), never editors' text.
            icon = ":" + verdict.icon.replace("/", "-") + ":"
            label = text(verdict_scale.label(verdict))
            # The label without Unicode's isolates, which become a <bdi> in text, not in an attribute.
            # Translators: a verdict badge's tooltip (no double quotation marks: it is an attribute).
            title = gettext("Verdict: %(verdict)s") % {"verdict": label.strip(ISOLATE_START + ISOLATE_END)}
            return (f"[{icon} {label}]({link(verdict_path(verdict))})"
                    f'{{ .fd-verdict .fd-verdict--{verdict.key} title="{title}"'
                    f"{' ' + attributes if attributes else ''} }}")

        def cited(claim: Claim) -> str:
            """The explanation, its citations linked to the evidence list (see `citations`)."""
            return citations.linked(claim.body, [item.source for item in claim.evidence])

        def source_of(source_id: str) -> Source:
            return self.publication.sources[source_id]

        def in_main_language(record: Claim | Source | Story, name: str, index: int | None = None) -> str:
            """attr_list's attributes, after a space, for a field shown in the main language for want of
            a translation (`lang`, and `dir` if needed); nothing for a field in the page's language."""
            shown = record.in_main_language(name) if index is None else record.in_main_language(name, index)
            if not shown:
                return ""
            return " " + language_attributes(self.publication.settings.language, self.language)

        with interface.speaking(self.language):
            return _ENV.get_template(template).render(
                pub=self.publication, page=page, link=link, badge=badge, source_of=source_of, cited=cited,
                in_main_language=in_main_language,
                claim_item=claim_item, **context)


def render_template(template: str, **context: object) -> str:
    """A template of the package that is not a page of the site (links are not resolved)."""
    return _ENV.get_template(template).render(**context)
