"""What the model client says, in the reader's language: real messages from the real client and
runner against the local OpenAI-compatible server, rendered from the message catalogue (no
re-saying of English sentences any more), and shown that way in the window's connection test."""

from __future__ import annotations

import asyncio
import re
import socket

import pytest
from fake_openai import DEFAULT_KEY, FakeOpenAI

from core.llm.client import describe_error, make_client, test_connection
from core.llm.providers import ProviderSettings
from core.messages import code_of, render, say, set_language

CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORDS = re.compile(r"[A-Za-z]{3,}(?: [A-Za-z]{3,}){2,}")  # an English phrase of 3+ words


def _settings(url: str, model: str = "fake-model") -> ProviderSettings:
    return ProviderSettings(base_url=url, model=model, timeout=3)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _status_message(server: FakeOpenAI, failure: str):
    """What core says when one chat request meets `failure` (the runner's describe_error)."""
    server.inject(failure)
    settings = _settings(server.base_url)
    client = make_client(settings, DEFAULT_KEY)
    try:
        await client.with_options(max_retries=0).chat.completions.create(
            model="fake-model", messages=[{"role": "user", "content": "x"}])
    except Exception as e:  # the SDK's own error types, as the runner sees them
        return describe_error(e, settings)
    finally:
        await client.close()
    raise AssertionError("the request did not fail")


@pytest.fixture(scope="module")
def messages():
    """Real messages from core, produced once, stored as a job item stores them."""
    async def collect(server):
        out = [
            (await test_connection(_settings(server.base_url), DEFAULT_KEY))[1],  # connected
            (await test_connection(_settings(server.base_url), "sk-wrong-key-0000"))[1],  # 401
            (await test_connection(_settings(server.base_url, ""), DEFAULT_KEY))[1],  # choose a model
            (await test_connection(_settings(f"http://127.0.0.1:{_free_port()}/v1"), None))[1],  # refused
            (await test_connection(_settings("ftp://example.org"), None))[1],
        ]
        for failure in ("429", "quota", "500", "403", "400"):
            out.append(await _status_message(server, failure))
        return [m.encode() for m in out]

    with FakeOpenAI() as server:
        return asyncio.run(collect(server))


def test_every_client_message_is_a_code(messages):
    assert all(code_of(m) and code_of(m).startswith("llm.") for m in messages)


def test_core_messages_read_in_chinese(messages):
    shown = [render(m, "zh") for m in messages]
    assert all(CJK.search(s) for s in shown), shown
    # no English sentence left; what stays Latin is a URL, a model name or, quoted as such, the
    # network library's or the provider's own words
    ours = [re.sub(r"（系统提示：.*?）|服务商返回：.*", "", s) for s in shown]
    assert not any(LATIN_WORDS.search(s) for s in ours), ours
    assert shown[0].startswith("已连接")
    assert "API Key 被拒绝" in shown[1]
    assert "fake-model" in shown[2]  # the listed models stay as they are
    assert shown[3].startswith("连接不上 http://127.0.0.1:")
    assert "ftp://example.org" in shown[4]
    assert "限流" in shown[5] and "额度" in shown[6] and "HTTP 500" in shown[7]
    assert shown[8].startswith("服务商拒绝访问（403）")


def test_and_in_english(messages):
    shown = [render(m, "en") for m in messages]
    assert shown[0].startswith("Connected. The key works and “fake-model” is available")
    assert shown[1].startswith("The API key was refused (401 Unauthorized).")
    assert shown[2].startswith("Connected. Choose a model: fake-model")
    assert shown[3].startswith("Could not connect to http://127.0.0.1:")
    assert shown[4] == "The base URL must start with http:// or https:// (got “ftp://example.org”)."
    assert "(429 Too Many Requests)" in shown[5] and "no quota or credit" in shown[6]
    assert shown[7].startswith("The provider's server failed (HTTP 500)")
    assert not any(CJK.search(s) for s in shown[:5]), shown[:5]


def test_a_retried_failure_nests_the_last_error():
    stored = say("llm.gave_up", n=3, reason=say("llm.server_failed", status=500, said="")).encode()
    assert render(stored, "zh") == "试了 3 次仍然失败。服务商的服务器出错（HTTP 500），请稍后再试。"
    assert render(stored, "en") == "Gave up after 3 attempts. The provider's server failed (HTTP 500). Try again later."


def test_plain_text_passes_through():
    assert render("Something a provider said in its own words.", "zh") == "Something a provider said in its own words."


def test_the_connection_test_in_the_window_speaks_chinese(qapp, qt_run):
    from ui.widgets.provider_form import ProviderForm

    set_language("zh")
    try:
        with FakeOpenAI() as server:
            form = ProviderForm()
            form.set_settings(_settings(server.base_url))
            form.api_key.setText("sk-wrong-key-0000")
            qt_run(form.on_test())
            assert form.test_result.text().startswith("✘ API Key 被拒绝（401）"), form.test_result.text()
            form.api_key.setText(DEFAULT_KEY)
            qt_run(form.on_test())
            assert form.test_result.text().startswith("✔ 已连接"), form.test_result.text()
            form.deleteLater()
    finally:
        set_language(None)
