"""WBI request signing, as the Bilibili web client does it (see shared/formats/bilibili.md).

The two keys come from ``/x/web-interface/nav`` (``data.wbi_img``; the call works logged out,
answering code -101 with the keys still there). They rotate daily: :class:`WbiKeys` caches
them and the client refreshes them once when a signed request answers -403.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

MIXIN_KEY_ENC_TAB = (
    46, 47, 18, 2, 53, 8, 23, 32, 15, 50, 10, 31, 58, 3, 45, 35, 27, 43, 5, 49, 33, 9, 42, 19, 29, 28,
    14, 39, 12, 38, 41, 13, 37, 48, 7, 16, 24, 55, 40, 61, 26, 17, 0, 1, 60, 51, 30, 4, 22, 25, 54, 21,
    56, 59, 6, 63, 57, 62, 11, 36, 20, 34, 44, 52,
)
_STRIP = str.maketrans("", "", "!'()*")


def mixin_key(img_key: str, sub_key: str) -> str:
    """The 32-character signing key mixed from the two nav keys."""
    orig = img_key + sub_key
    return "".join(orig[i] for i in MIXIN_KEY_ENC_TAB if i < len(orig))[:32]


def key_from_url(url: str) -> str:
    """``…/bfs/wbi/7cd084941338484aae1ad9425b84077c.png`` → ``7cd0849…077c``."""
    name = str(url).rsplit("/", 1)[-1]
    return name.split(".", 1)[0]


def clean_params(params: Mapping[str, Any]) -> dict[str, str]:
    """Values as strings without the characters ``!'()*`` (the site strips them before signing,
    so they are sent stripped too)."""
    return {str(k): str(v).translate(_STRIP) for k, v in params.items()}


def encode(params: Mapping[str, str]) -> str:
    """Sorted, percent-encoded like JavaScript's encodeURIComponent (``%20`` for a space)."""
    return urlencode(sorted(params.items()), quote_via=quote)


def sign(params: Mapping[str, Any], mixin: str, wts: int | None = None) -> dict[str, str]:
    """`params` plus ``wts`` and ``w_rid``; the values are cleaned (see :func:`clean_params`)."""
    p = clean_params(params)
    p.pop("w_rid", None)
    p["wts"] = str(int(time.time()) if wts is None else int(wts))
    query = encode(p)
    p["w_rid"] = hashlib.md5((query + mixin).encode()).hexdigest()
    return p


def signed_query(params: Mapping[str, Any], mixin: str, wts: int | None = None) -> str:
    """The query string to send: the signed parameters, sorted, ``w_rid`` last."""
    p = sign(params, mixin, wts)
    w_rid = p.pop("w_rid")
    return encode(p) + "&w_rid=" + w_rid


def verify(params: Mapping[str, str], mixin: str) -> bool:
    """What the server does: recompute ``w_rid`` from the other parameters (tests use it)."""
    p = dict(params)
    got = p.pop("w_rid", None)
    if not got or "wts" not in p:
        return False
    query = encode(clean_params(p))
    return hashlib.md5((query + mixin).encode()).hexdigest() == got


@dataclass
class WbiKeys:
    img_key: str
    sub_key: str
    fetched_at: float = 0.0

    @property
    def mixin(self) -> str:
        return mixin_key(self.img_key, self.sub_key)

    @classmethod
    def from_nav(cls, data: Mapping[str, Any] | None) -> WbiKeys | None:
        """Keys from the ``data`` of a nav answer, or None when it holds none."""
        img = ((data or {}).get("wbi_img") or {}) if isinstance(data, Mapping) else {}
        img_url, sub_url = img.get("img_url") or "", img.get("sub_url") or ""
        if not img_url or not sub_url:
            return None
        keys = cls(key_from_url(img_url), key_from_url(sub_url), time.time())
        return keys if len(keys.img_key + keys.sub_key) >= 64 else None
