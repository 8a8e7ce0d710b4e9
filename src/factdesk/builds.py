"""`factdesk build` and `factdesk serve`: a publication built and previewed by commands of the
package, not by this repository's Makefile, so that any publication's folder is enough.

`build` makes, in order, the PDF edition (which the site links while it is current), the offline
edition (the site as files that open from a folder, zipped, which the site links too), and the
site (in a publication of several languages, each other language's site, then the main one's, which
takes them in under `<code>/`), each with `mkdocs build --strict` in a process of its own, as an
editor would run it: the library imports no MkDocs (see mkdocs_adapter).
"""

from __future__ import annotations

import ctypes.util
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from factdesk.data.loader import read_settings
from factdesk.editions.archive import archive_edition
from factdesk.editions.edition import edition_name
from factdesk.site.language_sites import LANGUAGE_SITES_VARIABLE, LANGUAGE_VARIABLE

OFFLINE_FOLDER = Path("build") / "offline"
LANGUAGES_FOLDER = Path("build") / "languages"
"""Where `build` builds the sites in the publication's other languages, before the main one's takes them in."""


@dataclass(frozen=True)
class SystemLibrary:
    """A library of the system, not of Python, that a part of the build loads."""

    name: str
    files: tuple[str, ...]
    """As `ctypes.util.find_library` looks them up."""
    needed_by: str
    debian: str
    homebrew: str
    pdf_only: bool = False
    """Needed by the PDF edition alone: `factdesk build --no-pdf` does without it."""


SYSTEM_LIBRARIES = (
    SystemLibrary("Pango", ("pango-1.0", "pangoft2-1.0"), "the PDF edition (WeasyPrint lays it out with it)",
                  "libpango-1.0-0 libpangoft2-1.0-0", "pango", pdf_only=True),
    SystemLibrary("Cairo", ("cairo",), "the share images (CairoSVG draws the verdicts' icons with it)",
                  "libcairo2", "cairo"),
)


def missing_libraries(find: Callable[[str], str | None] = ctypes.util.find_library, pdf: bool = True) -> list[str]:
    """What is missing (for a build without the PDF edition, if not `pdf`), each with the command
    that installs it."""
    return [f"{library.name} is missing, which {library.needed_by} needs: install it, on Debian or Ubuntu with "
            f"`sudo apt-get install {library.debian}`, on macOS with `brew install {library.homebrew}`"
            for library in SYSTEM_LIBRARIES if (pdf or not library.pdf_only)
            and any(find(name) is None for name in library.files)]


def offline_edition_name(root: Path) -> str:
    """The offline edition's folder and zip name (`factdesk-offline`)."""
    return f"{edition_name(read_settings(root, []).name)}-offline"


def _say(message: str) -> None:
    print(message, flush=True)  # before what the next step's process prints


def build(root: Path, pdf: bool = True, say: Callable[[str], None] = _say) -> int:
    """The PDF edition, the offline edition and the site; the exit status of the first step that fails."""
    missing = missing_libraries(pdf=pdf)
    if missing:
        for message in missing:
            print(f"factdesk build: {message}", file=sys.stderr)
        return 2
    if pdf:
        say("factdesk build: the PDF edition")
        done = subprocess.run([sys.executable, "-m", "factdesk", "pdf", "--root", str(root)])
        if done.returncode:
            return done.returncode
        # The edition in each other language, which that language's site links (mkdocs_adapter._current_pdf).
        for code in read_settings(root, []).other_languages:
            say(f"factdesk build: the PDF edition in {code}")
            done = subprocess.run([sys.executable, "-m", "factdesk", "pdf", "--root", str(root), "--language", code])
            if done.returncode:
                return done.returncode
    name = offline_edition_name(root)
    folder = OFFLINE_FOLDER / name
    say(f"factdesk build: the offline edition, {folder}")
    status = _mkdocs(root, ["build", "--strict", "--site-dir", str(folder)], {"OFFLINE": "true", LANGUAGE_VARIABLE: ""})
    if status:
        return status
    status = archive_edition(root, root / folder, root / "build" / f"{name}.zip")
    if status:
        return status
    # A publication in several languages: each other language's site first, into build/languages/<code>/,
    # then the main language's, which puts them under it (`site/<code>/`) before it takes the site
    # folder's place; one that fails fails the build, and the published site stays as it was.
    settings = read_settings(root, [])
    for code in settings.other_languages:
        folder = LANGUAGES_FOLDER / code
        say(f"factdesk build: the site in {code}, {folder}")
        status = _mkdocs(root, ["build", "--strict", "--site-dir", str(folder)], {LANGUAGE_VARIABLE: code})
        if status:
            return status
    say("factdesk build: the site")
    return _mkdocs(root, ["build", "--strict"], {
        "FACTDESK_OFFLINE_EDITION": f"{name}.zip", LANGUAGE_VARIABLE: "",
        LANGUAGE_SITES_VARIABLE: str(LANGUAGES_FOLDER) if settings.other_languages else ""})


def serve(root: Path, dev_addr: str | None = None) -> NoReturn:
    """The preview, which builds again what a save changes (see README, "serve --dirty"). This
    process becomes MkDocs' own, so that a signal that ends it ends the preview (a child would
    outlive a `kill` and keep the port)."""
    os.chdir(root)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    arguments = [sys.executable, "-m", "mkdocs", "serve", "--dirty", *(["--dev-addr", dev_addr] if dev_addr else [])]
    os.execv(sys.executable, arguments)


def _mkdocs(root: Path, arguments: list[str], environment: dict[str, str]) -> int:
    return subprocess.run([sys.executable, "-m", "mkdocs", *arguments], cwd=root,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **environment}).returncode
