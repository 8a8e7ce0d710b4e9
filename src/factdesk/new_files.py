"""`factdesk new claim|source|claimant|person`: the questions of each, in the order an editor
has the answers, and the file written from them (by `scaffold`)."""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import fields, loader, scaffold
from .fields import CLAIMANT_KIND_LABELS, SOURCE_KIND_LABELS, Field, Kind
from .interview import Desk, Interview, preview_address
from .model import Verdict
from .pages import unaccented
from .problems import printable
from .records import SLUG, slugify

_FILE_NAME = Field("file name", Kind.SLUG, "The file's name, which is also its page's address.", example="new-claim")
_KNOWN_SHOWN = 12
"""Up to this many known ids are listed beside a question; more would bury it."""


class Written:
    """What a command wrote, for its closing lines."""

    def __init__(self, path: Path, page: str, notes: tuple[str, ...] = ()) -> None:
        self.path, self.page, self.notes = path, page, notes


def run_new(args: argparse.Namespace) -> int:
    interactive = sys.stdin.isatty() if args.interactive is None else args.interactive
    if interactive and sys.stdin.isatty():
        _line_editing()
    interview = Interview(Desk.read(args.root), interactive)
    ask = {"claim": _claim, "source": _source, "claimant": _claimant, "person": _person}[args.record]
    try:
        written = ask(interview, args)
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
        print(f"See it in the preview: run `make serve`, then open {preview_address(args.root, written.page)}")
    return 0


def _line_editing() -> None:
    """Arrow keys and history at the questions, and no cut in a long pasted line: a terminal on its
    own passes at most 4,095 characters of a line, and an archived paragraph can be longer."""
    try:
        import readline  # noqa: F401  (input() uses it once it is imported)
    except ImportError:  # not on every system: the questions work without it
        pass


def _claim(interview: Interview, args: argparse.Namespace) -> Written | None:
    desk, spec = interview.desk, fields.CLAIM
    claim = interview.value(spec.field("claim"), "The claim, as it was made, in one sentence", args.claim,
                            option="--claim")
    slug = interview.value(_FILE_NAME, f"File name, claims/<name>.yml, also the page's address{_NEVER_CHANGES}",
                           args.slug, option="--slug", default=scaffold.claim_slug(claim or ""),
                           check=_free(desk.root, loader.CLAIMS_DIR))
    reviewed = None
    if claim and len(claim) > _REVIEWED_LIMIT:
        reviewed = interview.value(spec.field("claim_reviewed"), f"The claim in under {_REVIEWED_LIMIT} characters, "
                                   "for search engines and fact-check aggregators", check=_shorter_than_limit)
    claimants = interview.value(spec.field("claimants"), "Who made it: claimant ids, comma-separated"
                                + _known(desk.claimants.ids, "claimants"), args.claimant, option="--claimant",
                                add=_adding(interview, "claimants", _claimant))
    citing = interview.value(spec.field("citing"), "Whom they cited for it, if anyone", args.citing, option="--citing")
    claim_date = interview.value(spec.field("claim_date"), "When it was made (YYYY-MM-DD)", args.claim_date,
                                 option="--claim-date")
    appearances = _appearances(interview, args)
    verdict = interview.choice(spec.field("verdict"), "The verdict, from the publication's scale",
                               [(v.key, f"{v.label}. {v.meaning}") for v in desk.scale.verdicts], args.verdict,
                               option="--verdict")
    chosen = desk.scale.get(verdict) if verdict else None
    summary = interview.value(spec.field("summary"), "The verdict in words, in one or two sentences", args.summary,
                              option="--summary", check=_agrees_with(chosen, desk) if chosen else None)
    body = args.body or interview.text("The explanation, in Markdown; cite a source of the evidence as [@source-id]. "
                                       "Type or paste it, or leave it empty to write it in the file later")
    values = {
        "claim": claim, "claim_reviewed": reviewed, "claimants": claimants, "citing": citing,
        "claim_date": claim_date, "appearances": appearances, "verdict": verdict, "summary": summary, "body": body,
        "evidence": _evidence(interview, args),
        "tags": interview.value(spec.field("tags"), "Topics, comma-separated", args.tag, option="--tag"),
        "author": interview.value(spec.field("author"), "Who wrote the fact-check: a person's id"
                                  + _known(desk.people.ids, "people"), args.author, option="--author",
                                  default=_git_author(desk), add=_adding(interview, "people", _person)),
        "editor": interview.value(spec.field("editor"), "Who edited it, if someone else: a person's id", args.editor,
                                  option="--editor"),
    }
    if interview.refused:
        return None
    path = scaffold.new_claim(desk.root, values, slug)
    return Written(path, f"{loader.CLAIMS_DIR}/{path.stem}/")


def _appearances(interview: Interview, args: argparse.Namespace) -> list[dict[str, Any]]:
    spec = fields.APPEARANCE
    appearances: list[dict[str, Any]] = []
    while True:
        first = not appearances
        source = interview.value(
            spec.field("source"), "Where it was made: the source's id" + _known(interview.desk.source_ids, "sources")
            if first else "Another source where it was made or repeated: its id", args.source if first else None,
            option="--source", later="" if first else "Enter if there is none")
        if source is None and not first:
            return appearances
        quote = interview.value(spec.field("quote"), "The exact words in that source, copied from its archived text",
                                args.quote if first else None, option="--quote",
                                check=_in_archive(interview.desk, source) if source else None)
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
                                 later="Enter when there are no more" if evidence else "Enter to add them later")
        if source is None:
            break
        evidence.append({"source": source, "note": interview.value(
            spec.field("note"), "What it shows, in one sentence", later="Enter to write it in the file later")})
    return evidence


def _source(interview: Interview, args: argparse.Namespace) -> Written | None:
    desk, spec = interview.desk, fields.SOURCE
    title = interview.value(spec.field("title"), "Its title", args.title, option="--title")
    publisher = interview.value(spec.field("publisher"), "Who published it", args.publisher, option="--publisher")
    published = interview.value(spec.field("published"), "When it was published (YYYY-MM-DD)", args.published,
                                option="--published")
    suggested = "-".join(part for part in (slugify(unaccented(publisher or "")), str(published or "")) if part)
    source_id = interview.value(_FILE_NAME, f"Its id: the file name sources/<id>.yml, also the page's address"
                                f"{_NEVER_CHANGES}", args.id, option="--id",
                                default=suggested if publisher and published else "",
                                check=_free(desk.root, loader.SOURCES_DIR))
    kinds = list(SOURCE_KIND_LABELS.items())
    values = {
        "title": title, "publisher": publisher, "published": published,
        "kind": interview.choice(spec.field("kind"), "What sort of source it is", kinds, args.kind, option="--kind"),
        "language": interview.value(spec.field("language"), "Its language, as a code such as en or ja",
                                    args.language, option="--language", default=desk.language),
        "url": interview.value(spec.field("url"), "Where the original is online", args.url, option="--url"),
        "archived": interview.value(spec.field("archived"), "An archived copy's address (a web archive)",
                                    args.archived, option="--archived"),
    }
    kept = desk.root / loader.SOURCES_DIR / f"{source_id}{loader.ARCHIVE_SUFFIX}"
    text, origin = (None, "") if source_id and kept.exists() and args.text_file is None else \
        _archived_text(interview, args.text_file)
    if interview.refused:
        return None
    path = scaffold.new_source(desk.root, source_id or "", values, text)
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
        text, wrong = _text_of(Path(answer).expanduser())
        if wrong is None:
            return text, f"copied from {answer}"
        interview.say(f"  ✗ {printable(wrong)}")
    return None, ""


def _text_of(path: Path) -> tuple[str, str | None]:
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as error:
        return "", f"cannot read {path}: {error.strerror or error}"
    except UnicodeDecodeError:
        return "", f"{path} is not UTF-8 text: save it as UTF-8 (plain text) and give it again"
    if not text.strip():
        return "", f"{path} is empty"
    return text, None


def _claimant(interview: Interview, args: argparse.Namespace) -> Written | None:
    spec = fields.CLAIMANT
    name = interview.value(spec.field("name"), "Their name, as readers know them", args.name, option="--name")
    record_id = _record_id(interview, args, name, loader.CLAIMANTS_DIR)
    kinds = [(key, singular) for key, (singular, _) in CLAIMANT_KIND_LABELS.items()]
    values = {
        "name": name,
        "kind": interview.choice(spec.field("kind"), "What they are", kinds, args.kind, option="--kind"),
        "description": interview.value(spec.field("description"), "Who they are, in one line", args.description,
                                       option="--description"),
        "other_names": interview.value(spec.field("other_names"), "Other names and spellings, comma-separated",
                                       args.other_name, option="--other-name"),
        "same_as": interview.value(spec.field("same_as"), "Pages that identify them, comma-separated addresses",
                                   args.same_as, option="--same-as"),
    }
    return _record_written(interview, loader.CLAIMANTS_DIR, spec, record_id, values)


def _person(interview: Interview, args: argparse.Namespace) -> Written | None:
    spec = fields.PERSON
    name = interview.value(spec.field("name"), "Their name, as the fact-checks they sign give it", args.name,
                           option="--name")
    record_id = _record_id(interview, args, name, loader.PEOPLE_DIR)
    values = {
        "name": name,
        "role": interview.value(spec.field("role"), "Their role at the publication", args.role, option="--role"),
        "bio": interview.value(spec.field("bio"), "A short biography", args.bio, option="--bio"),
        "same_as": interview.value(spec.field("same_as"), "Pages about them elsewhere, comma-separated addresses",
                                   args.same_as, option="--same-as"),
    }
    return _record_written(interview, loader.PEOPLE_DIR, spec, record_id, values)


def _record_written(interview: Interview, folder: str, spec: fields.RecordSpec, record_id: str | None,
                    values: dict[str, Any]) -> Written | None:
    if interview.refused:
        return None
    path = scaffold.new_record(interview.desk.root, folder, spec, record_id or "", values)
    return Written(path, f"{folder}/{path.stem}/")


def _adding(interview: Interview, folder: str, ask: Callable[[Interview, argparse.Namespace], Written | None]
            ) -> Callable[[str], bool]:
    """Offers to add the records an answer names that do not exist, and that are no misspelling of
    one that does: a claim's new claimant is written without leaving the claim's questions."""
    def add(answer: str) -> bool:
        names = interview.desk.claimants if folder == loader.CLAIMANTS_DIR else interview.desk.people
        new = [word.strip() for word in answer.split(",") if word.strip() and word.strip() not in names.ids
               and SLUG.fullmatch(word.strip()) and names.suggestion(word.strip()) is None]
        added = False
        for record_id in new:
            if not interview.yes(f"Add {folder}/{record_id}.yml now?"):
                continue
            written = ask(interview, argparse.Namespace(id=record_id, **_NO_OPTIONS))
            if written is not None:
                interview.say(f"wrote {written.path}")
                added = True
        if added:
            interview.desk = Desk.read(interview.desk.root)
        return added
    return add


_NO_OPTIONS = dict.fromkeys(("name", "kind", "description", "role", "bio"), None) | {
    "other_name": [], "same_as": []}


def _record_id(interview: Interview, args: argparse.Namespace, name: str | None, folder: str) -> str | None:
    return interview.value(_FILE_NAME, f"Id: the file name {folder}/<id>.yml, also the page's address"
                           f"{_NEVER_CHANGES}", args.id, option="--id", default=slugify(unaccented(name or "")),
                           check=_free(interview.desk.root, folder))


# Checks beyond a field's own ------------------------------------------------------------------

_NEVER_CHANGES = " (choose it well: it never changes once published)"
_REVIEWED_LIMIT = 75  # ClaimReview's `claimReviewed`, as aggregators show it (see claimreview.CLAIM_REVIEWED_LIMIT)


def _free(root: Path, folder: str, *also: str):  # type: ignore[no-untyped-def]
    """A file name that no file of `folder` has, and that no listing page takes."""
    def check(name: str) -> tuple[str, str] | None:
        if name in loader.reserved_ids(folder):
            return f"`{name}` is the address of a listing page of {folder}/", "choose another name"
        taken = next((root / folder / f"{name}{suffix}" for suffix in (*loader.YAML_SUFFIXES, *also)
                      if (root / folder / f"{name}{suffix}").exists()), None)
        if taken is not None:
            return (f"{folder}/{taken.name} already exists; factdesk new never overwrites a file",
                    "choose another name, or edit that file")
        return None
    return check


def _shorter_than_limit(text: str) -> tuple[str, str] | None:
    if len(text) <= _REVIEWED_LIMIT:
        return None
    return f"that is {len(text)} characters", f"shorten it to {_REVIEWED_LIMIT} at most"


def _in_archive(desk: Desk, source_id: str):  # type: ignore[no-untyped-def]
    source = desk.sources.get(source_id)
    return (lambda quote: loader.quote_problem(quote, source, desk.archives)) if source else None


def _agrees_with(verdict: Verdict, desk: Desk):  # type: ignore[no-untyped-def]
    return lambda summary: loader.finding_problem(summary, verdict, desk.scale)


def _known(ids: frozenset[str] | set[str], folder: str) -> str:
    if not ids or len(ids) > _KNOWN_SHOWN:
        return f" ({folder}/<id>.yml)"
    return f" ({folder}/<id>.yml; there are: {', '.join(sorted(ids))})"


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
