"""Quotes in their own language on the site: marked with `lang`, right-to-left text isolated and
set in its direction, translations shown beside the quote and said whose, and the languages in
ClaimReview. Built from the invented multilingual test publication (tests/fixtures/multilingual)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from factdesk.data.loader import read_publication

from ..conftest import REPO, BuildResult, copy_data, copy_project, mkdocs_build
from ..html_pages import HtmlPage

MULTILINGUAL = REPO / "tests" / "fixtures" / "multilingual"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    project = copy_project(tmp_path_factory.mktemp("multilingual") / "project", MULTILINGUAL)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.output  # strict: every quote verified against its archived text
    return result


def page(built: BuildResult, path: str) -> str:
    return (built.site / path / "index.html").read_text(encoding="utf-8")


def claim_review(html: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found, "a claim page has its ClaimReview"
    return json.loads(found.group(1))


def test_a_quote_is_marked_with_its_language_and_its_translation_shown_whose(built: BuildResult):
    html = page(built, "claims/bridge-opens-next-month-ja")
    assert '<p lang="ja">“新しい橋の開通式を来月行うと発表した”</p>' in html
    assert ('<p class="fd-translation">Translated by the editors: “it announced that the opening ceremony of the '
            'new bridge will be held next month”</p>') in html
    # The source's title, in the attribution and in the evidence, in its language too.
    assert html.count('href="../../sources/minato-shimpo-2024-03-01/" lang="ja">新しい橋、来月開通へ</a>') == 2
    # A quote in the page's own language carries no `lang`: Russian here, English in the mini publication.
    assert '<p lang="ru">“стоимость работ выросла на двадцать процентов”</p>' in \
        page(built, "claims/bridge-cost-rose-twenty-percent")


def test_right_to_left_text_keeps_its_direction_and_never_reorders_the_sentence(built: BuildResult):
    html = page(built, "claims/bridge-opens-next-month-ar")
    assert '<p dir="rtl" lang="ar">“<bdi>الجسر الجديد فوق الميناء سيفتتح الشهر المقبل</bdi>”</p>' in html
    assert "The source’s own translation: “the new bridge over the harbour will open next month”" in html
    # Title and publisher are each isolated: the commas and the date stay in the English sentence's order.
    assert ('<p class="fd-attribution">— <a dir="rtl" href="../../sources/al-mina-2024-03-04/" lang="ar">'
            '<bdi>الجسر الجديد يفتتح الشهر المقبل</bdi></a>, <bdi>الميناء</bdi>, 4 March 2024</p>') in html
    assert "\u2068" not in html and "\u2069" not in html  # made markup, not left as control characters
    hebrew = page(built, "sources/haolam-hanamal-2024-03-05")
    assert '<h1 class="fd-card__title" dir="rtl" id=' in hebrew and 'lang="he"><bdi>הגשר החדש ייפתח בחודש הבא</bdi>' in hebrew
    # The claimant's name, a link in the claim card, is isolated too.
    assert '<bdi>מועצת העיר</bdi>' in page(built, "claims/bridge-opens-next-month-he")


def test_claim_review_gives_the_language_of_the_review_and_of_each_appearance(built: BuildResult):
    review = claim_review(page(built, "claims/longest-bridge-in-the-city"))
    assert review["inLanguage"] == "en"
    assert [work["inLanguage"] for work in review["itemReviewed"]["appearance"]] == ["zh"]
    assert review["itemReviewed"]["firstAppearance"]["inLanguage"] == "zh"


def test_the_first_publication_marks_its_chinese_commentary_as_a_translation(built_publication: BuildResult):
    source = HtmlPage(built_publication.site / "sources" / "chinese-commentary-2022-09-28" / "index.html")
    assert "in English, translated from Chinese" in source.text
    claims = [path for path in (built_publication.site / "claims").glob("*/index.html")
              if "sources/chinese-commentary-2022-09-28/" in path.read_text(encoding="utf-8")
              and path.parent.name != "explorer"]
    appearances = [work for path in claims
                   for work in claim_review(path.read_text(encoding="utf-8"))["itemReviewed"]["appearance"]
                   if work["name"].startswith("Commentary on the arrest")]
    assert appearances and all(work["inLanguage"] == "en" and work["translationOfWork"] ==
                               {"@type": "CreativeWork", "inLanguage": "zh"} for work in appearances)


def test_who_translated_needs_a_translation(tmp_path: Path):
    data = copy_data(tmp_path / "pub", MULTILINGUAL)
    claim = data / "claims" / "bridge-opens-next-month-ar.yml"
    claim.write_text(claim.read_text(encoding="utf-8").replace(
        "    translation: the new bridge over the harbour will open next month\n", ""), encoding="utf-8")
    publication, problems = read_publication(data)
    assert publication is None
    assert [(p.path, p.line, p.message) for p in problems] == [
        ("claims/bridge-opens-next-month-ar.yml", 8, "`translated_by` names who translated the quote, but the "
         "appearance has no `translation`")]
