"""ScriptParser: speaker lines, screenplay layout, scenes, directions, aliases, novels, false speakers."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import InputError
from core.messages import render
from core.sources.documents import ScriptOptions, ScriptParser, character_table, parse_script
from core.sources.documents.script import parse_number

INN = (Path(__file__).parent / "data" / "script_inn.txt").read_text(encoding="utf-8")


def speeches(script):
    return [(x.speaker, x.text) for x in script.lines()]


def test_the_inn_script():
    s = parse_script(INN)
    assert s.mode == "script" and not s.heuristic
    assert [(sc.heading, sc.episode, sc.number) for sc in s.scenes] == [
        ("第1幕", "第一集", 1), ("第2幕", "第一集", 2), ("第3幕", "第一集", 3), ("第4幕", "第二集", 4)]
    table = character_table(s)
    assert [(r.name, r.lines, r.scenes) for r in table] == [("林晚", 12, 4), ("沈砚", 6, 2), ("阿福", 4, 2),
                                                            ("赵铁", 3, 1)]
    assert s.characters() == {"林晚": 12, "沈砚": 6, "阿福": 4, "赵铁": 3}
    lines = list(s.lines())
    # 沈砚（抖落雨水）：… — the action is metadata, not part of the name or the speech
    shen = next(x for x in lines if x.action == "抖落雨水")
    assert (shen.speaker, shen.text, shen.line_no) == ("沈砚", "从洛阳来，往西边去。", 13)
    assert next(x for x in lines if x.action == "冷笑").speaker == "赵铁"
    # the speech continued on the next line is joined
    assert ("林晚", "没有可是。去烧壶热水，再切二两牛肉，给客官送去。") in speeches(s)
    # narration in （…）, 【…】 and after △ is never speech, and is kept as context
    assert not any(t.startswith(("（", "【", "△")) for _, t in speeches(s))
    assert lines[0].context == ["（夜，客栈大堂。雨声。阿福在擦桌子。）"]
    assert next(x for x in lines if x.text.startswith("店家")).context == ["（门被推开，沈砚披着蓑衣进来。）"]
    assert s.scenes[2].lines[0].context == ["【次日清晨，客栈门口。】"]
    assert s.scenes[2].narration[-1] == "赵铁转身离去，林晚望着他的背影，神色凝重。"
    assert s.unattributed == [] and s.rejected == []


def test_speaker_line_variants():
    s = parse_script("林晚:半角冒号。\n阿福 ：（擦桌子）前面有空格。\n【沈砚】：方括号里的名字。\n"
                     "赵铁（冷笑）：“整句引号去掉。”\nJohn: Hello there.\n林晚：好啊（转身）我们走（低声）。\n",
                     ScriptOptions(mode="script"))
    assert speeches(s) == [("林晚", "半角冒号。"), ("阿福", "前面有空格。"), ("沈砚", "方括号里的名字。"),
                           ("赵铁", "整句引号去掉。"), ("John", "Hello there."), ("林晚", "好啊我们走。")]
    lines = list(s.lines())
    assert lines[1].action == "擦桌子" and lines[3].action == "冷笑" and lines[5].action == "转身；低声"
    keep = parse_script("林晚：好啊（转身）走。\n阿福：嗯。\n林晚：走。\n",
                        ScriptOptions(strip_inline_directions=False))
    assert next(keep.lines()).text == "好啊（转身）走。"


def test_screenplay_layout_names_alone_on_their_line():
    text = ("第一场 客栈 夜 内\n\n林晚\n阿福，把灯笼挂高些。\n雨大，客人看不见。\n\n阿福\n（擦着桌子）\n"
            "掌柜的，这么大的雨，\n哪还有人来？\n\n林晚：\n越是这样的天，越有人来。\n\n阿福\n是。\n\n"
            "客栈大堂一片寂静。\n")
    s = parse_script(text)
    assert s.mode == "script"
    assert speeches(s) == [("林晚", "阿福，把灯笼挂高些。雨大，客人看不见。"),
                           ("阿福", "掌柜的，这么大的雨，哪还有人来？"), ("林晚", "越是这样的天，越有人来。"),
                           ("阿福", "是。")]
    assert list(s.lines())[1].action == "擦着桌子"
    assert s.scenes[0].narration == ["客栈大堂一片寂静。"]
    # a name with nothing after it, then a blank line: no speech, nothing lost
    empty = parse_script("林晚：\n\n阿福：好。\n林晚：走。\n阿福（点头）\n\n林晚：嗯。\n", ScriptOptions(mode="script"))
    assert speeches(empty) == [("阿福", "好。"), ("林晚", "走。"), ("林晚", "嗯。")]
    # a name standing alone only once is not taken for a speaker (it may be a title or a place)
    once = parse_script("林晚：开门。\n阿福：好。\n林晚：关门。\n\n后院\n一地落叶。\n")
    assert ("后院", "一地落叶。") not in speeches(once) and "一地落叶。" in once.scenes[0].narration
    off = parse_script(text, ScriptOptions(standalone_names=False, mode="script"))
    assert len(list(off.lines())) == 1  # only 林晚： (with a colon)


def test_blank_line_rules():
    text = "林晚：第一句，\n\n第二句。\n阿福：好。\n林晚：嗯。\n"
    assert speeches(parse_script(text))[0] == ("林晚", "第一句，")
    joined = parse_script(text, ScriptOptions(blank_line_ends_speech=False))
    assert speeches(joined)[0] == ("林晚", "第一句，第二句。")
    scenes = "林晚：一。\n阿福：二。\n\n\n林晚：三。\n阿福：四。\n\n林晚：五。\n"
    assert len(parse_script(scenes).scenes) == 1
    split = parse_script(scenes, ScriptOptions(scene_break_blank_lines=2))
    assert [[x.text for x in sc.lines] for sc in split.scenes] == [["一。", "二。"], ["三。", "四。", "五。"]]


@pytest.mark.parametrize(("heading", "number"), [
    ("第1幕", 1), ("第１幕", 1), ("第十二场", 12), ("第二十三场 客栈 日 外", 23), ("第3集", 3), ("第一百零五回", 105),
    ("场景一：客栈大堂", 1), ("场景：后厨", None), ("Scene 4", 4), ("SCENE 7 - INT. INN", 7), ("1-2 日 内 客栈", 2),
    ("INT. INN - NIGHT", None), ("内景 客栈 夜", None), ("## 第二幕", 2), ("第五章　捕头上门", 5),
])
def test_scene_headings(heading, number):
    s = parse_script(f"林晚：前。\n阿福：嗯。\n{heading}\n林晚：后。\n阿福：嗯。\n")
    assert len(s.scenes) == 2
    sc = s.scenes[1]
    assert (sc.heading or sc.episode) == heading.lstrip("#").strip() and sc.number == number


@pytest.mark.parametrize("line", ["第一场雪下来了，林晚关上门。", "第三幕后面的话", "场景很美，他说。"])
def test_not_scene_headings(line):
    assert len(parse_script(f"林晚：前。\n阿福：嗯。\n{line}\n林晚：后。\n").scenes) == 1


def test_extra_scene_patterns():
    s = parse_script("林晚：一。\n阿福：二。\n*** 转场 ***\n林晚：三。\n",
                     ScriptOptions(extra_scene_patterns=(r"^\*\*\*",)))
    assert len(s.scenes) == 2
    with pytest.raises(InputError, match="regular expression"):
        ScriptParser(ScriptOptions(extra_scene_patterns=("(",)))


def test_episode_headings_group_scenes():
    s = parse_script("第一集\n第1场\n林晚：甲。\n阿福：乙。\n第2场\n林晚：丙。\n第二集\n林晚：丁。\n阿福：戊。\n")
    assert [(sc.episode, sc.heading) for sc in s.scenes] == [("第一集", "第1场"), ("第一集", "第2场"), ("第二集", "")]


def test_false_speakers_are_guarded():
    text = ("第1场\n时间：1998年\n地点：客栈\n林晚：开门。\n"
            "他想起了母亲临走前说过的那句话：做人要厚道。\n10:30 天亮了。\n阿福：好。\n林晚：走。\n")
    s = parse_script(text)
    assert speeches(s) == [("林晚", "开门。"), ("阿福", "好。"), ("林晚", "走。")]
    assert s.scenes[0].info == {"时间": "1998年", "地点": "客栈"}
    assert "时间：1998年" in s.scenes[0].narration
    reasons = {r.text: render(r.reason, "en") for r in s.rejected}
    assert "too long for a name" in reasons["他想起了母亲临走前说过的那句话：做人要厚道。"]
    assert "a number" in reasons["10:30 天亮了。"]
    # a shorter limit; a known-characters list
    short = parse_script("林晚：一。\n欧阳长名字：二。\n林晚：三。\n阿福：四。\n", ScriptOptions(max_name_len=4))
    assert "欧阳长名字" not in short.characters()
    known = parse_script("林晚：一。\n路人甲：快跑！\n阿福：二。\n林晚：三。\n",
                         ScriptOptions(known_characters=["林晚", "阿福"]))
    assert set(known.characters()) == {"林晚", "阿福"}
    assert [(u.line_no, render(u.reason, "en")) for u in known.unattributed] == [(2, "“路人甲” is not a known character")]
    assert render(known.unattributed[0].reason, "zh") == "“路人甲”不在已知角色里"
    with pytest.raises(InputError, match="longest speaker name"):
        ScriptParser(ScriptOptions(max_name_len=0))


def test_narrators_and_multi_line_directions():
    s = parse_script("旁白：那一年，雨下了很久。\n林晚：开门。\n（阿福跑过去，\n拉开了门。）\n阿福：来了。\n林晚：好。\n")
    assert speeches(s) == [("林晚", "开门。"), ("阿福", "来了。"), ("林晚", "好。")]
    assert s.scenes[0].narration == ["那一年，雨下了很久。", "（阿福跑过去，", "拉开了门。）"]
    assert list(s.lines())[1].context == ["（阿福跑过去，", "拉开了门。）"]
    # an unclosed bracket does not swallow the rest of the script
    unclosed = parse_script("林晚：一。\n（阿福跑过去\n\n阿福：来了。\n林晚：好。\n")
    assert speeches(unclosed) == [("林晚", "一。"), ("阿福", "来了。"), ("林晚", "好。")]


def test_aliases_merge_names():
    text = "甄嬛：臣妾在。\n皇上：嬛嬛，过来。\n嬛嬛：是。\n莞贵人：臣妾告退。\n皇上：去吧。\n"
    s = parse_script(text)
    assert s.characters() == {"甄嬛": 1, "皇上": 2, "嬛嬛": 1, "莞贵人": 1}
    merged = s.merge_aliases({"嬛嬛": "甄嬛", "莞贵人": "甄嬛"})
    assert merged.characters() == {"甄嬛": 3, "皇上": 2}
    row = merged.character_table()[0]
    assert (row.name, row.lines, row.aliases) == ("甄嬛", 3, ["嬛嬛", "莞贵人"])
    at_parse = parse_script(text, ScriptOptions(aliases={"嬛嬛": "莞贵人", "莞贵人": "甄嬛"}))  # chains resolve
    assert at_parse.characters() == {"甄嬛": 3, "皇上": 2}
    assert [x.name_as_written for x in at_parse.lines()][:3] == ["甄嬛", "皇上", "嬛嬛"]


NOVEL = (
    "第一回　雨夜投宿\n\n"
    "雨下了一整夜。客栈掌柜林晚把灯笼挂高，伙计阿福在擦桌子。\n"
    "三更时分，一个书生推门进来：“店家，可还有空房？”\n"
    "林晚说：“有的。客官从哪里来？”书生答：“洛阳。”\n"
    "林晚笑道：“洛阳好地方。”\n\n"
    "第二回　捕头上门\n\n"
    "次日清晨，赵捕头拍着官府的牌子问：“昨夜可有生人住店？”\n"
    "“没有。”林晚淡淡地说。“赵捕头请回吧。”\n"
    "赵捕头冷笑道：“少打马虎眼。”\n"
    "林晚笑了笑，说：“捕头放心。”\n"
    "她低声道：“走吧。”\n"
    "所谓“江湖”，不过是人情世故。\n"
    "林晚对阿福说：“去烧水。”阿福答应道：“是。”\n"
)


def test_novel_speech_attributed_by_heuristic():
    s = parse_script(NOVEL)
    assert s.mode == "novel" and s.heuristic
    assert all(x.heuristic for x in s.lines())
    assert speeches(s) == [
        ("林晚", "有的。客官从哪里来？"), ("书生", "洛阳。"), ("林晚", "洛阳好地方。"),
        ("林晚", "没有。"), ("林晚", "赵捕头请回吧。"),  # “…”X说。“…” — the second continues the first
        ("赵捕头", "少打马虎眼。"), ("林晚", "捕头放心。"), ("林晚", "去烧水。"), ("阿福", "是。"),
    ]
    assert [(sc.heading, sc.number) for sc in s.scenes] == [("第一回　雨夜投宿", 1), ("第二回　捕头上门", 2)]
    un = {u.text: render(u.reason, "en") for u in s.unattributed}
    assert set(un) == {"店家，可还有空房？", "昨夜可有生人住店？", "走吧。"}
    assert "no speaker pattern" in un["店家，可还有空房？"]
    assert "unclear" in un["昨夜可有生人住店？"]
    assert "pronoun" in un["走吧。"]
    assert all(r.heuristic for r in s.character_table())
    # narration is kept as context, without the bare attributions
    assert s.scenes[0].lines[0].context == ["雨下了一整夜。客栈掌柜林晚把灯笼挂高，伙计阿福在擦桌子。",
                                            "三更时分，一个书生推门进来：", ]
    # a name found twice resolves a long clause; known characters do too
    known = parse_script(NOVEL, ScriptOptions(known_characters=["林晚", "阿福", "赵捕头", "书生"]))
    assert ("赵捕头", "昨夜可有生人住店？") in speeches(known)


def test_mode_auto_and_forced():
    assert parse_script(INN, ScriptOptions(mode="novel")).mode == "novel"
    assert parse_script(NOVEL, ScriptOptions(mode="script")).mode == "script"
    assert parse_script("只是一段话，没有对白。").scenes == []
    with pytest.raises(InputError, match="mode"):
        ScriptParser(ScriptOptions(mode="poem"))


def test_parse_number():
    assert [parse_number(x) for x in ("12", "１２", "十", "十二", "二十", "一百零五", "两千", "二〇二四", "一万二千")] == [
        12, 12, 10, 12, 20, 105, 2000, 2024, 12000]
    assert parse_number("abc") is None
