"""Helpers of the browser tests: Debian's Chromium driven by Playwright, the built site served
on 127.0.0.1, and what a page did while it was open (console errors, requests)."""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, Playwright, Request, ViewportSize, sync_playwright

# Debian's Chromium, installed by `make system-packages`: Playwright never downloads a browser here.
CHROMIUM = Path(os.environ.get("FACTDESK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
# Addresses a page may load without leaving the machine: the test server, and no host at all.
LOCAL_SCHEMES = {"data", "blob", "about"}


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium for a module's tests (import this fixture into the module)."""
    with sync_playwright() as playwright:
        launched = launch(playwright)
        yield launched
        launched.close()


@contextmanager
def new_page(browser: Browser, viewport: ViewportSize = DESKTOP, **options: Any) -> Iterator[Page]:
    """A page in a context of its own (no cookies, storage or cache shared), closed afterwards."""
    context = browser.new_context(viewport=viewport, **options)
    try:
        yield context.new_page()
    finally:
        context.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """`folder` served on a free port of 127.0.0.1 by a thread of this process; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@dataclass
class Watch:
    """Everything a page logged as an error, threw, or requested, while watched (see `watch`)."""

    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text} ({message.location.get('url', '')})")

    def on_page_error(self, error: Error) -> None:
        self.errors.append(f"page error: {error}")

    def on_request(self, request: Request) -> None:
        self.requests.append(request.url)

    def outside(self, allowed_hosts: set[str], allowed_schemes: set[str] = LOCAL_SCHEMES) -> list[str]:
        """Requested addresses that are neither on an allowed host nor of a host-less scheme."""
        return [url for url in self.requests
                if urlsplit(url).scheme not in allowed_schemes and urlsplit(url).hostname not in allowed_hosts]


def watch(page: Page) -> Watch:
    seen = Watch()
    page.on("console", seen.on_console)
    page.on("pageerror", seen.on_page_error)
    page.on("request", seen.on_request)
    return seen


# Whether no CSS transition or animation that has an end is still playing (one repeated forever
# never ends, and is left to play). document.getAnimations() first applies pending style changes,
# so a transition that a change just made has started is counted.
_STILL = """() => document.getAnimations().every(animation => animation.playState !== "running"
    || animation.effect === null || animation.effect.getComputedTiming().endTime === Infinity)"""


def wait_until_still(page: Page) -> None:
    """Waits until every transition and animation of the page has ended: colours and opacity are then
    the ones the page shows for good. Material fades its search in (opacity, 0.4 s) and moves its
    links' colours, and axe, run in between, measures the contrast of a colour that is on its way."""
    page.wait_for_function(_STILL)


def artifacts_folder(default: Path) -> Path:
    """Where screenshots go: $FACTDESK_ARTIFACTS, or `default` (in pytest's temporary folder)."""
    folder = Path(os.environ.get("FACTDESK_ARTIFACTS") or default)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# axe-core's rules as it runs them by default, with WCAG 2.2's target size (2.5.8: 24 by 24 CSS px,
# but for links inside a sentence), which axe leaves off unless asked.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}


def contrast_ratio(one: str, other: str) -> float:
    """WCAG 2's contrast ratio of two `#rrggbb` colours, computed here rather than by factdesk's own."""
    def luminance(colour: str) -> float:
        def linear(c: float) -> float:
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        r, g, b = (linear(int(colour[i:i + 2], 16) / 255) for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def serious_violations(axe_response: dict, page_name: str, scheme: str) -> list[str]:
    """axe-core's violations of impact serious or critical, one line per element."""
    return [f"{violation['id']} ({violation['impact']}) on {page_name}, {scheme}: {', '.join(map(str, node['target']))}"
            f" - {violation['help']}"
            for violation in axe_response["violations"] if violation.get("impact") in ("serious", "critical")
            for node in violation["nodes"]]


CSS_ADDRESS = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")


def css_addresses(css: str) -> list[str]:
    return [url or imported for url, imported in CSS_ADDRESS.findall(css)]


class _LoadedResources(HTMLParser):
    """Addresses that a browser loads by itself when it opens a page (not the links a reader follows)."""

    LOADED_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch",
                   "manifest", "apple-touch-icon",
                   # Material fetches the sitemap.xml beside every rel=alternate link (its language switcher).
                   "alternate"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.addresses: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "link" and set(attributes.get("rel", "").lower().split()) & self.LOADED_RELS:
            self.addresses.append(attributes.get("href", ""))
        if tag in ("script", "img", "iframe", "source", "video", "audio", "embed", "track", "input"):
            self.addresses.append(attributes.get("src", ""))
        if tag in ("img", "source"):
            self.addresses += [part.split()[0] for part in attributes.get("srcset", "").split(",") if part.strip()]
        if tag == "object":
            self.addresses.append(attributes.get("data", ""))
        self.addresses += css_addresses(attributes.get("style", ""))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.addresses += css_addresses(data)


def is_external(address: str) -> bool:
    return urlsplit(address).scheme in ("http", "https") or address.startswith("//")


def external_resources(html: str) -> list[str]:
    """What a page would fetch from another host by itself: stylesheets, scripts, fonts, images..."""
    parser = _LoadedResources()
    parser.feed(html)
    return sorted({address for address in parser.addresses if is_external(address)})


def page_addresses(site: Path) -> list[str]:
    """The address, relative to the site's root, of every HTML page of a built site."""
    addresses = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        addresses.append(relative[:-len("index.html")] if relative.endswith("index.html") else relative)
    return addresses
