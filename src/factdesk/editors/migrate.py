"""`factdesk migrate`: a publication written in an older file format, rewritten in the current one.

The one change of format so far: a claim's `claimant` (free text, with `claimant_kind`) and
`author` (free text) became ids of records, `claimants/<id>.yml` and `people/<id>.yml`. Each
speaker becomes one record whose id is the address its claimant page had, so that every published
page keeps its address; names that only punctuation or case told apart (two pages, one speaker)
become one record, which lists the other address under `formerly:`. Claim files are edited line by
line: the other lines, comments and line endings stay as they were.

The corrections rule reads the published publication through this same migration (see
`history`), so moving to the new format is never taken for an editorial change.
"""

from __future__ import annotations

import codecs
import difflib
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from factdesk.data.fields import CLAIMANT, FILE_FORMAT, PERSON, RecordSpec
from factdesk.data.loader import CLAIMANTS_DIR, CLAIMS_DIR, PEOPLE_DIR, SETTINGS_FILE, YAML_SUFFIXES, folded_name
from factdesk.data.records import slugify
from factdesk.data.yamlfile import read_document
from factdesk.editors.scaffold import render
from factdesk.site.pages import unaccented

MAX_SLUG = 80
"""The longest claimant address the older format made."""


class MigrationError(Exception):
    pass


@dataclass
class Migration:
    """What a migration did, for the editor to review."""

    claims: list[str] = field(default_factory=list)
    claimants: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What the editor must still do by hand."""
    settings: str | None = None
    """factdesk.yml, when the file format it records was written or raised."""


@dataclass
class _OldClaim:
    path: Path
    root: yaml.MappingNode
    claimant: str
    kind: str
    author: str | None
    published: str


def migrate(root: Path) -> Migration:
    """Rewrites every claim file of the older format under `root`, and writes the records they name.

    Refuses, and changes nothing, if any claim file cannot be read or rewritten safely."""
    for folder in (CLAIMANTS_DIR, PEOPLE_DIR):
        if (root / folder).is_symlink() or (root / folder).exists() and not (root / folder).is_dir():
            raise MigrationError(f"{folder}/ is not a folder of the publication's own (a symbolic link, or a file)")
    _check_settings_file(root)
    old = _old_claims(root)
    done = Migration()
    if not old:
        done.settings = _record_format(root)
        return done
    claimants = _Speakers(root / CLAIMANTS_DIR, "claimant", done.notes)
    claimant_ids = claimants.ids([(c.claimant, c.published, c.path.stem) for c in old])
    people = _Speakers(root / PEOPLE_DIR, "person", done.notes)
    person_ids = people.ids([(c.author, c.published, c.path.stem) for c in old if c.author])
    for record_id, names in claimants.new_records.items():
        kinds = sorted({c.kind for c in old if claimant_ids[_spaced(c.claimant)] == record_id})
        if len(kinds) > 1:
            done.notes.append(f"the claims of “{names[0]}” disagree on its kind ({' and '.join(kinds)}): it is "
                              f"`{kinds[0]}` in {CLAIMANTS_DIR}/{record_id}.yml; correct it there if need be")
        values = {"name": names[0], "kind": kinds[0], "other_names": names[1:],
                  "formerly": claimants.formerly.get(record_id, [])}
        if _write_record(root / CLAIMANTS_DIR / f"{record_id}.yml", CLAIMANT, values):
            done.claimants.append(f"{CLAIMANTS_DIR}/{record_id}.yml")
    for record_id, names in people.new_records.items():
        if _write_record(root / PEOPLE_DIR / f"{record_id}.yml", PERSON, {"name": names[0]}):
            done.people.append(f"{PEOPLE_DIR}/{record_id}.yml")
    for claim in old:
        _rewrite(claim, claimant_ids[_spaced(claim.claimant)], person_ids.get(_spaced(claim.author or "")))
        done.claims.append(f"{CLAIMS_DIR}/{claim.path.name}")
    done.settings = _record_format(root)
    return done


_FORMAT_VALUE = re.compile(r"^format:[ \t]*([^\s#]*)", re.MULTILINE)


def _check_settings_file(root: Path) -> None:
    path = root / SETTINGS_FILE
    if path.is_symlink() or path.exists() and not path.is_file():
        raise MigrationError(f"{SETTINGS_FILE} is not a file of the publication's own (a symbolic link, or a folder)")


def _record_format(root: Path) -> str | None:
    """factdesk.yml with `format:` raised to the current file format; None if it says so already, or
    a newer one (never lowered). Only the value is written: comments and line endings stay."""
    path = root / SETTINGS_FILE
    text = path.read_bytes().decode("utf-8") if path.is_file() else ""
    found = _FORMAT_VALUE.search(text)
    if found and not (found.group(1).isdecimal() and int(found.group(1)) < FILE_FORMAT):
        return None
    if found:
        new = text[:found.start(1)] + str(FILE_FORMAT) + text[found.end(1):]
    else:
        ending = "\r\n" if "\r\n" in text else "\n"
        new = text + ("" if not text or text.endswith("\n") else ending) + ending.join((
            "# The factdesk file format these files are written in (factdesk migrate raises it).",
            f"format: {FILE_FORMAT}", ""))
    path.write_bytes(new.encode("utf-8"))
    return SETTINGS_FILE


def dry_run(root: Path) -> tuple[Migration, str]:
    """What `migrate` would do, and the unified diff of every file it would write, with nothing
    written: the same migration, run on a copy of the files it reads and writes."""
    folders = (CLAIMS_DIR, CLAIMANTS_DIR, PEOPLE_DIR)
    with tempfile.TemporaryDirectory(prefix="factdesk-migrate-") as scratch:
        copy = Path(scratch)
        _check_settings_file(root)
        if (root / SETTINGS_FILE).is_file():
            shutil.copy2(root / SETTINGS_FILE, copy / SETTINGS_FILE)
        for folder in folders:
            if (root / folder).is_dir() and not (root / folder).is_symlink():
                shutil.copytree(root / folder, copy / folder, symlinks=True)
            elif (root / folder).exists() or (root / folder).is_symlink():
                raise MigrationError(f"{folder}/ is not a folder of the publication's own (a symbolic link, or a file)")
        done = migrate(copy)
        changed = [*done.claims, *done.claimants, *done.people, *([done.settings] if done.settings else [])]
        diffs = []
        for name in changed:
            before = (root / name).read_text(encoding="utf-8") if (root / name).is_file() else ""
            after = (copy / name).read_text(encoding="utf-8")
            lines = difflib.unified_diff(_lines(before), _lines(after), f"a/{name}" if before else "/dev/null",
                                         f"b/{name}")
            diffs.append("".join(lines))
    return done, "".join(diffs)


def _lines(text: str) -> list[str]:
    """A text's lines for a diff, the last marked as git marks one without its line ending."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n\\ No newline at end of file\n"
    return lines


class _Speakers:
    """The records that the names of one folder's older fields become: each name its address in the
    older format, names that fold alike one record, a name that a record there has already (a
    migration half done by hand) that record."""

    def __init__(self, folder: Path, noun: str, notes: list[str]):
        self.folder, self.noun, self.notes = folder, noun, notes
        self.existing = _records(folder)
        self.new_records: dict[str, list[str]] = {}
        """Id to the names of each record to write, the main one first."""
        self.formerly: dict[str, list[str]] = {}

    def ids(self, claims: list[tuple[str, str, str]]) -> dict[str, str]:
        """Each name (spacing aside) with the id of its record."""
        addresses = older_addresses(claims, self.noun, taken=set(self.existing.values()))
        ids: dict[str, str] = {}
        primary: dict[str, str] = {}  # a folded name: the id of its record
        for name, address in addresses.items():
            folded = folded_name(name) or name
            known = self.existing.get(folded)
            if known is not None:
                ids[name] = known
                if known != address and self.noun == "claimant":
                    self.notes.append(f"“{name}” is {self.folder.name}/{known}.yml, but its page was "
                                      f"claimants/{address}/: add `{address}` to that record's `formerly:`, so that "
                                      "the address still answers")
                continue
            record_id = primary.setdefault(folded, address)
            ids[name] = record_id
            self.new_records.setdefault(record_id, []).append(name)
            if record_id != address:
                self.formerly.setdefault(record_id, []).append(address)
        return ids


def older_addresses(claims: Iterable[tuple[str, str, str]], noun: str = "claimant",
                    taken: set[str] | None = None) -> dict[str, str]:
    """Each name (spacing aside), given as (name, date the claim was published, claim's file name) for
    every claim, with the address the older format gave its claimant page, in the order of the
    first claims: of names that slug alike, the one whose first claim was published earliest has the
    plain slug, the others a suffix from a hash of their name, so that no address moved when a
    claimant was added. (People had no pages: their ids are made the same way, unique.)"""
    first: dict[str, tuple[str, str]] = {}
    for name, published, stem in claims:
        name = _spaced(name)
        first[name] = min(first.get(name, (published, stem)), (published, stem))
    taken = {"index", *(taken or ())}
    ids: dict[str, str] = {}
    for name in sorted(first, key=lambda n: (first[n], n)):
        base = slugify(unaccented(name))  # "lavrov" from "Lavróv", not "lavro-v"
        if len(base) > MAX_SLUG:  # an address to read, not the whole of a long description
            base = base[:MAX_SLUG + 1].rsplit("-", 1)[0][:MAX_SLUG]
        digest = hashlib.sha256(name.encode()).hexdigest()
        slug, length = base, 6
        while not slug or slug in taken:
            slug = f"{base or noun}-{digest[:length]}"
            length += 2
        taken.add(slug)
        ids[name] = slug
    return ids


def _records(folder: Path) -> dict[str, str]:
    """The records already in a folder: each id, and each name and other name folded, to its id.
    Only the folder's own regular files are read."""
    known: dict[str, str] = {}
    entries = sorted(os.scandir(folder), key=lambda e: e.name) if folder.is_dir() else []
    for entry in entries:
        stem, suffix = os.path.splitext(entry.name)
        if suffix.lower() not in YAML_SUFFIXES or not entry.is_file(follow_symlinks=False):
            continue
        try:
            values = yaml.load(Path(entry.path).read_text(encoding="utf-8-sig"), Loader=_Loader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            values = None  # the check reports it; its id is taken all the same
        known[stem] = stem
        if isinstance(values, dict):
            names = [values.get("name"), *(values.get("other_names") or [])]
            known.update((folded_name(name), stem) for name in names if isinstance(name, str) and folded_name(name))
    return known


_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _old_claims(root: Path) -> list[_OldClaim]:
    folder = root / CLAIMS_DIR
    found = []
    problems = []
    for name in sorted(os.listdir(folder)) if folder.is_dir() else []:
        path = folder / name
        if os.path.splitext(name)[1].lower() not in YAML_SUFFIXES or path.is_symlink() or not path.is_file():
            continue
        document, read_problems = read_document(path, f"{CLAIMS_DIR}/{name}")
        root_node = document.root
        if b"\r" in path.read_bytes().replace(b"\r\n", b""):
            problems.append(f"{CLAIMS_DIR}/{name}: it ends lines with a carriage return alone; save it with "
                            "Unix (\\n) or Windows (\\r\\n) line ends first")
            continue
        if root_node is None:
            # Unread, it could be in either format: the addresses of the others depend on it.
            problems.append(f"{CLAIMS_DIR}/{name}: cannot be read ({read_problems[0].message if read_problems else ''}); "
                            "fix it first (factdesk check says how)")
            continue
        if not isinstance(root_node, yaml.MappingNode):
            continue
        values = {key.value: value for key, value in root_node.value if isinstance(key, yaml.ScalarNode)}
        claimant = values.get("claimant")
        if not isinstance(claimant, yaml.ScalarNode) or not claimant.value.strip():
            continue
        if "claimants" in values:
            problems.append(f"{CLAIMS_DIR}/{name}: it has both `claimant` and `claimants`; keep one by hand")
            continue
        if root_node.flow_style or any(key.start_mark.column != 0 for key, _ in root_node.value):
            problems.append(f"{CLAIMS_DIR}/{name}: its fields are not written one per line; "
                            "rewrite `claimant:` and `author:` by hand")
            continue
        kind = values.get("claimant_kind")
        author = values.get("author")
        published = values.get("published")
        found.append(_OldClaim(path, root_node, claimant.value,
                               "person" if isinstance(kind, yaml.ScalarNode) and kind.value.strip() == "person"
                               else "organisation",
                               _spaced(author.value) if isinstance(author, yaml.ScalarNode) and author.value.strip()
                               else None,
                               published.value if isinstance(published, yaml.ScalarNode) else ""))
    if problems:
        raise MigrationError("\n".join(problems))
    return found


def _spaced(name: str) -> str:
    # Names that differ only in spacing (a folded YAML line) were one claimant page.
    return " ".join(name.split())


def _write_record(path: Path, spec: RecordSpec, values: dict[str, object]) -> bool:
    """A new record file, written as `factdesk new` writes one; one already there is kept as it is,
    and a symbolic link in its place is never written through."""
    path.parent.mkdir(exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    except FileExistsError:
        return False
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(render(spec, values, spec.name, date.today()))
    return True


_LINES = re.compile(r"[^\n]*\n|[^\n]+$")
"""Lines as libyaml counts them, each with its own ending (`\\r\\n` kept)."""


def _rewrite(claim: _OldClaim, claimant_id: str, person_id: str | None) -> None:
    """The claim file with the older fields replaced: each field is its key's line through its
    value's last line, so a folded or quoted value over several lines goes whole; a comment after a
    one-line value stays."""
    data = claim.path.read_bytes()
    bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
    lines = _LINES.findall(data[len(bom):].decode("utf-8"))
    replacements: dict[str, str | None] = {"claimant": f"claimants: [{_as_written(claimant_id)}]",
                                           "claimant_kind": None}
    if person_id is not None:
        replacements["author"] = f"author: {_as_written(person_id)}"
    spans = []
    for key, value in claim.root.value:
        if not isinstance(key, yaml.ScalarNode) or key.value not in replacements:
            continue
        start = key.start_mark.line
        end = max(start, value.end_mark.line if value.end_mark.column > 0 else value.end_mark.line - 1)
        new = replacements[key.value]
        if new is not None:
            last = lines[end]
            ending = last[len(last.rstrip("\r\n")):] or "\n"
            comment = last[value.end_mark.column:].strip() if value.end_mark.line == end else ""
            new += ("  " + comment if comment.startswith("#") else "") + ending
        spans.append((start, end, [new] if new is not None else []))
    for start, end, new_lines in sorted(spans, reverse=True):
        lines[start:end + 1] = new_lines
    claim.path.write_bytes(bom + "".join(lines).encode("utf-8"))


def _as_written(record_id: str) -> str:
    """An id as YAML reads it back as text: `null` or `true` quoted."""
    return record_id if isinstance(yaml.safe_load(record_id), str) else f"'{record_id}'"
