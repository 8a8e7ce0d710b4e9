"""Forked worker processes that end when the process that started them ends, however it ends.

A worker forked by `factdesk pdf` (or by a build's page writer) waits on a pipe for its next job.
Every worker inherits the write end of that pipe at the fork, so when the parent is killed
(SIGKILL, the out-of-memory killer, a CI job cancelled) no worker ever reads end-of-file: each
would wait for ever, holding its memory (WeasyPrint's, hundreds of megabytes) and the pipe. An
orderly exit is not enough either: multiprocessing ends its children from `atexit`, which a
killed process never runs. So each worker asks the kernel to kill it when its parent dies.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1
"""From <linux/prctl.h>: the signal a process receives when its parent dies."""


def die_with_parent(parent_pid: int) -> None:
    """Make this process (a child just forked by `parent_pid`) be killed when its parent ends; meant
    as the `initializer` of a `ProcessPoolExecutor`, or the first call in a forked process's target.

    Linux only. The signal is sent when the *thread* that forked this process ends, not the whole
    process, so the fork must come from a thread that lives as long as the work: the main thread
    here. `ProcessPoolExecutor` with the fork context (CPython 3.11, concurrent/futures/process.py)
    forks all its workers in `_launch_processes`, called by the first `submit` in the thread that
    calls it, before its manager thread starts; it forks no more later (it forks replacements only
    for `max_tasks_per_child`, which it refuses with fork, and a worker that dies breaks the pool
    instead of being replaced). `PageWriter` forks from the thread that builds the site, the main
    one.

    Elsewhere this does nothing: macOS and Windows have no death signal (macOS could watch the
    parent with kqueue, from a thread of its own in each worker; FreeBSD has procctl's
    PROC_PDEATHSIG_CTL, unused here). There the PDF's workers are spawned,
    not forked (`pdf_edition._workers`), and a killed `factdesk pdf` can leave them waiting on
    their queue until they are ended by hand; an orderly exit, a failure or Ctrl-C still ends them,
    as the pool shuts them down. A page writer left by a killed build does not wait for anything:
    it writes its pages, which nobody reads, and exits. The editions are built on Linux (CI, the
    Makefile), where this holds.
    """
    if sys.platform != "linux":
        return
    libc = ctypes.CDLL(None, use_errno=True)  # the C library the interpreter is linked with
    if libc.prctl(ctypes.c_int(PR_SET_PDEATHSIG), ctypes.c_ulong(signal.SIGKILL),
                  ctypes.c_ulong(0), ctypes.c_ulong(0), ctypes.c_ulong(0)) != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"prctl(PR_SET_PDEATHSIG): {os.strerror(error)}")
    # The parent may have died between the fork and the prctl: this process was then already
    # adopted (by init or a subreaper), the signal is armed against the adopter and will not come.
    # Its pid is no longer the one that forked us, so there is nobody to work for: leave now,
    # without the parent's atexit handlers, which a forked child inherits and must not run.
    if os.getppid() != parent_pid:
        os._exit(1)
