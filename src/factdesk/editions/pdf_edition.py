"""The PDF edition: the publication typeset in parts, in parallel, and bound into one PDF.

WeasyPrint lays out a document on one core and keeps the whole layout in memory. The edition is
therefore cut into parts that start on new pages (`print_html`), laid out by a pool of worker
processes, and bound (`bind`). Whatever depends on the whole is made after the parts: the
contents (the front matter is numbered i, ii, … so that its length moves no body page), the
running heads and page numbers (stamped as furniture), the outline and the cross-part links.
"""

from __future__ import annotations

import errno
import multiprocessing
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from factdesk.data import loader
from factdesk.data.model import Publication
from factdesk.data.problems import Problem
from factdesk.editions import typeset
from factdesk.editions.bind import OutlineEntry, bind
from factdesk.editions.edition import (
    PDF_FOLDER,
    Edition,
    PdfRecord,
    current_edition,
    inputs_digest,
    pdf_file_name,
    pdf_record,
)
from factdesk.editions.print_html import PrintEdition, Sheet
from factdesk.editions.typeset import TypesetDocument
from factdesk.outputs.build_lock import held
from factdesk.outputs.child_processes import die_with_parent
from factdesk.outputs.output_files import remove_leftovers, writing_beside

SHEETS_PER_FURNITURE_RUN = 250

T = TypeVar("T")


@dataclass(frozen=True)
class PdfReport:
    path: Path
    pages: int
    parts: int
    messages: tuple[str, ...]


class UnknownLanguage(ValueError):
    """The edition was asked for in a language the publication is not published in."""


class NotPrintable(Exception):
    """The edition cannot be made: the publication's errors, or characters that no font of the
    edition has (`problems`, each with its file and a fix)."""

    def __init__(self, problems: Sequence[Problem]):
        super().__init__(f"{len(problems)} problems")
        self.problems = list(problems)


def _say_waiting(message: str) -> None:
    print(message, file=sys.stderr)


def build_edition(root: Path, language: str | None = None, output: Path | None = None,
                  jobs: int | None = None, waiting: Callable[[str], None] = _say_waiting) -> PdfReport:
    """`factdesk pdf`: the publication under `root` read and checked, and its PDF edition in
    `language` (one of `settings.languages`; None: the main one) written to `output` (default:
    build/<name>.pdf in the main language, build/<name>-<language>.pdf in another) and noted in
    build/ for the site (`current_pdf(root, language)`). Raises UnknownLanguage, or NotPrintable
    before anything is typeset; `waiting` is told while another command holds the publication."""
    publication, problems = loader.read_publication(root)
    if publication is None:
        raise NotPrintable(problems)
    settings = publication.settings
    if language is not None and language not in settings.languages:
        raise UnknownLanguage(f"`{language}` is not a language of this publication: "
                              f"it is published in {', '.join(settings.languages)}")
    language = language or settings.language
    other = language if language != settings.language else None
    publication = publication.in_language(language)
    # Before anything is typeset: a character that no font of the edition has would print as a box.
    if unprintable := typeset.glyph_problems(publication):
        raise NotPrintable(unprintable)
    # One command at a time writes build/: a second `factdesk pdf` waits (see build_lock).
    with held(root, "factdesk pdf", waiting):
        result = build_pdf(publication, current_edition(root), root,
                           output or default_output(root, publication, other), jobs)
        record_pdf(root, result, other)
    return result


def default_output(root: Path, publication: Publication, language: str | None = None) -> Path:
    """build/<name>.pdf, or in another language than the main one, build/<name>-<language>.pdf."""
    return root / PDF_FOLDER / pdf_file_name(publication.settings.name, language)


def build_pdf(publication: Publication, edition: Edition, root: Path, output: Path,
              jobs: int | None = None, claims_per_part: int = 20) -> PdfReport:
    """Write the edition to `output`, which keeps the previous edition until the new one is
    complete; a build that fails or is killed leaves it as it was. The edition is in the language of
    `publication` (`publication.in_language(code)` gives another)."""
    # What runs killed while writing left; a run still at work keeps its temporary (see output_files).
    remove_leftovers(output)
    printed = PrintEdition(publication, edition, root)
    parts = printed.body_parts(claims_per_part)
    with _workers(jobs or os.cpu_count() or 1) as pool:
        # Longest first, so that no long part starts last while the other workers wait for it.
        jobs_by_size = {i: pool.submit(typeset.typeset, parts[i].html)
                        for i in sorted(range(len(parts)), key=lambda i: -len(parts[i].html))}
        body = [jobs_by_size[i].result() for i in range(len(parts))]
        starts = _starts(body)
        entries = [replace(entry, page=str(start + doc.anchors[entry.anchor] + 1))
                   for part, doc, start in zip(parts, body, starts, strict=True) for entry in part.entries]
        front_job = pool.submit(typeset.typeset, printed.front_matter(entries))
        heads = _running_heads(body, publication.settings.name)
        body_jobs = _furniture_jobs(pool, printed, [Sheet(head, str(n)) for n, head in enumerate(heads, 1)])
        front = front_job.result()
        # The cover carries no furniture; the contents are numbered on from it: ii, iii, …
        front_jobs = _furniture_jobs(pool, printed, [Sheet(printed.contents_head(), _roman(n))
                                                       for n in range(2, front.pages + 1)])
        furniture = []
        for first, run, job in [(1 + s, r, j) for s, r, j in front_jobs] + [(front.pages + s, r, j) for s, r, j in body_jobs]:
            sheets = job.result()
            if sheets.pages != len(run):
                raise RuntimeError(f"furniture for {len(run)} pages came out as {sheets.pages} pages")
            furniture.append((first, sheets.pdf))
    outline = [OutlineEntry(b.level, b.label, b.page, b.top) for b in front.bookmarks]
    outline += [OutlineEntry(b.level, b.label, front.pages + start + b.page, b.top)
                for doc, start in zip(body, starts, strict=True) for b in doc.bookmarks]
    # The workers have ended (no fork may come while the temporary is open: see writing_beside).
    output.parent.mkdir(parents=True, exist_ok=True)
    parts_bytes = len(front.pdf) + sum(len(doc.pdf) for doc in body) + sum(len(pdf) for _, pdf in furniture)
    _require_room(output.parent, parts_bytes)
    with writing_beside(output) as stream:
        pages = bind(front.pdf, [doc.pdf for doc in body], furniture, outline, front.pages, stream)
    messages = tuple(dict.fromkeys(m for doc in [front, *body] for m in doc.messages))
    return PdfReport(output, pages, len(parts), messages)


def record_pdf(root: Path, report: PdfReport, language: str | None = None) -> None:
    """Note the PDF in build/ for the site, which links it while the inputs stay as they were: the
    edition in `language`, or with None, in the main language."""
    if report.path.parent.resolve() != (root / PDF_FOLDER).resolve():
        return
    record = PdfRecord(report.path.name, report.pages, inputs_digest(root))
    path = root / pdf_record(language)
    remove_leftovers(path)
    with writing_beside(path) as out:
        out.write(record.to_json().encode("utf-8"))


def _require_room(folder: Path, parts_bytes: int) -> None:
    """OSError (the disk is full) unless `folder`'s disk has room for a PDF bound from parts of this
    size, which it hardly exceeds: pikepdf, whose writes fail inside its C++ code when the disk fills
    up, ends the whole process there instead of raising an error that could be reported."""
    needed = parts_bytes + parts_bytes // 10 + (1 << 20)
    if shutil.disk_usage(folder).free < needed:
        raise OSError(errno.ENOSPC, f"{needed:,} bytes are needed for the PDF", str(folder))


def _starts(docs: Sequence[TypesetDocument]) -> list[int]:
    """Each part's first page, counted from the first body page."""
    starts, total = [], 0
    for doc in docs:
        starts.append(total)
        total += doc.pages
    return starts


def _running_heads(docs: Sequence[TypesetDocument], name: str) -> list[str]:
    """For each body page: its chapter, and the claim or source the page is reading, which is the
    one that begins at its top, or else the one it continues."""
    heads: list[str] = []
    chapter, item = name, ""
    for doc in docs:
        by_page: dict[int, list[typeset.Bookmark]] = {}
        for bookmark in doc.bookmarks:
            by_page.setdefault(bookmark.page, []).append(bookmark)
        for page in range(doc.pages):
            marks = by_page.get(page, [])
            if chapters := [m.label for m in marks if m.level == 1]:
                chapter, item = chapters[-1], ""
            begun = [m for m in marks if m.level == 2]
            shown = begun[0].label if begun and (begun[0].at_top or not item) else item
            heads.append(f"{chapter} · {shown}" if shown else chapter)
            item = begun[-1].label if begun else item
    return heads


def _furniture_jobs(pool: Executor, printed: PrintEdition,
                    sheets: Sequence[Sheet]) -> list[tuple[int, Sequence[Sheet], Future[TypesetDocument]]]:
    """The sheets typeset in runs, each with its first sheet's index."""
    size = SHEETS_PER_FURNITURE_RUN
    runs = [(i, sheets[i:i + size]) for i in range(0, len(sheets), size)]
    return [(i, run, pool.submit(typeset.typeset_untagged, printed.furniture(run)))
            for i, run in runs]


def _roman(number: int) -> str:
    numerals = (("m", 1000), ("cm", 900), ("d", 500), ("cd", 400), ("c", 100), ("xc", 90), ("l", 50),
                ("xl", 40), ("x", 10), ("ix", 9), ("v", 5), ("iv", 4), ("i", 1))
    out = ""
    for letters, value in numerals:
        while number >= value:
            out, number = out + letters, number - value
    return out


class _InProcess(Executor):
    """One job: no workers to start, and errors keep their tracebacks."""

    def submit(self, fn: Callable[..., T], /, *args: object, **kwargs: object) -> Future[T]:
        future: Future[T] = Future()
        future.set_result(fn(*args, **kwargs))
        return future

    def map(self, fn: Callable[..., T], *iterables: Iterable[object], timeout: float | None = None,
            chunksize: int = 1) -> Iterator[T]:
        return iter([fn(*args) for args in zip(*iterables)])


@contextmanager
def _workers(jobs: int) -> Iterator[Executor]:
    if jobs <= 1:
        yield _InProcess()
        return
    # fork starts workers at once and shares the imported libraries; elsewhere, the default.
    context = multiprocessing.get_context("fork") if sys.platform == "linux" else None
    # Each worker dies with this process, however it dies: a killed build's workers would otherwise
    # wait for ever on their queue, holding their memory. This thread forks them all, at the first
    # submit, and outlives them (see die_with_parent).
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                             initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        yield pool
