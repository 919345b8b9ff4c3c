"""Script layouts the layout tests do not use (an adversarial second read of issue 15 point 6):
voice marks written against a name (李梅OS：, 王叔VO), a DOCX dialogue table with a scene column
(场次 | 角色 | 台词), a notice whose lines are all 名称：值, an interview whose header labels stand
above its Q：/A：, a cast list of 张三：男，35岁… descriptions, and a crosstalk 甲：/乙：. Run
through the real CLI where the user would meet them. Every person and text here is made up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from core.messages import code_of
from core.sources.documents import parse_script

ROOT = Path(__file__).resolve().parent.parent


def cli(*args) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "--lang", "en", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, env=env)


def speeches(script) -> list[tuple[str, str, str]]:
    return [(x.speaker, x.text, x.action) for x in script.lines()]


SCREENPLAY = """《雨夜来客》

主要人物：
张三：男，35岁，出租车司机
李梅：女，32岁，小学老师，张三的妻子
王叔：男，60岁，楼下邻居

第1场 日 内 客厅

张三：外面雨太大了，车都打不着火。
李梅：快把衣服换了，别着凉。
张三（画外音）：那天晚上，我没想到会有人来敲门。
李梅OS：他又在想那件事了。

1-1 夜 外 楼道

王叔：小张，你家的灯怎么一直闪？
张三：王叔，您还没睡呢？
王叔 VO：这孩子，总是报喜不报忧。

场景一：医院走廊

张三：医生，结果出来了吗？
王叔：别急，我陪你等。

【场景：客厅】

李梅：回来了？
张三：回来了，没事。
"""


def test_voice_marks_belong_to_the_character_and_cast_descriptions_are_not_speech():
    s = parse_script(SCREENPLAY)
    assert s.cast == ["张三", "李梅", "王叔"]
    assert set(s.characters()) == {"张三", "李梅", "王叔"}  # no 李梅OS, no 王叔 VO, no cast entries
    assert ("李梅", "他又在想那件事了。", "OS") in speeches(s)
    assert ("王叔", "这孩子，总是报喜不报忧。", "VO") in speeches(s)
    assert [len(scene.lines) for scene in s.scenes] == [4, 3, 2, 2]  # every heading form ends a scene


def test_voice_mark_on_a_name_alone_on_its_line_and_an_english_name_ending_in_os():
    s = parse_script("林晚\n你来了。\n\n沈砚\n来了。\n\n林晚OS\n他终究还是来了。\n\n沈砚\n走吧。\n")
    assert speeches(s)[2] == ("林晚", "他终究还是来了。", "OS")
    amos = parse_script("AMOS: Hello there.\nLIN: Hi.\nAMOS: Sit down.\nLIN: Thanks.\n")
    assert set(amos.characters()) == {"AMOS", "LIN"}


def _table_docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph("《雨夜来客》分场台词表")
    table = d.add_table(rows=1, cols=3)
    for cell, head in zip(table.rows[0].cells, ["场次", "角色", "台词"], strict=True):
        cell.text = head
    for row in [("1", "张三", "外面雨太大了，车都打不着火。"), ("1", "李梅", "快把衣服换了，别着凉。"),
                ("1", "张三", "你今天学校忙吗？"), ("1", "李梅", "还行，就是家长会拖得有点晚。"),
                ("2", "王叔", "小张，你家的灯怎么一直闪？"), ("2", "张三", "王叔，您还没睡呢？"),
                ("2", "王叔", "我下来看看。"), ("2", "张三", "明天我找人来修。")]:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value
    d.save(path)
    return path


def test_a_dialogue_table_with_a_scene_column_makes_one_dialogue_per_scene(tmp_path):
    """DOCX 场次 | 角色 | 台词 → import → script-dialogues: two scenes, two dialogues (not one dialogue
    across both), and the question of 王叔's first line is never 李梅's line of scene 1."""
    project = tmp_path / "p.corpus"
    assert cli("import", "--project", project, _table_docx(tmp_path / "table.docx")).returncode == 0
    done = cli("script-dialogues", "--project", project)
    assert done.returncode == 0, done.stderr
    assert "2 new dialogue samples" in done.stdout
    qa = cli("script-qa", "--project", project, "--character", "王叔")
    assert qa.returncode == 0 and "1 new sft sample" in qa.stdout  # 王叔's opening line has no question
    assert "dropped 1" in qa.stdout


NOTICE = """关于春季运动会的通知

各位老师、同学：

为丰富校园文化生活，学校决定举办春季运动会，现将有关事项通知如下。

时间：2024年4月18日至19日
地点：学校田径场
参加对象：全体学生及教职工
注意：请各班于4月10日前上报参赛名单。
要求：服从裁判，文明参赛。
报名方式：由班主任统一报送体育组。
联系人：体育组刘老师
特别提醒：运动员须提前热身，避免受伤。
温馨提示：请自带水杯，不要乱扔垃圾。

学校办公室
2024年3月25日
"""


def test_a_notice_full_of_colons_has_no_speakers_and_says_the_layout_was_not_recognised(tmp_path):
    s = parse_script(NOTICE)
    assert list(s.lines()) == [] and not s.heuristic
    assert code_of(s.problem) == "script.not_recognised.rejected"
    notice = tmp_path / "notice.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    project = tmp_path / "p.corpus"
    assert cli("import", "--project", project, notice).returncode == 0
    done = cli("script-dialogues", "--project", project)
    assert "0 new dialogue samples" in done.stdout and "Layout not recognised" in done.stdout
    assert "guessed" not in done.stdout
    qa = cli("script-qa", "--project", project, "--character", "联系人")
    assert qa.returncode != 0 and "does not speak" in qa.stderr


INTERVIEW = """访谈：一位乡村教师的二十年

时间：2023年5月12日
地点：某县中心小学
采访人：本刊记者
受访人：陈老师

Q：您是哪一年来到这所学校的？
A：2003年，那时候我刚毕业，学校只有两间教室。
Q：是什么让您坚持下来？
A：孩子们吧。每次看到他们考上中学，我就觉得值了。
"""


def test_an_interviews_header_labels_are_not_speakers_but_its_q_and_a_are():
    s = parse_script(INTERVIEW)
    assert [x.speaker for x in s.lines()] == ["Q", "A", "Q", "A"]
    info = s.scenes[0].info
    assert info["采访人"] == "本刊记者" and info["受访人"] == "陈老师" and info["时间"] == "2023年5月12日"
    assert {r.line_no for r in s.rejected} == {1, 5, 6}


def test_one_unpunctuated_line_before_the_dialogue_stays_a_speech():
    s = parse_script("店小二：客官里边请\n林晚：来壶茶。\n沈砚：两壶。\n林晚：再来碟花生。\n沈砚：好。\n")
    assert [x.speaker for x in s.lines()][0] == "店小二"


def test_crosstalk_speakers_take_turns():
    s = parse_script("《说方言》\n\n甲：今天咱俩说段相声。\n乙：好啊，说什么？\n甲：说说方言。\n乙：方言有什么好说的？\n")
    assert [x.speaker for x in s.lines()] == ["甲", "乙", "甲", "乙"]
