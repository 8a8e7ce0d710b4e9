"""Editors' Markdown publishes nothing that runs and loads nothing from another host: the
safe_markdown extension (raw HTML shown as text, unsafe addresses dropped) and its last pass,
the nh3 allowlist sanitiser, alone and in a real `mkdocs build --strict`."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from factdesk import safe_markdown
from factdesk.safe_markdown import sanitise

from ..conftest import MINI, copy_project, mkdocs_build
from ..html_pages import HtmlPage

BRIDGE = "claims/bridge-opened-in-1990.yml"
EXPLANATION = "  Nothing in the record supports 1990."

HOSTILE_BODY = [
    "<script>window.__pwned = true; alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    '<a href="javascript:alert(3)">raw link</a>',
    "[md link](javascript:alert(4)) [spaced](java\tscript:alert(5)) [data](data:text/html,<script>alert(6)</script>)",
    "![remote picture](https://evil.example/p.png) ![tracker](//evil.example/t.gif)",
    '<iframe src="https://evil.example/"></iframe>',
    '"><svg onload=alert(7)>',
    "<a href=https://other.example/raw>raw other</a>",
    "[other host](https://other.example/page) [same site](../sources/city-records-2024.md)",
    "[handler](https://ok.example/){ onclick=alert(8) style=\"background:url(https://evil.example/b.png)\" }",
    "## Heading { #__pwned onmouseover=alert(9) }",
    "<div onclick=alert(10)>block</div>",
]



class _Markup(HTMLParser):
    """What in a page's markup (not its text) could run or fetch from another host."""

    RUNS = {"script", "iframe", "frame", "object", "embed", "applet", "base", "form", "meta", "link", "style"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = "".join(ch for ch in value or "" if ch > " ").lower()
            if name.startswith("on") or value.startswith(("javascript:", "data:", "vbscript:")) \
                    or "evil.example" in value or (name == "style" and "url(" in value):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag in self.RUNS:
            self.found.append(f"<{tag}>")


def dangerous(html: str) -> list[str]:
    """Elements and attributes that run script or load from another host, in Markdown-made HTML."""
    parser = _Markup()
    parser.feed(html)
    return parser.found


def render(text: str) -> str:
    return markdown.markdown(text, extensions=["attr_list", "tables", "admonition", "toc", safe_markdown.SafeMarkdown()])


# The sanitiser alone ----------------------------------------------------------------------------

@pytest.mark.parametrize("html, kept", [
    ("<p>a<script>alert(1)</script>b</p>", "<p>ab</p>"),
    ('<img src="x" onerror="alert(1)">', '<img src="x">'),
    ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', "<a>x</a>"),
    ('<iframe src="https://evil.example/"></iframe>after', "after"),
    ("<svg onload=alert(1)></svg>", "<svg></svg>"),
    ('<p style="background:url(https://evil.example/)">x</p>', "<p>x</p>"),
    ('<img src="https://evil.example/p.png" alt="p">', '<img alt="p">'),
    ('<a href="https://other.example/" rel="nofollow noopener">x</a>', '<a href="https://other.example/" rel="nofollow noopener">x</a>'),
    ('<a href="https://other.example/" rel="opener">x</a>', '<a href="https://other.example/">x</a>'),
    ('<h2 id="__pwned">x</h2>', "<h2>x</h2>"),
    ('<p data-md-component="search">x</p>', "<p>x</p>"),
    ("<form action=x><input name=y></form>", ""),
    ("<math><mi xlink:href=javascript:alert(1)>x</mi></math>", ""),
])
def test_sanitiser_drops_what_could_run_or_fetch(html: str, kept: str):
    assert sanitise(html) == kept


def test_sanitiser_keeps_what_the_site_generates():
    generated = ('<h2 id="evidence">Evidence<a class="headerlink" href="#evidence" title="Permanent link">¶</a></h2>\n'
                 '<p><a class="fd-verdict fd-verdict--false" href="../../verdicts/false/" title="Verdict: False">'
                 '<span class="twemoji"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M12 2z">'
                 '</path></svg></span> False</a></p>\n'
                 '<div class="admonition danger"><p class="admonition-title">Retracted</p></div>\n'
                 '<table><thead><tr><th style="text-align:right">n</th></tr></thead><tbody><tr>'
                 '<td><a class="fd-bar fd-verdict--true" href="x/?a=1&amp;b=2" style="--fd-share:75%"><em>1</em></a></td>'
                 '</tr></tbody></table>\n'
                 '<li data-verdict="false" data-text="words">x</li>')
    assert sanitise(generated) == generated


# The extension, on Markdown ---------------------------------------------------------------------

def test_raw_html_is_text_and_unsafe_or_remote_addresses_are_dropped():
    html = render("\n\n".join(HOSTILE_BODY))
    assert dangerous(html) == []
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(2)&gt;" in html  # shown, not run
    assert "<span>md link</span>" in html and "<span>remote picture</span>" in html and "<span>tracker</span>" in html
    assert '<a href="https://other.example/page" rel="nofollow noopener">other host</a>' in html
    assert '<a href="../sources/city-records-2024.md">same site</a>' in html  # no rel on the site's own links
    assert '<a class="' not in html and 'id="__pwned"' not in html
    assert "<img" not in html


def test_a_local_image_is_kept():
    assert '<img alt="map" src="../map.png"' in render("![map](../map.png)")


# A real build -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory):
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project", MINI)
    claim = project / BRIDGE
    text = claim.read_text(encoding="utf-8")
    assert EXPLANATION in text
    body = "\n\n".join("  " + line for line in HOSTILE_BODY)
    claim.write_text(text.replace(EXPLANATION, EXPLANATION + "\n\n" + body), encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.output
    return result


def test_built_claim_page_runs_nothing_and_loads_nothing_from_another_host(hostile_build):
    page = HtmlPage(hostile_build.site / "claims" / "bridge-opened-in-1990" / "index.html")
    article = page.article()
    assert dangerous(page.html.split("<article", 1)[1].split("</article>")[0]) == []
    assert "<img" not in article and "<iframe" not in article
    assert '<a href="https://other.example/page" rel="nofollow noopener">other host</a>' in article
    assert "&lt;script&gt;window.__pwned = true; alert(1)&lt;/script&gt;" in article  # the editor sees what they typed
    assert "Nothing in the record supports 1990." in page.text


def test_the_whole_built_site_has_no_injected_script_or_handler(hostile_build):
    for path in hostile_build.site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        # Shown as text (escaped) is fine; as markup it is not. The theme's own scripts carry no alert.
        scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.DOTALL)
        assert not any("alert(" in script or "__pwned" in script for script in scripts), path
        assert not re.search(r"<(iframe|object|embed)\b|<[a-z]+\b[^>]*\son(error|load|click|mouseover)\s*=", html), path
        assert "evil.example" not in "".join(re.findall(r"<[^>]+>", html)), path


def test_the_site_s_own_markup_survives(hostile_build):
    page = HtmlPage(hostile_build.site / "claims" / "bridge-opened-in-1990" / "index.html")
    article = page.article()
    assert re.search(r'<a class="fd-verdict fd-verdict--false fd-verdict--large" href="../../verdicts/false/"[^>]*>'
                     r'<span class="twemoji">'
                     r'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="', article)
    assert 'class="headerlink"' in article and 'class="fd-attribution"' in article
    assert 'class="admonition fd-card fd-verdict--false"' in article and 'class="fd-card__claim"' in article
