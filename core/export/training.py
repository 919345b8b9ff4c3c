"""The hand-off to training: beside an export, a trainer config, a run script and a short README.

``check_training(...)`` runs before the export (so a config that could not be written stops the
export before anything is written); ``write_training_config(report, export, options)`` after it,
from what the export wrote: its files, the dataset names it registered in dataset_info.json, and
the rows' length distribution (for the cutoff length). Defaults aim at one 24 GB GPU.

    options = TrainingOptions("llamafactory", "qwen2.5-7b-instruct", "lora")
    check_training(options, export_options)
    report = export_samples(project, export_options)
    handoff = write_training_config(report, export_options, options)
    print(handoff.summary())      # the files and the one command to run
"""

from __future__ import annotations

import json
import math
import os
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import ExportError
from core.export.base_models import BASE_MODELS, BaseModel, find_base_model
from core.export.formats import FORMAT_LABELS, LLAMA_FACTORY_FORMATS
from core.export.lengths import LengthStats, cutoff_for, file_lengths, read_rows, stats
from core.export.writer import DATASET_INFO, ExportOptions, ExportReport
from core.messages import Message, current_language, say

TRAINERS = ("llamafactory", "xtuner")
TRAINER_LABELS = {"llamafactory": "LLaMA-Factory", "xtuner": "XTuner"}
METHODS = ("lora", "qlora", "full")
METHOD_LABELS = {"lora": "LoRA", "qlora": "QLoRA", "full": "Full"}
XTUNER_FORMATS = ("xtuner", "openai")
# LLaMA-Factory 0.9.5 templates that add a thinking block (its ReasoningTemplate); checked
# against the wheel in tests/test_training_config.py.
REASONING_TEMPLATES = ("qwen3", "deepseekr1")
GPU_GB = 24
EFFECTIVE_BATCH = 16
EVAL_INPUTS = 3  # test questions XTuner answers during training


@dataclass
class TrainingOptions:
    trainer: str = "llamafactory"
    base_model: str = "qwen2.5-7b-instruct"
    method: str = "lora"


@dataclass
class TrainPlan:
    """What the config says, before it is spelled for one trainer."""

    model: BaseModel
    method: str
    stage: str  # "sft", or "pt" for pre-training text
    config_name: str
    data_files: list[str]  # the training file(s), relative to the config's folder
    datasets: list[str]  # LLaMA-Factory dataset names (dataset_info.json)
    eval_datasets: list[str]
    cutoff_len: int
    rows: int
    batch_size: int
    grad_accum: int
    epochs: int
    learning_rate: float
    save_steps: int
    logging_steps: int
    output_dir: str
    lora_rank: int = 16


@dataclass
class TrainingHandoff:
    """What was written beside the export."""

    trainer: str
    plan: TrainPlan
    config: Path
    script: Path
    readme: Path
    command: str
    lengths: LengthStats
    notes: list[Message] = field(default_factory=list)

    def lines(self, lang: str | None = None) -> list[str]:
        lang = lang or current_language()
        p = self.plan
        out = [say("training.wrote", config=str(self.config), trainer=TRAINER_LABELS[self.trainer],
                   model=p.model.label, template=p.model.template if self.trainer == "llamafactory"
                   else p.model.xtuner_template, method=METHOD_LABELS[p.method], stage=p.stage).render(lang),
               say("training.cutoff", cutoff=p.cutoff_len, p99=self.lengths.p99, longest=self.lengths.longest,
                   rows=self.lengths.rows).render(lang)]
        out += [n.render(lang) for n in self.notes]
        out.append(say("training.also_wrote", script=self.script.name, readme=self.readme.name).render(lang))
        out.append(say("training.command", command=self.command).render(lang))
        return out

    def summary(self, lang: str | None = None) -> str:
        return "\n".join(self.lines(lang))


# ---- before the export -----------------------------------------------------------------------
def base_model_or_error(name: str) -> BaseModel:
    model = find_base_model(name)
    if model is None:
        raise ExportError(say("training.unknown_base_model", name=name,
                              choices=", ".join(m.key for m in BASE_MODELS)))
    return model


def check_training(options: TrainingOptions, export: ExportOptions) -> BaseModel:
    """The base model, or an ExportError saying why this export cannot carry this config."""
    if options.trainer not in TRAINERS:
        raise ExportError(say("training.unknown_trainer", name=options.trainer, choices=", ".join(TRAINERS)))
    if options.method not in METHODS:
        raise ExportError(say("training.unknown_method", name=options.method, choices=", ".join(METHODS)))
    model = base_model_or_error(options.base_model)
    label = FORMAT_LABELS.get(export.format, export.format)
    if options.trainer == "llamafactory":
        if export.format not in LLAMA_FACTORY_FORMATS:
            raise ExportError(say("training.lf_format", format=label))
        if not export.dataset_info:
            raise ExportError(say("training.lf_needs_dataset_info"))
        if "," in Path(export.out).stem:  # LLaMA-Factory splits the dataset argument at commas
            raise ExportError(say("training.name_has_comma", name=Path(export.out).name))
    else:
        if export.format not in XTUNER_FORMATS:
            raise ExportError(say("training.xtuner_format", format=label))
        if model.xtuner_template is None:
            raise ExportError(say("training.xtuner_no_template", model=model.label, choices=", ".join(
                m.key for m in BASE_MODELS if m.xtuner_template)))
    return model


# ---- after the export ------------------------------------------------------------------------
def _base_stem(report: ExportReport) -> str:
    first = report.files[0]
    if report.test and len(report.files) == 2:
        return first.stem.removesuffix("_train")
    return first.stem


def _registered_names(report: ExportReport) -> set[str]:
    if report.dataset_info is None:
        return set()
    return set(json.loads(report.dataset_info.read_text(encoding="utf-8")))


def _plan(model: BaseModel, options: TrainingOptions, report: ExportReport, pretrain: bool,
          lengths: list[int], config_name: str) -> tuple[TrainPlan, LengthStats]:
    split = bool(report.test) and len(report.files) == 2
    train_files = report.files[:1]
    eval_files = report.files[1:] if split else []
    s = stats(lengths)
    cutoff = cutoff_for(s.p99)
    batch = 4 if cutoff <= 1024 else (2 if cutoff <= 2048 else 1)
    rows = report.train
    epochs = 3 if rows < 5000 else (2 if rows < 20000 else 1)
    steps = max(1, math.ceil(rows / EFFECTIVE_BATCH) * epochs)
    save_steps = max(10, math.ceil(steps / 4 / 10) * 10)  # about four checkpoints
    plan = TrainPlan(
        model=model, method=options.method, stage="pt" if pretrain else "sft", config_name=config_name,
        data_files=[f.name for f in train_files],
        datasets=[f.stem for f in train_files], eval_datasets=[f.stem for f in eval_files],
        cutoff_len=cutoff, rows=rows, batch_size=batch, grad_accum=EFFECTIVE_BATCH // batch, epochs=epochs,
        learning_rate=1e-5 if options.method == "full" else 1e-4, save_steps=save_steps,
        logging_steps=max(1, min(10, steps // 20)),
        output_dir=f"saves/{model.key}/{options.method}/{'pt' if pretrain else 'sft'}",
    )
    return plan, s


def memory_gb(model: BaseModel, method: str) -> int:
    """A rough need for training on one GPU: weights (bf16, 4-bit for QLoRA; full fine-tuning also
    keeps gradients and Adam's states, about 16 bytes a parameter) and about 4 GB of activations."""
    per_param = {"lora": 2.0, "qlora": 0.7, "full": 16.0}[method]
    return math.ceil(model.params_b * per_param + 4)


def _notes(plan: TrainPlan, s: LengthStats, lengths: list[int], export: ExportOptions, trainer: str) -> list[Message]:
    notes: list[Message] = []
    over = sum(1 for n in lengths if n > plan.cutoff_len)
    if over:
        notes.append(say("training.note.truncated", n=over, rows=s.rows, cutoff=plan.cutoff_len))
    need = memory_gb(plan.model, plan.method)
    if need > GPU_GB:
        notes.append(say("training.note.memory", model=plan.model.label, method=METHOD_LABELS[plan.method],
                         need=need, gpu=GPU_GB))
    if plan.rows < 100:
        notes.append(say("training.note.small", n=plan.rows))
    if plan.eval_datasets and trainer == "llamafactory":
        notes.append(say("training.note.eval", name=", ".join(plan.eval_datasets)))
    thinking = getattr(export, "reasoning", "none") == "think"
    if thinking and (trainer == "xtuner" or plan.model.template not in REASONING_TEMPLATES):
        notes.append(say("training.note.think_plain", model=plan.model.label))
    return notes


def _first_questions(path: Path, export_format: str, n: int) -> list[str]:
    """The first user turns of a test file (XTuner answers them while it trains)."""
    out: list[str] = []
    for row in read_rows(path):
        if export_format == "openai":
            text = next((m.get("content", "") for m in row.get("messages", []) if m.get("role") == "user"), "")
        else:
            conv = row.get("conversation") or [{}]
            text = conv[0].get("input", "")
        if text.strip():
            out.append(text.strip()[:500])
        if len(out) >= n:
            break
    return out


def _openings(path: Path, n: int) -> list[str]:
    """The first words of a few texts, for a pre-training run to continue."""
    out = []
    for row in read_rows(path):
        text = ((row.get("conversation") or [{}])[0].get("output") or "").strip()
        if text:
            out.append(text[:12])
        if len(out) >= n:
            break
    return out


def _script(command: str, comment: Message) -> str:
    return (f"#!/bin/sh\n# {comment.render()}\n"
            f'cd "$(dirname "$0")" || exit 1\n{command}\n')


def _readme(handoff: TrainingHandoff, run: str, export_files: list[Path]) -> str:
    """The README travels with the folder to the GPU machine: it names files, not this machine's paths."""
    p, m = handoff.plan, handoff.plan.model
    template = m.template if handoff.trainer == "llamafactory" else m.xtuner_template
    lines = [f"# {say('training.readme.title', model=m.label).render()}", "",
             "- " + say("training.wrote", config=handoff.config.name, trainer=TRAINER_LABELS[handoff.trainer],
                        model=m.label, template=template, method=METHOD_LABELS[p.method], stage=p.stage).render(),
             "- " + say("training.readme.data", files=", ".join(f.name for f in export_files)).render(),
             "- " + say("training.cutoff", cutoff=p.cutoff_len, p99=handoff.lengths.p99,
                        longest=handoff.lengths.longest, rows=handoff.lengths.rows).render()]
    lines += ["- " + n.render() for n in handoff.notes]
    lines += ["", say("training.readme.run").render(), "", "```sh", run, "# " + say(
        "training.readme.or_script", script=handoff.script.name).render(), f"sh {shlex.quote(handoff.script.name)}",
              "```", "", say("training.readme.modelscope", id=m.modelscope_id).render(), "",
              say("training.readme.output", folder=p.output_dir).render()]
    if handoff.trainer == "llamafactory":
        lines += ["", say("training.readme.bf16").render()]
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str, executable: bool = False) -> None:
    try:
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(text, encoding="utf-8", newline="\n")
        if executable:
            os.chmod(tmp, 0o755)
        os.replace(tmp, path)
    except OSError as e:
        raise ExportError(say("training.write_failed", path=str(path), error=str(e.strerror or e))) from e


def write_training_config(report: ExportReport, export: ExportOptions, options: TrainingOptions) -> TrainingHandoff:
    """Write the config, run script and README beside the export's files; see the module doc."""
    model = check_training(options, export)
    if not report.files:
        raise ExportError(say("training.nothing_exported"))
    pretrain = bool(getattr(report, "pretrain", False))
    folder = report.files[0].parent
    stem = _base_stem(report)
    config = folder / (f"train_{stem}.yaml" if options.trainer == "llamafactory" else f"train_{stem}_xtuner.py")
    lengths = file_lengths(report.files[:1])
    plan, s = _plan(model, options, report, pretrain, lengths, config.name)
    if options.trainer == "llamafactory":
        from core.export.training_lf import render_yaml

        registered = _registered_names(report)
        missing = [n for n in plan.datasets + plan.eval_datasets if n not in registered]
        if missing:  # the export registers every file it writes; a hand-edited file may not
            raise ExportError(say("training.not_registered", names=", ".join(missing),
                                  path=str(folder / DATASET_INFO)))
        text = render_yaml(plan)
        run = f"llamafactory-cli train {shlex.quote(config.name)}"
    else:
        from core.export.training_xtuner import render_config

        if pretrain:
            inputs = _openings(report.files[0], 2)
        elif len(report.files) == 2 and report.test:
            inputs = _first_questions(report.files[1], export.format, EVAL_INPUTS)
        else:
            inputs = []
        text = render_config(plan, export.format, inputs)
        run = f"xtuner train {shlex.quote(config.name)}"
    script = folder / f"train_{stem}.sh"
    readme = folder / f"train_{stem}.md"
    handoff = TrainingHandoff(options.trainer, plan, config, script, readme,
                              f"cd {shlex.quote(str(folder))} && {run}", s,
                              _notes(plan, s, lengths, export, options.trainer))
    if options.trainer == "xtuner" and len(report.files) == 2 and report.test and not pretrain:
        handoff.notes.append(say("training.note.xtuner_eval", n=len(inputs), file=report.files[1].name))
    _write(config, text)
    _write(script, _script(run, say("training.script.comment", model=model.label, trainer=TRAINER_LABELS[
        options.trainer])), executable=True)
    _write(readme, _readme(handoff, run, report.files))
    return handoff
