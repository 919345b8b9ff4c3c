"""The headless commands: `python main.py <command> …`. Same core as the app, no Qt."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from core import __version__, cli_exit
from core.errors import CorpusmithError
from core.messages import LANGUAGES, Message, code_of, render, say, set_language

Command = Callable[[argparse.Namespace], int]
_COMMANDS: dict[str, Command] = {}


def _progress_printer(label: Message) -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print("\r" + render(say("cli.progress", label=label, done=done, total=total)),
                  end="" if done < total else "\n", file=sys.stderr)

    return show


def cmd_stats(args: argparse.Namespace) -> int:
    from core.store import Store

    with Store(args.project, readonly=True) as store:
        stats = store.stats()
        if args.json:
            print(json.dumps(stats, ensure_ascii=False, indent=2))
            return 0
        print(render(say("cli.stats.project", path=str(store.path))))
        print(render(say("cli.stats.samples", n=stats["total"])))
        print(render(say("cli.stats.by_status")))
        _print_counts([(_STATUS_NAMES.get(k, k), v) for k, v in stats["by_status"].items()])
        print(render(say("cli.stats.by_kind")))
        _print_counts([(_KIND_NAMES.get(k, k), v) for k, v in stats["by_kind"].items()])
        print(render(say("cli.stats.by_source")))
        _print_counts([(say("cli.stats.no_source") if k == "(none)" else k, v) for k, v in stats["by_source"].items()])
        c = stats["chars"]
        if stats["total"]:
            print(render(say("cli.stats.chars", min=c["min"], mean=c["mean"], max=c["max"])))
    return 0


_STATUS_NAMES = {"pending": say("cli.stats.status.pending"), "accepted": say("cli.stats.status.accepted"),
                 "rejected": say("cli.stats.status.rejected")}
_KIND_NAMES = {"sft": say("cli.stats.kind.sft"), "dialogue": say("cli.stats.kind.dialogue"),
               "pretrain": say("cli.stats.kind.pretrain")}


def _print_counts(counts: list[tuple[Message | str, int]]) -> None:
    """One indented line per name, counts in a column (a Chinese character takes two columns)."""
    import unicodedata

    names = [render(k) for k, _ in counts]

    def width(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

    column = max([20, *map(width, names)])
    for name, (_, v) in zip(names, counts, strict=True):
        print(f"  {name}{' ' * (column - width(name))} {v}")


def cmd_export(args: argparse.Namespace) -> int:
    from core.export import ExportOptions, export_samples

    options = ExportOptions(
        format=args.format,
        out=Path(args.out),
        jsonl=args.jsonl,
        include="non_rejected" if args.all else "accepted",
        kind=args.kind,
        test_ratio=args.test_ratio,
        seed=args.seed,
        dataset_info=not args.no_dataset_info,
        char_cap=args.char_cap,
        over_cap="skip" if args.skip_over_cap else "keep",
        repeat_to=args.repeat_to,
        mask=args.mask,
        reasoning=args.reasoning,
    )
    from core.cli_training import training_options, write_after_export
    from core.errors import ExportError

    training = training_options(args, options)  # a config that cannot be written stops the export first
    try:
        report = export_samples(args.project, options, progress=_progress_printer(say("cli.progress.export")))
    except ExportError as e:
        said = e.args[0] if e.args else None
        if code_of(said) in ("export.none_accepted", "export.none_accepted_kind"):
            # the CLI's own way to include pending samples: --all
            raise ExportError(Message("cli." + said.code, said.params)) from e
        raise
    print(report.summary())
    for sample_id, reason in report.skipped:
        print(render(say("cli.export.skipped_sample", id=sample_id, reason=render(reason))))
    if training is not None:
        write_after_export(report, options, training)
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        # the frozen app is run as itself (Corpusmith / Corpusmith.exe), from source as a script
        prog=Path(sys.executable).name if getattr(sys, "frozen", False) else "python main.py",
        description="Corpusmith (语料匠): fine-tuning datasets from Chinese-first material. "
        "Without a command, the app starts.",
        epilog=cli_exit.HELP,
    )
    p.add_argument("--version", action="version", version=f"Corpusmith {__version__}")
    p.add_argument(
        "--self-test",
        action="store_true",
        help="start the real main window offscreen, make a temporary project, export every "
        "format, check the files, exit 0 (or non-zero with a message)",
    )
    p.add_argument("--lang", choices=LANGUAGES, metavar="zh|en",
                   help="the language of messages (default: from LANGUAGE / LC_ALL / LANG); may also follow "
                   "a command that has no --lang of its own (after generate qa and the like, --lang is the "
                   "prompt's language)")
    sub = p.add_subparsers(dest="command", metavar="<command>")

    s = sub.add_parser("stats", help="counts of samples by status, kind and source")
    s.add_argument("--project", required=True, help="the .corpus project file")
    s.add_argument("--json", action="store_true", help="print JSON instead of a table")
    s.set_defaults(func=cmd_stats)

    from core.export import FORMATS

    e = sub.add_parser("export", help="write samples as a training file")
    e.add_argument("--project", required=True, help="the .corpus project file")
    e.add_argument("--format", required=True, choices=FORMATS)
    e.add_argument("--out", required=True, help="output file (.json, .jsonl or .csv)")
    e.add_argument("--jsonl", action="store_true", help="JSON Lines instead of one JSON array")
    e.add_argument("--test-ratio", type=float, default=0.0,
                   help="share of samples for a test file (e.g. 0.1); 0 = no split")
    e.add_argument("--seed", type=int, default=42, help="seed of the train/test split")
    e.add_argument("--all", action="store_true",
                   help="export all non-rejected samples (default: accepted only)")
    e.add_argument("--kind", choices=("sft", "dialogue", "pretrain"), help="only this kind")
    e.add_argument("--no-dataset-info", action="store_true",
                   help="do not write the LLaMA-Factory dataset_info.json entry")
    e.add_argument("--char-cap", type=int, default=8000, metavar="N",
                   help="list samples longer than N characters (a platform's row limit; default 8000, 0 = off)")
    e.add_argument("--skip-over-cap", action="store_true", help="leave samples over --char-cap out of the file")
    e.add_argument("--repeat-to", type=int, default=0, metavar="N",
                   help="repeat the training rows in order until there are N (a platform's minimum); "
                   "recorded in <file>.export.json (default 0: never)")
    e.add_argument("--mask", choices=("surrogate", "tag", "off"), default="surrogate",
                   help="mask phone numbers, e-mails, ID and bank card numbers …: realistic fakes (default), "
                   "tags like [手机号1], or off")
    e.add_argument("--reasoning", choices=("none", "think", "field"), default="none",
                   help="the model's reasoning kept on the samples: not written (default), think = before the "
                   "final answer as <think>…</think> (LLaMA-Factory's reasoning templates), field = in a "
                   "reasoning_content field")
    from core.cli_training import add_export_args

    add_export_args(e)
    e.set_defaults(func=cmd_export)

    for register in _EXTRA_COMMANDS:
        register(sub)
    return p


# Later features add their subcommands here: each is a function(subparsers) -> None. In the order
# a user meets them (`--help` lists them so): sources, generation and its review, filtering and the
# report, the training hand-off, batches, then the demo and logins.
from core import (  # noqa: E402  (heavy parts load when run)
    cli_batch,
    cli_chat,
    cli_chunks,
    cli_crawl,
    cli_demo,
    cli_filter,
    cli_generate,
    cli_import,
    cli_judge,
    cli_login,
    cli_questions,
    cli_report,
    cli_script,
    cli_training,
)

_EXTRA_COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [
    cli_crawl.register, cli_import.register, cli_script.register, cli_chunks.register, cli_generate.register,
    cli_questions.register, cli_judge.register, cli_chat.register, cli_filter.register, cli_report.register,
    cli_training.register, cli_batch.register, cli_demo.register, cli_login.register]


def _own_lang_commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    """The commands (as paths: ("generate", "qa")) whose own --lang means the prompt's language."""
    found: set[tuple[str, ...]] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                if "--lang" in sub._option_string_actions:
                    found.add((*path, name))
                found |= _own_lang_commands(sub, (*path, name))
    return found


def _take_lang(argv: list[str], own_lang: set[tuple[str, ...]] = frozenset()) -> tuple[list[str], str | None]:
    """The messages' --lang X (or --lang=X): before the command, or after a command that has no
    --lang of its own. After `generate qa` and the like, --lang keeps its documented meaning (the
    prompt's language): scripts written for it keep working."""
    out: list[str] = []
    lang: str | None = None
    command: tuple[str, ...] = ()
    i = 0
    while i < len(argv):
        a = argv[i]
        if not a.startswith("-") and len(command) < 2 and (not out or not out[-1].startswith("-")):
            command = (*command, a)
        ours = command not in own_lang and command[:1] not in own_lang
        if ours and a == "--lang" and i + 1 < len(argv) and argv[i + 1] in LANGUAGES:
            lang, i = argv[i + 1], i + 2
            continue
        if ours and a.startswith("--lang=") and a[7:] in LANGUAGES:
            lang, i = a[7:], i + 1
            continue
        out.append(a)
        i += 1
    return out, lang


def main(argv: list[str] | None = None) -> int:
    try:
        return _run(argv)
    except BrokenPipeError:
        # `… | head`: the reader left early. Not an error; stdout goes to /dev/null so Python's
        # own flush at exit does not complain a second time.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return cli_exit.OK


def _run(argv: list[str] | None) -> int:
    parser = build_parser()
    argv, lang = _take_lang(list(sys.argv[1:] if argv is None else argv), _own_lang_commands(parser))
    set_language(lang)  # None: follow the environment
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        from core.cli_batch import exit_code

        return exit_code(args, args.func(args))
    except CorpusmithError as e:
        print(render(say("cli.error", message=render(e.args[0]) if e.args else str(e))), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(render(say("cli.interrupted")), file=sys.stderr)
        return 130

if __name__ == "__main__":
    sys.exit(main())
