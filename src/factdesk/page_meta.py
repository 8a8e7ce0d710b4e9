"""What goes into a page's `<head>` for machines: ClaimReview, Open Graph and Twitter cards, and
the link to the feed. Written as HTML here so that every value is escaped in one place."""

from __future__ import annotations

from html import escape

from . import claimreview, pages
from .addresses import SiteAddress
from .model import Claim, Publication


def _meta(attribute: str, name: str, content: str) -> str:
    return f'<meta {attribute}="{name}" content="{escape(content)}">'


def page_head(publication: Publication, title: str, description: str, url: str, feed: str | None,
              image: str | None = None, image_alt: str = "", kind: str = "website") -> str:
    """Open Graph and Twitter card tags of any page, and the feed's address for feed readers.

    `feed` is relative to the page: Material fetches `sitemap.xml` beside every `rel=alternate`
    link's target, which must then be this site's own."""
    name = publication.settings.name
    tags = [
        _meta("property", "og:site_name", name),
        _meta("property", "og:type", kind),
        _meta("property", "og:title", title),
        _meta("property", "og:description", description),
        _meta("property", "og:url", url),
        _meta("name", "twitter:card", "summary_large_image" if image else "summary"),
        _meta("name", "twitter:title", title),
        _meta("name", "twitter:description", description),
    ]
    if image:
        tags += [_meta("property", "og:image", image), _meta("property", "og:image:width", "1200"),
                 _meta("property", "og:image:height", "630"),
                 _meta("property", "og:image:alt", image_alt),
                 _meta("name", "twitter:image", image)]
    if feed:
        tags.append(f'<link rel="alternate" type="application/atom+xml" title="{escape(name)}: fact-checks and '
                    f'corrections" href="{escape(feed)}">')
    return "\n".join(tags)


def claim_head(claim: Claim, publication: Publication, site: SiteAddress, feed: str | None) -> str:
    """A claim page's head: its ClaimReview, and cards whose description is the verdict and summary."""
    review = claimreview.claim_review(claim, publication, site)
    # The title says it is a fact-check and gives the verdict; the summary follows it, not repeats it.
    title = f"{claim.verdict.label}: {claim.short_claim} (fact-check)"
    cards = page_head(publication, title, claim.summary, review["url"], feed,
                      site.file(pages.share_image_path(claim)),
                      f"{publication.settings.name} fact-check, rated {claim.verdict.label}: {claim.claim}",
                      kind="article")
    return claimreview.script_tag(review) + "\n" + cards
