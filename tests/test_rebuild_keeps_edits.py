"""Edits are the user's: a rebuild of any generator (script QA, scenes, chunks, chat dialogues,
comment dialogues, the LLM flows that rewrite their own samples) never replaces or deletes a
sample the user edited, accepted or rejected; it replaces the untouched ones in one transaction
and says how many it kept. Own fixtures, fictional people and texts."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from chat_fixtures import write_competition_json
from chat_model import ChatModel
from fake_openai import DEFAULT_KEY, FakeOpenAI

from core.export import ExportOptions, export_samples
from core.flows.chat_dialogues import chat_dialogues
from core.flows.extract import ExtractFlow, ExtractOptions, label_samples
from core.flows.script import DialogueOptions, ScriptQAOptions, chunk_samples, script_dialogues, script_qa
from core.llm.client import make_client
from core.llm.providers import ProviderSettings
from core.messages import render, say
from core.model import Sample
from core.sources.bilibili import dialogues as bili
from core.sources.chats.importer import import_chat_file
from core.sources.chats.sessions import DialogueOptions as ChatOptions
from core.sources.chats.sessions import SessionOptions
from core.sources.documents import import_document
from core.store import SampleFilter, Store
from core.store.schema import APPLICATION_ID, MIGRATIONS

ROOT = Path(__file__).resolve().parent.parent

# A short play of our own: two scenes, 周明 answers 苏青 and 老陈 several times in each.
PLAY = """《茶馆旧事》（节选）

第1幕
（清晨，茶馆。周明在擦茶碗。）
苏青：周掌柜，今天的龙井到了吗？
周明：到了，刚从杭州运来，还带着露水气。
苏青：给我留二两，下午来取。
周明：好，用油纸包好给您放柜上。
老陈：掌柜的，昨天的账还没算清。
周明：您坐，我这就拿账本来，一笔一笔对。
老陈：不急，先来一壶热茶。
周明：马上就来，今天的水是山泉水。

第2幕
（午后，茶馆后院。）
苏青：后院的桂花开了？
周明：开了三棵，香得人走不动道。
苏青：能折一枝给我吗？
周明：折两枝，一枝插瓶，一枝夹在书里。
老陈：你们说什么呢，这么高兴。
周明：说桂花，陈叔也来一枝？
老陈：我就算了，给我孙女带一枝。
周明：好嘞，挑开得最好的给您。
"""


@pytest.fixture
def store(tmp_path):
    with Store.create(tmp_path / "p.corpus") as st:
        yield st


def touch_three(store: Store, ids: list[int]) -> dict[str, int]:
    """Edit the text of the first sample, accept the second, reject the third — through the
    same Store calls Review makes (SampleEditor.save → update_sample; A/R → set_status)."""
    edited = store.get_sample(ids[0])
    edited.turns[-1].text = "【用户改过】" + edited.turns[-1].text
    store.update_sample(edited)
    store.set_status([ids[1]], "accepted")
    store.set_status([ids[2]], "rejected", "审阅时拒绝")
    return {"edited": ids[0], "accepted": ids[1], "rejected": ids[2]}


def snapshot(store: Store, ids) -> dict[int, tuple]:
    out = {}
    for i in ids:
        s = store.get_sample(i)
        out[i] = (s.status, s.reason, s.system, [(t.role, t.name, t.text) for t in s.turns], s.meta)
    return out


def check_rebuild(store: Store, before_ids: list[int], touched: dict[str, int], before: dict[int, tuple],
                  rebuild, scope: SampleFilter) -> None:
    """The three touched samples are exactly as they were; every untouched earlier sample was
    replaced (gone: the options changed, so no new sample equals an old one); counts reported."""
    assert snapshot(store, touched.values()) == before
    untouched = [i for i in before_ids if i not in touched.values()]
    assert untouched and all(store.get_sample(i) is None for i in untouched)
    assert rebuild.kept == 3 and rebuild.replaced == len(untouched) and rebuild.added > 0
    assert store.count(scope) == 3 + rebuild.added
    assert all(store.get_sample(i).status == "pending" for i in rebuild.ids)


def exported_texts(store: Store, tmp_path: Path, fmt: str = "sharegpt") -> str:
    out = tmp_path / "out" / f"data.{fmt}.json"
    out.parent.mkdir(exist_ok=True)
    export_samples(store, ExportOptions(fmt, out, include="non_rejected", mask="off", dataset_info=False))
    return out.read_text(encoding="utf-8")


@pytest.fixture
def play(store, tmp_path):
    path = tmp_path / "茶馆旧事.txt"
    path.write_text(PLAY, encoding="utf-8")
    return import_document(store, path).source_id


# ---- scripts ---------------------------------------------------------------------------------------
def test_script_qa_rebuild_keeps_edited_accepted_rejected(store, play, tmp_path):
    first = script_qa(store, play, "周明", ScriptQAOptions(system_template=""))
    assert first.created >= 6
    touched = touch_three(store, first.sample_ids)
    before = snapshot(store, touched.values())
    again = script_qa(store, play, "周明", ScriptQAOptions(system_template="你是茶馆掌柜{character}。", history=1))
    check_rebuild(store, first.sample_ids, touched, before, again.rebuild, SampleFilter(source_id=play, kind="sft"))
    # the three hold their places: no new sample is made for them (same place, other options)
    assert again.created == first.created - 3 and again.rebuild.held == 3
    assert render(say("rebuild.held", n=3)) in again.summary()
    assert render(say("rebuild.kept_touched", n=3)) in again.summary()
    assert render(say("rebuild.replaced", n=first.created - 3)) in again.summary()
    # same options again: nothing changes, same ids
    same = script_qa(store, play, "周明", ScriptQAOptions(system_template="你是茶馆掌柜{character}。", history=1))
    assert (same.created, same.existing, same.rebuild.replaced, same.rebuild.kept) == (0, again.created, 0, 3)
    assert sorted(store.query_ids(SampleFilter(source_id=play))) == sorted([*touched.values(), *again.sample_ids])
    # another character is another dataset: building it replaces none of 周明's
    other = script_qa(store, play, "苏青")
    assert other.rebuild.replaced == 0 and other.rebuild.kept == 0
    text = exported_texts(store, tmp_path)
    assert "【用户改过】" in text


def test_script_dialogues_and_chunks_rebuild_keep_edits(store, play, tmp_path):
    # scenes are cut into windows of 2 turns so there are enough samples to touch three
    first = script_dialogues(store, play, DialogueOptions(max_turns=2))
    assert first.created >= 5
    touched = touch_three(store, first.sample_ids)
    before = snapshot(store, touched.values())
    again = script_dialogues(store, play, DialogueOptions(max_turns=2, system_template="{scene}"))
    check_rebuild(store, first.sample_ids, touched, before, again.rebuild,
                  SampleFilter(source_id=play, kind="dialogue"))
    assert render(say("rebuild.kept_touched", n=3)) in again.summary()

    c1 = chunk_samples(store, play, 80, 10)
    assert c1.created >= 5
    touched = touch_three(store, c1.sample_ids)
    before = snapshot(store, touched.values())
    c2 = chunk_samples(store, play, 60, 10)
    check_rebuild(store, c1.sample_ids, touched, before, c2.rebuild, SampleFilter(source_id=play, kind="pretrain"))
    text = exported_texts(store, tmp_path, "alpaca")
    assert text.count("【用户改过】") >= 1
    dialogues = exported_texts(store, tmp_path)
    assert dialogues.count("【用户改过】") >= 1


def test_a_sample_the_user_deleted_is_not_made_again_and_an_equal_one_is_not_duplicated(store, play):
    first = script_qa(store, play, "周明", ScriptQAOptions(system_template=""))
    store.delete_samples([first.sample_ids[0]])
    store.set_status([first.sample_ids[1]], "accepted")
    again = script_qa(store, play, "周明", ScriptQAOptions(system_template=""))
    # same options: the deleted one stays deleted, the accepted one holds its place
    assert (again.created, again.rebuild.held, again.rebuild.kept) == (0, 2, 1)
    assert again.existing == first.created - 2
    assert render(say("rebuild.held", n=2)) in again.summary()


# ---- chats ------------------------------------------------------------------------------------------
def write_shop_chat(folder: Path) -> Path:
    """One shop chat in JSON Lines: six questions, each answered by 客服小禾, ten minutes apart
    (so six sessions)."""
    rows = []
    t0 = 1_700_000_000_000
    asks = ["请问这款茶壶有现货吗？", "快递几天能到？", "可以开发票吗？", "有没有小一点的尺寸？", "能送礼盒吗？",
            "支持退换吗？"]
    answers = ["有现货，今天下单明天发。", "一般三天，偏远地区五天。", "可以，下单时备注抬头。", "有，三百毫升的也有。",
               "可以，免费送礼盒。", "七天内无理由退换。"]
    for n, (q, a) in enumerate(zip(asks, answers, strict=True)):
        at = t0 + n * 600_000
        rows.append({"msg_id": f"q{n}", "from": f"顾客{n}", "text": q, "timestamp": at})
        rows.append({"msg_id": f"a{n}", "from": "客服小禾", "text": a, "timestamp": at + 30_000,
                     "reply_to_message_id": f"q{n}"})
    path = folder / "shop.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path


def test_chat_dialogues_rebuild_keeps_edits(store, tmp_path):
    sid = import_chat_file(store, write_shop_chat(tmp_path)).source_id
    first = chat_dialogues(store, sid, ChatOptions(assistants={"客服小禾"}, system_prompt="你是茶具店客服。"),
                           SessionOptions())
    assert first.created == 6
    touched = touch_three(store, first.sample_ids)
    before = snapshot(store, touched.values())
    again = chat_dialogues(store, sid, ChatOptions(assistants={"客服小禾"}, system_prompt="你是耐心的茶具店客服。"),
                           SessionOptions())
    check_rebuild(store, first.sample_ids, touched, before, again.rebuild,
                  SampleFilter(source_id=sid, kind="dialogue"))
    assert again.created == 3 and render(say("rebuild.kept_touched", n=3)) in again.summary()
    assert "【用户改过】" in exported_texts(store, tmp_path)


# ---- comments ---------------------------------------------------------------------------------------
def add_comments(store: Store, threads: int = 6) -> int:
    """`threads` root comments, each answered once by another viewer (two-turn dialogues)."""
    sid = store.add_source("bilibili", "BV1ab411c7XY", "https://www.bilibili.com/video/BV1ab411c7XY",
                           {"aid": 7, "bvid": "BV1ab411c7XY"})
    items = []
    for n in range(threads):
        root, reply = 1000 + 2 * n, 1001 + 2 * n
        items.append((str(root), None, {"rpid": root, "root": 0, "parent": 0, "mid": 10 + n, "name": f"观众{n}",
                                        "text": f"第{n}个问题：这段配乐叫什么？", "time": 1_600_000_000 + root}))
        items.append((str(reply), str(root), {"rpid": reply, "root": root, "parent": root, "mid": 90 + n,
                                              "name": f"答主{n}", "text": f"第{n}个回答：是《山间小路》。",
                                              "time": 1_600_000_000 + reply}))
    store.add_raw_items(sid, "comment", items)
    return sid


def test_comment_dialogues_rebuild_keeps_edits(store, tmp_path):
    sid = add_comments(store)
    first = bili.build_dialogues(store, sid, bili.DialogueOptions(min_turns=2))
    assert first.kept == 6
    ids = list(store.query_ids(SampleFilter(source_id=sid)))
    touched = touch_three(store, ids)
    before = snapshot(store, touched.values())
    again = bili.build_dialogues(store, sid, bili.DialogueOptions(min_turns=2, keep_names=True))
    check_rebuild(store, ids, touched, before, again.rebuild, SampleFilter(source_id=sid, kind="dialogue"))
    assert again.already_reviewed == 3 and again.kept == 3 and again.replaced == 3
    assert render(say("rebuild.kept_touched", n=3)) in again.lines()
    assert "【用户改过】" in exported_texts(store, tmp_path)
    assert exported_texts(store, tmp_path, "aquila").count("【用户改过】") == 1


def test_a_comment_dialogue_deleted_in_review_is_not_built_again(store, tmp_path):
    sid = add_comments(store)
    bili.build_dialogues(store, sid, bili.DialogueOptions(min_turns=2))
    ids = list(store.query_ids(SampleFilter(source_id=sid)))
    gone = store.get_sample(ids[0])
    assert store.delete_samples([gone.id]) == 1
    again = bili.build_dialogues(store, sid, bili.DialogueOptions(min_turns=2, keep_names=True))
    paths = [s.meta["path"] for s in store.iter_samples(SampleFilter(source_id=sid))]
    assert len(paths) == 5 and gone.meta["path"] not in paths  # other options, the same chain: still gone
    assert again.rebuild.held == 1
    assert len(json.loads(exported_texts(store, tmp_path))) == 5  # and so is its row in the file


def test_comment_rebuild_failing_half_way_leaves_the_earlier_build(store, monkeypatch):
    sid = add_comments(store)
    bili.build_dialogues(store, sid, bili.DialogueOptions(min_turns=2))
    touch_three(store, list(store.query_ids(SampleFilter(source_id=sid))))
    before = snapshot(store, store.query_ids(SampleFilter(source_id=sid)))
    calls = {"n": 0}
    real = bili.anonymous_names

    def failing(*a, **k):  # the fourth dialogue fails to build, after three were written
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("the build broke half-way")
        return real(*a, **k)

    monkeypatch.setattr(bili, "anonymous_names", failing)
    monkeypatch.setattr(bili, "WRITE_BATCH", 1)  # every new dialogue is written before the next is built
    with pytest.raises(RuntimeError):
        bili.build_dialogues(store, sid, bili.DialogueOptions(min_turns=2, name_prefix="网友"))
    assert snapshot(store, store.query_ids(SampleFilter(source_id=sid))) == before


def test_a_killed_rebuild_loses_nothing(store, tmp_path):
    """A process killed while a rebuild is writing (after some new rows went in): the file has
    the earlier samples, all of them, and none of the new."""
    sid = store.add_source("document", "killed.txt")
    store.add_samples([Sample.qa(f"问{i}", f"答{i}", source_id=sid, meta={"gen": "g", "gen_key": f"g:{i}"})
                       for i in range(5)])
    before = snapshot(store, store.query_ids(SampleFilter(source_id=sid)))
    store.close()
    script = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(ROOT)!r})
        from core.model import Sample
        from core.store import Store
        st = Store({str(tmp_path / "p.corpus")!r})
        def samples():
            for i in range(5):
                yield Sample.qa(f"新问{{i}}", f"新答{{i}}", source_id={sid}, meta={{"gen": "g", "gen_key": f"g:{{i}}"}})
                if i == 2:
                    os._exit(9)  # killed: rows 0..2 were inserted inside the open transaction
        st.replace_untouched({sid}, {{"gen": "g"}}, samples(), batch=1)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 9, done.stderr
    with Store(tmp_path / "p.corpus") as again:
        assert snapshot(again, again.query_ids(SampleFilter(source_id=sid))) == before


# ---- the store itself --------------------------------------------------------------------------------
def test_replace_untouched_counts_and_raises_without_changes(store):
    sid = store.add_source("document", "a.txt")
    ids = store.add_samples([Sample.qa(f"问{i}", f"答{i}", source_id=sid, meta={"gen": "g"}) for i in range(4)])
    other = store.add_samples([Sample.qa("别的", "生成器", source_id=sid, meta={"gen": "h"})])

    def broken():
        yield Sample.qa("新", "的", source_id=sid, meta={"gen": "g"})
        raise ValueError("generator failed")

    with pytest.raises(ValueError):
        store.replace_untouched(sid, {"gen": "g"}, broken(), batch=1)
    assert sorted(store.query_ids(SampleFilter(source_id=sid))) == sorted(ids + other)
    store.set_status([ids[0]], "accepted")
    new = [Sample.qa("问1", "答1", source_id=sid, meta={"gen": "g"}),  # exactly as before: stays (same id)
           Sample.qa("问9", "答9", source_id=sid, meta={"gen": "g"}),
           Sample.qa("问0", "答0", source_id=sid, meta={"gen": "g"})]  # the accepted one's turns: not doubled
    r = store.replace_untouched(sid, {"gen": "g"}, new)
    assert (r.kept, r.replaced, r.added, r.unchanged, r.held) == (1, 2, 1, 1, 1)
    assert new[0].id == ids[1] and new[2].id is None
    assert sorted(store.query_ids(SampleFilter(source_id=sid))) == sorted([ids[0], ids[1], *r.ids, *other])
    with pytest.raises(ValueError):
        store.replace_untouched(sid, {"gen": "g"}, [Sample.qa("x", "y", source_id=sid + 1)])


def test_what_counts_as_touched(store):
    sid = store.add_source("document", "a.txt")
    ids = store.add_samples([Sample.qa(f"问{i}", f"答{i}", source_id=sid) for i in range(6)])
    assert store.touched_among(ids) == set()
    s = store.get_sample(ids[0])
    s.turns[1].text = "改过"
    store.update_sample(s)  # Review's editor
    store.set_status([ids[1]], "pending")  # "back to pending" is a decision too
    store.set_status([ids[2]], "rejected", "flow", by_user=False)  # a flow's own decision
    s = store.get_sample(ids[3])
    s.reason = "flow note"
    store.update_sample(s, by_user=False)
    store.add_samples([Sample.qa("重", "复", source_id=sid), Sample.qa("重", "复", source_id=sid)])
    assert store.reject_duplicates() == 1  # asked for in Review
    dup = max(store.query_ids(SampleFilter(source_id=sid, statuses=("rejected",))))
    assert store.touched_among([*ids, dup]) == {ids[0], ids[1], dup}
    assert store.count(SampleFilter(touched=True)) == 3 and store.count(SampleFilter(touched=False)) == 5


def test_an_older_project_counts_reviewed_and_late_changed_samples_as_touched(tmp_path):
    path = tmp_path / "old.corpus"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    rows = [("pending", 100.0, 100.01), ("pending", 100.0, 900.0), ("accepted", 100.0, 100.0),
            ("rejected", 100.0, 100.0)]
    for status, created, updated in rows:
        conn.execute("INSERT INTO samples (kind, status, turns, n_turns, n_chars, content_hash, created_at, "
                     "updated_at) VALUES ('sft', ?, '[]', 0, 0, 'h', ?, ?)", (status, created, updated))
    conn.commit()
    conn.close()
    with Store(path) as st:
        assert st.touched_among([1, 2, 3, 4]) == {2, 3, 4}


# ---- LLM flows -------------------------------------------------------------------------------------------
@pytest.fixture
def server():
    with FakeOpenAI() as s:
        s.reply = ChatModel()
        yield s


def run_extract(store, server, **options):
    settings = ProviderSettings(base_url=server.base_url, model="fake-model", concurrency=4)
    flow = ExtractFlow(store, lambda: make_client(settings, DEFAULT_KEY), settings, ExtractOptions(**options),
                       runner_options={"backoff_base": 0.01, "backoff_max": 0.05, "max_retries": 3, "max_reasks": 1})
    return asyncio.run(flow.run())


def test_a_later_extraction_never_rejects_or_rewrites_an_edited_one(store, tmp_path, server):
    import_chat_file(store, write_competition_json(tmp_path, "test_data.json", labels=False))
    run_extract(store, server)
    first = {s.meta["index"]: s.id for s in store.iter_samples()}
    edited = store.get_sample(first[1])
    edited.turns[1].text = json.dumps([{"基本信息-姓名": "用户改过"}], ensure_ascii=False)
    store.update_sample(edited)
    run_extract(store, server, summarize=True)
    kept = store.get_sample(first[1])
    assert kept.status == "pending" and kept.turns[1].text == edited.turns[1].text
    # the untouched earlier ones are superseded by the flow — and stay untouched
    others = [store.get_sample(first[i]) for i in (2, 3)]
    assert all(s.status == "rejected" and render(s.reason, "en").startswith("superseded") for s in others)
    assert store.touched_among([first[2], first[3]]) == set()
    newer = next(s for s in store.iter_samples() if s.meta.get("chat_text") and s.meta["index"] == 1)
    assert render(newer.reason) == render(say("rebuild.extract_edited_kept", id=first[1]))


def test_a_summary_pass_leaves_an_edited_labelled_sample_alone(store, tmp_path, server):
    import_chat_file(store, write_competition_json(tmp_path), make_samples=label_samples(store))
    ids = {s.meta["index"]: s.id for s in store.iter_samples()}
    edited = store.get_sample(ids[1])
    edited.turns[0].text = edited.turns[0].text.replace("各位好", "各位好（用户改过）")
    store.update_sample(edited)
    before = snapshot(store, [ids[1]])
    run_extract(store, server, summarize=True, summarize_over=150, extract=False)
    assert snapshot(store, [ids[1]]) == before
    summarised = store.get_sample(ids[2])
    assert "摘要：" in summarised.turns[0].text and not store.touched_among([ids[2]])



# ---- the window: edit in Review, rebuild from the Documents tab ----------------------------------------
def test_edit_in_review_then_rebuild_from_the_documents_tab(qtbot, tmp_path, qt_run):
    from core.settings import AppSettings
    from ui.main_window import MainWindow
    from ui.qt import Qt

    w = MainWindow(AppSettings())
    qtbot.addWidget(w)
    w.show()
    assert w.open_project(tmp_path / "ui.corpus", create=True)
    docs = w.documents
    play = tmp_path / "茶馆旧事.txt"
    play.write_text(PLAY, encoding="utf-8")
    qt_run(docs.import_files([play]))
    docs.documents.setCurrentRow(0)
    qt_run(docs.reparse())
    names = [docs.characters.item(r, 0).data(0x0100) for r in range(docs.characters.rowCount())]
    docs.characters.selectRow(names.index("周明"))
    qt_run(docs.generate_qa())
    made = w.store.count(SampleFilter(kind="sft"))
    assert made >= 6

    review = w.review
    qt_run(asyncio.sleep(0.25))  # Review inserts in 100 ms batches
    assert review.model.rowCount() == made
    review.table.setFocus()
    review.table.selectRow(0)
    answer = review.editor.turn_editors()[-1]
    answer.text.setPlainText("【在审阅里改过】" + answer.turn().text)
    qtbot.mouseClick(review.editor.save_button, Qt.MouseButton.LeftButton)
    edited_id = review.model.sample_id(0)
    review.table.selectRow(1)
    review.accept_action.trigger()
    accepted_id = review.model.sample_id(1)
    review.table.selectRow(2)
    review.reject_action.trigger()
    rejected_id = review.model.sample_id(2)
    before = snapshot(w.store, [edited_id, accepted_id, rejected_id])
    assert before[edited_id][3][-1][2].startswith("【在审阅里改过】")
    assert [before[i][0] for i in (accepted_id, rejected_id)] == ["accepted", "rejected"]

    docs.history.setValue(2)  # other options: the untouched samples change
    qt_run(docs.generate_qa())
    assert snapshot(w.store, [edited_id, accepted_id, rejected_id]) == before
    shown = docs.result.toPlainText()
    assert render(say("rebuild.kept_touched", n=3)) in shown
    assert render(say("rebuild.replaced", n=made - 3)) in shown
    assert w.store.count(SampleFilter(kind="sft")) == made  # the three kept, the others rebuilt in place
    qt_run(asyncio.sleep(0.25))
    w.tabs.setCurrentWidget(review)
    qt_run(asyncio.sleep(0.25))
    assert review.model.rowCount() == w.store.count()
