"""make_client and test_connection's plain messages, against the fake server."""

from __future__ import annotations

import socket

import openai
import pytest
from fake_openai import DEFAULT_KEY, FakeOpenAI

from core.llm import client as llm_client
from core.llm.client import describe_error, make_client
from core.llm.providers import ProviderSettings
from core.messages import render


async def connect(*args, **kw) -> tuple[bool, str]:
    """The connection test's verdict as an English reader sees it (the Chinese is tested below)."""
    ok, said = await llm_client.test_connection(*args, **kw)
    return ok, render(said, "en")


@pytest.fixture
def server():
    with FakeOpenAI() as s:
        yield s


def settings(server: FakeOpenAI, model: str = "fake-model", **kw) -> ProviderSettings:
    return ProviderSettings(base_url=server.base_url, model=model, timeout=5.0, **kw)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_ok(server):
    ok, msg = await connect(settings(server), DEFAULT_KEY)
    assert ok and "fake-model" in msg and "available" in msg
    assert server.calls == 0  # the model list was enough: no paid request


async def test_wrong_key(server):
    ok, msg = await connect(settings(server), "sk-wrong-key-0123456789")
    assert not ok and msg.startswith("The API key was refused (401")
    assert "sk-wrong-key-0123456789" not in msg and "6789" not in msg


async def test_wrong_url_path_and_unreachable_host(server):
    ok, msg = await connect(
        ProviderSettings(base_url=server.base_url.replace("/v1", "/api"), model="fake-model"), DEFAULT_KEY)
    assert not ok and "Nothing answers at" in msg and "404" in msg and "base URL" in msg
    ok, msg = await connect(
        ProviderSettings(base_url=f"http://127.0.0.1:{free_port()}/v1", model="fake-model"), DEFAULT_KEY)
    assert not ok and msg.startswith("Could not connect to http://127.0.0.1:")
    ok, msg = await connect(ProviderSettings(base_url="api.deepseek.com", model="m"), DEFAULT_KEY)
    assert not ok and "http://" in msg
    ok, msg = await connect(ProviderSettings(base_url="", model="m"), DEFAULT_KEY)
    assert not ok and "base URL" in msg


async def test_unknown_model(server):
    ok, msg = await connect(settings(server, "gpt-9-ultra"), DEFAULT_KEY)
    assert not ok and "“gpt-9-ultra” does not exist" in msg
    ok, msg = await connect(settings(server, ""), DEFAULT_KEY)
    assert not ok and "Choose a model: fake-model" in msg


async def test_model_not_listed_but_answering(server):
    server.models = ["fake-model", "hidden-model"]
    server.listed_models = ["fake-model"]  # some providers list only part of what they serve
    ok, msg = await connect(settings(server, "hidden-model"), DEFAULT_KEY)
    assert ok and "answered a test request" in msg
    assert server.calls == 1 and server.bodies[0]["max_tokens"] == 1
    ok, msg = await connect(settings(server, "missing-model"), DEFAULT_KEY)
    assert not ok and "“missing-model” does not exist" in msg


async def test_quota_rate_and_server_errors_in_plain_words(server):
    s = settings(server)
    client = make_client(s, DEFAULT_KEY)
    msgs, zh, stored = {}, {}, {}
    try:
        for spec in ("quota", "429", "503", "400"):
            server.inject(spec)
            with pytest.raises(openai.APIStatusError) as ei:
                await client.chat.completions.create(model="fake-model", messages=[{"role": "user", "content": "x"}])
            said = describe_error(ei.value, s, [DEFAULT_KEY])
            stored[spec] = said.encode()
            msgs[spec] = render(said, "en")
            zh[spec] = render(said, "zh")
    finally:
        await client.close()
    assert "no quota or credit left" in msgs["quota"]
    assert "limiting the request rate (429" in msgs["429"]
    assert msgs["503"].startswith("The provider's server failed (HTTP 503)")
    assert msgs["400"].startswith("The provider rejected the request (HTTP 400)")
    assert all(DEFAULT_KEY not in m for m in [*msgs.values(), *zh.values(), *stored.values()])
    # the same reasons in Chinese, from what a job item stores
    assert render(stored["quota"], "zh").startswith("账户没有额度或余额了（")
    assert render(stored["429"], "zh").startswith("服务商在限流（429）")
    assert zh["503"].startswith("服务商的服务器出错（HTTP 503）")
    assert zh["400"].startswith("服务商拒绝了请求（HTTP 400）")


async def test_connection_verdicts_in_chinese(server):
    ok, said = await llm_client.test_connection(settings(server), DEFAULT_KEY)
    assert ok and render(said, "zh").startswith("已连接：Key 有效，模型“fake-model”可用（共 ")
    ok, said = await llm_client.test_connection(settings(server), "sk-wrong-key-0123456789")
    assert not ok and render(said, "zh").startswith("API Key 被拒绝（401）")
    ok, said = await llm_client.test_connection(ProviderSettings(base_url="", model="m"), DEFAULT_KEY)
    assert render(said, "zh") == "请先填写服务商的接口地址。"


def test_make_client_leaves_retries_to_the_runner(server):
    s = settings(server, concurrency=64)
    client = make_client(s, DEFAULT_KEY)
    assert client.max_retries == 0
    assert client.timeout == s.timeout
    assert str(client.base_url).rstrip("/") == server.base_url
    assert make_client(ProviderSettings(base_url=server.base_url, model="m"), None).api_key  # local servers
