"""`factdesk render DIR`: the complete source of the site, for an engine that runs no hooks.

Every page factdesk generates is written as Markdown (the hand-written pages with their markers
expanded), with the archived texts, the verdicts' stylesheet and the open data files; factdesk's
theme is copied beside them as the `custom_dir`; and `mkdocs.yml` is the publication's own, without
its hook, listing what the hook would add (site_theme). What the hook does while MkDocs renders is
left out, and said so in README: each page's structured data and share metadata in its head, the
share images, and the checks of the rendered HTML.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from . import exports, pages, site_theme
from .addresses import LOCAL_PREVIEW, SiteAddress
from .loader import load_publication

THEME = "theme"
"""Where the rendered site's copy of factdesk's theme goes, as its `custom_dir`."""


class RenderError(Exception):
    pass


def site_pages(root: Path) -> list[pages.Page]:
    """Every page factdesk makes for the publication at `root`, as files of docs/: the generated
    ones, the hand-written ones with their markers expanded, the archived texts and the verdicts'
    stylesheet."""
    publication = load_publication(root)
    made = [*pages.generate_pages(publication), *pages.archived_texts(publication),
            pages.Page(pages.VERDICT_CSS, pages.verdict_css(publication.scale))]
    for hand_written in sorted((root / "docs").glob("*.md")):
        text = hand_written.read_text(encoding="utf-8")
        made.append(pages.Page(hand_written.name, pages.expand_markers(text, publication, hand_written.name), True))
    return made


def render(root: Path, destination: Path, *, theme: Path | None = None, open_data: bool = True) -> int:
    """Writes the site's source into `destination` (new, or empty); returns the number of Markdown
    pages. `theme`: the folder the configuration names as `custom_dir` (default: a copy of
    factdesk's, in `destination`). `open_data`: the feed, JSON, CSV and ClaimReview files too."""
    if destination.exists() and any(destination.iterdir()):
        raise RenderError(f"{destination} is not an empty folder: factdesk render writes into a new or empty one")
    made = site_pages(root)
    shutil.copytree(root / "docs", destination / "docs")
    for page in made:
        (destination / "docs" / page.path).parent.mkdir(parents=True, exist_ok=True)
        (destination / "docs" / page.path).write_text(page.text, encoding="utf-8")
    if open_data:
        publication = load_publication(root)
        site = SiteAddress(publication.settings.url or LOCAL_PREVIEW)
        for name, content in exports.export_files(publication, site).items():
            path = destination / "docs" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    if theme is None:
        theme = destination / THEME
        shutil.copytree(site_theme.THEME_FOLDER, theme, ignore=shutil.ignore_patterns("__pycache__"))
        theme = Path(THEME)
    config = configuration((root / "mkdocs.yml").read_text(encoding="utf-8"), theme, made)
    (destination / "mkdocs.yml").write_text(config, encoding="utf-8")
    return sum(1 for path in (destination / "docs").rglob("*.md"))


def configuration(config: str, theme: Path, made: list[pages.Page]) -> str:
    """The publication's mkdocs.yml without its hook, with what the hook adds listed in it."""
    config = config.replace("hooks:\n  - hooks/factdesk_hooks.py\n", "")
    layout = ("  name: material\n", "extra:\n", "markdown_extensions:\n")
    if "hooks:" in config or any(line not in config for line in layout) or "extra_css:" in config \
            or "custom_dir:" in config:
        raise RenderError("mkdocs.yml is not laid out as factdesk init writes it (the hook, `theme: name: material`, "
                          "`extra:`, `markdown_extensions:`, no `extra_css` nor `custom_dir`): render it by hand")
    config = config.replace("  name: material\n", f"  name: material\n  custom_dir: {theme}\n", 1)
    config = config.replace("extra:\n", "extra:\n  polyfills:\n"
                            + "".join(f"    - {url}\n" for url in site_theme.POLYFILLS), 1)
    extensions = "".join(_extension(name, options) for name, options in site_theme.PAGES_EXTENSIONS.items())
    config = config.replace("markdown_extensions:\n",
                            f"markdown_extensions:\n{extensions}  - {site_theme.SANITISER}\n", 1)
    config += "extra_css:\n" + "".join(f"  - {css}\n" for css in (*site_theme.STYLESHEETS, pages.VERDICT_CSS))
    config += "extra_javascript:\n" + "".join(f"  - {script}\n" for script in site_theme.SCRIPTS)
    # Pages that factdesk keeps out of the nav are kept out here too, without a warning for each.
    hidden = sorted({"/" + page.path.split("/")[0] + "/" for page in made if not page.in_nav and "/" in page.path})
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
