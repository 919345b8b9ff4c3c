"""`python main.py generate style …`: replies in a style, validated, headless, with a live
acceptance rate on the progress line. See core/flows/style.py for what the checks are."""

from __future__ import annotations

import argparse

from core import cli_exit
from core.cli_generate import (
    _Progress,
    _settings,
    add_llm_args,
    open_flow,
    run_flow,
)
from core.cli_summary import print_costs, print_failed
from core.messages import render, say
from core.user_files import read_user_text

CHECK_LABELS = {"empty": say("flows.style.check.empty"), "length": say("flows.style.check.length"),
                "keywords": say("flows.style.check.keywords"),
                "near-duplicate": say("flows.style.check.near_duplicate"),
                "similarity": say("flows.style.check.similarity")}
STOP_TEXT = {
    "count": say("flows.cli.style.stop_count"),
    "max_attempts": say("flows.cli.style.stop_max_attempts"),
    "inputs": say("flows.cli.style.stop_inputs"),
    "failed": say("flows.cli.style.stop_failed"),
    "cancelled": say("flows.cli.cancelled"),
    "batch": say("batch.cli.style_waiting"),
}


class _StyleProgress(_Progress):
    """The shared progress line, with the live acceptance count in its label."""

    def __init__(self) -> None:
        super().__init__()
        self.accepted = self.attempted = 0

    def on_style_progress(self, accepted: int, attempted: int) -> None:
        self.accepted, self.attempted = accepted, attempted

    def label(self, stage: str) -> str:
        if stage == "replies" and self.attempted:
            rate = f"{100 * self.accepted / self.attempted:.0f}"
            return say("flows.stage.replies_rate", accepted=self.accepted, attempted=self.attempted,
                       rate=rate).render()
        return super().label(stage)


def read_inputs_file(path: str) -> list[str]:
    """The non-blank lines of a UTF-8 text file."""
    text = read_user_text(path, missing="cli.generate.inputs_file_missing",
                          not_utf8="cli.generate.inputs_file_not_utf8",
                          unreadable="cli.generate.inputs_file_unreadable")
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
    print(say("flows.cli.style.style", style=result.style))
    dropped = say("flows.cli.style.inputs_dropped", n=result.input_duplicates) if result.input_duplicates else ""
    print(say("flows.cli.style.inputs", n=result.inputs, given=result.inputs - result.generated_inputs,
              generated=result.generated_inputs, dropped=dropped))
    print(say("flows.cli.style.accepted", n=result.accepted))
    print(say("flows.cli.style.attempted", n=result.attempted, rate=f"{100 * result.acceptance_rate:.0f}"))
    print(say("flows.cli.style.rejected", n=result.attempted - result.accepted))
    for check, n in sorted(result.rejected.items(), key=lambda kv: (-kv[1], kv[0])):
        print(say("flows.cli.count_of", name=CHECK_LABELS.get(check, check), n=n))
    if result.similarity == "lexical":
        note = render(result.similarity_note) if result.similarity_note else say("flows.cli.style.no_embeddings")
        print(say("flows.cli.style.similarity_lexical", note=note))
    elif result.similarity:
        print(say("flows.cli.style.similarity_embeddings", model=args.embedding_model))
    print(say("flows.cli.samples_new", n=result.samples))
    print_failed(result)
    print(say("flows.cli.style.requests", n=result.requests, allowed=options.attempts()))
    print_costs(result, settings, say("flows.cli.calls_embeddings", n=result.calls, embeddings=result.embedding_calls))
    if result.stopped == "error":
        print(say("flows.cli.style.stop_error", error=render(result.error)))
    else:
        print(STOP_TEXT.get(result.stopped, result.stopped))
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
