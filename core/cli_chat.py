"""Group-chat commands: `import-chat`, `generate extract`, `chat-dialogues`, `test-set`, `predict`,
`score`. Each prints what it did, and every chat that did not become a sample, with why."""

from __future__ import annotations

import argparse
import json

from core import cli_exit
from core.errors import InputError
from core.messages import current_language, render, say

LAYOUT_CHOICES = ("auto", "competition", "messages", "telegram", "wechat_csv", "qq_txt", "discord")


def _clean_options(args: argparse.Namespace):
    from core.sources.chats.clean import CleanOptions

    return CleanOptions(media=not args.keep_media, emoji=not args.keep_emoji, mentions=not args.keep_mentions,
                        urls=args.strip_urls, repeats=not args.keep_repeats)


def _cleaned(removed: dict[str, int]) -> str | None:
    """ "2 media, 4 emoji …" of a chat import's clean-up, in the current language (None: nothing)."""
    from core.sources.chats.clean import MESSAGES_REMOVED

    kinds = {"media": say("chats.clean.kind.media", n=removed.get("media", 0)),
             "emoji": say("chats.clean.kind.emoji", n=removed.get("emoji", 0)),
             "mentions": say("chats.clean.kind.mentions", n=removed.get("mentions", 0)),
             "urls": say("chats.clean.kind.urls", n=removed.get("urls", 0)),
             "repeats": say("chats.clean.kind.repeats", n=removed.get("repeats", 0))}
    parts = [render(m) for kind, m in kinds.items() if removed.get(kind)]
    if not parts:
        return None
    gone = removed.get(MESSAGES_REMOVED, 0)
    return render(say("cli.chat.cleaned", kinds=("，" if current_language() == "zh" else ", ").join(parts),
                      removed=say("chats.clean.removed_messages", n=gone) if gone else ""))


def cmd_import_chat(args: argparse.Namespace) -> int:
    from core.flows.extract import label_samples
    from core.sources.chats.importer import ChatImportResult, import_chat_files
    from core.store import Store

    def show(r) -> None:
        print(r.summary())
        if isinstance(r, ChatImportResult):
            cleaned = _cleaned(r.removed)
            if cleaned:
                print(cleaned)
            for note in r.notes:
                print(render(say("cli.chat.note", note=note)))
            if r.test_file:
                print("  " + render(say("chats.labels.test_file_next", project=args.project, source=r.source_id)))
            for problem in r.problems[:20]:
                print(render(say("cli.chat.skipped", problem=problem)))
            if len(r.problems) > 20:
                print(render(say("cli.chat.more_skipped", n=len(r.problems) - 20)))

    with Store(args.project, create=True) as store:
        results = import_chat_files(store, args.files, format=args.format, clean=_clean_options(args),
                                    make_samples=label_samples(store, args.lang), on_result=show,
                                    empty_labels_are_answers=args.empty_labels_are_answers)
    failed = sum(1 for r in results if not r.ok)
    if failed:
        print(render(say("cli.chat.failed_files", n=failed, total=len(results))))
    return cli_exit.finished(failed, len(results))


def cmd_generate_extract(args: argparse.Namespace) -> int:
    from core.cli_generate import _Progress, _settings, open_flow, run_flow
    from core.flows.extract import ExtractFlow, ExtractOptions

    settings = _settings(args)
    options = ExtractOptions(source_id=args.source, summarize=args.summarize, summarize_over=args.summarize_over,
                             extract=not args.no_extract, mask=args.mask, lang=args.lang)
    progress = _Progress()
    with open_flow(args, settings, ExtractFlow, options, events=progress) as (store, flow):
        result = run_flow(flow.run(retry_failed=args.retry_failed), progress)
        if result is None:
            return 130
    print(render(say("cli.chat.extract.chats", chats=result.chats, labelled=result.labelled)))
    if result.empty_labelled:
        print("  " + render(say("chats.extract.empty_unlabelled", n=result.empty_labelled)))
    if options.summarize:
        print(render(say("cli.chat.extract.summarized", n=result.summarized)))
    print(render(say("cli.chat.extract.extracted", n=result.extracted)))
    print(render(say("cli.chat.extract.samples", n=result.samples)))
    print(render(say("cli.chat.extract.to_check", n=result.with_problems)))
    print(render(say("cli.chat.extract.failed", n=len(result.failed))))
    stages = {"summary": say("cli.chat.stage.summary"), "extract": say("cli.chat.stage.extract")}
    for stage, item_key, reason in result.failed:
        print(render(say("cli.chat.extract.failed_item", stage=stages.get(stage, stage), key=item_key,
                         reason=render(reason))))
    if result.echoes:  # answers that only echoed the prompt (core/text/echo.py)
        print(render(say("echo.summary", n=result.echoes)))
    print(render(say("cli.chat.extract.calls", n=result.calls)))
    print(render(say("cli.chat.extract.cached", n=result.cached)))
    print(render(say("cli.chat.extract.cost", cost=result.cost)))
    if result.cancelled:
        print(render(say("cli.chat.cancelled")))
    elif result.failed:
        print(render(say("cli.chat.extract.finished_failed", n=len(result.failed))))
    else:
        print(render(say("cli.chat.finished")))
    return cli_exit.of_flow(result)


def cmd_chat_dialogues(args: argparse.Namespace) -> int:
    from core.flows.chat_dialogues import chat_dialogues
    from core.sources.chats.sessions import DialogueOptions, SessionOptions
    from core.store import Store

    dialogue = DialogueOptions(assistants=frozenset(a.strip() for a in args.assistant if a.strip()),
                               system_prompt=args.system, show_names=not args.no_names,
                               min_turns=args.min_turns, self_is_assistant=args.me,
                               leading_assistant=args.leading_assistant.replace("-", "_"))
    sessions = SessionOptions(gap_seconds=args.gap, use_replies=not args.no_replies, max_chars=args.max_chars)
    with Store(args.project) as store:
        report = chat_dialogues(store, args.source, dialogue, sessions)
    print(report.summary())
    return 0


def _one_chat_source(store, source_id: int | None) -> int:
    from core.sources.chats.importer import chat_sources

    sources = chat_sources(store)
    if source_id is not None:
        return source_id
    if len(sources) == 1:
        return sources[0]["id"]
    if not sources:
        raise InputError(say("cli.chat.no_chat_sources"))
    listed = "; ".join(f"#{s['id']} {s['name']}" for s in sources)
    raise InputError(say("cli.chat.several_sources", n=len(sources), listed=listed))


def cmd_test_set(args: argparse.Namespace) -> int:
    from core.flows.predict import write_test_set
    from core.store import Store

    with Store(args.project, readonly=True) as store:
        path, n, missing = write_test_set(store, _one_chat_source(store, args.source), args.out, args.input, args.lang,
                                          args.mask)
    print(render(say("cli.chat.test_set.wrote", n=n, path=str(path))))
    for m in missing:
        print(render(say("cli.chat.left_out", why=m)))
    return 0


def _print_score(report, as_json: bool) -> None:
    if as_json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(report.table())


def cmd_predict(args: argparse.Namespace) -> int:
    from core.cli_batch import attach_batch
    from core.cli_generate import _api_key, _Progress, _settings, _stderr_warnings, run_flow
    from core.cli_offpeak import hold_off_peak
    from core.flows.predict import PredictFlow
    from core.llm.client import make_client
    from core.store import Store

    settings = _settings(args)
    key = _api_key(args, settings)
    _stderr_warnings()
    progress = _Progress()

    class Events:  # runner events → the progress line
        def on_progress(self, snapshot) -> None:
            progress.on_progress("predict", snapshot)

    with Store(args.project) as store:
        source_id = _one_chat_source(store, args.source)
        flow = PredictFlow(store, lambda: make_client(settings, key), settings, source_id, input=args.input,
                           lang=args.lang, mask=args.mask, events=Events())
        hold_off_peak(args, settings, flow)
        attach_batch(args, store, settings, flow, progress)
        result = run_flow(flow.run(args.out, retry_failed=args.retry_failed, fill_empty=args.fill_empty), progress)
        if result is None:
            return 130
    print(render(say("cli.chat.predict.wrote", n=result.written, path=str(result.path))))
    if result.filled:
        print(render(say("cli.chat.predict.filled", n=result.filled)))
    if result.problems:
        print(render(say("cli.chat.predict.fixed", n=result.problems)))
    for index, reason in result.failed:
        print(render(say("cli.chat.predict.chat_failed", index=index, reason=render(reason))))
    if result.echoes:  # answers that gave back the blank form: not predictions
        print(f"  {render(say('echo.predict_marked', n=result.echoes))}")
    for m in result.left_out:
        print(render(say("cli.chat.left_out", why=m)))
    if result.score is not None:
        print(render(say("cli.chat.predict.score")))
        _print_score(result.score, False)
    if result.failed and not args.fill_empty:
        print(render(say("cli.chat.predict.lacks", n=len(result.failed))))
        return cli_exit.PARTIAL
    return cli_exit.OK


def cmd_score(args: argparse.Namespace) -> int:
    from core.flows.predict import score_files

    if args.project:
        from core.store import Store

        with Store(args.project, readonly=True) as store:
            report = score_files(args.predictions, args.labels, store)
    else:
        report = score_files(args.predictions, args.labels)
    _print_score(report, args.json)
    return 0


def register_generate(flows: argparse._SubParsersAction) -> None:
    from core.cli_generate import add_llm_args

    e = flows.add_parser(
        "extract", help="chats → structured extraction samples (JSON records, validated)",
        description="Summarise chats (optional, --summarize) and extract a JSON record per customer from every "
        "unlabelled chat with an LLM; answers are validated against the project's schema (the built-in one "
        "mirrors the competition's 21 fields). An answer that does not parse is a failed chat with its "
        "reason, never an empty template. Labelled chats got their samples at import; with --summarize their "
        "input becomes the summary. Running the same command again continues and pays for nothing twice.")
    e.add_argument("--project", required=True, help="the .corpus project file (import chats first)")
    add_llm_args(e)
    e.add_argument("--source", type=int, metavar="ID", help="only this chat source (default: all)")
    e.add_argument("--summarize", action="store_true", help="run the summary pass first")
    e.add_argument("--summarize-over", type=int, default=0, metavar="N",
                   help="summarise only chats longer than N characters (default 0: all)")
    e.add_argument("--no-extract", action="store_true", help="summaries only (e.g. for a test file)")
    e.add_argument("--mask", choices=("off", "tag", "surrogate"), default="off",
                   help="mask phone numbers, e-mails, ID and card numbers … before sending (default off)")
    e.add_argument("--lang", "--prompt-lang", dest="lang", choices=("zh", "en"), default="zh",
                   help="language of the prompts and the instruction (default zh; the messages' language: --lang before the command)")
    e.set_defaults(func=cmd_generate_extract)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "import-chat", help="add chat exports (competition JSON, message lists, Telegram, WeChat CSV, QQ txt)",
        description="Import chat exports as sources. The layout is found from the content; records that "
        "cannot be read are listed with their number and the rest is imported; each file is stored in one "
        "transaction. Labelled chats (competition infos) become extraction samples at once; records whose infos "
        "are absent or empty ([], \"[]\", null, every field empty) are unlabelled, and a file of only such records "
        "is a test file (for test-set / predict).")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--project", required=True, help="the .corpus project file (created if it does not exist)")
    p.add_argument("--format", choices=LAYOUT_CHOICES, default="auto", help="the export's layout (default auto)")
    p.add_argument("--lang", "--prompt-lang", dest="lang", choices=("zh", "en"), default="zh",
                   help="language of the samples' instruction (default zh; the messages' language: --lang before the command)")
    p.add_argument("--keep-media", action="store_true", help="keep [图片]-style placeholders and media messages")
    p.add_argument("--keep-emoji", action="store_true", help="keep text emoji like [玫瑰]")
    p.add_argument("--keep-mentions", action="store_true", help="keep @name mentions")
    p.add_argument("--strip-urls", action="store_true", help="remove URLs")
    p.add_argument("--keep-repeats", action="store_true", help="keep runs of repeated messages")
    p.add_argument("--empty-labels-are-answers", action="store_true",
                   help="records whose labels are empty ([] or every field empty) really have the answer “no "
                   "customer”: make them labelled samples with the target []. Without it they are unlabelled "
                   "(a file of only such records is a test file), and the import says how many")
    p.set_defaults(func=cmd_import_chat)

    d = subparsers.add_parser(
        "chat-dialogues", help="chats → multi-turn dialogue samples (sessions by replies and time gaps)",
        description="Split every chat into sessions (reply links, pauses longer than --gap seconds, or size "
        "for chats without times) and make each session a dialogue where the chosen sender(s) play the "
        "assistant. Sessions that cannot become a dialogue are counted with their reason.")
    d.add_argument("--project", required=True)
    d.add_argument("--assistant", action="append", default=[], metavar="NAME",
                   help="a sender who plays the assistant (repeat for several)")
    d.add_argument("--me", action="store_true", help="the person who exported the chat plays the assistant")
    d.add_argument("--source", type=int, metavar="ID", help="only this chat source (default: all)")
    d.add_argument("--gap", type=float, default=300.0, metavar="SECONDS",
                   help="a pause longer than this starts a new session (default 300; 0 = never)")
    d.add_argument("--no-replies", action="store_true", help="do not join replies to the session they answer")
    d.add_argument("--max-chars", type=int, default=4000, metavar="N",
                   help="split sessions (and chats without times) longer than N characters (default 4000)")
    d.add_argument("--system", default="", help="system prompt of every dialogue")
    d.add_argument("--min-turns", type=int, default=2, metavar="N", help="fewest turns of a dialogue (default 2)")
    d.add_argument("--no-names", action="store_true",
                   help="no “名字：” prefixes where several people's messages merge into one turn")
    d.add_argument("--leading-assistant", choices=("context", "drop"), default="context",
                   help="when the assistant opens a session (a greeting before anyone asks): put those messages "
                   "in the system prompt as context (default), or drop them. Either way a dialogue starts with "
                   "the user and ends with the assistant, so every export format keeps it")
    d.set_defaults(func=cmd_chat_dialogues)

    t = subparsers.add_parser("test-set", help="write a chat source as the CSV test set input,target",
                              description="One row per chat, in file order: the same input the training "
                              "samples have; target = the labels' JSON where the chat has them, else empty.")
    t.add_argument("--project", required=True)
    t.add_argument("--source", type=int, metavar="ID", help="the chat source (needed if there are several)")
    t.add_argument("--out", required=True, help="the CSV file to write")
    t.add_argument("--input", choices=("chat", "summary"), default="chat", help="chat text or its summary")
    t.add_argument("--lang", "--prompt-lang", dest="lang", choices=("zh", "en"), default="zh",
                   help="language of the instruction in the input (default zh; the messages' language: --lang before the command)")
    t.add_argument("--mask", choices=("surrogate", "tag", "off"), default="surrogate",
                   help="mask personal data as exports do (default surrogate), consistently in input and target")
    t.set_defaults(func=cmd_test_set)

    from core.cli_generate import add_llm_args

    r = subparsers.add_parser(
        "predict", help="run a chat source through a (fine-tuned) model; write the submission JSON",
        description="Send every chat's input to an OpenAI-compatible endpoint, validate each answer against "
        "the schema and write [{\"infos\": [...], \"index\": N}] in file order. Unparsable answers are "
        "listed as failures (not written as empty records unless --fill-empty). With labels, the score is "
        "printed too.")
    r.add_argument("--project", required=True)
    add_llm_args(r)
    r.add_argument("--out", required=True, help="the submission JSON file to write")
    r.add_argument("--source", type=int, metavar="ID", help="the chat source (needed if there are several)")
    r.add_argument("--input", choices=("chat", "summary"), default="chat",
                   help="what the model was trained on: the chat text (default) or its summary")
    r.add_argument("--lang", "--prompt-lang", dest="lang", choices=("zh", "en"), default="zh",
                   help="language of the instruction (default zh; the messages' language: --lang before the command)")
    r.add_argument("--mask", choices=("off", "tag", "surrogate"), default="off",
                   help="mask personal data before sending; answers are unmasked before they are written "
                   "(default off)")
    r.add_argument("--fill-empty", action="store_true",
                   help="write an empty record for chats whose answer failed (so the file has every index)")
    r.set_defaults(func=cmd_predict)

    s = subparsers.add_parser("score", help="score predictions against labels, per field",
                              description="Per field: exact match, set overlap or text similarity as the "
                              "schema says; a table and the weighted total.")
    s.add_argument("--predictions", required=True, help="submission JSON [{\"infos\": [...], \"index\": N}]")
    s.add_argument("--labels", required=True, help="labelled JSON (competition train file or submission layout)")
    s.add_argument("--project", help="use this project's extraction schema (default: the built-in one)")
    s.add_argument("--json", action="store_true", help="print JSON instead of a table")
    s.set_defaults(func=cmd_score)
