"""Masking on shapes the planted-data fixtures do not use (an adversarial second read of issue 15
point 4): ID numbers written in groups, IBANs typed in lower case, village addresses that end in
a group (村…组) instead of a house number, and ordinary numbers that look like a 400 number or an
IPv4 address. End to end through the real CLI: a labelled competition chat, its dialogue and its
extraction labels exported with masking; nothing planted is left in the file or its report.
Everyone and every number here is made up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from stdnum.cn import ric

from core.text.masking import Masker, find_pii
from core.text.masking.world import iban_checksum_ok

ROOT = Path(__file__).resolve().parent.parent


def cli(*args) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, env=env)


@pytest.mark.parametrize("sentence, value", [
    ("身份证110105 19490101 002X", "110105 19490101 002X"),
    ("证件 110105-19490101-002x 已核对", "110105-19490101-002x"),
    ("念一下：330106 1985 0312 4418", "330106 1985 0312 4418"),  # wrong check digit, still ID-shaped
])
def test_id_numbers_written_in_groups_are_found_and_keep_their_grouping(sentence, value):
    hits = find_pii(sentence)
    assert [(h.kind, h.text) for h in hits] == [("id_card", value)]
    masked = Masker(seed="grouped").mask_text(sentence)
    fake = masked[sentence.index(value):sentence.index(value) + len(value)]
    assert fake != value and [c for c in fake if not c.isalnum()] == [c for c in value if not c.isalnum()]
    compact = fake.replace(" ", "").replace("-", "")
    assert compact[:6] == value[:6] and ric.is_valid(compact)


def test_a_grouped_id_and_its_unbroken_copy_get_one_surrogate():
    m = Masker(seed="chat")
    text = m.mask_text("身份证 110105 19490101 002X，再报一遍：11010519490101002x")
    assert "19490101" not in text and "002" not in text
    assert len(m.hits) == 1 and m.counts()["id_card"] == 2


@pytest.mark.parametrize("sentence, value", [
    ("汇款到 gb82 west 1234 5698 7654 32 就行", "gb82 west 1234 5698 7654 32"),
    ("iban: de89370400440532013000", "de89370400440532013000"),
])
def test_lower_case_ibans_with_valid_check_digits_are_found(sentence, value):
    assert [(h.kind, h.text) for h in find_pii(sentence)] == [("iban", value)]
    m = Masker(seed="iban")
    assert value not in m.mask_text(sentence)
    assert iban_checksum_ok(m.hits[0].replacement)  # valid where the original was


def test_lower_case_iban_shapes_with_a_wrong_checksum_are_not_ibans():
    assert find_pii("编号 de12 abcd 1234 5678 9012 34 不是账户") == []


@pytest.mark.parametrize("sentence, value", [
    ("老家在河南省周口市淮阳区王店乡李庄村3组", "河南省周口市淮阳区王店乡李庄村3组"),
    ("寄到四川省成都市郫都区唐昌镇战旗村12组", "四川省成都市郫都区唐昌镇战旗村12组"),
])
def test_village_addresses_ending_in_a_group_are_found(sentence, value):
    assert [(h.kind, h.text) for h in find_pii(sentence)] == [("address", value)]


@pytest.mark.parametrize("sentence", [
    "订单 4000123456 已发货", "单号4000123456", "版本 1.2.3.4 已发布", "固件版本号：2.0.1.8", "build 6.1.7601.1",
    "村里3组的人都来了", "我们项目组3组负责",
])
def test_order_numbers_versions_and_group_words_are_not_pii(sentence):
    assert find_pii(sentence) == []


def test_a_400_number_and_an_ip_without_those_words_are_still_masked():
    assert [h.kind for h in find_pii("客服 4008208820，服务器 10.0.0.12")] == ["landline", "ip"]


# ---- end to end through the CLI -------------------------------------------------------------------

PLANTED = ["+86 138 0013 8000", "(+86)13911112222", "+852 9123 4567", "+81-90-1234-5678", "010-6552 9988",
           "6222 0212 3456 7890 128", "110105 19490101 002X", "gb82 west 1234 5698 7654 32", "fe80::1",
           "0x52908400098527886E0F7030069857D2E4169EE7", "文三路90号", "李庄村3组",
           "1600 Pennsylvania Ave NW", "zhang.san+shop@example.com", "123456789"]
ORDINARY = ["202403021011120001", "20240302101112", "¥12,345.00", "v2.13.4", "583920", "iPhone 15", "RTX4090",
            "订单 4000123456", "版本 1.2.3.4"]
CHAT = "\n".join([
    "林晓2：您好，这里是星河家居，请留下联系方式",
    "赵磊5：电话 +86 138 0013 8000，也可以打 (+86)13911112222",
    "赵磊5：香港 +852 9123 4567，日本 +81-90-1234-5678，办公室 010-6552 9988 转 8021",
    "林晓2：好的，订单号 202403021011120001，下单时间 20240302101112，总价 ¥12,345.00",
    "赵磊5：卡号 6222 0212 3456 7890 128，身份证 110105 19490101 002X",
    "林晓2：系统 v2.13.4，验证码 583920，iPhone 15 和 RTX4090 都有货，订单 4000123456，版本 1.2.3.4",
    "赵磊5：汇款用 gb82 west 1234 5698 7654 32，服务器 fe80::1%eth0，钱包 0x52908400098527886E0F7030069857D2E4169EE7",
    "赵磊5：送到杭州市西湖区文三路90号3幢，我爸在河南省周口市淮阳区王店乡李庄村3组",
    "赵磊5：美国朋友 1600 Pennsylvania Ave NW, Apt 4B, Washington, DC 20500-0003",
    "赵磊5：邮箱 zhang.san+shop@example.com，QQ 123456789",
    "林晓2：收到 13800138000、11010519490101002x 和 123456789，已登记，文三路90号3幢周六送",
])


def test_unseen_shapes_end_to_end_chat_and_labels_masked_alike_nothing_in_clear(tmp_path):
    """import-chat (labelled) → chat-dialogues → export --mask surrogate: no planted value in the
    file, every ordinary number as written, the label's phone number masked to the same fake as the
    chat's (whatever the grouping), and the export's report line holds counts only."""
    labels = {"基本信息-姓名": "赵磊", "基本信息-手机号码": "13800138000", "基本信息-邮箱": "zhang.san+shop@example.com",
              "基本信息-地区": "浙江省杭州市", "基本信息-详细地址": "西湖区文三路90号3幢", "意向产品": ["沙发"],
              "下一步跟进计划-具体事项": "回电 +852 9123 4567"}
    chat_file = tmp_path / "train.json"
    chat_file.write_text(json.dumps([{"chat_text": CHAT, "infos": [labels]}], ensure_ascii=False), encoding="utf-8")
    project, out = tmp_path / "p.corpus", tmp_path / "out.json"
    assert cli("import-chat", "--project", project, chat_file).returncode == 0
    assert cli("chat-dialogues", "--project", project, "--assistant", "林晓2").returncode == 0
    done = cli("export", "--project", project, "--format", "sharegpt", "--all", "--out", out,
               "--repeat-to", "4", "--no-dataset-info")
    assert done.returncode == 0, done.stderr
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert len(rows) == 4  # the extraction sample and the dialogue, repeated to 4
    text = json.dumps(rows, ensure_ascii=False)
    assert [v for v in PLANTED if v in text] == []
    assert [v for v in ORDINARY if v not in text] == []
    extraction = next(r for r in rows if r["conversations"][0]["value"].startswith("请从"))
    answer = json.loads(extraction["conversations"][1]["value"])[0]
    fake_phone = answer["基本信息-手机号码"]
    assert fake_phone != "13800138000" and fake_phone in extraction["conversations"][0]["value"].replace(" ", "")
    assert answer["基本信息-详细地址"] in extraction["conversations"][0]["value"]
    report = (tmp_path / "out.export.json").read_text(encoding="utf-8") + done.stdout + done.stderr
    assert [v for v in PLANTED if v in report] == []
