"""What the megabytes of a frozen Corpusmith are: a breakdown by component and the biggest files.

    python packaging/size_report.py dist/Corpusmith [--top 15]

Standard library only (runs with any Python 3.11+). Symbolic links count once, as their target.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

# (component, pattern on the path inside the bundle's _internal/ folder, or the executable), first match wins
GROUPS = [
    ("Qt: ICU (Unicode data, linked by QtCore)", r"^PySide6/Qt/lib/libicu"),
    ("Qt: Core, Gui, Widgets, DBus, XcbQpa", r"^PySide6/Qt/lib/"),
    ("Qt: plugins and translations", r"^PySide6/Qt/(plugins|translations)/"),
    ("PySide6/shiboken6 bindings", r"^(PySide6|shiboken6)/"),
    ("numpy: OpenBLAS + gfortran", r"^numpy\.libs/"),
    ("numpy", r"^numpy/"),
    ("Python code archive (PYZ, in the executable)", r"^(Corpusmith|Corpusmith\.exe)$"),
    ("Python runtime (libpython, lib-dynload, base_library.zip)",
     r"^(libpython|python3\.\d+/|base_library\.zip|lib-dynload/)"),
    ("cryptography (Rust + OpenSSL, for AES PDFs)", r"^cryptography/"),
    ("OpenSSL for Python's ssl/hashlib", r"^lib(ssl|crypto)\.so"),
    ("rapidfuzz (generic build; the AVX2 copies are left out)", r"^rapidfuzz/"),
    ("lxml (python-docx)", r"^lxml/"),
    ("pydantic-core (openai)", r"^pydantic_core/"),
    ("jieba dictionary", r"^jieba/"),
    ("other system libraries (libstdc++, sqlite, xcb utils …)", r"^lib[^/]*\.so"),
    ("app resources", r"^resources/"),
]


def files(dist: Path):
    internal = dist / "_internal"
    seen: set[tuple[int, int]] = set()
    for dirpath, _, names in os.walk(dist):
        for name in names:
            path = Path(dirpath) / name
            if path.is_symlink():
                continue
            st = path.stat()
            if (st.st_dev, st.st_ino) in seen:
                continue
            seen.add((st.st_dev, st.st_ino))
            base = internal if internal in path.parents else dist
            yield path.relative_to(base).as_posix(), st.st_blocks * 512  # on-disk size, as du counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dist", type=Path, help="the one-folder build, e.g. dist/Corpusmith")
    ap.add_argument("--top", type=int, default=15, help="how many of the biggest files to list")
    args = ap.parse_args(argv)
    if not args.dist.is_dir():
        print(f"{args.dist} is not a folder", file=sys.stderr)
        return 2
    items = sorted(files(args.dist), key=lambda x: -x[1])
    total = sum(size for _, size in items)
    sums: dict[str, int] = {}
    for rel, size in items:
        group = next((g for g, pat in GROUPS if re.search(pat, rel)), "other Python packages (extensions, data)")
        sums[group] = sums.get(group, 0) + size
    mib = 1024 * 1024
    print(f"{args.dist}: {total / mib:.1f} MiB in {len(items)} files")
    for group, size in sorted(sums.items(), key=lambda x: -x[1]):
        print(f"  {size / mib:6.1f} MiB  {100 * size / total:4.1f} %  {group}")
    if args.top:
        print(f"biggest {args.top} files:")
        for rel, size in items[: args.top]:
            print(f"  {size / mib:6.1f} MiB  {rel}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
