"""Documents → QA pairs, end to end against the real local fake server (the client is not mocked)."""

from __future__ import annotations

import asyncio
import collections
import json
import re
import threading

import pytest
from fake_openai import DEFAULT_KEY, FakeOpenAI

from core.errors import InputError
from core.flows.qa import (
    NOT_FOUND_REASON,
    QAFlow,
    QAOptions,
    clean_question,
    question_key,
    questions_for,
)
from core.llm import ProviderSettings, make_client
from core.llm.templates import Template, save_project_template
from core.messages import render
from core.store import SampleFilter, Store

N_CHUNKS = 6
MARK = re.compile(r"R\d+[ab]")
ASKED = re.compile(r"(R\d+[ab])号记录")
SHARED = ["这本书讲的是什么？", "这本书 讲的是什么?", "这本书讲的是什么"]  # one question, three spellings


class Replies:
    """The fake model. A questions prompt gets one question per marker (R<i>a, R<i>b) of its
    chunk plus a question every chunk shares; an answer prompt gets an answer naming the marker
    of its question, or found:false for the shared question, R0b, R3b (and an empty answer for
    R5b). Knobs script the failures; the original prompt decides, even when re-asked."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.malformed_once: set[str] = set()  # markers whose answer is prose once
        self.bad_questions: set[str] = set()  # markers whose chunk's questions are always prose
        self.bad_answers: set[str] = set()  # markers whose answer always has the wrong shape

    def __call__(self, messages: list[dict]) -> str:
        user = next(m["content"] for m in messages if m["role"] == "user")
        if '"questions"' in user:
            marks = list(dict.fromkeys(MARK.findall(user)))
            if self.bad_questions & set(marks):
                return "我想不出问题。"
            i = int(marks[0][1:-1])
            qs = [f"{m}号记录里，林晚的客栈开在哪里？" for m in marks] + [SHARED[i % 3]]
            return json.dumps({"questions": qs}, ensure_ascii=False)
        asked = ASKED.search(user.split("</参考文本>")[-1].split("</reference>")[-1])
        if asked is None:
            return json.dumps({"answer": "原文中没有提到。", "found": False, "reasoning": "没有依据"},
                              ensure_ascii=False)
        m = asked.group(1)
        with self.lock:
            if m in self.malformed_once:
                self.malformed_once.discard(m)
                return "抱歉，我只能用文字回答。"
        if m in self.bad_answers:
            return json.dumps({"answer": 5, "found": True})
        if m in ("R0b", "R3b"):
            return json.dumps({"answer": "原文中没有提到。", "found": False}, ensure_ascii=False)
        if m == "R5b":
            return json.dumps({"answer": "", "found": True}, ensure_ascii=False)
        return json.dumps({"answer": f"{m}：客栈开在洛阳。", "found": True, "reasoning": f"依据{m}那一句。"},
                          ensure_ascii=False)


def chunk_text(i: int) -> str:
    return (f"第{i}节。R{i}a：林晚在洛阳开了一家客栈，名叫悦来{i}号。"
            f"R{i}b：客栈每天{i + 5}点开门，伙计阿福在擦桌子。")


def add_document(store: Store, n: int = N_CHUNKS, name: str = "客栈.txt") -> int:
    sid = store.add_source("document", name)
    store.add_raw_items(sid, "chunk", [(f"{sid}:{i}", name, {"text": chunk_text(i), "index": i, "doc": name})
                                       for i in range(n)])
    return sid


@pytest.fixture
def server():
    with FakeOpenAI() as s:
        s.reply = Replies()
        yield s


@pytest.fixture
def store(tmp_path):
    with Store.create(tmp_path / "qa.corpus") as st:
        yield st


def settings_for(server: FakeOpenAI, **kw) -> ProviderSettings:
    kw.setdefault("concurrency", 8)
    kw.setdefault("timeout", 5.0)
    return ProviderSettings(base_url=server.base_url, model="fake-model", **kw)


class Recorder:
    def __init__(self) -> None:
        self.stages: list[tuple[str, int]] = []
        self.samples: list[list[int]] = []
        self.failed: list[tuple[str, str, str]] = []
        self.progress: list[tuple[str, object]] = []
        self.finished = False
        self.during_run: list[bool] = []
        self.store: Store | None = None
        self.on_samples_hook = None

    def on_stage(self, stage, total):
        self.stages.append((stage, total))

    def on_progress(self, stage, snapshot):
        self.progress.append((stage, snapshot))

    def on_samples(self, ids):
        self.samples.append(list(ids))
        self.during_run.append(not self.finished and all(self.store.get_sample(i) for i in ids))
        if self.on_samples_hook:
            self.on_samples_hook()

    def on_failed(self, stage, key, reason):
        self.failed.append((stage, key, reason))


def make_flow(store, server, options=None, events=None, settings=None, **kw) -> QAFlow:
    s = settings or settings_for(server)
    if isinstance(events, Recorder):
        events.store = store
    return QAFlow(store, lambda: make_client(s, DEFAULT_KEY), s,
                  options or QAOptions(questions_per_chunk=3), events,
                  runner_options={"backoff_base": 0.02, **kw})


def answer_bodies(server) -> list[dict]:
    return [b for b in server.bodies if "参考文本" in b["messages"][-1]["content"]
            or "Reference text" in b["messages"][-1]["content"]]


def samples_by_item(store: Store) -> collections.Counter:
    return collections.Counter(s.meta["job_item"] for s in store.iter_samples())


# ---- helpers ---------------------------------------------------------------------------------------
def test_question_count_cleaning_and_identity():
    assert questions_for("字" * 100) == 1 and questions_for("字" * 1024) == 3
    assert questions_for("字" * 9000) == 8 and questions_for("字" * 10, 5) == 5
    assert clean_question("  1. 林晚 在哪里？ ") == "林晚 在哪里？"
    assert clean_question("二、客栈几点开门？") == "客栈几点开门？"
    assert clean_question("1.5亿是多少？") == "1.5亿是多少？"
    assert question_key(SHARED[0]) == question_key(SHARED[1]) == question_key(SHARED[2])
    assert question_key("What IS it?") == question_key("what is it")


# ---- the whole flow ---------------------------------------------------------------------------------
async def test_run_streams_samples_dedups_and_marks_not_found(store, server):
    sid = add_document(store)
    rec = Recorder()
    s = settings_for(server, price_in_per_m=1.0, price_out_per_m=2.0)
    flow = make_flow(store, server, events=rec, settings=s)
    assert flow.validate() == []
    est = flow.estimate()
    assert est.items == N_CHUNKS + N_CHUNKS * 3  # questions + the answers to the expected questions
    assert est.tokens_in > 0 and est.tokens_out > 0 and est.cost == pytest.approx(
        est.tokens_in / 1e6 + 2 * est.tokens_out / 1e6)

    result = await flow.run()
    rec.finished = True

    # 6 chunks × (2 own questions + the shared one): 13 unique, 5 duplicates never asked
    assert (result.questions, result.duplicates) == (13, 5)
    assert (result.answered, result.not_found, result.samples) == (9, 4, 13)
    assert result.failed == [] and not result.cancelled
    assert server.calls == N_CHUNKS + 13 == result.calls and result.cached == 0 and result.cost > 0
    assert len([b for b in answer_bodies(server) if "这本书" in b["messages"][-1]["content"]]) == 1
    assert rec.stages == [("questions", N_CHUNKS), ("answers", 13)]

    # samples arrived one by one while the run was going
    assert len(rec.samples) == 13 and all(rec.during_run)
    assert sorted(i for batch in rec.samples for i in batch) == sorted(store.query_ids())

    samples = list(store.iter_samples())
    assert len(samples) == 13 and all(s.kind == "sft" and s.source_id == sid for s in samples)
    rejected = {s.turns[0].text: s for s in samples if s.status == "rejected"}
    not_found = {SHARED[0], *(f"{m}号记录里，林晚的客栈开在哪里？" for m in ("R0b", "R3b", "R5b"))}
    assert set(rejected) == not_found
    assert all(s.reason == NOT_FOUND_REASON for s in rejected.values())
    good = next(s for s in samples if s.turns[0].text.startswith("R1a"))
    assert good.status == "pending" and good.turns[1].text == "R1a：客栈开在洛阳。"
    assert good.meta["flow"] == "qa" and good.meta["chunk"] == f"{sid}:1"
    assert good.meta["reasoning"] == "依据R1a那一句。"
    item = store.job_item(good.meta["job_item"])
    assert item["key"] == f"{sid}:1#0" and item["job_id"] == good.meta["job_id"]
    assert samples_by_item(store).most_common(1)[0][1] == 1

    # the answer prompt holds the question's own chunk first, then what BM25 found elsewhere
    prompt = store.job_item(good.meta["job_item"])["input"]["messages"][-1]["content"]
    assert f"【片段 1】（出自《客栈.txt》）\n{chunk_text(1)}" in prompt
    assert "【片段 3】" in prompt and "【片段 4】" not in prompt
    assert len(good.meta["context"]) == 2 and f"{sid}:1" not in good.meta["context"]

    # a second run finds the same jobs and pays nothing, writes nothing
    assert flow.estimate().items == 0
    rec2 = Recorder()
    again = await make_flow(store, server, events=rec2).run()
    assert server.calls == N_CHUNKS + 13
    assert (again.calls, again.samples, again.questions, again.answered) == (0, 0, 13, 9)
    assert rec2.samples == [] and store.count() == 13 and len(store.jobs()) == 2


async def test_failures_are_reported_with_reasons_and_retried(store, server):
    sid = add_document(store)
    replies: Replies = server.reply
    replies.malformed_once.add("R1a")  # re-asked once, then fine
    replies.bad_questions.add("R4a")  # chunk 4's questions never come: fails after 3 tries
    replies.bad_answers.add("R2a")  # the answer to R2a never has the right shape
    rec = Recorder()
    flow = make_flow(store, server, events=rec)
    first_prompt = flow.preview_messages()[-1]["content"]
    server.inject("429:0.3", prompt=first_prompt)  # rate limited once, with Retry-After

    result = await flow.run()
    assert not result.cancelled
    t = server.times_by_prompt[first_prompt]
    assert len(t) == 2 and t[1] - t[0] >= 0.3
    failed = {(stage, key): reason for stage, key, reason in result.failed}
    assert set(failed) == {("questions", f"{sid}:4"), ("answers", f"{sid}:2#0")}
    assert render(failed["questions", f"{sid}:4"], "en").startswith("No valid answer after 3 tries")
    assert "“answer” must be a string" in render(failed["answers", f"{sid}:2#0"], "en")
    assert render(failed["answers", f"{sid}:2#0"], "zh").startswith("试了 3 次仍没有合格的回答：“answer” 应当是文字")
    assert sorted(rec.failed) == sorted(result.failed)
    listed = flow.failed_items()
    assert [(s, k, r) for s, _, k, r in listed] == result.failed
    assert all(store.job_item(item_id)["status"] == "failed" for _, item_id, _, _ in listed)
    # questions: 6 + one 429 + 2 re-asks; answers: 11 + R1a's re-ask + R2a's 2 re-asks
    assert server.calls == 9 + 14 == result.calls
    assert (result.questions, result.samples) == (11, 10)
    assert "R1a：客栈开在洛阳。" in {s.turns[1].text for s in store.iter_samples()}

    # a plain re-run leaves failed items alone (and asks nothing)
    calls = server.calls
    assert (await make_flow(store, server).run()).calls == 0 and server.calls == calls
    # fixed, then retried: chunk 4's questions, its two new answers and R2a's answer
    replies.bad_questions.clear()
    replies.bad_answers.clear()
    retried = await make_flow(store, server, events=Recorder()).run(retry_failed=True)
    assert retried.failed == [] and retried.calls == 4 and server.calls == calls + 4
    assert (retried.questions, retried.samples, store.count()) == (13, 3, 13)
    assert samples_by_item(store).most_common(1)[0][1] == 1


async def test_cancel_then_resume_repeats_nothing_finished(store, server):
    add_document(store)
    server.latency = 0.03
    rec = Recorder()
    flow = make_flow(store, server, events=rec, settings=settings_for(server, concurrency=2))
    rec.on_samples_hook = lambda: len(rec.samples) == 4 and flow.cancel()
    result = await flow.run()
    assert result.cancelled
    assert 4 <= result.samples < 13 and store.count() == result.samples
    first = set(samples_by_item(store))
    prompts = {i: store.job_item(i)["input"]["messages"][-1]["content"] for i in first}

    resumed = await make_flow(store, server, events=Recorder()).run()
    assert not resumed.cancelled and resumed.failed == []
    assert store.count() == 13 and resumed.samples == 13 - len(first)
    counts = samples_by_item(store)
    assert len(counts) == 13 and max(counts.values()) == 1
    assert all(server.calls_by_prompt[p] == 1 for p in prompts.values())  # finished items: asked once
    assert server.calls <= N_CHUNKS + 13 + 2  # at most the requests abandoned in flight were asked again


async def test_pause_between_stages_and_resume(store, server):
    add_document(store, 3)
    rec = Recorder()
    flow = make_flow(store, server, events=rec)
    real_on_stage = rec.on_stage

    def on_stage(stage, total):
        real_on_stage(stage, total)
        if stage == "answers":
            flow.pause()

    rec.on_stage = on_stage
    task = asyncio.create_task(flow.run())
    while not any(stage == "answers" for stage, _ in rec.stages):
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.2)
    assert flow.paused and answer_bodies(server) == [] and not task.done()
    flow.resume()
    result = await task
    assert result.samples == 7 and len(answer_bodies(server)) == 7


async def test_a_crash_between_answer_and_sample_loses_nothing(store, server, monkeypatch):
    add_document(store)
    real_add = store.add_samples
    calls = {"n": 0}

    def flaky_add(samples):  # the third sample write of the run fails, as if the app died there
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk went away")
        return real_add(samples)

    monkeypatch.setattr(store, "add_samples", flaky_add)
    rec = Recorder()
    result = await make_flow(store, server, events=rec).run()
    assert result.samples == 13 and store.count() == 13  # restored at the end of the run
    assert len(rec.samples) == 13  # 12 live, then the restored one
    monkeypatch.undo()

    # a sample the user deleted in Review stays deleted: the next run neither asks nor restores it
    victim = next(s for s in store.iter_samples() if s.status == "pending")
    store.delete_samples([victim.id])
    server.reset_counters()
    rec = Recorder()
    again = await make_flow(store, server, events=rec).run()
    assert server.calls == 0 and again.samples == 0 and store.count() == 12
    assert rec.samples == []
    assert max(samples_by_item(store).values()) == 1


async def test_other_options_reuse_the_questions_job(store, server):
    add_document(store)
    await make_flow(store, server).run()
    server.reset_counters()
    other = await make_flow(store, server, QAOptions(questions_per_chunk=3, top_k=0)).run()
    # new answers (without retrieved context), no new questions; the shared question had no
    # context to retrieve before either, so its prompt is the same and comes from the cache
    assert (other.calls, other.cached) == (12, 1) and server.calls == 12
    assert len(store.jobs()) == 3
    prompt = answer_bodies(server)[0]["messages"][-1]["content"]
    assert "【片段 1】" in prompt and "【片段 2】" not in prompt


async def test_english_templates_and_one_source(store, server):
    add_document(store, 2, "one.txt")
    sid = add_document(store, 2, "two.txt")
    options = QAOptions(source_id=sid, questions_per_chunk=2, top_k=1, lang="en")
    flow = make_flow(store, server, options)
    preview = flow.preview_messages()
    assert "write 2 questions" in preview[-1]["content"] and chunk_text(0) in preview[-1]["content"]
    result = await flow.run()
    assert (result.questions, result.samples) == (4, 4)
    assert {s.source_id for s in store.iter_samples()} == {sid}
    prompt = answer_bodies(server)[0]["messages"][-1]["content"]
    assert "Reference text" in prompt and "[Passage 1] (from “two.txt”)" in prompt
    assert "[Passage 2] (from “two.txt”)" in prompt


async def test_validation_and_the_project_template(store, server):
    flow = make_flow(store, server)
    assert flow.validate() == ["The project has no document text yet: import a TXT file first."]
    assert flow.preview_messages() == []
    with pytest.raises(InputError, match="import a TXT file first"):
        await flow.run()
    assert server.calls == 0

    sid = add_document(store, 2)
    options = QAOptions(source_id=99, questions_per_chunk=-1, lang="fr")
    bad = QAFlow(store, None, settings_for(server), options)
    problems = bad.validate()
    assert any("choose one of zh, en" in p for p in problems)
    assert any("Questions per chunk must be 0" in p for p in problems)
    assert any("Source #99 does not exist" in p for p in problems)

    store.set_meta("template:zh:qa_answer", {"system": "", "user": "{{question}}"})  # broken, stored by hand
    problems = make_flow(store, server).validate()
    assert problems[0].startswith("Answer template (zh): Missing variable {{context}}")
    store.delete_meta("template:zh:qa_answer")

    mine = '用 JSON 给我 {{n}} 个问题 {"questions": []}：{{text}}'
    save_project_template(store, Template("qa_questions", "zh", "", mine))
    flow = make_flow(store, server, QAOptions(source_id=sid))
    assert flow.validate() == []
    rendered = mine.replace("{{n}}", "1").replace("{{text}}", chunk_text(0))
    assert flow.preview_messages() == [{"role": "user", "content": rendered}]
    result = await flow.run()
    assert result.samples == 2
    assert server.bodies[0]["messages"][0]["content"].startswith("用 JSON 给我 1 个问题")
    assert store.count(SampleFilter(statuses=("pending",))) == 2
