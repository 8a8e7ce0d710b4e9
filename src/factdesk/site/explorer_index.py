"""The claims explorer's index: what theme/javascripts/explorer.js filters and shows of each claim,
written beside the explorer's page (`pages.EXPLORER_DATA`) as small scripts that it loads as it
needs them, so that the page itself holds no claim.

- `facets.js`: each filter's values with their labels, how many claims have each and in which
  chunks (verdicts, sources with their publisher and date, claimants with their kind, kinds of
  claimant, tags, years), once for all claims; and the list of chunks.
- `claims-<name>.js`: the claims, newest first, a few hundred to a chunk: each claim's address slug,
  text, verdict, claimants, dates, sources and tags, the ids labelled in the facets.
- `words-<name>.js`: for each claim of the chunk of the same name, the folded words the free-text
  filter looks in; loaded only once a reader types words.

Scripts rather than JSON: the offline edition is opened from file://, where Chromium refuses
`fetch()` but runs a `<script src>`. Each file hands its data to `factdeskExplorer.receive(name, data)`.

Chunks end where a claim's slug says (content-defined chunking), not every so many claims, and a
chunk is named after the claim it ends with: a claim added or removed changes its own chunk, and
seldom the next, not every chunk after it; a verdict edited changes one chunk and the facets. A
preview's `--dirty` build then copies only those (generated_files). The facets give each chunk a
version, a hash of its content, which the script adds to its address (`?v=`): a browser that kept
a chunk from an earlier edition fetches the new one.

The paths are known before the texts (`planned_files`), as the pages' are: a build's second process
writes the texts (page_writer), after the pages.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from factdesk.data.fields import CLAIMANT_KIND_LABELS
from factdesk.data.model import Claim, Publication
from factdesk.data.records import tag_slug
from factdesk.data.typography import as_shown
from factdesk.languages import interface, verdict_scale
from factdesk.languages.interface import gettext, long_date
from factdesk.site import pages
from factdesk.site.memo import Memo

FACETS = "facets"
RECEIVER = "factdeskExplorer.receive"
# A chunk holds at least CHUNK_LEAST claims and at most CHUNK_MOST; in between, it ends with a claim
# whose slug's CRC-32 is a multiple of CHUNK_ODDS: CHUNK_LEAST + CHUNK_ODDS claims on average.
CHUNK_LEAST = 300
CHUNK_ODDS = 300
CHUNK_MOST = 1200
FILTERS = ("verdict", "source", "claimant", "kind", "tag", "year")
"""The facets, as the explorer's address names them (`pages.explorer_query`)."""

Record = tuple[str, str, str, tuple[str, ...], str, str, tuple[str, ...], tuple[str, ...]]
"""A claim in a chunk: slug, claim (as a page sets it, without quotation marks), verdict key,
claimant ids, date made (ISO), date made (as pages write it), source ids, tag slugs."""


def data_path(name: str) -> str:
    """Where the index file `name` is, among the docs."""
    return f"{pages.EXPLORER_DATA}/{name}.js"


def chunked(claims: Sequence[Claim]) -> list[Sequence[Claim]]:
    """`claims`, in their order, cut where content-defined chunking says (see the module)."""
    cut, start = [], 0
    for end, claim in enumerate(claims, start=1):
        size = end - start
        if size >= CHUNK_MOST or size >= CHUNK_LEAST and zlib.crc32(claim.slug.encode()) % CHUNK_ODDS == 0:
            cut.append(claims[start:end])
            start = end
    if start < len(claims):
        cut.append(claims[start:])
    return cut


def chunk_name(last: str) -> str:
    """A chunk's name, after the slug of the claim it ends with."""
    return hashlib.sha256(last.encode()).hexdigest()[:10]


@dataclass(frozen=True)
class _Chunk:
    name: str  # after the claim it ends with: the same while that claim is
    claims: Sequence[Claim]


def planned_files(publication: Publication, memo: Memo | None = None) -> list[pages.PlannedPage]:
    """The explorer's index of `publication`'s claims, in its language, each text made when asked
    for: each chunk's claims and words, then the facets (see the module)."""
    index = _Index(publication, memo or Memo())
    planned = []
    for chunk in index.chunks:
        planned += [pages.PlannedPage(data_path(f"{kind}-{chunk.name}"), index.maker(kind, chunk))
                    for kind in ("claims", "words")]
    return [*planned, pages.PlannedPage(data_path(FACETS), index.facets)]


def index_files(publication: Publication, memo: Memo | None = None) -> list[pages.Page]:
    """The texts of `planned_files`."""
    return [planned.page() for planned in planned_files(publication, memo)]


class _Index:
    """The publication's claims cut into chunks, and what makes each file's text; kept in `memo`,
    so that a preview's rebuild makes again only what an edit changed."""

    def __init__(self, publication: Publication, memo: Memo) -> None:
        self.publication, self.memo, self.language = publication, memo, publication.language
        self.chunks = [_Chunk(chunk_name(claims[-1].slug), claims)
                       for claims in chunked(pages.by_claim_date(publication.claims))]

    def maker(self, kind: str, chunk: _Chunk) -> Callable[[], str]:
        return lambda: self.script(kind, chunk)

    def data(self, kind: str, chunk: _Chunk) -> tuple[Record, ...] | tuple[str, ...]:
        if kind == "words":
            return tuple(self.memo.get(("explorer-words", claim), lambda claim=claim: _words(claim))
                         for claim in chunk.claims)
        with interface.speaking(self.language):
            return tuple(self.memo.get(("explorer-record", self.language, claim), lambda claim=claim: _record(claim))
                         for claim in chunk.claims)

    def script(self, kind: str, chunk: _Chunk) -> str:
        data = self.data(kind, chunk)
        return self.memo.get(("explorer-script", kind, chunk.name, data), lambda: _script(f"{kind}-{chunk.name}", data))

    def facets(self) -> str:
        # Everything a facet counts is in the chunks' scripts (the claimants' kinds in their records):
        # under a preview's memo, a rebuild that changed no claim's script counts nothing again.
        scripts = tuple((chunk.name, self.script("claims", chunk), self.script("words", chunk)) for chunk in self.chunks)
        publication = self.publication
        return self.memo.get(("explorer-facets", self.language, scripts, publication.scale,
                              tuple(publication.sources.values()), tuple(publication.claimants.values()),
                              tuple(publication.claims_by_tag)), lambda: self._facets(scripts))

    def _facets(self, scripts: tuple[tuple[str, str, str], ...]) -> str:
        tally = _Tally()
        chunks = []
        for at, (chunk, (_, *texts)) in enumerate(zip(self.chunks, scripts)):
            for claim in chunk.claims:
                tally.add("verdict", (claim.verdict.key,), at)
                tally.add("source", tuple(dict.fromkeys(a.source for a in claim.appearances)), at)
                tally.add("claimant", tuple(who.id for who in claim.claimants), at)
                tally.add("kind", tuple(dict.fromkeys(who.kind for who in claim.claimants)), at)
                tally.add("tag", tuple(tag_slug(t) for t in claim.tags), at)
                tally.add("year", (str(claim.claim_date.year),), at)
            chunks.append([chunk.name, hashlib.sha256("".join(texts).encode()).hexdigest()[:10], len(chunk.claims)])
        with interface.speaking(self.language):
            values = self._labels()
        # The years, newest first, are named by themselves.
        values = {**values, "year": [(year, ()) for year in sorted(tally.counts["year"], reverse=True)]}
        facets = {facet: tally.entries(facet, values[facet], len(self.chunks)) for facet in FILTERS}
        return _script(FACETS, {"claims": len(self.publication.claims), "chunks": chunks, "folders": _folders(),
                                **facets})

    def _labels(self) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
        """Each filter's values, in the order the explorer offers them, with what names them (but the
        years')."""
        publication = self.publication
        return {
            "verdict": [(v.key, (as_shown(verdict_scale.label(v)),)) for v in publication.scale.verdicts],
            # A source by its publisher, with its date for the filter's option and for a claim made another day.
            "source": [(s.id, (as_shown(s.publisher), long_date(s.published))) for s in publication.sorted_sources()],
            "claimant": [(who.id, (as_shown(who.name), who.kind)) for who in publication.sorted_claimants()],
            "kind": [(kind, (gettext(label),)) for kind, (label, _) in CLAIMANT_KIND_LABELS.items()],
            "tag": [(tag_slug(tag), (as_shown(tag),)) for tag in publication.claims_by_tag],
        }


def _record(claim: Claim) -> Record:
    return (claim.slug, as_shown(claim.claim), claim.verdict.key, tuple(who.id for who in claim.claimants),
            claim.claim_date.isoformat(), long_date(claim.claim_date),
            tuple(dict.fromkeys(a.source for a in claim.appearances)), tuple(tag_slug(t) for t in claim.tags))


def _words(claim: Claim) -> str:
    # What the text filter finds a claim by: its words, its summary's, every name of its claimants
    # and the quotes of it.
    return pages.search_words([claim.claim, claim.summary, *claim.claimant_names,
                               *(a.quote for a in claim.appearances)])


def _script(name: str, data: object) -> str:
    # JSON is JavaScript; U+2028 and U+2029 are escaped for the engines from before they were allowed in strings.
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"{RECEIVER}({json.dumps(name)},{text});\n"


def _mask(bits: int, chunks: int) -> str:
    """The chunks a value is found in, as hex digits: the first digit for chunks 0 to 3 (its lowest
    bit for chunk 0), the next for chunks 4 to 7, and so on."""
    return "".join("0123456789abcdef"[(bits >> 4 * digit) & 15] for digit in range((chunks + 3) // 4))


class _Tally:
    """How many claims have each value of each facet, and in which chunks."""

    def __init__(self) -> None:
        self.counts: dict[str, dict[str, int]] = {name: {} for name in FILTERS}
        self.chunks: dict[str, dict[str, int]] = {name: {} for name in FILTERS}

    def add(self, facet: str, values: Sequence[str], chunk: int) -> None:
        counts, chunks = self.counts[facet], self.chunks[facet]
        for value in values:
            counts[value] = counts.get(value, 0) + 1
            chunks[value] = chunks.get(value, 0) | 1 << chunk

    def entries(self, facet: str, values: Sequence[tuple[str, tuple[str, ...]]], chunks: int) -> list[list[object]]:
        """Each of `values` (a value and its labels) that a claim has: value, count, chunks, labels."""
        counts = self.counts[facet]
        return [[value, counts[value], _mask(self.chunks[facet][value], chunks), *labels]
                for value, labels in values if value in counts]


def _folders() -> dict[str, str]:
    """The folders of the pages an item links, for the script to make their addresses."""
    return {"claim": posixpath.dirname(pages.EXPLORER), "claimant": posixpath.dirname(pages.claimant_path("x")),
            "source": posixpath.dirname(pages.source_path("x")), "tag": posixpath.dirname(pages.tag_path("x"))}
