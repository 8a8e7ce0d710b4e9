"""The one module that knows MkDocs: it maps MkDocs' events onto the library.

`hooks/` re-exports these functions. State lives in `_state` and is set afresh by `on_config`
on every build, including each rebuild of `mkdocs serve`, so an edit is never served stale.
"""

from __future__ import annotations

import html
import importlib
import logging
import multiprocessing
import os
import pickle
import re
import shutil
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError, MkDocsException, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils import get_relative_url

from factdesk.data import loader
from factdesk.data.model import Claim, Publication, Settings
from factdesk.data.problems import Problem, errors, os_error_message, report
from factdesk.data.yamlfile import ParseCache
from factdesk.editions.edition import PDF_FOLDER, PdfRecord, current_edition, current_pdf
from factdesk.editors.schema import SCHEMAS_DIR, schemas
from factdesk.languages import interface
from factdesk.open_data import claimreview, exports
from factdesk.outputs.build_lock import ForeignBuildFolder, PublicationLock, check_build_folder
from factdesk.outputs.site_folder import SiteFolder, SiteFolderError
from factdesk.site import (
    explorer_index,
    file_watch,
    language_sites,
    page_meta,
    pages,
    preview,
    search_index,
    share_card,
    site_theme,
)
from factdesk.site.addresses import LOCAL_PREVIEW, SiteAddress, page_address
from factdesk.site.generated_files import GeneratedFolder, write_pieces
from factdesk.site.idle_collector import IdleCollector
from factdesk.site.memo import Memo
from factdesk.site.page_writer import PageWriter, WritingFailed

log = logging.getLogger("mkdocs.plugins.factdesk")


class _State:
    publication: Publication | None = None
    root: Path | None = None
    command: str = "build"
    pdf: PdfRecord | None = None
    site: SiteAddress = SiteAddress(LOCAL_PREVIEW)
    # The language this build makes the site in (FACTDESK_LANGUAGE, else the main one), and the main
    # language's site's address, under which the others' are (`ja/`).
    language: str = "en"
    main_site: SiteAddress = SiteAddress(LOCAL_PREVIEW)
    claims_by_page: dict[str, Claim] = {}
    hand_written: set[str] = set()
    """The pages of docs/ (the docs/ path), which have no translations."""
    dirty: bool = False
    # Where a `mkdocs build` puts the site once it has succeeded; it writes to a staging folder.
    site_folder: SiteFolder | None = None
    failed: bool = False
    lock: PublicationLock | None = None
    checked_build_folders: set[Path] = set()
    writing_to: str = "the site folder"
    # Kept from one build to the next by a preview server (`mkdocs serve`), which rebuilds after
    # every edit: files not changed are not parsed again, pages whose data did not change are not
    # rendered again, and (with --dirty) generated pages not changed are not rewritten.
    parse_cache: ParseCache | None = None
    memo: Memo | None = None
    generated: GeneratedFolder | None = None
    compiled_templates: jinja2.BytecodeCache | None = None
    collector: IdleCollector | None = None
    writer: PageWriter | None = None
    # The preview's last rebuild, if it failed: shown over every page it serves (see preview) until a
    # rebuild succeeds. `build_failure` is the one on_build_error saw in the rebuild under way.
    preview_failure: preview.Failure | None = None
    build_failure: preview.Failure | None = None
    rebuilding: bool = False
    reported_here: _ReportedByThePreview | None = None


_state = _State()


def project_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


GENERATED_FOLDER = "build/generated"
"""Where incremental builds (`--dirty`) keep generated pages as files, in the project."""
EXPORTS_FOLDER = "build/exports"
"""Where other builds write the open-data files, which MkDocs then copies into the site."""


class _NormalHereForThePreview(logging.Filter):
    """MkDocs warns at every `serve --dirty` that a dirty build "will likely lead to inaccurate
    navigation". Not here: the navigation is the fixed one of mkdocs.yml (claims, sources and the other
    records' pages are not in it), and factdesk writes a generated page exactly when its text
    changes, so every page that shows an edit is built again. Editors took the warning for an error."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


class _ReportedByThePreview(logging.Filter):
    """MkDocs logs a failed build's error once per process: its log drops a message it has printed
    before (utils.DuplicateFilter), so a save that fails as the last one did printed nothing but
    "Aborted with a BuildError!". The preview's rebuilds report their failures themselves, every
    time (`_build_for_preview`), and this drops MkDocs' copy of the one it reports, which
    `on_build_error` sees just before MkDocs logs it."""

    def __init__(self) -> None:
        super().__init__()
        self.expected: str | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        if self.expected is None or record.levelno < logging.ERROR or record.getMessage() != self.expected:
            return True
        self.expected = None
        return False


def on_startup(*, command: str, dirty: bool) -> None:
    _state.command, _state.dirty = command, dirty
    if command == "serve" and dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(_NormalHereForThePreview())
    if command == "serve":
        _state.parse_cache, _state.memo = ParseCache(), Memo()
        _state.compiled_templates = _CompiledTemplates()
        _state.collector = IdleCollector()


def add_theme(config: MkDocsConfig) -> None:
    """factdesk's theme, styles and scripts, the Markdown extensions its pages are written for, and
    its sanitiser as the last of them: what every publication needs, so that its mkdocs.yml holds
    only its own choices."""
    directory = str(site_theme.THEME_FOLDER)
    if directory not in config.theme.dirs:
        # MkDocs lists the publication's custom_dir first, then the theme's own folders.
        own = config.theme.custom_dir
        config.theme.dirs.insert(1 if own and config.theme.dirs[:1] == [own] else 0, directory)
    config.extra_css.extend(css for css in site_theme.STYLESHEETS if css not in config.extra_css)
    listed = {str(script) for script in config.extra_javascript}
    config.extra_javascript.extend(ExtraScriptValue(script) for script in site_theme.SCRIPTS if script not in listed)
    # Material's offline plugin, whose on_config runs before the hook's, lists a shim from a CDN
    # unless one is listed: factdesk's takes its place, and nothing is fetched from another host.
    listed_polyfills = [url for url in config.extra.get("polyfills") or [] if "iframe-worker" not in url]
    polyfills = site_theme.POLYFILLS
    config.extra["polyfills"] = [*polyfills, *(url for url in listed_polyfills if url not in polyfills)]
    for name, options in site_theme.PAGES_EXTENSIONS.items():
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
            config.mdx_configs.setdefault(name, {key: _python_object(value) if isinstance(value, site_theme.PythonName)
                                                 else value for key, value in options.items()})
    # Last, so that no extension registers raw HTML after it.
    sanitiser = site_theme.SANITISER
    config.markdown_extensions[:] = [name for name in config.markdown_extensions if name != sanitiser] + [sanitiser]


def _python_object(name: str) -> object:
    module, _, attribute = name.rpartition(".")
    return getattr(importlib.import_module(module), attribute)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and check everything before MkDocs reads or writes a single page."""
    add_theme(config)
    if _state.collector is not None:
        _state.collector.build_started()
    _stop_writing()
    _state.publication, _state.site_folder, _state.failed = None, None, False
    _state.root = project_root(config)
    if _state.command == "build":
        _take_lock(_state.root)
    elif _state.root not in _state.checked_build_folders:  # a preview: once per project, not every rebuild
        _as_plugin_error(partial(check_build_folder, _state.root))
        _state.checked_build_folders.add(_state.root)
    _stage(config)  # before reading: a failed read must still find the previous site put back
    _state.writing_to = config.site_dir
    # A build runs no other threads and may check claims in forked processes; a preview server
    # does run threads, and keeps what it checked instead.
    jobs = (os.cpu_count() or 1) if _state.command == "build" else 1
    publication, problems = loader.read_publication(_state.root, _state.parse_cache, jobs)
    problems += _site_source_problems(config, _state.root)
    if errors(problems):
        # PluginError is reported by MkDocs as a clean message with no traceback, and aborts
        # the build before anything is written.
        raise _ProblemsFound(errors(problems))
    assert publication is not None
    for problem in problems:
        log.warning(str(problem))
    try:
        language = language_sites.site_language(publication.settings, os.environ.get(language_sites.LANGUAGE_VARIABLE))
    except language_sites.UnknownLanguage as error:
        raise PluginError(str(error)) from None
    # The site in another language: every claim, source and story with its editors' translation,
    # the main language's text where there is none (see model.Publication.in_language).
    publication = publication.in_language(language)
    _state.publication, _state.language = publication, language
    _state.claims_by_page = {pages.claim_path(c): c for c in publication.claims}
    _state.site = _site_address(publication, config)
    config.extra["factdesk_edition"] = current_edition(_state.root)
    if (_state.root / ".git").exists() and shutil.which("git") is None:
        # The footer would say "outside version control" of an edition that is in it.
        log.warning("factdesk: git is not installed, or not on PATH: this edition cannot name its commit "
                    "in the footer\n    fix: install git, or put it on PATH")
    # The PDF edition is built by `factdesk pdf`, never here; a build publishes it while it is
    # current. A preview leaves it out: it would go stale with the first edit.
    _state.pdf = _current_pdf(_state.root, publication.settings, language) if _state.command != "serve" else None
    config.extra["factdesk_pdf"] = _state.pdf
    if pages.VERDICT_CSS not in config.extra_css:
        config.extra_css.append(pages.VERDICT_CSS)
    _choose_search(config)
    _speak(config, language)
    _search_the_sources_languages(config, publication)
    _switch_languages(config, publication)
    return config


def _current_pdf(root: Path, settings: Settings, language: str) -> PdfRecord | None:
    """The PDF edition in the site's language, while it is current."""
    return current_pdf(root, None if language == settings.language else language)


# Languages' sites -----------------------------------------------------------------------------
# A publication in several languages has one site per language, each built on its own (see
# language_sites and builds): Material's language switcher (`extra.alternate`, whose partial
# factdesk's theme overrides) leads to the page being read in each language.

class _LanguageSwitcher:
    """`extra.alternate` for Material's header, which shows its switcher when it is set: true, and
    not a list, so that Material's base.html does not also give every page `hreflang` links to each
    language's front page (theme/main.html gives the page's own, see language_sites).
    theme/partials/alternate.html lists `entries` where a page has no alternates of its own."""

    def __init__(self, entries: list[dict[str, str]]) -> None:
        self.entries = entries

    def __bool__(self) -> bool:
        return True


def _switch_languages(config: MkDocsConfig, publication: Publication) -> None:
    settings = publication.settings
    if not _with_other_languages(config, settings):
        return
    if config.extra.get("alternate") and not isinstance(config.extra["alternate"], _LanguageSwitcher):
        log.info("factdesk: the language switcher lists factdesk.yml's languages, not mkdocs.yml's extra.alternate, "
                 "which can be left out")
    # From the front page of this language's site to each one's.
    config.extra["alternate"] = _LanguageSwitcher([
        {"name": a.name, "lang": a.language, "link": a.link}
        for a in language_sites.alternates(settings, _state.main_site.base, _state.language, "")])


def _with_other_languages(config: MkDocsConfig, settings: Settings) -> bool:
    """Whether this build's pages link the other languages' sites: not in a preview, which shows one
    language, nor in the offline edition, which holds the main one only."""
    return len(settings.languages) > 1 and _state.command != "serve" and not _offline(config)


# Language -------------------------------------------------------------------------------------
# factdesk.yml's `language:` is the site's: factdesk's words (the pages, the theme's partials and
# scripts) come from its catalog, and Material's theme speaks it too (`theme.language`, whence
# `<html lang>`, the direction, and Material's own words), as does Material's search.

def material_language(language: str, config: MkDocsConfig) -> str:
    """The name of Material's translation for a BCP 47 code: its own ("pt-BR", "zh-TW"), else its
    base language's ("ja-JP": "ja"), else English."""
    tag = language.replace("_", "-")
    for name in (tag, tag.split("-")[0]):
        if any((Path(folder) / "partials" / "languages" / f"{name}.html").is_file() for folder in config.theme.dirs):
            return name
    return "en"


def _speak(config: MkDocsConfig, language: str) -> None:
    """Material's theme and search in the publication's language. factdesk.yml's `language:` wins
    over a `theme.language` of mkdocs.yml, which is then said to be replaced: the site speaks one
    language, and factdesk.yml names it once for the pages, the PDF and the open data."""
    wanted = material_language(language, config)
    theme_config = next((c.get("theme") for c in config.user_configs if isinstance(c.get("theme"), dict)), None) or {}
    own = theme_config.get("language")
    # (Another language's site, built by `factdesk build`, speaks its own: mkdocs.yml names the main one.)
    if own is not None and own != wanted and language == _publication().settings.language:
        log.info(f"factdesk: the theme speaks factdesk.yml's language ({language}: Material's `{wanted}`), "
                 f"not mkdocs.yml's theme.language ({own}), which can be left out")
    if config.theme["language"] == wanted:
        return
    config.theme["language"] = wanted
    # Material's search plugin read its language, word separator and pipeline from the theme's
    # language in its own on_config, which ran before this hook's: they are read again, unless
    # mkdocs.yml gives them.
    search = config.plugins.get("material/search")
    if search is None or not search.config.get("enabled", True) or not hasattr(search, "_translate"):
        return
    given = _given_search_options(config)
    read = {"lang": lambda: [search._translate(config, "search.config.lang")],
            "separator": lambda: search._translate(config, "search.config.separator"),
            "pipeline": lambda: [step for step in re.split(r"\s*,\s*", search._translate(
                config, "search.config.pipeline")) if step]}
    _set_search_options(search, {option: value() for option, value in read.items() if option not in given})


def _set_search_options(search: object, options: dict[str, object]) -> None:
    """Options of Material's search set after its on_config: in its configuration and in the index's,
    which it made from them there and writes into search_index.json."""
    index = getattr(getattr(search, "search_index", None), "config", None)
    for option, value in options.items():
        search.config[option] = value  # type: ignore[attr-defined]
        if isinstance(index, dict):
            index[option] = value


def _given_search_options(config: MkDocsConfig) -> dict:
    """The options of Material's search that mkdocs.yml gives: those factdesk leaves as they are."""
    return next((entry["search"] for c in config.user_configs for entry in c.get("plugins") or []
                 if isinstance(entry, dict) and isinstance(entry.get("search"), dict)), {})


def _search_the_sources_languages(config: MkDocsConfig, publication: Publication) -> None:
    """Material's search also in the languages of the publication's sources, whose quotes pages
    show: a Japanese word is found inside a Japanese quote (cut into words by TinySegmenter), and
    each language's stop words are left out. Unless mkdocs.yml sets the search's languages."""
    search, given = config.plugins.get("material/search"), _given_search_options(config)
    if search is None or not search.config.get("enabled", True) or "lang" in given:
        return
    # In another language's site, the main language's too: the text not translated yet is in it.
    languages = search_index.lunr_languages(search.config.get("lang") or ["en"],
                                            {source.language for source in publication.sources.values()}
                                            | ({publication.settings.language}
                                               if publication.language != publication.settings.language else set()))
    chosen = {"lang": languages}
    if "separator" not in given:
        chosen["separator"] = search_index.separator_for(search.config.get("separator") or "[\\s\\-]+", languages)
    _set_search_options(search, chosen)


class _ProblemsFound(PluginError):
    """The publication's files have errors: the message lists them, `problems` keeps them for the
    preview's panel."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(_problems_report(self.problems))


def _problems_report(problems: tuple[Problem, ...]) -> str:
    return "factdesk found problems in the publication's files:\n" + report(problems)


def _take_lock(root: Path) -> None:
    """One build at a time in a publication (see build_lock); the lock is held until on_shutdown."""
    if _state.lock is not None:
        _state.lock.release()
    _state.lock = PublicationLock(root)
    try:
        _as_plugin_error(partial(_state.lock.acquire, "mkdocs build", log.info))
    except OSError as error:
        raise PluginError(os_error_message(error, "take the build lock")) from None
    _remove_debris(root)


def _remove_debris(root: Path) -> None:
    """What killed builds left in build/: the page writer's folders, and open data half written; and
    any symbolic link where factdesk keeps what it publishes, which it never makes. Only builds write
    these, and this one holds the lock: none is another's work in progress."""
    build = root / "build"
    links = [path for folder in (build, root / EXPORTS_FOLDER, root / share_card.CACHE) if folder.is_dir()
             for path in folder.iterdir() if path.is_symlink()]
    for leftover in [*build.glob(".pages-*"), *(root / EXPORTS_FOLDER).glob(".*.tmp"), *links]:
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)


def _site_source_problems(config: MkDocsConfig, root: Path) -> list[Problem]:
    """MkDocs follows symbolic links in docs/ and in the theme's folder, and would publish what they
    point to (see loader.site_source_problems); the loader checks docs/ and overrides/, these are the
    folders a project configured otherwise."""
    folders = [Path(config.docs_dir), *([Path(config.theme.custom_dir)] if config.theme.custom_dir else [])]
    # The folder itself unresolved (a link is what is looked for), its parent resolved as root is.
    located = [Path(os.path.abspath(folder)) for folder in folders]
    known = {root / name for name in loader.SITE_SOURCES}
    return [problem for folder in (f.parent.resolve() / f.name for f in located) if folder not in known
            for problem in loader.site_source_problems(folder, _shown_path(folder, root))]


def _shown_path(folder: Path, root: Path) -> str:
    return folder.relative_to(root).as_posix() if folder.is_relative_to(root) else str(folder)


# A build in strict mode stops on a warning only after it has written every page. So `mkdocs
# build` writes into a staging folder beside the site folder, which takes the site folder's place
# only once the build has succeeded: a failed build leaves the previous site as it was.

def _stage(config: MkDocsConfig) -> None:
    if _state.command != "build" or _state.dirty:  # a dirty build updates the site folder in place
        return
    folder = SiteFolder(Path(config.site_dir))
    try:
        folder.recover()
        folder.check_replaceable()
    except SiteFolderError as error:
        raise PluginError(str(error)) from None
    _state.site_folder = folder
    config.site_dir = str(folder.staging)


def on_build_error(error: Exception) -> None:
    _state.failed = True
    _state.build_failure = _failure_of(error)
    if _state.rebuilding and _state.reported_here is not None and isinstance(error, BuildError):
        _state.reported_here.expected = str(error)  # what MkDocs logs next: _build_for_preview reports it
    _stop_writing()
    if _state.collector is not None:
        _state.collector.build_ended()
    if isinstance(error, OSError) and _state.command == "build":
        # MkDocs would print the traceback of a full disk or a folder it may not write, as if it were
        # a bug. (Not in a preview: its rebuilds run in a thread, which SystemExit would end.)
        raise Abort(os_error_message(error, f"build the site into {_state.writing_to}"))


def on_shutdown() -> None:
    if _state.collector is not None:
        _state.collector.stop()
    _stop_writing()
    folder, _state.site_folder = _state.site_folder, None
    try:
        if folder is None:
            return
        if _state.failed or not folder.staging.is_dir():
            folder.discard()
            return
        try:
            _take_in_language_sites(folder.staging)
        except SiteFolderError as error:
            folder.discard()
            raise Abort(str(error)) from None
        try:
            folder.replace()
        except SiteFolderError as error:
            raise Abort(str(error)) from None
    finally:
        if _state.lock is not None:
            _state.lock.release()


def _take_in_language_sites(staging: Path) -> None:
    """For `factdesk build`, which built the other languages' sites first (see builds): each moved under
    the main language's, at `<code>/`, before the whole takes the site folder's place. A plain `mkdocs
    build` builds the one language."""
    folder = os.environ.get(language_sites.LANGUAGE_SITES_VARIABLE, "").strip()
    publication = _state.publication
    if not folder or publication is None or _state.language != publication.settings.language:
        return
    built = (_state.root or Path.cwd()) / folder
    for code in publication.settings.other_languages:
        site, place = built / code, staging / code
        if site.is_symlink() or not site.is_dir():
            raise SiteFolderError(f"the site in {code} is not in {site}\n    fix: build the publication with "
                                  "`factdesk build`, which builds it first")
        if place.exists():
            raise SiteFolderError(f"the site has a {code}/ folder of its own, where the site in {code} goes"
                                  f"\n    fix: rename or remove docs/{code}/")
        try:
            shutil.move(site, place)
        except OSError as error:
            raise SiteFolderError.of(error, f"move the site in {code} into the site") from None


def _site_address(publication: Publication, config: MkDocsConfig) -> SiteAddress:
    """The canonical address: the settings' `url`, which a production build cannot do without.

    Pages are named as the published site names them (`claims/<slug>/`) even in a build with
    `use_directory_urls: false`, such as an offline copy: machines should find the online page."""
    url = publication.settings.url
    if url is None:
        if _state.command == "serve":
            _state.main_site = SiteAddress(LOCAL_PREVIEW)
            return _state.main_site
        raise PluginError(f"factdesk.yml has no `url`: a published site needs its address for canonical links, "
                          f"structured data, feeds and share images.\n    fix: add `url: https://…/`, the address "
                          f"the site is published at (or set {loader.URL_VARIABLE})")
    main = SiteAddress(url)
    if config.site_url and config.site_url.rstrip("/") != main.base.rstrip("/") and _state.command != "serve":
        raise PluginError(f"mkdocs.yml's site_url ({config.site_url}) differs from factdesk.yml's url ({main.base})"
                          "\n    fix: remove site_url from mkdocs.yml; factdesk sets it from factdesk.yml")
    _state.main_site = main
    # Another language's site is published under the main one's, at `<code>/`.
    site = SiteAddress(main.base + language_sites.prefix(publication.settings, _state.language))
    if _state.command != "serve":
        config.site_url = site.base
    return site


def on_files(files: Files, config: MkDocsConfig) -> Files:
    publication, site = _publication(), _state.site
    root = _state.root or project_root(config)
    # A build's own memo, shared by the generated and the hand-written pages. Not by the exports:
    # without the preview's memo they are written piece by piece, never whole in memory.
    memo = _state.memo or Memo()
    # The explorer's index after the pages: the writing process gets to the pages first.
    planned = [*pages.plan_pages(publication, memo), *explorer_index.planned_files(publication, memo)]
    made_here = [*pages.archived_texts(publication), pages.Page(pages.VERDICT_CSS, pages.verdict_css(publication.scale)),
                 *(pages.Page(f"{SCHEMAS_DIR}/{name}", text) for name, text in schemas(publication.scale).items())]
    cards = share_card.card_files(publication, root / share_card.CACHE, memo)
    # Our paths are POSIX already: looked up as they are, not normalised one by one (40 ms per
    # preview rebuild at 1,000 claims).
    in_docs = files.src_uris
    expanded, marker_pages = _expanded_pages(files, publication, memo)
    clashes = [path for path in [*(p.path for p in planned), *(p.path for p in made_here), *exports.PATHS, *cards,
                                 *(p.path for p in marker_pages)]
               if path in in_docs]
    if _with_other_languages(config, publication.settings):  # where the other languages' sites go
        prefixes = tuple(f"{code}/" for code in publication.settings.other_languages)
        clashes += [path for path in in_docs if path.startswith(prefixes)]
    if clashes:
        raise PluginError("factdesk generates these pages, but docs/ already has files there: "
                          + ", ".join(clashes) + ". Rename or remove the files in docs/.")
    folder = _generated_folder(root)
    _state.hand_written = {file.src_uri for file in files.documentation_pages() if file.generated_by is None}
    for hand_written, page in expanded:
        files.remove(hand_written)
        files.append(_generated_file(config, page.path, page.text, folder, InclusionLevel.UNDEFINED))
    for page in marker_pages:  # reached from their hand-written page 1, like a listing's later pages
        files.append(_generated_file(config, page.path, page.text, folder, InclusionLevel.NOT_IN_NAV))
    pages_folder = _pages_folder(config, root)
    for planned_page in planned:
        # Claim and source pages stay out of the nav: a nav of thousands of claims would be
        # copied into every page. They are reached from the index pages and from search.
        inclusion = InclusionLevel.INCLUDED if planned_page.in_nav else InclusionLevel.NOT_IN_NAV
        if pages_folder is not None:
            files.append(File.generated(config, planned_page.path, abs_src_path=str(pages_folder / planned_page.path),
                                        inclusion=inclusion))
        else:
            files.append(_generated_file(config, planned_page.path, planned_page.make(), folder, inclusion))
    for page in made_here:
        files.append(_generated_file(config, page.path, page.text, folder, InclusionLevel.INCLUDED))
    if pages_folder is not None:
        for path in exports.PATHS:
            files.append(File.generated(config, path, abs_src_path=str(root / EXPORTS_FOLDER / path),
                                        inclusion=InclusionLevel.UNDEFINED))
    else:
        for path, content in _preview_exports(publication, site).items():
            files.append(_export_file(config, root, path, content, folder))
        share_card.draw_missing(publication, cards)
    for path, card in cards.items():
        files.append(File.generated(config, path, abs_src_path=str(card)))
    if folder is not None:
        folder.remove_others()
    memo.end_build()
    if pages_folder is not None:  # last: a page converted in the second process resolves links among every file
        _start_writing(config, files, pages_folder, planned,
                       partial(_write_data_and_cards, publication, site, root, cards))
    if _state.pdf is not None:
        files.append(File(_state.pdf.file, src_dir=str(root / PDF_FOLDER), dest_dir=config.site_dir,
                          use_directory_urls=config.use_directory_urls))
    offline = _offline_edition(config, root)
    if offline is not None:
        files.append(File(offline, src_dir=str(root / PDF_FOLDER), dest_dir=config.site_dir,
                          use_directory_urls=config.use_directory_urls))
    return files


def _offline_edition(config: MkDocsConfig, root: Path) -> str | None:
    """The offline edition's zip, which the site links (`extra.offline_edition`, set by `make site`),
    copied in with the pages so that the site folder is whole when it takes the old one's place."""
    name = config.extra.get("offline_edition")
    if not name or _state.command == "serve":
        return None
    path = root / PDF_FOLDER / str(name)
    if not isinstance(name, str) or "/" in name or "\\" in name or not path.is_file() or path.is_symlink():
        raise PluginError(f"extra.offline_edition names {PDF_FOLDER}/{name}, which is not there\n    fix: build it "
                          "first (make offline), or leave FACTDESK_OFFLINE_EDITION unset")
    return name


# A whole build (`mkdocs build`, not --dirty) makes the generated pages' Markdown in a second
# process, which writes them as files while MkDocs converts the pages before them (see
# page_writer), then writes the open data and draws missing share images: MkDocs reads these
# only when it copies static files, after every page is converted.

def _pages_folder(config: MkDocsConfig, root: Path) -> Path | None:
    """Where a whole build's generated pages are written (see `_start_writing`); None for a preview,
    which keeps its pages in memory or in GeneratedFolder."""
    if _state.command == "serve" or _state.dirty:
        return None
    (root / "build").mkdir(exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=".pages-", dir=root / "build"))


def _start_writing(config: MkDocsConfig, files: Files, folder: Path, planned: list[pages.PlannedPage],
                   then: Callable[[], None]) -> None:
    background = _state.command == "build" and (os.cpu_count() or 1) > 1 \
        and "fork" in multiprocessing.get_all_start_methods() and _waits_for_pages(config)
    convert = partial(_converted, config, files) if background and _converts_in_background(config) else None
    _state.writer = PageWriter(folder, planned, then, background, convert)


def _waits_for_pages(config: MkDocsConfig) -> bool:
    """Whether the project's hooks file hands MkDocs our `on_pre_page`: one copied from an older
    factdesk does not, and MkDocs would then read pages still being written."""
    if any(getattr(hook, "__func__", hook) is on_pre_page for hook in config.plugins.events["pre_page"]):
        return True
    log.info("factdesk: hooks/factdesk_hooks.py does not list on_pre_page; generated pages are made before "
             "MkDocs goes on. Copy the hooks file of this factdesk version for faster builds.")
    return False


def _write_data_and_cards(publication: Publication, site: SiteAddress, root: Path, cards: dict[str, Path]) -> None:
    for path, content in exports.export_contents(publication, site).items():
        write_pieces(root / EXPORTS_FOLDER / path, content)
    share_card.draw_missing(publication, cards)


def on_pre_page(page: MkDocsPage, config: MkDocsConfig, files: Files) -> MkDocsPage:
    if _state.writer is not None:
        _as_plugin_error(partial(_state.writer.wait_for, page.file.src_uri))
        converted = _state.writer.taken(page.file.src_uri)
        if converted is not None:
            _render_as(page, pickle.loads(converted))
    return page


# A page converted by the second process ------------------------------------------------------
# MkDocs' own Page.render, run there on the same files and settings (forked after on_files), its
# results carried back: what render sets on the page, and what it logged (a broken link's warning
# must fail a --strict build here, where MkDocs counts warnings).

@dataclass(frozen=True)
class _Rendered:
    markdown: str
    content: str
    toc: object
    title: str | None
    anchors: set[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None
    logged: list[tuple[str, int, str]]


def _converts_in_background(config: MkDocsConfig) -> bool:
    """Whether a page converted ahead of MkDocs is the page MkDocs would make: no plugin but ours
    acts before the conversion except through the Markdown, which `_render_as` compares."""
    return all(getattr(hook, "__func__", hook) is on_pre_page for hook in config.plugins.events["pre_page"])


class _Collected(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _converted(config: MkDocsConfig, files: Files, path: str) -> bytes:
    page = MkDocsPage(None, files.get_file_from_path(path), config)
    page.read_source(config)
    mkdocs_log = logging.getLogger("mkdocs")
    collected, handlers, propagate = _Collected(), mkdocs_log.handlers[:], mkdocs_log.propagate
    mkdocs_log.handlers[:], mkdocs_log.propagate = [collected], False  # said in MkDocs' process, not here
    try:
        page.render(config, files)
    finally:
        mkdocs_log.handlers[:], mkdocs_log.propagate = handlers, propagate
    assert page.markdown is not None and page.content is not None
    links = None if page.links_to_anchors is None else \
        {file.src_uri: links for file, links in page.links_to_anchors.items()}
    rendered = pickle.dumps(_Rendered(page.markdown, page.content, page.toc, page._title_from_render,
                                      page.present_anchor_ids, links, collected.records))
    # A page holds on to itself through its file (MkDocs sets `file.page`): let go of it, or this process
    # keeps every page it converted, Markdown and HTML, to the end: at 10,000 claims the build peaked at
    # 1,663 MiB with them, 1,213 MiB without.
    page.file.page = None
    return rendered


def _render_as(page: MkDocsPage, rendered: _Rendered) -> None:
    """Have MkDocs' coming `page.render` take `rendered` instead of converting the page again."""
    def render(config: MkDocsConfig, files: Files) -> None:
        del page.render  # MkDocs' own again
        if page.markdown != rendered.markdown:  # another plugin changed it since
            page.render(config, files)
            return
        page.content, page.toc, page._title_from_render = rendered.content, rendered.toc, rendered.title
        page.present_anchor_ids = rendered.anchors
        if rendered.links_to_anchors is not None:
            page.links_to_anchors = {files.get_file_from_path(path): links
                                     for path, links in rendered.links_to_anchors.items()}
        for name, level, message in rendered.logged:
            logging.getLogger(name).log(level, message)
    page.render = render  # type: ignore[method-assign]


def _finish_writing() -> None:
    if _state.writer is not None:
        _as_plugin_error(_state.writer.finish)


def _as_plugin_error(action: Callable[[], None]) -> None:
    """MkDocs reports a PluginError as a message, with no traceback (the worker's is in it)."""
    try:
        action()
    except (WritingFailed, ForeignBuildFolder) as error:
        raise PluginError(str(error)) from None


def _stop_writing() -> None:
    if _state.writer is not None:
        _state.writer.stop()
        _state.writer = None


def _expanded_pages(files: Files, publication: Publication,
                    memo: Memo) -> tuple[list[tuple[File, pages.Page]], list[pages.Page]]:
    """Hand-written pages with `<!-- factdesk:… -->` markers, the markers replaced by what they stand
    for, and the later pages of the listings their markers begin (the corrections' older months).
    They are expanded here rather than as each page is read so that, in an incremental build,
    a page whose expansion changed (the latest claims on the home page) is rebuilt with the claims."""
    expanded, later = [], []
    # In another language's site, what the markers put in is in that language, the rest in the main one.
    wrap = language_sites.in_site_language if publication.language != publication.settings.language else None
    for file in files.documentation_pages():
        if file.generated_by is not None or file.abs_src_path is None:
            continue
        text = Path(file.abs_src_path).read_text(encoding="utf-8-sig")
        if pages.MARKER.search(text) is None:
            continue
        try:
            expanded.append((file, pages.Page(file.src_uri, pages.expand_markers(text, publication, file.src_uri, memo,
                                                                              wrap))))
        except pages.UnknownMarker as error:
            raise PluginError(str(error)) from None
        later += pages.marker_pages(text, publication, file.src_uri, memo)
    return expanded, later


def _generated_folder(root: Path) -> GeneratedFolder | None:
    """For an incremental build, the folder that keeps generated pages as files (see generated_files)."""
    if not _state.dirty:
        return None
    if _state.generated is None or _state.generated.root != root / GENERATED_FOLDER:
        _state.generated = GeneratedFolder(root / GENERATED_FOLDER)
    return _state.generated


def _generated_file(config: MkDocsConfig, path: str, content: str | bytes, folder: GeneratedFolder | None,
                    inclusion: InclusionLevel) -> File:
    if folder is None:
        return File.generated(config, path, content=content, inclusion=inclusion)
    return File.generated(config, path, abs_src_path=str(folder.write(path, content)), inclusion=inclusion)


def _export_file(config: MkDocsConfig, root: Path, path: str, content: exports.Content,
                 folder: GeneratedFolder | None) -> File:
    """An open-data file, written out as it is made rather than kept: at 10,000 claims the four
    files weigh a hundred megabytes, and MkDocs would hold them to the end of the build."""
    if folder is not None:  # an incremental build rewrites only what changed: it needs the whole text
        whole = content if isinstance(content, (str, bytes)) else "".join(content)
        return _generated_file(config, path, whole, folder, InclusionLevel.UNDEFINED)
    written = write_pieces(root / EXPORTS_FOLDER / path, content)
    return File.generated(config, path, abs_src_path=str(written), inclusion=InclusionLevel.UNDEFINED)


class _CompiledTemplates(jinja2.BytecodeCache):
    """Theme templates compiled once per preview server. MkDocs makes a new template environment
    for every rebuild, and compiling Material's templates again took a second of each; Jinja
    checks each template's source against its checksum, so an edited template is compiled anew."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    _finish_writing()  # MkDocs copies the open data and share images next
    if _state.compiled_templates is not None:
        env.bytecode_cache = _state.compiled_templates
    # The theme's partials' `_()` and `ngettext()`, in the publication's language. Old-style, as MkDocs
    # installs them without the hook (`factdesk render`): placeholders are filled with `format`.
    language = _state.language
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(interface.translations(language), newstyle=False)  # type: ignore[attr-defined]
    env.globals["factdesk_script_words"] = site_theme.script_words(language)
    return env


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """In another language's site, the navigation's titles that factdesk's starter wrote are in that
    language (language_sites.navigation_title)."""
    publication = _state.publication
    if publication is None or _state.language == publication.settings.language:
        return nav
    items = list(nav.items)
    while items:
        item = items.pop()
        if item.title:
            item.title = language_sites.navigation_title(item.title, publication.settings.language, _state.language)
        items += getattr(item, "children", None) or []
    return nav


def on_page_context(context: dict, page: MkDocsPage, config: MkDocsConfig, nav: object) -> dict:
    """Structured data and share cards in the page's head (see theme/main.html)."""
    with interface.speaking(_state.language):
        return _page_context(context, page, config)


def _page_context(context: dict, page: MkDocsPage, config: MkDocsConfig) -> dict:
    publication, site = _publication(), _state.site
    claim = _state.claims_by_page.get(page.file.src_uri)
    # An offline copy has no feed to follow, and no server for Material to fetch a sitemap from.
    feed = None if _offline(config) else get_relative_url(pages.ATOM_FEED, page.url)
    if claim is not None:
        context["factdesk_head"] = page_meta.claim_head(claim, publication, site, feed)
        # The share links under the byline (theme/partials/factdesk-share.html): the published
        # address, og:url's, also in the offline edition, whose file:// addresses no one else can open.
        context["factdesk_share"] = page_meta.share(site.page(page.file.src_uri), pages.claim_title(claim))
        # The topic chips over the card lead to the tags' own pages, as the Tags section at the end
        # does (theme/partials/tags.html), not to Material's listing.
        context["factdesk_tags"] = [(tag, get_relative_url(_page_url(config, pages.tag_path(tag)), page.url))
                                    for tag in claim.tags]
    else:
        # Front matter holds titles and descriptions HTML-escaped, for themes that print them raw.
        title = html.unescape(page.title or publication.settings.name)
        description = html.unescape(page.meta.get("description") or config.site_description or "")
        context["factdesk_head"] = page_meta.page_head(publication, title, description,
                                                       site.page(page.file.src_uri), feed)
    # The verdict scale, for the search results' badges (theme/javascripts/search-results.js).
    context["factdesk_head"] += "\n" + search_index.verdict_scale_meta(publication.scale)
    if _with_other_languages(config, publication.settings):
        # The page in each language: its address for machines (hreflang), a link for the switcher.
        found = language_sites.alternates(publication.settings, _state.main_site.base, _state.language,
                                          page_address(page.file.src_uri))
        context["factdesk_head"] += "\n" + language_sites.head_links(found, publication.settings.language)
        context["factdesk_alternates"] = [{"name": a.name, "lang": a.language, "link": a.link} for a in found]
    moved_to = page.meta.get("moved_to")
    if page.file.generated_by is not None and isinstance(moved_to, str) and moved_to in publication.claimants:
        context["factdesk_moved_to"] = get_relative_url(_page_url(config, pages.claimant_path(moved_to)), page.url)
        # Search engines and the sitemap then name the record's page, not the address it left.
        page.canonical_url = site.page(pages.claimant_path(moved_to))
    return context


def _page_url(config: MkDocsConfig, path: str) -> str:
    """The address MkDocs gives the page of the docs/ file `path`."""
    return File(path, src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls).url


def _offline(config: MkDocsConfig) -> bool:
    """Whether this build is the offline edition (Material's offline plugin, enabled)."""
    plugin = config.plugins.get("material/offline")
    return bool(plugin is not None and getattr(plugin, "config", {}).get("enabled"))


def on_page_content(html: str, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
    _let_go_of_markdown(page)
    return _for_pagefind(_marked_in_main_language(html, page), page, config)


def _marked_in_main_language(html: str, page: MkDocsPage) -> str:
    """In another language's site, the text shown in the main language marked as such: a claim's
    explanation left untranslated (its other fields are marked by the templates), and hand-written
    pages of docs/, which have no translations: each language's site has them in the main language."""
    settings = _publication().settings
    if _state.language == settings.language:
        return html
    attributes = interface.language_attributes(settings.language, _state.language)
    if page.file.src_uri in _state.claims_by_page:
        return language_sites.mark_main_language_sections(html, attributes)
    if page.file.src_uri in _state.hand_written:
        return language_sites.mark_hand_written(html, attributes, interface.language_attributes(
            _state.language, settings.language))
    return html


def on_post_page(output: str, page: MkDocsPage, config: MkDocsConfig) -> str:
    """Our ClaimReview lint, on the page as built: what aggregators will read is what readers see."""
    if page.file.src_uri in _state.claims_by_page:
        # Warnings concern the claim's data, and the checks in on_config have reported them.
        wrong = [f for f in claimreview.lint_page(output, _state.site) if f.severity == "error"]
        if wrong:
            raise PluginError("\n".join(f"{page.file.src_uri}: ClaimReview: {f.message}"
                                        + (f"\n    fix: {f.hint}" if f.hint else "") for f in wrong))
    _let_go(page)
    return output


def _let_go(page: MkDocsPage) -> None:
    """MkDocs keeps every page's HTML to the end of the build: some 300 MB at 10,000 claims, a third
    of the build's memory. Nothing reads it once the page is rendered (Material's search and tags
    plugins took what they need before), so it is let go."""
    page.content = None


def _let_go_of_markdown(page: MkDocsPage) -> None:
    """MkDocs converts every page to HTML before it renders the first one into its template, and
    nothing reads a page's Markdown once converted; a generated page's is held twice, by its file
    and, without the front matter, by the page. At 10,000 claims, letting it go here brought the
    build's peak from 1,040 MiB down to 753 MiB."""
    page.markdown = ""  # not None, which would tell MkDocs the page was never read, and has no title
    if page.file.abs_src_path is None:
        page.file.content_string = ""


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    """Rebuild when claims, sources or settings change: they live outside docs/. The preview
    learns of a save from the system's file events, unless the editor asked for polling."""
    watcher = file_watch.watcher_for_preview(server.observer)
    if watcher is not None:
        _watch_with(server, watcher, [config.docs_dir, config.config_file_path, *config.theme.dirs])
    root = _state.root or project_root(config)
    for name in (*loader.DATA_DIRS, loader.SETTINGS_FILE):
        if (root / name).exists():
            server.watch(str(root / name))  # with the server's observer, the watcher if it has one now
    # The server calls `builder` for every rebuild, and serves what `get_app` answers (wsgiref's API).
    server.builder = partial(_build_for_preview, server.builder)
    if _state.reported_here is None:
        _state.reported_here = _ReportedByThePreview()
        logging.getLogger("mkdocs.commands.build").addFilter(_state.reported_here)
    server.set_app(preview.answering(preview.showing_failures(server.get_app(), lambda: _state.preview_failure),
                                     partial(_export_asked_for, urlsplit(config.site_url or "").path or "/")))
    return server


_EXPORT_TYPES = {".xml": "application/atom+xml", ".json": "application/json", ".csv": "text/csv"}


def _preview_exports(publication: Publication, site: SiteAddress) -> dict[str, exports.Content]:
    """The open data of an incremental build; under `mkdocs serve`, empty files in their place, whose
    addresses the server answers with the data made when asked for (`_export_asked_for`)."""
    if _state.command == "serve":
        return dict.fromkeys(exports.PATHS, "")
    return exports.export_contents(publication, site, _state.memo)


def _export_asked_for(mount: str, path: str) -> Callable[[], tuple[str, bytes]] | None:
    exported = path.removeprefix(mount.rstrip("/") + "/")
    if exported == path or exported not in exports.PATHS:
        return None

    def made() -> tuple[str, bytes]:
        content = exports.export_contents(_publication(), _state.site)[exported]
        body = content if isinstance(content, (str, bytes)) else "".join(content)
        kind = _EXPORT_TYPES[Path(exported).suffix]
        return f"{kind}; charset=utf-8", body.encode("utf-8") if isinstance(body, str) else body
    return made


def _build_for_preview(build: Callable[[], None]) -> None:
    """A rebuild of the preview that fails ends, for MkDocs' server, as one that worked: the server
    then answers the requests it holds while a rebuild runs, and tells open pages to reload, as it
    would never do until a rebuild worked. They show what the last build that worked wrote (a failed
    one stops before writing, in on_config, or has rewritten some pages), with the failure's panel
    over them (see preview); the next build that works takes the panel away, and reloads them again.
    The failure is printed here, every time, as MkDocs prints only the first (see _ReportedByThePreview)."""
    _state.build_failure, _state.rebuilding = None, True
    logged = _ErrorsLogged()
    logging.getLogger("mkdocs").addHandler(logged)
    try:
        build()
    except Exception as error:  # MkDocs' Abort, a SystemExit, is an Exception too
        _state.preview_failure = _failed(error, [*logged.messages])
        return
    finally:
        logging.getLogger("mkdocs").removeHandler(logged)
        _state.rebuilding = False
        if _state.reported_here is not None:
            _state.reported_here.expected = None
    if _state.preview_failure is not None:
        log.info("factdesk: the problems are fixed; the preview is up to date again")
    _state.preview_failure = None


def _failed(error: Exception, logged: list[str]) -> preview.Failure:
    """A failed rebuild's failure, printed, and as the panel shows it."""
    failure = _state.build_failure or _failure_of(error)
    if not isinstance(error, MkDocsException):  # a bug, a template's error: its trace, as MkDocs prints it
        traceback.print_exc()
    log.error(_problems_report(failure.problems) if failure.problems else failure.message)
    log.info("factdesk: the preview shows the pages of the last build that worked, with these problems over "
             "them, until a save fixes them")
    if failure.problems:
        return failure
    # MkDocs may have said what is wrong before it aborted (mkdocs.yml's errors, one by one).
    return preview.Failure(message="\n".join(dict.fromkeys([*logged, failure.message])))


class _ErrorsLogged(logging.Handler):
    """The errors logged while a rebuild runs. A failure that factdesk did not find is often told in
    them rather than in the exception: mkdocs.yml's errors are logged one by one, then MkDocs aborts
    "with a configuration error!"."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _failure_of(error: BaseException) -> preview.Failure:
    if isinstance(error, _ProblemsFound):
        return preview.Failure(error.problems)
    if isinstance(error, MkDocsException):  # MkDocs' and plugins' own messages, which say what to do
        return preview.Failure(message=str(error))
    return preview.Failure(message=f"{type(error).__name__}: {error}")


def _watch_with(server: LiveReloadServer, watcher: file_watch.FileEventWatcher, paths: list[str]) -> None:
    """Moves the server's watches of `paths` to `watcher`, with MkDocs' public `unwatch` and `watch`
    (a path is watched once per `watch` call). Paths watched by others stay with the polling observer."""
    calls: dict[str, int] = {}
    for path in dict.fromkeys(os.path.abspath(path) for path in paths):
        while True:
            try:
                server.unwatch(path)
            except KeyError:  # no longer watched, or never
                break
            calls[path] = calls.get(path, 0) + 1
    # MkDocs calls only schedule, unschedule, start, stop and join on its observer.
    server.observer = watcher  # type: ignore[assignment]
    for path, times in calls.items():
        for _ in range(times):
            server.watch(path)


def _publication() -> Publication:
    if _state.publication is None:
        raise PluginError("factdesk's on_config hook did not run: list hooks/factdesk_hooks.py under `hooks:`")
    return _state.publication


# Search ---------------------------------------------------------------------------------------
# `search: pagefind` in factdesk.yml: Material's search is switched off by its own `enabled`
# option (no index written, no search box, nothing fetched), theme/main.html puts a search box
# driven by Pagefind in Material's header, and Pagefind indexes the site once MkDocs has written it.

SEARCH_ENGINE = "factdesk_search"
"""config.extra key: the search the site has, for the templates and the hooks below."""


def _choose_search(config: MkDocsConfig) -> None:
    # The offline edition is read from files, where Pagefind cannot fetch its chunks. A preview
    # rebuilds after every edit, and Pagefind indexes the whole site each time (some 40-50 s at 10,000
    # claims), where Material's search updates its index page by page.
    if _offline(config) or _state.command == "serve":
        engine = search_index.LUNR
    else:
        engine = _publication().settings.search
    config.extra[SEARCH_ENGINE] = engine
    material_search = config.plugins.get("material/search")
    if engine == search_index.PAGEFIND and material_search is not None:
        material_search.config["enabled"] = False


def _for_pagefind(html: str, page: MkDocsPage, config: MkDocsConfig) -> str:
    if config.extra.get(SEARCH_ENGINE) != search_index.PAGEFIND:
        return html
    return search_index.indexed_content(html, page.meta.get("search"), page.title)


def on_post_build(config: MkDocsConfig) -> None:
    _stop_writing()
    _index_for_pagefind(config)
    if _state.collector is not None:
        _state.collector.build_ended()


def _index_for_pagefind(config: MkDocsConfig) -> None:
    """Pagefind's index, over the pages as written."""
    if config.extra.get(SEARCH_ENGINE) != search_index.PAGEFIND:
        return
    try:
        summary = search_index.build_index(Path(config.site_dir))
    except search_index.IndexingFailed as error:
        raise PluginError(str(error)) from None
    parts = f" ({summary.bundles} bundles, searched as one)" if summary.bundles > 1 else ""
    log.info(f"factdesk: Pagefind indexed {summary.pages} pages into {summary.bundle.name}/{parts}")
