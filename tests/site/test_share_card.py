"""Share images: real PNGs of the right size, the verdict's colour on them, the same bytes every
time, and a cache that spares unchanged cards from being drawn again."""

from __future__ import annotations

import dataclasses
import io

import pytest
from PIL import Image, ImageChops, ImageColor, ImageStat

from factdesk.data.loader import load_publication
from factdesk.site import pages
from factdesk.site import share_card as sc
from factdesk.site.memo import Memo

from ..conftest import REPO


@pytest.fixture(scope="module")
def publication():
    return load_publication(REPO)


@pytest.fixture(scope="module")
def cards(publication) -> dict[str, bytes]:
    return sc.share_cards(publication)


def opened(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def pixels_of(image: Image.Image, colour: str) -> int:
    """How many pixels are exactly `colour`: where every channel differs from it by nothing."""
    image = image.convert("RGB")
    difference = ImageChops.difference(image, Image.new("RGB", image.size, ImageColor.getrgb(colour)[:3]))
    same = [channel.point(lambda v: 255 if v == 0 else 0) for channel in difference.split()]
    return ImageChops.darker(ImageChops.darker(same[0], same[1]), same[2]).histogram()[255]


def test_a_card_per_claim_at_the_share_path(publication, cards):
    assert set(cards) == {f"share/{c.slug}.png" for c in publication.claims}
    assert all(pages.share_image_path(c) == f"share/{c.slug}.png" for c in publication.claims)


def test_every_card_is_a_1200_by_630_png(cards):
    for path, png in cards.items():
        image = opened(png)
        assert (image.format, image.size) == ("PNG", (1200, 630)), path


def test_the_verdict_colour_is_on_the_card(publication, cards):
    for claim in publication.claims:
        # The band and the badge, in the verdict's exact colour: thousands of pixels.
        assert pixels_of(opened(cards[pages.share_image_path(claim)]), claim.verdict.colour) > 10_000, claim.slug


def test_a_card_is_not_blank(cards):
    for path, png in cards.items():
        assert max(ImageStat.Stat(opened(png).convert("L")).var) > 500, path


def test_the_same_claim_gives_the_same_bytes(publication):
    claim = publication.claims[0]
    assert sc.share_card(claim, "factdesk") == sc.share_card(claim, "factdesk")


def test_no_metadata_that_could_vary(cards):
    image = opened(next(iter(cards.values())))
    assert not image.info.keys() & {"creation_time", "dpi", "Creation Time", "Software", "exif"}


def test_another_verdict_gives_another_card(publication):
    claim = publication.claims[0]
    other = next(v for v in publication.scale.verdicts if v.key != claim.verdict.key)
    changed = sc.share_card(dataclasses.replace(claim, verdict=other), "factdesk")
    assert changed != sc.share_card(claim, "factdesk")
    assert pixels_of(opened(changed), other.colour) > 10_000


def test_the_cache_stores_a_card_once_and_reuses_it(publication, cards, tmp_path, monkeypatch):
    cache = tmp_path / "share-cards"
    assert sc.share_cards(publication, cache=cache) == cards
    stored = sorted(cache.iterdir())
    assert len(stored) == len(publication.claims)
    assert all(p.suffix == ".png" and len(p.stem) == 64 for p in stored)

    def redrawn(*_args, **_kwargs):
        raise AssertionError("an unchanged card was drawn again")

    monkeypatch.setattr(sc, "share_card", redrawn)
    assert sc.share_cards(publication, cache=cache) == cards
    assert sorted(cache.iterdir()) == stored


def test_a_change_to_what_is_drawn_misses_the_cache(publication, tmp_path):
    claim = publication.claims[0]
    key = sc.card_key(claim, "factdesk")
    assert sc.card_key(claim, "factdesk") == key
    assert sc.card_key(claim, "Another desk") != key
    someone = dataclasses.replace(claim.claimants[0], name="Someone else")
    assert sc.card_key(dataclasses.replace(claim, claimants=(someone,)), "factdesk") != key
    assert sc.card_key(dataclasses.replace(claim, claim=claim.claim + "!"), "factdesk") != key
    verdict = dataclasses.replace(claim.verdict, colour="#000000")
    assert sc.card_key(dataclasses.replace(claim, verdict=verdict), "factdesk") != key


def test_a_previews_kept_card_names_follow_an_edited_claim(publication, tmp_path):
    """A preview keeps each claim's card file name from one rebuild to the next: an edited verdict
    names the new card, and the names are those made without keeping anything."""
    memo = Memo()
    cache = tmp_path / "share-cards"
    assert sc.card_files(publication, cache, memo) == sc.card_files(publication, cache)
    memo.end_build()
    claim = publication.claims[0]
    other = next(v for v in publication.scale.verdicts if v.key != claim.verdict.key)
    edited = dataclasses.replace(publication, claims=(dataclasses.replace(claim, verdict=other),
                                                      *publication.claims[1:]))
    kept = sc.card_files(edited, cache, memo)
    assert kept == sc.card_files(edited, cache)
    assert kept[pages.share_image_path(claim)] != sc.card_files(publication, cache)[pages.share_image_path(claim)]


@pytest.mark.parametrize("text", [
    'He said "</script><script>alert(1)</script>" & \'quoted\' — “curly” too.',
    "林芳正官房長官は「遺憾だ」と述べた。",
    "control\x00characters\x07 and\ttabs\nand newlines",
    "x" * 2000,
    "word " * 1000,
])
def test_any_text_renders(publication, text):
    claimant = dataclasses.replace(publication.claims[0].claimants[0], name="林芳正 </script>")
    claim = dataclasses.replace(publication.claims[0], claim=text, claimants=(claimant,))
    image = opened(sc.share_card(claim, "Desk <b>&</b> 日本"))
    assert image.size == (1200, 630)
    assert max(ImageStat.Stat(image.convert("L")).var) > 500
