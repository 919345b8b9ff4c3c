"""The polite Bilibili HTTP client (httpx, async).

- Browser-like ``User-Agent`` and a ``Referer`` on every request (without them the site answers
  412); optional login cookies, never logged (their values are registered with
  :func:`core.llm.secrets.register_secret`, so log handlers with the secret filter mask them too).
- Bounded concurrency and a minimum interval between request starts, with random jitter, shared
  by every request of the client (the site limits per address, not per video).
- Refusals (HTTP 412, code -412, -352, a "success" holding only a captcha voucher) and network
  errors are retried a bounded number of times with exponential backoff; each refusal also doubles
  the interval, and each success after it takes one interval off again (:class:`Pace`). When the site keeps refusing, :class:`Refused` says so in plain words.
- Error codes become exceptions with messages a user can act on (:func:`error_for`).
- WBI keys are fetched once from ``/x/web-interface/nav`` and refreshed once on -403.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import os
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import httpx

from core.errors import CorpusmithError, InputError
from core.messages import Message, say
from core.sources.bilibili.ids import VideoRef, from_redirect
from core.sources.bilibili.wbi import WbiKeys, signed_query

log = logging.getLogger("corpusmith.bilibili")

DEFAULT_API = "https://api.bilibili.com"
DEFAULT_SHORT = "https://b23.tv"
ENV_API = "CORPUSMITH_BILIBILI_API"
ENV_SHORT = "CORPUSMITH_BILIBILI_SHORT"  # where b23.tv short links are followed (tests)
COOKIES_SECRET = "bilibili-cookies"  # the keyring entry holding the pasted login cookies
USER_AGENT = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/124.0.0.0 Safari/537.36")
SITE = "https://www.bilibili.com/"
# Reading needs only these; bili_jct (the CSRF token) and the rest are dropped, never sent.
READ_COOKIES = ("SESSDATA", "buvid3", "buvid4", "DedeUserID", "DedeUserID__ckMd5", "b_nut", "bili_ticket",
                "_uuid", "buvid_fp", "b_lsid")


def _b64(s: str) -> str:
    return base64.b64encode(s.encode()).decode().rstrip("=")


# The web client sends these on signed paths; leaving them out is a known -352 trigger.
WEB_DM_PARAMS = {
    "dm_img_list": "[]",
    "dm_img_str": _b64("WebGL 1.0 (OpenGL ES 2.0 Chromium)"),
    "dm_cover_img_str": _b64("ANGLE (Intel, Intel(R) UHD Graphics 620 Direct3D11 vs_5_0 ps_5_0, D3D11)"
                             "Google Inc. (Intel)"),
}


def api_base_url(api_base: str | None = None) -> str:
    """`api_base`, else $CORPUSMITH_BILIBILI_API, else https://api.bilibili.com (no trailing /)."""
    base = (api_base or os.environ.get(ENV_API) or DEFAULT_API).strip().rstrip("/")
    if not base.startswith(("http://", "https://")):
        raise InputError(say("crawl.api_base_scheme", base=base))
    return base


def short_base_url(short_base: str | None = None) -> str:
    return (short_base or os.environ.get(ENV_SHORT) or DEFAULT_SHORT).strip().rstrip("/")


# ---- cookies ------------------------------------------------------------------------------------
def parse_cookies(text: str | Mapping[str, str] | None) -> dict[str, str]:
    """Login cookies as pasted: ``SESSDATA=…; buvid3=…`` (a browser's Cookie header), one
    ``name=value`` per line, a JSON object, or a browser extension's JSON list of
    ``{"name", "value"}``. A bare value is taken as SESSDATA. Only the cookies needed for
    reading are kept (the CSRF token ``bili_jct`` is never sent)."""
    if text is None:
        return {}
    pairs: dict[str, str] = {}
    if isinstance(text, Mapping):
        pairs = {str(k).strip(): str(v).strip() for k, v in text.items()}
    else:
        s = str(text).strip()
        if s.lower().startswith("cookie:"):
            s = s[7:].strip()
        parsed: Any = None
        if s.startswith(("{", "[")):
            try:
                parsed = json.loads(s)
            except ValueError:
                parsed = None
        if isinstance(parsed, dict):
            pairs = {str(k).strip(): str(v).strip() for k, v in parsed.items()}
        elif isinstance(parsed, list):
            pairs = {str(c.get("name", "")).strip(): str(c.get("value", "")).strip()
                     for c in parsed if isinstance(c, dict)}
        elif "=" in s:
            for part in s.replace("\n", ";").split(";"):
                name, sep, value = part.strip().partition("=")
                if sep and name.strip():
                    pairs[name.strip()] = value.strip()
        elif s:
            pairs = {"SESSDATA": s}
    return {k: v for k, v in pairs.items() if k in READ_COOKIES and v}


def register_cookie_secrets(cookies: Mapping[str, str]) -> None:
    """Mask these cookie values in every log handler that has the secret filter."""
    from core.llm.secrets import register_secret

    for v in cookies.values():
        register_secret(v)


def saved_cookies() -> dict[str, str]:
    """The login cookies saved in the system keyring (empty when none)."""
    from core.llm.secrets import get_api_key

    cookies = parse_cookies(get_api_key(COOKIES_SECRET))
    register_cookie_secrets(cookies)
    return cookies


def save_cookies(text: str) -> dict[str, str]:
    """Keep pasted cookies in the system keyring (never in the project). Returns what was kept;
    raises InputError when the text holds no usable cookie."""
    from core.llm.secrets import set_api_key

    cookies = parse_cookies(text)
    if not cookies.get("SESSDATA"):
        raise InputError(say("crawl.no_sessdata_pasted"))
    register_cookie_secrets(cookies)
    set_api_key(COOKIES_SECRET, "; ".join(f"{k}={v}" for k, v in cookies.items()))
    return cookies


def forget_cookies() -> None:
    from core.llm.secrets import delete_api_key

    delete_api_key(COOKIES_SECRET)


# What a visitor gets (told at the start of every visitor crawl, and shown on the crawl page).
ANONYMOUS_LIMITS = say("crawl.anonymous_limits")


# ---- errors -------------------------------------------------------------------------------------
class BilibiliError(CorpusmithError):
    """An answer of the site a user can act on. ``code`` is the site's code (or -HTTP status)."""

    def __init__(self, message: Message | str, code: int | None = None):
        super().__init__(message)
        self.code = code


class VideoMissing(BilibiliError):
    pass


class CommentsClosed(BilibiliError):
    pass


class CommentDeleted(BilibiliError):
    pass


class Refused(BilibiliError):
    """Rate limiting or risk control, still refusing after the bounded retries."""


class SignatureRejected(BilibiliError):
    pass


class CaptchaRequired(BilibiliError):
    pass


class NetworkError(BilibiliError):
    pass


class BadResponse(BilibiliError):
    pass


class Cancelled(Exception):
    """The user cancelled; not an error (the finished part is saved)."""


def error_for(code: int, message: str = "", what: Message | str = "") -> BilibiliError:
    """The exception for a non-zero code. `what` names the thing asked for (e.g. "BV1xx411c7mD")."""
    asked: Message | str = what or say("crawl.what_request")
    site: Message | str = say("crawl.site_said", message=message) if message and message not in ("0", "OK") else ""
    if code in (-404, 62002, 62004, 62012):
        why = {62002: say("crawl.video_hidden"), 62004: say("crawl.video_in_review"),
               62012: say("crawl.video_uploader_only")}.get(code) or say("crawl.video_gone")
        return VideoMissing(say("crawl.video_missing", what=asked, why=why, number=code), code)
    if code in (12002, 12061):
        return CommentsClosed(say("crawl.comments_closed", what=asked, number=code), code)
    if code == 12022:
        return CommentDeleted(say("crawl.comment_deleted", what=asked, number=code), code)
    if code == -403:
        return SignatureRejected(say("crawl.signature_rejected", what=asked, site=site), code)
    if code == -401:
        return CaptchaRequired(say("crawl.captcha", what=asked), code)
    if code == -101:
        return BilibiliError(say("crawl.login_required", what=asked), code)
    if code == -400:
        return BilibiliError(say("crawl.malformed", what=asked, site=site), code)
    return BilibiliError(say("crawl.site_error", number=code, what=asked, site=site), code)


def _refusal_words(refusal: int) -> Message:
    return {412: say("crawl.refusal_http_412"), -412: say("crawl.refusal_412"), -352: say("crawl.refusal_352"),
            -1: say("crawl.refusal_voucher")}.get(refusal) or say("crawl.refusal_code", number=refusal)


@dataclass
class Politeness:
    concurrency: int = 3  # requests in flight at once
    min_interval: float = 1.0  # seconds between the starts of two requests
    jitter: float = 0.3  # each interval is longer by a random 0…30 %
    max_attempts: int = 5  # per request, for refusals and network errors
    backoff_base: float = 2.0  # seconds to wait after the first refusal; doubles each time
    backoff_max: float = 120.0
    timeout: float = 20.0  # seconds for one request
    max_slowdown: float = 8.0  # a refusal doubles the interval, up to this many times min_interval
    # each success after a refusal takes this many min_intervals off again (never below min_interval)
    recover_step: float = 1.0

    def check(self) -> None:
        if self.concurrency < 1:
            raise InputError(say("crawl.concurrency_min", n=self.concurrency))
        if self.min_interval < 0:
            raise InputError(say("crawl.interval_negative", seconds=self.min_interval))
        if self.max_attempts < 1:
            raise InputError(say("crawl.attempts_min", n=self.max_attempts))


class Pace:
    """The client's current pace, shared by all its requests and kept across videos: a refusal
    doubles the interval (up to ``max_slowdown`` times the user's), each success takes
    ``recover_step`` user intervals off again, never going faster than the user's setting
    (multiplicative slow-down, additive recovery). ``said()`` says the pace and why."""

    def __init__(self, policy: Politeness):
        self.policy = policy
        self.factor = 1.0  # the interval is min_interval × factor
        self.refusal: int | None = None  # the last refusal that slowed it down
        self.slowdowns = 0  # refusals that slowed it down, this client
        self.recoveries = 0  # successes that sped it up again, this client
        self.recoveries_since = 0  # successes since the last refusal

    @property
    def interval(self) -> float:
        return self.policy.min_interval * self.factor

    @property
    def state(self) -> str:
        """"steady" (the user's pace), "slowed" (just refused) or "recovering"."""
        if self.factor <= 1.0:
            return "steady"
        return "slowed" if self.recoveries_since == 0 else "recovering"

    def refused(self, refusal: int) -> None:
        self.factor = min(self.factor * 2, max(1.0, self.policy.max_slowdown))
        self.refusal = refusal
        self.slowdowns += 1
        self.recoveries_since = 0

    def succeeded(self) -> None:
        if self.factor <= 1.0:
            return
        self.factor = max(1.0, self.factor - max(0.0, self.policy.recover_step))
        self.recoveries += 1
        self.recoveries_since += 1

    def said(self) -> Message:
        state = self.state
        if state == "steady" and self.refusal is None:
            return say("crawl.pace_steady", seconds=self.interval)
        why = _refusal_words(self.refusal if self.refusal is not None else 0)
        if state == "steady":
            return say("crawl.pace_recovered", seconds=self.interval, n=self.slowdowns, why=why)
        if state == "slowed":
            return say("crawl.pace_slowed", why=why, seconds=self.interval, times=self.factor)
        return say("crawl.pace_recovering", why=why, seconds=self.interval, times=self.factor)


class BiliClient:
    """One polite session against the API (one per crawl run; use ``async with``)."""

    def __init__(self, api_base: str | None = None, *, cookies: str | Mapping[str, str] | None = None,
                 politeness: Politeness | None = None, short_base: str | None = None,
                 cancel: asyncio.Event | None = None,
                 on_notice: Callable[[Message], None] | None = None,
                 transport: httpx.AsyncBaseTransport | None = None):
        self.api_base = api_base_url(api_base)
        self.short_base = short_base_url(short_base)
        self.policy = politeness or Politeness()
        self.policy.check()
        self.cancel = cancel
        self.on_notice = on_notice
        self.referer = SITE
        self._cookies = parse_cookies(cookies)
        register_cookie_secrets(self._cookies)
        self.has_login_cookies = bool(self._cookies.get("SESSDATA"))
        self.logged_in: bool | None = None  # known after nav()
        self.uname = ""
        self._http = httpx.AsyncClient(
            headers={"User-Agent": USER_AGENT, "Referer": SITE, "Origin": SITE.rstrip("/"),
                     "Accept": "application/json, text/plain, */*",
                     "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"},
            cookies=dict(self._cookies),
            timeout=httpx.Timeout(self.policy.timeout),
            limits=httpx.Limits(max_connections=self.policy.concurrency + 2,
                                max_keepalive_connections=self.policy.concurrency + 2),
            transport=transport,
            follow_redirects=False,
        )
        self._sem = asyncio.Semaphore(self.policy.concurrency)
        self._pace_lock = asyncio.Lock()
        self._next_start = 0.0
        self._hold_until = 0.0
        self.pace = Pace(self.policy)  # slowed by refusals, recovering with successes
        self._keys: WbiKeys | None = None
        self._keys_lock = asyncio.Lock()
        # counters
        self.requests = 0
        self.retries = 0
        self.refusals = 0
        self.key_refreshes = 0

    async def __aenter__(self) -> BiliClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # ---- pacing and cancel ------------------------------------------------------------------
    def _check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled()

    async def sleep(self, seconds: float) -> None:
        """Sleep, waking early (raising Cancelled) when the cancel event is set."""
        self._check_cancel()
        if seconds <= 0:
            return
        if self.cancel is None:
            await asyncio.sleep(seconds)
            return
        try:
            await asyncio.wait_for(self.cancel.wait(), seconds)
        except TimeoutError:
            return
        raise Cancelled()

    async def _pace(self) -> None:
        """Wait for this request's turn: starts are at least the pace's interval (+ jitter)
        apart, and none starts during a backoff hold."""
        async with self._pace_lock:
            while True:
                now = time.monotonic()
                at = max(self._next_start, self._hold_until)
                if at <= now:
                    break
                await self.sleep(at - now)
            self._check_cancel()
            p = self.policy
            interval = self.pace.interval
            if interval > 0 and p.jitter > 0:
                interval *= 1 + random.uniform(0, p.jitter)
            self._next_start = time.monotonic() + interval

    def _notice(self, message: Message) -> None:
        log.info("%s", message.render("en"))  # the log is read by whoever reports a bug: one language
        if self.on_notice is not None:
            try:
                self.on_notice(message)
            except Exception:
                log.exception("notice listener raised")

    # ---- requests ---------------------------------------------------------------------------
    async def _send(self, url: str, *, referer: str | None = None) -> httpx.Response:
        self._check_cancel()
        async with self._sem:
            await self._pace()
            self.requests += 1
            headers = {"Referer": referer} if referer else None
            return await self._http.get(url, headers=headers)

    async def get(self, path: str, params: Mapping[str, Any], *, signed: bool = False, what: Message | str = "",
                  expect: str | None = None, accept: tuple[int, ...] = (0,)) -> tuple[int, Any]:
        """GET `path` and return (code, data) for a code in `accept`, retrying refusals and network
        errors with backoff (bounded). `expect` names a key `data` must hold for the answer to
        count as data (a "success" without it is a captcha voucher: refused)."""
        p = self.policy
        refreshed = False
        started = time.monotonic()
        attempt = 0
        while True:
            attempt += 1
            self._check_cancel()
            if signed:
                keys = await self.wbi_keys()
                query = signed_query(params, keys.mixin)
            else:
                query = urlencode(list(params.items()), quote_via=quote)
            url = f"{self.api_base}{path}" + (f"?{query}" if query else "")
            refusal: int | None = None
            try:
                resp = await self._send(url, referer=self.referer)
            except httpx.TransportError as e:
                detail = f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
                log.debug("GET %s failed: %s", path, detail)
                if attempt >= p.max_attempts:
                    raise NetworkError(say("crawl.unreachable", base=self.api_base, detail=detail, n=attempt)) from e
                await self._backoff(attempt, say("crawl.why_network", detail=detail), refusal=False)
                continue
            status = resp.status_code
            log.debug("GET %s → %s", path, status)
            code, message, data = None, "", None
            body: Any = None
            try:
                body = resp.json()
            except ValueError:
                body = None
            if isinstance(body, dict):
                code = body.get("code")
                message = str(body.get("message") or "")
                data = body.get("data")
            if status == 412 or code in (-412, -352):
                refusal = 412 if status == 412 else int(code)
            elif status >= 500 or status == 429:
                if attempt >= p.max_attempts:
                    raise NetworkError(say("crawl.server_failing", status=status, n=attempt), -status)
                await self._backoff(attempt, say("crawl.why_server", status=status), refusal=False)
                continue
            elif status != 200:
                raise BadResponse(say("crawl.bad_status", url=f"{self.api_base}{path}", status=status), -status)
            elif not isinstance(code, int):
                if attempt >= p.max_attempts:
                    raise BadResponse(say("crawl.not_json_for_good", path=path, n=attempt))
                await self._backoff(attempt, say("crawl.why_not_json"), refusal=False)
                continue
            elif code == -403 and signed and not refreshed:
                refreshed = True
                await self.wbi_keys(refresh=True)
                attempt -= 1  # a key refresh is not a failed attempt
                continue
            elif code == 0 and expect and not (isinstance(data, dict) and expect in data):
                if signed and not refreshed:  # a bad signature can look like this: new keys first
                    refreshed = True
                    await self.wbi_keys(refresh=True)
                    attempt -= 1
                    continue
                refusal = -1
            elif code in accept:
                self.pace.succeeded()
                return code, data
            else:
                raise error_for(code, message, what)
            # refused
            self.refusals += 1
            last = _refusal_words(refusal)
            if attempt >= p.max_attempts:
                waited = time.monotonic() - started
                login: Message | str = "" if self.logged_in else say("crawl.login_helps")
                raise Refused(say("crawl.refused_for_good", what=last, n=attempt, seconds=waited, login=login),
                              refusal)
            self.pace.refused(refusal)
            await self._backoff(attempt, say("crawl.why_refused", what=last), refusal=True)

    async def _backoff(self, attempt: int, why: Message, *, refusal: bool) -> None:
        p = self.policy
        delay = min(p.backoff_max, p.backoff_base * 2 ** (attempt - 1)) * random.uniform(1.0, 1.25)
        self.retries += 1
        # every request of this client waits: the site limits the address, not one request
        self._hold_until = max(self._hold_until, time.monotonic() + delay)
        if refusal:
            self._notice(say("crawl.wait_retry_slower", why=why, seconds=delay, attempt=attempt + 1,
                             attempts=p.max_attempts))
        else:
            self._notice(say("crawl.wait_retry", why=why, seconds=delay, attempt=attempt + 1, attempts=p.max_attempts))
        await self.sleep(delay)

    # ---- keys, login, short links -----------------------------------------------------------
    async def nav(self) -> WbiKeys:
        """Ask /x/web-interface/nav for the signing keys and whether the cookies log in."""
        code, data = await self.get("/x/web-interface/nav", {}, accept=(0, -101), what=say("crawl.what_keys"))
        keys = WbiKeys.from_nav(data)
        if keys is None:
            raise BadResponse(say("crawl.nav_no_keys"))
        self.logged_in = code == 0 and bool((data or {}).get("isLogin"))
        self.uname = str((data or {}).get("uname") or "") if self.logged_in else ""
        self._keys = keys
        return keys

    async def wbi_keys(self, refresh: bool = False) -> WbiKeys:
        async with self._keys_lock:
            if self._keys is None or refresh:
                if refresh:
                    self.key_refreshes += 1
                    log.info("refreshing the WBI signing keys")
                await self.nav()
            assert self._keys is not None
            return self._keys

    async def guest_id(self) -> None:
        """Without a buvid3 cookie, get a guest device id from /x/frontend/finger/spi (the site's
        risk control refuses more often without one). Failures are ignored."""
        try:
            if self._http.cookies.get("buvid3"):
                return
        except httpx.CookieConflict:  # set for several domains: there is one
            return
        try:
            _code, data = await self.get("/x/frontend/finger/spi", {}, what=say("crawl.what_guest_id"))
        except Cancelled:
            raise
        except BilibiliError as e:
            log.info("no guest id: %s", e)
            return
        if isinstance(data, dict):
            for name, key in (("buvid3", "b_3"), ("buvid4", "b_4")):
                if data.get(key):
                    self._http.cookies.set(name, str(data[key]))

    async def resolve_short_link(self, ref: VideoRef) -> VideoRef:
        """Follow a b23.tv link's redirect (one request, not followed further)."""
        if ref.resolved:
            return ref
        code = ref.short_url.rstrip("/").rsplit("/", 1)[-1]
        url = f"{self.short_base}/{code}"
        try:
            resp = await self._send(url)
        except httpx.TransportError as e:
            raise NetworkError(say("crawl.short_link_unreachable", url=ref.short_url, error=type(e).__name__)) from e
        location = resp.headers.get("location", "")
        if resp.status_code in (301, 302, 303, 307, 308) and location:
            return from_redirect(location, ref)
        if resp.status_code == 404:
            raise VideoMissing(say("crawl.short_link_missing", url=ref.short_url), -404)
        raise BadResponse(say("crawl.short_link_not_video", url=ref.short_url, status=resp.status_code))
