"""Batch mode under the other flows (novel waves, style rounds), against the local Batch API: the
flows' own logic is unchanged, the answers come back through batches, and a run that only waits
ends instead of polling in a loop."""

from __future__ import annotations

import pytest
import test_flow_style as style_test
from fake_batch import FakeBatch
from fake_openai import DEFAULT_KEY
from test_flow_novel import NovelModel, add_novel

from core.flows.novel import NovelFlow, NovelOptions
from core.flows.style import StyleFlow, StyleOptions
from core.llm import ProviderSettings, make_client
from core.llm.batch_session import BatchSession
from core.store import Store


def settings_for(server: FakeBatch, **kw) -> ProviderSettings:
    kw.setdefault("concurrency", 4)
    kw.setdefault("timeout", 5.0)
    return ProviderSettings(base_url=server.base_url, model="fake-model", provider="Qwen (DashScope)",
                            price_in_per_m=1.0, price_out_per_m=4.0, **kw)


def batch_options(store: Store, settings: ProviderSettings, **kw) -> dict:
    kw.setdefault("poll_interval", 0.01)
    return {"backoff_base": 0.01, "batch": BatchSession(store, settings, **kw)}


# ---- novel: waves of chunks, each summary in the next chunk's prompt ----------------------------
@pytest.fixture
def novel_server():
    with FakeBatch() as s:
        s.reply = NovelModel()
        yield s


def novel(store: Store, settings: ProviderSettings, runner_options: dict | None = None) -> NovelFlow:
    return NovelFlow(store, lambda: make_client(settings, DEFAULT_KEY), settings,
                     NovelOptions(chunk_size=120, previous=True), runner_options=runner_options or {})


def summaries(store: Store) -> dict:
    return {(s.source_id, s.meta["chunk"]): (s.turns[0].text, s.meta["previous"]) for s in store.iter_samples()}


async def test_novel_waves_go_one_batch_a_run_and_end_like_realtime(tmp_path, novel_server):
    s = settings_for(novel_server)
    with Store.create(tmp_path / "rt.corpus") as rt:
        add_novel(rt, tmp_path, "甲.txt")
        add_novel(rt, tmp_path, "乙.txt", first=101)
        realtime = await novel(rt, s).run()
        expected = summaries(rt)
    assert realtime.samples == 8 and realtime.failed == []
    novel_server.reset_counters()
    novel_server.fail_every = 3
    with Store.create(tmp_path / "b.corpus") as st:
        add_novel(st, tmp_path, "甲.txt")
        add_novel(st, tmp_path, "乙.txt", first=101)
        runs = []
        for _ in range(12):  # without --wait: a run collects a wave and submits the next
            result = await novel(st, s, batch_options(st, s)).run()
            runs.append(result.samples)
            if not st.batches(open_only=True):
                break
        assert sum(runs) == 8 and summaries(st) == expected  # each summary in the next chunk's prompt
        assert runs[0] == 0 and len(runs) >= 5  # 4 waves, and the lines that failed went again
        assert novel_server.calls == 0 and all(n == 1 for n in novel_server.lines_answered.values())
        paid = sum(r["cost"] for r in st.batches())
        assert paid == pytest.approx(0.5 * realtime.cost)


async def test_novel_waits_for_every_wave_in_one_run(tmp_path, novel_server):
    s = settings_for(novel_server)
    novel_server.steps_per_poll = 1
    with Store.create(tmp_path / "b.corpus") as st:
        add_novel(st, tmp_path, "甲.txt")
        result = await novel(st, s, batch_options(st, s, wait=True)).run()
        assert result.samples == 4 and result.failed == [] and result.waiting == []
        assert len(st.batches()) == 4 and novel_server.calls == 0  # one batch a wave


# ---- style: rounds of replies until enough are accepted -------------------------------------------
class StyleBatch(FakeBatch):
    """The Batch API with the style tests' marker embeddings."""

    def start(self) -> StyleBatch:
        self.embed_errors, self.embedded = [], []
        super().start()
        base = self._httpd.RequestHandlerClass
        self._httpd.RequestHandlerClass = type("StyleBatchHandler", (base,),
                                               {"_embeddings": style_test._marker_embeddings})
        return self


async def test_style_rounds_stop_while_a_round_waits_and_go_on_when_it_is_in(tmp_path):
    with StyleBatch() as server:
        server.reply = style_test.Replies()
        server.steps_per_poll = 0  # the provider holds the batch
        s = settings_for(server, concurrency=1)
        opts = StyleOptions(style=style_test.PRESET.name, count=3, inputs=style_test.qs(12), generate_inputs=False,
                            embedding_model="fake-embedding")
        with Store.create(tmp_path / "s.corpus") as st:
            def flow() -> StyleFlow:
                return StyleFlow(st, lambda: make_client(s, DEFAULT_KEY), s, opts,
                                 runner_options=batch_options(st, s), preset=style_test.PRESET)

            first = await flow().run()
            assert (first.stopped, first.accepted, first.requests) == ("batch", 0, 3)
            second = await flow().run()  # still held: one poll, nothing sent again
            assert second.stopped == "batch" and server.uploads == 1 and server.polls == 1
            server.steps_per_poll = 3
            runs = [await flow().run() for _ in range(3)]
            assert [r.stopped for r in runs][-1] == "count" and runs[-1].accepted == 3
            assert runs[-1].attempted == 5 and server.calls == 0  # the same rounds as in realtime
            assert all(n == 1 for n in server.lines_answered.values())


# ---- judge: one stage over the project's samples ------------------------------------------------
async def test_judge_scores_every_sample_from_batches_at_half_price(tmp_path):
    from test_judge import Judge, build_project

    from core.flows.judge import JudgeFlow, JudgeOptions

    with FakeBatch() as server:
        server.reply = Judge()
        s = settings_for(server)
        with Store.create(tmp_path / "rt.corpus") as rt:
            build_project(rt)
            realtime = await JudgeFlow(rt, lambda: make_client(s, DEFAULT_KEY), s, JudgeOptions()).run()
        server.reset_counters()
        server.fail_every, server.steps_per_poll = 4, 1
        with Store.create(tmp_path / "b.corpus") as st:
            build_project(st)
            result = await JudgeFlow(st, lambda: make_client(s, DEFAULT_KEY), s, JudgeOptions(),
                                     runner_options=batch_options(st, s, wait=True)).run()
            assert (result.judged, result.failed, result.scores) == (10, [], realtime.scores)
            assert server.calls == 0 and all(n == 1 for n in server.lines_answered.values())
            assert sum(r["cost"] for r in st.batches()) == pytest.approx(0.5 * realtime.cost)
