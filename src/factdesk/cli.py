"""The `factdesk` command."""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

from . import fields, history, loader, migrate, scaffold
from .edition import current_edition
from .fields import CLAIMANT_KINDS, SOURCE_KINDS
from .pages import unaccented
from .records import slugify
from .build_lock import ForeignBuildFolder, held
from .problems import Problem, as_json, errors, github_annotations, os_error_message, report
from .schema import SCHEMAS_DIR, schemas


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
    diff = commands.add_parser("diff", help="a Markdown summary of what changed since a git revision")
    diff.add_argument("base", metavar="REF", help="the revision to compare with, e.g. origin/main")
    diff.add_argument("--root", type=Path, default=Path("."), help="the publication's folder (default: here)")
    pdf = commands.add_parser("pdf", help="write the PDF edition of the whole publication")
    pdf.add_argument("--root", type=Path, default=Path("."), help="the publication's folder (default: here)")
    pdf.add_argument("--output", type=Path, default=None,
                     help="where to write it (default: ROOT/build/<name>.pdf, which the site then links)")
    pdf.add_argument("--jobs", type=int, default=None,
                     help="worker processes laying out parts of the edition (default: one per core)")
    args = parser.parse_args(argv)
    try:
        if args.command == "pdf":
            return run_pdf(args.root, args.output, args.jobs)
        if args.command == "diff":
            return run_diff(args.root, args.base)
        if args.command == "new":
            return run_new(args)
        if args.command == "migrate":
            return run_migrate(args.root)
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


_DOING = {"migrate": "rewrite the publication's files", "pdf": "write the PDF edition",
          "diff": "compare the publication", "new": "write the new file",
          "schema": "write the schemas", "check": "check the publication"}


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


def run_migrate(root: Path) -> int:
    if _not_a_publication(root, "migrate"):
        return 2
    try:
        done = migrate.migrate(root)
    except migrate.MigrationError as error:
        print(f"factdesk migrate: nothing was changed:\n{error}", file=sys.stderr)
        return 1
    if not done.claims:
        print("nothing to migrate: every file is in the current format.")
        return 0
    for path in sorted(done.claimants) + sorted(done.people):
        print(f"wrote {path}")
    for note in done.notes:
        print(f"to do: {note}")
    print(f"rewrote {len(done.claims)} claim files: `claimant` and `author` name records now.\n"
          "Next: describe each claimant (`description:`, `other_names:`) and each person (`role:`, `bio:`) in "
          "their files; merge the records of one speaker into one, listing the other's id under `formerly:` so "
          "that its page still answers; review it all with `git diff`, then run `factdesk check`.")
    return 0


def run_pdf(root: Path, output: Path | None, jobs: int | None) -> int:
    if _not_a_publication(root, "pdf"):
        return 2
    try:
        from . import pdf_edition
    except ImportError as error:
        print(f"factdesk pdf: {error.name} is missing: install the PDF edition's packages "
              "(pip install 'factdesk[pdf]')", file=sys.stderr)
        return 2
    publication, problems = loader.read_publication(root)
    if publication is None:
        print(report(problems), file=sys.stderr)
        return 1
    # One command at a time writes build/: a second `factdesk pdf` waits (see build_lock).
    with held(root, "factdesk pdf", lambda message: print(message, file=sys.stderr)):
        started = time.perf_counter()
        result = pdf_edition.build_pdf(publication, current_edition(root), root,
                                       output or pdf_edition.default_output(root, publication), jobs)
        pdf_edition.record_pdf(root, result)
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
    claim.add_argument("--claim-date", type=date.fromisoformat, help="when it was made, YYYY-MM-DD")
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
    source.add_argument("--title")
    source.add_argument("--publisher")
    source.add_argument("--url")
    source.add_argument("--published", type=date.fromisoformat, help="YYYY-MM-DD")
    source.add_argument("--kind", help="one of: " + ", ".join(SOURCE_KINDS))
    source.add_argument("--language", default="en")
    source.add_argument("--archived", help="an archived copy's address")
    source.add_argument("--text-file", type=Path, help="a UTF-8 file with the source's text, kept as its archive")
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


def run_new(args: argparse.Namespace) -> int:
    interactive = sys.stdin.isatty() if args.interactive is None else args.interactive
    ask = _asker(interactive)
    try:
        if args.record == "source":
            source_id = ask("Id (lowercase words, e.g. publisher-2024-05-01)", args.id)
            values = {name: ask(prompt, getattr(args, name)) for name, prompt in (
                ("title", "Title"), ("publisher", "Publisher"), ("url", "Address of the original (optional)"),
                ("published", "Published (YYYY-MM-DD)"), ("kind", f"Kind ({', '.join(SOURCE_KINDS)})"),
                ("language", "Language code"), ("archived", None))}
            text = args.text_file.read_text(encoding="utf-8") if args.text_file else None
            path = scaffold.new_source(args.root, source_id or "", values, text)
        elif args.record in ("claimant", "person"):
            path = _new_record(args, ask)
        else:
            scale = loader.read_settings(args.root, []).scale
            claim = ask("The claim, as made", args.claim)
            values = {
                "claim": claim,
                "claimants": args.claimant or _words(ask("Who made it: claimant ids, comma-separated", None)),
                "citing": args.citing,
                "claim_date": ask("When (YYYY-MM-DD)", args.claim_date),
                "appearances": [{"source": ask("Source id where it appeared", args.source),
                                 "quote": ask("The exact words in that source", args.quote)}],
                "verdict": ask(f"Verdict ({', '.join(scale.keys)})", args.verdict),
                "summary": ask("The verdict in one or two sentences", args.summary),
                "body": args.body,
                "evidence": [dict(zip(("source", "note"), item.split("=", 1))) for item in args.evidence],
                "tags": args.tag or _words(ask("Tags, comma-separated", None)),
                "author": ask("Your id (people/<id>.yml)", args.author),
                "editor": args.editor,
            }
            path = scaffold.new_claim(args.root, values, args.slug)
    except (scaffold.ScaffoldError, ValueError, OSError) as error:
        print(f"factdesk new: {error}", file=sys.stderr)
        return 1
    print(f"wrote {path}")
    _report_what_is_left(args.root, path)
    return 0


def _new_record(args: argparse.Namespace, ask) -> Path:  # type: ignore[no-untyped-def]
    name = ask("Name", args.name)
    default = slugify(unaccented(str(name or "")))
    record_id = args.id or ask(f"Id, the file name and address (default: {default})", None) or default
    if args.record == "claimant":
        values = {"name": name, "kind": ask(f"Kind ({', '.join(CLAIMANT_KINDS)})", args.kind),
                  "description": ask("Who they are, in one line", args.description),
                  "other_names": args.other_name or _words(ask("Other names and spellings, comma-separated", None)),
                  "same_as": args.same_as}
        return scaffold.new_record(args.root, loader.CLAIMANTS_DIR, fields.CLAIMANT, record_id, values)
    values = {"name": name, "role": ask("Role", args.role), "bio": ask("A short bio", args.bio),
              "same_as": args.same_as}
    return scaffold.new_record(args.root, loader.PEOPLE_DIR, fields.PERSON, record_id, values)


def _words(answer: object) -> list[str]:
    """A comma-separated answer as a list."""
    return [word.strip() for word in str(answer or "").split(",") if word.strip()]


def _asker(interactive: bool):  # type: ignore[no-untyped-def]
    def ask(prompt: str | None, given: object) -> object:
        if given not in (None, "") or not interactive or prompt is None:
            return given
        try:
            answer = input(f"{prompt}: ").strip()
        except EOFError:  # input ended: the rest stays empty, and the checks list it
            return None
        return answer or None
    return ask


def _report_what_is_left(root: Path, path: Path) -> None:
    """The new file's problems, so the editor sees at once what is still to write."""
    relative = path.resolve().relative_to(root.resolve()).as_posix()
    # A record just written is named by no claim yet: that warning is for records left behind.
    left = [p for p in loader.read_publication(root)[1] if p.path == relative
            and not (p.severity == "warning" and p.message.startswith(loader.UNUSED_RECORD))]
    if left:
        print(f"still to do before it can be published ({len(left)}):")
        for problem in left:
            print(f"  line {problem.line}: {problem.message}" + (f" ({problem.hint})" if problem.hint else ""))
    else:
        print("it passes every check.")


def run_diff(root: Path, base_ref: str) -> int:
    """Print the summary; exit 0 even when checks fail, so that CI can post it, and `check` fails."""
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
    print(history.change_summary(publication, base, problems), end="")
    return 0
