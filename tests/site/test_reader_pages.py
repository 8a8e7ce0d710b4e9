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
from ..explorer_index import built_index

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


def explorer_items(site: Path) -> dict[str, dict[str, list[str]]]:
    """The claims of the explorer's index, by slug, in its order, with their value of each filter."""
    index = built_index(site)
    return {claim.slug: index.values(claim) for claim in index.claims}


def explorer_options(site: Path) -> dict[str, list[str]]:
    """Each filter's values, in the order explorer.js offers them."""
    index = built_index(site)
    return {name: index.options(name) for name in FILTERS}


# The explorer ---------------------------------------------------------------------------

def test_the_explorer_page_holds_no_claim_and_links_the_lists_that_hold_them_all(site, publication):
    page = article(site / "claims" / "explorer" / "index.html")
    text = " ".join(page.text_content().split())
    assert f"We checked {len(publication.claims)} claims. The filters need JavaScript." in text
    assert not any(claim.claim in text for claim in publication.claims)
    links = page.xpath(".//p[contains(@class, 'fd-explorer__lists')]/following-sibling::ul[1]//a")
    assert [(a.text_content(), a.get("href")) for a in links] == [
        (f"All {len(publication.claims)} claims", "../"), ("By verdict", "../../verdicts/"),
        ("By source", "../../sources/"), ("By claimant", "../../claimants/"), ("By tag", "../../tags/"),
        ("By story", "../../stories/")]
    # A badge of each verdict, for the script to copy, with Material's icon; and where the index is.
    badges = page.xpath(".//p[contains(@class, 'fd-explorer__badges')]/a")
    assert [a.get("data-fd-badge") for a in badges] == list(publication.scale.keys)
    assert all(a.xpath(".//svg") and a.get("href") == f"../../{a.get('data-fd-path')}/" for a in badges)
    assert page.xpath(".//*[@id='fd-explorer']/@data-fd-index") == [f"{pages.EXPLORER_DATA}/"]


def test_explorer_index_holds_every_claim_with_its_filter_values(site, publication):
    index = built_index(site)
    assert [claim.slug for claim in index.claims] == [c.slug for c in pages.by_claim_date(publication.claims)]
    by_slug = {claim.slug: claim for claim in index.claims}
    for claim in publication.claims:
        shown = by_slug[claim.slug]
        values = index.values(shown)
        assert values["verdict"] == [claim.verdict.key] and shown.claim == typographic(claim.claim)
        assert values["source"] == list(dict.fromkeys(a.source for a in claim.appearances))
        assert values["claimant"] == [who.id for who in claim.claimants]
        assert values["kind"] == list(dict.fromkeys(who.kind for who in claim.claimants))
        assert values["tag"] == [tag_slug(t) for t in claim.tags]
        assert values["year"] == [str(claim.claim_date.year)]
        assert shown.made == claim.claim_date.isoformat() and shown.date == pages.long_date(claim.claim_date)
        # The words the text filter finds it by: every name of its claimants included.
        assert shown.words == pages.search_words(
            [claim.claim, claim.summary, *claim.claimant_names, *(a.quote for a in claim.appearances)])


def test_explorer_offers_exactly_the_publications_values_with_labels(site, publication):
    index = built_index(site)
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
    labels = {name: {entry[0]: entry[3:] for entry in index.facets[name]} for name in FILTERS}
    assert labels["verdict"] == {v.key: [v.label] for v in publication.scale.verdicts if v.key in options["verdict"]}
    assert labels["claimant"] == {who.id: [typographic(who.name), who.kind] for who in with_claims}
    assert labels["kind"] == {kind: [CLAIMANT_KIND_LABELS[kind][0]] for kind in options["kind"]}
    assert labels["source"] == {s: [typographic(publication.sources[s].publisher),
                                    pages.long_date(publication.sources[s].published)] for s in options["source"]}
    assert labels["tag"] == {tag_slug(t): [t] for t in publication.claims_by_tag}


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
            shown = [slug for slug, values in items.items()
                     if all(value in values[name] for name, value in query.items())]
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
    # The explorer's index holds the text as typed (typographic), which its script shows as text.
    index = built_index(result.site)
    (claimant,) = [entry for entry in index.facets["claimant"] if entry[0] == slug]
    assert claimant[3] == typographic(HOSTILE)
    (claim,) = [claim for claim in index.claims if claim.claimants == [slug]]
    assert claim.claim == typographic("Opened in 1990 </script><script>alert(2)</script> {: .x } \"q\" &amp;")
    assert re.fullmatch(r"[a-z0-9 ]+", claim.words) and "onerror" in claim.words
    claim_page = article(result.site / "claims" / "bridge-opened-in-1990" / "index.html")
    assert claim_page.xpath(f".//a[@href='../../claimants/{slug}/']")[0].text_content() == typographic(HOSTILE)
