"""Page rendering without MkDocs: generated Markdown compared with golden files.

After an intended change of the pages, regenerate the golden files with
`FACTDESK_UPDATE_GOLDEN=1 make test` and read the diff before committing it.
"""

from __future__ import annotations

import html as html_lib
import os

import markdown
import pytest

from factdesk.data.loader import load_publication
from factdesk.site import explorer_index, pages

from ..conftest import MINI, REPO

GOLDEN = REPO / "tests" / "golden" / "mini"
UPDATE = os.environ.get("FACTDESK_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def publication():
    return load_publication(MINI)


def rendered(publication) -> dict[str, str]:
    out = {page.path: page.text for page in pages.generate_pages(publication)}
    for name in ("index.md", "methodology.md", "corrections.md", "contributing.md"):
        out[f"docs/{name}"] = pages.expand_markers((REPO / "docs" / name).read_text(), publication, name)
    out[pages.VERDICT_CSS] = pages.verdict_css(publication.scale)
    out.update({file.path: file.text for file in explorer_index.index_files(publication)})
    return out


def test_pages_match_golden_files(publication):
    actual = rendered(publication)
    if UPDATE:
        for path, text in actual.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_text(text, encoding="utf-8")
    expected = {str(p.relative_to(GOLDEN)): p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(actual) == sorted(expected), "pages added or removed: set FACTDESK_UPDATE_GOLDEN=1 and review"
    for path in sorted(actual):
        assert actual[path] == expected[path], f"{path} differs from its golden file"


def test_every_page_of_the_mini_publication_exists(publication):
    paths = {page.path for page in pages.generate_pages(publication)}
    assert {"claims/index.md", "claims/bridge-opened-in-1990.md", "claims/budget-doubled.md",
            "sources/index.md", "sources/daily-planet-2024-01-02.md", "sources/city-records-2024.md",
            "verdicts/index.md", *(f"verdicts/{key}.md" for key in publication.scale.keys),
            "tags/index.md", "tags/budgets.md", "tags/dates.md", "tags/infrastructure.md",
            "claims/explorer.md", "claimants/index.md", "claimants/mayor-ann-example.md",
            "claimants/city-officials.md", "people/test-desk.md", "people/ann-editor.md",
                "stories/index.md"} == paths


@pytest.mark.parametrize("typed", [
    "*not emphasis* and _not either_",
    "<script>alert(1)</script> & <b>bold</b>",
    "[a link](https://example.org) ![img](x.png)",
    "# not a heading",
    "- not a list",
    "1. not a numbered list",
    "a | b | c",
    "`code` and \\ backslash {: .attr }",
])
def test_plain_text_reads_exactly_as_typed(typed):
    html = markdown.markdown(pages.text(typed), extensions=["tables", "attr_list"])
    body = html.removeprefix("<p>").removesuffix("</p>")
    assert html_lib.unescape(body) == typed
    assert "<script" not in html and "<a " not in html and "<img" not in html


def test_markers_in_hand_written_pages_fail_when_unknown(publication):
    with pytest.raises(pages.UnknownMarker, match=r"about.md:3: unknown marker `<!-- factdesk:latst -->`"):
        pages.expand_markers("# About\n\n<!-- factdesk:latst -->\n", publication, "about.md")


def test_links_are_relative_to_each_page(publication):
    claim_page = next(p for p in pages.generate_pages(publication) if p.path == "claims/bridge-opened-in-1990.md")
    assert "](../sources/daily-planet-2024-01-02.md)" in claim_page.text
    assert "](../verdicts/false.md)" in claim_page.text
    assert "](../sources/daily-planet-2024-01-02.txt)" not in claim_page.text  # evidence cites city-records only
    home = pages.expand_markers("<!-- factdesk:latest -->", publication, "index.md")
    assert "](claims/bridge-opened-in-1990.md)" in home


def test_the_corrections_list_quotes_each_claim_then_gives_the_note(publication):
    """Not "…opened in 1990.: An earlier version": the claim's own full stop ran into the colon."""
    listing = pages.expand_markers("<!-- factdesk:corrections -->", publication, "corrections.md")
    assert ("[“The harbour bridge opened in 1990.”](claims/bridge-opened-in-1990.md) — An earlier version named "
            "the wrong register.") in listing
    assert ".:" not in listing
