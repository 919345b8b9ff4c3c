"""PDF text with pypdf, cleaned for reading: headers, footers and page numbers removed, and lines
that the page layout broke in the middle of a sentence joined again.

Cleaning rules (each counted in ``DocumentText.removed``):

- **Page numbers**: among the first and last two non-empty lines of a page, a line that is only
  a page number (``12``, ``- 12 -``, ``第 12 页``, ``第12页 共300页``, ``12 / 300``, ``Page 12 of
  300``, roman numerals) is removed.
- **Headers and footers**: among the same lines, one that recurs (digits aside) on at least half
  of the pages, and on at least 3, is removed.
- **Broken lines**: a line break is removed when the line before it is about as long as a full
  line of the document (at least 80 % of the median line), does not end a sentence, and the next
  line does not start a list item or heading; or when the line ends with a comma-like mark
  (``，、`` …). Between two Chinese characters nothing is put in its place, between two Latin
  words a space (a hyphen at the end of the line is dropped when a lowercase word follows).
  Across a page break the same rule applies.

The page a piece of text came from stays known: ``DocumentText.page_starts`` holds the offset
where each page starts.
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter
from pathlib import Path

from core.errors import InputError
from core.messages import Message, say
from core.sources.documents.importer import DocumentText, PasswordRequiredError, Progress

ZONE = 2  # lines at the top and bottom of a page that may be a header, footer or page number

_PAGE_NUMBER = re.compile(
    r"^[\s\-–—~·•|]*(?:"
    r"(?:第\s*)?\d{1,5}\s*(?:页)?(?:\s*[/／]\s*\d{1,5}|\s*[,，]?\s*共\s*\d{1,5}\s*页)?"
    r"|(?:page|p\.|pg\.?)\s*\d{1,5}(?:\s*(?:of|/)\s*\d{1,5})?"
    r"|[ivxlcdm]{1,7}"
    r")[\s\-–—~·•|]*$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
# A line that ends a sentence or a block: the break after it is kept.
_TERMINAL = set("。！？!?…；;：:」』”\"’'）)】》〉.")
# A line ending with one of these continues on the next line, whatever its length.
_CONTINUES = set("，、,（(《“‘「『【-—")
# The next line starts a list item, a heading or a new block: the break before it is kept.
_BLOCK_START = re.compile(
    r"^(?:第[0-9零〇一二三四五六七八九十百千]+[章节回篇部卷集条]|[一二三四五六七八九十]+[、.．]|\d+[、.．)）]\s*\S"
    r"|[（(][0-9一二三四五六七八九十]+[)）]|[•·●○■□◆◇▪▶►\-*–—]\s|[①-⑳]|[A-Z][.)]\s)"
)


def _is_cjk(c: str) -> bool:
    o = ord(c)
    return (0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x3000 <= o <= 0x303F
            or 0xFF00 <= o <= 0xFFEF or 0x20000 <= o <= 0x3FFFF)


def _key(line: str) -> str:
    return _DIGITS.sub("#", _SPACES.sub(" ", line.strip()))


def _zone_indexes(lines: list[str]) -> tuple[list[int], list[int]]:
    """Indexes of the first and last ZONE non-empty lines of a page."""
    filled = [i for i, x in enumerate(lines) if x.strip()]
    return filled[:ZONE], filled[-ZONE:]


def strip_headers_footers(pages: list[list[str]]) -> tuple[list[list[str]], int, int]:
    """The pages without page-number lines and repeated headers/footers:
    (pages, page numbers removed, header/footer lines removed)."""
    n = len(pages)
    top: Counter[str] = Counter()
    bottom: Counter[str] = Counter()
    zones = [_zone_indexes(lines) for lines in pages]
    for lines, (t, b) in zip(pages, zones, strict=True):
        top.update({_key(lines[i]) for i in t})
        bottom.update({_key(lines[i]) for i in b})
    threshold = max(3, math.ceil(n / 2))
    n_numbers = n_repeated = 0
    out: list[list[str]] = []
    for lines, (t, b) in zip(pages, zones, strict=True):
        drop: set[int] = set()
        for edge, counts in ((t, top), (list(reversed(b)), bottom)):
            for i in edge:  # from the edge of the page inwards; stop at the first body line
                if i in drop:
                    continue
                line = lines[i].strip()
                if _PAGE_NUMBER.match(line):
                    n_numbers += 1
                elif n >= 3 and counts[_key(line)] >= threshold:
                    n_repeated += 1
                else:
                    break
                drop.add(i)
        out.append([x for i, x in enumerate(lines) if i not in drop] if drop else lines)
    return out, n_numbers, n_repeated


def _joiner(a: str, b: str, full: float) -> str | None:
    """What replaces the line break between line ``a`` and line ``b`` ("" or " "), or None to keep it."""
    last, first = a[-1], b[0]
    if last in _TERMINAL and not (last == "." and len(a) >= full and b[0].islower()):
        return None
    if _BLOCK_START.match(b):
        return None
    if not (last in _CONTINUES or len(a) >= full):
        return None
    if last == "-":
        if a[-2:-1].isalpha() and first.islower():
            return "\x00"  # drop the hyphen
        return None if not first.isalnum() else ""
    if _is_cjk(last) or _is_cjk(first):
        return ""
    return " "


def join_broken_lines(pages: list[list[str]]) -> tuple[str, list[int], int]:
    """Join the pages' lines into one text, re-joining lines broken mid-sentence:
    (text, offset where each page starts, line breaks removed)."""
    lengths = sorted(len(x) for lines in pages for x in lines if len(x) >= 5)
    full = 0.8 * lengths[len(lengths) // 2] if lengths else math.inf
    parts: list[str] = []
    pos = 0
    starts: list[int] = []
    joined = 0
    prev = ""  # the last non-empty line written
    blank = False  # a blank line came after it: a paragraph break
    for lines in pages:
        if not any(x.strip() for x in lines):  # a page without text leaves no trace
            starts.append(pos)
            continue
        page_start: int | None = None
        for raw in lines:
            line = raw.strip()
            if not line:
                blank = bool(parts)
                continue
            if not parts:
                sep = ""
            elif blank:
                sep = "\n\n"
            else:
                j = _joiner(prev, line, full)
                if j is None:
                    sep = "\n"
                else:
                    joined += 1
                    sep = j
                    if j == "\x00":  # a word hyphenated at the end of the line
                        parts[-1] = parts[-1][:-1]
                        pos -= 1
                        sep = ""
            blank = False
            parts.append(sep)
            pos += len(sep)
            if page_start is None:
                page_start = pos
            parts.append(line)
            pos += len(line)
            prev = line
        starts.append(page_start if page_start is not None else pos)
    text = "".join(parts)
    return text, starts, joined


def read_pdf(path: str | os.PathLike, *, password: str | None = None,
             progress: Progress | None = None) -> DocumentText:
    """The cleaned text of a PDF, page by page (see the module docstring).

    Raises :class:`PasswordRequiredError` for an encrypted PDF without the right password, and
    :class:`InputError` for a damaged PDF or one with no text layer (a scan: OCR is not supported).
    """
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PyPdfError

    p = Path(path)
    try:
        reader = PdfReader(str(p))
    except DependencyError:
        raise InputError(say("documents.pdf.aes", path=str(p))) from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError,
            OSError, EOFError) as e:
        raise InputError(say("documents.pdf.damaged", path=str(p), error=str(e))) from None
    if reader.is_encrypted:
        from pypdf import PasswordType

        try:
            ok = reader.decrypt(password or "") != PasswordType.NOT_DECRYPTED
        except DependencyError:
            raise InputError(say("documents.pdf.aes", path=str(p))) from None
        except (PyPdfError, ValueError, KeyError, TypeError, NotImplementedError) as e:
            raise InputError(say("documents.pdf.encryption", path=str(p), error=str(e))) from None
        if not ok:
            if password:
                raise PasswordRequiredError(say("documents.pdf.wrong_password", path=str(p)), str(p), wrong=True)
            raise PasswordRequiredError(say("documents.pdf.password_needed", path=str(p)), str(p))
    try:
        n = len(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as e:
        raise InputError(say("documents.pdf.pages_lost", path=str(p), error=str(e))) from None
    if n == 0:
        raise InputError(say("documents.pdf.no_pages", path=str(p)))
    pages: list[list[str]] = []
    failed: list[int] = []
    empty: list[int] = []
    for i in range(n):
        try:
            text = reader.pages[i].extract_text() or ""
        except Exception:  # one unreadable page must not lose the others
            text = ""
            failed.append(i + 1)
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if not text.strip() and i + 1 not in failed:
            empty.append(i + 1)
        pages.append(lines)
        if progress is not None:
            progress(i + 1, n)
    if len(failed) == n:
        raise InputError(say("documents.pdf.all_failed", path=str(p), n=n))
    if len(empty) + len(failed) == n:
        raise InputError(say("documents.pdf.scanned", path=str(p), n=n))
    pages, n_numbers, n_repeated = strip_headers_footers(pages)
    text, starts, joined = join_broken_lines(pages)
    notes: list[Message] = []
    if failed:
        notes.append(say("documents.pdf.pages_failed", pages=_ranges(failed), name=p.name))
    if empty:
        notes.append(say("documents.pdf.pages_empty", pages=_ranges(empty), name=p.name))
    removed = {"page numbers": n_numbers, "header/footer lines": n_repeated, "line breaks joined": joined}
    return DocumentText(text=text, format="pdf", pages=n, page_starts=starts, notes=notes, removed=removed)


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 7] → "1–3, 7"."""
    out: list[str] = []
    start = prev = numbers[0]
    for x in numbers[1:] + [None]:  # type: ignore[list-item]
        if x is not None and x == prev + 1:
            prev = x
            continue
        out.append(str(start) if start == prev else f"{start}–{prev}")
        if x is not None:
            start = prev = x
    return ", ".join(out)
