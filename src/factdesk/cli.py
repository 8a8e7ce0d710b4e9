"""The `factdesk` command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import loader
from .problems import report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="factdesk", description="Check and publish a fact-check publication.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check every claim and source file; exit 1 on any problem")
    check.add_argument("--root", type=Path, default=Path("."),
                       help="the publication's folder, holding claims/ and sources/ (default: here)")
    args = parser.parse_args(argv)
    return run_check(args.root)


def run_check(root: Path) -> int:
    publication, problems = loader.read_publication(root)
    if problems or publication is None:
        print(report(problems), file=sys.stderr)
        return 1
    print(f"ok: {len(publication.claims)} claims and {len(publication.sources)} sources, no problems.")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
