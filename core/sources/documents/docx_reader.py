"""Word (.docx) text with python-docx: the body's paragraphs and tables, in document order.

Each paragraph is one line (line breaks inside it kept); each table row is one line, its cells
joined by `` | `` (a cell merged across columns counted once, a table inside a cell flattened into
it); a blank line follows each table. Headers, footers, footnotes, comments and text boxes are
left out: they repeat or interrupt the body text.
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path
from typing import Any

from core.errors import InputError
from core.messages import Message, say
from core.sources.documents.archive import check_archive_file
from core.sources.documents.importer import DocumentText, Progress

CELL_SEP = " | "
_BLANKS = re.compile(r"\n{3,}")


def _cell_text(cell: Any) -> str:
    from docx.table import Table

    parts: list[str] = []
    for block in cell.iter_inner_content():
        if isinstance(block, Table):
            parts.extend(r for r in _table_rows(block) if r)
        else:
            t = block.text.strip()
            if t:
                parts.append(t)
    return " ".join(" ".join(p.split("\n")) for p in parts)


def _table_rows(table: Any) -> list[str]:
    rows: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a cell merged across columns is listed once per column
                continue
            seen.add(id(cell._tc))
            cells.append(_cell_text(cell))
        while cells and not cells[-1]:
            cells.pop()
        rows.append(CELL_SEP.join(cells).strip())
    return rows


def read_docx(path: str | os.PathLike, *, progress: Progress | None = None) -> DocumentText:
    """The body text of a .docx file (see the module docstring). Raises :class:`InputError` for a
    damaged file or one without text."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    p = Path(path)
    check_archive_file(p)  # before python-docx unpacks anything: no zip bomb
    try:
        document = docx.Document(str(p))
    except ValueError as e:
        if "macroEnabled" in str(e) or "template" in str(e):
            raise InputError(say("documents.docx.macro", path=str(p))) from None
        raise InputError(say("documents.docx.unreadable", path=str(p), error=str(e))) from None
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, OSError, EOFError, AttributeError,
            TypeError, IndexError) as e:
        raise InputError(_damaged(p, e)) from None
    except Exception as e:  # lxml's XMLSyntaxError and its kin: a damaged part
        if type(e).__module__.startswith("lxml"):
            raise InputError(_damaged(p, e)) from None
        raise
    try:
        blocks = list(document.iter_inner_content())
        lines: list[str] = []
        n = len(blocks)
        step = max(1, n // 100)
        for i, block in enumerate(blocks):
            if isinstance(block, Table):
                if lines and lines[-1]:
                    lines.append("")
                lines.extend(_table_rows(block))
                lines.append("")
            else:
                lines.append(block.text.rstrip())
            if progress is not None and (i + 1) % step == 0:
                progress(i + 1, n)
    except (KeyError, AttributeError, TypeError, IndexError, ValueError) as e:
        raise InputError(_damaged(p, e)) from None
    text = _BLANKS.sub("\n\n", "\n".join(lines)).strip()
    if progress is not None:
        progress(1, 1)
    if not text:
        raise InputError(say("documents.docx.no_text", path=str(p)))
    return DocumentText(text=text, format="docx")


def _damaged(p: Path, e: Exception) -> Message:
    return say("documents.docx.damaged", path=str(p), error=f"{type(e).__name__}: {e}")
