"""The claims explorer's index (factdesk.site.explorer_index), made from a publication of a few
thousand claims without a build: what each chunk holds, in what order, what the facets count, and
that the same claims make the same bytes, an edit changing only the files that show it."""

from __future__ import annotations

import zlib
from dataclasses import replace
from datetime import timedelta

import pytest

from factdesk.data.loader import load_publication
from factdesk.data.model import Publication
from factdesk.data.records import tag_slug
from factdesk.data.typography import as_shown
from factdesk.languages import interface, verdict_scale
from factdesk.site import explorer_index, pages
from factdesk.site.memo import Memo

from ..conftest import REPO
from ..explorer_index import Index, read_index, read_script

CLAIMS = 2500


def grown(publication: Publication, claims: int) -> Publication:
    """`publication` with `claims` claims: its own, again and again under new slugs, three to a day
    back from its newest."""
    made = [replace(c, slug=f"{c.slug}-{at}", claim_date=c.claim_date - timedelta(days=at // 3))
            for at in range(claims) for c in [publication.claims[at % len(publication.claims)]]]
    return Publication(settings=publication.settings, claims=tuple(made), sources=publication.sources,
                       claimants=publication.claimants, people=publication.people)


@pytest.fixture(scope="module")
def publication() -> Publication:
    return grown(load_publication(REPO), CLAIMS)


def texts(publication: Publication, memo: Memo | None = None) -> dict[str, str]:
    return {file.path: file.text for file in explorer_index.index_files(publication, memo)}


@pytest.fixture(scope="module")
def files(publication: Publication) -> dict[str, str]:
    return texts(publication)


@pytest.fixture(scope="module")
def index(files: dict[str, str]) -> Index:
    return read_index(files.__getitem__)


def test_the_chunks_hold_every_claim_once_newest_first(publication: Publication, index: Index):
    assert [c.slug for c in index.claims] == [c.slug for c in pages.by_claim_date(publication.claims)]
    made = [c.made for c in index.claims]
    assert made == sorted(made, reverse=True)
    assert index.facets["claims"] == CLAIMS
    assert len(index.facets["chunks"]) > 3


def test_each_claim_has_what_the_explorer_filters_and_shows(publication: Publication, index: Index):
    by_slug = {c.slug: c for c in publication.claims}
    with interface.speaking(publication.language):
        for shown in index.claims:
            claim = by_slug[shown.slug]
            assert shown.claim == as_shown(claim.claim)
            assert shown.verdict == claim.verdict.key
            assert shown.claimants == [who.id for who in claim.claimants]
            assert shown.made == claim.claim_date.isoformat() and shown.date == pages.long_date(claim.claim_date)
            assert shown.sources == list(dict.fromkeys(a.source for a in claim.appearances))
            assert shown.tags == [tag_slug(t) for t in claim.tags]
            # The words the text filter finds it by: every name of its claimants included.
            assert shown.words == pages.search_words(
                [claim.claim, claim.summary, *claim.claimant_names, *(a.quote for a in claim.appearances)])


def test_the_facets_count_each_value_name_it_and_say_which_chunks_hold_it(publication: Publication, index: Index):
    for facet in explorer_index.FILTERS:
        for value, count, mask, *_ in index.facets[facet]:
            holding = [c for c in index.claims if value in index.values(c)[facet]]
            assert count == len(holding), (facet, value)
            chunks = {c.chunk for c in holding}
            assert {at for at in range(len(index.facets["chunks"]))
                    if int(mask[at // 4], 16) >> at % 4 & 1} == chunks, (facet, value, mask)
        # Every value a claim has is offered, once.
        assert sorted(index.options(facet)) == sorted({v for c in index.claims for v in index.values(c)[facet]})
    claims = publication.claims
    assert index.options("verdict") == [v.key for v in publication.scale.verdicts
                                        if publication.claims_by_verdict[v.key]]
    assert index.options("claimant") == [who.id for who in publication.sorted_claimants(with_claims=True)]
    assert index.options("tag") == [tag_slug(t) for t in publication.claims_by_tag]
    assert index.options("year") == sorted({str(c.claim_date.year) for c in claims}, reverse=True)
    with interface.speaking(publication.language):
        labels = {facet: {entry[0]: entry[3:] for entry in index.facets[facet]} for facet in explorer_index.FILTERS}
        assert labels["verdict"] == {v.key: [verdict_scale.label(v)] for v in publication.scale.verdicts
                                     if v.key in labels["verdict"]}
        assert labels["source"] == {s: [as_shown(publication.sources[s].publisher),
                                        pages.long_date(publication.sources[s].published)] for s in labels["source"]}
        assert labels["claimant"] == {who: [as_shown(publication.claimants[who].name), publication.claimants[who].kind]
                                      for who in labels["claimant"]}
        assert labels["kind"]["government"] == [interface.gettext("Government body")]
        assert labels["tag"] == {tag_slug(t): [t] for t in publication.claims_by_tag}
    assert index.facets["folders"] == {"claim": "claims", "claimant": "claimants", "source": "sources", "tag": "tags"}


def test_chunks_end_where_a_claims_slug_says(index: Index, files: dict[str, str]):
    chunks = index.facets["chunks"]
    for at, (name, version, size) in enumerate(chunks):
        last = [c for c in index.claims if c.chunk == at][-1]
        if at < len(chunks) - 1:
            assert explorer_index.CHUNK_LEAST <= size <= explorer_index.CHUNK_MOST
            assert size == explorer_index.CHUNK_MOST or zlib.crc32(last.slug.encode()) % explorer_index.CHUNK_ODDS == 0
        # Named after the claim it ends with; versioned by its content.
        assert name == explorer_index.chunk_name(last.slug)
        assert len(version) == 10
    assert set(files) == {explorer_index.data_path(name) for name in
                          ["facets", *(f"{kind}-{chunk[0]}" for chunk in chunks for kind in ("claims", "words"))]}


def test_the_same_claims_make_the_same_bytes(publication: Publication, files: dict[str, str]):
    assert texts(publication) == files
    memo = Memo()
    texts(publication, memo)
    memo.end_build()
    assert texts(publication, memo) == files  # a preview's second build, from its memo


def test_a_verdict_edit_changes_one_chunk_and_the_facets(publication: Publication, files: dict[str, str], index: Index):
    edited = index.claims[len(index.claims) // 2]
    verdict = next(v for v in publication.scale.verdicts if v.key != edited.verdict)
    claims = tuple(replace(c, verdict=verdict) if c.slug == edited.slug else c for c in publication.claims)
    changed = texts(replace(publication, claims=claims))
    chunk = index.facets["chunks"][edited.chunk][0]
    assert sorted(path for path in files if changed.get(path) != files[path]) == sorted([
        explorer_index.data_path(f"claims-{chunk}"), explorer_index.data_path("facets")])
    assert changed.keys() == files.keys()


def test_a_claim_added_or_removed_changes_its_chunk_not_the_others(publication: Publication, files: dict[str, str],
                                                                   index: Index):
    removed = index.claims[len(index.claims) // 3]
    fewer = texts(replace(publication, claims=tuple(c for c in publication.claims if c.slug != removed.slug)))
    newest = index.claims[0]
    added = replace(publication.claims_by_slug[newest.slug], slug="a-claim-made-today",
                    claim_date=publication.claims_by_slug[newest.slug].claim_date + timedelta(days=1))
    more = texts(replace(publication, claims=(added, *publication.claims)))
    for edited in (fewer, more):
        kept = [path for path in files if edited.get(path) == files[path]]
        # The facets, and the chunk the claim is in or was: its claims and its words.
        assert len(files) - len(kept) <= 5, sorted(set(files) - set(kept))


def test_each_file_is_one_call_with_json_that_script_cannot_break_out_of(publication: Publication):
    claim = publication.claims[0]
    hostile = replace(claim, claim='</script><script>alert(1)</script> "quoted" \u2028 line \u2029 paragraph')
    edited = texts(replace(publication, claims=(hostile, *publication.claims[1:])))
    for path, text in edited.items():
        name, _ = read_script(text)
        assert path.endswith(f"/{name}.js")
        assert "\u2028" not in text and "\u2029" not in text
    shown = next(c for c in read_index(edited.__getitem__).claims if c.slug == claim.slug)
    assert shown.claim == as_shown(hostile.claim)


def test_a_preview_rebuild_from_its_memo_gives_what_a_fresh_build_gives(publication: Publication,
                                                                         index: Index):
    """After each of these edits in turn: a claim moved to a year no other has, a claim retagged, a
    claimant renamed."""
    memo = Memo()
    texts(publication, memo)
    memo.end_build()
    moved, retagged = index.claims[-1].slug, index.claims[7].slug
    who = publication.claims[0].claimants[0]
    renamed = {**publication.claimants, who.id: replace(who, name="Another name")}
    edits = [
        lambda c: replace(c, claim_date=c.claim_date.replace(year=1999)) if c.slug == moved else c,
        lambda c: replace(c, tags=("a new tag",)) if c.slug == retagged else c,
        lambda c: replace(c, claimants=tuple(renamed[w.id] for w in c.claimants)),
    ]
    edited = publication
    for edit in edits:
        edited = replace(edited, claims=tuple(edit(c) for c in edited.claims),
                         claimants=renamed if edit is edits[-1] else edited.claimants)
        rebuilt = texts(edited, memo)
        memo.end_build()
        assert rebuilt == texts(edited)
    facets = read_index(rebuilt.__getitem__).facets
    assert "1999" in [entry[0] for entry in facets["year"]] and "a-new-tag" in [entry[0] for entry in facets["tag"]]
    assert ["Another name", who.kind] in [entry[3:] for entry in facets["claimant"]]
