"""A publication in several languages: `other_languages` in factdesk.yml, `translations` in claims,
sources and stories, each problem placed to the line and column with its fix, and records read in
another language (`in_language`), the main language's text standing in where untranslated."""

from __future__ import annotations

from pathlib import Path

import pytest

from factdesk.data.loader import load_publication, read_publication
from factdesk.data.model import Claim, ClaimTranslation
from factdesk.data.problems import Problem

from ..conftest import MINI, REPO, copy_data

MULTILINGUAL = REPO / "tests" / "fixtures" / "multilingual"

BRIDGE = "claims/bridge-opened-in-1990.yml"
CLAIM = (MINI / BRIDGE).read_text()
CLAIM_LINES = len(CLAIM.splitlines())
JA = """translations:
  ja:
    claim: 港の橋は1990年に開通した。
    summary: 市の登録簿は開通を1992年としている。
    body: |
      公共事業の登録簿は開通を*1992年5月12日*と記録している [@city-records-2024]。
    evidence:
      - 登録簿は開通日を1992年5月12日としている。
"""
"""A Japanese translation of the bridge claim (invented, as the fixture is), added at its end."""


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = copy_data(tmp_path / "pub")
    (root / "factdesk.yml").write_text("language: en\nother_languages: [ja, ru]\n", encoding="utf-8")
    return root


def write(root: Path, path: str, text: str) -> None:
    (root / path).write_text(text, encoding="utf-8")


def problems_in(root: Path) -> list[Problem]:
    publication, problems = read_publication(root)
    assert publication is None
    return problems


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_a_claim_a_source_and_a_story_load_with_their_translations(data):
    write(data, BRIDGE, CLAIM + JA)
    source = data / "sources" / "city-records-2024.yml"
    write(data, "sources/city-records-2024.yml", source.read_text() + "note: Opening dates only.\n"
          "translations:\n  ja:\n    note: 開通日のみ。\n")
    (data / "stories").mkdir()
    write(data, "stories/the-bridge.yml", "title: The bridge\nintroduction: What was said of the bridge.\n"
          "claims: [bridge-opened-in-1990]\nevents:\n  - date: 2024-01-01\n    what: The mayor spoke.\n"
          "    source: daily-planet-2024-01-02\n"
          "translations:\n  ja:\n    title: 橋\n    events: [市長が話した。]\n")
    publication = load_publication(data)
    assert publication.settings.other_languages == ("ja", "ru")
    assert publication.settings.languages == ("en", "ja", "ru")
    bridge = publication.claims_by_slug["bridge-opened-in-1990"]
    assert bridge.prose_language == "en"
    assert [code for code, _ in bridge.translations] == ["ja"]
    assert bridge.translation("ja") == ClaimTranslation(
        claim="港の橋は1990年に開通した。", summary="市の登録簿は開通を1992年としている。",
        body="公共事業の登録簿は開通を*1992年5月12日*と記録している [@city-records-2024]。",
        evidence=("登録簿は開通日を1992年5月12日としている。",))
    assert bridge.translation("ru") is None
    assert publication.sources["city-records-2024"].translation("ja").note == "開通日のみ。"
    story = publication.stories["the-bridge"]
    assert story.translation("ja").title == "橋" and story.translation("ja").events == ("市長が話した。",)


def test_a_claim_in_another_language_falls_back_to_the_main_language_field_by_field(data):
    write(data, BRIDGE, CLAIM + JA)
    publication = load_publication(data)
    bridge = publication.claims_by_slug["bridge-opened-in-1990"]
    # The main language gives the claim as written.
    assert bridge.in_language("en") is bridge
    japanese = bridge.in_language("ja")
    assert (japanese.prose_language, japanese.claim, japanese.summary) == (
        "ja", "港の橋は1990年に開通した。", "市の登録簿は開通を1992年としている。")
    assert japanese.evidence[0].note == "登録簿は開通日を1992年5月12日としている。"
    assert japanese.evidence[0].source == "city-records-2024"
    # The correction has no Japanese note: it is shown in English, and said to be.
    assert japanese.corrections == bridge.corrections
    assert japanese.untranslated == {"corrections.0"}
    assert japanese.in_main_language("corrections", 0) and not japanese.in_main_language("summary")
    # What is no prose stays as it is: the verdict, the quotes, the dates.
    assert (japanese.verdict, japanese.appearances, japanese.published) == (
        bridge.verdict, bridge.appearances, bridge.published)
    # A language with no translation: every text in the main language, each marked.
    russian = bridge.in_language("ru")
    assert russian.summary == bridge.summary
    assert russian.untranslated == {"claim", "summary", "body", "evidence.0", "corrections.0"}
    # From one language to another, and back.
    assert japanese.in_language("ru") == russian and japanese.in_language("en") is bridge


def test_a_translated_claim_without_its_own_claim_reviewed_stands_for_itself(data):
    write(data, BRIDGE, CLAIM.replace("claim_date:", "claim_reviewed: The bridge opened in 1990.\nclaim_date:") + JA)
    bridge = load_publication(data).claims_by_slug["bridge-opened-in-1990"]
    assert bridge.in_language("ja").short_claim == "港の橋は1990年に開通した。"
    assert bridge.in_language("ru").short_claim == "The bridge opened in 1990."


def test_a_retraction_and_a_source_and_a_story_in_another_language(data):
    write(data, BRIDGE, CLAIM + "retracted:\n  date: 2024-03-02\n  note: Forged register.\n"
          + JA + "    retracted: 登録簿は偽造だった。\n    corrections: [以前の版は別の登録簿を挙げていた。]\n")
    (data / "stories").mkdir()
    write(data, "stories/the-bridge.yml", "title: The bridge\nintroduction: What was said of the bridge.\n"
          "claims: [bridge-opened-in-1990]\ntranslations:\n  ja:\n    title: 橋\n")
    publication = load_publication(data)
    japanese = publication.in_language("ja")
    assert japanese.language == "ja" and publication.language == "en"
    bridge = japanese.claims_by_slug["bridge-opened-in-1990"]
    assert bridge.retracted.note == "登録簿は偽造だった。" and bridge.corrections[0].note.startswith("以前の版")
    assert bridge.untranslated == frozenset()
    story = japanese.stories["the-bridge"]
    assert (story.title, story.introduction, story.untranslated) == ("橋", "What was said of the bridge.",
                                                                     {"introduction"})
    source = japanese.sources["city-records-2024"]
    assert source.note is None and source.untranslated == frozenset()  # nothing to translate
    assert japanese.corrections[0][0] is bridge  # the indexes hold the records in the language
    assert japanese.in_language("en").claims == publication.claims
    assert publication.in_language("en") is publication


def test_a_claim_without_translations_is_as_before(data):
    bridge = load_publication(data).claims_by_slug["bridge-opened-in-1990"]
    assert bridge.translations == () and isinstance(bridge, Claim)


def test_a_language_the_publication_is_not_in_suggests_the_one_meant(data):
    write(data, BRIDGE, CLAIM + JA.replace("  ja:", "  jp:"))
    problem = only(problems_in(data))
    assert (problem.path, problem.line, problem.column) == (BRIDGE, CLAIM_LINES + 2, 3)
    assert problem.message == ("`jp` is not a language of the publication (`other_languages` in factdesk.yml: "
                               "`ja`, `ru`)")
    assert problem.hint == "did you mean `ja`?"


@pytest.mark.parametrize("written, meant", [("JA", "ja"), ("ja_JP", "ja"), ("japanese", "ja"), ("rus", "ru"),
                                            ("ua", None)])
def test_the_language_meant_is_found_from_a_country_a_name_or_a_spelling(data, written, meant):
    write(data, BRIDGE, CLAIM + JA.replace("  ja:", f"  {written}:"))
    problem = only(problems_in(data))
    assert problem.hint == (f"did you mean `{meant}`?" if meant else
                            f"add `{written}` to `other_languages` in factdesk.yml if the publication is published in "
                            "it, or write the translation under one of `ja`, `ru`")


def test_a_language_not_in_other_languages_says_to_add_it(data):
    write(data, "factdesk.yml", "language: en\n")
    write(data, BRIDGE, CLAIM + JA)
    problem = only(problems_in(data))
    assert (problem.line, problem.column) == (CLAIM_LINES + 2, 3)
    assert problem.message == "`ja` is not a language of the publication: factdesk.yml lists no `other_languages`"
    assert problem.hint == ("add `other_languages: [ja]` to factdesk.yml if the publication is published in it, "
                            "or remove the translation")


def test_the_main_language_is_no_translation(data):
    write(data, BRIDGE, CLAIM + JA.replace("  ja:", "  en:"))
    problem = only(problems_in(data))
    assert problem.message.startswith("`en` is the publication's main language")
    assert problem.hint.startswith("write the text in the record's own fields")


def test_an_unknown_field_of_a_translation_names_the_near_one_or_all(data):
    write(data, BRIDGE, CLAIM + JA.replace("    summary:", "    summry:"))
    problem = only(problems_in(data))
    assert (problem.line, problem.column) == (CLAIM_LINES + 4, 5)
    assert problem.message == "unknown field `summary` in the `ja` translation".replace("summary", "summry")
    assert problem.hint == "did you mean `summary`?"
    write(data, BRIDGE, CLAIM + JA.replace("    summary:", "    verdict:"))
    assert only(problems_in(data)).hint == ("the fields are: claim, claim_reviewed, citing, summary, body, evidence, "
                                            "corrections, retracted")


@pytest.mark.parametrize("old, new, line, column, message", [
    ("  ja:\n", "  ja: 港の橋\n  xx:\n", 1, 7, "the `ja` translation should be a mapping of fields, not `港の橋`"),
    ("    summary: 市の登録簿は開通を1992年としている。\n", "    summary: [a, b]\n", 3, 14,
     "`summary` should be text, not a list"),
    ("      - 登録簿は開通日を1992年5月12日としている。\n", "      not a list\n", 7, 7,
     "`evidence` should be a list of texts, not `not a list`"),
])
def test_a_translation_of_the_wrong_type(data, old, new, line, column, message):
    write(data, BRIDGE, CLAIM + JA.replace(old, new))
    problems = [p for p in problems_in(data) if "xx" not in p.message]
    problem = only(problems)
    assert (problem.path, problem.line, problem.column, problem.message) == (
        BRIDGE, CLAIM_LINES + 1 + line, column, message)
    assert problem.hint


def test_translations_are_a_mapping_by_language(data):
    write(data, BRIDGE, CLAIM + "translations: 日本語\n")
    problem = only(problems_in(data))
    assert (problem.line, problem.column) == (CLAIM_LINES + 1, 15)
    assert problem.message == "`translations` should be a mapping of language codes to translations, not `日本語`"
    assert problem.hint == ("write `translations:`, then on the next lines, indented, a language code such as `ja:` "
                            "and, indented under it, the fields in that language: claim, claim_reviewed, citing, "
                            "summary, body, evidence, corrections, retracted")


def test_evidence_notes_match_the_evidence_entry_for_entry(data):
    write(data, BRIDGE, CLAIM + JA + "      - 余分な注記。\n")
    problem = only(problems_in(data))
    assert (problem.line, problem.column) == (CLAIM_LINES + 8, 7)
    assert problem.message == "the `ja` translation's `evidence` has 2 entries, but the claim has 1 entry of `evidence`"
    assert problem.hint == ("write 1 entry under `evidence`, one for each entry of `evidence`, in the same order; or "
                            "leave `evidence` out of the translation, to show the main language's")


def test_correction_notes_may_be_fewer_than_the_corrections_not_more(data):
    write(data, BRIDGE, CLAIM + JA + "    corrections: [一, 二]\n")
    problem = only(problems_in(data))
    assert (problem.line, problem.column) == (CLAIM_LINES + 9, 18)
    assert problem.message == "the `ja` translation's `corrections` has 2 entries, but the claim has 1 correction"
    assert problem.hint.startswith("write at most 1 entry under `corrections`, one for each correction, oldest first")
    write(data, BRIDGE, CLAIM.replace("corrections:\n", "corrections:\n  - date: 2024-02-02\n    note: An earlier "
                                      "version misdated the register.\n") + JA + "    corrections: [一]\n")
    bridge = load_publication(data).claims_by_slug["bridge-opened-in-1990"].in_language("ja")
    assert [c.note for c in bridge.corrections] == ["一", "An earlier version named the wrong register."]
    assert bridge.untranslated == {"corrections.1"}


def test_a_retraction_note_needs_a_retraction(data):
    write(data, BRIDGE, CLAIM + JA + "    retracted: 撤回。\n")
    problem = only(problems_in(data))
    assert problem.line == CLAIM_LINES + 9
    assert problem.message == "the `ja` translation has a retraction's note, but the fact-check is not retracted"
    assert problem.hint == "remove `retracted` from the `ja` translation"


def test_story_events_are_matched_entry_for_entry(data):
    (data / "stories").mkdir()
    write(data, "stories/the-bridge.yml", "title: The bridge\nintroduction: What was said.\n"
          "claims: [bridge-opened-in-1990]\ntranslations:\n  ja:\n    events: [市長が話した。]\n")
    problem = only(problems_in(data))
    assert (problem.path, problem.line, problem.column) == ("stories/the-bridge.yml", 6, 13)
    assert problem.message == "the `ja` translation's `events` has 1 entry, but the story has no events"
    assert problem.hint == "remove `events` from the `ja` translation"


def test_a_source_translates_its_note_only(data):
    source = (data / "sources" / "city-records-2024.yml").read_text()
    write(data, "sources/city-records-2024.yml", source + "translations:\n  ja:\n    title: 登録簿\n")
    problem = only(problems_in(data))
    assert (problem.path, problem.line, problem.column) == ("sources/city-records-2024.yml",
                                                            len(source.splitlines()) + 3, 5)
    assert problem.message == "unknown field `title` in the `ja` translation"
    assert problem.hint == "the fields are: note"


def test_a_translated_explanation_cites_only_the_evidence(data):
    write(data, BRIDGE, CLAIM + JA.replace("[@city-records-2024]", "[@daily-planet-2024-01-02]"))
    problem = only(problems_in(data))
    assert problem.line == CLAIM_LINES + 6
    assert problem.message == ("the explanation cites `daily-planet-2024-01-02`, a source of the publication, but "
                               "not of this claim's evidence")


def test_a_translation_begun_and_left_empty_is_none(data):
    write(data, BRIDGE, CLAIM + "translations:\n  ja:\n")
    bridge = load_publication(data).claims_by_slug["bridge-opened-in-1990"]
    assert bridge.translations == ()


@pytest.mark.parametrize("listed, column, message, hint", [
    ("[ja, ja]", 23, "`ja` is listed twice in `other_languages`", "list it once"),
    ("[ja, en]", 23, "`en` is the publication's main language (`language: en`), not another",
     "remove `en` from `other_languages`: it lists only the further languages"),
    ("[ja, jp]", 23, "`jp` is not a language code factdesk knows (a BCP 47 code such as `ja`, `ru` or `pt-BR`)",
     "did you mean `ja`?"),
    ("[xx-YY]", 19, "`xx-YY` is not a language code factdesk knows (a BCP 47 code such as `ja`, `ru` or `pt-BR`)",
     "write the language's code: two or three lowercase letters, then a region or script if need be (`zh-Hant`)"),
    ("ja", 18, "`other_languages` should be a list, not `ja`", "write `other_languages: [ja, ru]`"),
])
def test_other_languages_are_checked(data, listed, column, message, hint):
    write(data, "factdesk.yml", f"language: en\nother_languages: {listed}\n")
    write(data, BRIDGE, CLAIM + JA)
    # The claim's Japanese is not refused too: the settings are the problem to fix.
    problem = only(problems_in(data))
    assert (problem.path, problem.line, problem.column, problem.message, problem.hint) == (
        "factdesk.yml", 2, column, message, hint)


def test_other_languages_take_regions_and_scripts_and_another_main_language(data):
    write(data, "factdesk.yml", "language: ja\nother_languages: [en, pt-BR, zh-Hant]\n")
    publication = load_publication(data)
    assert publication.settings.languages == ("ja", "en", "pt-BR", "zh-Hant")
    assert publication.claims[0].prose_language == "ja"


def test_the_multilingual_publication_is_published_in_japanese_too():
    publication = load_publication(MULTILINGUAL)
    assert publication.settings.languages == ("en", "ja")
    japanese = publication.in_language("ja")
    opens = japanese.claims_by_slug["bridge-opens-next-month-ja"]
    assert opens.summary == "局自身の予定表が来月としている。" and opens.untranslated == frozenset()
    # Its quote is in its source's language, and its translation in the main language, as written.
    assert opens.appearances == publication.claims_by_slug["bridge-opens-next-month-ja"].appearances
    longest = japanese.claims_by_slug["longest-bridge-in-the-city"]
    assert longest.summary == "環状道路の高架橋の方が長い。"
    assert longest.untranslated == {"claim", "body", "evidence.0"}
    assert japanese.sources["minato-shimpo-2024-03-01"].note.startswith("多言語テスト用")
    assert japanese.sources["gangkou-ribao-2024-03-02"].in_main_language("note")


def test_a_language_code_is_plain_text(data):
    write(data, BRIDGE, CLAIM + "translations:\n  [ja]: {summary: 市の登録簿}\n")
    problem = only(problems_in(data))
    assert (problem.line, problem.column) == (CLAIM_LINES + 2, 3)
    assert problem.message == "a language code must be plain text, not a list"
    assert problem.hint == "write the code alone, e.g. `ja:`"
