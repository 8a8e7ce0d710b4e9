"""Property tests: whatever an editor's file holds, checking it gives a publication or problems,
never an exception. Derandomized, so CI sees the same examples on every run."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factdesk.data.loader import read_publication
from factdesk.data.problems import Problem
from factdesk.data.yamlfile import parse_document

from ..conftest import MINI, copy_data

BRIDGE = "claims/bridge-opened-in-1990.yml"
REGISTER = "sources/city-records-2024.yml"
CLAIM_TEXT = (MINI / BRIDGE).read_text(encoding="utf-8")

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

# Bytes that look like YAML often enough to get past the parser: fragments of the real file,
# YAML punctuation, escapes, invisible and bidi characters, and random bytes.
FRAGMENTS = [line.encode() + b"\n" for line in CLAIM_TEXT.splitlines()] + [
    b": ", b"- ", b"[", b"]", b"{", b"}", b"&a ", b"*a", b"!!str ", b"!x ", b"'", b'"', b"\\u202e", b"\\0",
    b"\t", b"\n", b"  ", b"#", b"---\n", b"? ", b"|\n", b">-\n", b"<<: ", "\u202e\u200b\u2066".encode(),
    b"\xef\xbb\xbf", b"\xff", b"\x00", b"\xc2\x85", "\u2028".encode(), b"2024-02-30", b"1e999",
]
yaml_ish = st.one_of(st.binary(max_size=300),
                     st.lists(st.sampled_from(FRAGMENTS), max_size=40).map(b"".join))

# Text with everything an attacker or a clumsy paste may bring: controls, bidi, surrogates excluded
# only because a file on disk cannot hold them (a quoted YAML escape can, and is tried too).
hostile_text = st.one_of(
    st.text(max_size=80),
    st.text(st.characters(codec=None, categories=["Cc", "Cf", "Zl", "Zp", "Zs", "Po", "Sm"]), max_size=30),
    st.text(st.sampled_from("<>&\"'`:#-[]{}|*!%@\\ \t\nab\u202e\u2066\u2069\u200b\u200c\u200f\ufeff\x85\u2028"),
            max_size=40),
)


@contextmanager
def publication_dir() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="factdesk-prop-"))
    try:
        yield copy_data(folder / "pub")
    finally:
        shutil.rmtree(folder)


def assert_outcome(root: Path) -> None:
    publication, problems = read_publication(root)  # never raises
    assert all(isinstance(p, Problem) for p in problems)
    if publication is None:
        assert problems and all(p.line >= 1 and p.column >= 1 and p.message for p in problems)
        assert all(p.hint for p in problems if p.is_error), [p for p in problems if not p.hint]
    for p in problems:
        str(p)  # every problem can be printed
        p.message.encode("utf-8")  # and written out (no lone surrogates)
        p.hint.encode("utf-8")


@pytest.mark.parametrize("file", [BRIDGE, REGISTER, "factdesk.yml"], ids=["claim", "source", "settings"])
@SETTINGS
@given(data=yaml_ish)
def test_any_bytes_as_a_file(file, data):
    with publication_dir() as root:
        (root / file).write_bytes(data)
        assert_outcome(root)


@SETTINGS
@given(data=yaml_ish)
def test_parse_document_never_raises(data):
    document, problems = parse_document(data, BRIDGE)
    assert document.root is None or not problems
    assert document.root is not None or problems


CLAIM_FIELDS = ["claim", "claimant", "summary", "author", "quote", "note", "tags", "body", "claim_reviewed"]


def with_value(name: str, value: str) -> str:
    """The fixture claim with one text field set to `value`, written as a double-quoted YAML string
    (JSON is valid YAML 1.2, and every character, controls included, can be written escaped)."""
    quoted = json.dumps(value)
    lines = {"claim": "claim: The harbour bridge opened in 1990.", "claimant": "claimant: Mayor Ann Example",
             "summary": "summary: The city's register dates the opening to 1992.", "author": "author: Test Desk",
             "quote": '    quote: the mayor said "opened in 1990"',
             "note": "    note: The register gives 12 May 1992 as the opening date.",
             "tags": "tags: [infrastructure, dates]"}
    if name == "body":
        start = CLAIM_TEXT.index("body: |")
        end = CLAIM_TEXT.index("evidence:")
        return CLAIM_TEXT[:start] + f"body: {quoted}\n" + CLAIM_TEXT[end:]
    if name == "claim_reviewed":
        return CLAIM_TEXT + f"claim_reviewed: {quoted}\n"
    line = lines[name]
    key = line.split(":", 1)[0]
    new = f"{key}: [{quoted}]" if name == "tags" else f"{key}: {quoted}"
    return CLAIM_TEXT.replace(line, new)


@SETTINGS
@given(name=st.sampled_from(CLAIM_FIELDS), value=hostile_text)
def test_any_text_in_any_claim_field(name, value):
    with publication_dir() as root:
        (root / BRIDGE).write_text(with_value(name, value), encoding="utf-8")
        assert_outcome(root)


SOURCE_LINES = {"title": "title: Register of public works", "publisher": "publisher: City Records Office",
                "url": "url: https://records.example.org/works?id=17",
                "archived": "archived: https://archive.example.org/2024/records.example.org/works",
                "language": "language: en", "kind": "kind: official"}


@SETTINGS
@given(name=st.sampled_from(sorted(SOURCE_LINES)), value=hostile_text)
def test_any_text_in_any_source_field(name, value):
    with publication_dir() as root:
        text = (root / REGISTER).read_text(encoding="utf-8")
        line = SOURCE_LINES[name]
        (root / REGISTER).write_text(text.replace(line, f"{name}: {json.dumps(value)}"), encoding="utf-8")
        assert_outcome(root)


@SETTINGS
@given(value=hostile_text)
def test_any_archived_text(value):
    with publication_dir() as root:
        (root / "sources" / "daily-planet-2024-01-02.txt").write_text(value, encoding="utf-8", errors="surrogatepass")
        assert_outcome(root)
