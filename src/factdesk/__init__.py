"""factdesk: fact-checks kept as YAML data, checked, and published as a site.

The public API: `load_publication` and `read_publication` (load and check a folder),
`Publication` and its records, `Problem` and `PublicationError`, and `generate_pages`.
Nothing here imports MkDocs; `factdesk.mkdocs_adapter` is the only module that does.
"""

from factdesk.data.loader import load_publication, read_publication
from factdesk.data.model import (
    Appearance,
    Claim,
    Correction,
    Evidence,
    Publication,
    Settings,
    Source,
    Verdict,
    VerdictScale,
)
from factdesk.data.problems import Problem, PublicationError
from factdesk.site.pages import Page, generate_pages

__all__ = [
    "Appearance", "Claim", "Correction", "Evidence", "Page", "Problem", "Publication", "PublicationError",
    "Settings", "Source", "Verdict", "VerdictScale", "generate_pages", "load_publication", "read_publication",
]
