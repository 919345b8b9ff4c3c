"""The OpenAI-compatible client, errors in plain words, and the connection test.

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


def describe_error(e: BaseException, settings: ProviderSettings | None = None,
                   secrets: Iterable[str | None] = ()) -> str:
    """One plain English sentence for a failed request; never contains a key."""
    secrets = list(secrets)
    url = normalize_base_url(settings.base_url) if settings else "the server"
    model = settings.model if settings else ""
    if isinstance(e, (openai.APITimeoutError, TimeoutError)):
        limit = f" within {settings.timeout:g} s" if settings else ""
        return f"No answer from {url}{limit} (timed out)."
    if isinstance(e, openai.APIConnectionError):
        cause = e.__cause__ or e.__context__
        detail = f" ({redact(str(cause), secrets)})" if cause and str(cause) else ""
        return (f"Could not connect to {url}{detail}. Check the base URL, your network, "
                "and that the server is running.")
    if isinstance(e, openai.APIStatusError):
        s = e.status_code
        msg = _server_message(e, secrets)
        said = f" The provider said: {msg}" if msg else ""
        if s == 401:
            return ("The API key was refused (401 Unauthorized). Check that the whole key was pasted and "
                    "that it belongs to this provider.")
        if is_model_error(e):
            return (f"The model “{model}” does not exist at this provider, or this key has no access to it "
                    f"({s}). Choose a model the provider lists.")
        if s == 403:
            return f"The provider refused access (403 Forbidden).{said}"
        if s == 404:
            return (f"Nothing answers at {url} (404 Not Found). Check the base URL: it usually ends "
                    "in /v1 (or the provider's compatible-mode path).")
        if is_quota_error(e):
            return (f"The account has no quota or credit left ({s}). Top up or check the plan on the "
                    f"provider's site.{said}")
        if s == 429:
            return (f"The provider is limiting the request rate (429 Too Many Requests). Lower the "
                    f"concurrency or set an RPM limit.{said}")
        if s >= 500:
            return f"The provider's server failed (HTTP {s}). Try again later.{said}"
        return f"The provider rejected the request (HTTP {s}).{said}"
    if isinstance(e, openai.OpenAIError):
        return redact(f"{type(e).__name__}: {e}", secrets)
    return redact(f"Unexpected error: {type(e).__name__}: {e}", secrets)


# ---- connection test ------------------------------------------------------------------------
async def test_connection(settings: ProviderSettings, api_key: str | None,
                          *, timeout: float | None = None) -> tuple[bool, str]:
    """Check the URL, the key and the model; returns (ok, a sentence for the user).

    Lists the models first (free). If the model is listed the test stops there; otherwise
    (or if the provider has no model list) it sends one request for a single token.
    """
    if not settings.base_url.strip():
        return False, "Enter the provider's base URL first."
    if not (settings.base_url.startswith("http://") or settings.base_url.startswith("https://")):
        return False, f"The base URL must start with http:// or https:// (got “{settings.base_url}”)."
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
            return False, (f"{normalize_base_url(settings.base_url)} answered, but not like an "
                           f"OpenAI-compatible API ({type(e).__name__}). Check the base URL.")
        if not settings.model:
            if models:
                shown = ", ".join(models[:8]) + (" …" if len(models) > 8 else "")
                return False, f"Connected. Choose a model: {shown}"
            return False, "Connected, but no model is set. Enter the model name."
        if models and settings.model in models:
            return True, f"Connected. The key works and “{settings.model}” is available ({len(models)} models)."
        try:
            await client.chat.completions.create(
                model=settings.model, messages=[{"role": "user", "content": "ping"}], max_tokens=1,
                temperature=0, timeout=t,
            )
        except openai.APIStatusError as e:
            if e.status_code == 404 and models is None and not is_model_error(e):
                return False, describe_error(e, probe, secrets)
            if e.status_code == 404 and models is not None:
                return False, (f"The model “{settings.model}” does not exist at this provider, or this key "
                               "has no access to it. Choose a model the provider lists.")
            return False, describe_error(e, probe, secrets)
        except Exception as e:
            return False, describe_error(e, probe, secrets)
        return True, f"Connected. “{settings.model}” answered a test request."
    finally:
        await client.close()


test_connection.__test__ = False  # type: ignore[attr-defined]  # not a pytest test when imported
