"""Messages of rebuilding generated samples (comment dialogues, script and chat generators, LLM
flows that rewrite their own samples): what a rebuild kept because the user touched it.
(code → (Chinese, English))"""

MESSAGES = {
    "rebuild.kept_touched": (
        "保留了 {n} 条你编辑、接受或拒绝过的样本（重新生成不会替换或删除它们）",
        {"one": "kept {n} sample you edited, accepted or rejected (a rebuild never replaces or deletes it)",
         "other": "kept {n} samples you edited, accepted or rejected (a rebuild never replaces or deletes them)"},
    ),
    "rebuild.replaced": (
        "替换了上次生成的 {n} 条未经改动的样本",
        {"one": "replaced {n} untouched sample of the earlier build",
         "other": "replaced {n} untouched samples of the earlier build"},
    ),
    "rebuild.held": (
        "{n} 条新样本没有写入：同一位置或同样内容已有你编辑、审阅或删除过的样本",
        {"one": "{n} new sample not written: a sample you edited, reviewed or deleted holds its place or content",
         "other": "{n} new samples not written: samples you edited, reviewed or deleted hold their place or content"},
    ),
    "rebuild.extract_edited_kept": (
        "这段聊天已有一条你改过的提取结果（#{id}），它保持不变：两条中留一条",
        "this chat already has an extraction you edited (#{id}); it stays as it is: keep one of them",
    ),
}

