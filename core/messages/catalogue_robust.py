"""Messages of robustness under real use: cancel, switching models, archive caps. (code → (Chinese, English))"""

MESSAGES = {
    "robust.cancelling": (
        "正在取消：已发出的请求再等几秒，收到的回答会保存（再按一次 Ctrl+C 立即停止）",
        "cancelling: waiting a few seconds for the answers already asked for, which are kept "
        "(Ctrl+C again to stop at once)",
    ),
    "robust.other_model": (
        "这些内容已有模型 {earlier} 生成的 {n} 条回答：它们保留不动，现在用 {model} 另行生成一份",
        {"one": "{n} answer from model {earlier} already exists for this input: it stays as it is, "
                "and {model} now makes its own",
         "other": "{n} answers from model {earlier} already exist for this input: they stay as they are, "
                  "and {model} now makes its own"},
    ),
    "robust.ask_other_model_title": ("换模型生成", "Generate with another model"),
    "robust.ask_other_model": (
        "这些内容已有模型 {earlier} 的 {n} 条回答。要用 {model} 再生成一份吗？原有回答保留，新的另存在旁边。",
        {"one": "This input already has {n} answer from model {earlier}. Generate again with {model}? "
                "The earlier answer stays; the new ones are kept beside it.",
         "other": "This input already has {n} answers from model {earlier}. Generate again with {model}? "
                  "The earlier answers stay; the new ones are kept beside them."},
    ),
    "robust.archive_too_many": (
        "“{name}” 含有 {n} 个文件，超过上限 {limit}：它不像正常的文档，未导入。",
        "“{name}” holds {n} files, more than the limit of {limit}: it does not look like a normal "
        "document and was not imported.",
    ),
    "robust.archive_too_large": (
        "“{name}” 解压后有 {size_mb} MB（上限 {limit_mb} MB）：文件过大或是压缩炸弹，未导入。",
        "“{name}” would unpack to {size_mb} MB (the limit is {limit_mb} MB): too large, or a zip "
        "bomb; it was not imported.",
    ),
    "robust.archive_ratio": (
        "“{name}” 中的 “{member}” 压缩比为 {ratio}:1，远超正常文档：疑似压缩炸弹，未导入。",
        "“{member}” in “{name}” is compressed {ratio}:1, far beyond any normal document: it looks "
        "like a zip bomb and was not imported.",
    ),
}
