"""Outputs written beside their final name and renamed into place, and what killed runs leave.

A command killed while it writes an edition (SIGKILL, the out-of-memory killer, a cancelled CI
job) must leave the previous edition whole. So an output is written to a temporary file in its
own folder, `.<name>.<random>.partial`, and renamed over its final name once complete: a rename
within one file system is atomic, and readers see the old file or the new one, never half of one.
Each run has a temporary of its own, so two runs at once never write into one file.

A killed run cannot delete its temporary; the next run does (`remove_leftovers`). It must not
delete the temporary of a run still at work on the same output (two `factdesk pdf --output` to
one file, or a command run outside the publication's lock): a run holds an `flock` on its
temporary while it writes, which the kernel drops when the process ends, however it ends, and
only unlocked temporaries are removed.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

if sys.platform != "win32":
    import fcntl

PARTIAL = ".partial"


@contextmanager
def writing_beside(output: Path) -> Iterator[BinaryIO]:
    """A new file, open for writing, in `output`'s folder: renamed to `output` when the block ends,
    deleted if it raises. Until then `output`, if there is one, is left as it was.

    No process may be forked while the block runs: a child would share the lock, and keep it
    (with the temporary) for as long as it lived."""
    output.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = _locked_temporary(output)
    try:
        with os.fdopen(handle, "wb") as stream:
            if sys.platform != "win32":
                os.fchmod(handle, _mode_for(output))
            yield stream
            stream.flush()
            # Data on the disk before the rename, so that a machine that stops just after it
            # does not come back with the name pointing at an empty file.
            os.fsync(stream.fileno())
            os.replace(temporary, output)  # the lock goes when the file closes, after the rename
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def remove_leftovers(output: Path) -> list[Path]:
    """Delete the temporaries that runs killed while writing `output` left beside it (and the
    `<name>.partial` of earlier versions, which wrote there); returns them."""
    prefix, old_style = f".{output.name}.", output.name + PARTIAL
    try:
        entries = list(os.scandir(output.parent))
    except (FileNotFoundError, NotADirectoryError):
        return []
    removed = []
    for entry in entries:
        ours = entry.name == old_style or (entry.name.startswith(prefix) and entry.name.endswith(PARTIAL))
        if ours and entry.is_file(follow_symlinks=False) and _remove_if_unused(Path(entry.path)):
            removed.append(Path(entry.path))
    return removed


def _locked_temporary(output: Path) -> tuple[int, Path]:
    """A new file beside `output`, open and locked. Another run's `remove_leftovers` can come
    between its creation and its lock, and delete it: then another is made."""
    while True:
        handle, name = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=PARTIAL)
        temporary = Path(name)
        try:
            if _lock(handle) and _names(temporary, handle):
                return handle, temporary
        except BaseException:
            os.close(handle)
            temporary.unlink(missing_ok=True)
            raise
        os.close(handle)


def _remove_if_unused(path: Path) -> bool:
    if sys.platform == "win32":
        # No flock. A file open in another process cannot be deleted there, which protects a
        # temporary in use all the same.
        try:
            path.unlink()
        except OSError:
            return False
        return True
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:  # gone already, or not ours to open
        return False
    try:
        if not _lock(handle):
            return False  # a run still at work on it
        # Still the file that was opened? A run that finished renamed it and the name is gone.
        if not _names(path, handle):
            return False
        path.unlink(missing_ok=True)
        return True
    finally:
        os.close(handle)


def _lock(handle: int) -> bool:
    """Whether this process got the exclusive lock on the open file."""
    if sys.platform == "win32":
        return True  # see _remove_if_unused
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _names(path: Path, handle: int) -> bool:
    """Whether `path` is the file open as `handle`."""
    try:
        named = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    opened = os.fstat(handle)
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


def _mode_for(output: Path) -> int:
    """The permissions `output` has, or else those a new file gets (mkstemp makes files that only
    their owner can read, and the editions are published)."""
    try:
        return stat.S_IMODE(os.stat(output).st_mode)
    except OSError:
        pass
    # The umask can only be read by setting it; nothing in these commands creates files from
    # another thread meanwhile.
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask
