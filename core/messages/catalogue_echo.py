"""Echoes of the prompt (core/text/echo.py): why an answer is not an answer. (code → (Chinese, English))"""

MESSAGES = {
    "echo.placeholder": ("照抄了提示词里的示例“{text}”，不是真正的回答",
                         "repeats the prompt's example “{text}” instead of answering"),
    "echo.blank_record": ("第 {n} 条记录的每个字段都是空的或“无/未知”之类（照抄了空白模板），不是抽取结果",
                          "record {n} has every field empty or “unknown” (the blank form copied), which is not an "
                          "extraction"),
    "echo.instruction": ("照抄了提示词里的要求（“{text}”），不是真正的回答",
                         "copies the prompt's instructions (“{text}”) instead of answering"),
    "echo.example_reply": ("照抄了风格示例里的回复“{text}”",
                           "repeats the style's example reply “{text}”"),
    "echo.item_failed": ("模型的回答只是照抄提示词（共试了 {n} 次）：{why}",
                         {"one": "The model only echoed the prompt ({n} try): {why}",
                          "other": "The model only echoed the prompt ({n} tries): {why}"}),
    "echo.summary": ("照抄提示词：{n} 个回答只是照抄了提示词（示例、空白模板或要求），已记为失败或拒绝，原因可查",
                     {"one": "echoes: {n} answer only echoed the prompt (its example, the blank form or the "
                             "instructions); failed or rejected, with the reason",
                      "other": "echoes: {n} answers only echoed the prompt (its example, the blank form or the "
                               "instructions); failed or rejected, with the reason"}),
    "echo.predict_marked": ("其中 {n} 个聊天的回答只是照抄提示词（例如空白模板），没有当作预测",
                            {"one": "{n} chat's answer only echoed the prompt (e.g. the blank form): not taken "
                                    "as a prediction",
                             "other": "{n} chats' answers only echoed the prompt (e.g. the blank form): not taken "
                                      "as predictions"}),
}
