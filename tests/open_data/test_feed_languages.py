"""The Atom feed in the publication's language, read with feedparser as feed readers read it: its
title, each entry's title and sentences and their dates in the language's words; the JSON's and the
CSV's field names, which are data, the same in every language."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import feedparser

from factdesk.data.loader import load_publication
from factdesk.data.model import Publication
from factdesk.languages import interface
from factdesk.open_data import exports
from factdesk.site import pages
from factdesk.site.addresses import SiteAddress

from ..conftest import MINI, REPO

SITE = SiteAddress("https://factcheck.example.org/")


def publication_in(language: str, root: Any = MINI) -> Publication:
    publication = load_publication(root)
    return dataclasses.replace(publication, settings=dataclasses.replace(publication.settings, language=language))


def feed_of(publication: Publication) -> Any:
    feed = feedparser.parse(exports.export_files(publication, SITE)[pages.ATOM_FEED])
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_a_japanese_feed_speaks_japanese() -> None:
    publication = publication_in("ja")
    feed = feed_of(publication)
    assert feed.feed.title == "factdesk：ファクトチェック"
    assert feed.feed.language == "ja"
    first = publication.claims[0]
    entry = feed.entries[0]
    assert entry.title == f"{first.verdict.label}：{first.claim}"
    content = entry.content[0].value
    assert f"判定：<strong>{first.verdict.label}</strong>" in content
    assert 'City officialsが<time datetime="2024-01-01">2024年1月1日</time>に主張。' in content
    corrected = next(e for e, c in zip(feed.entries, publication.claims, strict=True) if c.corrections)
    assert "<p>訂正：</p>" in corrected.content[0].value and "年" in corrected.content[0].value
    for english in ("Claimed by", "Verdict:", "Corrections:", "January"):
        assert english not in str(feed.feed) + "".join(e.content[0].value + e.title for e in feed.entries)


def test_russian_and_arabic_count_stories_in_their_plural_forms() -> None:
    for language, one in (("ru", "Часть сюжета "), ("ar", "ضمن القصة ")):
        publication = publication_in(language, REPO)
        feed = feed_of(publication)
        with_one = [entry for entry, claim in zip(feed.entries, publication.claims, strict=True)
                    if len(publication.stories_of.get(claim.slug, ())) == 1]
        assert with_one and all(one in entry.content[0].value for entry in with_one), language


def test_the_open_datas_field_names_are_the_same_in_every_language() -> None:
    english, japanese = exports.export_files(publication_in("en"), SITE), exports.export_files(publication_in("ja"), SITE)
    assert japanese[pages.CLAIMS_CSV].splitlines()[0] == english[pages.CLAIMS_CSV].splitlines()[0]
    assert json.loads(japanese[pages.CLAIMS_JSON])["claims"][0].keys() == json.loads(
        english[pages.CLAIMS_JSON])["claims"][0].keys()
    assert json.loads(japanese[pages.CLAIMS_JSON])["publication"]["language"] == "ja"
    assert interface.current() == "en"
