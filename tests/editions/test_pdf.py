"""The PDF edition, read back: `factdesk pdf` run as an editor runs it, on copies of real projects."""

from __future__ import annotations

import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pikepdf
import pytest
from PIL import Image, ImageStat
from pypdf import PdfReader

from factdesk.data import loader
from factdesk.data.model import Publication
from factdesk.data.typography import typographic

from ..conftest import EDITION_EPOCH, EDITION_TIME, copy_project, mkdocs_build

EPOCH = EDITION_EPOCH


@dataclass
class Edition:
    project: Path
    pdf: Path
    publication: Publication
    output: str


def factdesk_pdf(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    return subprocess.run([sys.executable, "-m", "factdesk", "pdf", "--root", str(project), *args],
                          capture_output=True, text=True, env=env, timeout=600, check=False)


@pytest.fixture(scope="session")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Edition:
    """The real publication's PDF, built once, with two workers as on a 2-core machine."""
    project = copy_project(tmp_path_factory.mktemp("pdf") / "project")
    done = factdesk_pdf(project, "--jobs", "2")
    assert done.returncode == 0, done.stderr
    return Edition(project, project / "build" / "factdesk.pdf", loader.load_publication(project),
                   done.stdout + done.stderr)


def squeeze(text: str) -> str:
    """Text compared as a reader sees it: line breaks, hyphenation and spacing do not count."""
    return re.sub(r"[\s\-‐­]+", "", text)


def printed(text: str) -> str:
    """An editor's text as the edition prints it, squeezed: with typographic quotes and dashes."""
    return squeeze(typographic(text))


def page_texts(pdf: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(pdf).pages]


def named_destinations(pdf: pikepdf.Pdf) -> dict[str, int]:
    """Anchor name to page index, from the document's name tree."""
    page_index = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    names = pdf.Root.Names.Dests.Names
    return {str(names[i]): page_index[names[i + 1][0].objgen] for i in range(0, len(names), 2)}


def test_the_edition_reports_what_it_wrote(edition: Edition) -> None:
    pages = len(PdfReader(edition.pdf).pages)
    assert f"wrote {edition.pdf}: {pages} pages" in edition.output
    assert "warning" not in edition.output


def test_every_claim_is_printed_with_its_verdict_summary_and_quotes(edition: Edition) -> None:
    text = squeeze(" ".join(page_texts(edition.pdf)))
    # Typographic marks in editors' Markdown and plain text alike, as on the site.
    assert "“Motoka”" in text and '"Motoka"' not in text and "FSB’s" in text
    for claim in edition.publication.claims:
        assert printed(claim.finding) in text, claim.slug
        assert printed(claim.claimed_by) in text and printed(claim.author.name) in text, claim.slug
        for appearance in claim.appearances:
            assert printed(appearance.quote) in text, claim.slug


def test_a_claim_starts_on_the_page_its_destination_names_with_its_badge(edition: Edition) -> None:
    texts = page_texts(edition.pdf)
    with pikepdf.open(edition.pdf) as pdf:
        destinations = named_destinations(pdf)
    for claim in edition.publication.claims:
        page = squeeze(texts[destinations[f"claim-{claim.slug}"]])
        # The claim card, in the site's order: the claim under its label, who made it, our verdict.
        # The labels are set in capitals.
        head = printed(f"Claim “{claim.claim}” {claim.claimed_by}").casefold()
        assert page.casefold().startswith(head), claim.slug
        verdict = printed(f"Our verdict {claim.verdict.label} {claim.finding}").casefold()
        assert page.casefold().index(verdict) > len(head), claim.slug


def test_the_claim_header_gives_the_facts_of_the_sites_claim_card_in_its_order(edition: Edition,
                                                                               built_publication) -> None:
    texts = page_texts(edition.pdf)
    with pikepdf.open(edition.pdf) as pdf:
        destinations = named_destinations(pdf)
    for claim in edition.publication.claims:
        html = (built_publication.site / "claims" / claim.slug / "index.html").read_text(encoding="utf-8")
        card = lxml.html.fromstring(html).xpath(".//div[contains(@class, 'fd-card')]")[0]
        page = squeeze(texts[destinations[f"claim-{claim.slug}"]])
        shown = squeeze(card.text_content().replace("¶", ""))  # less the heading's permalink
        assert page.casefold().startswith(shown.casefold()), claim.slug


def test_the_outline_has_every_chapter_claim_and_source(edition: Edition) -> None:
    with pikepdf.open(edition.pdf) as pdf, pdf.open_outline() as outline:
        chapters = {item.title: item for item in outline.root}
        assert list(chapters) == ["Contents", "Methodology", "Claims", "Sources", "Corrections"]
        assert [i.title for i in chapters["Claims"].children] == [typographic(c.claim) for c in edition.publication.claims]
        assert [i.title for i in chapters["Sources"].children] == [typographic(s.title)
                                                                   for s in edition.publication.sorted_sources()]
        destinations = named_destinations(pdf)
        page_index = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
        for item, claim in zip(chapters["Claims"].children, edition.publication.claims, strict=True):
            assert page_index[item.destination[0].objgen] == destinations[f"claim-{claim.slug}"]


def test_links_between_claims_and_sources_resolve_inside_the_pdf(edition: Edition) -> None:
    with pikepdf.open(edition.pdf) as pdf:
        destinations = named_destinations(pdf)
        internal, external = [], []
        for page in pdf.pages:
            for annotation in page.obj.get("/Annots", ()):
                if "/Dest" in annotation:
                    internal.append(str(annotation.Dest))
                else:
                    external.append(str(annotation.A.URI))
    assert internal and external
    assert set(internal) <= set(destinations)
    claims_on_source_pages = {f"claim-{c.slug}" for c in edition.publication.claims}
    assert claims_on_source_pages <= set(internal), "every claim is linked from the contents and its sources"
    assert all(uri.startswith(("https://", "http://")) for uri in external), external
    source_urls = {s.url for s in edition.publication.sources.values() if s.url}
    assert source_urls <= set(external)


def test_external_addresses_are_printed_for_paper(edition: Edition) -> None:
    text = squeeze(" ".join(page_texts(edition.pdf)))
    for source in edition.publication.sources.values():
        if source.url:
            assert squeeze(source.url) in text, source.id


def test_contents_give_the_page_each_claim_is_on(edition: Edition) -> None:
    reader = PdfReader(edition.pdf)
    labels = reader.page_labels
    assert labels[:2] == ["i", "ii"]
    with pikepdf.open(edition.pdf) as pdf:
        destinations = named_destinations(pdf)
    first_body_page = destinations["methodology"]
    assert labels[first_body_page] == "1"
    contents = squeeze(" ".join(p.extract_text() for p in reader.pages[1:first_body_page]))
    for claim in edition.publication.claims:
        label = labels[destinations[f"claim-{claim.slug}"]]
        assert printed(claim.claim) + label in contents, claim.slug


def test_the_cover_gives_the_commit_in_small_print_after_the_edition(edition: Edition) -> None:
    cover = squeeze(page_texts(edition.pdf)[0])
    assert "BUILTFROMCOMMIT" not in cover  # no longer a heading in capitals, as the edition's date is
    cover = cover.casefold()
    citation = cover.index(squeeze("To cite this edition exactly: built from commit").casefold())
    assert cover.index(squeeze("Edition of").casefold()) < cover.index(squeeze("lists the evidence")) < citation


def test_running_heads_and_page_numbers_are_on_every_page_but_the_cover(edition: Edition) -> None:
    reader = PdfReader(edition.pdf)
    texts = page_texts(edition.pdf)
    with pikepdf.open(edition.pdf) as pdf:
        stamped = ["/FdFurniture" in page.obj.Resources.get("/XObject", {}) for page in pdf.pages]
    assert stamped == [False] + [True] * (len(texts) - 1), "all but the cover"
    for index in range(1, len(texts)):
        lines = texts[index].split("\n")
        assert reader.page_labels[index] in lines, index
        assert any(line.startswith("factdesk") for line in lines), index
    with pikepdf.open(edition.pdf) as pdf:
        claim = edition.publication.claims[0]
        page = named_destinations(pdf)[f"claim-{claim.slug}"]
    assert "factdeskClaims · " + typographic(claim.claim)[:20] in texts[page]


def test_a_long_running_head_is_cut_short_and_the_name_stays_on_the_page(edition: Edition) -> None:
    """The head names the claim, which can be longer than the line: the head is clipped, and the
    publication's name keeps its place at the right margin on every page."""
    assert max(len(c.claim) for c in edition.publication.claims) > 120, "a head longer than its line"
    reader = PdfReader(edition.pdf)
    width = float(reader.pages[0].mediabox.width)
    places = set()
    for page in reader.pages[1:]:
        found: list[float] = []
        page.extract_text(visitor_text=lambda text, cm, tm, *_: found.append(cm[0] * tm[4] + cm[4])
                          if text.strip() == "factdesk" else None)
        places.add(round(found[-1], 1))
    assert len(places) == 1 and 0 < places.pop() < width


def test_metadata_language_and_tags(edition: Edition) -> None:
    reader = PdfReader(edition.pdf)
    info = reader.metadata
    assert info is not None
    assert info.title == "factdesk" and info.author == "factdesk"
    assert info["/CreationDate"].startswith(f"D:{EDITION_TIME:%Y%m%d}")
    with pikepdf.open(edition.pdf) as pdf:
        assert str(pdf.Root.Lang) == "en"
        assert bool(pdf.Root.MarkInfo.Marked)
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        with pdf.open_metadata() as xmp:
            assert xmp["pdfuaid:part"] == "1"
            assert xmp["dc:title"] == "factdesk"


def test_structure_tree_covers_every_page_and_link_once(edition: Edition) -> None:
    """One structure tree for the bound document: no two pages or links share a parent-tree key,
    and every key a page or link uses is in the tree."""
    with pikepdf.open(edition.pdf) as pdf:
        root = pdf.Root.StructTreeRoot
        assert len(root.K) == 1 and root.K[0].S == "/Document"
        nums = root.ParentTree.Nums
        keys = [int(nums[i]) for i in range(0, len(nums), 2)]
        assert len(keys) == len(set(keys))
        used = [int(page.obj.StructParents) for page in pdf.pages]
        used += [int(a.StructParent) for page in pdf.pages for a in page.obj.get("/Annots", ())]
        assert len(used) == len(set(used)) and set(used) <= set(keys)
        kinds = {str(kid.S) for kid in root.K[0].K}
        assert {"/H1", "/H2", "/P"} <= kinds | {str(k.S) for kid in root.K[0].K for k in kid.K
                                               if isinstance(k, pikepdf.Dictionary)}


def test_fonts_are_the_packaged_ones_all_embedded(edition: Edition) -> None:
    families = set()
    with pikepdf.open(edition.pdf) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                assert "/FontFile2" in obj or "/FontFile3" in obj, obj.FontName
                families.add(str(obj.FontName).split("+", 1)[1].split("-Pro")[0])
    assert families == {"Source-Serif", "Source-Sans"}


def test_first_pages_render_to_ink(edition: Edition, tmp_path: Path) -> None:
    subprocess.run(["pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "4", str(edition.pdf), str(tmp_path / "page")],
                   check=True, timeout=120)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == 4
    for image in images:
        grey = Image.open(image).convert("L")
        assert ImageStat.Stat(grey).stddev[0] > 5, f"{image.name} is blank"


def test_the_same_commit_gives_the_same_bytes_whatever_the_workers(edition: Edition, tmp_path: Path) -> None:
    again = tmp_path / "again.pdf"
    done = factdesk_pdf(edition.project, "--jobs", "1", "--output", str(again))
    assert done.returncode == 0, done.stderr
    assert again.read_bytes() == edition.pdf.read_bytes()


# Edits, hostile text, and the site ------------------------------------------------------

@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def set_field(path: Path, field: str, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert f"{field}: {old}" in text
    path.write_text(text.replace(f"{field}: {old}", f"{field}: {new}", 1), encoding="utf-8")


def test_an_edited_claim_appears_edited_in_the_next_pdf(project: Path) -> None:
    claim = project / "claims" / "araki-confessed-extra-cash.yml"
    set_field(claim, "summary", "True. The Japan Times", "True. An edited summary that The Japan Times")
    done = factdesk_pdf(project)
    assert done.returncode == 0, done.stderr
    text = squeeze(" ".join(page_texts(project / "build" / "factdesk.pdf")))
    assert squeeze("An edited summary that The Japan Times") in text


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        _Recorder.requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Recorder.requests.clear()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_the_edition_fetches_nothing_and_prints_hostile_text_as_text(project: Path, local_server: str) -> None:
    claim = project / "claims" / "araki-confessed-extra-cash.yml"
    text = claim.read_text(encoding="utf-8")
    text = text.replace("body: |\n", f"body: |\n  ![tracking pixel]({local_server}/pixel.png) "
                        f"<img src=\"{local_server}/raw.png\"> <style>* {{ display: none }}</style>\n\n", 1)
    text = text.replace("summary: True.", "summary: True. </p><h1>Forged</h1> &amp;", 1)
    claim.write_text(text, encoding="utf-8")
    done = factdesk_pdf(project)
    assert done.returncode == 0, done.stderr
    assert _Recorder.requests == []
    pages = " ".join(page_texts(project / "build" / "factdesk.pdf"))
    assert "[Image: tracking pixel]" in pages
    assert squeeze("</p><h1>Forged</h1> &amp;") in squeeze(pages)
    assert squeeze("<style>* { display: none }</style>") in squeeze(pages)


def test_bad_data_writes_no_pdf(project: Path) -> None:
    set_field(project / "claims" / "araki-confessed-extra-cash.yml", "verdict", '"true"', "probably")
    done = factdesk_pdf(project)
    assert done.returncode == 1
    assert "araki-confessed-extra-cash.yml" in done.stderr and "verdict" in done.stderr
    assert not (project / "build").exists()


def test_the_site_publishes_the_pdf_while_it_is_current(project: Path) -> None:
    assert factdesk_pdf(project).returncode == 0
    built = mkdocs_build(project)
    assert built.returncode == 0, built.output
    assert (built.site / "factdesk.pdf").read_bytes() == (project / "build" / "factdesk.pdf").read_bytes()
    assert 'href="factdesk.pdf"' in (built.site / "index.html").read_text(encoding="utf-8")
    assert 'href="../../factdesk.pdf"' in (built.site / "claims" / "araki-confessed-extra-cash" / "index.html") \
        .read_text(encoding="utf-8")

    # An edit makes the PDF stale: the next build leaves it out rather than publish an old edition.
    set_field(project / "claims" / "araki-confessed-extra-cash.yml", "summary", "True.", "True. Edited.")
    shutil.rmtree(built.site)
    rebuilt = mkdocs_build(project)
    assert rebuilt.returncode == 0, rebuilt.output
    assert not (rebuilt.site / "factdesk.pdf").exists()
    assert "factdesk.pdf" not in (rebuilt.site / "index.html").read_text(encoding="utf-8")


def test_a_site_built_without_the_pdf_does_not_link_it(project: Path) -> None:
    built = mkdocs_build(project)
    assert built.returncode == 0, built.output
    assert "factdesk.pdf" not in (built.site / "index.html").read_text(encoding="utf-8")


def test_outside_a_publication_it_says_where_to_run(tmp_path: Path) -> None:
    done = factdesk_pdf(tmp_path)
    assert done.returncode == 2
    assert "is not a folder" in done.stderr and "--root" in done.stderr
