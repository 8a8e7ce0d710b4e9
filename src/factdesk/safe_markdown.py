"""A Markdown extension that keeps editors' Markdown from carrying markup of its own.

Raw HTML is shown as text instead of being passed through, and links or images whose address
uses a scheme other than http, https or mailto (`javascript:`, `data:`) become plain text.
Generated pages need neither; hand-written pages in docs/ follow the same rule.
"""

from __future__ import annotations

from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

SAFE_SCHEMES = {"", "http", "https", "mailto"}


class _DropUnsafeAddresses(Treeprocessor):
    """An unsafe link or image becomes plain text: a span with the link's words or the image's alt."""

    def run(self, root: Element) -> None:
        for element in root.iter():
            address = element.get("href") if element.tag == "a" else element.get("src") if element.tag == "img" else None
            if address is None or is_safe_address(address):
                continue
            if element.tag == "img":
                element.text = element.get("alt", "")
            element.tag = "span"
            element.attrib.clear()


def is_safe_address(value: str) -> bool:
    # Browsers ignore control characters and spaces inside a scheme ("java\tscript:").
    cleaned = "".join(ch for ch in value if ch > " ").strip()
    try:
        return urlsplit(cleaned).scheme.lower() in SAFE_SCHEMES
    except ValueError:
        return False


class SafeMarkdown(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - the name Markdown calls
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_DropUnsafeAddresses(md), "factdesk_safe_addresses", 0)


def makeExtension(**kwargs: object) -> SafeMarkdown:  # noqa: N802 - Markdown's entry point name
    return SafeMarkdown(**kwargs)
