"""Core's connection and request messages in the UI's language: real messages from the real
client against the local OpenAI-compatible server, shown in Chinese by default and, with the
English translation installed, exactly as core wrote them."""

from __future__ import annotations

import asyncio
import re
import socket

import pytest
from fake_openai import DEFAULT_KEY, FakeOpenAI

from core.llm.client import describe_error, make_client, test_connection
from core.llm.providers import ProviderSettings
from ui.app import install_translators, remove_translators
from ui.core_messages import localize
from ui.qt import QApplication

CJK = re.compile(r"[\u4e00-\u9fff]")


def _settings(url: str, model: str = "fake-model") -> ProviderSettings:
    return ProviderSettings(base_url=url, model=model, timeout=3)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _status_message(server: FakeOpenAI, failure: str) -> str:
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
    """Real sentences from core, produced once for both languages."""
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
        return out

    with FakeOpenAI() as server:
        return asyncio.run(collect(server))


def test_core_messages_show_in_chinese(qapp, messages):
    shown = [localize(m) for m in messages]
    assert all(CJK.search(s) for s in shown), [m for m, s in zip(messages, shown, strict=True) if not CJK.search(s)]
    assert shown[0].startswith("已连接")
    assert "API Key 被拒绝" in shown[1]
    assert "fake-model" in shown[2]  # the listed models stay as they are
    assert shown[3].startswith("连接不上 http://127.0.0.1:")
    assert "ftp://example.org" in shown[4]
    assert "限流" in shown[5] and "额度" in shown[6] and "HTTP 500" in shown[7]


def test_with_the_english_translation_they_read_as_core_wrote_them(qapp, messages):
    app = QApplication.instance()
    translators = install_translators(app, "en")
    try:
        for message in messages:
            assert localize(message) == message
        retried = "Gave up after 3 attempts. " + messages[7]
        assert localize(retried) == retried
    finally:
        remove_translators(app, translators)


def test_an_unknown_sentence_is_shown_as_core_wrote_it(qapp):
    assert localize("Something core says that no pattern knows.") == "Something core says that no pattern knows."
