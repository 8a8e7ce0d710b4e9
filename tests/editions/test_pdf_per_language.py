"""The PDF edition per language (`factdesk pdf --language CODE`): the invented multilingual test
publication (English, and Japanese under `other_languages:`, with Japanese translations of two claims
and a source) built in Japanese beside its English edition, read back with poppler's tools; the
record that the site links each language's edition by; what the main language stands in for,
marked as in it; the glyph check over the translations."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import pikepdf
import pytest

from factdesk.data import loader
from factdesk.editions import typeset
from factdesk.editions.edition import PDF_RECORD, Edition, current_pdf, pdf_record
from factdesk.editions.print_html import PrintEdition
from factdesk.languages import interface

from ..conftest import EDITION_TIME, REPO, copy_project
from .test_pdf import factdesk_pdf, named_destinations
from .test_pdf_scripts import DECLARED, RUNIC_FEHU, pdf_fonts, read_back

MULTILINGUAL = REPO / "tests" / "fixtures" / "multilingual"
TRANSLATED = "claims/bridge-opens-next-month-ja.yml"  # claim, summary, body and evidence in Japanese
UNTRANSLATED = "claims/bridge-cost-rose-a-fifth.yml"  # no translation


@dataclass
class Editions:
    project: Path
    english: Path
    english_bytes: bytes  # as built before the Japanese edition
    english_record: str
    japanese: Path
    japanese_output: str  # what `factdesk pdf --language ja` printed
    text: str  # pdftotext's of the Japanese edition, as a reader sees it (read_back)
    english_text: str


def pdf_text(pdf: Path) -> str:
    return read_back(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Editions:
    project = copy_project(tmp_path_factory.mktemp("multilingual") / "project", MULTILINGUAL)
    english = factdesk_pdf(project, "--jobs", "2")
    assert english.returncode == 0, english.stderr
    main = project / "build" / "factdesk.pdf"
    english_bytes, english_record = main.read_bytes(), (project / PDF_RECORD).read_text(encoding="utf-8")
    japanese = factdesk_pdf(project, "--language", "ja", "--jobs", "2")
    assert japanese.returncode == 0, japanese.stderr
    assert "warning" not in japanese.stdout + japanese.stderr
    pdf = project / "build" / "factdesk-ja.pdf"
    return Editions(project, main, english_bytes, english_record, pdf, japanese.stdout, pdf_text(pdf),
                    pdf_text(main))


def test_the_japanese_edition_is_written_beside_the_main_one(editions: Editions) -> None:
    assert editions.japanese.read_bytes().startswith(b"%PDF-")
    assert f"wrote {editions.japanese}:" in editions.japanese_output
    assert sorted(p.name for p in (editions.project / "build").iterdir() if not p.name.startswith(".")) == [
        "factdesk-ja.pdf", "factdesk.pdf", "pdf-edition-ja.json", "pdf-edition.json"]


def test_the_japanese_edition_prints_the_translations_and_its_own_words(editions: Editions) -> None:
    for translated in ("港の橋は来月開通する。", "局自身の予定表が来月としている。",  # a claim, its summary,
                       "多言語テスト用の架空の出版物の、架空のファクトチェック。",  # its explanation,
                       "報道そのもの。テスト用の架空のもの。",  # its evidence's note
                       "環状道路の高架橋の方が長い。",  # the one field translated of another claim
                       "多言語テスト用の架空の出版物の、架空の情報源。"):  # a source's note
        assert read_back(translated) in editions.text, translated
    for words in ("目次", "方法論", "主張", "情報源", "訂正", "判定", "主張が現れた場所", "解説", "根拠",
                  "誤り"):  # a verdict of the default scale
        assert read_back(words) in editions.text, words
    assert "2024年3月10日" in editions.text  # the claims' date of publication, as Japanese writes it
    with interface.speaking("ja"):
        assert read_back(f"発行日{interface.long_date(EDITION_TIME.date())}") in editions.text  # the cover
    # Translated: the English edition's words and text, not this one's.
    for english in ("Contents", "Methodology", "WHERETHECLAIMAPPEARED", "Fact-checkby", "1March2024",
                    "Theharbourbridgeopensnextmonth.",
                    "Thebureau’sownschedulenamesnextmonth.", "Thering-roadviaductislonger."):
        assert english in editions.english_text and english not in editions.text, english


def test_what_is_not_translated_is_printed_in_the_main_language(editions: Editions) -> None:
    for english in ("Thebridgecost12billionyen,afifthmorethanplanned.", "Nobudgetdocumentgivesthefigure.",
                    "At1,200metresthenewbridgeisthecity’slongest."):  # claims; a summary of one untranslated
        assert english in editions.text, english


def test_the_main_edition_is_as_it_was(editions: Editions) -> None:
    assert editions.english.read_bytes() == editions.english_bytes
    assert (editions.project / PDF_RECORD).read_text(encoding="utf-8") == editions.english_record
    assert "Theharbourbridgeopensnextmonth." in editions.english_text and "Contents" in editions.english_text
    assert "港の橋は来月開通する。" not in editions.english_text and "目次" not in editions.english_text


def test_each_languages_edition_is_current_until_the_files_change(editions: Editions, tmp_path: Path) -> None:
    project = shutil.copytree(editions.project, tmp_path / "project")
    japanese, english = current_pdf(project, "ja"), current_pdf(project)
    assert japanese is not None and japanese.file == "factdesk-ja.pdf" and japanese.pages > 10
    assert english is not None and english.file == "factdesk.pdf"
    assert current_pdf(project, "en") == english  # the main language, by its code
    assert current_pdf(project, "ru") is None and current_pdf(project, "../ja") is None
    assert pdf_record("ja") == Path("build/pdf-edition-ja.json") and pdf_record() == PDF_RECORD
    claim = project / UNTRANSLATED
    claim.write_text(claim.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert current_pdf(project, "ja") is None and current_pdf(project) is None


def test_an_unknown_language_is_refused_with_the_publications_languages(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", MULTILINGUAL)
    done = factdesk_pdf(project, "--language", "jp")
    assert done.returncode == 2
    assert "`jp` is not a language of this publication" in done.stderr and "en, ja" in done.stderr, done.stderr
    assert not (project / "build").exists() or not any((project / "build").iterdir())


def test_the_japanese_edition_has_its_outline_links_and_structure(editions: Editions) -> None:
    with pikepdf.open(editions.japanese) as pdf, pdf.open_outline() as outline:
        assert str(pdf.Root.Lang) == "ja"
        chapters = {item.title: item for item in outline.root}
        assert list(chapters) == ["目次", "方法論", "主張", "情報源", "訂正"]
        claims = [item.title for item in chapters["主張"].children]
        assert "港の橋は来月開通する。" in claims and "The bridge cost 12 billion yen, a fifth more than planned." in claims
        destinations = set(named_destinations(pdf))
        assert {"claim-bridge-opens-next-month-ja", "source-minato-shimpo-2024-03-01"} <= destinations
        internal = [a.Dest for page in pdf.pages for a in page.obj.get("/Annots", ()) if "/Dest" in a]
        assert len(internal) > 20  # the contents' lines, claims to sources and back
        root = pdf.Root.StructTreeRoot
        assert len(root.K) == 1 and root.K[0].S == "/Document"


def test_the_japanese_edition_embeds_every_font(editions: Editions) -> None:
    found = pdf_fonts(editions.japanese)
    assert found and all(embedded == "yes" for _, embedded in found), found
    assert all(name.startswith(DECLARED) for name, _ in found), found


def test_the_japanese_edition_is_the_same_bytes_twice(editions: Editions, tmp_path: Path) -> None:
    again = tmp_path / "again.pdf"
    done = factdesk_pdf(editions.project, "--language", "ja", "--jobs", "1", "--output", str(again))
    assert done.returncode == 0, done.stderr
    assert again.read_bytes() == editions.japanese.read_bytes()


# The print HTML -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The multilingual publication with this repository's methodology page."""
    return copy_project(tmp_path_factory.mktemp("print-html") / "project", MULTILINGUAL)


def documents(project: Path, language: str | None, other: str = "ja") -> str:
    publication = loader.load_publication(project)
    publication = replace(publication, settings=replace(publication.settings, other_languages=(other,)))
    printed = PrintEdition(publication, Edition("0" * 40, datetime(2024, 5, 1, tzinfo=UTC)), project, language)
    parts = printed.body_parts()
    return "".join([*(part.html for part in parts), printed.front_matter([e for part in parts for e in part.entries])])


def article(html: str, slug: str) -> str:
    start = html.index(f'<article class="claim" id="claim-{slug}">')
    return html[start:html.index("</article>", start)]


def test_the_main_languages_text_is_marked_as_in_it(project: Path) -> None:
    html = documents(project, "ja")
    assert html.count('<html lang="ja">') == html.count("<html")
    translated = article(html, "bridge-opens-next-month-ja")
    assert '<h2 class="claim-quoted">港の橋は来月開通する。</h2>' in translated
    assert '<p class="summary">局自身の予定表が来月としている。</p>' in translated
    assert '<div class="prose"><p>' in translated and "</strong> 報道そのもの。" in translated
    # The editors' translation of the (Japanese) quote is in the main language.
    assert '<span lang="en">it announced that the opening ceremony' in translated
    untranslated = article(html, "bridge-cost-rose-a-fifth")
    assert '<h2 class="claim-quoted" lang="en">The bridge cost 12 billion yen' in untranslated
    assert '<p class="summary" lang="en">No budget document gives the figure.</p>' in untranslated
    assert '<div class="prose" lang="en">' in untranslated
    assert '<span lang="en">The report itself, invented for tests.</span>' in untranslated
    # Translated in part: the summary in Japanese, the claim in English.
    partly = article(html, "longest-bridge-in-the-city")
    assert '<p class="summary">環状道路の高架橋の方が長い。</p>' in partly
    assert '<h2 class="claim-quoted" lang="en">' in partly
    # The contents, and the methodology page, written in the main language alone.
    assert re.search(r'<span class="label" lang="en">The bridge cost 12 billion yen', html)
    assert '<span class="label">港の橋は来月開通する。</span>' in html
    assert '<section class="chapter methodology" id="methodology">\n<h1>方法論</h1>\n<div lang="en">' in html


def test_the_main_edition_marks_nothing_as_in_the_main_language(project: Path) -> None:
    html = documents(project, None)
    assert html.count('<html lang="en">') == html.count("<html")
    assert 'class="claim-quoted" lang=' not in html and '<span lang="en">' not in html
    assert '<h2 class="claim-quoted">The harbour bridge opens next month.</h2>' in html


def test_an_edition_in_a_right_to_left_language_is_laid_out_right_to_left(project: Path) -> None:
    html = documents(project, "ar", other="ar")  # nothing translated: every claim in English, marked so
    assert html.count('<html lang="ar" dir="rtl">') == html.count("<html")
    assert '<h2 class="claim-quoted" lang="en">The harbour bridge opens next month.</h2>' in html
    assert "border-right: 2.5pt solid" in html


def test_the_glyph_check_reads_the_translations(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", MULTILINGUAL)
    claim = project / TRANSLATED
    text = claim.read_text(encoding="utf-8")
    claim.write_text(text.replace("summary: 局自身", f"summary: {RUNIC_FEHU}局自身"), encoding="utf-8")
    publication = loader.load_publication(project)
    assert typeset.glyph_problems(publication) == []  # the English edition does not print it
    problems = typeset.glyph_problems(publication.in_language("ja"))
    assert [(p.path, "`summary`" in p.message) for p in problems] == [(TRANSLATED, True)], problems
    done = factdesk_pdf(project, "--language", "ja")
    assert done.returncode == 1 and TRANSLATED in done.stderr, done.stderr
    assert not (project / "build" / "factdesk-ja.pdf").exists()
