"""The one module that knows MkDocs: it maps MkDocs' events onto the library.

`hooks/` re-exports these functions. State lives in `_state` and is set afresh by `on_config`
on every build, including each rebuild of `mkdocs serve`, so an edit is never served stale.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage

from . import loader, pages
from .edition import PDF_FOLDER, PdfRecord, current_edition, current_pdf
from .model import Publication
from .problems import PublicationError
from .schema import SCHEMAS_DIR, schemas

log = logging.getLogger("mkdocs.plugins.factdesk")


class _State:
    publication: Publication | None = None
    root: Path | None = None
    command: str = "build"
    pdf: PdfRecord | None = None


_state = _State()


def project_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_startup(*, command: str, dirty: bool) -> None:
    _state.command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and check everything before MkDocs reads or writes a single page."""
    _state.publication = None
    _state.root = project_root(config)
    try:
        _state.publication = loader.load_publication(_state.root)
    except PublicationError as error:
        # PluginError is reported by MkDocs as a clean message with no traceback, and aborts
        # the build before anything is written.
        raise PluginError("factdesk found problems in the publication's files:\n" + str(error)) from None
    config.extra["factdesk_edition"] = current_edition(_state.root)
    # The PDF edition is built by `factdesk pdf`, never here; a build publishes it while it is
    # current. A preview leaves it out: it would go stale with the first edit.
    _state.pdf = current_pdf(_state.root) if _state.command != "serve" else None
    config.extra["factdesk_pdf"] = _state.pdf
    if pages.VERDICT_CSS not in config.extra_css:
        config.extra_css.append(pages.VERDICT_CSS)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    publication = _publication()
    generated = [*pages.generate_pages(publication), *pages.archived_texts(publication),
                 pages.Page(pages.VERDICT_CSS, pages.verdict_css(publication.scale)),
                 *(pages.Page(f"{SCHEMAS_DIR}/{name}", text) for name, text in schemas(publication.scale).items())]
    clashes = [page.path for page in generated if files.get_file_from_path(page.path) is not None]
    if clashes:
        raise PluginError("factdesk generates these pages, but docs/ already has files there: "
                          + ", ".join(clashes) + ". Rename or remove the files in docs/.")
    for page in generated:
        # Claim and source pages stay out of the nav: a nav of thousands of claims would be
        # copied into every page. They are reached from the index pages and from search.
        inclusion = InclusionLevel.INCLUDED if page.in_nav or not page.path.endswith(".md") \
            else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, page.path, content=page.text, inclusion=inclusion))
    if _state.pdf is not None and _state.root is not None:
        files.append(File(_state.pdf.file, src_dir=str(_state.root / PDF_FOLDER), dest_dir=config.site_dir,
                          use_directory_urls=config.use_directory_urls))
    return files


def on_page_markdown(markdown: str, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
    try:
        return pages.expand_markers(markdown, _publication(), page.file.src_uri)
    except pages.UnknownMarker as error:
        raise PluginError(str(error)) from None


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    """Rebuild when claims, sources or settings change: they live outside docs/."""
    root = _state.root or project_root(config)
    for name in (loader.CLAIMS_DIR, loader.SOURCES_DIR, loader.SETTINGS_FILE):
        if (root / name).exists():
            server.watch(str(root / name))
    return server


def _publication() -> Publication:
    if _state.publication is None:
        raise PluginError("factdesk's on_config hook did not run: list hooks/factdesk_hooks.py under `hooks:`")
    return _state.publication
