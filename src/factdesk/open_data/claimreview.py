"""schema.org ClaimReview for each fact-check, and our own lint of it.

Aggregators read ClaimReview, and no public validator checks it any more, so every review is
linted here: once per claim by the checks, and once per built page against what the page shows.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from factdesk.data.model import Claim, Claimant, Person, Publication, Source
from factdesk.languages import interface, verdict_scale
from factdesk.site import pages
from factdesk.site.addresses import SiteAddress

# Google's guidance for `claimReviewed`: longer texts are cut off in search results.
CLAIM_REVIEWED_LIMIT = 75
METHODOLOGY = "methodology.md"
CORRECTIONS = "corrections.md"

Review = dict[str, Any]


def organisation(publication: Publication, site: SiteAddress, name: str | None = None) -> dict[str, str]:
    return {
        "@type": "Organization",
        "name": name or publication.settings.name,
        "url": site.base,
        "publishingPrinciples": site.page(METHODOLOGY),
        "correctionsPolicy": site.page(CORRECTIONS),
    }


def person(who: Person, site: SiteAddress) -> dict[str, Any]:
    """One of the publication's people, whose page lists what they checked."""
    return {"@type": "Person", "name": who.name, "url": site.page(pages.person_path(who.id)),
            **({"jobTitle": who.role} if who.role else {}), **({"sameAs": list(who.same_as)} if who.same_as else {})}


def claimant(who: Claimant, site: SiteAddress) -> dict[str, Any]:
    """Who made a claim: a Person, or an Organization for every other kind, with the links that identify them."""
    node: dict[str, Any] = {"@type": "Person" if who.kind == "person" else "Organization", "name": who.name,
                            "url": site.page(pages.claimant_path(who.id))}
    if who.other_names:
        node["alternateName"] = list(who.other_names)
    if who.same_as:
        node["sameAs"] = list(who.same_as)
    return node


def claim_review(claim: Claim, publication: Publication, site: SiteAddress) -> Review:
    verdict, scale = claim.verdict, publication.scale
    # A claim quoted twice from one source appeared once there.
    sources = dict.fromkeys(a.source for a in claim.appearances)
    appearances = [_appearance(publication.sources[s], site) for s in sources]
    # The rating as the page shows it, in the review's language (a default scale's label translated).
    with interface.speaking(publication.language):
        label = verdict_scale.label(verdict)
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": site.page(pages.claim_path(claim)),
        "claimReviewed": claim.short_claim,
        "datePublished": claim.published.isoformat(),
        "dateModified": claim.last_changed.isoformat(),
        "inLanguage": publication.language,
        "author": person(claim.author, site),
        **({"editor": person(claim.editor, site)} if claim.editor else {}),
        "publisher": organisation(publication, site),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": verdict.rating,
            "bestRating": scale.best_rating,
            "worstRating": scale.worst_rating,
            "alternateName": label,
            "ratingExplanation": claim.summary,
        },
        "itemReviewed": {
            "@type": "Claim",
            "text": claim.claim,
            "author": [claimant(who, site) for who in claim.claimants],
            "datePublished": claim.claim_date.isoformat(),
            "firstAppearance": appearances[0],
            "appearance": appearances,
        },
    }


def _appearance(source: Source, site: SiteAddress) -> dict[str, Any]:
    """Where a claim appeared; a source with no address online is named by its page here."""
    work: dict[str, Any] = {
        "@type": "CreativeWork",
        "name": source.title,
        "url": source.url or site.page(pages.source_path(source.id)),
        "datePublished": source.published.isoformat(),
        "inLanguage": source.language,
        "publisher": {"@type": "Organization", "name": source.publisher},
    }
    if source.translation_of:
        # The original is unknown but for its language: schema.org's link from a translation to it.
        work["translationOfWork"] = {"@type": "CreativeWork", "inLanguage": source.translation_of}
    if source.archived:
        work["archivedAt"] = source.archived
    elif source.archived_text is not None:
        work["archivedAt"] = site.file(pages.archive_path(source.id))
    return work


def data_feed(publication: Publication, site: SiteAddress, modified: str,
              elements: Iterable[Any] | None = None) -> dict[str, Any]:
    """Every ClaimReview in one schema.org DataFeed, as fact-check aggregators take them in bulk
    (or `elements` in their place, the same reviews made beforehand)."""
    return {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": f"{publication.settings.name}: every fact-check as ClaimReview",
        "url": site.file(pages.CLAIMREVIEW_FEED),
        "dateModified": modified,
        "publisher": organisation(publication, site),
        **({"license": publication.settings.licence.url} if publication.settings.licence else {}),
        "dataFeedElement": elements if elements is not None else [
            {k: v for k, v in claim_review(c, publication, site).items() if k != "@context"}
            for c in publication.claims
        ],
    }


def script_tag(review: Review) -> str:
    """The review as a JSON-LD script element that no text inside it can end or break.

    `<`, `>` and `&` are written as JSON escapes, so `</script>` or `<!--` in a claim stays data;
    so are U+2028 and U+2029, which older JavaScript parsers take for line ends."""
    text = json.dumps(review, ensure_ascii=False, separators=(",", ":"))
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return f'<script type="application/ld+json">{text}</script>'


# Lint ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Finding:
    """One thing wrong with a review: the property it concerns, what, the fix, and how bad."""

    property: str
    message: str
    hint: str
    severity: str = "error"


REQUIRED = (
    "url", "claimReviewed", "datePublished", "dateModified", "inLanguage", "author", "publisher",
    "reviewRating.ratingValue", "reviewRating.bestRating", "reviewRating.worstRating", "reviewRating.alternateName",
    "itemReviewed.author", "itemReviewed.datePublished", "itemReviewed.firstAppearance.url",
    "itemReviewed.appearance", "author.name", "author.url", "publisher.name", "publisher.publishingPrinciples",
    "publisher.correctionsPolicy",
)


def lint(review: Review, site: SiteAddress) -> list[Finding]:
    """What aggregators would reject or cut short in one ClaimReview."""
    findings = [Finding(path, f"`{path}` is missing", "factdesk fills it from the claim and the settings; "
                        "check factdesk.yml and the claim file")
                for path, keys in _REQUIRED_KEYS if _at(review, keys) in (None, "", [], {})]
    if review.get("@type") != "ClaimReview":
        findings.append(Finding("@type", f"`@type` is {review.get('@type')!r}, not ClaimReview", ""))
    url = review.get("url")
    if url and not site.owns(url):
        findings.append(Finding("url", f"`url` {url} is not on the site's own address {site.base}",
                                "set `url` in factdesk.yml to where the site is published"))
    claim_reviewed = review.get("claimReviewed") or ""
    if len(claim_reviewed) > CLAIM_REVIEWED_LIMIT:
        findings.append(Finding("claimReviewed",
                                f"`claimReviewed` is {len(claim_reviewed)} characters; aggregators cut it off "
                                f"after {CLAIM_REVIEWED_LIMIT}",
                                f"write `claim_reviewed:` with the claim in under {CLAIM_REVIEWED_LIMIT} characters",
                                severity="warning"))
    rating = review.get("reviewRating") or {}
    worst, value, best = (rating.get(k) for k in ("worstRating", "ratingValue", "bestRating"))
    if isinstance(worst, int) and isinstance(value, int) and isinstance(best, int) and not worst <= value <= best:
        findings.append(Finding("reviewRating.ratingValue",
                                f"`ratingValue` {value} is outside the scale, {worst} to {best}",
                                "give the verdict a `rating` between the scale's lowest and highest"))
    return findings


_REQUIRED_KEYS = tuple((path, tuple(path.split("."))) for path in REQUIRED)


def _at(data: Any, keys: tuple[str, ...]) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


_JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
_BADGE = re.compile(r'<a [^>]*class="[^"]*\bfd-verdict\b[^"]*"[^>]*>(.*?)</a>', re.S)


def lint_page(html: str, site: SiteAddress) -> list[Finding]:
    """A built claim page: exactly one ClaimReview, linted, whose verdict is the badge the page shows."""
    reviews = []
    for block in _JSON_LD.findall(html):
        try:
            data = json.loads(block)
        except json.JSONDecodeError as error:
            return [Finding("", f"a JSON-LD block is not valid JSON ({error})", "")]
        if isinstance(data, dict) and data.get("@type") == "ClaimReview":
            reviews.append(data)
    if len(reviews) != 1:
        return [Finding("", f"the page has {len(reviews)} ClaimReviews, not one", "")]
    findings = lint(reviews[0], site)
    badge = _BADGE.search(html)
    shown = _visible_text(badge.group(1)) if badge else None
    label = _at(reviews[0], ("reviewRating", "alternateName"))
    if shown != label:
        findings.append(Finding("reviewRating.alternateName",
                                f"`alternateName` is {label!r}, but the page shows the verdict {shown!r}", ""))
    return findings


def _visible_text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())
