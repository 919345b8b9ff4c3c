"""Tolerant JSON parsing, shape checks, token estimates, the RPM/TPM limiter, provider presets."""

from __future__ import annotations

import asyncio
import bisect
import email.utils
import time

import pytest

from core.llm.client import parse_retry_after
from core.llm.limits import RateLimiter, estimate_message_tokens, estimate_tokens
from core.llm.parse import check_shape, extract_json_text, parse_json, shape_validator
from core.llm.providers import PRESETS, ProviderSettings, preset, preset_for_url
from core.messages import render


# ---- parsing ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    '{"q": "问题", "a": "回答"}',
    '```json\n{"q": "问题", "a": "回答"}\n```',
    '```\n{"q": "问题", "a": "回答",}\n```',
    'Sure! Here is the JSON:\n{"q": "问题", "a": "回答"}\nHope it helps.',
    '<think>{"q": "draft"</think>\n{"q": "问题", "a": "回答"}',
    '{"q": "问题", "a": "回答",}',
    "{'q': '问题', 'a': '回答'}",
])
def test_parse_tolerates_fences_prose_and_trailing_commas(text):
    value, err = parse_json(text, lambda v: check_shape(v, {"q": str, "a": str}))
    assert err is None and value["a"] == "回答"


@pytest.mark.parametrize("text, reason, zh", [
    ("Sorry, I can only answer in plain words today.", "no JSON", "回答里没有 JSON"),
    ("", "no JSON", "回答里没有 JSON"),
    ("not json {at all", "could not be read", "读不出来"),
    ('{"q": "x"}', "missing the field “a”", "answer 缺少字段“a”"),
    ('{"q": "x", "a": 3}', "answer.a must be a string", "answer.a 应当是文字"),
    ('{"q": "x", "a": "  "}', "must not be empty", "不能为空"),
    ('[{"q": "x", "a": "y"}]', "must be a JSON object", "应当是 JSON 对象"),
])
def test_parse_reports_plain_reasons(text, reason, zh):
    value, err = shape_validator({"q": str, "a": str})(text)
    assert value is None and reason in render(err, "en") and zh in render(err, "zh")


def test_shape_lists_optionals_and_numbers():
    spec = {"questions": [str], "score?": float, "tags?": [str]}
    assert check_shape({"questions": ["a", "b"], "score": 3}, spec) is None
    assert "answer.questions[1] must be a string" == render(check_shape({"questions": ["a", 2]}, spec), "en")
    assert "must not be empty" in render(check_shape({"questions": []}, spec), "en")
    assert "true or false" in render(check_shape(1, bool), "en")
    assert render(check_shape(True, int), "en") == "answer must be an integer"
    assert render(check_shape("x", (int, list)), "en") == "answer must be an integer or an array"
    assert render(check_shape("x", (int, list)), "zh") == "answer 应当是整数或数组"
    assert extract_json_text("```json\n[1, 2\n") == "[1, 2"  # cut-off answers are still tried


# ---- token estimates -------------------------------------------------------------------------
def test_token_estimates():
    assert estimate_tokens("") == 0
    assert estimate_tokens("你好世界") == 4
    assert estimate_tokens("hello world!") == 3
    assert estimate_tokens("你好 world") == 2 + 2
    assert estimate_tokens("，。！") == 3  # CJK punctuation
    assert estimate_message_tokens([{"role": "user", "content": "你好"}]) == 3 + 4 + 2


# ---- limiter ---------------------------------------------------------------------------------
def _max_in_window(times: list[float], window: float) -> int:
    times = sorted(times)
    return max(bisect.bisect_left(times, t + window) - i for i, t in enumerate(times))


async def test_rpm_sliding_window_holds_and_rate_is_near_the_limit():
    rpm, window = 20, 1.0
    limiter = RateLimiter(rpm=rpm, window=window)
    times: list[float] = []
    todo = [41]  # 2 s of work at 20 a second

    async def worker():
        while todo[0] > 0:
            todo[0] -= 1
            times.append((await limiter.acquire(0)).time)

    await asyncio.gather(*(worker() for _ in range(16)))
    assert _max_in_window(times, window) <= rpm
    span = max(times) - min(times)
    rate = (len(times) - 1) / span * window  # starts per window, steady state
    assert rate >= 0.95 * rpm, rate


async def test_rpm_allows_a_burst_but_never_breaks_the_window():
    limiter = RateLimiter(rpm=120, window=1.0, burst=60)  # half the window's budget at once
    times = [(await limiter.acquire()).time for _ in range(150)]
    assert _max_in_window(times, 1.0) <= 120
    assert times[59] - times[0] < 0.05  # the burst went through back to back


async def test_tpm_uses_the_estimate_then_the_real_usage():
    tpm, window = 1000, 1.0
    limiter = RateLimiter(tpm=tpm, window=window)
    settled: list[tuple[float, int]] = []

    async def call():
        ticket = await limiter.acquire(300)  # estimated 300 tokens …
        await asyncio.sleep(0.01)
        limiter.settle(ticket, 100)  # … but it used 100
        settled.append((ticket.time, 100))

    t0 = time.monotonic()
    await asyncio.gather(*(call() for _ in range(15)))
    elapsed = time.monotonic() - t0
    times = sorted(t for t, _ in settled)
    assert _max_in_window(times, window) * 100 <= tpm  # real usage never above the limit
    # corrected usage frees room: 15 calls fit in 2 windows, not the 5 the estimates alone imply
    assert elapsed < 1.8, elapsed
    big = await asyncio.wait_for(RateLimiter(tpm=100, window=1.0).acquire(5000), 1)  # alone: allowed
    assert big.tokens == 5000


async def test_cool_down_delays_everyone():
    limiter = RateLimiter()
    limiter.cool_down(0.3)
    t0 = time.monotonic()
    await limiter.acquire()
    assert time.monotonic() - t0 >= 0.29


def test_retry_after_forms():
    assert parse_retry_after({"retry-after": "2"}) == 2.0
    assert parse_retry_after({"retry-after": "0.5"}) == 0.5
    assert parse_retry_after({"retry-after-ms": "1500", "retry-after": "9"}) == 1.5
    now = time.time()
    date = email.utils.formatdate(now + 30, usegmt=True)
    assert 28 <= parse_retry_after({"retry-after": date}, now=now) <= 30
    assert parse_retry_after({"retry-after": "soon"}) is None
    assert parse_retry_after({}) is None


# ---- providers -------------------------------------------------------------------------------
def test_presets():
    names = [p.name for p in PRESETS]
    # as a user in mainland China meets them: domestic clouds, OpenAI, this computer, any URL
    assert names == ["DeepSeek", "Qwen (DashScope)", "SiliconFlow", "Zhipu GLM", "Moonshot", "iFlytek Spark",
                     "OpenAI", "Ollama", "LM Studio", "vLLM", "llama.cpp", "Custom"]
    assert preset("Zhipu GLM").base_url == "https://open.bigmodel.cn/api/paas/v4"
    assert preset("Qwen (DashScope)").base_url == "https://dashscope.aliyuncs.com/compatible-mode/v1"
    assert preset_for_url("https://api.deepseek.com/v1/").name == "DeepSeek"
    s = ProviderSettings.from_preset("iFlytek Spark")
    assert s.model == "lite" and not s.use_json_mode()
    assert ProviderSettings.from_preset("DeepSeek").use_json_mode()
    assert not ProviderSettings.from_preset("DeepSeek", json_mode=False).use_json_mode()
    assert ProviderSettings(base_url="http://my-server/v1", model="m").use_json_mode()  # unknown: trusted
    s = ProviderSettings(base_url="x", model="m", price_in_per_m=2.0, price_out_per_m=8.0)
    assert s.cost(1_000_000, 500_000) == pytest.approx(6.0)
