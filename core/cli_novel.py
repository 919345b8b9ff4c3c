"""`python main.py generate novel …` and `generate dialogue-extract …`: the novel flows, headless.

:func:`register_generate` adds both to the ``generate`` sub-commands (``core.cli`` calls it with
the ``generate`` sub-parsers). They take the shared LLM options of ``generate qa``
(:func:`core.cli_generate.add_llm_args`) and print their counts and every failed item with its
reason, like ``generate qa``.
"""

from __future__ import annotations

import argparse

from core import cli_exit
from core.cli_summary import print_costs, print_failed, print_finish
from core.messages import render, say

STYLES = ("plot", "theme", "outline")  # = core.flows.novel.SUMMARY_STYLES (not imported here: startup time)


def cmd_generate_novel(args: argparse.Namespace) -> int:
    from core.cli_generate import _Progress, _settings, open_flow, run_flow
    from core.flows.novel import NovelFlow, NovelOptions

    settings = _settings(args)
    options = NovelOptions(source_id=args.source, chunk_size=args.chunk_size, max_chars=args.max_chars,
                           style=args.style, previous=args.previous, instruction=args.instruction or "",
                           lang=args.lang)
    progress = _Progress()
    with open_flow(args, settings, NovelFlow, options, events=progress) as (store, flow):
        print(say("flows.cli.novel.instruction", text=flow.instruction()), flush=True)
        result = run_flow(flow.run(retry_failed=args.retry_failed), progress)
        if result is None:
            return 130
    print(say("flows.cli.novel.chunks", n=result.chunks))
    print(say("flows.cli.novel.summarized", n=result.summarized))
    print(say("flows.cli.novel.too_long", n=result.too_long))
    print(say("flows.cli.samples_new", n=result.samples))
    print_failed(result)
    if result.waiting:
        print(say("flows.cli.novel.waiting", n=len(result.waiting)))
    print_costs(result, settings)
    print_finish(result, chunks=True)
    return cli_exit.of_flow(result)


def cmd_generate_dialogue_extract(args: argparse.Namespace) -> int:
    from core.cli_generate import _Progress, _settings, open_flow, run_flow
    from core.flows.dialogue_extract import (
        DialogueExtractFlow,
        DialogueExtractOptions,
        llm_script_dialogues,
        llm_script_qa,
    )
    from core.flows.script import DialogueOptions

    settings = _settings(args)
    options = DialogueExtractOptions(source_id=args.source, chunk_size=args.chunk_size, lang=args.lang)
    progress = _Progress()
    with open_flow(args, settings, DialogueExtractFlow, options, events=progress) as (store, flow):
        result = run_flow(flow.run(retry_failed=args.retry_failed), progress)
        if result is None:
            return 130
        print(say("flows.cli.novel.chunks", n=result.chunks))
        print(say("flows.cli.dx.extracted", n=result.extracted))
        print(say("flows.cli.dx.lines", n=result.lines))
        if result.speakers:
            top = sorted(result.speakers.items(), key=lambda kv: -kv[1])[:12]
            print(say("flows.cli.dx.speakers", names="、".join(f"{name} ({n})" for name, n in top)))
        print(say("flows.cli.dx.rejected", n=result.rejected))
        for reason, n in sorted(result.rejected_by_reason.items(), key=lambda kv: -kv[1]):
            print(say("flows.cli.dx.reason_count", n=n, reason=render(reason)))
        for item_key, speaker, line, reason in result.rejected_examples[:20]:
            print(say("flows.cli.dx.example", key=item_key, speaker=speaker, line=line[:60], reason=render(reason)))
        print_failed(result)
        print_costs(result, settings)
        print_finish(result, chunks=True)
        if result.lines and (args.character or args.dialogues):
            if args.character:
                report = llm_script_qa(store, args.source, args.character, job_id=result.job_id)
                print(say("flows.cli.dx.character_qa", character=args.character, summary=render(report.summary())))
            if args.dialogues:
                report = llm_script_dialogues(store, args.source, DialogueOptions(character=args.character),
                                              job_id=result.job_id)
                print(say("flows.cli.dx.dialogues", summary=render(report.summary())))
        elif args.character or args.dialogues:
            print(say("flows.cli.dx.nothing"))
    return cli_exit.of_flow(result)


def register_generate(flows: argparse._SubParsersAction) -> None:
    from core.cli_generate import add_llm_args

    n = flows.add_parser(
        "novel", help="novel → writing instructions (instruction + one-sentence summary → original chunk)",
        description="Cut each document's text at sentence boundaries into chunks, have the LLM sum up each "
        "chunk in one sentence, and make a sft sample per chunk: the instruction and the summary as input, the "
        "original chunk, unchanged, as output. A summary over --max-chars is kept, with a reason on its "
        "sample. With --previous each prompt also holds the previous chunk's summary, so the chunks of a "
        "document are summarised in order. Running the same command again continues and pays for nothing twice.")
    n.add_argument("--project", required=True, help="the .corpus project file (import a novel first)")
    add_llm_args(n)
    n.add_argument("--source", type=int, metavar="ID", help="only this document source (default: all)")
    n.add_argument("--chunk-size", type=int, default=800, metavar="N",
                   help="characters per chunk at most, cut at sentence boundaries (default 800)")
    n.add_argument("--max-chars", type=int, default=50, metavar="N",
                   help="the longest a summary should be, in characters (default 50)")
    n.add_argument("--style", choices=STYLES, default="plot",
                   help="what the summary describes: plot, theme (theme and characters) or outline (default plot)")
    n.add_argument("--previous", action="store_true",
                   help="give the previous chunk's summary as context (chunks of a document then run in order)")
    n.add_argument("--instruction", metavar="TEXT", default="",
                   help="the samples' instruction; {n} becomes the chunk size (default: "
                   "你是一个熟读各类小说的专家，请你根据要求写一段{n}字左右的小说。)")
    n.add_argument("--lang", choices=("zh", "en"), default="zh", help="prompt language (default zh)")
    n.set_defaults(func=cmd_generate_novel)

    d = flows.add_parser(
        "dialogue-extract", help="novel → speaker-attributed dialogue lines by the LLM (then character QA/dialogues)",
        description="Have the LLM list every spoken line of each chunk with its speaker. A line that does not "
        "occur in the chunk is rejected as invented (the rest of the chunk is kept; a chunk whose lines are "
        "all invented fails with the reason). The lines feed the same character-QA and dialogue builders as "
        "scripts: --character NAME makes character QA samples, --dialogues whole-scene dialogue samples. "
        "Running the same command again continues and pays for nothing twice.")
    d.add_argument("--project", required=True, help="the .corpus project file (import a novel first)")
    add_llm_args(d)
    d.add_argument("--source", type=int, metavar="ID", help="only this document source (default: all)")
    d.add_argument("--chunk-size", type=int, default=1500, metavar="N",
                   help="characters per chunk at most, cut at sentence boundaries (default 1500)")
    d.add_argument("--character", metavar="NAME", help="then build character QA samples for this character")
    d.add_argument("--dialogues", action="store_true",
                   help="then build whole-scene dialogue samples (with --character: that character answers)")
    d.add_argument("--lang", choices=("zh", "en"), default="zh", help="prompt language (default zh)")
    d.set_defaults(func=cmd_generate_dialogue_extract)
