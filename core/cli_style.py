"""`python main.py generate style …`: replies in a style, validated, headless, with a live
acceptance rate on the progress line. See core/flows/style.py for what the checks are."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from core import cli_exit
from core.cli_generate import (
    _Progress,
    _settings,
    add_llm_args,
    open_flow,
    run_flow,
)
from core.errors import InputError

CHECK_LABELS = {"empty": "empty reply", "length": "length", "keywords": "no keyword",
                "near-duplicate": "near-duplicate", "similarity": "similarity"}
STOP_TEXT = {
    "count": "finished: the requested number of accepted samples is reached",
    "max_attempts": "stopped: the maximum number of attempts is spent (raise --max-attempts, or relax the style)",
    "inputs": "stopped: no inputs left (give more with --inputs-file, or let the LLM write them)",
    "failed": "stopped: every request of the last round failed (reasons above); fix the cause and run the "
              "same command with --retry-failed",
    "cancelled": "cancelled: run the same command again to continue",
    "error": "stopped",
}


class _StyleProgress(_Progress):
    """The shared progress line, with the live acceptance count in its label."""

    def __init__(self) -> None:
        super().__init__()
        self.accepted = self.attempted = 0

    def on_style_progress(self, accepted: int, attempted: int) -> None:
        self.accepted, self.attempted = accepted, attempted

    def on_progress(self, stage: str, s: Any) -> None:
        if stage == "replies" and self.attempted:
            rate = 100 * self.accepted / self.attempted
            stage = f"replies [accepted {self.accepted}/{self.attempted}, {rate:.0f}%]"
        super().on_progress(stage, s)


def read_inputs_file(path: str) -> list[str]:
    """The non-blank lines of a UTF-8 text file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"The inputs file “{path}” does not exist.") from None
    except UnicodeDecodeError:
        raise InputError(f"The inputs file “{path}” is not UTF-8 text: save it as UTF-8, one message a line.") from None
    except OSError as e:
        raise InputError(f"The inputs file “{path}” cannot be read ({e.strerror or e}).") from None
    return [line.strip() for line in text.splitlines() if line.strip()]


def cmd_generate_style(args: argparse.Namespace) -> int:
    from core.flows.style import StyleFlow, StyleOptions

    settings = _settings(args)
    inputs = read_inputs_file(args.inputs_file) if args.inputs_file else []
    options = StyleOptions(style=args.style, count=args.count, max_attempts=args.max_attempts, inputs=inputs,
                           generate_inputs=not args.no_generate_inputs, topics=args.topics,
                           embedding_model=args.embedding_model, lang=args.lang)
    progress = _StyleProgress()
    with open_flow(args, settings, StyleFlow, options, events=progress) as (store, flow):
        result = run_flow(flow.run(retry_failed=args.retry_failed), progress)
        if result is None:
            return 130
    priced = settings.price_in_per_m > 0 or settings.price_out_per_m > 0
    print(f"style:      {result.style}")
    inputs_line = f"inputs:     {result.inputs} ({result.inputs - result.generated_inputs} given, " \
                  f"{result.generated_inputs} generated"
    if result.input_duplicates:
        inputs_line += f"; {result.input_duplicates} generated duplicate(s) dropped"
    print(inputs_line + ")")
    print(f"accepted:   {result.accepted}")
    print(f"attempted:  {result.attempted} ({100 * result.acceptance_rate:.0f}% accepted)")
    print(f"rejected:   {result.attempted - result.accepted} (kept as rejected samples)")
    for check, n in sorted(result.rejected.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {CHECK_LABELS.get(check, check)}: {n}")
    if result.similarity == "lexical":
        print(f"similarity: lexical (character n-grams; {result.similarity_note or 'no embeddings'})")
    elif result.similarity:
        print(f"similarity: embeddings ({args.embedding_model})")
    print(f"samples:    {result.samples} new")
    from core.messages import render, say

    print(f"failed:     {len(result.failed)}")
    for stage, item_key, reason in result.failed:
        print(f"  [{stage}] {item_key}: {render(reason)}")
    if result.echoes:  # answers that only echoed the prompt (core/text/echo.py)
        print(render(say("echo.summary", n=result.echoes)))
    print(f"requests:   {result.requests} of {options.attempts()} allowed")
    print(f"calls:      {result.calls} ({result.embedding_calls} embeddings)")
    print(f"cached:     {result.cached}")
    print(f"cost:       {result.cost:.4f}" + ("" if priced else " (no prices set)"))
    stop = STOP_TEXT.get(result.stopped, result.stopped)
    print(f"{stop}: {result.error}" if result.stopped == "error" else stop)
    if result.stopped == "error":
        return cli_exit.ERROR
    return cli_exit.of_flow(result)


def register_generate(flows: argparse._SubParsersAction) -> None:
    """Add ``style`` to the ``generate`` subcommands."""
    s = flows.add_parser(
        "style", help="replies in a style (温柔, 毒舌 or the project's own), validated (sft samples)",
        description="Answer everyday user messages in a style and validate every reply: length, keywords, "
        "similarity to the style's example replies (embeddings with --embedding-model, otherwise a lexical "
        "measure, labelled as such) and near-duplicates. Accepted replies land as pending sft samples, the "
        "others as rejected samples with the reason. Stops at --count accepted or --max-attempts requests. "
        "Running the same command again continues and pays for nothing twice.")
    s.add_argument("--project", required=True, help="the .corpus project file")
    add_llm_args(s)
    s.add_argument("--style", required=True, metavar="NAME", help="the style: 温柔, 毒舌 or one the project keeps")
    s.add_argument("--count", type=int, required=True, metavar="N", help="accepted samples wanted")
    s.add_argument("--max-attempts", type=int, default=0, metavar="N",
                   help="reply requests at most (default 0: 3 × count)")
    s.add_argument("--inputs-file", metavar="F", help="user messages to answer, one per line (UTF-8)")
    s.add_argument("--no-generate-inputs", action="store_true",
                   help="use only --inputs-file; do not let the LLM write more inputs")
    s.add_argument("--embedding-model", default="", metavar="M",
                   help="embedding model of the provider for the similarity check (default: lexical measure)")
    s.add_argument("--topics", default="日常生活、学习、工作、情绪、天气、美食", metavar="TEXT",
                   help="what the generated inputs are about (default: 日常生活、学习、工作、情绪、天气、美食)")
    s.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the inputs prompt (default zh)")
    s.set_defaults(func=cmd_generate_style)
