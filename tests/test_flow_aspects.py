"""Topic questions by aspect, answered from the project's documents: end to end against the real
local fake server (the client is not mocked), and the `generate aspects` CLI in-process."""

from __future__ import annotations

import argparse
import collections
import json
import re
import threading
from pathlib import Path

import pytest
from fake_openai import DEFAULT_KEY, FakeOpenAI

from core.cli_aspects import register_generate
from core.errors import InputError
from core.flows.aspects import (
    PRESET_ASPECTS_EN,
    PRESET_ASPECTS_ZH,
    AspectFlow,
    AspectOptions,
    clean_aspects,
    preset_aspects,
)
from core.flows.qa import NOT_FOUND_REASON
from core.llm import ProviderSettings, make_client
from core.messages import render
from core.sources.documents.txt import import_text_file
from core.store import SampleFilter, Store

TOPIC = "《青石记》"
TEXT = ("《青石记》是一款国产武侠游戏。主角是少年陆远，他手持一柄青石剑。\n\n"
        "陆远的师父是隐居云州的剑客沈秋。\n\n"
        "《青石记》的故事发生在云州。陆远为寻找失踪的师父沈秋踏上旅途。\n\n"
        "《青石记》的配乐由乐师白露创作，主题曲名叫《归山》。\n\n"
        "《青石记》于2023年发售，首月卖出了三十万份。\n")
TOO_LONG = "《青石记》里陆远离开云州以后一路上先后遇到了哪些门派的高手，又分别和他们结下了什么样的恩怨？"
QUESTIONS = {
    "主要角色": ["《青石记》的主角是谁？", "《青石记》里主角陆远手持的是什么剑？",
             "《青石记》中主角陆远手持的是什么剑？"],  # the third: a near-duplicate of the second
    "故事情节": ["2. 《青石记》的主角是谁?",  # the same as the first of 主要角色, spelled otherwise
             "《青石记》的故事发生在哪里？", TOO_LONG, "《青石记》里陆远为什么踏上旅途？"],
    "艺术与音乐": ["《青石记》的配乐是谁创作的？", "《青石记》的主题曲叫什么？", "《青石记》的画面是什么风格？"],
    "市场影响": ["《青石记》卖出了多少份？", "《青石记》在哪一年发售？"],
    "彩蛋与网络梗": ["《青石记》里有哪些彩蛋？"],  # only once `prose` is cleared
}
ASPECTS = list(QUESTIONS)
# what the texts say, found by a word of the question (the画面 question has no answer there)
FACTS = {"主角是谁": "主角是少年陆远", "什么剑": "他手持一柄青石剑", "发生在哪里": "故事发生在云州",
         "踏上旅途": "陆远为寻找失踪的师父沈秋踏上旅途", "配乐": "配乐由乐师白露创作", "主题曲": "主题曲名叫《归山》",
         "卖出": "首月卖出了三十万份", "哪一年": "《青石记》于2023年发售", "师父是谁": "陆远的师父是隐居云州的剑客沈秋",
         "彩蛋": "没有这句"}
ASPECT_LINE = re.compile(r"^(?:方面|Aspect)：?:? ?(.+)$", re.M)
QUESTION_LINE = re.compile(r"^(?:问题：|Question: )(.+)$", re.M)
CONTEXT = re.compile(r"<(?:参考文本|reference)>(.*)</(?:参考文本|reference)>", re.S)


class Replies:
    """The fake model. A questions prompt gets the scripted questions of its aspect (prose for the
    aspects in `prose`); an answer prompt gets the sentence of the retrieved text that holds the
    fact the question asks for, or found:false when the retrieved text does not hold it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.prose: set[str] = {"彩蛋与网络梗"}
        self.extra: dict[str, list[str]] = {}

    def __call__(self, messages: list[dict]) -> str:
        user = next(m["content"] for m in messages if m["role"] == "user")
        if '"questions"' in user:
            aspect = ASPECT_LINE.search(user).group(1).strip()
            if aspect in self.prose:
                return "这个方面我想不出什么问题。"
            return json.dumps({"questions": QUESTIONS.get(aspect, self.extra.get(aspect, []))}, ensure_ascii=False)
        question = QUESTION_LINE.search(user.split("</参考文本>")[-1].split("</reference>")[-1]).group(1)
        context = CONTEXT.search(user).group(1)
        fact = next((f for word, f in FACTS.items() if word in question), None)
        if fact is None or fact not in context:
            return json.dumps({"answer": "原文中没有提到。", "found": False, "reasoning": "参考文本没有这个信息"},
                              ensure_ascii=False)
        return json.dumps({"answer": fact + "。", "found": True, "reasoning": f"依据“{fact}”一句。"},
                          ensure_ascii=False)


@pytest.fixture
def server():
    with FakeOpenAI() as s:
        s.reply = Replies()
        yield s


@pytest.fixture
def store(tmp_path):
    with Store.create(tmp_path / "aspects.corpus") as st:
        yield st


def add_document(store: Store, tmp_path: Path, name: str = "青石记.txt", text: str = TEXT) -> int:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return import_text_file(store, path, size=40, overlap=0).source_id


def settings_for(server: FakeOpenAI, **kw) -> ProviderSettings:
    kw.setdefault("concurrency", 4)
    kw.setdefault("timeout", 5.0)
    return ProviderSettings(base_url=server.base_url, model="fake-model", **kw)


def options(**kw) -> AspectOptions:
    kw.setdefault("topic", TOPIC)
    kw.setdefault("aspects", list(ASPECTS))
    kw.setdefault("per_aspect", 3)
    kw.setdefault("max_chars", 30)
    kw.setdefault("top_k", 2)
    return AspectOptions(**kw)


class Recorder:
    def __init__(self) -> None:
        self.stages: list[tuple[str, int]] = []
        self.samples: list[list[int]] = []
        self.failed: list[tuple[str, str, str]] = []
        self.hook = None

    def on_stage(self, stage, total):
        self.stages.append((stage, total))

    def on_samples(self, ids):
        self.samples.append(list(ids))
        if self.hook:
            self.hook()

    def on_failed(self, stage, key, reason):
        self.failed.append((stage, key, reason))


def make_flow(store, server, opts=None, events=None, settings=None) -> AspectFlow:
    s = settings or settings_for(server)
    return AspectFlow(store, lambda: make_client(s, DEFAULT_KEY), s, opts or options(), events,
                      runner_options={"backoff_base": 0.02})


def sft(store: Store) -> dict[str, object]:
    """The sft samples by question."""
    return {s.turns[0].text: s for s in store.iter_samples(SampleFilter(kind="sft"))}


def answer_bodies(server) -> list[dict]:
    return [b for b in server.bodies if "参考文本" in b["messages"][-1]["content"]]


# ---- helpers ---------------------------------------------------------------------------------------
def test_presets_and_aspect_cleaning():
    assert PRESET_ASPECTS_ZH[0] == "概述" and "彩蛋与网络梗" in PRESET_ASPECTS_ZH and len(PRESET_ASPECTS_ZH) == 11
    assert len(PRESET_ASPECTS_EN) == 11 and preset_aspects("en") == PRESET_ASPECTS_EN
    assert preset_aspects() == PRESET_ASPECTS_ZH and preset_aspects() is not PRESET_ASPECTS_ZH
    assert clean_aspects([" 主要角色 ", "", "主要角色", "玩法 / 机制", "  "]) == ["主要角色", "玩法 / 机制"]


# ---- the whole flow ---------------------------------------------------------------------------------
async def test_run_dedups_drops_long_questions_and_grounds_answers(store, server, tmp_path):
    sid = add_document(store, tmp_path)
    rec = Recorder()
    flow = make_flow(store, server, events=rec, settings=settings_for(server, price_in_per_m=1.0))
    assert flow.validate() == []
    preview = flow.preview_messages()[-1]["content"]
    assert "主题：《青石记》" in preview and "方面：主要角色" in preview
    assert "提出 3 个问题" in preview and "不超过 30 个字符" in preview
    est = flow.estimate()
    assert est.items == 5 + 5 * 3 and est.tokens_in > 0 and est.cost > 0

    result = await flow.run()

    # 12 usable questions asked: 主要角色's third is a near-duplicate of its second, 故事情节's first
    # the same as 主要角色's first; one question over 30 characters dropped; 彩蛋与网络梗 failed
    assert (result.questions, result.duplicates, result.too_long) == (9, 2, 1)
    assert result.by_aspect == {"主要角色": 2, "故事情节": 2, "艺术与音乐": 3, "市场影响": 2}
    assert (result.answered, result.not_found, result.samples) == (8, 1, 9)
    assert len(result.failed) == 1
    stage, key, reason = result.failed[0]
    assert (stage, key) == ("questions", "彩蛋与网络梗") and render(reason, "en").startswith("No valid answer after 3 tries")
    assert rec.failed == result.failed
    # 5 questions items (彩蛋与网络梗 asked 3 times: once plus 2 re-asks) and 9 answers
    assert server.calls == 7 + 9 == result.calls and result.cached == 0 and result.cost > 0
    assert rec.stages == [("questions", 5), ("answers", 9)]
    assert len(rec.samples) == 9 and all(len(batch) == 1 for batch in rec.samples)
    assert not result.cancelled and result.dialogues == 0

    samples = sft(store)
    assert len(samples) == 9 == store.count()
    assert TOO_LONG not in samples and "《青石记》中主角陆远手持的是什么剑？" not in samples
    sword = samples["《青石记》里主角陆远手持的是什么剑？"]
    assert sword.status == "pending" and sword.turns[1].text == "他手持一柄青石剑。"
    assert sword.source_id == sid and sword.meta["context"] == [f"{sid}:0", f"{sid}:2"]
    assert sword.meta["flow"] == "aspects" and sword.meta["topic"] == TOPIC and sword.meta["aspect"] == "主要角色"
    assert sword.meta["reasoning"] == "依据“他手持一柄青石剑”一句。"
    made = sword.meta["made"]
    assert made["flow"] == "aspects" and made["model"] == "fake-model"
    assert set(made["templates"]) == {"aspect_questions:zh", "qa_answer:zh"}
    assert made["params"]["per_aspect"] == 3 and made["params"]["aspects"] == ASPECTS
    item = store.job_item(sword.meta["job_item"])
    assert item["key"] == "主要角色#1" and item["job_id"] == sword.meta["job_id"]
    prompt = item["input"]["messages"][-1]["content"]
    assert "【片段 1】（出自《青石记.txt》）\n《青石记》是一款国产武侠游戏。" in prompt and "【片段 3】" not in prompt
    assert samples["《青石记》卖出了多少份？"].meta["context"][0] == f"{sid}:4"
    assert samples["《青石记》卖出了多少份？"].turns[1].text == "首月卖出了三十万份。"

    # "not found": kept, but rejected with the reason, never presented as fact
    art = samples["《青石记》的画面是什么风格？"]
    assert art.status == "rejected" and art.reason == NOT_FOUND_REASON and art.meta["aspect"] == "艺术与音乐"
    assert [s.turns[0].text for s in store.iter_samples(SampleFilter(statuses=("rejected",)))] == [art.turns[0].text]
    # the duplicate was asked once (under the first aspect that had it)
    assert samples["《青石记》的主角是谁？"].meta["aspect"] == "主要角色"
    assert len([b for b in answer_bodies(server) if "问题：《青石记》的主角是谁" in b["messages"][-1]["content"]]) == 1

    # a second run finds the same jobs, pays nothing and writes nothing
    assert flow.estimate().items == 0 and flow.estimate(retry_failed=True).items == 1 + 3
    again = await make_flow(store, server).run()
    assert server.calls == 16 and (again.calls, again.samples, again.questions, again.answered) == (0, 0, 9, 8)
    assert store.count() == 9 and len(store.jobs()) == 2

    # the failed aspect, fixed and retried: its question and answer, nothing else
    server.reply.prose.clear()
    retried = await make_flow(store, server).run(retry_failed=True)
    assert retried.failed == [] and retried.calls == 2 and server.calls == 18
    assert (retried.questions, retried.samples, retried.not_found) == (10, 1, 2)
    assert sft(store)["《青石记》里有哪些彩蛋？"].status == "rejected"


async def test_group_writes_one_dialogue_per_aspect_and_keeps_it_up_to_date(store, server, tmp_path):
    sid = add_document(store, tmp_path)
    rec = Recorder()
    system = "你是《青石记》的资深玩家，回答要准确。"
    result = await make_flow(store, server, options(group=True, system_prompt=system), rec).run()
    assert result.dialogues == 4 and result.samples == 9
    dialogues = {s.meta["aspect"]: s for s in store.iter_samples(SampleFilter(kind="dialogue"))}
    assert list(dialogues) == ["主要角色", "故事情节", "艺术与音乐", "市场影响"]  # 彩蛋与网络梗 failed: nothing
    roles = dialogues["主要角色"]
    assert roles.system == system and roles.status == "pending" and roles.source_id == sid
    assert [(t.role, t.text) for t in roles.turns] == [
        ("user", "《青石记》的主角是谁？"), ("assistant", "主角是少年陆远。"),
        ("user", "《青石记》里主角陆远手持的是什么剑？"), ("assistant", "他手持一柄青石剑。")]
    # the not-found answer is no part of its aspect's conversation
    art = dialogues["艺术与音乐"]
    assert [t.text for t in art.turns if t.role == "user"] == ["《青石记》的配乐是谁创作的？", "《青石记》的主题曲叫什么？"]
    assert art.meta["gen_key"] == f"aspects_dialogue:{art.meta['answers_job']}:艺术与音乐"
    assert art.meta["context"] == [f"{sid}:3", f"{sid}:0"] and len(art.meta["samples"]) == 2
    assert rec.samples[-1] == sorted(s.id for s in dialogues.values())

    # run again: nothing new, nothing asked
    calls = server.calls
    again = await make_flow(store, server, options(group=True, system_prompt=system)).run()
    assert (again.dialogues, again.samples, server.calls) == (0, 0, calls)
    assert store.count(SampleFilter(kind="dialogue")) == 4

    # a QA pair rejected in Review leaves its pending conversation; an accepted conversation stays
    # as it was; a deleted one stays deleted
    pairs = sft(store)
    store.set_status([pairs["《青石记》在哪一年发售？"].id, pairs["《青石记》的故事发生在哪里？"].id], "rejected", "wrong")
    store.set_status([dialogues["故事情节"].id], "accepted")
    store.delete_samples([dialogues["主要角色"].id])
    again = await make_flow(store, server, options(group=True, system_prompt=system)).run()
    assert again.dialogues == 1 and server.calls == calls
    now = {s.meta["aspect"]: s for s in store.iter_samples(SampleFilter(kind="dialogue"))}
    assert list(now) == ["故事情节", "艺术与音乐", "市场影响"]
    assert [t.text for t in now["市场影响"].turns] == ["《青石记》卖出了多少份？", "首月卖出了三十万份。"]
    assert now["市场影响"].id == dialogues["市场影响"].id
    assert len(now["故事情节"].turns) == 4 and now["故事情节"].status == "accepted"

    # another system prompt brings the pending ones up to date (no new samples)
    again = await make_flow(store, server, options(group=True, system_prompt="你是陆远。")).run()
    assert again.dialogues == 2 and store.count(SampleFilter(kind="dialogue")) == 3
    assert {s.system for s in store.iter_samples(SampleFilter(kind="dialogue", statuses=("pending",)))} == {"你是陆远。"}


async def test_cancel_then_resume_repeats_nothing_finished(store, server, tmp_path):
    add_document(store, tmp_path)
    server.reply.prose.clear()
    server.latency = 0.03
    rec = Recorder()
    flow = make_flow(store, server, events=rec, settings=settings_for(server, concurrency=2))
    rec.hook = lambda: len(rec.samples) == 3 and flow.cancel()
    result = await flow.run()
    assert result.cancelled and 3 <= result.samples < 10 and store.count() == result.samples
    first = {s.meta["job_item"] for s in store.iter_samples()}
    prompts = {store.job_item(i)["input"]["messages"][-1]["content"] for i in first}

    resumed = await make_flow(store, server).run()
    assert not resumed.cancelled and resumed.failed == []
    assert store.count() == 10 and resumed.samples == 10 - len(first)
    counts = collections.Counter(s.meta["job_item"] for s in store.iter_samples())
    assert len(counts) == 10 and max(counts.values()) == 1
    assert all(server.calls_by_prompt[p] == 1 for p in prompts)  # finished answers: asked once
    assert server.calls <= 5 + 10 + 2  # at most the requests abandoned in flight were asked again


async def test_a_crash_between_answer_and_sample_loses_nothing(store, server, tmp_path, monkeypatch):
    add_document(store, tmp_path)
    real_add = store.add_samples
    calls = {"n": 0}

    def flaky_add(samples):  # the second sample write of the run fails, as if the app died there
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk went away")
        return real_add(samples)

    monkeypatch.setattr(store, "add_samples", flaky_add)
    rec = Recorder()
    result = await make_flow(store, server, events=rec).run()
    assert result.samples == 9 and store.count() == 9 and len(rec.samples) == 9
    monkeypatch.undo()
    counts = collections.Counter(s.meta["job_item"] for s in store.iter_samples())
    assert len(counts) == 9 and max(counts.values()) == 1

    # a sample deleted in Review stays deleted: the next run neither asks nor restores it
    victim = next(s for s in store.iter_samples() if s.status == "pending")
    store.delete_samples([victim.id])
    server.reset_counters()
    again = await make_flow(store, server).run()
    assert server.calls == 0 and again.samples == 0 and store.count() == 8


async def test_a_new_aspect_joins_the_same_jobs(store, server, tmp_path):
    sid = add_document(store, tmp_path)
    await make_flow(store, server, options(aspects=["主要角色", "市场影响"])).run()
    assert server.calls == 2 + 4 and store.count() == 4
    # 人物关系 brings one new question and one the run already has (near-duplicate)
    server.reply.extra["人物关系"] = ["《青石记》里陆远的师父是谁？", "《青石记》里的主角陆远手持的是什么剑？"]
    result = await make_flow(store, server, options(aspects=["主要角色", "市场影响", "人物关系"])).run()
    assert (result.calls, result.samples, result.questions, result.duplicates) == (2, 1, 5, 2)
    assert server.calls == 8 and len(store.jobs()) == 2
    teacher = sft(store)["《青石记》里陆远的师父是谁？"]
    assert teacher.meta["aspect"] == "人物关系" and teacher.turns[1].text == "陆远的师父是隐居云州的剑客沈秋。"
    assert teacher.status == "pending" and f"{sid}:1" in teacher.meta["context"]


async def test_validation_and_one_source(store, server, tmp_path):
    flow = make_flow(store, server, options(topic="  ", aspects=["", " "], per_aspect=0, max_chars=2,
                                            top_k=0, lang="fr"))
    problems = flow.validate()
    assert any("choose one of zh, en" in p for p in problems)
    assert any(p.startswith("Name the topic") for p in problems)
    assert any(p.startswith("Add at least one aspect") for p in problems)
    assert any("Questions per aspect must be 1 to 50 (got 0)" in p for p in problems)
    assert any("The longest question must be 5 to 500 characters (got 2)" in p for p in problems)
    assert any("(top k) must be 1 to 20 (got 0)" in p for p in problems)
    assert "The project has no document chunks to answer from: import documents first." in problems
    with pytest.raises(InputError, match="import documents first"):
        await make_flow(store, server).run()
    assert server.calls == 0 and flow.preview_messages() == []

    add_document(store, tmp_path, "其他.txt", "《青石记》在海外也有很多玩家。\n")
    sid = add_document(store, tmp_path)
    assert "Source #99 does not exist in this project." in make_flow(store, server, options(source_id=99)).validate()
    result = await make_flow(store, server, options(source_id=sid, aspects=["市场影响"])).run()
    assert (result.samples, result.answered) == (2, 2)
    assert {s.source_id for s in store.iter_samples()} == {sid}
    assert all(k.startswith(f"{sid}:") for s in store.iter_samples() for k in s.meta["context"])


def test_english_prompt():
    from core.llm.templates import builtin_template, render

    messages = render(builtin_template("aspect_questions", "en"), topic="Black Myth: Wukong",
                      aspect="Art and music", n=4, max_chars=60)
    assert messages[0]["role"] == "system" and "JSON" in messages[0]["content"]
    user = messages[1]["content"]
    assert 'Write 4 questions about the aspect "Art and music" of "Black Myth: Wukong".' in user
    assert "at most 60 characters" in user and '{"questions": ["first question", "second question"]}' in user


# ---- the CLI --------------------------------------------------------------------------------------------
def parse(*argv) -> argparse.Namespace:
    p = argparse.ArgumentParser()
    flows = p.add_subparsers()
    register_generate(flows)
    return p.parse_args([str(a) for a in argv])


def test_cli_generate_aspects(tmp_path, server, monkeypatch, capsys):
    project = tmp_path / "cli.corpus"
    with Store.create(project) as st:
        add_document(st, tmp_path)
    aspects = tmp_path / "aspects.txt"
    aspects.write_text("\ufeff主要角色\n\n故事情节\n彩蛋与网络梗\n", encoding="utf-8")
    monkeypatch.setenv("FAKE_KEY_VAR", DEFAULT_KEY)
    argv = ["aspects", "--project", project, "--topic", TOPIC, "--aspects-file", aspects, "--aspect", "市场影响",
            "--per-aspect", "3", "--max-chars", "30", "--top-k", "2", "--group", "--system", "你是资深玩家。",
            "--base-url", server.base_url, "--model", "fake-model", "--api-key-env", "FAKE_KEY_VAR"]
    args = parse(*argv)
    assert args.func(args) == 3  # one aspect failed: finished with a failed item
    out = capsys.readouterr().out
    assert "topic: 《青石记》 · 4 aspect(s): 主要角色、故事情节、彩蛋与网络梗、市场影响" in out
    assert "estimate: 16 request(s) still to make" in out  # 4 questions items + 4 × 3 answers
    for line in ("questions:  6", "  主要角色: 2", "  故事情节: 2", "  市场影响: 2",
                 "duplicates: 2 (same or nearly the same question, dropped)",
                 "too long:   1 (over 30 characters, dropped)", "answered:   6",
                 "not found:  0 (kept as rejected samples)", "samples:    6 new",
                 "dialogues:  3 new or updated (one per aspect)", "failed:     1", "calls:      12"):
        assert line in out.splitlines(), line
    assert "  [questions] 彩蛋与网络梗: No valid answer after 3 tries" in out
    assert out.rstrip().endswith("run the same command with --retry-failed to try them again")
    with Store(project) as st:
        assert st.count(SampleFilter(kind="sft")) == 6 and st.count(SampleFilter(kind="dialogue")) == 3
        assert {s.system for s in st.iter_samples(SampleFilter(kind="dialogue"))} == {"你是资深玩家。"}

    # again, with the model fixed: only the failed aspect is asked
    server.reply.prose.clear()
    args = parse(*argv, "--retry-failed")
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert "calls:      2" in out.splitlines() and "not found:  1 (kept as rejected samples)" in out.splitlines()
    assert out.rstrip().endswith("finished")


def test_cli_rejects_bad_input(tmp_path, server, monkeypatch):
    project = tmp_path / "empty.corpus"
    Store.create(project).close()
    monkeypatch.setenv("FAKE_KEY_VAR", DEFAULT_KEY)
    base = ["aspects", "--project", project, "--topic", TOPIC, "--base-url", server.base_url, "--model",
            "fake-model", "--api-key-env", "FAKE_KEY_VAR"]
    args = parse(*base)
    assert args.aspect is None and args.per_aspect == 5 and args.max_chars == 40 and args.top_k == 3
    with pytest.raises(InputError, match="import documents first"):
        args.func(args)
    args = parse(*base, "--aspects-file", tmp_path / "missing.txt")
    with pytest.raises(InputError, match="missing.txt” does not exist"):
        args.func(args)
    (tmp_path / "gbk.txt").write_bytes("主要角色\n".encode("gbk"))
    args = parse(*base, "--aspects-file", tmp_path / "gbk.txt")
    with pytest.raises(InputError, match="is not UTF-8 text"):
        args.func(args)
    assert server.calls == 0


async def test_questions_all_too_long_are_asked_again_then_fail_with_the_reason(store, server, tmp_path):
    add_document(store, tmp_path)
    server.reply.extra["世界观"] = [TOO_LONG, "  ", TOO_LONG + "？"]
    result = await make_flow(store, server, options(aspects=["世界观"])).run()
    [(stage, key, reason)] = result.failed
    assert (stage, key) == ("questions", "世界观") and result.calls == 3 and server.calls == 3
    assert "every question is longer than 30 characters" in reason
    assert (result.questions, result.samples) == (0, 0) and store.count() == 0
    assert server.bodies[-1]["messages"][-1]["content"].startswith("Your answer was not valid: every question")


async def test_an_answer_without_retrieved_text_is_never_taken_as_fact(tmp_path, server, store):
    import json as _json

    add_document(store, tmp_path, text="完全无关的一段文字：今天天气晴朗，适合晒被子。\n")
    server.reply.extra["市场影响"] = ["《青石记》卖出了多少份？"]
    confident = server.reply

    def always_found(messages):
        user = next(m["content"] for m in messages if m["role"] == "user")
        if '"questions"' in user:
            return confident(messages)
        return _json.dumps({"answer": "卖出了三百万份。", "found": True}, ensure_ascii=False)

    server.reply = always_found
    result = await make_flow(store, server, options(aspects=["市场影响"], top_k=2)).run()
    samples = list(store.iter_samples())
    assert samples and result.answered == 0
    for s in samples:
        if not s.meta["context"]:
            assert s.status == "rejected" and s.reason == NOT_FOUND_REASON
