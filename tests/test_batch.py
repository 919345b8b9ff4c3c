"""Batch mode end to end against a real local Batch API (tests/fake_batch.py): files, batches,
the real statuses, error-file lines, expiry, shuffled output. The client is never mocked; the
server counts every realtime request and every batch line it ran and answered."""

from __future__ import annotations

import json

import openai
import pytest
from fake_batch import FakeBatch
from fake_openai import DEFAULT_KEY, last_user_message
from test_flow_qa import Replies, add_document

from core.export import ExportOptions, export_samples
from core.flows.qa import QAFlow, QAOptions
from core.llm import ProviderSettings, make_client
from core.llm.batch import request_line, split_lines
from core.llm.batch_session import BatchSession
from core.llm.providers import BatchTerms
from core.messages import code_of, decode, render
from core.store import Store

QUESTIONS = 3  # per chunk: 6 chunks → 13 unique questions (5 duplicates), see test_flow_qa.Replies


@pytest.fixture
def server():
    with FakeBatch() as s:
        s.reply = Replies()
        yield s


def settings_for(server: FakeBatch, **kw) -> ProviderSettings:
    """Priced like a SiliconFlow service (its preset: a Batch API at half price, 5,000 lines a file)."""
    kw.setdefault("concurrency", 8)
    kw.setdefault("timeout", 5.0)
    return ProviderSettings(base_url=server.base_url, model="fake-model", provider="SiliconFlow",
                            price_in_per_m=2.0, price_out_per_m=8.0, **kw)


def qa_flow(store: Store, settings: ProviderSettings, batch: BatchSession | None = None) -> QAFlow:
    options = {"backoff_base": 0.01}
    if batch is not None:
        options["batch"] = batch
    return QAFlow(store, lambda: make_client(settings, DEFAULT_KEY), settings,
                  QAOptions(questions_per_chunk=QUESTIONS), runner_options=options)


def session(store: Store, settings: ProviderSettings, **kw) -> BatchSession:
    kw.setdefault("poll_interval", 0.01)
    return BatchSession(store, settings, client=lambda: make_client(settings, DEFAULT_KEY), **kw)


def pairs(store: Store) -> set[tuple[str, str, str]]:
    return {(s.turns[0].text, s.turns[1].text, s.status) for s in store.iter_samples()}


def failed_items(store: Store) -> list[dict]:
    return [f for j in store.jobs() for f in store.failed_items(j["id"])]


def answered_once(server: FakeBatch) -> bool:
    return all(n == 1 for n in server.lines_answered.values())


async def realtime_twin(tmp_path, server: FakeBatch, settings: ProviderSettings) -> tuple[object, set, int]:
    """The same project run in realtime: (result, its samples, requests it sent)."""
    with Store.create(tmp_path / "realtime.corpus") as rt:
        add_document(rt)
        result = await qa_flow(rt, settings).run()
        samples = pairs(rt)
    calls = server.calls
    server.reset_counters()
    return result, samples, calls


# ---- the target ---------------------------------------------------------------------------------
async def test_qa_batch_pays_half_ends_every_item_and_answers_no_line_twice(tmp_path, server):
    s = settings_for(server)
    realtime, realtime_samples, requests = await realtime_twin(tmp_path, server, s)
    assert realtime.failed == [] and realtime.samples == 13 and realtime.cost > 0 and requests == 6 + 13

    # the provider: statuses one step a poll, every 4th line fails (500), the first batch expires
    # with half its lines run, output in shuffled order
    server.steps_per_poll, server.fail_every, server.expire_next = 1, 4, 1
    path = tmp_path / "batch.corpus"
    with Store.create(path) as st:
        add_document(st)
        batch = session(st, s, wait=True)
        flow = qa_flow(st, s, batch)
        est = flow.estimate()
        terms = s.batch_terms()
        assert terms is not None and terms.price_factor == 0.5 and terms.max_lines == 5_000
        result = await flow.run()

        # every item a sample (or a failure with its reason: none here), exactly the realtime ones
        assert result.failed == [] and not result.cancelled and failed_items(st) == []
        assert (result.questions, result.samples) == (13, 13) and pairs(st) == realtime_samples
        assert all(j["pending"] == 0 for j in st.jobs())
        # not one realtime request; every request answered once, by a batch line
        assert server.calls == 0 and result.calls == 0
        assert answered_once(server) and sum(server.lines_answered.values()) == requests
        rows = st.batches()
        assert {r["status"] for r in rows} >= {"expired", "completed"} and all(r["collected"] for r in rows)
        assert sum(r["failed"] for r in rows) > 0  # error lines (and the expired ones) went again
        assert sum(server.lines_run.values()) > requests
        # half the realtime price, priced by the preset: what was paid, and what was estimated
        paid = sum(r["cost"] for r in rows)
        assert paid == pytest.approx(0.5 * realtime.cost) == pytest.approx(batch.report.cost)
        assert batch.report.realtime_cost == pytest.approx(realtime.cost)
        assert est.cost * terms.price_factor == pytest.approx(0.5 * est.cost)
        # the output really came in another order than the lines were sent
        assert any(_output_order(server, b) != _input_order(server, b) for b in server.batches.values()
                   if b["obj"]["status"] == "completed" and len(b["output"]) > 2)
        assert server.uploads == server.batches_created == len(rows) and server.polls >= 2 * len(rows)

    # export and read back: the answered questions (rejected "not found" ones stay out)
    report = export_samples(path, ExportOptions("alpaca", tmp_path / "out.json", include="non_rejected"))
    exported = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    pending = {(q, a) for q, a, status in realtime_samples if status == "pending"}
    assert report.written == len(exported) == len(pending) == 9
    assert {(r["instruction"], r["output"]) for r in exported} == pending


def _input_order(server: FakeBatch, b: dict) -> list[str]:
    return [line["custom_id"] for line in b["lines"] if any(o["custom_id"] == line["custom_id"] for o in b["output"])]


def _output_order(server: FakeBatch, b: dict) -> list[str]:
    content = server.files[b["obj"]["output_file_id"]]["content"].decode()
    return [json.loads(x)["custom_id"] for x in content.splitlines()]


async def test_closing_between_submit_and_collect_loses_nothing(tmp_path, server):
    s = settings_for(server)
    _, realtime_samples, requests = await realtime_twin(tmp_path, server, s)
    server.steps_per_poll = 0  # the provider holds every batch in validating
    path = tmp_path / "batch.corpus"
    with Store.create(path) as st:
        add_document(st)
        batch = session(st, s)
        first = await qa_flow(st, s, batch).run()
        assert first.samples == 0 and first.failed == [] and not first.cancelled
        assert [r["status"] for r in st.batches()] == ["validating"] and batch.waiting_lines() == 6
        batch_id = st.batches()[0]["batch_id"]
    # the app closed; the provider went on
    server.steps_per_poll = 3
    with Store(path) as st:
        assert [r["batch_id"] for r in st.batches(open_only=True)] == [batch_id]
        second = await qa_flow(st, s, session(st, s)).run()  # collects the questions, submits the answers
        assert second.questions == 13 and second.samples == 0
        assert [r["stage"] for r in st.batches()] == ["answers", "questions"]
    with Store(path) as st:
        third = await qa_flow(st, s, session(st, s)).run()  # collects the answers
        assert third.samples == 13 and third.failed == [] and pairs(st) == realtime_samples
        assert all(r["collected"] for r in st.batches()) and st.batches(open_only=True) == []
        fourth = await qa_flow(st, s, session(st, s)).run()  # nothing left: nothing sent
        assert fourth.samples == 0 and server.uploads == 2
    assert server.calls == 0 and answered_once(server) and sum(server.lines_answered.values()) == requests


async def test_an_item_fails_with_its_reason_when_its_lines_are_spent(tmp_path, server):
    s = settings_for(server)

    def refuse(custom_id: str, body: dict) -> int | None:
        prompt = last_user_message(body["messages"])
        if '"questions"' not in prompt:
            return None
        if "R2a" in prompt:
            return 503  # retryable: sent again until the attempts are spent
        if "R4a" in prompt:
            return 400  # a bad request: failed at once, as in realtime
        return None

    server.fail_line = refuse
    with Store.create(tmp_path / "b.corpus") as st:
        add_document(st)
        result = await qa_flow(st, s, session(st, s, wait=True, max_attempts=3)).run()
        failed = {f["key"]: f for f in failed_items(st)}
        assert sorted(failed) == ["1:2", "1:4"]
        assert code_of(failed["1:2"]["error"]) == "batch.gave_up"
        assert decode(failed["1:2"]["error"]).params["n"] == 3
        assert "503" in render(failed["1:2"]["error"], "en")
        assert code_of(failed["1:4"]["error"]) == "llm.request_rejected"
        assert "批量" in render(failed["1:2"]["error"], "zh")
        runs = {c: n for c, n in server.lines_run.items()}
        assert sorted(n for c, n in runs.items() if server.lines_answered[c] == 0) == [1, 3]
        # the other four chunks: questions and answers; every item is a sample or a failure
        assert [stage for stage, _, _ in result.failed] == ["questions", "questions"]
        answers_job = next(j for j in st.jobs() if j["kind"] == "qa_answers")
        assert answers_job["pending"] == 0 and answers_job["done"] == result.samples == st.count()
        assert server.calls == 0 and answered_once(server)


async def test_a_realtime_run_never_resends_what_waits_in_a_batch(tmp_path, server):
    s = settings_for(server)
    server.steps_per_poll = 0
    with Store.create(tmp_path / "b.corpus") as st:
        add_document(st)
        await qa_flow(st, s, session(st, s)).run()
        assert server.uploads == 1
        # realtime now (no --batch): the questions wait in the open batch, nothing is sent
        waiting = await qa_flow(st, s, session(st, s, submit=False)).run()
        assert server.calls == 0 and waiting.samples == 0 and not waiting.cancelled
        server.finish_all()
        done = await qa_flow(st, s, session(st, s, submit=False)).run()
        # the questions came from the batch, the answers were asked in realtime
        assert done.samples == 13 and server.calls == 13 and sum(server.lines_answered.values()) == 6
        assert server.uploads == 1 and answered_once(server)


async def test_cancel_cancels_the_providers_batch(tmp_path, server):
    s = settings_for(server)
    server.steps_per_poll = 0
    with Store.create(tmp_path / "b.corpus") as st:
        add_document(st)
        await qa_flow(st, s, session(st, s)).run()
        control = session(st, s)
        assert await control.cancel() == 1 and server.cancels == 1
        assert st.batches()[0]["status"] == "cancelling" and st.batches()[0]["cancel_asked"]
        server.steps_per_poll = 1
        await control.poll()
        row = st.batches()[0]
        assert row["status"] == "cancelled" and row["collected"] and control.waiting_lines() == 0
        # a cancel the user asked for is no failed attempt: the requests are free to go again
        assert all(n == 0 for n, _, _ in st.batch_line_trouble(control.endpoint).values())
        again = await qa_flow(st, s, session(st, s, wait=True)).run()
        assert again.samples == 13 and again.failed == [] and server.uploads == 3 and answered_once(server)


async def test_failed_lines_may_go_to_realtime(tmp_path, server):
    s = settings_for(server)
    server.fail_every = 3
    with Store.create(tmp_path / "b.corpus") as st:
        add_document(st)
        result = await qa_flow(st, s, session(st, s, wait=True, realtime_retry=True)).run()
        assert result.samples == 13 and result.failed == []
        errors = sum(r["failed"] for r in st.batches())
        # each line that failed in a batch was asked once in realtime, and nothing else was
        assert errors > 0 and server.calls == result.calls == errors
        assert sum(server.lines_answered.values()) + server.calls == 19 and answered_once(server)


async def test_a_run_is_split_by_the_providers_limits(tmp_path, server):
    s = settings_for(server)
    server.max_lines = 4
    with Store.create(tmp_path / "b.corpus") as st:
        add_document(st)
        result = await qa_flow(st, s, session(st, s, wait=True, terms=BatchTerms(max_lines=4))).run()
        assert result.samples == 13 and result.failed == []
        assert sorted(r["lines"] for r in st.batches()) == [1, 2, 4, 4, 4, 4]  # 6 questions, 13 answers
        assert all(r["status"] == "completed" for r in st.batches())


async def test_a_file_over_the_providers_limit_fails_its_batch_with_the_reason(tmp_path, server):
    s = settings_for(server)
    server.max_lines = 4  # the preset says 5,000: the provider refuses the six-line file
    with Store.create(tmp_path / "b.corpus") as st:
        add_document(st)
        result = await qa_flow(st, s, session(st, s, wait=True, max_attempts=2)).run()
        assert [stage for stage, _, _ in result.failed] == ["questions"] * 6 and result.samples == 0
        assert {r["status"] for r in st.batches()} == {"failed"} and len(st.batches()) == 2
        reason = render(failed_items(st)[0]["error"], "en")
        assert "failed this batch" in reason and "at most 4" in reason


def test_input_files_split_by_lines_bytes_and_model():
    lines = [("m1", f"k{i}", request_line(f"k{i}", {"model": "m1", "messages": []})) for i in range(5)]
    lines.append(("m2", "x", request_line("x", {"model": "m2", "messages": []})))
    size = len(lines[0][2])
    files = split_lines(lines, BatchTerms(max_lines=2, max_bytes=10 ** 6))
    assert [(m, ids) for m, ids, _ in files] == [("m1", ["k0", "k1"]), ("m1", ["k2", "k3"]), ("m1", ["k4"]),
                                                 ("m2", ["x"])]
    by_bytes = split_lines(lines[:5], BatchTerms(max_lines=100, max_bytes=3 * size))
    assert [len(ids) for _, ids, _ in by_bytes] == [3, 2]
    assert all(len(content) <= 3 * size for _, _, content in by_bytes)
    first = json.loads(files[0][2].splitlines()[0])
    assert first == {"custom_id": "k0", "method": "POST", "url": "/v1/chat/completions",
                     "body": {"model": "m1", "messages": []}}


async def test_a_batch_created_just_before_the_app_closed_is_found_again(tmp_path, server):
    s = settings_for(server)
    endpoint = s.base_url
    body = {"model": "fake-model", "messages": [{"role": "user", "content": "你好"}]}
    client = openai.AsyncOpenAI(base_url=server.base_url, api_key=DEFAULT_KEY, max_retries=0)
    uploaded = await client.files.create(file=("x.jsonl", request_line("k1", body), "application/jsonl"),
                                         purpose="batch")
    with Store.create(tmp_path / "b.corpus") as st:
        row = st.batch_begin(endpoint, "fake-model", ["k1"], input_file_id=uploaded.id)
        created = await client.batches.create(input_file_id=uploaded.id, endpoint="/v1/chat/completions",
                                              completion_window="24h")
        # (the app closed here: the provider's id was never stored)
        control = session(st, s)
        await control.poll()
        assert st.batch(row)["batch_id"] == created.id
        await control.poll()
        assert st.batch(row)["collected"] and st.cache_get("k1")["response"]["content"]
    await client.close()


def test_presets_say_which_services_have_a_batch_api():
    def terms(provider: str, **kw):
        return ProviderSettings(base_url="http://example.invalid/v1", model="m", provider=provider).batch_terms(**kw)

    assert terms("SiliconFlow").max_lines == 5_000 and terms("Qwen (DashScope)").max_lines == 50_000
    assert terms("OpenAI").price_factor == terms("Zhipu GLM").price_factor == 0.5
    assert terms("DeepSeek") is None and terms("DeepSeek", asked=True) is None and terms("Ollama") is None
    assert terms("") is None and terms("", asked=True) == BatchTerms()  # a custom URL: on request


async def test_a_page_without_batch_mode_still_collects_first_and_never_resends(tmp_path, server):
    from core.llm.batch_session import collect_first

    s = settings_for(server)
    server.steps_per_poll = 0
    with Store.create(tmp_path / "b.corpus") as st:
        add_document(st)
        assert collect_first(qa_flow(st, s)) is None  # nothing open: a plain realtime run
        await qa_flow(st, s, session(st, s)).run()
        flow = qa_flow(st, s)
        assert collect_first(flow) is not None and flow.runner_options["batch"].submit is False
        held = await flow.run()
        assert held.samples == 0 and server.calls == 0 and server.uploads == 1
