"""The interface's catalogs: the template holds every message of the sources, and each shipped
language translates every one of them, in each of its plural forms, keeping the placeholders."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from factdesk.languages import interface

from ..conftest import REPO

LOCALES = interface.LOCALES
SHIPPED = ("ja", "ru", "ar")
PLACEHOLDER = re.compile(r"%\((\w+)\)s|\{(\w+)\}")


def read(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=language)


def test_the_template_holds_every_message_of_the_sources(tmp_path: Path) -> None:
    """`make catalogs` was run after the last change of a message (its extraction, repeated here)."""
    fresh = tmp_path / "factdesk.pot"
    subprocess.run([Path(sys.executable).parent / "pybabel", "extract", "--mapping-file", "babel.cfg",
                    "--keyword", "N_", "--add-comments", "Translators:", "--no-location", "--omit-header",
                    "--sort-output", "--output-file", str(fresh), "src/factdesk"],
                   cwd=REPO, check=True, capture_output=True)
    assert fresh.read_text(encoding="utf-8") == (LOCALES / "factdesk.pot").read_text(encoding="utf-8"), \
        "run `make catalogs`, then translate the new messages"


def test_the_shipped_languages_are_english_japanese_russian_and_arabic() -> None:
    assert interface.shipped() == ("en", "ar", "ja", "ru")


@pytest.mark.parametrize("language", SHIPPED)
def test_every_message_is_translated(language: str) -> None:
    template = read(LOCALES / "factdesk.pot")
    catalog = read(LOCALES / f"{language}.po", language)
    wanted = {message.id for message in template if message.id}
    assert {message.id for message in catalog if message.id} == wanted, "run `make catalogs`"
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        assert len(forms) == (catalog.num_plurals if isinstance(message.id, tuple) else 1), message.id
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        expected = {name for text in ids for pair in PLACEHOLDER.findall(text) for name in pair if name}
        for form in forms:
            assert form.strip(), (language, message.id)
            found = {name for pair in PLACEHOLDER.findall(form) for name in pair if name}
            # A plural form may leave the number out ("one claim"), never add or misspell a name.
            assert found <= expected and (found == expected or isinstance(message.id, tuple)), (message.id, form)


def test_a_language_without_a_catalog_is_written_in_english() -> None:
    with interface.speaking("sw"):
        assert interface.gettext("Our verdict") == "Our verdict"
    with interface.speaking("ja-JP"):  # a regional code finds its language's catalog
        assert interface.gettext("Our verdict") != "Our verdict"


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "27 September 2022"), ("en-US", "27 September 2022"), ("ja", "2022年9月27日"),
    ("ru", "27 сентября 2022\u202fг."), ("ar", "27 سبتمبر 2022")])
def test_dates_are_written_as_each_language_writes_them(language: str, expected: str) -> None:
    with interface.speaking(language):
        assert interface.long_date(date(2022, 9, 27)) == expected
