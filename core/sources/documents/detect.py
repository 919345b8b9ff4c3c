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

FORMATS = ("pdf", "docx", "epub", "text", "markdown")
TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".mdown", ".mkd")
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
# What each format's files are called, for messages about renamed files.
_NAMES = {"pdf": "a PDF document", "docx": "a Word document (.docx)", "epub": "an EPUB e-book",
          "text": "a plain text file", "markdown": "a Markdown file"}
_BY_SUFFIX = {".pdf": "pdf", ".docx": "docx", ".docm": "docx", ".dotx": "docx", ".epub": "epub"}

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_SAVE_AS_DOCX = "Open it in Word or WPS and save it as a Word document (.docx), then import that file"

# Binary formats that are not documents we read: (magic, what it is, what to do).
_OTHER_MAGIC = (
    (b"{\\rtf", "an RTF document", "Open it in Word or WPS and save it as .docx (or as plain text, .txt)."),
    (b"\x89PNG\r\n\x1a\n", "a PNG image", "Text in images needs OCR, which is not supported yet."),
    (b"\xff\xd8\xff", "a JPEG image", "Text in images needs OCR, which is not supported yet."),
    (b"GIF8", "a GIF image", "Text in images needs OCR, which is not supported yet."),
    (b"II*\x00", "a TIFF image", "Text in images needs OCR, which is not supported yet."),
    (b"MM\x00*", "a TIFF image", "Text in images needs OCR, which is not supported yet."),
    (b"\x1f\x8b", "a gzip archive", "Extract it first and import the documents inside."),
    (b"Rar!", "a RAR archive", "Extract it first and import the documents inside."),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "Extract it first and import the documents inside."),
    (b"SQLite format 3\x00", "an SQLite database", "Choose a document (.txt, .md, .docx, .pdf, .epub)."),
    (b"\x7fELF", "a program", "Choose a document (.txt, .md, .docx, .pdf, .epub)."),
    (b"MZ", "a Windows program", "Choose a document (.txt, .md, .docx, .pdf, .epub)."),
)


@dataclass
class Detected:
    format: str  # one of FORMATS
    note: str = ""  # set when the extension did not match the content


def _read_head(p: Path, n: int = 8192) -> bytes:
    if p.is_dir():
        raise InputError(f"“{p}” is a folder, not a file. Pick the documents inside it.")
    try:
        with open(p, "rb") as f:
            return f.read(n)
    except FileNotFoundError:
        raise InputError(f"“{p}” does not exist. Check the path, or pick the file again.") from None
    except PermissionError:
        raise InputError(f"“{p}” cannot be read: permission denied. Check the file's permissions.") from None
    except OSError as e:
        raise InputError(f"“{p}” cannot be read: {e.strerror or e}.") from None


def _contains(p: Path, needle: bytes) -> bool:
    try:
        with open(p, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
            return m.find(needle) >= 0
    except (OSError, ValueError):
        return False


def _ole_error(p: Path) -> InputError:
    suffix = p.suffix.lower()
    if _contains(p, _OLE_ENCRYPTED):
        return InputError(
            f"“{p}” is a password-protected Office document, which cannot be read. Open it in Word or WPS, "
            "remove the password (File → Info → Protect Document → Encrypt with Password: clear it), "
            "save it as .docx and import it again."
        )
    if suffix == ".doc" or suffix == ".wps":
        return InputError(f"“{p}” is an old Word document (Word 97–2003 .doc), which cannot be read. "
                          f"{_SAVE_AS_DOCX}.")
    if suffix in (".xls", ".ppt"):
        return InputError(f"“{p}” is an old Excel/PowerPoint file, which is not supported. "
                          "Copy its text into a .docx or .txt file and import that.")
    return InputError(
        f"“{p}” is named {suffix or 'without an extension'} but is an old Microsoft Office file "
        f"(Word 97–2003 .doc, or .xls/.ppt), which cannot be read. {_SAVE_AS_DOCX}."
    )


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
        what = {".docx": "Word document", ".epub": "EPUB e-book"}.get(suffix, "ZIP file")
        raise InputError(
            f"“{p}” looks like a {what} but is damaged and cannot be opened ({e}). It may have been "
            "cut off while downloading or copying: get the file again, or open it in the program "
            "that made it and save it again."
        ) from None
    if mimetype == "application/epub+zip" or "META-INF/container.xml" in names:
        return "epub"
    if "word/document.xml" in names or "wordprocessingml.document.main" in content_types \
            or "ms-word.document.macroEnabled" in content_types:
        return "docx"
    if "xl/workbook.xml" in names or "spreadsheetml" in content_types:
        raise InputError(f"“{p}” is an Excel workbook, which is not supported. Copy the text into a "
                         ".docx or .txt file and import that.")
    if "ppt/presentation.xml" in names or "presentationml" in content_types:
        raise InputError(f"“{p}” is a PowerPoint presentation, which is not supported. Save it as PDF "
                         "(File → Save As → PDF) and import the PDF.")
    if mimetype.startswith("application/vnd.oasis.opendocument"):
        raise InputError(f"“{p}” is an OpenDocument file (LibreOffice/WPS), which is not supported. "
                         "Save it as a Word document (.docx) and import that.")
    if suffix in (".docx", ".epub"):
        what = "Word document" if suffix == ".docx" else "EPUB e-book"
        raise InputError(
            f"“{p}” is named {suffix} but is not a {what}: it is a ZIP archive without the parts a "
            f"{what} has. It may be damaged or renamed; if it is an archive, extract it and import "
            "the documents inside."
        )
    raise InputError(f"“{p}” is a ZIP archive, not a document. Extract it and import the documents inside.")


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
        raise InputError(f"“{p}” is empty (0 bytes). Choose a file that contains text.")
    found: str | None = None
    if b"%PDF-" in head[:1024]:  # the header may follow some junk (the spec allows 1 KB)
        found = "pdf"
    elif head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        found = _zip_format(p)
    elif head.startswith(_OLE):
        raise _ole_error(p)
    else:
        for magic, what, fix in _OTHER_MAGIC:
            if head.startswith(magic):
                raise InputError(f"“{p}” is {what}, not a document. {fix}")
    if found is None:
        expected = _BY_SUFFIX.get(suffix)
        if expected is not None:
            raise InputError(
                f"“{p}” is named {suffix} but is not {_NAMES[expected]}: its content does not start "
                f"the way {_NAMES[expected]} does. The file may be damaged, cut off while "
                "downloading, or renamed from another format: get it again, or open it in the program "
                "that made it and save it again."
            )
        if suffix == ".doc":
            # An old .doc is an OLE file (caught above); this one is text or something else.
            raise InputError(f"“{p}” is named .doc but is not a Word document. {_SAVE_AS_DOCX}, "
                             "or save it as plain text (.txt).")
        return Detected("markdown" if suffix in MARKDOWN_SUFFIXES else "text")
    expected = _BY_SUFFIX.get(suffix, "markdown" if suffix in MARKDOWN_SUFFIXES else
                              "text" if suffix in TEXT_SUFFIXES else None)
    note = ""
    if suffix in (".doc", ".wps") and found == "docx":
        note = f"“{p.name}” is named {suffix} but is {_NAMES[found]}: imported as {_NAMES[found]}."
    elif expected is not None and expected != found:
        note = f"“{p.name}” is named {suffix} but is {_NAMES[found]}: imported as {_NAMES[found]}."
    return Detected(found, note)
