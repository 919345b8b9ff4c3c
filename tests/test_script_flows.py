"""Samples from scripts: character QA (history, system template, lengths), whole-scene dialogues,
pre-training chunks; no duplicates when run again."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import InputError
from core.export.validate import check_conversation
from core.flows.script import (
    DialogueOptions,
    ScriptQAOptions,
    chunk_samples,
    parse_source,
    script_dialogues,
    script_qa,
)
from core.messages import render
from core.sources.documents import ScriptOptions, import_document
from core.store import SampleFilter, Store
from core.text import chunk_text

INN = Path(__file__).parent / "data" / "script_inn.txt"


@pytest.fixture
def store(tmp_path):
    with Store.create(tmp_path / "p.corpus") as st:
        yield st


@pytest.fixture
def inn(store):
    return import_document(store, INN).source_id


def roles(sample):
    return [(t.role, t.name, t.text) for t in sample.turns]


def _en(dropped) -> dict[str, int]:
    """A report's drop reasons (stored as message codes) as English sentences."""
    return {render(reason, "en"): n for reason, n in dropped.items()}


def _zh(dropped) -> dict[str, int]:
    return {render(reason, "zh"): n for reason, n in dropped.items()}


def test_character_qa_single_turn(store, inn):
    report = script_qa(store, inn, "林晚", ScriptQAOptions(system_template="现在你要扮演{character}（{scene}）"))
    # 12 speeches; the one that opens scene 1 has no question before it
    assert report.created == 11 and report.existing == 0
    assert _en(report.dropped) == {"the character's speech opens the scene (no question before it)": 1}
    assert [(s, n, render(r, "en")) for s, n, r in report.examples] == [
        (inn, 7, "the character's speech opens the scene (no question before it)")]
    assert _zh(report.dropped) == {"这个角色的台词是场景的第一句（前面没有可以当作问题的话）": 1}  # stored as a code
    assert not report.heuristic and report.source_ids == [inn]
    assert [(r.name, r.lines) for r in report.characters][:2] == [("林晚", 12), ("沈砚", 6)]
    samples = list(store.iter_samples(SampleFilter(source_id=inn)))
    assert len(samples) == 11 and all(s.kind == "sft" and s.status == "pending" for s in samples)
    first = samples[0]
    assert first.system == "现在你要扮演林晚（第1幕）"
    assert roles(first) == [("user", "阿福", "掌柜的，这么大的雨，哪还有人来投宿？"),
                            ("assistant", "林晚", "越是这样的天，越有人走投无路。挂上吧。")]
    assert first.meta["line"] == 9 and first.meta["question_line"] == 8 and first.meta["scene"] == "第1幕"
    # the continued speech is one answer; the question before it is 阿福's
    cont = next(s for s in samples if s.meta["line"] == 22)
    assert roles(cont)[-1][2] == "没有可是。去烧壶热水，再切二两牛肉，给客官送去。"
    # the narration before the question/answer travels as context
    shen = next(s for s in samples if s.meta["line"] == 12)
    assert shen.meta["context"] == ["（门被推开，沈砚披着蓑衣进来。）"]
    assert all(check_conversation(s).turns is not None for s in samples)


def test_character_qa_with_history_and_actions(store, inn):
    report = script_qa(store, inn, "沈砚", ScriptQAOptions(history=2, system_template="现在你要扮演{character}"))
    assert report.created == 5  # 6 speeches, the one opening scene 4 has no question
    samples = list(store.iter_samples(SampleFilter(source_id=inn)))
    by_line = {s.meta["line"]: s for s in samples}
    # line 13 (沈砚（抖落雨水）): two earlier turns of the scene as history, the action as metadata
    s13 = by_line[13]
    assert s13.system == "现在你要扮演沈砚"
    assert roles(s13) == [
        ("user", "林晚", "越是这样的天，越有人走投无路。挂上吧。"),
        ("assistant", "沈砚", "店家，可还有空房？"),
        ("user", "林晚", "有的。客官从哪里来？"),
        ("assistant", "沈砚", "从洛阳来，往西边去。"),
    ]
    assert s13.meta["action"] == "抖落雨水" and s13.meta["history"] == 2
    # other speakers in a row merge into one user turn, each line with its speaker's name
    assert roles(by_line[11]) == [("user", None, "林晚：阿福，门口的灯笼再挂高些，雨大，过路的客人看不见。\n"
                                                 "阿福：掌柜的，这么大的雨，哪还有人来投宿？\n"
                                                 "林晚：越是这样的天，越有人走投无路。挂上吧。"),
                                  ("assistant", "沈砚", "店家，可还有空房？")]
    # and history never starts with the assistant (scene 4 opens with 沈砚)
    assert [t.role for t in by_line[41].turns] == ["user", "assistant"]
    assert all(check_conversation(s).turns is not None and s.turns[0].role == "user" for s in samples)


def test_several_other_speakers_make_one_question_and_merge_option(store):
    text = "第1场\n阿福：掌柜的。\n赵铁：开门！\n林晚：来了。\n林晚：稍等。\n阿福：快些。\n林晚：好。\n"
    path = Path(store.path).with_name("multi.txt")
    path.write_text(text, encoding="utf-8")
    sid = import_document(store, path).source_id
    script_qa(store, sid, "林晚", ScriptQAOptions(system_template=""))
    a, b = store.iter_samples(SampleFilter(source_id=sid))
    assert roles(a) == [("user", "赵铁", "开门！"), ("assistant", "林晚", "来了。\n稍等。")]
    assert roles(b) == [("user", "阿福", "快些。"), ("assistant", "林晚", "好。")] and a.system == ""
    r = script_qa(store, sid, "林晚", ScriptQAOptions(merge_consecutive=False, min_answer_len=3, history=1,
                                                      speaker_names=True))
    assert r.created == 2 and _en(r.dropped) == {"answer shorter than 3 characters": 1}
    c, d = [s for s in store.iter_samples(SampleFilter(source_id=sid)) if s.system]
    assert roles(c) == [("user", None, "阿福：掌柜的。\n赵铁：开门！"), ("assistant", "林晚", "来了。")]
    assert roles(d) == [("user", None, "阿福：掌柜的。\n赵铁：开门！"), ("assistant", "林晚", "稍等。")]


def test_rerun_adds_no_duplicates_and_new_options_replace_the_untouched(store, inn):
    opts = ScriptQAOptions(history=1)
    first = script_qa(store, inn, "林晚", opts)
    again = script_qa(store, inn, "林晚", ScriptQAOptions(history=1))
    assert (again.created, again.existing) == (0, first.created)
    assert store.count(SampleFilter(source_id=inn)) == first.created
    # a sample deleted in Review is not made again by the same run
    victim = store.get_sample(first.sample_ids[0])
    store.delete_samples([victim.id])
    third = script_qa(store, inn, "林晚", ScriptQAOptions(history=1))
    assert third.created == 0 and store.get_sample(victim.id) is None
    # other options rebuild: the untouched samples become the new ones (none is added beside them)
    other = script_qa(store, inn, "林晚", ScriptQAOptions(history=3))
    assert other.created + other.existing == first.created
    assert store.count(SampleFilter(source_id=inn)) == first.created
    d1 = script_dialogues(store, inn)
    d2 = script_dialogues(store, inn)
    assert d1.created == 4 and (d2.created, d2.existing) == (0, 4)
    c1 = chunk_samples(store, inn, 100, 10)
    c2 = chunk_samples(store, inn, 100, 10)
    assert c1.created > 3 and (c2.created, c2.existing) == (0, c1.created)
    assert "already made by an earlier run" in c2.summary("en")


def test_aliases_and_unknown_character(store, tmp_path):
    path = tmp_path / "宫.txt"
    path.write_text("皇上：嬛嬛。\n甄嬛：臣妾在。\n皇上：莞贵人。\n莞贵人：臣妾告退。\n", encoding="utf-8")
    sid = import_document(store, path).source_id
    r = script_qa(store, sid, "甄嬛", ScriptQAOptions(parser=ScriptOptions(aliases={"莞贵人": "甄嬛"})))
    assert r.created == 2
    assert next(c for c in r.characters if c.name == "甄嬛").aliases == ["莞贵人"]
    with pytest.raises(InputError) as e:
        script_qa(store, sid, "华妃")
    assert "华妃" in str(e.value) and "皇上 (2)" in str(e.value)
    with pytest.raises(InputError, match="not known"):
        script_qa(store, sid, "甄嬛", ScriptQAOptions(system_template="你是{name}"))
    with pytest.raises(InputError, match="no source #99"):
        script_qa(store, 99, "甄嬛")


def test_whole_scene_dialogues(store, inn):
    report = script_dialogues(store, inn)
    assert report.created == 4
    samples = list(store.iter_samples(SampleFilter(source_id=inn, kind="dialogue")))
    for s in samples:
        assert s.turns[0].role == "user" and s.turns[-1].role == "assistant"
        assert all(a.role != b.role for a, b in zip(s.turns, s.turns[1:], strict=False))
        assert all(t.name for t in s.turns) and check_conversation(s).turns == s.turns
    # scene 1 has 9 speeches: the last is the assistant, roles alternate back, the opening one is left out
    s1 = samples[0]
    assert len(s1.turns) == 8 and s1.turns[-1].text == "七日。路上不太平，耽搁了些。"
    assert s1.meta["speakers"] == ["林晚", "沈砚", "阿福"] and s1.meta["narration"][0].startswith("（夜")
    assert _en(report.dropped) == {"opening speech left out (a conversation starts with the user)": 1}
    # with a character: that one is the assistant throughout
    r = script_dialogues(store, inn, DialogueOptions(character="林晚", system_template="扮演{character}",
                                                     max_turns=4))
    mine = [s for s in store.iter_samples(SampleFilter(source_id=inn, kind="dialogue")) if s.meta["character"]]
    assert r.created == len(mine) > 4
    for s in mine:
        assert s.system == "扮演林晚" and len(s.turns) <= 4
        assert all((t.role == "assistant") == (t.name == "林晚") for t in s.turns)


def test_chunk_samples(store, inn, tmp_path):
    text = INN.read_text(encoding="utf-8")
    r = chunk_samples(store, None, 120, 20)
    expected = chunk_text(text, 120, 20)
    assert r.created == len(expected) and r.kind == "pretrain"
    samples = list(store.iter_samples(SampleFilter(kind="pretrain")))
    assert [s.turns[0].text for s in samples] == expected
    assert samples[0].meta["gen_key"] == "chunk:120:20:0"
    with pytest.raises(InputError, match="overlap"):
        chunk_samples(store, None, 10, 20)


def test_novel_source_is_labelled_heuristic(store, tmp_path):
    path = tmp_path / "小说.txt"
    path.write_text("林晚说：“有的。”\n书生问：“几钱？”\n林晚笑道：“二两。”\n他说：“好。”\n", encoding="utf-8")
    sid = import_document(store, path).source_id
    assert parse_source(store, sid).mode == "novel"
    r = script_qa(store, sid, "林晚")
    assert r.heuristic and r.unattributed == 1 and r.created == 1
    assert "heuristic" in r.summary("en") and "1 speech(es) had no speaker" in r.summary("en")
    (s,) = store.iter_samples(SampleFilter(source_id=sid))
    assert s.meta["heuristic"] is True
