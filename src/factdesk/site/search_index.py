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
import re
import shutil
import subprocess
import sys
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


@dataclass(frozen=True)
class IndexSummary:
    pages: int
    bundle: Path


def build_index(site_dir: Path) -> IndexSummary:
    """Pagefind's index of a built site, written into `site_dir/pagefind/`.

    Runs the binary of the `pagefind[bin]` wheel (`python -m pagefind`), which also writes the
    browser's side: `pagefind.js`, its worker and WebAssembly, and the optional UIs."""
    bundle = site_dir / BUNDLE_DIR
    # A dirty build or a preview rebuild writes into the same folder: chunks of an earlier index,
    # under other hashed names, would stay forever.
    shutil.rmtree(bundle, ignore_errors=True)
    done = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", BUNDLE_DIR,
                           # The permalink after each heading: a "¶" at the end of every result title.
                           "--exclude-selectors", ".headerlink"],
                          capture_output=True, text=True, cwd=site_dir, check=False)
    if done.returncode != 0:
        raise IndexingFailed(f"Pagefind could not index {site_dir} (exit status {done.returncode}):\n"
                             + (done.stderr or done.stdout).strip())
    pages = len(list((bundle / "fragment").glob("*.pf_fragment")))  # one fragment per indexed page
    if pages == 0:
        raise IndexingFailed(f"Pagefind found no page to index in {site_dir}:\n" + done.stdout.strip())
    return IndexSummary(pages, bundle)
