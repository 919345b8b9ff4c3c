"""Messages of training hand-off: LLaMA-Factory / XTuner configs, base models, provider fine-tuning jobs. (code → (Chinese, English))"""

MESSAGES: dict = {
    # ---- choosing what to write (before the export) ----
    "training.unknown_base_model": (
        "不认识的基础模型“{name}”。可选：{choices}（python main.py base-models 列出每个模型的模板和大小）。",
        "Unknown base model “{name}”. Choose one of: {choices} (python main.py base-models lists each "
        "one's template and size).",
    ),
    "training.unknown_trainer": ("不认识的训练框架“{name}”，可选：{choices}。",
                                 "Unknown trainer “{name}”; choose one of: {choices}."),
    "training.unknown_method": ("不认识的训练方式“{name}”，可选：{choices}。",
                                "Unknown training method “{name}”; choose one of: {choices}."),
    "training.lf_format": (
        "LLaMA-Factory 读不了 {format} 格式，写不了它的训练配置：请导出为 Alpaca、ShareGPT、OpenAI messages 或 CSV。",
        "LLaMA-Factory does not read the {format} format, so no training config for it: export as Alpaca, "
        "ShareGPT, OpenAI messages or CSV.",
    ),
    "training.lf_needs_dataset_info": (
        "LLaMA-Factory 的训练配置按名字引用 dataset_info.json 里登记的数据集：写训练配置时请同时写入 dataset_info.json。",
        "A LLaMA-Factory config names its data by the entries of dataset_info.json: keep dataset_info.json "
        "on when writing a training config.",
    ),
    "training.name_has_comma": (
        "文件名“{name}”里有逗号：LLaMA-Factory 用逗号分隔数据集名字，请换一个没有逗号的文件名。",
        "The file name “{name}” has a comma: LLaMA-Factory separates dataset names by commas; choose a name "
        "without one.",
    ),
    "training.xtuner_format": (
        "XTuner 配置只配 XTuner 或 OpenAI messages 格式的导出（现在是 {format}）。",
        "An XTuner config goes with an XTuner or OpenAI messages export (this one is {format}).",
    ),
    "training.xtuner_no_template": (
        "XTuner 0.2.0 训练不了 {model}：它没有这个模型的对话模板，或它固定的 transformers 4.48 加载不了这个模型。"
        "请改用 LLaMA-Factory，或在 XTuner 里选：{choices}。",
        "XTuner 0.2.0 cannot train {model}: it has no chat template for it, or its pinned transformers 4.48 "
        "cannot load it. Use LLaMA-Factory, or with XTuner choose one of: {choices}.",
    ),
    "training.nothing_exported": ("没有导出文件，所以没有写训练配置。", "Nothing was exported, so no training config was written."),
    "training.not_registered": (
        "数据集 {names} 没有登记在 {path} 里，LLaMA-Factory 会找不到它们。请重新导出（并写入 dataset_info.json）。",
        "The datasets {names} are not registered in {path}; LLaMA-Factory would not find them. Export again "
        "(with dataset_info.json).",
    ),
    "training.write_failed": ("训练配置没有写成：{path}：{error}", "The training config was not written: {path}: {error}"),
    # ---- what was written ----
    # {stage} is LLaMA-Factory's own word (sft / pt); {method} LoRA / QLoRA / Full
    "training.wrote": (
        "训练配置：{config}（{trainer}；基础模型 {model}，模板 {template}；{method}；stage {stage}）。",
        "Training config: {config} ({trainer}; base model {model}, template {template}; {method}; stage {stage}).",
    ),
    "training.cutoff": (
        "截断长度 {cutoff}：{rows:,} 行里 99% 不超过约 {p99} 个 token（按字数估计），最长约 {longest}。",
        "Cutoff length {cutoff}: 99% of {rows:,} rows are at most about {p99} tokens (estimated from "
        "characters), the longest about {longest}.",
    ),
    "training.also_wrote": ("同一文件夹里还有运行脚本 {script} 和说明 {readme}。",
                            "Beside it: the run script {script} and a README, {readme}."),
    "training.command": ("运行：{command}", "Run: {command}"),
    "training.note.truncated": (
        "{n:,} 行（共 {rows:,} 行）超过 {cutoff} 个 token，训练时超出的部分会被截掉。",
        {"one": "{n:,} row (of {rows:,}) is longer than {cutoff} tokens; training cuts off the rest.",
         "other": "{n:,} rows (of {rows:,}) are longer than {cutoff} tokens; training cuts off the rest."},
    ),
    "training.note.memory": (
        "按粗略估计，用 {method} 训练 {model} 约需 {need} GB 显存，超过一张 {gpu} GB 显卡：请改用 QLoRA、"
        "选更小的模型，或用多卡。",
        "Roughly estimated, {method} training of {model} needs about {need} GB of GPU memory, more than one "
        "{gpu} GB GPU: use QLoRA, a smaller model, or several GPUs.",
    ),
    "training.note.small": (
        "只有 {n:,} 行训练数据：效果可能有限，留意过拟合（训练损失很低而回答变呆板）。",
        {"one": "Only {n:,} training row: expect little, and watch for overfitting (a very low training "
                "loss with stiff answers).",
         "other": "Only {n:,} training rows: expect little, and watch for overfitting (a very low training "
                  "loss with stiff answers)."},
    ),
    "training.note.eval": ("测试集 {name} 用来在训练中验证（eval_dataset）。",
                           "The test set {name} is evaluated during training (eval_dataset)."),
    "training.note.xtuner_eval": (
        "测试集 {file} 里的前 {n} 个问题在训练中让模型试答（evaluation_inputs）。",
        {"one": "The first question of the test set {file} is answered by the model during training "
                "(evaluation_inputs).",
         "other": "The first {n} questions of the test set {file} are answered by the model during training "
                  "(evaluation_inputs)."},
    ),
    "training.note.think_plain": (
        "导出的回答里带 <think> 思考过程，但 {model} 的模板没有思考模式：思考过程会被当作普通回答来学。",
        "The exported answers carry <think> reasoning, but {model}'s template has no thinking mode: the "
        "reasoning is learned as part of the answer.",
    ),
    # ---- inside the written files ----
    "training.yaml.header": ("语料匠导出：用 LLaMA-Factory 0.9.5 以 {method} 方式微调 {model}。",
                             "Written by Corpusmith: fine-tune {model} with LLaMA-Factory 0.9.5, method {method}."),
    "training.xtuner.header": ("语料匠导出：用 XTuner 0.2.0 以 {method} 方式微调 {model}。",
                               "Written by Corpusmith: fine-tune {model} with XTuner 0.2.0, method {method}."),
    "training.yaml.run": ("在本文件所在的文件夹里运行：{command}", "Run in this file's folder: {command}"),
    "training.yaml.modelscope": ("国内下载：设置 USE_MODELSCOPE_HUB=1，并改为 {id}",
                                 "from ModelScope: set USE_MODELSCOPE_HUB=1 and use {id}"),
    "training.yaml.bf16": ("显卡不支持 bf16（V100、T4、20 系）时改为 fp16: true",
                           "GPUs without bf16 (V100, T4, RTX 20xx): use fp16: true instead"),
    "training.script.comment": ("用 {trainer} 微调 {model}：在这个文件夹里运行训练。",
                                "Fine-tune {model} with {trainer}: runs the training in this folder."),
    "training.readme.title": ("训练 {model}", "Training {model}"),
    "training.readme.data": ("数据文件：{files}（和本说明在同一文件夹）",
                             "Data: {files} (in this README's folder)"),
    "training.readme.run": ("在装好训练框架的 GPU 机器上，把整个文件夹拷过去，在这个文件夹里运行：",
                            "On a GPU machine with the trainer installed, copy this whole folder there and, inside "
                            "it, run:"),
    "training.readme.or_script": ("或者运行脚本 {script}（它先进入自己所在的文件夹）", "or run {script} (it changes to its own folder first)"),
    "training.readme.modelscope": (
        "在国内从 ModelScope 下载基础模型：运行前设置环境变量 USE_MODELSCOPE_HUB=1，并把配置里的模型名改为 {id}。",
        "To download the base model from ModelScope (mainland China): set USE_MODELSCOPE_HUB=1 before running "
        "and change the model name in the config to {id}.",
    ),
    "training.readme.output": ("训练结果（LoRA 适配器或完整权重）写在 {folder}。",
                               "The result (a LoRA adapter or full weights) is written to {folder}."),
    "training.readme.bf16": ("显卡不支持 bf16（V100、T4、RTX 20 系）时，把配置里的 bf16: true 改为 fp16: true。",
                             "On GPUs without bf16 (V100, T4, RTX 20xx), change bf16: true to fp16: true in the config."),
    # ---- the list of base models ----
    "training.list.head": ("可选的基础模型（--base-model 后写第一列的名字）：",
                           "Base models (give the first column to --base-model):"),
    "training.list.columns": ("名字 | Hugging Face | LLaMA-Factory 模板 | XTuner 模板 | 参数量",
                              "name | Hugging Face | LLaMA-Factory template | XTuner template | parameters"),
    "training.list.no_xtuner": ("（不支持）", "(not supported)"),
    "training.list.memory": (
        "一张 24 GB 显卡：LoRA 约到 9B，QLoRA 约到 28B，全参数约到 1B（粗略估计）。",
        "One 24 GB GPU: LoRA up to about 9B, QLoRA up to about 28B, full fine-tuning up to about 1B (rough).",
    ),
    # ---- the CLI ----
    "training.cli.needs_base_model": (
        "--train-config 需要 --base-model（决定模型名和对话模板）。可选：{choices}",
        "--train-config needs --base-model (it decides the model and its chat template). Choose one of: {choices}",
    ),
    "training.cli.needs_train_config": ("--base-model 和 --method 要和 --train-config llamafactory 或 xtuner 一起用。",
                                        "--base-model and --method go with --train-config llamafactory or xtuner."),
    # ---- fine-tuning at a provider ----
    "training.finetune.no_file": ("找不到训练文件 {path}。", "No training file at {path}."),
    "training.finetune.not_jsonl": (
        "{path} 第 {line} 行不是 JSON：微调要上传 OpenAI messages 格式、勾选“JSON Lines”导出的文件。",
        "Line {line} of {path} is not JSON: fine-tuning takes the OpenAI messages export with JSON Lines.",
    ),
    "training.finetune.not_messages": (
        "{path} 第 {line} 行没有 messages：微调要上传 OpenAI messages 格式的导出。",
        "Line {line} of {path} has no messages: fine-tuning takes the OpenAI messages export.",
    ),
    "training.finetune.extra_keys": (
        "{path} 第 {line} 行的消息里有 OpenAI 微调不接受的字段 {keys}，上传后会被服务方拒绝："
        "请用 --reasoning none 或 --reasoning think 重新导出（不要用 --reasoning field）。没有上传。",
        "Line {line} of {path} has message fields OpenAI fine-tuning does not accept ({keys}); the provider "
        "would refuse the file: export again with --reasoning none or --reasoning think (not field). "
        "Nothing was uploaded.",
    ),
    "training.finetune.too_few": (
        "{path} 只有 {n} 条样本，服务方至少要 {min} 条。",
        {"one": "{path} holds {n} example; the provider needs at least {min}.",
         "other": "{path} holds {n} examples; the provider needs at least {min}."},
    ),
    "training.finetune.created": (
        "已上传 {file}（{n:,} 条），创建了微调任务 {id}（基础模型 {model}）；任务号已存入项目。",
        "Uploaded {file} ({n:,} examples) and created the fine-tuning job {id} (base model {model}); the job id "
        "is kept in the project.",
    ),
    "training.finetune.status": ("微调任务 {id}：{status}（基础模型 {model}）。",
                                 "Fine-tuning job {id}: {status} (base model {model})."),
    "training.finetune.status.succeeded": ("微调任务 {id} 已完成：新模型是 {model}。",
                                           "Fine-tuning job {id} succeeded: the new model is {model}."),
    "training.finetune.status.failed": ("微调任务 {id} 失败：{error}", "Fine-tuning job {id} failed: {error}"),
    "training.finetune.state.validating_files": ("正在校验文件", "validating the files"),
    "training.finetune.state.queued": ("排队中", "queued"),
    "training.finetune.state.running": ("训练中", "running"),
    "training.finetune.state.succeeded": ("已完成", "succeeded"),
    "training.finetune.state.failed": ("失败", "failed"),
    "training.finetune.state.cancelled": ("已取消", "cancelled"),
    "training.finetune.no_job": ("项目里还没有微调任务：先用 --file 和 --model 创建一个。",
                                 "The project has no fine-tuning job yet: create one with --file and --model."),
    "training.finetune.unknown_job": ("项目里没有任务 {id}。项目里的任务：{ids}",
                                      "The project has no job {id}. Its jobs: {ids}"),
    "training.finetune.needs_file_model": (
        "创建微调任务需要 --file（OpenAI messages 格式、JSON Lines 导出的文件）和 --model（要微调的模型）。",
        "Creating a fine-tuning job needs --file (the OpenAI messages export with JSON Lines) and --model "
        "(the model to fine-tune).",
    ),
    "training.finetune.cancel_sent": ("已请求取消任务 {id}：现在是{status}。",
                                      "Asked to cancel job {id}: it is {status} now."),
    "training.finetune.already_done": ("任务 {id} 已经结束（{status}），不用取消。",
                                       "Job {id} has already ended ({status}); nothing to cancel."),
    "training.finetune.still_running": (
        "任务仍在服务方运行；再运行同一命令加 --wait 可以接着看（关掉也不会丢）。",
        "The job goes on at the provider; run the same command with --wait to follow it again (nothing is lost "
        "by stopping here).",
    ),
}
