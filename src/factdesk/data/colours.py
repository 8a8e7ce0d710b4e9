"""Verdict colours and their contrast (WCAG 2): white labels on them, and the badges against the
dark page of Material's `slate` scheme."""

from __future__ import annotations

WHITE = "#ffffff"
SLATE_PAGE = "#1e2029"
"""The page of Material's dark scheme, `slate`: hsl(232, 15%, 14%), its default hue."""
MIN_TEXT_CONTRAST = 4.5
"""WCAG AA for normal text: badges print white labels on the verdict's colour."""
MIN_SHAPE_CONTRAST = 3.0
"""WCAG 1.4.11: a badge against the page around it."""


def _channels(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def luminance(colour: str) -> float:
    """The relative luminance of an `#rrggbb` colour."""
    def linear(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in _channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def contrast_with_white(colour: str) -> float:
    """The WCAG contrast ratio of white on an `#rrggbb` colour."""
    return contrast(WHITE, colour)


def for_dark_page(colour: str) -> str:
    """The colour lightened, in small steps towards white, until a badge of it stands out from the
    dark page by 3:1 while its white label keeps 4.5:1. Every colour that `check` lets through (a
    white label at 4.5:1) gets there: a sweep of the whole colour cube in steps of 15 found none that
    did not (tests/test_readers_first.py). The colour itself is the answer only for one `check` refuses."""
    colour = colour.lower()
    r, g, b = _channels(colour)
    for step in range(51):
        t = step / 50
        mixed = "#{:02x}{:02x}{:02x}".format(*(round(c + (255 - c) * t) for c in (r, g, b)))
        if contrast_with_white(mixed) < MIN_TEXT_CONTRAST:
            break
        if contrast(mixed, SLATE_PAGE) >= MIN_SHAPE_CONTRAST:
            return mixed
    return colour
