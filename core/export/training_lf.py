"""A LLaMA-Factory (0.9.5) training YAML for an export: the keys of its own argument dataclasses.

Every key written here is a field LLaMA-Factory 0.9.5 parses (ModelArguments, DataArguments,
FinetuningArguments, its TrainingArguments over transformers' Seq2SeqTrainingArguments) in every
transformers version it accepts (4.55–5.6); tests/test_training_config.py checks each written file
against a snapshot of those fields taken from the wheels. LLaMA-Factory refuses a YAML with an
unknown key, so a key is only added here together with that check.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from core.messages import say

if TYPE_CHECKING:
    from core.export.training import TrainPlan

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_./-]*")
_YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}


def yaml_value(value: Any) -> str:
    """A scalar as YAML reads it back with the same type (PyYAML/OmegaConf, YAML 1.1)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != 0 and abs(value) < 1e-3:
            mantissa, exponent = f"{value:.1e}".split("e")
            return f"{mantissa}e{exponent}"  # 1.0e-04: YAML 1.1 needs the dot to read a float
        return repr(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def config_sections(plan: TrainPlan) -> list[tuple[str, dict[str, Any]]]:
    """The YAML's sections, in LLaMA-Factory's own examples' order."""
    m = plan.model
    model: dict[str, Any] = {"model_name_or_path": m.hub_id, "trust_remote_code": True}
    if plan.method == "qlora":
        model["quantization_bit"] = 4
        model["quantization_method"] = "bnb"
    method: dict[str, Any] = {"stage": plan.stage, "do_train": True,
                              "finetuning_type": "full" if plan.method == "full" else "lora"}
    if plan.method != "full":
        method.update({"lora_rank": plan.lora_rank, "lora_alpha": plan.lora_rank * 2, "lora_dropout": 0.05,
                       "lora_target": "all"})
    dataset: dict[str, Any] = {"dataset": ",".join(plan.datasets), "dataset_dir": ".", "template": m.template,
                               "cutoff_len": plan.cutoff_len, "overwrite_cache": True,
                               "preprocessing_num_workers": 4}
    output: dict[str, Any] = {"output_dir": plan.output_dir, "logging_steps": plan.logging_steps,
                              "save_steps": plan.save_steps, "save_total_limit": 3, "plot_loss": True,
                              "overwrite_output_dir": True, "report_to": "none"}
    train: dict[str, Any] = {"per_device_train_batch_size": plan.batch_size,
                             "gradient_accumulation_steps": plan.grad_accum, "learning_rate": plan.learning_rate,
                             "num_train_epochs": float(plan.epochs), "lr_scheduler_type": "cosine",
                             "warmup_ratio": 0.1, "bf16": True, "ddp_timeout": 180000000}
    sections = [("model", model), ("method", method), ("dataset", dataset), ("output", output), ("train", train)]
    if plan.eval_datasets:
        sections.append(("eval", {"eval_dataset": ",".join(plan.eval_datasets), "per_device_eval_batch_size": 1,
                                  "eval_strategy": "steps", "eval_steps": plan.save_steps}))
    return sections


def config_values(plan: TrainPlan) -> dict[str, Any]:
    """Every key and value the YAML holds (what LLaMA-Factory will parse)."""
    return {k: v for _, section in config_sections(plan) for k, v in section.items()}


def render_yaml(plan: TrainPlan) -> str:
    m = plan.model
    lines = [f"# {say('training.yaml.header', model=m.label, method=plan.method).render()}",
             f"# {say('training.yaml.run', command='llamafactory-cli train ' + plan.config_name).render()}"]
    for title, values in config_sections(plan):
        lines += ["", f"### {title}"]
        for key, value in values.items():
            line = f"{key}: {yaml_value(value)}"
            if key == "model_name_or_path" and m.modelscope_id:
                line += "  # " + say("training.yaml.modelscope", id=m.modelscope_id).render()
            if key == "bf16":
                line += "  # " + say("training.yaml.bf16").render()
            lines.append(line)
    return "\n".join(lines) + "\n"
