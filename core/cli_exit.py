"""The CLI's exit codes, one table for every command (scripts tell outcomes apart by them)."""

from __future__ import annotations

OK = 0           # everything asked for is done
ERROR = 1        # nothing or not everything could start: bad input, project, key, network …
USAGE = 2        # the command line itself is wrong (argparse's own code)
PARTIAL = 3      # finished, but some items failed or are incomplete: the rest is stored; rerun to retry
INTERRUPTED = 130  # Ctrl+C / cancelled: what was done is stored; the same command continues

HELP = (
    "exit codes: 0 all done · 1 error · 2 wrong command line · "
    "3 finished, but some items (files, chunks, chats) failed or videos are incomplete (the rest is saved; run again to retry) · "
    "130 interrupted (the same command continues)"
)


def finished(failed: int, total: int | None = None) -> int:
    """The code of a command that ran to its end with `failed` items left failed or incomplete
    (of `total`, where every one failing means nothing was done: an error, as for a bad file)."""
    if failed and total is not None and failed >= total:
        return ERROR
    return PARTIAL if failed else OK


def of_flow(result: object) -> int:
    """The code of an LLM flow's result: cancelled, some items failed (or still waiting on a
    failed one), or all done. Every item failing (a refused key on all of them) is 3, never 0."""
    if getattr(result, "cancelled", False):
        return INTERRUPTED
    return finished(len(getattr(result, "failed", ())) + len(getattr(result, "waiting", ()) or ()))
