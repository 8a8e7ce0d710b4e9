"""The PDF edition in every script of the invented multilingual publication (Japanese, Chinese,
Russian, Arabic, Hebrew): each drawn with the fonts the edition declares, all embedded, read back
with poppler's tools; a character that no font has stops the edition, naming where it is."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from factdesk import cli
from factdesk.data import loader
from factdesk.data.model import Publication
from factdesk.data.typography import typographic
from factdesk.editions import fonts, typeset

from ..conftest import MINI, REPO, copy_project
from .test_pdf import factdesk_pdf

MULTILINGUAL = REPO / "tests" / "fixtures" / "multilingual"
# Families as PDF font names give them ("ABCDEF+Noto-Sans-CJK-JP-Bold"): the chains of fonts.py.
DECLARED = ("Source-Serif-Pro", "Source-Sans-Pro", "Noto-Serif-CJK-JP", "Noto-Sans-CJK-JP", "Noto-Naskh-Arabic",
            "Noto-Sans-Arabic", "Noto-Serif-Hebrew", "Noto-Sans-Hebrew")
RUNIC_FEHU = "\u16a0"  # a script that no font of the edition has (Debian's own Noto Sans Runic is not one)
# What pdftotext adds around right-to-left text, and the isolates the edition sets around it.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass
class Edition:
    project: Path
    pdf: Path
    publication: Publication


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Edition:
    project = copy_project(tmp_path_factory.mktemp("scripts") / "project", MULTILINGUAL)
    done = factdesk_pdf(project, "--jobs", "2")
    assert done.returncode == 0, done.stderr
    assert "warning" not in done.stdout + done.stderr
    return Edition(project, project / "build" / "factdesk.pdf", loader.load_publication(project))


def read_back(text: str) -> str:
    """Text compared as a reader sees it: without line breaks, spaces or direction controls."""
    return re.sub(r"\s+", "", BIDI_CONTROLS.sub("", text))


def pdf_fonts(pdf: Path) -> list[tuple[str, str]]:
    """(font name without its subset tag, embedded: yes or no) for each font that pdffonts lists."""
    lines = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
    rows = [re.match(r"(\S+)\s.*\s(yes|no)\s+(?:yes|no)\s+(?:yes|no)\s+\d+\s+\d+$", line) for line in lines[2:]]
    assert all(rows), lines
    return [(row.group(1).split("+", 1)[-1], row.group(2)) for row in rows if row]


def test_every_script_comes_back_as_text(edition: Edition) -> None:
    text = read_back(subprocess.run(["pdftotext", str(edition.pdf), "-"], capture_output=True, text=True,
                                    check=True).stdout)
    scripts = set()
    for claim in edition.publication.claims:
        for appearance in claim.appearances:
            assert read_back(typographic(appearance.quote)) in text, claim.slug
            scripts |= {edition.publication.sources[appearance.source].language}
        assert read_back(claim.claimed_by) in text, claim.slug
    assert {"ja", "zh", "ru", "ar", "he"} <= scripts


def test_every_font_is_a_declared_one_and_embedded(edition: Edition) -> None:
    found = pdf_fonts(edition.pdf)
    assert all(embedded == "yes" for _, embedded in found), found
    names = {name for name, _ in found}
    assert all(name.startswith(DECLARED) for name in names), names  # no DejaVu, no other fallback
    # Quotes are italic, but these scripts have none: never a slanted upright ("…-Oblique").
    assert not [name for name in names if name.startswith("Noto") and "Oblique" in name], names
    for script in ("CJK-JP", "Arabic", "Hebrew"):  # each drawn by its Noto font, serif and sans
        assert any(script in name and "Sans" in name for name in names), (script, names)
        assert any(script in name and "Sans" not in name for name in names), (script, names)


def test_two_builds_give_the_same_bytes(edition: Edition, tmp_path: Path) -> None:
    again = tmp_path / "again.pdf"
    done = factdesk_pdf(edition.project, "--jobs", "1", "--output", str(again))
    assert done.returncode == 0, done.stderr
    assert again.read_bytes() == edition.pdf.read_bytes()


def test_the_character_of_the_test_is_in_no_font_of_the_edition() -> None:
    for font in {*fonts.serif_chain(), *fonts.sans_chain()}:
        for path in (font.regular, font.strong):
            assert ord(RUNIC_FEHU) not in TTFont(path, fontNumber=font.index, lazy=True).getBestCmap(), path


def test_a_character_that_no_font_has_stops_the_edition(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", MULTILINGUAL)
    claim = next(iter(sorted((project / "claims").glob("*.yml"))))
    text = claim.read_text(encoding="utf-8")
    claim.write_text(text.replace("\nclaim: ", f"\nclaim: The rune {RUNIC_FEHU} says that ", 1), encoding="utf-8")
    done = factdesk_pdf(project)
    assert done.returncode == 1
    assert f"claims/{claim.name}" in done.stderr and "`claim`" in done.stderr
    assert "U+16A0 RUNIC LETTER FEHU" in done.stderr and "remove the character" in done.stderr
    assert not (project / "build").exists()


# Without Debian's Noto packages -------------------------------------------------------------

def without_noto(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """The chains as on a machine without fonts-noto-core and fonts-noto-cjk: every Noto file absent."""
    def missing(chain: fonts.Chain) -> fonts.Chain:
        return (chain[0], *(replace(font, regular=folder / font.regular.name, strong=folder / font.strong.name)
                            for font in chain[1:]))
    serif, sans = missing(fonts.serif_chain()), missing(fonts.sans_chain())
    monkeypatch.setattr(fonts, "serif_chain", lambda: serif)
    monkeypatch.setattr(fonts, "sans_chain", lambda: sans)


def test_an_english_publication_needs_no_noto_font(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    without_noto(monkeypatch, tmp_path / "no-fonts")
    project = copy_project(tmp_path / "project", MINI)
    assert cli.main(["pdf", "--root", str(project), "--jobs", "1"]) == 0, capsys.readouterr().err
    assert (project / "build" / "factdesk.pdf").is_file()


def test_a_script_whose_font_is_missing_names_the_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    without_noto(monkeypatch, tmp_path / "no-fonts")
    problems = typeset.glyph_problems(loader.load_publication(MULTILINGUAL))
    by_file = {problem.path: problem for problem in problems}
    assert "fonts-noto-cjk" in by_file["sources/minato-shimpo-2024-03-01.yml"].hint
    assert "fonts-noto-core" in by_file["sources/al-mina-2024-03-04.yml"].hint
    assert "fonts-noto-core" in by_file["claimants/city-council.yml"].hint  # Hebrew
    assert "sources/gavan-vesti-2024-03-03.yml" not in by_file  # Cyrillic: Source has it
    with pytest.raises(fonts.ScriptFontMissing, match="Debian's fonts-noto-cjk"):  # a worker's message
        typeset.needs_script_fonts("港湾局")
    assert not typeset.needs_script_fonts("Мэрия, “quoted” — and every other text in English")


def test_each_character_is_looked_up_once_however_many_claims(monkeypatch: pytest.MonkeyPatch) -> None:
    """1,000 claims cost the check what one costs: the fonts are asked once per character."""
    publication = loader.load_publication(MULTILINGUAL)
    asked: list[str] = []
    look_up = fonts.font_for

    def counted(character: str, chain: fonts.Chain) -> fonts.Font:
        asked.append(character)
        return look_up(character, chain)
    monkeypatch.setattr(fonts, "font_for", counted)
    assert typeset.glyph_problems(publication) == []
    once = len(asked)
    asked.clear()
    assert typeset.glyph_problems(replace(publication, claims=publication.claims * 170)) == []
    assert once > 100 and len(asked) == once


def test_the_chains_are_the_stylesheets() -> None:
    """edition.css and furniture.css name the families of fonts.py, in its order."""
    css = "".join((Path(typeset.__file__).parent / name).read_text(encoding="utf-8")
                  for name in ("edition.css", "furniture.css"))
    for chain, generic in ((fonts.serif_chain(), "serif"), (fonts.sans_chain(), "sans-serif")):
        assert ", ".join([*(f'"{font.family}"' for font in chain), generic]) in css

