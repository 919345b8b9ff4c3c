"""Novel → writing instructions, end to end against the real local fake server."""

from __future__ import annotations

import argparse
import collections
import json
import re
import threading

import pytest
from fake_openai import DEFAULT_KEY, FakeOpenAI

from core.cli_novel import STYLES, register_generate
from core.errors import InputError
from core.export import export_samples
from core.export.writer import ExportOptions
from core.flows.novel import (
    DEFAULT_INSTRUCTION_ZH,
    SUMMARY_STYLES,
    NovelFlow,
    NovelOptions,
)
from core.llm import ProviderSettings, make_client
from core.messages import render
from core.sources.documents.txt import import_text_file
from core.store import Store
from core.text.chunking import chunk_spans

SENTENCE = re.compile(r"第(\d+)句")
PREVIOUS = re.compile(r"<上一段>(.*?)</上一段>|<previous>(.*?)</previous>", re.S)
CHUNK = re.compile(r"<片段>\n(.*?)\n</片段>|<passage>\n(.*?)\n</passage>", re.S)


def novel_text(first: int = 1, paragraphs: int = 3, per: int = 5) -> str:
    """Paragraphs of numbered sentences (each ~28 characters, ending in 。)."""
    out, k = [], first
    for _ in range(paragraphs):
        sentences = []
        for _ in range(per):
            sentences.append(f"第{k}句，林晚推开客栈的门，看见阿福在擦第{k}张桌子。")
            k += 1
        out.append("".join(sentences))
    return "\n\n".join(out) + "\n"


class NovelModel:
    """The fake model: a summary naming the first sentence number of its chunk. Knobs: sentence
    numbers whose chunk gets a 63-character summary (`long`) or only prose (`bad`)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.long: set[int] = set()
        self.bad: set[int] = set()
        self.previous: dict[int, str] = {}  # first sentence of a chunk → the previous summary in its prompt

    def summary(self, k: int) -> str:
        return f"林晚在客栈看阿福擦第{k}张桌子。"

    def __call__(self, messages: list[dict]) -> str:
        user = next(m["content"] for m in messages if m["role"] == "user")
        chunk = next(g for g in CHUNK.search(user).groups() if g is not None)
        k = int(SENTENCE.search(chunk).group(1))
        prev = PREVIOUS.search(user)
        with self.lock:
            self.previous[k] = next((g for g in prev.groups() if g is not None), "") if prev else "(none)"
        if k in self.bad:
            return "这一段写得真好。"
        summary = "很长" * 30 + f"第{k}句" if k in self.long else self.summary(k)
        return json.dumps({"summary": summary}, ensure_ascii=False)


@pytest.fixture
def server():
    with FakeOpenAI() as s:
        s.reply = NovelModel()
        yield s


@pytest.fixture
def store(tmp_path):
    with Store.create(tmp_path / "novel.corpus") as st:
        yield st


def settings_for(server: FakeOpenAI, **kw) -> ProviderSettings:
    kw.setdefault("concurrency", 4)
    kw.setdefault("timeout", 5.0)
    return ProviderSettings(base_url=server.base_url, model="fake-model", **kw)


class Recorder:
    def __init__(self) -> None:
        self.stages: list[tuple[str, int]] = []
        self.samples: list[int] = []
        self.failed: list[tuple[str, str, str]] = []
        self.hook = None

    def on_stage(self, stage, total):
        self.stages.append((stage, total))

    def on_samples(self, ids):
        self.samples.extend(ids)
        if self.hook:
            self.hook()

    def on_failed(self, stage, key, reason):
        self.failed.append((stage, key, reason))


def make_flow(store, server, options, events=None, settings=None) -> NovelFlow:
    s = settings or settings_for(server)
    return NovelFlow(store, lambda: make_client(s, DEFAULT_KEY), s, options, events,
                     runner_options={"backoff_base": 0.02})


def add_novel(store, tmp_path, name="客栈.txt", **kw) -> tuple[int, str]:
    path = tmp_path / name
    path.write_text(novel_text(**kw), encoding="utf-8")
    r = import_text_file(store, path, size=80, overlap=0)  # the project's own chunks: another size
    return r.source_id, path.read_text(encoding="utf-8")


def by_chunk(store) -> dict[int, object]:
    return {s.meta["chunk"]: s for s in store.iter_samples()}


# ---- the whole flow -------------------------------------------------------------------------------
async def test_chunks_summaries_samples_and_alpaca_export(store, server, tmp_path):
    sid, text = add_novel(store, tmp_path)
    rec = Recorder()
    flow = make_flow(store, server, NovelOptions(chunk_size=120), rec)
    assert flow.validate() == []
    assert "<片段>\n第1句" in flow.preview_messages()[-1]["content"]

    result = await flow.run()
    spans = chunk_spans(text, 120, 0)
    # 3 paragraphs of 5 sentences (24-27 characters each): cut at sentence ends, 120 at most
    assert [b - a for a, b in spans] == [100, 102, 108, 81]
    assert len(spans) != store.count_raw_items(sid, "chunk") == 6  # not the project's 80-character chunks
    assert (result.chunks, result.summarized, result.too_long, result.samples) == (4, 4, 0, 4)
    assert result.failed == [] and result.waiting == [] and not result.cancelled
    assert server.calls == result.calls == 4 and rec.stages == [("summaries", 4)]
    assert sorted(rec.samples) == sorted(store.query_ids())

    instruction = DEFAULT_INSTRUCTION_ZH.format(n=120)
    assert instruction == "你是一个熟读各类小说的专家，请你根据要求写一段120字左右的小说。"
    samples = by_chunk(store)
    first_sentence = [1, 5, 9, 13]
    for i, (a, b) in enumerate(spans):
        s = samples[i]
        assert s.turns[1].text == text[a:b]  # the original chunk, unchanged
        assert s.turns[1].text.endswith("张桌子。") and len(s.turns[1].text) <= 120  # a sentence end
        summary = f"林晚在客栈看阿福擦第{first_sentence[i]}张桌子。"
        assert s.turns[0].text == f"{instruction}\n\n{summary}"
        assert (s.kind, s.status, s.reason, s.source_id) == ("sft", "pending", "", sid)
        assert s.meta["flow"] == "novel" and s.meta["summary"] == summary and s.meta["instruction"] == instruction
        assert (s.meta["source_id"], s.meta["chunk"]) == (sid, i)
    made = samples[0].meta["made"]
    assert made["flow"] == "novel" and made["model"] == "fake-model"
    assert made["params"]["chunk_size"] == 120 and made["params"]["instruction"] == instruction
    assert list(made["templates"]) == ["novel_summary:zh"]
    # the plot style is what the prompt asks for
    assert SUMMARY_STYLES["plot"]["zh"] in server.bodies[0]["messages"][-1]["content"]

    # Alpaca: instruction / input (the summary) / output (the chunk) columns
    out = tmp_path / "novel.json"
    export_samples(store, ExportOptions("alpaca", out, mask="off", include="non_rejected", dataset_info=False))
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert len(rows) == 4  # in the order the answers arrived (concurrent): put them in text order
    rows.sort(key=lambda r: text.index(r["output"]))
    assert rows[0] == {"instruction": instruction, "input": "林晚在客栈看阿福擦第1张桌子。",
                       "output": text[spans[0][0]:spans[0][1]], "system": "", "history": []}
    assert [r["output"] for r in rows] == [text[a:b] for a, b in spans]
    assert [r["input"] for r in rows] == [f"林晚在客栈看阿福擦第{k}张桌子。" for k in first_sentence]

    # again: the same job, nothing asked, nothing written
    again = await make_flow(store, server, NovelOptions(chunk_size=120)).run()
    assert (again.calls, again.samples, again.summarized) == (0, 0, 4)
    assert server.calls == 4 and store.count() == 4 and len(store.jobs()) == 1


async def test_over_long_summary_kept_with_reason_and_failures_with_reasons(store, server, tmp_path):
    sid, _ = add_novel(store, tmp_path)
    model: NovelModel = server.reply
    model.long.add(5)  # chunk 1 starts with sentence 5
    model.bad.add(9)  # chunk 2's answer is never JSON
    rec = Recorder()
    result = await make_flow(store, server, NovelOptions(chunk_size=120), rec).run()
    assert (result.summarized, result.too_long, result.samples) == (3, 1, 3)
    assert [(stage, key, render(reason, "en")) for stage, key, reason in result.failed] == [
        ("summaries", f"{sid}:2", "No valid answer after 3 tries: the answer contains no JSON object or array")]
    assert rec.failed == result.failed
    assert server.calls == 3 + 3  # 1 + 2 re-asks for the bad chunk
    long = by_chunk(store)[1]
    assert long.status == "pending" and long.reason == "summary 63 characters > 50"
    assert long.meta["summary"] == "很长" * 30 + "第5句"

    calls = server.calls
    assert (await make_flow(store, server, NovelOptions(chunk_size=120)).run()).calls == 0  # failed left alone
    model.bad.clear()
    retried = await make_flow(store, server, NovelOptions(chunk_size=120)).run(retry_failed=True)
    assert (retried.calls, retried.samples, retried.failed) == (1, 1, [])
    assert server.calls == calls + 1 and store.count() == 4
    assert by_chunk(store)[2].meta["summary"] == "林晚在客栈看阿福擦第9张桌子。"


async def test_previous_summary_context_in_order_per_document(store, server, tmp_path):
    a, _ = add_novel(store, tmp_path, "甲.txt")
    b, _ = add_novel(store, tmp_path, "乙.txt", first=101)
    server.latency = 0.02
    rec = Recorder()
    options = NovelOptions(chunk_size=120, previous=True, style="outline")
    result = await make_flow(store, server, options, rec).run()
    assert (result.chunks, result.samples, result.calls, result.failed) == (8, 8, 8, [])
    assert rec.stages == [("summaries", 8)]  # announced once for all the waves
    assert server.max_in_flight <= 2  # one request at a time within a document
    model: NovelModel = server.reply
    firsts = {a: [1, 5, 9, 13], b: [101, 105, 109, 113]}
    for ks in firsts.values():
        assert model.previous[ks[0]] == ""  # the first chunk: no context
        for prev, k in zip(ks, ks[1:], strict=False):
            assert model.previous[k] == model.summary(prev)  # the previous chunk's summary is in the prompt
    samples = {(s.source_id, s.meta["chunk"]): s for s in store.iter_samples()}
    assert samples[a, 1].meta["previous"] == "林晚在客栈看阿福擦第1张桌子。"
    assert samples[b, 0].meta["previous"] == ""
    assert SUMMARY_STYLES["outline"]["zh"] in server.bodies[0]["messages"][-1]["content"]


async def test_previous_mode_failure_holds_back_its_document_then_resumes(store, server, tmp_path):
    a, _ = add_novel(store, tmp_path, "甲.txt")
    b, _ = add_novel(store, tmp_path, "乙.txt", first=101)
    model: NovelModel = server.reply
    model.bad.add(5)  # document a, chunk 1
    options = NovelOptions(chunk_size=120, previous=True)
    result = await make_flow(store, server, options).run()
    assert [(stage, key, render(reason, "en")) for stage, key, reason in result.failed] == [
        ("summaries", f"{a}:1", "No valid answer after 3 tries: the answer contains no JSON object or array")]
    assert result.waiting == [f"{a}:2", f"{a}:3"]
    assert result.samples == 5 and server.calls == 1 + 3 + 4

    model.bad.clear()
    server.reset_counters()
    again = await make_flow(store, server, options).run(retry_failed=True)
    assert (again.failed, again.waiting, again.samples, again.calls) == ([], [], 3, 3)
    assert server.calls == 3 and store.count() == 8
    assert model.previous[9] == model.summary(5)  # the retried chunk's summary led the next one


async def test_cancel_in_previous_mode_then_resume_repeats_nothing(store, server, tmp_path):
    add_novel(store, tmp_path, "甲.txt")
    add_novel(store, tmp_path, "乙.txt", first=101)
    server.latency = 0.02
    rec = Recorder()
    options = NovelOptions(chunk_size=120, previous=True)
    flow = make_flow(store, server, options, rec)
    rec.hook = lambda: len(rec.samples) == 3 and flow.cancel()
    result = await flow.run()
    assert result.cancelled and result.waiting == []
    done = store.count()
    assert 3 <= done < 8
    asked = dict(server.calls_by_prompt)

    resumed = await make_flow(store, server, options).run()
    assert not resumed.cancelled and resumed.failed == [] and store.count() == 8
    assert resumed.samples == 8 - done
    counts = collections.Counter(s.meta["job_item"] for s in store.iter_samples())
    assert len(counts) == 8 and max(counts.values()) == 1
    # prompts answered before the cancel were not asked again (at most one abandoned in flight per document)
    assert sum(1 for p, n in server.calls_by_prompt.items() if n > asked.get(p, 0) and p in asked) <= 2
    assert server.calls <= 8 + 2


async def test_english_instruction_and_validation(store, server, tmp_path):
    flow = make_flow(store, server, NovelOptions())
    assert flow.validate() == ["The project has no imported documents. Import a script or a document first."]
    with pytest.raises(InputError, match="no imported documents"):
        await flow.run()
    add_novel(store, tmp_path)
    bad = make_flow(store, server, NovelOptions(chunk_size=5, max_chars=0, style="poem", lang="fr")).validate()
    assert any("choose one of zh, en" in p for p in bad)
    assert any("Unknown summary style “poem”" in p for p in bad)
    assert any(p.startswith("Chunk size must be 20 to") for p in bad)
    assert any(p.startswith("The summary length must be at least 5") for p in bad)

    en = make_flow(store, server, NovelOptions(chunk_size=120, lang="en", style="theme",
                                               instruction="Write a {n}-character scene of a wuxia novel."))
    assert en.instruction() == "Write a 120-character scene of a wuxia novel."
    prompt = en.preview_messages()[-1]["content"]
    assert SUMMARY_STYLES["theme"]["en"] in prompt and "<previous></previous>" in prompt
    result = await en.run()
    assert result.samples == 4
    s = by_chunk(store)[0]
    assert s.turns[0].text == "Write a 120-character scene of a wuxia novel.\n\n林晚在客栈看阿福擦第1张桌子。"


# ---- CLI ---------------------------------------------------------------------------------------------
def cli_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser()
    flows = p.add_subparsers()
    register_generate(flows)
    return p


def test_cli_generate_novel(tmp_path, server, capsys, monkeypatch):
    project = tmp_path / "cli.corpus"
    with Store.create(project) as st:
        sid, _ = add_novel(st, tmp_path)
    monkeypatch.setenv("FAKE_KEY_VAR", DEFAULT_KEY)
    server.reply.bad.add(9)  # chunk 2 fails; chunk 3 then waits for it (--previous)
    server.reply.long.add(1)
    args = cli_parser().parse_args([
        "novel", "--project", str(project), "--base-url", server.base_url, "--model", "fake-model",
        "--api-key-env", "FAKE_KEY_VAR", "--chunk-size", "120", "--max-chars", "40", "--style", "theme",
        "--previous", "--instruction", "写一段{n}字左右的武侠小说。"])
    assert args.func(args) == 3  # chunk 2 failed, chunk 3 waits
    out = capsys.readouterr().out
    assert "instruction: 写一段120字左右的武侠小说。" in out
    assert "chunks:     4" in out and "summarized: 2" in out and "samples:    2 new" in out
    assert "too long:   1 " in out
    assert f"  [summaries] {sid}:2: No valid answer after 3 tries" in out
    assert "waiting:    1 chunk(s)" in out and "run the same command with --retry-failed" in out
    with Store(project) as st:
        s = next(x for x in st.iter_samples() if x.meta["chunk"] == 0)
        assert s.reason == "summary 63 characters > 40"
        assert s.turns[0].text.startswith("写一段120字左右的武侠小说。\n\n很长")

    server.reply.bad.clear()
    args = cli_parser().parse_args([
        "novel", "--project", str(project), "--base-url", server.base_url, "--model", "fake-model",
        "--api-key-env", "FAKE_KEY_VAR", "--chunk-size", "120", "--max-chars", "40", "--style", "theme",
        "--previous", "--instruction", "写一段{n}字左右的武侠小说。", "--retry-failed"])
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert "samples:    2 new" in out and "failed:     0" in out and out.rstrip().endswith("finished")


def test_cli_styles_match_the_flow():
    assert set(STYLES) == set(SUMMARY_STYLES)
    assert all(set(v) == {"zh", "en"} for v in SUMMARY_STYLES.values())


def test_preview_without_documents_is_empty(store):
    flow = NovelFlow(store, None, ProviderSettings(base_url="http://127.0.0.1:9/v1", model="m"), NovelOptions())
    assert flow.chunks() == [] and flow.preview_messages() == []
