"""The site's search: Material's built-in search (lunr) or Pagefind, as `search:` in the settings says.

Material's search has the reader's browser download one index of every page's words, about 4.4 KB a
page (44 MB at 10,000 claims), and build it, before the first result. Pagefind writes its index in
chunks sorted by word, and the browser fetches only the chunks and page fragments a query needs.
Pagefind needs a web server, so the offline edition, read from files, always uses Material's, and so
does the `mkdocs serve` preview, which Pagefind would have to index whole after every edit.

This module decides what Pagefind indexes and runs it; it does not know MkDocs (see mkdocs_adapter).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

LUNR = "lunr"
PAGEFIND = "pagefind"
BUNDLE_DIR = "pagefind"
"""Where Pagefind's index and scripts go in the site: `pagefind/pagefind.js` and its chunks."""


class IndexingFailed(RuntimeError):
    """Pagefind did not index the site: its message, for the build's error."""


def indexed_content(content: str, search: object) -> str:
    """A page's content as Pagefind is to read it, from the page's `search:` front matter.

    The content goes into a `data-pagefind-body` element: once one page has one, Pagefind indexes
    only such elements, so the header, navigation, table of contents and footer stay out, as they
    do from Material's index. A page whose front matter says `search: {exclude: true}` (the claims
    explorer, which repeats every claim) gets none, and is left out, as Material leaves it out.

    Material's `search: {boost: 2}` on claim pages has no counterpart: a weight on the element
    would override the weight of the headings inside it (Pagefind weighs an `h1` 7 times plain
    text, and the claim is its page's `h1`), and that is what ranks a claim page first for the
    claim's words."""
    if _excluded(search):
        return content
    return f"<div data-pagefind-body>\n{content}\n</div>"


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
