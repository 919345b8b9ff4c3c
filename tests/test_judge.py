"""The LLM judge, end to end against the real local fake server (the client is not mocked): scores
and reasons land on the samples, reruns pay nothing, edits are judged again, failures end with
reasons, the threshold rejects with its coded reason, and an export after it has the rows left."""

from __future__ import annotations

import asyncio
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fake_openai import FakeOpenAI, judge_reply, last_user_message, weak_model

from core.export import ExportOptions, export_samples
from core.flows.judge import (
    JudgeFlow,
    JudgeOptions,
    apply_threshold,
    read_rubric,
    rubric_of,
)
from core.llm import ProviderSettings, make_client
from core.llm.providers import normalize_base_url
from core.llm.templates import builtin_template
from core.messages import code_of, render, say
from core.model import Sample, Turn
from core.store import SampleFilter, Store

CHUNK = "林晚在洛阳开了一家客栈，名叫悦来客栈，每天卯时开门。"
QA_SCORES = [5, 4, 3, 2, 1, 2, 4, 5]  # the QA samples' marks: the fake judge gives what the sample says


class Judge:
    """The fake judge: ``judge_reply`` (the score of the sample's "[score N]" mark, a reason in the
    prompt's language), recording each original prompt; a sample whose text is in `broken` is
    answered with prose, never JSON."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.prompts: list[str] = []
        self.broken: set[str] = set()

    def __call__(self, messages: list[dict]) -> str:
        first = next(m["content"] for m in messages if m["role"] == "user")
        with self.lock:
            if len(messages) <= 2:
                self.prompts.append(first)
        if any(b in first for b in self.broken):
            return "这条样本还不错，我给三分吧。"
        return judge_reply(messages)


def build_project(store: Store) -> dict[str, list[int]]:
    """QA samples grounded in a chunk, a dialogue, an extraction sample and a plain text."""
    sid = store.add_source("document", "客栈.txt")
    store.add_raw_items(sid, "chunk", [(f"{sid}:0", "客栈.txt", {"text": CHUNK, "index": 0, "doc": "客栈.txt"})])
    qa = store.add_samples([
        Sample.qa(f"第{i}问：客栈叫什么？[score {s}]", f"悦来客栈{i}。", source_id=sid,
                  meta={"flow": "qa", "chunk": f"{sid}:0", "made": {"flow": "qa", "model": "gen-model"}})
        for i, s in enumerate(QA_SCORES)])
    dialogue = store.add_samples([Sample(kind="dialogue", system="你是掌柜林晚。", turns=[
        Turn("user", "掌柜的，几点开门？", "阿福"), Turn("assistant", "卯时。", "林晚"),
        Turn("user", "[score 4] 那几点关门？", "阿福"), Turn("assistant", "戌时。", "林晚")])])
    extract = store.add_samples([Sample.qa("从聊天中提取客户信息。\n赵磊：沙发多少钱？[score 3]",
                                           '[{"基本信息-姓名": "赵磊"}]', meta={"flow": "extract"})])
    plain = store.add_samples([Sample.text("一段纯文本。")])
    return {"qa": qa, "dialogue": dialogue, "extract": extract, "plain": plain}


@contextmanager
def judge_server() -> Iterator[FakeOpenAI]:
    """A running fake server answering as the fake judge (a fresh Judge)."""
    with FakeOpenAI() as s:
        s.reply = Judge()
        yield s


@pytest.fixture
def server():
    with judge_server() as s:
        yield s


@pytest.fixture
def store(tmp_path):
    with Store.create(tmp_path / "judge.corpus") as st:
        yield st


def settings_for(server: FakeOpenAI, **kw) -> ProviderSettings:
    kw.setdefault("concurrency", 4)
    kw.setdefault("timeout", 5.0)
    return ProviderSettings(base_url=server.base_url, model="fake-model", **kw)


def judge(store, server, lang="zh", flt=None, retry_failed=False, **options) -> tuple[JudgeFlow, object]:
    s = settings_for(server)
    flow = JudgeFlow(store, lambda: make_client(s, server.api_key), s, JudgeOptions(filter=flt, lang=lang, **options),
                     runner_options={"max_retries": 1, "backoff_base": 0.01, "max_reasks": 2})
    return flow, asyncio.run(flow.run(retry_failed=retry_failed))


def mark(sample: Sample) -> int:
    return int(re.search(r"\[score (\d)\]", "".join(t.text for t in sample.turns)).group(1))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_sample_gets_a_score_and_a_reason_in_the_users_language(store, server, lang):
    ids = build_project(store)
    flow, result = judge(store, server, lang)
    judged = ids["qa"] + ids["dialogue"] + ids["extract"]
    assert (result.selected, result.plain, result.judged, result.judged_now) == (11, 1, 10, 10)
    assert result.failed == [] and result.calls == server.calls == 10
    assert result.scores == {1: 1, 2: 2, 3: 2, 4: 3, 5: 2}
    digests = {name: builtin_template(f"judge_{name}", lang).digest() for name in ("qa", "dialogue", "extract")}
    for sid in judged:
        s = store.get_sample(sid)
        j = s.meta["judge"]
        assert j["score"] == mark(s)
        assert j["model"] == "fake-model" and j["endpoint"] == normalize_base_url(server.base_url)
        name = rubric_of(s)
        assert j["rubric"] == f"{name}:{digests[name]}"
        assert "\n" not in j["reason"]
        if lang == "zh":
            assert re.search(r"[\u4e00-\u9fff]", j["reason"])
        else:
            assert re.fullmatch(r"[\x20-\x7e]+", j["reason"])
        assert s.status == "pending"  # scoring alone changes no status …
    assert store.touched_among(judged) == set()  # … and is not the user's work
    assert "judge" not in store.get_sample(ids["plain"][0]).meta  # plain text: counted, not judged
    assert [rubric_of(store.get_sample(i)) for i in (ids["dialogue"][0], ids["extract"][0])] == ["dialogue", "extract"]
    # the judge read what each rubric needs: the QA answer's source text, the whole dialogue
    prompts = server.reply.prompts
    qa_prompt = next(p for p in prompts if "第0问" in p)
    assert CHUNK in qa_prompt and "悦来客栈0。" in qa_prompt
    dialogue_prompt = next(p for p in prompts if "那几点关门" in p)
    assert "你是掌柜林晚。" in dialogue_prompt and "卯时。" in dialogue_prompt and "戌时。" in dialogue_prompt
    extract_prompt = next(p for p in prompts if "沙发多少钱" in p)
    assert '[{"基本信息-姓名": "赵磊"}]' in extract_prompt
    # the detail pane (and any provenance view) names the judge's model
    from core.flows.evidence import made_lines

    assert any("fake-model" in line and str(QA_SCORES[0]) in line for line in made_lines(store.get_sample(ids["qa"][0]).meta))


def test_rerun_pays_nothing_and_an_edited_sample_is_judged_again(store, server):
    ids = build_project(store)
    judge(store, server)
    assert server.calls == 10
    _, again = judge(store, server)
    assert server.calls == 10 and again.calls == 0  # nothing asked twice
    assert (again.judged, again.judged_now) == (10, 0) and again.scores == {1: 1, 2: 2, 3: 2, 4: 3, 5: 2}

    edited = store.get_sample(ids["qa"][4])  # scored 1: the user rewrites it
    edited.turns[0].text = edited.turns[0].text.replace("[score 1]", "[score 5]")
    store.update_sample(edited)
    _, third = judge(store, server)
    assert server.calls == 11 and third.judged_now == 1  # only the edited sample is asked about
    assert store.get_sample(edited.id).meta["judge"]["score"] == 5
    assert third.scores == {2: 2, 3: 2, 4: 3, 5: 3}


def test_a_verdict_a_crash_kept_from_its_sample_is_written_without_a_call(store, server):
    ids = build_project(store)
    judge(store, server)
    lost = store.get_sample(ids["qa"][0])
    del lost.meta["judge"]  # as if the process died between storing the answer and writing it
    store.update_sample(lost, by_user=False)
    _, again = judge(store, server)
    assert again.calls == 0 and again.written == 1
    assert store.get_sample(lost.id).meta["judge"]["score"] == QA_SCORES[0]


def test_failures_end_as_failed_items_with_reasons(store, server):
    ids = build_project(store)
    probe = JudgeFlow(store, None, settings_for(server), JudgeOptions(lang="zh"))
    prompt_of = {sid: last_user_message(probe.messages_for(store.get_sample(sid))) for sid in ids["qa"][:3]}
    server.reply.broken.add("第0问")  # never JSON
    server.inject("500", "500", prompt=prompt_of[ids["qa"][1]])  # more 5xx than the retries
    server.inject("429", "429", prompt=prompt_of[ids["qa"][2]])  # more 429 than the retries
    _, result = judge(store, server)
    assert result.judged == 7 and len(result.failed) == 3
    reasons = {key.split(":")[0]: reason for _stage, key, reason in result.failed}
    assert code_of(reasons[str(ids["qa"][0])]) == "llm.no_valid_answer"
    assert code_of(reasons[str(ids["qa"][1])]) == "llm.gave_up" and "500" in render(reasons[str(ids["qa"][1])], "en")
    assert code_of(reasons[str(ids["qa"][2])]) == "llm.gave_up" and "429" in render(reasons[str(ids["qa"][2])], "en")
    assert all("judge" not in store.get_sample(i).meta for i in ids["qa"][:3])

    server.reply.broken.clear()
    _, retried = judge(store, server, retry_failed=True)
    assert retried.failed == [] and retried.judged == 10 and retried.judged_now == 3


def test_a_reason_in_the_wrong_language_is_asked_again(store, server):
    store.add_samples([Sample.qa("客栈叫什么？[score 4]", "悦来客栈。")])

    def english_first(messages):
        if len(messages) <= 2:  # the first answer: English, for a Chinese reader
            return json.dumps({"score": 4, "reason": "Fine answer."})
        return judge_reply(messages)

    server.reply = english_first
    _, result = judge(store, server, "zh")
    assert result.judged == 1 and server.calls == 2
    assert "Chinese" in server.bodies[-1]["messages"][-1]["content"]  # the re-ask said why
    assert re.search(r"[\u4e00-\u9fff]", store.get_sample(1).meta["judge"]["reason"])


@pytest.mark.parametrize("mode", ["example", "instruction"])
def test_a_weak_model_echoing_the_rubric_fails_with_the_echo_as_reason(store, server, mode):
    build_project(store)
    server.reply = weak_model(mode)
    _, result = judge(store, server)
    assert result.judged == 0 and len(result.failed) == 10 and result.echoes == 10
    assert {code_of(reason) for *_x, reason in result.failed} == {"echo.item_failed"}
    assert store.score_counts() == {None: 11}


def test_a_users_rubric_file(store, server, tmp_path):
    ids = build_project(store)
    path = tmp_path / "我的标准.txt"
    path.write_text("只看回答是否提到客栈的名字：提到 5 分，没提到 1 分。", encoding="utf-8")
    name, text = read_rubric(path)
    _, result = judge(store, server, rubric_text=text, rubric_name=name)
    assert result.judged == 10 and result.plain == 1
    assert all("只看回答是否提到客栈的名字" in p for p in server.reply.prompts)
    rubric = store.get_sample(ids["qa"][0]).meta["judge"]["rubric"]
    assert rubric.startswith("我的标准:") and len(rubric.split(":")[1]) == 16
    _, builtin = judge(store, server)  # the built-in rubrics are another job: each sample asked again
    assert builtin.judged_now == 10 and store.get_sample(ids["qa"][0]).meta["judge"]["rubric"].startswith("qa:")


def test_threshold_rejects_with_the_coded_reason_skips_touched_samples_and_export_has_the_rest(store, server, tmp_path):
    ids = build_project(store)
    judge(store, server)
    kept_by_user = ids["qa"][4]  # scored 1, but the user accepted it
    store.set_status([kept_by_user], "accepted")
    report = apply_threshold(store, 3)
    below = {sid: mark(store.get_sample(sid)) for sid in ids["qa"] + ids["dialogue"] + ids["extract"]
             if mark(store.get_sample(sid)) < 3}
    assert report.rejected == len(below) - 1 == 2 and report.skipped == 1 and report.restored == 0
    assert report.by_score == {2: 2}
    for sid, score in below.items():
        s = store.get_sample(sid)
        if sid == kept_by_user:
            assert s.status == "accepted" and s.reason == ""
        else:
            assert s.status == "rejected"
            assert s.reason == say("judge.below_threshold", score=score, threshold=3).encode()
    assert store.touched_among(below) == {kept_by_user}  # the threshold's rejections are not the user's

    out = tmp_path / "out.jsonl"
    export_samples(store.path, ExportOptions(format="alpaca", out=out, jsonl=True, include="non_rejected",
                                             kind="sft", dataset_info=False))
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    kept = {sid for sid in ids["qa"] + ids["extract"] if sid not in below or sid == kept_by_user}
    assert len(rows) == len(kept) == 7
    exported = {r["instruction"] + r.get("input", "") for r in rows}
    assert all(any(store.get_sample(sid).turns[0].text.split("[")[0] in e for e in exported) for sid in kept)

    lower = apply_threshold(store, 2)  # a lower bar gives back what the higher one took
    assert lower.restored == 2 and lower.rejected == 0 and lower.skipped == 1
    assert store.count(SampleFilter(statuses=("rejected",))) == 0


def test_score_filter_and_counts(store, server):
    build_project(store)
    judge(store, server)
    assert store.count(SampleFilter(judged=False)) == 1
    assert store.count(SampleFilter(min_score=4)) == 5 and store.count(SampleFilter(max_score=2)) == 3
    assert store.count(SampleFilter(min_score=3, max_score=3)) == 2
    assert store.score_counts() == {None: 1, 1: 1, 2: 2, 3: 2, 4: 3, 5: 2}
    ordered = [store.rows([i])[i][-1] for i in store.query_ids(SampleFilter(judged=True), sort="score")]
    assert ordered == sorted(ordered)
