"""Privacy masking: detection of every kind, the things that must NOT be detected, consistency,
tags, surrogate validity and determinism. All people, numbers and addresses are fictional."""

from __future__ import annotations

import re

import pytest
from stdnum import luhn
from stdnum.cn import ric

from core.text.masking import PII_KINDS, MaskEntry, Masker, PiiHit, find_pii, mask_preview, normalise

# Checksum-valid fictional ID numbers (region codes of real districts) and Luhn-valid card numbers.
ID_X = "11010519491231002X"
ID_DIGIT = "330106198511204133"
ID_ALSO_LUHN = "440306199003072518"  # valid ID checksum AND valid Luhn: must be an ID
CARD_19 = "6222020200001234562"
CARD_16 = "4367420012345673"
CARD_BAD_LUHN = "6222020200001234567"


def kinds_and_texts(text: str, **kw) -> list[tuple[str, str]]:
    return [(h.kind, h.text) for h in find_pii(text, **kw)]


def id_checksum_ok(number: str) -> bool:
    return ric.calc_check_digit(number) == number[-1]


# --- detection -------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, expected", [
    ("我手机是13800138000，有事打给我", "13800138000"),
    ("王老师的电话：+86 139 1234 5678。", "+86 139 1234 5678"),
    ("联系人李娜 86-159-8765-4321 下午在", "86-159-8765-4321"),
    ("打0086 18612345678也行", "0086 18612345678"),
    ("快递单上写的是138****1234", "138****1234"),
    ("客服说尾号是139xxxx5678的那位", "139xxxx5678"),
    ("call me at 17712345678 tomorrow", "17712345678"),
])
def test_mobile_numbers_are_found(sentence, expected):
    assert kinds_and_texts(sentence) == [("phone", expected)]


@pytest.mark.parametrize("sentence, expected", [
    ("公司前台 0755-23456789，工作日可打", "0755-23456789"),
    ("北京办公室(010)62345678转人工", "(010)62345678"),
    ("座机 021 5432 1098", None),  # a local number split in two is not matched (documented limit)
    ("总机 0571 88886666", "0571 88886666"),
])
def test_landlines_are_found(sentence, expected):
    hits = kinds_and_texts(sentence, kinds=("landline",))
    assert hits == ([("landline", expected)] if expected else [])


def test_emails_are_found_in_chinese_text():
    text = "简历发到zhang.wei+hr@example.com.cn，抄送 12345678@qq.com。"
    assert kinds_and_texts(text) == [("email", "zhang.wei+hr@example.com.cn"), ("email", "12345678@qq.com")]


def test_valid_id_cards_are_found_with_and_without_x():
    text = f"身份证号：{ID_X}，她的是 {ID_DIGIT.lower()}。"
    assert kinds_and_texts(text) == [("id_card", ID_X), ("id_card", ID_DIGIT)]


def test_bank_cards_are_found_by_luhn_grouped_or_not():
    grouped = "6222 0202 0000 1234 562"
    text = f"转到{grouped}，或者另一张{CARD_16}吧"
    assert kinds_and_texts(text) == [("bank_card", grouped), ("bank_card", CARD_16)]


def test_bank_card_failing_luhn_needs_a_cue_word():
    assert not luhn.is_valid(CARD_BAD_LUHN)
    assert kinds_and_texts(f"这串数字{CARD_BAD_LUHN}是什么") == []
    assert kinds_and_texts(f"我的银行卡号是{CARD_BAD_LUHN}") == [("bank_card", CARD_BAD_LUHN)]
    assert kinds_and_texts(f"收款账号：{CARD_BAD_LUHN}") == [("bank_card", CARD_BAD_LUHN)]


def test_qq_numbers_only_after_a_cue_and_only_the_number():
    text = "加我QQ 12345678，或者qq号:987654321，扣扣是55667788"
    starts = [text.index(n) for n in ("12345678", "987654321", "55667788")]
    assert find_pii(text) == [
        PiiHit("qq", starts[0], starts[0] + 8, "12345678"),
        PiiHit("qq", starts[1], starts[1] + 9, "987654321"),
        PiiHit("qq", starts[2], starts[2] + 8, "55667788"),
    ]
    assert text[starts[0] - 3:starts[0]] == "QQ "  # the cue is not part of the hit
    assert kinds_and_texts("房间号 12345678，随便说个数 987654321") == []


def test_wechat_ids_only_after_a_cue():
    text = "我微信是 zhangwei_1988，vx：abc123456，或者搜 wxid_k3j9x0a2"
    assert kinds_and_texts(text) == [
        ("wechat", "zhangwei_1988"), ("wechat", "abc123456"), ("wechat", "wxid_k3j9x0a2")]
    assert kinds_and_texts("I use wxPython and Wechat happily, vx or wx whatever") == []
    assert kinds_and_texts("WeChat: zhangwei") == [("wechat", "zhangwei")]
    assert kinds_and_texts("微信 zhangwei") == [("wechat", "zhangwei")]
    assert kinds_and_texts("my name is zhangwei_1988") == []


def test_phone_given_as_wechat_id_is_a_phone():
    assert kinds_and_texts("加vx13912345678备注来意") == [("phone", "13912345678")]
    assert kinds_and_texts("加vx13912345678备注来意", kinds=("wechat",)) == [("wechat", "13912345678")]


@pytest.mark.parametrize("sentence, expected", [
    ("收货地址：浙江省杭州市西湖区文三路478号3幢201室，谢谢", "浙江省杭州市西湖区文三路478号3幢201室"),
    ("我家住在北京市朝阳区建国路88号院3号楼2单元1201", "北京市朝阳区建国路88号院3号楼2单元1201"),
    ("今天杭州西湖区北山街道曙光路12号见", "杭州西湖区北山街道曙光路12号"),
    ("寄到上海市浦东新区张江镇祖冲之路887弄71号", "上海市浦东新区张江镇祖冲之路887弄71号"),
    ("老家是江西省赣州市于都县贡江镇长征村12号", "江西省赣州市于都县贡江镇长征村12号"),
    ("他搬去和平区南京路12号了", "和平区南京路12号"),
])
def test_addresses_are_found_without_the_words_before_them(sentence, expected):
    assert kinds_and_texts(sentence) == [("address", expected)]


# --- what must not be masked -----------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "会议定在2023-06-12 13:45:10开始",
    "今天是20230612，明天 2023/06/13",
    "这件才￥1380，那件¥13800.00",
    "订单号 20230612000123 已发货",
    "运单号：SF1380013800012",
    "流水号12345678901234567",  # 17 digits
    "序号013800138000",  # a mobile number inside a longer run
    "编码 138001380001",
    "客服热线 400-800-8888",
    "上海市区的人都知道12号放假",
    "我们6月12号在市中心那条路口见",
    "版本号 v13800138000 已发布",
])
def test_dates_times_prices_and_order_numbers_are_not_pii(sentence):
    assert find_pii(sentence) == []


def test_18_digits_with_a_wrong_checksum_are_an_id_only_after_a_cue():
    wrong = ID_DIGIT[:-1] + "0"
    assert not id_checksum_ok(wrong) and not luhn.is_valid(wrong)
    assert find_pii(f"编号{wrong}") == []
    assert kinds_and_texts(f"身份证 {wrong} 好像输错了") == [("id_card", wrong)]


def test_impossible_birth_date_is_not_an_id():
    body = "11010519491331002"  # month 13
    number = body + ric.calc_check_digit(body + "0")
    assert find_pii(f"编号{number}", kinds=("id_card",)) == []


def test_luhn_valid_order_numbers_are_not_cards():
    order = "6123456789012344"
    assert luhn.is_valid(order)
    assert find_pii(f"订单号：{order}") == []
    assert find_pii(f"快递单号{order}") == []
    assert kinds_and_texts(f"卡号 {order}") == [("bank_card", order)]


@pytest.mark.parametrize("text", [
    "user@localhost", "请发 a@b 给我", "user@@example.com", "@qq.com 是后缀", "abc@.com",
    "zhang..wei@qq.com", "name@domain.c", "邮箱是 foo@-bar.com",
])
def test_invalid_email_like_strings_are_not_emails(text):
    assert find_pii(text, kinds=("email",)) == []


# --- overlaps and kinds ----------------------------------------------------------------------

def test_longest_and_most_specific_hit_wins():
    assert kinds_and_texts("发到13800138000@163.com") == [("email", "13800138000@163.com")]
    assert luhn.is_valid(ID_ALSO_LUHN) and id_checksum_ok(ID_ALSO_LUHN)
    assert kinds_and_texts(f"号码{ID_ALSO_LUHN}") == [("id_card", ID_ALSO_LUHN)]


def test_kinds_limit_the_search_and_unknown_kinds_are_refused():
    text = f"手机13800138000，邮箱a.b@qq.com，身份证{ID_X}"
    assert kinds_and_texts(text, kinds=("email", "id_card")) == [("email", "a.b@qq.com"), ("id_card", ID_X)]
    with pytest.raises(ValueError, match="passport"):
        find_pii(text, kinds=("passport",))


def test_normalise_makes_differently_written_values_equal():
    assert normalise("phone", "+86 138-0013-8000") == "13800138000"
    assert normalise("phone", "138XXXX1234") == "138xxxx1234"
    assert normalise("landline", "(010)62345678") == normalise("landline", "010-62345678") == "010-62345678"
    assert normalise("bank_card", "6222 0202 0000 1234 562") == CARD_19
    assert normalise("email", "Zhang.Wei@QQ.com") == "zhang.wei@qq.com"


# --- tag mode --------------------------------------------------------------------------------

def test_tags_are_numbered_per_kind_in_first_seen_order():
    m = Masker("tag")
    out = m.mask_text("A 13800138000，B 13912345678，A again 138 0013 8000，邮箱 x.y@qq.com")
    assert out == "A [手机号1]，B [手机号2]，A again [手机号1]，邮箱 [邮箱1]"
    assert m.mask_text("QQ 12345678 微信 zhangwei_1988") == "QQ [QQ号1] 微信 [微信号1]"
    assert m.mask_text(f"身份证{ID_X} 卡号{CARD_16} 座机0755-23456789") == (
        "身份证[身份证号1] 卡号[银行卡号1] 座机[固话1]")
    assert m.mask_text("寄到北京市朝阳区建国路88号") == "寄到[地址1]"


def test_english_tags():
    m = Masker("tag", lang="en")
    assert m.mask_text("13800138000 / a.b@qq.com / 13912345678 / 13800138000") == (
        "[PHONE_1] / [EMAIL_1] / [PHONE_2] / [PHONE_1]")
    assert m.mask_text(f"卡号{CARD_16}") == "卡号[BANK_CARD_1]"


# --- consistency -----------------------------------------------------------------------------

def test_same_value_same_replacement_across_text_and_json():
    m = Masker(seed="chat-1")
    masked_text = m.mask_text("我电话 138 0013 8000，邮箱 Zhang.Wei@qq.com")
    record = {
        "phone": "13800138000",
        "13800138000": ["tel: +86 13800138000", {"mail": "zhang.wei@qq.com"}],
        "n": 13800138000,
        "ok": True,
        "none": None,
    }
    masked = m.mask_obj(record)
    phone_fake = m.hits[0].replacement
    mail_fake = m.hits[1].replacement
    assert masked_text == f"我电话 {phone_fake}，邮箱 {mail_fake}"
    assert masked == {
        "phone": phone_fake,
        "13800138000": [f"tel: {phone_fake}", {"mail": mail_fake}],  # keys untouched
        "n": 13800138000,  # only strings are masked
        "ok": True,
        "none": None,
    }
    assert record["phone"] == "13800138000"  # the input is not changed
    assert [(e.kind, e.original, e.count) for e in m.hits] == [
        ("phone", "13800138000", 3), ("email", "zhang.wei@qq.com", 2)]
    assert m.counts() == {"phone": 3, "landline": 0, "email": 2, "id_card": 0, "bank_card": 0,
                          "qq": 0, "wechat": 0, "address": 0}


def test_different_values_get_different_surrogates():
    m = Masker(seed="s")
    numbers = [f"1380013{i:04d}" for i in range(200)]
    m.mask_text(" ".join(numbers))
    replacements = [e.replacement for e in m.hits]
    assert len(replacements) == 200 and len(set(replacements)) == 200
    assert not set(replacements) & set(numbers)


def test_masking_twice_changes_nothing_more():
    m = Masker(seed="s")
    text = (f"电话13800138000 座机0755-23456789 邮箱a.b@example.com 身份证{ID_X} 卡号 6222 0202 0000 1234 562 "
            "QQ 12345678 微信 zhangwei_1988 地址浙江省杭州市西湖区文三路478号3幢201室")
    once = m.mask_text(text)
    assert m.mask_text(once) == once
    assert m.counts() == dict.fromkeys(PII_KINDS, 1)


def test_masker_with_few_kinds_leaves_the_rest():
    m = Masker("tag", kinds=("email",))
    assert m.mask_text("13800138000 a.b@qq.com") == "13800138000 [邮箱1]"
    assert m.counts() == {"email": 1}


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="mode"):
        Masker("blur")
    with pytest.raises(ValueError, match="language"):
        Masker("tag", lang="fr")


# --- surrogates ------------------------------------------------------------------------------

def surrogate(text: str, seed: str = "s") -> tuple[str, MaskEntry]:
    m = Masker(seed=seed)
    out = m.mask_text(text)
    (entry,) = m.hits
    return out, entry


def test_phone_surrogate_is_a_plausible_mobile_number():
    for i in range(50):
        original = f"1391234{i:04d}"
        _, entry = surrogate(original)
        assert re.fullmatch(r"1[3589][0-9]{9}", entry.replacement)
        assert entry.replacement[:3] in {f"{p}{d}" for p in (13, 15, 18, 19) for d in range(10)}
        assert entry.replacement != original


def test_partly_masked_phone_stays_masked_in_the_same_pattern():
    out, entry = surrogate("尾号 139xxxx5678")
    assert re.fullmatch(r"尾号 1[3589][0-9]xxxx[0-9]{4}", out)
    assert entry.original == "139xxxx5678" and entry.replacement != entry.original
    _, entry = surrogate("1381234****")
    assert re.fullmatch(r"1[3589][0-9]{5}\*{4}", entry.replacement)


def test_landline_surrogate_keeps_the_area_code():
    _, entry = surrogate("(0755)23456789")
    assert re.fullmatch(r"0755-[2-9][0-9]{7}", entry.replacement)
    assert entry.replacement != "0755-23456789"


def test_id_card_surrogate_has_a_valid_checksum_and_the_same_region():
    for original in (ID_X, ID_DIGIT, ID_ALSO_LUHN):
        _, entry = surrogate(f"身份证{original}")
        fake = entry.replacement
        assert len(fake) == 18 and fake[:6] == original[:6] and fake != original
        assert id_checksum_ok(fake)
        assert 1960 <= ric.get_birth_date(fake).year <= 2004


def test_bank_card_surrogate_is_luhn_valid_with_the_same_bin_and_grouping():
    out, entry = surrogate("卡号 6222 0202 0000 1234 562 请转账")
    fake = entry.replacement
    assert luhn.is_valid(fake) and fake[:6] == "622202" and len(fake) == 19 and fake != CARD_19
    grouped = " ".join([fake[0:4], fake[4:8], fake[8:12], fake[12:16], fake[16:]])
    assert out == f"卡号 {grouped} 请转账"


def test_email_surrogate_keeps_big_providers_and_hides_other_domains():
    _, entry = surrogate("zhang.wei@qq.com")
    assert entry.replacement.endswith("@qq.com") and entry.replacement != "zhang.wei@qq.com"
    assert re.fullmatch(r"[a-z]+[._]?[a-z]+[0-9]+@qq\.com", entry.replacement)
    _, entry = surrogate("12345678@qq.com")
    assert re.fullmatch(r"[1-9][0-9]{7}@qq\.com", entry.replacement)
    _, entry = surrogate("li.na@secret-employer.com.cn")
    assert "secret-employer" not in entry.replacement
    assert find_pii(entry.replacement) == [PiiHit("email", 0, len(entry.replacement), entry.replacement)]


def test_qq_and_wechat_surrogates_keep_their_shape_and_the_cue():
    out, entry = surrogate("QQ号：12345678")
    assert re.fullmatch(r"QQ号：[1-9][0-9]{7}", out) and entry.replacement != "12345678"
    out, entry = surrogate("微信 zhangwei_1988")
    assert re.fullmatch(r"微信 [a-z][a-z0-9]{12}", out) and entry.replacement != "zhangwei_1988"
    _, entry = surrogate("wxid_k3j9x0a2")
    assert re.fullmatch(r"wxid_[a-z0-9]{8}", entry.replacement) and entry.replacement != "wxid_k3j9x0a2"


def test_address_surrogate_has_the_same_granularity():
    original = "浙江省杭州市西湖区文三路478号3幢201室"
    out, entry = surrogate(f"地址：{original}")
    fake = entry.replacement
    assert fake != original
    assert re.fullmatch(r"[一-鿿]+省[一-鿿]+市[一-鿿]+区[一-鿿]+路[1-9][0-9]*号[1-9]幢[1-9][0-9]{2}室", fake)
    assert find_pii(fake) == [PiiHit("address", 0, len(fake), fake)]
    _, entry = surrogate("北京市朝阳区建国路88号")
    assert re.fullmatch(r"[一-鿿]+市[一-鿿]+区[一-鿿]+路[1-9][0-9]*号", entry.replacement)


def test_surrogates_are_deterministic_per_seed_and_independent_of_order():
    text = f"13800138000 a.b@qq.com 身份证{ID_X} 卡号{CARD_16} QQ 12345678 北京市朝阳区建国路88号"
    first = Masker(seed="chat-7").mask_text(text)
    assert Masker(seed="chat-7").mask_text(text) == first
    other = Masker(seed="chat-8").mask_text(text)
    assert other != first
    assert first.split()[0] != other.split()[0]  # the phone differs, not just some field
    # a value's surrogate does not depend on what came before it in the chat
    a, b = Masker(seed="x"), Masker(seed="x")
    a.mask_text("13800138000 13912345678")
    b.mask_text("13912345678 13800138000")
    assert {e.original: e.replacement for e in a.hits} == {e.original: e.replacement for e in b.hits}


def test_mask_preview_lists_each_value_once():
    entries = mask_preview(["我手机13800138000", "再说一遍 138-0013-8000", "邮箱 a.b@qq.com"], "tag")
    assert entries == [
        MaskEntry("phone", "13800138000", "[手机号1]", 2),
        MaskEntry("email", "a.b@qq.com", "[邮箱1]", 1),
    ]
    assert PII_KINDS == ("phone", "landline", "email", "id_card", "bank_card", "qq", "wechat", "address")
