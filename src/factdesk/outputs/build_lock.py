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
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

if sys.platform != "win32":
    import fcntl

LOCK_FILE = Path("build") / ".lock"


class ForeignBuildFolder(Exception):
    """build/ holds what factdesk did not put there: the message names it, with the fix."""


def check_build_folder(root: Path) -> None:
    """Raise `ForeignBuildFolder` if build/ is a link, or holds files committed to git. factdesk keeps
    its outputs and caches there (share images, the PDF edition), and publishes them as they are: a
    pull request that committed a file there, or a link to any file the build can read, would have
    it published unchecked. (`.gitignore` lists build/, but `git add -f` adds it all the same.)"""
    build = root / LOCK_FILE.parent
    if build.is_symlink():
        raise ForeignBuildFolder(f"{build} is a symbolic link: factdesk keeps its own files there\n    fix: remove "
                                 "the link (a build makes the folder anew)")
    try:
        listed = subprocess.run(["git", "ls-files", "-z", "--", LOCK_FILE.parent.as_posix()], cwd=root,
                                capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return  # no git, or no answer: nothing can have been committed that it knows of
    committed = [name.decode("utf-8", "replace") for name in listed.stdout.split(b"\0") if name] \
        if listed.returncode == 0 else []
    if committed:
        shown = ", ".join(committed[:3]) + (f" and {len(committed) - 3} more" if len(committed) > 3 else "")
        raise ForeignBuildFolder(f"build/ holds files committed to git ({shown}): factdesk keeps its own outputs "
                                 "and caches there, and would publish these unchecked\n    fix: git rm -r --cached "
                                 "build (build/ is in .gitignore)")


class PublicationLock:
    """The lock of the publication under `root`, held from `acquire` to `release`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.path = root / LOCK_FILE
        self._descriptor: int | None = None

    def acquire(self, command: str, waiting: Callable[[str], None]) -> None:
        """Take the lock, after the command that holds it, if any, is done; `waiting` is told whom
        this waits for. OSError if `build/` cannot be written, `ForeignBuildFolder` if it is not ours."""
        if self._descriptor is not None:
            return
        check_build_folder(self.root)
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
