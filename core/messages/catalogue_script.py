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
}
