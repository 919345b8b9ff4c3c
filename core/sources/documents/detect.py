"""What a document file really is, from its first bytes (and, for ZIP containers, the names inside),
whatever its extension says.

:func:`detect_format` returns one of the formats the importer reads (:data:`FORMATS`) with a note
when the extension lied (a Word document named ``.txt`` is imported as the Word document it is),
or raises :class:`~core.errors.InputError` naming the file and saying what to do: an old ``.doc``,
a password-protected Office file, a spreadsheet, an archive, an image, an empty or damaged file.
"""

from __future__ import annotations

import mmap
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from core.errors import InputError
from core.messages import Message, say

FORMATS = ("pdf", "docx", "epub", "text", "markdown")
TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".mdown", ".mkd")
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
# What each format's files are called, for messages about renamed files.
_NAMES = {"pdf": say("documents.kind.pdf"), "docx": say("documents.kind.docx"), "epub": say("documents.kind.epub"),
          "text": say("documents.kind.text"), "markdown": say("documents.kind.markdown")}
_BY_SUFFIX = {".pdf": "pdf", ".docx": "docx", ".docm": "docx", ".dotx": "docx", ".epub": "epub"}

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
# Binary files that are no document we read, by their first bytes: (magic, what it is, the kind of
# way out). The document detector and the text reader share it; each says its own way out.
BINARY_MAGIC = (
    (b"{\\rtf", say("documents.binary.rtf"), "rtf"),
    (b"\x89PNG\r\n\x1a\n", say("documents.binary.png"), "image"),
    (b"\xff\xd8\xff", say("documents.binary.jpeg"), "image"),
    (b"GIF8", say("documents.binary.gif"), "image"),
    (b"II*\x00", say("documents.binary.tiff"), "image"),
    (b"MM\x00*", say("documents.binary.tiff"), "image"),
    (b"\x1f\x8b", say("documents.binary.gzip"), "archive"),
    (b"Rar!", say("documents.binary.rar"), "archive"),
    (b"7z\xbc\xaf\x27\x1c", say("documents.binary.7z"), "archive"),
    (b"SQLite format 3\x00", say("documents.binary.sqlite"), "other"),
    (b"\x7fELF", say("documents.binary.elf"), "other"),
    (b"MZ", say("documents.binary.exe"), "other"),
)
_WAY_OUT = {"rtf": say("documents.fix.rtf"), "image": say("documents.fix.ocr"),
            "archive": say("documents.fix.extract"), "other": say("documents.fix.choose_document")}


def binary_kind(head: bytes) -> tuple[Message, str] | None:
    """(what the file is, the kind of way out) when its first bytes are a known binary format."""
    return next(((what, way) for magic, what, way in BINARY_MAGIC if head.startswith(magic)), None)


@dataclass
class Detected:
    format: str  # one of FORMATS
    note: Message | None = None  # set when the extension did not match the content


def _read_head(p: Path, n: int = 8192) -> bytes:
    if p.is_dir():
        raise InputError(say("documents.folder", path=str(p)))
    try:
        with open(p, "rb") as f:
            return f.read(n)
    except FileNotFoundError:
        raise InputError(say("documents.missing", path=str(p))) from None
    except PermissionError:
        raise InputError(say("documents.permission", path=str(p))) from None
    except OSError as e:
        raise InputError(say("documents.os_error", path=str(p), error=str(e.strerror or e))) from None


def _contains(p: Path, needle: bytes) -> bool:
    try:
        with open(p, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
            return m.find(needle) >= 0
    except (OSError, ValueError):
        return False


def _ole_error(p: Path) -> InputError:
    suffix = p.suffix.lower()
    if _contains(p, _OLE_ENCRYPTED):
        return InputError(say("documents.office_encrypted", path=str(p)))
    if suffix == ".doc" or suffix == ".wps":
        return InputError(say("documents.old_doc", path=str(p)))
    if suffix in (".xls", ".ppt"):
        return InputError(say("documents.old_xls_ppt", path=str(p)))
    if suffix:
        return InputError(say("documents.old_office_named", path=str(p), suffix=suffix))
    return InputError(say("documents.old_office_no_ext", path=str(p)))


def _zip_format(p: Path) -> str:
    """"docx" or "epub", or InputError for any other or a damaged ZIP."""
    suffix = p.suffix.lower()
    try:
        with zipfile.ZipFile(p) as z:
            names = set(z.namelist())
            mimetype = ""
            if "mimetype" in names:
                mimetype = z.read("mimetype")[:100].decode("ascii", "replace").strip()
            content_types = ""
            if "[Content_Types].xml" in names:
                content_types = z.read("[Content_Types].xml")[:200_000].decode("utf-8", "replace")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, KeyError, ValueError,
            NotImplementedError) as e:
        what = {".docx": _NAMES["docx"], ".epub": _NAMES["epub"]}.get(suffix, say("documents.kind.zip"))
        raise InputError(say("documents.zip_damaged", path=str(p), what=what, error=str(e))) from None
    if mimetype == "application/epub+zip" or "META-INF/container.xml" in names:
        return "epub"
    if "word/document.xml" in names or "wordprocessingml.document.main" in content_types \
            or "ms-word.document.macroEnabled" in content_types:
        return "docx"
    if "xl/workbook.xml" in names or "spreadsheetml" in content_types:
        raise InputError(say("documents.xlsx", path=str(p)))
    if "ppt/presentation.xml" in names or "presentationml" in content_types:
        raise InputError(say("documents.pptx", path=str(p)))
    if mimetype.startswith("application/vnd.oasis.opendocument"):
        raise InputError(say("documents.odf", path=str(p)))
    if suffix in (".docx", ".epub"):
        raise InputError(say("documents.zip_not_kind", path=str(p), suffix=suffix, what=_NAMES[suffix[1:]]))
    raise InputError(say("documents.zip_archive", path=str(p)))


def detect_format(path: str | os.PathLike) -> Detected:
    """The format of the file from its content: "pdf", "docx", "epub", "markdown" or "text".

    Text is told apart from binary only roughly here (the text reader does it thoroughly, with
    the encoding); a file that is not one of the binary formats is text when its extension is
    a text one or none we know. Raises :class:`InputError` (the file named) for a missing, empty,
    unsupported or damaged file.
    """
    p = Path(path)
    head = _read_head(p)
    suffix = p.suffix.lower()
    if not head:
        raise InputError(say("documents.empty", path=str(p)))
    found: str | None = None
    if b"%PDF-" in head[:1024]:  # the header may follow some junk (the spec allows 1 KB)
        found = "pdf"
    elif head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        found = _zip_format(p)
    elif head.startswith(_OLE):
        raise _ole_error(p)
    else:
        if (hit := binary_kind(head)) is not None:
            raise InputError(say("documents.other_binary", path=str(p), what=hit[0], fix=_WAY_OUT[hit[1]]))
    if found is None:
        expected = _BY_SUFFIX.get(suffix)
        if expected is not None:
            raise InputError(say("documents.not_format", path=str(p), suffix=suffix, what=_NAMES[expected]))
        if suffix == ".doc":
            # An old .doc is an OLE file (caught above); this one is text or something else.
            raise InputError(say("documents.doc_not_word", path=str(p)))
        return Detected("markdown" if suffix in MARKDOWN_SUFFIXES else "text")
    expected = _BY_SUFFIX.get(suffix, "markdown" if suffix in MARKDOWN_SUFFIXES else
                              "text" if suffix in TEXT_SUFFIXES else None)
    note = None
    if (suffix in (".doc", ".wps") and found == "docx") or (expected is not None and expected != found):
        note = say("documents.renamed", name=p.name, suffix=suffix, what=_NAMES[found])
    return Detected(found, note)
