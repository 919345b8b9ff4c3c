"""Privacy masking: find personal data in Chinese/English text and replace it consistently.

:func:`find_pii` finds mainland mobile numbers (also partly masked ones such as 138****1234),
landlines (010-12345678, (0755)1234-5678, 400/800 numbers), e-mail addresses, ID-card numbers
(by checksum, or by shape: region + real birth date + sequence, whatever the check digit; also
written in groups, 110105 19490101 002X), bank
card numbers (Luhn, a cue word such as 卡号, the usual groupings 4-4-4-4 / 4-6-5 / 6-13, or an
issuer prefix, whatever the check digit), QQ numbers and WeChat ids (after a cue word such as
QQ / 微信 / vx), Chinese addresses (省/市/区/县 … 路/街 … 号, compounds 小区…栋…室, villages 村…组,
or a bare road + number + building/room), and in :mod:`.world` international phone numbers, foreign ID
numbers (SSN, NINO, passport after a cue, Hong Kong and Taiwan IDs), IPv4/IPv6, IBANs, crypto
wallets and Western street addresses. Hits never overlap: the longest wins, then the more specific
kind. :func:`may_contain_pii` is the detectors' own cheap pre-check (a few substring tests): when
it is False, ``find_pii`` finds nothing and a fresh Masker leaves the text alone.

A :class:`Masker` (one per chat) replaces every hit. The same value always gets the same
replacement inside one Masker, so a chat and the JSON made from it stay consistent:

- ``mode="tag"``: numbered tags per kind, ``[手机号1]``, ``[邮箱2]`` (``lang="en"``: ``[PHONE_1]``).
- ``mode="surrogate"``: realistic fakes of the same shape (valid ID checksum, valid Luhn digit,
  the same bank BIN, area code and ID region code). A surrogate depends only on (seed, kind,
  normalised value), never on Python's randomised ``hash()``, so re-running a job sends identical
  text and hits the response cache.

Addresses are masked part by part, so that the labels extracted from a chat (``{"地区":
"浙江省杭州市", "详细地址": "西湖区文三路100号3幢"}``) stay consistent with the chat's
``浙江省杭州市西湖区文三路100号3幢``. A detected address is split into its province, city,
district/county, town, 街道 and street (road + number + building/room; its road and road + number
are remembered too). In surrogate mode every part gets a fake of the same level (a real province,
city or district name, a common road name with the same 路/街/胡同 and numbers of the same shape),
drawn like the other surrogates from (seed, level, part) and from the region table
(:mod:`.regions`): a city's fake lies in its province's fake, a district's in its city's fake, so
a real 省→市→区 becomes a real 省→市→区 whatever order the parts are seen in. Every part of
at least 3 characters the Masker has seen is then replaced wherever it stands in later texts,
even outside a detected address ("我在杭州市上班", "文三路100号3幢"), longest first, never inside
the Masker's own surrogates. :meth:`Masker.mask_obj` also takes a string value that is nothing
but a region of known place names (``浙江省杭州市``) or a street (``文三路100号3幢``) as an
address, so labels masked before their chat get the same fakes. In tag mode an address is written
as the tags of its parts with repeats merged: the parts of a new address share one new tag
(``[地址1]``), parts already seen keep theirs (a later address on the same road + number gets the
same tag), so labels masked first and their chat can give ``[地址1][地址2]``; a part on its own
(``浙江省杭州市``) is written with its address's tag, and unmasking that tag gives the whole
first address back.

:meth:`Masker.unmask_text` / :meth:`Masker.unmask_obj` put the originals back into a model's
answer: every replacement the Masker handed out (surrogates, tags, address parts), longest first;
a phone, landline, card or QQ surrogate regrouped with spaces or dashes ("139 1234 5678", with or
without +86) is recognised too and the original comes back grouped the same way. Originals come
back normalised (``+86 138-0013-8000`` as ``13800138000``, e-mail addresses in lower case).

Second pass: every value a Masker has detected is also replaced wherever it stands literally
(as written, normalised, without spaces/dashes, or regrouped), so a value found once after a cue
word is never left in clear where it stands without one. The export learns each chat's values
from all its sessions first (:meth:`Masker.learn_values`).

Masking is idempotent: a Masker leaves its own surrogates alone, so masking an LLM answer that
already contains them does not change them again.

Known limits (all deliberate, to keep false positives rare): full-width digits, 15-digit old ID
numbers, partly masked ID/card numbers, landlines written without a separator after the area
code, passport numbers without a cue word, city names with 镇 inside (景德镇市) and addresses
without a 省/市/区/县 part and without a building or room are not found; a bare street takes the
characters before its road name that are not stop words (放文三路…); an address stops at its house/building/room numbers (a building name after it stays). A
region mentioned in a chat that the Masker never saw in an address (or as a JSON value) stays
as it is. Unmasking replaces every occurrence of a surrogate, so a real place or road name that
happens to equal a fake one is changed too.
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

from core.text.masking import world
from core.text.masking.regions import regions

PII_KINDS = ("phone", "phone_intl", "landline", "email", "id_card", "bank_card", "foreign_id", "ip", "iban",
             "wallet", "qq", "wechat", "address", "address_en")
MASK_MODES = ("surrogate", "tag")

_TAG_NAMES_ZH = {
    "phone": "手机号", "phone_intl": "电话", "landline": "固话", "email": "邮箱", "id_card": "身份证号",
    "bank_card": "银行卡号", "foreign_id": "证件号", "ip": "IP", "iban": "IBAN", "wallet": "钱包地址",
    "qq": "QQ号", "wechat": "微信号", "address": "地址", "address_en": "外文地址",
}
_TAG_NAMES_EN = {kind: kind.upper() for kind in PII_KINDS}
# Overlapping hits of equal length: the earlier kind here is the more specific one. An 18-digit
# number that is a valid ID is an ID even if it also passes Luhn; a phone number given as a WeChat
# id is a phone number (so it gets the same replacement as the same number elsewhere).
_PRIORITY = {kind: i for i, kind in enumerate(
    ("id_card", "bank_card", "iban", "wallet", "email", "phone", "landline", "phone_intl", "foreign_id", "ip",
     "qq", "wechat", "address", "address_en"))}


@dataclass(frozen=True)
class PiiHit:
    kind: str
    start: int
    end: int
    text: str


@dataclass
class MaskEntry:
    """One value a Masker replaces. An address also has one entry per part (``part`` names its
    level: province, city, district, town, subdistrict, road, house = road + number, street =
    house + building/room); a part's ``count`` is how often it was replaced on its own, outside a
    detected address, so :meth:`Masker.counts` still counts each masked occurrence once."""

    kind: str
    original: str  # normalised: 13800138000 for "+86 138 0013 8000"
    replacement: str  # normalised shape; a bank card is regrouped like each occurrence
    count: int = 0
    part: str = ""  # address part level; "" for a whole value


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
# The local number may be split once (1234-5678, 123 4567). 400/800 service numbers (3-3-4 or
# unbroken) are landlines too: a company's, but often a one-person shop's.
_LANDLINE = re.compile(
    rf"{_NOT_ALNUM_BEFORE}(?:\((?P<area1>0[1-9][0-9]{{1,2}})\) ?|(?P<area2>0[1-9][0-9]{{1,2}})[ -])"
    rf"(?P<local>[2-9][0-9]{{6,7}}|[2-9][0-9]{{2,3}}[ -][0-9]{{4}}){_NOT_ALNUM_AFTER}(?![ -][0-9])"
    rf"|{_NOT_ALNUM_BEFORE}(?P<service>[48]00)(?P<ssep>[ -]?)(?P<svc>[0-9]{{3}}(?P=ssep)[0-9]{{4}})"
    rf"{_NOT_ALNUM_AFTER}(?![ -][0-9])"
)
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])(?P<local>[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9_%+-])?)"
    r"@(?P<domain>(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24})(?![A-Za-z0-9-])"
)
_ID_CARD = re.compile(
    rf"{_NOT_ALNUM_BEFORE}(?:[0-9]{{17}}[0-9Xx]"
    # written in groups, as on forms and when read out: 110105 19490101 002X, 110105 1949 0101 002X
    rf"|[0-9]{{6}}(?P<idsep>[ -])(?:[0-9]{{8}}|[0-9]{{4}}(?P=idsep)[0-9]{{4}})(?P=idsep)[0-9]{{3}}[0-9Xx])"
    rf"{_NOT_ALNUM_AFTER}(?![ -][0-9])"
)
# Valid first two digits of a region code (provinces, Taiwan, Hong Kong, Macao).
_ID_PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82".split()
)
# Unbroken 16-19 digits, or groups of 4 (the last group 1-3 digits) joined by one kind of
# separator. A grouped run must not continue with another group (it would be a longer number).
# Also the other usual groupings: 4-6-5 (American Express) and 6-13 (a UnionPay BIN, then the rest).
_BANK_CARD = re.compile(
    rf"{_NOT_ALNUM_BEFORE}(?:(?P<plain>[0-9]{{16,19}}){_NOT_ALNUM_AFTER}"
    rf"|(?<![0-9][ -])(?:[0-9]{{4}}(?P<sep>[ -])[0-9]{{4}}(?:(?P=sep)[0-9]{{4}}){{2}}(?:(?P=sep)[0-9]{{1,3}})?"
    rf"|[0-9]{{4}}(?P<sep2>[ -])[0-9]{{6}}(?P=sep2)[0-9]{{5}}|[0-9]{{6}}[ -][0-9]{{13}})"
    rf"(?![0-9A-Za-z]|[ -][0-9]))"
)
# Issuer prefixes of unbroken numbers taken as cards even when the check digit is wrong (a typo):
# UnionPay 62, Visa 4, Mastercard 51-55 / 2221-2720, Amex 34/37, JCB 35, Discover 6011/65.
_CARD_PREFIX = re.compile(r"62|4|5[1-5]|2(?:22[1-9]|2[3-9][0-9]|[3-6][0-9]{2}|7[01][0-9]|720)|3[457]|6011|65")
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
_ADMIN_TOKEN_RE = rf"[{_ADMIN_NAME}]{{1,12}}[{_ADMIN_UNITS}]"
_ADMIN_TOKEN = re.compile(_ADMIN_TOKEN_RE)
# Residential compounds and buildings stand where a road would: 阳光花园小区3栋2单元501室 has no
# house number, only buildings and rooms.
ESTATE_SUFFIXES = ("小区", "花园", "家园", "新村", "公寓", "大厦", "公馆", "广场", "华庭", "苑")
# 组 (村民小组): a village address has no house number, only its group (李庄村3组).
_UNITS_RE = (
    rf"(?:(?:[0-9]{{1,4}}|[A-Za-z]|[{_CN_NUMERALS}]{{1,3}})(?:号楼|号院|栋|幢|座|单元|楼|层|室|号|户|(?:(?<=村[0-9])|(?<=村[0-9]{{2}}))组))*"
    rf"(?:(?:(?<=单元)|(?<=[栋幢座楼层]))[0-9]{{3,5}}(?![0-9]))?"
)
_STREET_RE = (
    rf"(?P<subdistrict>[{_ADMIN_NAME}]{{1,8}}街道)?"
    rf"(?P<road>[{_ROAD_NAME}]{{1,10}}?(?:胡同|{'|'.join(ESTATE_SUFFIXES)}|[{_ROAD_SUFFIXES}]))"
    rf"(?P<section>[{_CN_NUMERALS}0-9]{{1,3}}段)?"
    rf"(?P<num>(?:[0-9]{{1,5}}[弄巷])?(?:[0-9]{{1,5}}(?:[-之][0-9]{{1,4}})?|[{_CN_NUMERALS}]{{1,6}})号"
    rf"(?![线位码机])院?)?"
    rf"(?P<units>{_UNITS_RE})"
    # without a house number, at least one building/room: the address must end in one
    rf"(?(num)|(?<=[栋幢座楼层室户号元组0-9]))"
)
_ADDRESS = re.compile(rf"(?P<admin>(?:{_ADMIN_TOKEN_RE}){{1,5}}){_STREET_RE}")
# A street without any province/city/district: only with a house number AND a building or room
# (文三路100号3幢201室), the shape no other text has.
_BARE_STREET = re.compile(
    rf"(?<![{_ROAD_NAME}])(?P<admin>)(?P<subdistrict>)(?P<road>[{_ROAD_NAME}]{{1,6}}?(?:胡同|[路街道巷弄]))"
    rf"(?P<section>[{_CN_NUMERALS}0-9]{{1,3}}段)?"
    rf"(?P<num>(?:[0-9]{{1,5}}[弄巷])?[0-9]{{1,5}}(?:[-之][0-9]{{1,4}})?号(?![线位码机])院?)"
    rf"(?P<units>(?:(?:[0-9]{{1,4}}|[A-Za-z]|[{_CN_NUMERALS}]{{1,3}})(?:号楼|号院|栋|幢|座|单元|楼|层|室|户))+"
    rf"(?:(?:(?<=单元)|(?<=[栋幢座楼层]))[0-9]{{3,5}}(?![0-9]))?)"
)
# A whole JSON value that is an address: also a bare region (浙江省杭州市) or a bare street.
_ADDRESS_VALUE = re.compile(rf"(?P<admin>(?:{_ADMIN_TOKEN_RE}){{0,5}})(?:{_STREET_RE})?")
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
        if m["service"] and not m["ssep"] and _cue_before(_NOT_BANK_CUE, text, m.start()):
            continue  # 订单 4000123456: an unbroken 400 number after an order word is the order's
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


def _is_id_shaped(number: str) -> bool:
    """A real province, a county code, a real birth date and a sequence number: an ID number
    with a mistyped check digit is still someone's ID number."""
    if number[:2] not in _ID_PROVINCES or number[2:6] == "0000":
        return False
    try:
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return 1900 <= born.year and born <= datetime.date.today()


def _id_cards(text: str, kinds: Collection[str]) -> Iterator[Candidate]:
    for m in _ID_CARD.finditer(text):
        number = _ungroup(m.group())
        if _is_plausible_id(number) or _cue_before(_ID_CUE, text, m.start()):
            yield "id_card", m.start(), m.end()
        elif _is_id_shaped(number) and not _cue_before(_NOT_BANK_CUE, text, m.start()):
            yield "id_card", m.start(), m.end()


def _is_bank_card(text: str, start: int, digits: str, grouped: bool) -> bool:
    """A card by its cue, its grouping or its issuer prefix; the check digit is not required (a
    card with one digit mistyped is still someone's card)."""
    if _cue_before(_BANK_CUE, text, start):
        return True  # the user said it is a card: mask it even if the number is mistyped
    if _cue_before(_NOT_BANK_CUE, text, start):
        return False  # an order or tracking number that happens to pass Luhn
    if grouped:
        return True  # 6222 0202 0000 1234 562: nothing else is written like a card
    if digits[0] in _BANK_FIRST_DIGITS and luhn.is_valid(digits):
        return True
    return len(digits) in (16, 19) and _CARD_PREFIX.match(digits) is not None


def _bank_cards(text: str, kinds: Collection[str]) -> Iterator[Candidate]:
    for m in _BANK_CARD.finditer(text):
        digits = re.sub(r"[ -]", "", m.group())
        if _is_bank_card(text, m.start(), digits, m["plain"] is None):
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
    for m in _BARE_STREET.finditer(text):
        if not m["road"].endswith(_NOT_ROADS):
            yield "address", m.start(), m.end()


_NUMBER_DETECTORS = (("phone", _phones), ("landline", _landlines), ("id_card", _id_cards),
                     ("bank_card", _bank_cards))
# Every number kind contains a run of at least 3 digits (a mobile prefix, an area code, a group
# of a card number, a QQ number): texts without one skip all number detectors.
_THREE_DIGITS = re.compile(r"[0-9]{3}")


def _has_digit(text: str) -> bool:
    # ten substring tests beat one regex search ~3x on Chinese text (a regex walks it char by char)
    return ("0" in text or "1" in text or "2" in text or "3" in text or "4" in text or "5" in text
            or "6" in text or "7" in text or "8" in text or "9" in text)


Detector = Callable[[str, Collection[str]], Iterator[Candidate]]


def _detectors(text: str, kinds: Collection[str]) -> list[Detector]:
    """The detectors for wanted kinds whose cheap pre-check passes: most chat lines have no run
    of digits, no '@', no cue and no '号', and leave after a few substring tests (each far cheaper
    than a regex search over Chinese text). This is THE pre-check: :func:`may_contain_pii` asks
    it too, so the two cannot disagree."""
    detectors: list[Detector] = []
    if _has_digit(text) and _THREE_DIGITS.search(text) is not None:
        detectors += [d for kind, d in _NUMBER_DETECTORS if kind in kinds]
        if ("q" in text or "Q" in text or "扣" in text) and "qq" in kinds:  # QQ, qq, Q号, 扣扣
            detectors.append(_qq_numbers)
    if _has_digit(text):
        # IPv4 (10.0.0.1), wallets and street numbers need no run of 3 digits; each detector has
        # its own substring pre-check before any regex runs
        detectors += [d for kind, d in world.DETECTORS if kind in kinds]
    if "@" in text and "email" in kinds:
        detectors.append(_emails)
    # 微信/威信/V信; vx, wx, wxid_ and weixin in any case hold an x, wechat in any case an h
    if ("信" in text or "x" in text or "X" in text or "h" in text or "H" in text) and "wechat" in kinds:
        detectors.append(_wechat_ids)
    if ("号" in text or "栋" in text or "幢" in text or "室" in text or "单元" in text
            or ("村" in text and "组" in text)) and "address" in kinds:
        detectors.append(_addresses)
    return detectors


_ALL_KINDS = frozenset(PII_KINDS)


def may_contain_pii(text: str) -> bool:
    """False when `text` certainly holds nothing to mask (no detector's pre-check passes, so
    :func:`find_pii` finds nothing and a fresh Masker's ``mask_text`` returns the text unchanged):
    lets a caller skip building a Masker for most texts. (``mask_obj`` also masks a JSON value
    that is only a region, 浙江省杭州市, which this does not look for.)"""
    return _detectors(text, _ALL_KINDS) != []


def _candidates(text: str, kinds: frozenset[str]) -> list[Candidate]:
    found: list[Candidate] = []
    for detect in _detectors(text, kinds):
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
    if m["service"]:
        return f"{m['service']}-{_ungroup(m['svc'])}"
    return f"{m['area1'] or m['area2']}-{_ungroup(m['local'])}"


def normalise(kind: str, raw: str) -> str:
    """The canonical form of a detected value of ``kind``."""
    if kind == "phone":
        return _normalise_phone(raw)
    if kind == "landline":
        return _normalise_landline(raw)
    if kind in ("email", "wechat"):
        return raw.lower()
    if kind == "id_card":
        return _ungroup(raw).upper()
    if kind in ("bank_card", "qq"):
        return re.sub(r"[^0-9]", "", raw)
    if kind in _WORLD_KINDS:
        return world.normalise(kind, raw)
    return re.sub(r"\s+", "", raw)


_WORLD_KINDS = frozenset(kind for kind, _ in world.DETECTORS)


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


def _fake_digits_in(rng: random.Random, text: str, extra: int = 0) -> str:
    """Every run of digits replaced by a random one of the same length (no leading zero), or
    ``extra`` digits longer."""
    return re.sub(r"[0-9]+", lambda m: _number_without_leading_zero(rng, len(m.group()) + extra), text)


def _fake_house_number(rng: random.Random, number: str, wide: bool = False) -> str:
    """N号, keeping a lane (887弄71号) and a compound (88号院) when the original has them."""
    lane = re.match(r"[0-9]+([弄巷])", number)
    fake = f"{rng.randint(1, 999)}{lane[1]}" if lane else ""
    fake += f"{rng.randint(1, 9999 if wide else 399)}号"
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
    **world.SURROGATE_MAKERS,
}


def _regroup_like(digits: str, occurrence: str, chars: str = "0-9") -> str:
    """Lay ``digits`` out with the separators of ``occurrence`` (6222 0202 … stays grouped);
    ``chars``: what counts as a digit (an ID number's check character X too)."""
    kept = re.compile(f"[{chars}]")
    if occurrence.isdigit() or len(re.sub(f"[^{chars}]", "", occurrence)) != len(digits):
        return digits
    feed = iter(digits)
    return "".join(next(feed) if kept.fullmatch(c) else c for c in occurrence)


# ---------------------------------------------------------------------------------------------
# Address parts: a detected address split into levels, and a fake for each part.
# ---------------------------------------------------------------------------------------------

_MIN_PART_LEN = 3  # shorter parts (东区, 中路) are replaced inside an address only, never on their own
_PROVINCES = tuple(f"{name}省" for name in (
    "河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 四川 贵州 云南 陕西 甘肃 "
    "青海").split())
_AUTONOMOUS_REGIONS = ("内蒙古自治区", "广西壮族自治区", "西藏自治区", "宁夏回族自治区", "新疆维吾尔自治区")
# Made-up two-character names once the real ones of a level are used up in one Masker.
_SYNTHETIC_NAME_CHARS = "安平兴华宁康泰丰永福庆嘉隆昌盛新阳山河湖江海林桥石青白金玉龙凤云"
_POOL_ATTEMPTS = 100  # draws from the real names before made-up ones
_LOC_LINE = re.compile(r'^\s+[0-9]{4} county="(?:\[[0-9]*-(?P<until>[0-9]*)\])?(?P<name>[^"]+)"', re.MULTILINE)


@cache
def _place_pools() -> dict[str, tuple[str, ...]]:
    """Real current city (市) and county-level (区, 县, 旗) names by their last character, from
    python-stdnum's region table; only names that read back as one admin token of an address."""
    from importlib import resources

    try:
        table = resources.files("stdnum.cn").joinpath("loc.dat").read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError):
        table = ""
    pools: dict[str, set[str]] = {unit: set() for unit in "市区县旗"}
    for m in _LOC_LINE.finditer(table):
        name = m["name"]
        if (not m["until"] and len(name) >= 3 and name[-1] in pools
                and re.fullmatch(f"[{_ADMIN_NAME}]+", name[:-1])):
            pools[name[-1]].add(name)
    for _, city, district in _PLACES:  # no table: still some real names
        pools["市"].add(city)
        pools["区"].add(district)
    return {unit: tuple(sorted(names)) for unit, names in pools.items()}


def _synthetic_name(rng: random.Random) -> str:
    return rng.choice(_SYNTHETIC_NAME_CHARS) + rng.choice(_SYNTHETIC_NAME_CHARS)


def _admin_level(token: str) -> str:
    if token.endswith(("省", "自治区", "特别行政区")):
        return "province"
    if token.endswith("市"):
        return "city"
    if token.endswith(("镇", "乡")):
        return "town"
    return "district"  # 区, 县, 旗


def _fake_region_part(rng: random.Random, level: str, original: str, attempt: int) -> str:
    """A province for a province (an autonomous region for one), a city for a city, a district
    (区/县/旗, the same) for a district, a town or 街道 for a town or 街道."""
    real = attempt < _POOL_ATTEMPTS
    if level == "province":
        pool = _AUTONOMOUS_REGIONS if original.endswith("自治区") else _PROVINCES
        return rng.choice(pool) if real else _synthetic_name(rng) + "省"
    if level in ("town", "subdistrict"):
        suffix = "街道" if level == "subdistrict" else original[-1]
        return (rng.choice(_TOWN_NAMES) if real else _synthetic_name(rng)) + suffix
    unit = original[-1]
    pool = _place_pools().get(unit, ())
    return rng.choice(pool) if pool and real else _synthetic_name(rng) + unit


def _reads_as_one_token(name: str) -> bool:
    return len(name) >= 2 and re.fullmatch(f"[{_ADMIN_NAME}]+", name[:-1]) is not None


@cache
def _all_districts() -> tuple[str, ...]:
    return tuple(d for ds in regions().districts_of.values() for d in ds)


@cache
def _first_city_of() -> dict[str, str]:
    out: dict[str, str] = {}
    for city, districts in regions().districts_of.items():
        for d in districts:
            out.setdefault(d, city)
    return out


def _city_of_district(district: str) -> str | None:
    return _first_city_of().get(district)


def _fake_road(rng: random.Random, road: str, attempt: int) -> str:
    """A common road name with the original's kind of road (路, 街, 胡同, 小区 …)."""
    suffix = next((s for s in ("胡同", *ESTATE_SUFFIXES) if road.endswith(s)), road[-1])
    name = rng.choice(_ROAD_NAMES)
    if attempt >= 3 * _POOL_ATTEMPTS:
        name += rng.choice(_ROAD_NAMES)
    elif attempt >= _POOL_ATTEMPTS:
        name += rng.choice("东西南北中")
    return name + suffix


@dataclass(frozen=True)
class _Address:
    admin: tuple[tuple[str, str], ...]  # (level, token)
    subdistrict: str
    road: str  # "" for a bare region
    section: str
    num: str
    units: str

    @property
    def house(self) -> str:
        return self.road + self.section + self.num

    @property
    def street(self) -> str:
        return self.house + self.units


def _address_from_match(m: re.Match[str]) -> _Address | None:
    tokens = _ADMIN_TOKEN.findall(m["admin"])
    if "".join(tokens) != m["admin"]:
        return None
    return _Address(tuple((_admin_level(t), t) for t in tokens), m["subdistrict"] or "", m["road"] or "",
                    m["section"] or "", m["num"] or "", m["units"] or "")


def _split_address(value: str) -> _Address | None:
    """The parts of a detected address (None if it does not read back, which should not happen)."""
    m = _ADDRESS.fullmatch(value) or _BARE_STREET.fullmatch(value)
    return _address_from_match(m) if m else None


def _address_value(text: str) -> _Address | None:
    """A (JSON) value that is nothing but an address, a region of known place names
    (浙江省杭州市, 上海市) or a street (文三路100号3幢)."""
    if not text or len(text) > 80 or not ("号" in text or text[-1] in _ADMIN_UNITS):
        return None
    m = _ADDRESS_VALUE.fullmatch(text)
    if m is None:
        return None
    tokens = _ADMIN_TOKEN.findall(m["admin"])
    if m["road"] is None:
        names = _place_names()
        if any(token not in names for token in tokens):
            return None
    elif m["road"].endswith(_NOT_ROADS) or (tokens and _address_start(tokens[0]) > 0):
        return None  # not a road, or words before the place name (今天杭州西湖区…): see find_pii
    return _address_from_match(m)


_ASCII_ALNUM = frozenset(string.ascii_letters + string.digits)


def _cuts_a_word(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] starts or ends inside a run of ASCII letters/digits (a surrogate
    12345 inside 5123456, an e-mail address inside a longer one)."""
    return ((start > 0 and text[start] in _ASCII_ALNUM and text[start - 1] in _ASCII_ALNUM)
            or (end < len(text) and text[end - 1] in _ASCII_ALNUM and text[end] in _ASCII_ALNUM))


class _Substrings:
    """Known strings and what to write for each; finds them in a text, leftmost then longest,
    never overlapping. Indexed by first character and lengths, so a text is searched with a few
    substring tests, ``str.find`` calls and dict lookups however many strings are known. A text
    is only searched when it holds the first character of an "anchor" key: the other keys matter
    only next to an anchor (they are our own surrogates, kept from being rewritten)."""

    __slots__ = ("map", "_lengths", "anchors")

    def __init__(self) -> None:
        self.map: dict[str, str] = {}
        self._lengths: dict[str, list[int]] = {}  # first character → lengths, longest first
        self.anchors: dict[str, None] = {}  # first characters of anchor keys

    def add(self, key: str, value: str, anchor: bool = True) -> None:
        self.map[key] = value
        lengths = self._lengths.setdefault(key[0], [])
        if len(key) not in lengths:
            lengths.append(len(key))
            lengths.sort(reverse=True)
        if anchor:
            self.anchors[key[0]] = None

    def may_match(self, text: str) -> bool:
        anchors = self.anchors
        if len(anchors) <= 16:
            for c in anchors:
                if c in text:
                    return True
            return False
        return not anchors.keys().isdisjoint(text)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, key) of every match."""
        if not self.may_match(text):
            return []
        index, known = self._lengths, self.map
        firsts: Iterable[str] = [c for c in index if c in text] if len(index) <= 16 else index.keys() & set(text)
        found = []
        for c in firsts:
            lengths = index[c]
            pos = text.find(c)
            while pos >= 0:
                for n in lengths:
                    key = text[pos:pos + n]
                    if len(key) == n and key in known and not _cuts_a_word(text, pos, pos + n):
                        found.append((pos, pos + n, key))
                        break
                pos = text.find(c, pos + 1)
        if len(found) > 1:
            found.sort(key=lambda f: (f[0], -f[1]))
            kept, end = [], 0
            for f in found:
                if f[0] >= end:
                    kept.append(f)
                    end = f[1]
            found = kept
        return found


# A number written in groups ("139 1234 5678", "0755-2345-6789"): a surrogate a model regrouped.
_GROUPED_NUMBER = re.compile(r"(?<![0-9])[0-9]{1,8}(?:[ -][0-9]{1,8}){1,5}(?![0-9])")
_DIGIT_KINDS = ("phone", "landline", "bank_card", "qq", "id_card")
_REGROUPED_KINDS = ("bank_card", "landline")
_MIN_VALUE_LEN = 5  # shorter literals (a 4-digit number) are too common to replace on sight


def _ungroup(number: str) -> str:
    return number.replace(" ", "").replace("-", "")


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
        self._order: list[MaskEntry] = []  # every entry, address parts too, in first-seen order
        self._parts: dict[str, MaskEntry] = {}  # address part → its entry
        self._part_fakes: dict[str, MaskEntry] = {}  # surrogate of an address part → its entry
        # address parts (>= _MIN_PART_LEN) to replace wherever they stand; our own part surrogates
        # map to themselves, so that a known part inside one of them is never rewritten
        self._known = _Substrings()
        self._unmasker: tuple[_Substrings, dict[str, str]] | None = None  # see _unmask_tables
        # The second pass: every detected value is replaced wherever it stands later (or earlier
        # in the same text), also where no cue word or shape rule would find it on its own
        # ("收到1101051949…，已登记" a line after "身份证号是…"). Literal forms → "kind\x1fvalue",
        # and the digits of a number value → the same, for the value regrouped with spaces/dashes.
        self._values = _Substrings()
        self._value_digits: dict[str, str] = {}

    @property
    def hits(self) -> list[MaskEntry]:
        """One entry per distinct value, in first-seen order (copies: safe to keep). An address is
        followed by the entries of its parts not seen before (``part`` set)."""
        return [dataclasses.replace(e) for e in self._order]

    def counts(self) -> dict[str, int]:
        """Occurrences masked so far per kind; every enabled kind is present (0 when none)."""
        totals = dict.fromkeys(self.kinds, 0)
        for entry in self._order:
            totals[entry.kind] += entry.count
        return totals

    # ---- masking ---------------------------------------------------------------------------
    def mask_text(self, text: str) -> str:
        hits = _find_pii(text, self._wanted)
        if not hits:
            return self._mask_rest(text)
        # replace the hits first: the values and address parts they teach are then known in the
        # whole text, also before the hit
        replacements = [self._replace(hit) for hit in hits]
        if not self._known.map and not self._values.map:
            pieces, pos = [], 0
            for hit, replacement in zip(hits, replacements, strict=True):
                pieces += [text[pos:hit.start], replacement]
                pos = hit.end
            pieces.append(text[pos:])
            return "".join(pieces)
        pieces, pos = [], 0
        for hit, replacement in zip(hits, replacements, strict=True):
            pieces += [self._mask_rest(text[pos:hit.start]), replacement]
            pos = hit.end
        pieces.append(self._mask_rest(text[pos:]))
        return "".join(pieces)

    def learn_values(self, values: Iterable[tuple[str, str]]) -> None:
        """Know these (kind, text as found) values before masking, without counting them: the
        export finds the values of a whole chat first, so a value found in one session is also
        replaced in the chat's other sessions. Kinds this Masker does not mask are ignored."""
        before = {id(entry): entry.count for entry in self._order}
        for kind, raw in values:
            if kind in self._wanted:
                self._replace(PiiHit(kind, 0, len(raw), raw))
        for entry in self._order:
            entry.count = before.get(id(entry), 0)

    def _mask_rest(self, text: str) -> str:
        """Text outside the detected hits: known values (the second pass), then known address parts."""
        if not text:
            return text
        values = self._values
        if values.anchors and values.may_match(text):
            found = values.find(text)
            if found:
                pieces, pos = [], 0
                for start, end, literal in found:
                    pieces += [self._mask_grouped_values(text[pos:start]),
                               self._known_value(values.map[literal], text[start:end])]
                    pos = end
                pieces.append(self._mask_grouped_values(text[pos:]))
                return "".join(pieces)
        return self._mask_grouped_values(text)

    def _known_value(self, key: str, occurrence: str) -> str:
        kind, _, value = key.partition("\x1f")
        entry = self._entries[(kind, value)]
        entry.count += 1
        return self._shaped(entry, occurrence)

    def _shaped(self, entry: MaskEntry, occurrence: str) -> str:
        """The replacement laid out like this occurrence (a card or landline keeps its grouping)."""
        if self.mode == "surrogate" and entry.kind in _REGROUPED_KINDS:
            return _regroup_like(re.sub(r"[^0-9]", "", entry.replacement), occurrence)
        if self.mode == "surrogate" and entry.kind == "id_card" and not occurrence.isalnum():
            return _regroup_like(entry.replacement, occurrence, chars="0-9Xx")  # 110105 19490101 002X
        if self.mode == "surrogate" and entry.kind == "phone" and not occurrence.isdigit():
            prefix = _PHONE_PREFIX.match(occurrence)  # +86 139-6428-3290 → +86 1xx-xxxx-xxxx
            cut = prefix.end() if prefix else 0
            return occurrence[:cut] + _regroup_like(entry.replacement, occurrence[cut:])
        return entry.replacement

    def _mask_grouped_values(self, text: str) -> str:
        digits_known = self._value_digits
        if digits_known and _has_digit(text):
            def replace(m: re.Match[str]) -> str:
                key = digits_known.get(_ungroup(m.group()))
                return m.group() if key is None else self._known_value(key, m.group())

            text = _GROUPED_NUMBER.sub(replace, text)
        return self._mask_parts_in(text)

    def _mask_parts_in(self, text: str) -> str:
        anchors = self._known.anchors
        if len(anchors) <= 4:  # the usual case, inline: a call costs as much as a few tests
            for c in anchors:
                if c in text:
                    return self._mask_known_parts(text)
            return text
        return self._mask_known_parts(text) if self._known.may_match(text) else text

    def _remember_value(self, kind: str, value: str, raw: str) -> None:
        """The literal forms of a detected value, for the second pass: as found, normalised, and
        without spaces/dashes/dots; a number's digits also for regrouped copies."""
        key = f"{kind}\x1f{value}"
        compact = re.sub(r"[ .-]", "", raw)
        for form in (raw, value, compact):
            if len(form) >= _MIN_VALUE_LEN and form not in self._values.map:
                self._values.add(form, key)
        digits = re.sub(r"[^0-9]", "", raw)
        if len(digits) >= 7 and len(digits) >= len(compact) - 2 and digits not in self._value_digits:
            self._value_digits[digits] = key

    def mask_obj(self, obj: Any) -> Any:
        """A copy of a JSON-like value with every string masked (dict keys are left alone). A
        string that is nothing but an address, also a bare region of known place names
        (浙江省杭州市) or a bare street (文三路100号3幢), is masked as an address."""
        if isinstance(obj, str):
            return self._mask_value(obj)
        if isinstance(obj, dict):
            return {key: self.mask_obj(value) for key, value in obj.items()}
        if isinstance(obj, list):
            return [self.mask_obj(value) for value in obj]
        if isinstance(obj, tuple):
            return tuple(self.mask_obj(value) for value in obj)
        return obj

    def _mask_value(self, text: str) -> str:
        core = text.strip()
        if "address" in self._wanted and (address := _address_value(core)) is not None:
            lead = text.index(core)
            return text[:lead] + self._mask_address(core, address) + text[lead + len(core):]
        return self.mask_text(text)

    def _replace(self, hit: PiiHit) -> str:
        if hit.kind == "address":
            address = _split_address(normalise("address", hit.text))
            if address is not None:
                return self._mask_address(hit.text, address)
        value = normalise(hit.kind, hit.text)
        if (hit.kind, value) in self._given:
            return hit.text  # one of our own surrogates (e.g. echoed by the LLM): already masked
        if self._value_digits and (hit.kind, value) not in self._entries:
            # a known value written in another layout that reads as another kind here (an ID
            # number grouped in fours looks like a card): it keeps the replacement it has
            known = self._value_digits.get(re.sub(r"[^0-9]", "", hit.text))
            if known is not None and not known.startswith(hit.kind + "\x1f"):
                return self._known_value(known, hit.text)
        entry = self._entries.get((hit.kind, value))
        if entry is None:
            entry = self._new_entry(hit.kind, value, hit.text)
        entry.count += 1
        self._remember_value(hit.kind, value, hit.text)
        return self._shaped(entry, hit.text)

    def _add(self, entry: MaskEntry) -> None:
        self._order.append(entry)
        self._unmasker = None

    def _new_entry(self, kind: str, value: str, raw: str) -> MaskEntry:
        replacement = self._tag(kind) if self.mode == "tag" else self._surrogate(kind, value, raw)
        entry = MaskEntry(kind, value, replacement)
        self._entries[(kind, value)] = entry
        self._given.add((kind, normalise(kind, replacement) if self.mode == "surrogate" else replacement))
        self._add(entry)
        return entry

    def _tag(self, kind: str) -> str:
        self._tags_given[kind] += 1
        number = self._tags_given[kind]
        if self.lang == "en":
            return f"[{_TAG_NAMES_EN[kind]}_{number}]"
        return f"[{_TAG_NAMES_ZH[kind]}{number}]"

    def _surrogate(self, kind: str, value: str, raw: str) -> str:
        """The first draw that is neither the value itself, nor another value's surrogate, nor a
        real value already seen in this chat. Collisions are rare, so a value's surrogate
        practically never depends on what else the chat contains. The kinds of `world` are
        drawn from the text as found (its layout is the shape to keep), seeded by the value."""
        make = _SURROGATE_MAKERS[kind]
        shaped = kind in _WORLD_KINDS
        for attempt in range(_MAX_ATTEMPTS):
            fake = make(_rng(self.seed, kind, value, attempt), raw if shaped else value)
            key = (kind, normalise(kind, fake))
            if key[1] != value and key not in self._given and key not in self._entries:
                return fake if shaped else key[1]
        raise RuntimeError(f"no free surrogate for a {kind} value after {_MAX_ATTEMPTS} attempts")

    # ---- addresses, part by part -----------------------------------------------------------
    def _mask_address(self, raw: str, address: _Address) -> str:
        """The replacement of a whole address: the replacements of its parts, one after another
        (in tag mode with repeats merged)."""
        value = normalise("address", raw)
        entry = self._entries.get(("address", value))
        if entry is not None:
            entry.count += 1
            return entry.replacement
        pieces = [token for _, token in address.admin]
        if address.subdistrict:
            pieces.append(address.subdistrict)
        if address.road:
            pieces.append(address.street)
        if self.mode == "surrogate" and all(piece in self._part_fakes for piece in pieces):
            return raw  # our own fake address (e.g. echoed by the LLM): already masked
        entry = MaskEntry("address", value, "", 1)
        self._entries[("address", value)] = entry
        self._add(entry)  # before its parts, which are added while they are made
        tag: list[str] = []  # tag mode: the tag the new parts of this address get

        def new_tag() -> str:
            if not tag:
                known_house = self._parts.get(address.house) if address.road else None
                tag.append(known_house.replacement if known_house else self._tag("address"))
            return tag[0]

        def part(level: str, original: str, make: Callable[[random.Random, int], str]) -> str:
            return self._part(level, original, make, new_tag)

        # a real province → city → district combination: each new level is drawn among the
        # children of the level above's surrogate (or is the parent of a known child's surrogate)
        replaced: list[str] = []
        above: tuple[str, str] | None = None  # (level, original) of the level above
        for level, token in address.admin:
            replaced.append(part(level, token, lambda rng, attempt, level=level, token=token, above=above:
                                 self._draw_region(level, token, above, attempt)))
            above = (level, token)
        if address.subdistrict:
            replaced.append(part("subdistrict", address.subdistrict, lambda rng, attempt:
                                 _fake_region_part(rng, "subdistrict", address.subdistrict, attempt)))
        if address.road:
            road = part("road", address.road, lambda rng, attempt: _fake_road(rng, address.road, attempt))
            house = part("house", address.house, lambda rng, attempt: "".join((
                road, rng.choice("一二三四五") + "段" if address.section else "",
                _fake_house_number(rng, address.num, wide=attempt >= _POOL_ATTEMPTS) if address.num else "")))
            if address.units:
                house = part("street", address.street, lambda rng, attempt:
                             house + _fake_digits_in(rng, address.units, extra=attempt // _POOL_ATTEMPTS))
            replaced.append(house)
        if self.mode == "tag":
            replaced = [r for i, r in enumerate(replaced) if i == 0 or r != replaced[i - 1]]
        entry.replacement = "".join(replaced)
        # the real address, also when some parts of it were our own surrogates
        entry.original = "".join(self._part_fakes[p].original if p in self._part_fakes else p for p in pieces)
        return entry.replacement

    def _region_fake(self, level: str, original: str, above: tuple[str, str] | None = None) -> str:
        """The surrogate a region part has or would get (without giving it one)."""
        entry = self._parts.get(original)
        return entry.replacement if entry is not None else self._draw_region(level, original, above, 0)

    def _draw_region(self, level: str, original: str, above: tuple[str, str] | None, attempt: int) -> str:
        """A real place of the same level inside the surrogate of the original's real parent: the
        level above in the text, else the parent the region table gives (the first, for a name
        several cities have). It depends on the originals only, so labels masked before their
        chat get the same fakes, and a real 省→市→区 gives a real 省→市→区."""
        rng = _rng(self.seed, f"address.{level}", original, attempt)
        if attempt >= _POOL_ATTEMPTS or level not in ("province", "city", "district"):
            return _fake_region_part(rng, level, original, attempt)
        table = regions()
        if level == "province":
            pool: Iterable[str] = table.provinces
        elif level == "city":
            province = above[1] if above and above[0] == "province" else table.province_of.get(original)
            pool = table.cities_of.get(self._region_fake("province", province)) if province else None
            pool = pool or table.cities
        else:
            if above and above[0] in ("city", "province"):
                parent_level, parent = above
            else:
                parent_level, parent = "city", _city_of_district(original)
            fake_parent = self._region_fake(parent_level, parent) if parent else ""
            if parent_level == "city":
                pool = table.districts_of.get(fake_parent, ())
            else:
                pool = [d for city in table.cities_of.get(fake_parent, ()) for d in table.districts_of.get(city, ())]
            pool = pool or _all_districts()
        readable = [name for name in pool if name != original and _reads_as_one_token(name)]
        same = [name for name in readable if name.endswith(original[-1])]
        choices = same or readable
        return rng.choice(choices) if choices else _fake_region_part(rng, level, original, attempt)

    def _part(self, level: str, original: str, make: Callable[[random.Random, int], str],
              new_tag: Callable[[], str]) -> str:
        """The replacement of one address part, made on first sight and remembered."""
        if original in self._part_fakes:
            return original  # one of our own part surrogates
        entry = self._parts.get(original)
        if entry is not None:
            return entry.replacement
        if self.mode == "tag":
            replacement = new_tag()
        else:
            replacement = self._part_surrogate(level, original, make)
        entry = MaskEntry("address", original, replacement, part=level)
        self._parts[original] = entry
        self._add(entry)
        if len(original) >= _MIN_PART_LEN:
            self._known.add(original, replacement)
        if self.mode == "surrogate":
            self._part_fakes[replacement] = entry
            if len(replacement) >= _MIN_PART_LEN:
                self._known.add(replacement, replacement, anchor=False)
        return replacement

    def _part_surrogate(self, level: str, original: str, make: Callable[[random.Random, int], str]) -> str:
        """Like :meth:`_surrogate`: the first draw for (seed, level, part) that is not the part
        itself, nor another part's surrogate, nor a real part already seen."""
        for attempt in range(_MAX_ATTEMPTS):
            fake = make(_rng(self.seed, f"address.{level}", original, attempt), attempt)
            if fake != original and fake not in self._part_fakes and fake not in self._parts:
                return fake
        raise RuntimeError(f"no free surrogate for an address {level} after {_MAX_ATTEMPTS} attempts")

    def _mask_known_parts(self, text: str) -> str:
        """``text`` (outside any hit) with every known address part replaced."""
        found = self._known.find(text)
        if not found:
            return text
        known, tags = self._known.map, self.mode == "tag"
        pieces, pos, last = [], 0, ""
        for start, end, key in found:
            if key in self._part_fakes:
                continue  # one of our own surrogates: stays, and nothing inside it is replaced
            replacement = known[key]
            self._parts[key].count += 1
            pieces.append(text[pos:start])
            if not (tags and start == pos and replacement == last):  # 浙江省杭州市 → one [地址1]
                pieces.append(replacement)
            pos, last = end, replacement
        pieces.append(text[pos:])
        return "".join(pieces)

    # ---- unmasking -------------------------------------------------------------------------
    def unmask_text(self, text: str) -> str:
        """``text`` (e.g. a model's answer to masked input) with every replacement this Masker
        handed out put back to its original, longest first. A phone, landline, card or QQ
        surrogate regrouped with spaces or dashes is recognised too."""
        if not self._order or not text:
            return text
        literal, grouped = self._unmask_tables()
        pieces, pos = [], 0
        for start, end, key in literal.find(text):
            pieces += [self._unmask_grouped(text[pos:start], grouped), literal.map[key]]
            pos = end
        pieces.append(self._unmask_grouped(text[pos:], grouped))
        return "".join(pieces)

    def unmask_obj(self, obj: Any) -> Any:
        """A copy of a JSON-like value with every string unmasked (dict keys are left alone)."""
        if isinstance(obj, str):
            return self.unmask_text(obj)
        if isinstance(obj, dict):
            return {key: self.unmask_obj(value) for key, value in obj.items()}
        if isinstance(obj, list):
            return [self.unmask_obj(value) for value in obj]
        if isinstance(obj, tuple):
            return tuple(self.unmask_obj(value) for value in obj)
        return obj

    def _unmask_tables(self) -> tuple[_Substrings, dict[str, str]]:
        """replacement → original, and digits of a number surrogate → its original; cached until
        the next new entry. A tag shared by an address and its parts means the whole address."""
        if self._unmasker is not None:
            return self._unmasker
        literal, grouped = _Substrings(), {}
        whole_first = sorted(self._order, key=lambda e: e.part != "")  # stable
        for entry in whole_first:
            if entry.replacement and entry.replacement not in literal.map:
                literal.add(entry.replacement, entry.original)
            if entry.kind in _DIGIT_KINDS:
                digits = _ungroup(entry.replacement)
                if digits.isdigit():
                    grouped.setdefault(digits, _ungroup(entry.original))
        self._unmasker = (literal, grouped)
        return self._unmasker

    @staticmethod
    def _unmask_grouped(text: str, grouped: dict[str, str]) -> str:
        if not grouped or not _has_digit(text):
            return text

        def original(m: re.Match[str]) -> str:
            number = m.group()
            digits = _ungroup(number)
            if digits in grouped:
                return _regroup_like(grouped[digits], number)
            for prefix in ("86", "0086"):  # +86 139 1234 5678
                if digits.startswith(prefix) and digits[len(prefix):] in grouped:
                    cut = len(prefix) + (number[len(prefix)] in " -")
                    return number[:cut] + _regroup_like(grouped[digits[len(prefix):]], number[cut:])
            return number

        return _GROUPED_NUMBER.sub(original, text)


def mask_preview(texts: Iterable[str], mode: str, seed: str = "", *, kinds: Collection[str] = PII_KINDS,
                 lang: str = "zh") -> list[MaskEntry]:
    """What masking ``texts`` (as one chat) would replace: one entry per distinct value."""
    masker = Masker(mode, seed=seed, kinds=kinds, lang=lang)
    for text in texts:
        masker.mask_text(text)
    return masker.hits


def masked_counts_list(counts: dict[str, int], lang: str | None = None) -> str:
    """"3 mobile numbers, 1 IBAN" in the reader's language ('' for none): one message code per
    kind (core/messages/catalogue_masking.py)."""
    from core.messages import current_language, render, say

    lang = lang or current_language()
    parts = [render(say(f"masking.kind.{kind}", n=n), lang) for kind, n in counts.items() if n]
    return ("、" if lang == "zh" else ", ").join(parts)


def masked_counts_text(counts: dict[str, int], lang: str | None = None) -> str:
    """"Personal data masked: 3 mobile numbers, 1 IBAN." in the reader's language ('' for none)."""
    from core.messages import render, say

    what = masked_counts_list(counts, lang)
    return render(say("masking.counts", what=what), lang) if what else ""
