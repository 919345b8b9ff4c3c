"""Group-chat messages: labels found (or not) in a chat file, and what that means for samples.
(code → (Chinese, English))"""

MESSAGES = {
    "chats.labels.empty_unlabelled": (
        "{n} 个聊天的标注是空的（[]，或每个字段都为空），按未标注处理，不生成训练样本；如果它们的答案确实是"
        "“没有客户”，导入时选择“空标注是答案”（命令行 --empty-labels-are-answers）",
        {"one": "{n} chat has empty labels ([], or every field empty): read as unlabelled, no training sample "
                "made; if its answer really is “no customer”, import with “empty labels are answers” "
                "(CLI: --empty-labels-are-answers)",
         "other": "{n} chats have empty labels ([], or every field empty): read as unlabelled, no training "
                  "samples made; if their answer really is “no customer”, import with “empty labels are "
                  "answers” (CLI: --empty-labels-are-answers)"},
    ),
    "chats.labels.empty_answers": (
        "按你的选择，{n} 个空标注作为答案“没有客户”（[]）成为训练样本",
        {"one": "{n} empty label taken as the answer “no customer” ([]), as you chose",
         "other": "{n} empty labels taken as the answer “no customer” ([]), as you chose"},
    ),
    "chats.labels.test_file": (
        "这是测试文件：{n} 个聊天都没有标注，不生成训练样本。用它导出测试集或运行预测（test-set / predict）",
        {"one": "This is a test file: its {n} chat has no labels, so no training sample is made. Use it for "
                "the test set and predictions (test-set / predict)",
         "other": "This is a test file: none of its {n} chats has labels, so no training sample is made. Use "
                  "it for the test set and predictions (test-set / predict)"},
    ),
    "chats.labels.test_file_next": (
        "下一步：python main.py test-set --project {project} --source {source} --out test.csv，"
        "或 python main.py predict --project {project} --source {source} --out submit.json（加模型参数）",
        "Next: python main.py test-set --project {project} --source {source} --out test.csv, or "
        "python main.py predict --project {project} --source {source} --out submit.json (with the model options)",
    ),
    "chats.extract.empty_unlabelled": (
        "其中 {n} 个聊天的标注是空的，按未标注处理，交给模型抽取",
        {"one": "{n} of them has empty labels: read as unlabelled and sent to the model",
         "other": "{n} of them have empty labels: read as unlabelled and sent to the model"},
    ),
}
