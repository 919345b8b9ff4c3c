"""Plain text and Markdown documents: read them in whatever encoding they were saved, chunk them,
and store the text and its chunks as raw items of a new source."""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import InputError
from core.messages import say
from core.sources.documents.detect import binary_kind
from core.sources.origin import file_origin
from core.text.chunking import DEFAULT_OVERLAP, DEFAULT_SIZE, chunk_spans

if TYPE_CHECKING:
    from core.store import Store

# Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

# What a binary file that was given a .txt name probably is, by its first bytes, and what to do:
# the documents a user may have renamed first, then the detector's table of other binaries.
_MAGIC = (
    (b"PK\x03\x04", say("documents.binary.zip_any"), say("documents.txt.fix_zip")),
    (b"%PDF", say("documents.kind.pdf"), say("documents.txt.fix_pdf")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", say("documents.binary.old_office"), say("documents.txt.fix_office")),
)
_WAY_OUT = {"rtf": say("documents.txt.fix_rtf"), "image": say("documents.txt.fix_image"),
            "archive": say("documents.txt.fix_extract"), "other": say("documents.txt.fix_sqlite")}

# Control characters that never occur in real text (tab, line breaks and form feed are fine);
# C1 controls (\x80-\x9f) in decoded text mean a wrong single-byte guess.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_CONTROL_BYTES = re.compile(rb"[\x01-\x08\x0e-\x1a\x1c-\x1f]")  # ESC (\x1b) aside: ANSI colours


_HAN = re.compile(r"[\u3400-\u9fff]")


def _rare_han_ratio(text: str, sample: int = 4000) -> float:
    """The share of the first ``sample`` Chinese characters that GB2312 lacks."""
    han = []
    for m in _HAN.finditer(text):
        han.append(m.group())
        if len(han) >= sample:
            break
    if not han:
        return 0.0
    rare = 0
    for c in han:
        try:
            c.encode("gb2312")
        except UnicodeEncodeError:
            rare += 1
    return rare / len(han)


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    """(text, encoding name) or InputError."""
    for bom, name, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), name
            except UnicodeDecodeError as e:
                raise InputError(say("documents.txt.bad_bom", path=str(path), bom=name.upper(), offset=e.start)) from None
    for magic, what, fix in _MAGIC:
        if data.startswith(magic):
            raise InputError(say("documents.txt.looks_like", path=str(path), what=what, fix=fix))
    if (hit := binary_kind(data)) is not None:
        raise InputError(say("documents.txt.looks_like", path=str(path), what=hit[0], fix=_WAY_OUT[hit[1]]))
    if b"\x00" in data:
        raise InputError(say("documents.txt.nul", path=str(path)))
    head = data[:65536]
    if len(_CONTROL_BYTES.findall(head)) > len(head) // 100:
        raise InputError(say("documents.txt.control", path=str(path)))
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")  # a superset of GBK and GB2312
    except UnicodeDecodeError:
        pass
    else:
        # Big5 (traditional Chinese) bytes are nearly always valid GB18030 too, decoding to rare
        # characters: if many are outside GB2312 and the bytes are valid Big5, they are Big5.
        if _rare_han_ratio(text) > 0.2:
            for codec in ("cp950", "big5hkscs"):
                try:
                    return data.decode(codec), "big5"
                except UnicodeDecodeError:
                    pass
        return text, "gb18030"
    try:
        from charset_normalizer import from_bytes
    except ImportError:
        from_bytes = None
    if from_bytes is not None:
        # Text that got this far has no NUL byte, so it cannot be UTF-16/32 (their line breaks
        # have one); ruling those out stops them matching any odd bytes.
        best = from_bytes(data, cp_exclusion=["utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le",
                                              "utf_32_be", "utf_7"]).best()
        if best is not None:
            text = str(best)
            if len(_CONTROL.findall(text[:100_000])) <= len(text[:100_000]) // 1000:
                return text, best.encoding
    raise InputError(say("documents.txt.encoding", path=str(path)))


def read_text_file(path: str | os.PathLike) -> str:
    """The text of a TXT or Markdown file, with line breaks normalised to ``\\n``.

    Reads UTF-8 (with or without a byte-order mark), UTF-16/UTF-32 with a byte-order mark,
    GBK/GB18030 and Big5, and, when charset-normalizer is installed, whatever it recognises as
    a last resort. Raises :class:`InputError` naming the file and the fix when it is missing, empty,
    binary (a renamed DOCX/EPUB/PDF …) or not decodable. See :func:`read_text_file_with_encoding`
    for the encoding that was found.
    """
    return read_text_file_with_encoding(path)[0]


def read_text_file_with_encoding(path: str | os.PathLike) -> tuple[str, str]:
    """Like :func:`read_text_file`, and the encoding found ("utf-8", "utf-16-le", "gb18030" …)."""
    p = Path(path)
    if p.is_dir():  # (Windows reports reading a folder as a permission error)
        raise InputError(say("documents.txt.folder", path=str(p)))
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(say("documents.missing", path=str(p))) from None
    except PermissionError:
        raise InputError(say("documents.permission", path=str(p))) from None
    except OSError as e:
        raise InputError(say("documents.os_error", path=str(p), error=str(e.strerror or e))) from None
    if not data:
        raise InputError(say("documents.empty", path=str(p)))
    text, encoding = _decode(data, p)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError(say("documents.txt.blank", path=str(p)))
    return text, encoding


@dataclass
class ImportResult:
    source_id: int
    name: str
    encoding: str
    chars: int
    n_chunks: int


def import_text_file(
    store: Store, path: str | os.PathLike, size: int = DEFAULT_SIZE, overlap: int = DEFAULT_OVERLAP
) -> ImportResult:
    """Add the file as a new "document" source of ``store``: the whole text as one raw item
    (kind "document", key = file name) and its chunks as raw items (kind "chunk", key
    ``f"{source_id}:{index}"``, parent_key = the file name, data ``{"text", "index", "doc", "start", "end"}``).

    Every call makes a new source, so importing the same file twice gives two sources with the
    same chunks (``Store.delete_source`` removes one). The file is read and
    chunked before anything is written; if storing fails, the half-made source is removed.
    """
    p = Path(path)
    text, encoding = read_text_file_with_encoding(p)
    spans = chunk_spans(text, size, overlap)
    name = p.name
    source_id = store.add_source(
        "document", name, file_origin(store, p),
        {"encoding": encoding, "chunk_size": size, "overlap": overlap},
    )
    try:
        store.add_raw_items(source_id, "document",
                            [(name, None, {"text": text, "encoding": encoding, "chars": len(text)})])
        store.add_raw_items(
            source_id, "chunk",
            ((f"{source_id}:{i}", name, {"text": text[a:b], "index": i, "doc": name, "start": a, "end": b})
             for i, (a, b) in enumerate(spans)),
        )
    except BaseException:
        store.delete_source(source_id)
        raise
    return ImportResult(source_id=source_id, name=name, encoding=encoding, chars=len(text),
                        n_chunks=len(spans))


def chunks_of(store: Store, source_id: int | None = None) -> list[dict[str, Any]]:
    """The stored chunks, of one source or of all: [{"key", "text", "source_id", "doc"}], in
    import order."""
    return [
        {"key": r["key"], "text": r["data"].get("text", ""), "source_id": r["source_id"],
         "doc": r["data"].get("doc", r["parent_key"] or "")}
        for r in store.raw_items(source_id, "chunk")
    ]
