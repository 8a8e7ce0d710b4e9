"""Share images in the publication's language: the kicker and the claimant's line in its words and
its dates, every character drawn by a font that has it; a card in a language written right to left
laid out mirrored; a card in English as it was."""

from __future__ import annotations

import dataclasses
import io

import pytest
from PIL import Image

from factdesk.data.loader import load_publication
from factdesk.data.model import Publication
from factdesk.editions import fonts
from factdesk.languages import interface
from factdesk.site import pages
from factdesk.site import share_card as sc

from ..conftest import MINI
from .test_share_card_scripts import cmap


def publication_in(language: str) -> Publication:
    publication = load_publication(MINI)
    return dataclasses.replace(publication, settings=dataclasses.replace(publication.settings, language=language))


def texts(publication: Publication) -> dict[str, str]:
    claim = publication.claims[0]
    with interface.speaking(publication.settings.language):
        return {text.field: text.text for text in sc.card_texts(claim, publication.settings.name)}


def test_a_japanese_card_says_its_own_words_in_japanese() -> None:
    drawn = texts(publication_in("ja"))
    assert drawn["language"] == "ファクトチェック"
    assert drawn["claimants"] == "City officialsの主張、2024年1月1日"
    assert texts(publication_in("en"))["claimants"] == "Claimed by City officials, 1 January 2024"
    assert texts(publication_in("ru"))["language"] == "ПРОВЕРКА ФАКТОВ"


@pytest.mark.parametrize("language", ["ja", "ar", "ru"])
def test_every_character_of_a_card_in_each_language_has_a_glyph_in_its_font(language: str) -> None:
    publication = publication_in(language)
    for claim in publication.claims:
        with interface.speaking(language):
            drawn = sc.card_texts(claim, publication.settings.name)
        for text in drawn:
            for run in sc.runs(text.text):
                for strong in (False, True):  # the kicker and the badge are set strong, the rest regular
                    missing = [c for c in run.text if fonts.drawn(c) and ord(c) not in cmap(run.font, strong)]
                    assert not missing, (claim.slug, text.field, run.font.family, missing)


def card(publication: Publication) -> Image.Image:
    png = sc.share_cards(dataclasses.replace(publication, claims=publication.claims[:1]))
    return Image.open(io.BytesIO(png[pages.share_image_path(publication.claims[0])]))


def test_a_japanese_card_is_drawn_the_same_every_time_and_differs_from_the_english() -> None:
    japanese = publication_in("ja")
    image = card(japanese)
    assert (image.format, image.size) == ("PNG", (1200, 630))
    assert card(japanese).tobytes() == image.tobytes()
    assert card(publication_in("en")).tobytes() != image.tobytes()
    claim, name = japanese.claims[0], japanese.settings.name
    with interface.speaking("ja"):
        key = sc.card_key(claim, name)
    assert sc.card_key(claim, name) != key  # a cached English card is never taken for the Japanese one


def badge_side(image: Image.Image, colour: str) -> str:
    """Which end of the footer the verdict's badge is at."""
    middle = sc.FOOTER_RULE + (sc.HEIGHT - sc.FOOTER_RULE) // 2
    want = sc._rgb(colour)
    left, right = image.getpixel((sc.MARGIN + 4, middle)), image.getpixel((sc.WIDTH - sc.MARGIN - 4, middle))
    return "left" if left == want else "right" if right == want else "neither"


def test_an_arabic_card_is_laid_out_mirrored() -> None:
    english, arabic = publication_in("en"), publication_in("ar")
    colour = english.claims[0].verdict.colour
    assert badge_side(card(english).convert("RGB"), colour) == "left"
    assert badge_side(card(arabic).convert("RGB"), colour) == "right"
    assert texts(arabic)["language"] == "تدقيق الحقائق"
    assert interface.current() == "en"
