"""`python main.py judge --project P [provider flags] [--rubric F] [--only pending] [--threshold N] [--json]`:
the LLM judge (core/flows/judge.py) headless — a score 1–5 and a one-line reason on every sample,
then, with --threshold, the samples below N rejected."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from typing import Any

from core import cli_exit
from core.cli_summary import estimate_line, print_costs, print_failed, print_finish
from core.errors import InputError
from core.messages import current_language, render, say


def _options(args: argparse.Namespace) -> Any:
    from core.flows.judge import JudgeOptions, read_rubric
    from core.store import SampleFilter

    statuses = (args.only,) if args.only else ("pending", "accepted")
    options = JudgeOptions(filter=SampleFilter(statuses=statuses), lang=current_language())
    if args.rubric:
        options.rubric_name, options.rubric_text = read_rubric(args.rubric)
    return options


def _threshold(value: Any) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or not 1 <= value <= 5:
        raise InputError(say("judge.cli.bad_threshold", got=value))
    return value


def _scores_text(scores: dict[int, int]) -> str:
    if not scores:
        return say("judge.cli.no_scores").render()
    sep = "，" if current_language() == "zh" else ", "
    return sep.join(say("judge.cli.score_item", score=s, n=n).render() for s, n in sorted(scores.items()))


def _as_json(result: Any, report: Any) -> dict:
    out = {
        "selected": result.selected, "plain": result.plain, "judged": result.judged,
        "judged_now": result.judged_now, "scores": {str(k): v for k, v in sorted(result.scores.items())},
        "failed": [{"key": key, "reason": render(reason)} for _stage, key, reason in result.failed],
        "echoes": result.echoes, "calls": result.calls, "cached": result.cached, "cost": round(result.cost, 6),
        "cancelled": result.cancelled, "threshold": None,
    }
    if report is not None:
        out["threshold"] = {"threshold": report.threshold, "rejected": report.rejected,
                            "by_score": {str(k): v for k, v in report.by_score.items()},
                            "skipped": report.skipped, "restored": report.restored}
    return out


def cmd_judge(args: argparse.Namespace) -> int:
    from core.cli_generate import _Progress, _settings, open_flow, run_flow
    from core.flows.judge import JudgeFlow, apply_threshold

    threshold = _threshold(args.threshold)
    settings = _settings(args)
    options = _options(args)
    progress = _Progress()
    with contextlib.ExitStack() as stack:
        if args.json:  # stdout holds only the JSON: what the run says on the way goes to stderr
            stack.enter_context(contextlib.redirect_stdout(sys.stderr))
        with open_flow(args, settings, JudgeFlow, options, events=progress) as (store, flow):
            print(estimate_line(flow.estimate(), settings), flush=True)
            result = run_flow(flow.run(retry_failed=args.retry_failed), progress)
            if result is None:
                return cli_exit.INTERRUPTED
            report = apply_threshold(store, threshold) if threshold is not None and not result.cancelled else None
    if args.json:
        print(json.dumps(_as_json(result, report), ensure_ascii=False, indent=2))
        return cli_exit.of_flow(result)
    print(say("judge.cli.selected", n=result.selected))
    if result.plain:
        print(say("judge.cli.plain", n=result.plain))
    print(say("judge.cli.judged", n=result.judged, now=result.judged_now))
    print(say("judge.cli.scores", scores=_scores_text(result.scores)))
    print_failed(result)
    if report is not None:
        print(say("judge.cli.threshold", threshold=report.threshold, n=report.rejected))
        if report.skipped:
            print(say("judge.cli.threshold_skipped", threshold=report.threshold, n=report.skipped))
        if report.restored:
            print(say("judge.cli.threshold_restored", threshold=report.threshold, n=report.restored))
    print_costs(result, settings)
    print_finish(result)
    return cli_exit.of_flow(result)


def register(subparsers: argparse._SubParsersAction) -> None:
    from core.cli_generate import add_llm_args

    j = subparsers.add_parser(
        "judge", help="score samples 1-5 with an LLM, a one-line reason each; --threshold N rejects those below N",
        description="Ask an LLM to score every sample 1-5 with a one-line reason (in the language of the "
        "messages: --lang, or LANG), by the built-in rubrics (question-answer pairs: faithful to the source "
        "text, answers the question, fluent, no refusal or boilerplate; dialogues; extraction) or by your "
        "own. The score and reason land on each sample (meta.judge, shown and filterable in Review); samples' "
        "statuses change only with --threshold. Running the same command again pays nothing for samples "
        "already judged; an edited sample is judged again.")
    j.add_argument("--project", required=True, help="the .corpus project file")
    add_llm_args(j)
    j.add_argument("--rubric", metavar="FILE",
                   help="your own rubric: a UTF-8 text file saying what to check and what each score means "
                   "(used for every sample instead of the built-in rubrics)")
    j.add_argument("--only", choices=("pending", "accepted", "rejected"),
                   help="only samples of this status (default: pending and accepted ones)")
    j.add_argument("--threshold", type=int, metavar="N",
                   help="after scoring, reject the samples scoring below N (1-5); samples you edited, accepted "
                   "or rejected yourself are left as they are")
    j.add_argument("--json", action="store_true", help="print the counts as JSON")
    j.set_defaults(func=cmd_judge)
