"""Messages of the dialogue builders (comment chains, chat sessions) and of export's role rules.
(code → (Chinese, English))"""

MESSAGES = {
    "dialogues.min_turns_two": (
        "最少轮数至少为 2（一轮提问加一轮回答），当前为 {n}。",
        "The minimum number of turns must be at least 2 (a turn and its answer); got {n}.",
    ),
    "dialogues.odd_chain_unknown": (
        "奇数轮评论链的处理方式只能是 {choices}，当前为“{value}”。",
        "The odd-chain rule must be one of {choices} (got “{value}”).",
    ),
    "dialogues.leading_assistant_unknown": (
        "助手先开口时的处理方式只能是 {choices}，当前为“{value}”。",
        "The rule for an assistant who speaks first must be one of {choices} (got “{value}”).",
    ),
    "dialogues.odd_context": (
        "奇数轮：{n:,} 段对话的第一条评论放进系统提示作上文（所有评论都留在文件里）",
        {"one": "odd chains: {n:,} dialogue has its first comment as context in the system prompt "
                "(every comment stays in the file)",
         "other": "odd chains: {n:,} dialogues have their first comment as context in the system prompt "
                  "(every comment stays in the file)"},
    ),
    "dialogues.odd_drop_first": (
        "奇数轮：{n:,} 段对话去掉了第一条评论（用户先说、助手收尾）",
        {"one": "odd chains: {n:,} dialogue left out its first comment (so the user opens and the assistant answers last)",
         "other": "odd chains: {n:,} dialogues left out their first comment (so the user opens and the assistant "
                  "answers last)"},
    ),
    "dialogues.odd_drop_last": (
        "奇数轮：{n:,} 段对话去掉了最后一条回复（用户先说、助手收尾）",
        {"one": "odd chains: {n:,} dialogue left out its last reply (so the user opens and the assistant answers last)",
         "other": "odd chains: {n:,} dialogues left out their last reply (so the user opens and the assistant "
                  "answers last)"},
    ),
    "dialogues.chat_context": (
        "助手先开口：{n:,} 段会话里助手开头的消息放进系统提示作上文",
        {"one": "assistant first: in {n:,} session the assistant's opening messages are context in the system prompt",
         "other": "assistant first: in {n:,} sessions the assistant's opening messages are context in the system "
                  "prompt"},
    ),
    "dialogues.chat_drop_leading": (
        "助手先开口：{n:,} 段会话去掉了助手开头的消息",
        {"one": "assistant first: {n:,} session left out the assistant's opening messages",
         "other": "assistant first: {n:,} sessions left out the assistant's opening messages"},
    ),
    "dialogues.chat_unanswered_tail": (
        "{n:,} 段会话结尾的用户消息没有回答，未计入对话",
        {"one": "{n:,} session ends with user messages nobody answers: they are not in the dialogue",
         "other": "{n:,} sessions end with user messages nobody answers: they are not in the dialogue"},
    ),
    "dialogues.named_single_turn": (
        "只有一轮，没有谁回应谁",
        "has only one turn: nobody answers anybody",
    ),
}
