"""Time the PDF edition against WeasyPrint alone: `python benchmarks/pdf_edition.py [--claims 1000] [--runs 3]`.

Both are run as subprocesses of this script, interleaved (a, b, a, b, …), on one synthetic
publication, so that the ratio is measured on one machine under the same conditions, and a
slow spell of the machine falls on both. Each is timed from start to exit, interpreter start and
imports included, and its peak memory is that of its whole process tree (see measure.py), because
`factdesk pdf` lays out the edition in worker processes.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import statistics
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pypdf
import synthetic  # the script's own folder is on sys.path when it is run as a script
from measure import MIB, Case

import factdesk
from factdesk.data import loader
from factdesk.editions import print_html
from factdesk.editions.edition import current_edition

TARGET_RATIO = 0.50
TARGET_PEAK_MIB = 1024

# The baseline: the same edition as one document, laid out and written by WeasyPrint in one
# process, with the same fonts and the same PDF variant as the edition. WeasyPrint ignores
# @font-face rules unless the stylesheet and the layout share a FontConfiguration: without one,
# the baseline would silently be set in the system's fonts, with other metrics and page counts.
BASELINE = """\
import sys
from factdesk import typeset
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
fonts = FontConfiguration()
HTML(filename=sys.argv[1]).write_pdf(sys.argv[2], font_config=fonts, pdf_variant="pdf/ua-1",
                                     stylesheets=[CSS(string=typeset.font_face_css(), font_config=fonts)])
"""
FONT_FAMILIES = ("Source-Serif-Pro", "Source-Sans-Pro")


# Runs ---------------------------------------------------------------------------------------

class Edition(Case):
    """A run that writes a PDF, whose pages are counted."""

    def pages(self) -> int:
        """The page count, once the PDF is known to be set in the edition's fonts only."""
        reader = pypdf.PdfReader(self.output)
        if stray := {f for f in _fonts(reader) if not f.startswith(FONT_FAMILIES)}:
            sys.exit(f"{self.name} used other fonts than the edition's: {', '.join(sorted(stray))}")
        return len(reader.pages)


def _fonts(reader: pypdf.PdfReader) -> set[str]:
    """The fonts of a PDF's pages, without the subsets' tags (`/ABCDEF+Source-Serif-Pro`)."""
    names: set[str] = set()
    for page in reader.pages:
        resources: Any = page.get("/Resources", {})  # pypdf's objects are loosely typed
        for font in (resources.get_object().get("/Font") or {}).values():
            names.add(str(font.get_object().get("/BaseFont", "?")).rpartition("+")[2].lstrip("/"))
    return names


def _write_whole_document(root: Path, path: Path) -> None:
    """The baseline's input, made before any timing: the baseline is layout and writing alone."""
    publication = loader.load_publication(root)
    printed = print_html.PrintEdition(publication, current_edition(root), root)
    html = printed.whole_document(printed.body_parts())
    # A document whose claims came out escaped, as text, is not the edition: WeasyPrint would lay
    # out other pages, and the ratio would compare two different jobs.
    claims = html.count('<article class="claim"')
    if claims != len(publication.claims):
        sys.exit(f"the baseline document holds {claims} of the {len(publication.claims)} claims as markup "
                 "(PrintEdition.whole_document escaped them?): the baseline would not be the edition")
    # Markup.replace escapes its replacement: links rewritten on Markup come out as href=&#34;#…
    if broken := html.count("href=&#34;"):
        sys.exit(f"the baseline document has {broken} links with an escaped quote (href=&#34;…): "
                 "PrintEdition.whole_document should rewrite the links before wrapping the text in Markup")
    path.write_text(html, encoding="utf-8")


def _table(cases: list[Edition], baseline: Edition) -> str:
    base = statistics.median(baseline.seconds)
    rows = ["| | pages | median s | min s | max s | peak MiB | time ratio |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    for case in cases:
        median = statistics.median(case.seconds)
        rows.append(f"| {case.name} | {case.pages()} | {median:.2f} | {min(case.seconds):.2f} | "
                    f"{max(case.seconds):.2f} | {max(case.peaks) / MIB:.0f} | {median / base:.2f} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time `factdesk pdf` against WeasyPrint alone.")
    parser.add_argument("--claims", type=int, default=1000, help="claims in the synthetic publication")
    parser.add_argument("--runs", type=int, default=3, help="runs of each; the table gives medians")
    parser.add_argument("--jobs", type=int, default=None, help="passed to `factdesk pdf --jobs`")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic publication")
    args = parser.parse_args(argv)
    # A fixed build date: every run then lays out the same text, down to the cover's date.
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    # The venv's own commands: the script is run with the venv's Python.
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory(prefix="factdesk-bench-") as tmp:
        root, html = Path(tmp) / "publication", Path(tmp) / "whole.html"
        print(f"writing {args.claims} synthetic claims into {root}", file=sys.stderr)
        synthetic.write_publication(root, args.claims, args.seed)
        _write_whole_document(root, html)
        jobs = ["--jobs", str(args.jobs)] if args.jobs else []
        edition = Edition("factdesk pdf", [str(bin_dir / "factdesk"), "pdf", "--root", str(root),
                                        "--output", str(Path(tmp) / "edition.pdf"), *jobs], Path(tmp) / "edition.pdf")
        baseline = Edition("WeasyPrint alone (one process)",
                        [sys.executable, "-c", BASELINE, str(html), str(Path(tmp) / "baseline.pdf")],
                        Path(tmp) / "baseline.pdf")
        cases = [edition, baseline]
        for run in range(1, args.runs + 1):
            for case in cases:
                case.run()
                print(f"run {run}/{args.runs}: {case.last_run()}", file=sys.stderr)
        table = _table(cases, baseline)
    ratio = statistics.median(edition.seconds) / statistics.median(baseline.seconds)
    peak = max(edition.peaks) / MIB
    print(table)
    print()
    print(f"command: {shlex.join([sys.executable, *sys.argv])}")
    print(f"publication: {args.claims} claims, {max(1, args.claims // 5)} sources (seed {args.seed}); "
          f"{args.runs} run(s) of each, interleaved; factdesk pdf jobs: {args.jobs or 'default (one per core)'}")
    print(f"machine: os.cpu_count() = {os.cpu_count()}, {platform.platform()}, Python {platform.python_version()}, "
          f"WeasyPrint {version('weasyprint')}")
    print(f"factdesk: {Path(factdesk.__file__).parent}")  # which copy was measured, e.g. under PYTHONPATH
    print(f"target: ratio <= {TARGET_RATIO:.2f}, peak < {TARGET_PEAK_MIB} MiB "
          f"(measured: ratio {ratio:.2f} {'met' if ratio <= TARGET_RATIO else 'NOT met'}, "
          f"peak {peak:.0f} MiB {'met' if peak < TARGET_PEAK_MIB else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
