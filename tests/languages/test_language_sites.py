"""A publication in several languages, built by `factdesk build` (without the PDF edition): the main
language's site at the root, each other language's under its code (`site/ja/`), each with its pages,
search, feeds, exports and ClaimReview in its language, `hreflang` alternates and a language switcher
to the same page in each language, and the text not translated yet marked as the main language's. The
invented multilingual publication (tests/fixtures/multilingual): English, and Japanese translations of
two claims and a source."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from factdesk.languages import interface

from ..conftest import REPO, BuildResult, build_environment, choose_search, copy_project, mkdocs_build

MULTILINGUAL = REPO / "tests" / "fixtures" / "multilingual"
BASE = "https://factdesk.example.org/"  # the fixture's url
TRANSLATED = "claims/bridge-opens-next-month-ja/"
UNTRANSLATED = "claims/bridge-cost-rose-a-fifth/"


def factdesk_build(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "factdesk", "build", "--no-pdf", "--root", str(project)],
                          capture_output=True, text=True, env=build_environment(), timeout=600)


def built_in_two_languages(folder: Path) -> Path:
    """The multilingual publication built by `factdesk build`; its site folder."""
    project = copy_project(folder / "desk", MULTILINGUAL)
    done = factdesk_build(project)
    assert done.returncode == 0, done.stdout + done.stderr
    return project


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_in_two_languages(tmp_path_factory.mktemp("languages"))


def page(project: Path, path: str) -> str:
    return (project / "site" / path / "index.html").read_text(encoding="utf-8")


def hreflang(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def claim_review(html: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert found is not None
    return json.loads(found.group(1))


def test_build_makes_each_language_s_site_under_its_code(project: Path) -> None:
    for site in (project / "site", project / "site" / "ja"):
        for name in ("index.html", "claims.json", "claims.csv", "feed.xml", "claimreview.json", "sitemap.xml",
                     "search/search_index.json", f"{TRANSLATED}index.html"):
            assert (site / name).is_file(), site / name
    # The offline edition holds the main language; its zip is at the site's root only.
    assert (project / "site" / "factdesk-offline.zip").is_file()
    assert not (project / "site" / "ja" / "factdesk-offline.zip").exists()
    assert not (project / "build" / "languages" / "ja").exists()  # moved into the site, not copied
    assert not (project / "site" / "ja" / "ja").exists()


def test_a_translated_claim_in_japanese(project: Path) -> None:
    html = page(project, "ja/" + TRANSLATED)
    assert '<html lang="ja"' in html
    assert "港の橋は来月開通する" in html and "局自身の予定表が来月としている" in html
    with interface.speaking("ja"):
        words = [interface.gettext("Our verdict"), interface.gettext("Explanation"), interface.gettext("Evidence")]
    assert all(word in html for word in words), words
    with interface.speaking("ja"):
        read_next = interface.gettext("Read next")
    # The fact-check itself, before the cards of others to read next (not all translated).
    own = re.search(f"<article.*?{read_next}", html, re.DOTALL).group()
    assert "fd-untranslated" not in own and 'lang="en"' not in own
    # The navigation's titles that the starter writes, in Japanese; the English site keeps its own.
    with interface.speaking("ja"):
        tabs = [interface.gettext(title) for title in ("Claims", "Sources", "Methodology")]
    assert all(re.search(f'class="md-tabs__link[^"]*"[^>]*>\\s*{tab}\\s*<', html) for tab in tabs), tabs
    assert re.search(r'class="md-tabs__link[^"]*"[^>]*>\s*Claims\s*<', page(project, TRANSLATED))
    # The canonical address and the structured data are the Japanese page's.
    assert f'<link rel="canonical" href="{BASE}ja/{TRANSLATED}">' in html
    review = claim_review(html)
    assert review["inLanguage"] == "ja" and review["url"] == f"{BASE}ja/{TRANSLATED}"
    assert review["claimReviewed"] == "港の橋は来月開通する。"


def test_each_page_names_itself_in_every_language(project: Path) -> None:
    expected = {"en": BASE + TRANSLATED, "ja": f"{BASE}ja/{TRANSLATED}", "x-default": BASE + TRANSLATED}
    assert hreflang(page(project, TRANSLATED)) == expected
    assert hreflang(page(project, "ja/" + TRANSLATED)) == expected
    assert hreflang(page(project, "ja")) == {"en": BASE, "ja": f"{BASE}ja/", "x-default": BASE}
    # Material's own links to each language's front page are not given besides (see _LanguageSwitcher).
    assert len(re.findall(r'<link rel="alternate" [^>]*hreflang', page(project, TRANSLATED))) == 3


def test_the_language_switcher_leads_to_the_same_page(project: Path) -> None:
    def switcher(html: str) -> dict[str, str]:
        links = re.findall(r'<a href="([^"]*)" hreflang="([^"]+)"[^>]*class="md-select__link"', html)
        return {lang: href for href, lang in links}
    assert switcher(page(project, TRANSLATED)) == {"en": "./", "ja": f"../../ja/{TRANSLATED}"}
    assert switcher(page(project, "ja/" + TRANSLATED)) == {"en": f"../../../{TRANSLATED}", "ja": "./"}
    assert switcher(page(project, "")) == {"en": "./", "ja": "ja/"}
    assert ">日本語</a>" in page(project, TRANSLATED) and ">English</a>" in page(project, "ja/" + TRANSLATED)


def test_what_is_not_translated_is_shown_in_english_marked_as_such(project: Path) -> None:
    html = page(project, "ja/" + UNTRANSLATED)
    assert '<html lang="ja"' in html
    assert re.search(r'<h1 class="fd-card__claim" id="[^"]*" lang="en">「The bridge cost 12 billion yen', html)
    assert re.search(r'<p class="fd-card__finding" lang="en">No budget document gives the figure', html)
    with interface.speaking("ja"):
        explanation = interface.gettext("Explanation")
    assert re.search(f'<h2 id="[^"]*">{explanation}<.*?</h2>\n<div lang="en">\n<p>An invented fact-check', html)
    assert '<p lang="en">The report itself, invented for tests.' in html  # an evidence note
    # Cards of claims not translated either, on this page (related fact-checks) as on lists.
    assert re.search(r'<a class="fd-item__claim" href="[^"]*" lang="en">「The council said', html)
    assert '<em class="fd-item__finding" lang="en">The council' in html
    with interface.speaking("ja"):
        note = interface.gettext("Parts of this fact-check are not translated into %(language)s yet: they are "
                                 "shown in %(main)s.") % {"language": "日本語", "main": "英語"}
    assert f'<p class="fd-untranslated">{note}</p>' in html
    # A hand-written page has no translation: the Japanese site shows it in English, marked as such.
    # What its markers put in (the verdict scale) is in Japanese, marked as such.
    methodology = page(project, "ja/methodology")
    assert '<div lang="en">' in methodology
    assert re.search(r'<div class="fd-in-site-language" lang="ja">\s*<table>.*?誤り', methodology, re.DOTALL)
    # The English pages mark nothing.
    assert "fd-untranslated" not in page(project, UNTRANSLATED)
    assert '<div lang="en">' not in page(project, "methodology")


def test_each_language_has_its_search(project: Path) -> None:
    ja = json.loads((project / "site" / "ja" / "search" / "search_index.json").read_text(encoding="utf-8"))
    en = json.loads((project / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert ja["config"]["lang"][0] == "ja" and "en" in ja["config"]["lang"] and "、" in ja["config"]["separator"]
    assert en["config"]["lang"][0] == "en"
    assert any("港の橋は来月開通する" in doc["title"] for doc in ja["docs"])
    assert not any("港の橋は来月開通する" in doc["title"] for doc in en["docs"])
    assert all(doc["location"].startswith(("", "#")) and not doc["location"].startswith("ja/") for doc in ja["docs"])


def test_feeds_and_exports_per_language(project: Path) -> None:
    exported = json.loads((project / "site" / "ja" / "claims.json").read_text(encoding="utf-8"))
    assert exported["publication"]["language"] == "ja" and exported["publication"]["url"] == f"{BASE}ja/"
    claim = next(c for c in exported["claims"] if c["slug"] == "bridge-opens-next-month-ja")
    assert claim["claim"] == "港の橋は来月開通する。" and claim["url"] == f"{BASE}ja/{TRANSLATED}"
    assert "港の橋は来月開通する" in (project / "site" / "ja" / "claims.csv").read_text(encoding="utf-8")
    feed = (project / "site" / "ja" / "feed.xml").read_text(encoding="utf-8")
    assert 'xml:lang="ja"' in feed or "<language>ja</language>" in feed or 'lang="ja"' in feed
    assert "港の橋は来月開通する" in feed and f"{BASE}ja/{TRANSLATED}" in feed
    reviews = json.loads((project / "site" / "ja" / "claimreview.json").read_text(encoding="utf-8"))
    assert {review["inLanguage"] for review in reviews["dataFeedElement"]} == {"ja"}
    english = json.loads((project / "site" / "claims.json").read_text(encoding="utf-8"))
    assert english["publication"]["language"] == "en"
    assert next(c for c in english["claims"] if c["slug"] == "bridge-opens-next-month-ja")["claim"] == \
        "The harbour bridge opens next month."


def test_an_unknown_language_is_a_clear_error(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "desk", MULTILINGUAL)
    result = mkdocs_build(project, env={"FACTDESK_LANGUAGE": "fr"})
    assert result.returncode != 0
    assert "FACTDESK_LANGUAGE=fr, but the publication is published in en, ja only" in result.output
    assert not result.site.exists()


def test_a_failing_language_leaves_the_published_site(project: Path, tmp_path: Path) -> None:
    """docs/ja/ would be where the Japanese site goes: both builds refuse it, and the site stays."""
    before = page(project, "ja/" + TRANSLATED)
    (project / "docs" / "ja").mkdir()
    (project / "docs" / "ja" / "page.md").write_text("# A page\n", encoding="utf-8")
    try:
        done = factdesk_build(project)
        assert done.returncode != 0 and "ja/page.md" in done.stderr
        assert page(project, "ja/" + TRANSLATED) == before
    finally:
        (project / "docs" / "ja" / "page.md").unlink()
        (project / "docs" / "ja").rmdir()


def test_pagefind_indexes_each_language_s_site(tmp_path: Path) -> None:
    project = choose_search(copy_project(tmp_path / "desk", MULTILINGUAL), "pagefind")
    done = factdesk_build(project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (project / "site" / "pagefind" / "pagefind.js").is_file()
    assert (project / "site" / "ja" / "pagefind" / "pagefind.js").is_file()
    entry = json.loads((project / "site" / "ja" / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert "ja" in entry["languages"]


def test_a_plain_mkdocs_build_is_the_main_language(tmp_path: Path) -> None:
    result: BuildResult = mkdocs_build(copy_project(tmp_path / "desk", MULTILINGUAL))
    assert result.returncode == 0, result.output
    assert not (result.site / "ja").exists()
    assert '<html lang="en"' in (result.site / TRANSLATED / "index.html").read_text(encoding="utf-8")


def test_the_alternates_of_a_page_in_three_languages() -> None:
    from factdesk.data.loader import read_settings
    from factdesk.site import language_sites

    settings = read_settings(MULTILINGUAL, [])
    settings = replace(settings, other_languages=("ja", "ar"))
    found = language_sites.alternates(settings, BASE, "ar", "claims/x/")
    assert [(a.language, a.name, a.address, a.link) for a in found] == [
        ("en", "English", f"{BASE}claims/x/", "../../../claims/x/"),
        ("ja", "日本語", f"{BASE}ja/claims/x/", "../../../ja/claims/x/"),
        ("ar", "العربية", f"{BASE}ar/claims/x/", "./")]
    assert language_sites.head_links(found, "en").endswith(f'hreflang="x-default" href="{BASE}claims/x/">')
    one = replace(settings, other_languages=())
    assert language_sites.alternates(one, BASE, "en", "") == []
    assert language_sites.site_language(settings, "") == "en" and language_sites.site_language(settings, "ar") == "ar"
    with pytest.raises(language_sites.UnknownLanguage, match="published in en, ja, ar only"):
        language_sites.site_language(settings, "jp")
