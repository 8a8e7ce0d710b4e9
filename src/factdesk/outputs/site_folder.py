"""The site folder, replaced whole by a build that succeeded, and never left broken.

A build writes into `<site>.partial/` beside the site folder. Once it has succeeded, the site
folder is renamed `<site>.previous/`, the new one renamed into its place, and the previous one
deleted: each rename is atomic, and only between the two is there no site folder. A build killed
there, or while writing, leaves these folders behind; the next build (which holds the
publication's lock, so no other is at work) puts the previous site back or deletes them
(`recover`). Before building, `check_replaceable` makes sure the old site can be deleted and the
new one moved in: a site folder that another user owns, or a read-only one, would otherwise fail
only after the whole build, half replaced.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from factdesk.data.problems import os_error_message


class SiteFolderError(Exception):
    """What prevents replacing the site folder: the message names the path, the cause and the fix."""

    @classmethod
    def of(cls, error: OSError, doing: str) -> SiteFolderError:
        return cls(os_error_message(error, doing))


class SiteFolder:
    def __init__(self, final: Path) -> None:
        self.final = final
        self.staging = final.with_name(final.name + ".partial")
        self.previous = final.with_name(final.name + ".previous")

    def recover(self) -> None:
        """Undo what a killed build left: the previous site back in place if the new one was not
        moved in yet, and no staging or previous folder."""
        if self.previous.is_dir() and not self.previous.is_symlink() and not self.final.exists():
            _rename(f"restore the previous site {self.previous}", self.previous, self.final)
        for leftover in (self.previous, self.staging):
            if leftover.is_symlink():  # never ours, and never followed
                leftover.unlink()
            elif leftover.exists():
                self._remove(leftover)

    def check_replaceable(self) -> None:
        """Raise `SiteFolderError` unless the site folder's parent can take the new folder and every
        folder of the old site can be emptied."""
        parent = self.final.parent
        parent.mkdir(parents=True, exist_ok=True)
        _require_writable(parent)
        if not self.final.exists():
            return
        if self.final.is_symlink() or not self.final.is_dir():
            raise SiteFolderError(f"cannot replace {self.final}: it is not a folder\n    fix: move it away, or "
                                  "choose another site folder (--site-dir)")
        for folder, _, _ in os.walk(self.final, onerror=_unlistable):
            _require_writable(Path(folder))

    def replace(self) -> None:
        """Move the staging folder into the site folder's place; on failure, the previous site stays."""
        moved_aside = False
        if self.final.exists():
            _rename(f"move the site {self.final} aside", self.final, self.previous)
            moved_aside = True
        try:
            _rename(f"move the new site {self.staging} into place", self.staging, self.final)
        except SiteFolderError:
            if moved_aside:
                os.rename(self.previous, self.final)
            raise
        if moved_aside:
            self._remove(self.previous)

    def discard(self) -> None:
        """Delete the staging folder of a failed build."""
        shutil.rmtree(self.staging, ignore_errors=True)

    def _remove(self, folder: Path) -> None:
        try:
            shutil.rmtree(folder)
        except OSError as error:
            raise SiteFolderError.of(error, f"delete {folder}") from None


def _rename(doing: str, source: Path, target: Path) -> None:
    try:
        os.rename(source, target)
    except OSError as error:
        raise SiteFolderError.of(error, doing) from None


def _unlistable(error: OSError) -> None:
    raise SiteFolderError.of(error, "read the site folder")


def _require_writable(folder: Path) -> None:
    """Whether this process may list, create and delete entries in `folder` (as the kernel would judge
    it, privileges included: `os.access` asks the kernel)."""
    if os.access(folder, os.R_OK | os.W_OK | os.X_OK):
        return
    owner, mine = folder.stat().st_uid, os.geteuid()
    why = f"it belongs to user id {owner}, and this build runs as user id {mine}" if owner != mine \
        else "its rights do not let this build list and change it (`ls -ld` shows them)"
    raise SiteFolderError(f"cannot replace the site: no right to write in {folder}: {why}\n    fix: make it "
                          f"writable by the user who builds (`chmod -R u+rwx` it, or `chown -R` it to that user), "
                          "or delete it")
