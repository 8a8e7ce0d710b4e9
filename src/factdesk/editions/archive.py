"""The offline edition as one zip file that two builds of one commit make byte for byte alike.

Python's `zipfile` command stamps each entry with its file's modification time and lists files
in the order the file system gives them; here entries are sorted, dated with the edition's date
(SOURCE_DATE_EPOCH where set) and given the same permissions. The zip is written beside its final
name and renamed into place (`output_files`): the previous one stays whole until the new one is
complete, and a killed run's temporary is removed by the next run.

    python -m factdesk.editions.archive FOLDER ZIP    # entries named FOLDER's name/…
"""

from __future__ import annotations

import sys
import zipfile
from datetime import datetime
from pathlib import Path

from factdesk.data.problems import os_error_message
from factdesk.editions.edition import current_edition
from factdesk.outputs.build_lock import ForeignBuildFolder, held
from factdesk.outputs.output_files import remove_leftovers, writing_beside

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can carry


def zip_folder(folder: Path, destination: Path, built: datetime) -> int:
    """Write `folder` as `destination`; returns the number of files."""
    remove_leftovers(destination)
    stamp = max(ZIP_EPOCH, built.timetuple()[:6])
    # A link is never followed: whatever it points to would be published in the zip.
    files = sorted((p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()),
                   key=lambda p: p.relative_to(folder).as_posix())
    with writing_beside(destination) as stream, zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            entry = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}", date_time=stamp)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, path.read_bytes())
    return len(files)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m factdesk.editions.archive FOLDER ZIP", file=sys.stderr)
        return 2
    return archive_edition(Path.cwd(), Path(args[0]), Path(args[1]))


def archive_edition(root: Path, folder: Path, destination: Path) -> int:
    """The offline edition's folder zipped as `destination`, for the publication at `root`; the exit
    status, with what went wrong said."""
    try:
        # The publication's lock: a build may be replacing the folder (see build_lock).
        with held(root, "the offline zip", lambda message: print(message, file=sys.stderr)):
            count = zip_folder(folder, destination, current_edition(root).built)
    except OSError as error:
        print(f"factdesk.editions.archive: {os_error_message(error, f'write {destination}')}", file=sys.stderr)
        return 1
    except (ValueError, ForeignBuildFolder) as error:  # SOURCE_DATE_EPOCH that is no time, or build/ not ours
        print(f"factdesk.editions.archive: {error}", file=sys.stderr)
        return 1
    print(f"wrote {destination}: {count} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
