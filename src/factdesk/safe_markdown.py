"""A Markdown extension that keeps editors' Markdown from carrying markup of its own.

Two layers, so that one mistake in either publishes nothing that runs:

1. While the Markdown is read: raw HTML is shown as text instead of being passed through, links
   or images whose address uses a scheme other than http, https or mailto (`javascript:`,
   `data:`) become plain text, images from another host become their alt text (the site makes
   no request to another host), and links to another host get `rel="nofollow noopener"`.
2. Last, the HTML the Markdown became goes through an allowlist sanitiser (nh3, the Python
   binding of the Rust crate ammonia): only the elements and attributes listed below are kept,
   `<script>`, `<style>` and their like are dropped with their content, no `style` property (but a
   table cell's `text-align` and a scorecard bar's `--fd-share`) and no event handler survives, and addresses may only be
   relative or http, https or mailto.

The extension reads every page's Markdown, not only the claims' `body`: generated pages and
hand-written pages in docs/ need no raw HTML either. So the allowlist holds, besides what
editors' Markdown may produce, exactly what the site's own Markdown makes of its extensions:
heading ids and permalinks (toc), admonitions, classes from attr_list (`.fd-…` and the like),
table alignment, and the inline SVG icons of pymdownx.emoji (which it stores as raw HTML).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

import nh3
from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from factdesk.data.typography import ISOLATE_END, ISOLATE_START

SAFE_SCHEMES = {"", "http", "https", "mailto"}
EXTERNAL_REL = "nofollow noopener"

# What the Markdown of a page may become. Text-level and block elements of Markdown and of the
# extensions in mkdocs.yml (tables, admonition, toc), and the inline SVG of icons and emoji.
HTML_TAGS = {
    "p", "br", "hr", "em", "strong", "b", "i", "code", "pre", "kbd", "mark", "del", "ins", "s", "small",
    "sup", "sub", "abbr", "blockquote", "q", "cite", "ul", "ol", "li", "dl", "dt", "dd", "a", "img", "span", "div",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    "details", "summary", "figure", "figcaption", "time", "bdi",
}
SVG_TAGS = {"svg", "g", "path", "circle", "ellipse", "rect", "line", "polyline", "polygon"}
SVG_ATTRIBUTES = {
    "viewBox", "xmlns", "width", "height", "fill", "fill-rule", "clip-rule", "fill-opacity", "stroke",
    "stroke-width", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-opacity", "opacity",
    "transform", "d", "cx", "cy", "r", "rx", "ry", "x", "y", "x1", "y1", "x2", "y2", "points", "aria-hidden",
    "focusable", "role",
}
ATTRIBUTES: dict[str, set[str]] = {
    # `class` comes from attr_list, admonitions, emoji and toc's permalinks; it can style, not run.
    "*": {"class", "title", "lang", "dir", "aria-hidden", "aria-label"},
    # `--fd-share`: the width of a scorecard's bar (the only style property kept on a link).
    "a": {"href", "style"},
    "img": {"src", "alt", "width", "height"},
    "abbr": {"title"},
    "ol": {"start", "type"},
    "li": {"value"},
    "th": {"style", "colspan", "rowspan", "scope"},
    "td": {"style", "colspan", "rowspan"},
    "time": {"datetime"},
    "details": {"open"},
    # `data-search-exclude`: Material's search leaves the heading's section out of its index.
    **{f"h{n}": {"id", "data-search-exclude"} for n in range(1, 7)},
    # Anchors made with attr_list (`{ #verdict-false }`) on the site's own lists and paragraphs.
    **{tag: {"id"} for tag in ("p", "ul", "ol", "li", "div", "span", "table", "dl", "dt")},
    **{tag: SVG_ATTRIBUTES for tag in SVG_TAGS},
}
# Only for the links this extension marked as going to another host, and a listing's pager's links
# to its previous and next pages (`rel="prev"` and `rel="next"` from attr_list).
TAG_ATTRIBUTE_VALUES = {"a": {"rel": {EXTERNAL_REL, "prev", "next"}}}
# Dropped with everything inside them, rather than shown as text.
CONTENT_DROPPED = {"script", "style", "iframe", "object", "embed", "noscript", "template", "textarea", "title",
                   "xmp", "noembed", "noframes", "math", "select", "option", "button", "form", "frameset"}


def is_safe_address(value: str) -> bool:
    # Browsers ignore control characters and spaces inside a scheme ("java\tscript:").
    cleaned = _cleaned(value)
    try:
        return urlsplit(cleaned).scheme.lower() in SAFE_SCHEMES
    except ValueError:
        return False


def is_other_host(value: str) -> bool:
    """An absolute address (`https://…`, or `//host/…`): this site is always linked relatively."""
    cleaned = _cleaned(value).replace("\\", "/")
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return True
    return parts.scheme.lower() in ("http", "https") or cleaned.startswith("//")


def _cleaned(value: str) -> str:
    return "".join(ch for ch in value if ch > " ").strip()


class _DropUnsafeAddresses(Treeprocessor):
    """An unsafe link or image becomes plain text: a span with the link's words or the image's alt.

    So does an image from another host; a link to another host is marked `nofollow noopener`."""

    def run(self, root: Element) -> None:
        for element in root.iter():
            if element.tag == "a" and element.get("href") is not None:
                address = element.get("href", "")
                if not is_safe_address(address):
                    _as_text(element)
                elif is_other_host(address):
                    element.set("rel", EXTERNAL_REL)
            elif element.tag == "img":
                address = element.get("src", "")
                if not is_safe_address(address) or is_other_host(address) or not address.strip():
                    element.text = element.get("alt", "")
                    _as_text(element)


def _as_text(element: Element) -> None:
    element.tag = "span"
    element.attrib.clear()


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and is_other_host(value):
        return None  # a backstop: the tree processor has already made such images their alt text
    if attribute.startswith("data-md-"):
        return None  # Material's own components are the theme's, never the page's
    if attribute == "id" and value.startswith("__"):
        return None  # no `window.__…` globals by DOM clobbering
    return value


def sanitise(html: str) -> str:
    """`html` with only the allowlisted elements, attributes and addresses left."""
    return nh3.clean(
        html,
        tags=HTML_TAGS | SVG_TAGS,
        clean_content_tags=CONTENT_DROPPED,
        attributes=ATTRIBUTES,
        tag_attribute_values=TAG_ATTRIBUTE_VALUES,
        # The claims explorer's data (attr_list's `data-verdict=…`), read by its script.
        generic_attribute_prefixes={"data-"},
        attribute_filter=_attribute_filter,
        filter_style_properties={"text-align", "--fd-share"},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )


# Markdown escapes `&`, `<` and `>` in text with placeholders it restores last (the amp_substitute
# postprocessor); sanitising after it sees the page's final HTML.
class _Sanitise(Postprocessor):
    def run(self, text: str) -> str:
        return sanitise(text)


class _Isolated(InlineProcessor):
    """Text between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE (U+2068, U+2069), as factdesk's
    pages wrap a right-to-left name or title (pages.text), becomes a `<bdi>`: HTML isolates it by
    markup, which search and copying leave alone, where the control characters would stick to words."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Element, int, int]:  # noqa: N802 - Markdown's name
        element = Element("bdi")
        element.text = m.group(1)
        return element, m.start(0), m.end(0)


class SafeMarkdown(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - the name Markdown calls
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        # Below links (160) and emphasis, whose text it may be inside; above nothing that reads it.
        isolate = f"{ISOLATE_START}([^{ISOLATE_START}{ISOLATE_END}]+){ISOLATE_END}"
        md.inlinePatterns.register(_Isolated(isolate, md), "factdesk_isolate", 5)
        md.treeprocessors.register(_DropUnsafeAddresses(md), "factdesk_safe_addresses", 0)
        # Lowest of all: after raw_html (30) puts stored HTML back and amp_substitute (20).
        md.postprocessors.register(_Sanitise(md), "factdesk_sanitise", -1000)


def makeExtension(**kwargs: object) -> SafeMarkdown:  # noqa: N802 - Markdown's entry point name
    return SafeMarkdown(**kwargs)

