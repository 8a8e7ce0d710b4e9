"""A publication in several languages: one site per language, the main one at the site's root and
each other one under its code (`ja/`), built one at a time (`factdesk build`, see builds), each in
the language `FACTDESK_LANGUAGE` names. What links them: `hreflang` alternates in every page's head
(absolute addresses) and the language switcher's entries (relative links), both to the same page in
each language; and, where a page shows a field in the main language for want of a translation, that
text marked as the main language's.
"""

from __future__ import annotations

import html
import re
import textwrap
from dataclasses import dataclass

from factdesk.data.model import Settings
from factdesk.languages import interface
from factdesk.languages.interface import N_
from factdesk.site.pages import relative_link

LANGUAGE_VARIABLE = "FACTDESK_LANGUAGE"
"""The language a build makes the site in: one of the publication's languages; unset, the main one."""
LANGUAGE_SITES_VARIABLE = "FACTDESK_LANGUAGE_SITES"
"""Set by `factdesk build` for the main language's build: the folder where the other languages'
sites were built (`<folder>/<code>/`), which that build puts under its own before it takes the site
folder's place."""


class UnknownLanguage(ValueError):
    """FACTDESK_LANGUAGE names a language the publication is not published in."""


# The navigation's titles that `factdesk init` writes into mkdocs.yml (editors/starter/mkdocs.yml.j2),
# in the main language: another language's site shows them in its own. A title of the publication's
# own choosing is its text, and stays as written.
NAVIGATION_TITLES = (N_("Home"), N_("Claims"), N_("Stories"), N_("Explore"), N_("Claimants"), N_("Verdicts"),
                     N_("Sources"), N_("Tags"), N_("Methodology"), N_("Corrections"), N_("Open data"), N_("About"))


def navigation_title(title: str, main_language: str, language: str) -> str:
    """A title of the navigation, as `mkdocs.yml` gives it in the main language, in `language`."""
    with interface.speaking(main_language):
        written = {interface.gettext(message): message for message in NAVIGATION_TITLES}
    if title not in written:
        return title
    with interface.speaking(language):
        return interface.gettext(written[title])


def site_language(settings: Settings, wanted: str | None) -> str:
    """The language to build the site in: `wanted` (FACTDESK_LANGUAGE's value), else the main one."""
    wanted = (wanted or "").strip()
    if not wanted:
        return settings.language
    if wanted not in settings.languages:
        raise UnknownLanguage(
            f"{LANGUAGE_VARIABLE}={wanted}, but the publication is published in {', '.join(settings.languages)} only"
            f"\n    fix: set {LANGUAGE_VARIABLE} to one of them, or add {wanted} under `other_languages:` in "
            "factdesk.yml")
    return wanted


def prefix(settings: Settings, language: str) -> str:
    """Where a language's site is under the main one's: `` for the main language, `ja/` for Japanese."""
    return "" if language == settings.language else f"{language}/"


def native_name(code: str) -> str:
    """A language's name in that language ("日本語", "English"), as a language switcher shows it."""
    with interface.speaking(code):
        name = interface.language_name(code)
    return name[:1].upper() + name[1:]


@dataclass(frozen=True)
class Alternate:
    language: str
    name: str
    """In its own language."""
    address: str
    """The page's absolute address in that language, for `<link rel="alternate" hreflang>`."""
    link: str
    """The link to it from the page in the language being built, relative."""


def alternates(settings: Settings, main_base: str, language: str, page_url: str) -> list[Alternate]:
    """The page at `page_url` (as MkDocs gives it, relative to its language's site: `claims/x/`) in
    every language of the publication, the main one first; nothing for a publication in one language.
    `main_base` is the main language's site's address, ending in `/`."""
    if len(settings.languages) < 2:
        return []
    here = prefix(settings, language) + page_url
    return [Alternate(code, native_name(code), main_base + prefix(settings, code) + page_url,
                      _relative(prefix(settings, code) + page_url, here))
            for code in settings.languages]


def _relative(target: str, page: str) -> str:
    """The link from the page at the site's path `page` to `target` (both without a leading `/`): a
    link to the page's own folder is `./`, which a browser follows, where `.md` links take `.`."""
    link = relative_link(target, page)
    return "./" if link == "." else link


def head_links(found: list[Alternate], main_language: str) -> str:
    """The `hreflang` alternates for a page's head: one per language, and `x-default`, the main one's."""
    if not found:
        return ""
    links = [(a.language, a.address) for a in found]
    links += [("x-default", a.address) for a in found if a.language == main_language]
    return "\n".join(f'<link rel="alternate" hreflang="{html.escape(code)}" href="{html.escape(address)}">'
                     for code, address in links)


# Text shown in the main language -----------------------------------------------------------------
# The templates mark an untranslated field's paragraph with attr_list's `lang` (and `dir`); the
# explanation, Markdown of any blocks, cannot be: its heading carries MAIN_LANGUAGE_NEXT, and the
# blocks after it, to the next heading of its level, are wrapped here in an element in that language.

MAIN_LANGUAGE_NEXT = "fd-main-language-next"
_MARKED_HEADING = re.compile(r'<h2\b[^>]*?( class="' + MAIN_LANGUAGE_NEXT + r'")[^>]*>.*?</h2>\n?', re.DOTALL)


def mark_main_language_sections(page_html: str, attributes: str) -> str:
    """The page with the section under each marked heading wrapped in a `<div>` with `attributes`
    (`lang="en"`, and `dir` if needed), the main language's."""
    out, at = [], 0
    for heading in _MARKED_HEADING.finditer(page_html):
        end = page_html.find("<h2", heading.end())
        end = len(page_html) if end < 0 else end
        out += [page_html[at:heading.start()], heading.group().replace(heading.group(1), "", 1),
                f'<div {attributes}>\n', page_html[heading.end():end], "</div>\n"]
        at = end
    return "".join(out) + page_html[at:]


# Hand-written pages ---------------------------------------------------------------------------------
# docs/'s pages have no translations: each language's site shows them in the main language, marked as
# such, but for what their markers (`<!-- factdesk:… -->`) put in, which is in the site's language. A
# marker's Markdown is put in an admonition of the class IN_SITE_LANGUAGE, which is then unwrapped.

IN_SITE_LANGUAGE = "fd-in-site-language"


def in_site_language(markdown: str) -> str:
    """A marker's Markdown, put apart from the hand-written text around it (see `mark_hand_written`)."""
    return f'\n\n!!! {IN_SITE_LANGUAGE} ""\n' + textwrap.indent(markdown, "    ") + "\n\n"


def mark_hand_written(page_html: str, main_attributes: str, site_attributes: str) -> str:
    """A hand-written page's HTML in an element in the main language; what its markers put in, in the
    site's language."""
    page_html = page_html.replace(f'<div class="admonition {IN_SITE_LANGUAGE}">',
                                  f'<div class="{IN_SITE_LANGUAGE}" {site_attributes}>')
    return f"<div {main_attributes}>\n{page_html}</div>\n"
