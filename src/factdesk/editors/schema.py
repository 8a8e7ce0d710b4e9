"""JSON Schemas of claim, source, claimant and person files, generated from `fields`, for editors' editors.

A schema is a guide, never stricter than the checks: anything it rejects, `factdesk check`
rejects too. It is looser where a schema cannot see far enough (whether a source exists,
whether a quote occurs, whether a date is real).
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import yaml

from factdesk.data.fields import (
    CLAIM,
    CLAIMANT,
    LIST_ENTRIES,
    ONE_ALONE,
    PERSON,
    SOURCE,
    STORY,
    Field,
    Kind,
    RecordSpec,
)
from factdesk.data.model import VerdictScale
from factdesk.data.records import COLOUR, ICON, LANGUAGE, SLUG, TAG

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMAS_DIR = "schemas"
"""Where the schemas live, in a project and on the site; YAML files point to them by a comment."""

# YAML reads a plain `1984` or `yes` as a number or boolean; the checks take it as text.
_SCALAR = ["string", "number", "boolean"]


def record_schema(spec: RecordSpec, scale: VerdictScale) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {f.name: _field_schema(f, scale) for f in spec.fields},
        "required": [f.name for f in spec.fields if f.required],
        "additionalProperties": False,
    }


def file_schema(spec: RecordSpec, scale: VerdictScale, title: str) -> dict[str, Any]:
    return {"$schema": SCHEMA_DIALECT, "title": title, **record_schema(spec, scale)}


def schemas(scale: VerdictScale) -> dict[str, str]:
    """File name to JSON text, for every kind of file an editor writes."""
    return {
        "claim.schema.json": _dump(file_schema(CLAIM, scale, "A factdesk claim file (claims/<slug>.yml)")),
        "source.schema.json": _dump(file_schema(SOURCE, scale, "A factdesk source file (sources/<id>.yml)")),
        "claimant.schema.json": _dump(file_schema(CLAIMANT, scale, "A factdesk claimant (claimants/<id>.yml)")),
        "person.schema.json": _dump(file_schema(PERSON, scale, "A factdesk fact-checker or editor (people/<id>.yml)")),
        "story.schema.json": _dump(file_schema(STORY, scale, "A factdesk story followed over time (stories/<id>.yml)")),
    }


def _dump(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def _field_schema(spec_field: Field, scale: VerdictScale) -> dict[str, Any]:
    schema: dict[str, Any] = {"description": spec_field.doc}
    if spec_field.example:
        schema["examples"] = [spec_field.example]
    schema.update(_kind_schema(spec_field, scale))
    if not spec_field.required:
        # An empty optional field is allowed: the checks read it as absent.
        schema = {"anyOf": [schema, {"type": "null"}], "description": spec_field.doc}
    return schema


def _pattern(regex: Any) -> dict[str, Any]:
    return {"type": "string", "pattern": f"^{regex.pattern}$"}


def _kind_schema(spec_field: Field, scale: VerdictScale) -> dict[str, Any]:
    kind = spec_field.kind
    if kind in (Kind.TEXT, Kind.MARKDOWN):
        return {"type": _SCALAR, "minLength": 1, "pattern": r"\S"}
    if kind is Kind.DATE:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    if kind is Kind.URL:
        return {"type": "string", "format": "uri", "pattern": r"^https?://\S+$"}
    if kind in (Kind.SLUG, Kind.SOURCE_ID, Kind.CLAIM_ID, Kind.CLAIMANT_ID, Kind.PERSON_ID):
        return {"type": ["string", "integer"], "pattern": f"^{SLUG.pattern}$"}
    if kind in ONE_ALONE:
        one = _kind_schema(replace(spec_field, kind=LIST_ENTRIES[kind]), scale)
        return {"anyOf": [one, {"type": "array", "minItems": spec_field.min_items, "items": one}]}
    if kind in LIST_ENTRIES:
        return {"type": "array", "items": _kind_schema(replace(spec_field, kind=LIST_ENTRIES[kind]), scale)}
    if kind is Kind.VERDICT:
        return {"enum": _as_yaml_reads(scale.keys)}
    if kind is Kind.CHOICE:
        return {"enum": _as_yaml_reads(spec_field.choices)}
    if kind is Kind.LANGUAGE:
        return _pattern(LANGUAGE)
    if kind is Kind.COLOUR:
        return _pattern(COLOUR)
    if kind is Kind.ICON:
        return _pattern(ICON)
    if kind is Kind.INTEGER:
        return {"type": "integer"}
    if kind is Kind.TAGS:
        return {"type": "array", "items": {"type": _SCALAR, "pattern": f"^{TAG.pattern}$"}}
    if kind is Kind.RECORD:
        assert spec_field.record is not None
        return record_schema(spec_field.record, scale)
    if kind is Kind.TEXTS:
        return {"type": "array", "items": {"type": _SCALAR, "minLength": 1, "pattern": r"\S"}}
    if kind is Kind.TRANSLATIONS:
        # Which languages the publication is in is in factdesk.yml, which the checks read: any code here.
        assert spec_field.record is not None
        return {"type": "object", "propertyNames": _pattern(LANGUAGE),
                "additionalProperties": {"anyOf": [record_schema(spec_field.record, scale), {"type": "null"}]}}
    assert kind is Kind.RECORDS and spec_field.record is not None
    return {"type": "array", "minItems": spec_field.min_items, "items": record_schema(spec_field.record, scale)}


def _as_yaml_reads(words: tuple[str, ...] | list[str]) -> list[Any]:
    """Each word, and the value YAML reads when it is written unquoted (`false` is a boolean)."""
    values: list[Any] = list(words)
    for word in words:
        read = yaml.safe_load(word)
        if not isinstance(read, str):
            values.append(read)
    return values
