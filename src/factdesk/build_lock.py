"""One command at a time writes a publication's outputs.

Two builds in one folder share `site.partial/`, `build/exports/` and `build/offline/`: run at
once, each cleaned or replaced what the other was writing, and both exited 0 with pages missing.
So a command that writes them (`mkdocs build`, `factdesk pdf`, the offline zip) first takes an
exclusive lock on `build/.lock`, and a second one waits for the first, saying whom it waits for.
An `flock` is released by the kernel when its process ends, however it ends: a killed build
never leaves the publication locked.

A preview (`mkdocs serve`) takes no lock: it builds into a folder of its own, and holding the
lock for its lifetime would stop every build while an editor previews.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

if sys.platform != "win32":
    import fcntl

LOCK_FILE = Path("build") / ".lock"


class PublicationLock:
    """The lock of the publication under `root`, held from `acquire` to `release`."""

    def __init__(self, root: Path) -> None:
        self.path = root / LOCK_FILE
        self._descriptor: int | None = None

    def acquire(self, command: str, waiting: Callable[[str], None]) -> None:
        """Take the lock, after the command that holds it, if any, is done; `waiting` is told whom
        this waits for. OSError if `build/` cannot be written."""
        if self._descriptor is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        try:
            if sys.platform != "win32":
                try:
                    fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    holder = os.pread(descriptor, 200, 0).decode("utf-8", "replace").strip() or "another command"
                    waiting(f"waiting for {holder} to finish: one command at a time writes {self.path.parent}/")
                    fcntl.flock(descriptor, fcntl.LOCK_EX)
            os.ftruncate(descriptor, 0)
            os.pwrite(descriptor, f"{command} (process {os.getpid()})\n".encode(), 0)
        except BaseException:
            os.close(descriptor)
            raise
        self._descriptor = descriptor

    def release(self) -> None:
        if self._descriptor is not None:
            os.close(self._descriptor)  # closing the last descriptor releases the flock
            self._descriptor = None


@contextmanager
def held(root: Path, command: str, waiting: Callable[[str], None]) -> Iterator[None]:
    lock = PublicationLock(root)
    lock.acquire(command, waiting)
    try:
        yield
    finally:
        lock.release()
