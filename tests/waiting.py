"""Processes started for a test, and waiting for a state, never for a time: a test polls for what
it asserts."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

DEADLINE = 120.0
"""Seconds to wait for a state that working code reaches in a few: only a broken one waits it out."""


def wait_until(condition: Callable[[], bool], deadline: float = DEADLINE) -> bool:
    """Whether `condition` became true before the deadline, polling it."""
    end = time.monotonic() + deadline
    while not condition():
        if time.monotonic() > end:
            return False
        time.sleep(0.005)
    return True


def interruptible() -> None:
    """Ctrl-C's default action, in a child about to start: a test run started in the background (`make
    test &`) ignores SIGINT, and its children would inherit that, so a test's Ctrl-C would stop nothing."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def started(command: list[str], log: Path, **options: Any) -> subprocess.Popen[bytes]:
    """`command` running in a session of its own (so that a test can kill it, or it and everything
    it started, as a signal from outside would), its output going to `log`."""
    with log.open("wb") as output:
        return subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
                                preexec_fn=interruptible, **options)


@contextmanager
def running(command: list[str], log: Path, **options: Any) -> Iterator[subprocess.Popen[bytes]]:
    """`started`, and ended with its session if the test leaves it running."""
    process = started(command, log, **options)
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def free_port() -> int:
    """A port no process listens on now, for a server a test starts."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
