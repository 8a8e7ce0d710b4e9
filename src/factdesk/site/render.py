"""`factdesk render DIR`: the complete source of the site, for an engine that runs no hooks.

Every page factdesk generates is written as Markdown (the hand-written pages with their markers
expanded), with the explorer's index, the archived texts, the verdicts' stylesheet and the open data
files; factdesk's theme is copied beside them as the `custom_dir`; and `mkdocs.yml` is the
publication's own, without its hook, listing what the hook would add (site_theme). Each claim page's
head (its ClaimReview and share cards, page_meta.claim_head) is written as a template of that theme,
which main.html includes when `extra.factdesk_heads` says so, and the share images are drawn. What
the hook does while MkDocs renders is left out, and said so in README: other pages' share metadata,
the share links under a claim's byline, and the checks of the rendered HTML.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import tempfile
from pathlib import Path

from factdesk.data.loader import load_publication
from factdesk.data.model import Publication
from factdesk.open_data import exports
from factdesk.site import explorer_index, page_meta, pages, share_card, site_theme
from factdesk.site.addresses import LOCAL_PREVIEW, SiteAddress, page_address
from factdesk.site.generated_files import write_pieces

THEME = "theme"
"""Where the rendered site's copy of factdesk's theme goes, as its `custom_dir`."""
HEADS = "factdesk-heads"
"""The folder of that theme that holds each claim page's head, by the page's address: the theme's
main.html includes `factdesk-heads/<address>/head.html` when `extra.factdesk_heads` is true (by address,
not by file: Zensical's templates know a page's `url`, not its `file`)."""


class RenderError(Exception):
    pass


def site_pages(root: Path, publication: Publication | None = None) -> list[pages.Page]:
    """Every page factdesk makes for the publication at `root`, as files of docs/: the generated
    ones, the hand-written ones with their markers expanded (as the hook expands them, in every
    folder), the explorer's index, the archived texts and the verdicts' stylesheet."""
    publication = publication or load_publication(root)
    made = [*pages.generate_pages(publication), *explorer_index.index_files(publication),
            *pages.archived_texts(publication), pages.Page(pages.VERDICT_CSS, pages.verdict_css(publication.scale))]
    docs = root / "docs"
    for hand_written in sorted(docs.rglob("*.md")):
        text = hand_written.read_text(encoding="utf-8-sig")
        if pages.MARKER.search(text) is None:
            continue
        path = hand_written.relative_to(docs).as_posix()
        try:
            made.append(pages.Page(path, pages.expand_markers(text, publication, path), in_nav=True))
        except pages.UnknownMarker as error:
            raise RenderError(str(error)) from None
        made += pages.marker_pages(text, publication, path)
    return made


def render(root: Path, destination: Path, *, open_data: bool = True) -> int:
    """Writes the site's source into `destination` (new, or empty); returns the number of Markdown
    pages. `open_data`: the feed, JSON, CSV and ClaimReview files too. It is written beside
    `destination` and renamed into place once whole."""
    if destination.is_symlink() or destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
        raise RenderError(f"{destination} is not an empty folder: factdesk render writes into a new or empty one")
    if destination.resolve().is_relative_to((root / "docs").resolve()):
        raise RenderError(f"{destination} is inside docs/, which the site publishes: write the source elsewhere")
    publication = load_publication(root)
    made = site_pages(root, publication)
    config = configuration((root / "mkdocs.yml").read_text(encoding="utf-8"), Path(THEME), made,
                           publication.settings.url)
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=f".{destination.name}.", dir=destination.parent))
    try:
        _write(root, partial, publication, made, config, open_data)
        if destination.exists():
            destination.rmdir()
        partial.rename(destination)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return sum(1 for path in (destination / "docs").rglob("*.md"))


def _write(root: Path, folder: Path, publication: Publication, made: list[pages.Page], config: str,
           open_data: bool) -> None:
    shutil.copytree(root / "docs", folder / "docs")
    for page in made:
        write_pieces(folder / "docs" / page.path, page.text)
    site = SiteAddress(publication.settings.url or LOCAL_PREVIEW)
    if open_data:
        for name, content in exports.export_files(publication, site).items():
            write_pieces(folder / "docs" / name, content)
    shutil.copytree(site_theme.THEME_FOLDER, folder / THEME, ignore=shutil.ignore_patterns("__pycache__"))
    for claim in publication.claims:
        address = page_address(pages.claim_path(claim))
        feed = posixpath.relpath(pages.ATOM_FEED, address)
        write_pieces(folder / THEME / HEADS / address / "head.html", page_meta.claim_head(claim, publication, site, feed))
    cards = share_card.card_files(publication, root / share_card.CACHE)
    share_card.draw_missing(publication, cards)
    for image, card in cards.items():
        write_pieces(folder / "docs" / image, card.read_bytes())
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")


def configuration(config: str, theme: Path, made: list[pages.Page], url: str | None) -> str:
    """The publication's mkdocs.yml without its hook, with what the hook adds listed in it."""
    config = config.replace("hooks:\n  - hooks/factdesk_hooks.py\n", "")
    layout = ("\n  name: material\n", "\nextra:\n", "\nmarkdown_extensions:\n")
    if "hooks:" in config or any(line not in config for line in layout) or any(
            key in config for key in ("extra_css:", "extra_javascript:", "custom_dir:", "site_url:")):
        raise RenderError("mkdocs.yml is not laid out as factdesk init writes it (the hook, `theme: name: material`, "
                          "`extra:`, `markdown_extensions:`; no `extra_css`, `extra_javascript`, `custom_dir` nor "
                          "`site_url`): render it by hand")
    # The hook gives MkDocs factdesk.yml's address; here it is written down.
    config = f"site_url: {json.dumps(url or LOCAL_PREVIEW)}\n" + config
    config = config.replace("\n  name: material\n", f"\n  name: material\n  custom_dir: {json.dumps(str(theme))}\n", 1)
    config = config.replace("\nextra:\n", "\nextra:\n  factdesk_heads: true\n  polyfills:\n"
                            + "".join(f"    - {url}\n" for url in site_theme.POLYFILLS), 1)
    extensions = "".join(_extension(name, options) for name, options in site_theme.PAGES_EXTENSIONS.items())
    config = config.replace("\nmarkdown_extensions:\n", f"\nmarkdown_extensions:\n{extensions}", 1)
    # The sanitiser last of all: after the publication's own extensions, which follow the list's head.
    config = re.sub(r"(\nmarkdown_extensions:\n(?:[ #][^\n]*\n|\n)*)", lambda m: m.group(1).rstrip("\n") + "\n"
                    + f"  - {site_theme.SANITISER}\n\n", config, count=1)
    config += "extra_css:\n" + "".join(f"  - {css}\n" for css in (*site_theme.STYLESHEETS, pages.VERDICT_CSS))
    config += "extra_javascript:\n" + "".join(f"  - {script}\n" for script in site_theme.SCRIPTS)
    # Pages that factdesk keeps out of the nav are kept out here too, without a warning for each.
    hidden = sorted({"/" + page.path.split("/")[0] + "/" for page in made
                     if not page.in_nav and "/" in page.path and page.path.endswith(".md")})
    patterns = "".join(f"  {pattern}\n" for pattern in hidden)
    if "not_in_nav: |\n" in config:
        return config.replace("not_in_nav: |\n", "not_in_nav: |\n" + patterns, 1)
    return config + "not_in_nav: |\n" + patterns


def _extension(name: str, options: dict[str, str]) -> str:
    if not options:
        return f"  - {name}\n"
    return f"  - {name}:\n" + "".join(
        f"      {key}: !!python/name:{value}\n" if isinstance(value, site_theme.PythonName) else f"      {key}: {value}\n"
        for key, value in options.items())
