"""Comment trees → dialogues: the generic tree/path builder and each cleaning rule."""

from __future__ import annotations

import sys

import pytest

from core.errors import InputError
from core.sources.bilibili.dialogues import DialogueOptions, build_dialogues, clean_comment
from core.store import SampleFilter, Store
from core.text.dialogues import (
    alternate_roles,
    anonymous_names,
    build_forest,
    has_content,
    iter_dialogues,
    iter_paths,
    merge_consecutive,
)


# ---- the generic part -------------------------------------------------------------------------
def test_paths_of_a_tree_in_order():
    f = build_forest({1: None, 2: 1, 3: 1, 4: 2, 5: 2, 6: None, 7: 3})
    assert list(iter_paths(f)) == [(1, 2, 4), (1, 2, 5), (1, 3, 7), (6,)]
    assert f.leaves() == 4
    assert list(iter_paths(f, min_length=3)) == [(1, 2, 4), (1, 2, 5), (1, 3, 7)]
    assert f.short_paths == 1
    # pairs work too; a node naming itself as parent is a root
    f2 = build_forest([(1, None), (2, 1), (3, 3)])
    assert list(iter_paths(f2)) == [(1, 2), (3,)]


def test_missing_parent_hangs_under_its_root():
    roots = {10: 1, 11: 1, 20: 99}
    f = build_forest({1: None, 10: 5, 11: 10, 20: 7}, roots.get)  # 5 deleted; 20's parent and root gone
    assert list(iter_paths(f)) == [(1, 10, 11), (20,)]
    assert (f.reattached, f.orphan_roots) == (1, 1)


def test_a_chain_5000_deep_needs_no_recursion():
    n = 5000
    parents = {1: None} | {i: i - 1 for i in range(2, n + 1)}
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200)  # the walk must not recurse at all
    try:
        f = build_forest(parents)
        paths = list(iter_paths(f))
        dialogues = list(iter_dialogues(f, lambda k: (k % 2, f"t{k}"), min_turns=3))
    finally:
        sys.setrecursionlimit(limit)
    assert len(paths) == 1 and len(paths[0]) == n
    assert len(dialogues) == 1 and len(dialogues[0][1]) == n


def test_roles_alternate_backwards_from_the_last_turn():
    assert alternate_roles(1) == ["assistant"]
    assert alternate_roles(2) == ["user", "assistant"]
    assert alternate_roles(3) == ["assistant", "user", "assistant"]
    assert alternate_roles(4) == ["user", "assistant", "user", "assistant"]


def test_helpers():
    assert anonymous_names(["x", "y", "x", "z"]) == ["用户A", "用户B", "用户A", "用户C"]
    assert anonymous_names(list(range(28)))[-2:] == ["用户AA", "用户AB"]
    assert merge_consecutive([("a", "1"), ("a", "2"), ("b", "3"), ("a", "4")]) == [
        ("a", "1\n2"), ("b", "3"), ("a", "4")]
    assert has_content("好") and has_content("ok") and has_content("３")
    assert not has_content("") and not has_content("？！…") and not has_content("😂😂") and not has_content("  ")


# ---- cleaning one comment ---------------------------------------------------------------------
def test_reply_prefix_is_stripped():
    o = DialogueOptions()
    assert clean_comment("回复 @小明 :你说得对", o) == "你说得对"
    assert clean_comment("回复 @小明：你说得对", o) == "你说得对"
    assert clean_comment("回复 @橘子 汽水 : 好", o) == "好"
    assert clean_comment("我回复 @小明 :不是开头的不算", o) == "我回复 @小明 :不是开头的不算"
    assert clean_comment("回复 @小明 :你说得对", DialogueOptions(strip_reply_prefix=False)) == "回复 @小明 :你说得对"


def test_emotes_keep_strip_or_map():
    text = "笑死[doge][笑哭] 真的"
    assert clean_comment(text, DialogueOptions(emotes="strip"), ["[doge]", "[笑哭]"]) == "笑死 真的"
    assert clean_comment(text, DialogueOptions(emotes="keep"), ["[doge]", "[笑哭]"]) == text
    mapped = DialogueOptions(emotes="map", emote_map={"[doge]": "🐶"})
    assert clean_comment(text, mapped, ["[doge]", "[笑哭]"]) == "笑死🐶 真的"
    # without the comment's emote list, [名称] tokens count as emotes, but not [1]
    assert clean_comment("见[1]，好[吃瓜]", DialogueOptions()) == "见[1]，好"
    # with the list, only listed tokens are emotes
    assert clean_comment("[原创]内容[doge]", DialogueOptions(), ["[doge]"]) == "[原创]内容"


def test_empty_and_emote_only_turns_are_dropped():
    o = DialogueOptions()
    assert clean_comment("", o) is None
    assert clean_comment("   ", o) is None
    assert clean_comment("[doge][doge]", o, ["[doge]"]) is None
    assert clean_comment("[doge]！！", DialogueOptions(emotes="keep"), ["[doge]"]) is None  # only emotes + punctuation
    assert clean_comment("？？？", o) is None
    assert clean_comment("回复 @小明 :[笑哭]", o, ["[笑哭]"]) is None
    keep = DialogueOptions(emotes="keep", drop_empty_turns=False)
    assert clean_comment("[doge]", keep, ["[doge]"]) == "[doge]"
    assert clean_comment("  多余   的\n\n 空白  ", o) == "多余 的\n空白"


def test_bad_options_are_refused():
    for kw in ({"min_turns": 0}, {"max_turns": 2, "min_turns": 3}, {"emotes": "eat"}, {"max_turns": -1}):
        with pytest.raises(InputError):
            DialogueOptions(**kw).check()


# ---- building from stored comments ------------------------------------------------------------
@pytest.fixture
def store(tmp_path):
    with Store.create(tmp_path / "d.corpus") as st:
        yield st


def add(store, comments, bvid="BV1xx411c7mD", aid=2):
    """comments: (rpid, root, parent, mid, name, text[, emotes])."""
    sid = next((s["id"] for s in store.sources() if s["settings"].get("aid") == aid), None)
    if sid is None:
        sid = store.add_source("bilibili", bvid, f"https://www.bilibili.com/video/{bvid}", {"aid": aid, "bvid": bvid})
    items = []
    for c in comments:
        rpid, root, parent, mid, name, text = c[:6]
        d = {"rpid": rpid, "root": root, "parent": parent, "mid": mid, "name": name, "text": text,
             "time": 1600000000 + rpid, "like": 0}
        if len(c) > 6:
            d["emotes"] = c[6]
        items.append((str(rpid), str(parent) if parent else None, d))
    store.add_raw_items(sid, "comment", items)
    return sid


def dialogues(store, sid=None):
    flt = SampleFilter(source_id=sid, kind="dialogue")
    return [[(t.role, t.name, t.text) for t in s.turns] for s in store.iter_samples(flt)]


THREAD = [
    (1, 0, 0, 100, "阿伟", "这个视频讲得真好"),
    (2, 1, 1, 200, "小明", "同意，尤其是后半段"),
    (3, 1, 2, 100, "阿伟", "回复 @小明 :后半段的例子很清楚"),
    (4, 1, 3, 300, "路人", "回复 @阿伟 :哪个例子？"),
    (5, 1, 2, 400, "老王", "回复 @小明：我觉得一般[doge]", ["[doge]"]),
    (6, 1, 1, 500, "夜雨", "前排"),  # root → 6: two turns, too short
]


def test_each_path_is_one_dialogue_from_the_user_to_the_assistant(store):
    sid = add(store, THREAD)
    rep = build_dialogues(store)
    assert (rep.paths, rep.kept, rep.too_short, rep.duplicate, rep.empty) == (3, 2, 1, 0, 0)
    d = dialogues(store)
    assert d[0] == [("user", "用户A", "这个视频讲得真好"), ("assistant", "用户B", "同意，尤其是后半段"),
                    ("user", "用户A", "后半段的例子很清楚"), ("assistant", "用户C", "哪个例子？")]
    # three turns: the root comment is the context (system prompt), the replies the dialogue
    assert d[1] == [("user", "用户B", "同意，尤其是后半段"), ("assistant", "用户C", "我觉得一般")]
    odd = list(store.iter_samples(SampleFilter(source_id=sid)))[1]
    assert odd.system == "上文：\n用户A：这个视频讲得真好" and odd.meta["odd_chain"] == "context"
    s = next(store.iter_samples(SampleFilter(source_id=sid)))
    assert s.kind == "dialogue" and s.status == "pending" and s.source_id == sid
    assert s.meta == {"flow": "bilibili", "path": [1, 2, 3, 4], "video": "BV1xx411c7mD", "gen_key": "chain:1,2,3,4"}


def test_keep_names_and_emotes(store):
    add(store, THREAD)
    build_dialogues(store, options=DialogueOptions(keep_names=True, emotes="keep"))
    d = dialogues(store)
    assert [n for _r, n, _t in d[0]] == ["阿伟", "小明", "阿伟", "路人"]
    assert d[1][-1] == ("assistant", "老王", "我觉得一般[doge]")


def test_min_and_max_turns(store):
    add(store, THREAD)
    rep = build_dialogues(store, options=DialogueOptions(min_turns=4))
    assert (rep.kept, rep.too_short) == (1, 2)
    chain = [(10, 0, 0, 1, "a", "第0句")] + [(10 + i, 10, 10 + i - 1, i % 2 + 2, "b", f"第{i}句") for i in range(1, 12)]
    add(store, chain, "BV17x411w7KC", 170001)
    rep = build_dialogues(store, options=DialogueOptions(max_turns=5))
    assert rep.truncated == 1
    long = [d for d in dialogues(store) if "第11句" in d[-1][2]][0]
    # the last five, the first of them as context: user first, assistant last
    assert [t for _r, _n, t in long] == ["第8句", "第9句", "第10句", "第11句"]
    assert long[-1][0] == "assistant" and long[0][0] == "user"


def test_empty_turns_consecutive_speakers_and_deleted_parents(store):
    add(store, [
        (1, 0, 0, 1, "甲", "开头"),
        (2, 1, 1, 2, "乙", "[doge]", ["[doge]"]),   # only an emote: no turn
        (3, 1, 2, 1, "甲", "第二句"),
        (4, 1, 3, 1, "甲", "我再补充一句"),         # same speaker again: merged
        (5, 1, 4, 3, "丙", "好的"),
        (7, 1, 6, 4, "丁", "我的上一条被删了"),       # parent 6 deleted: hangs under root 1
        (8, 1, 7, 5, "戊", "那你再说一遍"),
    ])
    rep = build_dialogues(store)
    assert rep.empty_turns == 1 and rep.reattached == 1
    # 1 → 3 → 4 → 5 is 开头 + 第二句 + 我再补充一句 (one speaker, merged) and 好的: two turns
    assert rep.kept == 1 and rep.too_short == 1
    assert dialogues(store) == [[("user", "用户B", "我的上一条被删了"), ("assistant", "用户C", "那你再说一遍")]]
    rep = build_dialogues(store, options=DialogueOptions(merge_same_speaker=False, min_turns=3))
    assert rep.kept == 2
    # the dialogue built as before stays as it was (same id, first); the new one comes after it
    assert [n for _r, n, _t in dialogues(store)[-1]] == ["用户A", "用户A", "用户A", "用户B"]
    assert [t for _r, _n, t in dialogues(store)[-1]] == ["开头", "第二句", "我再补充一句", "好的"]


def test_duplicates_and_empty_dialogues(store):
    same = [(1, 0, 0, 1, "a", "你好"), (2, 1, 1, 2, "b", "你好呀"), (3, 1, 2, 1, "a", "再见")]
    add(store, same)
    add(store, [(11, 0, 0, 1, "a", "你好"), (12, 11, 11, 2, "b", "你好呀"), (13, 11, 12, 1, "a", "再见"),
                (21, 0, 0, 5, "c", "？？"), (22, 21, 21, 6, "d", "[doge]", ["[doge]"]),
                (23, 21, 22, 7, "e", "。。。")], "BV17x411w7KC", 170001)
    rep = build_dialogues(store)
    assert (rep.kept, rep.duplicate, rep.empty, rep.too_short) == (1, 1, 1, 0)
    assert rep.dropped == {"too short": 0, "duplicate": 1, "empty": 1}
    assert rep.sources == 2 and rep.comments == 9


def test_building_again_replaces_pending_and_keeps_reviewed(store):
    sid = add(store, THREAD)
    first = build_dialogues(store)
    assert first.kept == 2
    ids = list(store.query_ids(SampleFilter(source_id=sid)))
    store.set_status([ids[0]], "accepted")
    # an unrelated pending sample of the same source stays
    from core.model import Sample

    other = store.add_samples([Sample.qa("问", "答", source_id=sid)])[0]
    again = build_dialogues(store, sid, DialogueOptions(keep_names=True))
    assert again.replaced == 1 and again.already_reviewed == 1 and again.kept == 1
    assert store.count(SampleFilter(source_id=sid, kind="dialogue")) == 2
    accepted = store.get_sample(ids[0])
    assert accepted.status == "accepted" and accepted.turns[0].name == "用户A"  # untouched
    assert store.get_sample(other) is not None
    third = build_dialogues(store, sid)
    assert third.replaced == 1 and third.kept == 1
    assert store.count(SampleFilter(source_id=sid, kind="dialogue")) == 2
    with pytest.raises(InputError):
        build_dialogues(store, 999)
