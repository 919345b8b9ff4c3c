"""What a project records of where an imported file came from.

A project file is shared (sent to a colleague, attached to an issue, published with a dataset);
the absolute path of an import names the user's folders, often their login name and their
client's name with it. So a source's ``origin`` is the file's NAME by default. A project whose
owner wants to re-import from the same place (a folder that is refreshed, say) turns on
:data:`KEEP_FULL_PATHS` — a per-project choice, stored in the project, so it is visible to
whoever receives the file and never applies by surprise. Nothing in core re-reads a file from its
origin today; projects made before this keep the paths they recorded (nothing is rewritten).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

KEEP_FULL_PATHS = "sources.keep_full_paths"  # project meta: record imports' absolute paths


def keeps_full_paths(store: Any) -> bool:
    return bool(store.get_meta(KEEP_FULL_PATHS, False))


def set_keep_full_paths(store: Any, keep: bool) -> None:
    """Record new imports' absolute paths in this project (True) or only their names (False)."""
    if keep:
        store.set_meta(KEEP_FULL_PATHS, True)
    else:
        store.delete_meta(KEEP_FULL_PATHS)


def file_origin(store: Any, path: str | os.PathLike) -> str:
    """The ``origin`` to record for a file imported into `store` (see the module docstring)."""
    p = Path(path).expanduser()
    return str(p.absolute()) if keeps_full_paths(store) else p.name
