"""Pages for readers: the claims explorer, claimant pages and scorecard charts, read back from
real strict builds (the explorer's script itself is tested in the browser tests)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import lxml.html
import pytest

from factdesk.data.fields import CLAIMANT_KIND_LABELS, CLAIMANT_KINDS
from factdesk.data.loader import load_publication
from factdesk.data.model import Publication
from factdesk.data.records import tag_slug
from factdesk.data.typography import typographic
from factdesk.site import pages

from ..conftest import MINI, REPO, copy_project, mkdocs_build

FILTERS = ("verdict", "source", "claimant", "kind", "tag", "year")


@pytest.fixture(scope="module")
def publication() -> Publication:
    return load_publication(REPO)


@pytest.fixture(scope="module")
def site(built_publication) -> Path:
    return built_publication.site


def tree(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_text(encoding="utf-8"))


def article(path: Path) -> lxml.html.HtmlElement:
    return tree(path).xpath(".//article")[0]


def explorer_items(site: Path) -> dict[str, lxml.html.HtmlElement]:
    """The explorer's list items by the slug of the claim each links to, in page order."""
    items = article(site / "claims" / "explorer" / "index.html").xpath(".//li[@data-verdict][@data-date]")
    return {item.xpath(".//a[contains(@class, 'fd-explorer__claim')]/@href")[0].strip("./").split("/")[-1]: item
            for item in items}


def explorer_options(site: Path) -> dict[str, list[str]]:
    """Each filter's values, in the order explorer.js offers them."""
    status = article(site / "claims" / "explorer" / "index.html").xpath(".//*[@id='fd-explorer']")[0]
    return {name: status.get(f"data-{name}").split() for name in FILTERS}


# The explorer ---------------------------------------------------------------------------

def test_explorer_lists_every_claim_with_its_filter_values(site, publication):
    items = explorer_items(site)
    assert sorted(items) == sorted(c.slug for c in publication.claims)
    for claim in publication.claims:
        item = items[claim.slug]
        assert item.get("data-verdict") == claim.verdict.key
        assert item.get("data-source").split() == list(dict.fromkeys(a.source for a in claim.appearances))
        assert item.get("data-claimant").split() == [who.id for who in claim.claimants]
        assert item.get("data-kind").split() == list(dict.fromkeys(who.kind for who in claim.claimants))
        assert item.get("data-tag").split() == [tag_slug(t) for t in claim.tags]
        assert item.get("data-year") == str(claim.claim_date.year)
        assert item.get("data-date") == claim.claim_date.isoformat()
        # The words the text filter finds it by: every name of its claimants included.
        assert item.get("data-text") == pages.search_words(
            [claim.claim, claim.summary, *claim.claimant_names, *(a.quote for a in claim.appearances)])
        # What a reader sees without JavaScript: badge, claim, claimants, date.
        text = " ".join(item.text_content().split())
        assert claim.verdict.label in text and claim.claimed_by in text and pages.long_date(claim.claim_date) in text
    dates = [item.get("data-date") for item in items.values()]
    assert dates == sorted(dates, reverse=True)  # newest first; explorer.js reverses it for sort=oldest


def test_explorer_offers_exactly_the_publications_values_with_labels(site, publication):
    options = explorer_options(site)
    claims = publication.claims
    assert options["verdict"] == [v.key for v in publication.scale.verdicts if publication.claims_by_verdict[v.key]]
    assert sorted(options["source"]) == sorted({a.source for c in claims for a in c.appearances})
    with_claims = publication.sorted_claimants(with_claims=True)
    assert options["claimant"] == [who.id for who in with_claims] == sorted(publication.claimants, key=lambda i: (
        publication.claimants[i].name.casefold(), i))
    assert options["kind"] == [kind for kind in CLAIMANT_KINDS if any(who.kind == kind for who in with_claims)]
    assert options["tag"] == [tag_slug(t) for t in publication.claims_by_tag]
    assert options["year"] == sorted({str(c.claim_date.year) for c in claims}, reverse=True)
    # explorer.js takes each option's label from an element of the page; every value has one.
    page = article(site / "claims" / "explorer" / "index.html")
    labels = {name: {a.get("data-fd-value"): " ".join(a.text_content().split())
                     for a in page.xpath(f".//*[@data-fd-facet='{name}']")} for name in FILTERS[:5]}
    assert labels["verdict"] == {v.key: v.label for v in publication.scale.verdicts if v.key in options["verdict"]}
    assert labels["claimant"] == {who.id: who.name for who in with_claims}
    assert {kind: labels["kind"][kind] for kind in options["kind"]} == {
        kind: CLAIMANT_KIND_LABELS[kind][0] for kind in options["kind"]}
    assert set(labels["source"]) == set(options["source"])
    assert labels["tag"] == {tag_slug(t): t for t in publication.claims_by_tag}


def test_explorer_is_linked_from_the_nav_the_claims_index_and_the_home_page(site):
    assert 'href="explorer/"' in lxml.html.tostring(article(site / "claims" / "index.html"), encoding=str)
    assert 'href="claims/explorer/"' in lxml.html.tostring(article(site / "index.html"), encoding=str)
    nav = tree(site / "index.html").xpath("//nav[contains(@class, 'md-nav--primary')]")[0]
    assert {"claims/explorer/", "claimants/"} <= set(nav.xpath(".//a/@href"))
    explorer = (site / "claims" / "explorer" / "index.html").read_text()
    assert 'src="../../javascripts/explorer.js"' in explorer
    assert (site / "javascripts" / "explorer.js").is_file()


def test_explorer_page_is_kept_out_of_search(site):
    locations = {d["location"] for d in json.loads((site / "search" / "search_index.json").read_text())["docs"]}
    assert not any(loc.startswith("claims/explorer/") for loc in locations)
    assert "claimants/yoshimasa-hayashi/" in locations


# Claimants ------------------------------------------------------------------------------

def test_every_claimant_has_a_page_with_a_scorecard_of_their_claims(site, publication):
    index = article(site / "claimants" / "index.html")
    # Grouped by kind, in the order of the kinds; each with the count of their claims, which opens them.
    groups = [h2.get("id") for h2 in index.xpath(".//h2")]
    assert groups == [kind for kind in CLAIMANT_KINDS if any(c.kind == kind for c in publication.claimants.values())]
    listed = {item.xpath(".//a/@href")[0]: item.xpath(".//a")[1].text_content() for item in index.xpath(".//li")}
    claims_of = publication.claims_by_claimant
    assert listed == {f"{who}/": f"{len(claims)} claim{'s' if len(claims) != 1 else ''} checked"
                      for who, claims in claims_of.items()}
    for claimant in publication.claimants.values():
        page = article(site / "claimants" / claimant.id / "index.html")
        text = " ".join(page.text_content().split())
        assert page.xpath(".//h1")[0].text_content().strip("¶ ") == claimant.name
        assert f"We checked {len(claims_of[claimant.id])} claim" in text
        assert "not everything" in text  # the caveat: counts are of what was checked
        assert typographic(claimant.description or "") in text
        assert all(typographic(name) in text for name in claimant.other_names)
        assert set(page.xpath(".//a[starts-with(@href, 'http')]/@href")) == set(claimant.same_as)
        linked = {href.split("/")[-2] for href in page.xpath(".//a/@href") if href.startswith("../../claims/")
                  and "explorer" not in href}
        assert linked == {c.slug for c in claims_of[claimant.id]}


def test_claim_pages_link_their_claimants_and_their_author(site, publication):
    for claim in publication.claims:
        page = article(site / "claims" / claim.slug / "index.html")
        # The claim card: who made it, then where.
        claimed_by = page.xpath(".//p[contains(@class, 'fd-card__who')]/a/@href")
        # (Where, unless the claimant is its publisher.)
        where = publication.sources[claim.appearances[0].source]
        by_publisher = where.publisher in [who.name for who in claim.claimants]
        assert claimed_by == [*(f"../../claimants/{who.id}/" for who in claim.claimants),
                              *([] if by_publisher else [f"../../sources/{where.id}/"])]
        checked_by = page.xpath(".//p[contains(@class, 'fd-byline')]/a/@href")
        assert checked_by == [f"../../people/{claim.author.id}/"]


# Scorecards -----------------------------------------------------------------------------

def _scorecard_pages(site: Path, publication: Publication):
    for source_id, claims in publication.claims_appearing_in.items():
        yield site / "sources" / source_id / "index.html", claims
    for claimant in publication.sorted_claimants(with_claims=True):
        yield site / "claimants" / claimant.id / "index.html", publication.claims_by_claimant[claimant.id]


def test_every_scorecard_bar_opens_its_claims_in_the_explorer(site, publication):
    options = explorer_options(site)
    items = explorer_items(site)
    for path, claims in _scorecard_pages(site, publication):
        rows = article(path).xpath(".//table[.//*[contains(@class, 'fd-bar')]]/tbody/tr")
        assert [r.xpath(".//a[contains(@class, 'fd-verdict')]")[0].get("href").split("/")[-2] for r in rows] \
            == list(publication.scale.keys), path  # one bar per verdict of the scale, in its order
        for row, verdict in zip(rows, publication.scale.verdicts):
            rated = [c for c in claims if c.verdict == verdict]
            assert int(row.xpath("td[2]")[0].text_content()) == len(rated)
            bars = row.xpath(".//a[contains(@class, 'fd-bar')]")
            if not rated:
                assert not bars and row.xpath(".//*[contains(@class, 'fd-bar--none')]")
                continue
            (bar,) = bars
            assert f"fd-verdict--{verdict.key}" in bar.get("class")  # drawn in the verdict's colour
            assert re.search(rf"\b{len(rated)} claims? rated {re.escape(verdict.label)}\b", bar.text_content())
            assert bar.get("style") == f"--fd-share:{100 * len(rated) / len(claims):.4g}%"
            address = urlsplit(bar.get("href"))
            target = (path.parent / address.path).resolve()
            assert target == (site / "claims" / "explorer").resolve(), bar.get("href")
            query = dict(parse_qsl(address.query))
            assert set(query) <= set(FILTERS) and query["verdict"] == verdict.key
            assert all(value in options[name] for name, value in query.items())
            shown = [slug for slug, item in items.items()
                     if all(value in item.get(f"data-{name}").split() for name, value in query.items())]
            assert sorted(shown) == sorted(c.slug for c in rated), bar.get("href")


def test_every_link_with_a_query_leads_to_the_explorer_with_known_values(site):
    options = explorer_options(site)
    for path in site.rglob("*.html"):
        for href in tree(path).xpath(".//a/@href"):
            address = urlsplit(href)
            if address.scheme or not address.query:
                continue
            assert (path.parent / address.path).resolve() == (site / "claims" / "explorer").resolve(), (path, href)
            assert all(name in FILTERS and value in options[name] for name, value in parse_qsl(address.query))


# Hostile text ---------------------------------------------------------------------------

HOSTILE = '<img src=x onerror=alert(1)> "&'


def test_hostile_text_is_escaped_on_every_reader_page(tmp_path):
    project = copy_project(tmp_path / "project", MINI)
    claimant = project / "claimants" / "mayor-ann-example.yml"
    claimant.write_text(claimant.read_text().replace("name: Mayor Ann Example", f"name: '{HOSTILE}'"))
    claim = project / "claims" / "bridge-opened-in-1990.yml"
    claim.write_text(claim.read_text()
                     .replace("claim: The harbour bridge opened in 1990.",
                              "claim: 'Opened in 1990 </script><script>alert(2)</script> {: .x } \"q\" &amp;'"))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.output
    for path in result.site.rglob("*.html"):
        html = path.read_text()
        assert "<img src=x" not in html and "<script>alert" not in html, path
    slug = "mayor-ann-example"
    page = article(result.site / "claimants" / slug / "index.html")
    # Shown as typed, but for its straight quotation mark, set typographically like any other.
    assert page.xpath(".//h1")[0].text_content().strip("¶ ") == typographic(HOSTILE)
    explorer = article(result.site / "claims" / "explorer" / "index.html")
    (item,) = explorer.xpath(f".//li[@data-claimant='{slug}']")
    assert item.xpath(".//a[@data-fd-facet='claimant']")[0].text_content() == typographic(HOSTILE)
    assert item.xpath(".//a[contains(@class, 'fd-explorer__claim')]")[0].text_content() == \
        '“Opened in 1990 </script><script>alert(2)</script> {: .x } “q” &amp;”'
    assert re.fullmatch(r"[a-z0-9 ]+", item.get("data-text")) and "onerror" in item.get("data-text")
    claim_page = article(result.site / "claims" / "bridge-opened-in-1990" / "index.html")
    assert claim_page.xpath(f".//a[@href='../../claimants/{slug}/']")[0].text_content() == typographic(HOSTILE)
