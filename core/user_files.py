"""A text file a user names (aspects or inputs one a line, a judge rubric): read as UTF-8 (a BOM
allowed), or an InputError that says which file and what is wrong, in the words of the caller's codes."""

from __future__ import annotations

from pathlib import Path

from core.errors import InputError
from core.messages import say


def read_user_text(path: str | Path, *, missing: str, not_utf8: str, unreadable: str) -> str:
    """The text of `path`. `missing` and `not_utf8` are message codes taking {path}; `unreadable`
    takes {path} and {error} (the system's reason)."""
    p = Path(path)
    try:
        return p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(say(missing, path=str(p))) from None
    except UnicodeDecodeError:
        raise InputError(say(not_utf8, path=str(p))) from None
    except OSError as e:
        raise InputError(say(unreadable, path=str(p), error=str(e.strerror or e))) from None
