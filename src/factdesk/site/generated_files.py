"""Generated pages kept as files between builds, for incremental builds such as a preview's.

An incremental build (MkDocs' `--dirty`) renders a page again only when its file is newer than
the page it built last time. So a generated page must be a file that is written only when its
text changes: then an edit of one claim rewrites the few pages that show it, and the thousands
of others keep their time and are left alone.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


class GeneratedFolder:
    """A folder of generated files, each rewritten only when its content differs."""

    def __init__(self, root: Path) -> None:
        self.root = root
        # What this process last wrote, so that a preview compares in memory instead of reading
        # every file back; after a restart the files on disk are read.
        self._written: dict[str, str | bytes] = {}
        self._kept: set[str] = set()
        self._previous: set[str] | None = None

    def write(self, relative: str, content: str | bytes) -> Path:
        """The file's path, after writing `content` to it unless it already holds exactly that."""
        path = self.root / relative
        self._kept.add(relative)
        last = self._written.get(relative)
        # `is` first: most often the very text of the last build, kept in a memo.
        if last is not None and (last is content or last == content):
            self._written[relative] = content
            return path
        data = content.encode("utf-8") if isinstance(content, str) else content
        try:
            unchanged = last is None and path.read_bytes() == data
        except OSError:
            unchanged = False
        if not unchanged:
            write_pieces(path, data)
        self._written[relative] = content
        return path

    def remove_others(self) -> None:
        """Delete what earlier builds wrote and this one did not (a claim since removed)."""
        if self._previous is None:  # the first build of this process: whatever is on disk
            on_disk = self.root.rglob("*") if self.root.is_dir() else ()
            self._previous = {p.relative_to(self.root).as_posix() for p in on_disk if p.is_file()}
        for relative in self._previous - self._kept:
            (self.root / relative).unlink(missing_ok=True)
            self._written.pop(relative, None)
        self._previous, self._kept = self._kept, set()


def write_pieces(path: Path, content: str | bytes | Iterable[str]) -> Path:
    """Write text piece by piece as the pieces are made (or bytes at once), so that a file of many
    megabytes is never whole in memory; through a temporary file beside it, so that no reader (a
    server, another build sharing a cache) ever sees one half written, and none is left behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        if isinstance(content, bytes):
            with os.fdopen(handle, "wb") as raw:
                raw.write(content)
        else:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                out.writelines([content] if isinstance(content, str) else content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
