"""Share images in every script of the invented multilingual publication: each character drawn
with a font that has it, right-to-left text laid out as such, and a character that no font has
an error that names the claim and the character."""

from __future__ import annotations

import dataclasses
import io

import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageStat

from factdesk.data.loader import load_publication
from factdesk.data.model import Publication
from factdesk.data.problems import PublicationError
from factdesk.editions import fonts
from factdesk.site import share_card as sc

from ..conftest import REPO

MULTILINGUAL = REPO / "tests" / "fixtures" / "multilingual"
NAME = "Desk 日本 הגשר"  # the publication's name, in three scripts
RUNIC_FEHU = "\u16a0"


@pytest.fixture(scope="module")
def publication() -> Publication:
    return load_publication(MULTILINGUAL)


def cmap(font: fonts.Font, strong: bool) -> set[int]:
    """The characters of the file that draws `font` at this weight, read here, not through factdesk."""
    return set(TTFont(font.strong if strong else font.regular, fontNumber=font.index, lazy=True).getBestCmap())


def test_every_character_of_every_card_has_a_glyph_in_its_font(publication: Publication) -> None:
    families = set()
    for claim in publication.claims:
        for text in sc.card_texts(claim, NAME):
            runs = sc.runs(text.text)
            assert "".join(run.text for run in runs) == text.text
            for run in runs:
                families.add(run.font.family)
                for strong in (False, True):  # the claim and the badge are set strong, the rest regular
                    missing = [c for c in run.text if fonts.drawn(c) and ord(c) not in cmap(run.font, strong)]
                    assert not missing, (claim.slug, text.field, run.font.family, missing)
    assert families == {"Source Sans Pro", "Noto Sans CJK JP", "Noto Sans Arabic", "Noto Sans Hebrew"}


def test_a_script_is_drawn_by_its_own_font_and_latin_by_source(publication: Publication) -> None:
    hebrew = next(c for c in publication.claims if c.slug.endswith("-he"))
    runs = sc.runs(sc.card_texts(hebrew, NAME)[1].text)  # "Claimed by מועצת העיר, 5 March 2024"
    assert [(run.font.family, run.rtl) for run in runs if run.text.strip()] == [
        ("Source Sans Pro", False), ("Noto Sans Hebrew", True), ("Source Sans Pro", False)]
    assert [run.text for run in runs if run.font.family == "Noto Sans Hebrew"] == ["מועצת העיר"]


def test_every_card_is_drawn_the_same_every_time(publication: Publication) -> None:
    for claim in publication.claims:
        png = sc.share_card(claim, NAME)
        image = Image.open(io.BytesIO(png))
        assert (image.format, image.size) == ("PNG", (1200, 630)), claim.slug
        assert max(ImageStat.Stat(image.convert("L")).var) > 500, claim.slug
        assert sc.share_card(claim, NAME) == png, claim.slug


def test_a_right_to_left_claim_is_set_flush_right(publication: Publication) -> None:
    arabic = next(c for c in publication.claims if c.slug.endswith("-ar"))

    def right_edge_of_text(claim_text: str) -> int:
        """Where the ink between the verdict's band and the footer ends: the claim's, as the kicker
        and the claimant's line are short and flush left."""
        png = sc.share_card(dataclasses.replace(arabic, claim=claim_text), NAME)
        text = Image.open(io.BytesIO(png)).convert("L").crop((0, sc.BAND, sc.WIDTH, sc.FOOTER_RULE))
        box = text.point(lambda v: 255 if v < 128 else 0).getbbox()
        assert box is not None
        return box[2]

    assert right_edge_of_text("The bridge opens.") < sc.WIDTH - sc.MARGIN - 200
    assert right_edge_of_text(arabic.appearances[0].quote) == pytest.approx(sc.WIDTH - sc.MARGIN, abs=6)


def test_a_character_that_no_font_has_names_the_claim_and_the_character(publication: Publication) -> None:
    claim = publication.claims[0]
    for font in fonts.sans_chain():
        assert ord(RUNIC_FEHU) not in cmap(font, False) | cmap(font, True), font.family
    with pytest.raises(PublicationError) as raised:
        sc.share_card(dataclasses.replace(claim, claim=f"The rune {RUNIC_FEHU} again"), NAME)
    message = str(raised.value)
    assert message.startswith(f"{claim.path}:") and "`claim`" in message
    assert "U+16A0 RUNIC LETTER FEHU" in message and "remove the character" in message


def test_a_change_of_font_draws_the_cards_again(publication: Publication, monkeypatch: pytest.MonkeyPatch) -> None:
    claim = publication.claims[0]
    key = sc.card_key(claim, NAME)
    monkeypatch.setattr(fonts, "identity", lambda font: f"{font.family}: another version")
    assert sc.card_key(claim, NAME) != key
