"""Which edition a build is: the commit it was built from and the date, so it can be cited."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from factdesk.data.leftovers import is_leftover
from factdesk.data.records import EditionDates, slugify


@dataclass(frozen=True)
class Edition:
    commit: str | None
    built: datetime
    modified: bool = False

    @property
    def short_commit(self) -> str | None:
        return self.commit[:12] if self.commit else None


def current_edition(root: Path) -> Edition:
    """The edition of the publication under `root`. SOURCE_DATE_EPOCH, where set, fixes the build
    date so that two builds of one commit are identical."""
    commit = _git(root, "rev-parse", "HEAD")
    modified = bool(commit and _git(root, "status", "--porcelain", "--", "claims", "sources", "factdesk.yml", "docs"))
    return Edition(commit=commit, built=build_time(), modified=modified)


EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"
_LAST_EPOCH = 253402214399  # 9999-12-30 23:59:59 UTC: a day before the last date, which the +14 h below needs


def build_time() -> datetime:
    """When this edition is built: now, or SOURCE_DATE_EPOCH where set (ValueError if that is not a
    whole number of seconds since 1970 that a date can show)."""
    epoch = os.environ.get(EPOCH_VARIABLE, "")
    if not epoch:
        return datetime.now(UTC).replace(microsecond=0)
    if not (epoch.isascii() and epoch.isdigit() and int(epoch) <= _LAST_EPOCH):
        raise ValueError(f"{EPOCH_VARIABLE} should be the build's time in whole seconds since 1970, not `{epoch}`")
    return datetime.fromtimestamp(int(epoch), UTC)


EARLIEST_TIME_ZONE = timedelta(hours=14)
"""UTC+14 (Kiribati): where a calendar day starts first. An editor there may date a file with a
day that has not yet begun in UTC, where CI builds."""


def edition_dates(built: datetime) -> EditionDates:
    """The edition's date (UTC), and the last date a file may carry in it: the date somewhere on Earth."""
    return EditionDates(built.date(), (built + EARLIEST_TIME_ZONE).date())


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


# The PDF edition ----------------------------------------------------------------------------

PDF_FOLDER = Path("build")
PDF_RECORD = PDF_FOLDER / "pdf-edition.json"
"""The record of the edition in the main language; each other language's is `pdf_record(code)`."""
# What the PDF is made of: when any of it changes, a PDF built before is stale.
PDF_INPUTS = ("claims", "sources", "factdesk.yml", "docs/methodology.md")


@dataclass(frozen=True)
class PdfRecord:
    """What `factdesk pdf` wrote, so that the site links the PDF only while it is current."""

    file: str
    pages: int
    inputs: str

    def to_json(self) -> str:
        return json.dumps({"file": self.file, "pages": self.pages, "inputs": self.inputs}, indent=2) + "\n"


def edition_name(publication_name: str) -> str:
    """The editions' file name without its ending: the publication's name as an address
    (`factdesk.pdf`, `factdesk-offline.zip`)."""
    return slugify(publication_name) or "edition"


def pdf_file_name(publication_name: str, language: str | None = None) -> str:
    """The PDF edition's file name: `factdesk.pdf` in the main language (`language` None), and
    `factdesk-ja.pdf` in another."""
    return edition_name(publication_name) + (f"-{language}" if language else "") + ".pdf"


def pdf_record(language: str | None = None) -> Path:
    """Where `factdesk pdf` notes the edition in `language` (None: the main language's), under the root."""
    return PDF_RECORD if not language else PDF_FOLDER / f"pdf-edition-{language}.json"


def inputs_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for name in PDF_INPUTS:
        path = root / name
        # What the checks read, no more: a link could point anywhere, and editors' leftovers come and go.
        files = sorted(p for p in path.rglob("*") if _read_by_the_checks(p)) if path.is_dir() \
            else [path] if _read_by_the_checks(path) else []
        for file in files:
            digest.update(file.relative_to(root).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


_LANGUAGE_CODE = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")
"""A BCP 47 code, as the loader admits them: what a record's file name may be made of."""


def _read_by_the_checks(path: Path) -> bool:
    return path.is_file() and not path.is_symlink() and not is_leftover(path.name)


def current_pdf(root: Path, language: str | None = None) -> PdfRecord | None:
    """The PDF edition in build/ in `language` (a code of factdesk.yml's `language` or
    `other_languages`; None: the main language), if it was built from the files as they are now."""
    if language is not None:
        from factdesk.data.loader import read_settings  # the loader imports this module

        if language == read_settings(root, []).language:
            language = None
        elif not _LANGUAGE_CODE.fullmatch(language):
            return None
    try:
        values = json.loads((root / pdf_record(language)).read_text(encoding="utf-8"))
        record = PdfRecord(str(values["file"]), int(values["pages"]), str(values["inputs"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    pdf = root / PDF_FOLDER / record.file
    if "/" in record.file or pdf.is_symlink() or not pdf.is_file() or record.inputs != inputs_digest(root):
        return None
    return record
