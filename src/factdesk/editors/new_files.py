"""`factdesk new claim|source|claimant|person`: the questions of each, in the order an editor
has the answers, and the file written from them (by `scaffold`)."""

from __future__ import annotations

import argparse
import re
import shlex
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factdesk.data import fields, loader
from factdesk.data.fields import CLAIMANT_KIND_LABELS, SOURCE_KIND_LABELS, Field, Kind
from factdesk.data.model import Verdict
from factdesk.data.problems import printable
from factdesk.data.records import SLUG, slugify
from factdesk.editors import scaffold
from factdesk.editors.interview import Check, Desk, Interview, Stopped, known_ids, preview_address
from factdesk.open_data.claimreview import CLAIM_REVIEWED_LIMIT
from factdesk.site.pages import unaccented

_FILE_NAME = Field("file name", Kind.SLUG, "The file's name, which is also its page's address.", example="new-claim")
_NEVER_CHANGES = " (choose it well: it never changes once published)"
_KNOWN_SHOWN = 12
"""Up to this many known ids are listed in a question; more would bury it."""


@dataclass(frozen=True)
class Written:
    """What a command wrote: the file, its page's address in the site, and what to say of it."""

    path: Path
    page: str
    notes: tuple[str, ...] = ()


Ask = Callable[[Interview, argparse.Namespace], "Written | None"]


def run_new(args: argparse.Namespace) -> int:
    at_terminal = sys.stdin.isatty()
    interactive = at_terminal if args.interactive is None else args.interactive
    if interactive and at_terminal:
        _line_editing()
    interview = Interview(Desk.read(args.root), interactive, at_terminal=at_terminal)
    ask: Ask = {"claim": _claim, "source": _source, "claimant": _claimant, "person": _person}[args.record]
    try:
        written = ask(interview, args)
    except (KeyboardInterrupt, Stopped):
        kept = "".join(f"\n{path} was written before, and stays" for path in interview.written)
        print(f"\nfactdesk new: stopped; nothing more was written{kept}", file=sys.stderr)
        return 130
    except scaffold.ScaffoldError as error:
        print(f"factdesk new: {printable(str(error))}", file=sys.stderr)
        return 1
    if written is None:
        print("factdesk new: nothing was written:\n" + "\n".join(interview.refused), file=sys.stderr)
        return 1
    print(f"wrote {written.path}")
    for note in written.notes:
        print(note)
    _report_what_is_left(args.root, written.path)
    if sys.stdout.isatty():
        print(f"See it in the preview: run `{_preview_command(args.root)}`, then open "
              f"{preview_address(args.root, written.page)}")
    return 0


def _preview_command(root: Path) -> str:
    """`make serve` where the publication's Makefile has it (this repository's), else factdesk's own."""
    try:
        makefile = (root / "Makefile").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return "factdesk serve"
    return "make serve" if re.search(r"^serve:", makefile, re.MULTILINE) else "factdesk serve"


def _line_editing() -> None:
    """Arrow keys and history at the questions, and no cut in a long pasted line: a terminal on its
    own passes at most 4,095 characters of a line, and an archived paragraph can be longer."""
    try:
        import readline  # noqa: F401  (input() uses it once it is imported)
    except ImportError:  # not on every system: the questions work without it
        pass


def _claim(interview: Interview, args: argparse.Namespace) -> Written | None:
    spec = fields.CLAIM
    claim = interview.value(spec.field("claim"), "The claim, as it was made, in one sentence", args.claim,
                            option="--claim")
    slug = interview.value(_FILE_NAME, f"File name, claims/<name>.yml, also the page's address{_NEVER_CHANGES}",
                           args.slug, option="--slug", default=scaffold.claim_slug(claim or ""),
                           check=_free(interview, loader.CLAIMS_DIR))
    reviewed = None
    if claim and len(claim) > CLAIM_REVIEWED_LIMIT:
        reviewed = interview.value(spec.field("claim_reviewed"), f"The claim in under {CLAIM_REVIEWED_LIMIT} "
                                   "characters, for search engines and fact-check aggregators",
                                   check=_at_most(CLAIM_REVIEWED_LIMIT))
    claimants = interview.value(spec.field("claimants"), "Who made it: claimant ids, comma-separated"
                                + _known(interview.desk.claimants.ids, loader.CLAIMANTS_DIR), args.claimant,
                                option="--claimant", add=_adding(interview, loader.CLAIMANTS_DIR, _claimant))
    citing = interview.value(spec.field("citing"), "Whom they cited for it, if anyone", args.citing, option="--citing")
    claim_date = interview.value(spec.field("claim_date"), "When it was made (YYYY-MM-DD)", args.claim_date,
                                 option="--claim-date")
    appearances = _appearances(interview, args)
    verdict = interview.choice(spec.field("verdict"), "The verdict, from the publication's scale",
                               [(v.key, f"{v.label}. {v.meaning}") for v in interview.desk.scale.verdicts],
                               args.verdict, option="--verdict")
    chosen = interview.desk.scale.get(verdict) if verdict else None
    summary = interview.value(spec.field("summary"), "The verdict in words, in one or two sentences", args.summary,
                              option="--summary", check=_agrees_with(interview, chosen) if chosen else None)
    body = args.body or interview.text("The explanation, in Markdown; cite a source of the evidence as [@source-id]. "
                                       "Type or paste it")
    values = {
        "claim": claim, "claim_reviewed": reviewed, "claimants": claimants, "citing": citing,
        "claim_date": claim_date, "appearances": appearances, "verdict": verdict, "summary": summary, "body": body,
        "evidence": _evidence(interview, args),
        "tags": interview.value(spec.field("tags"), "Topics, comma-separated", args.tag, option="--tag"),
        "author": interview.value(spec.field("author"), "Who wrote the fact-check: a person's id"
                                  + _known(interview.desk.people.ids, loader.PEOPLE_DIR), args.author,
                                  option="--author", default=_git_author(interview.desk),
                                  add=_adding(interview, loader.PEOPLE_DIR, _person)),
        "editor": interview.value(spec.field("editor"), "Who edited it, if someone else: a person's id", args.editor,
                                  option="--editor"),
    }
    if slug is None and not interview.refused:
        interview.refused.append("--slug: the file needs a name: give --slug, or --claim to make one from")
    if interview.refused:
        return None
    path = scaffold.new_claim(interview.desk.root, values, slug)
    return Written(path, f"{loader.CLAIMS_DIR}/{path.stem}/")


def _appearances(interview: Interview, args: argparse.Namespace) -> list[dict[str, Any]]:
    spec = fields.APPEARANCE
    appearances: list[dict[str, Any]] = []
    while True:
        first = not appearances
        source = interview.value(
            spec.field("source"), "Where it was made: the source's id"
            + _known(interview.desk.source_ids, loader.SOURCES_DIR) if first else
            "Another source where it was made or repeated: its id", args.source if first else None,
            option="--source", later="" if first else "Enter if there is none",
            add=_adding(interview, loader.SOURCES_DIR, _source))
        if source is None and not first:
            return appearances
        quote = interview.value(spec.field("quote"), "The exact words in that source, copied from its archived text",
                                args.quote if first else None, option="--quote",
                                check=_in_archive(interview, source) if source else None)
        appearances.append({"source": source, "quote": quote})
        if not interview.interactive:
            return appearances


def _evidence(interview: Interview, args: argparse.Namespace) -> list[dict[str, Any]]:
    spec = fields.EVIDENCE
    evidence: list[dict[str, Any]] = []
    for item in args.evidence:  # SOURCE=NOTE
        source_id, _, note = item.partition("=")
        source = interview.value(spec.field("source"), "A source the verdict rests on: its id", source_id.strip(),
                                 option="--evidence")
        note = interview.value(spec.field("note"), f"What {source or 'it'} shows, in one sentence", note.strip(),
                               option="--evidence")
        if source and note:
            evidence.append({"source": source, "note": note})
        elif source:
            interview.refused.append(f"--evidence {printable(item)}: give what the source shows after `=`, "
                                     f"e.g. --evidence {source}=\"It names the consul.\"")
    if args.evidence:
        return evidence
    while interview.interactive:
        source = interview.value(spec.field("source"), "A source the verdict rests on: its id",
                                 later="Enter when there are no more" if evidence else "Enter to add them later",
                                 add=_adding(interview, loader.SOURCES_DIR, _source))
        if source is None:
            break
        evidence.append({"source": source, "note": interview.value(
            spec.field("note"), "What it shows, in one sentence", later="Enter to write it in the file later")})
    return evidence


def _source(interview: Interview, args: argparse.Namespace) -> Written | None:
    spec = fields.SOURCE
    title = interview.value(spec.field("title"), "Its title", _option(args, "title"), option="--title")
    publisher = interview.value(spec.field("publisher"), "Who published it", _option(args, "publisher"),
                                option="--publisher")
    published = interview.value(spec.field("published"), "When it was published (YYYY-MM-DD)",
                                _option(args, "published"), option="--published")
    suggested = f"{slugify(unaccented(publisher))}-{published}" if publisher and published else ""
    source_id = interview.value(_FILE_NAME, f"Its id: the file name sources/<id>.yml, also the page's address"
                                f"{_NEVER_CHANGES}", _option(args, "id"), option="--id", default=suggested,
                                check=_free(interview, loader.SOURCES_DIR))
    kinds = list(SOURCE_KIND_LABELS.items())
    values = {
        "title": title, "publisher": publisher, "published": published,
        "kind": interview.choice(spec.field("kind"), "What sort of source it is", kinds, _option(args, "kind"),
                                 option="--kind"),
        "language": interview.value(spec.field("language"), "Its language, as a code such as en or ja",
                                    _option(args, "language"), option="--language", default=interview.desk.language),
        "url": interview.value(spec.field("url"), "Where the original is online", _option(args, "url"),
                               option="--url"),
        "archived": interview.value(spec.field("archived"), "An archived copy's address (a web archive)",
                                    _option(args, "archived"), option="--archived"),
    }
    text_file = _option(args, "text_file")
    kept = interview.desk.root / loader.SOURCES_DIR / f"{source_id}{loader.ARCHIVE_SUFFIX}"
    # A text saved as sources/<id>.txt before the source's file is the archive already.
    text, origin = (None, "") if source_id and kept.exists() and text_file is None else \
        _archived_text(interview, text_file)
    if source_id is None and not interview.refused:
        interview.refused.append("--id: the file needs a name: give --id, or --publisher and --published")
    if interview.refused:
        return None
    path = scaffold.new_source(interview.desk.root, source_id, values, text)
    text_path = path.with_suffix(loader.ARCHIVE_SUFFIX)
    note = (f"wrote {text_path}: the archived text, {origin}" if text is not None else
            f"kept {text_path}, already there, as the archived text" if text_path.exists() else
            f"no archived text yet: add {text_path}, the source's text as published, before a claim quotes it")
    return Written(path, f"{loader.SOURCES_DIR}/{path.stem}/", (note,))


def _archived_text(interview: Interview, given: Path | None) -> tuple[str | None, str]:
    """The source's text as published, from a file or pasted, and where it came from."""
    if given is not None:
        text, wrong = _text_of(given)
        if wrong is None:
            return text, f"copied from {given}"
        interview.refused.append(f"--text-file {printable(str(given))}: {wrong}")
        return None, ""
    while interview.interactive:
        answer = interview.line("The source's text, kept beside it as its archive: the path of a file that "
                                "holds it (Enter to paste it instead)")
        if not answer:
            pasted = interview.text("Paste the source's text, its own words as published (never retyped)")
            return (pasted + "\n", "as pasted") if pasted else (None, "")
        text, wrong = _text_of(_typed_path(answer))
        if wrong is None:
            return text, f"copied from {answer}"
        interview.say(f"  ✗ {printable(wrong)}")
    return None, ""


def _typed_path(answer: str) -> Path:
    """A path as typed, or as a terminal writes a file dropped on it: quoted, or with `\\ `."""
    try:
        words = shlex.split(answer)
    except ValueError:  # an unmatched quote: taken as typed
        words = []
    path = Path(words[0] if len(words) == 1 else answer)
    try:
        return path.expanduser()
    except RuntimeError:  # `~name` of no user
        return path


def _text_of(path: Path) -> tuple[str, str | None]:
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, ValueError) as error:  # ValueError: a NUL in the path, or text that is not UTF-8
        if isinstance(error, UnicodeDecodeError):
            return "", f"{path} is not UTF-8 text: save it as UTF-8 (plain text) and give it again"
        return "", f"cannot read {path}: {getattr(error, 'strerror', None) or error}"
    if not text.strip():
        return "", f"{path} is empty"
    return text, None


def _claimant(interview: Interview, args: argparse.Namespace) -> Written | None:
    spec = fields.CLAIMANT
    name = interview.value(spec.field("name"), "Their name, as readers know them", _option(args, "name"),
                           option="--name")
    record_id = _record_id(interview, args, name, loader.CLAIMANTS_DIR)
    kinds = [(key, singular) for key, (singular, _) in CLAIMANT_KIND_LABELS.items()]
    values = {
        "name": name,
        "kind": interview.choice(spec.field("kind"), "What they are", kinds, _option(args, "kind"), option="--kind"),
        "description": interview.value(spec.field("description"), "Who they are, in one line",
                                       _option(args, "description"), option="--description"),
        "other_names": interview.value(spec.field("other_names"), "Other names and spellings, comma-separated",
                                       _option(args, "other_name"), option="--other-name"),
        "same_as": interview.value(spec.field("same_as"), "Pages that identify them: their addresses",
                                   _option(args, "same_as"), option="--same-as"),
    }
    return _record_written(interview, loader.CLAIMANTS_DIR, spec, record_id, values)


def _person(interview: Interview, args: argparse.Namespace) -> Written | None:
    spec = fields.PERSON
    name = interview.value(spec.field("name"), "Their name, as the fact-checks they sign give it",
                           _option(args, "name"), option="--name")
    record_id = _record_id(interview, args, name, loader.PEOPLE_DIR)
    values = {
        "name": name,
        "role": interview.value(spec.field("role"), "Their role at the publication", _option(args, "role"),
                                option="--role"),
        "bio": interview.value(spec.field("bio"), "A short biography", _option(args, "bio"), option="--bio"),
        "same_as": interview.value(spec.field("same_as"), "Pages about them elsewhere: their addresses",
                                   _option(args, "same_as"), option="--same-as"),
    }
    return _record_written(interview, loader.PEOPLE_DIR, spec, record_id, values)


def _record_id(interview: Interview, args: argparse.Namespace, name: str | None, folder: str) -> str | None:
    return interview.value(_FILE_NAME, f"Id: the file name {folder}/<id>.yml, also the page's address"
                           f"{_NEVER_CHANGES}", _option(args, "id"), option="--id",
                           default=slugify(unaccented(name or "")), check=_free(interview, folder))


def _record_written(interview: Interview, folder: str, spec: fields.RecordSpec, record_id: str | None,
                    values: dict[str, Any]) -> Written | None:
    if record_id is None and not interview.refused:
        interview.refused.append("--id: the file needs a name: give --id, or --name to make one from")
    if interview.refused:
        return None
    path = scaffold.new_record(interview.desk.root, folder, spec, record_id, values)
    return Written(path, f"{folder}/{path.stem}/")


def _option(args: argparse.Namespace, name: str) -> Any:
    """An option's value; None for one the command lacks (a record added from another's questions)."""
    return getattr(args, name, None)


def _adding(interview: Interview, folder: str, ask: Ask) -> Callable[[str], bool]:
    """Offers to write the files that an answer names and that do not exist, even beside a "did you
    mean" (a new source can look like a misspelt one: `nhk-2022-09-27` like `asahi-2022-09-27`): a
    claim's new claimant or source is written without leaving the claim's questions. No is the default."""
    def add(answer: str) -> bool:
        desk = interview.desk
        known = {loader.CLAIMANTS_DIR: desk.claimants.ids, loader.PEOPLE_DIR: desk.people.ids}.get(
            folder, desk.source_ids)
        new = [word.strip() for word in answer.split(",") if SLUG.fullmatch(word.strip()) and word.strip() not in known]
        added = False
        for record_id in new:
            if interview.yes(f"Add {folder}/{record_id}.yml now?"):
                written = ask(interview, argparse.Namespace(id=record_id))
                if written is not None:
                    interview.say(f"wrote {written.path}" + "".join(f"\n{note}" for note in written.notes))
                    interview.written.append(written.path)
                    added = True
        if added:
            interview.desk = Desk.read(desk.root)
        return added
    return add


# Checks beyond a field's own ------------------------------------------------------------------

def _free(interview: Interview, folder: str) -> Check:
    """A file name that no file of `folder` has, and that no listing page takes."""
    def check(name: str) -> tuple[str, str] | None:
        problem = scaffold.name_problem(interview.desk.root, folder, name)
        return (problem, "choose another name, or edit that file") if problem else None
    return check


def _at_most(limit: int) -> Check:
    def check(text: str) -> tuple[str, str] | None:
        return None if len(text) <= limit else (f"that is {len(text)} characters", f"shorten it to {limit} at most")
    return check


def _in_archive(interview: Interview, source_id: str) -> Check | None:
    """The quote occurs in the source's archived text. A source that has none yet takes the quote:
    `check` verifies it once the text is there, and says so meanwhile."""
    source = interview.desk.sources.get(source_id)
    if source is None or source.archived_text is None:
        return None
    return lambda quote: loader.quote_problem(quote, source, interview.desk.archives)


def _agrees_with(interview: Interview, verdict: Verdict) -> Check:
    # `check` warns of it; the site's strict build stops on the warning: so it is refused here.
    return lambda summary: loader.finding_problem(summary, verdict, interview.desk.scale)


def _known(ids: frozenset[str], folder: str) -> str:
    listed = known_ids(ids)
    if not listed or len(listed) > _KNOWN_SHOWN:
        return f" ({folder}/<id>.yml)"
    return f" ({folder}/<id>.yml; there are: {', '.join(listed)})"


def _git_author(desk: Desk) -> str:
    """The person whose name git knows this editor by, if the publication has them: the usual answer."""
    try:
        name = subprocess.run(["git", "config", "user.name"], cwd=desk.root, capture_output=True, text=True,
                              timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""
    return (desk.people.named(name) or "") if name else ""


def _report_what_is_left(root: Path, path: Path) -> None:
    """The new file's problems, so the editor sees at once what is still to write."""
    relative = path.resolve().relative_to(root.resolve()).as_posix()
    # A record just written is named by no claim yet: that warning is for records left behind.
    left = [p for p in loader.read_publication(root)[1] if p.path == relative
            and not (p.severity == "warning" and p.message.startswith(loader.UNUSED_RECORD))]
    if left:
        print(f"still to do before it can be published ({len(left)}):")
        for problem in left:
            print(f"  line {problem.line}: {printable(problem.message)}"
                  + (f" (fix: {printable(problem.hint)})" if problem.hint else ""))
    else:
        print("it passes every check.")
