"""Write several files so that either all of them appear complete or none is touched.

Each output goes to a hidden temporary file in its target's folder (same file system, so the
final os.replace is atomic); nothing replaces a target until every output has been written.
"""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path
from typing import TextIO


class StagedFiles:
    """Temporary files standing in for their targets until commit(); discard() removes them.

    Use as a context manager: leaving the block by an exception discards everything.
    """

    def __init__(self) -> None:
        self._staged: dict[Path, tuple[Path, TextIO]] = {}

    def __enter__(self) -> StagedFiles:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self.discard()

    def open(self, target: Path) -> TextIO:
        """A new text file (UTF-8, no newline translation) that will become `target`."""
        if target in self._staged:
            raise ValueError(f"{target} is already staged")
        while True:
            tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
            try:
                # "x" creates with the usual permissions (umask), unlike mkstemp's 0600.
                f = open(tmp, "x", encoding="utf-8", newline="", buffering=1 << 20)
            except FileExistsError:
                continue
            self._staged[target] = (tmp, f)
            return f

    def write_text(self, target: Path, text: str) -> None:
        f = self.open(target)
        f.write(text)

    def prepend(self, target: Path, text: str) -> None:
        """Put `text` before what has been written for `target` so far (copies the file once)."""
        old_tmp, old = self._staged.pop(target)
        old.close()
        try:
            new = self.open(target)
            new.write(text)
            with open(old_tmp, encoding="utf-8", newline="") as src:
                shutil.copyfileobj(src, new, 1 << 20)
        finally:
            old_tmp.unlink(missing_ok=True)

    def drop(self, target: Path) -> None:
        """Forget one staged file (its target is left as it was)."""
        tmp, f = self._staged.pop(target)
        f.close()
        tmp.unlink(missing_ok=True)

    def commit(self) -> list[Path]:
        """Close every file and move it over its target, in the order they were opened."""
        for _tmp, f in self._staged.values():
            f.close()
        done: list[Path] = []
        for target, (tmp, _f) in list(self._staged.items()):
            if target.exists():
                try:
                    shutil.copymode(target, tmp)  # keep the permissions the user gave the old file
                except OSError:
                    pass
            os.replace(tmp, target)
            del self._staged[target]
            done.append(target)
        return done

    def discard(self) -> None:
        for tmp, f in self._staged.values():
            try:
                f.close()
            except OSError:
                pass
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass
        self._staged.clear()
