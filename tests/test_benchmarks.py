"""The benchmarks measure real work: their publication passes the checks, and their baseline
document is the same edition as factdesk's parts."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from factdesk import loader, print_html
from factdesk.edition import current_edition

from .conftest import REPO


def load_synthetic():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("synthetic", REPO / "benchmarks" / "synthetic.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_a_synthetic_publication_passes_the_checks(tmp_path: Path) -> None:
    load_synthetic().write_publication(tmp_path, 30, seed=3)
    publication, problems = loader.read_publication(tmp_path)
    assert problems == []
    assert publication is not None and len(publication.claims) == 30 and len(publication.sources) == 6
    assert any(c.corrections for c in publication.claims) and any(c.tags for c in publication.claims)


def test_the_baseline_document_is_the_whole_edition(tmp_path: Path) -> None:
    load_synthetic().write_publication(tmp_path, 30, seed=3)
    publication = loader.load_publication(tmp_path)
    printed = print_html.PrintEdition(publication, current_edition(tmp_path), tmp_path)
    parts = printed.body_parts(claims_per_part=7)
    whole = printed.whole_document(parts)
    assert whole.count('<article class="claim"') == 30
    assert whole.count('<article class="source"') == 6
    assert print_html.CROSS_PART_SCHEME not in whole and "&lt;article" not in whole
    assert "href=&#34;" not in whole and 'href="#source-' in whole
    assert sum(part.html.count('<article class="claim"') for part in parts) == 30
