"""`python main.py crawl URL... --project P`: Bilibili comments into a project;
`python main.py dialogues --project P`: the stored comments → dialogue samples.

Login cookies come from the environment variable named by ``--cookies-env``, else from the ones
saved in the app (system keyring); without any the crawl runs as a visitor, which Bilibili limits
(the command says so, and marks such videos incomplete). Cookies are never printed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import sys
import time
from typing import Any, TextIO

from core import cli_exit
from core.errors import CorpusmithError, InputError
from core.messages import Message, render, say


def _duration(seconds: float) -> Message:
    seconds = int(round(seconds))
    if seconds < 60:
        return say("crawl.cli.seconds", s=seconds)
    if seconds < 3600:
        return say("crawl.cli.minutes", m=seconds // 60, s=seconds % 60)
    return say("crawl.cli.hours", h=seconds // 3600, m=seconds % 3600 // 60)


class _CrawlPrinter:
    """Crawl events → per-video lines on stdout, progress and notices on stderr (a progress line
    is redrawn with \\r on a terminal, otherwise written every ~2 seconds)."""

    def __init__(self, out: TextIO | None = None, err: TextIO | None = None, interval: float = 2.0):
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.tty = bool(getattr(self.err, "isatty", lambda: False)())
        self.interval = interval
        self._last = 0.0
        self._open = False
        self._width = 0

    def _clear(self) -> None:
        if self._open:
            self.err.write("\r" + " " * self._width + "\r")
            self.err.flush()
            self._open = False
            self._width = 0

    def on_video(self, index: int, total: int, video: Any) -> None:
        self._clear()
        print(f"[{index + 1}/{total}] {video.label} …", file=self.err, flush=True)

    def on_notice(self, video: Any, message: Message | str) -> None:
        self._clear()
        where = f"{video.label}: " if video is not None else ""
        print(render(say("crawl.cli.note", where=where, message=message)), file=self.err, flush=True)

    def on_progress(self, p: Any) -> None:
        total = f"/{p.expected}" if p.expected is not None else ""
        eta = say("crawl.cli.eta", duration=_duration(p.eta_seconds)) \
            if p.eta_seconds is not None and p.eta_seconds > 0 else ""
        line = render(say("crawl.cli.progress", video=p.video.label, pages=p.pages, requests=p.requests,
                          new=p.new_comments, stored=p.stored, total=total, rate=p.rate, eta=eta))
        if self.tty:
            self.err.write("\r" + line + " " * max(0, self._width - len(line)))
            self.err.flush()
            self._open, self._width = True, len(line)
            return
        now = time.monotonic()
        if now - self._last >= self.interval:
            self._last = now
            print(line, file=self.err, flush=True)

    def on_video_done(self, report: Any) -> None:
        self._clear()
        print(report.line(), file=self.out, flush=True)


def _cookies(args: argparse.Namespace) -> dict[str, str]:
    from core.sources.bilibili.client import parse_cookies, saved_cookies

    if args.cookies_env:
        value = os.environ.get(args.cookies_env, "").strip()
        if not value:
            raise InputError(say("crawl.cli.cookies_env_empty", var=args.cookies_env))
        cookies = parse_cookies(value)
        if not cookies.get("SESSDATA"):
            raise InputError(say("crawl.cli.cookies_env_no_sessdata", var=args.cookies_env))
        from core.sources.bilibili.client import register_cookie_secrets

        register_cookie_secrets(cookies)
        return cookies
    try:
        return saved_cookies()
    except CorpusmithError as e:
        print(render(say("crawl.cli.saved_cookies_unreadable", error=e.args[0] if e.args else str(e))),
              file=sys.stderr)
        return {}


async def _run_crawl(store: Any, refs: list, args: argparse.Namespace, cookies: dict,
                     printer: _CrawlPrinter) -> Any:
    from core.sources.bilibili.crawl import crawl_videos

    cancel = asyncio.Event()
    loop = asyncio.get_running_loop()
    installed = False
    with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):

        def on_sigint() -> None:
            if cancel.is_set():
                raise KeyboardInterrupt
            print("\n" + render(say("crawl.cli.cancelling")), file=sys.stderr, flush=True)
            cancel.set()

        loop.add_signal_handler(signal.SIGINT, on_sigint)
        installed = True
    try:
        return await crawl_videos(store, refs, api_base=args.api_base, concurrency=args.concurrency,
                                  min_interval=args.min_interval, cookies=cookies or None, events=printer,
                                  cancel=cancel)
    finally:
        if installed:
            loop.remove_signal_handler(signal.SIGINT)


def cmd_crawl(args: argparse.Namespace) -> int:
    from core.sources.bilibili.client import api_base_url
    from core.sources.bilibili.ids import parse_inputs
    from core.store import Store

    if args.concurrency < 1:
        raise InputError(say("crawl.cli.concurrency_min", n=args.concurrency))
    if args.min_interval < 0:
        raise InputError(say("crawl.cli.interval_negative", seconds=args.min_interval))
    api_base_url(args.api_base)  # a bad address: one error before anything is made
    refs, invalid = parse_inputs(args.urls)
    for e in invalid:
        print(render(say("crawl.cli.invalid_line", error=e.said())))
    if not refs:
        raise InputError(say("crawl.cli.nothing_to_crawl"))
    cookies = _cookies(args)
    printer = _CrawlPrinter()
    with Store(args.project, create=True) as store:
        batch = asyncio.run(_run_crawl(store, refs, args, cookies, printer))
    printer._clear()
    complete, incomplete, failed = batch.count("complete"), batch.count("incomplete"), batch.count("failed")
    cancelled = batch.count("cancelled")
    counts = {"n": len(batch.videos), "complete": complete, "incomplete": incomplete, "failed": failed}
    if cancelled:
        print(render(say("crawl.cli.videos_cancelled", cancelled=cancelled, **counts)))
    else:
        print(render(say("crawl.cli.videos", **counts)))
    print(render(say("crawl.cli.new_comments", n=batch.new_comments)))
    print(render(say("crawl.cli.requests", n=sum(v.requests for v in batch.videos))))
    if invalid:
        print(render(say("crawl.cli.invalid_count", n=len(invalid))))
    if incomplete:
        print(render(say("crawl.cli.incomplete_advice")))
    if batch.cancelled:
        print(render(say("crawl.cli.cancelled")))
        return 130
    if failed:
        for v in batch.failed:
            print(render(say("crawl.cli.failed_video", video=v.video.label, reason=v.reason)))
    if invalid:
        return cli_exit.ERROR
    return cli_exit.finished(failed + incomplete)


def cmd_dialogues(args: argparse.Namespace) -> int:
    from core.sources.bilibili.dialogues import DialogueOptions, build_dialogues
    from core.store import Store

    options = DialogueOptions(min_turns=args.min_turns, max_turns=args.max_turns, keep_names=args.keep_names,
                              emotes=args.emotes, odd_chain=args.odd_chain.replace("-", "_"))
    options.check()
    with Store(args.project) as store:
        report = build_dialogues(
            store, args.source, options,
            progress=lambda done, total: print(render(say("crawl.cli.dialogues_progress", done=done, total=total)),
                                               file=sys.stderr, flush=True))
    for line in report.lines():
        print(line)
    print(render(say("crawl.cli.time", seconds=report.elapsed)))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    from core.sources.bilibili.client import ENV_API

    c = subparsers.add_parser(
        "crawl", help="fetch the comments of Bilibili videos into a project (resumable)",
        description="Fetch every comment of the given Bilibili videos (root comments and all their replies) "
        "into the project, politely: a few requests at a time, a pause between them, backing off when the "
        "site refuses. What is fetched is saved as it arrives, so an interrupted crawl continues where it "
        "stopped, and crawling a video again adds only its new comments. Without login cookies Bilibili "
        "shows only part of the comments; such videos are reported as incomplete.",
    )
    c.add_argument("urls", nargs="+", metavar="URL",
                   help="video links (bilibili.com/video/BV…, m.bilibili.com, b23.tv) or BV…/av… ids")
    c.add_argument("--project", required=True, help="the .corpus project file (created if it does not exist)")
    c.add_argument("--api-base", metavar="URL",
                   help=f"the API address (default ${ENV_API} or https://api.bilibili.com)")
    c.add_argument("--concurrency", type=int, default=3, metavar="N", help="requests at once (default 3)")
    c.add_argument("--min-interval", type=float, default=1.0, metavar="S",
                   help="seconds between the starts of two requests, plus up to 30%% jitter (default 1)")
    c.add_argument("--cookies-env", metavar="VAR",
                   help="name of the environment variable holding the login cookies (SESSDATA=…; buvid3=…); "
                   "default: the cookies saved in the app, else none")
    c.set_defaults(func=cmd_crawl)

    d = subparsers.add_parser(
        "dialogues", help="turn crawled comments into dialogue samples",
        description="Build dialogue samples from the crawled comments: one per path from a root comment to "
        "a last reply, cleaned (reply prefixes, emotes, empty turns), with anonymous speakers. Every dialogue "
        "starts with the user and ends with the assistant, so every export format keeps it (see --odd-chain). "
        "Building again replaces the untouched pending dialogues of those videos; the ones you edited, "
        "accepted or rejected (and ones you deleted) stay as they are.",
    )
    d.add_argument("--project", required=True, help="the .corpus project file")
    d.add_argument("--min-turns", type=int, default=3, metavar="N",
                   help="fewest turns (comments of the chain, after cleaning and merging) a dialogue keeps "
                   "(default 3, at least 2)")
    d.add_argument("--odd-chain", choices=("context", "drop-first", "drop-last"), default="context",
                   help="a chain with an odd number of turns: its first comment goes to the system prompt as "
                   "context, so every comment reaches the file (context, default); or the first comment "
                   "(drop-first) or the last reply (drop-last) is left out")
    d.add_argument("--max-turns", type=int, default=20, metavar="N",
                   help="most turns; a longer dialogue keeps its last N (default 20, 0 = no limit)")
    d.add_argument("--keep-names", action="store_true", help="keep the users' names (default: 用户A, 用户B, …)")
    d.add_argument("--emotes", choices=("keep", "strip"), default="strip",
                   help="keep or strip emote tokens such as [doge] (default strip)")
    d.add_argument("--source", type=int, metavar="ID", help="only this source (default: every crawled video)")
    d.set_defaults(func=cmd_dialogues)
