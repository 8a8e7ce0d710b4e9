"""Strict YAML reading: every way a file can be malformed gives one clear, placed problem."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from factdesk.data.yamlfile import MAX_DEPTH, MAX_FILE_BYTES, _may_hide_structure, parse_document

from ..conftest import MINI


def only_problem(data: bytes):
    document, problems = parse_document(data, "claims/x.yml")
    assert document.root is None
    assert len(problems) == 1, problems
    return problems[0]


def test_plain_mapping_parses_with_marks():
    document, problems = parse_document(b"claim: text\nverdict: unproven\n", "claims/x.yml")
    assert problems == []
    key, value = document.root.value[1]
    assert (key.value, key.start_mark.line) == ("verdict", 1)


def test_syntax_error_is_placed_on_its_line():
    problem = only_problem(b"claim: one\nsummary: [unclosed\nverdict: x\n")
    assert problem.path == "claims/x.yml"
    # libyaml notices the missing `]` where the next key begins.
    assert (problem.line, problem.column) == (3, 8)
    assert problem.message.startswith("YAML syntax:") and "']'" in problem.message


def test_a_quote_left_open_is_named_on_its_own_line():
    """A summary missing its closing quote runs on to the apostrophe of "Japan's" three lines on,
    where YAML fails: the fix names the line where the quote was left open."""
    text = b"claim: The consul was freed.\nsummary: 'The consul left Russia.\nbody: |\n  Japan's ministry said so.\n"
    _, problems = parse_document(text, "claims/x.yml")
    assert [(p.line, p.hint) for p in problems] == [
        (4, "the value that opens with ' on line 2 runs on to here, where the next ' is: "
            "if its closing ' is missing, add it on line 2")]
    # A quoted value wrapped over lines on purpose, and closed, is no such mistake.
    _, problems = parse_document(b"summary: 'The consul\n  left.'\nbody: [\n", "claims/x.yml")
    assert problems and "runs on" not in problems[0].hint


def test_tab_indentation_gets_the_tab_hint():
    problem = only_problem(b"appearances:\n\t- source: a\n")
    assert (problem.line, problem.column) == (2, 1)
    assert "tabs" in problem.hint


def test_unquoted_colon_gets_the_quoting_hint():
    problem = only_problem(b"claim: one\nsummary: The answer: no: never\n")
    assert problem.line == 2
    assert "quoted" in problem.hint


def test_duplicate_key_names_both_lines():
    document, problems = parse_document(b"claim: a\nverdict: x\nclaim: b\n", "claims/x.yml")
    assert document.root is None
    assert [(p.line, p.column) for p in problems] == [(3, 1)]
    assert "appears twice (first on line 1)" in problems[0].message


def test_custom_tags_are_refused_without_running_anything():
    data = b"claim: !!python/object/apply:os.system ['touch /tmp/pwned']\n"
    document, problems = parse_document(data, "claims/x.yml")
    assert document.root is None
    assert "tag" in problems[0].message and problems[0].line == 1 and problems[0].column == 8


def test_alias_bomb_is_refused_quickly():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]")
    document, problems = parse_document("\n".join(lines).encode(), "claims/x.yml")
    assert document.root is None
    assert problems and all(" `&" in p.message or " `*" in p.message for p in problems)


def test_merge_keys_are_refused():
    document, problems = parse_document(b"base: {a: 1}\nother:\n  <<: {a: 1}\n", "claims/x.yml")
    assert document.root is None
    assert any("merge keys" in p.message for p in problems)


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"# only a comment\n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
    (b"claim: caf\xe9\n", "not valid UTF-8"),
    (b"claim: a\n---\nclaim: b\n", "single document"),
])
def test_unreadable_files(data, message):
    assert message in only_problem(data).message


def test_invalid_utf8_is_placed_at_the_byte():
    problem = only_problem(b"claim: ok\nclaimant: Jos\xe9\n")
    assert (problem.line, problem.column) == (2, 14)


def test_byte_order_mark_is_tolerated():
    document, problems = parse_document("\ufeffclaim: text\n".encode(), "claims/x.yml")
    assert problems == [] and document.root is not None


def test_oversized_file_is_refused_before_parsing():
    problem = only_problem(b"claim: " + b"x" * MAX_FILE_BYTES)
    assert "limit" in problem.message


@pytest.mark.parametrize("data", [b"[" * 30000 + b"]" * 30000, b"a:\n" + b"- " * 30000 + b"x\n",
                                  b"\xef\xbb\xbf" + b"- " * 30000 + b"x\n"])
def test_deep_nesting_is_refused_without_crashing(data):
    # Composing these with libyaml would overflow the C stack and kill the process.
    problem = only_problem(data)
    assert "nested more than 32 deep" in problem.message


def test_control_character_is_placed():
    problem = only_problem(b"claim: ok\nclaimant: a\x07b\n")
    assert (problem.line, problem.column) == (2, 12)
    assert problem.message == "character U+0007 is not allowed in YAML"


def test_invalid_utf8_column_counts_characters_not_bytes():
    problem = only_problem("claimant: Ministère ".encode() + b"\xff\n")  # 20 characters, 21 bytes
    assert (problem.line, problem.column) == (1, 21)


@pytest.mark.parametrize("value", [b"=", b"<<"])
def test_plain_equals_and_merge_signs_are_text(value):
    document, problems = parse_document(b"claimant: " + value + b"\n", "claims/x.yml")
    assert problems == [] and document.root.value[0][1].value == value.decode()


def test_anchors_and_aliases_are_each_placed_where_written():
    document, problems = parse_document(b"claimant: &who X\nauthor: *who\nnote: &unused Y\n", "claims/x.yml")
    assert document.root is None
    assert [(p.line, p.column, p.message) for p in problems] == [
        (1, 11, "the anchor `&who` is not allowed"),
        (2, 9, "the alias `*who` is not allowed"),
        (3, 7, "the anchor `&unused` is not allowed"),
    ]


# Files without an anchor, alias, tag or deep nesting are composed without the event scan, on a
# reading of the text alone. These check that reading against libyaml's events, on texts made of
# YAML's indicators in any order and on nested lists and mappings written in every style.
STRUCTURAL_TEXT = st.one_of(
    st.text(st.sampled_from(list("-?:[]{},&*!|>#'\" \t\r\nab")), max_size=120),
    st.lists(st.sampled_from(["- ", "? ", ": ", "-\t", "--- ", "  ", " ", "\n", "\r", "\r\n", "a", "a: ", "[", "]",
                              "{", "}", ", ", "&x ", "*x", "!t ", "!!str ", "|\n", "#"]), max_size=60).map("".join),
)


def nested_block(depth: int, head: str, indent: str) -> str:
    """`depth` levels of block lists (`- `) or mappings (`k:`) around `x`, each on its own line."""
    if depth == 0:
        return " x"
    return f"\n{indent}{head}" + nested_block(depth - 1, head, indent + " ")


NESTED_TEXT = st.integers(1, 60).flatmap(lambda depth: st.sampled_from([
    "a: " + "[" * depth + "x" + "]" * depth,
    "- " * depth + "x",
    "a:" + nested_block(depth, "-", ""),  # the first list at the key's column, as YAML allows
    "a:" + nested_block(depth, "k:", " "),
]))


def events_until_error(text: str) -> list[yaml.Event]:
    events: list[yaml.Event] = []
    try:
        events.extend(yaml.parse(text, Loader=yaml.CSafeLoader))
    except yaml.YAMLError:
        pass  # what was read before the error is what composing would have built
    return events


@settings(max_examples=3000, deadline=None, derandomize=True, database=None)
@given(text=st.one_of(STRUCTURAL_TEXT, NESTED_TEXT))
def test_texts_spared_the_event_scan_have_nothing_it_finds(text):
    if _may_hide_structure(text.encode()):
        return
    depth = deepest = 0
    for event in events_until_error(text):
        assert getattr(event, "anchor", None) is None and getattr(event, "tag", None) is None, text
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            deepest = max(deepest, depth)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    assert deepest <= MAX_DEPTH, text


@pytest.mark.parametrize("text", ["a: [[[[[[[[x]]]]]]]]", "a:\n         b: c", "a: !t x", "a, *b", "- &x a", "[*x]"])
def test_texts_that_may_hide_structure_are_scanned(text):
    assert _may_hide_structure(text.encode())


def test_a_claim_file_is_spared_the_event_scan():
    assert not _may_hide_structure((MINI / "claims/bridge-opened-in-1990.yml").read_bytes())
