"""The JSON Schemas: generated from the model, matching the committed files, validating every
file of the publication, and never stricter than the checks."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from factdesk.data.loader import read_publication, read_settings
from factdesk.editors.schema import SCHEMAS_DIR, schemas

from ..conftest import MINI, REPO, copy_data


class Yaml12Loader(yaml.SafeLoader):
    """How editors' tools read YAML (the 1.2 core schema): dates stay text, as in JSON."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def validator(name: str) -> jsonschema.protocols.Validator:
    schema = json.loads((REPO / SCHEMAS_DIR / name).read_text())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_committed_schemas_are_generated_from_the_model():
    scale = read_settings(REPO, []).scale
    for name, text in schemas(scale).items():
        assert (REPO / SCHEMAS_DIR / name).read_text() == text, f"run `factdesk schema` to update {name}"


@pytest.mark.parametrize("kind, folder", [("claim", "claims"), ("source", "sources"), ("claimant", "claimants"),
                                          ("person", "people")])
def test_every_file_of_the_publication_validates(kind, folder):
    check = validator(f"{kind}.schema.json")
    files = sorted((REPO / folder).glob("*.yml"))
    assert files
    for path in files:
        assert path.read_text().startswith(f"# yaml-language-server: $schema=../{SCHEMAS_DIR}/{kind}.schema.json\n")
        errors = [e.message for e in check.iter_errors(yaml.load(path.read_text(), Loader=Yaml12Loader))]
        assert errors == [], path.name


CLAIM = (MINI / "claims" / "bridge-opened-in-1990.yml").read_text()

# (what is replaced, by what, whether the checks reject it). The schema must agree with the
# checks, except where it cannot see: whether a source exists.
MUTATIONS = [
    ("verdict:", "verdit:", True),
    ('verdict: "false"', "verdict: false", False),
    ('verdict: "false"', "verdict: flase", True),
    ('verdict: "false"', "verdict:", True),
    ("author: test-desk\n", "", True),
    ("author: test-desk", "author: ''", True),
    ("author: test-desk", "author: [a, b]", True),
    ("author: test-desk", "author: Test Desk", True),
    ("claimants: [mayor-ann-example]", "claimants: mayor-ann-example", False),
    ("claimants: [mayor-ann-example]", "claimants: []", True),
    ("claimants: [mayor-ann-example]", "claimants: [Mayor Ann]", True),
    ("claimants: [mayor-ann-example]", "claimants: [mayor-ann-example]\nciting: [a]", True),
    ("claim_date: 2024-01-01", "claim_date: 2024-02-30", True),
    ("claim_date: 2024-01-01", "claim_date: 1 Jan 2024", True),
    ("claim_date: 2024-01-01", "claim_date: '2024-01-01'", False),
    ("tags: [infrastructure, dates]", "tags: infrastructure", True),
    ("tags: [infrastructure, dates]", "tags: [1990, true]", False),
    ("tags: [infrastructure, dates]", "tags:", False),
    ("  - source: city-records-2024", "  - source: City_Records", True),
    ("evidence:\n  - source: city-records-2024\n    note: The register gives 12 May 1992 as the opening date.",
     "evidence: []", True),
    ("corrections:", "corrections: null\nx:", True),
    ("    note: An earlier version named the wrong register.", "    note: An earlier version.\n    by: me", True),
]
SCHEMA_CANNOT_SEE = [("  - source: city-records-2024", "  - source: 2024", True),
                     ("author: test-desk", "author: 1984", True),
                     ("claimants: [mayor-ann-example]", "claimants: [ann]", True)]


@pytest.mark.parametrize("old, new, rejected", MUTATIONS + SCHEMA_CANNOT_SEE)
def test_what_the_schema_rejects_the_checks_reject(tmp_path, old, new, rejected):
    assert old in CLAIM
    text = CLAIM.replace(old, new)
    root = copy_data(tmp_path / "pub")
    (root / "claims" / "bridge-opened-in-1990.yml").write_text(text)
    schema_rejects = bool(list(validator("claim.schema.json").iter_errors(yaml.load(text, Loader=Yaml12Loader))))
    assert bool(read_publication(root)[1]) == rejected
    assert schema_rejects == (rejected and (old, new, rejected) not in SCHEMA_CANNOT_SEE)
