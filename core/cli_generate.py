"""`python main.py generate qa …`: the documents → QA pairs flow, headless, with a progress line.

The API key comes from the environment variable named by ``--api-key-env``, else from the key
saved in the app (system keyring, under the provider's name or the base URL); local servers
(localhost) need none. The key is never printed.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO
from urllib.parse import urlparse

from core import cli_exit
from core.cli_batch import add_batch_args, attach_batch
from core.cli_offpeak import add_off_peak_arg, hold_off_peak
from core.cli_summary import duration, estimate_line, print_costs, print_failed, print_finish, stage_label
from core.errors import InputError
from core.messages import say

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "0.0.0.0")
LOCAL_KEY = "not-needed"  # local servers (Ollama, LM Studio, vLLM …) accept any key


class _Progress:
    """Flow events → one progress line on stderr: redrawn with \\r on a terminal, otherwise a
    new line every ~2 seconds (and when a stage ends)."""

    def __init__(self, stream: TextIO | None = None, interval: float = 2.0):
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.interval = interval
        self._last = 0.0
        self._open = False  # a \r line is on screen
        self._width = 0
        self._pending_line = ""
        self._shown = ""  # the last progress line written

    def _write_line(self, text: str) -> None:
        self.finish()
        print(text, file=self.stream, flush=True)

    def on_stage(self, stage: str, total: int) -> None:
        self._flush_pending()
        self._write_line(say("flows.cli.stage_items", stage=stage_label(stage), n=total).render())

    def label(self, stage: str) -> str:
        """The stage's name on the progress line (a subclass may add to it)."""
        return stage_label(stage)

    def on_progress(self, stage: str, s: Any) -> None:
        complete = s.done + s.failed >= s.total and s.in_flight == 0
        eta = ("" if s.eta_seconds is None or s.paused or complete
               else say("flows.cli.eta", left=duration(s.eta_seconds)))
        line = say("flows.cli.progress", stage=self.label(stage), finished=s.done + s.failed, total=s.total,
                   failed=s.failed, in_flight=s.in_flight, calls=s.calls, cached=s.cached, eta=eta,
                   paused=say("flows.cli.paused") if s.paused else "").render()
        if line == self._shown:
            return
        if self.tty:
            pad = max(0, self._width - len(line))
            self.stream.write("\r" + line + " " * pad)
            self.stream.flush()
            self._width = len(line)
            self._open = True
            self._shown = line
            return
        now = time.monotonic()
        if complete or now - self._last >= self.interval:
            self._last = now
            self._pending_line = ""
            self._shown = line
            print(line, file=self.stream, flush=True)
        else:
            self._pending_line = line

    def _flush_pending(self) -> None:
        if self._pending_line:
            line, self._pending_line = self._pending_line, ""
            self._shown = line
            print(line, file=self.stream, flush=True)

    def finish(self) -> None:
        self._flush_pending()
        if self._open:
            self.stream.write("\n")
            self.stream.flush()
            self._open = False
            self._width = 0


def _is_local(base_url: str) -> bool:
    host = (urlparse(base_url).hostname or "").lower()
    return host in LOCAL_HOSTS or host.startswith("127.")


def _api_key(args: argparse.Namespace, settings: Any) -> str:
    from core.llm.providers import key_name, normalize_base_url
    from core.llm.secrets import get_api_key

    if args.api_key_env:
        key = os.environ.get(args.api_key_env, "").strip()
        if not key:
            raise InputError(say("cli.generate.key_env_empty", name=args.api_key_env))
        return key
    service = _named_service(args)
    if service is not None and normalize_base_url(service.settings.base_url) == normalize_base_url(settings.base_url):
        from core.llm.services import get_service_key

        key = get_service_key(service)
        if key:
            return key
    names = list(dict.fromkeys([key_name(settings), normalize_base_url(settings.base_url)]))
    for name in names:
        key = get_api_key(name)
        if key:
            return key
    p = settings.preset()
    if _is_local(settings.base_url) or (p is not None and not p.needs_key):
        return LOCAL_KEY
    raise InputError(say("cli.generate.no_key", name=names[0]))


def _named_service(args: argparse.Namespace) -> Any:
    """The model service `--service NAME` names in the app's settings (None without the flag)."""
    name = getattr(args, "service", None)
    if not name:
        return None
    cached = getattr(args, "_model_service", None)
    if cached is not None:
        return cached
    from core.llm.services import find_service
    from core.messages import say
    from core.settings import AppSettings

    services = AppSettings.load().model_services()
    service = find_service(services, name.strip())
    if service is None:
        raise InputError(say("llm.service_unknown", name=name, known="、".join(s.name for s in services)))
    args._model_service = service
    return service


def _settings(args: argparse.Namespace) -> Any:
    from core.llm.providers import PRESETS, ProviderSettings, normalize_base_url, preset, preset_for_url
    from core.messages import say

    # a flag given on the command line wins; else the named service's value; else the default
    service = _named_service(args)
    base = service.settings if service is not None else ProviderSettings(base_url="", model="")
    for flag, attr in (("base_url", "base_url"), ("model", "model"), ("concurrency", "concurrency"),
                       ("rpm", "rpm"), ("tpm", "tpm"), ("timeout", "timeout"), ("price_in", "price_in_per_m"),
                       ("price_out", "price_out_per_m")):
        if getattr(args, flag, None) is None:
            setattr(args, flag, getattr(base, attr))
    if not args.base_url:
        raise InputError(say("llm.cli_no_endpoint"))
    if service is not None and not args.provider and normalize_base_url(args.base_url) == normalize_base_url(
            base.base_url):
        args.provider = base.provider
    base_url = normalize_base_url(args.base_url)
    if not base_url.startswith(("http://", "https://")):
        raise InputError(say("cli.generate.bad_base_url", url=args.base_url))
    if not args.model.strip():
        raise InputError(say("cli.generate.no_model"))
    for name, value, low in (("--concurrency", args.concurrency, 1), ("--rpm", args.rpm, 0),
                             ("--tpm", args.tpm, 0)):
        if value < low:
            raise InputError(say("cli.generate.too_small", option=name, low=low, got=value))
    if args.timeout <= 0:
        raise InputError(say("cli.generate.timeout", got=f"{args.timeout:g}"))
    if args.provider:
        p = preset(args.provider)
        if p is None:
            raise InputError(say("cli.generate.unknown_provider", name=args.provider,
                                 known=", ".join(f"“{x.name}”" for x in PRESETS)))
    else:
        p = preset_for_url(base_url)
    return ProviderSettings(base_url=base_url, model=args.model.strip(), concurrency=args.concurrency,
                            rpm=args.rpm, tpm=args.tpm, timeout=float(args.timeout),
                            price_in_per_m=args.price_in, price_out_per_m=args.price_out,
                            provider=p.name if p is not None else "", temperature=base.temperature,
                            max_tokens=base.max_tokens, json_mode=base.json_mode,
                            # the service's own time-of-day prices where it is the endpoint; else the preset's
                            time_prices=base.time_prices if normalize_base_url(base.base_url) == base_url else None)


def _stderr_warnings() -> None:
    """Warnings of the engine (e.g. JSON mode refused) on stderr, with keys masked."""
    from core.llm.secrets import install_secret_filter

    logger = logging.getLogger("corpusmith")
    if any(getattr(h, "_corpusmith_cli", False) for h in logger.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("warning: %(message)s"))
    handler._corpusmith_cli = True  # type: ignore[attr-defined]
    install_secret_filter(handler)
    logger.addHandler(handler)


@contextmanager
def open_flow(args: argparse.Namespace, settings: Any, flow_class: Any, *flow_args: Any,
              **flow_kwargs: Any) -> Iterator[tuple[Any, Any]]:
    """The project opened, ``flow_class(store, client_factory, settings, *flow_args, **flow_kwargs)``
    made with a client factory for `settings` (the key from --api-key-env or the keyring), engine
    warnings on stderr, and the flow checked: yields (store, flow). Raises InputError naming the
    problems the flow's validate() finds."""
    from core.llm.client import make_client
    from core.store import Store

    key = _api_key(args, settings)
    _stderr_warnings()
    with Store(args.project) as store:
        flow = flow_class(store, lambda: make_client(settings, key), settings, *flow_args, **flow_kwargs)
        problems = flow.validate()
        if problems:
            raise InputError(" ".join(problems))
        _say_earlier_models(flow, settings)
        hold_off_peak(args, settings, flow)
        attach_batch(args, store, settings, flow, flow_kwargs.get("events"))
        yield store, flow


def _say_earlier_models(flow: Any, settings: Any) -> None:
    """Another model's answers for the same input stay; this model makes its own (a line each)."""
    from core.messages import render, say

    for earlier in getattr(flow, "earlier_models", list)():
        print(render(say("robust.other_model", earlier=earlier.model, n=earlier.answers, model=settings.model)),
              flush=True)


async def _graceful_on_ctrl_c(run: Any) -> Any:
    """`run`, where the first Ctrl+C cancels it (the runner then waits a few seconds for the
    answers already asked for, and stores them) and a second one stops at once."""
    import signal

    from core.messages import render, say

    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    presses = 0

    def on_sigint() -> None:
        nonlocal presses
        presses += 1
        if presses > 1:
            raise KeyboardInterrupt
        print("\n" + render(say("robust.cancelling")), file=sys.stderr, flush=True)
        task.cancel()

    try:
        loop.add_signal_handler(signal.SIGINT, on_sigint)
    except (NotImplementedError, RuntimeError, ValueError):  # Windows: asyncio's own handling
        return await run
    try:
        return await run
    finally:
        loop.remove_signal_handler(signal.SIGINT)


def run_flow(run: Any, progress: _Progress) -> Any:
    """Run a flow's coroutine to its end with the progress line; None when Ctrl+C stopped it
    (said on stderr)."""
    try:
        return asyncio.run(_graceful_on_ctrl_c(run))
    except (KeyboardInterrupt, asyncio.CancelledError):
        progress.finish()
        print(say("flows.cli.interrupted"), file=sys.stderr)
        return None
    finally:
        progress.finish()


def cmd_generate_qa(args: argparse.Namespace) -> int:
    from core.flows.qa import QAFlow, QAOptions

    settings = _settings(args)
    options = QAOptions(source_id=args.source, questions_per_chunk=args.questions, top_k=args.top_k,
                        lang=args.lang)
    progress = _Progress()
    stop_after = getattr(args, "stop_after", None)
    with open_flow(args, settings, QAFlow, options, events=progress, stop_after=stop_after) as (store, flow):
        est = flow.estimate_stages()[0] if stop_after else flow.estimate()  # stopping: the questions stage alone
        print(estimate_line(est, settings), flush=True)
        result = run_flow(flow.run(retry_failed=args.retry_failed), progress)
        if result is None:
            return 130
        if result.stopped_after:  # the questions wait for the user's review (`questions --project …`)
            from core.cli_questions import print_deleted, print_stopped

            print(say("flows.cli.qa.questions", n=result.questions))
            print(say("flows.cli.qa.duplicates", n=result.duplicates))
            print_deleted(result)
            return print_stopped(result, flow, settings, args.project)
    from core.cli_questions import print_deleted

    print(say("flows.cli.qa.questions", n=result.questions))
    print(say("flows.cli.qa.duplicates", n=result.duplicates))
    print_deleted(result)
    print(say("flows.cli.qa.answered", n=result.answered))
    print(say("flows.cli.qa.not_found", n=result.not_found))
    print(say("flows.cli.samples_new", n=result.samples))
    print_failed(result)
    print_costs(result, settings)
    print_finish(result)
    return cli_exit.of_flow(result)


def add_llm_args(q: argparse.ArgumentParser) -> None:
    """The endpoint, limits, prices and key options every LLM command takes. With --service the
    values come from a model service saved in the app; a flag given as well overrides its value
    (the defaults below apply without --service; None here means "not given")."""
    q.add_argument("--service", metavar="NAME",
                   help="a model service saved in the app's Settings (its URL, model, limits, prices and "
                   "API key); the flags below override its values")
    q.add_argument("--base-url", help="the OpenAI-compatible endpoint, e.g. "
                   "https://api.deepseek.com/v1 or http://localhost:11434/v1 (required without --service)")
    q.add_argument("--model", help="the model name, e.g. deepseek-chat (required without --service)")
    q.add_argument("--concurrency", type=int, help="requests at once (default 8)")
    q.add_argument("--rpm", type=int, help="requests per minute, 0 = no limit (default)")
    q.add_argument("--tpm", type=int, help="tokens per minute, 0 = no limit (default)")
    q.add_argument("--timeout", type=float, help="seconds for one request (default 60)")
    q.add_argument("--price-in", type=float, metavar="P",
                   help="price per million input tokens, for the cost estimate (default 0)")
    q.add_argument("--price-out", type=float, metavar="P",
                   help="price per million output tokens, for the cost estimate (default 0)")
    q.add_argument("--api-key-env", metavar="VAR",
                   help="name of the environment variable holding the API key (default: the key saved "
                   "in the app; none needed for localhost)")
    q.add_argument("--retry-failed", action="store_true", help="also retry the items that failed before")
    q.add_argument("--provider", metavar="NAME",
                   help="provider preset name (e.g. DeepSeek); default: guessed from the base URL")
    add_off_peak_arg(q)
    add_batch_args(q)


def register(subparsers: argparse._SubParsersAction) -> None:
    g = subparsers.add_parser("generate", help="generate samples with an LLM (any OpenAI-compatible API)",
                              description="Generate samples with an LLM.")
    flows = g.add_subparsers(dest="flow", metavar="<flow>")

    def usage(_args: argparse.Namespace) -> int:
        g.print_help()
        return 2

    g.set_defaults(func=usage)
    q = flows.add_parser(
        "qa", help="documents → question/answer pairs (sft samples, pending review)",
        description="Ask questions about every chunk of the project's documents, then answer each from "
        "its own chunk and the chunks BM25 retrieves for it. Answers land as pending sft samples; answers "
        "the text does not hold become rejected samples. Running the same command again continues an "
        "interrupted run and pays for nothing twice.",
    )
    q.add_argument("--project", required=True, help="the .corpus project file (import documents first)")
    add_llm_args(q)
    q.add_argument("--questions", type=int, default=0, metavar="N",
                   help="questions per chunk; 0 = one per ~300 characters, 1 to 8 (default)")
    q.add_argument("--top-k", type=int, default=2, metavar="K",
                   help="other chunks retrieved for each answer (default 2)")
    q.add_argument("--lang", choices=("zh", "en"), default="zh", help="prompt template language (default zh)")
    q.add_argument("--source", type=int, metavar="ID", help="only this source's chunks (default: all)")
    from core.cli_questions import add_stop_after_arg

    add_stop_after_arg(q)
    q.set_defaults(func=cmd_generate_qa)

    from core import cli_aspects, cli_chat, cli_novel, cli_style

    cli_chat.register_generate(flows)
    cli_aspects.register_generate(flows)
    cli_novel.register_generate(flows)
    cli_style.register_generate(flows)
