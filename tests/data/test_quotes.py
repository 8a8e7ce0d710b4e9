"""Quotes in every script match their archived texts as a reader would judge them: line breaks of
Chinese and Japanese text are no spaces, full-width forms are the characters they stand for. Every
text here is invented for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from factdesk.data.loader import load_publication, read_publication
from factdesk.data.quotes import Archives, normalise

from ..conftest import copy_data

# (archived text, as a page or a PDF gives it, line breaks included; the quote, as an editor types it)
MATCHES = {
    "Japanese, broken mid-sentence": ("港湾局は２６日、新しい橋の開通式を\n来月行うと発表した。", "新しい橋の開通式を来月行うと発表した"),
    "Japanese, full-width digits": ("開通は２０２４年５月の予定だという。", "開通は2024年5月の予定だという"),
    "Japanese, half-width kana": ("ﾌﾞﾘｯｼﾞ建設は順調に進んでいる", "ブリッジ建設は順調に進んでいる"),
    "Japanese beside Latin letters": ("市長は記者会見で\nG7 の開催地について語った", "記者会見でG7の開催地について語った"),
    "Chinese": ("市政府表示，新桥将于下月\n正式通车。", "新桥将于下月正式通车"),
    "Chinese, ideographic space": ("市长　表示新桥质量可靠", "市长表示新桥质量可靠"),
    "Korean keeps its spaces": ("시장은 새 다리가\n다음 달에 개통된다고 밝혔다.", "새 다리가 다음 달에 개통된다고"),
    "Russian": ("Мэр заявил, что новый мост\nоткроется в следующем месяце.", "новый мост откроется в следующем месяце"),
    "Greek": ("Ο δήμαρχος δήλωσε ότι η νέα γέφυρα\nθα ανοίξει τον επόμενο μήνα.", "η νέα γέφυρα θα ανοίξει τον επόμενο μήνα"),
    "Arabic, with a direction mark": ("قال رئيس البلدية إن الجسر\u200f الجديد\nسيفتتح الشهر المقبل", "إن الجسر الجديد سيفتتح الشهر المقبل"),
    "Hebrew": ("ראש העיר אמר שהגשר החדש\nייפתח בחודש הבא", "שהגשר החדש ייפתח בחודש הבא"),
    "full-width Latin letters": ("ＴＨＥ ＢＲＩＤＧＥ ＯＰＥＮＳ ＩＮ ＭＡＹ", "THE BRIDGE OPENS IN MAY"),
}
MISMATCHES = {
    "another digit": ("開通は２０２４年５月の予定だという。", "開通は2025年5月の予定だという"),
    "a Korean word split": ("새 다리가 다음 달에 개통된다", "새 다리가다음 달에 개통된다"),
    "Latin words run together": ("the bridge opens in May", "the bridgeopens in May"),
}


@pytest.mark.parametrize("text, quote", MATCHES.values(), ids=MATCHES.keys())
def test_a_quote_matches_its_archived_text_in_every_script(text: str, quote: str):
    assert Archives().has(quote, text)


@pytest.mark.parametrize("text, quote", MISMATCHES.values(), ids=MISMATCHES.keys())
def test_a_quote_that_differs_still_fails(text: str, quote: str):
    assert not Archives().has(quote, text)


def test_folding_is_the_same_for_quote_and_text():
    assert normalise("２６日、\n在ウラジオストク") == normalise("26日、在ウラジオストク") == "26日、在ウラジオストク"
    assert normalise("a ″double prime″") == 'a "double prime"'  # a mark, not two primes


def test_a_japanese_quote_across_a_line_break_passes_the_check(tmp_path: Path):
    data = copy_data(tmp_path / "pub")
    archived = data / "sources" / "daily-planet-2024-01-02.txt"  # the source the claim's quote is from
    archived.write_text(archived.read_text(encoding="utf-8") + "\n港湾局は２６日、新しい橋の開通式を\n来月行うと発表した。\n",
                        encoding="utf-8")
    claim = data / "claims" / "bridge-opened-in-1990.yml"
    text = claim.read_text(encoding="utf-8")
    assert '    quote: the mayor said "opened in 1990"\n' in text

    def quoting(quote: str) -> None:
        claim.write_text(text.replace('quote: the mayor said "opened in 1990"', f"quote: {quote}"), encoding="utf-8")
    quoting("新しい橋の開通式を来月行うと発表した")
    assert load_publication(data).claims[1].appearances[0].quote == "新しい橋の開通式を来月行うと発表した"
    quoting("新しい橋の開通式を今月行うと発表した")
    publication, problems = read_publication(data)
    assert publication is None and problems[0].message.startswith("the quote does not occur in the archived text")
    assert "then the quote has “今月" in problems[0].hint and "but the source has “来月" in problems[0].hint
