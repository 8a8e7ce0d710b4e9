"""What goes into a page's `<head>` for machines: ClaimReview, Open Graph and Twitter cards, and
the link to the feed. Written as HTML here so that every value is escaped in one place."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from factdesk.data.model import Claim, Publication
from factdesk.languages import verdict_scale
from factdesk.languages.interface import gettext
from factdesk.open_data import claimreview
from factdesk.site import pages
from factdesk.site.addresses import SiteAddress


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
        # Translators: the feed's name, as feed readers list it.
        feed_title = gettext("%(publication)s: fact-checks and corrections") % {"publication": name}
        tags.append(f'<link rel="alternate" type="application/atom+xml" title="{escape(feed_title)}" '
                    f'href="{escape(feed)}">')
    return "\n".join(tags)


def claim_head(claim: Claim, publication: Publication, site: SiteAddress, feed: str | None) -> str:
    """A claim page's head: its ClaimReview, and cards whose description is the verdict and summary."""
    review = claimreview.claim_review(claim, publication, site)
    cards = page_head(publication, pages.claim_title(claim), claim.summary, review["url"], feed,
                      site.file(pages.share_image_path(claim)),
                      # Translators: the share image's description, for readers who cannot see it.
                      gettext("%(publication)s fact-check, rated %(verdict)s: %(claim)s")
                      % {"publication": publication.settings.name, "verdict": verdict_scale.label(claim.verdict),
                         "claim": claim.claim},
                      kind="article")
    return claimreview.script_tag(review) + "\n" + cards


@dataclass(frozen=True)
class ShareLink:
    """A plain link that hands a page to a platform: nothing is fetched until the reader follows it."""

    key: str  # which platform, for the theme's icon (theme/partials/factdesk-share.html)
    name: str  # what the link says, to a screen reader and in its tooltip
    href: str
    new_tab: bool = True  # e-mail opens the reader's mail program, not a page


@dataclass(frozen=True)
class Share:
    url: str
    title: str
    links: tuple[ShareLink, ...]


def share(url: str, title: str) -> Share:
    """The links that share a page's address and title, percent-encoded here (the theme escapes them
    for HTML). Each platform reads the page's image and description from its Open Graph tags when it
    fetches the address; those that take no text (Facebook, LinkedIn) take the title from there too."""
    address, words, both, letter = (quote(text, safe="") for text in (url, title, f"{title} {url}",
                                                                     f"{title}\r\n\r\n{url}"))
    # Translators: a link's name that shares the page on a platform (the platform's name is kept).
    on = gettext("Share on %(platform)s")
    return Share(url, title, (
        ShareLink("x", on % {"platform": "X"}, f"https://x.com/intent/tweet?text={words}&url={address}"),
        ShareLink("facebook", on % {"platform": "Facebook"}, f"https://www.facebook.com/sharer/sharer.php?u={address}"),
        ShareLink("linkedin", on % {"platform": "LinkedIn"},
                  f"https://www.linkedin.com/sharing/share-offsite/?url={address}"),
        ShareLink("whatsapp", on % {"platform": "WhatsApp"}, f"https://wa.me/?text={both}"),
        ShareLink("bluesky", on % {"platform": "Bluesky"}, f"https://bsky.app/intent/compose?text={both}"),
        ShareLink("reddit", on % {"platform": "Reddit"}, f"https://www.reddit.com/submit?url={address}&title={words}"),
        ShareLink("telegram", on % {"platform": "Telegram"}, f"https://t.me/share/url?url={address}&text={words}"),
        ShareLink("email", gettext("Share by e-mail"), f"mailto:?subject={words}&body={letter}", new_tab=False),
    ))
