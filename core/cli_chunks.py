"""`python main.py chunks --project P [--source ID] [--json]`: a document's chunks, and the edits
of the chunk view — `--merge N`, `--split N AT`, `--move N AT`, `--rechunk SIZE OVERLAP` — each
printed as its plan (what changes, what will be asked again, which samples are rejected) and then
written (`--dry-run`: only the plan). Chunk numbers count from 1, as the window shows them."""

from __future__ import annotations

import argparse
import json
from typing import Any

from core import cli_exit
from core.errors import InputError
from core.messages import render, say

PREVIEW = 40  # characters of a chunk's text on its line


def _chunk_json(c: Any) -> dict[str, Any]:
    return {"number": c.index + 1, "key": c.key, "start": c.start, "end": c.end, "chars": len(c.text),
            "page": c.page, "page_end": c.page_end, "heading": c.heading, "questions": c.questions,
            "samples": c.samples, "text": c.text}


def _print_document(doc: Any) -> None:
    print(render(say("chunks.cli.header", name=doc.name, id=doc.source_id, n=len(doc.chunks), size=doc.size,
                     overlap=doc.overlap)))
    for c in doc.chunks:
        parts = [f"{c.index + 1:>4}", render(say("chunks.cli.chars", n=len(c.text)))]
        if c.page is not None:
            parts.append(render(say("chunks.cli.page", page=c.page) if c.page == c.page_end
                                else say("chunks.cli.pages", page=c.page, page_end=c.page_end)))
        if c.heading:
            parts.append(f"〔{c.heading}〕")
        if c.questions:
            parts.append(render(say("chunks.cli.asked")))
        text = " ".join(c.text.split())
        parts.append(text[:PREVIEW] + ("…" if len(text) > PREVIEW else ""))
        print("  ".join(parts))


def _document_ids(store: Any, source_id: int | None) -> list[int]:
    ids = [s["id"] for s in store.sources() if s["kind"] == "document"]
    if source_id is not None:
        return [source_id]
    if not ids:
        raise InputError(say("chunks.cli.no_documents"))
    return ids


def cmd_chunks(args: argparse.Namespace) -> int:
    from core.sources.documents import chunk_edit as ce
    from core.store import Store

    edits = [e for e in (args.merge, args.split, args.move, args.rechunk) if e is not None]
    if len(edits) > 1:
        raise InputError(say("chunks.cli.one_edit"))
    readonly = not edits or args.dry_run
    with Store(args.project, readonly=readonly) as store:
        ids = _document_ids(store, args.source)
        if not edits:
            docs = [ce.document_chunks(store, i) for i in ids]
            if args.json:
                print(json.dumps({"documents": [{"source_id": d.source_id, "name": d.name, "size": d.size,
                                                 "overlap": d.overlap, "chunks": [_chunk_json(c) for c in d.chunks]}
                                                for d in docs]}, ensure_ascii=False, indent=2))
            else:
                for d in docs:
                    _print_document(d)
            return cli_exit.OK
        if len(ids) > 1:
            raise InputError(say("chunks.cli.which_source", n=len(ids)))
        sid = ids[0]
        if args.merge is not None:
            plan = ce.plan_merge(store, sid, args.merge - 1)
        elif args.split is not None:
            plan = ce.plan_split(store, sid, args.split[0] - 1, args.split[1])
        elif args.move is not None:
            plan = ce.plan_move(store, sid, args.move[0] - 1, args.move[1])
        else:
            plan = ce.plan_rechunk(store, sid, *args.rechunk)
        result = None if args.dry_run or not plan.changed else ce.apply_plan(store, plan)
        if args.json:
            out: dict[str, Any] = {"source_id": sid, "plan": [m.render() for m in plan.said()],
                                   "changed": plan.changed, "applied": result is not None}
            if result is not None:
                e = result.effects
                out.update(chunks=result.chunks, kept=result.kept, added=result.added, retired=result.retired,
                           rejected=e.reject, touched_kept=e.kept, dropped=e.unfinished)
            print(json.dumps(out, ensure_ascii=False, indent=2))
            return cli_exit.OK
        print(plan.text())
        if result is not None:
            print(render(result.said()))
        elif args.dry_run:
            print(render(say("chunks.cli.dry_run")))
    return cli_exit.OK


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "chunks", help="list a document's chunks; merge, split, move a split point or re-chunk before generating",
        description="List the chunks of the project's documents (length, page of a PDF, heading, whether "
        "questions were asked about it), or edit one document's chunks. An edit prints its plan first: which "
        "chunks change, which of them already have questions (the next QA run asks about the changed chunks "
        "again), which samples made from them are rejected (the ones you never touched) and which stay (the "
        "ones you edited, accepted or rejected). Unchanged chunks keep their questions and answers.",
    )
    p.add_argument("--project", required=True, help="the .corpus project file")
    p.add_argument("--source", type=int, help="the document's source id (default: every document; an edit "
                   "needs it when the project has more than one)")
    p.add_argument("--json", action="store_true", help="print JSON instead of lines")
    p.add_argument("--merge", type=int, metavar="N", help="merge chunk N with chunk N+1")
    p.add_argument("--split", type=int, nargs=2, metavar=("N", "AT"), help="split chunk N at character AT")
    p.add_argument("--move", type=int, nargs=2, metavar=("N", "AT"),
                   help="move the split between chunks N and N+1 to character AT from the start of chunk N")
    p.add_argument("--rechunk", type=int, nargs=2, metavar=("SIZE", "OVERLAP"),
                   help="chunk the document again: at most SIZE characters, OVERLAP shared")
    p.add_argument("--dry-run", action="store_true", help="print the plan of an edit, write nothing")
    p.set_defaults(func=cmd_chunks)
