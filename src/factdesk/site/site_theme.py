"""What every publication's site needs of factdesk besides its pages: the theme folder, its styles
and scripts, and the Markdown extensions the pages are written for. The MkDocs hook adds them to the
configuration (mkdocs_adapter.add_theme); `factdesk render` lists them in a configuration of its own."""

from __future__ import annotations

import json
from pathlib import Path

from factdesk.languages.interface import gettext, ngettext, plural_forms, plural_rule, speaking

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


# The scripts' words -----------------------------------------------------------------------------
# The theme's scripts (javascripts/) take their words from `window.factdesk`, which every page's
# head defines (theme/main.html, from `script_words`): in the publication's language, with its plural
# rule. A script without it (a site built from `factdesk render`'s source) speaks English.

def _words() -> dict[str, str]:
    return {
        # The claims explorer's filters (explorer.js).
        "verdict": gettext("Verdict"),
        # Translators: the explorer's filter by the source a claim appeared in.
        "source": gettext("Appeared in"),
        "claimant": gettext("Claimant"),
        "kind": gettext("Kind of claimant"),
        "tag": gettext("Tag"),
        "year": gettext("Year made"),
        "all.verdict": gettext("All verdicts"),
        "all.source": gettext("All sources"),
        "all.claimant": gettext("All claimants"),
        "all.kind": gettext("All kinds"),
        "all.tag": gettext("All tags"),
        "all.year": gettext("All years"),
        # Translators: the explorer's notice when the address asks for a value no filter has.
        "unknown.verdict": gettext("No verdict called %(value)s; showing all verdicts."),
        "unknown.source": gettext("No source called %(value)s; showing all sources."),
        "unknown.claimant": gettext("No claimant called %(value)s; showing all claimants."),
        "unknown.kind": gettext("No kind of claimant called %(value)s; showing all kinds."),
        "unknown.tag": gettext("No tag called %(value)s; showing all tags."),
        "unknown.year": gettext("No year called %(value)s; showing all years."),
        "unknown.sort": gettext("No order called %(value)s; showing newest first."),
        "newest": gettext("Newest first"),
        "oldest": gettext("Oldest first"),
        # Translators: the button that shows or hides the explorer's filters on a phone.
        "filters": gettext("Filters"),
        "filter.claims": gettext("Filter the claims"),
        "words.placeholder": gettext("Words from a claim, claimant or quote"),
        "words": gettext("Search the claims"),
        "order": gettext("Order by date made"),
        "clear": gettext("Clear filters"),
        "none": gettext("No claim matches all these filters."),
        "clear.the": gettext("Clear the filters"),
        "quoted": gettext("“%(text)s”"),
        # Translators: the explorer's status line while it loads the index of the claims.
        "loading": gettext("Loading the claims…"),
        "failed": gettext("The claims could not be loaded. Every claim is in the lists below."),
        # Translators: the button after the explorer's results that lists the next ones.
        "more": gettext("Show more claims"),
        # Each claim of the explorer's list: its claimants ("A, B and C", as pages.and_separator joins
        # them), then the sources it appeared "in", with "; " between two.
        "and": gettext(" and "),
        "comma": gettext(", "),
        "in": gettext("in"),
        "semicolon": gettext("; "),
        # Kinds of search result (search-results.js).
        # Translators: a search result's kind: a claim's page.
        "result.claims": gettext("Claim"),
        "result.sources": gettext("Source"),
        "result.claimants": gettext("Claimant"),
        # Translators: a search result's kind: a page of one of the publication's fact-checkers.
        "result.people": gettext("Fact-checker"),
        "result.tags": gettext("Tag"),
        "result.verdicts": gettext("Verdict"),
        "result.stories": gettext("Story"),
        # Translators: a search result's kind: a page that lists claims, sources, claimants...
        "result.index": gettext("List"),
        # Translators: a search result's kind: any other page (the front page, the methodology...).
        "result.other": gettext("Page"),
        "search": gettext("Search"),
        # Sharing a claim (share.js).
        "copied": gettext("Link copied"),
        "copy.refused": gettext("Your browser did not let this page copy. The address is selected: copy it "
                                "with Ctrl+C (Command+C on a Mac)."),
    }


def _plurals() -> dict[str, tuple[str, ...]]:
    return {
        "shown": plural_forms(lambda n: ngettext("%(shown)d of %(num)d claim", "%(shown)d of %(num)d claims", n)),
        # Translators: the explorer's count while the claims it has not read yet may hold more that match.
        "shown.least": plural_forms(lambda n: ngettext("At least %(shown)d of %(num)d claim",
                                                       "At least %(shown)d of %(num)d claims", n)),
        "filters.active": plural_forms(lambda n: ngettext("Filters (%(num)d active)", "Filters (%(num)d active)", n)),
    }


def _title_separator() -> str:
    """What stands between the verdict and the claim in a claim's title (pages.claim_title), by which
    the search results find the verdict."""
    title = gettext("%(verdict)s: %(claim)s (fact-check)")
    before, _, after = title.partition("%(verdict)s")
    separator = after.partition("%(claim)s")[0]
    return separator if not before and separator else ": "


def script_words(language: str) -> str:
    """The script that gives the theme's scripts their words in `language`: `window.factdesk`, with
    `words`, `plurals` (each message's forms in the order of the language's plural rule), `plural`
    (the rule: a count's form) and `titleSeparator`. Safe inside a <script> element: `<` is escaped
    in the JSON, and the rule is checked to be an arithmetic expression of `n`."""
    with speaking(language):
        data = {"language": language, "words": _words(), "plurals": _plurals(), "titleSeparator": _title_separator()}
        rule = plural_rule()
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c").replace("\u2028", "\\u2028") \
        .replace("\u2029", "\\u2029")
    return f"window.factdesk = {text};\nwindow.factdesk.plural = function (n) {{ return +({rule}); }};"
