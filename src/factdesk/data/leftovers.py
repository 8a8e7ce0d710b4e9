"""What editors' tools and systems leave beside a publication's files: never read, never reported.

Backups (`x.yml~`, `#x.yml#`), Emacs' locks (`.#x.yml`), Vim's swap files (`.x.yml.swp`), folder
metadata (`.DS_Store`, `Thumbs.db`, `desktop.ini`) and `.gitkeep`. Every other entry of `claims/`
and `sources/` is read, or named in a problem: a file that is not read must never pass for one
that was. The check, the site build and the PDF edition's record of its inputs pass by the same
names, so that they never disagree on what the publication holds.
"""

from __future__ import annotations

import re

_LEFTOVER = re.compile(r".*~|#.*#|\.#.*|\..*\.sw[a-p]|\.DS_Store|\.gitkeep|Thumbs\.db|desktop\.ini")


def is_leftover(name: str) -> bool:
    """Whether a file name is one of these leftovers."""
    return _LEFTOVER.fullmatch(name) is not None
