"""A real, local Bilibili comment API for tests and benches (127.0.0.1, threads, HTTP/1.1).

It serves generated comment trees through the real paths and answer shapes
(shared/formats/bilibili.md):

- ``GET /x/web-interface/nav`` — ``wbi_img`` keys; code -101 (keys still there) without the
  accepted ``SESSDATA`` cookie, code 0 with ``isLogin`` true with it;
- ``GET /x/frontend/finger/spi`` — a guest ``b_3``/``b_4``;
- ``GET /x/web-interface/view?aid=|bvid=`` — title and ``stat.reply``; -404 for an unknown video;
- ``GET /x/v2/reply/wbi/main`` — the signature is verified as the site does it (an independent
  implementation: mixin key, sorted params, ``!'()*`` stripped, encodeURIComponent, md5); a wrong
  one answers -403 (or, with ``voucher_on_bad_signature``, code 0 with only a ``v_voucher``).
  ``pagination_str`` cursor: mode 2 (time, newest first) uses the opaque
  ``{"type":3,"direction":1,"Data":{"cursor":<rpid>}}``, mode 3 (hot) ``{"type":1,…,"data":{"pn":N}}``;
  ``cursor.is_end``, ``all_count``, ``pagination_reply.next_offset``; the pinned comment in
  ``top.upper`` and ``top_replies`` on the first page; roots carry up to 3 preview replies;
- ``GET /x/v2/reply/reply?oid&root&pn&ps`` — ``page.num/size/count``, replies in time order;
  12022 for a thread deleted after the root list was read (``video.deleted_threads``);
- ``GET /x/v2/reply/count`` — ``data.count``;
- ``GET /x/passport-login/web/qrcode/generate`` — ``data.url`` (what the QR code shows) and
  ``data.qrcode_key``; ``GET /x/passport-login/web/qrcode/poll?qrcode_key=`` — ``data.code`` from
  ``qr_script`` in order (86101 not scanned, 86090 scanned, 86038 expired, 0 logged in; 86101 once
  the script is used up, 86038 for a key never issued). On 0 the login cookies come as
  ``Set-Cookie`` (``SESSDATA`` = ``sessdata``, ``bili_jct``, ``DedeUserID``, ``DedeUserID__ckMd5``,
  ``sid``; left out with ``qr_set_cookie = False``) and in the crossDomain ``data.url`` query;
- ``GET /b23/<code>`` — a b23.tv-style 302 to ``https://www.bilibili.com/video/BV…?share_source=…``.

Without a browser ``User-Agent`` and a bilibili ``Referer`` every API path answers HTTP 412.

Knobs (attributes): ``latency`` (seconds per API answer), ``page_size`` (roots a main page, 20),
``guest_limit`` (None = off; else a visitor's main list ends after that many roots with
``is_end`` true), ``guest_repeat`` (a visitor is served the first page again whatever the cursor,
while the cursor moves on as for the real pages — what the real site does), ``refuse_every`` (every
Nth call of ``refuse_endpoints`` answers ``refuse_kind``, default -352), ``sessdata`` (the accepted login cookie), ``voucher_on_bad_signature``,
``refuse`` ({oid: kind} refused forever), and :meth:`FakeBilibili.inject` — a FIFO of failures
per endpoint ("main", "reply", "view", "nav", "count") and optionally per oid:
``"412"`` (HTTP 412 + JSON -412), ``"412-html"``, ``"-412"`` (code only), ``"-352"`` (with a
``v_voucher``), ``"voucher"`` (code 0 with only a ``v_voucher``), ``"-403"``, ``"500"``,
``"12002"``, ``"-404"``, ``"drop"``. :meth:`rotate_keys` changes the WBI keys (clients must refresh).

Counters: ``calls`` (Counter by endpoint), ``page_requests`` (Counter of ("main", oid, offset) and
("reply", oid, root, pn)), ``request_times`` (monotonic arrival times of API calls),
``request_log`` ((time, endpoint, params, logged_in) tuples), ``max_in_flight``.

Standalone (benches): ``python tests/fake_bilibili.py --roots 5000 --comments 100000 --deep 3000
--latency 0.02`` prints ``PORT <n>`` and ``AID <aid>`` and serves until killed; ``GET
/_fake/stats``, ``POST /_fake/reset``, ``POST /_fake/config`` ({"latency": …}).
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import random
import socket
import sys
import threading
import time
from bisect import bisect_left
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest

DEFAULT_SESSDATA = "fake-sessdata-7f3a9c1e5b%2C1767225600%2Cabcd1*b1"
IMG_KEY = "7cd084941338484aae1ad9425b84077c"
SUB_KEY = "4932caff0ff746eab6f01bf08b70ac45"
_TAB = (46, 47, 18, 2, 53, 8, 23, 32, 15, 50, 10, 31, 58, 3, 45, 35, 27, 43, 5, 49, 33, 9, 42, 19, 29,
        28, 14, 39, 12, 38, 41, 13, 37, 48, 7, 16, 24, 55, 40, 61, 26, 17, 0, 1, 60, 51, 30, 4, 22, 25,
        54, 21, 56, 59, 6, 63, 57, 62, 11, 36, 20, 34, 44, 52)

# --- BV ids (independent of core: the fake must not share the code under test) ---------------
_ALPHABET = "FcwAPNKTMug3GV5Lj7EJnHpWsx4tb8haYeviqBz6rkCy12mUSDQX9RdoZf"


def bvid_of(aid: int) -> str:
    tmp = ((1 << 51) | aid) ^ 23442827791579
    body = [""] * 9
    for pos in (8, 7, 0, 5, 1, 3, 2, 4, 6):
        body[pos] = _ALPHABET[tmp % 58]
        tmp //= 58
    return "BV1" + "".join(body)


def _site_sign_ok(params: dict[str, str], img_key: str, sub_key: str) -> bool:
    orig = img_key + sub_key
    mixin = "".join(orig[i] for i in _TAB)[:32]
    p = dict(params)
    w_rid = p.pop("w_rid", "")
    if not w_rid or "wts" not in p:
        return False
    p = {k: "".join(ch for ch in v if ch not in "!'()*") for k, v in p.items()}
    query = urlencode(sorted(p.items()), quote_via=quote)
    return hashlib.md5((query + mixin).encode()).hexdigest() == w_rid


# --- generated comments ------------------------------------------------------------------------
NAMES = ["阿伟", "小明", "路人甲", "吃瓜群众", "up主的猫", "夜雨", "星河", "老王", "Momo", "橘子汽水",
         "不吃香菜", "一只咸鱼", "北极熊", "晴天", "阿狸", "清风徐来", "Lucky", "小透明", "大聪明", "白开水"]
PHRASES = ["这个视频太有意思了", "讲得很清楚，学到了", "我觉得不太对吧", "第一次看到这种说法", "前排围观",
           "有没有人知道背景音乐是什么", "同意楼上", "哈哈哈哈哈", "确实如此", "可是为什么呢？",
           "我去试了一下，真的可以", "up主辛苦了", "这个我不同意，原因很简单", "说得好", "求更新",
           "你说的对，但是", "笑死我了", "看完了，收藏了", "能不能详细讲讲", "二刷来了"]
EMOTES = ["[doge]", "[笑哭]", "[捂脸]", "[妙啊]", "[吃瓜]", "[OK]"]


@dataclass
class FakeComment:
    rpid: int
    root: int
    parent: int
    mid: int
    uname: str
    message: str
    ctime: int
    like: int = 0
    deleted: bool = False
    dialog: int = 0

    @property
    def emotes(self) -> list[str]:
        return [e for e in EMOTES if e in self.message]


@dataclass
class FakeVideo:
    aid: int
    title: str
    roots: dict[int, FakeComment] = field(default_factory=dict)  # rpid → root, time order
    replies: dict[int, list[FakeComment]] = field(default_factory=dict)  # root rpid → sub-replies
    pinned: int | None = None
    closed: bool = False
    deleted_threads: set[int] = field(default_factory=set)  # reply/reply answers 12022 for these
    up_mid: int = 1
    _rng: random.Random = field(default_factory=lambda: random.Random(0), repr=False)
    _ids: Any = None  # shared rpid counter (itertools-like callable)
    _cache: dict = field(default_factory=dict, repr=False)
    _by_id: dict = field(default_factory=dict, repr=False)

    @property
    def bvid(self) -> str:
        return bvid_of(self.aid)

    def changed(self) -> None:
        """Call after changing comments by hand (e.g. setting ``deleted``): drops the caches."""
        self._cache = {}

    def _cached(self, key: Any, make: Any) -> Any:
        cache = self._cache
        if key not in cache:
            cache[key] = make()
        return cache[key]

    def visible_replies(self, root: int) -> list[FakeComment]:
        return self._cached(("replies", root),
                            lambda: [c for c in self.replies.get(root, []) if not c.deleted])

    def visible_roots(self) -> list[FakeComment]:
        return self._cached("roots", lambda: [c for c in self.roots.values() if not c.deleted])

    def roots_by_time(self) -> tuple[list[FakeComment], list[int]]:
        """Visible roots but the pinned one, newest first, and their negated rpids (for bisect)."""
        def make() -> tuple[list[FakeComment], list[int]]:
            roots = sorted((r for r in self.visible_roots() if r.rpid != self.pinned), key=lambda r: -r.rpid)
            return roots, [-r.rpid for r in roots]
        return self._cached("by_time", make)

    def roots_by_likes(self) -> list[FakeComment]:
        return self._cached("by_likes", lambda: sorted(
            (r for r in self.visible_roots() if r.rpid != self.pinned), key=lambda r: (-r.like, r.rpid)))

    def all_count(self) -> int:
        return self._cached("count", lambda: sum(1 + len(self.visible_replies(r.rpid))
                                                 for r in self.visible_roots()))

    def visible_ids(self) -> set[int]:
        out = set()
        for r in self.visible_roots():
            out.add(r.rpid)
            out.update(c.rpid for c in self.visible_replies(r.rpid))
        return out

    def all_comments(self) -> dict[int, FakeComment]:
        return dict(self._by_id)

    # ---- growing the tree ---------------------------------------------------------------
    def _next_id(self) -> int:
        return self._ids()

    def _who(self) -> tuple[int, str]:
        i = self._rng.randrange(len(NAMES) * 50)
        return 10_000 + i, NAMES[i % len(NAMES)] + (str(i // len(NAMES)) if i >= len(NAMES) else "")

    def _text(self) -> str:
        r = self._rng.random()
        if r < 0.03:
            return self._rng.choice(EMOTES)  # only an emote: dropped as an empty turn
        t = self._rng.choice(PHRASES)
        if r < 0.25:
            t += self._rng.choice(EMOTES)
        return t

    def add_root(self, message: str | None = None, who: tuple[int, str] | None = None) -> FakeComment:
        rpid = self._next_id()
        mid, name = who or self._who()
        c = FakeComment(rpid, 0, 0, mid, name, message or self._text(), 1_600_000_000 + rpid,
                        self._rng.randrange(200))
        self.roots[rpid] = c
        self.replies.setdefault(rpid, [])
        self._by_id[rpid] = c
        self.changed()
        return c

    def add_reply(self, root: int, parent: int | None = None, message: str | None = None,
                  who: tuple[int, str] | None = None) -> FakeComment:
        rpid = self._next_id()
        mid, name = who or self._who()
        parent = parent or root
        text = message if message is not None else self._text()
        thread = self.replies[root]
        by_id = self._by_id
        p = by_id.get(parent) if parent != root else None
        if p is not None and message is None:
            text = f"回复 @{p.uname} :{text}" if self._rng.random() < 0.8 else f"回复 @{p.uname}：{text}"
        dialog = p.dialog if p is not None else rpid
        c = FakeComment(rpid, root, parent, mid, name, text, 1_600_000_000 + rpid, self._rng.randrange(50),
                        dialog=dialog)
        thread.append(c)
        by_id[rpid] = c
        self.changed()
        return c


class _Counter:
    def __init__(self, start: int):
        self._n = start
        self._lock = threading.Lock()

    def __call__(self) -> int:
        with self._lock:
            self._n += 1
            return self._n


_RPIDS = _Counter(100_000)


def make_video(aid: int, *, roots: int = 30, replies: int = 200, seed: int = 1, chain: float = 0.4,
               deleted: float = 0.03, deep: int = 0, title: str | None = None, pinned: bool = True,
               ids: _Counter | None = None) -> FakeVideo:
    """A video with `roots` root comments and about `replies` sub-replies spread unevenly (many
    threads within the 3-reply preview, some over several pages). `chain` of the replies answer an
    earlier reply of their thread (mostly the latest: chains); `deleted` of the replies are deleted
    (not served, not counted; their replies keep pointing at them); `deep` adds one chain of that
    many replies, each answering the one before, to the first root."""
    rng = random.Random(seed)
    v = FakeVideo(aid=aid, title=title or f"测试视频 av{aid}", _rng=rng, _ids=ids or _RPIDS)
    made = [v.add_root() for _ in range(roots)]
    if pinned and made:
        v.pinned = made[0].rpid
    weights = [rng.paretovariate(1.2) for _ in made]
    for root in (rng.choices(made, weights, k=replies) if made else []):
        thread = v.replies[root.rpid]
        parent = root.rpid
        if thread and rng.random() < chain:
            parent = thread[-1].rpid if rng.random() < 0.7 else rng.choice(thread).rpid
        v.add_reply(root.rpid, parent)
    if deep and made:
        parent = made[0].rpid
        for _ in range(deep):
            parent = v.add_reply(made[0].rpid, parent).rpid
    # delete some replies that others answer, and some leaves
    for thread in v.replies.values():
        for c in thread:
            if rng.random() < deleted:
                c.deleted = True
    v.changed()
    return v


# --- the server --------------------------------------------------------------------------------
def _comment_json(c: FakeComment, video: FakeVideo, preview: bool) -> dict[str, Any]:
    is_root = c.root == 0
    visible = video.visible_replies(c.rpid) if is_root else []
    d: dict[str, Any] = {
        "rpid": c.rpid, "oid": video.aid, "type": 1, "mid": c.mid, "root": c.root, "parent": c.parent,
        "dialog": c.dialog, "count": len(video.replies.get(c.rpid, [])) if is_root else 0,
        "rcount": len(visible) if is_root else 0, "state": 0, "fansgrade": 0, "attr": 0,
        "ctime": c.ctime, "rpid_str": str(c.rpid), "root_str": str(c.root), "parent_str": str(c.parent),
        "like": c.like, "action": 0,
        "member": {"mid": str(c.mid), "uname": c.uname, "sex": "保密", "sign": "",
                   "avatar": "https://i0.hdslb.com/bfs/face/member/noface.jpg",
                   "level_info": {"current_level": 4, "current_min": 0, "current_exp": 0, "next_exp": 0}},
        "content": {"message": c.message, "members": [], "jump_url": {}, "max_line": 6},
        "replies": None, "up_action": {"like": False, "reply": False},
        "reply_control": {"time_desc": "1天前发布"},
    }
    emotes = c.emotes
    if emotes:
        d["content"]["emote"] = {e: {"id": i + 1, "text": e, "url": f"https://i0.hdslb.com/bfs/emote/{i}.png",
                                     "meta": {"size": 1}} for i, e in enumerate(emotes)}
    if is_root and preview and visible:
        d["replies"] = [_comment_json(r, video, False) for r in visible[:3]]
    return d


class FakeBilibili:
    def __init__(self, *, latency: float = 0.0, port: int = 0, control: bool = False):
        self.latency = latency
        self.page_size = 20
        self.guest_limit: int | None = None
        self.sessdata = DEFAULT_SESSDATA
        self.voucher_on_bad_signature = False
        self.refuse: dict[int, str] = {}
        self.guest_repeat = False
        self.refuse_every: int | None = None
        self.refuse_kind = "-352"
        self.refuse_endpoints = ("main", "reply")
        self.uname = "测试账号"  # who nav says is logged in
        self.qr_script: collections.deque[int] = collections.deque()  # poll codes, in order
        self.qr_set_cookie = True  # False: the cookies only in the crossDomain data.url
        self.qr_keys: list[str] = []  # the qrcode_keys issued
        self.img_key, self.sub_key = IMG_KEY, SUB_KEY
        self.videos: dict[int, FakeVideo] = {}
        self.short_links: dict[str, str] = {}
        self.control = control
        self._port = port
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._queues: dict[tuple[str, int | None], collections.deque[str]] = {}
        self._httpd: ThreadingHTTPServer | None = None
        self.ids = _Counter(100_000)
        self.reset_counters()

    # ---- lifecycle ------------------------------------------------------------------------
    def start(self) -> FakeBilibili:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._httpd = _Server(("127.0.0.1", self._port), handler)
        threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                         name="fake-bilibili", daemon=True).start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> FakeBilibili:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._httpd is not None
        return self._httpd.server_address[1]

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def short_base(self) -> str:
        return f"{self.api_base}/b23"

    # ---- content and knobs ----------------------------------------------------------------
    def add_video(self, video: FakeVideo | None = None, **kw: Any) -> FakeVideo:
        if video is None:
            aid = kw.pop("aid", None) or (170_000 + len(self.videos) * 7919)
            video = make_video(aid, ids=self.ids, **kw)
        with self._lock:
            self.videos[video.aid] = video
        return video

    def add_short_link(self, code: str, video: FakeVideo) -> str:
        self.short_links[code] = video.bvid
        return f"https://b23.tv/{code}"

    def inject(self, *failures: str, endpoint: str = "main", oid: int | None = None) -> None:
        with self._lock:
            self._queues.setdefault((endpoint, oid), collections.deque()).extend(failures)

    def rotate_keys(self) -> None:
        rng = random.Random(time.time())
        self.img_key = f"{rng.getrandbits(128):032x}"
        self.sub_key = f"{rng.getrandbits(128):032x}"

    def reset_counters(self) -> None:
        with self._lock:
            self.calls: collections.Counter[str] = collections.Counter()
            self.page_requests: collections.Counter[tuple] = collections.Counter()
            self.request_times: list[float] = []
            self.request_log: list[tuple[float, str, dict[str, str], bool]] = []
            self.in_flight = 0
            self.max_in_flight = 0
            self.bad_signatures = 0
            self.refused = 0
            self._periodic = 0  # calls counted by refuse_every

    def stats(self) -> dict[str, Any]:
        with self._lock:
            return {"calls": dict(self.calls), "max_in_flight": self.max_in_flight,
                    "request_times": list(self.request_times), "bad_signatures": self.bad_signatures,
                    "refused": self.refused,
                    "repeated_pages": sum(1 for n in self.page_requests.values() if n > 1)}

    def _failure(self, endpoint: str, oid: int | None) -> str | None:
        with self._lock:
            if oid is not None and oid in self.refuse and endpoint in ("main", "reply"):
                return self.refuse[oid]
            if self.refuse_every and endpoint in self.refuse_endpoints:
                self._periodic += 1
                if self._periodic % self.refuse_every == 0:
                    return self.refuse_kind
            for key in ((endpoint, oid), (endpoint, None)):
                q = self._queues.get(key)
                if q:
                    return q.popleft()
        return None


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


ENDPOINTS = {
    "/x/web-interface/nav": "nav",
    "/x/frontend/finger/spi": "spi",
    "/x/web-interface/view": "view",
    "/x/v2/reply/wbi/main": "main",
    "/x/v2/reply/reply": "reply",
    "/x/v2/reply/count": "count",
    "/x/passport-login/web/qrcode/generate": "qr_generate",
    "/x/passport-login/web/qrcode/poll": "qr_poll",
}


class _Handler(BaseHTTPRequestHandler):
    fake: FakeBilibili
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server_version = "fake-bilibili/1.0"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def _send(self, status: int, body: bytes, ctype: str = "application/json; charset=utf-8",
              headers: dict[str, str] | None = None, extra: list[tuple[str, str]] | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in [*(headers or {}).items(), *(extra or [])]:
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            self.close_connection = True

    def _json(self, obj: Any, status: int = 200) -> None:
        self._send(status, json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode())

    def _answer(self, code: int, data: Any = None, message: str | None = None) -> None:
        msg = message if message is not None else ("0" if code == 0 else "error")
        self._json({"code": code, "message": msg, "ttl": 1, "data": data})

    def _cookies(self) -> dict[str, str]:
        out = {}
        for part in self.headers.get("Cookie", "").split(";"):
            k, _, v = part.strip().partition("=")
            if k:
                out[k] = v
        return out

    def _logged_in(self) -> bool:
        return bool(self.fake.sessdata) and self._cookies().get("SESSDATA") == self.fake.sessdata

    def do_POST(self) -> None:  # noqa: N802
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n) if n else b""
        path = urlsplit(self.path).path
        if not (self.fake.control and path.startswith("/_fake/")):
            self._send(404, b"not found", "text/plain")
            return
        if path == "/_fake/reset":
            self.fake.reset_counters()
        elif path == "/_fake/config":
            for k, v in json.loads(raw or b"{}").items():
                if k in ("latency", "guest_limit", "page_size"):
                    setattr(self.fake, k, v)
        self._json({"ok": True})

    def do_GET(self) -> None:  # noqa: N802
        fake = self.fake
        u = urlsplit(self.path)
        path = u.path.rstrip("/")
        if path == "/_fake/stats" and fake.control:
            self._json(fake.stats())
            return
        if path.startswith("/b23/"):
            bvid = fake.short_links.get(path[5:])
            if bvid is None:
                self._send(404, b"<html>404</html>", "text/html")
            else:
                self._send(302, b"", "text/html", {
                    "Location": f"https://www.bilibili.com/video/{bvid}?share_source=copy_web&vd_source=abc123"})
            return
        endpoint = ENDPOINTS.get(path)
        if endpoint is None:
            self._send(404, '{"code":-404,"message":"啥都木有","ttl":1}'.encode())
            return
        params = dict(parse_qsl(u.query, keep_blank_values=True))
        now = time.monotonic()
        logged_in = self._logged_in()
        with fake._lock:
            fake.calls[endpoint] += 1
            fake.request_times.append(now)
            fake.request_log.append((now, endpoint, params, logged_in))
            fake.in_flight += 1
            fake.max_in_flight = max(fake.max_in_flight, fake.in_flight)
        try:
            if fake.latency:
                fake._stopping.wait(fake.latency)
            ua, referer = self.headers.get("User-Agent", ""), self.headers.get("Referer", "")
            if "Mozilla" not in ua or "bilibili.com" not in referer:
                with fake._lock:
                    fake.refused += 1
                self._send(412, b'{"code":-412,"message":"\xe8\xaf\xb7\xe6\xb1\x82\xe8\xa2\xab\xe6\x8b\xa6'
                                b'\xe6\x88\xaa","ttl":1,"data":null}')
                return
            oid = params.get("oid") or params.get("aid")
            oid_int = int(oid) if oid and oid.isdigit() else None
            failure = fake._failure(endpoint, oid_int)
            if failure is not None and self._fail(failure):
                return
            getattr(self, "_" + endpoint)(params, logged_in)
        finally:
            with fake._lock:
                fake.in_flight -= 1

    def _fail(self, kind: str) -> bool:
        with self.fake._lock:
            self.fake.refused += 1
        if kind == "412":
            self._send(412, json.dumps({"code": -412, "message": "请求被拦截", "ttl": 1, "data": None},
                                       ensure_ascii=False).encode())
        elif kind == "412-html":
            self._send(412, b"<html><body><h1>412 Precondition Failed</h1></body></html>", "text/html")
        elif kind in ("-412", "-352", "-403", "12002", "-404", "-401"):
            data = {"v_voucher": "voucher_3f0e8c2a-fake"} if kind == "-352" else None
            msg = {"-412": "请求被拦截", "-352": "风控校验失败", "-403": "访问权限不足", "12002": "评论区已关闭",
                   "-404": "啥都木有", "-401": "非法访问"}[kind]
            self._answer(int(kind), data, msg)
        elif kind == "voucher":
            self._answer(0, {"v_voucher": "voucher_3f0e8c2a-fake"})
        elif kind == "500":
            self._send(500, b"<html>500 Internal Server Error</html>", "text/html")
        elif kind == "drop":
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        else:
            raise ValueError(f"unknown failure {kind!r}")
        return True

    # ---- endpoints ----------------------------------------------------------------------
    def _nav(self, params: dict[str, str], logged_in: bool) -> None:
        f = self.fake
        wbi = {"img_url": f"https://i0.hdslb.com/bfs/wbi/{f.img_key}.png",
               "sub_url": f"https://i0.hdslb.com/bfs/wbi/{f.sub_key}.png"}
        if logged_in:
            self._answer(0, {"isLogin": True, "uname": f.uname, "mid": 42, "wbi_img": wbi})
        else:
            self._answer(-101, {"isLogin": False, "wbi_img": wbi}, "账号未登录")

    def _qr_generate(self, params: dict[str, str], logged_in: bool) -> None:
        key = hashlib.md5(f"qr{len(self.fake.qr_keys)}{time.time()}".encode()).hexdigest()
        with self.fake._lock:
            self.fake.qr_keys.append(key)
        self._answer(0, {"url": "https://account.bilibili.com/h5/account-h5/auth/scan-web?navhide=1"
                                f"&callback=close&qrcode_key={key}&from=", "qrcode_key": key})

    def _qr_poll(self, params: dict[str, str], logged_in: bool) -> None:
        f = self.fake
        with f._lock:
            known = params.get("qrcode_key") in f.qr_keys
            code = (f.qr_script.popleft() if f.qr_script else 86101) if known else 86038
        words = {86101: "未扫码", 86090: "二维码已扫码未确认", 86038: "二维码已失效", 0: ""}.get(code, "error")
        data = {"url": "", "refresh_token": "", "timestamp": 0, "code": code, "message": words}
        if code != 0:
            self._answer(0, data)
            return
        cookies = {"SESSDATA": f.sessdata, "bili_jct": "fakecsrf0123456789abcdef01234567",
                   "DedeUserID": "42", "DedeUserID__ckMd5": "0f1e2d3c4b5a6978", "sid": "fakesid1"}
        query = {k: v for k, v in cookies.items() if k != "sid"}
        data.update(url="https://passport.biligame.com/x/passport-login/web/crossDomain?"
                    + urlencode({**query, "Expires": "1767225600", "gourl": "https://www.bilibili.com"}),
                    refresh_token="fake-refresh-token", timestamp=int(time.time() * 1000))
        headers = [("Set-Cookie", f"{k}={v}; Path=/; Expires=Thu, 01 Jan 2099 00:00:00 GMT; HttpOnly")
                   for k, v in cookies.items()] if f.qr_set_cookie else []
        body = json.dumps({"code": 0, "message": "0", "ttl": 1, "data": data}, ensure_ascii=False).encode()
        self._send(200, body, extra=headers)

    def _spi(self, params: dict[str, str], logged_in: bool) -> None:
        self._answer(0, {"b_3": "A1B2C3D4-fake-buvid3infoc", "b_4": "E5F6-fake-buvid4"}, "ok")

    def _video(self, params: dict[str, str]) -> FakeVideo | None:
        oid = params.get("oid") or params.get("aid") or ""
        if oid.isdigit():
            return self.fake.videos.get(int(oid))
        bvid = params.get("bvid", "")
        return next((v for v in self.fake.videos.values() if v.bvid == bvid), None)

    def _view(self, params: dict[str, str], logged_in: bool) -> None:
        v = self._video(params)
        if v is None:
            self._answer(-404, None, "啥都木有")
            return
        self._answer(0, {"bvid": v.bvid, "aid": v.aid, "videos": 1, "title": v.title, "pubdate": 1600000000,
                         "owner": {"mid": v.up_mid, "name": "up主"},
                         "stat": {"aid": v.aid, "view": 12345, "danmaku": 0, "reply": v.all_count(),
                                  "favorite": 0, "coin": 0, "share": 0, "like": 0}})

    def _count(self, params: dict[str, str], logged_in: bool) -> None:
        v = self._video(params)
        if v is None:
            self._answer(-404, None, "啥都木有")
            return
        self._answer(0, {"count": v.all_count()})

    def _main(self, params: dict[str, str], logged_in: bool) -> None:
        f = self.fake
        if not _site_sign_ok(params, f.img_key, f.sub_key):
            with f._lock:
                f.bad_signatures += 1
            if f.voucher_on_bad_signature:
                self._answer(0, {"v_voucher": "voucher_bad-signature"})
            else:
                self._answer(-403, None, "访问权限不足")
            return
        v = self._video(params)
        if v is None:
            self._answer(-404, None, "啥都木有")
            return
        if v.closed:
            self._answer(12002, None, "评论区已关闭")
            return
        try:
            offset = json.loads(params.get("pagination_str") or '{"offset":""}').get("offset", "")
            mode = int(params.get("mode") or 3)
        except (ValueError, AttributeError):
            self._answer(-400, None, "请求错误")
            return
        with f._lock:
            f.page_requests[("main", v.aid, offset)] += 1
        pinned = v.roots.get(v.pinned) if v.pinned else None
        if pinned is not None and pinned.deleted:
            pinned = None
        size = f.page_size
        if mode == 2:
            roots, keys = v.roots_by_time()
            start = bisect_left(keys, -json.loads(offset)["Data"]["cursor"] + 1) if offset else 0
            pn = start // size + 1
        else:
            roots = v.roots_by_likes()
            pn = json.loads(offset)["data"]["pn"] if offset else 1
            start = (pn - 1) * size
        page = roots[start:start + size]
        is_end = start + size >= len(roots)
        last = page[-1] if page else None  # where the cursor goes on from
        if f.guest_repeat and not logged_in:
            page = roots[:f.guest_limit or size]
        elif f.guest_limit is not None and not logged_in:
            page = roots[:f.guest_limit] if start == 0 else []
            is_end = True
        next_offset = None
        if not is_end and last is not None:
            next_offset = (json.dumps({"type": 3, "direction": 1, "Data": {"cursor": last.rpid}},
                                      separators=(",", ":")) if mode == 2 else
                           json.dumps({"type": 1, "direction": 1, "data": {"pn": pn + 1}}, separators=(",", ":")))
        first = not offset
        upper = _comment_json(pinned, v, True) if pinned is not None and first else None
        data = {
            "cursor": {"is_begin": first, "prev": pn - 1, "next": pn + 1, "is_end": is_end, "mode": mode,
                       "mode_text": "最新评论" if mode == 2 else "热门评论", "all_count": v.all_count(),
                       "support_mode": [1, 2, 3], "name": "最新评论" if mode == 2 else "热门评论",
                       "pagination_reply": {"next_offset": next_offset} if next_offset else {},
                       "session_id": ""},
            "replies": [_comment_json(r, v, True) for r in page] or None,
            "top": {"admin": None, "upper": upper, "vote": None},
            "top_replies": [upper] if upper else [],
            "upper": {"mid": v.up_mid},
            "config": {"showtopic": 1, "show_up_flag": True, "read_only": False},
        }
        self._answer(0, data)

    def _reply(self, params: dict[str, str], logged_in: bool) -> None:
        v = self._video(params)
        if v is None:
            self._answer(-404, None, "啥都木有")
            return
        if v.closed:
            self._answer(12002, None, "评论区已关闭")
            return
        try:
            root = int(params["root"])
            pn = max(1, int(params.get("pn") or 1))
            ps = min(20, max(1, int(params.get("ps") or 20)))
        except (KeyError, ValueError):
            self._answer(-400, None, "请求错误")
            return
        with self.fake._lock:
            self.fake.page_requests[("reply", v.aid, root, pn)] += 1
        r = v.roots.get(root)
        if r is None or r.deleted or root in v.deleted_threads:
            self._answer(12022, None, "已经被删除了")
            return
        visible = v.visible_replies(root)
        page = visible[(pn - 1) * ps: pn * ps]
        self._answer(0, {"page": {"num": pn, "size": ps, "count": len(visible)},
                         "replies": [_comment_json(c, v, False) for c in page] or None,
                         "root": _comment_json(r, v, False), "upper": {"mid": v.up_mid},
                         "config": {"showtopic": 1}})


@pytest.fixture
def fake_bilibili():
    """A started FakeBilibili with no videos (add them with ``add_video``); stopped after the test."""
    server = FakeBilibili().start()
    try:
        yield server
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Serve a fake Bilibili comment API until killed.")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--latency", type=float, default=0.0)
    ap.add_argument("--roots", type=int, default=500)
    ap.add_argument("--comments", type=int, default=10_000, help="total comments (roots included)")
    ap.add_argument("--deep", type=int, default=0, help="one extra reply chain of this length")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--aid", type=int, default=170001)
    args = ap.parse_args(argv)
    server = FakeBilibili(latency=args.latency, port=args.port, control=True)
    video = make_video(args.aid, roots=args.roots, replies=max(0, args.comments - args.roots - args.deep),
                       seed=args.seed, deep=args.deep, deleted=0.0, ids=server.ids)
    server.add_video(video)
    server.start()
    print(f"PORT {server.port}", flush=True)
    print(f"AID {video.aid} {video.bvid} {video.all_count()}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    main()
