"""Sharing a claim page without tracking (theme/partials/factdesk-share.html, javascripts/share.js):
plain links to the platforms that carry the page's published address and its title, a "Copy link"
button, and the device's share sheet where the browser has one; nothing is fetched from any other
host until the reader follows a link. Built HTML read as it is, and the real site in Chromium."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, Route, ViewportSize, expect

from tests.browser import (
    AXE_OPTIONS,
    DESKTOP,
    PHONE,
    artifacts_folder,
    new_page,
    serious_violations,
    wait_until_still,
    watch,
)
from tests.conftest import REPO, copy_project, mkdocs_build
from tests.site.test_browser import (  # noqa: F401 (fixtures, registered by being imported)
    HOSTILE,
    RED_HANDED,
    browser,
    expect_palette,
    hostile_site,
    open_page,
    site,
    site_url,
)

PLATFORMS = {"x", "facebook", "linkedin", "whatsapp", "bluesky", "reddit", "telegram", "email"}
SHARE = ".fd-share"
COPY = 'button[data-fd-share="copy"]'
NATIVE = 'button[data-fd-share="native"]'
STATUS = ".fd-share__status"
ADDRESS_FIELD = ".fd-share__address"

# Records what navigator.share was asked to share, in place of the share sheet.
STUB_SHARE = """Object.defineProperty(Navigator.prototype, "share", {configurable: true, writable: true,
    value: function (data) {
        window.__shared = {title: data.title, url: data.url, text: data.text};
        return Promise.resolve();
    }});
Object.defineProperty(Navigator.prototype, "canShare", {configurable: true, writable: true, value: () => true});"""
FITS_SIDEWAYS = "() => document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth"
NO_SHARE = "delete Navigator.prototype.share; delete Navigator.prototype.canShare;"
# A browser that refuses to copy, by either means.
REFUSE_CLIPBOARD = """Object.defineProperty(navigator, "clipboard", {configurable: true,
    value: {writeText: () => Promise.reject(new DOMException("refused", "NotAllowedError"))}});
document.execCommand = () => false;"""


def claim_slugs() -> list[str]:
    return sorted(path.stem for path in (REPO / "claims").glob("*.yml"))


@dataclass
class ShareMarkup:
    """What a built page says about itself (Open Graph, canonical link) and its share block."""

    og_url: str = ""
    og_title: str = ""
    canonical: str = ""
    blocks: list[dict[str, str]] = field(default_factory=list)
    links: list[dict[str, str]] = field(default_factory=list)
    buttons: list[dict[str, str]] = field(default_factory=list)


class _ShareParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = ShareMarkup()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value if value is not None else "" for name, value in attrs}
        classes = attributes.get("class", "").split()
        if tag == "meta" and attributes.get("property") == "og:url":
            self.found.og_url = attributes["content"]
        if tag == "meta" and attributes.get("property") == "og:title":
            self.found.og_title = attributes["content"]
        if tag == "link" and attributes.get("rel") == "canonical":
            self.found.canonical = attributes["href"]
        if "fd-share" in classes:
            self.found.blocks.append(attributes)
        if tag == "a" and "fd-share__link" in classes:
            self.found.links.append(attributes)
        if tag == "button" and "data-fd-share" in attributes:
            self.found.buttons.append(attributes)


def share_markup(html: str) -> ShareMarkup:
    parser = _ShareParser()
    parser.feed(html)
    return parser.found


def query(href: str) -> dict[str, str]:
    """The link's parameters, decoded; each must be given once."""
    values = parse_qs(urlsplit(href).query, keep_blank_values=True, strict_parsing=True)
    assert all(len(v) == 1 for v in values.values()), href
    return {name: v[0] for name, v in values.items()}


def expected_parameters(url: str, title: str) -> dict[str, tuple[str, dict[str, str]]]:
    """Each platform's address, and the parameters its link must carry, decoded."""
    both = f"{title} {url}"
    return {
        "x": ("https://x.com/intent/tweet", {"text": title, "url": url}),
        "facebook": ("https://www.facebook.com/sharer/sharer.php", {"u": url}),
        "linkedin": ("https://www.linkedin.com/sharing/share-offsite/", {"url": url}),
        "whatsapp": ("https://wa.me/", {"text": both}),
        "bluesky": ("https://bsky.app/intent/compose", {"text": both}),
        "reddit": ("https://www.reddit.com/submit", {"url": url, "title": title}),
        "telegram": ("https://t.me/share/url", {"url": url, "text": title}),
        "email": ("mailto:", {"subject": title, "body": f"{title}\r\n\r\n{url}"}),
    }


def check_share_links(found: ShareMarkup, where: str) -> None:
    """The page's share block carries its og:url and og:title, percent-encoded, in every link."""
    url, title = found.og_url, found.og_title
    assert url.startswith("https://") and title.endswith("(fact-check)"), (where, url, title)
    assert len(found.blocks) == 1, where
    assert found.blocks[0]["data-fd-share-url"] == url and found.blocks[0]["data-fd-share-title"] == title, where
    by_platform = {link["data-fd-share"]: link for link in found.links}
    assert set(by_platform) == PLATFORMS and len(found.links) == len(PLATFORMS), (where, sorted(by_platform))
    for platform, (address, parameters) in expected_parameters(url, title).items():
        link = by_platform[platform]
        href = link["href"]
        parts = urlsplit(href)
        assert f"{parts.scheme}:{'//' + parts.netloc if parts.netloc else ''}{parts.path}" == address, (where, href)
        assert query(href) == parameters, (where, platform, href)
        # Percent-encoded whole: no raw "/", ":", space or quote of the address or title in the link.
        assert quote(url, safe="") in href or platform in ("whatsapp", "bluesky", "email"), (where, href)
        assert not re.search(r"[\s<>\"'“”]", href), (where, href)
        assert set(link["rel"].split()) >= {"noopener", "noreferrer"}, (where, platform)
        assert link.get("target") == ("_blank" if platform != "email" else None), (where, platform)
    # The buttons only the script shows.
    assert {button["data-fd-share"] for button in found.buttons} == {"copy", "native"}, where
    assert all("hidden" in button for button in found.buttons), where


# The built HTML ---------------------------------------------------------------------------------

def test_every_claim_page_has_share_links_with_its_address_and_title(site: Path):
    slugs = claim_slugs()
    assert len(slugs) >= 10
    for slug in slugs:
        found = share_markup((site / "claims" / slug / "index.html").read_text(encoding="utf-8"))
        check_share_links(found, slug)
        assert found.og_url == f"https://factdesk.example.org/claims/{slug}/" == found.canonical, slug


def test_only_claim_pages_have_share_links(site: Path):
    claim_pages = {site / "claims" / slug / "index.html" for slug in claim_slugs()}
    others = [page for page in site.rglob("*.html") if page not in claim_pages]
    assert len(others) > 10
    assert [page for page in others if 'class="fd-share' in page.read_text(encoding="utf-8")] == []


def test_the_share_block_follows_the_byline(site: Path):
    html = (site / RED_HANDED / "index.html").read_text(encoding="utf-8")
    card, byline, share = html.index('class="admonition fd-card'), html.index('class="fd-byline"'), html.index(
        'class="fd-share"')
    assert card < byline < share < html.index('id="where-the-claim-appeared"')
    assert html.count('class="fd-share"') == 1


def test_a_hostile_title_is_escaped_in_the_page_and_encoded_in_the_links(hostile_site: Path):
    html = (hostile_site / "claims" / "bridge-opened-in-1990" / "index.html").read_text(encoding="utf-8")
    found = share_markup(html)
    assert HOSTILE["json-ld"] in found.og_title  # claim_reviewed, the editor's text as typed
    check_share_links(found, "hostile claim")
    start = html.index('<div class="fd-share"')
    block = html[start:html.index("</div>", html.index('class="fd-share__address"', start))]
    assert "&lt;/script&gt;&lt;script&gt;" in block  # in the data attribute, escaped
    assert not re.search(r"<(/?script|img|iframe)\b|\son\w+=", block), block


# In the browser -----------------------------------------------------------------------------------

@pytest.fixture
def outside_requests(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    """A page in a context whose requests to any host but 127.0.0.1 are answered with a stub (nothing
    leaves the machine) and listed; clipboard permissions granted."""
    with new_page(browser, PHONE) as page:
        sent: list[str] = []

        def handle(route: Route) -> None:
            url = route.request.url
            if urlsplit(url).scheme in ("http", "https") and urlsplit(url).hostname != "127.0.0.1":
                sent.append(url)
                route.fulfill(status=200, content_type="text/html", body="<title>stub</title>")
            else:
                route.continue_()

        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        page.context.route("**/*", handle)
        yield page, sent


def test_copy_link_puts_the_address_on_the_clipboard_and_requests_nothing_elsewhere(
        outside_requests: tuple[Page, list[str]], site_url: str):
    page, sent = outside_requests
    seen = watch(page)
    open_page(page, site_url + RED_HANDED)
    page.wait_for_load_state("networkidle")
    assert seen.requests and seen.outside({"127.0.0.1"}) == [] and sent == []  # nothing before a click
    before = len(seen.requests)
    status = page.get_by_role("status")
    expect(status).to_have_text("")
    page.get_by_role("button", name="Copy link").click()
    expect(status).to_have_text("Link copied")
    expect(status).to_be_visible()
    assert page.evaluate("() => navigator.clipboard.readText()") == \
        "https://factdesk.example.org/claims/fsb-caught-consul-red-handed/"
    expect(page.locator(ADDRESS_FIELD)).to_be_hidden()
    page.wait_for_load_state("networkidle")
    assert seen.requests[before:] == [] and sent == []  # copying asks no one for anything
    assert seen.errors == []


def test_copy_falls_back_to_the_address_selected_in_a_field(browser: Browser, site_url: str):
    with new_page(browser, PHONE) as page:
        page.add_init_script(REFUSE_CLIPBOARD)
        open_page(page, site_url + RED_HANDED)
        field_ = page.locator(ADDRESS_FIELD)
        expect(field_).to_be_hidden()
        page.get_by_role("button", name="Copy link").click()
        expect(field_).to_be_visible()
        expect(field_).to_be_focused()
        expect(field_).to_have_value("https://factdesk.example.org/claims/fsb-caught-consul-red-handed/")
        expect(field_).to_have_attribute("readonly", "")
        expect(page.get_by_role("status")).to_contain_text("copy it with Ctrl+C")
        selected = field_.evaluate("field => field.value.slice(field.selectionStart, field.selectionEnd)")
        assert selected == "https://factdesk.example.org/claims/fsb-caught-consul-red-handed/"


def test_share_button_opens_the_share_sheet_with_the_address_and_title(browser: Browser, site_url: str):
    with new_page(browser, PHONE) as page:
        page.add_init_script(STUB_SHARE)
        seen = watch(page)
        open_page(page, site_url + RED_HANDED)
        button = page.get_by_role("button", name="Share…")
        expect(button).to_be_visible()
        button.click()
        page.wait_for_function("() => window.__shared !== undefined")
        shared = page.evaluate("() => window.__shared")
        found = share_markup(page.content())
        assert shared == {"title": found.og_title, "url": found.og_url, "text": None}
        assert shared["url"] == "https://factdesk.example.org/claims/fsb-caught-consul-red-handed/"
        assert shared["title"].startswith("Unproven: ") and shared["title"].endswith("(fact-check)")
        assert seen.errors == [] and seen.outside({"127.0.0.1"}) == []


def test_share_button_stays_hidden_where_the_browser_has_no_share_sheet(browser: Browser, site_url: str):
    with new_page(browser) as page:
        page.add_init_script(NO_SHARE)
        open_page(page, site_url + RED_HANDED)
        expect(page.get_by_role("button", name="Copy link")).to_be_visible()  # the script has run
        expect(page.locator(NATIVE)).to_be_hidden()
        assert page.evaluate("() => typeof navigator.share") == "undefined"


def test_without_javascript_the_links_work_and_the_buttons_stay_hidden(browser: Browser, site_url: str):
    with new_page(browser, PHONE, java_script_enabled=False) as page:
        open_page(page, site_url + RED_HANDED)
        links = page.locator(f"{SHARE} a.fd-share__link")
        expect(links).to_have_count(len(PLATFORMS))
        for link in links.all():
            expect(link).to_be_visible()
        expect(page.get_by_role("link", name="Share on X (opens in a new tab)")).to_have_attribute(
            "href", re.compile(r"^https://x\.com/intent/tweet\?"))
        expect(page.locator(COPY)).to_be_hidden()
        expect(page.locator(NATIVE)).to_be_hidden()


def test_a_platform_link_carries_the_address_only_once_clicked(outside_requests: tuple[Page, list[str]],
                                                              site_url: str):
    page, sent = outside_requests
    open_page(page, site_url + RED_HANDED)
    page.wait_for_load_state("networkidle")
    assert sent == []
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Share on Bluesky (opens in a new tab)").click()
    opened.value.wait_for_load_state()
    assert len(sent) == 1 and sent[0].startswith("https://bsky.app/intent/compose?"), sent
    text = query(sent[0])["text"]
    assert text.endswith(" https://factdesk.example.org/claims/fsb-caught-consul-red-handed/"), text
    assert text.startswith("Unproven: ")
    # The platform is not told where the reader came from.
    assert opened.value.evaluate("() => document.referrer") == ""
    assert page.url == site_url + RED_HANDED  # the fact-check stays open


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_share_targets_are_large_enough_and_fit_the_screen(browser: Browser, site_url: str, viewport: ViewportSize):
    with new_page(browser, viewport) as page:
        page.add_init_script(STUB_SHARE)  # both buttons shown
        for slug in claim_slugs():
            open_page(page, f"{site_url}claims/{slug}/")
            expect(page.locator(NATIVE)).to_be_visible()
            targets = page.locator(f"{SHARE} :is(a, button):visible")
            expect(targets).to_have_count(len(PLATFORMS) + 2)
            for target in targets.all():
                box = target.bounding_box()
                assert box is not None and box["width"] >= 24 and box["height"] >= 24, (slug, box)
                assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], (slug, box)
            assert page.evaluate(FITS_SIDEWAYS), slug


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious_in_the_share_block(browser: Browser, site_url: str,
                                                    scheme: Literal["light", "dark"]):
    """With every part shown: both buttons, the confirmation, and the field of the fallback."""
    with new_page(browser, PHONE, color_scheme=scheme) as page:
        page.add_init_script(STUB_SHARE + REFUSE_CLIPBOARD)
        open_page(page, site_url + RED_HANDED)
        expect_palette(page, scheme)
        page.get_by_role("button", name="Copy link").click()
        expect(page.locator(ADDRESS_FIELD)).to_be_visible()
        expect(page.get_by_role("status")).not_to_have_text("")
        page.mouse.move(0, 0)
        wait_until_still(page)
        findings = serious_violations(Axe().run(page, options=AXE_OPTIONS).response, "claim, share block", scheme)
    assert findings == [], "\n".join(findings)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_share_screenshots(browser: Browser, site_url: str, viewport: ViewportSize,
                           tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]):
    folder = artifacts_folder(tmp_path_factory.getbasetemp() / "artifacts")
    with new_page(browser, viewport) as page:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        page.add_init_script(STUB_SHARE)
        open_page(page, site_url + RED_HANDED)
        page.get_by_role("button", name="Copy link").click()
        expect(page.get_by_role("status")).to_have_text("Link copied")
        page.locator(SHARE).scroll_into_view_if_needed()
        shot = folder / f"share-{viewport['width']}x{viewport['height']}.png"
        page.screenshot(path=shot, animations="disabled")
        assert shot.stat().st_size > 10_000
        with capsys.disabled():
            print(f"\nscreenshot: {shot}")


# The offline edition ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The publication built as its offline edition is (`make offline`: OFFLINE=true), read from file://."""
    project = copy_project(tmp_path_factory.mktemp("offline-share") / "project")
    result = mkdocs_build(project, env={"OFFLINE": "true"})
    assert result.returncode == 0, result.output
    return result.site


def test_the_offline_edition_shares_the_published_address(browser: Browser, offline_site: Path):
    """A file:// address means nothing to anyone else: the links, the copy and the share sheet all
    carry the page's published address, as its og:url does."""
    page_file = offline_site / "claims" / "fsb-caught-consul-red-handed.html"
    address = "https://factdesk.example.org/claims/fsb-caught-consul-red-handed/"
    found = share_markup(page_file.read_text(encoding="utf-8"))
    check_share_links(found, "offline edition")
    assert found.og_url == address
    with new_page(browser, PHONE) as page:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        page.add_init_script(STUB_SHARE)
        seen = watch(page)
        page.goto(page_file.as_uri())
        page.get_by_role("button", name="Copy link").click()
        expect(page.get_by_role("status")).to_have_text("Link copied")
        assert page.evaluate("() => navigator.clipboard.readText()") == address
        page.get_by_role("button", name="Share…").click()
        page.wait_for_function("() => window.__shared !== undefined")
        assert page.evaluate("() => window.__shared.url") == address
    assert seen.errors == []
    assert seen.outside(set(), allowed_schemes={"file", "data", "blob", "about"}) == []
