"""The site's search: Material's built-in search (lunr) or Pagefind, as `search:` in the settings says.

Material's search has the reader's browser download one index of every page's words, about 4.4 KB a
page (44 MB at 10,000 claims), and build it, before the first result. Pagefind writes its index in
chunks sorted by word, and the browser fetches only the chunks and page fragments a query needs.
Pagefind needs a web server, so the offline edition, read from files, always uses Material's, and so
does the `mkdocs serve` preview, which Pagefind would have to index whole after every edit.

This module decides what Pagefind indexes and runs it, and what either search's results are told of
the verdict scale; it does not know MkDocs (see mkdocs_adapter).

Results say what they are (theme/javascripts/search-results.js): a kind from the address, and on a
claim's result its verdict's badge, from its title ("<verdict>: <claim> (fact-check)") and the
scale that every page carries (`verdict_scale_meta`). Both come with the result or the page, never
in a file of their own, which the offline edition, read from files, could not fetch.

Index pages (claims/, sources/, claimants/, verdicts/, tags/, stories/ and the explorer) are left
out of both searches by their front matter, `search: {exclude: true}`: every word on them is a copy
of a page that is searched itself, a tab away on every page; at 10,000 claims they would add
megabytes to the index that Material's search has every reader download, and a weight low enough to
rank them below the pages they copy would leave them of no use. So is the editors' guide, for
editors and linked from every footer: its steps' headings ("2. Add the source") came second of 41
results for "source", above the sources themselves, even at a tenth of the weight.
"""

from __future__ import annotations

import html
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from factdesk.data.model import VerdictScale
from factdesk.languages import verdict_scale

LUNR = "lunr"
PAGEFIND = "pagefind"

# The languages whose words Material's search can stem, or for Japanese cut into words (its
# lunr-languages scripts, `lunr.<code>.min.js`, and TinySegmenter for Japanese). Chinese is not one:
# Material cuts it into words at build time with jieba, which factdesk does not install.
LUNR_LANGUAGES = frozenset({"ar", "da", "de", "du", "el", "es", "fi", "fr", "he", "hi", "hu", "hy", "it", "ja",
                            "kn", "ko", "nl", "no", "pt", "ro", "ru", "sa", "sv", "ta", "te", "th", "tr", "vi"})


def lunr_languages(site_languages: Iterable[str], source_languages: Iterable[str]) -> list[str]:
    """The languages Material's search is set for: the site's (Material's choice for the theme's
    language), then its sources', so that a word of a quote in Japanese or Russian is found as typed
    ("開通" within "来月開通する"). A language the search cannot stem or cut is left out: its words are
    matched as they are written."""
    found: list[str] = []
    for code in (language.split("-")[0].lower() for language in [*site_languages, *sorted(set(source_languages))]):
        if (code == "en" or code in LUNR_LANGUAGES) and code not in found:
            found.append(code)
    return found or ["en"]


JAPANESE_SEPARATORS = "\u3000、。，．"
"""What separates Japanese words besides spaces and hyphens: Material's separator for a Japanese site."""


def separator_for(separator: str, languages: Iterable[str]) -> str:
    """The search's word separator, with Japanese punctuation where Japanese is searched and the
    separator is the character class Material starts from (`[\\s\\-]+`)."""
    if "ja" in languages and separator.startswith("[\\s\\-") and "、" not in separator:
        return "[\\s\\-" + JAPANESE_SEPARATORS + separator[len("[\\s\\-"):]
    return separator


BUNDLE_DIR = "pagefind"
"""Where Pagefind's index and scripts go in the site: `pagefind/pagefind.js` and its chunks."""
VERDICTS_META = "factdesk:verdicts"
"""The name of the `<meta>` that gives the search results the verdict scale (`verdict_scale_meta`)."""


class IndexingFailed(RuntimeError):
    """Pagefind did not index the site: its message, for the build's error."""


def indexed_content(content: str, search: object, title: str | None = None) -> str:
    """A page's content as Pagefind is to read it, from the page's `search:` front matter and title.

    The content goes into a `data-pagefind-body` element: once one page has one, Pagefind indexes
    only such elements, so the header, navigation, table of contents and footer stay out, as they
    do from Material's index. A page whose front matter says `search: {exclude: true}` (the claims
    explorer, which repeats every claim) gets none, and is left out, as Material leaves it out.

    A boost below 1, which an editor may give a page of docs/, becomes the element's weight, which
    ranks every word of the page, headings included, lower in Pagefind's results as in Material's.
    Material's `search: {boost: 2}` on claim pages has no counterpart: a weight on the element
    would override the weight of the headings inside it (Pagefind weighs an `h1` 7 times plain
    text, and the claim is its page's `h1`), and that is what ranks a claim page first for the
    claim's words.

    `title` (the page's, HTML-escaped as MkDocs holds it) is the title of the page's result, as in
    Material's: a claim's says its verdict first, where Pagefind would take the page's `h1`."""
    if _excluded(search):
        return content
    # A section that lists other pages (a claim's "Read next"), which Material's search leaves out by
    # its heading's `data-search-exclude`, ends its page: Pagefind ignores it from that heading on.
    content = re.sub(r"(<h[1-6][^>]*\sdata-search-exclude[^>]*>.*)", r'<div data-pagefind-ignore="all">\1</div>',
                     content, count=1, flags=re.DOTALL)
    attributes = ["data-pagefind-body"]
    weight = _lower_weight(search)
    if weight is not None:
        attributes.append(f'data-pagefind-weight="{weight:g}"')
    if title:
        # "key:value", which Pagefind reads to the attribute's end: commas and colons stay in.
        attributes.append(f'data-pagefind-meta="title:{html.escape(html.unescape(title), quote=True)}"')
    return f"<div {' '.join(attributes)}>\n{content}\n</div>"


def _lower_weight(search: object) -> float | None:
    boost = search.get("boost") if isinstance(search, Mapping) else None
    if isinstance(boost, bool) or not isinstance(boost, (int, float)) or not 0 <= boost < 1:
        return None
    return float(boost)


def verdict_scale_meta(scale: VerdictScale) -> str:
    """The verdict scale for the search results, in every page's head: `[[label, key], ...]` as
    JSON, by which a claim's result finds the key of the verdict its title begins with."""
    # As the claims' titles give them: the default scale's labels in the language being written.
    pairs = json.dumps([[verdict_scale.label(verdict), verdict.key] for verdict in scale.verdicts],
                       ensure_ascii=False)
    return f'<meta name="{VERDICTS_META}" content="{html.escape(pairs, quote=True)}">'


def _excluded(search: object) -> bool:
    return isinstance(search, Mapping) and bool(search.get("exclude"))


# Pagefind's indexer holds every page it has read in memory, then copies them all to build the index:
# its peak grows with the site, 2.7-3.0 GiB at 10,000 claims (15,300 pages indexed). A large site is
# therefore indexed in parts, one after the other, each written as a bundle of its own, which the
# search box searches as one (Pagefind's `mergeIndex`, theme/assets/javascripts/pagefind-search.js).
# Each part takes every n-th page, so that each holds the same mix of claims, sources and listings:
# Pagefind ranks a page among the pages of its own bundle, and alike bundles rank alike. Measured in
# benchmarks/README.md, *Pagefind's memory*.

INDEXER_BYTES_PER_PAGE = 16 * 1024
INDEXER_BYTES_PER_TEXT_BYTE = 44
"""Pagefind's peak memory, as estimated from what it is given: so much per page, and so much per byte
of the pages' text (`_text_size`). Fitted to Pagefind 1.5.2's peaks on the claim, source and
claimant pages of a synthetic publication of 10,000 claims, without `PAGEFIND_ALLOCATOR`: 0-6 % over
on those pages, 83 % over on its listings, 17 % over on the whole site (3,273 MiB, against 2,788)."""
BUNDLE_MEMORY = 896 * 1024 * 1024
"""The most memory Pagefind may use at a time, as estimated: a site estimated above it is indexed in
as many bundles as it takes. 10,000 claims take 4 bundles: 565-665 MiB measured, 787-798 MiB with
Pagefind's allocator as it is."""
PAGEFIND_ALLOCATOR = "dirty_decay_ms:0,muzzy_decay_ms:0"
"""For the allocator of Pagefind's Linux binary (jemalloc, which reads `_RJEM_MALLOC_CONF`): memory given
back as soon as it is freed, which lowers Pagefind's peak by a quarter to a third (a quarter of the
10,000-claim site: 730 MiB, and 490-540 MiB so), in as long. Pagefind's other builds have another
allocator, and no use for it."""
PAGEFIND_CHUNK_LOCATIONS = 20_000
"""How many of its words' locations Pagefind puts in each chunk of its index (its default)."""
MERGED_BUNDLES = "factdesk-bundles.json"
"""In the first bundle: the folders of the other bundles (`["2/", "3/"]`), relative to it."""
STAGING_PREFIX = ".pagefind-"
"""The folder beside the site in which each bundle's pages are linked for Pagefind, while it runs."""

_BODY = b"data-pagefind-body"
_IGNORED = b"data-pagefind-ignore"
_TAG = re.compile(rb"<[^>]*>")


@dataclass(frozen=True)
class IndexSummary:
    pages: int
    bundle: Path
    bundles: int


def build_index(site_dir: Path, memory: int = BUNDLE_MEMORY) -> IndexSummary:
    """Pagefind's index of a built site, written into `site_dir/pagefind/`, in as many bundles as
    keep Pagefind's estimated memory within `memory`: the first in `pagefind/`, the others in
    `pagefind/2/`, `pagefind/3/`…, listed in the first's `factdesk-bundles.json`.

    Pagefind reads the pages that have a `data-pagefind-body` element (`indexed_content`), and only
    those. It runs as the binary of the `pagefind[bin]` wheel (`python -m pagefind`), which also
    writes the browser's side: `pagefind.js`, its worker and WebAssembly, and the optional UIs."""
    site_dir = site_dir.resolve()  # Pagefind runs in each part's folder
    bundle = site_dir / BUNDLE_DIR
    # A dirty build or a preview rebuild writes into the same folder: chunks of an earlier index,
    # under other hashed names, would stay forever.
    shutil.rmtree(bundle, ignore_errors=True)
    pages = indexed_pages(site_dir)
    if not pages:
        raise IndexingFailed(f"Pagefind could not index {site_dir}: no page of it has a data-pagefind-body "
                             "element, which factdesk's hook gives every page to be searched")
    parts = bundles(pages, memory)
    # Each part's pages are linked (copied where links cannot be made) at their paths in the site, into
    # a folder of its own beside it: Pagefind takes a folder, and the paths in it for the pages' addresses.
    with tempfile.TemporaryDirectory(prefix=STAGING_PREFIX, dir=site_dir.parent) as staging:
        for number, part in enumerate(parts, start=1):
            folder = Path(staging) / str(number)
            for path in part:
                _link(site_dir / path, folder / path)
            _run_pagefind(folder, bundle if number == 1 else bundle / str(number), site_dir, len(parts))
            shutil.rmtree(folder)
    (bundle / MERGED_BUNDLES).write_text(json.dumps([f"{number}/" for number in range(2, len(parts) + 1)]),
                                         encoding="utf-8")
    indexed = len(list(bundle.rglob("*.pf_fragment")))  # one fragment per indexed page
    return IndexSummary(indexed, bundle, len(parts))


def indexed_pages(site_dir: Path) -> dict[str, int]:
    """Each page of the site that Pagefind is to index, by its path in the site, with the size of its
    text (`_text_size`)."""
    found = {}
    for page in sorted(site_dir.rglob("*.html")):
        size = _text_size(page.read_bytes())
        if size is not None:
            found[page.relative_to(site_dir).as_posix()] = size
    return found


def _text_size(html: bytes) -> int | None:
    """The bytes of text a page gives Pagefind, roughly: from its `data-pagefind-body` element up to
    the first part Pagefind ignores (a claim's "Read next", which ends its page) or the article's end,
    tags taken out. None for a page without that element, which Pagefind does not index."""
    start = html.find(_BODY)
    if start < 0:
        return None
    end = min((at for at in (html.find(_IGNORED, start), html.find(b"</article>", start)) if at >= 0),
              default=len(html))
    return len(_TAG.sub(b" ", html[start:end]))


def estimated_memory(pages: Mapping[str, int]) -> int:
    """Pagefind's peak memory, in bytes, to index `pages` (`indexed_pages`) at once."""
    return len(pages) * INDEXER_BYTES_PER_PAGE + sum(pages.values()) * INDEXER_BYTES_PER_TEXT_BYTE


def bundles(pages: Mapping[str, int], memory: int) -> list[list[str]]:
    """The pages split into as few bundles as keep Pagefind's estimated memory within `memory`, each
    taking every n-th page in the order of their paths, so that each bundle holds the same mix."""
    count = max(1, min(len(pages), math.ceil(estimated_memory(pages) / memory)))
    ordered = sorted(pages)
    return [ordered[first::count] for first in range(count)]


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without hard links
        shutil.copyfile(source, target)


def _run_pagefind(folder: Path, output: Path, site_dir: Path, parts: int) -> None:
    env = dict(os.environ)
    env.setdefault("_RJEM_MALLOC_CONF", PAGEFIND_ALLOCATOR)
    if parts > 1:
        # A query fetches the index chunk of each of its words from every bundle: chunks a part's
        # size keep what it fetches to what one bundle's would be (at 10,000 claims in 4 bundles,
        # 303 KB of index for the search benchmark's query against 269 KB from one bundle, and
        # 1,026 KB in 5 bundles of chunks of the full size). Should Pagefind drop this setting, its
        # "unstable" one, the search fetches more, and works as well.
        env["PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE"] = str(PAGEFIND_CHUNK_LOCATIONS // parts)
    done = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(folder), "--output-path", str(output),
                           # The permalink after each heading: a "¶" at the end of every result title.
                           "--exclude-selectors", ".headerlink",
                           # A claim's share links: the theme's, which Material's search leaves out too.
                           # Indexed, they made every claim a result for "Facebook", "link" or "new".
                           "--exclude-selectors", ".fd-share"],
                          capture_output=True, text=True, cwd=folder, env=env, check=False)
    if done.returncode != 0:
        raise IndexingFailed(f"Pagefind could not index {site_dir} (exit status {done.returncode}):\n"
                             + (done.stderr or done.stdout).strip())
