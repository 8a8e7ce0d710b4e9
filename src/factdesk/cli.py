"""The `factdesk` command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import loader
from .problems import Problem, as_json, github_annotations, report
from .schema import SCHEMAS_DIR, schemas


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="factdesk", description="Check and publish a fact-check publication.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check every claim and source file; exit 1 on any problem")
    check.add_argument("--root", type=Path, default=Path("."),
                       help="the publication's folder, holding claims/ and sources/ (default: here)")
    check.add_argument("--format", choices=("text", "github", "json"), default="text",
                       help="text for people (default), github for Actions annotations, json for programs")
    schema = commands.add_parser("schema", help="write the JSON Schemas of claim and source files")
    schema.add_argument("--root", type=Path, default=Path("."), help="the publication's folder (default: here)")
    schema.add_argument("--output", type=Path, default=None,
                        help=f"where to write them (default: ROOT/{SCHEMAS_DIR})")
    args = parser.parse_args(argv)
    if args.command == "schema":
        return write_schemas(args.root, args.output or args.root / SCHEMAS_DIR)
    return run_check(args.root, args.format)


def write_schemas(root: Path, output: Path) -> int:
    problems: list[Problem] = []
    settings = loader.read_settings(root, problems)
    if problems:
        print(report(problems), file=sys.stderr)
        return 1
    output.mkdir(parents=True, exist_ok=True)
    for name, text in schemas(settings.scale).items():
        (output / name).write_text(text, encoding="utf-8")
        print(f"wrote {output / name}")
    return 0


def run_check(root: Path, output: str = "text") -> int:
    publication, problems = loader.read_publication(root)
    if output == "json":
        print(as_json(problems))
    elif problems:
        if output == "github":
            print(github_annotations(problems))
        print(report(problems), file=sys.stderr)
    else:
        assert publication is not None
        print(f"ok: {len(publication.claims)} claims and {len(publication.sources)} sources, no problems.")
    return 1 if problems else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
