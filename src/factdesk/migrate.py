"""`factdesk migrate`: a publication written in an older file format, rewritten in the current one.

The one change of format so far: a claim's `claimant` (free text, with `claimant_kind`) and
`author` (free text) became ids of records, `claimants/<id>.yml` and `people/<id>.yml`. Each
distinct name becomes one record, whose id is the address its claimant page had, so that every
published page keeps its address. Claim files are edited line by line, and keep their comments.

The corrections rule reads the published publication through this same migration (see
`history`), so moving to the new format is never taken for an editorial change.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from .fields import CLAIMANT, PERSON, RecordSpec
from .loader import CLAIMANTS_DIR, CLAIMS_DIR, PEOPLE_DIR, YAML_SUFFIXES, folded_name
from .pages import unaccented
from .records import slugify
from .scaffold import render
from .yamlfile import read_document

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


@dataclass
class _OldClaim:
    path: Path
    lines: list[str]
    root: yaml.MappingNode
    claimant: str
    kind: str
    author: str | None
    published: str


def migrate(root: Path) -> Migration:
    """Rewrites every claim file of the older format under `root`, and writes the records they name.

    Refuses, and changes nothing, if any such file cannot be rewritten safely."""
    old = _old_claims(root)
    done = Migration()
    if not old:
        return done
    claimant_ids = claimant_addresses((claim.claimant, claim.published, claim.path.stem) for claim in old)
    person_ids = {name: slugify(unaccented(name)) or "author" for name in {c.author for c in old if c.author}}
    # A name that a record has already (a migration half done by hand) names that record.
    for name, known in _records(root / CLAIMANTS_DIR).items():
        for spelled, address in list(claimant_ids.items()):
            if folded_name(spelled) == name and address != known:
                claimant_ids[spelled] = known
                done.notes.append(f"“{spelled}” is {CLAIMANTS_DIR}/{known}.yml, but its page was claimants/{address}/: "
                                  f"add `{address}` to that record's `formerly:`, so that the address still answers")
    people = _records(root / PEOPLE_DIR)
    person_ids = {name: people.get(folded_name(name), people.get(name, record_id))
                  for name, record_id in person_ids.items()}
    for name, record_id in sorted(claimant_ids.items(), key=lambda item: item[1]):
        kind = next(c.kind for c in old if _spaced(c.claimant) == name)
        if _write_record(root / CLAIMANTS_DIR / f"{record_id}.yml", CLAIMANT, {"name": name, "kind": kind}):
            done.claimants.append(f"{CLAIMANTS_DIR}/{record_id}.yml")
    for name, record_id in sorted(person_ids.items(), key=lambda item: item[1]):
        if _write_record(root / PEOPLE_DIR / f"{record_id}.yml", PERSON, {"name": name}):
            done.people.append(f"{PEOPLE_DIR}/{record_id}.yml")
    for claim in old:
        new_lines = _rewritten(claim, claimant_ids[_spaced(claim.claimant)],
                               person_ids[claim.author] if claim.author else None)
        claim.path.write_text("".join(new_lines), encoding="utf-8")
        done.claims.append(f"{CLAIMS_DIR}/{claim.path.name}")
    return done


def _records(folder: Path) -> dict[str, str]:
    """The records already in a folder: each id, and each name and other name folded, to its id."""
    known: dict[str, str] = {}
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() and not folder.is_symlink() else []:
        try:
            values = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_Loader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue  # the check reports it
        known[path.stem] = path.stem
        if isinstance(values, dict):
            names = [values.get("name"), *(values.get("other_names") or [])]
            known.update((folded_name(name), path.stem) for name in names if isinstance(name, str))
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
        document, _ = read_document(path, f"{CLAIMS_DIR}/{name}")
        root_node = document.root
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
        found.append(_OldClaim(path, path.read_text(encoding="utf-8-sig").splitlines(keepends=True), root_node,
                               claimant.value, "person" if isinstance(kind, yaml.ScalarNode)
                               and kind.value.strip() == "person" else "organisation",
                               " ".join(author.value.split()) if isinstance(author, yaml.ScalarNode)
                               and author.value.strip() else None,
                               published.value if isinstance(published, yaml.ScalarNode) else ""))
    if problems:
        raise MigrationError("\n".join(problems))
    return found


def _spaced(name: str) -> str:
    # Names that differ only in spacing (a folded YAML line) were one claimant page.
    return " ".join(name.split())


def claimant_addresses(claims: Iterable[tuple[str, str, str]]) -> dict[str, str]:
    """Each claimant name (spacing aside), given as (name, date the claim was published, claim's file
    name) for every claim, with the address its page had in the older format: of names that slug
    alike, the one whose first claim was published earliest has the plain slug, the others a suffix
    from a hash of their name, so that no address moved when a claimant was added."""
    first: dict[str, tuple[str, str]] = {}
    for name, published, stem in claims:
        name = _spaced(name)
        first[name] = min(first.get(name, (published, stem)), (published, stem))
    taken = {"index"}
    ids: dict[str, str] = {}
    for name in sorted(first, key=lambda n: (first[n], n)):
        base = slugify(unaccented(name))  # "lavrov" from "Lavróv", not "lavro-v"
        if len(base) > MAX_SLUG:  # an address to read, not the whole of a long description
            base = base[:MAX_SLUG + 1].rsplit("-", 1)[0][:MAX_SLUG]
        digest = hashlib.sha256(name.encode()).hexdigest()
        slug, length = base, 6
        while not slug or slug in taken:
            slug = f"{base or 'claimant'}-{digest[:length]}"
            length += 2
        taken.add(slug)
        ids[name] = slug
    return ids


def _write_record(path: Path, spec: RecordSpec, values: dict[str, str]) -> bool:
    """A new record file, written as `factdesk new` writes one; one already there (from a migration
    run before) is kept as it is."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(spec, values, spec.name, date.today()), encoding="utf-8")
    return True


def _rewritten(claim: _OldClaim, claimant_id: str, person_id: str | None) -> list[str]:
    """The claim file's lines, with the older fields replaced: each field is its key's line through
    its value's last line, so a folded or quoted value over several lines goes whole."""
    replacements: dict[str, list[str]] = {"claimant": [f"claimants: [{claimant_id}]\n"], "claimant_kind": []}
    if person_id is not None:
        replacements["author"] = [f"author: {person_id}\n"]
    lines = list(claim.lines)
    spans = []
    for key, value in claim.root.value:
        if isinstance(key, yaml.ScalarNode) and key.value in replacements:
            end = value.end_mark.line if value.end_mark.column > 0 else value.end_mark.line - 1
            spans.append((key.start_mark.line, max(end, key.start_mark.line), replacements[key.value]))
    for start, end, new in sorted(spans, reverse=True):
        lines[start:end + 1] = new
    return lines
