"""The claims explorer's index (factdesk.site.explorer_index) read back, as explorer.js reads it: from
the texts a build wrote or from `index_files`."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factdesk.site import pages

_SCRIPT = re.compile(r'factdeskExplorer\.receive\(("[^"]+"),(.*)\);\n', re.S)


def read_script(text: str) -> tuple[str, Any]:
    """The name and data an index file hands to the explorer; it must be nothing but that call."""
    found = _SCRIPT.fullmatch(text)
    assert found, text[:200]
    return json.loads(found.group(1)), json.loads(found.group(2))


@dataclass
class Claim:
    """A claim of a chunk, by the names of explorer_index.Record's fields, with its chunk and words."""

    slug: str
    claim: str
    verdict: str
    claimants: list[str]
    made: str
    date: str
    sources: list[str]
    tags: list[str]
    chunk: int
    words: str


@dataclass
class Index:
    facets: dict[str, Any]
    claims: list[Claim]  # in the chunks' order, newest first

    def options(self, facet: str) -> list[str]:
        """A filter's values, in the order the explorer offers them."""
        return [entry[0] for entry in self.facets[facet]]

    def values(self, claim: Claim) -> dict[str, list[str]]:
        """The claim's value of each filter, as explorer.js matches them."""
        kinds = {entry[0]: entry[4] for entry in self.facets["claimant"]}
        return {"verdict": [claim.verdict], "source": claim.sources, "claimant": claim.claimants,
                "kind": list(dict.fromkeys(kinds[who] for who in claim.claimants)), "tag": claim.tags,
                "year": [claim.made[:4]]}


def read_index(read: Callable[[str], str]) -> Index:
    """The index whose files `read` gives by their path among the docs (or in the site)."""
    name, facets = read_script(read(f"{pages.EXPLORER_DATA}/facets.js"))
    assert name == "facets"
    claims = []
    for at, (chunk, _, size) in enumerate(facets["chunks"]):
        named, records = read_script(read(f"{pages.EXPLORER_DATA}/claims-{chunk}.js"))
        named_words, words = read_script(read(f"{pages.EXPLORER_DATA}/words-{chunk}.js"))
        assert (named, named_words) == (f"claims-{chunk}", f"words-{chunk}")
        assert len(records) == len(words) == size
        claims += [Claim(*record, chunk=at, words=text) for record, text in zip(records, words)]
    return Index(facets, claims)


def built_index(site: Path) -> Index:
    """The index in a built site."""
    return read_index(lambda path: (site / path).read_text(encoding="utf-8"))
