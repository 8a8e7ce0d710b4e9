"""The default verdict scale (data/default-settings.yml) in the language being written.

A publication that gives no `verdicts:` of its own reads the default scale, written in English: its
labels and meanings are interface text, shown in the publication's language. A verdict of the
publication's own scale is its data, shown as written: only a verdict exactly as the default scale
has it (key, label, meaning, colour, icon and rating) is translated. Open data (ClaimReview's
alternateName, the JSON and CSV files) keeps the labels as the settings give them."""

from __future__ import annotations

import functools
from importlib import resources

import yaml

from factdesk.data.model import Verdict
from factdesk.languages.interface import N_, gettext

# The default scale's words, for the catalogs (they are read from default-settings.yml, which
# extraction does not see); a test keeps them the same as the file's.
DEFAULT_WORDS = (
    # Translators: a verdict of the default scale: the claim is accurate.
    N_("True"),
    N_("The claim is accurate, and nothing significant is missing."),
    # Translators: a verdict of the default scale.
    N_("Mostly true"),
    N_("The claim is accurate in substance, but a detail is wrong or needs context."),
    # Translators: a verdict of the default scale.
    N_("Misleading"),
    N_("The claim contains accurate elements but leaves a false impression, through wrong timing, missing "
       "context or a false link."),
    # Translators: a verdict of the default scale.
    N_("Mostly false"),
    N_("The claim has an element of truth but is largely contradicted by the evidence."),
    # Translators: a verdict of the default scale: the claim is inaccurate.
    N_("False"),
    N_("The claim is contradicted by the evidence."),
    # Translators: a verdict of the default scale: neither confirmed nor refuted.
    N_("Unproven"),
    N_("The evidence available neither confirms nor refutes the claim; it rests on one party's word."),
)


@functools.cache
def default_verdicts() -> frozenset[Verdict]:
    text = resources.files("factdesk").joinpath("data/default-settings.yml").read_text(encoding="utf-8")
    return frozenset(Verdict(**{k: str(v) if k != "rating" else int(v) for k, v in entry.items()})
                     for entry in yaml.safe_load(text)["verdicts"])


def label(verdict: Verdict) -> str:
    """The verdict's label as readers of this page see it."""
    return gettext(verdict.label) if verdict in default_verdicts() else verdict.label


def meaning(verdict: Verdict) -> str:
    return gettext(verdict.meaning) if verdict in default_verdicts() else verdict.meaning
