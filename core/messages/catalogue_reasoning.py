"""Messages of a model's reasoning kept apart from its answer, and how an export writes it. (code → (Chinese, English))"""

MESSAGES: dict = {
    # a job item: the model thought (a reasoning field or <think> blocks) and gave no answer after it
    "reasoning.no_answer": (
        "模型只给出了推理过程，没有给出回答（结束原因：{finish}）；推理太长时可调高最大输出长度",
        "The model gave only its reasoning and no answer (finish reason: {finish}); "
        "raise the maximum output length if the reasoning is long",
    ),
    # a sample whose final answer was nothing but a <think> block (inside the answer field)
    "reasoning.answer_only_thought": (
        "回答里只有推理过程（<think> 块），没有真正的回答",
        "The answer held only reasoning (a <think> block) and no actual answer",
    ),
    # ---- export ----
    "reasoning.unknown_mode": (
        "未知的推理过程导出方式 {value}；可选 none、think、field",
        "Unknown reasoning export mode {value}; use none, think or field",
    ),
    "reasoning.exported_think": (
        "推理过程：{n:,} 条样本的推理以 <think>…</think> 写在回答前面（LLaMA-Factory 推理模板读取的形式）",
        {"one": "Reasoning: {n:,} sample has its reasoning written before the answer as <think>…</think> "
                "(the form LLaMA-Factory's reasoning templates read)",
         "other": "Reasoning: {n:,} samples have their reasoning written before the answer as <think>…</think> "
                  "(the form LLaMA-Factory's reasoning templates read)"},
    ),
    "reasoning.exported_field": (
        "推理过程：{n:,} 条样本的推理写在单独的字段 {field} 里（其余样本该字段为空）",
        {"one": "Reasoning: {n:,} sample has its reasoning in the separate field {field} (empty for the others)",
         "other": "Reasoning: {n:,} samples have their reasoning in the separate field {field} (empty for the others)"},
    ),
    "reasoning.none_exported": (
        "推理过程：选中的样本都没有保存推理过程，文件里没有写入推理",
        "Reasoning: none of the selected samples has kept reasoning; none was written",
    ),
    "reasoning.pretrain": (
        "推理过程：预训练文本没有推理，这个选项对它不起作用",
        "Reasoning: pre-training text has no reasoning; the option does not apply to it",
    ),
}
