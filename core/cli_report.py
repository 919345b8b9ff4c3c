"""`report`: the quality report of a project — per source and flow, made, failed, rejected at each
gate, kept and exported — as a table, as JSON (--json), or as one self-contained HTML file (--html)."""

from __future__ import annotations

import argparse
import json
import sys

from core import cli_exit
from core.errors import InputError
from core.messages import current_language, render, say


def cmd_report(args: argparse.Namespace) -> int:
    from core.report.counts import build_report
    from core.report.text import report_text
    from core.store import Store

    lang = current_language()
    with Store(args.project, readonly=True) as store:
        report = build_report(store)
    if args.json:
        print(json.dumps(report.to_dict(lang), ensure_ascii=False, indent=2))
    else:
        print(report_text(report, lang), end="")
    if args.html:
        from core.report.html import write_report_html

        try:
            path = write_report_html(report, args.html, lang)
        except OSError as e:
            raise InputError(say("report.html_unwritable", path=str(args.html), error=str(e.strerror or e))) from e
        # with --json, stdout is the JSON alone
        print(render(say("report.html_written", path=str(path)), lang), file=sys.stderr if args.json else sys.stdout)
    return cli_exit.OK if report.adds_up() else cli_exit.ERROR


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "report", help="quality report: per source and flow, made, failed, rejected at each gate, kept, exported",
        description="Count, per source and flow, what was made (samples plus failed job items), what failed, what "
        "each gate rejected (echo/empty, not in the source, flow checks, rules, near and exact duplicates, the "
        "judge's threshold, the user), what was kept and what the last export wrote; made = failed + rejected + "
        "kept on every row. Also the kept share after each gate, the judge's scores, the kept samples' lengths "
        "and the most common reasons. Reads the project, changes nothing.",
    )
    p.add_argument("--project", required=True, help="the .corpus project file")
    p.add_argument("--json", action="store_true", help="print the report as JSON instead of tables")
    p.add_argument("--html", metavar="FILE",
                   help="also write the report as one self-contained HTML file (plots inline, nothing loaded "
                   "from elsewhere), to send to a teammate")
    p.set_defaults(func=cmd_report)
