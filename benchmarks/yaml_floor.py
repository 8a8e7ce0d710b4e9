"""The least a check of a publication's files costs on its engine: `python benchmarks/yaml_floor.py
ROOT [PROCESSES]` reads every claim, source, claimant, person and story file under ROOT and composes
it into libyaml's node tree (with the line and column marks a check needs), and does nothing else.
It imports nothing of factdesk, so that its time is reading and composing, and starting Python."""

from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import yaml

FOLDERS = ("claims", "sources", "claimants", "people", "stories")


def yaml_files(root: Path) -> list[str]:
    return sorted(str(path) for folder in FOLDERS for path in (root / folder).glob("*.yml"))


def compose_all(root: Path, processes: int) -> int:
    """Read and compose every YAML file of the publication under `root`, in `processes` forked
    processes; the number of top-level fields read."""
    files = yaml_files(root)
    if processes < 2:
        return _compose(files)
    with ProcessPoolExecutor(processes) as pool:
        return sum(pool.map(_compose, [files[i::processes] for i in range(processes)]))


def _compose(files: list[str]) -> int:
    fields = 0
    for name in files:
        with open(name, "rb") as file:
            fields += len(yaml.compose(file.read().decode("utf-8"), Loader=yaml.CSafeLoader).value)
    return fields


if __name__ == "__main__":
    print(compose_all(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1))
