"""New claim, source, claimant and person files, written with a comment on every field from `fields`.

What the editor has not given yet is left empty, so that `factdesk check` points at it: a
scaffold never carries placeholder text that could be published by mistake.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from factdesk.data.fields import CLAIM, SOURCE, Field, Kind, RecordSpec
from factdesk.data.loader import CLAIMS_DIR, SOURCES_DIR, YAML_SUFFIXES, is_reserved
from factdesk.data.records import slugify
from factdesk.editors.schema import SCHEMAS_DIR

MAX_SLUG_WORDS = 8


class ScaffoldError(Exception):
    pass


def claim_slug(claim: str) -> str:
    """An address from the claim's first words: short enough to share, stable once published.
    An apostrophe joins its word ("Japan's" gives `japans`, not `japan-s`)."""
    return "-".join(slugify(re.sub(r"(?<=\w)['’](?=\w)", "", claim)).split("-")[:MAX_SLUG_WORDS])


def new_claim(root: Path, values: Mapping[str, Any], slug: str | None = None, today: date | None = None) -> Path:
    today = today or date.today()
    values = {"published": today, **values}
    slug = slug or claim_slug(str(values.get("claim") or ""))
    return _write(root, CLAIMS_DIR, slug, CLAIM, values, today)


def new_source(root: Path, source_id: str, values: Mapping[str, Any], text: str | None = None,
               today: date | None = None) -> Path:
    problem = name_problem(root, SOURCES_DIR, source_id)
    if problem is not None:  # before the id becomes the text's path
        raise ScaffoldError(problem)
    text_path = root / SOURCES_DIR / f"{source_id}.txt"
    if text is not None and text_path.exists():
        raise ScaffoldError(f"{text_path} already exists; factdesk new never overwrites a file")
    path = _write(root, SOURCES_DIR, source_id, SOURCE, values, today or date.today())
    if text is not None:
        text_path.write_text(text, encoding="utf-8")
    return path


def new_record(root: Path, folder: str, spec: RecordSpec, record_id: str, values: Mapping[str, Any],
               today: date | None = None) -> Path:
    """A new claimant or person file, `folder/<record_id>.yml`."""
    return _write(root, folder, record_id, spec, values, today or date.today())


def name_problem(root: Path, folder: str, record_id: str) -> str | None:
    """Why `folder/<record_id>.yml` cannot be a new file, or None. The id is checked before it
    becomes a path: `../x` would write outside the folder."""
    if not record_id or record_id != slugify(record_id):
        return f"`{record_id}` cannot be an address: use lowercase letters, digits and hyphens"
    if is_reserved(folder, record_id):
        return f"`{record_id}` is the address of a listing page of {folder}/"
    taken = next((f"{folder}/{record_id}{suffix}" for suffix in YAML_SUFFIXES
                  if (root / folder / f"{record_id}{suffix}").exists()), None)
    if taken is not None:
        return f"{taken} already exists; factdesk new never overwrites a file"
    return None


def _write(root: Path, folder: str, record_id: str, spec: RecordSpec, values: Mapping[str, Any], today: date) -> Path:
    problem = name_problem(root, folder, record_id)
    if problem is not None:
        raise ScaffoldError(problem)
    path = root / folder / f"{record_id}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(spec, values, spec.name, today), encoding="utf-8")
    return path


def render(spec: RecordSpec, values: Mapping[str, Any], kind: str, today: date) -> str:
    lines = [f"# yaml-language-server: $schema=../{SCHEMAS_DIR}/{kind}.schema.json"]
    for spec_field in spec.fields:
        value = values.get(spec_field.name)
        if value in (None, "", [], ()) and not spec_field.required:
            lines.append(f"# {spec_field.name}: {spec_field.example_on(today)}   # optional: {spec_field.doc}")
            continue
        lines.append(f"# {spec_field.doc}" + _requirement(spec_field))
        lines.extend(_field_lines(spec_field, value))
    return "\n".join(lines) + "\n"


def _requirement(spec_field: Field) -> str:
    if spec_field.kind is Kind.RECORDS and spec_field.record is not None:
        return " Each entry: " + ", ".join(f"`{f.name}`" for f in spec_field.record.fields) + "."
    return ""


def _field_lines(spec_field: Field, value: Any) -> list[str]:
    if value in (None, "", [], ()):
        return [f"{spec_field.name}:"]
    if spec_field.kind is Kind.MARKDOWN:
        body = "\n".join("  " + line if line else "" for line in str(value).strip().splitlines())
        return [f"{spec_field.name}: |", body]
    dumped = yaml.safe_dump({spec_field.name: value}, allow_unicode=True, sort_keys=False, width=100_000)
    return dumped.rstrip("\n").splitlines()
