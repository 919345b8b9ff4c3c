"""Import documents of any supported format (TXT, Markdown, DOCX, PDF, EPUB) as sources.

The format is found from the file's content (:mod:`.detect`), not from its extension alone; each
reader returns a :class:`DocumentText`, which is stored in the same shape as
:func:`~core.sources.documents.txt.import_text_file` stores a TXT file, so the QA flow and
:func:`~core.sources.documents.txt.chunks_of` work on every format:

- a source of kind ``"document"`` (name = file name, origin = file name (core/sources/origin.py), settings
  ``{"encoding", "chunk_size", "overlap", "format"}`` and ``"pages"`` for a PDF);
- one raw item of kind ``"document"`` (key = file name) with ``{"text", "encoding", "chars",
  "format"}`` and, for a PDF, ``"pages"`` and ``"page_starts"`` (the offset in ``text`` where each
  page starts), for an EPUB ``"title"``;
- raw items of kind ``"chunk"`` (key ``f"{source_id}:{index}"``, parent_key = file name) with
  ``{"text", "index", "doc", "start", "end"}`` (``start``/``end``: its span in the document's text,
  which the chunk view edits, core/sources/documents/chunk_edit.py) and, for a PDF,
  ``"page"``/``"page_end"`` (1-based, where the chunk starts and ends).

Every function here is blocking and thread-safe to call from a worker thread (the UI does):
``progress(done, total)`` is called from that thread as the work goes (per PDF page, per EPUB
chapter, per block of DOCX paragraphs).
"""

from __future__ import annotations

import bisect
import logging
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import CorpusmithError, InputError
from core.messages import Message, current_language, render, say
from core.sources.documents.detect import detect_format
from core.sources.documents.txt import ImportResult, read_text_file_with_encoding
from core.sources.origin import file_origin
from core.text.chunking import DEFAULT_OVERLAP, DEFAULT_SIZE, chunk_spans

if TYPE_CHECKING:
    from core.store import Store

log = logging.getLogger("corpusmith.documents")

Progress = Callable[[int, int], None]


class PasswordRequiredError(InputError):
    """The PDF is encrypted and the password is missing (``wrong`` False) or wrong (``wrong`` True).
    A UI asks for the password and calls the import again with it."""

    def __init__(self, message: Message | str, path: str, wrong: bool = False):
        super().__init__(message)
        self.path = path
        self.wrong = wrong


@dataclass
class DocumentText:
    """What a reader found in a file: the text (lines joined by ``\\n``) and facts about it."""

    text: str
    format: str  # "text", "markdown", "docx", "pdf", "epub"
    encoding: str = ""  # for text and Markdown files; "" for the others
    pages: int | None = None  # PDF: page count
    page_starts: list[int] | None = None  # PDF: offset in ``text`` where each page starts
    title: str = ""  # EPUB: the book's title
    notes: list[Message] = field(default_factory=list)  # what the reader did or skipped, for the user
    # what was cleaned away, counted: "page numbers", "header/footer lines", "line breaks joined"
    removed: dict[str, int] = field(default_factory=dict)


# The short tag a document's format is shown with ("纯文本", "PDF" …): a format name as people say it.
_FORMAT_LABELS = {"text": say("documents.format.text"), "markdown": say("documents.format.markdown"),
                  "docx": say("documents.format.docx"), "pdf": say("documents.format.pdf"),
                  "epub": say("documents.format.epub")}


def format_label(fmt: str | None) -> Message | str:
    """The tag for a stored document's format (settings["format"]; none for documents imported
    before formats were recorded, which were text)."""
    return _FORMAT_LABELS.get(fmt or "text", fmt or "")


# DocumentText.removed keys → how each count is said
_REMOVED = {"page numbers": lambda n: say("documents.removed.page_numbers", n=n),
            "header/footer lines": lambda n: say("documents.removed.headers", n=n),
            "line breaks joined": lambda n: say("documents.removed.joined", n=n)}


def cleaned_text(removed: Mapping[str, int], lang: str | None = None) -> str:
    """"cleaned: 3 page numbers, 12 line breaks joined" in the reader's language ("" for nothing)."""
    lang = lang or current_language()
    parts = [render(_REMOVED[what](n), lang) if what in _REMOVED else f"{n:,} {what}"
             for what, n in removed.items() if n]
    if not parts:
        return ""
    return render(say("documents.cleaned", what=("，" if lang == "zh" else ", ").join(parts)), lang)


@dataclass
class DocumentImportResult(ImportResult):
    """One imported file (an :class:`ImportResult`, with the format and what was done)."""

    format: str = "text"
    path: str = ""
    pages: int | None = None
    notes: list[Message] = field(default_factory=list)
    removed: dict[str, int] = field(default_factory=dict)

    ok = True

    def said(self) -> Message:
        """``imported PATH: N characters, M chunks (utf-8), source #K`` (the format and page
        count in place of the encoding for DOCX/PDF/EPUB)."""
        where = dict(path=self.path or self.name, chars=self.chars, chunks=self.n_chunks, source_id=self.source_id)
        if self.format in ("text", "markdown"):
            return say("documents.imported_encoding", encoding=self.encoding, **where)
        if self.pages:
            return say("documents.imported_pages", format=self.format.upper(), pages=self.pages, **where)
        return say("documents.imported_format", format=self.format.upper(), **where)

    def summary(self, lang: str | None = None) -> str:
        return self.said().render(lang)

    def cleaned(self, lang: str | None = None) -> str:
        """What the reader cleaned away, one line ("" for nothing)."""
        return cleaned_text(self.removed, lang)


@dataclass
class ImportFailure:
    """A file that was not imported, and why (the reason names the file)."""

    path: str
    name: str
    reason: Message | str
    needs_password: bool = False  # an encrypted PDF: ask for the password and import it again

    ok = False

    @property
    def message(self) -> str:
        """The reason in the current language."""
        return render(self.reason)

    def summary(self, lang: str | None = None) -> str:
        return render(say("documents.failed", message=self.reason), lang)


def read_document(path: str | os.PathLike, *, password: str | None = None,
                  progress: Progress | None = None) -> DocumentText:
    """The text of a document, whatever its format (found from its content). Nothing is stored.
    Raises :class:`InputError` (:class:`PasswordRequiredError` for an encrypted PDF) naming the file."""
    p = Path(path)
    found = detect_format(p)
    if found.format == "pdf":
        from core.sources.documents.pdf_reader import read_pdf

        doc = read_pdf(p, password=password, progress=progress)
    elif found.format == "docx":
        from core.sources.documents.docx_reader import read_docx

        doc = read_docx(p, progress=progress)
    elif found.format == "epub":
        from core.sources.documents.epub_reader import read_epub

        doc = read_epub(p, progress=progress)
    else:
        if progress:
            progress(0, 1)
        text, encoding = read_text_file_with_encoding(p)
        doc = DocumentText(text=text, format=found.format, encoding=encoding)
        if progress:
            progress(1, 1)
    if found.note:
        doc.notes.insert(0, found.note)
    return doc


def store_document(store: Store, path: str | os.PathLike, doc: DocumentText, *, size: int = DEFAULT_SIZE,
                   overlap: int = DEFAULT_OVERLAP) -> DocumentImportResult:
    """Store ``doc`` (read from ``path``) as a new source in the shape described in the module
    docstring. If storing fails, the half-made source is removed."""
    p = Path(path)
    spans = chunk_spans(doc.text, size, overlap)
    name = p.name
    settings: dict[str, Any] = {"encoding": doc.encoding, "chunk_size": size, "overlap": overlap,
                                "format": doc.format}
    data: dict[str, Any] = {"text": doc.text, "encoding": doc.encoding, "chars": len(doc.text),
                            "format": doc.format}
    if doc.pages is not None:
        settings["pages"] = doc.pages
        data["pages"] = doc.pages
    if doc.page_starts is not None:
        data["page_starts"] = doc.page_starts
    if doc.title:
        data["title"] = doc.title
    starts = doc.page_starts

    def chunk(i: int, a: int, b: int) -> tuple[str, str, dict]:
        d: dict[str, Any] = {"text": doc.text[a:b], "index": i, "doc": name, "start": a, "end": b}
        if starts:
            d["page"] = bisect.bisect_right(starts, a)
            d["page_end"] = bisect.bisect_right(starts, max(a, b - 1))
        return f"{source_id}:{i}", name, d

    source_id = store.add_source("document", name, file_origin(store, p), settings)
    try:
        store.add_raw_items(source_id, "document", [(name, None, data)])
        store.add_raw_items(source_id, "chunk", (chunk(i, a, b) for i, (a, b) in enumerate(spans)))
    except BaseException:
        store.delete_source(source_id)
        raise
    return DocumentImportResult(
        source_id=source_id, name=name, encoding=doc.encoding, chars=len(doc.text), n_chunks=len(spans),
        format=doc.format, path=str(p), pages=doc.pages, notes=list(doc.notes), removed=dict(doc.removed),
    )


def import_document(store: Store, path: str | os.PathLike, *, size: int = DEFAULT_SIZE,
                    overlap: int = DEFAULT_OVERLAP, password: str | None = None,
                    progress: Progress | None = None) -> DocumentImportResult:
    """Read a TXT/Markdown/DOCX/PDF/EPUB file (format from its content) and store it as a new
    "document" source with its chunks (see the module docstring for the shape).

    ``password`` opens an encrypted PDF (an empty user password is tried anyway).
    ``progress(done, total)`` is called as reading goes (PDF: per page). Raises
    :class:`InputError` naming the file, :class:`PasswordRequiredError` for an encrypted PDF
    without the right password; nothing is stored then.
    """
    chunk_spans("", size, overlap)  # a bad size/overlap fails before the file is read
    doc = read_document(path, password=password, progress=progress)
    return store_document(store, path, doc, size=size, overlap=overlap)


def _unexpected(p: Path, e: Exception) -> Message:
    log.exception("importing %s failed", p)
    return say("documents.unexpected", path=str(p), error=f"{type(e).__name__}: {e}")


def _reason(e: CorpusmithError) -> Message | str:
    """The error's message as it was said (a Message keeps the reader's language open)."""
    return e.args[0] if e.args and isinstance(e.args[0], Message) else str(e)


def import_documents(
    store: Store,
    paths: Iterable[str | os.PathLike],
    *,
    size: int = DEFAULT_SIZE,
    overlap: int = DEFAULT_OVERLAP,
    password: str | Mapping[str, str] | None = None,
    progress: Progress | None = None,
    on_result: Callable[[DocumentImportResult | ImportFailure], None] | None = None,
) -> list[DocumentImportResult | ImportFailure]:
    """Import each file with :func:`import_document`; one bad file never stops the others.

    Returns one entry per path, in order: a :class:`DocumentImportResult` or an
    :class:`ImportFailure` (its message names the file; ``needs_password`` for an encrypted PDF).
    ``password`` is one password tried on every encrypted PDF, or ``{path or file name: password}``.
    ``progress(done, total)`` reports the whole batch: each file is 1000 units, advanced within
    a file as its pages are read. ``on_result`` hears of each file as soon as it is done.
    """
    chunk_spans("", size, overlap)  # a bad size/overlap is one error, before anything is read
    paths = [Path(x) for x in paths]
    total = 1000 * len(paths)
    out: list[DocumentImportResult | ImportFailure] = []
    for i, p in enumerate(paths):
        pw = password
        if isinstance(password, Mapping):
            pw = password.get(str(p), password.get(p.name))
        file_progress = None
        if progress is not None:
            def file_progress(done: int, n: int, _base: int = 1000 * i) -> None:
                progress(_base + (1000 * done // n if n else 0), total)

            progress(1000 * i, total)
        result: DocumentImportResult | ImportFailure
        try:
            result = import_document(store, p, size=size, overlap=overlap, password=pw,  # type: ignore[arg-type]
                                     progress=file_progress)
        except PasswordRequiredError as e:
            result = ImportFailure(str(p), p.name, _reason(e), needs_password=True)
        except CorpusmithError as e:
            result = ImportFailure(str(p), p.name, _reason(e))
        except MemoryError:
            result = ImportFailure(str(p), p.name, say("documents.too_large", path=str(p)))
        except Exception as e:  # a reader library failing on an odd file must not stop the batch
            result = ImportFailure(str(p), p.name, _unexpected(p, e))
        out.append(result)
        if on_result is not None:
            on_result(result)
    if progress is not None:
        progress(total, total)
    return out
