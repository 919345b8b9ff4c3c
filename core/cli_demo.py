"""`python main.py demo --project P`: build the demo project (bundled script, comments, chats and
sample answers, run through the real import pipelines; no network, no API key) into a new file."""

from __future__ import annotations

import argparse


def cmd_demo(args: argparse.Namespace) -> int:
    from core.demo import build_demo_project

    summary = build_demo_project(args.project, args.lang)
    print(f"built the demo project (character QA for {summary.character})")
    for line in summary.lines():
        print(line)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "demo", help="build the demo project: sample sources and samples to try Review and Export with",
        description="Build a small demo project from the files bundled with Corpusmith: a short script "
        "(imported as a document, with character QA, scene dialogues and chunks), a Bilibili-style comment "
        "section (stored as a crawled video, reply chains made into dialogues), a chat export (one chat "
        "labelled) and a few QA pairs that show what the LLM flow's output looks like (marked as demo "
        "data: no model was called). Some samples are accepted, one rejected with its reason. Needs no "
        "network and no API key. The project must be a new file: an existing one is never overwritten.",
    )
    p.add_argument("--project", required=True, help="the .corpus project file to create (must not exist)")
    p.add_argument("--lang", choices=("zh", "en"), default="zh",
                   help="language of the chat extraction instruction (default zh)")
    p.set_defaults(func=cmd_demo)
