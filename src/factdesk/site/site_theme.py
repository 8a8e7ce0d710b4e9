"""What every publication's site needs of factdesk besides its pages: the theme folder, its styles
and scripts, and the Markdown extensions the pages are written for. The MkDocs hook adds them to the
configuration (mkdocs_adapter.add_theme); `factdesk render` lists them in a configuration of its own."""

from __future__ import annotations

from pathlib import Path

THEME_FOLDER = Path(__file__).parent / "theme"
"""factdesk's theme: Material's templates overridden (partials, main.html), and the site's styles and
scripts, added after a publication's own `custom_dir`, which may override any file of it."""
STYLESHEETS = ("stylesheets/factdesk.css",)
SCRIPTS = ("javascripts/explorer.js", "javascripts/accessibility.js", "javascripts/search-results.js",
           "javascripts/share.js")
POLYFILLS = ("assets/javascripts/iframe-worker-standin.js",)
"""Search from file:// in the offline edition (see the file): Material would load a shim from a CDN."""
SANITISER = "factdesk.safe_markdown"
"""The last Markdown extension: raw HTML in editors' Markdown is shown as text, and javascript: and
data: addresses are dropped."""


class PythonName(str):
    """An extension's option that is a Python object, named `module.attribute` (in mkdocs.yml,
    `!!python/name:module.attribute`)."""


PAGES_EXTENSIONS: dict[str, dict[str, str]] = {
    "admonition": {}, "attr_list": {}, "tables": {}, "smarty": {},
    "pymdownx.emoji": {"emoji_index": PythonName("material.extensions.emoji.twemoji"),
                       "emoji_generator": PythonName("material.extensions.emoji.to_svg")},
}
"""The extensions factdesk's pages are written for: verdict cards are admonitions with attribute
lists, badges carry Material's icons, and Markdown gets the typography plain fields get."""
