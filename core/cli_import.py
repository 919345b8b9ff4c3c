"""`python main.py import FILE... --project P`: add documents (TXT, Markdown, DOCX, PDF, EPUB) to a
project as chunked sources."""

from __future__ import annotations

import argparse
import logging
import sys

from core import cli_exit
from core.messages import render, say
from core.text.chunking import DEFAULT_OVERLAP, DEFAULT_SIZE, chunk_spans

TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")
DOCUMENT_SUFFIXES = TEXT_SUFFIXES + (".docx", ".pdf", ".epub")


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        print("\r" + render(say("cli.import.progress", percent=100 * done // max(total, 1))),
              end="" if done < total else "\n", file=sys.stderr)


def cmd_import(args: argparse.Namespace) -> int:
    from core.sources.documents.importer import DocumentImportResult, import_documents
    from core.store import Store

    chunk_spans("", args.size, args.overlap)  # bad --size/--overlap: one error, before anything is made
    # pypdf logs what it repairs in odd PDFs ("EOF marker not found"): our messages say what matters.
    logging.getLogger("pypdf").addHandler(logging.NullHandler())

    def show(r) -> None:
        print(r.summary())
        if isinstance(r, DocumentImportResult):
            for note in r.notes:
                print("  " + render(say("cli.import.note", note=note)))
            cleaned = r.cleaned()
            if cleaned:
                print("  " + cleaned)

    with Store(args.project, create=True) as store:
        results = import_documents(store, args.files, size=args.size, overlap=args.overlap,
                                   password=args.password, progress=_progress, on_result=show)
    failed = sum(1 for r in results if not r.ok)
    if failed:
        print(render(say("cli.import.failed_count", n=failed, total=len(results))))
    return cli_exit.finished(failed, len(results))


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "import", help="add documents (TXT, Markdown, DOCX, PDF, EPUB) to a project, chunked",
        description="Import documents as sources of the project. The format is found from the file's "
        "content, not only its extension. Text files are read in whatever encoding they were saved "
        "(UTF-8/16, GBK, Big5 …); Word documents with their tables, in order; PDFs without repeated "
        "headers, footers and page numbers, lines broken mid-sentence joined again; EPUB chapters in "
        "reading order. The text is split into chunks at sentence boundaries. Each file becomes a "
        "new source; one bad file never stops the others.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="TXT, Markdown, DOCX, PDF or EPUB files")
    p.add_argument("--project", required=True,
                   help="the .corpus project file (created if it does not exist)")
    p.add_argument("--size", type=int, default=DEFAULT_SIZE,
                   help=f"chunk size in characters (default {DEFAULT_SIZE})")
    p.add_argument("--overlap", type=int, default=DEFAULT_OVERLAP,
                   help=f"characters consecutive chunks share (default {DEFAULT_OVERLAP})")
    p.add_argument("--password", default=None,
                   help="password of encrypted PDFs (tried on each encrypted one)")
    p.set_defaults(func=cmd_import)
