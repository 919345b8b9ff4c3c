"""Bilibili login by QR code (the site's web flow; no browser, no cookie pasting).

``qrcode/generate`` gives a URL (shown as a QR code) and a key; ``qrcode/poll`` with the key says
what the phone is doing: 86101 not scanned, 86090 scanned (waiting for confirmation), 86038
expired, 0 logged in — then the login cookies arrive as ``Set-Cookie`` (and again in the query of
the crossDomain ``data.url``). They are kept where pasted cookies are kept (the system keyring,
:func:`core.sources.bilibili.client.save_cookies`): never in a project, a log or an export.
Only the cookies reading needs are kept (the CSRF token ``bili_jct`` is dropped), plus a guest
device id (``buvid3``), without which the site truncates even a logged-in reader.

In tests one API base stands for both ``api.bilibili.com`` and ``passport.bilibili.com``.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import segno  # imported statically so the frozen app bundles it

from core.messages import Message, say
from core.sources.bilibili.client import (
    ENV_API,
    SITE,
    USER_AGENT,
    BilibiliError,
    BiliClient,
    api_base_url,
    forget_cookies,
    register_cookie_secrets,
    save_cookies,
    saved_cookies,
)

DEFAULT_PASSPORT = "https://passport.bilibili.com"
GENERATE = "/x/passport-login/web/qrcode/generate"
POLL = "/x/passport-login/web/qrcode/poll"
POLL_INTERVAL = 2.5  # seconds; the site's own page polls about this often
MAX_WAIT = 200.0  # a code lives 180 s; past this without an answer it is taken as expired

# data.code of qrcode/poll → the state a person is told about
STATES = {86101: "waiting", 86090: "scanned", 86038: "expired", 0: "logged_in"}


class LoginFailed(BilibiliError):
    """The login could not go on (refused, unreachable, no cookies): the message says why."""


@dataclass
class LoginResult:
    state: str  # "logged_in" or "expired"
    uname: str = ""

    @property
    def ok(self) -> bool:
        return self.state == "logged_in"


@dataclass
class LoginStatus:
    has_cookies: bool
    logged_in: bool
    uname: str = ""

    def said(self) -> Message:
        if self.logged_in:
            return say("crawl.login.status_in", name=self.uname or "?")
        return say("crawl.login.status_expired") if self.has_cookies else say("crawl.login.status_out")


def passport_base_url(api_base: str | None = None) -> str:
    """An explicit API base (or $CORPUSMITH_BILIBILI_API) serves the passport paths too (tests,
    a local server); otherwise the real passport host."""
    if api_base or os.environ.get(ENV_API):
        return api_base_url(api_base)
    return DEFAULT_PASSPORT


def state_message(state: str, uname: str = "") -> Message:
    if state == "logged_in":
        return say("crawl.login.logged_in", name=uname) if uname else say("crawl.login.logged_in_unnamed")
    return say(f"crawl.login.{state}")


# ---- drawing the code --------------------------------------------------------------------------
def qr_text(url: str) -> str:
    """The QR code of `url` in block characters, two module rows a line. Light modules are drawn
    (a dark terminal shows a light code with dark modules, as a scanner expects)."""
    matrix = [list(row) for row in segno.make(url, error="m").matrix]
    size, border = len(matrix), 2
    light = [[True] * (size + 2 * border) for _ in range(border)]
    rows = light + [[True] * border + [not m for m in row] + [True] * border for row in matrix] + light
    if len(rows) % 2:
        rows.append([True] * len(rows[0]))
    chars = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}
    return "\n".join("".join(chars[(a, b)] for a, b in zip(top, bottom, strict=True))
                     for top, bottom in zip(rows[::2], rows[1::2], strict=True))


def qr_png(url: str, scale: int = 6) -> bytes:
    """The QR code of `url` as PNG bytes (the window draws it)."""
    import io

    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="png", scale=scale, border=4)
    return buf.getvalue()


# ---- the flow -----------------------------------------------------------------------------------
def _http(transport: httpx.AsyncBaseTransport | None = None) -> httpx.AsyncClient:
    return httpx.AsyncClient(headers={"User-Agent": USER_AGENT, "Referer": SITE, "Origin": SITE.rstrip("/")},
                             timeout=httpx.Timeout(20.0), transport=transport, follow_redirects=False)


async def _get(http: httpx.AsyncClient, url: str, params: dict[str, str] | None = None) -> httpx.Response:
    try:
        resp = await http.get(url, params=params)
    except httpx.TransportError as e:
        raise LoginFailed(say("crawl.login.unreachable", error=type(e).__name__)) from e
    if resp.status_code != 200:
        raise LoginFailed(say("crawl.login.refused", answer=f"HTTP {resp.status_code}"), -resp.status_code)
    return resp


def _data(resp: httpx.Response) -> dict[str, Any]:
    try:
        body = resp.json()
    except ValueError as e:
        raise LoginFailed(say("crawl.login.refused", answer="not JSON")) from e
    code = body.get("code") if isinstance(body, dict) else None
    if code != 0 or not isinstance(body.get("data"), dict):
        raise LoginFailed(say("crawl.login.refused", answer=str(code)), code if isinstance(code, int) else None)
    return body["data"]


def cookies_of(resp: httpx.Response, data: dict[str, Any]) -> dict[str, str]:
    """The login cookies of a successful poll: its Set-Cookie headers, else the query of the
    crossDomain ``data.url``."""
    cookies: dict[str, str] = {}
    for header in resp.headers.get_list("set-cookie"):
        name, sep, value = header.split(";", 1)[0].partition("=")
        if sep and name.strip() and value.strip():
            cookies[name.strip()] = value.strip()
    if not cookies.get("SESSDATA"):
        query = dict(parse_qsl(urlsplit(str(data.get("url") or "")).query))
        cookies.update({k: v for k, v in query.items() if k in ("SESSDATA", "DedeUserID", "DedeUserID__ckMd5")})
    register_cookie_secrets(cookies)
    return cookies


async def _guest_ids(http: httpx.AsyncClient, api: str) -> dict[str, str]:
    """buvid3/buvid4 from /x/frontend/finger/spi; nothing when the site will not say."""
    try:
        data = _data(await _get(http, f"{api}/x/frontend/finger/spi"))
    except LoginFailed:
        return {}
    return {name: str(data[key]) for name, key in (("buvid3", "b_3"), ("buvid4", "b_4")) if data.get(key)}


async def qr_login(api_base: str | None = None, *, on_code: Callable[[str], None],
                   on_state: Callable[[str, Message], None], interval: float = POLL_INTERVAL,
                   max_wait: float = MAX_WAIT, cancel: asyncio.Event | None = None,
                   transport: httpx.AsyncBaseTransport | None = None) -> LoginResult:
    """One QR login: `on_code(url)` when the code to show is known, `on_state(state, message)` each
    time the state changes (waiting, scanned, expired, logged_in). On success the cookies are
    saved to the keyring and the result names the user. Returns state "expired" when the code
    expired (the caller offers a new one); raises LoginFailed when the site refuses or cannot be
    reached; returns state "cancelled" when `cancel` is set."""
    api, passport = api_base_url(api_base), passport_base_url(api_base)
    async with _http(transport) as http:
        code_data = _data(await _get(http, passport + GENERATE))
        url, key = str(code_data.get("url") or ""), str(code_data.get("qrcode_key") or "")
        if not url or not key:
            raise LoginFailed(say("crawl.login.refused", answer="no qrcode_key"))
        on_code(url)
        started, last = time.monotonic(), ""
        while True:
            if cancel is not None and cancel.is_set():
                return LoginResult("cancelled")
            resp = await _get(http, passport + POLL, {"qrcode_key": key})
            data = _data(resp)
            state = STATES.get(int(data.get("code", -1)) if str(data.get("code", "")).lstrip("-").isdigit() else -1)
            if state is None:
                raise LoginFailed(say("crawl.login.refused", answer=str(data.get("code"))))
            if time.monotonic() - started > max_wait and state != "logged_in":
                state = "expired"
            if state == "logged_in":
                cookies = cookies_of(resp, data)
                if not cookies.get("SESSDATA"):
                    raise LoginFailed(say("crawl.login.no_cookies"))
                cookies = {**(await _guest_ids(http, api)), **cookies}
                save_cookies("; ".join(f"{k}={v}" for k, v in cookies.items()))
                status = await login_status(api_base, transport=transport)
                on_state(state, state_message(state, status.uname))
                return LoginResult(state, status.uname)
            if state != last:
                on_state(state, state_message(state))
                last = state
            if state == "expired":
                return LoginResult(state)
            if cancel is None:
                await asyncio.sleep(interval)
            else:
                try:
                    await asyncio.wait_for(cancel.wait(), interval)
                except TimeoutError:
                    pass


async def login_status(api_base: str | None = None, *,
                       transport: httpx.AsyncBaseTransport | None = None) -> LoginStatus:
    """Whether the saved cookies log in, and as whom (``/x/web-interface/nav``). No request
    without saved cookies."""
    cookies = saved_cookies()
    if not cookies.get("SESSDATA"):
        return LoginStatus(False, False)
    async with BiliClient(api_base, cookies=cookies, transport=transport) as client:
        await client.nav()
        return LoginStatus(True, bool(client.logged_in), client.uname)


def logout() -> None:
    """Forget the saved login cookies (this machine only)."""
    forget_cookies()
