"""Timing and peak memory of a command, for the benchmarks: each command runs as a subprocess,
timed from start to exit (interpreter start and imports included), and its peak memory is the
peak of the resident memory summed over its whole process tree, since some commands fork workers.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

SAMPLE_SECONDS = 0.02
MIB = 1024 * 1024


# Memory -------------------------------------------------------------------------------------

# Kernels built without CONFIG_PROC_CHILDREN have no children files; then parents are read from
# every process's stat instead, which costs a millisecond or two per sample.
_HAS_CHILDREN_FILES = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists()


def _children(pid: int, by_parent: dict[int, list[int]] | None) -> list[int]:
    if by_parent is not None:
        return by_parent.get(pid, [])
    found: list[int] = []
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(c) for c in children.read_text().split()]
        except OSError:  # the thread or the process ended while we looked
            pass
    return found


def _processes_by_parent() -> dict[int, list[int]]:
    by_parent: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        # The command name, in parentheses, may itself hold spaces and parentheses.
        parent = int(stat.rpartition(")")[2].split()[1])
        by_parent.setdefault(parent, []).append(int(entry.name))
    return by_parent


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0  # gone, or a zombie, which holds no memory


def tree_rss(root: int) -> int:
    """The resident memory of a process and all its descendants, in bytes."""
    by_parent = None if _HAS_CHILDREN_FILES else _processes_by_parent()
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += _rss(pid)
        stack += _children(pid, by_parent)
    return total


class PeakSampler(threading.Thread):
    """Samples a process tree's memory every SAMPLE_SECONDS until stopped; `peak` is in bytes."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak = pid, 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while True:
            self.peak = max(self.peak, tree_rss(self.pid))
            if self._stop_event.wait(SAMPLE_SECONDS):
                return

    def stop(self) -> int:
        self._stop_event.set()
        self.join()
        return self.peak


# Runs ---------------------------------------------------------------------------------------

@dataclass
class Case:
    name: str
    command: list[str]
    output: Path | None = None
    cwd: Path | None = None
    seconds: list[float] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)

    def run(self) -> None:
        started = time.perf_counter()
        process = subprocess.Popen(self.command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   cwd=self.cwd)
        sampler = PeakSampler(process.pid)
        sampler.start()
        out, err = process.communicate()
        self.seconds.append(time.perf_counter() - started)
        self.peaks.append(sampler.stop())
        if process.returncode != 0:
            sys.exit(f"{self.name} failed with exit status {process.returncode}:\n{out}{err}")

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak_mib(self) -> float:
        return max(self.peaks) / MIB


def table_row(name: str, case: Case, base: Case | None) -> str:
    """A row of a table of seconds: median, minimum, maximum, peak memory, and ratio to `base`."""
    ratio = f"{case.median / base.median:.2f}" if base else "–"
    return (f"| {name} | {case.median:.2f} | {min(case.seconds):.2f} | {max(case.seconds):.2f} | "
            f"{case.peak_mib:.0f} | {ratio} |")
