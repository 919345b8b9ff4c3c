"""Bilibili inputs and signing: BV ↔ av, the URL forms users paste, WBI, cookies (no network)."""

from __future__ import annotations

import pytest

from core.errors import InputError
from core.messages import code_of, render
from core.sources.bilibili.client import parse_cookies
from core.sources.bilibili.ids import av_to_bv, bv_to_av, from_redirect, parse_inputs, parse_video
from core.sources.bilibili.wbi import WbiKeys, key_from_url, mixin_key, sign, signed_query, verify

# the known pairs of shared/formats/bilibili.md
PAIRS = [(170001, "BV17x411w7KC"), (2, "BV1xx411c7mD"), (643755790, "BV1bY4y1j7RA"),
         (1004871019, "BV16x4y1H7M1"), (111298867365120, "BV1L9Uoa9EUx")]


@pytest.mark.parametrize(("aid", "bvid"), PAIRS)
def test_known_pairs_both_ways(aid, bvid):
    assert av_to_bv(aid) == bvid
    assert bv_to_av(bvid) == aid


def test_round_trip_and_bad_ids():
    for aid in (1, 99, 123456789, (1 << 51) - 1):
        assert bv_to_av(av_to_bv(aid)) == aid
    for bad in ("BV1xx411c7m", "BV1xx411c7mDD", "BV1xx411c7m0", "AV1xx411c7mD", "BV1xx411c7mX"):
        with pytest.raises(ValueError):
            bv_to_av(bad)
    for aid in (0, -1, 1 << 51):
        with pytest.raises(ValueError):
            av_to_bv(aid)


@pytest.mark.parametrize(("text", "aid", "page"), [
    ("https://www.bilibili.com/video/BV1xx411c7mD", 2, None),
    ("https://www.bilibili.com/video/BV1xx411c7mD/?p=3&spm_id_from=333.1007.tianma.1-1-1.click&vd_source=ab12", 2, 3),
    ("http://www.bilibili.com/video/BV1xx411c7mD?share_source=copy_web", 2, None),
    ("www.bilibili.com/video/BV17x411w7KC/", 170001, None),
    ("https://m.bilibili.com/video/BV1bY4y1j7RA?p=1", 643755790, 1),
    ("https://www.bilibili.com/video/av170001", 170001, None),
    ("https://www.bilibili.com/video/AV2/", 2, None),
    ("https://www.bilibili.com/list/watchlater?bvid=BV16x4y1H7M1&oid=1004871019", 1004871019, None),
    ("BV1L9Uoa9EUx", 111298867365120, None),
    ("bv1xx411c7mD", 2, None),
    ("av643755790", 643755790, None),
    ("  AV170001  ", 170001, None),
    ("<https://www.bilibili.com/video/BV1xx411c7mD>", 2, None),
])
def test_url_forms(text, aid, page):
    ref = parse_video(text)
    assert (ref.aid, ref.bvid, ref.page) == (aid, av_to_bv(aid), page)
    assert ref.url == f"https://www.bilibili.com/video/{av_to_bv(aid)}"


def test_short_links_wait_for_their_redirect():
    ref = parse_video("https://b23.tv/AbCd12?share_medium=android")
    assert not ref.resolved and ref.short_url == "https://b23.tv/AbCd12"
    assert parse_video("b23.tv/XyZ9").short_url == "https://b23.tv/XyZ9"
    video = from_redirect("https://www.bilibili.com/video/BV1xx411c7mD?p=1&share_source=copy_web", ref)
    assert (video.aid, video.bvid, video.text) == (2, "BV1xx411c7mD", ref.text)
    with pytest.raises(InputError) as info:
        from_redirect("https://space.bilibili.com/12345", ref)
    assert "not a video" in render(info.value.args[0], "en")
    assert "不是视频" in render(info.value.args[0], "zh") and "space.bilibili.com" in render(info.value.args[0], "zh")


def test_every_bad_line_is_flagged_before_anything_is_fetched():
    text = "\n".join([
        "https://www.bilibili.com/video/BV1xx411c7mD?p=2",   # 1
        "",                                                  # 2 blank: skipped
        "# a comment line",                                  # 3 skipped
        "hello world",                                       # 4 bad
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",       # 5 bad host
        "BV1xx411c7mX",                                      # 6 does not decode
        "av2",                                               # 7 same video as line 1
        "https://www.bilibili.com/read/cv123",               # 8 no video
        "https://b23.tv/",                                   # 9 no code
        "BVabc",                                             # 10 bad BV
        "https://b23.tv/AbCd12",                             # 11 ok (short)
    ])
    videos, errors = parse_inputs(text)
    assert [v.aid for v in videos] == [2, 0]
    assert [e.line for e in errors] == [4, 5, 6, 8, 9, 10]
    by_line = {e.line: render(e.message, "en") for e in errors}
    assert "youtube.com is not a Bilibili address" in by_line[5]
    assert "case-sensitive" in by_line[6]
    assert "names no video" in by_line[8]
    assert "short link needs its code" in by_line[9]
    last = errors[-1].said()
    assert "“BVabc”" in render(last, "en") and render(last, "en").startswith("line 10")
    # every complaint is a message code, said in Chinese too (the host and the text as written)
    assert all(code_of(e.message) for e in errors)
    assert render(last, "zh").startswith("第 10 行“BVabc”：") and "不是 BV 号" in render(last, "zh")
    assert render(errors[1].said(), "zh").startswith("第 5 行") and "www.youtube.com 不是 B 站的网址" in render(
        errors[1].said(), "zh")
    # a list of lines works the same
    videos2, errors2 = parse_inputs(["BV1xx411c7mD", "nope"])
    assert [v.aid for v in videos2] == [2] and errors2[0].line == 2


def test_wbi_test_vector():
    # shared/formats/bilibili.md
    img = "https://i0.hdslb.com/bfs/wbi/7cd084941338484aae1ad9425b84077c.png"
    sub = "https://i0.hdslb.com/bfs/wbi/4932caff0ff746eab6f01bf08b70ac45.png"
    assert key_from_url(img) == "7cd084941338484aae1ad9425b84077c"
    keys = WbiKeys.from_nav({"wbi_img": {"img_url": img, "sub_url": sub}})
    assert keys is not None and keys.mixin == "ea1db124af3c7062474693fa704f4ff8"
    assert mixin_key(keys.img_key, keys.sub_key) == keys.mixin
    signed = sign({"foo": "114", "bar": "514", "zab": 1919810}, keys.mixin, wts=1702204169)
    assert signed["w_rid"] == "8f6f2b5b3d485fe1886cec6a0be8c5d4"
    assert signed["wts"] == "1702204169"
    assert verify(signed, keys.mixin)
    assert signed_query({"foo": "114", "bar": "514", "zab": 1919810}, keys.mixin, wts=1702204169) == (
        "bar=514&foo=114&wts=1702204169&zab=1919810&w_rid=8f6f2b5b3d485fe1886cec6a0be8c5d4")
    assert WbiKeys.from_nav({"isLogin": False}) is None


def test_wbi_encodes_like_javascript_and_strips_characters():
    m = "ea1db124af3c7062474693fa704f4ff8"
    q = signed_query({"pagination_str": '{"offset":""}', "q": "a b!(c)*'"}, m, wts=1)
    assert "q=a%20bc&" in q  # space as %20 (not +), !'()* removed before signing and sending
    assert "pagination_str=%7B%22offset%22%3A%22%22%7D" in q
    p = sign({"x": "中文 ok"}, m, wts=5)
    assert verify(p, m) and not verify({**p, "x": "other"}, m)


def test_cookie_forms():
    header = "SESSDATA=abc%2C123; bili_jct=csrfcsrf; buvid3=XYZ-infoc; DedeUserID=42; other=1"
    assert parse_cookies(header) == {"SESSDATA": "abc%2C123", "buvid3": "XYZ-infoc", "DedeUserID": "42"}
    assert parse_cookies("Cookie: SESSDATA=s1; buvid3=b") == {"SESSDATA": "s1", "buvid3": "b"}
    assert parse_cookies("SESSDATA=s1\nbuvid3=b\n") == {"SESSDATA": "s1", "buvid3": "b"}
    assert parse_cookies('{"SESSDATA": "s1", "bili_jct": "x"}') == {"SESSDATA": "s1"}
    assert parse_cookies('[{"name": "SESSDATA", "value": "s1", "domain": ".bilibili.com"}]') == {"SESSDATA": "s1"}
    assert parse_cookies("justthesessdatavalue") == {"SESSDATA": "justthesessdatavalue"}
    assert parse_cookies("") == {} and parse_cookies(None) == {}
