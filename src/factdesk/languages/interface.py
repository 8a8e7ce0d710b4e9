"""The words factdesk itself writes, in the language of what is being written.

Every text of factdesk's own (not the publication's data) goes through `gettext` or `ngettext`;
the catalogs are `locales/<language>.po`, whose message ids are the English text. Which language
applies is set around a piece of work with `speaking(language)`: a page, the PDF edition, a share
image, the feed. English needs no catalog; a language without one is written in English, and
`factdesk check` says so (see `catalog_problems`).

Catalogs are read from their `.po` text with Babel and kept per process: no compiled `.mo` file
to keep in step with its source."""

from __future__ import annotations

import functools
import gettext as gettext_module
import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale
    from babel.messages.catalog import Catalog

LOCALES = Path(__file__).parent / "locales"
SOURCE_LANGUAGE = "en"

_speaking: ContextVar[str] = ContextVar("factdesk_interface_language", default=SOURCE_LANGUAGE)


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Write in `language` (a BCP 47 code, as factdesk.yml's `language:`) until the block ends."""
    token = _speaking.set(language)
    try:
        yield
    finally:
        _speaking.reset(token)


def current() -> str:
    """The language being written."""
    return _speaking.get()


def shipped() -> tuple[str, ...]:
    """The languages with a catalog, English first."""
    return (SOURCE_LANGUAGE, *sorted(path.stem for path in LOCALES.glob("*.po")))


def catalog_file(language: str) -> Path | None:
    """The catalog for `language`: its own ("pt-BR": pt_BR.po), else its base language's (pt.po)."""
    tag = language.replace("-", "_")
    for name in (tag, tag.split("_")[0]):
        path = LOCALES / f"{name}.po"
        if path.is_file():
            return path
    return None


@functools.cache
def catalog(language: str) -> Catalog | None:
    """The catalog of `language` (see `catalog_file`), read once per process; None for English or a
    language without one."""
    path = catalog_file(language)
    if path is None:
        return None
    from babel.messages.pofile import read_po

    with path.open("rb") as po:
        return read_po(po, locale=path.stem)


@functools.cache
def _translations(language: str) -> gettext_module.NullTranslations:
    messages = catalog(language)
    if messages is None:
        return gettext_module.NullTranslations()
    from babel.messages.mofile import write_mo

    compiled = io.BytesIO()
    write_mo(compiled, messages)  # fuzzy entries left out, as msgfmt does
    compiled.seek(0)
    return gettext_module.GNUTranslations(compiled)


def gettext(message: str) -> str:
    return _translations(current()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form for `count` in the current language's plural rule (Russian has three, Arabic six)."""
    return _translations(current()).ngettext(singular, plural, count)


def plural_forms(choose: Callable[[int], str]) -> tuple[str, ...]:
    """Every form of a message with a count, in the order of the current language's plural rule
    (`plural_rule`), for scripts, which choose the form themselves: `choose` is the message's
    `ngettext` call, `lambda n: ngettext("…", "…", n)`, which extraction finds."""
    translations = _translations(current())
    rule: Callable[[int], int] = getattr(translations, "plural", lambda n: int(n != 1))
    messages = catalog(current())
    count = messages.num_plurals if messages is not None else 2
    examples = {}
    for n in range(1000):
        examples.setdefault(rule(n), n)
    return tuple(choose(examples[index]) if index in examples else choose(1000) for index in range(count))


_PLURAL_EXPRESSION = re.compile(r"[n0-9%<>=!&|?:() ]+")


def plural_rule() -> str:
    """The current language's plural rule, as gettext's C expression of `n`, which is JavaScript too:
    the index of the form `plural_forms` gives for a count (English: `(n != 1)`; Japanese: `0`)."""
    messages = catalog(current())
    expression = messages.plural_expr if messages is not None else "(n != 1)"
    if not _PLURAL_EXPRESSION.fullmatch(expression):  # Babel's data, checked all the same: it becomes a script
        raise ValueError(f"unexpected plural rule for {current()}: {expression}")
    return expression


def N_(message: str) -> str:  # noqa: N802 (gettext's name, which extraction looks for)
    """Marks a message for the catalogs where it is defined; `gettext` translates it where it is used."""
    return message


# Babel's locale data ------------------------------------------------------------------------

@functools.lru_cache(maxsize=256)
def locale(code: str) -> Locale | None:
    """Babel's data for a language code; None where Babel does not know it."""
    # Imported here: the checks, which import this module, need no locale data.
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code, sep="-")
    except (ValueError, UnknownLocaleError):
        return None


def is_right_to_left(code: str) -> bool:
    found = locale(code)
    return found is not None and found.text_direction == "rtl"


def language_name(code: str) -> str:
    """A language code as readers of the current language know it ("ja": "Japanese", "日本語" in
    Japanese); the code itself where Babel has no name for it."""
    found = locale(code)
    reader = locale(current())
    return (found.get_display_name(reader or SOURCE_LANGUAGE) if found is not None else None) or code


def language_attributes(code: str, page_language: str) -> str:
    """attr_list's attributes for text in the language `code` on a page in `page_language`: `lang`,
    and `dir` where it is written right to left; nothing in the page's own language."""
    if code == page_language:
        return ""
    return f'lang="{code}"' + (' dir="rtl"' if is_right_to_left(code) else "")


# English dates are day, month, year ("27 September 2022"), the order that reads the same to every
# English reader; every other language takes Babel's long form ("2022年9月27日").
_ENGLISH_LONG_DATE = "d MMMM y"


def long_date(value: date) -> str:
    language = current()
    found = locale(language)
    if found is None or found.language == SOURCE_LANGUAGE and not found.territory:
        return f"{value.day} {value.strftime('%B')} {value.year}"
    from babel.dates import format_date

    return format_date(value, _ENGLISH_LONG_DATE if found.language == SOURCE_LANGUAGE else "long", locale=found)


def month_and_year(value: date) -> str:
    """The month of `value` as a page of a listing names it: "September 2022", "2022年9月"."""
    found = locale(current())
    if found is None or found.language == SOURCE_LANGUAGE and not found.territory:
        return f"{value.strftime('%B')} {value.year}"
    from babel.dates import format_skeleton

    return format_skeleton("yMMMM", value, locale=found)


def year_name(year: int) -> str:
    """A year as a page of a listing names it: "2022", "2022年", in the language's own digits."""
    found = locale(current())
    if found is None or found.language == SOURCE_LANGUAGE and not found.territory:
        return str(year)
    from babel.dates import format_skeleton

    return format_skeleton("y", date(year, 1, 1), locale=found)


def translations(language: str) -> gettext_module.NullTranslations:
    """`language`'s catalog as the gettext module reads it: for a template engine's own i18n (the
    theme's templates, rendered by MkDocs), which asks it whatever language is being written."""
    return _translations(language)
