"""`python main.py questions --project P [--json] [--delete ID …] [--edit ID TEXT]`: the questions
of QA and aspects runs, reviewed before the answers are paid for (core/flows/question_review.py);
and what `generate qa|aspects --stop-after questions` prints when it stops there."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from core import cli_exit
from core.cli_summary import estimate_line, print_costs, print_failed
from core.errors import CorpusmithError
from core.messages import Message, current_language, render, say

STATUS_LABELS = {s: say(f"questions.status.{s}") for s in
                 ("asked", "accepted", "edited", "added", "deleted", "answered")}
PREVIEW_CHARS = 60


# ---- generate … --stop-after questions --------------------------------------------------------------
def add_stop_after_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--stop-after", choices=("questions",), metavar="questions",
                        help="run only the questions stage and stop, so the questions can be reviewed "
                        "(`questions --project …`) before the answers are paid for; run again without it "
                        "to answer the questions left")


def print_stopped(result: Any, flow: Any, settings: Any, project: str) -> int:
    """What a run stopped after its questions prints: the questions to review, what answering them
    will cost, and how to go on. Returns the exit code."""
    print(say("questions.cli.stopped", n=result.questions, job=result.questions_job))
    print(say("questions.cli.answers_estimate", estimate=estimate_line(flow.estimate_answers(), settings)))
    print_failed(result)
    print_costs(result, settings)
    print(say("questions.cli.next_review", project=project))
    print(say("questions.cli.next_answer"))
    return cli_exit.of_flow(result)


def print_deleted(result: Any) -> None:
    """The questions the user deleted in the review, beside the run's count that leaves them out."""
    if getattr(result, "deleted", 0):
        print(say("questions.cli.deleted_count", n=result.deleted))


# ---- the questions command --------------------------------------------------------------------------
def _preview(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= PREVIEW_CHARS else text[:PREVIEW_CHARS] + "…"


def _job_label(store: Any, job: dict) -> Message:
    """A questions job as the reader calls it: its flow, documents (or topic) and prompt language
    (the job's stored name is English whatever the reader's language)."""
    params = job.get("params") or {}
    lang = params.get("lang", "")
    if job.get("kind") == "aspect_questions":
        return say("questions.cli.job_aspects", topic=params.get("topic", ""), lang=lang)
    sid = params.get("source_id")
    where = next((s["name"] for s in store.sources() if s["id"] == sid), f"#{sid}") if sid is not None \
        else say("questions.cli.all_documents")
    return say("questions.cli.job_qa", where=where, lang=lang)


def _print_job(store: Any, job: dict, questions: list) -> None:
    from collections import Counter

    from core.flows import question_review

    counts = Counter(q.status for q in questions)
    sep = "、" if current_language() == "zh" else ", "
    parts = sep.join(f"{render(STATUS_LABELS[s])} {counts[s]}" for s in STATUS_LABELS if counts[s])
    print(say("questions.cli.job", name=_job_label(store, job), id=job["id"], n=len(questions), counts=parts))
    texts = question_review.chunk_texts(store, job["id"])
    chunk = None
    for q in questions:
        if q.chunk != chunk:
            chunk = q.chunk
            if q.flow == "qa":
                print(say("questions.cli.chunk", chunk=chunk, text=_preview(texts.get(chunk, ""))))
            else:
                print(say("questions.cli.aspect", aspect=chunk))
        line = say("questions.cli.question", id=q.id, status=STATUS_LABELS[q.status], text=q.text)
        print(line if q.status != "edited" else say("questions.cli.question_was", line=line, asked=q.asked))


def cmd_questions(args: argparse.Namespace) -> int:
    from core.flows import question_review
    from core.store import Store

    failed = done = 0

    def attempt(action: Any, *a: Any) -> Any:
        nonlocal failed, done
        try:
            out = action(*a)
        except CorpusmithError as e:
            failed += 1
            print(render(say("cli.error", message=render(e.args[0]) if e.args else str(e))), file=sys.stderr)
            return None
        done += 1
        return out

    with Store(args.project) as store:
        for qid in args.delete or []:
            if attempt(question_review.delete, store, qid) is not None:
                print(say("questions.cli.deleted", id=qid))
        for qid in args.restore or []:
            if attempt(question_review.restore, store, qid) is not None:
                print(say("questions.cli.restored", id=qid))
        for qid, text in args.edit or []:
            row = attempt(question_review.edit, store, _int_id(qid), text)
            if row is not None:
                print(say("questions.cli.edited", id=row["id"], text=row["text"]))
        for chunk, text in args.add or []:
            job = args.job if args.job is not None else attempt(question_review.job_of_chunk, store, chunk)
            row = attempt(question_review.add, store, job, chunk, text) if job is not None else None
            if row is not None:
                print(say("questions.cli.added", id=row["id"], chunk=chunk, text=row["text"]))
        if args.accept_all:
            jobs = [args.job] if args.job is not None else [j["id"] for j in question_review.question_jobs(store)]
            n = sum(attempt(question_review.accept_all, store, j) or 0 for j in jobs)
            print(say("questions.cli.accepted", n=n))

        acted = done + failed > 0
        if args.json or not acted:
            jobs = question_review.question_jobs(store)
            if args.job is not None:
                jobs = [j for j in jobs if j["id"] == args.job]
                if not jobs:
                    attempt(question_review.review, store, args.job)  # says why
            listed = [(j, question_review.review(store, j["id"])) for j in jobs]
            if args.json:
                print(json.dumps([q.to_dict() for _, qs in listed for q in qs], ensure_ascii=False, indent=2))
            elif not any(qs for _, qs in listed):
                print(say("questions.cli.none", project=args.project))
            else:
                for job, qs in listed:
                    if qs:
                        _print_job(store, job, qs)
    return cli_exit.finished(failed, done + failed) if failed else cli_exit.OK


def _int_id(text: str) -> int:
    """A question's id as the user writes it: 12 or #12."""
    try:
        return int(str(text).strip().lstrip("#"))
    except ValueError:
        from core.errors import InputError

        raise InputError(say("questions.bad_id", got=text)) from None


def question_id(text: str) -> int:
    """argparse's reading of an id (a bad one is a usage error, said in the reader's language)."""
    try:
        return _int_id(text)
    except CorpusmithError as e:
        raise argparse.ArgumentTypeError(render(e.args[0])) from None


def register(subparsers: argparse._SubParsersAction) -> None:
    q = subparsers.add_parser(
        "questions", help="review the questions of QA and aspects runs before their answers are paid for",
        description="List the questions of the project's QA and aspects runs, chunk by chunk, with their ids and "
        "status (asked, accepted, edited, added, deleted, answered); delete, edit or add questions, or accept them "
        "all. The answers stage (`generate qa|aspects` without --stop-after) then answers exactly the questions "
        "left: deleted ones are never sent, edited ones are asked as edited. A question already answered is "
        "changed in Review (its sample), not here.")
    q.add_argument("--project", required=True, help="the .corpus project file")
    q.add_argument("--json", action="store_true", help="print the questions as a JSON list")
    q.add_argument("--job", type=int, metavar="ID", help="only the questions job with this id (default: all)")
    q.add_argument("--delete", type=question_id, nargs="+", metavar="ID", help="delete these questions (never asked)")
    q.add_argument("--restore", type=question_id, nargs="+", metavar="ID", help="bring deleted questions back")
    q.add_argument("--edit", nargs=2, action="append", metavar=("ID", "TEXT"),
                   help="ask question ID as TEXT instead (repeatable)")
    q.add_argument("--add", nargs=2, action="append", metavar=("CHUNK", "TEXT"),
                   help="add a question to a chunk (its key, as listed) or an aspect (repeatable)")
    q.add_argument("--accept-all", action="store_true", help="accept every question still standing as it reads")
    q.set_defaults(func=cmd_questions)
