"""Training on the command line: `export … --train-config llamafactory|xtuner --base-model NAME
[--method lora|qlora|full]`, `base-models` (the list), and `finetune` (a provider's fine-tuning job:
create, --status, --wait, --cancel)."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import Any

from core import cli_exit
from core.errors import InputError
from core.messages import render, say


# ---- export --train-config ------------------------------------------------------------------------
def add_export_args(e: argparse.ArgumentParser) -> None:
    from core.export.training import METHODS, TRAINERS

    e.add_argument("--train-config", choices=TRAINERS,
                   help="also write a training config beside the data (LLaMA-Factory YAML or XTuner config), "
                   "a run script and a README, and print the one command to run")
    e.add_argument("--base-model", metavar="NAME",
                   help="the model to fine-tune (its chat template goes into the config); "
                   "`python main.py base-models` lists them")
    e.add_argument("--method", choices=METHODS, help="lora (default), qlora (4-bit) or full")


def training_options(args: argparse.Namespace, export: Any) -> Any:
    """The training options the export's flags ask for (None without --train-config), checked
    against the export before anything is written."""
    from core.export.base_models import BASE_MODELS
    from core.export.training import TrainingOptions, check_training

    trainer = getattr(args, "train_config", None)
    if trainer is None:
        if getattr(args, "base_model", None) or getattr(args, "method", None):
            raise InputError(say("training.cli.needs_train_config"))
        return None
    if not args.base_model:
        raise InputError(say("training.cli.needs_base_model", choices=", ".join(m.key for m in BASE_MODELS)))
    options = TrainingOptions(trainer, args.base_model, args.method or "lora")
    check_training(options, export)
    return options


def write_after_export(report: Any, export: Any, training: Any) -> None:
    from core.export.training import write_training_config

    print(write_training_config(report, export, training).summary())


# ---- base-models ------------------------------------------------------------------------------------
def cmd_base_models(args: argparse.Namespace) -> int:
    from core.export.base_models import BASE_MODELS

    print(render(say("training.list.head")))
    print("  " + render(say("training.list.columns")))
    no_xtuner = render(say("training.list.no_xtuner"))
    width = max(len(m.key) for m in BASE_MODELS)
    hub = max(len(m.hub_id) for m in BASE_MODELS)
    for m in BASE_MODELS:
        print(f"  {m.key:<{width}}  {m.hub_id:<{hub}}  {m.template:<10}  {m.xtuner_template or no_xtuner:<14}  "
              f"{m.params_b:g}B")
    print(render(say("training.list.memory")))
    return cli_exit.OK


# ---- finetune -------------------------------------------------------------------------------------
def _connection(args: argparse.Namespace, job: Any = None) -> tuple[Any, str]:
    """Settings and key: from the flags, else from the job's own record (its service or endpoint)."""
    from core.cli_generate import _api_key, _settings

    if job is not None and not args.service and not args.base_url:
        if job.service:
            args.service = job.service
        else:
            args.base_url, args.provider = job.base_url, args.provider or job.provider
    if job is not None and not args.model:
        args.model = job.model
    settings = _settings(args)
    return settings, _api_key(args, settings)


def _print_update(job: Any, new: list[dict[str, Any]]) -> None:
    from core.llm.finetune import event_line

    for event in new:
        print("  " + event_line(event))
    print(render(job.status_line()))


def _exit_code(job: Any) -> int:
    return cli_exit.OK if job.status not in ("failed", "cancelled") else cli_exit.ERROR


async def _follow(session: Any, store: Any, job: Any, wait: bool, poll: float) -> Any:
    from core.llm.finetune import save_job

    def update(j: Any, new: list[dict[str, Any]]) -> None:
        save_job(store, j)
        _print_update(j, new)

    if wait:
        return await session.wait(job, poll, update)
    update(job, await session.refresh(job))
    return job


def cmd_finetune(args: argparse.Namespace) -> int:
    from core.llm.finetune import FinetuneSession, check_training_file, find_job, save_job, saved_jobs
    from core.store import Store

    with Store(args.project) as store:
        creating = not (args.status or args.cancel or (args.wait and not args.file))
        if creating:
            if not (args.file and args.model):
                raise InputError(say("training.finetune.needs_file_model"))
            path = Path(args.file)
            rows = check_training_file(path)
            settings, key = _connection(args)
            validation = Path(args.validation_file) if args.validation_file else None

            async def create() -> Any:
                async with FinetuneSession(settings, key) as session:
                    job = await session.start(path, args.model, suffix=args.suffix or "", n_epochs=args.epochs or 0,
                                              validation_path=validation, service=args.service or "",
                                              on_created=lambda j: save_job(store, j))
                    print(render(say("training.finetune.created", file=path.name, n=rows, id=job.id, model=job.model)))
                    return await _follow(session, store, job, args.wait, args.poll_interval)

            return _run(create, args)
        job = find_job(store, args.job)
        if job is None:
            if args.job:
                raise InputError(say("training.finetune.unknown_job", id=args.job,
                                     ids=", ".join(j.id for j in saved_jobs(store)) or "—"))
            raise InputError(say("training.finetune.no_job"))
        settings, key = _connection(args, job)

        async def look() -> Any:
            async with FinetuneSession(settings, key) as session:
                if args.cancel:
                    if job.done:
                        print(render(say("training.finetune.already_done", id=job.id, status=job.status)))
                        return job
                    await session.cancel(job)
                    save_job(store, job)
                    from core.llm.finetune import state_name

                    print(render(say("training.finetune.cancel_sent", id=job.id, status=state_name(job.status))))
                return await _follow(session, store, job, args.wait, args.poll_interval)

        return _run(look, args)


def _run(work: Any, args: argparse.Namespace) -> int:
    try:
        job = asyncio.run(work())
    except KeyboardInterrupt:
        print(render(say("training.finetune.still_running")))
        raise
    if not job.done and not args.wait:
        print(render(say("training.finetune.still_running")))
    return _exit_code(job)


def register(subparsers: argparse._SubParsersAction) -> None:
    b = subparsers.add_parser("base-models", help="the base models a training config can name, with their "
                              "LLaMA-Factory and XTuner templates and sizes")
    b.set_defaults(func=cmd_base_models)

    f = subparsers.add_parser(
        "finetune", help="fine-tune at a provider with an OpenAI-style API: upload the OpenAI messages export, "
        "create the job, follow it (the job id is kept in the project)")
    f.add_argument("--project", required=True, help="the .corpus project file (keeps the job ids)")
    f.add_argument("--file", help="the training file: the OpenAI messages export with --jsonl")
    f.add_argument("--validation-file", help="an optional validation file in the same format (e.g. the _test file)")
    f.add_argument("--model", help="the model to fine-tune, e.g. gpt-4o-mini-2024-07-18")
    f.add_argument("--suffix", help="a name part for the new model")
    f.add_argument("--epochs", type=int, help="training epochs (default: the provider's choice)")
    f.add_argument("--status", action="store_true", help="show the latest job's (or --job's) status and new events")
    f.add_argument("--wait", action="store_true", help="poll until the job has succeeded, failed or was cancelled")
    f.add_argument("--poll-interval", type=float, default=30.0, metavar="S", help="seconds between looks (default 30)")
    f.add_argument("--cancel", action="store_true", help="cancel the latest job (or --job)")
    f.add_argument("--job", metavar="ID", help="which of the project's jobs (default: the latest)")
    f.add_argument("--service", metavar="NAME", help="a model service saved in the app's Settings (its URL and key)")
    f.add_argument("--base-url", help="the OpenAI-compatible endpoint, e.g. https://api.openai.com/v1")
    f.add_argument("--provider", metavar="NAME", help="provider preset name; default: guessed from the base URL")
    f.add_argument("--api-key-env", metavar="VAR", help="the environment variable holding the API key "
                   "(default: the key saved in the app)")
    f.add_argument("--timeout", type=float, help="seconds for one request (default 60)")
    f.set_defaults(func=cmd_finetune)
