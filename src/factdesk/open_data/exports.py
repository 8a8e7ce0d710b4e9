"""Open data: every fact-check as JSON, CSV and an Atom feed, and every ClaimReview in one DataFeed.

Pure functions from a `Publication` to the files' contents, which the MkDocs adapter writes
beside the site. The feed's own words (its title, the entries' sentences and dates) are in the
publication's language; the JSON's and the CSV's field names are data, the same in every language. Nothing here reads the clock: every date comes from the claims, so that two
builds of the same data give byte-identical files and caches, mirrors and diffs stay quiet.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from collections.abc import Callable, Hashable, Iterable, Iterator
from datetime import UTC, date, datetime, time
from functools import partial
from html import escape
from typing import Any

from feedgen.feed import FeedGenerator

from factdesk.data.model import Claim, Claimant, Person, Publication, Source, Story
from factdesk.languages import interface
from factdesk.languages.interface import gettext, ngettext
from factdesk.open_data import claimreview
from factdesk.site import pages
from factdesk.site.addresses import SiteAddress
from factdesk.site.memo import Memo

# A publication with no claims has no date of its own. "Today" would make every build of it
# differ, so it takes a fixed date instead: the Unix epoch, older than any fact-check published on the web.
EMPTY_PUBLICATION_MODIFIED = date(1970, 1, 1)

CSV_COLUMNS = (
    "slug", "url", "claim", "claim_reviewed", "claimant", "claim_date", "verdict", "verdict_label", "rating",
    "summary", "published", "updated", "author", "tags", "sources", "evidence", "corrections", "retracted",
    "claimant_ids", "citing", "author_id", "story_ids",
)
"""Columns are only ever added at the end: spreadsheets and scripts may read them by position."""
LIST_SEPARATOR = "; "


def last_modified(publication: Publication) -> date:
    """When the publication last changed: its newest claim, correction or retraction."""
    return max((c.last_changed for c in publication.claims), default=EMPTY_PUBLICATION_MODIFIED)


Content = str | bytes | Iterator[str]
"""A file's content: whole, or text in pieces made as they are taken (each claim's part then)."""

PATHS = (pages.ATOM_FEED, pages.CLAIMS_JSON, pages.CLAIMS_CSV, pages.CLAIMREVIEW_FEED)
"""The open-data files' paths on the site: `export_contents` makes one file for each."""


def export_contents(publication: Publication, site: SiteAddress, memo: Memo | None = None) -> dict[str, Content]:
    """Every open-data file, by its path on the site. Without a memo, the text files are made
    piece by piece as they are written, so that no file of 10,000 claims is ever whole in memory.
    With a `memo` from the last build (a preview), what did not change is not made again: each
    claim's entries, each file none of whose entries changed (the very text of the last build),
    and the feed as long as no claim changed in what the feed shows."""
    def kept(key: Hashable, make: Callable[[], Any]) -> Any:
        return memo.get(key, make) if memo is not None else make()

    def per_claim(kind: str, make: Callable[..., Any]) -> Iterator[Any]:
        for c in publication.claims:
            key = (kind, c, pages.sources_of(c, publication), publication.stories_of.get(c.slug, ()),
                   publication.settings, site)
            yield kept(key, partial(make, c, publication, site))

    modified = last_modified(publication).isoformat()
    records, reviews = per_claim("record", _record_element), per_claim("claimreview", _review_element)
    rows = (kept(("row", c, site, _story_ids(c, publication)), partial(_csv_row, c, publication, site))
            for c in publication.claims)
    if memo is None:
        return {
            pages.ATOM_FEED: atom_feed(publication, site),
            pages.CLAIMS_JSON: _claims_json_pieces(publication, site, records),
            pages.CLAIMS_CSV: itertools.chain([_csv_header()], rows),
            pages.CLAIMREVIEW_FEED: _json_pieces(claimreview.data_feed(publication, site, modified, reviews)),
        }
    # What each file says besides its entries.
    parts = (publication.settings, site, modified, tuple(
        (story, tuple(publication.sources[e.source] for e in story.events)) for story in publication.sorted_stories()))
    entries = {pages.CLAIMS_JSON: tuple(records), pages.CLAIMS_CSV: tuple(rows), pages.CLAIMREVIEW_FEED: tuple(reviews)}
    pieces: dict[str, Callable[[], Iterator[str]]] = {
        pages.CLAIMS_JSON: lambda: _claims_json_pieces(publication, site, iter(entries[pages.CLAIMS_JSON])),
        pages.CLAIMS_CSV: lambda: itertools.chain([_csv_header()], entries[pages.CLAIMS_CSV]),
        pages.CLAIMREVIEW_FEED: lambda: _json_pieces(claimreview.data_feed(
            publication, site, modified, iter(entries[pages.CLAIMREVIEW_FEED]))),
    }
    # The feed's key is what it shows of every claim: made only where a memo keeps the feed.
    feed_key = ("feed", publication.settings, site, tuple(_feed_view(c, publication) for c in publication.claims))
    feed = memo.get(feed_key, lambda: atom_feed(publication, site))
    return {pages.ATOM_FEED: feed, **{path: memo.get(("file", path, parts, entries[path]), partial(_joined, make))
                                      for path, make in pieces.items()}}


def _joined(pieces: Callable[[], Iterator[str]]) -> str:
    return "".join(pieces())


def export_files(publication: Publication, site: SiteAddress, memo: Memo | None = None) -> dict[str, str | bytes]:
    """Every open-data file, whole, by its path on the site (see `export_contents`)."""
    return {path: content if isinstance(content, (str, bytes)) else "".join(content)
            for path, content in export_contents(publication, site, memo).items()}


# JSON -------------------------------------------------------------------------------------

def claims_json(publication: Publication, site: SiteAddress) -> str:
    """The whole publication as one JSON document: its settings, its verdict scale and every claim."""
    records = (_record_element(c, publication, site) for c in publication.claims)
    return "".join(_claims_json_pieces(publication, site, records))


def _claims_json_pieces(publication: Publication, site: SiteAddress, records: Iterable[Any]) -> Iterator[str]:
    return _json_pieces({
        "publication": _publication_record(publication, site),
        "verdicts": [{"key": v.key, "label": v.label, "meaning": v.meaning, "rating": v.rating}
                     for v in publication.scale.verdicts],
        "stories": [_story_record(story, publication, site) for story in publication.sorted_stories()],
        "claims": records,
    })


class _Encoded(str):
    """An item already encoded as JSON, kept from an earlier build."""


def _review_element(claim: Claim, publication: Publication, site: SiteAddress) -> _Encoded:
    review = claimreview.claim_review(claim, publication, site)
    return _Encoded(_compact({k: v for k, v in review.items() if k != "@context"}))


def _record_element(claim: Claim, publication: Publication, site: SiteAddress) -> _Encoded:
    return _Encoded(_compact(_claim_record(claim, publication, site)))


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def _json_pieces(data: dict[str, Any]) -> Iterator[str]:
    """A mapping as JSON with each field on a line and each item of a list field on a line; a field
    may be an iterator, whose items are then taken one at a time.

    One line per claim keeps the file readable and its diffs small, and lets json encode each item
    in C: with `indent`, json falls back to its pure-Python encoder, seconds for 10,000 claims.
    The files are served as they are, never inlined into HTML, so `<` needs no escaping here;
    non-ASCII stays readable for people who open the file."""
    for number, (key, value) in enumerate(data.items()):
        yield ("{\n" if number == 0 else ",\n") + f"  {_compact(key)}: "
        if not isinstance(value, (list, Iterator)):
            yield _compact(value)
            continue
        empty = True
        for item in value:
            yield ("[\n    " if empty else ",\n    ") + (item if isinstance(item, _Encoded) else _compact(item))
            empty = False
        yield "[]" if empty else "\n  ]"
    yield "\n}\n"


def _publication_record(publication: Publication, site: SiteAddress) -> dict[str, Any]:
    settings = publication.settings
    return {
        "name": settings.name,
        "url": site.base,
        "language": publication.language,
        "licence": {"name": settings.licence.name, "url": settings.licence.url} if settings.licence else None,
        "modified": last_modified(publication).isoformat(),
    }


def _claim_fields(claim: Claim, site: SiteAddress) -> dict[str, str]:
    """What the JSON and the CSV say alike of a claim, first in both."""
    return {
        "slug": claim.slug,
        "url": site.page(pages.claim_path(claim)),
        "claim": claim.claim,
        "claim_reviewed": claim.short_claim,
        "claimant": LIST_SEPARATOR.join(who.name for who in claim.claimants),
    }


def _claim_record(claim: Claim, publication: Publication, site: SiteAddress) -> dict[str, Any]:
    sources = publication.sources
    return {
        **_claim_fields(claim, site),
        # `claimant` and `claimant_kind` are the older form, kept for the programs that read them.
        "claimant_kind": "person" if claim.claimants[0].kind == "person" else "organization",
        "claimants": [_claimant_record(who, site) for who in claim.claimants],
        "citing": claim.citing,
        "claim_date": claim.claim_date.isoformat(),
        "verdict": {"key": claim.verdict.key, "label": claim.verdict.label, "rating": claim.verdict.rating},
        "summary": claim.summary,
        "published": claim.published.isoformat(),
        "updated": claim.last_changed.isoformat(),
        "author": _person_record(claim.author, site),
        "editor": _person_record(claim.editor, site) if claim.editor else None,
        "tags": list(claim.tags),
        "stories": [{"id": story.id, "title": story.title, "url": site.page(pages.story_path(story.id))}
                    for story in publication.stories_of.get(claim.slug, ())],
        "appearances": [{**_source_record(sources[a.source], site), "archived_url": _archived_url(sources[a.source], site),
                         "quote": a.quote} for a in claim.appearances],
        "evidence": [{**_source_record(sources[e.source], site), "note": e.note} for e in claim.evidence],
        "corrections": [{"date": c.date.isoformat(), "note": c.note} for c in claim.corrections],
        "retracted": ({"date": claim.retracted.date.isoformat(), "note": claim.retracted.note}
                      if claim.retracted else None),
        "share_image": site.file(pages.share_image_path(claim)),
    }


def _claimant_record(who: Claimant, site: SiteAddress) -> dict[str, Any]:
    return {"id": who.id, "name": who.name, "kind": who.kind, "description": who.description,
            "other_names": list(who.other_names), "same_as": list(who.same_as),
            "url": site.page(pages.claimant_path(who.id))}


def _story_record(story: Story, publication: Publication, site: SiteAddress) -> dict[str, Any]:
    return {"id": story.id, "title": story.title, "introduction": story.introduction,
            "url": site.page(pages.story_path(story.id)),
            "claims": [c.slug for c in publication.story_claims(story)],
            "events": [{"date": e.date.isoformat(), "what": e.what, **_source_record(publication.sources[e.source], site)}
                       for e in story.events]}


def _person_record(who: Person, site: SiteAddress) -> dict[str, Any]:
    return {"id": who.id, "name": who.name, "role": who.role, "url": site.page(pages.person_path(who.id))}


def _source_record(source: Source, site: SiteAddress) -> dict[str, str | None]:
    return {"source": source.id, "source_url": site.page(pages.source_path(source.id)), "original_url": source.url}


def _archived_url(source: Source, site: SiteAddress) -> str | None:
    """The editors' archive link, or else our own copy of the text, as the claim page offers them."""
    if source.archived:
        return source.archived
    return site.file(pages.archive_path(source.id)) if source.archived_text is not None else None


# CSV --------------------------------------------------------------------------------------

def claims_csv(publication: Publication, site: SiteAddress) -> str:
    """One row per claim, for spreadsheets; lists are joined with `; `, sources by their ids.

    The csv module's default dialect is kept, with RFC 4180's CRLF line ends: with a bare "\\n"
    terminator, Python 3.11's writer leaves a lone "\\r" in a cell unquoted and readers split the row.
    Read it back with `newline=""`, as the csv module's documentation asks."""
    return _csv_header() + "".join(_csv_row(c, publication, site) for c in publication.claims)


def _csv_header() -> str:
    return _csv_line(dict(zip(CSV_COLUMNS, CSV_COLUMNS)))


def _csv_row(claim: Claim, publication: Publication, site: SiteAddress) -> str:
    return _csv_line({key: _inert_cell(value) for key, value in _claim_row(claim, publication, site).items()})


def _csv_line(row: dict[str, str]) -> str:
    out = io.StringIO(newline="")
    csv.DictWriter(out, fieldnames=CSV_COLUMNS).writerow(row)
    return out.getvalue()


# A spreadsheet reads a cell that starts with one of these as a formula (`=HYPERLINK(…)`,
# `@SUM(…)`, `+cmd|…`), and a tab or carriage return can hide that start from a reader. Following
# OWASP's advice on CSV injection, such a cell starts with an apostrophe, which a spreadsheet takes
# as text and shows without it. A plain number (a negative rating, "-2") is no formula and stays
# a number; every other cell is written as given. The apostrophe stays in the file: a program
# reading the CSV drops a leading `'` that comes before one of these characters.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def _inert_cell(value: str) -> str:
    if value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def _story_ids(claim: Claim, publication: Publication) -> tuple[str, ...]:
    return tuple(story.id for story in publication.stories_of.get(claim.slug, ()))


def _claim_row(claim: Claim, publication: Publication, site: SiteAddress) -> dict[str, str]:
    return {
        **_claim_fields(claim, site),
        "claim_date": claim.claim_date.isoformat(),
        "verdict": claim.verdict.key,
        "verdict_label": claim.verdict.label,
        "rating": str(claim.verdict.rating),
        "summary": claim.summary,
        "published": claim.published.isoformat(),
        "updated": claim.last_changed.isoformat(),
        "author": claim.author.name,
        "tags": LIST_SEPARATOR.join(claim.tags),
        "sources": LIST_SEPARATOR.join(a.source for a in claim.appearances),
        "evidence": LIST_SEPARATOR.join(e.source for e in claim.evidence),
        "corrections": str(len(claim.corrections)),
        "retracted": claim.retracted.date.isoformat() if claim.retracted else "",
        "claimant_ids": LIST_SEPARATOR.join(who.id for who in claim.claimants),
        "citing": claim.citing or "",
        "author_id": claim.author.id,
        "story_ids": LIST_SEPARATOR.join(_story_ids(claim, publication)),
    }


# Atom -------------------------------------------------------------------------------------

# XML 1.0 cannot carry most C0 control characters even escaped, and lxml refuses them; YAML's
# "\x01"-style escapes can still put them into a claim. They cannot be shown, so the feed drops them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def atom_feed(publication: Publication, site: SiteAddress) -> bytes:
    """An Atom feed of every fact-check, newest first, each entry updated by its corrections; in the
    publication's language."""
    with interface.speaking(publication.language):
        return _atom_feed(publication, site)


def _atom_feed(publication: Publication, site: SiteAddress) -> bytes:
    settings, text = publication.settings, _xml_text
    feed = FeedGenerator()
    feed.id(site.base)
    # Translators: the title of the publication's Atom feed.
    feed.title(text(gettext("%(publication)s: fact-checks") % {"publication": settings.name}))
    feed.link(href=site.file(pages.ATOM_FEED), rel="self")
    feed.link(href=site.base, rel="alternate")
    feed.author({"name": text(settings.name)})
    feed.language(publication.language)
    if settings.licence:
        feed.rights(text(settings.licence.name))
    # feedgen fills `updated` with the current time unless it is given one.
    feed.updated(_midnight_utc(last_modified(publication)))
    # feedgen's default generator names its own version, which would change the feed on an upgrade.
    feed.generator("factdesk")
    for claim in publication.claims:
        _add_entry(feed, claim, publication.stories_of.get(claim.slug, ()), site, text)
    return bytes(feed.atom_str(pretty=True, encoding="UTF-8"))


def _add_entry(feed: FeedGenerator, claim: Claim, stories: tuple[Story, ...], site: SiteAddress,
               text: Callable[[str], str]) -> None:
    url = site.page(pages.claim_path(claim))
    # feedgen prepends entries by default, which would reverse the publication's order.
    entry = feed.add_entry(order="append")
    entry.id(url)
    # Translators: an entry's title in the Atom feed: the verdict, then the claim.
    entry.title(text(gettext("%(verdict)s: %(claim)s") % {"verdict": claim.verdict.label, "claim": claim.claim}))
    entry.link(href=url, rel="alternate")
    # Entries also default to the current time: both dates are always set from the claim.
    entry.published(_midnight_utc(claim.published))
    entry.updated(_midnight_utc(claim.last_changed))
    entry.summary(text(claim.summary))
    entry.content(text(_entry_html(claim, stories, site)), type="html")
    # A story is a category of its own, named by its page: a feed reader can follow one story.
    entry.category([{"term": text(tag)} for tag in claim.tags] + [{"term": text(claim.verdict.label)}]
                   + [{"term": story.id, "label": text(story.title), "scheme": site.page(pages.STORIES_INDEX)}
                      for story in stories])


def _feed_view(claim: Claim, publication: Publication) -> tuple[object, ...]:
    """What the feed shows of a claim (see _add_entry and _entry_html): not its body or author."""
    return (claim.slug, claim.verdict, claim.claim, claim.summary, claim.claimants, claim.citing, claim.claim_date,
            claim.published, claim.last_changed, claim.tags, claim.corrections, claim.retracted,
            publication.stories_of.get(claim.slug, ()))


def _midnight_utc(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def _entry_html(claim: Claim, stories: tuple[Story, ...], site: SiteAddress) -> str:
    """The entry's body for feed readers: every value escaped, as the claim's fields are plain text."""
    parts = []
    if claim.retracted:
        retracted = _html(gettext("Retracted on %(date)s."), date=_html_date(claim.retracted.date))
        parts.append(f"<p><strong>{retracted}</strong> {escape(claim.retracted.note)}</p>")
    # Translators: in the Atom feed, the verdict, set in bold.
    verdict = _html(gettext("Verdict: %(verdict)s"), verdict=f"<strong>{escape(claim.verdict.label)}</strong>")
    facts = {"name": escape(claim.claimed_by), "cited": escape(claim.citing or ""), "date": _html_date(claim.claim_date)}
    parts += [
        f"<p>{verdict}</p>",
        f"<p>{escape(claim.summary)}</p>",
        # Translators: in the Atom feed: who made the claim, whom they cited, and when.
        "<p>" + _html(gettext("Claimed by %(name)s, citing %(cited)s, on %(date)s.") if claim.citing
                      else gettext("Claimed by %(name)s on %(date)s."), **facts) + "</p>",
    ]
    if stories:
        # Translators: between the items of a list (tags, stories).
        links = gettext(", ").join(
            f'<a href="{escape(site.page(pages.story_path(s.id)))}">{escape(s.title)}</a>' for s in stories)
        parts.append("<p>" + _html(ngettext("Part of the story %(stories)s.", "Part of the stories %(stories)s.",
                                            len(stories)), stories=links) + "</p>")
    if claim.corrections:
        # Translators: a correction in the Atom feed: its date, then what was corrected.
        correction = gettext("%(date)s: %(note)s")
        items = "".join("<li>" + _html(correction, date=_html_date(c.date), note=escape(c.note)) + "</li>"
                        for c in claim.corrections)
        # Translators: in the Atom feed, over the list of a fact-check's corrections.
        parts.append("<p>" + escape(gettext("Corrections:")) + f"</p><ul>{items}</ul>")
    return "\n".join(parts)


def _html(message: str, **values: str) -> str:
    """A message of the catalog as HTML: its own text escaped, the values (HTML already) put in."""
    return escape(message, quote=False) % values


def _html_date(day: date) -> str:
    return f'<time datetime="{day.isoformat()}">{escape(pages.long_date(day))}</time>'
