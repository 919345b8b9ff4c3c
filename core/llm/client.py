"""The OpenAI-compatible client, errors in plain words (message codes, see core/messages), and
the connection test.

Retries are the runner's, never the SDK's (``max_retries=0``): the runner honours Retry-After,
shares one backoff across all workers and counts every attempt.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Iterable, Mapping

import httpx2
import openai

from core.llm.providers import ProviderSettings, normalize_base_url
from core.llm.secrets import redact, register_secret
from core.messages import Message, say

NO_KEY = "no-key"  # local servers (Ollama, LM Studio …) take any key, but the SDK wants one


def make_client(settings: ProviderSettings, api_key: str | None) -> openai.AsyncOpenAI:
    """An AsyncOpenAI for these settings: no SDK retries, the request timeout, and a
    connection pool large enough for the runner's concurrency."""
    register_secret(api_key)
    conc = max(1, int(settings.concurrency))
    http_client = openai.DefaultAsyncHttpxClient(
        limits=httpx2.Limits(max_connections=max(conc + 4, 2 * conc), max_keepalive_connections=conc + 4),
        timeout=settings.timeout,
    )
    return openai.AsyncOpenAI(
        base_url=normalize_base_url(settings.base_url),
        api_key=api_key or NO_KEY,
        max_retries=0,
        timeout=settings.timeout,
        http_client=http_client,
    )


# ---- errors ---------------------------------------------------------------------------------
def parse_retry_after(headers: Mapping[str, str] | None, now: float | None = None) -> float | None:
    """Seconds to wait from ``retry-after-ms``, or ``Retry-After`` (seconds or an HTTP date)."""
    if not headers:
        return None
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return max(0.0, float(ms) / 1000.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _error_code(e: openai.APIStatusError) -> str:
    code = getattr(e, "code", None)
    if code:
        return str(code)
    body = e.body if isinstance(e.body, dict) else {}
    err = body.get("error") if isinstance(body.get("error"), dict) else body
    return str(err.get("code") or err.get("type") or "") if isinstance(err, dict) else ""


def _server_message(e: openai.APIStatusError, secrets: Iterable[str | None]) -> str:
    msg = ""
    body = e.body
    if isinstance(body, dict):
        err = body.get("error", body)
        msg = err.get("message", "") if isinstance(err, dict) else str(err)
    msg = str(msg or getattr(e, "message", "") or "").strip()
    if msg.startswith("Error code:"):
        msg = msg.split(" - ", 1)[-1]
    msg = redact(redact(msg, secrets))
    return msg[:300] + ("…" if len(msg) > 300 else "")


def is_model_error(e: openai.APIStatusError) -> bool:
    if e.status_code not in (400, 404):
        return False
    code = _error_code(e).lower()
    if "model" in code and ("not_found" in code or "not_exist" in code or "invalid" in code):
        return True
    msg = _server_message(e, ()).lower()
    return "model" in msg and any(w in msg for w in ("not exist", "not found", "does not exist", "no such",
                                                      "unknown model", "not supported"))


def is_quota_error(e: openai.APIStatusError) -> bool:
    code = _error_code(e).lower()
    return e.status_code == 429 and ("quota" in code or "insufficient" in code or "billing" in code) or (
        e.status_code == 402
    )


def is_retryable(e: BaseException) -> bool:
    """429 (except an empty quota), 408, 409, 5xx, timeouts and connection errors."""
    if isinstance(e, openai.APIStatusError):
        if e.status_code == 429:
            return not is_quota_error(e)
        return e.status_code in (408, 409) or e.status_code >= 500
    return isinstance(e, (openai.APITimeoutError, openai.APIConnectionError, TimeoutError))


def _said(msg: str) -> Message | str:
    """The provider's own words, quoted after our sentence ("" when it said nothing)."""
    return say("llm.provider_said", text=msg) if msg else ""


def describe_error(e: BaseException, settings: ProviderSettings | None = None,
                   secrets: Iterable[str | None] = ()) -> Message:
    """Why a request failed, as a message (core.messages); never contains a key. Store it with
    ``.encode()`` so it reads in the reader's language later."""
    secrets = list(secrets)
    url = normalize_base_url(settings.base_url) if settings else ""
    model = settings.model if settings else ""
    if isinstance(e, (openai.APITimeoutError, TimeoutError)):
        if settings:
            return say("llm.timeout", url=url, seconds=f"{settings.timeout:g}")
        return say("llm.timeout_plain")
    if isinstance(e, openai.APIConnectionError):
        cause = e.__cause__ or e.__context__
        if cause and str(cause):
            return say("llm.connect_failed_detail", url=url, detail=redact(str(cause), secrets))
        return say("llm.connect_failed", url=url)
    if isinstance(e, openai.APIStatusError):
        s = e.status_code
        said = _said(_server_message(e, secrets))
        if s == 401:
            return say("llm.key_refused")
        if is_model_error(e):
            return say("llm.model_missing", model=model, status=s)
        if s == 403:
            return say("llm.forbidden", said=said)
        if s == 404:
            return say("llm.not_found", url=url)
        if is_quota_error(e):
            return say("llm.no_quota", status=s, said=said)
        if s == 429:
            return say("llm.rate_limited", said=said)
        if s >= 500:
            return say("llm.server_failed", status=s, said=said)
        return say("llm.request_rejected", status=s, said=said)
    if isinstance(e, openai.OpenAIError):
        return say("llm.sdk_error", kind=type(e).__name__, text=redact(str(e), secrets))
    return say("llm.unexpected_error", kind=type(e).__name__, text=redact(str(e), secrets))


# ---- connection test ------------------------------------------------------------------------
async def test_connection(settings: ProviderSettings, api_key: str | None,
                          *, timeout: float | None = None) -> tuple[bool, Message]:
    """Check the URL, the key and the model; returns (ok, what to tell the user).

    Lists the models first (free). If the model is listed the test stops there; otherwise
    (or if the provider has no model list) it sends one request for a single token.
    """
    if not settings.base_url.strip():
        return False, say("llm.test.no_base_url")
    if not (settings.base_url.startswith("http://") or settings.base_url.startswith("https://")):
        return False, say("llm.test.bad_scheme", url=settings.base_url)
    t = min(settings.timeout, 20.0) if timeout is None else timeout
    probe = ProviderSettings.from_dict({**settings.to_dict(), "timeout": t, "concurrency": 1})
    secrets = [api_key]
    client = make_client(probe, api_key)
    try:
        models: list[str] | None = None
        try:
            page = await client.models.list(timeout=t)
            models = [m.id async for m in page]
        except openai.NotFoundError:
            models = None  # some providers have no model list; the chat request decides
        except openai.APIStatusError as e:
            if e.status_code in (401, 403) or e.status_code >= 500 or isinstance(e, openai.RateLimitError):
                return False, describe_error(e, probe, secrets)
            models = None
        except (openai.APIConnectionError, openai.APITimeoutError) as e:
            return False, describe_error(e, probe, secrets)
        except Exception as e:  # an odd body: not an OpenAI-compatible server
            return False, say("llm.test.not_openai", url=normalize_base_url(settings.base_url),
                              kind=type(e).__name__)
        if not settings.model:
            if models:
                shown = ", ".join(models[:8]) + (" …" if len(models) > 8 else "")
                return False, say("llm.test.choose_model", models=shown)
            return False, say("llm.test.no_model")
        if models and settings.model in models:
            return True, say("llm.test.ok_listed", model=settings.model, n=len(models))
        try:
            await client.chat.completions.create(
                model=settings.model, messages=[{"role": "user", "content": "ping"}], max_tokens=1,
                temperature=0, timeout=t,
            )
        except openai.APIStatusError as e:
            if e.status_code == 404 and models is None and not is_model_error(e):
                return False, describe_error(e, probe, secrets)
            if e.status_code == 404 and models is not None:
                return False, say("llm.model_missing_plain", model=settings.model)
            return False, describe_error(e, probe, secrets)
        except Exception as e:
            return False, describe_error(e, probe, secrets)
        return True, say("llm.test.ok_answered", model=settings.model)
    finally:
        await client.close()


test_connection.__test__ = False  # type: ignore[attr-defined]  # not a pytest test when imported
