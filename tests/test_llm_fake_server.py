"""The fake OpenAI server itself: wire format, knobs, and that it keeps up (64 connections)."""

from __future__ import annotations

import asyncio
import json
import time

import httpx
import openai
import pytest
from fake_openai import DEFAULT_KEY, FakeOpenAI
from fake_openai import fake_openai as fake_openai  # noqa: F401  (the shared fixture)

USER = [{"role": "user", "content": "你好 world"}]


def test_wire_format_plain_json(fake_openai):  # noqa: F811
    with httpx.Client(base_url=fake_openai.base_url, headers={"Authorization": f"Bearer {DEFAULT_KEY}"}) as c:
        r = c.post("/chat/completions", json={"model": "fake-model", "messages": USER})
        assert r.status_code == 200 and r.headers["content-type"] == "application/json"
        body = r.json()
        assert body["object"] == "chat.completion" and body["id"].startswith("chatcmpl-")
        assert isinstance(body["created"], int) and body["model"] == "fake-model"
        choice = body["choices"][0]
        assert choice["index"] == 0 and choice["finish_reason"] == "stop"
        assert choice["message"]["role"] == "assistant"
        assert json.loads(choice["message"]["content"]) == {"echo": "你好 world", "n": 8}
        u = body["usage"]
        assert u["total_tokens"] == u["prompt_tokens"] + u["completion_tokens"] > 0

        models = c.get("/models").json()
        assert models["object"] == "list" and {m["id"] for m in models["data"]} >= {"fake-model"}

        r = c.post("/chat/completions", json={"model": "nope", "messages": USER})
        assert r.status_code == 404 and r.json()["error"]["code"] == "model_not_found"
        r = c.post("/nowhere", json={})
        assert r.status_code == 404 and set(r.json()["error"]) == {"message", "type", "param", "code"}

    with httpx.Client(base_url=fake_openai.base_url, headers={"Authorization": "Bearer sk-wrong-123456"}) as c:
        r = c.get("/models")
        assert r.status_code == 401
        err = r.json()["error"]
        assert err["code"] == "invalid_api_key" and err["type"] == "invalid_request_error"
        assert "sk-wrong-123456" not in err["message"]  # masked, as OpenAI does


def test_wire_format_stream(fake_openai):  # noqa: F811
    fake_openai.reply = lambda m: {"content": "流式回答 streamed answer", "reasoning_content": "想一想"}
    with httpx.Client(base_url=fake_openai.base_url, headers={"Authorization": f"Bearer {DEFAULT_KEY}"}) as c:
        r = c.post("/chat/completions", json={"model": "fake-model", "messages": USER, "stream": True,
                                               "stream_options": {"include_usage": True}})
        assert r.headers["content-type"].startswith("text/event-stream")
        lines = [ln for ln in r.text.split("\n") if ln]
    assert all(ln.startswith("data: ") for ln in lines)
    assert lines[-1] == "data: [DONE]"
    chunks = [json.loads(ln[6:]) for ln in lines[:-1]]
    assert all(ch["object"] == "chat.completion.chunk" for ch in chunks)
    text = "".join(ch["choices"][0]["delta"].get("content") or "" for ch in chunks if ch["choices"])
    assert text == "流式回答 streamed answer"
    assert chunks[-1]["usage"]["total_tokens"] > 0
    assert any(ch["choices"] and ch["choices"][0]["finish_reason"] == "stop" for ch in chunks)


async def test_sdk_roundtrip_stream_embeddings_and_errors(fake_openai):  # noqa: F811
    client = openai.AsyncOpenAI(base_url=fake_openai.base_url, api_key=DEFAULT_KEY, max_retries=0)
    try:
        stream = await client.chat.completions.create(model="fake-model", messages=USER, stream=True)
        text = "".join([ch.choices[0].delta.content or "" async for ch in stream if ch.choices])
        assert json.loads(text)["echo"] == "你好 world"
        emb = await client.embeddings.create(model="fake-embedding", input=["a", "b"])  # base64 on the wire
        assert len(emb.data) == 2 and len(emb.data[0].embedding) == 8
        assert fake_openai.embedding_calls == 1

        fake_openai.inject("429:1.5")
        with pytest.raises(openai.RateLimitError) as ei:
            await client.chat.completions.create(model="fake-model", messages=USER)
        assert ei.value.response.headers["retry-after"] == "1.5"
        for spec, exc in (("500", openai.InternalServerError), ("503", openai.InternalServerError),
                          ("quota", openai.RateLimitError), ("drop", openai.APIConnectionError)):
            fake_openai.inject(spec)
            with pytest.raises(exc):
                await client.chat.completions.create(model="fake-model", messages=USER)
        fake_openai.inject("hang:2")
        with pytest.raises(openai.APITimeoutError):
            await client.chat.completions.create(model="fake-model", messages=USER, timeout=0.3)
        fake_openai.inject("fenced", prompt="你好 world")
        r = await client.chat.completions.create(model="fake-model", messages=USER)
        assert r.choices[0].message.content.startswith("```json\n")
        assert fake_openai.calls_by_prompt["你好 world"] == 8
    finally:
        await client.close()


async def _raw_keepalive_client(port: int, n_requests: int, tag: int) -> list[int]:
    """A minimal HTTP/1.1 client on one kept-alive connection (cheap on CPU, unlike an SDK)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    codes = []
    try:
        for i in range(n_requests):
            body = json.dumps({"model": "fake-model",
                               "messages": [{"role": "user", "content": f"c{tag} r{i}"}]}).encode()
            writer.write(b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         + f"Authorization: Bearer {DEFAULT_KEY}\r\nContent-Length: {len(body)}\r\n\r\n".encode()
                         + body)
            await writer.drain()
            status = await reader.readline()
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            json.loads(await reader.readexactly(length))
            codes.append(int(status.split()[1]))
    finally:
        writer.close()
    return codes


async def test_sustains_64_connections_at_100ms():
    with FakeOpenAI(latency=0.1) as server:
        t0 = time.perf_counter()
        results = await asyncio.gather(*(_raw_keepalive_client(server.port, 4, c) for c in range(64)))
        elapsed = time.perf_counter() - t0
        assert [c for r in results for c in r] == [200] * 256
        assert server.max_in_flight == 64
        # 4 rounds of 100 ms on 64 kept-alive connections: ideal 0.4 s
        assert elapsed < 0.8, f"256 requests on 64 connections took {elapsed:.2f} s"
        assert len(server.request_times) == 256 and server.calls == 256
