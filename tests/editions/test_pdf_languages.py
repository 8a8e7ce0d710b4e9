"""The PDF edition in the publication's language: factdesk's own words (contents, headings, labels,
the cover, dates) from the language's catalog, read back with poppler's tools; an Arabic edition laid
out right to left; every character of the interface's words drawn by a font of the edition that has
it. The mini publication, with `language:` set in its factdesk.yml."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from factdesk.data import loader
from factdesk.data.model import Publication
from factdesk.editions import fonts, typeset
from factdesk.editions.edition import Edition
from factdesk.editions.print_html import PrintEdition
from factdesk.languages import interface

from ..conftest import EDITION_TIME, MINI, copy_project
from .test_pdf import factdesk_pdf
from .test_pdf_scripts import DECLARED, pdf_fonts, read_back

SHIPPED = ("ja", "ru", "ar")


@dataclass
class Built:
    project: Path
    pdf: Path
    text: str  # pdftotext's, as a reader sees it (read_back)


def in_language(project: Path, language: str) -> Path:
    settings = project / "factdesk.yml"
    text = settings.read_text(encoding="utf-8")
    assert "\nlanguage: en\n" in text
    settings.write_text(text.replace("\nlanguage: en\n", f"\nlanguage: {language}\n"), encoding="utf-8")
    return project


def build(tmp_path_factory: pytest.TempPathFactory, language: str) -> Built:
    project = in_language(copy_project(tmp_path_factory.mktemp(language) / "project", MINI), language)
    done = factdesk_pdf(project, "--jobs", "2")
    assert done.returncode == 0, done.stderr
    assert "warning" not in done.stdout + done.stderr
    pdf = project / "build" / "factdesk.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return Built(project, pdf, read_back(text))


@pytest.fixture(scope="module")
def japanese(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(tmp_path_factory, "ja")


@pytest.fixture(scope="module")
def arabic(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(tmp_path_factory, "ar")


def test_a_japanese_edition_prints_its_own_words_and_dates_in_japanese(japanese: Built) -> None:
    for words in ("目次", "方法論", "主張", "情報源", "訂正", "判定", "全記事収録：ファクトチェック2件、情報源2件",
                  "主張が現れた場所", "解説", "根拠"):
        assert read_back(words) in japanese.text, words
    assert "2024年1月1日" in japanese.text  # both claims' date, as Japanese writes it
    assert re.search(r"発行日\d{4}年\d{1,2}月\d{1,2}日", japanese.text)  # the cover's date of the edition
    for english in ("Contents", "Methodology", "Wheretheclaimappeared", "Fact-checkby", "1January2024"):
        assert english not in japanese.text, english


def test_a_japanese_edition_embeds_every_font_and_no_other(japanese: Built) -> None:
    found = pdf_fonts(japanese.pdf)
    assert all(embedded == "yes" for _, embedded in found), found
    names = {name for name, _ in found}
    assert all(name.startswith(DECLARED) for name in names), names
    assert any(name.startswith("Noto-Sans-CJK-JP") for name in names), names  # the furniture's 目次, the labels


def test_a_japanese_edition_is_the_same_bytes_twice(japanese: Built, tmp_path: Path) -> None:
    again = tmp_path / "again.pdf"
    done = factdesk_pdf(japanese.project, "--jobs", "1", "--output", str(again))
    assert done.returncode == 0, done.stderr
    assert again.read_bytes() == japanese.pdf.read_bytes()


def test_an_arabic_edition_comes_back_as_text(arabic: Built) -> None:
    # Words without lam-alef: poppler gives that ligature of Noto Sans Arabic (headings, labels) back
    # as alef-lam ("االدعاء"); the serif's, in running text, comes back as set.
    for words in ("المحتويات", "المنهجية", "المصادر", "التصحيحات", "حكمنا", "أين ورد", "تدقيقات الحقائق",
                  "يقتبس كل تدقيق الادعاء كما ورد"):
        assert read_back(words) in arabic.text, words
    with interface.speaking("ar"):
        edition_date = interface.long_date(EDITION_TIME.date())  # "4 ديسمبر 2026"
    assert read_back(f"إصدار {edition_date}") in arabic.text  # the cover's date; a line of its own, in order


def publication_in(language: str) -> Publication:
    publication = loader.load_publication(MINI)
    return replace(publication, settings=replace(publication.settings, language=language))


def documents(language: str) -> list[str]:
    printed = PrintEdition(publication_in(language), Edition("0" * 40, datetime(2024, 5, 1, tzinfo=UTC)), MINI)
    parts = printed.body_parts()
    return [*(part.html for part in parts), printed.front_matter([e for part in parts for e in part.entries]),
            printed.furniture([])]


def test_an_arabic_edition_is_laid_out_right_to_left() -> None:
    for html in documents("ar"):
        assert '<html lang="ar" dir="rtl">' in html
        assert "border-right: 2.5pt solid" in html  # the blockquotes' rule, mirrored (right-to-left.css)
    for html in documents("en") + documents("ja"):
        assert "dir=" not in html.split("<body>")[0] and "border-right: 2.5pt" not in html


def test_a_claim_is_quoted_in_the_marks_of_the_publications_language() -> None:
    japanese = documents("ja")
    assert "「the city’s budget for bridges had doubled since then」" in "".join(japanese)
    assert '.claim-quoted::before { content: "「"; }' in japanese[0]
    assert "「" not in "".join(documents("en")) and "「" not in "".join(documents("ru"))


def cmap(font: fonts.Font, strong: bool) -> set[int]:
    return set(TTFont(font.strong if strong else font.regular, fontNumber=font.index, lazy=True).getBestCmap())


@pytest.mark.parametrize("language", SHIPPED)
def test_every_character_of_the_interfaces_words_has_a_glyph_in_its_font(language: str) -> None:
    """No .notdef: each character of every translation and of every month's date is in the font of
    each chain that the edition sets it in, read here with fontTools, not through factdesk."""
    texts = typeset.interface_texts(language)
    assert len(texts) > 80 and any("%(" in text for text in texts)
    characters = {c for text in texts for c in text if fonts.drawn(c)}
    maps: dict[tuple[int, bool], set[int]] = {}
    for chain in (fonts.serif_chain(), fonts.sans_chain()):
        for character in characters:
            font = fonts.font_for(character, chain)
            for strong in (False, True):  # headings and labels are bold
                found = maps.setdefault((id(font), strong), cmap(font, strong))
                assert ord(character) in found, (language, font.family, fonts.described(character))


@pytest.mark.parametrize("language", SHIPPED)
def test_a_publication_in_each_shipped_language_passes_the_glyph_check(language: str) -> None:
    assert typeset.glyph_problems(publication_in(language)) == []


def test_a_language_whose_font_is_missing_is_named_before_anything_is_typeset(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from .test_pdf_scripts import without_noto

    without_noto(monkeypatch, tmp_path / "no-fonts")
    problems = typeset.glyph_problems(publication_in("ja"))
    assert [(problem.path, problem.hint and "fonts-noto-cjk" in problem.hint) for problem in problems] == [
        ("factdesk.yml", True)]
    assert "`language`" in problems[0].message
    assert typeset.glyph_problems(publication_in("ru")) == []  # Cyrillic: Source has it


def test_the_edition_speaks_english_outside_its_own_work() -> None:
    documents("ja")
    assert interface.current() == "en"
