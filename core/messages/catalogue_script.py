"""Messages of the script/novel parser: how a text's layout was read. (code → (Chinese, English))"""

_EXPECTED_ZH = ("没有认出版式，没有读出台词。期望：“角色：台词”行；名字单独一行、台词在下一行；〔正旦云〕式杂剧角色标记；"
                "或带“X说：”的引号对白。")
_EXPECTED_EN = ("Layout not recognised: no speeches were read. Expected 角色：台词 lines (name, colon, speech); a "
                "name alone on its line with the speech below; zaju role cues such as 〔正旦云〕; or quoted speech "
                "with X说：. ")

MESSAGES = {
    # what was guessed (the parse result is labelled a guess)
    "script.guess.novel": (
        "说话人是从叙述里推测的（小说版式，按“X说：”“X道”等推测），请在审阅中检查",
        "Speakers were guessed from the prose (novel layout, heuristic: X说：/X道 patterns): check the samples "
        "in Review",
    ),
    "script.guess.no_colon": (
        "{n} 句台词的说话人是推测的：行首名字后没有冒号（“名字　台词”版式），按重复出现的名字读取：{names}",
        {"one": "{n} speech has a guessed speaker: a name without a colon at the line start (“名字　台词” "
                "layout), read because these names recur: {names}",
         "other": "{n} speeches have a guessed speaker: a name without a colon at the line start (“名字　台词” "
                  "layout), read because these names recur: {names}"},
    ),
    "script.guess.inline": (
        "{n} 处一行里有几个人说话（“甲：…乙：…”），按重复出现的名字拆开（推测）：{names}",
        {"one": "{n} line held several speakers (“甲：…乙：…”) and was split at recurring names (a guess): {names}",
         "other": "{n} lines held several speakers (“甲：…乙：…”) and were split at recurring names (a guess): "
                  "{names}"},
    ),
    # what the layout gave (facts, not guesses)
    "script.layout.cast": (
        "人物表：{n} 个角色（{names}）",
        {"one": "Cast list: {n} character ({names})", "other": "Cast list: {n} characters ({names})"},
    ),
    "script.layout.actors": (
        "人物表里的 {n} 个演员名不作为说话人",
        {"one": "{n} actor in the cast list is not taken as a speaker",
         "other": "{n} actors in the cast list are not taken as speakers"},
    ),
    "script.layout.tables_skipped": (
        "{n} 个表格不是对白（行不是“角色：台词”，也没有“角色 | 台词”两列），没有读作台词",
        {"one": "{n} table is not dialogue (its rows are not 角色：台词, nor a speaker | line pair) and was "
                "not read as speech",
         "other": "{n} tables are not dialogue (their rows are not 角色：台词, nor a speaker | line pair) and "
                  "were not read as speech"},
    ),
    "script.layout.table_dialogue": (
        "{n} 个表格按“角色：台词”或“角色 | 台词”读作对白",
        {"one": "{n} table was read as dialogue (角色：台词 rows or a speaker | line pair)",
         "other": "{n} tables were read as dialogue (角色：台词 rows or a speaker | line pair)"},
    ),
    "script.layout.inline": (
        "{n} 处一行里有几个人说话（“甲：…乙：…”），已按说话人拆开",
        {"one": "{n} line held several speakers (“甲：…乙：…”) and was split into speeches",
         "other": "{n} lines held several speakers (“甲：…乙：…”) and were split into speeches"},
    ),
    "script.layout.numeric": (
        "编号说话人：{names}",
        "Numbered speakers: {names}",
    ),
    "script.layout.zaju": (
        "杂剧/传奇版式：说话人是〔…云〕〔…唱〕里的角色（{roles}）；【曲牌】是唱段的标题，不是说话人；{songs} 段唱词",
        "Zaju/chuanqi layout: the speakers are the roles in 〔…云〕/〔…唱〕 cues ({roles}); a 【tune title】 heads "
        "a song and is no speaker; {songs} sung passages",
    ),
    # nothing read: what the parser expected, and what it found instead
    "script.not_recognised.no_colon": (
        _EXPECTED_ZH + "有 {n} 行像“名字　台词”，但名字不重复出现（{names}），不能当作说话人。",
        {"one": _EXPECTED_EN + "{n} line looks like “名字　台词”, but its name does not recur ({names}), so it "
                "is not read as a speaker.",
         "other": _EXPECTED_EN + "{n} lines look like “名字　台词”, but their names do not recur ({names}), so "
                  "they are not read as speakers."},
    ),
    "script.not_recognised.rejected": (
        _EXPECTED_ZH + "有 {n} 行带冒号，但冒号前不像名字（例如“{example}”）。",
        {"one": _EXPECTED_EN + "{n} line has a colon, but what stands before it is not a name (e.g. “{example}”).",
         "other": _EXPECTED_EN + "{n} lines have a colon, but what stands before it is not a name "
                  "(e.g. “{example}”)."},
    ),
    "script.not_recognised.nothing": (
        _EXPECTED_ZH + "文中没有带冒号的说话人行，也没有引号对白。",
        _EXPECTED_EN + "The text has no speaker lines with a colon and no quoted speech.",
    ),
    # ---- samples made from a script or document (core/flows/script.py): the run's report
    "script.report.new": (
        "新增{kind} {n} 条",
        {"one": "{n} new {kind} sample", "other": "{n} new {kind} samples"},
    ),
    "script.report.existing": (
        "{n} 条上次已经生成过（不重复添加）",
        "{n} already made by an earlier run (not added again)",
    ),
    "script.report.dropped_total": ("{n} 处没有做成样本", "{n} dropped"),
    "script.report.dropped": ("没有做成样本 {n} 处：{reason}", "dropped {n}: {reason}"),
    "script.report.unattributed": (
        "{n} 句台词找不到说话人，没有使用",
        "{n} speech(es) had no speaker and were not used",
    ),
    "script.report.note_heuristic": (
        "提示：说话人是从叙述里推测的（小说版式），请在审阅中检查",
        "note: speakers were guessed from the prose (novel layout, heuristic): check the samples in Review",
    ),
    "script.kind.sft": ("问答样本", "sft"),
    "script.kind.dialogue": ("多轮对话样本", "dialogue"),
    "script.kind.pretrain": ("预训练文本样本", "pretrain"),
    # why a speech or scene made no sample
    "script.drop.opens_scene": (
        "这个角色的台词是场景的第一句（前面没有可以当作问题的话）",
        "the character's speech opens the scene (no question before it)",
    ),
    "script.drop.answer_short": ("回答少于 {n} 个字", "answer shorter than {n} characters"),
    "script.drop.question_short": ("问题少于 {n} 个字", "question shorter than {n} characters"),
    "script.drop.one_speaker": ("这一场只有一个人说话", "only one speaker in the scene"),
    "script.drop.opening_left_out": (
        "去掉了开场第一句（对话要由用户先说）",
        "opening speech left out (a conversation starts with the user)",
    ),
    "script.drop.character_silent": ("这个角色在这一场没有台词", "the character does not speak in the scene"),
    "script.drop.few_turns": ("合并后不到 {n} 轮", "fewer than {n} turns after merging"),
    "script.drop.no_text": ("文档里没有文字", "the document has no text"),
    # errors a user can meet (core/flows/script.py)
    "script.error.template_invalid": (
        "系统提示词模板 {template} 写得不对（{error}）；要写花括号本身，请写成 {{{{ 或 }}}}。",
        "The system prompt template {template} is not valid ({error}); write a literal brace as {{{{ or }}}}.",
    ),
    "script.error.template_field": (
        "系统提示词模板用了 {field}，这个占位符不认识：可以用 {known}。",
        "The system prompt template uses {field}, which is not known: use {known}.",
    ),
    "script.error.no_documents": (
        "项目里还没有导入的文档。请先导入剧本或文档。",
        "The project has no imported documents. Import a script or a document first.",
    ),
    "script.error.not_document": (
        "来源 #{id}（“{name}”）不是导入的文档。",
        "Source #{id} (“{name}”) is not an imported document.",
    ),
    "script.error.no_source": ("项目里没有来源 #{id}。", "The project has no source #{id}."),
    "script.error.no_text": (
        "来源 #{id} 没有保存文字；请重新导入这个文档。",
        "Source #{id} has no stored text; import the document again.",
    ),
    "script.error.no_speakers": ("没有找到说话人", "no speakers found"),
    "script.error.table": ("{name} 中：{top}", "{name}: {top}"),
    "script.error.character_silent": (
        "“{character}”在所选文档里没有台词。找到的角色：{tables}。请检查名字，或合并别名（别名=正名）。",
        "“{character}” does not speak in the selected document(s). Characters found — {tables}. Check the "
        "name, or merge an alias (别名=正名).",
    ),
    "script.error.no_character": ("请选择一个角色：他的台词会作为回答。",
                                  "Choose the character whose lines become the answers."),
    "script.error.history": ("保留的前文轮数不能小于 0（现在是 {n}）。", "History must be 0 or more turns (got {n})."),
    "script.error.min_turns": ("一段对话至少要 2 轮（现在最少轮数是 {n}）。",
                               "A dialogue needs at least 2 turns (min_turns is {n})."),
    "script.error.max_turns": ("每段最多轮数要么是 0（整场一段），要么至少是 2（现在是 {n}）。",
                               "max_turns must be 0 (whole scenes) or at least 2 (got {n})."),
    # the script parser's options (core/sources/documents/script.py)
    "script.error.mode": ("不认识的剧本读法 {mode}：请用 auto（自动）、script（剧本）或 novel（小说）。",
                          "Unknown script mode {mode}: use auto, script or novel."),
    "script.error.max_name_len": ("说话人名字最长字数要在 1 到 40 之间（现在是 {n}）。",
                                  "The longest speaker name must be 1 to 40 characters (got {n})."),
    "script.error.scene_blank_lines": ("开始新场景的空行数要是 0（不按空行分场）或更多。",
                                       "The blank lines that start a scene must be 0 (never) or more."),
    "script.error.scene_pattern": ("场景标题的规则 {pattern} 不是有效的正则表达式（regular expression）：{error}。",
                                   "The scene pattern {pattern} is not a valid regular expression: {error}."),
    # ---- why a name before a colon is not a speaker; why a line has no speaker (the Documents tab
    # lists them beside the lines, in the reader's language)
    "script.name.too_long": ("作为名字太长（{n} 字，超过 {limit} 字）", "too long for a name ({n} > {limit} characters)"),
    "script.name.number": ("是数字，不是名字", "a number, not a name"),
    "script.name.label": ("是标签，不是说话人", "a label, not a speaker"),
    "script.name.actor": ("是演员表里的演员，不是角色", "an actor in the cast list, not a character"),
    "script.name.not_a_name": ("不是名字", "not a name"),
    "script.name.unknown_character": ("不在已知角色里", "is not a known character"),
    "script.name.novel_speech": ("是小说里的“某某说：”，不是剧本的说话人标记",
                                 "a novel's speech (…说：“…”), not a speaker label"),
    "script.name.web_address": ("是网址", "a web address"),
    "script.unattributed.name": ("“{name}”{problem}", "“{name}” {problem}"),
    "script.unattributed.label_unanswered": ("“{name}”是标签，不是说话人（没有人接它的话）",
                                             "“{name}” a label, not a speaker (nobody answers it)"),
    "script.unattributed.no_speaker_before_verb": ("说话动词前面没有说话人", "no speaker before the speech verb"),
    "script.unattributed.pronoun": ("说话人是代词（“{name}”），看不出是谁",
                                    "the speaker is a pronoun (“{name}”): who it is cannot be told"),
    "script.unattributed.unclear": ("看不出说话人是谁（“{words}”）", "the speaker is unclear (“{words}”)"),
    "script.unattributed.no_pattern": ("前后没有说话人的写法（X道：/X说：/“…”X说。）",
                                       "no speaker pattern (X道：/X说：/“…”X说。) around it"),
}
