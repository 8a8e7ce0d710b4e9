"""The offline edition as one zip file that two builds of one commit make byte for byte alike.

Python's `zipfile` command stamps each entry with its file's modification time and lists files
in the order the file system gives them; here entries are sorted, dated with the edition's date
(SOURCE_DATE_EPOCH where set) and given the same permissions.

    python -m factdesk.archive FOLDER ZIP    # entries named FOLDER's name/…
"""

from __future__ import annotations

import sys
import zipfile
from datetime import datetime
from pathlib import Path

from .edition import current_edition

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can carry


def zip_folder(folder: Path, destination: Path, built: datetime) -> int:
    """Write `folder` as `destination`; returns the number of files."""
    stamp = max(ZIP_EPOCH, built.timetuple()[:6])
    files = sorted((p for p in folder.rglob("*") if p.is_file()), key=lambda p: p.relative_to(folder).as_posix())
    with zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            entry = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}", date_time=stamp)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, path.read_bytes())
    return len(files)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m factdesk.archive FOLDER ZIP", file=sys.stderr)
        return 2
    folder, destination = Path(args[0]), Path(args[1])
    count = zip_folder(folder, destination, current_edition(Path.cwd()).built)
    print(f"wrote {destination}: {count} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
