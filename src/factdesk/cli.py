"""The `factdesk` command."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from pathlib import Path

from factdesk import builds
from factdesk.data import loader
from factdesk.data.fields import CLAIMANT_KINDS, FILE_FORMAT, SOURCE_KINDS
from factdesk.data.problems import (
    Problem,
    PublicationError,
    as_json,
    errors,
    github_annotations,
    os_error_message,
    report,
)
from factdesk.editors import history, init, migrate, new_files
from factdesk.editors.schema import SCHEMAS_DIR, schemas
from factdesk.outputs.build_lock import ForeignBuildFolder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="factdesk", description="Check and publish a fact-check publication.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check every claim and source file; exit 1 on any problem")
    check.add_argument("--root", type=Path, default=Path("."),
                       help="the publication's folder, holding claims/ and sources/ (default: here)")
    check.add_argument("--format", choices=("text", "github", "json"), default="text",
                       help="text for people (default), github for Actions annotations, json for programs")
    check.add_argument("--base", metavar="REF",
                       help="also compare with this git revision: published fact-checks may change only "
                            "with a correction, and may be retracted but not deleted")
    schema = commands.add_parser("schema", help="write the JSON Schemas of claim and source files")
    schema.add_argument("--root", type=Path, default=Path("."), help="the publication's folder (default: here)")
    schema.add_argument("--output", type=Path, default=None,
                        help=f"where to write them (default: ROOT/{SCHEMAS_DIR})")
    _add_new_commands(commands)
    migrate = commands.add_parser("migrate", help="rewrite files of an older factdesk format in the current one")
    migrate.add_argument("--root", type=Path, default=Path("."), help="the publication's folder (default: here)")
    migrate.add_argument("--dry-run", action="store_true", help="print the diff of what it would write, and write nothing")
    diff = commands.add_parser("diff", help="a summary of what changed since a git revision, for a pull request")
    diff.add_argument("base", metavar="REF", help="the revision to compare with, e.g. origin/main")
    diff.add_argument("--root", type=Path, default=Path("."), help="the publication's folder (default: here)")
    diff.add_argument("--format", choices=history.FORMATS, default=None,
                      help="markdown for a pull-request comment, text for people (default: text at a terminal, "
                           "markdown otherwise)")
    start = commands.add_parser("init", help="write a new publication into an empty folder")
    start.add_argument("folder", metavar="DIR", type=Path, help="the new publication's folder (new, or empty)")
    start.add_argument("--name", required=True, help="the publication's name, as its pages give it")
    start.add_argument("--language", default="en", help="its language, as a code such as en or ja (default: en)")
    start.add_argument("--url", default="https://factcheck.example.org/",
                       help="the address it will be published at (the publish workflow gives GitHub Pages' own)")
    start.add_argument("--description", default="", help="what it checks, in one sentence")
    start.add_argument("--example", action="store_true",
                       help="add one invented claim, with its source, claimant and fact-checker, to learn from")
    build = commands.add_parser("build", help="build the PDF edition, the offline edition and the site, in order")
    build.add_argument("--root", type=Path, default=Path("."), help="the publication's folder (default: here)")
    build.add_argument("--no-pdf", dest="pdf", action="store_false",
                       help="leave the PDF edition as it is (the site links it only while it is current)")
    rendered = commands.add_parser("render", help="write the site's whole source (pages as Markdown, theme, "
                                   "configuration) for an engine that runs no hooks")
    rendered.add_argument("folder", metavar="DIR", type=Path, help="where to write it (new, or empty)")
    rendered.add_argument("--root", type=Path, default=Path("."), help="the publication's folder (default: here)")
    serve = commands.add_parser("serve", help="preview the site, built again as files are saved")
    serve.add_argument("--root", type=Path, default=Path("."), help="the publication's folder (default: here)")
    serve.add_argument("--dev-addr", metavar="HOST:PORT", help="where to serve it (default: mkdocs.yml's dev_addr, "
                       "or 127.0.0.1:8000)")
    pdf = commands.add_parser("pdf", help="write the PDF edition of the whole publication")
    pdf.add_argument("--root", type=Path, default=Path("."), help="the publication's folder (default: here)")
    pdf.add_argument("--output", type=Path, default=None,
                     help="where to write it (default: ROOT/build/<name>.pdf, which the site then links)")
    pdf.add_argument("--jobs", type=int, default=None,
                     help="worker processes laying out parts of the edition (default: one per core)")
    pdf.add_argument("--language", metavar="CODE", default=None,
                     help="the publication's language to make it in (default: the main one); an edition in "
                     "another is written to ROOT/build/<name>-<CODE>.pdf")
    args = parser.parse_args(argv)
    try:
        if args.command == "init":
            return run_init(args)
        if args.command in ("build", "serve", "render") and _not_a_publication(args.root, args.command):
            return 2
        if args.command == "render":
            return run_render(args.root, args.folder)
        if args.command == "build":
            return builds.build(args.root, args.pdf)
        if args.command == "serve":
            return builds.serve(args.root, args.dev_addr)
        if args.command == "pdf":
            return run_pdf(args.root, args.output, args.jobs, args.language)
        if args.command == "diff":
            return run_diff(args.root, args.base, args.format)
        if args.command == "new":
            return 2 if _not_a_publication(args.root, "new") else new_files.run_new(args)
        if args.command == "migrate":
            return run_migrate(args.root, args.dry_run)
        if args.command == "schema":
            return write_schemas(args.root, args.output or args.root / SCHEMAS_DIR)
        return run_check(args.root, args.format, args.base)
    except OSError as error:
        # A full disk or a folder that may not be written is the machine's problem: a message, no traceback.
        print(f"factdesk {args.command}: {os_error_message(error, _DOING[args.command])}", file=sys.stderr)
        return 1
    except ForeignBuildFolder as error:
        print(f"factdesk {args.command}: {error}", file=sys.stderr)
        return 1


_DOING = {"init": "write the new publication", "render": "write the site's source", "build": "build the publication",
          "serve": "preview the publication", "migrate": "rewrite the publication's files", "pdf": "write the PDF edition",
          "diff": "compare the publication", "new": "write the new file",
          "schema": "write the schemas", "check": "check the publication"}


def run_init(args: argparse.Namespace) -> int:
    try:
        written = init.init(args.folder, args.name, args.language, args.url, args.description, args.example)
    except init.InitError as error:
        print(f"factdesk init: {error}", file=sys.stderr)
        return 2
    print(f"wrote a new publication in {args.folder}: {len(written)} files\n"
          f"next: cd {shlex.quote(str(args.folder))}, then `factdesk check`, `factdesk new claim`, `factdesk serve`; "
          "docs/contributing.md is the editors' guide")
    return 0


def run_render(root: Path, folder: Path) -> int:
    # Imported here: it draws share images (Pillow, CairoSVG), which every other command, `factdesk
    # check` first, would otherwise load for nothing (0.2 s of each check).
    from factdesk.site import render

    try:
        count = render.render(root, folder)
    except (render.RenderError, PublicationError) as error:
        print(f"factdesk render: {error}", file=sys.stderr)
        return 1
    print(f"wrote the site's source in {folder}: {count} Markdown pages, the theme and mkdocs.yml "
          "(build it with an engine's own command there, such as `mkdocs build`)")
    return 0


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


def _not_a_publication(root: Path, command: str) -> bool:
    if (root / loader.CLAIMS_DIR).is_dir():
        return False
    print(f"factdesk {command}: {root / loader.CLAIMS_DIR} is not a folder; "
          "run it in a publication's folder, or give --root", file=sys.stderr)
    return True


def run_check(root: Path, output: str = "text", base: str | None = None) -> int:
    if _not_a_publication(root, "check"):
        return 2
    jobs = os.cpu_count() or 1
    try:
        checked = loader.check_publication(root, jobs) if base is None else _check_with_history(root, base, jobs)
    except history.BaseUnavailable as error:
        print(f"factdesk check: cannot compare with {base}: {error}", file=sys.stderr)
        return 2
    problems = checked.problems
    if output == "json":
        print(as_json(problems))
    elif problems:
        # One form for each reader: annotations for GitHub, which shows them on the lines they concern
        # and in the log; the plain form for a person at a terminal. Both at once showed each twice.
        if output == "github":
            print(github_annotations(problems))
        else:
            print(report(problems), file=sys.stderr)
    else:
        print(f"ok: {checked.claim_files} claims and {checked.sources} sources, no problems.")
    return 1 if errors(problems) else 0


def _check_with_history(root: Path, base: str, jobs: int) -> loader.CheckReport:
    """The check, and whether published fact-checks changed since `base` only as they may."""
    publication, problems = loader.read_publication(root, jobs=jobs)
    if publication is None:
        return loader.CheckReport(0, 0, problems)
    published = history.base_publication(root, base)
    if published is not None:
        problems += history.history_problems(root, publication, published)
    return loader.CheckReport(len(publication.claims), len(publication.sources), problems)


def run_migrate(root: Path, dry_run: bool = False) -> int:
    if _not_a_publication(root, "migrate"):
        return 2
    try:
        if dry_run:
            done, diff = migrate.dry_run(root)
        else:
            done = migrate.migrate(root)
    except migrate.MigrationError as error:
        print(f"factdesk migrate: nothing was changed:\n{error}", file=sys.stderr)
        return 1
    recorded = f"{done.settings} records file format {FILE_FORMAT}" if done.settings else ""
    if dry_run:
        print(diff, end="")
        for note in done.notes:
            print(f"to do after it: {note}")
        print(f"factdesk migrate would rewrite {len(done.claims)} claim files and write "
              f"{len(done.claimants) + len(done.people)} records" + (f", and {recorded}" if recorded else "")
              + "; nothing was written (run it without --dry-run)")
        return 0
    if not done.claims:
        print("nothing to migrate: every file is in the current format" + (f"; {recorded} now." if recorded else "."))
        return 0
    for path in sorted(done.claimants) + sorted(done.people):
        print(f"wrote {path}")
    if recorded:
        print(f"wrote {done.settings}: it records file format {FILE_FORMAT}")
    for note in done.notes:
        print(f"to do: {note}")
    print(f"rewrote {len(done.claims)} claim files: `claimant` and `author` name records now.\n"
          "Next: describe each claimant (`description:`, `other_names:`) and each person (`role:`, `bio:`) in "
          "their files; merge the records of one speaker into one, listing the other's id under `formerly:` so "
          "that its page still answers; review it all with `git diff`, then run `factdesk check`.")
    return 0


def run_pdf(root: Path, output: Path | None, jobs: int | None, language: str | None = None) -> int:
    if _not_a_publication(root, "pdf"):
        return 2
    try:
        from factdesk.editions import pdf_edition
    except ImportError as error:
        print(f"factdesk pdf: {error.name} is missing: install the PDF edition's packages "
              "(pip install 'factdesk[pdf]')", file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        result = pdf_edition.build_edition(root, language, output, jobs)
    except pdf_edition.UnknownLanguage as error:
        print(f"factdesk pdf: {error}", file=sys.stderr)
        return 2
    except pdf_edition.NotPrintable as error:
        print(report(error.problems), file=sys.stderr)
        return 1
    for message in result.messages:
        print(f"warning: {message}", file=sys.stderr)
    print(f"wrote {result.path}: {result.pages} pages from {result.parts} parts "
          f"in {time.perf_counter() - started:.1f} s")
    return 0


def _add_new_commands(commands: argparse._SubParsersAction) -> None:
    new = commands.add_parser("new", help="start a new claim, source, claimant or person file")
    kinds = new.add_subparsers(dest="record", required=True)
    claim = kinds.add_parser("claim", help="a new claims/<slug>.yml; asks for what is not given as an option")
    claim.add_argument("--claim", help="the claim as made, in one sentence")
    claim.add_argument("--claimant", action="append", default=[], metavar="ID",
                       help="who made it: a claimant's id, claimants/<id>.yml (repeatable)")
    claim.add_argument("--citing", help="whom or what the claimants cited, if anyone")
    claim.add_argument("--claim-date", help="when it was made, YYYY-MM-DD")
    claim.add_argument("--source", help="id of the source where it appeared")
    claim.add_argument("--quote", help="the exact words in that source")
    claim.add_argument("--verdict", help="a key of the verdict scale")
    claim.add_argument("--summary", help="the verdict in words")
    claim.add_argument("--body", help="the explanation, in Markdown")
    claim.add_argument("--evidence", action="append", default=[], metavar="SOURCE=NOTE",
                       help="a source the verdict rests on, and what it shows (repeatable)")
    claim.add_argument("--tag", action="append", default=[], help="a topic (repeatable)")
    claim.add_argument("--author", metavar="ID", help="who writes the fact-check: a person's id, people/<id>.yml")
    claim.add_argument("--editor", metavar="ID", help="who edits it, if someone else: a person's id")
    claim.add_argument("--slug", help="the file name and address (default: from the claim's first words)")
    source = kinds.add_parser("source", help="a new sources/<id>.yml")
    source.add_argument("--id", help="the source's id: lowercase words, e.g. publisher-yyyy-mm-dd")
    source.add_argument("--title", help="the title of the article or document")
    source.add_argument("--publisher", help="who published it")
    source.add_argument("--url", help="where the original is online")
    source.add_argument("--published", help="when it was published, YYYY-MM-DD")
    source.add_argument("--kind", help="one of: " + ", ".join(SOURCE_KINDS))
    source.add_argument("--language", help="its language, as a code such as en or ja (default: the publication's)")
    source.add_argument("--archived", help="an archived copy's address")
    source.add_argument("--text-file", type=Path,
                        help="a UTF-8 file with the source's text as published, copied to sources/<id>.txt")
    claimant = kinds.add_parser("claimant", help="a new claimants/<id>.yml: who makes claims")
    claimant.add_argument("--id", help="the claimant's id and address (default: from the name)")
    claimant.add_argument("--name", help="the name readers know them by")
    claimant.add_argument("--kind", help="one of: " + ", ".join(CLAIMANT_KINDS))
    claimant.add_argument("--description", help="who they are, in one line")
    claimant.add_argument("--other-name", action="append", default=[], help="another name or spelling (repeatable)")
    claimant.add_argument("--same-as", action="append", default=[], metavar="URL",
                          help="a page that identifies them (repeatable)")
    person = kinds.add_parser("person", help="a new people/<id>.yml: one of the publication's fact-checkers")
    person.add_argument("--id", help="the person's id and address (default: from the name)")
    person.add_argument("--name")
    person.add_argument("--role", help="their role at the publication")
    person.add_argument("--bio", help="a short biography")
    person.add_argument("--same-as", action="append", default=[], metavar="URL", help="a page about them (repeatable)")
    for sub in (claim, source, claimant, person):
        sub.add_argument("--root", type=Path, default=Path("."), help="the publication's folder (default: here)")
        sub.add_argument("--interactive", action=argparse.BooleanOptionalAction, default=None,
                         help="ask for missing values (default: when run in a terminal)")


def run_diff(root: Path, base_ref: str, form: history.Form | None = None) -> int:
    """Print the summary; exit 0 even when checks fail, so that CI can post it, and `check` fails.
    Markdown, escapes and all, is for GitHub; a person at a terminal reads it as plain text."""
    if _not_a_publication(root, "diff"):
        return 2
    try:
        base = history.base_publication(root, base_ref)
    except history.BaseUnavailable as error:
        print(f"factdesk diff: cannot compare with {base_ref}: {error}", file=sys.stderr)
        return 2
    publication, problems = loader.read_publication(root)
    if publication is not None and base is not None:
        problems = history.history_problems(root, publication, base)
    form = form or ("text" if sys.stdout.isatty() else "markdown")
    print(history.change_summary(publication, base, problems, form), end="")
    return 0
