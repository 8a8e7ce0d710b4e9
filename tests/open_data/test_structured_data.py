"""What machines read from the built site: ClaimReview, cards, feed and exports, read back with
the tools that aggregators and feed readers use (extruct, a JSON-LD processor, feedparser)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from datetime import date
from html import unescape
from pathlib import Path

import extruct
import feedparser
import pytest
from PIL import Image
from pyld import jsonld

from factdesk.data import loader
from factdesk.data.model import Claim, Publication
from factdesk.data.typography import typographic
from factdesk.open_data import claimreview
from factdesk.site.addresses import SiteAddress

from ..conftest import MINI, REPO, copy_project, mkdocs_build
from ..html_pages import HtmlPage

SITE = "https://factdesk.example.org/"
SCHEMA = "http://schema.org/"


def _local_schema_context(url: str, options: object = None) -> dict:
    """schema.org's context, reduced to its vocabulary: the tests run offline, and every term we
    publish is a schema.org term, so `@vocab` expands them exactly as the full context would."""
    if url.rstrip("/") not in ("https://schema.org", "http://schema.org"):
        raise ValueError(f"no document may be fetched from {url}")
    return {"contextUrl": None, "documentUrl": url, "document": {"@context": {"@vocab": SCHEMA}}}


def expanded(item: dict) -> dict:
    [node] = jsonld.expand(item, {"documentLoader": _local_schema_context})
    return node


def value(node: dict, *path: str) -> object:
    """The first value at a path of schema.org properties of an expanded node."""
    for name in path:
        node = node[SCHEMA + name][0]
    return node.get("@value", node.get("@id")) if isinstance(node, dict) else node


@pytest.fixture(scope="module")
def site(built_publication) -> Path:
    return built_publication.site


@pytest.fixture(scope="module")
def publication() -> Publication:
    return loader.load_publication(REPO)


def claim_page(site: Path, claim: Claim) -> HtmlPage:
    return HtmlPage(site / "claims" / claim.slug / "index.html")


def structured(page: HtmlPage, url: str) -> dict:
    return extruct.extract(page.html, base_url=url, syntaxes=["json-ld", "opengraph"], uniform=True)


def shown_verdict(page: HtmlPage) -> str:
    badge = re.search(r'<a class="fd-verdict[^"]*"[^>]*>(.*?)</a>', page.article(), re.S)
    assert badge
    return " ".join(unescape(re.sub(r"<[^>]+>", "", badge.group(1))).split())


def test_every_claim_page_has_one_claimreview_that_says_what_the_page_shows(site, publication):
    for claim in publication.claims:
        page, url = claim_page(site, claim), f"{SITE}claims/{claim.slug}/"
        reviews = [item for item in structured(page, url)["json-ld"] if item.get("@type") == "ClaimReview"]
        assert len(reviews) == 1, claim.slug
        head = page.html.split("</head>")[0]
        assert head.count("application/ld+json") == 1, "the ClaimReview is in <head>"
        node = expanded(reviews[0])
        assert node["@type"] == [SCHEMA + "ClaimReview"]
        assert value(node, "url") == url == re.search(r'<link rel="canonical" href="([^"]+)"', head).group(1)
        assert value(node, "claimReviewed") == claim.short_claim
        assert len(claim.short_claim) <= claimreview.CLAIM_REVIEWED_LIMIT
        assert value(node, "reviewRating", "alternateName") == shown_verdict(page) == claim.verdict.label
        assert value(node, "reviewRating", "ratingValue") == claim.verdict.rating
        assert value(node, "reviewRating", "bestRating") == 5 and value(node, "reviewRating", "worstRating") == 1
        assert value(node, "reviewRating", "ratingExplanation") == claim.summary
        assert typographic(claim.finding) in page.text  # the summary, its label given by the badge
        assert value(node, "datePublished") == claim.published.isoformat()
        assert value(node, "dateModified") == claim.last_changed.isoformat()
        assert f"published {long_date(claim.published)}" in page.text
        assert value(node, "inLanguage") == "en"
        assert value(node, "publisher", "publishingPrinciples") == f"{SITE}methodology/"
        assert value(node, "publisher", "correctionsPolicy") == f"{SITE}corrections/"
        assert value(node, "publisher", "name") == "factdesk"
        # Who checked it: a Person, whose page lists the fact-check.
        [author] = node[SCHEMA + "author"]
        assert author["@type"] == [SCHEMA + "Person"]
        assert value(author, "name") == claim.author.name and claim.author.name in page.text
        assert value(author, "url") == f"{SITE}people/{claim.author.id}/"
        person_page = HtmlPage(site / "people" / claim.author.id / "index.html")
        assert f'href="../../claims/{claim.slug}/"' in person_page.article()
        item = node[SCHEMA + "itemReviewed"][0]
        assert item["@type"] == [SCHEMA + "Claim"]
        assert value(item, "text") == claim.claim
        # Who made the claim: each claimant, with the page that lists their claims.
        claimants = item[SCHEMA + "author"]
        assert len(claimants) == len(claim.claimants)
        for node_of, who in zip(claimants, claim.claimants, strict=True):
            assert node_of["@type"] == [SCHEMA + ("Person" if who.kind == "person" else "Organization")]
            assert value(node_of, "name") == who.name and who.name in page.text
            assert value(node_of, "url") == f"{SITE}claimants/{who.id}/"
            assert [v["@value"] for v in node_of.get(SCHEMA + "alternateName", [])] == list(who.other_names)
            assert [v.get("@id", v.get("@value")) for v in node_of.get(SCHEMA + "sameAs", [])] == list(who.same_as)
        assert value(item, "datePublished") == claim.claim_date.isoformat()
        appearances = item[SCHEMA + "appearance"]
        assert value(item, "firstAppearance", "url") == value(appearances[0], "url")
        for source_id, work in zip(dict.fromkeys(a.source for a in claim.appearances), appearances, strict=True):
            source = publication.sources[source_id]
            assert value(work, "url") == source.url or value(work, "url") == f"{SITE}sources/{source.id}/"
            if source.archived:
                assert value(work, "archivedAt") == source.archived
            elif source.archived_text is not None:
                assert value(work, "archivedAt") == f"{SITE}sources/{source.id}.txt"
                assert (site / "sources" / f"{source.id}.txt").is_file()
        assert claimreview.lint_page(page.html, SiteAddress(SITE)) == []


def long_date(day: date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def test_claim_pages_carry_cards_with_the_verdict_and_a_share_image(site, publication):
    for claim in publication.claims:
        page, url = claim_page(site, claim), f"{SITE}claims/{claim.slug}/"
        og = dict(structured(page, url)["opengraph"][0])
        # The title says it is a fact-check and gives the verdict; the description does not repeat it.
        title = f"{claim.verdict.label}: {claim.short_claim} (fact-check)"
        assert og["og:title"] == title and og["og:description"] == claim.summary
        assert unescape(re.search(r"<title>([^<]*)</title>", page.html).group(1)).startswith(title)
        assert og["og:url"] == url and og["@type"] == "article" and og["og:site_name"] == "factdesk"
        assert og["og:image"] == f"{SITE}share/{claim.slug}.png"
        assert '<meta name="twitter:card" content="summary_large_image">' in page.html
        with Image.open(site / "share" / f"{claim.slug}.png") as image:
            assert image.format == "PNG" and image.size == (1200, 630)


def test_other_pages_carry_cards_with_their_own_title_and_description(site, publication):
    for source in publication.sorted_sources():
        url = f"{SITE}sources/{source.id}/"
        og = structured(HtmlPage(site / "sources" / source.id / "index.html"), url)["opengraph"][0]
        assert og["og:title"] == source.title and og["og:url"] == url and og["@type"] == "website"
        assert og["og:description"] == f"Source: {source.title} ({source.publisher})"


def test_every_page_points_feed_readers_to_the_feed(site):
    pages = {"index.html": "feed.xml", "methodology/index.html": "../feed.xml",
             "claims/fsb-caught-consul-red-handed/index.html": "../../feed.xml"}
    for path, href in pages.items():
        html = (site / path).read_text()
        links = re.findall(r'<link rel="alternate"[^>]*>', html)
        # Relative: Material fetches the sitemap beside every alternate link's target.
        assert links == ['<link rel="alternate" type="application/atom+xml" title="factdesk: fact-checks and '
                         f'corrections" href="{href}">'], path
        assert (site / path).parent.joinpath(href).resolve() == (site / "feed.xml").resolve()


def test_the_feed_has_one_entry_per_claim_linking_to_its_page(site, publication):
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert [entry.link for entry in feed.entries] == [f"{SITE}claims/{c.slug}/" for c in publication.claims]
    for entry, claim in zip(feed.entries, publication.claims, strict=True):
        assert (site / "claims" / claim.slug / "index.html").is_file()
        assert claim.verdict.label in entry.title
        assert entry.updated_parsed[:3] == claim.last_changed.timetuple()[:3]
        for correction in claim.corrections:
            assert correction.note in unescape(entry.content[0].value)


def test_the_exports_list_every_claim_with_the_verdict_its_page_shows(site, publication):
    exported = json.loads((site / "claims.json").read_text(encoding="utf-8"))
    rows = list(csv.DictReader(io.StringIO((site / "claims.csv").read_text(encoding="utf-8"), newline="")))
    datafeed = json.loads((site / "claimreview.json").read_text(encoding="utf-8"))
    assert [c["slug"] for c in exported["claims"]] == [r["slug"] for r in rows] == [c.slug for c in publication.claims]
    assert len(datafeed["dataFeedElement"]) == len(publication.claims)
    for claim, item, row, review in zip(publication.claims, exported["claims"], rows, datafeed["dataFeedElement"],
                                        strict=True):
        shown = shown_verdict(claim_page(site, claim))
        assert item["verdict"]["label"] == row["verdict_label"] == shown
        assert review["reviewRating"]["alternateName"] == shown
        assert item["claim"] == row["claim"] == claim.claim
        assert item["url"] == row["url"] == review["url"] == f"{SITE}claims/{claim.slug}/"


def test_the_open_data_page_links_every_export_with_its_licence(site):
    page = HtmlPage(site / "open-data" / "index.html")
    for name in ("feed.xml", "claims.json", "claims.csv", "claimreview.json"):
        assert f'href="../{name}"' in page.html and (site / name).is_file()
    assert "CC BY 4.0" in page.text and 'href="https://creativecommons.org/licenses/by/4.0/"' in page.html


HOSTILE_CLAIM = 'He said "</script><script>alert(1)</script>" & <!-- left open'
HOSTILE_TITLE = 'Works & "Records" <b>bold</b>'


def test_claim_text_cannot_close_the_structured_data_script(tmp_path):
    project = copy_project(tmp_path / "project", MINI)
    path = project / "claims" / "bridge-opened-in-1990.yml"
    path.write_text(path.read_text().replace("claim: The harbour bridge opened in 1990.",
                                             "claim: " + json.dumps(HOSTILE_CLAIM)))
    source = project / "sources" / "city-records-2024.yml"
    source.write_text(source.read_text().replace("title: Register of public works",
                                                 "title: " + json.dumps(HOSTILE_TITLE)))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.output
    page = HtmlPage(result.site / "claims" / "bridge-opened-in-1990" / "index.html")
    assert "<script>alert(1)" not in page.html
    [review] = [i for i in structured(page, SITE)["json-ld"] if i.get("@type") == "ClaimReview"]
    assert review["itemReviewed"]["text"] == HOSTILE_CLAIM
    assert value(expanded(review), "itemReviewed", "text") == HOSTILE_CLAIM
    assert structured(page, SITE)["opengraph"][0]["og:title"] == f"False: {HOSTILE_CLAIM} (fact-check)"
    # Other pages' cards come from their front matter, escaped there once and here once only.
    source_page = HtmlPage(result.site / "sources" / "city-records-2024" / "index.html")
    assert structured(source_page, SITE)["opengraph"][0]["og:title"] == HOSTILE_TITLE
    assert "<b>" not in source_page.html.split("</head>")[0]


def _build_with(tmp_path: Path, settings: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    project = copy_project(tmp_path / "project", MINI)
    (project / "factdesk.yml").write_text(settings)
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, capture_output=True,
                          text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}, timeout=300)


def test_a_production_build_without_the_site_address_fails_and_says_how_to_fix_it(tmp_path):
    done = _build_with(tmp_path, "name: factdesk\n", {"FACTDESK_URL": ""})
    assert done.returncode != 0
    assert "factdesk.yml has no `url`" in done.stderr and "fix: add `url: https://" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "project" / "site").exists()


def test_the_deployment_address_overrides_the_settings(tmp_path):
    done = _build_with(tmp_path, f"name: factdesk\nurl: {SITE}\n", {"FACTDESK_URL": "https://pages.example.net/desk"})
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "project" / "site" / "claims" / "budget-doubled" / "index.html").read_text()
    assert '<link rel="canonical" href="https://pages.example.net/desk/claims/budget-doubled/">' in html
    assert '"url":"https://pages.example.net/desk/claims/budget-doubled/"' in html


def test_a_long_claim_without_a_short_form_is_a_warning_with_its_line(tmp_path):
    project = copy_project(tmp_path / "project", MINI)
    path = project / "claims" / "bridge-opened-in-1990.yml"
    long_claim = "The harbour bridge, which the city council had planned for a decade, opened in 1990 to traffic."
    path.write_text(path.read_text().replace("claim: The harbour bridge opened in 1990.", f"claim: {long_claim}"))
    def check(output: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "factdesk", "check", "--root", str(project), "--format", output],
                              capture_output=True, text=True, timeout=120)

    github, plain = check("github"), check("text")
    assert github.returncode == plain.returncode == 0, plain.stderr  # a warning does not block the pull request
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if text.startswith("claim:"))
    assert f"claims/bridge-opened-in-1990.yml:{line}:1: warning: `claimReviewed` is {len(long_claim)} characters" \
        in plain.stderr
    assert f"::warning file=claims/bridge-opened-in-1990.yml,line={line}" in github.stdout
    assert "write `claim_reviewed:`" in plain.stderr and "write `claim_reviewed:`" in github.stdout
    assert mkdocs_build(project).returncode != 0  # a strict build makes every warning fatal
    path.write_text(path.read_text().replace(f"claim: {long_claim}",
                                             f"claim: {long_claim}\nclaim_reviewed: The harbour bridge opened in 1990"))
    done = mkdocs_build(project)
    assert done.returncode == 0, done.output
    assert '"claimReviewed":"The harbour bridge opened in 1990"' in \
        (done.site / "claims" / "bridge-opened-in-1990" / "index.html").read_text()


# The lint on its own: what it reports for markup that factdesk itself would never write.

def _review(publication: Publication) -> dict:
    return claimreview.claim_review(publication.claims[0], publication, SiteAddress(SITE))


def test_the_lint_passes_what_factdesk_writes_and_names_what_is_missing(publication):
    review = _review(publication)
    assert claimreview.lint(review, SiteAddress(SITE)) == []
    del review["reviewRating"]["alternateName"]
    review["itemReviewed"]["author"] = {}
    review["url"] = "https://elsewhere.example.com/claims/x/"
    review["reviewRating"]["ratingValue"] = 9
    found = {f.property: f for f in claimreview.lint(review, SiteAddress(SITE))}
    assert set(found) == {"reviewRating.alternateName", "itemReviewed.author", "url", "reviewRating.ratingValue"}
    assert "not on the site's own address" in found["url"].message
    assert all(f.severity == "error" for f in found.values())


def test_the_page_lint_wants_one_review_with_the_label_shown(publication):
    review = _review(publication)
    badge = f'<a class="fd-verdict fd-verdict--x" href="#"><svg></svg> {review["reviewRating"]["alternateName"]}</a>'
    one = claimreview.script_tag(review)
    assert claimreview.lint_page(one + badge, SiteAddress(SITE)) == []
    assert "2 ClaimReviews" in claimreview.lint_page(one + one + badge, SiteAddress(SITE))[0].message
    wrong = badge.replace(review["reviewRating"]["alternateName"], "Pants on fire")
    [finding] = claimreview.lint_page(one + wrong, SiteAddress(SITE))
    assert finding.property == "reviewRating.alternateName" and "Pants on fire" in finding.message
