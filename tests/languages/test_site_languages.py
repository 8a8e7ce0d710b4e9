"""The site in the publication's language: factdesk.yml's `language:` chooses the words factdesk writes
(pages, the theme's partials, the scripts' words), the default verdict scale's labels, the dates, and
Material's own language (`<html lang>`, its strings, its search, the direction). One real build of
the mini publication per language, with `language:` changed and four more claims by one claimant
(so that counts of 1, 2, 5 and 6 occur); the English pages are the goldens' (tests/site/test_pages.py)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from factdesk.data.fields import CLAIMANT_KIND_LABELS, SOURCE_KIND_LABELS
from factdesk.languages import interface, verdict_scale
from factdesk.site import pages, site_theme

from ..conftest import MINI, BuildResult, copy_project, mkdocs_build

LANGUAGES = ("ja", "ru", "ar")


def project_in(language: str, folder: Path) -> Path:
    project = copy_project(folder / "desk", MINI)
    settings = project / "factdesk.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("language: en", f"language: {language}"),
                        encoding="utf-8")
    budget = (project / "claims" / "budget-doubled.yml").read_text(encoding="utf-8")
    for n in range(2, 6):  # city-officials then have five claims, the mayor one
        (project / "claims" / f"budget-doubled-{n}.yml").write_text(
            budget.replace("doubled* since", f"doubled* ({n}) since").replace("tags: [budgets]", "tags: [budgets, copies]"),
            encoding="utf-8")
    return project


@pytest.fixture(scope="module", params=LANGUAGES)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, BuildResult]:
    language = request.param
    result = mkdocs_build(project_in(language, tmp_path_factory.mktemp(language)))
    assert result.returncode == 0, result.output
    yield language, result
    shutil.rmtree(result.site, ignore_errors=True)


def page(result: BuildResult, path: str) -> str:
    return (result.site / path / "index.html").read_text(encoding="utf-8")


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


EXPECTED = {
    "ja": {"verdict": "判定", "false": "誤り", "date": "2024年2月1日", "search": "検索", "skip": "コンテンツにスキップ",
           "claim": "主張", "counts": ("%(name)sの主張を1件検証しました。", "%(name)sの主張を5件検証しました。"),
           "claims": "主張を6件検証しました。", "tagged": "タグcopiesの付いた主張4件（新しい順）。"},
    "ru": {"verdict": "Наш вердикт", "false": "Неправда", "date": "1 февраля 2024\u202fг.", "search": "Поиск",
           "skip": "Перейти к содержанию", "claim": "Утверждение",
           "counts": ("Мы проверили 1 утверждение, автор — %(name)s.", "Мы проверили 5 утверждений, автор — %(name)s."),
           "claims": "Мы проверили 6 утверждений.",
           "tagged": "4 утверждения с тегом copies, сначала новые."},
    "ar": {"verdict": "حكمنا", "false": "خطأ", "date": "1 فبراير 2024", "search": "بحث", "skip": "انتقل إلى المحتوى",
           "claim": "الادعاء", "counts": ("دقّقنا ادعاء واحد لـ%(name)s.", "دقّقنا 5 ادعاءات لـ%(name)s."),
           "claims": "دقّقنا 6 ادعاءات.", "tagged": "4 ادعاءات بالوسم copies، الأحدث أولًا."},
}


def test_the_page_and_material_speak_the_publications_language(built):
    language, result = built
    want = EXPECTED[language]
    html = page(result, "claims/bridge-opened-in-1990")
    assert f'<html lang="{language}"' in html
    words = text(html)
    assert want["verdict"] in words and want["claim"] in words
    assert " ".join(want["date"].split()) in words  # Babel's long date: 2024年2月1日, the Russian genitive month
    # The default scale's label, in the badge, the title and ClaimReview (which the build's lint compares).
    assert f"<title>{want['false']}" in html
    review = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert review["reviewRating"]["alternateName"] == want["false"] and review["inLanguage"] == language
    # Material's own words: the search box and the skip link.
    assert f'placeholder="{want["search"]}"' in html and want["skip"] in words
    assert "Our verdict" not in words and "Fact-check by" not in words and "Share this fact-check" not in words


def test_counts_take_the_languages_plural_forms(built):
    language, result = built
    want = EXPECTED[language]
    one, five = want["counts"]
    assert one % {"name": "Mayor Ann Example"} in text(page(result, "claimants/mayor-ann-example"))
    assert five % {"name": "City officials"} in text(page(result, "claimants/city-officials"))
    assert want["claims"] in text(page(result, "claims/explorer"))
    assert want["tagged"] in text(page(result, "tags/copies"))


def test_the_scripts_get_their_words_and_plural_rule(built):
    language, result = built
    html = page(result, "claims/explorer")
    script = re.search(r"<script>window\.factdesk = (\{.*?\});\nwindow\.factdesk\.plural = function \(n\) "
                       r"\{ return \+\((.*?)\); \};</script>", html, re.S)
    assert script, "every page's head gives the scripts their words"
    data = json.loads(script.group(1))
    assert data["language"] == language and data["words"]["search"] == EXPECTED[language]["search"]
    with interface.speaking(language):
        assert script.group(2) == interface.plural_rule()
        assert len(data["plurals"]["shown"]) == {"ja": 1, "ru": 3, "ar": 6}[language]


def test_search_follows_the_language(built):
    language, result = built
    config = json.loads((result.site / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]
    # Material's lunr languages: Japanese and Russian have their own; Arabic has none in Material and
    # its search falls back to English's. The sources' language (English) comes after (see
    # mkdocs_adapter._search_the_sources_languages).
    assert config["lang"] == {"ja": ["ja", "en"], "ru": ["ru", "en"], "ar": ["en"]}[language]


def test_each_language_is_laid_out_in_its_direction(built):
    language, result = built
    html = page(result, "claims/bridge-opened-in-1990")
    assert re.search(f'<html lang="{language}"[^>]*>', html)
    assert re.search(f'<body dir="{"rtl" if language == "ar" else "ltr"}"', html)
    css = (result.site / "stylesheets" / "factdesk.css").read_text(encoding="utf-8")
    # factdesk's own layout follows the direction: logical sides, not left and right.
    assert "border-inline-start" in css and "margin-left" not in css and "padding-left" not in css


@pytest.mark.parametrize(("count", "form"), [(1, "1 утверждение"), (2, "2 утверждения"), (5, "5 утверждений"),
                                             (21, "21 утверждение"), (11, "11 утверждений")])
def test_russian_counts_have_three_forms(count: int, form: str):
    with interface.speaking("ru"):
        assert interface.ngettext("%(num)d claim", "%(num)d claims", count) % {"num": count} == form


def test_the_default_scale_is_translated_and_a_publications_own_is_not():
    default = next(iter(verdict_scale.default_verdicts()))
    from dataclasses import replace

    own = replace(default, meaning="Our own words.")
    with interface.speaking("ja"):
        assert verdict_scale.label(default) != default.label
        assert verdict_scale.label(own) == own.label and verdict_scale.meaning(own) == "Our own words."


def test_the_catalogs_words_are_the_datas():
    """The labels marked for the catalogs where extraction sees them are those of data.fields and of
    default-settings.yml."""
    labels = {*SOURCE_KIND_LABELS.values(), *(word for pair in CLAIMANT_KIND_LABELS.values() for word in pair)}
    assert labels == set(pages.KIND_WORDS)
    scale = {word for v in verdict_scale.default_verdicts() for word in (v.label, v.meaning)}
    assert scale == set(verdict_scale.DEFAULT_WORDS)


def test_english_scripts_words_are_the_scripts_own_english():
    """The words each script falls back on are the catalog's English ids."""
    script = site_theme.script_words("en")
    data = json.loads(script.split(" = ", 1)[1].split(";\n", 1)[0])
    theme = site_theme.THEME_FOLDER / "javascripts"
    sources = "".join(path.read_text(encoding="utf-8") for path in theme.glob("*.js"))
    for key, english in data["words"].items():
        assert f'"{key}"' in sources, key
        assert json.dumps(english, ensure_ascii=False) in sources, english


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js to run the script")
@pytest.mark.parametrize(("language", "counts"), [
    ("ru", {1: "1 из 1 утверждения", 2: "2 из 2 утверждений", 5: "5 из 5 утверждений", 21: "21 из 21 утверждения"}),
    ("ar", {1: "1 من ادعاء واحد", 2: "2 من ادعاءين", 5: "5 من 5 ادعاءات", 11: "11 من 11 ادعاءً", 100: "100 من 100 ادعاء"}),
    ("ja", {1: "主張1件中1件", 5: "主張5件中5件"})])
def test_the_scripts_plural_rule_chooses_the_form(language: str, counts: dict[int, str]):
    """The head's script, run: its rule picks the catalog's form for a count, as explorer.js uses it."""
    program = site_theme.script_words(language) + "\n" + "".join(
        f"console.log(window.factdesk.plurals.shown[window.factdesk.plural({n})]"
        f".replace('%(shown)d', {n}).replace('%(num)d', {n}));\n" for n in counts)
    done = subprocess.run(["node", "-e", "var window = {};\n" + program], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == list(counts.values())
