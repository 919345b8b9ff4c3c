"""Script layouts end to end: a file imported through the real importer → parsed → QA pairs and
scene dialogues → rows in the exported file, counted. Cast lists (paragraphs and DOCX tables),
dialogue tables, numbered scene headings, zaju/chuanqi, names without a colon, several speakers
on one line, numbered speakers, and the "layout not recognised" result. Every text is fictional."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.export.writer import ExportOptions, export_samples
from core.flows.script import DialogueOptions, ScriptQAOptions, parse_source, script_dialogues, script_qa
from core.messages import code_of, render
from core.sources.documents import import_document, parse_script
from core.store import SampleFilter, Store

INN = Path("/work/shared/fixtures/script_inn.txt")
if not INN.exists():  # the shared fixture is copied into tests/data as well
    INN = Path(__file__).parent / "data" / "script_inn.txt"


@pytest.fixture
def store(tmp_path):
    with Store.create(tmp_path / "p.corpus") as st:
        yield st


def _docx(path: Path, blocks: list) -> Path:
    """A .docx of paragraphs (str) and tables (list of rows), in order."""
    import docx

    d = docx.Document()
    for b in blocks:
        if isinstance(b, str):
            d.add_paragraph(b)
        else:
            t = d.add_table(rows=len(b), cols=len(b[0]))
            for r, row in enumerate(b):
                for c, cell in enumerate(row):
                    t.cell(r, c).text = cell
    d.save(str(path))
    return path


def _txt(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _export_rows(store: Store, tmp_path: Path, kind: str) -> list[dict]:
    out = tmp_path / "out" / f"{kind}.jsonl"
    report = export_samples(store, ExportOptions("sharegpt", out, jsonl=True, include="non_rejected", kind=kind,
                                                 dataset_info=False, mask="off"))
    assert report.skipped == []
    return [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]


def _speakers(row: dict) -> list[str]:
    return [t["value"] for t in row["conversations"]]


CAST = [["角色", "演员"], ["周岚", "陈一鸣"], ["老秦", "黄海"], ["小满", "吴桐"], ["阿坤", "郑原"]]


def test_cast_table_alone_gives_no_samples_and_four_characters(store, tmp_path):
    path = _docx(tmp_path / "雾港人物.docx", ["《雾港》", "人物表", CAST])
    sid = import_document(store, path).source_id
    script = parse_source(store, sid)
    assert script.cast == ["周岚", "老秦", "小满", "阿坤"]
    assert script.actors == ["吴桐", "郑原", "陈一鸣", "黄海"]
    assert list(script.lines()) == []
    # not recognised, and the user is told what the parser expected
    assert code_of(script.problem) == "script.not_recognised.nothing"
    assert "角色：台词" in render(script.problem, "en") and "没有认出版式" in render(script.problem, "zh")
    report = script_dialogues(store, sid)
    assert report.created == 0
    assert any(code_of(n) == "script.layout.cast" for _, n in report.notices)
    assert "Cast list: 4 characters (周岚、老秦、小满、阿坤)" in render(report.notices[0][1], "en")


def test_cast_table_then_dialogue_docx_to_exported_rows(store, tmp_path):
    blocks = ["《雾港》", "人物表", CAST,
              # an earlier layout of a cast list: 角色：演员 pairs in a one-column table
              [["周岚：陈一鸣饰"], ["老秦：黄海饰"]],
              "道具表", [["道具", "数量"], ["灯笼", "2"], ["船票", "3"]],
              "第1场 码头 夜 外",
              "周岚：船几点到？", "老秦：天亮之前。", "周岚：货呢？", "老秦：都在舱里。",
              "2. 仓库 夜 内",
              "小满：姐，有人来了。", "周岚：别出声。", "阿坤：是我，坤叔。", "周岚：你怎么来了？"]
    sid = import_document(store, _docx(tmp_path / "雾港.docx", blocks)).source_id
    script = parse_source(store, sid)
    assert [r.name for r in script.character_table()] == ["周岚", "老秦", "小满", "阿坤"]
    assert not any(a in script.characters() for a in script.actors)  # actors never speak
    assert [s.heading for s in script.scenes] == ["第1场 码头 夜 外", "2. 仓库 夜 内"]
    assert not script.heuristic
    codes = [code_of(n) for n in script.notes]
    assert "script.layout.tables_skipped" in codes  # the props table is not dialogue
    # QA for 周岚: 4 speeches, 2 open nothing; pairs never cross scenes
    report = script_qa(store, sid, "周岚", ScriptQAOptions(system_template=""))
    assert report.created == 3  # 货呢 (after 天亮之前), 别出声 (after 有人来了), 你怎么来了 (after 坤叔)
    rows = _export_rows(store, tmp_path, "sft")
    assert [_speakers(r) for r in rows] == [["天亮之前。", "货呢？"], ["姐，有人来了。", "别出声。"],
                                            ["是我，坤叔。", "你怎么来了？"]]
    dlg = script_dialogues(store, sid)
    assert dlg.created == 2 and {render(r, "en") for r in dlg.dropped}.isdisjoint({"only one speaker in the scene"})
    rows = _export_rows(store, tmp_path, "dialogue")
    assert len(rows) == 2
    assert not any(a in json.dumps(rows, ensure_ascii=False) for a in ("陈一鸣", "黄海", "吴桐", "郑原"))


def test_two_column_dialogue_table_and_a_table_of_names(store, tmp_path):
    blocks = ["出场人物", [["周岚", "老秦", "小满"]],
              "第一场",
              [["周岚", "船几点到？"], ["老秦", "天亮之前，不会误事。"], ["周岚", "货呢？"], ["老秦", "都在舱里。"],
               ["小满", "姐，外面起雾了。"], ["周岚", "雾大才好走。"]]]
    sid = import_document(store, _docx(tmp_path / "表格对白.docx", blocks)).source_id
    script = parse_source(store, sid)
    assert script.cast == ["周岚", "老秦", "小满"]
    assert [(x.speaker, x.text) for x in script.lines()][:2] == [("周岚", "船几点到？"), ("老秦", "天亮之前，不会误事。")]
    assert script.characters() == {"周岚": 3, "老秦": 2, "小满": 1}
    assert "script.layout.table_dialogue" in [code_of(n) for n in script.notes]
    report = script_qa(store, sid, "周岚", ScriptQAOptions(system_template=""))
    assert report.created == 2
    assert len(_export_rows(store, tmp_path, "sft")) == 2


@pytest.mark.parametrize("heading", ["2. 后院 夜 外", "2、客厅 日 内", "第2场", "场景2：后院", "Scene 2", "二、后院",
                                     "INT. 后院 - 夜", "【第二场】", "2-3 街道 夜", "○2 后院 夜", "第二场戏 后院",
                                     "2．后院"])
def test_numbered_scene_headings_end_the_scene(heading):
    text = f"1. 客厅 日 内\n林晚：阿福，挂灯笼。\n阿福：好的。\n{heading}\n沈砚：店家在吗？\n林晚：在。\n"
    s = parse_script(text)
    assert [len(sc.lines) for sc in s.scenes] == [2, 2], heading
    assert s.scenes[1].heading == heading and s.scenes[1].lines[0].text == "店家在吗？"


def test_numbered_list_inside_a_speech_is_not_a_heading():
    s = parse_script("第1场\n林晚：要准备两样：\n1. 灯笼\n2. 蜡烛\n阿福：好的。\n林晚：快去。\n")
    assert len(s.scenes) == 1
    assert s.scenes[0].lines[0].text == "要准备两样：1. 灯笼2. 蜡烛"


def test_numbered_headings_pairs_never_cross_scenes(store, tmp_path):
    text = ("1. 客厅 日 内\n林晚：阿福，挂灯笼。\n阿福：掌柜的，这么大的雨。\n林晚：挂上吧。\n"
            "2. 后院 夜 外\n林晚：谁在那里？\n沈砚：是我，借宿的。\n林晚：进来吧。\n")
    sid = import_document(store, _txt(tmp_path / "numbered.txt", text)).source_id
    report = script_qa(store, sid, "林晚", ScriptQAOptions(system_template=""))
    # 4 speeches of 林晚; the two that open a scene have no question (before: 2. 后院 was read as speech)
    assert report.created == 2
    samples = list(store.iter_samples(SampleFilter(source_id=sid)))
    assert {s.meta["scene"] for s in samples} == {"1. 客厅 日 内", "2. 后院 夜 外"}
    assert all(s.turns[0].text != "挂上吧。" for s in samples)
    assert len(_export_rows(store, tmp_path, "sft")) == 2


ZAJU = """第一折
（冲末扮孛老同卜儿上，诗云）种田人家苦，终岁不得闲。
（正旦扮莲娘上，云）妾身莲娘，夫主远行未归。
〔正旦唱〕
【仙吕·点绛唇】秋水长天，
雁行不见。
【混江龙】想当初柳边话别，
到如今月冷霜寒。（带云）我的丈夫呵，（唱）几时还？
〔末云〕娘子不必悲伤，书信已到。
〔正旦云〕果真么？
〔末云〕果真。
（同下）
第二折
〔正旦云〕又是一年。
〔净云〕大嫂，门外有人寻你。
〔正旦云〕是谁？
题目　莲娘望江楼
正名　书生寄锦书
"""


def test_zaju_roles_speak_and_tune_titles_are_not_speakers(store, tmp_path):
    sid = import_document(store, _txt(tmp_path / "望江楼.txt", ZAJU)).source_id
    script = parse_source(store, sid)
    assert script.layout == "zaju" and not script.heuristic
    assert set(script.characters()) == {"冲末", "正旦", "末", "净"}  # never 混江龙, 题目, 我的丈夫
    sung = [x for x in script.lines() if x.action.startswith("唱")]
    assert [(x.text, x.action) for x in sung] == [("秋水长天，雁行不见。", "唱【仙吕·点绛唇】"),
                                                  ("想当初柳边话别，到如今月冷霜寒。", "唱【混江龙】"),
                                                  ("几时还？", "唱【混江龙】")]
    assert ("正旦", "我的丈夫呵，") in [(x.speaker, x.text) for x in script.lines()]
    assert script.scenes[1].info == {"题目": "莲娘望江楼", "正名": "书生寄锦书"}
    assert "script.layout.zaju" in [code_of(n) for n in script.notes]
    report = script_qa(store, sid, "正旦", ScriptQAOptions(system_template=""))
    # 正旦's runs: 3 in act 1 (2 open after 冲末? no: after 冲末 → answer 1), 果真么 (after 末), 是谁 (after 净)
    assert report.created == 3
    rows = _export_rows(store, tmp_path, "sft")
    assert [r["conversations"][-1]["value"][:4] for r in rows] == ["妾身莲娘", "果真么？", "是谁？"]


def test_chuanqi_role_alone_in_brackets():
    text = ("第一出　言怀\n【真珠帘】（生上）河东旧族，柳氏名门。\n（生）小生姓柳，名梦梅。\n（丑）相公，请用茶。\n"
            "（生）放下罢。\n（丑下）\n")
    s = parse_script(text)
    assert s.layout == "zaju"
    assert [(x.speaker, x.text, x.action) for x in s.lines()] == [
        ("生", "河东旧族，柳氏名门。", "唱【真珠帘】"), ("生", "小生姓柳，名梦梅。", ""), ("丑", "相公，请用茶。", ""),
        ("生", "放下罢。", "")]


NO_COLON = ("第一场\n林晚　阿福，门口的灯笼再挂高些。\n阿福　掌柜的，这么大的雨，哪还有人来？\n"
            "林晚　越是这样的天，越有人走投无路。\n阿福\t好吧，我去挂。\n林晚  小心些，梯子滑。\n")


def test_no_colon_names_are_read_when_they_recur_and_labelled_a_guess(store, tmp_path):
    sid = import_document(store, _txt(tmp_path / "无冒号.txt", NO_COLON)).source_id
    script = parse_source(store, sid)
    assert script.characters() == {"林晚": 3, "阿福": 2}
    assert script.heuristic and all(x.heuristic for x in script.lines())
    assert "script.guess.no_colon" in [code_of(n) for n in script.notes]
    report = script_qa(store, sid, "林晚", ScriptQAOptions(system_template=""))
    assert report.created == 2 and report.heuristic
    assert "guessed" in report.summary("en")
    samples = list(store.iter_samples(SampleFilter(source_id=sid)))
    assert all(s.meta["heuristic"] for s in samples)
    assert len(_export_rows(store, tmp_path, "sft")) == 2


def test_prose_with_spaces_is_not_read_as_speakers(store, tmp_path):
    text = ("那年冬天很冷。\n我的丈夫　他总是很晚才回家。\n街上的灯一盏一盏熄了。\n晚饭以后　我们坐在炉边。\n"
            "后来的事，谁也说不清。\n")
    sid = import_document(store, _txt(tmp_path / "散文.txt", text)).source_id
    script = parse_source(store, sid)
    assert list(script.lines()) == []
    assert code_of(script.problem) == "script.not_recognised.no_colon"
    assert "我的丈夫" in render(script.problem, "zh") and "do not recur" in render(script.problem, "en")
    report = script_dialogues(store, sid)
    assert report.created == 0
    assert "Layout not recognised" in "\n".join(render(n, "en") for _, n in report.notices)


def test_run_together_turns_are_split():
    s = parse_script("女：你来了。男：我来了。\n女：吃饭了吗？男：还没有。\n女：那一起吧。\n")
    assert [(x.speaker, x.text) for x in s.lines()] == [
        ("女", "你来了。"), ("男", "我来了。"), ("女", "吃饭了吗？"), ("男", "还没有。"), ("女", "那一起吧。")]
    s = parse_script("甲：你好。乙：你好。\n甲：今天冷。\n乙：是啊。\n")
    assert [x.speaker for x in s.lines()] == ["甲", "乙", "甲", "乙"]
    # a known speaker inside a line (林晚 speaks at line starts elsewhere): split, not a guess
    s = parse_script("林晚：阿福，过来。阿福：来了！\n阿福：挂好了。\n林晚：好。\n")
    assert [(x.speaker, x.heuristic) for x in s.lines()][:2] == [("林晚", False), ("阿福", False)]
    # a colon after a sentence that is no name: not split
    s = parse_script("林晚：他写了三个字。标题：江湖。\n阿福：好。\n林晚：走吧。\n")
    assert next(s.lines()).text == "他写了三个字。标题：江湖。"


def test_numeric_speakers_when_they_take_turns(store, tmp_path):
    text = "1: 你好，请问在吗？\n2: 在的，有什么事？\n1: 我想订一间房。\n2: 好的，住几晚？\n1: 两晚。\n"
    sid = import_document(store, _txt(tmp_path / "编号.txt", text)).source_id
    script = parse_source(store, sid)
    assert script.characters() == {"1": 3, "2": 2}
    assert "script.layout.numeric" in [code_of(n) for n in script.notes]
    report = script_dialogues(store, sid, DialogueOptions(character="2"))
    assert report.created == 1
    rows = _export_rows(store, tmp_path, "dialogue")
    assert len(rows) == 1 and len(rows[0]["conversations"]) == 4
    # times and a list that counts up are not speakers
    s = parse_script("10:30 开会\n11:45 散会\n林晚：好。\n阿福：嗯。\n林晚：走。\n")
    assert set(s.characters()) == {"林晚", "阿福"}
    s = parse_script("1：准备灯笼\n2：准备蜡烛\n3：准备热水\n4：准备房间\n")
    assert list(s.lines()) == []
    # letters and 甲乙 speak as they always did
    s = parse_script("A: Hi.\nB: Hello.\nA: Bye.\n")
    assert [x.speaker for x in s.lines()] == ["A", "B", "A"]


def test_cast_section_entries_are_not_speeches():
    text = ("人物表\n周岚：船老板，三十岁。\n老秦：水手。\n小满：周岚的妹妹。\n\n第1场\n周岚：船几点到？\n"
            "老秦：天亮之前。\n周岚：货呢？\n")
    s = parse_script(text)
    assert s.cast == ["周岚", "老秦", "小满"]
    assert [x.text for x in s.lines()] == ["船几点到？", "天亮之前。", "货呢？"]
    inline = parse_script("第1场\n人物：周岚、老秦\n周岚：走吧。\n老秦：好。\n周岚：快。\n")
    assert inline.cast == ["周岚", "老秦"] and len(list(inline.lines())) == 3


def test_the_inn_fixture_reads_as_before(store):
    sid = import_document(store, INN).source_id
    script = parse_source(store, sid)
    assert script.layout == "script" and not script.heuristic and script.problem == "" and script.cast == []
    assert script.characters() == {"林晚": 12, "沈砚": 6, "阿福": 4, "赵铁": 3}
    assert [s.heading for s in script.scenes] == ["第1幕", "第2幕", "第3幕", "第4幕"]


def test_documents_tab_shows_the_guess_label_and_why_nothing_was_read(qtbot, tmp_path, qt_run):
    from core.settings import AppSettings
    from ui.main_window import MainWindow

    w = MainWindow(AppSettings())
    qtbot.addWidget(w)
    assert w.open_project(tmp_path / "docs.corpus", create=True)
    page = w.documents
    guess = _txt(tmp_path / "无冒号.txt", NO_COLON)
    prose = _txt(tmp_path / "散文.txt", "那年冬天很冷。\n我的丈夫　他总是很晚才回家。\n街上的灯熄了。\n")
    qt_run(page.import_files([guess, prose]))
    page.documents.setCurrentRow(0)
    script = qt_run(page.reparse())
    assert script is not None and script.heuristic
    assert "部分说话人是推测的" in page.parse_info.text()  # the guess label, in the tab
    assert "名字\u3000台词" in page.parse_info.text()  # and what was guessed (a core message)
    page.documents.setCurrentRow(1)
    script = qt_run(page.reparse())
    assert list(script.lines()) == []
    # core's message, in the language the window set for core
    assert render(script.problem) in page.parse_info.text() and "我的丈夫" in page.parse_info.text()
