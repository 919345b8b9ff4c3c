"""`python main.py import FILE... --project P`: add documents to a project as chunked sources."""

from __future__ import annotations

import argparse
from pathlib import Path

from core.errors import CorpusmithError
from core.text.chunking import DEFAULT_OVERLAP, DEFAULT_SIZE, chunk_spans

TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")


def cmd_import(args: argparse.Namespace) -> int:
    from core.sources.documents.txt import import_text_file
    from core.store import Store

    chunk_spans("", args.size, args.overlap)  # bad --size/--overlap: one error, before anything is made
    failed = 0
    with Store(args.project, create=True) as store:
        for name in args.files:
            path = Path(name)
            if path.suffix.lower() not in TEXT_SUFFIXES:
                print(f"failed: not supported yet: {path} (only TXT and Markdown files for now)")
                failed += 1
                continue
            try:
                r = import_text_file(store, path, size=args.size, overlap=args.overlap)
            except CorpusmithError as e:
                print(f"failed: {e}")
                failed += 1
                continue
            print(f"imported {path}: {r.chars} characters, {r.n_chunks} chunks ({r.encoding}), "
                  f"source #{r.source_id}")
    if failed:
        print(f"{failed} of {len(args.files)} file(s) not imported")
    return 1 if failed else 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "import", help="add TXT/Markdown documents to a project (chunked for question generation)",
        description="Import documents as sources of the project: the text is read in whatever encoding "
        "it was saved (UTF-8/16, GBK, Big5 …) and split into chunks at sentence boundaries. Each file "
        "becomes a new source; one bad file never stops the others.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="TXT or Markdown files")
    p.add_argument("--project", required=True,
                   help="the .corpus project file (created if it does not exist)")
    p.add_argument("--size", type=int, default=DEFAULT_SIZE,
                   help=f"chunk size in characters (default {DEFAULT_SIZE})")
    p.add_argument("--overlap", type=int, default=DEFAULT_OVERLAP,
                   help=f"characters consecutive chunks share (default {DEFAULT_OVERLAP})")
    p.set_defaults(func=cmd_import)
