"""`factdesk init DIR`: a new publication, ready to check and build, from the package's starter.

A newsroom starts its own desk without copying this repository: the new folder holds its content
and its own choices (mkdocs.yml, factdesk.yml), and factdesk comes as a package pinned in
requirements.txt. The starter's files are in `starter/`: `.j2` ones are templates, the others
are copied; names that would be hidden in the package (`github/`, `gitignore`) get their dot here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import partial
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import jinja2

from factdesk.data.fields import FILE_FORMAT
from factdesk.data.loader import read_settings
from factdesk.data.records import LANGUAGE, is_web_address
from factdesk.editors.schema import SCHEMAS_DIR, schemas
from factdesk.languages import interface
from factdesk.site import pages

STARTER = resources.files("factdesk.editors") / "starter"
EXAMPLE = "example"
DOTTED = {"github": ".github", "gitignore": ".gitignore", "pre-commit-config.yaml": ".pre-commit-config.yaml"}
DATA_FOLDERS = ("claims", "sources", "claimants", "people", "stories")


class InitError(Exception):
    pass


_PLAIN_SCALAR = re.compile(r"[^\s:#'\"\[\]{}&*!|>%@`,?-][^:#]*(?<!\s)")


def _yaml_plain(text: str) -> str:
    """A string as YAML writes it plainly where it can ("Home", "ホーム"), quoted where it must be."""
    return text if _PLAIN_SCALAR.fullmatch(text) else json.dumps(text, ensure_ascii=False)


def init(folder: Path, name: str, language: str = "en", url: str = "https://factcheck.example.org/",
         description: str = "", example: bool = False) -> list[Path]:
    """Writes the new publication into `folder`, which must be missing or empty; the files written."""
    problem = _refused(folder, name, language, url, description)
    if problem:
        raise InitError(problem)
    values = {"name": name, "language": language, "url": url if url.endswith("/") else url + "/",
              "description": description or f"Fact-checks by {name}, each verdict tied to its evidence.",
              "version": _version(), "format": FILE_FORMAT}
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False,
                                     extensions=["jinja2.ext.i18n"])
    # The navigation's titles and the palette's toggles in the publication's language; the pages' prose stays English.
    environment.install_gettext_translations(interface.translations(language), newstyle=True)  # type: ignore[attr-defined]
    # YAML's strings as JSON's (a JSON string is a YAML one); Markdown's as factdesk's pages escape them.
    environment.filters.update(yaml=partial(json.dumps, ensure_ascii=False), md=pages.text, yaml_plain=_yaml_plain)
    written = []
    for source, relative in _starter_files(example):
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        text = source.read_text(encoding="utf-8")
        if source.name.endswith(".j2"):
            text = environment.from_string(text).render(values)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    # The schemas that each file's first line names, for editors' YAML language servers.
    for name, text in schemas(read_settings(folder, []).scale).items():
        (folder / SCHEMAS_DIR).mkdir(exist_ok=True)
        (folder / SCHEMAS_DIR / name).write_text(text, encoding="utf-8")
        written.append(folder / SCHEMAS_DIR / name)
    for data in DATA_FOLDERS:  # kept in git while empty (check passes by a .gitkeep without a word)
        (folder / data).mkdir(exist_ok=True)
        if not any((folder / data).iterdir()):
            (folder / data / ".gitkeep").touch()
    return written


def _refused(folder: Path, name: str, language: str, url: str, description: str) -> str | None:
    if folder.is_symlink() or folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        return f"{folder} is not an empty folder: factdesk init writes a new publication into a new or empty one"
    if not name.strip():
        return "the publication needs a name: give --name"
    for option, text in (("--name", name), ("--description", description)):
        if not text.isprintable():
            return f"{option} may not hold a line break or another control character"
        if any(character in text for character in '<>"'):
            # Material writes site_name and site_description into pages as they are, text and attributes.
            return f"{option} may not hold <, > or \": the theme writes it into every page's HTML as it is"
    if not LANGUAGE.fullmatch(language):
        return f"--language should be a language code such as `en` or `pt-BR`, not `{language}`"
    parts = urlsplit(url)
    if not is_web_address(url) or parts.query or parts.fragment:
        return f"--url should be the site's address, starting with https:// or http://, without ? or #: not `{url}`"
    return None


def _starter_files(example: bool) -> Iterator[tuple[Traversable, PurePosixPath]]:
    """Each file of the starter, and where it goes in the new publication."""
    def walk(directory: Traversable, at: PurePosixPath) -> Iterator[tuple[Traversable, PurePosixPath]]:
        for entry in sorted(directory.iterdir(), key=lambda e: e.name):
            if entry.name == "__pycache__" or (at == PurePosixPath() and entry.name == EXAMPLE and not example):
                continue
            target = at if at == PurePosixPath() and entry.name == EXAMPLE else at / DOTTED.get(entry.name, entry.name)
            if entry.is_dir():
                yield from walk(entry, target)
            else:
                yield entry, target.with_name(target.name.removesuffix(".j2"))
    return walk(STARTER, PurePosixPath())


def _version() -> str:
    try:
        return metadata.version("factdesk")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "0.1.0"
