"""Which edition a build is: the commit it was built from and the date, so it can be cited."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path


@dataclass(frozen=True)
class Edition:
    commit: str | None
    built: datetime
    modified: bool = False

    @property
    def short_commit(self) -> str | None:
        return self.commit[:12] if self.commit else None


def current_edition(root: Path) -> Edition:
    """The edition of the publication under `root`. SOURCE_DATE_EPOCH, where set, fixes the build
    date so that two builds of one commit are identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    built = datetime.fromtimestamp(int(epoch), UTC) if epoch and epoch.isdigit() \
        else datetime.now(UTC)
    commit = _git(root, "rev-parse", "HEAD")
    modified = bool(commit and _git(root, "status", "--porcelain", "--", "claims", "sources", "factdesk.yml", "docs"))
    return Edition(commit=commit, built=built.replace(microsecond=0), modified=modified)


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None
