"""Pagefind's peak memory and time on a built site: `python benchmarks/pagefind_memory.py SITE [--runs 3]`.

SITE is a site built with `search: pagefind` (`mkdocs build`, through factdesk's hook). Three ways of
indexing it, each in a process of its own, measured by its process tree's peak memory (measure.py):

- Pagefind over the whole site in one run, as factdesk ran it until it indexed large sites in
  bundles (`python -m pagefind --site SITE`), into a temporary folder;
- `search_index.build_index` in one bundle, whatever the site's size;
- `search_index.build_index` as a build runs it: in as many bundles as `BUNDLE_MEMORY` asks for.

The last two rewrite SITE's `pagefind/`, the last as a build leaves it.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import tempfile
from pathlib import Path

from measure import MIB, Case

from factdesk.site import search_index

INDEX = ("import sys; from pathlib import Path; from factdesk.site import search_index; "
         "search_index.build_index(Path(sys.argv[1]), int(sys.argv[2]))")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Pagefind's peak memory and time on a built site.")
    parser.add_argument("site", type=Path, help="a site built with `search: pagefind`")
    parser.add_argument("--runs", type=int, default=1, help="runs of each; the table gives the median time")
    args = parser.parse_args(argv)
    site = args.site.resolve()
    pages = search_index.indexed_pages(site)
    estimate = search_index.estimated_memory(pages)
    bundles = len(search_index.bundles(pages, search_index.BUNDLE_MEMORY))
    with tempfile.TemporaryDirectory(prefix="factdesk-pagefind-bench-") as tmp:
        cases = [
            Case("Pagefind over the whole site, one run",
                 [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", tmp,
                  "--exclude-selectors", ".headerlink"]),
            Case("build_index, one bundle", [sys.executable, "-c", INDEX, str(site), str(2 * estimate + 1)]),
            Case(f"build_index, {bundles} bundle(s)",
                 [sys.executable, "-c", INDEX, str(site), str(search_index.BUNDLE_MEMORY)]),
        ]
        for _ in range(args.runs):
            for case in cases:
                case.run()
                print(case.last_run(), file=sys.stderr)
    index = sum(path.stat().st_size for path in (site / search_index.BUNDLE_DIR).rglob("*") if path.is_file())
    print("| indexing | seconds (median) | peak MiB (PSS) | peak MiB (summed RSS) |")
    print("|---|---:|---:|---:|")
    for case in cases:
        print(f"| {case.name} | {case.median:.1f} | {case.peak_mib:.0f} | {max(case.rss_peaks) / MIB:.0f} |")
    print()
    print(f"command: {shlex.join([sys.executable, *sys.argv])}")
    print(f"site: {len(pages)} pages to index, {sum(pages.values()) / 1e6:.1f} MB of their text; Pagefind's "
          f"estimate in one run {estimate / MIB:,.0f} MiB; {bundles} bundle(s) within "
          f"{search_index.BUNDLE_MEMORY / MIB:.0f} MiB; the index on disk {index / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
