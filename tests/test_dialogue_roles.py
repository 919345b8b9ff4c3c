"""Roles are decided at the source: every comment chain and chat session becomes a dialogue that
starts with the user and ends with the assistant, so every export format keeps it; named-speaker
formats never skip a dialogue for its roles. End to end: a crawled comment section (the local fake
Bilibili API) → dialogues → ShareGPT and Aquila files read back with Hugging Face `datasets`."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from chat_fixtures import write_competition_json
from comment_section import chain_comments, comments_in_file, realistic_video
from fake_bilibili import FakeBilibili
from hf_datasets import datasets

from core.errors import InputError
from core.export import ExportOptions, export_samples
from core.export.formats import FORMATS
from core.flows.chat_dialogues import chat_dialogues
from core.messages import render
from core.model import Sample, Turn
from core.sources.bilibili.crawl import crawl_comments
from core.sources.bilibili.dialogues import DialogueOptions, build_dialogues
from core.sources.chats.importer import import_chat_file
from core.sources.chats.sessions import DialogueOptions as ChatDialogueOptions
from core.sources.chats.sessions import SessionOptions
from core.store import SampleFilter, Store
from core.text.dialogues import ODD_CHAIN_MODES, ChainFit, context_text, dialogue_roles, fit_chain


# ---- the rule -----------------------------------------------------------------------------------
def test_fit_chain_puts_the_user_first_and_the_assistant_last():
    assert fit_chain(4) == ChainFit(0, 4)  # even: whole, whatever the rule
    assert fit_chain(4, "drop_last") == ChainFit(0, 4)
    ctx, first, last = fit_chain(5, "context"), fit_chain(5, "drop_first"), fit_chain(5, "drop_last")
    assert (ctx.context, ctx.turns, ctx.dropped(5)) == (1, 4, 0)
    assert (first.context, first.turns, first.dropped(5)) == (0, 4, 1)
    assert (last.context, last.turns, last.dropped(5)) == (0, 4, 1) and last.stop == 4
    assert fit_chain(1).turns == 0  # a comment alone has nothing answering it
    assert dialogue_roles(4) == ["user", "assistant", "user", "assistant"]
    assert context_text([("用户A", "原评论")]) == "上文：\n用户A：原评论"
    assert context_text([(None, "您好")], "你是顾问。") == "你是顾问。\n\n上文：\n您好"
    with pytest.raises(ValueError):
        fit_chain(3, "guess")


@pytest.fixture
def store(tmp_path):
    with Store.create(tmp_path / "roles.corpus") as st:
        yield st


def add_comments(store, comments):
    """comments: (rpid, parent or 0, mid, text)."""
    sid = store.add_source("bilibili", "BV1xx411c7mD", "https://www.bilibili.com/video/BV1xx411c7mD",
                           {"aid": 2, "bvid": "BV1xx411c7mD"})
    root_of = {}
    items = []
    for rpid, parent, mid, text in comments:
        root_of[rpid] = root_of.get(parent, parent) if parent else rpid
        d = {"rpid": rpid, "root": root_of[rpid] if parent else 0, "parent": parent, "mid": mid,
             "name": f"n{mid}", "text": text, "time": 1_600_000_000 + rpid, "like": 0}
        items.append((str(rpid), str(parent) if parent else None, d))
    store.add_raw_items(sid, "comment", items)
    return sid


SECTION = [
    (1, 0, 10, "这期讲得真清楚"),          # 1 → 2 → 3: three turns (odd)
    (2, 1, 20, "同意，后半段最好"),
    (3, 2, 30, "后半段哪里好？"),
    (4, 1, 40, "我倒觉得一般"),             # 1 → 4 → 5 → 6: four turns (even)
    (5, 4, 10, "哪里一般了？"),
    (6, 5, 40, "例子太少"),
    (7, 0, 50, "背景音乐叫什么"),          # 7 → 8: two turns
    (8, 7, 60, "在简介里"),
]


@pytest.mark.parametrize("odd", ODD_CHAIN_MODES)
def test_every_chain_becomes_a_user_first_assistant_last_dialogue(store, odd):
    sid = add_comments(store, SECTION)
    report = build_dialogues(store, sid, DialogueOptions(min_turns=2, odd_chain=odd))
    samples = list(store.iter_samples(SampleFilter(kind="dialogue")))
    assert report.kept == len(samples) == 3
    for s in samples:
        assert [t.role for t in s.turns] == dialogue_roles(len(s.turns)) and len(s.turns) % 2 == 0
    odd_sample = next(s for s in samples if s.meta["path"] == [1, 2, 3])
    texts = [t.text for t in odd_sample.turns]
    assert odd_sample.meta["odd_chain"] == odd
    if odd == "context":  # the root comment is context; nothing is lost
        assert odd_sample.system == "上文：\n用户A：这期讲得真清楚"
        assert texts == ["同意，后半段最好", "后半段哪里好？"] and odd_sample.turns[0].name == "用户B"
    elif odd == "drop_first":
        assert odd_sample.system == "" and texts == ["同意，后半段最好", "后半段哪里好？"]
        assert odd_sample.turns[0].name == "用户A"  # names count from the first speaker kept
    else:
        assert odd_sample.system == "" and texts == ["这期讲得真清楚", "同意，后半段最好"]
    even = next(s for s in samples if s.meta["path"] == [1, 4, 5, 6])
    assert even.system == "" and "odd_chain" not in even.meta and len(even.turns) == 4
    assert [m.code for m in report.role_messages()] == [f"dialogues.odd_{odd}"]
    assert report.role_messages()[0].params == {"n": 1}
    assert any(line.startswith("odd chains: 1 dialogue") for line in
               [m.render("en") for m in report.role_messages()])
    # every format writes every dialogue
    for fmt in FORMATS:
        ex = export_samples(store, ExportOptions(fmt, store.path.parent / f"{odd}-{fmt}.json",
                                                 include="non_rejected", dataset_info=False))
        assert (ex.written, ex.skipped) == (3, []), fmt


def test_options_are_checked_with_messages_in_both_languages():
    with pytest.raises(InputError) as e:
        DialogueOptions(min_turns=1).check()
    assert "at least 2" in str(e.value) or "至少为 2" in str(e.value)
    with pytest.raises(InputError, match="guess"):
        DialogueOptions(odd_chain="guess").check()


# ---- export: named speakers never skip for roles -----------------------------------------------------
def test_named_speaker_format_never_skips_a_dialogue_for_its_roles(store, tmp_path):
    legacy = [  # made before roles were decided at the source, or edited by hand
        Sample(kind="dialogue", status="accepted",
               turns=[Turn("assistant", "开头", "用户A"), Turn("user", "回复", "用户B"), Turn("assistant", "再回", "用户C")]),
        Sample(kind="dialogue", status="accepted",
               turns=[Turn("user", "甲", "林晚"), Turn("user", "乙", "沈舟"), Turn("user", "  ", "店家")]),
        Sample(kind="dialogue", status="accepted", turns=[Turn("assistant", "只有一句", "用户A")]),
        Sample(kind="dialogue", status="accepted", turns=[Turn("user", "问", "用户A"), Turn("assistant", "答", "用户B")]),
    ]
    ids = store.add_samples(legacy)
    aquila = export_samples(store, ExportOptions("aquila", tmp_path / "a.json", dataset_info=False))
    rows = datasets.load_dataset("json", data_files=str(aquila.files[0]), split="train",
                                 cache_dir=str(tmp_path / "hf")).to_list()
    assert [r["id"] for r in rows] == [ids[0], ids[1], ids[3]]
    assert [c["from"] for c in rows[0]["conversations"]] == ["用户A", "用户B", "用户C"]
    assert [c["from"] for c in rows[1]["conversations"]] == ["林晚", "沈舟"]  # the empty turn removed
    assert [i for i, _ in aquila.skipped] == [ids[2]]
    assert "one turn" in render(aquila.skipped[0][1], "en") or "只有一轮" in aquila.skipped[0][1]
    # role formats still cannot carry an assistant-first dialogue: they say so
    share = export_samples(store, ExportOptions("sharegpt", tmp_path / "s.json", dataset_info=False))
    assert ids[0] in dict(share.skipped) and "assistant turn" in dict(share.skipped)[ids[0]]
    assert share.written == 1  # ids[1] merged into one user turn has no answer; ids[3] as it is


# ---- end to end: crawl → build → export → read back ----------------------------------------------------
def crawl_section(store: Store, fake: FakeBilibili, roots: int, replies: int) -> int:
    video = fake.add_video(realistic_video(172_003, roots=roots, replies=replies, seed=5, ids=fake.ids))
    report = asyncio.run(crawl_comments(store, video.bvid, api_base=fake.api_base, min_interval=0,
                                        concurrency=4, cookies={"SESSDATA": fake.sessdata}))
    assert report.status == "complete", report.reason
    sid = next(s["id"] for s in store.sources() if s["kind"] == "bilibili")
    assert sum(1 for _ in store.raw_items(sid, "comment")) == video.all_count()
    return sid


def read_back(path: Path, tmp_path: Path) -> list[dict]:
    return datasets.load_dataset("json", data_files=str(path), split="train",
                                 cache_dir=str(tmp_path / "hf")).to_list()


def test_a_crawled_comment_section_reaches_sharegpt_and_aquila(tmp_path):
    with FakeBilibili() as fake, Store.create(tmp_path / "section.corpus") as store:
        sid = crawl_section(store, fake, roots=50, replies=900)
        for min_turns in (2, 3):
            opts = DialogueOptions(min_turns=min_turns)
            built = build_dialogues(store, sid, opts)
            assert built.kept > 100 and built.odd_chains > 0
            in_chains = chain_comments(store, sid, opts, min_turns)
            for fmt in ("sharegpt", "aquila"):
                ex = export_samples(store, ExportOptions(fmt, tmp_path / f"{fmt}{min_turns}.jsonl", jsonl=True,
                                                         include="non_rejected", dataset_info=False))
                # every dialogue built is a row, in the consumer's loader too
                assert ex.skipped == [] and ex.written == built.kept
                rows = read_back(ex.files[0], tmp_path)
                assert len(rows) == built.kept
                if fmt == "sharegpt":
                    for r in rows:  # what LLaMA-Factory needs: human first, gpt last, alternating
                        sides = [c["from"] for c in r["conversations"]]
                        assert sides == ["human", "gpt"] * (len(sides) // 2) and sides
                    assert sum(r["system"].startswith("上文：") for r in rows) == built.odd_chains
                else:
                    assert all(c["from"].startswith("用户") for r in rows for c in r["conversations"])
                found = comments_in_file(store, fmt, ex.files[0], ex.skipped, in_chains)
                share = len(found) / len(in_chains)
                # what is missing is what the build reported: exact-duplicate dialogues
                assert share >= 0.95, (fmt, min_turns, share, built.lines())
                if built.duplicate == 0:
                    assert found == set(in_chains)


# ---- chat sessions: the same rule ----------------------------------------------------------------------
def test_a_session_the_assistant_opens_keeps_its_greeting_as_context_or_drops_it(tmp_path):
    who = {"林晓2", "陈思1", "刘洋4"}
    with Store(tmp_path / "chat.corpus", create=True) as store:
        import_chat_file(store, write_competition_json(tmp_path))
        dropped = chat_dialogues(store, None, ChatDialogueOptions(assistants=who, system_prompt="你是顾问。",
                                                                  leading_assistant="drop"), SessionOptions())
        assert dropped.created == 3 and dropped.assistant_first > 0
        assert "dialogues.chat_drop_leading" in [m.code for m in dropped.role_messages()]
        plain = list(store.iter_samples(SampleFilter(kind="dialogue")))
        assert all(s.system == "你是顾问。" for s in plain)
        kept = chat_dialogues(store, None, ChatDialogueOptions(assistants=who, system_prompt="你是顾问。"),
                              SessionOptions())
        # the sessions the assistant opened differ now (their greeting is context): made anew
        assert kept.created == kept.assistant_first == dropped.assistant_first
        assert kept.existing == 3 - kept.created
        with_context = [s for s in store.iter_samples(SampleFilter(kind="dialogue")) if "上文：" in s.system]
        assert len(with_context) == kept.created
        assert all(s.system.startswith("你是顾问。\n\n上文：\n") and s.turns[0].role == "user" for s in with_context)
        assert "opening messages are context" in kept.summary()
        ex = export_samples(store, ExportOptions("sharegpt", tmp_path / "chat.json", kind="dialogue",
                                                 include="non_rejected", dataset_info=False))
        assert ex.skipped == [] and ex.written == store.count(SampleFilter(kind="dialogue"))
        with pytest.raises(InputError, match="first"):
            chat_dialogues(store, None, ChatDialogueOptions(assistants=who, leading_assistant="guess"))
