"""flows messages. (code → (Chinese, English))"""

MESSAGES: dict = {
    # ---- quality rules (core/text/quality.py): what each rule rejects; the Chinese names the
    # parameters as the Review → 质量筛查 dialog labels them, the English as `filter` spells them
    "quality.rule.too_short": (
        "所有轮次加起来不到「最短字数」个字（不算空格和系统提示词）。",
        "Fewer than min_chars characters in all the turns together (spaces and the system prompt not counted)."),
    "quality.rule.too_long": (
        "连同系统提示词一共超过「最长字数」个字（就是审阅表里显示的长度；很多平台限制每条 8000 字）。",
        "More than max_chars characters in all, system prompt included (the length the Review table shows; "
        "8000 is a common platform limit per row)."),
    "quality.rule.mostly_punctuation": (
        "标点、符号、表情（如 [doge]）和颜文字（如 (^_^)）占到全文的「标点占比」以上，而且汉字、字母、数字加起来"
        "少于「文字少于」个。正常句子的标点（，。！？一个接一个，…… 和 ——）不算，？？？ 这样的重复才算；"
        "一个表情或颜文字算一个字。",
        "At least `share` of the text is punctuation, symbols, emoji, emotes like [doge] or kaomoji like (^_^), "
        "and it has fewer than max_content letters, digits or Chinese characters. The punctuation of normal "
        "sentences (one ，。！？ after another, …… and ——) does not count; repeats such as ？？？ do. An emote or "
        "kaomoji counts as one character."),
    "quality.rule.refusal": (
        "助手说自己是 AI（在任何位置：作为一个AI、As an AI……），或者在问答样本里，回答开头（或开头某个小句）的"
        "前「开头字数」个字里拒绝回答（我无法、抱歉，我不能、I'm sorry……）。对话样本不查开头：角色说“我不能”很正常。",
        "An assistant turn says it is an AI (`phrases`, anywhere: 作为一个AI, As an AI …) or, in samples of "
        "`opening_kinds` (sft), refuses at the start of the turn or of a clause within its first opening_chars "
        "characters (`opening_phrases`: 我无法, 抱歉，我不能, I'm sorry, I cannot …). Openings are not checked in "
        "dialogues, where characters say 我不能 naturally."),
    "quality.rule.answer_copies_question": (
        "助手的回答和紧挨在前面的用户问题像到「相似度」以上（问题至少有「问题最短字数」个字时才查）。",
        "An assistant turn is at least `similarity` alike (rapidfuzz ratio) to the user turn right before it, "
        "when that turn has at least min_chars characters."),
    "quality.rule.unbalanced_roles": (
        "用户和助手没有一来一回地交替、以助手开头或以用户结尾（导出时会跳过或裁掉这些），或者有空的轮次。"
        "预训练文本只查是不是空的。",
        "Turns that do not alternate user/assistant, start with an assistant turn or end with a user turn "
        "(exports skip or trim these), or an empty turn. A plain text (pretrain) is only checked for being empty."),
    "quality.rule.echo": (
        "模型生成的样本只是照抄了提示词：内容就是模板里的示例（“第一个问题”“回答”等）、抽取记录的每个字段都是空的，"
        "或者某一轮有「照抄占比」以上的内容（且不少于「照抄片段数」处）来自模板里的要求。引用原文的回答不算。",
        "A sample made by an LLM flow whose text only echoes a prompt: a turn that is a template's example "
        "answer (the sample question, answer or summary), an extraction record with every field empty, or a turn "
        "of which at least `share` of the character trigrams (and min_copied of them) are a template's "
        "instructions. An answer that quotes the source text does not count."),
}
