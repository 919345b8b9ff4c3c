"""Sender names as people type them: ``--assistant 客服-阿敏`` for a chat that writes ``客服—阿敏``.

A name typed on the command line (or copied from another file) often differs from the chat's own
spelling only in typography: the kind of dash (- – — －), full-width letters, spaces around the
dash, case. :func:`same_names` finds the chat's spellings of the names given, so the choice works
without asking the user to retype a dash they cannot see. Nothing looser than typography is
matched: 阿敏 is never 客服-阿敏.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

# every dash and hyphen a keyboard or an input method writes, as "-" (not 一 "one", a letter)
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―⁃﹘﹣－−"})


def name_key(name: str) -> str:
    """A name's identity for matching: width and case folded, dashes unified, spaces dropped."""
    return "".join(unicodedata.normalize("NFKC", name).translate(_DASHES).casefold().split())


def same_names(given: Iterable[str], senders: Iterable[str]) -> frozenset[str]:
    """The names given, plus the senders spelt like one of them up to typography."""
    given = frozenset(given)
    keys = {name_key(g) for g in given}
    return given | {s for s in senders if s and s not in given and name_key(s) in keys}
