"""Reading a built site back: links, anchors and text of its HTML pages."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


class HtmlPage:
    def __init__(self, path: Path):
        self.path = path
        parser = _PageParser()
        self.html = path.read_text(encoding="utf-8")
        parser.feed(self.html)
        self.links = parser.links
        self.ids = parser.ids
        self.text = " ".join(" ".join(parser.text).split())

    def article(self) -> str:
        """The main content's HTML, without the header, nav and footer that every page shares."""
        start = self.html.index('<article class="md-content__inner')
        return self.html[start:self.html.index("</article>", start)]


def broken_links(site: Path) -> list[str]:
    """Every internal link of every HTML page whose target file or anchor does not exist.

    404.html is left out: it is served at any missing address, so its links are root-absolute."""
    pages = {p: HtmlPage(p) for p in site.rglob("*.html")}
    broken = []
    for path, page in pages.items():
        if path == site / "404.html":
            continue
        for href in page.links:
            if urlsplit(href).scheme or href.startswith("//") or href.startswith("mailto:"):
                continue
            target, fragment = urldefrag(href)
            target = urlsplit(target).path  # a query (the explorer's filters) names no file
            resolved = (path.parent / unquote(target)).resolve() if target else path
            if resolved.is_dir():
                resolved = resolved / "index.html"
            if not resolved.exists():
                broken.append(f"{path.relative_to(site)} -> {href}")
            elif fragment and resolved.suffix == ".html" and not fragment.startswith("tag:"):
                if unquote(fragment) not in pages[resolved].ids:
                    broken.append(f"{path.relative_to(site)} -> {href} (no such anchor)")
    return broken
