"""A labelled planted-personal-data set: WeChat chats (the older exporter's CSV, as
core.sources.chats.wechat reads it) between fictional customers and a shop, with personal data of
every kind the masker covers planted in realistic sentences beside ordinary numbers (prices,
dates, times, counts, years, versions, order numbers) that must survive masking.

Every value is made up: phone numbers in fictional ranges (555-01xx, 020 7946 0xxx), ID numbers
with random sequence numbers, card numbers from random digits, and so on. Half of the ID and card
numbers carry a wrong check digit on purpose. Some values are first given with a cue word and
later repeated bare in another session of the same chat ("收到…，已登记"): the masker must hide
those too.

``planted_chats(seed, n_chats)`` → chats with their messages and the labels of what was planted;
``write_wechat_csv(path, chats)`` writes them; ``PLANTED_KINDS`` lists the kinds.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import random
import string
from dataclasses import dataclass, field
from pathlib import Path

from stdnum import luhn
from stdnum.cn import ric

from core.text.masking.regions import regions
from core.text.masking.world import _BECH32, _b58encode, _bech32_expand, _bech32_polymod, _hkid_check

PLANTED_KINDS = ("phone", "phone_intl", "landline", "email", "id_card", "bank_card", "foreign_id", "ip", "iban",
                 "wallet", "qq", "wechat", "address", "address_en")
SHOP = "我"  # the exporting user: the shop assistant
START = 1_709_340_000  # 2024-03-02, unix seconds


@dataclass
class Planted:
    kind: str
    value: str  # exactly as written in the chat
    chat: str
    repeated: bool = False  # also written bare, later in another session


@dataclass
class PlantedChat:
    key: str  # the TalkerId
    customer: str
    messages: list[tuple[int, str, int]] = field(default_factory=list)  # (is_sender, text, unix time)
    planted: list[Planted] = field(default_factory=list)
    ordinary: list[str] = field(default_factory=list)  # numbers that must come through unchanged


# ---- value makers (each returns the value as written) -------------------------------------------

def _d(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def _phone(rng: random.Random) -> str:
    number = rng.choice(("138", "139", "150", "186", "177", "199")) + _d(rng, 8)
    style = rng.randrange(4)
    if style == 0:
        return number
    if style == 1:
        return f"{number[:3]} {number[3:7]} {number[7:]}"
    if style == 2:
        return f"+86 {number[:3]}-{number[3:7]}-{number[7:]}"
    return f"{number[:3]}-{number[3:7]}-{number[7:]}"


def _phone_intl(rng: random.Random) -> str:
    return rng.choice((
        lambda: f"+1-{rng.choice(('415', '212', '646', '303'))}-555-01{_d(rng, 2)}",
        lambda: f"+44 20 7946 0{_d(rng, 3)}",
        lambda: f"+44-20-7946-0{_d(rng, 3)}",
        lambda: f"+61 2 5550 {_d(rng, 4)}",
        lambda: f"0049 30 {rng.randint(2, 9)}{_d(rng, 6)}",
        lambda: f"+81 3-{rng.randint(2, 9)}{_d(rng, 3)}-{_d(rng, 4)}",
        lambda: f"({rng.choice(('415', '617', '312'))}) 555-01{_d(rng, 2)}",
        lambda: f"+33 1 {_d(rng, 2)} {_d(rng, 2)} {_d(rng, 2)} {_d(rng, 2)}",
    ))()


def _landline(rng: random.Random) -> str:
    return rng.choice((
        lambda: f"010-6{_d(rng, 7)}",
        lambda: f"(0755)2{_d(rng, 3)}-{_d(rng, 4)}",
        lambda: f"021 5{_d(rng, 3)} {_d(rng, 4)}",
        lambda: f"0571-8{_d(rng, 7)}",
        lambda: f"400-8{_d(rng, 2)}-{_d(rng, 4)}",
        lambda: f"800-{rng.randint(2, 9)}{_d(rng, 2)}-{_d(rng, 4)}",
        lambda: f"(020){rng.randint(2, 9)}{_d(rng, 7)}",
    ))()


_MAIL_NAMES = ("lin.xiao", "chen_si", "liuyang", "zhao.min", "hejun", "sunli", "wangfang", "amy.zhou", "tom_li")


def _email(rng: random.Random) -> str:
    domain = rng.choice(("example.com", "example.cn", "qq.com", "163.com", "mail.example.org"))
    return f"{rng.choice(_MAIL_NAMES)}{rng.randint(1, 999)}@{domain}"


_REGION_CODES = ("110105", "110108", "310104", "330106", "440305", "510107", "420111", "320102", "610113")


def _id_card(rng: random.Random) -> str:
    born = f"{rng.randint(1950, 2004)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    body = rng.choice(_REGION_CODES) + born + _d(rng, 3)
    check = ric.calc_check_digit(body + "0")
    if rng.random() < 0.5:  # a mistyped check digit
        check = rng.choice([c for c in "0123456789X" if c != check])
    return body + check


def _card_digits(rng: random.Random, prefix: str, length: int) -> str:
    body = prefix + _d(rng, length - len(prefix) - 1)
    check = luhn.calc_check_digit(body)
    if rng.random() < 0.5:
        check = rng.choice([c for c in string.digits if c != check])
    return body + check


def _bank_card(rng: random.Random) -> str:
    style = rng.randrange(5)
    if style == 0:
        n = _card_digits(rng, "622202", 19)
        return n
    if style == 1:
        n = _card_digits(rng, rng.choice(("4", "51", "62")), 16)
        return " ".join(n[i:i + 4] for i in range(0, 16, 4))
    if style == 2:
        n = _card_digits(rng, "37", 15)
        return f"{n[:4]} {n[4:10]} {n[10:]}"
    if style == 3:
        n = _card_digits(rng, "621700", 19)
        return f"{n[:6]} {n[6:]}"
    n = _card_digits(rng, "4", 16)
    return "-".join(n[i:i + 4] for i in range(0, 16, 4))


def _hkid(rng: random.Random) -> str:
    letter, digits = rng.choice(string.ascii_uppercase), _d(rng, 6)
    return f"{letter}{digits}({_hkid_check(letter, digits)})"


def _foreign_id(rng: random.Random) -> str:
    return rng.choice((
        lambda: f"{rng.randint(100, 665)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}",
        lambda: f"{rng.choice(('AB', 'CE', 'JG', 'PR'))} {_d(rng, 2)} {_d(rng, 2)} {_d(rng, 2)} {rng.choice('ABCD')}",
        lambda: f"{rng.choice(('AB', 'CE', 'JG', 'PR'))}{_d(rng, 6)}{rng.choice('ABCD')}",
        lambda: _hkid(rng),
        lambda: f"{rng.choice('ABDEFH')}{rng.choice('12')}{_d(rng, 8)}",
    ))()


def _passport(rng: random.Random) -> str:
    return f"{rng.choice(('E', 'G', 'EA', 'P'))}{_d(rng, 8 if rng.random() < 0.7 else 7)}"


def _ip(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return rng.choice((
            lambda: f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            lambda: f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            lambda: f"{rng.randint(11, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
        ))()
    groups = [f"{rng.randrange(0x10000):x}" for _ in range(8)]
    if rng.random() < 0.5:
        return "2001:db8::" + ":".join(groups[:2])
    return ":".join(groups)


_IBAN_BBAN = {"DE": "n18", "GB": "a4n14", "FR": "n23", "ES": "n20", "NL": "a4n10", "IT": "a1n22"}


def _iban(rng: random.Random) -> str:
    country = rng.choice(tuple(_IBAN_BBAN))
    shape = _IBAN_BBAN[country]
    bban = ""
    for part in shape.replace("n", " n").replace("a", " a").split():
        alphabet = string.ascii_uppercase if part[0] == "a" else string.digits
        bban += "".join(rng.choice(alphabet) for _ in range(int(part[1:])))
    moved = bban + country + "00"
    check = f"{98 - int(''.join(str(int(c, 36)) for c in moved)) % 97:02d}"
    iban = country + check + bban
    return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4)) if rng.random() < 0.6 else iban


def _wallet(rng: random.Random) -> str:
    style = rng.randrange(3)
    if style == 0:
        return "0x" + "".join(rng.choice("0123456789abcdefABCDEF") for _ in range(40))
    if style == 1:
        payload = bytes([rng.choice((0, 5))]) + bytes(rng.randrange(256) for _ in range(20))
        return _b58encode(payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4])
    data = [0] + [rng.randrange(32) for _ in range(32)]
    poly = _bech32_polymod(_bech32_expand("bc") + data + [0] * 6) ^ 1
    return "bc1" + "".join(_BECH32[v] for v in data + [(poly >> 5 * (5 - i)) & 31 for i in range(6)])


def _qq(rng: random.Random) -> str:
    return str(rng.randint(10_000_000, 3_999_999_999))


def _wechat(rng: random.Random) -> str:
    return rng.choice(("lin", "chen", "amy", "zhao", "xiao", "tom")) + rng.choice(("_", "")) + \
        "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(rng.randint(5, 9)))


_ROADS = ("建设路", "人民路", "解放大街", "中山路", "文化街", "学府路", "滨江路", "迎宾大道", "青年路", "长江路")
_ESTATES = ("阳光花园小区", "锦绣家园", "翠湖小区", "金桥公寓", "银河大厦", "和平新村")


def _address(rng: random.Random) -> str:
    table = regions()
    province = rng.choice([p for p in table.provinces if p.endswith(("省", "市"))])
    city = rng.choice([c for c in table.cities_of[province] if c.endswith("市")] or [province])
    districts = [d for d in table.districts_of.get(city, ()) if d.endswith(("区", "县")) and len(d) <= 5
                 and not any(u in d[:-1] for u in "省市区县旗镇乡")]
    district = rng.choice(districts or ["朝阳区"])
    admin = (city if province == city else province + city) + district
    if rng.random() < 0.3:
        admin = city + district  # without the province
    if rng.random() < 0.35:
        return f"{admin}{rng.choice(_ESTATES)}{rng.randint(1, 30)}栋{rng.randint(1, 6)}单元{rng.randint(1, 30)}0{rng.randint(1, 4)}室"
    units = rng.choice(("", f"{rng.randint(1, 20)}号楼{rng.randint(1, 4)}单元{rng.randint(101, 2504)}",
                        f"{rng.randint(1, 12)}幢{rng.randint(101, 1802)}室", f"{rng.randint(1, 9)}栋"))
    return f"{admin}{rng.choice(_ROADS)}{rng.randint(1, 999)}号{units}"


_EN_STREETS = ("Maple", "Oak", "Cedar", "Baker", "Elm", "Sunset", "King", "Queen", "Park", "Evergreen")
_EN_SUFFIXES = ("Street", "St", "Avenue", "Ave", "Road", "Rd", "Blvd", "Lane", "Dr", "Drive", "Terrace", "Way")


def _address_en(rng: random.Random) -> str:
    street = f"{rng.randint(1, 9999)} {rng.choice(_EN_STREETS)} {rng.choice(_EN_SUFFIXES)}"
    tail = rng.choice((
        "",
        f", Apt {rng.randint(1, 40)}{rng.choice('ABC')}",
        f", Springfield, IL 627{_d(rng, 2)}",
        f", Suite {rng.randint(100, 999)}, Austin, TX 787{_d(rng, 2)}",
        f", London NW1 {rng.randint(1, 9)}{rng.choice('ABDEF')}{rng.choice('GHJLN')}",
        f", Portland, OR 972{_d(rng, 2)}",
    ))
    return street + tail


MAKERS = {"phone": _phone, "phone_intl": _phone_intl, "landline": _landline, "email": _email,
          "id_card": _id_card, "bank_card": _bank_card, "foreign_id": _foreign_id, "ip": _ip, "iban": _iban,
          "wallet": _wallet, "qq": _qq, "wechat": _wechat, "address": _address, "address_en": _address_en}

# How a customer gives each kind (the value is {v}); {o} is an ordinary number that must stay.
SENTENCES = {
    "phone": ("我手机是{v}，下单{o}件", "电话{v}，到了打我", "你好，我换号了：{v}，之前那单{o}"),
    "phone_intl": ("我在国外，电话 {v}，那边晚上{o}点后方便", "call me at {v} please, order {o}", "国际长途：{v}"),
    "landline": ("打公司座机{v}找前台", "我们店电话 {v}，营业到{o}", "有问题打{v}"),
    "email": ("发票发到{v}，谢谢", "邮箱：{v}，合同{o}份", "email {v}"),
    "id_card": ("身份证号是{v}", "实名信息：{v}，买了{o}张票", "证件 {v} 登记一下"),
    "bank_card": ("退款到这张卡：{v}", "卡号 {v}，退{o}", "转到 {v} 就行"),
    "foreign_id": ("my SSN/ID is {v}", "证件号码 {v}，办{o}年签证", "ID: {v}"),
    "passport": ("护照号 {v}，航班{o}", "passport no. {v}", "护照：{v}"),
    "ip": ("我这边 IP 是 {v}，端口{o}", "服务器 {v} 连不上", "登录地址 {v}"),
    "iban": ("IBAN: {v}", "请汇款到 {v}，金额 {o} 欧", "my IBAN is {v}"),
    "wallet": ("USDT 转到 {v}", "我的钱包地址 {v}，付了{o}", "BTC address: {v}"),
    "qq": ("QQ {v}，加我", "我扣扣是{v}", "qq号：{v}，群号另说"),
    "wechat": ("加我微信 {v}", "vx：{v}，备注订单{o}", "我微信号是{v}"),
    "address": ("寄到{v}，谢谢", "收货地址：{v}", "地址改成{v}吧，{o}号前送到"),
    "address_en": ("Ship to {v}, thanks", "my address is {v}", "寄到国外：{v}"),
}
# Repeated later without any cue, in another session.
REPEATS = ("收到{v}，已登记", "再确认一下 {v} 对吗", "{v} 没错吧？", "就是{v}")

ORDINARY = (
    lambda rng: f"¥{rng.randint(10, 9999)}", lambda rng: f"{rng.randint(10, 999)}.{rng.randint(10, 99)}元",
    lambda rng: f"2024-0{rng.randint(1, 9)}-{rng.randint(10, 28)}", lambda rng: f"{rng.randint(2019, 2025)}年",
    lambda rng: f"{rng.randint(10, 23)}:{rng.randint(10, 59)}", lambda rng: f"{rng.randint(2, 99)}件",
    lambda rng: f"v{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 30)}",
    lambda rng: f"订单号{rng.randint(2024030100000000, 2024033199999999)}",
    lambda rng: f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日", lambda rng: f"{rng.randint(1, 99)}%",
    lambda rng: f"运单号SF{_d(rng, 12)}", lambda rng: f"{rng.randint(100, 5000)}克",
    lambda rng: f"10:{rng.randint(10, 59)}:{rng.randint(10, 59)}",
    lambda rng: f"版本 {rng.randint(1, 12)}.{rng.randint(0, 9)}.{rng.randint(1000, 9999)}",
)
SHOP_REPLIES = ("好的，收到", "已为您登记，{o}前发货", "没问题，运费{o}", "明白，预计{o}送达", "好的亲，共{o}",
                "已备注，谢谢")
CUSTOMERS = ("林晓", "陈思", "刘洋", "赵敏", "何军", "孙丽", "王芳", "周雨", "Amy", "Tom")


def planted_chats(seed: int = 15, n_chats: int = 40, values_per_chat: int = 9) -> list[PlantedChat]:
    """``n_chats`` chats, each with two sessions an hour apart; the customer gives
    ``values_per_chat`` values (kinds in rotation), the shop answers each; a third of the cued
    values come back bare in the second session."""
    rng = random.Random(seed)
    kinds = [*PLANTED_KINDS, "passport"]
    chats: list[PlantedChat] = []
    turn = 0
    for c in range(n_chats):
        chat = PlantedChat(f"wxid_customer{c:03d}", rng.choice(CUSTOMERS) + str(c))
        t = START + c * 86_400
        repeats: list[Planted] = []
        for i in range(values_per_chat):
            kind = kinds[turn % len(kinds)]
            turn += 1
            value = _passport(rng) if kind == "passport" else MAKERS[kind](rng)
            ordinary = rng.choice(ORDINARY)(rng)
            text = rng.choice(SENTENCES[kind]).format(v=value, o=ordinary)
            if "{o}" in text or ordinary in text:
                chat.ordinary.append(ordinary)
            if i == values_per_chat // 2:
                t += 3600  # the second session
            chat.messages.append((0, text, t))
            t += 20
            planted = Planted("foreign_id" if kind == "passport" else kind, value, chat.key)
            chat.planted.append(planted)
            if rng.random() < 0.35 and i < values_per_chat // 2:
                repeats.append(planted)
            reply_number = rng.choice(ORDINARY)(rng)
            chat.ordinary.append(reply_number)
            chat.messages.append((1, rng.choice(SHOP_REPLIES).format(o=reply_number) + f"（{reply_number}）", t))
            t += 20
        for planted in repeats:  # bare, in the second session, answered by the shop
            planted.repeated = True
            chat.messages.append((0, rng.choice(REPEATS).format(v=planted.value), t))
            chat.messages.append((1, "对的，已核实", t + 10))
            t += 30
        chats.append(chat)
    return chats


def write_wechat_csv(path: Path, chats: list[PlantedChat]) -> Path:
    """The older WeChat exporter's CSV (UTF-8 with BOM), all chats in one file."""
    columns = ("localId", "TalkerId", "Type", "SubType", "IsSender", "CreateTime", "Status", "StrContent",
               "StrTime", "Remark", "NickName", "Sender")
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(columns)
        local_id = 0
        for chat in chats:
            for is_sender, text, t in chat.messages:
                local_id += 1
                when = datetime.datetime.fromtimestamp(t, datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")
                sender = "wxid_shop" if is_sender else chat.key
                w.writerow((local_id, chat.key, 1, 0, is_sender, t, 2, text, when, "", chat.customer, sender))
    return path


def all_planted(chats: list[PlantedChat]) -> list[Planted]:
    return [p for chat in chats for p in chat.planted]
