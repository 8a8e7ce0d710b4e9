"""A page converted by the build's second process is the page MkDocs' own conversion makes: HTML,
contents, title, anchors, and the warnings that fail a --strict build (mkdocs_adapter._converted)."""

from __future__ import annotations

import logging
import pickle
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import Files, get_files
from mkdocs.structure.pages import Page

from factdesk import mkdocs_adapter


@pytest.fixture
def site(tmp_path: Path) -> tuple[object, Files]:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\n## Where { #where }\n\nText.\n", encoding="utf-8")
    (docs / "page.md").write_text("---\ntitle: A page\n---\n# Heading\n\n## Part\n\n[home](index.md#where), "
                                  "[gone](missing.md), [no anchor](index.md#nowhere)\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nmarkdown_extensions: [toc, attr_list]\n"
                                         "validation: {anchors: warn}\n", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    files = get_files(config)
    for file in files.documentation_pages():
        Page(None, file, config)
    return config, files


def rendered_by_mkdocs(config: object, files: Files, path: str) -> Page:
    page = Page(None, files.get_file_from_path(path), config)
    page.read_source(config)
    page.render(config, files)
    return page


def test_a_page_converted_elsewhere_is_the_page_mkdocs_makes(site: tuple[object, Files],
                                                           caplog: pytest.LogCaptureFixture) -> None:
    config, files = site
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        converted = mkdocs_adapter._converted(config, files, "page.md")
    assert caplog.records == []  # carried back, not said where it was converted
    rendered_by_mkdocs(config, files, "index.md")  # the linked page's anchors, for the anchors' check
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        expected = rendered_by_mkdocs(config, files, "page.md")
    expected_log = [(r.name, r.levelno, r.getMessage()) for r in caplog.records]
    assert any("missing.md" in message for _, _, message in expected_log)
    caplog.clear()

    page = Page(None, files.get_file_from_path("page.md"), config)
    page.read_source(config)
    mkdocs_adapter._render_as(page, pickle.loads(converted))
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        page.render(config, files)
    assert [(r.name, r.levelno, r.getMessage()) for r in caplog.records] == expected_log
    assert page.content == expected.content
    assert [(item.title, item.id, [child.id for child in item.children]) for item in page.toc] == \
        [(item.title, item.id, [child.id for child in item.children]) for item in expected.toc]
    assert page.title == expected.title
    assert page.present_anchor_ids == expected.present_anchor_ids
    assert page.links_to_anchors == expected.links_to_anchors
    assert next(iter(page.links_to_anchors)) is files.get_file_from_path("index.md")


def test_a_page_changed_after_its_conversion_is_converted_again(site: tuple[object, Files]) -> None:
    config, files = site
    converted = mkdocs_adapter._converted(config, files, "page.md")
    page = Page(None, files.get_file_from_path("page.md"), config)
    page.read_source(config)
    mkdocs_adapter._render_as(page, pickle.loads(converted))
    page.markdown = "# Changed by a plugin\n"
    page.render(config, files)
    assert page.content is not None and "Changed by a plugin" in page.content
