"""Samples from imported scripts and documents, no LLM involved:

- `python main.py script-qa --project P --character NAME [--history K] [--source ID]
  [--alias 别名=正名 ...] [--system TEMPLATE] [--min-len N]`
- `python main.py script-dialogues --project P [--source ID]`
- `python main.py chunk --project P [--size N --overlap M] [--source ID]`

Running a command again with the same options adds no duplicates (see core.flows.script).
"""

from __future__ import annotations

import argparse
import re

from core.errors import InputError
from core.messages import render, say
from core.text.chunking import DEFAULT_OVERLAP, DEFAULT_SIZE

_ALIAS_SPLIT = re.compile(r"[,，、;；/]")


def parse_aliases(items: list[str] | None) -> dict[str, str]:
    """["嬛嬛=甄嬛", "莞贵人,熹贵妃=甄嬛"] → {"嬛嬛": "甄嬛", "莞贵人": "甄嬛", "熹贵妃": "甄嬛"}."""
    out: dict[str, str] = {}
    for item in items or []:
        left, sep, right = item.replace("＝", "=").partition("=")
        right = right.strip()
        names = [n.strip() for n in _ALIAS_SPLIT.split(left) if n.strip()]
        if not sep or not right or not names:
            raise InputError(say("cli.script.alias_form", item=repr(item)))
        for n in names:
            if n != right:
                out[n] = right
    return out


def _print_report(report, show_characters: bool = True) -> None:
    print(report.summary())
    for sid, line_no, reason in report.examples[:10]:
        where = say("cli.script.line", n=line_no) if line_no else say("cli.script.document")
        print(say("cli.script.example", source=sid, where=where, reason=render(reason)))
    if show_characters and report.characters:
        rows = ", ".join(f"{r.name} {r.lines}" + (say("cli.script.aliases", names="/".join(r.aliases)).render()
                                                  if r.aliases else "")
                         for r in report.characters[:15])
        print(say("cli.script.characters_guessed" if report.heuristic else "cli.script.characters", rows=rows))


def cmd_script_qa(args: argparse.Namespace) -> int:
    from core.flows.script import ScriptQAOptions, script_qa
    from core.sources.documents.script import ScriptOptions
    from core.store import Store

    options = ScriptQAOptions(history=args.history, parser=ScriptOptions(aliases=parse_aliases(args.alias)))
    if args.system is not None:
        options.system_template = args.system
    if args.min_len is not None:
        if args.min_len < 0:
            raise InputError(say("cli.script.min_len", n=args.min_len))
        options.min_question_len = options.min_answer_len = args.min_len
    with Store(args.project) as store:
        report = script_qa(store, args.source, args.character, options)
    _print_report(report)
    return 0


def cmd_script_dialogues(args: argparse.Namespace) -> int:
    from core.flows.script import script_dialogues
    from core.store import Store

    with Store(args.project) as store:
        report = script_dialogues(store, args.source)
    _print_report(report)
    return 0


def cmd_chunk(args: argparse.Namespace) -> int:
    from core.flows.script import chunk_samples
    from core.store import Store

    with Store(args.project) as store:
        report = chunk_samples(store, args.source, args.size, args.overlap)
    _print_report(report, show_characters=False)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "script-qa", help="character QA samples from an imported script: the character's lines as answers",
        description="For the chosen character, each of their speeches becomes the answer and the speech "
        "before it (anyone else's) the question. Scripts are read from speaker lines (角色：台词, "
        "角色（动作）：台词, or a name alone on its line), scene headings (第N幕/场/集, 场景, Scene) and "
        "directions in （…）/【…】/△ (left out of the speeches); novels from quoted speech with the "
        "speaker guessed from X道：/X说： (a heuristic, labelled as such). Running it again with the same "
        "options adds no duplicates.",
    )
    p.add_argument("--project", required=True, help="the .corpus project file")
    p.add_argument("--character", required=True, help="the character whose lines are the answers")
    p.add_argument("--history", type=int, default=0, metavar="K",
                   help="keep up to K earlier turns of the scene before the question (default 0)")
    p.add_argument("--source", type=int, default=None, metavar="ID",
                   help="only this source (default: every imported document)")
    p.add_argument("--alias", action="append", metavar="别名=正名",
                   help="merge a name into another, e.g. --alias 嬛嬛=甄嬛 (repeat, or 嬛嬛,莞贵人=甄嬛)")
    p.add_argument("--system", default=None, metavar="TEMPLATE",
                   help="system prompt; {character} {scene} {episode} {source} are filled in; \"\" for "
                   "none (default '现在你要扮演{character}。')")
    p.add_argument("--min-len", type=int, default=None, metavar="N",
                   help="drop questions and answers shorter than N characters (default: answers under 2)")
    p.set_defaults(func=cmd_script_qa)

    d = subparsers.add_parser(
        "script-dialogues", help="whole-scene dialogue samples from an imported script",
        description="One dialogue sample per scene, the speakers' names on the turns. Runs of one speaker "
        "are merged; the last speech is the assistant's and roles alternate backwards (the opening "
        "speech is left out when that makes the assistant speak first). Running it again adds no "
        "duplicates.",
    )
    d.add_argument("--project", required=True, help="the .corpus project file")
    d.add_argument("--source", type=int, default=None, metavar="ID",
                   help="only this source (default: every imported document)")
    d.set_defaults(func=cmd_script_dialogues)

    c = subparsers.add_parser(
        "chunk", help="pre-training samples: imported documents cut into chunks",
        description="One pretrain sample per chunk of each imported document's text, cut at sentence "
        "boundaries. Running it again with the same size and overlap adds no duplicates.",
    )
    c.add_argument("--project", required=True, help="the .corpus project file")
    c.add_argument("--size", type=int, default=DEFAULT_SIZE,
                   help=f"chunk size in characters (default {DEFAULT_SIZE})")
    c.add_argument("--overlap", type=int, default=DEFAULT_OVERLAP,
                   help=f"characters consecutive chunks share (default {DEFAULT_OVERLAP})")
    c.add_argument("--source", type=int, default=None, metavar="ID",
                   help="only this source (default: every imported document)")
    c.set_defaults(func=cmd_chunk)
