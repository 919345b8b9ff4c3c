"""An XTuner (0.2.0) training config for an export: a Python file in the shape of XTuner's own
``configs/custom_dataset`` configs, with the same imports, names and keyword arguments.

tests/test_training_config.py checks a written file against a snapshot of the XTuner 0.2.0 wheel:
every name imported from xtuner exists there, the keywords given to its functions and classes are
their parameters, the prompt template is one of its PROMPT_TEMPLATE names, and every other import,
top-level name and keyword is one XTuner's own custom-dataset configs use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.messages import say

if TYPE_CHECKING:
    from core.export.training import TrainPlan

_QUANTIZATION = '''
        quantization_config=dict(
            type=BitsAndBytesConfig,
            load_in_4bit=True,
            load_in_8bit=False,
            llm_int8_threshold=6.0,
            llm_int8_has_fp16_weight=False,
            bnb_4bit_compute_dtype=torch.float16,
            bnb_4bit_use_double_quant=True,
            bnb_4bit_quant_type="nf4",
        ),'''

_LORA = '''
    lora=dict(
        type=LoraConfig,
        r={rank},
        lora_alpha={alpha},
        lora_dropout=0.05,
        bias="none",
        task_type="CAUSAL_LM",
    ),'''


def _imports(plan: TrainPlan, map_fn: str | None) -> list[str]:
    transformers = "AutoModelForCausalLM, AutoTokenizer, BitsAndBytesConfig" if plan.method == "qlora" else (
        "AutoModelForCausalLM, AutoTokenizer")
    lines = [
        "import torch",
        "from datasets import load_dataset",
        "from mmengine.dataset import DefaultSampler",
        "from mmengine.hooks import (",
        "    CheckpointHook,",
        "    DistSamplerSeedHook,",
        "    IterTimerHook,",
        "    LoggerHook,",
        "    ParamSchedulerHook,",
        ")",
        "from mmengine.optim import AmpOptimWrapper, CosineAnnealingLR, LinearLR",
    ]
    if plan.method != "full":
        lines.append("from peft import LoraConfig")
    lines += [
        "from torch.optim import AdamW",
        f"from transformers import {transformers}",
        "",
        "from xtuner.dataset import process_hf_dataset",
        "from xtuner.dataset.collate_fns import default_collate_fn",
    ]
    wanted = [n for n in (map_fn, None if plan.stage == "pt" else "template_map_fn_factory") if n]
    if wanted:
        lines.append(f"from xtuner.dataset.map_fns import {', '.join(wanted)}")
    lines += [
        "from xtuner.engine.hooks import DatasetInfoHook, EvaluateChatHook",
        "from xtuner.engine.runner import TrainLoop",
        "from xtuner.model import SupervisedFinetune",
    ]
    if plan.stage != "pt":
        lines.append("from xtuner.utils import PROMPT_TEMPLATE")
    return lines


def render_config(plan: TrainPlan, export_format: str, evaluation_inputs: list[str]) -> str:
    """The config's text. `export_format` is "xtuner" (XTuner's own conversation rows, no map
    function) or "openai" (messages rows, read by XTuner's openai_map_fn)."""
    m = plan.model
    pretrain = plan.stage == "pt"
    map_fn = "openai_map_fn" if export_format == "openai" else None
    inputs = evaluation_inputs or ["你好，请介绍一下你自己。"]
    lora = "" if plan.method == "full" else _LORA.format(rank=plan.lora_rank, alpha=plan.lora_rank * 2)
    quant = _QUANTIZATION if plan.method == "qlora" else ""
    template_line = "" if pretrain else f"prompt_template = PROMPT_TEMPLATE.{m.xtuner_template}\n"
    template_map = "None" if pretrain else "dict(type=template_map_fn_factory, template=prompt_template)"
    # (pre-training: the hook continues a text, as XTuner's own pre-training configs do, no template)
    template_kw = "" if pretrain else "\n        prompt_template=prompt_template,"
    chat_hook = f"""
    dict(
        type=EvaluateChatHook,
        tokenizer=tokenizer,
        every_n_iters=evaluation_freq,
        evaluation_inputs=evaluation_inputs,
        system=SYSTEM,{template_kw}
    ),"""
    header = [
        "# " + say("training.xtuner.header", model=m.label, method=plan.method).render(),
        "# " + say("training.yaml.run", command="xtuner train " + plan.config_name).render(),
        "# " + say("training.yaml.modelscope", id=m.modelscope_id).render(),
    ]
    return "\n".join(header + _imports(plan, map_fn)) + f'''

#######################################################################
#                          PART 1  Settings                           #
#######################################################################
# Model
pretrained_model_name_or_path = {m.hub_id!r}
use_varlen_attn = False

# Data
data_files = {plan.data_files!r}
{template_line}max_length = {plan.cutoff_len}
pack_to_max_length = True

# Scheduler & Optimizer
batch_size = {plan.batch_size}  # per_device
accumulative_counts = {plan.grad_accum}
dataloader_num_workers = 0
max_epochs = {plan.epochs}
optim_type = AdamW
lr = {plan.learning_rate!r}
betas = (0.9, 0.999)
weight_decay = 0
max_norm = 1  # grad clip
warmup_ratio = 0.03

# Save
save_steps = {plan.save_steps}
save_total_limit = 3  # Maximum checkpoints to keep (-1 means unlimited)

# Evaluate the generation performance during the training
evaluation_freq = {plan.save_steps}
SYSTEM = ""
evaluation_inputs = {inputs!r}

#######################################################################
#                      PART 2  Model & Tokenizer                      #
#######################################################################
tokenizer = dict(
    type=AutoTokenizer.from_pretrained,
    pretrained_model_name_or_path=pretrained_model_name_or_path,
    trust_remote_code=True,
    padding_side="right",
)

model = dict(
    type=SupervisedFinetune,
    use_varlen_attn=use_varlen_attn,
    llm=dict(
        type=AutoModelForCausalLM.from_pretrained,
        pretrained_model_name_or_path=pretrained_model_name_or_path,
        trust_remote_code=True,
        torch_dtype=torch.float16,{quant}
    ),{lora}
)

#######################################################################
#                      PART 3  Dataset & Dataloader                   #
#######################################################################
train_dataset = dict(
    type=process_hf_dataset,
    dataset=dict(type=load_dataset, path="json", data_files=data_files),
    tokenizer=tokenizer,
    max_length=max_length,
    dataset_map_fn={map_fn or "None"},
    template_map_fn={template_map},
    remove_unused_columns=True,
    shuffle_before_pack={not pretrain},
    pack_to_max_length=pack_to_max_length,
    use_varlen_attn=use_varlen_attn,
)

train_dataloader = dict(
    batch_size=batch_size,
    num_workers=dataloader_num_workers,
    dataset=train_dataset,
    sampler=dict(type=DefaultSampler, shuffle=True),
    collate_fn=dict(type=default_collate_fn, use_varlen_attn=use_varlen_attn),
)

#######################################################################
#                    PART 4  Scheduler & Optimizer                    #
#######################################################################
optim_wrapper = dict(
    type=AmpOptimWrapper,
    optimizer=dict(type=optim_type, lr=lr, betas=betas, weight_decay=weight_decay),
    clip_grad=dict(max_norm=max_norm, error_if_nonfinite=False),
    accumulative_counts=accumulative_counts,
    loss_scale="dynamic",
    dtype="float16",
)

param_scheduler = [
    dict(
        type=LinearLR,
        start_factor=1e-5,
        by_epoch=True,
        begin=0,
        end=warmup_ratio * max_epochs,
        convert_to_iter_based=True,
    ),
    dict(
        type=CosineAnnealingLR,
        eta_min=0.0,
        by_epoch=True,
        begin=warmup_ratio * max_epochs,
        end=max_epochs,
        convert_to_iter_based=True,
    ),
]

train_cfg = dict(type=TrainLoop, max_epochs=max_epochs)

#######################################################################
#                           PART 5  Runtime                           #
#######################################################################
custom_hooks = [
    dict(type=DatasetInfoHook, tokenizer=tokenizer),{chat_hook}
]

default_hooks = dict(
    timer=dict(type=IterTimerHook),
    logger=dict(type=LoggerHook, log_metric_by_epoch=False, interval={plan.logging_steps}),
    param_scheduler=dict(type=ParamSchedulerHook),
    checkpoint=dict(
        type=CheckpointHook,
        by_epoch=False,
        interval=save_steps,
        max_keep_ckpts=save_total_limit,
    ),
    sampler_seed=dict(type=DistSamplerSeedHook),
)

env_cfg = dict(
    cudnn_benchmark=False,
    mp_cfg=dict(mp_start_method="fork", opencv_num_threads=0),
    dist_cfg=dict(backend="nccl"),
)

visualizer = None
log_level = "INFO"
load_from = None
resume = False
randomness = dict(seed=None, deterministic=False)
log_processor = dict(by_epoch=False)
'''
