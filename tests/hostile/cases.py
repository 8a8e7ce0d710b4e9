"""The hostile-input corpus: bad or malicious files written into a copy of `tests/fixtures/mini`.

Each case is one call, readable on its own:

    reject(name, edit, edit, ..., problems=["path:line:column: message start", ...])
        `read_publication` (and so `factdesk check` and the site build) refuses the files with
        exactly these errors, in this order; each also has a non-empty fix (hint).
    builds(name, edit, ..., absent=[...], present=[...], mkdocs=False)
        the files are accepted; the built HTML must contain none of `absent` and each of `present`.
        Only cases with `mkdocs=True` are built with a real `mkdocs build --strict` (4 s each);
        the others are read in-process only.

An edit is `sub(path, old, new)` (`old` must occur in the fixture's file) or `put(path, content)`
(a new file, or one replaced whole; `bytes` are written as they are, `str` as UTF-8); or, for what
is on disk rather than in a file, `link(path)` (whatever is at `path` replaced by a symbolic link to
a file outside the publication holding `OUTSIDE_TEXT`), `folder(path)`, `fifo(path)` or `remove(path)`.
Add a case by copying its neighbour; `test_hostile.py` runs every one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

B = "claims/bridge-opened-in-1990.yml"
D = "claims/budget-doubled.yml"
REG = "sources/city-records-2024.yml"   # a source with url and archived
DP = "sources/daily-planet-2024-01-02.yml"   # a source with an archived text
TXT = "sources/daily-planet-2024-01-02.txt"

MINI = Path(__file__).resolve().parent.parent / "fixtures" / "mini"
BRIDGE_BYTES, BUDGET_BYTES = (MINI / B).read_bytes(), (MINI / D).read_bytes()
SOURCE = "title: T\npublisher: P\npublished: 2024-01-01\nkind: news\nlanguage: en\n"


@dataclass(frozen=True)
class Edit:
    path: str
    old: str | None
    new: str | bytes
    action: str = "write"
    """`write` (put or sub), `link`, `folder`, `fifo` or `remove`."""


@dataclass(frozen=True)
class Case:
    name: str
    edits: tuple[Edit, ...]
    problems: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    present: tuple[str, ...] = ()
    mkdocs: bool = False

    @property
    def builds(self) -> bool:
        return not self.problems


def sub(path: str, old: str, new: str) -> Edit:
    return Edit(path, old, new)


def put(path: str, content: str | bytes) -> Edit:
    return Edit(path, None, content)


OUTSIDE_TEXT = "outside-secret-7f3a: a token that must never be published"
"""Invented: what a file outside the publication holds, such as a job's git credentials."""


def link(path: str) -> Edit:
    return Edit(path, None, "", "link")


def folder(path: str) -> Edit:
    return Edit(path, None, "", "folder")


def remove(path: str) -> Edit:
    return Edit(path, None, "", "remove")


def fifo(path: str) -> Edit:
    """A named pipe: reading it waits for a writer, for ever."""
    return Edit(path, None, "", "fifo")


def reject(name: str, *edits: Edit, problems: list[str]) -> Case:
    assert problems, name
    return Case(name, edits, problems=tuple(problems))


# Whatever a hostile text tries, no built page may run it or fetch from another host.
# (Escaped, `&lt;img src=x onerror=…&gt;` is text, and may be shown.)
NEVER = ("<script>alert", "javascript:", "<img src=x", "<b onclick", "<iframe", '<img src="http', '<img src="//')


def builds(name: str, *edits: Edit, absent: tuple[str, ...] = (), present: tuple[str, ...] = (),
           mkdocs: bool = False) -> Case:
    return Case(name, edits, absent=NEVER + tuple(absent), present=tuple(present), mkdocs=mkdocs)


def field(path: str, line: str, value: str) -> Edit:
    """`line` of the fixture file (`name: value` as written there) with `value` in its place."""
    name = line.split(":", 1)[0]
    return sub(path, line, f"{name}: {value}")


CL = "claimants/mayor-ann-example.yml"
NAME = "name: Mayor Ann Example"   # line 3 of CL
PERSON = "people/test-desk.yml"
PERSON_NAME = "name: Test Desk"   # line 3 of PERSON
CLAIMANTS = "claimants: [mayor-ann-example]"
QUOTE = '    quote: the mayor said "opened in 1990"'
SUMMARY = "summary: The city's register dates the opening to 1992."
BODY_LINE = "  Nothing in the record supports 1990."
SCRIPT = "<script>alert(1)</script>"

CASES: list[Case] = [
    # -- YAML syntax ------------------------------------------------------------------------
    reject("yaml: unclosed bracket", sub(B, "summary: The city's", "summary: [The city's"),
           problems=[f"{B}:9:5: YAML syntax: while parsing a flow sequence"]),
    reject("yaml: tab indentation", sub(B, "  - source: city", "\t- source: city"),
           problems=[f"{B}:14:1: YAML syntax:"]),
    reject("yaml: unquoted colon", field(B, SUMMARY, "The answer: no: never"),
           problems=[f"{B}:8:20: YAML syntax: mapping values are not allowed"]),
    reject("yaml: a second document", sub(B, "author: test-desk\n", "author: test-desk\n---\nclaim: x\n"),
           problems=[f"{B}:19:1: YAML syntax: expected a single document"]),
    reject("yaml: entry indented one space less", sub(B, QUOTE, QUOTE[1:]),
           problems=[f"{B}:6:4: YAML syntax:"]),
    # libyaml reads on to the next `"` (line 6) before it sees the mistake.
    reject("yaml: unclosed quote", field(B, CLAIMANTS, '"mayor-ann-example'),
           problems=[f"{B}:6:28: YAML syntax: while parsing a block mapping did not find expected key"]),
    reject("yaml: key without a name", put(B, ": c\n"), problems=[f"{B}:1:1: YAML syntax:"]),
    reject("yaml: directive and an unknown version", put(B, "%YAML 9.9\n---\nclaim: x\n"),
           problems=[f"{B}:1:1: YAML syntax:"]),

    # -- Encodings and kinds of file --------------------------------------------------------
    builds("encoding: byte-order mark", put(B, b"\xef\xbb\xbf" + BRIDGE_BYTES)),
    builds("encoding: CRLF line endings", put(B, BRIDGE_BYTES.replace(b"\n", b"\r\n"))),
    reject("encoding: Latin-1", put(B, "claim: café\n".encode("latin-1")),
           problems=[f"{B}:1:11: byte 0xe9 is not valid UTF-8"]),
    reject("encoding: UTF-16", put(B, "claim: x\n".encode("utf-16")),
           problems=[f"{B}:1:1: this is a binary file, not text"]),
    reject("encoding: empty file", put(B, b""), problems=[f"{B}:1:1: the file is empty"]),
    reject("encoding: only blank lines", put(B, b"  \n\n\n"), problems=[f"{B}:1:1: the file is empty"]),
    reject("encoding: only a comment", put(B, b"# TODO\n"), problems=[f"{B}:1:1: the file is empty"]),
    reject("encoding: a PNG named .yml", put(B, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
           problems=[f"{B}:1:1: this is a binary file, not text"]),
    reject("encoding: oversized claim file", put(B, b"claim: " + b"x" * 1_000_000),
           problems=[f"{B}:1:1: the file is 1,000,007 bytes; the limit is 1,000,000"]),
    reject("encoding: oversized archived text", put(TXT, b"the mayor said \"opened in 1990\" " * 160_000),
           problems=[f"{TXT}:1:1: the file is 5,120,000 bytes; the limit is 5,000,000"]),
    reject("encoding: binary archived text", put(TXT, b"the mayor\x00said"),
           problems=[f"{TXT}:1:1: this is a binary file, not text"]),
    reject("encoding: Latin-1 archived text", put(TXT, "the mayor said \"opened in 1990\" à".encode("latin-1")),
           problems=[f"{TXT}:1:33: byte 0xe0 is not valid UTF-8"]),
    reject("encoding: raw C1 control character", field(CL, NAME, "Mayor \x86Ann"),
           problems=[f"{CL}:3:13: character U+0086 is not allowed in YAML"]),
    reject("encoding: raw DEL", field(CL, NAME, "Mayor \x7fAnn"),
           problems=[f"{CL}:3:13: character U+007F is not allowed in YAML"]),
    reject("encoding: raw line separator U+2028", field(CL, NAME, "Mayor\u2028Ann"),
           problems=[f"{CL}:3:12: character U+2028 is an invisible line separator"]),
    reject("encoding: raw next-line U+0085", field(B, SUMMARY, "One\x85two"),
           problems=[f"{B}:8:13: character U+0085 is an invisible line separator"]),
    reject("encoding: binary settings file", put("factdesk.yml", b"\xff\xfe\x00\x01"),
           problems=["factdesk.yml:1:1: this is a binary file, not text"]),

    # -- Hidden structure: duplicates, tags, anchors, aliases, nesting ------------------------
    reject("structure: duplicate field", sub(B, "author: test-desk", "author: test-desk\nauthor: Other"),
           problems=[f"{B}:19:1: the field `author` appears twice (first on line 18)"]),
    reject("structure: duplicate field in an entry", sub(B, QUOTE, QUOTE + "\n    quote: other words"),
           problems=[f"{B}:7:5: the field `quote` appears twice (first on line 6)"]),
    reject("structure: python tag runs nothing", field(CL, NAME, "!!python/object/apply:os.system ['touch /tmp/pwned']"),
           problems=[f"{CL}:3:7: the tag `tag:yaml.org,2002:python/object/apply:os.system` is not allowed"]),
    reject("structure: binary tag", field(CL, NAME, "!!binary aGVsbG8="),
           problems=[f"{CL}:3:7: the tag `tag:yaml.org,2002:binary` is not allowed"]),
    reject("structure: local tag", field(B, SUMMARY, "!include /etc/passwd"),
           problems=[f"{B}:8:10: the tag `!include` is not allowed"]),
    reject("structure: set as the root", put(B, "!!set {a, b}\n"),
           problems=[f"{B}:1:1: the tag `tag:yaml.org,2002:set` is not allowed"]),
    reject("structure: billion laughs", put(B, "a: &a [x, x, x, x, x, x, x, x, x]\n"
                                           + "".join(f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n"
                                                     for p, c in zip("abcdefgh", "bcdefghi"))),
           problems=[f"{B}:1:4: the anchor `&a` is not allowed", f"{B}:2:4: the anchor `&b` is not allowed",
                     f"{B}:2:8: the alias `*a` is not allowed", "…"]),
    reject("structure: merge key", sub(B, "author: test-desk", "<<: {author: test-desk}"),
           problems=[f"{B}:18:1: merge keys (`<<`) are not allowed"]),
    reject("structure: nesting 100 deep", field(B, SUMMARY, "[" * 100 + "]" * 100),
           problems=[f"{B}:8:41: lists and mappings are nested more than 32 deep"]),
    reject("structure: the root is text", put(B, "hello\n"),
           problems=[f"{B}:1:1: a claim file should be a mapping of fields, not `hello`"]),
    reject("structure: the root is a list", put(B, "- claim: x\n"),
           problems=[f"{B}:1:1: a claim file should be a mapping of fields, not a list"]),
    reject("structure: a list as a field name", sub(B, "author: test-desk", "author: test-desk\n? [a, b]\n: c"),
           problems=[f"{B}:19:3: a field name must be plain text, not a list"]),

    # -- Wrong types, field by field: claims -------------------------------------------------
    reject("type: claim is a list", field(B, "claim: The harbour bridge opened in 1990.", "[a, b]"),
           problems=[f"{B}:1:8: `claim` should be text, not a list"]),
    reject("type: claim_reviewed is a mapping", sub(B, CLAIMANTS, CLAIMANTS + "\nclaim_reviewed: {a: b}"),
           problems=[f"{B}:3:17: `claim_reviewed` should be text, not a mapping of fields"]),
    reject("type: a claimant's name is a list", field(CL, NAME, "[Mayor, Ann]"),
           problems=[f"{CL}:3:7: `name` should be text, not a list"]),
    reject("type: a claimant's kind outside its choices", field(CL, "kind: person", "robot"),
           problems=[f"{CL}:4:7: `robot` is not a known `kind`"]),
    reject("type: a claimant id that names no record", field(B, CLAIMANTS, "[mayor-ann-exampel]"),
           problems=[f"{B}:2:13: no claimant has the id `mayor-ann-exampel`"]),
    reject("type: a claimant id that is a path", field(B, CLAIMANTS, "[../people/test-desk]"),
           problems=[f"{B}:2:13: no claimant has the id `../people/test-desk`"]),
    reject("type: a former id that would replace the claimants' index", sub(CL, "kind: person",
                                                                            "kind: person\nformerly: [index]"),
           problems=[f"{CL}:1:1: `formerly` lists `index`, the address of a generated page"]),
    reject("type: an author that is a claimant", field(B, "author: test-desk", "mayor-ann-example"),
           problems=[f"{B}:18:9: no person has the id `mayor-ann-example`"]),
    reject("type: claim_date in words", field(B, "claim_date: 2024-01-01", "1 January 2024"),
           problems=[f"{B}:3:13: `claim_date` should be a date written YYYY-MM-DD, not `1 January 2024`"]),
    reject("type: appearances is text", sub(B, "appearances:\n  - source: daily-planet-2024-01-02\n" + QUOTE,
                                           "appearances: daily-planet-2024-01-02"),
           problems=[f"{B}:4:14: `appearances` should be a list of appearance entries"]),
    reject("type: an appearance is text", sub(B, "  - source: daily-planet-2024-01-02\n" + QUOTE, "  - nothing"),
           problems=[f"{B}:5:5: an entry of `appearances` should be a mapping of fields, not `nothing`"]),
    reject("type: verdict is a mapping", field(B, 'verdict: "false"', "{a: 1}"),
           problems=[f"{B}:7:10: `verdict` should be a verdict, not a mapping of fields"]),
    reject("type: summary is a list", field(B, SUMMARY, "[a]"),
           problems=[f"{B}:8:10: `summary` should be text, not a list"]),
    reject("type: body is a mapping", sub(B, "body: |\n  The register of public works records the opening on "
                                         "*12 May 1992*.\n\n" + BODY_LINE, "body: {a: b}"),
           problems=[f"{B}:9:7: `body` should be Markdown text, not a mapping of fields"]),
    reject("type: evidence is an empty list", sub(B, "evidence:\n  - source: city-records-2024\n    note: The "
                                                 "register gives 12 May 1992 as the opening date.", "evidence: []"),
           problems=[f"{B}:13:11: `evidence` needs at least 1 evidence entry"]),
    reject("type: tags is a mapping", field(B, "tags: [infrastructure, dates]", "{a: b}"),
           problems=[f"{B}:16:7: `tags` should be a list, not a mapping of fields"]),
    reject("type: published is a year", field(B, "published: 2024-02-01", "2024"),
           problems=[f"{B}:17:12: `published` should be a date written YYYY-MM-DD, not `2024`"]),
    reject("type: updated lacks the day", sub(B, "author: test-desk", "author: test-desk\nupdated: 2024-02"),
           problems=[f"{B}:19:10: `updated` should be a date written YYYY-MM-DD, not `2024-02`"]),
    reject("type: a person's name is a list", field(PERSON, PERSON_NAME, "[a, b]"),
           problems=[f"{PERSON}:3:7: `name` should be text, not a list"]),
    reject("type: corrections is text", sub(B, "corrections:\n  - date: 2024-02-03\n    note: An earlier version "
                                           "named the wrong register.", "corrections: none"),
           problems=[f"{B}:19:14: `corrections` should be a list of correction entries"]),
    reject("type: retracted is text", sub(D, "author: test-desk", "author: test-desk\nretracted: yes"),
           problems=[f"{D}:16:12: `retracted` should be a mapping of fields, not `yes`"]),

    # -- Wrong types, field by field: sources and settings -----------------------------------
    reject("type: source title is a list", field(REG, "title: Register of public works", "[a]"),
           problems=[f"{REG}:1:8: `title` should be text, not a list"]),
    reject("type: source publisher is a mapping", field(REG, "publisher: City Records Office", "{a: b}"),
           problems=[f"{REG}:2:12: `publisher` should be text, not a mapping of fields"]),
    reject("type: source url is a number", field(REG, "url: https://records.example.org/works?id=17", "42"),
           problems=[f"{REG}:3:6: `url` should be a web address starting with https:// or http://, not `42`"]),
    reject("type: source published is a boolean", field(REG, "published: 2024-01-05", "true"),
           problems=[f"{REG}:5:12: `published` should be a date written YYYY-MM-DD, not `true`"]),
    reject("type: source kind outside its choices", field(REG, "kind: official", "blog"),
           problems=[f"{REG}:6:7: `blog` is not a known `kind`"]),
    reject("type: source language as a word", field(REG, "language: en", "English"),
           problems=[f"{REG}:7:11: `language` should be a language code such as `en` or `pt-BR`, not `English`"]),
    reject("type: source note is a list", field(DP, "note: A test source with archived text and no address online.",
                                               "[a]"),
           problems=[f"{DP}:6:7: `note` should be text, not a list"]),
    reject("type: settings verdicts is a number", put("factdesk.yml", "verdicts: 5\n"),
           problems=["factdesk.yml:1:11: `verdicts` should be a list of verdict entries, not `5`"]),
    reject("type: settings name is a list", put("factdesk.yml", "name: [a]\n"),
           problems=["factdesk.yml:1:7: `name` should be text, not a list"]),

    # -- Dates and verdicts --------------------------------------------------------------------
    reject("date: 30 February", field(B, "published: 2024-02-01", "2024-02-30"),
           problems=[f"{B}:17:12: `2024-02-30` is not a real date: February 2024 has 29 days"]),
    reject("date: 29 February of a common year", field(B, "published: 2024-02-01", "2023-02-29"),
           problems=[f"{B}:17:12: `2023-02-29` is not a real date: February 2023 has 28 days"]),
    reject("date: month 13", field(B, "claim_date: 2024-01-01", "2024-13-01"),
           problems=[f"{B}:3:13: `2024-13-01` is not a real date: there is no month 13"]),
    reject("date: year 0", field(B, "claim_date: 2024-01-01", "0000-01-01"),
           problems=[f"{B}:3:13: `0000-01-01` is not a real date: there is no year 0"]),
    reject("date: a timestamp", field(B, "claim_date: 2024-01-01", "2024-01-01T10:00:00Z"),
           problems=[f"{B}:3:13: `claim_date` should be a date written YYYY-MM-DD, not `2024-01-01T10:00:00Z`"]),
    reject("date: far future", field(B, "claim_date: 2024-01-01", "9999-12-31"),
           problems=[f"{B}:3:13: `claim_date` is 9999-12-31, a date still to come"]),
    reject("date: published after the edition", field(B, "published: 2024-02-01", "2999-01-01"),
           problems=[f"{B}:17:12: `published` is 2999-01-01, a date still to come: this edition is dated"]),
    reject("date: updated after the edition", sub(B, "author: test-desk", "author: test-desk\nupdated: 2999-01-01"),
           problems=[f"{B}:19:10: `updated` is 2999-01-01, a date still to come"]),
    reject("date: a correction after the edition", sub(B, "  - date: 2024-02-03", "  - date: 2999-01-01"),
           problems=[f"{B}:20:11: `date` is 2999-01-01, a date still to come"]),
    reject("date: a retraction after the edition",
           sub(D, "author: test-desk", "author: test-desk\nretracted:\n  date: 2999-01-01\n  note: Withdrawn."),
           problems=[f"{D}:17:9: `date` is 2999-01-01, a date still to come"]),
    reject("date: a source published after the edition", field(REG, "published: 2024-01-05", "2999-01-01"),
           problems=[f"{REG}:5:12: `published` is 2999-01-01, a date still to come"]),
    reject("verdict: misspelt", field(B, 'verdict: "false"', "flase"),
           problems=[f"{B}:7:10: `flase` is not a verdict of the scale"]),
    reject("verdict: the label instead of the key", field(B, 'verdict: "false"', "False"),
           problems=[f"{B}:7:10: `False` is not a verdict of the scale"]),
    reject("verdict: empty", field(B, 'verdict: "false"', '""'),
           problems=[f"{B}:7:1: `verdict` is empty"]),
    reject("verdict: a script", field(B, 'verdict: "false"', SCRIPT),
           problems=[f"{B}:7:10: `{SCRIPT}` is not a verdict of the scale"]),

    # -- Ids and addresses ---------------------------------------------------------------------
    reject("id: dangling source", field(B, "  - source: city-records-2024", "city-records-2025"),
           problems=[f"{B}:14:13: no source has the id `city-records-2025`"]),
    reject("id: a claim citing itself as a source", field(B, "  - source: city-records-2024", "bridge-opened-in-1990"),
           problems=[f"{B}:14:13: no source has the id `bridge-opened-in-1990`"]),
    reject("id: source id differing in case", field(B, "  - source: city-records-2024", "City-Records-2024"),
           problems=[f"{B}:14:13: `City-Records-2024` is not a valid source id"]),
    reject("id: path traversal in a source id", field(B, "  - source: city-records-2024", "../../etc/passwd"),
           problems=[f"{B}:14:13: `../../etc/passwd` is not a valid source id"]),
    reject("id: absolute path as a source id", field(B, "  - source: city-records-2024", "/etc/passwd"),
           problems=[f"{B}:14:13: `/etc/passwd` is not a valid source id"]),
    reject("id: claim file names differing in case", put("claims/Budget-Doubled.yml", BUDGET_BYTES),
           problems=["claims/Budget-Doubled.yml:1:1: `Budget-Doubled` is not a valid file name for an address",
                     f"{D}:1:1: another file has the same address: claims/Budget-Doubled.yml"]),
    reject("id: .yml and .yaml of one claim", put("claims/budget-doubled.yaml", BUDGET_BYTES),
           problems=[f"{D}:1:1: another file has the same address: claims/budget-doubled.yaml"]),
    reject("id: dots in a file name", put("claims/..hidden.yml", BUDGET_BYTES),
           problems=["claims/..hidden.yml:1:1: `..hidden` is not a valid file name for an address"]),
    reject("id: a reserved name", put("claims/index.yml", BUDGET_BYTES),
           problems=["claims/index.yml:1:1: `index` is reserved: claims/index/ is a generated page"]),
    reject("id: a source id with a space", put("sources/city records.yml", SOURCE),
           problems=["sources/city records.yml:1:1: `city records` is not a valid file name for an address"]),
    reject("id: archived text without its source", put("sources/orphan.txt", "text"),
           problems=["sources/orphan.txt:1:1: archived text without a source file"]),

    # -- Addresses in url and archived -----------------------------------------------------------
    reject("url: javascript:", field(REG, "url: https://records.example.org/works?id=17", "javascript:alert(1)"),
           problems=[f"{REG}:3:6: `url` should be a web address starting with https:// or http://, "
                     "not `javascript:alert(1)`"]),
    reject("url: JavaScript: in mixed case", field(REG, "url: https://records.example.org/works?id=17",
                                                  "JaVaScRiPt:alert(1)"),
           problems=[f"{REG}:3:6: `url` should be a web address"]),
    reject("url: data:", field(REG, "url: https://records.example.org/works?id=17", "'data:text/html,<script>x</script>'"),
           problems=[f"{REG}:3:6: `url` should be a web address"]),
    reject("url: tab inside the scheme", field(REG, "url: https://records.example.org/works?id=17", '"java\\tscript:x"'),
           problems=[f"{REG}:3:6: `url` should be a web address"]),
    reject("url: no host", field(REG, "url: https://records.example.org/works?id=17", "https:///etc/passwd"),
           problems=[f"{REG}:3:6: `url` should be a web address"]),
    reject("url: archived javascript:", field(REG, "archived: https://archive.example.org/2024/records.example.org/works",
                                             "javascript:alert(document.cookie)"),
           problems=[f"{REG}:4:11: `archived` should be a web address"]),
    reject("url: archived data:", field(REG, "archived: https://archive.example.org/2024/records.example.org/works",
                                       "data:text/html;base64,PHNjcmlwdD4="),
           problems=[f"{REG}:4:11: `archived` should be a web address"]),
    reject("url: a right-to-left override in the host", field(REG, "url: https://records.example.org/works?id=17",
                                                             '"https://records.\\u202egro.elpmaxe"'),
           problems=[f"{REG}:3:6: `url` contains an invisible character: U+202E RIGHT-TO-LEFT OVERRIDE"]),

    # -- Invisible, bidirectional and control characters ------------------------------------------
    reject("invisible: right-to-left override in a name", field(CL, NAME, "Mayor \u202eAnn"),
           problems=[f"{CL}:3:13: `name` contains an invisible character: U+202E RIGHT-TO-LEFT OVERRIDE"]),
    reject("invisible: override written as an escape in a quote", sub(B, QUOTE, '    quote: "the mayor said \\u202e"'),
           problems=[f"{B}:6:12: `quote` contains an invisible character: U+202E RIGHT-TO-LEFT OVERRIDE"]),
    reject("invisible: left-to-right isolate in the author", field(PERSON, PERSON_NAME, "Test \u2066Desk\u2069"),
           problems=[f"{PERSON}:3:12: `name` contains an invisible character: U+2066 LEFT-TO-RIGHT ISOLATE"]),
    reject("invisible: zero-width space in a quote", sub(B, QUOTE, QUOTE.replace("opened in", "opened\u200b in")),
           problems=[f"{B}:6:34: `quote` contains an invisible character: U+200B ZERO WIDTH SPACE"]),
    reject("invisible: zero-width space in a source title", field(REG, "title: Register of public works",
                                                                 "Register\u200b of public works"),
           problems=[f"{REG}:1:16: `title` contains an invisible character: U+200B ZERO WIDTH SPACE"]),
    reject("invisible: Unicode tag characters (hidden ASCII) in the summary",
           field(B, SUMMARY, "Fine.\U000e0069\U000e0067\U000e006e\U000e006f\U000e0072\U000e0065"),
           problems=[f"{B}:8:15: `summary` contains an invisible character: U+E0069 TAG LATIN SMALL LETTER I"]),
    reject("invisible: a NUL written as an escape", field(CL, NAME, '"Mayor\\0Ann"'),
           problems=[f"{CL}:3:7: `name` contains an invisible character: U+0000 (a control character)"]),
    reject("invisible: an escape character in the body", sub(B, "body: |\n  The register of public works records "
                                                             "the opening on *12 May 1992*.\n\n" + BODY_LINE,
                                                             'body: "Nothing \\e[31m red"'),
           problems=[f"{B}:9:7: `body` contains an invisible character: U+001B (a control character)"]),
    reject("invisible: override in a tag", field(B, "tags: [infrastructure, dates]", '["infra\\u202estructure"]'),
           problems=[f"{B}:16:8: `tags` contains an invisible character: U+202E RIGHT-TO-LEFT OVERRIDE"]),
    reject("invisible: override in a verdict label", put("factdesk.yml", "name: \"Desk \\u202e\"\n"),
           problems=["factdesk.yml:1:7: `name` contains an invisible character: U+202E RIGHT-TO-LEFT OVERRIDE"]),
    builds("invisible: zero-width non-joiner in a Persian name", field(CL, NAME, "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"),
           present=("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",)),
    builds("invisible: right-to-left mark in a Hebrew name", field(CL, NAME, "\u05d3\u05e0\u05d9\u200f 2"),
           present=("\u05d3\u05e0\u05d9\u200f 2",)),
    builds("invisible: archive with zero-width spaces and soft hyphens still matches the quote",
           put(TXT, "The harbour bridge, which the mayor said \"opened\u200b in 19\u00ad90\", celebrated "
                    "its anniversary. Officials said the city's budget for bridges had doubled since then.\n")),

    # -- Markup and links that must be shown as text, not run ---------------------------------------
    builds("markup: a script in every text field of a claim and a source",
           field(B, "claim: The harbour bridge opened in 1990.", f"'Bridge {SCRIPT}'"),
           field(CL, NAME, f"'Mayor {SCRIPT}'"),
           field(B, SUMMARY, "'Register <img src=x onerror=alert(2)> 1992'"),
           field(PERSON, PERSON_NAME, "'Desk <iframe src=//evil.example>'"),
           sub(B, "note: The register gives", "note: <b onclick=alert(4)>The</b> register gives"),
           sub(B, "note: An earlier version", f"note: {SCRIPT} An earlier version"),
           field(REG, "title: Register of public works", f"'Register {SCRIPT}'"),
           field(REG, "publisher: City Records Office", "'</title><script>alert(5)</script>'"),
           sub(DP, "note: A test source", f"note: {SCRIPT} A test source"),
           present=("&lt;script&gt;alert(1)&lt;/script&gt;",), mkdocs=True),
    builds("markup: `</script>` aimed at the JSON-LD",
           field(B, "claim: The harbour bridge opened in 1990.", "'1990 </script><script>alert(1)</script>'"),
           sub(B, CLAIMANTS, CLAIMANTS + "\nclaim_reviewed: '</script><!--'"),
           absent=("</script><script>", "<!--</script>"), mkdocs=True),
    builds("markup: links and images from other hosts in the body",
           sub(B, BODY_LINE, "  ![pixel](https://tracker.example/p.gif) ![x](//evil.example/i.png) "
                             "[a](javascript:alert(1)) [b](JAVASCRIPT:alert(2)) [c](data:text/html,x)\n\n"
                             "  <img src=https://tracker.example/q.gif>\n\n"
                             "  [site](https://evil.example/phish)"),
           absent=("p.gif", "evil.example/i.png", 'src="https://tracker', 'href="data:'),
           present=('rel="nofollow noopener"',), mkdocs=True),
    builds("markup: template syntax is text, not a template",
           field(D, "claim: The bridge budget *doubled* since <b>1992</b> | twice.",
                 "'{{ config }} {% raw %} ${7*7} :fire: [[x]]'"),
           present=("{{ config }} {% raw %} ${7*7} :fire: [[x]]",), mkdocs=True),
    reject("markup: a tag with HTML", field(B, "tags: [infrastructure, dates]", "[\"<b>x</b>\"]"),
           problems=[f"{B}:16:8: each entry of `tags` should be words joined by spaces or hyphens"]),

    # -- Files that are not the publication's own, or not read ------------------------------------
    reject("files: an archived text that links outside", link(TXT),
           problems=[f"{TXT}:1:1: a symbolic link is not read: factdesk reads only the publication's own files"]),
    reject("files: a claim file that links outside", link(D),
           problems=[f"{D}:1:1: a symbolic link is not read"]),
    reject("files: a source file that links outside", link(REG),
           problems=[f"{REG}:1:1: a symbolic link is not read", "…"]),
    reject("files: the settings file links outside", link("factdesk.yml"),
           problems=["factdesk.yml:1:1: a symbolic link is not read"]),
    reject("files: the claims folder links outside", link("claims"),
           problems=["claims/:1:1: a symbolic link is not read"]),
    reject("files: a claimant file that links outside", link(CL),
           problems=[f"{CL}:1:1: a symbolic link is not read"]),
    reject("files: a person file that links outside", link(PERSON),
           problems=[f"{PERSON}:1:1: a symbolic link is not read"]),
    reject("files: the people folder links outside", link("people"),
           problems=["people/:1:1: a symbolic link is not read", "…"]),
    reject("files: a page in docs/ links outside", put("docs/index.md", "# Home\n"), link("docs/notes.md"),
           problems=["docs/notes.md:1:1: a symbolic link is not read"]),
    reject("files: a theme override links outside", link("overrides/partials/footer.html"),
           problems=["overrides/partials/footer.html:1:1: a symbolic link is not read"]),
    reject("files: a pipe among the pages", put("docs/index.md", "# Home\n"), fifo("docs/notes.md"),
           problems=["docs/notes.md:1:1: not a regular file (a pipe, socket or device)"]),
    reject("files: a pipe among the sources", fifo("sources/city-records-2024.txt"),
           problems=["sources/city-records-2024.txt:1:1: not a regular file (a pipe, socket or device)"]),
    reject("files: an archived text ending in capitals", put("sources/city-records-2024.TXT", "text"),
           problems=["sources/city-records-2024.TXT:1:1: not read: sources/ holds only `<id>.yml`, `<id>.yaml` and "
                     "`<id>.txt` files"]),
    reject("files: a claim in a subfolder", put("claims/more/budget-tripled.yml", BUDGET_BYTES),
           problems=["claims/more/:1:1: a folder inside claims/ is not read"]),
    reject("files: a folder named like a claim file", folder("claims/budget-tripled.yml"),
           problems=["claims/budget-tripled.yml/:1:1: a folder inside claims/ is not read"]),
    reject("files: a claims folder in capitals", put("Claims/budget-tripled.yml", BUDGET_BYTES),
           problems=["Claims/:1:1: not read: factdesk reads claims/"]),
    reject("files: a claimant in a subfolder", put("claimants/people/ann.yml", "name: Ann\nkind: person\n"),
           problems=["claimants/people/:1:1: a folder inside claimants/ is not read"]),
    reject("files: a Markdown file among the claims", put("claims/notes.md", "# Notes\n"),
           problems=["claims/notes.md:1:1: not read: claims/ holds only `<id>.yml` and `<id>.yaml` files"]),
    reject("files: a PDF among the sources", put("sources/city-records-2024.pdf", b"%PDF-1.7"),
           problems=["sources/city-records-2024.pdf:1:1: not read: sources/ holds only"]),
    reject("files: the settings as factdesk.yaml", put("factdesk.yaml", "name: Desk\n"),
           problems=["factdesk.yaml:1:1: not read: factdesk reads factdesk.yml"]),
    reject("files: no claims folder", remove("claims"),
           problems=["claims/:1:1: the folder claims/ is missing"]),
    reject("files: a control character in a file name", put("claims/budget\x1b[31m.yml", BUDGET_BYTES),
           problems=["claims/budget\\x1b[31m.yml:1:1: `budget\x1b[31m` is not a valid file name"]),
    builds("files: editors' backups and folder metadata are skipped, in the build as in the check",
           put(D + "~", "claim: [unclosed"), put("claims/#budget-doubled.yml#", "claim: [unclosed"),
           put("claims/.#budget-doubled.yml", "x"), put("claims/.budget-doubled.yml.swp", b"\x00vim"),
           put("claims/.DS_Store", b"\x00\x01"), put("sources/.gitkeep", ""), mkdocs=True),

    # -- Text that looks right but is not -----------------------------------------------------------
    reject("looks: a one-letter quote", sub(B, QUOTE, "    quote: a"),
           problems=[f"{B}:6:12: the quote is too short to show where the claim was made: 1 letters or digits, "
                     "the least is 12"]),
    reject("looks: a quote of one common word", sub(B, QUOTE, "    quote: opened"),
           problems=[f"{B}:6:12: the quote is too short"]),
    reject("looks: a Cyrillic a in a claimant", field(CL, NAME, "M\u0430yor Ann Example"),
           problems=[f"{CL}:3:8: `name`: `M\u0430yor` has U+0430 CYRILLIC SMALL LETTER A among Latin letters"]),
    reject("looks: a Greek omicron in a tag", field(B, "tags: [infrastructure, dates]", "[infrastructure, d\u03bftes]"),
           problems=[f"{B}:16:25: `tags`: `d\u03bftes` has U+03BF GREEK SMALL LETTER OMICRON among Latin letters"]),
    reject("looks: a Latin letter in a Cyrillic author", field(PERSON, PERSON_NAME, "\u0420\u0435\u0434a\u043a\u0446\u0438\u044f"),
           problems=[f"{PERSON}:3:10: `name`: `\u0420\u0435\u0434a\u043a\u0446\u0438\u044f` has U+0061 LATIN SMALL LETTER A "
                     "among Cyrillic letters"]),
    reject("looks: a mathematical bold letter in a name", field(CL, NAME, "Mayor \U0001d400nn"),
           problems=[f"{CL}:3:13: `name`: `\U0001d400nn` has U+1D400 MATHEMATICAL BOLD CAPITAL A"]),
    reject("looks: a quote with a Cyrillic letter", sub(B, QUOTE, QUOTE.replace("mayor", "m\u0430yor")),
           problems=[f"{B}:6:12: the quote does not occur in the archived text of `daily-planet-2024-01-02`"]),
    reject("looks: a full-width letter in a Latin name", field(CL, NAME, "Mayor \uff21nn Example"),
           problems=[f"{CL}:3:13: `name`: `\uff21nn` has U+FF21 FULLWIDTH LATIN CAPITAL LETTER A among Latin letters"]),
    builds("looks: Japanese, Russian and Greek names, each in its own alphabet",
           field(CL, NAME, "Tシャツ店の山田さん, ソニーグループ, \u0410\u043d\u043d\u0430 and "
                              "\u0391\u03b8\u03b7\u03bd\u03ac"),
           field(D, "tags: [budgets]", "[東京都庁, ラーメン, \u0431\u044e\u0434\u0436\u0435\u0442]")),
    builds("looks: modifier letters and ordinal indicators belong to no alphabet",
           field(CL, NAME, "Oʻzbekiston Nº 5, Dª Maria of Hawaiʻi"),
           field(D, "tags: [budgets]", "[Обʼєднані]")),

    # -- Size -------------------------------------------------------------------------------------
    builds("size: a 200,000-character summary", field(B, SUMMARY, "word " * 40_000)),
    builds("size: a 100,000-character line in the archived text",
           put(TXT, "x" * 100_000 + " the mayor said \"opened in 1990\" the city's budget for bridges had "
                    "doubled since then\n")),
    reject("size: a 100,000-character field name", sub(B, "author: test-desk", "author: test-desk\n" + "k" * 100_000 + ": v"),
           problems=[f"{B}:19:100001: YAML syntax: while scanning a simple key could not find expected ':'"]),
]

# Each name says what the case is: two alike would hide one of them in the test report.
assert len({case.name for case in CASES}) == len(CASES)
