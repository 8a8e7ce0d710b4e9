"""What a reader meets first, read back from a real strict build of the first publication: lists
of claims as cards, the front page, stories as timelines, what to read next, citations that lead
to the evidence, source pages that say what they are, and typographic text."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest

from factdesk.data import colours
from factdesk.data.citations import citations
from factdesk.data.model import RELATED_GROUP_LIMIT, Claim
from factdesk.data.records import tag_slug
from factdesk.data.typography import typographic
from factdesk.site import pages, search_index

from ..browser import contrast_ratio
from .test_reader_pages import publication, site  # noqa: F401 (fixtures, registered by being imported)


def article(site: Path, address: str) -> lxml.html.HtmlElement:
    page = lxml.html.fromstring((site / address / "index.html").read_text(encoding="utf-8"))
    return page.xpath(".//article")[0]


def words(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def cards(element: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    return element.xpath(".//li[contains(concat(' ', @class, ' '), ' fd-item ')]")


def slug_of(card: lxml.html.HtmlElement) -> str:
    return card.xpath(".//a[contains(@class, 'fd-item__claim')]/@href")[0].rstrip("/").split("/")[-1]


def assert_card_shows(card: lxml.html.HtmlElement, claim: Claim) -> None:
    """Badge first, then the claim quoted, who made it, when, and the finding without the label."""
    links = card.xpath("./a")
    assert "fd-verdict--" + claim.verdict.key in links[0].get("class"), claim.slug
    assert words(links[1]) == f"“{typographic(claim.claim)}”"
    who = words(card.xpath(".//*[contains(@class, 'fd-item__who')]")[0])
    assert pages.long_date(claim.claim_date) in who
    assert words(card.xpath(".//*[contains(@class, 'fd-item__finding')]")[0]) == typographic(claim.finding)


# Lists that scan ------------------------------------------------------------------------

def test_every_list_of_claims_is_a_list_of_cards_in_the_publications_order(site, publication):
    expected = {
        # The claims index, as the explorer: by the date each claim was made, the most recent first.
        "claims": sorted(sorted(publication.claims, key=lambda c: c.slug), key=lambda c: c.claim_date, reverse=True),
        "verdicts/unproven": publication.claims_by_verdict["unproven"],
        "tags/consul": publication.claims_by_tag["consul"],
        "claimants/the-asahi-shimbun": publication.claims_by_claimant["the-asahi-shimbun"],
        "people/desk-editor": publication.claims_by_person["desk-editor"],
    }
    for address, claims in expected.items():
        shown = cards(article(site, address))
        assert [slug_of(card) for card in shown] == [c.slug for c in claims], address
        for card, claim in zip(shown, claims):
            assert_card_shows(card, claim)
    index = words(article(site, "claims"))
    assert "checked" not in index.replace("we checked", "")  # no "checked 22 November 2026" on every line


def test_a_claimants_page_names_only_the_others_on_each_card(site, publication):
    for card in cards(article(site, "claimants/the-asahi-shimbun")):
        claim = publication.claims_by_slug[slug_of(card)]
        who = words(card.xpath(".//*[contains(@class, 'fd-item__who')]")[0])
        assert "The Asahi Shimbun" not in who
        assert ("with The Islamabad Telegraph" in who) == any(c.id == "the-islamabad-telegraph" for c in claim.claimants)


def test_the_finding_never_repeats_the_badges_label(publication):
    repeated = [c for c in publication.claims if c.summary.startswith(f"{c.verdict.label}. ")]
    assert repeated, "the first publication's summaries open with their label"
    for claim in repeated:
        assert claim.finding == claim.summary.removeprefix(f"{claim.verdict.label}. ")


# The front page -------------------------------------------------------------------------

def test_the_front_page_has_search_latest_stories_verdicts_and_most_checked(site, publication):
    home = lxml.html.fromstring((site / "index.html").read_text(encoding="utf-8"))
    form = home.xpath(".//form[@role='search']")[0]
    assert form.get("action") == "claims/explorer/" and form.xpath(".//input/@name") == ["text"]
    main = home.xpath(".//article")[0]
    assert [slug_of(card) for card in cards(main)] == [c.slug for c in publication.claims[:6]]
    stories = [a.get("href") for a in main.xpath(".//a[starts-with(@href, 'stories/')]")]
    assert stories == [f"stories/{s.id}/" for s in publication.sorted_stories()]
    # Each verdict's count links to its page and says how many claims it has.
    for verdict in publication.scale.verdicts:
        n = len(publication.claims_by_verdict[verdict.key])
        (row,) = main.xpath(f".//tr[td[1]/a[contains(@class, 'fd-verdict--{verdict.key}')]]")
        count = row.xpath("./td[2]")[0]
        assert words(count) == str(n) and count.xpath("./a/@href") == ([f"verdicts/{verdict.key}/"] if n else [])
    ranked = [a.get("href") for a in main.xpath(".//ol//a[starts-with(@href, 'claimants/')]")]
    assert ranked == [f"claimants/{c.id}/" for c in publication.most_checked_claimants(5)]
    assert "methodology/" in [a.get("href") for a in main.xpath(".//a")]


# Stories and what to read next -----------------------------------------------------------

def test_a_story_page_is_a_timeline_of_events_and_claims(site, publication):
    for story in publication.stories.values():
        page = article(site, f"stories/{story.id}")
        days = [words(h).rstrip("¶ ") for h in page.xpath(".//h3")]  # less the heading's permalink
        assert days == sorted(set(days), key=days.index)  # each day once
        timeline = publication.timeline(story)
        assert days == list(dict.fromkeys(
            pages.long_date(getattr(item, "claim_date", None) or item.date) for item in timeline))
        assert [slug_of(card) for card in cards(page)] == [item.slug for item in timeline if isinstance(item, Claim)]
        events = page.xpath(".//p[contains(@class, 'fd-event')]")
        assert [words(e) for e in events] == [
            f"What happened: {typographic(e.what)} {publication.sources[e.source].publisher}" for e in story.events]
        assert all(e.xpath("./a/@href")[0].startswith("../../sources/") for e in events)
    index = article(site, "stories")
    titles = index.xpath(".//h2/a[not(contains(@class, 'headerlink'))]")
    assert [a.get("href") for a in titles] == [f"{s.id}/" for s in publication.sorted_stories()]


def test_a_claim_page_ends_with_its_neighbours_in_the_story_and_related_claims(site, publication):
    for claim in publication.claims:
        page = article(site, f"claims/{claim.slug}")
        story, before, after = publication.neighbours(claim)
        text = page.xpath(".//h2[@id='read-next']/following-sibling::*")
        shown = [slug_of(card) for element in text for card in ([element] if element.tag == "li" else cards(element))]
        related = [c.slug for c in publication.related(claim) if c not in (before, after)]
        assert shown == [c.slug for c in (before, after) if c] + related, claim.slug
        if story:
            assert page.xpath(f".//a[@href='../../stories/{story.id}/']"), claim.slug


def test_related_claims_are_ranked_by_the_documented_score(publication):
    def score(claim: Claim, other: Claim) -> int:
        stories = {s.id for s in publication.stories_of.get(claim.slug, ())}
        assert all(len(group) <= RELATED_GROUP_LIMIT for group in publication.claims_by_tag.values())
        return (3 * len({c.id for c in claim.claimants} & {c.id for c in other.claimants})
                + 3 * len(stories & {s.id for s in publication.stories_of.get(other.slug, ())})
                + 2 * len({a.source for a in claim.appearances} & {a.source for a in other.appearances})
                + len(set(claim.tags) & set(other.tags)))

    for claim in publication.claims:
        related = publication.related(claim)
        scores = [score(claim, other) for other in related]
        assert scores == sorted(scores, reverse=True) and all(scores), claim.slug
        best_left_out = max((score(claim, c) for c in publication.claims if c != claim and c not in related), default=0)
        assert len(related) < 3 or best_left_out <= scores[-1], claim.slug


# Evidence a reader can follow --------------------------------------------------------------

def test_a_citation_is_a_numbered_link_to_its_entry_in_the_evidence(site, publication):
    cited = [c for c in publication.claims if "[@" in c.body]
    assert cited
    for claim in cited:
        page = article(site, f"claims/{claim.slug}")
        evidence = [item.source for item in claim.evidence]
        links = page.xpath(".//a[contains(@class, 'fd-cite')]")
        assert len(links) == len(list(citations(claim.body))), claim.slug
        for link in links:
            number = int(words(link).strip("[]"))
            assert link.get("href") == f"#evidence-{number}"
            entry = page.xpath(f".//li[@id='evidence-{number}']")[0]
            assert entry.xpath(".//a/@href")[0] == f"../../sources/{evidence[number - 1]}/"
        assert "[@" not in words(page)


def test_a_source_page_says_what_it_is_at_a_glance(site, publication):
    source = publication.sources["asahi-2022-09-27"]
    card = article(site, f"sources/{source.id}").xpath(".//div[contains(@class, 'fd-card--source')]")[0]
    text = words(card)
    assert text.startswith("Source · News report")
    assert f"{source.publisher}, {pages.long_date(source.published)} · in English" in text
    assert card.xpath(".//a[contains(., 'Archived text')]/@href") == [f"../{source.id}.txt"]


# Typography -------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, shown", [
    ('He said "no" -- twice...', "He said “no” – twice…"),
    ("It's the '90s - or 1990---1999", "It’s the ’90s – or 1990—1999"),
    ("('quoted')", "(‘quoted’)"),
    ("See https://example.org/a--b...c \"x\"", "See https://example.org/a--b...c “x”"),  # addresses as typed
    ('He said "I was--" and left', "He said “I was–” and left"),  # a closing mark after a dash
    ('a reply--"Yes"', "a reply–“Yes”"),
    ('See "https://example.org/x" or me@x--y.org', "See “https://example.org/x” or me@x--y.org"),
    ("xn--p1ai.example", "xn--p1ai.example"),
])
def test_plain_text_is_set_typographically(typed, shown):
    assert typographic(typed) == shown


def test_editors_text_and_markdown_are_typographic_on_the_page(site, publication):
    claim = publication.claims_by_slug["consul-name-motoko-tatsunori"]
    text = words(article(site, f"claims/{claim.slug}"))
    assert "“Motoka”" in text and '"Motoka"' not in text  # the body, in Markdown
    assert typographic(claim.finding) in text and "FSB’s" in text  # a plain-text field


def test_every_colour_a_verdict_may_have_gets_a_badge_that_stands_out_on_the_dark_page():
    """Any colour `check` accepts (white on it at 4.5:1), lightened for the dark scheme, stands out
    from its page by 3:1 and keeps its label at 4.5:1; computed here by WCAG's formula, not colours'."""
    accepted = [f"#{r:02x}{g:02x}{b:02x}" for r in range(0, 256, 15) for g in range(0, 256, 15)
                for b in range(0, 256, 15) if contrast_ratio("#ffffff", f"#{r:02x}{g:02x}{b:02x}") >= 4.5]
    assert len(accepted) > 1000
    for colour in accepted:
        dark = colours.for_dark_page(colour)
        assert contrast_ratio(dark, colours.SLATE_PAGE) >= 3 and contrast_ratio("#ffffff", dark) >= 4.5, colour


def test_what_to_read_next_is_left_out_of_both_searches(site):
    """Its claims have pages of their own: indexed on every claim page, they made every claim a
    result for the words of its neighbours."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    sections = [doc["location"] for doc in index["docs"] if doc["location"].startswith("claims/")]
    assert sections and not [s for s in sections if s.endswith(("#read-next", "#related-fact-checks"))]
    html = (site / "claims" / "consul-name-motoko-tatsunori" / "index.html").read_text(encoding="utf-8")
    content = html[html.index('<article class="md-content__inner'):html.index("</article>")]
    for_pagefind = search_index.indexed_content(content, {"boost": 2}, "A title")
    ignored = for_pagefind[for_pagefind.index('<div data-pagefind-ignore="all">'):]
    assert 'id="read-next"' in ignored and 'id="related-fact-checks"' in ignored
    assert 'id="evidence"' not in ignored


def test_a_claims_topic_chips_lead_where_its_tags_section_does(site, publication):
    """The chips over the card once led to Material's listing (tags/#tag:…), the Tags section at the
    end to the topic's page: both lead to the topic's page now."""
    for claim in publication.claims:
        page = article(site, f"claims/{claim.slug}")
        chips = page.xpath(".//nav[contains(@class, 'md-tags')]/a/@href")
        section = page.xpath(".//h2[@id='tags']/following-sibling::p[1]/a/@href")
        assert chips == section == [f"../../tags/{tag_slug(tag)}/" for tag in claim.tags], claim.slug
    assert not [path for path in site.rglob("*.html") if "#tag:" in path.read_text(encoding="utf-8")]
