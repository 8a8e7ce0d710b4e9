"""Font files from their Python packages, so that every machine sets text with the same fonts.

Shared by the PDF edition (`typeset`) and the share images (`share_card`); it imports neither
WeasyPrint nor Pillow, so the site build does not load the PDF edition's libraries."""

from __future__ import annotations

import importlib.util
from pathlib import Path


class FontsMissing(RuntimeError):
    pass


def packaged_font(package: str, name: str) -> Path | None:
    """The font file `name` that the installed `package` ships in its `files/` folder, if any."""
    spec = importlib.util.find_spec(package)
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "files" / name
        if path.is_file():
            return path
    return None
