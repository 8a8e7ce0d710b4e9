"""Generated pages written to files by a second process while the build goes on.

MkDocs reads and converts pages one at a time, in one process. At 10,000 claims, making the
generated pages' Markdown took a dozen seconds before MkDocs converted the first of them. Their
paths are known before their texts (`pages.plan_pages`), so MkDocs is given every page at once,
as a file still to be written, and a forked process writes the texts in the order MkDocs reads
them, far ahead of it (making a page's Markdown takes a tenth of the time converting it does).
MkDocs waits for a page only if it gets there first.

Converting Markdown to HTML is most of a build's time, and MkDocs does it in one process. Given a
`convert`, the second process, once the texts and the open data are written, converts pages too:
from the last page backwards, while MkDocs goes forwards, until the two meet. MkDocs takes a
converted page as it is (`taken`) and converts the others itself, so each page is converted once,
and the two cores share the work whatever their speeds.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from factdesk.data.problems import os_error_message
from factdesk.outputs.child_processes import die_with_parent
from factdesk.site.pages import PlannedPage

FAILURE_BYTES = 8192
"""Room for what went wrong in the writing process, for the build's error: in shared memory, not in
a file, which a full disk would refuse."""


class WritingFailed(Exception):
    pass


Convert = Callable[[str], bytes]
"""A page's conversion, by its path among the docs: bytes that only the caller reads back."""

CONVERTED = ".converted"


class PageWriter:
    """Writes `planned` pages under `folder`, an empty folder of its own, then calls `then` (more
    work that nothing reads before the pages are all converted), then converts with `convert` the
    pages that MkDocs has not reached yet. With `background`, in a forked process: only for a
    process that runs no other threads; without, nothing is converted here."""

    def __init__(self, folder: Path, planned: Sequence[PlannedPage], then: Callable[[], None],
                 background: bool, convert: Convert | None = None) -> None:
        self.folder = folder
        self._order = {page.path: index for index, page in enumerate(planned)}
        context = multiprocessing.get_context("fork")
        self._written = context.RawValue("q", 0)  # pages written so far, in shared memory
        # The furthest page MkDocs has taken, and which pages this process has converted.
        self._taken = context.RawValue("q", -1)
        self._converted = context.RawArray("b", len(planned))
        self._failure_text = context.RawArray("c", FAILURE_BYTES)
        self._process: multiprocessing.process.BaseProcess | None = None
        if background:
            self._process = context.Process(target=self._write, args=(planned, then, convert, os.getpid()),
                                            daemon=True)
            self._process.start()
        else:
            self._write_all(planned, then, None)

    def file(self, relative: str) -> Path:
        """Where the page `relative` (a path among the docs) is, or will be, written."""
        return self.folder / relative

    def wait_for(self, relative: str) -> None:
        """Return once the page `relative` is written (at once for a path not planned here)."""
        index = self._order.get(relative)
        if index is None:
            return
        while self._written.value <= index:
            if self._process is None or self._process.exitcode is not None:
                if self._written.value > index:  # written just before the process ended
                    return
                raise self._failure()
            time.sleep(0.001)

    def taken(self, relative: str) -> bytes | None:
        """MkDocs has reached the page `relative`: its conversion if this process made it, else None
        (and this process will not start it)."""
        index = self._order.get(relative)
        if index is None:
            return None
        self._taken.value = max(self._taken.value, index)
        if not self._converted[index]:
            return None
        return (self.folder / (relative + CONVERTED)).read_bytes()

    def finish(self) -> None:
        """Wait for all the work, and raise `WritingFailed` if any of it failed."""
        if self._process is not None:
            self._process.join()
            if self._process.exitcode != 0:
                raise self._failure()

    def stop(self) -> None:
        """End the writing process if it still runs, and delete the folder."""
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _failure(self) -> WritingFailed:
        cause = self._failure_text.value.decode("utf-8", "replace") \
            or f"the writing process ended with exit code {self._process.exitcode if self._process else None}"
        return WritingFailed(f"factdesk could not write the generated pages:\n{cause}")

    def _write(self, planned: Sequence[PlannedPage], then: Callable[[], None], convert: Convert | None,
               parent_pid: int) -> None:
        try:
            # A build killed while it converts pages (daemon processes are ended only at an
            # orderly exit) must not leave this process writing into a folder nobody will read.
            die_with_parent(parent_pid)
            self._write_all(planned, then, convert)
        except BaseException as error:
            # A full disk or a folder that may not be written is said as such; anything else is a bug,
            # whose traceback's end says most.
            cause = os_error_message(error, f"write the generated pages into {self.folder}") \
                if isinstance(error, OSError) else traceback.format_exc()
            self._failure_text.value = cause.encode("utf-8")[-(FAILURE_BYTES - 1):]
            sys.exit(1)  # an exit code for the parent; the cause is in shared memory, not printed twice

    def _write_all(self, planned: Sequence[PlannedPage], then: Callable[[], None], convert: Convert | None) -> None:
        folders: set[Path] = set()
        for page in planned:
            path = self.folder / page.path
            if path.parent not in folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                folders.add(path.parent)
            with open(path, "w", encoding="utf-8", newline="") as out:
                out.write(page.make())
            self._written.value += 1
        then()
        if convert is None:
            return
        for index in reversed(range(len(planned))):
            if self._taken.value >= index:  # MkDocs is there: it converts the rest
                return
            path = self.folder / (planned[index].path + CONVERTED)
            path.write_bytes(convert(planned[index].path))
            self._converted[index] = 1
