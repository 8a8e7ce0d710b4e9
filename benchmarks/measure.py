"""Timing and peak memory of a command, for the benchmarks: each command runs as a subprocess,
timed from start to exit (interpreter start and imports included), and its peak memory is the
peak of its whole process tree's memory, since some commands fork workers.

A forked worker shares its parent's pages until either writes them. Summed resident sizes (RSS)
count each shared page once per process, so a build whose worker was forked at 400 MiB would
count 800 MiB before either allocated anything. The peak is therefore of the proportional set
size (PSS) summed over the tree, which splits each shared page among the processes that map it:
what the tree holds in memory. The summed RSS is kept too, as an upper bound.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

SAMPLE_SECONDS = 0.02
SAMPLER_SHARE = 0.05
"""Of one core, at most: reading a process's PSS makes the kernel walk its page tables, some
10 ms per GiB, so samples of large trees are spaced out. A build's peak lasts seconds."""
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


def _memory(pid: int) -> tuple[int, int]:
    """A process's (PSS, RSS) in bytes; its RSS twice on kernels without smaps_rollup (before 4.14)."""
    sizes: dict[str, int] = {}
    for name in ("smaps_rollup", "status"):
        try:
            for line in Path(f"/proc/{pid}/{name}").read_text().splitlines():
                key, _, value = line.partition(":")
                if key in ("Pss", "Rss", "VmRSS"):
                    sizes[key] = int(value.split()[0]) * 1024
        except OSError:
            continue
        if sizes:
            break
    rss = sizes.get("Rss", sizes.get("VmRSS", 0))  # none: gone, or a zombie, which holds no memory
    return sizes.get("Pss", rss), rss


def tree_memory(root: int) -> tuple[int, int]:
    """The (PSS, RSS) of a process and all its descendants, each summed, in bytes."""
    by_parent = None if _HAS_CHILDREN_FILES else _processes_by_parent()
    pss = rss = 0
    stack = [root]
    while stack:
        pid = stack.pop()
        sizes = _memory(pid)
        pss, rss = pss + sizes[0], rss + sizes[1]
        stack += _children(pid, by_parent)
    return pss, rss


class PeakSampler(threading.Thread):
    """Samples a process tree's memory until stopped: `peak` is of its summed PSS, `peak_rss` of
    its summed RSS, in bytes."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.peak_rss = pid, 0, 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while True:
            began = time.perf_counter()
            pss, rss = tree_memory(self.pid)
            self.peak, self.peak_rss = max(self.peak, pss), max(self.peak_rss, rss)
            took = time.perf_counter() - began
            if self._stop_event.wait(max(SAMPLE_SECONDS, took / SAMPLER_SHARE)):
                return

    def stop(self) -> int:
        self._stop_event.set()
        self.join()
        return self.peak


# Runs ---------------------------------------------------------------------------------------

_TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


def stolen_seconds() -> float:
    """CPU time the machine's host gave to others while this virtual machine wanted it, summed
    over its cores, since boot (the `steal` field of /proc/stat; 0 where there is none). It tells
    whether a slow run was the host's doing: on this project's machine, runs of one command that
    differed by a third mostly were not."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()
        return int(fields[8]) / _TICKS_PER_SECOND if len(fields) > 8 else 0.0
    except (OSError, ValueError):
        return 0.0


def children_disk_reads() -> int:
    """Bytes that this process's ended children (and theirs) read from storage, not from the page
    cache, since it started (`ru_inblock`, in 512-byte blocks). A run that reads its files from
    disk takes several times as long: this project's machine pages out file contents not read for
    a minute (its kernel's DAMON reclaim), so a run can find the files of the run before cold."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_inblock * 512


def children_cpu_seconds() -> float:
    """CPU seconds used so far by this process's ended children (and theirs, once waited for)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def read_every_file(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with open(path, "rb") as file:
                while file.read(1 << 20):
                    pass


@dataclass
class Case:
    name: str
    command: list[str]
    output: Path | None = None
    cwd: Path | None = None
    seconds: list[float] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)
    """PSS, summed over the process tree: see the module's docstring."""
    rss_peaks: list[int] = field(default_factory=list)
    stolen: list[float] = field(default_factory=list)
    """Seconds of CPU the host took from this machine during each run (see `stolen_seconds`)."""
    disk_reads: list[int] = field(default_factory=list)
    """Bytes each run read from storage (see `children_disk_reads`)."""
    warm: Path | None = None
    """A folder whose every file is read just before each run, so that compared commands find their
    files equally in memory (this machine pages out files left unread for a minute)."""
    cpu: list[float] = field(default_factory=list)
    """CPU seconds (user and system) of each run, over every process of it."""

    def run(self) -> None:
        if self.warm is not None:
            read_every_file(self.warm)
        cpu = children_cpu_seconds()
        started, stolen, read = time.perf_counter(), stolen_seconds(), children_disk_reads()
        process = subprocess.Popen(self.command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   cwd=self.cwd)
        sampler = PeakSampler(process.pid)
        sampler.start()
        out, err = process.communicate()
        self.seconds.append(time.perf_counter() - started)
        self.stolen.append(stolen_seconds() - stolen)
        self.disk_reads.append(children_disk_reads() - read)
        self.cpu.append(children_cpu_seconds() - cpu)
        self.peaks.append(sampler.stop())
        self.rss_peaks.append(sampler.peak_rss)
        if process.returncode != 0:
            sys.exit(f"{self.name} failed with exit status {process.returncode}:\n{out}{err}")

    def last_run(self) -> str:
        """The last run, for a progress line."""
        return (f"{self.name}: {self.seconds[-1]:.2f} s, CPU {self.cpu[-1]:.1f} s, peak {self.peaks[-1] / MIB:.0f} MiB "
                f"(summed RSS {self.rss_peaks[-1] / MIB:.0f}), CPU stolen by the host {self.stolen[-1]:.1f} s, "
                f"read from disk {self.disk_reads[-1] / MIB:.0f} MiB")

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
