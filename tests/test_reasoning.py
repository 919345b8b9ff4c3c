"""A model's reasoning kept apart from its answer: the split itself, the runner, and every flow
that calls a model, run against the real local fake server in each reasoning shape (a
``reasoning_content`` field, DeepSeek-R1 style, and ``<think>…</think>`` in the content)."""

from __future__ import annotations

import asyncio
import hashlib
import json

import pytest
from fake_openai import DEFAULT_KEY, FakeOpenAI, first_user_message

from core.llm import JobItemSpec, ProviderSettings, Runner, add_items, make_client, shape_validator
from core.messages import code_of
from core.model import Sample, Turn
from core.store import SampleFilter, Store
from core.text.reasoning import THINKING, keep_reasoning, split_reasoning, think_answer

SHAPES = ("reasoning_content", "think")  # the two a model gives: a field of the message, tags in the content
TAG = ("<think", "</think", "<thinking", "推理：")  # nothing of a thought may be left in a sample's text


def thought(messages: list[dict]) -> str:
    """The fake model's reasoning: names its prompt, so each sample's can be checked exactly."""
    digest = hashlib.sha256(first_user_message(messages).encode()).hexdigest()[:10]
    return f"推理：先读原文 {digest}，\n再找出关键的一句。"


def thinking(server: FakeOpenAI, shape: str) -> None:
    server.thinking = shape
    server.thought = thought


def item_messages(store: Store, job_id: int) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    after = 0
    while rows := store.done_items(job_id, after_id=after, limit=500):
        after = rows[-1]["id"]
        out.update((r["id"], r["input"]["messages"]) for r in rows)
    return out


def assert_clean(texts) -> None:
    for text in texts:
        assert not any(t in text for t in TAG), text


def assert_kept(store: Store, samples: list[Sample]) -> None:
    """Each sample holds the reasoning of its own job item, and none of its texts holds any."""
    assert samples
    prompts: dict[int, dict[int, list[dict]]] = {}
    for s in samples:
        job = s.meta["job_id"]
        if job not in prompts:
            prompts[job] = item_messages(store, job)
        assert s.meta[THINKING] == thought(prompts[job][s.meta["job_item"]]), s
        assert_clean([s.system, *(t.text for t in s.turns)])


# ---- the split ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("content,native,answer,reasoning", [
    ("回答", None, "回答", ""),
    ("回答", "想一想", "回答", "想一想"),
    ("<think>\n想一想\n</think>\n\n回答", None, "回答", "想一想"),
    ("<thinking>想</thinking>回答", None, "回答", "想"),
    ("  <THINK>想</THINK>  回答  ", None, "回答", "想"),
    ("想一想\n</think>\n\n回答", None, "回答", "想一想"),  # the chat template opened the block
    ("<think>想到一半", None, "", "想到一半"),  # cut off while thinking
    ("<think>一</think><think>二</think>回答", None, "回答", "一\n\n二"),  # several blocks
    ("<think>\n\n</think>\n\n回答", None, "回答", ""),  # a thinking model told not to think
    ("<think>想</think>回答", "想", "回答", "想"),  # a gateway that also copies the field: once
    ("<think>原生</think>回答", "字段", "回答", "字段\n\n原生"),
    ("模型用 <think> 标签包住推理", None, "模型用 <think> 标签包住推理", ""),  # an answer that names the tag
])
def test_split_reasoning(content, native, answer, reasoning):
    assert split_reasoning(content, native) == (answer, reasoning)


def test_keep_reasoning_moves_a_think_block_out_of_the_answer_and_rejects_an_answer_of_only_thought():
    s = keep_reasoning(Sample.qa("<think>问题里的</think>问题？", "<think>答案里的</think>答案。"),
                       {"content": "答案。", "reasoning": "字段里的"})
    assert [t.text for t in s.turns] == ["问题？", "答案。"]
    assert s.meta[THINKING] == "字段里的\n\n答案里的"  # a thought in another turn is not the answer's
    empty = keep_reasoning(Sample.qa("问题？", "<think>只有推理"))
    assert empty.turns[1].text == "" and empty.status == "rejected"
    assert code_of(empty.reason) == "reasoning.answer_only_thought"
    plain = keep_reasoning(Sample.qa("问题？", "答案。"), {"content": "答案。"})
    assert THINKING not in plain.meta and plain.status == "pending"
    assert keep_reasoning(None, {"content": "x"}) is None


def test_think_answer_is_llama_factory_s_thought_words():
    assert think_answer(" 想一想 \n", "回答") == "<think>\n想一想\n</think>\n\n回答"
    assert think_answer("", "回答") == "回答"


# ---- the runner ------------------------------------------------------------------------------------------
@pytest.fixture
def store(tmp_path):
    with Store.create(tmp_path / "r.corpus") as st:
        yield st


def settings_for(server: FakeOpenAI, **kw) -> ProviderSettings:
    kw.setdefault("concurrency", 4)
    kw.setdefault("timeout", 5.0)
    return ProviderSettings(base_url=server.base_url, model="fake-model", **kw)


async def run_items(store, server, prompts, validate=None) -> int:
    s = settings_for(server)
    job = store.create_job("test", "reasoning", {})
    add_items(store, job, [JobItemSpec(p, [{"role": "user", "content": p}]) for p in prompts])
    await Runner(store, lambda: make_client(s, DEFAULT_KEY), s, validate=validate, backoff_base=0.02,
                 max_reasks=1).run(job)
    return job


@pytest.mark.parametrize("shape", ["reasoning_content", "reasoning", "think", "think-unopened"])
async def test_runner_stores_answer_and_reasoning_apart(store, shape):
    with FakeOpenAI() as server:
        server.reply = lambda m: "纯文本的回答"
        thinking(server, shape)
        job = await run_items(store, server, ["问题"])
        [row] = store.done_items(job)
        msgs = [{"role": "user", "content": "问题"}]
        assert row["output"] == {"content": "纯文本的回答", "reasoning": thought(msgs)}
        # the response cache keeps the reply as it came: answered from it, it is split the same way
        again = await run_items(store, server, ["问题"])
        assert server.calls == 1 and store.done_items(again)[0]["output"] == row["output"]


async def test_runner_validates_the_answer_not_the_thought(store):
    with FakeOpenAI() as server:
        # the thought holds a draft JSON before the closing tag (the template opened the block)
        server.reply = lambda m: '草稿是 {"echo": "草稿", "n": 0}\n</think>\n\n{"echo": "定稿", "n": 2}'
        job = await run_items(store, server, ["q"], validate=shape_validator({"echo": str, "n": int}))
        [row] = store.done_items(job)
        assert row["output"]["value"] == {"echo": "定稿", "n": 2}
        assert row["output"]["reasoning"] == '草稿是 {"echo": "草稿", "n": 0}'


async def test_an_answer_cut_off_while_thinking_fails_with_its_reason(store):
    with FakeOpenAI() as server:
        server.reply = lambda m: "<think>\n这个问题要从三个方面想：第一"
        job = await run_items(store, server, ["q"])
        [failed] = store.failed_items(job)
        assert code_of(failed["error"]) == "reasoning.no_answer"
        assert store.done_items(job) == []


# ---- every flow that calls a model ---------------------------------------------------------------------
@pytest.mark.parametrize("shape", [*SHAPES, "think-unopened", "reasoning"])
async def test_qa_samples_keep_the_reasoning_apart_from_answer_and_basis_note(store, shape, monkeypatch):
    from test_flow_qa import Replies, add_document, make_flow

    from core.flows.qa import QAOptions

    with FakeOpenAI() as server:
        server.reply = Replies()
        thinking(server, shape)
        add_document(store, 3)
        real_add = store.add_samples
        calls = {"n": 0}

        def flaky_add(samples):  # one sample write fails: the sample is restored at the end of the run
            calls["n"] += 1
            if calls["n"] == 2:
                raise OSError("disk went away")
            return real_add(samples)

        monkeypatch.setattr(store, "add_samples", flaky_add)
        result = await make_flow(store, server, QAOptions(questions_per_chunk=3)).run()
        monkeypatch.undo()
        samples = list(store.iter_samples())
        assert result.samples == len(samples) == 7  # as without reasoning: 3 chunks × 2 markers + 1 shared
        assert_kept(store, samples)
        found = [s for s in samples if s.status == "pending"]
        # the answer template's own "reasoning" (the passage the answer rests on) stays its own note
        assert found and all(s.meta["reasoning"].startswith("依据") for s in found)
        assert all(s.turns[1].text.endswith("客栈开在洛阳。") for s in found)


@pytest.mark.parametrize("shape", SHAPES)
async def test_aspects_answers_keep_the_reasoning(store, shape, tmp_path):
    from test_flow_aspects import Replies, add_document, make_flow, options

    with FakeOpenAI() as server:
        server.reply = Replies()
        thinking(server, shape)
        add_document(store, tmp_path)
        await make_flow(store, server, options(aspects=["主要角色", "市场影响"])).run()
        samples = list(store.iter_samples(SampleFilter(kind="sft")))
        assert len(samples) == 4
        assert_kept(store, samples)


@pytest.mark.parametrize("shape", SHAPES)
async def test_style_replies_keep_the_reasoning_and_are_checked_without_it(tmp_path, shape):
    from test_flow_style import Replies, StyleFake, make_flow, qs

    from core.flows.style import StyleOptions

    with StyleFake() as server, Store.create(tmp_path / "style.corpus") as store:
        server.reply = Replies()
        thinking(server, shape)
        opts = StyleOptions(style="测试温柔", count=2, inputs=qs(4), generate_inputs=False,
                            embedding_model="fake-embedding")
        result = await make_flow(store, server, opts).run()
        # q00 and q02 pass every check, q01 lacks the keywords: the thought is never checked as the reply
        assert (result.accepted, result.attempted) == (2, 3)
        samples = list(store.iter_samples())
        assert_kept(store, samples)
        assert all(s.turns[1].text.endswith("别担心呢") for s in samples if s.status == "pending")


@pytest.mark.parametrize("shape", SHAPES)
def test_extraction_samples_keep_the_reasoning_and_the_records_parse(tmp_path, shape):
    from chat_fixtures import write_competition_json
    from chat_model import ChatModel
    from test_chat_flows import FAST, client_for, settings_for

    from core.flows.extract import ExtractFlow, ExtractOptions, label_samples
    from core.sources.chats.importer import import_chat_file

    with FakeOpenAI() as server, Store.create(tmp_path / "chat.corpus") as store:
        server.reply = ChatModel()
        thinking(server, shape)
        import_chat_file(store, write_competition_json(tmp_path, "test_data.json", labels=False),
                         make_samples=label_samples(store))
        settings = settings_for(server)
        result = asyncio.run(ExtractFlow(store, client_for(server, settings), settings, ExtractOptions(),
                                         runner_options=FAST).run())
        samples = list(store.iter_samples())
        assert result.samples == len(samples) == 3 and not result.failed
        assert_kept(store, samples)
        assert all(isinstance(json.loads(s.turns[1].text), list) for s in samples)


@pytest.mark.parametrize("shape", SHAPES)
def test_predictions_are_the_same_with_a_thinking_model(tmp_path, shape):
    from chat_fixtures import write_competition_json
    from chat_model import ChatModel
    from test_chat_flows import FAST, client_for, settings_for

    from core.flows.extract import label_samples
    from core.flows.predict import PredictFlow
    from core.sources.chats.importer import import_chat_file

    files = {}
    for mode in (None, shape):
        with FakeOpenAI() as server, Store.create(tmp_path / f"{mode}.corpus") as store:
            server.reply = ChatModel()
            thinking(server, mode)
            r = import_chat_file(store, write_competition_json(tmp_path), make_samples=label_samples(store))
            settings = settings_for(server)
            out = tmp_path / f"submit_{mode}.json"
            result = asyncio.run(PredictFlow(store, client_for(server, settings), settings, r.source_id,
                                             runner_options=FAST).run(out))
            assert result.written == 3 and not result.failed
            files[mode] = out.read_text(encoding="utf-8")
    assert files[shape] == files[None]
    assert_clean([files[shape]])


@pytest.mark.parametrize("shape", SHAPES)
async def test_novel_instructions_are_clean_and_the_summary_s_thought_stays_with_its_item(store, shape, tmp_path):
    from test_flow_novel import NovelModel, add_novel, make_flow

    from core.flows.novel import NovelOptions

    with FakeOpenAI() as server:
        server.reply = NovelModel()
        thinking(server, shape)
        add_novel(store, tmp_path)
        await make_flow(store, server, NovelOptions(chunk_size=120)).run()
        samples = list(store.iter_samples())
        assert samples
        for s in samples:
            # the model wrote the instruction's summary, not the answer (the novel's own text): its
            # thought is no reasoning toward the answer, and is not exported as one
            assert THINKING not in s.meta
            assert_clean([s.turns[0].text, s.meta["summary"]])
            msgs = item_messages(store, s.meta["job_id"])[s.meta["job_item"]]
            done = {r["id"]: r for r in store.done_items(s.meta["job_id"])}
            assert done[s.meta["job_item"]]["output"]["reasoning"] == thought(msgs)


@pytest.mark.parametrize("shape", SHAPES)
async def test_dialogue_extraction_lines_are_clean(store, shape, tmp_path):
    from test_flow_dialogue_extract import DialogueModel, add_novel, make_flow

    from core.flows.dialogue_extract import extracted_script, llm_script_qa

    with FakeOpenAI() as server:
        server.reply = DialogueModel()
        thinking(server, shape)
        sid = add_novel(store, tmp_path)
        await make_flow(store, server).run()
        script = extracted_script(store, sid)
        lines = list(script.lines())
        assert len(lines) == 9
        assert_clean([x.text for x in lines] + [x.speaker for x in lines])
        report = llm_script_qa(store, sid, "林晚")
        assert report.created == 3
        assert_clean(t.text for s in store.iter_samples() for t in s.turns)


# ---- Sample editing keeps it ---------------------------------------------------------------------------
def test_a_stored_sample_keeps_its_reasoning(store):
    s = keep_reasoning(Sample(turns=[Turn("user", "问"), Turn("assistant", "答")]), {"content": "答", "reasoning": "想"})
    [sid] = store.add_samples([s])
    assert store.get_sample(sid).meta[THINKING] == "想"
