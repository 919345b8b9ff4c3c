"""Which libraries ship with the app and under which licences (for the About box and the CLI).

Read from the installed packages' own metadata, walking the requirements of `corpusmith`: the list
is always the one actually bundled, never a hand-kept table that goes stale. The frozen build
copies that metadata (build.spec: copy_metadata("corpusmith", recursive=True)).
"""

from __future__ import annotations

import importlib.metadata as md
import re
from dataclasses import dataclass

from core import __version__

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_EXTRA = re.compile(r"\bextra\s*==")


@dataclass(frozen=True)
class BundledLibrary:
    name: str
    version: str
    license: str
    direct: bool  # named in our pyproject, not pulled in by another library


def _license_of(meta) -> str:
    expr = meta.get("License-Expression")
    if expr:
        return expr.strip()
    text = (meta.get("License") or "").strip()
    if text and len(text) <= 80 and "\n" not in text:
        return text
    classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or []
                   if c.startswith("License ::") and c.count("::") >= 2]
    return " / ".join(classifiers) or "see the package's licence file"


def _requirements(dist_name: str) -> list[str]:
    try:
        reqs = md.requires(dist_name) or []
    except md.PackageNotFoundError:
        return []
    names = []
    for r in reqs:
        if _EXTRA.search(r):  # optional extras are not bundled
            continue
        m = _NAME.match(r)
        if m:
            names.append(m.group(1))
    return names


def normalized_name(name: str) -> str:
    """PEP 503: PySide6_Essentials, pyside6-essentials and PySide6.Essentials are one name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def bundled_libraries(root: str = "corpusmith") -> list[BundledLibrary]:
    """Every installed library the app depends on, directly or not, sorted by name."""
    direct = {normalized_name(n) for n in _requirements(root)}
    seen: dict[str, BundledLibrary] = {}
    queue = list(_requirements(root))
    while queue:
        name = queue.pop()
        key = normalized_name(name)
        if key in seen:
            continue
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            continue  # a platform-only requirement (e.g. pywin32-ctypes off Windows)
        seen[key] = BundledLibrary(dist.metadata["Name"] or name, dist.version, _license_of(dist.metadata),
                                   key in direct)
        queue.extend(_requirements(name))
    return sorted(seen.values(), key=lambda lib: lib.name.lower())


def app_version() -> str:
    return __version__


# Native libraries that come inside the wheels above (or with Python) and so ship in the frozen
# app too; they have no package metadata to read, so they are named here.
NATIVE_LIBRARIES: tuple[tuple[str, str], ...] = (
    ("Python (CPython runtime)", "PSF-2.0"),
    ("Qt 6 (inside PySide6)", "LGPL-3.0-only"),
    ("ICU (inside PySide6)", "Unicode-3.0"),
    ("OpenSSL (Python, cryptography)", "Apache-2.0"),
    ("SQLite (Python)", "blessing (public domain)"),
    ("OpenBLAS (inside numpy)", "BSD-3-Clause"),
    ("libgfortran, libquadmath, libstdc++ (GCC runtime)", "GPL-3.0-or-later WITH GCC-exception-3.1"),
    ("libffi, zlib, libzstd, xcb utilities", "MIT / Zlib / BSD-3-Clause / MIT"),
)
