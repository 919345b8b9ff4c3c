"""Batch mode on the command line: ``--batch``, ``--wait`` and ``--poll-interval`` on every
command that calls a model (added with the LLM options, core.cli_generate.add_llm_args), and the
``batches`` command that lists, collects or cancels a project's provider batches.

``generate <flow> … --batch`` writes the requests the cache cannot answer into provider batches
and stops; run the same command again to collect what is ready (and submit the next stage, or
the lines that failed). With ``--wait`` it polls until everything is in. A run *without*
``--batch`` in a project with open batches collects them first and never sends again what
waits in one. The batch ids, their status and counts, and the batch cost beside what the same
answers cost in realtime are printed after the run. See core/llm/batch_session.py.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from core import cli_exit
from core.errors import InputError
from core.messages import Message, render, say

DEFAULT_POLL = 60.0
# The batch session of the command running now (attach_batch … exit_code), so that its summary
# does not say "finished" while requests still wait in batches (core/cli_summary.print_finish).
_running: Any = None


def add_batch_args(q: argparse.ArgumentParser) -> None:
    q.add_argument("--batch", action="store_true",
                   help="send the requests as provider batches (OpenAI-compatible Batch API: half price, done "
                   "within 24 h; DashScope, SiliconFlow, Zhipu, OpenAI, or a custom URL that has one). Run the "
                   "same command again to collect what is ready and submit the next stage")
    q.add_argument("--wait", action="store_true",
                   help="poll until every batch of the run is in (Ctrl+C stops waiting; the batches go on at "
                   "the provider and the same command collects them later)")
    q.add_argument("--poll-interval", type=float, default=DEFAULT_POLL, metavar="S",
                   help=f"seconds between polls with --wait (default {DEFAULT_POLL:g})")
    q.add_argument("--retry-realtime", action="store_true",
                   help="with --batch: send a request whose batch line failed or expired in realtime (full "
                   "price) instead of in the next batch")


class _Printer:
    """Batch events → lines on stdout (a batch's line when its status or counts change)."""

    def __init__(self, progress: Any = None):
        self.progress = progress
        self._shown: dict[int, tuple] = {}

    def _print(self, message: Message | str) -> None:
        if self.progress is not None:
            self.progress.finish()
        print(render(message), flush=True)

    def on_batches(self, rows: list[dict]) -> None:
        for row in rows:
            state = (row["status"], row["completed"], row["failed"])
            if self._shown.get(row["id"]) != state:
                self._shown[row["id"]] = state
                self._print(status_line(row))

    def on_batch_problem(self, message: Message) -> None:
        self._print(message)


def status_line(row: dict) -> Message:
    return say("batch.cli.status", id=row["batch_id"] or f"#{row['id']}", stage=_stage(row["stage"]),
               status=say(f"batch.status.{row['status']}") if row["status"] in _STATUSES else row["status"],
               completed=row["completed"], total=row["lines"], failed=row["failed"])


_STATUSES = ("submitting", "validating", "in_progress", "finalizing", "completed", "expired", "failed", "cancelling",
             "cancelled")


def _stage(stage: str) -> str:
    from core.cli_summary import stage_label

    return stage_label(stage) if stage else "-"


def attach_batch(args: argparse.Namespace, store: Any, settings: Any, flow: Any, progress: Any = None) -> Any:
    """Batch mode for `flow` (its runners get the session) when --batch is given, or when the
    project has batches of this service still open (collected first, never sent again); the
    flow's run() then prints the batches after it. Returns the session (None: realtime only)."""
    from core.llm.batch_session import BatchSession
    from core.llm.providers import normalize_base_url

    global _running
    _running = None
    asked = bool(getattr(args, "batch", False))
    if asked and settings.batch_terms(asked=True) is None:
        p = settings.preset()
        raise InputError(say("batch.unsupported", provider=p.name if p is not None else settings.base_url))
    open_rows = store.batches(normalize_base_url(settings.base_url), open_only=True)
    if not asked and not open_rows:
        return None
    printer = _Printer(progress)
    session = BatchSession(store, settings, submit=asked, wait=bool(getattr(args, "wait", False)),
                           poll_interval=max(0.01, float(getattr(args, "poll_interval", DEFAULT_POLL))),
                           realtime_retry=bool(getattr(args, "retry_realtime", False)), events=printer,
                           client=getattr(flow, "client", None))
    flow.runner_options["batch"] = session
    if open_rows and not asked:
        print(say("batch.cli.open_found", n=len(open_rows)), flush=True)
    if session.wait:
        print(say("batch.cli.wait", s=f"{session.poll_interval:g}"), flush=True)
    args._batch_session = session  # its report is printed after the command's own lines (exit_code)
    _running = session
    return session


def waiting_now() -> int:
    """Requests of the running command's batch session still out in batches (0 without one)."""
    return _running.waiting_lines() + _running.report.unsent if _running is not None else 0


def print_report(session: Any) -> int:
    """What the session submitted and collected, its cost, and what still waits; returns the
    requests still out in batches."""
    report = session.report
    for row in report.submitted:
        print(say("batch.cli.submitted", id=row["batch_id"], n=row["lines"], stage=_stage(row["stage"])))
    for row, counts in report.collected:
        status = say(f"batch.status.{row['status']}") if row["status"] in _STATUSES else row["status"]
        print(say("batch.cli.collected", id=row["batch_id"], status=status, **counts))
    if report.collected:
        print(say("batch.cli.cost", cost=f"{report.cost:.4f}", realtime=f"{report.realtime_cost:.4f}"))
    waiting = session.waiting_lines()
    if waiting:
        print(say("batch.cli.waiting", n=waiting))
    if report.unsent:  # not in any batch yet: their items are pending, the same command submits them
        print(say("batch.cli.unsent", n=report.unsent))
    sys.stdout.flush()
    return waiting + report.unsent


def exit_code(args: argparse.Namespace, code: int) -> int:
    """After a command: the batches of its run (submitted, collected, cost, what still waits).
    A run whose requests still wait in batches is not all done: 3 (the same command collects)."""
    global _running
    session = getattr(args, "_batch_session", None)
    _running = None
    if session is None:
        return code
    waiting = print_report(session)
    if code == cli_exit.OK and waiting:
        return cli_exit.PARTIAL
    return code


# ---- the `batches` command ---------------------------------------------------------------------
def cmd_batches(args: argparse.Namespace) -> int:
    import asyncio

    from core.store import Store

    if not (args.cancel or args.collect):
        with Store(args.project, readonly=True) as store:
            rows = store.batches()
        if not rows:
            print(say("batch.cli.none"))
        for row in rows:
            print(status_line(row), f"· {row['endpoint']} · {row['model']}"
                  + (f" · {row['cost']:.4f}" if row["collected"] else ""))
        return cli_exit.OK
    from core.cli_generate import _api_key, _settings, _stderr_warnings
    from core.llm.batch_session import BatchSession
    from core.llm.client import make_client

    if args.model is None and not args.service:
        args.model = "-"  # batches belong to an endpoint, whatever model they asked
    settings = _settings(args)
    key = _api_key(args, settings)
    _stderr_warnings()
    with Store(args.project) as store:
        session = BatchSession(store, settings, submit=False, events=_Printer(),
                               client=lambda: make_client(settings, key))
        if not session.open_batches():
            print(say("batch.cli.none_open"))
            return cli_exit.OK
        if args.cancel:
            n = asyncio.run(session.cancel())
            print(say("batch.cli.cancelled", n=n))
        asyncio.run(session.poll())
        waiting = print_report(session)
    if session.report.problems:
        return cli_exit.ERROR
    return cli_exit.PARTIAL if waiting else cli_exit.OK


def register(subparsers: argparse._SubParsersAction) -> None:
    b = subparsers.add_parser(
        "batches", help="the project's provider batches: list them, collect what is ready, or cancel them",
        description="Without options: list every provider batch of the project (id, stage, status, counts, "
        "cost). --collect polls this service's open batches and stores what is ready; --cancel asks the "
        "provider to cancel them (answers they already have are collected). The service is given as for "
        "generate (--service, or --base-url with --model).")
    b.add_argument("--project", required=True, help="the .corpus project file")
    b.add_argument("--collect", action="store_true", help="poll the open batches of the service and store the "
                   "answers of those that are over")
    b.add_argument("--cancel", action="store_true", help="ask the provider to cancel the open batches of the "
                   "service")
    b.add_argument("--service", metavar="NAME", help="a model service saved in the app's Settings")
    b.add_argument("--base-url", help="the OpenAI-compatible endpoint the batches were sent to (without --service)")
    b.add_argument("--model", help="the model (not needed: batches belong to the endpoint)")
    b.add_argument("--provider", metavar="NAME", help="provider preset name; default: guessed from the base URL")
    b.add_argument("--api-key-env", metavar="VAR",
                   help="name of the environment variable holding the API key (default: the key saved in the app)")
    b.add_argument("--timeout", type=float, help="seconds for one request (default 60)")
    b.set_defaults(func=cmd_batches)
