"""The process that writes a build's generated pages while MkDocs converts the ones before them."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from factdesk.site.page_writer import PageWriter, WritingFailed
from factdesk.site.pages import PlannedPage


def slow(text: str, seconds: float) -> PlannedPage:
    def make() -> str:
        time.sleep(seconds)
        return text
    return PlannedPage(f"claims/{text}.md", make)


def broken() -> str:
    raise ValueError("template claim.md.j2 has no field `verdict_label`")


def test_a_page_is_waited_for_until_the_background_process_has_written_it(tmp_path: Path) -> None:
    planned = [slow("first", 0.5), slow("second", 0.5)]
    then_marker = tmp_path / "then-ran"
    writer = PageWriter(tmp_path / "pages", planned, lambda: then_marker.write_text("yes"), background=True)
    try:
        assert not writer.file("claims/second.md").exists()  # the writer has barely started
        writer.wait_for("claims/second.md")
        assert writer.file("claims/first.md").read_text() == "first"
        assert writer.file("claims/second.md").read_text() == "second"
        writer.wait_for("docs-page-not-generated.md")  # not planned here: nothing to wait for
        writer.finish()
        assert then_marker.read_text() == "yes"  # `then` runs in the writing process, after the pages
    finally:
        writer.stop()
    assert not (tmp_path / "pages").exists()


def test_a_failure_in_the_background_is_raised_where_the_build_waits(tmp_path: Path) -> None:
    planned = [slow("first", 0), PlannedPage("claims/broken.md", broken), slow("never", 0)]
    writer = PageWriter(tmp_path / "pages", planned, lambda: None, background=True)
    try:
        writer.wait_for("claims/first.md")
        with pytest.raises(WritingFailed) as failure:
            writer.wait_for("claims/never.md")
        assert "ValueError: template claim.md.j2 has no field `verdict_label`" in str(failure.value)
        with pytest.raises(WritingFailed):
            writer.finish()
    finally:
        writer.stop()


def test_stop_ends_a_writer_still_at_work(tmp_path: Path) -> None:
    writer = PageWriter(tmp_path / "pages", [slow("long", 60)], lambda: None, background=True)
    started = time.monotonic()
    writer.stop()
    assert time.monotonic() - started < 10
    assert not (tmp_path / "pages").exists()


def test_without_background_every_page_is_written_at_once(tmp_path: Path) -> None:
    ran = []
    writer = PageWriter(tmp_path / "pages", [slow("first", 0), slow("second", 0)], lambda: ran.append(True),
                        background=False)
    assert writer.file("claims/second.md").read_text() == "second" and ran == [True]
    writer.wait_for("claims/second.md")
    writer.finish()


def test_the_writer_converts_from_the_last_page_back_until_it_meets_mkdocs(tmp_path: Path) -> None:
    planned = [slow(name, 0) for name in ("a", "b", "c", "d")]
    go = tmp_path / "go"

    def then() -> None:  # conversion starts only once the test has taken page `a`
        while not go.exists():
            time.sleep(0.01)

    writer = PageWriter(tmp_path / "pages", planned, then, background=True,
                        convert=lambda path: f"<converted {path}>".encode())
    try:
        writer.wait_for("claims/a.md")
        assert writer.taken("claims/a.md") is None  # MkDocs got there first: it converts `a` itself
        go.write_text("")
        writer.finish()
        assert [writer.taken(f"claims/{name}.md") for name in "dcb"] == \
            [f"<converted claims/{name}.md>".encode() for name in "dcb"]
        assert not writer.file("claims/a.md.converted").exists()  # never converted twice
        assert writer.taken("docs-page-not-generated.md") is None
    finally:
        writer.stop()
