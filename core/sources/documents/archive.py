"""Caps on a zip-based document (DOCX, EPUB) checked before anything in it is read.

A zip bomb — a few KB that unpack to gigabytes — would exhaust memory: python-docx and the EPUB
reader read whole parts. The central directory says how many members there are and how large
each unpacks to, and Python's zipfile never unpacks a member past its declared size, so checking
the declared figures first is enough. The limits are far above any real book or report (a long
novel's EPUB is a few MB unpacked; a DOCX full of photos a few hundred MB, stored nearly 1:1)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from core.errors import InputError
from core.messages import say

MAX_MEMBERS = 20_000
MAX_TOTAL_BYTES = 512 * 1024 * 1024
# XML and HTML compress 5-20:1; a member over RATIO_FLOOR that compresses more than MAX_RATIO
# is not text anyone wrote
MAX_RATIO = 200
RATIO_FLOOR = 1024 * 1024


def check_archive(z: zipfile.ZipFile, path: str | Path) -> None:
    """Raise InputError naming the file when the archive is too large to unpack safely."""
    name = Path(path).name
    members = z.infolist()
    if len(members) > MAX_MEMBERS:
        raise InputError(say("robust.archive_too_many", name=name, n=len(members), limit=MAX_MEMBERS))
    total = 0
    for m in members:
        total += m.file_size
        if m.file_size > RATIO_FLOOR and m.file_size > MAX_RATIO * max(1, m.compress_size):
            raise InputError(say("robust.archive_ratio", name=name, member=m.filename,
                                 ratio=m.file_size // max(1, m.compress_size)))
    if total > MAX_TOTAL_BYTES:
        raise InputError(say("robust.archive_too_large", name=name, size_mb=total // (1024 * 1024),
                             limit_mb=MAX_TOTAL_BYTES // (1024 * 1024)))


def check_archive_file(path: str | Path) -> None:
    """check_archive for a file on disk (a damaged zip is left to the reader to report)."""
    try:
        with zipfile.ZipFile(path) as z:
            check_archive(z, path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return
