"""Privacy masking: find personal data in Chinese/English text and replace it consistently.

:func:`find_pii` finds mainland mobile numbers (also partly masked ones such as 138****1234),
landlines, e-mail addresses, ID-card numbers (checksum and birth date checked), bank card numbers
(Luhn checked, or any 16–19 digit run after a cue word such as 卡号), QQ numbers and WeChat ids
(only after a cue word such as QQ / 微信 / vx) and postal addresses in the usual Chinese shape
(省/市/区/县 … 路/街/道/巷/村 … 号). Hits never overlap: the longest wins, then the more specific
kind.

A :class:`Masker` (one per chat) replaces every hit. The same value always gets the same
replacement inside one Masker, so a chat and the JSON made from it stay consistent:

- ``mode="tag"``: numbered tags per kind, ``[手机号1]``, ``[邮箱2]`` (``lang="en"``: ``[PHONE_1]``).
- ``mode="surrogate"``: realistic fakes of the same shape (valid ID checksum, valid Luhn digit,
  the same bank BIN, area code and ID region code). A surrogate depends only on (seed, kind,
  normalised value), never on Python's randomised ``hash()``, so re-running a job sends identical
  text and hits the response cache. Fake addresses come from a small built-in list.

Masking is idempotent: a Masker leaves its own surrogates alone, so masking an LLM answer that
already contains them does not change them again.

Known limits (all deliberate, to keep false positives rare): full-width digits, 15-digit old ID
numbers, partly masked ID/card numbers, landlines written without a separator after the area
code, and addresses without a 省/市/区/县 part or without a house number (…小区3栋) are not
found; an address stops at its house/building/room numbers (a building name after it stays).
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime
import hashlib
import random
import re
import string
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from stdnum import luhn
from stdnum.cn import ric
from stdnum.exceptions import ValidationError

PII_KINDS = ("phone", "landline", "email", "id_card", "bank_card", "qq", "wechat", "address")
MASK_MODES = ("surrogate", "tag")

_TAG_NAMES_ZH = {
    "phone": "手机号", "landline": "固话", "email": "邮箱", "id_card": "身份证号",
    "bank_card": "银行卡号", "qq": "QQ号", "wechat": "微信号", "address": "地址",
}
_TAG_NAMES_EN = {kind: kind.upper() for kind in PII_KINDS}
# Overlapping hits of equal length: the earlier kind here is the more specific one. An 18-digit
# number that is a valid ID is an ID even if it also passes Luhn; a phone number given as a WeChat
# id is a phone number (so it gets the same replacement as the same number elsewhere).
_PRIORITY = {kind: i for i, kind in enumerate(
    ("id_card", "bank_card", "email", "phone", "landline", "qq", "wechat", "address"))}


@dataclass(frozen=True)
class PiiHit:
    kind: str
    start: int
    end: int
    text: str


@dataclass
class MaskEntry:
    kind: str
    original: str  # normalised: 13800138000 for "+86 138 0013 8000"
    replacement: str  # normalised shape; a bank card is regrouped like each occurrence
    count: int = 0


# ---------------------------------------------------------------------------------------------
# Detection patterns. Digits are [0-9], never \d (which would also take full-width and other
# scripts' digits). Every number is fenced by lookarounds so it is never cut out of a longer run
# of digits or an alphanumeric code.
# ---------------------------------------------------------------------------------------------

_NOT_ALNUM_BEFORE = r"(?<![0-9A-Za-z])"
_NOT_ALNUM_AFTER = r"(?![0-9A-Za-z])"
_MASK_CHARS = "*xX＊"

# 3-4-4 with optional single spaces/dashes; the last 8 may be partly masked (138****1234).
_PHONE = re.compile(
    rf"(?<![0-9A-Za-z+])(?:(?:\+|00)?86[ -]?)?"
    rf"1[3-9][0-9][ -]?[0-9{_MASK_CHARS}]{{4}}[ -]?[0-9{_MASK_CHARS}]{{4}}{_NOT_ALNUM_AFTER}"
)
_PHONE_PREFIX = re.compile(r"^(?:\+|00)?86[ -]?(?=1)")
_BARE_PHONE = re.compile(r"1[3-9][0-9]{9}")
# Area code 0xx / 0xxx, then a local number that never starts with 0 or 1. A separator (or
# brackets round the area code) is required: an unbroken 11-12 digit run is too ambiguous.
_LANDLINE = re.compile(
    rf"{_NOT_ALNUM_BEFORE}(?:\((?P<area1>0[1-9][0-9]{{1,2}})\) ?|(?P<area2>0[1-9][0-9]{{1,2}})[ -])"
    rf"(?P<local>[2-9][0-9]{{6,7}}){_NOT_ALNUM_AFTER}"
)
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])(?P<local>[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9_%+-])?)"
    r"@(?P<domain>(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24})(?![A-Za-z0-9-])"
)
_ID_CARD = re.compile(rf"{_NOT_ALNUM_BEFORE}[0-9]{{17}}[0-9Xx]{_NOT_ALNUM_AFTER}")
# Valid first two digits of a region code (provinces, Taiwan, Hong Kong, Macao).
_ID_PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82".split()
)
# Unbroken 16-19 digits, or groups of 4 (the last group 1-3 digits) joined by one kind of
# separator. A grouped run must not continue with another group (it would be a longer number).
_BANK_CARD = re.compile(
    rf"{_NOT_ALNUM_BEFORE}(?:[0-9]{{16,19}}{_NOT_ALNUM_AFTER}"
    rf"|(?<![0-9][ -])[0-9]{{4}}(?P<sep>[ -])[0-9]{{4}}(?:(?P=sep)[0-9]{{4}}){{2}}(?:(?P=sep)[0-9]{{1,3}})?"
    rf"(?![0-9A-Za-z]|[ -][0-9]))"
)
_BANK_FIRST_DIGITS = "34569"  # UnionPay 62/9, Visa 4, Mastercard 5, JCB/Amex 3
_CUE_WINDOW = 12  # how many characters before a number a cue word may stand
_BANK_CUE = re.compile(r"卡号|银行卡|储蓄卡|信用卡|借记卡|账号|帐号|收款账户|card", re.IGNORECASE)
_NOT_BANK_CUE = re.compile(
    r"订单|单号|运单|快递|物流|流水|编号|交易号|工单|批次|序列号|条码|发票|会员号|order|tracking", re.IGNORECASE
)
_ID_CUE = re.compile(r"身份证|证件号|身份号")

# Cue, optional 号/号码, optional 是/为, optional colon, then the id. ASCII cues must stand alone
# (not inside an English word), and must not run straight into letters ("wxPython").
_CUE_FILLER = r"(?P<filler>[ \t]*(?:号码|号)?[ \t]*(?:是|为)?[ \t]*[:：]?[ \t]*)"
_QQ = re.compile(
    rf"(?:(?<![A-Za-z])(?:[Qq][Qq](?![A-Za-z])|Q号)|扣扣){_CUE_FILLER}"
    rf"(?P<value>[1-9][0-9]{{4,11}}){_NOT_ALNUM_AFTER}"
)
_WECHAT = re.compile(
    rf"(?:(?<![A-Za-z])(?P<ascii_cue>[VvWw][Xx]|weixin|wechat)(?![A-Za-z])|微信|威信|[Vv]信){_CUE_FILLER}"
    rf"(?P<value>[A-Za-z][A-Za-z0-9_-]{{5,19}}|[1-9][0-9]{{4,10}})(?![A-Za-z0-9_-])",
    re.IGNORECASE,
)
_ANNOUNCED = re.compile(r"[:：是号为]")
# A wxid_ id is a WeChat id without any cue.
_WXID = re.compile(r"(?<![A-Za-z0-9_])wxid_[A-Za-z0-9_-]{4,30}(?![A-Za-z0-9_-])")


def _cjk_class_without(excluded: str) -> str:
    """Character-class body for CJK ideographs minus ``excluded`` (re has no set subtraction)."""
    parts, low = [], 0x4E00
    for cut in sorted({ord(c) for c in excluded}) + [0xA000]:
        if cut > low:
            parts.append(chr(low) if cut - 1 == low else f"{chr(low)}-{chr(cut - 1)}")
        low = cut + 1
    return "".join(parts)


# Words that never belong to a place or road name: they stop an address from swallowing the
# words before it ("我住在杭州市…"). Characters that occur in real names (都 in 成都, 和 in 和平区,
# 个 in 个旧, 会 in 会理 …) are deliberately absent.
_ADDRESS_STOP = "在住到寄是的了我你他她址送往请把给搬去这就也还说想吗呢吧啊哦嗯与及或但而"
_ADMIN_UNITS = "省市区县旗镇乡"
_ROAD_SUFFIXES = "路街道巷弄村"
_ADMIN_NAME = _cjk_class_without(_ADDRESS_STOP + _ADMIN_UNITS)
_ROAD_NAME = _cjk_class_without(_ADDRESS_STOP) + "0-9"  # 中关村大街: a suffix character inside
_CN_NUMERALS = "一二三四五六七八九十百零〇"
_ADMIN_TOKEN = re.compile(rf"[{_ADMIN_NAME}]{{1,12}}[{_ADMIN_UNITS}]")
_ADDRESS = re.compile(
    rf"(?P<admin>(?:[{_ADMIN_NAME}]{{1,12}}[{_ADMIN_UNITS}]){{1,5}})"
    rf"(?P<subdistrict>[{_ADMIN_NAME}]{{1,8}}街道)?"
    rf"(?P<road>[{_ROAD_NAME}]{{1,10}}?(?:胡同|[{_ROAD_SUFFIXES}]))(?P<section>[{_CN_NUMERALS}0-9]{{1,3}}段)?"
    rf"(?P<num>(?:[0-9]{{1,5}}[弄巷])?(?:[0-9]{{1,5}}(?:[-之][0-9]{{1,4}})?|[{_CN_NUMERALS}]{{1,6}})号"
    rf"(?![线位码机])院?)"
    rf"(?P<units>(?:(?:[0-9]{{1,4}}|[A-Za-z]|[{_CN_NUMERALS}]{{1,3}})(?:号楼|号院|栋|幢|座|单元|楼|层|室|号|户))*"
    rf"(?:(?:(?<=单元)|(?<=[栋幢座楼层]))[0-9]{{3,5}}(?![0-9]))?)"
)
# Common words that end like a road (知道 ends in 道) but are not one.
_NOT_ROADS = ("知道", "味道", "难道", "频道", "报道", "一道", "顺道", "渠道", "轨道", "赛道", "车道",
              "跑道", "隧道", "通道", "管道", "人行道", "农村", "乡村")
_PRIMARY_ADMIN = re.compile(r"[省市区县旗]")
_AUTONOMOUS_REGION_SHORT = ("广西", "内蒙古", "西藏", "宁夏", "新疆", "香港", "澳门")
_LONGEST_PLACE_NAME = 16


@cache
def _place_names() -> frozenset[str]:
    """Every province/city/county name (full and without its 省/市/区/县 suffix), read from the
    region table python-stdnum ships for ID cards. Used only to find where an address starts;
    empty if the table is missing, and addresses are then cut by a simple length rule."""
    from importlib import resources

    try:
        table = resources.files("stdnum.cn").joinpath("loc.dat").read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError):
        return frozenset()
    names = set(_AUTONOMOUS_REGION_SHORT)
    for value in re.findall(r'(?:province|county)="([^"]+)"', table):
        for name in value.split(","):
            name = re.sub(r"^\[[^\]]*\]", "", name)
            if len(name) >= 2:
                names.add(name)
            if len(name) >= 3 and name[-1] in "省市区县旗":
                names.add(name[:-1])
    return frozenset(names)


# ---------------------------------------------------------------------------------------------
# Detectors: each yields (kind, start, end) candidates; find_pii resolves overlaps.
# ---------------------------------------------------------------------------------------------

Candidate = tuple[str, int, int]


def _cue_before(cue: re.Pattern[str], text: str, start: int) -> bool:
    return cue.search(text, max(0, start - _CUE_WINDOW), start) is not None


def _phones(text: str, kinds: Collection[str]) -> Iterator[Candidate]:
    for m in _PHONE.finditer(text):
        yield "phone", m.start(), m.end()


def _landlines(text: str, kinds: Collection[str]) -> Iterator[Candidate]:
    for m in _LANDLINE.finditer(text):
        yield "landline", m.start(), m.end()


def _emails(text: str, kinds: Collection[str]) -> Iterator[Candidate]:
    for m in _EMAIL.finditer(text):
        if ".." not in m["local"]:
            yield "email", m.start(), m.end()


def _is_plausible_id(number: str) -> bool:
    """Checksum, a real birth date and a real province code: a random 18-digit run passes all
    three about once in a thousand times."""
    number = number.upper()
    if number[:2] not in _ID_PROVINCES or ric.calc_check_digit(number) != number[-1]:
        return False
    try:
        born = ric.get_birth_date(number)
    except ValidationError:  # an impossible date such as 19990230
        return False
    return 1900 <= born.year and born <= datetime.date.today()


def _id_cards(text: str, kinds: Collection[str]) -> Iterator[Candidate]:
    for m in _ID_CARD.finditer(text):
        if _is_plausible_id(m.group()) or _cue_before(_ID_CUE, text, m.start()):
            yield "id_card", m.start(), m.end()


def _is_bank_card(text: str, start: int, digits: str) -> bool:
    if _cue_before(_BANK_CUE, text, start):
        return True  # the user said it is a card: mask it even if the number is mistyped
    if _cue_before(_NOT_BANK_CUE, text, start):
        return False  # an order or tracking number that happens to pass Luhn
    return digits[0] in _BANK_FIRST_DIGITS and luhn.is_valid(digits)


def _bank_cards(text: str, kinds: Collection[str]) -> Iterator[Candidate]:
    for m in _BANK_CARD.finditer(text):
        digits = re.sub(r"[ -]", "", m.group())
        if _is_bank_card(text, m.start(), digits):
            yield "bank_card", m.start(), m.end()


def _cued_kind(value: str, own_kind: str, kinds: Collection[str]) -> str:
    """A phone number given as a QQ/WeChat id is masked as the phone number it is."""
    if "phone" in kinds and _BARE_PHONE.fullmatch(value):
        return "phone"
    return own_kind


def _qq_numbers(text: str, kinds: Collection[str]) -> Iterator[Candidate]:
    for m in _QQ.finditer(text):
        yield _cued_kind(m["value"], "qq", kinds), m.start("value"), m.end("value")


def _is_english_word_after_ascii_cue(m: re.Match[str]) -> bool:
    """After an English cue a plain word is an id only when announced by a colon, 号 or 是
    ("wechat happily" is English); with digits or _ it looks like an id anyway (vx abc123)."""
    return bool(m["ascii_cue"]) and m["value"].isalpha() and not _ANNOUNCED.search(m["filler"])


def _wechat_ids(text: str, kinds: Collection[str]) -> Iterator[Candidate]:
    for m in _WECHAT.finditer(text):
        if not _is_english_word_after_ascii_cue(m):
            yield _cued_kind(m["value"], "wechat", kinds), m.start("value"), m.end("value")
    for m in _WXID.finditer(text):
        yield "wechat", m.start(), m.end()


def _address_start(token: str) -> int:
    """Where an address really starts inside its first admin token: the earliest place name in
    it ("今天杭州西湖区" → at 杭州). Without a known name keep at most 3 characters + the unit."""
    names = _place_names()
    for i in range(len(token) - 1):
        longest = min(len(token) - i, _LONGEST_PLACE_NAME)
        if any(token[i:i + n] in names for n in range(2, longest + 1)):
            return i
    return max(0, len(token) - 4)


def _addresses(text: str, kinds: Collection[str]) -> Iterator[Candidate]:
    for m in _ADDRESS.finditer(text):
        road = m["road"]
        if road.endswith(_NOT_ROADS):
            continue
        first_token = _ADMIN_TOKEN.match(m["admin"])
        start = m.start() + (_address_start(first_token.group()) if first_token else 0)
        if _PRIMARY_ADMIN.search(text, start, m.start("subdistrict") if m["subdistrict"] else m.start("road")):
            yield "address", start, m.end()


_NUMBER_DETECTORS = (("phone", _phones), ("landline", _landlines), ("id_card", _id_cards),
                     ("bank_card", _bank_cards))
# Every number kind contains a run of at least 3 digits (a mobile prefix, an area code, a group
# of a card number, a QQ number): texts without one skip all number detectors.
_THREE_DIGITS = re.compile(r"[0-9]{3}")


def _has_digit(text: str) -> bool:
    # ten substring tests beat one regex search ~3x on Chinese text (a regex walks it char by char)
    return ("0" in text or "1" in text or "2" in text or "3" in text or "4" in text or "5" in text
            or "6" in text or "7" in text or "8" in text or "9" in text)


def _has_number_run(text: str) -> bool:
    return _has_digit(text) and _THREE_DIGITS.search(text) is not None


def may_contain_pii(text: str) -> bool:
    """False when `text` certainly holds nothing to mask (the same cheap tests as the detectors'
    pre-checks): lets a caller skip building a Masker for most texts."""
    return ("@" in text or "号" in text or "信" in text or "x" in text or "X" in text
            or _has_number_run(text))


def _candidates(text: str, kinds: frozenset[str]) -> list[Candidate]:
    """Run only the detectors for wanted kinds whose cheap pre-check passes: most chat lines have
    no run of digits, no '@' and no '号', and leave after a few substring tests."""
    detectors: list[Callable[[str, Collection[str]], Iterator[Candidate]]] = []
    if _has_number_run(text):
        detectors += [d for kind, d in _NUMBER_DETECTORS if kind in kinds]
        if "qq" in kinds and ("q" in text or "Q" in text or "扣" in text):
            detectors.append(_qq_numbers)
    if "email" in kinds and "@" in text:
        detectors.append(_emails)
    if "wechat" in kinds and ("信" in text or "x" in text or "X" in text or "hat" in text or "HAT" in text):
        detectors.append(_wechat_ids)
    if "address" in kinds and "号" in text:
        detectors.append(_addresses)
    found: list[Candidate] = []
    for detect in detectors:
        found.extend(detect(text, kinds))
    return found


def _without_overlaps(found: list[Candidate]) -> list[Candidate]:
    """Longest first, then the more specific kind; a candidate overlapping a kept one is dropped.
    Kept spans are disjoint, so sorted by start they are also sorted by end: an overlap can only
    be with the kept neighbour on either side (bisect keeps long documents fast)."""
    starts: list[int] = []
    kept: list[Candidate] = []
    for cand in sorted(found, key=lambda c: (c[1] - c[2], _PRIORITY[c[0]], c[1])):
        i = bisect.bisect_left(starts, cand[1])
        if i > 0 and kept[i - 1][2] > cand[1]:
            continue  # the span before it reaches into it
        if i < len(kept) and kept[i][1] < cand[2]:
            continue  # it reaches into the span after it
        starts.insert(i, cand[1])
        kept.insert(i, cand)
    return kept


def _check_kinds(kinds: Collection[str]) -> frozenset[str]:
    unknown = set(kinds) - set(PII_KINDS)
    if unknown:
        raise ValueError(f"unknown PII kinds {sorted(unknown)}; known: {', '.join(PII_KINDS)}")
    return frozenset(kinds)


def find_pii(text: str, kinds: Collection[str] = PII_KINDS) -> list[PiiHit]:
    """Personal data in ``text``: sorted by position, never overlapping."""
    return _find_pii(text, _check_kinds(kinds))


def _find_pii(text: str, wanted: frozenset[str]) -> list[PiiHit]:
    found = _candidates(text, wanted)
    if len(found) > 1:
        found = _without_overlaps(found)
    return [PiiHit(kind, start, end, text[start:end]) for kind, start, end in found]


# ---------------------------------------------------------------------------------------------
# Normalisation: the key a value is remembered by, so that differently written forms of one
# value get one replacement.
# ---------------------------------------------------------------------------------------------

def _normalise_phone(raw: str) -> str:
    body = re.sub(r"[ -]", "", _PHONE_PREFIX.sub("", raw))
    return body.replace("X", "x").replace("＊", "*")


def _normalise_landline(raw: str) -> str:
    m = _LANDLINE.fullmatch(raw)
    if m is None:
        return re.sub(r"[^0-9]", "", raw)
    return f"{m['area1'] or m['area2']}-{m['local']}"


def normalise(kind: str, raw: str) -> str:
    """The canonical form of a detected value of ``kind``."""
    if kind == "phone":
        return _normalise_phone(raw)
    if kind == "landline":
        return _normalise_landline(raw)
    if kind in ("email", "wechat"):
        return raw.lower()
    if kind == "id_card":
        return raw.upper()
    if kind in ("bank_card", "qq"):
        return re.sub(r"[^0-9]", "", raw)
    return re.sub(r"\s+", "", raw)


# ---------------------------------------------------------------------------------------------
# Surrogates: realistic fakes of the same shape, drawn from a generator seeded by a SHA-256 of
# (seed, kind, value, attempt) so they are the same in every run and on every machine.
# ---------------------------------------------------------------------------------------------

_MOBILE_PREFIXES = tuple(
    [f"13{d}" for d in range(10)] + ["150", "151", "152", "153", "155", "156", "157", "158", "159"]
    + [f"18{d}" for d in range(10)] + ["191", "193", "195", "196", "197", "198", "199"]
)
_COMMON_MAIL_DOMAINS = ("qq.com", "163.com", "126.com", "foxmail.com", "sina.com", "gmail.com",
                        "outlook.com", "hotmail.com", "yeah.net", "139.com", "aliyun.com", "icloud.com")
_SURNAMES = ("zhang", "wang", "li", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun",
             "ma", "zhu", "hu", "guo", "he", "lin", "luo", "gao")
_GIVEN_NAMES = ("wei", "fang", "na", "min", "jing", "lei", "jun", "yang", "yong", "yan", "jie", "tao",
                "ming", "chao", "xiu", "hua", "ping", "gang", "hui", "xin", "yu", "hao", "ting", "bo")
# (province or None for a municipality, city, district): coherent real places.
_PLACES = (
    ("浙江省", "杭州市", "拱墅区"), ("浙江省", "宁波市", "鄞州区"), ("江苏省", "南京市", "鼓楼区"),
    ("江苏省", "苏州市", "姑苏区"), ("广东省", "广州市", "天河区"), ("广东省", "深圳市", "南山区"),
    ("四川省", "成都市", "武侯区"), ("湖北省", "武汉市", "洪山区"), ("山东省", "济南市", "历下区"),
    ("河南省", "郑州市", "金水区"), ("湖南省", "长沙市", "岳麓区"), ("福建省", "厦门市", "思明区"),
    ("陕西省", "西安市", "雁塔区"), ("辽宁省", "沈阳市", "和平区"), ("安徽省", "合肥市", "蜀山区"),
    (None, "北京市", "海淀区"), (None, "上海市", "徐汇区"), (None, "天津市", "南开区"),
    (None, "重庆市", "渝中区"),
)
_ROAD_NAMES = ("建设", "人民", "解放", "中山", "和平", "文化", "新华", "幸福", "光明", "长江", "黄河",
               "青年", "胜利", "团结", "东风", "花园", "学府", "滨江", "南湖", "友谊", "朝阳", "工农",
               "育才", "迎宾", "健康", "振兴", "金桥", "望江")
_TOWN_NAMES = ("城关", "新塘", "东湖", "安平", "石桥", "清河", "永兴", "龙泉", "白沙", "长乐")
_MAX_ATTEMPTS = 1000


def _rng(seed: str, kind: str, value: str, attempt: int) -> random.Random:
    digest = hashlib.sha256(f"{seed}\x1f{kind}\x1f{value}\x1f{attempt}".encode()).digest()
    return random.Random(int.from_bytes(digest[:16], "big"))


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def _number_without_leading_zero(rng: random.Random, n: int) -> str:
    return str(rng.randint(1, 9)) + _digits(rng, n - 1) if n > 0 else ""


def _fake_phone(rng: random.Random, value: str) -> str:
    """Same 11-character pattern; masked positions stay masked with the same mask characters."""
    prefix = rng.choice(_MOBILE_PREFIXES)
    rest = "".join(c if c in "*x" else rng.choice(string.digits) for c in value[3:])
    return prefix + rest


def _fake_landline(rng: random.Random, value: str) -> str:
    area, _, local = value.partition("-")
    return f"{area}-{rng.randint(2, 9)}{_digits(rng, len(local) - 1)}"


def _fake_id_card(rng: random.Random, value: str) -> str:
    """Same region code, a birth date 1960-2004, any sequence number, a valid check digit."""
    born = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(45 * 365))
    body = f"{value[:6]}{born:%Y%m%d}{rng.randint(1, 999):03d}"
    return body + ric.calc_check_digit(body + "0")  # calc_check_digit ignores the last character


def _fake_bank_card(rng: random.Random, value: str) -> str:
    """Same BIN (first 6 digits: the bank stays the same), same length, a valid Luhn digit."""
    body = value[:6] + _digits(rng, len(value) - 7)
    return body + luhn.calc_check_digit(body)


def _fake_mail_local(rng: random.Random, local: str) -> str:
    if local.isdigit():  # a QQ mailbox: QQ-number-like local part
        return _number_without_leading_zero(rng, len(local))
    separator = rng.choice(("", ".", "_"))
    return f"{rng.choice(_SURNAMES)}{separator}{rng.choice(_GIVEN_NAMES)}{rng.randint(1, 999)}"


def _fake_email(rng: random.Random, value: str) -> str:
    """A name-like local part; a big public provider is kept, any other domain (which could name
    the employer) becomes a public one."""
    local, _, domain = value.rpartition("@")
    if domain not in _COMMON_MAIL_DOMAINS:
        domain = rng.choice(_COMMON_MAIL_DOMAINS)
    return f"{_fake_mail_local(rng, local)}@{domain}"


def _fake_qq(rng: random.Random, value: str) -> str:
    return _number_without_leading_zero(rng, len(value))


def _fake_wechat(rng: random.Random, value: str) -> str:
    alphabet = string.ascii_lowercase + string.digits
    if value.startswith("wxid_"):
        return "wxid_" + "".join(rng.choice(alphabet) for _ in range(len(value) - 5))
    length = max(6, len(value))
    return rng.choice(string.ascii_lowercase) + "".join(rng.choice(alphabet) for _ in range(length - 1))


def _fake_admin(rng: random.Random, admin: str) -> str:
    """The same sequence of province/city/district/town levels, filled from one real place."""
    tokens = _ADMIN_TOKEN.findall(admin) or [admin]
    needs_province = any(t.endswith(("省", "自治区")) for t in tokens)
    province, city, district = rng.choice([p for p in _PLACES if p[0] or not needs_province])
    parts = []
    for token in tokens:
        if token.endswith(("省", "自治区")):
            parts.append(province or "")
        elif token.endswith("市"):
            parts.append(city)
        elif token.endswith(("镇", "乡")):
            parts.append(rng.choice(_TOWN_NAMES) + token[-1])
        else:
            parts.append(district)
    return "".join(parts)


def _fake_digits_in(rng: random.Random, text: str) -> str:
    """Every run of digits replaced by a random one of the same length (no leading zero)."""
    return re.sub(r"[0-9]+", lambda m: _number_without_leading_zero(rng, len(m.group())), text)


def _fake_house_number(rng: random.Random, number: str) -> str:
    """N号, keeping a lane (887弄71号) and a compound (88号院) when the original has them."""
    lane = re.match(r"[0-9]+([弄巷])", number)
    fake = f"{rng.randint(1, 999)}{lane[1]}" if lane else ""
    fake += f"{rng.randint(1, 399)}号"
    return fake + ("院" if number.endswith("院") else "")


def _fake_address(rng: random.Random, value: str) -> str:
    """A real city and district, a common road name with the original's kind of road (路, 街,
    胡同 …), and the same building/unit/room structure with other numbers."""
    m = _ADDRESS.match(value)
    if m is None:  # should not happen for a detected address; still give a full fake one
        return _fake_admin(rng, "某市某区") + rng.choice(_ROAD_NAMES) + f"路{rng.randint(1, 399)}号"
    road_suffix = "胡同" if m["road"].endswith("胡同") else m["road"][-1]
    return "".join((
        _fake_admin(rng, m["admin"]),
        rng.choice(_TOWN_NAMES) + "街道" if m["subdistrict"] else "",
        rng.choice(_ROAD_NAMES) + road_suffix,
        rng.choice("一二三四") + "段" if m["section"] else "",
        _fake_house_number(rng, m["num"]),
        _fake_digits_in(rng, m["units"]),
    ))


_SURROGATE_MAKERS: dict[str, Callable[[random.Random, str], str]] = {
    "phone": _fake_phone, "landline": _fake_landline, "email": _fake_email, "id_card": _fake_id_card,
    "bank_card": _fake_bank_card, "qq": _fake_qq, "wechat": _fake_wechat, "address": _fake_address,
}


def _regroup_like(digits: str, occurrence: str) -> str:
    """Lay ``digits`` out with the separators of ``occurrence`` (6222 0202 … stays grouped)."""
    if occurrence.isdigit() or len(re.sub(r"[^0-9]", "", occurrence)) != len(digits):
        return digits
    feed = iter(digits)
    return "".join(next(feed) if c.isdigit() else c for c in occurrence)


# ---------------------------------------------------------------------------------------------
# The masker
# ---------------------------------------------------------------------------------------------

class Masker:
    """Masks personal data in the texts of one chat, consistently (see the module docstring)."""

    def __init__(self, mode: str = "surrogate", *, seed: str = "", kinds: Collection[str] = PII_KINDS,
                 lang: str = "zh") -> None:
        if mode not in MASK_MODES:
            raise ValueError(f"unknown masking mode {mode!r}; choose one of {', '.join(MASK_MODES)}")
        if lang not in ("zh", "en"):
            raise ValueError(f"unknown tag language {lang!r}; choose zh or en")
        self.mode = mode
        self.seed = seed
        self._wanted = _check_kinds(kinds)
        self.kinds = tuple(k for k in PII_KINDS if k in self._wanted)
        self.lang = lang
        self._entries: dict[tuple[str, str], MaskEntry] = {}  # (kind, normalised original)
        self._given: set[tuple[str, str]] = set()  # (kind, normalised replacement) handed out
        self._tags_given = dict.fromkeys(PII_KINDS, 0)

    @property
    def hits(self) -> list[MaskEntry]:
        """One entry per distinct value, in first-seen order (copies: safe to keep)."""
        return [dataclasses.replace(e) for e in self._entries.values()]

    def counts(self) -> dict[str, int]:
        """Occurrences masked so far per kind; every enabled kind is present (0 when none)."""
        totals = dict.fromkeys(self.kinds, 0)
        for entry in self._entries.values():
            totals[entry.kind] += entry.count
        return totals

    def mask_text(self, text: str) -> str:
        hits = _find_pii(text, self._wanted)
        if not hits:
            return text
        pieces, pos = [], 0
        for hit in hits:
            pieces += [text[pos:hit.start], self._replace(hit)]
            pos = hit.end
        pieces.append(text[pos:])
        return "".join(pieces)

    def mask_obj(self, obj: Any) -> Any:
        """A copy of a JSON-like value with every string masked (dict keys are left alone)."""
        if isinstance(obj, str):
            return self.mask_text(obj)
        if isinstance(obj, dict):
            return {key: self.mask_obj(value) for key, value in obj.items()}
        if isinstance(obj, list):
            return [self.mask_obj(value) for value in obj]
        if isinstance(obj, tuple):
            return tuple(self.mask_obj(value) for value in obj)
        return obj

    def _replace(self, hit: PiiHit) -> str:
        value = normalise(hit.kind, hit.text)
        if (hit.kind, value) in self._given:
            return hit.text  # one of our own surrogates (e.g. echoed by the LLM): already masked
        entry = self._entries.get((hit.kind, value))
        if entry is None:
            entry = self._new_entry(hit.kind, value)
        entry.count += 1
        if hit.kind == "bank_card" and self.mode == "surrogate":
            return _regroup_like(entry.replacement, hit.text)
        return entry.replacement

    def _new_entry(self, kind: str, value: str) -> MaskEntry:
        replacement = self._tag(kind) if self.mode == "tag" else self._surrogate(kind, value)
        entry = MaskEntry(kind, value, replacement)
        self._entries[(kind, value)] = entry
        self._given.add((kind, replacement))
        return entry

    def _tag(self, kind: str) -> str:
        self._tags_given[kind] += 1
        number = self._tags_given[kind]
        if self.lang == "en":
            return f"[{_TAG_NAMES_EN[kind]}_{number}]"
        return f"[{_TAG_NAMES_ZH[kind]}{number}]"

    def _surrogate(self, kind: str, value: str) -> str:
        """The first draw that is neither the value itself, nor another value's surrogate, nor a
        real value already seen in this chat. Collisions are rare, so a value's surrogate
        practically never depends on what else the chat contains."""
        make = _SURROGATE_MAKERS[kind]
        for attempt in range(_MAX_ATTEMPTS):
            fake = make(_rng(self.seed, kind, value, attempt), value)
            key = (kind, normalise(kind, fake))
            if key[1] != value and key not in self._given and key not in self._entries:
                return key[1]
        raise RuntimeError(f"no free surrogate for a {kind} value after {_MAX_ATTEMPTS} attempts")


def mask_preview(texts: Iterable[str], mode: str, seed: str = "", *, kinds: Collection[str] = PII_KINDS,
                 lang: str = "zh") -> list[MaskEntry]:
    """What masking ``texts`` (as one chat) would replace: one entry per distinct value."""
    masker = Masker(mode, seed=seed, kinds=kinds, lang=lang)
    for text in texts:
        masker.mask_text(text)
    return masker.hits
