"""Style augmentation, end to end against the real local fake server (chat and embeddings).

The fake's own embeddings are sha256 noise (deterministic, but meaningless for similarity), so
:class:`StyleFake` serves meaningful ones: counts of a few marker strings plus a constant, the
same function the tests use to predict the cosine. The fake's knobs, counters and failure
injection are the stock ones; only the embeddings handler is replaced (a subclass, the fake is
not edited)."""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import json
import math
import re
import struct
import threading

import pytest
from fake_openai import DEFAULT_KEY, FakeOpenAI, _error_body, last_user_message

from core.errors import InputError
from core.flows.style import (
    StyleFlow,
    StyleOptions,
    StylePreset,
    available_styles,
    builtin_styles,
    check_reply,
    clean_reply,
    delete_project_style,
    examples_from_script,
    find_style,
    lexical_similarity,
    preset_from_script,
    project_styles,
    save_project_style,
)
from core.llm import ProviderSettings, make_client
from core.llm.templates import builtin_template
from core.messages import render
from core.store import Store

MARKERS = ("呢", "呀", "哈", "离谱")


def marker_vector(text: str) -> list[float]:
    return [float(text.count(m)) for m in MARKERS] + [1.0]


def cos(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True)) / math.sqrt(sum(x * x for x in a) * sum(y * y for y in b))


def _marker_embeddings(handler, body: dict) -> None:
    fake: StyleFake = handler.fake
    inputs = body.get("input")
    inputs = [inputs] if isinstance(inputs, str) else inputs
    fake._enter(body, None)
    try:
        with fake._lock:
            error = fake.embed_errors.pop(0) if fake.embed_errors else None
        if error is not None:
            handler._send_json(error, _error_body("The server had an error", "server_error", None))
            return
        with fake._lock:
            fake.embedded.append(list(inputs))
        data = []
        for i, text in enumerate(inputs):
            vec = marker_vector(text)
            emb = (base64.b64encode(struct.pack(f"<{len(vec)}f", *vec)).decode()
                   if body.get("encoding_format") == "base64" else vec)
            data.append({"object": "embedding", "index": i, "embedding": emb})
        handler._send_json(200, {"object": "list", "data": data, "model": body["model"],
                                 "usage": {"prompt_tokens": len(inputs), "total_tokens": len(inputs)}})
    finally:
        fake._leave()


class StyleFake(FakeOpenAI):
    """The stock fake with marker-count embeddings; ``embed_errors`` (HTTP statuses) fail the next
    embeddings requests; ``embedded`` lists the texts of each embeddings request."""

    def start(self) -> StyleFake:
        self.embed_errors: list[int] = []
        self.embedded: list[list[str]] = []
        super().start()
        base = self._httpd.RequestHandlerClass
        self._httpd.RequestHandlerClass = type("StyleHandler", (base,), {"_embeddings": _marker_embeddings})
        return self


# ---- the fake model -----------------------------------------------------------------------------------
# A test style: replies need 呢 or 呀, 5–30 characters; its example replies embed as [1, 0, 0, 0, 1].
PRESET = StylePreset(name="测试温柔", system="你是温柔的朋友。",
                     examples=[("今天好累", "辛苦啦，早点休息呢"), ("下雨了", "记得带伞呢，别着凉")],
                     temperature=0.6, min_chars=5, max_chars=30, keywords=["呢", "呀"], threshold=0.4)

# input → reply, one per check
CHECKED = {
    "a1 上班好累": "辛苦啦，今天早点睡呢",  # accepted (cosine 1.0)
    "a2 失眠了": "“”",  # empty once the quotes are removed
    "a3 好": "好呢",  # 2 characters
    "a4 吃什么": "可以吃番茄炒蛋呢，再配一碗热乎乎的米饭和紫菜蛋花汤，营养又好吃",  # 31 characters
    "a5 天气": "今天天气不错，出去走走吧",  # neither 呢 nor 呀
    "a6 重复": "辛苦啦，今天早点睡呢！",  # ratio 95 to a1's reply
    "a7 哈哈": "好的呀哈哈哈哈",  # marker vector [0,1,4,0,1]: cosine 1/6 to the examples
    "a8 周末": "周末好好休息呀，想做什么呢",  # [1,1,0,0,1]: cosine 0.816
}
TOPIC_RE = re.compile(r"话题：([^，。（]+)")
WORDS = "春夏秋冬山水云月花草树木风雷电江河湖海日星光影金银铜铁红橙黄绿青蓝紫白"


def good_reply(user: str) -> str:
    """A reply that passes every check of PRESET and is no near-duplicate of another one."""
    digest = hashlib.sha256(user.encode()).digest()
    return "".join(WORDS[b % len(WORDS)] for b in digest[:6]) + "，别担心呢"


class Replies:
    """Inputs prompts get 20 messages named after the first topic of the prompt (one of them a
    duplicate spelled differently); a reply prompt gets CHECKED[input], or for "qNN" inputs a
    good reply when NN is even and one without a keyword when odd."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.bad = False  # every reply lacks the keywords

    def __call__(self, messages: list[dict]) -> str:
        user = last_user_message(messages)
        if '"inputs"' in user:
            first = TOPIC_RE.search(user).group(1).split("、")[0]
            items = [f"{first}的第{i}个烦恼怎么办" for i in range(19)] + [f"{first}的第0个烦恼，怎么办？"]
            return json.dumps({"inputs": items}, ensure_ascii=False)
        if user in CHECKED:
            return CHECKED[user]
        m = re.fullmatch(r"q(\d+)", user)
        if self.bad or (m and int(m.group(1)) % 2):
            return f"没关系的，{user}会好起来的"
        return good_reply(user)


@pytest.fixture
def server():
    with StyleFake() as s:
        s.reply = Replies()
        yield s


@pytest.fixture
def store(tmp_path):
    with Store.create(tmp_path / "style.corpus") as st:
        yield st


def settings_for(server: FakeOpenAI, **kw) -> ProviderSettings:
    kw.setdefault("concurrency", 1)
    kw.setdefault("timeout", 5.0)
    return ProviderSettings(base_url=server.base_url, model="fake-model", **kw)


class Recorder:
    def __init__(self) -> None:
        self.progress: list[tuple[int, int]] = []
        self.samples: list[int] = []
        self.stages: list[tuple[str, int]] = []

    def on_style_progress(self, accepted: int, attempted: int) -> None:
        self.progress.append((accepted, attempted))

    def on_samples(self, ids: list[int]) -> None:
        self.samples.extend(ids)

    def on_stage(self, stage: str, total: int) -> None:
        self.stages.append((stage, total))


def make_flow(store, server, options, events=None, preset=PRESET, **kw) -> StyleFlow:
    s = settings_for(server, **kw)
    return StyleFlow(store, lambda: make_client(s, DEFAULT_KEY), s, options, events,
                     runner_options={"backoff_base": 0.02}, preset=preset)


def by_input(store: Store) -> dict:
    return {s.turns[0].text: s for s in store.iter_samples()}


def qs(n: int) -> list[str]:
    return [f"q{i:02d}" for i in range(n)]


# ---- presets ------------------------------------------------------------------------------------------
def test_builtin_presets_load_and_pass_their_own_checks():
    styles = builtin_styles()
    assert [p.name for p in styles] == ["温柔", "毒舌"]
    soft, sharp = styles
    for p in styles:
        assert 3 <= len(p.examples) <= 5 and (p.min_chars, p.max_chars, p.threshold) == (5, 150, 0.4)
        assert p.problems() == [] and p.system
        assert all(check_reply(a, p) is None for _, a in p.examples)  # the examples pass their own checks
        assert StylePreset.from_json(json.dumps(p.to_json(), ensure_ascii=False)) == p
    assert {"呢", "呀", "哦", "抱抱", "(｡･ω･｡)"} <= set(soft.keywords)
    assert {"哈哈", "离谱", "绝了", "好家伙"} <= set(sharp.keywords)
    assert (soft.temperature, sharp.temperature) == (0.8, 1.0)
    # the lexical stand-in tells the voices apart on these presets (weakly: see the module docstring)
    gentle = "工作上受委屈了吗？先深呼吸一下呀 (｡･ω･｡) 不开心的话就跟我说说吧，我一直在呢～你现在心情好一点了吗？"
    teasing = "哈哈，你这作息比猫头鹰还离谱，凌晨三点还在刷手机？赶紧睡吧，黑眼圈都要掉下来了。"
    neutral = "根据您的描述，建议您每天保持八小时睡眠并适量运动。"
    assert lexical_similarity(gentle, soft.example_replies()) >= 0.4 > lexical_similarity(gentle, sharp.example_replies())
    assert lexical_similarity(teasing, sharp.example_replies()) >= 0.4
    assert max(lexical_similarity(neutral, p.example_replies()) for p in styles) < 0.3


def test_preset_json_errors_are_precise():
    good = PRESET.to_json()
    with pytest.raises(InputError) as e:
        StylePreset.from_json({**good, "threshhold": 0.3, "max_chars": "150", "temperature": True})
    msg = str(e.value)
    assert msg.startswith("Style “测试温柔”: ")
    assert "Unknown field “threshhold”" in msg
    assert "“max_chars” must be a whole number (got \"150\")." in msg
    assert "“temperature” must be a number (got true)." in msg
    with pytest.raises(InputError, match=r"The length range is empty: min_chars 40 > max_chars 30\."):
        StylePreset.from_json({**good, "min_chars": 40})
    with pytest.raises(InputError, match=r"The similarity threshold must be between 0 and 1 \(got 1\.5\)\."):
        StylePreset.from_json({**good, "threshold": 1.5})
    with pytest.raises(InputError, match=r"Example 2: the assistant's reply is empty\."):
        StylePreset.from_json({**good, "examples": [["你好", "你好呀"], {"user": "在吗", "assistant": " "}]})
    with pytest.raises(InputError, match=r"The field “system” is missing\."):
        StylePreset.from_json({k: v for k, v in good.items() if k != "system"})
    with pytest.raises(InputError, match=r"The style \(x\.json\) is not valid JSON"):
        StylePreset.from_json("{", where="x.json")
    with pytest.raises(InputError, match=r"Keyword 2 is empty\."):
        StylePreset.from_json({**good, "keywords": ["呢", " "]})
    # pairs are accepted for examples; the result equals the dict form
    assert StylePreset.from_json({**good, "examples": [list(x) for x in PRESET.examples]}) == PRESET


def test_project_styles_save_override_and_delete(store):
    assert project_styles(store) == [] and [p.name for p in available_styles(store)] == ["温柔", "毒舌"]
    save_project_style(store, PRESET)
    mine = StylePreset(**{**PRESET.__dict__, "name": "温柔", "threshold": 0.3})
    save_project_style(store, mine)
    assert [p.name for p in project_styles(store)] == ["测试温柔", "温柔"]
    assert [p.name for p in available_styles(store)] == ["温柔", "毒舌", "测试温柔"]
    assert find_style(store, "温柔").threshold == 0.3  # the project's copy hides the built-in one
    assert find_style(store, "测试温柔") == PRESET
    with pytest.raises(InputError, match=r"There is no style “甜美”\. Known styles: 温柔、毒舌、测试温柔\."):
        find_style(store, "甜美")
    with pytest.raises(InputError, match=r"The system prompt is empty"):
        save_project_style(store, StylePreset(**{**PRESET.__dict__, "system": " "}))
    assert delete_project_style(store, "温柔") is True and delete_project_style(store, "温柔") is False
    assert find_style(store, "温柔").threshold == 0.4 and find_style(store, "温柔").temperature == 0.8


def test_examples_from_script(store):
    from core.sources.documents import import_document

    sid = import_document(store, "tests/data/script_inn.txt").source_id
    assert examples_from_script(store, sid, "林晚", 3) == [
        ("掌柜的，这么大的雨，哪还有人来投宿？", "越是这样的天，越有人走投无路。挂上吧。"),
        ("林掌柜，昨夜可有生人住店？", "赵捕头说笑了，客栈哪天没有生人？"),
        ("对得起。", "那就够了。"),
    ]
    # 赵铁 answers someone twice; asking for 5 gives those 2
    assert examples_from_script(store, sid, "赵铁", 5) == [
        ("赵捕头说笑了，客栈哪天没有生人？", "少打马虎眼。上头要找一个从洛阳来的书生。"),
        ("书生倒是有一个，不过是来赶考的。赵捕头要见，我这就去请。", "不必了。他若是跑了，我唯你是问。"),
    ]
    with pytest.raises(InputError, match=r"“张三” does not speak in source #\d+\. Characters found: 林晚 \(12\)、沈砚"):
        examples_from_script(store, sid, "张三")
    with pytest.raises(InputError, match=r"Take 2 to 5 lines"):
        examples_from_script(store, sid, "林晚", 6)
    p = preset_from_script(store, sid, "沈砚", 2)
    assert p.name == "沈砚" and p.keywords == [] and p.examples[1] == (
        "沈公子，我只问一句——你做的事，对得起良心吗？", "对得起。")
    assert "沈砚" in p.system


def test_clean_reply():
    assert clean_reply("  “你好呀”  ") == "你好呀"
    assert clean_reply("<think>想一想</think>\n好的呢") == "好的呢"
    assert clean_reply("“一”和“二”") == "“一”和“二”"  # not one pair around the whole: kept
    assert clean_reply("「」") == ""


# ---- validation ---------------------------------------------------------------------------------------
async def test_each_check_rejects_with_its_reason(store, server):
    rec = Recorder()
    opts = StyleOptions(style=PRESET.name, count=10, inputs=list(CHECKED), generate_inputs=False,
                        embedding_model="fake-embedding")
    result = await make_flow(store, server, opts, rec).run()

    assert (result.accepted, result.attempted, result.requests) == (2, 8, 8)
    assert result.rejected == {"empty": 1, "length": 2, "keywords": 1, "near-duplicate": 1, "similarity": 1}
    assert result.stopped == "inputs" and result.similarity == "embeddings" and not result.cancelled
    assert server.calls == 8 == result.calls and result.samples == 8 == len(rec.samples)
    s = by_input(store)
    assert {k for k, v in s.items() if v.status == "pending"} == {"a1 上班好累", "a8 周末"}
    assert render(s["a2 失眠了"].reason, "zh") == "回复是空的"
    assert render(s["a2 失眠了"].reason, "en") == "empty reply" and s["a2 失眠了"].turns[1].text == ""
    assert render(s["a3 好"].reason, "en") == "length 2 < 5"
    assert render(s["a4 吃什么"].reason, "en") == "length 31 > 30"
    assert render(s["a5 天气"].reason, "en") == "no keyword of 呢/呀"
    assert render(s["a6 重复"].reason, "en") == f"near-duplicate of #{s['a1 上班好累'].id} (ratio 95)"
    assert s["a6 重复"].meta["near_duplicate_of"] == s["a1 上班好累"].id
    expected = cos(marker_vector("好的呀哈哈哈哈"), marker_vector("辛苦啦，早点休息呢"))
    assert expected == pytest.approx(1 / 6)
    assert render(s["a7 哈哈"].reason, "en") == "similarity 0.16 < 0.40 (embeddings)"
    assert s["a7 哈哈"].meta["similarity_score"] == pytest.approx(expected, abs=1e-4)
    assert s["a8 周末"].meta["similarity_score"] == pytest.approx(2 / math.sqrt(6), abs=1e-4)
    assert all(x.status == "rejected" for k, x in s.items() if k not in ("a1 上班好累", "a8 周末"))
    good = s["a1 上班好累"]
    assert good.kind == "sft" and good.system == "你是温柔的朋友。" and good.meta["style"] == "测试温柔"
    assert good.meta["style_ok"] is True and good.meta["similarity"] == "embeddings"
    assert good.meta["made"]["flow"] == "style" and good.meta["made"]["temperature"] == 0.6
    assert good.meta["made"]["params"]["style_digest"] == PRESET.digest()
    # live counter: one verdict at a time, ending at 2 accepted of 8
    assert rec.progress[0] == (0, 0) and rec.progress[-1] == (2, 8)
    assert [b for _, b in rec.progress] == list(range(9))
    # replies failing a local check are never embedded; the examples are embedded once
    embedded = [t for batch in server.embedded for t in batch]
    assert server.embedded[0] == ["辛苦啦，早点休息呢", "记得带伞呢，别着凉"]
    assert not {"", "好呢", CHECKED["a4 吃什么"], CHECKED["a5 天气"]} & set(embedded)
    assert {CHECKED["a1 上班好累"], CHECKED["a7 哈哈"], CHECKED["a8 周末"]} <= set(embedded)
    assert result.embedding_calls == server.embedding_calls == len(server.embedded)
    # each reply request: system, the examples as turns, the input; at the style's temperature, no JSON mode
    body = next(b for b in server.bodies if b["messages"][-1]["content"] == "a3 好")
    assert body["messages"] == [
        {"role": "system", "content": "你是温柔的朋友。"},
        {"role": "user", "content": "今天好累"}, {"role": "assistant", "content": "辛苦啦，早点休息呢"},
        {"role": "user", "content": "下雨了"}, {"role": "assistant", "content": "记得带伞呢，别着凉"},
        {"role": "user", "content": "a3 好"}]
    assert body["temperature"] == 0.6 and "response_format" not in body


async def test_empty_answer_is_a_failed_item_with_reason(store, server):
    server.inject("empty", prompt="q00")
    opts = StyleOptions(style=PRESET.name, count=2, inputs=qs(4), generate_inputs=False,
                        embedding_model="fake-embedding")
    result = await make_flow(store, server, opts).run()
    assert len(result.failed) == 1 and result.failed[0][0] == "replies"
    assert render(result.failed[0][2], "en").startswith("The model returned an empty answer")
    assert render(result.failed[0][2], "zh").startswith("模型返回了空回答")
    # q00 failed (an attempt spent, no sample), q01 rejected, q02 accepted, q03 rejected, then inputs ran out
    assert (result.accepted, result.attempted, result.requests, result.stopped) == (1, 3, 4, "inputs")
    retried = await make_flow(store, server, opts).run(retry_failed=True)
    assert retried.failed == [] and retried.accepted == 2 and retried.calls == 1


async def test_lexical_stand_in_without_embedding_model(store, server):
    opts = StyleOptions(style=PRESET.name, count=10, inputs=list(CHECKED), generate_inputs=False)
    result = await make_flow(store, server, opts).run()
    refs = PRESET.example_replies()
    assert result.similarity == "lexical" and render(result.similarity_note, "en") == "no embedding model set"
    assert render(result.similarity_note, "zh") == "没有设置向量模型"
    assert server.embedding_calls == 0 == result.embedding_calls
    s = by_input(store)
    assert lexical_similarity(CHECKED["a1 上班好累"], refs) == pytest.approx(0.6068, abs=1e-4)
    assert s["a1 上班好累"].status == "pending" and s["a1 上班好累"].meta["similarity"] == "lexical"
    assert render(s["a7 哈哈"].reason, "en") == "similarity 0.00 < 0.40 (lexical)"
    score = lexical_similarity(CHECKED["a8 周末"], refs)
    assert score == pytest.approx(0.3303, abs=1e-4)
    assert render(s["a8 周末"].reason, "en") == "similarity 0.33 < 0.40 (lexical)"
    assert s["a8 周末"].meta["similarity"] == "lexical"
    assert result.rejected == {"empty": 1, "length": 2, "keywords": 1, "near-duplicate": 1, "similarity": 2}


async def test_lexical_stand_in_when_the_provider_has_no_embeddings(store, server):
    opts = StyleOptions(style=PRESET.name, count=10, inputs=list(CHECKED), generate_inputs=False,
                        embedding_model="no-such-embedding")
    result = await make_flow(store, server, opts).run()
    assert result.similarity == "lexical"
    assert render(result.similarity_note, "en") == (f"the provider has no embeddings for “no-such-embedding” at "
                                                    f"{server.base_url} (HTTP 404)")
    assert render(result.similarity_note, "zh") == f"服务商在 {server.base_url} 没有“no-such-embedding”这个向量模型（HTTP 404）"
    # asked once (the fake refuses an unknown model before counting the request), then the stand-in
    assert result.embedding_calls == 1 and server.embedding_calls == 0 and server.embedded == []
    s = by_input(store)
    assert render(s["a8 周末"].reason, "en") == "similarity 0.33 < 0.40 (lexical)"
    assert s["a1 上班好累"].meta["similarity"] == "lexical" and result.accepted == 1


# ---- stopping -----------------------------------------------------------------------------------------
async def test_stops_at_count_and_a_rerun_pays_nothing(store, server):
    rec = Recorder()
    opts = StyleOptions(style=PRESET.name, count=3, inputs=qs(12), generate_inputs=False,
                        embedding_model="fake-embedding")
    result = await make_flow(store, server, opts, rec).run()
    # rounds of exactly the missing count: q00-q02 (2 accepted), q03 (rejected), q04 (accepted)
    assert (result.accepted, result.attempted, result.requests, result.stopped) == (3, 5, 5, "count")
    assert server.calls == 5 and sorted(server.calls_by_prompt) == qs(5)
    assert rec.progress == [(0, 0), (1, 1), (1, 2), (2, 3), (2, 4), (3, 5)]
    assert [t for stage, t in rec.stages] == [3, 4, 5]  # the job grows round by round
    assert result.rejected == {"keywords": 2} and result.inputs == 12
    embeddings = server.embedding_calls
    assert embeddings == result.embedding_calls >= 2

    again = await make_flow(store, server, opts).run()
    assert (again.calls, again.samples, again.embedding_calls, again.accepted) == (0, 0, 0, 3)
    assert again.stopped == "count" and server.calls == 5 and server.embedding_calls == embeddings

    more = await make_flow(store, server, StyleOptions(**{**opts.__dict__, "count": 4})).run()
    # q05 fails the keywords (never embedded), q06 is accepted: one embeddings request, the examples
    # came from the project meta
    assert (more.calls, more.samples, more.accepted, more.attempted) == (2, 2, 4, 7)
    assert more.embedding_calls == 1 and server.embedded[-1] == [good_reply("q06")]
    assert len(store.jobs()) == 1


async def test_a_deleted_sample_stays_deleted_and_is_replaced(store, server):
    opts = StyleOptions(style=PRESET.name, count=2, inputs=qs(10), generate_inputs=False,
                        embedding_model="fake-embedding")
    await make_flow(store, server, opts).run()
    q00 = by_input(store)["q00"]
    assert q00.status == "pending" and store.count() == 3  # q00, q01 (rejected), q02
    store.delete_samples([q00.id])
    again = await make_flow(store, server, opts).run()
    # q00 is not validated again; one accepted is missing: q03 (rejected) and q04 (accepted) are asked
    assert (again.calls, again.samples, again.accepted) == (2, 2, 2)
    assert sorted(by_input(store)) == ["q01", "q02", "q03", "q04"]


async def test_max_attempts_spent(store, server):
    server.reply.bad = True
    rec = Recorder()
    opts = StyleOptions(style=PRESET.name, count=3, max_attempts=4, inputs=qs(20), generate_inputs=False,
                        embedding_model="fake-embedding")
    result = await make_flow(store, server, opts, rec, concurrency=4).run()
    assert (result.accepted, result.attempted, result.requests, result.stopped) == (0, 4, 4, "max_attempts")
    assert server.calls == 4 and result.rejected == {"keywords": 4}
    assert server.embedding_calls == 0  # nothing passed the local checks: the examples were not even embedded
    assert store.count() == 4 and {render(s.reason, "en") for s in store.iter_samples()} == {"no keyword of 呢/呀"}
    # default budget: 3 × count
    assert StyleOptions(style="x", count=7).attempts() == 21


# ---- resume -------------------------------------------------------------------------------------------
async def test_replies_stored_without_a_verdict_are_validated_next_run(store, server, monkeypatch):
    opts = StyleOptions(style=PRESET.name, count=3, max_attempts=3, inputs=qs(6), generate_inputs=False,
                        embedding_model="fake-embedding")
    crashed = make_flow(store, server, opts)

    async def no_reconcile(job_id):
        return None

    # a crash between storing each answer and writing its sample: the replies are done items, no samples
    monkeypatch.setattr(crashed, "_item_arrived", lambda *a: None)
    monkeypatch.setattr(crashed, "_reconcile", no_reconcile)
    first = await crashed.run()
    assert server.calls == 3 and store.count() == 0 and first.requests == 3

    rec = Recorder()
    result = await make_flow(store, server, opts, rec).run()
    assert result.calls == 0 and server.calls == 3  # nothing asked again
    assert (result.samples, result.accepted, result.attempted) == (3, 2, 3)
    assert result.stopped == "max_attempts" and len(rec.samples) == 3
    assert {s.turns[0].text: s.status for s in store.iter_samples()} == {
        "q00": "pending", "q01": "rejected", "q02": "pending"}


async def test_embeddings_failure_stops_the_run_and_the_rerun_continues(store, server):
    server.embed_errors = [500] * 4  # the first request and its 3 retries
    opts = StyleOptions(style=PRESET.name, count=2, inputs=qs(8), generate_inputs=False,
                        embedding_model="fake-embedding")
    result = await make_flow(store, server, opts).run()
    assert result.stopped == "error" and result.cancelled
    assert render(result.error, "en").startswith("Embeddings request failed: The provider's server failed (HTTP 500)")
    assert render(result.error, "zh").startswith("向量请求失败：")
    assert result.embedding_calls == 4 and store.count() == 0
    assert result.requests == 2 and 1 <= store.job_counts(store.jobs()[0]["id"])["done"] <= 2

    again = await make_flow(store, server, opts).run()
    assert again.stopped == "count" and again.accepted == 2 and again.error == ""
    assert max(server.calls_by_prompt.values()) == 1  # every reply was asked once, over both runs
    assert server.calls == again.requests == 3  # q00 accepted, q01 rejected, q02 accepted


async def test_cancel_keeps_the_rest_pending_and_the_rerun_finishes(store, server):
    server.latency = 0.05
    rec = Recorder()
    opts = StyleOptions(style=PRESET.name, count=4, inputs=[f"q{i:02d}" for i in range(0, 20, 2)],
                        generate_inputs=False, embedding_model="fake-embedding")
    flow = make_flow(store, server, opts, rec)
    task = asyncio.create_task(flow.run())
    while not rec.progress or rec.progress[-1][0] < 1:
        await asyncio.sleep(0.01)
    flow.cancel()
    result = await task
    # the replies already asked for when Cancel came are kept (core/llm/runner.py: cancel is graceful)
    assert result.stopped == "cancelled" and result.cancelled and 1 <= result.accepted <= 4
    job = store.jobs()[0]
    assert job["done"] == result.accepted
    again = await make_flow(store, server, opts).run()
    assert again.accepted == 4 and again.stopped == "count"
    assert max(server.calls_by_prompt.values()) == 1  # nothing asked before the cancel was asked again
    assert store.count() == 4


# ---- generated inputs ---------------------------------------------------------------------------------
async def test_generated_inputs_are_deduplicated_shared_and_recorded(store, server):
    opts = StyleOptions(style=PRESET.name, count=4, embedding_model="fake-embedding")
    result = await make_flow(store, server, opts).run()
    t = builtin_template("style_inputs", "zh")
    input_bodies = [b for b in server.bodies if '"inputs"' in b["messages"][-1]["content"]]
    assert len(input_bodies) == 1  # 12 inputs needed (3 × 4): one request for 20
    assert "日常生活、学习、工作、情绪、天气、美食" in input_bodies[0]["messages"][-1]["content"]
    assert "20 条" in input_bodies[0]["messages"][-1]["content"]
    assert input_bodies[0]["temperature"] == 0.7  # the connection's, not the style's
    assert (result.generated_inputs, result.input_duplicates, result.inputs) == (19, 1, 19)
    assert (result.accepted, result.attempted, result.stopped) == (4, 4, "count")
    samples = list(store.iter_samples())
    assert [s.turns[0].text for s in samples] == [f"日常生活的第{i}个烦恼怎么办" for i in range(4)]
    assert all(s.meta["input_origin"] == "generated" for s in samples)
    assert samples[0].meta["made"]["templates"] == {"style_inputs:zh": t.digest()}

    # another style draws on the same generated inputs: no new inputs request
    other = StylePreset(**{**PRESET.__dict__, "name": "另一个", "temperature": 0.3})
    calls = len(input_bodies)
    more = await make_flow(store, server, StyleOptions(style="另一个", count=2, embedding_model="fake-embedding"),
                           preset=other).run()
    assert more.accepted == 2 and more.generated_inputs == 19
    assert len([b for b in server.bodies if '"inputs"' in b["messages"][-1]["content"]]) == calls
    assert {j["kind"] for j in store.jobs()} == {"style_inputs", "style_replies"} and len(store.jobs()) == 3


async def test_second_input_request_has_another_topic_order(store, server):
    opts = StyleOptions(style=PRESET.name, count=12, inputs=[], embedding_model="fake-embedding",
                        topics="天气、美食")
    result = await make_flow(store, server, opts, concurrency=4).run()
    prompts = sorted(b["messages"][-1]["content"] for b in server.bodies if '"inputs"' in b["messages"][-1]["content"])
    # 36 inputs wanted: 2 requests, topics rotated, so their answers differ
    assert len(prompts) == 2 and "话题：天气、美食" in prompts[0] and "话题：美食、天气" in prompts[1]
    assert result.generated_inputs == 38 and result.accepted == 12


def test_validate_names_the_problems(store, server):
    opts = StyleOptions(style="不存在", count=0, max_attempts=-1, generate_inputs=False, lang="fr")
    flow = make_flow(store, server, opts, preset=None)
    problems = flow.validate()
    assert problems[0].startswith("There is no style “不存在”. Known styles: 温柔、毒舌")
    assert "Ask for at least 1 accepted sample (count is 0)." in problems
    assert "max_attempts must be 0 (= 3 × count) or more (got -1)." in problems
    assert "Unknown language “fr” (known: zh, en)." in problems
    assert "There are no inputs: give some (one per line) or let the LLM write them." in problems
    with pytest.raises(InputError, match="There is no style"):
        asyncio.run(flow.run())


# ---- CLI ----------------------------------------------------------------------------------------------
def _parser() -> argparse.ArgumentParser:
    from core.cli_style import register_generate

    root = argparse.ArgumentParser()
    sub = root.add_subparsers(dest="cmd")
    g = sub.add_parser("generate")
    register_generate(g.add_subparsers(dest="flow"))
    return root


def test_cli_generate_style(tmp_path, server, capsys, monkeypatch):
    project = tmp_path / "cli.corpus"
    with Store.create(project) as st:
        save_project_style(st, PRESET)
    inputs = tmp_path / "inputs.txt"
    inputs.write_text("\n".join(CHECKED) + "\n\n", encoding="utf-8")
    monkeypatch.setenv("FAKE_KEY", DEFAULT_KEY)
    argv = ["generate", "style", "--project", str(project), "--base-url", server.base_url, "--model", "fake-model",
            "--api-key-env", "FAKE_KEY", "--concurrency", "1", "--style", "测试温柔", "--count", "5",
            "--inputs-file", str(inputs), "--no-generate-inputs", "--embedding-model", "fake-embedding"]
    args = _parser().parse_args(argv)
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert "style:      测试温柔" in out
    assert "inputs:     8 (8 given, 0 generated)" in out
    assert "accepted:   2\n" in out
    assert "attempted:  8 (25% accepted)" in out
    assert "rejected:   6 (kept as rejected samples)" in out
    for line in ("  length: 2", "  empty reply: 1", "  near-duplicate: 1", "  no keyword: 1", "  similarity: 1"):
        assert line + "\n" in out
    assert "similarity: embeddings (fake-embedding)" in out
    assert "requests:   8 of 15 allowed" in out
    assert "stopped: no inputs left" in out
    assert server.calls == 8
    with Store(project) as st:
        assert st.count() == 8

    # the same command with --count 2: already reached, nothing asked
    args = _parser().parse_args([*argv, "--count", "2"])
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert "accepted:   2\n" in out and "calls:      0 (0 embeddings)" in out and server.calls == 8
    assert "finished: the requested number of accepted samples is reached" in out

    # without the embedding model: another job, whose replies the cache answers; the stand-in is said
    args = _parser().parse_args(argv[:-2])
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert "similarity: lexical (character n-grams; no embedding model set)" in out
    assert "accepted:   1\n" in out and "  similarity: 2\n" in out
    assert "calls:      0 (0 embeddings)\ncached:     8" in out and server.calls == 8

    with pytest.raises(InputError, match="Known styles: 温柔、毒舌、测试温柔"):
        bad = _parser().parse_args([*argv[:argv.index("--style") + 1], "甜美", "--count", "1"])
        bad.func(bad)
    with pytest.raises(InputError, match="does not exist"):
        bad = _parser().parse_args([*argv[:argv.index("--inputs-file") + 1], str(tmp_path / "none.txt")])
        bad.func(bad)
