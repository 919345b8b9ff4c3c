"""`python main.py generate aspects …`: questions about a topic, aspect by aspect, answered only from
the project's documents (the aspects flow, headless, with a progress line)."""

from __future__ import annotations

import argparse

from core import cli_exit
from core.cli_summary import estimate_line, print_costs, print_failed, print_finish
from core.errors import InputError
from core.messages import say
from core.user_files import read_user_text


def read_aspects_file(path: str) -> list[str]:
    """The aspects of a UTF-8 text file, one a line (blank lines skipped)."""
    text = read_user_text(path, missing="cli.generate.aspects_file_missing",
                          not_utf8="cli.generate.aspects_file_not_utf8",
                          unreadable="cli.generate.aspects_file_unreadable")
    return [line.strip() for line in text.splitlines() if line.strip()]


def _aspects(args: argparse.Namespace) -> list[str]:
    from core.flows.aspects import clean_aspects, preset_aspects

    given: list[str] = []
    if args.aspects_file:
        given.extend(read_aspects_file(args.aspects_file))
        if not given:
            raise InputError(say("cli.generate.aspects_file_empty", path=args.aspects_file))
    given.extend(args.aspect or [])
    return clean_aspects(given) if given else preset_aspects(args.lang)


def cmd_generate_aspects(args: argparse.Namespace) -> int:
    from core.cli_generate import _Progress, _settings, open_flow, run_flow
    from core.flows.aspects import AspectFlow, AspectOptions

    settings = _settings(args)
    options = AspectOptions(topic=args.topic, aspects=_aspects(args), per_aspect=args.per_aspect,
                            max_chars=args.max_chars, top_k=args.top_k, lang=args.lang, source_id=args.source,
                            group=args.group, system_prompt=args.system or "")
    progress = _Progress()
    stop_after = getattr(args, "stop_after", None)
    with open_flow(args, settings, AspectFlow, options, events=progress, stop_after=stop_after) as (store, flow):
        est = (flow.estimate_stages(retry_failed=args.retry_failed)[0] if stop_after
               else flow.estimate(retry_failed=args.retry_failed))
        print(say("flows.cli.aspects.topic", topic=flow.topic, n=len(flow.aspects), aspects="、".join(flow.aspects)))
        print(estimate_line(est, settings), flush=True)
        result = run_flow(flow.run(retry_failed=args.retry_failed), progress)
        if result is None:
            return 130
        if result.stopped_after:  # the questions wait for the user's review (`questions --project …`)
            from core.cli_questions import print_deleted, print_stopped

            print(say("flows.cli.qa.questions", n=result.questions))
            for aspect, n in result.by_aspect.items():
                print(say("flows.cli.count_of", name=aspect, n=n))
            print(say("flows.cli.aspects.duplicates", n=result.duplicates))
            print(say("flows.cli.aspects.too_long", n=result.too_long, max_chars=options.max_chars))
            print_deleted(result)
            return print_stopped(result, flow, settings, args.project)
    from core.cli_questions import print_deleted

    print(say("flows.cli.qa.questions", n=result.questions))
    for aspect, n in result.by_aspect.items():
        print(say("flows.cli.count_of", name=aspect, n=n))
    print(say("flows.cli.aspects.duplicates", n=result.duplicates))
    print(say("flows.cli.aspects.too_long", n=result.too_long, max_chars=options.max_chars))
    print_deleted(result)
    print(say("flows.cli.qa.answered", n=result.answered))
    print(say("flows.cli.qa.not_found", n=result.not_found))
    print(say("flows.cli.samples_new", n=result.samples))
    if options.group:
        print(say("flows.cli.aspects.dialogues", n=result.dialogues))
    print_failed(result)
    print_costs(result, settings)
    print_finish(result)
    return cli_exit.of_flow(result)


def register_generate(flows: argparse._SubParsersAction) -> None:
    from core.cli_generate import add_llm_args

    a = flows.add_parser(
        "aspects", help="topic + aspects → questions answered from your documents (sft samples, pending review)",
        description="Ask the LLM for short questions about each aspect of a topic (duplicates and "
        "near-duplicates removed), then answer each only from the project's document chunks BM25 retrieves "
        "for it. Answers land as pending sft samples that keep the retrieved chunk keys as evidence; answers "
        "the texts do not hold become rejected samples. With --group, each aspect's answers also become one "
        "multi-turn conversation. Running the same command again continues an interrupted run and pays for "
        "nothing twice.")
    a.add_argument("--project", required=True, help="the .corpus project file (import documents first)")
    a.add_argument("--topic", required=True, help="the topic, e.g. 《黑神话：悟空》")
    a.add_argument("--aspects-file", metavar="FILE", help="aspects, one a line (UTF-8)")
    a.add_argument("--aspect", action="append", metavar="A",
                   help="an aspect (repeatable); without --aspect and --aspects-file the preset list is used")
    a.add_argument("--per-aspect", type=int, default=5, metavar="N", help="questions per aspect (default 5)")
    a.add_argument("--max-chars", type=int, default=40, metavar="N",
                   help="longest question in characters; longer ones are dropped (default 40)")
    a.add_argument("--top-k", type=int, default=3, metavar="K",
                   help="chunks retrieved as the context of each answer (default 3)")
    a.add_argument("--group", action="store_true",
                   help="also write one multi-turn dialogue sample per aspect from its answered questions")
    a.add_argument("--system", metavar="TEXT", default="",
                   help="system prompt of the --group conversations (e.g. the persona the model will serve)")
    a.add_argument("--lang", choices=("zh", "en"), default="zh", help="prompt template language (default zh)")
    a.add_argument("--source", type=int, metavar="ID", help="answer only from this source's chunks (default: all)")
    add_llm_args(a)
    from core.cli_questions import add_stop_after_arg

    add_stop_after_arg(a)
    a.set_defaults(func=cmd_generate_aspects)
