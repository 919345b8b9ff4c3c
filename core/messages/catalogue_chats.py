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
    # ---- shared pieces -------------------------------------------------------------------------
    # several problems in one reason (core/sources/chats/wording.py: join_messages)
    "chats.problems": ("共 {n} 处——第 1 处：{list}", {"one": "{list}", "other": "{n} in all — (1) {list}"}),
    "chats.joined": ("{first}；第 {k} 处：{rest}", "{first}; ({k}) {rest}"),
    "chats.at_record": ("第 {n} 条记录：{problem}", "record {n}: {problem}"),
    "chats.at_line": ("第 {n} 行：{problem}", "line {n}: {problem}"),
    "chats.kind.object": ("对象", "an object"),
    "chats.kind.list": ("列表", "a list"),
    "chats.kind.text": ("文本", "a text"),
    "chats.kind.number": ("数字", "a number"),
    "chats.kind.bool": ("真假值（true/false）", "true/false"),
    "chats.kind.null": ("空值（null）", "null"),
    "chats.kind.other": ("{name} 类型的值", "{name}"),
    "chats.no_chats": ("项目里还没有聊天记录：请先导入聊天导出文件。",
                       "The project has no chats yet: import a chat export first."),
    "chats.not_chat_source": ("来源 #{id} 不是这个项目里的聊天来源。",
                              "Source #{id} is not a chat source of this project."),
    # ---- readers: records that cannot be read ---------------------------------------------------
    "chats.competition.not_object": (
        "不是 JSON 对象（而是{kind}）——每条记录应当像 {shape}",
        "not a JSON object (it is {kind}) — each record must look like {shape}"),
    "chats.competition.no_chat_text": (
        "没有 \"chat_text\"——把聊天内容放进字符串 \"chat_text\"，每条消息一行“名字：内容”",
        "no \"chat_text\" — put the chat in a \"chat_text\" string, one \"name：text\" line per message"),
    "chats.competition.chat_text_not_text": (
        "\"chat_text\" 是{kind}，不是文本——把整段聊天写成一个字符串",
        "\"chat_text\" is {kind}, not a string — write the chat as one string"),
    "chats.competition.chat_text_empty": (
        "\"chat_text\" 是空的——补上聊天内容，或删掉这条记录",
        "\"chat_text\" is empty — add the chat or remove the record"),
    "chats.competition.bad_labels": (
        "\"{key}\" 必须是对象列表（每位客户一个）——请改正，或删掉 \"{key}\"，这个聊天就按无标注导入",
        "\"{key}\" must be a list of objects (one per customer) — fix it, or remove \"{key}\" to import the "
        "chat without labels"),
    "chats.competition.not_array": (
        "“{name}”不是比赛格式的聊天文件：它应当是由 {shape} 记录组成的 JSON 数组。请检查文件，或换一种格式。",
        "“{name}” is not a competition chat file: it must be a JSON array of {shape} records. Check the file, or "
        "choose another format."),
    "chats.competition.quotes": (
        "读到 {n} 条引用回复，其中 {linked} 条已连到被引用的消息",
        {"one": "{n} quoted reply read, {linked} linked to the message they quote",
         "other": "{n} quoted replies read, {linked} linked to the message they quote"}),
    "chats.jsonl.bad_json": (
        "不是有效的 JSON（{error}，第 {column} 列）——改正这一行或删掉它",
        "not valid JSON ({error} at column {column}) — fix the line or delete it"),
    "chats.jsonl.not_object": (
        "不是 JSON 对象——每行应当是一条消息对象",
        "not a JSON object — each line must hold one message object"),
    "chats.generic.not_object": (
        "不是 JSON 对象（而是{kind}）——每条记录应当像 {{\"sender\": \"…\", \"content\": \"…\"}}",
        "not a JSON object (it is {kind}) — each record must look like {{\"sender\": \"…\", \"content\": \"…\"}}"),
    "chats.generic.no_sender": (
        "没有发送人（找过这些键：{keys}）——请加上 \"sender\" 字段",
        "no sender (looked for {keys}) — add a \"sender\" field"),
    "chats.generic.no_text": (
        "没有内容（找过这些键：{keys}）——请加上 \"content\" 字段，或删掉这条记录",
        "no text (looked for {keys}) — add a \"content\" field or remove the record"),
    "chats.generic.not_list": (
        "“{name}”不是消息列表：应当是消息对象组成的 JSON 数组（如 [{{\"sender\": \"…\", \"content\": \"…\"}}]）、"
        "{{\"messages\": [...]}} 对象，或每行一条消息对象的 JSONL 文件。请检查文件，或换一种格式。",
        "“{name}” is not a message list: expected a JSON array of message objects (like [{{\"sender\": \"…\", "
        "\"content\": \"…\"}}]), a {{\"messages\": [...]}} object or a JSONL file with one message object per "
        "line. Check the file, or choose another format."),
    "chats.wechat.fields_short": (
        "有 {got} 个字段，应为 {expected} 个（这一行不完整或已损坏）",
        "{got} fields, expected {expected} (the row is cut short or broken)"),
    "chats.wechat.fields_extra": (
        "有 {got} 个字段，应为 {expected} 个（可能有没加引号的逗号）",
        "{got} fields, expected {expected} (an unquoted comma?)"),
    "chats.wechat.talker_empty": ("TalkerId 是空的", "TalkerId is empty"),
    "chats.wechat.room_empty": ("room_name 和 talker 都是空的", "room_name and talker are empty"),
    "chats.wechat.not_number": ("{label}“{value}”不是数字", "{label} “{value}” is not a number"),
    "chats.wechat.not_time": ("{label}“{value}”不是时间", "{label} “{value}” is not a time"),
    "chats.wechat.not_date": ("{label}“{value}”不是有效的日期", "{label} “{value}” is not a valid date"),
    "chats.wechat.csv_error": ("CSV 无法解析（{error}）", "{error}"),
    "chats.wechat.nothing": ("（空）", "nothing"),
    "chats.wechat.unknown_header": (
        "“{name}”不是本软件认识的微信 CSV 导出文件：它的第一行是 {found}。应当是旧版导出工具的表头（{old}）"
        "或新版的表头（{new}）。请重新导出为 CSV，或换一种格式。",
        "“{name}” is not a WeChat CSV export this app knows: its first row holds {found}. Expected the header of "
        "the older exporter ({old}) or of the newer one ({new}). Export the chat again as CSV, or pick another "
        "layout."),
    "chats.qq.bad_time": (
        "时间“{time}”不是有效日期；这条消息保留，但没有时间",
        "the time “{time}” is not a valid date; the message is kept without a time"),
    "chats.qq.no_header": (
        "“{name}”看起来不是 QQ 消息记录：没有找到消息的标题行。QQ 记录（QQ → 消息管理器 → 导出为 .txt）"
        "每条消息都有一行日期、时间和发送人，例如“2023-06-12 9:14:03 阿杰(10001)”或"
        "“2023-06-12 9:15:10 小雨<xiaoyu@example.com>”，下面是消息内容。",
        "“{name}” does not look like a QQ message record: no message header line was found. A QQ record "
        "(QQ → 消息管理器 → 导出为 .txt) has, for every message, a line with the date, time and sender, such as "
        "“2023-06-12 9:14:03 阿杰(10001)” or “2023-06-12 9:15:10 小雨<xiaoyu@example.com>”, followed by the "
        "message text."),
    "chats.discord.not_export": (
        "“{name}”不是 DiscordChatExporter 导出文件：它应当是带有 \"messages\" 列表（以及 \"guild\" 和 "
        "\"channel\"）的 JSON 对象。请把频道重新导出为 JSON，或换一种格式。",
        "“{name}” is not a DiscordChatExporter export: it must be a JSON object with a \"messages\" list (and "
        "\"guild\" and \"channel\"). Export the channel again as JSON, or choose another format."),
    "chats.telegram.no_messages": (
        "“{name}”不是 Telegram Desktop 导出文件：既没有 \"messages\" 列表，也没有 \"chats\" 部分。请在 "
        "Telegram Desktop 里重新导出为“Machine-readable JSON”，或换一种格式。",
        "“{name}” is not a Telegram Desktop export: it has no \"messages\" list and no \"chats\" section. Export "
        "the chat again from Telegram Desktop as \"Machine-readable JSON\", or choose another format."),
    "chats.telegram.not_object": (
        "“{name}”不是 Telegram Desktop 导出文件：它应当是带有 \"messages\"（一个聊天）或 \"chats\"（整个账号）"
        "的 JSON 对象。请换一种格式。",
        "“{name}” is not a Telegram Desktop export: it must be a JSON object with \"messages\" (one chat) or "
        "\"chats\" (a whole account). Choose another format."),
    # ---- readers: facts about a file ------------------------------------------------------------
    "chats.note.system_skipped": (
        "跳过 {n} 条系统消息（加入、置顶、话题事件等）",
        {"one": "{n} system message skipped (joins, pins, thread events …)",
         "other": "{n} system messages skipped (joins, pins, thread events …)"}),
    "chats.note.service_skipped": (
        "跳过 {n} 条服务消息（加入、置顶、通话等）",
        {"one": "{n} service message skipped (joins, pins, calls …)",
         "other": "{n} service messages skipped (joins, pins, calls …)"}),
    "chats.note.empty_skipped": (
        "跳过 {n} 条空消息",
        {"one": "{n} empty message skipped", "other": "{n} empty messages skipped"}),
    "chats.note.deleted_accounts": (
        "{n} 条消息来自已注销的账号（发送人留空）",
        {"one": "{n} message from deleted accounts (sender left empty)",
         "other": "{n} messages from deleted accounts (sender left empty)"}),
    "chats.note.empty_chats": (
        "跳过 {n} 个没有任何消息的聊天",
        {"one": "{n} chat without any message skipped", "other": "{n} chats without any message skipped"}),
    "chats.note.dangling_export": (
        "{n} 条回复所回复的消息不在导出文件里（没有连接）",
        {"one": "{n} reply to messages that are not in the export (left unlinked)",
         "other": "{n} replies to messages that are not in the export (left unlinked)"}),
    "chats.note.dangling_file": (
        "{n} 条回复所回复的消息不在文件里（没有连接）",
        {"one": "{n} reply to messages that are not in the file (left unlinked)",
         "other": "{n} replies to messages that are not in the file (left unlinked)"}),
    "chats.note.untimed": (
        "{n} 条消息没有可读的时间",
        {"one": "{n} message without a readable time", "other": "{n} messages without a readable time"}),
    "chats.note.qq_empty_chat": ("聊天“{title}”没有消息。", "Chat “{title}” has no messages."),
    "chats.note.qq_system": ("{n} 条系统消息（撤回、通知）。", "{n} system messages (recalls, notices)."),
    "chats.note.qq_media": ("{n} 条只有图片或表情的消息。", "{n} image/sticker-only messages."),
    "chats.note.wechat_named": ("群聊 {key} 按文件名命名为“{stem}”。", "Group chat {key} named “{stem}” after the file."),
    "chats.note.wechat_media": ("{n} 条图片/语音/视频/表情/文件消息保留为占位符。",
                                "{n} image/voice/video/sticker/file messages kept as placeholders."),
    "chats.note.wechat_system": ("{n} 条系统消息。", "{n} system messages."),
    "chats.note.wechat_quotes": ("{n} 条引用回复。", "{n} quote replies."),
    # ---- telling the layout ---------------------------------------------------------------------
    "chats.detect.unknown_format": (
        "未知的聊天格式“{format}”。可选：auto、{choices}。",
        "Unknown chat format “{format}”. Choose one of: auto, {choices}."),
    "chats.detect.bad_json": (
        "“{name}”不是有效的 JSON：第 {line} 行第 {column} 列有错（{error}）。请用文本编辑器打开并改正"
        "（常见原因是少了逗号或引号，或者文件不完整），然后再导入。",
        "“{name}” is not valid JSON: {error} at line {line}, column {column}. Open it in a text editor and fix "
        "it there (often a missing comma or quote, or a file cut short), then import it again."),
    "chats.detect.keys_hint": (
        "它的记录里有这些键：{keys}，但没有一个能看出发送人和内容。",
        " Its records have the keys {keys}; none of them names a sender and a text."),
    "chats.detect.layouts": (
        "competition（比赛格式：{{\"chat_text\", \"infos\"}} 记录组成的 JSON 数组）、"
        "messages（{{\"sender\", \"content\"}} 对象组成的 JSON 数组或 JSONL）、"
        "telegram（Telegram Desktop 的 result.json）、discord（DiscordChatExporter 的 JSON）、"
        "wechat_csv（微信导出工具的 CSV）、qq_txt（QQ 导出的消息记录 .txt）",
        "competition (JSON array of {{\"chat_text\", \"infos\"}} records), messages (JSON array or JSONL of "
        "{{\"sender\", \"content\"}} objects), telegram (Telegram Desktop result.json), discord "
        "(DiscordChatExporter JSON), wechat_csv (CSV from a WeChat exporter), qq_txt (QQ exported message "
        "record .txt)"),
    "chats.detect.unknown_layout": (
        "看不出“{name}”是哪种聊天导出文件。{hint}支持的格式：{layouts}。如果你知道格式，请手动选择"
        "（命令行用 --format，例如 --format messages）。",
        "Cannot tell which chat export “{name}” is.{hint} Supported layouts: {layouts}. If you know the layout, "
        "choose it with --format (e.g. --format messages)."),
    "chats.detect.problems": (
        "共 {n} 处问题：{first}{more}。",
        {"one": " {n} problem: {first}{more}.", "other": " {n} problems: {first}{more}."}),
    "chats.detect.and_more": ("（另有 {n} 处）", " (and {n} more)"),
    "chats.detect.notes": ("说明：{notes}。", " {notes}."),
    "chats.detect.no_chat": (
        "“{name}”里没有能按 {format} 格式读出的聊天消息。{why}请修正文件，或选择正确的格式（命令行 --format）。",
        "“{name}” contains no chat message that could be read as {format}.{why} Fix the file, or choose the right "
        "layout with --format."),
    "chats.detect.no_reader": (
        "“{name}”：这个版本的语料匠还不能读取 {module} 导出文件。",
        "“{name}”: this version of Corpusmith cannot read {module} exports yet."),
    "chats.detect.not_json": (
        "“{name}”不是 JSON，所以不可能是 {layout} 导出文件。请换一种格式，或让语料匠自动识别（--format auto）。",
        "“{name}” is not JSON, so it cannot be a {layout} export. Choose another format, or let Corpusmith detect "
        "it (--format auto)."),
    "chats.detect.empty_list": (
        "“{name}”是一个空的 JSON 列表：里面没有聊天。请选择导出的聊天文件本身。",
        "“{name}” holds an empty JSON list: there is no chat in it. Choose the exported chat file itself."),
    "chats.detect.empty_object": (
        "“{name}”是一个空的 JSON 对象：里面没有聊天。请选择导出的聊天文件本身。",
        "“{name}” holds an empty JSON object: there is no chat in it. Choose the exported chat file itself."),
    # ---- import ---------------------------------------------------------------------------------
    "chats.import.no_message_left": (
        "第 {index} 个聊天（{title}）清理后没有剩下任何消息",
        "chat {index} ({title}) has no message left after clean-up"),
    "chats.import.too_large": ("“{name}”太大，现有内存装不下，无法导入。",
                               "“{name}” is too large to import in the memory available."),
    "chats.import.unreadable": (
        "“{name}”无法读取（{error}）。请确认它是支持的聊天导出文件之一，或手动选择格式（命令行 --format）。",
        "“{name}” could not be read ({error}). Check that it is one of the supported chat exports, or choose its "
        "layout with --format."),
    "chats.import.done": (
        "已导入 {path}（{format}，{encoding}）：{chats:,} 个聊天，{messages:,} 条消息，来源 #{source}",
        "imported {path} ({format}, {encoding}): {chats:,} chat(s), {messages:,} messages, source #{source}"),
    "chats.import.labelled": ("；{labelled:,} 个带标注 → {samples:,} 个抽取样本",
                              "; {labelled:,} labelled → {samples:,} extraction samples"),
    "chats.import.skipped": ("；跳过 {n:,} 条记录", "; {n:,} record(s) skipped"),
    "chats.import.failed": ("未导入：{message}", "failed: {message}"),
    "chats.clean.kind.media": ("{n:,} 处图片/语音等占位符", "{n:,} media"),
    "chats.clean.kind.emoji": ("{n:,} 个文字表情", "{n:,} emoji"),
    "chats.clean.kind.mentions": ("{n:,} 处 @提及", "{n:,} mentions"),
    "chats.clean.kind.urls": ("{n:,} 个网址", "{n:,} urls"),
    "chats.clean.kind.repeats": ("{n:,} 条连续重复的消息", "{n:,} repeats"),
    "chats.clean.removed_messages": ("（{n:,} 条消息清理后变空，已删除）", " ({n:,} messages left empty and removed)"),
    # ---- sessions and dialogues -----------------------------------------------------------------
    "chats.session.bad_gap": (
        "开始新会话的停顿必须是 0（不按时间切分）或正的秒数（现在是 {value}）。",
        "The pause that starts a new session must be 0 (never split by time) or a positive number of seconds "
        "(got {value})."),
    "chats.session.bad_size": (
        "会话长度上限必须是 0（不限）或至少 {min} 个字（现在是 {value}）。",
        "The session size limit must be 0 (no limit) or at least {min} characters (got {value})."),
    "chats.session.choose_assistant": (
        "请选择谁来当助手：至少一个发送人名字，或者导出聊天的人（“我”）。",
        "Choose who plays the assistant: at least one sender name, or the exporting user (“me”)."),
    "chats.session.min_turns": (
        "一段对话至少要 2 轮（用户说一轮、助手答一轮）；现在的最少轮数是 {n}。",
        "A dialogue needs at least 2 turns (a user turn and the assistant's answer); the minimum was {n}."),
    "chats.session.me": ("导出聊天的人", "the exporting user"),
    "chats.session.names_and_me": ("{names}、导出聊天的人", "{names}, the exporting user"),
    "chats.session.none_chosen": ("未选择", "none chosen"),
    "chats.session.no_text": ("没有带文字的消息", "no message with text"),
    "chats.session.no_assistant": ("没有助手（{names}）发的消息", "no message from the assistant ({names})"),
    "chats.session.only_assistant": ("只有助手在说话", "only the assistant speaks"),
    "chats.session.never_answers": (
        "助手没有回答：所有用户消息都在助手最后一条消息之后",
        "the assistant never answers: every user message comes after the assistant's last one"),
    "chats.session.too_few_turns": ("合并后不足 {min} 轮（只有 {n} 轮）", "fewer than {min} turns after merging ({n})"),
    "chats.dialogues.summary": ("{sessions:,} 段会话：新增 {created:,} 个对话样本{existing}{unused}。",
                                "{sessions:,} session(s): {created:,} new dialogue sample(s){existing}{unused}."),
    "chats.dialogues.existing": ("，{n:,} 个之前已生成（不重复添加）",
                                 ", {n:,} already made by an earlier run (not added again)"),
    "chats.dialogues.unused": ("，{n:,} 段会话没有用上", ", {n:,} session(s) not used"),
    "chats.dialogues.not_used": ("没用上 {n:,} 段：{reason}", "not used {n:,}: {reason}"),
    "chats.dialogues.empty_chat": ("这个聊天没有消息（清理后）", "the chat has no message (after clean-up)"),
    "chats.dialogues.choose_assistant": (
        "请选择谁来当助手：一个或几个发送人（例如客服），或者“我”（导出聊天的人）。",
        "Choose who plays the assistant: one or more sender names (e.g. the support staff), or “me” for the "
        "person who exported the chat."),
    "chats.dialogues.nobody_called": (
        "这些聊天里没有叫 {names} 的人发过言。请从发送人列表里选择助手（名字必须完全一致）。",
        "Nobody called {names} writes in these chats. Pick the assistant from the sender list (names must match "
        "exactly)."),
    # ---- extraction -----------------------------------------------------------------------------
    "chats.extract.instruction_empty": (
        "指令是空的：请写上模型要学的任务，例如“从下面的群聊记录中提取客户信息，输出 JSON”。",
        "The instruction is empty: write the task the model should learn, e.g. "
        "“从下面的群聊记录中提取客户信息，输出 JSON”."),
    "chats.extract.empty_chat": ("这个聊天清理后没有剩下消息：没有可学的内容",
                                 "the chat has no message left (after clean-up): nothing to learn from"),
    "chats.extract.bad_labels": (
        "它的标注（infos）无法使用（{error}）；这个聊天按无标注导入——请修正 infos 或抽取字段",
        "its labels (infos) cannot be used ({error}); the chat is imported without labels — fix the infos or the "
        "extraction fields"),
    "chats.extract.summary_shape": ("回答必须是一个 JSON 对象，带有不为空的文本“summary”",
                                    "the answer must be a JSON object with a non-empty string “summary”"),
    "chats.extract.unknown_lang": ("未知的模板语言“{lang}”：可选 {choices}。",
                                   "Unknown template language “{lang}”: choose one of {choices}."),
    "chats.extract.unknown_mask": ("未知的脱敏方式“{mask}”：可选 {choices}。",
                                   "Unknown masking mode “{mask}”: choose one of {choices}."),
    "chats.extract.bad_summarize_over": ("“只摘要超过这个字数的聊天”必须是 0 或更大的字数（现在是 {value}）。",
                                         "“Summarise chats longer than” must be 0 or more characters (got {value})."),
    "chats.extract.nothing_to_do": ("没有要做的事：请打开摘要、抽取，或两者都打开。",
                                    "Nothing to do: turn on the summary pass, the extraction, or both."),
    "chats.extract.template_problem": ("模板 {name}（{lang}）：{problem}", "Template {name} ({lang}): {problem}"),
    "chats.extract.superseded": ("已被样本 #{id} 取代（同一聊天后来的一次抽取）",
                                 "superseded by sample #{id} (a later extraction of this chat)"),
    "chats.extract.already_accepted": ("这个聊天已经有一个采纳的抽取结果（#{id}）：请只保留其中一个",
                                       "this chat already has an accepted extraction (#{id}): keep one of them"),
    # ---- extraction fields: checking a model's answer ---------------------------------------------
    "chats.answer.no_record": ("回答里没有记录；请给出一个包含各字段的 JSON 对象",
                               "the answer holds no record; give one JSON object with the schema's fields"),
    "chats.answer.record_not_object": ("第 {i} 条记录是{kind}，不是包含各字段的 JSON 对象",
                                       "record {i} is {kind}, not a JSON object with the schema's fields"),
    "chats.answer.record_no_field": ("第 {i} 条记录一个字段都没有（它有：{got}）",
                                     "record {i} has none of the schema's fields (it has: {got})"),
    "chats.answer.no_keys": ("没有键", "no keys"),
    "chats.answer.too_many": ("给了 {n} 条记录，但只应有一条；保留了第一条",
                              "{n} records given where one was expected; kept the first"),
    "chats.answer.wrapper_not_list": ("“{key}”必须是记录列表，而不是{kind}", "“{key}” must be a list of records, not {kind}"),
    "chats.answer.not_records": ("回答是{kind}，不是 JSON 对象或记录列表",
                                 "the answer is {kind}, not a JSON object or a list of records"),
    "chats.answer.unknown_key": ("第 {i} 条记录：未知的键“{key}”已去掉", "record {i}: unknown key “{key}” dropped"),
    "chats.answer.repeated_key": ("第 {i} 条记录：“{key}”与“{name}”重复，第二个已去掉",
                                  "record {i}: “{key}” repeats “{name}”; the second one was dropped"),
    "chats.answer.key_read_as": ("第 {i} 条记录：键“{key}”按“{name}”读取", "record {i}: key “{key}” read as “{name}”"),
    "chats.answer.missing_key": ("第 {i} 条记录：缺少“{name}”，已补为空", "record {i}: missing “{name}” added empty"),
    "chats.answer.where": ("第 {i} 条记录的“{name}”", "record {i}: “{name}”"),
    "chats.answer.list_joined": ("{where}应当是文本；列表已用“{joiner}”连起来",
                                 "{where} should be a text; a list was joined with “{joiner}”"),
    "chats.answer.made_text": ("{where}应当是文本；{kind}已转成文本", "{where} should be a text; {kind} was turned into text"),
    "chats.answer.string_to_list": ("{where}应当是列表；字符串已变成只有一项的列表",
                                    "{where} should be a list; a string was turned into a one-item list"),
    "chats.answer.value_to_list": ("{where}应当是列表；{kind}已变成只有一项的列表",
                                   "{where} should be a list; {kind} was turned into a one-item list"),
    "chats.answer.item_to_text": ("{where}：其中一项 {item}（{kind}）已转成文本",
                                  "{where}: the item {item} ({kind}) was turned into text"),
    "chats.answer.item_not_allowed": ("{where}有一项是“{value}”——允许的值：{allowed}",
                                      "{where} has the item “{value}” — allowed: {allowed}"),
    "chats.answer.value_not_allowed": ("{where}是“{value}”——允许的值：{allowed}",
                                       "{where} is “{value}” — allowed: {allowed}"),
    "chats.answer.cut_off": (
        "回答的 JSON 不完整（结尾不是 ] 或 }}）；请给出完整的 JSON 数组",
        "the answer's JSON is cut off (it does not end with ] or }}); answer with the whole JSON array"),
    "chats.answer.empty_not_plain": (
        "回答里没有记录，又不是单纯的 []——看起来被截断或无法读取；请给出记录组成的 JSON 数组（没有客户就给 []）",
        "the answer holds no record and is not a plain [] — it looks cut off or unreadable; answer with the JSON "
        "array of records ([] if there is no customer)"),
    # ---- extraction fields: loading a schema ------------------------------------------------------
    "chats.schema.empty": (
        "抽取字段是空的：请粘贴 JSON 格式的字段定义，或者一条示例记录，例如 {{\"姓名\": \"\", \"爱好\": []}}。",
        "The schema is empty: paste a schema in JSON, or an example record like {{\"姓名\": \"\", \"爱好\": []}}."),
    "chats.schema.bad_json": (
        "抽取字段不是有效的 JSON：第 {line} 行第 {column} 列：{error}。请在那里改正（通常是少了逗号、引号或括号）。",
        "The schema is not valid JSON: line {line}, column {column}: {error}. Fix the JSON there (a missing comma, "
        "quote or bracket is the usual cause)."),
    "chats.schema.not_object": (
        "抽取字段必须是 JSON 对象或数组，而不是{kind}：请写成 {{\"fields\": [...]}}，或者一条示例记录，例如 "
        "{{\"姓名\": \"\", \"爱好\": []}}。",
        "The schema must be a JSON object or array, not {kind}: write {{\"fields\": [...]}} or an example record "
        "like {{\"姓名\": \"\", \"爱好\": []}}."),
    "chats.schema.unknown_keys": (
        "抽取字段里有不认识的键 {unknown}：认识的键是 {known}。请删掉或改名。",
        "The schema has unknown key(s) {unknown}: the known keys are {known}. Remove or rename them."),
    "chats.schema.multiple_not_bool": ("“multiple”必须是 true 或 false，而不是{kind}。",
                                       "“multiple” must be true or false, not {kind}."),
    "chats.schema.name_not_text": ("抽取字段的“name”必须是文本，而不是{kind}。",
                                   "The schema's “name” must be a text, not {kind}."),
    "chats.schema.fields_not_list": ("“fields”必须是字段对象的列表，而不是{kind}。",
                                     "“fields” must be a list of field objects, not {kind}."),
    "chats.schema.bare_list": (
        "单独的列表里必须是字段对象（每个像 {{\"name\": \"姓名\", \"type\": \"string\"}}），或者正好一条示例记录。"
        "请检查列表里的各项。",
        "A bare list must hold field objects (each like {{\"name\": \"姓名\", \"type\": \"string\"}}) or exactly one "
        "example record. Check the list's items."),
    "chats.schema.field": ("第 {i} 个字段（“{name}”）", "Field {i} (“{name}”)"),
    "chats.schema.field_not_object": (
        "第 {i} 个字段必须是像 {{\"name\": \"姓名\", \"type\": \"string\"}} 这样的对象，而不是{kind}。",
        "Field {i} must be an object like {{\"name\": \"姓名\", \"type\": \"string\"}}, not {kind}."),
    "chats.schema.field_no_name": (
        "第 {i} 个字段：缺少“name”或它是空的。请给每个字段起个名字，例如 \"name\": \"姓名\"。",
        "Field {i}: “name” is missing or empty. Give each field a name, e.g. \"name\": \"姓名\"."),
    "chats.schema.field_unknown_keys": ("{where}：不认识的键 {unknown}。认识的键是 {known}。",
                                        "{where}: unknown key(s) {unknown}. The known keys are {known}."),
    "chats.schema.field_type": (
        "{where}：类型必须是 string（一个值）或 list（多个值）（现在是 {got}）。",
        "{where}: type must be string or list (got {got}). Use \"list\" for several values, \"string\" for one."),
    "chats.schema.field_score": ("{where}：评分方式必须是 exact、set 或 similarity（现在是 {got}）。",
                                 "{where}: score must be exact, set or similarity (got {got})."),
    "chats.schema.field_description": ("{where}：说明必须是文本，而不是{kind}。",
                                       "{where}: description must be a text, not {kind}."),
    "chats.schema.field_values": (
        "{where}：可选值必须是非空文本的列表，例如 [\"有意向\", \"无意向\"]；不限定时写 null。",
        "{where}: values must be a list of non-empty texts, like [\"有意向\", \"无意向\"], or null for free values."),
    "chats.schema.value_twice": ("{where}：可选值“{value}”列了两次。每个值只列一次。",
                                 "{where}: the value “{value}” is listed twice. List each allowed value once."),
    "chats.schema.field_weight": ("{where}：权重必须是 0 或更大的数（现在是 {got}）。",
                                  "{where}: weight must be a number of 0 or more (got {got})."),
    "chats.schema.example_no_name": ("示例记录的第 {i} 个字段名字是空的。请给每个键起名。",
                                     "Field {i} of the example record has an empty name. Name every key."),
    "chats.schema.example_nested": (
        "第 {i} 个字段（“{name}”）：不支持嵌套对象。文本用 \"\"，列表用 []。",
        "Field {i} (“{name}”): nested objects are not supported. Use \"\" for a text or [] for a list."),
    "chats.schema.no_fields": (
        "抽取字段一个也没有。请至少加一个，例如 {{\"name\": \"姓名\", \"type\": \"string\"}}。",
        "The schema has no fields. Add at least one, e.g. {{\"name\": \"姓名\", \"type\": \"string\"}}."),
    "chats.schema.name_twice": (
        "字段名“{name}”用了两次（第 {fields} 个字段）。每个字段要有自己的名字。",
        "The field name “{name}” is used twice (fields {fields}). Give each field its own name."),
    "chats.schema.all_weights_zero": (
        "所有字段的权重都是 0，就没有可评分的内容了。请至少给一个字段大于 0 的权重。",
        "Every field has weight 0, so nothing would be scored. Give at least one field a weight above 0."),
    # ---- test set and predictions ---------------------------------------------------------------
    "chats.predict.source_not_chat": (
        "来源 #{id} 不是这个项目里的聊天来源。可以用 `python main.py stats --project …` 列出所有来源。",
        "Source #{id} is not a chat source of this project. Run `python main.py stats --project …` to list the "
        "sources."),
    "chats.predict.unknown_input": ("未知的输入“{input}”：请用 chat 或 summary。", "Unknown input “{input}”: use chat or summary."),
    "chats.predict.no_summary": (
        "第 {index} 个聊天（{title}）：还没有摘要——请先运行摘要（generate extract --summarize）",
        "chat {index} ({title}): no summary yet — run the summary pass (generate extract --summarize) first"),
    "chats.predict.source_empty": ("这个来源里没有聊天。", "the source has no chats."),
    "chats.predict.no_test_rows": ("没有测试数据：{why}", "No test rows: {why}"),
    "chats.predict.nothing": ("没有要预测的内容：{why}", "Nothing to predict: {why}"),
    "chats.predict.no_folder": ("无法写入“{name}”：文件夹“{folder}”不存在。",
                                "Cannot write “{name}”: the folder “{folder}” does not exist."),
    "chats.predict.write_failed": ("无法写入“{path}”：{error}。没有改动任何文件。",
                                   "Could not write “{path}”: {error}. Nothing was changed."),
    "chats.predict.not_answered": ("还没有回答（运行被取消了）", "not answered yet (the run was cancelled)"),
    "chats.predict.chat_failed": ("第 {index} 个聊天：{why}", "chat {index}: {why}"),
    "chats.predict.all_failed": (
        "没有可写入的预测：所有聊天都失败了——{why}。请先解决原因，再重新运行并重试失败的聊天"
        "（命令行加 --retry-failed；在软件里再运行一次预测）。",
        "No prediction to write: every chat failed — {why}. Fix the cause, then run again asking for the failed "
        "chats once more (--retry-failed; in the app, run the prediction again)."),
    # ---- scoring --------------------------------------------------------------------------------
    "chats.score.what.predictions": ("预测", "predictions"),
    "chats.score.what.labels": ("标注", "labels"),
    "chats.score.hint.submission": ("{{\"infos\": [...], \"index\": N}} 组成的 JSON 数组",
                                    "a JSON array of {{\"infos\": [...], \"index\": N}}"),
    "chats.score.hint.labels": (
        "{{\"chat_text\": \"...\", \"infos\": [...]}} 组成的 JSON 数组（或 {{\"infos\": [...], \"index\": N}} 组成的）",
        "a JSON array of {{\"chat_text\": \"...\", \"infos\": [...]}} (or a JSON array of "
        "{{\"infos\": [...], \"index\": N}})"),
    "chats.score.unreadable": ("{what}文件“{path}”无法读取：{error}。请检查路径。",
                               "The {what} file “{path}” cannot be read: {error}. Check the path."),
    "chats.score.not_utf8": ("{what}文件“{path}”不是 UTF-8 文本。请另存为 UTF-8 编码的 JSON。",
                             "The {what} file “{path}” is not UTF-8 text. Save it as UTF-8 JSON."),
    "chats.score.bad_json": (
        "{what}文件“{path}”不是有效的 JSON：第 {line} 行第 {column} 列：{error}。请在那里改正。",
        "The {what} file “{path}” is not valid JSON: line {line}, column {column}: {error}. Fix the JSON there."),
    "chats.score.wrong_shape": ("{what}文件“{path}”应当是{hint}，但它是{kind}。",
                                "The {what} file “{path}” must hold {hint}, but it holds {kind}."),
    "chats.score.empty": ("{what}文件“{path}”是空列表：没有可评分的内容。",
                          "The {what} file “{path}” is an empty list: there is nothing to score."),
    "chats.score.where": ("“{name}”第 {n} 条记录", "“{name}”, record {n}"),
    "chats.score.submission_record": (
        "{where}是{kind}；每条记录应当是 {{\"infos\": [...], \"index\": N}}。",
        "{where} is {kind}; each record must be {{\"infos\": [...], \"index\": N}}."),
    "chats.score.index_twice": ("{where}：编号 {index} 出现了两次。每个聊天只给一条记录。",
                                "{where}: index {index} appears twice. Give each chat one record."),
    "chats.score.training_record": (
        "{where}是{kind}；每条记录应当是 {{\"chat_text\": ..., \"infos\": [...]}}。",
        "{where} is {kind}; each record must be {{\"chat_text\": ..., \"infos\": [...]}}."),
    "chats.score.unlabelled": (
        "{where}没有“infos”：这像是没有标注的测试数据。请用带标注的文件（train.json）或提交文件。",
        "{where} has no “infos”: this looks like unlabelled test data. Use a file with labels (train.json) or a "
        "submission file."),
    "chats.score.index_missing": ("缺失", "missing"),
    "chats.score.bad_index": ("{where}：“index”是 {shown}；它必须是聊天的序号，从 1 开始数。",
                              "{where}: “index” is {shown}; it must be the chat's number, counting from 1."),
    "chats.score.no_infos": ("{where}没有“infos”。如果没找到客户，请加上 \"infos\": []。",
                             "{where} has no “infos”. Add \"infos\": [] if no customer was found."),
    "chats.score.infos_not_list": ("{where}：“infos”必须是记录列表，而不是{kind}。",
                                   "{where}: “infos” must be a list of records, not {kind}."),
    "chats.score.infos_item": ("{where}：infos 的第 {k} 项是{kind}；它必须是由字段组成的对象。",
                               "{where}: infos item {k} is {kind}; it must be an object of fields."),
    "chats.score.col.field": ("字段", "field"),
    "chats.score.col.method": ("评分方式", "method"),
    "chats.score.col.weight": ("权重", "weight"),
    "chats.score.col.score": ("得分", "score"),
    "chats.score.col.n": ("记录对", "n"),
    "chats.score.total": ("总分（加权平均）", "total (weighted mean)"),
    "chats.score.counts": ("聊天：{chats}，记录对：{pairs}", "chats: {chats}, record pairs: {pairs}"),
    "chats.score.missing": ("缺少预测：{n}{some}", "missing predictions: {n}{some}"),
    "chats.score.extra": ("多出的预测（不计分）：{n}{some}", "extra predictions (ignored): {n}{some}"),
    "chats.score.some": ("（编号 {shown}{more}）", " (index {shown}{more})"),
}
