"""Labels and timestamped headers as other exports write them (issue 15, points 2 and 6), through
`python main.py import-chat` / `chat-dialogues`: labels that say nothing in words ("无", "N/A",
every field "未知"), JSON written as a string twice, the labels' key in another case or in Chinese;
ISO headers with milliseconds and a zone; an assistant name typed with another dash than the
chat's. Every name and chat here is made up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.flows.extract_schema import BUILTIN_SCHEMA, example_record
from core.sources.chats.competition import split_chat_text
from core.sources.chats.labels import EMPTY, LABELLED, NONE, read_labels
from core.sources.chats.names import same_names
from core.store import SampleFilter, Store

ROOT = Path(__file__).resolve().parent.parent
FORM = example_record(BUILTIN_SCHEMA)
UNKNOWN = {k: ("未知" if isinstance(v, str) else []) for k, v in FORM.items()}


def cli(*args) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "--lang", "en", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, env=env)


@pytest.mark.parametrize(("value", "state"), [
    ("N/A", NONE), ("无", NONE), ("-", NONE), (json.dumps("[]"), EMPTY),  # "\"[]\"": JSON in a string, twice
    ([UNKNOWN], EMPTY), ([{**UNKNOWN, "基本信息-姓名": "无"}], EMPTY), ([{"基本信息-姓名": "N/A", "意向产品": ["无"]}], EMPTY),
    (json.dumps(json.dumps([{"基本信息-姓名": ""}])), EMPTY),
    ([{**UNKNOWN, "基本信息-姓名": "鲁青"}], LABELLED),  # one real value among the "未知"s
    (json.dumps(json.dumps([{"基本信息-姓名": "鲁青"}], ensure_ascii=False), ensure_ascii=False), LABELLED),
])
def test_labels_that_say_nothing_in_words_are_not_labels(value, state):
    read = read_labels({"chat_text": "甲1：你好", "infos": value})
    assert read.state == state and read.problem is None
    if state == LABELLED:
        assert read.labels[0]["基本信息-姓名"] == "鲁青"


@pytest.mark.parametrize("key", ["Infos", "INFOS", " infos ", "标注", "Labels"])
def test_the_labels_key_in_another_case_or_in_chinese_is_found(key):
    read = read_labels({"chat_text": "甲1：你好", key: [{"基本信息-姓名": "鲁青"}]})
    assert read.state == LABELLED and read.key == key


def chat(i: int) -> str:
    return f"顾问葛蓝1：您好，这里是云杉家具\n客户鲁{i}3：想了解第{i}款书柜\n顾问葛蓝1：好的"


def test_import_makes_samples_only_of_real_labels_whatever_the_key_and_the_words(tmp_path):
    real = [{**{k: ("" if isinstance(v, str) else []) for k, v in FORM.items()}, "基本信息-姓名": "鲁青"}]
    records = [
        {"chat_text": chat(1), "Infos": real},  # labelled, key capitalised
        {"chat_text": chat(2), "Infos": [UNKNOWN]},  # every field 未知: empty
        {"chat_text": chat(3), "Infos": "N/A"},  # nothing
        {"chat_text": chat(4), "Infos": json.dumps("[]")},  # "\"[]\"": empty, not a skipped record
    ]
    path = tmp_path / "train.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    project = tmp_path / "l.corpus"
    r = cli("import-chat", "--project", project, path)
    assert r.returncode == 0, r.stderr
    assert "4 chat(s)" in r.stdout and "1 labelled → 1 extraction samples" in r.stdout and "skipped" not in r.stdout
    with Store(project) as store:
        (sample,) = store.iter_samples()
        assert json.loads(sample.turns[-1].text)[0]["基本信息-姓名"] == "鲁青"
    # "no customer" for the two empty ones only on the user's word
    again = tmp_path / "m.corpus"
    r = cli("import-chat", "--project", again, path, "--empty-labels-are-answers")
    assert r.returncode == 0, r.stderr
    with Store(again) as store:
        outputs = sorted(s.turns[-1].text for s in store.iter_samples())
    assert len(outputs) == 3 and outputs.count("[]") == 2  # chat 3 ("N/A") says nothing at all


ISO_CHAT = "\n".join([
    "2024-05-06T09:00:01.120+08:00 Amy Chen:", "Hi, this is Pine Tea support.",
    "2024-05-06T09:01:15.004+08:00 Tom Lee:", "My order has not arrived.", "Order 2024-05-01 10:00 was paid.",
    "2024-05-06T09:02:00.500+08:00 Amy Chen:", "Let me check the waybill.",
    "2024-05-06T09:03:00Z Tom Lee:", "Thanks",
])


def test_iso_headers_with_milliseconds_and_a_zone_are_headers():
    messages, _, _ = split_chat_text(ISO_CHAT)
    assert [m.sender for m in messages] == ["Amy Chen", "Tom Lee", "Amy Chen", "Tom Lee"]
    assert messages[1].text == "My order has not arrived.\nOrder 2024-05-01 10:00 was paid."
    assert all(m.time is not None for m in messages)
    assert messages[1].time - messages[0].time == 74  # the fraction is read, not counted


def test_an_assistant_typed_with_another_dash_is_the_chats_own_name(tmp_path):
    assert same_names({"客服-阿敏"}, ["客服—阿敏", "客服 – 阿敏", "客服－阿敏", "阿敏", "客服一阿敏"]) == {
        "客服-阿敏", "客服—阿敏", "客服 – 阿敏", "客服－阿敏"}  # 一 is a letter, not a dash
    text = "\n".join(["2024-03-02 10:01:12 客服—阿敏：", "您好，松间茶具", "2024-03-02 10:02:00 顾客—老周：", "物流到哪了",
                      "2024-03-02 10:03:00 客服—阿敏：", "已经到青石县了"])
    path = tmp_path / "dash.json"
    path.write_text(json.dumps([{"chat_text": text}, {"chat_text": ISO_CHAT}], ensure_ascii=False), encoding="utf-8")
    project = tmp_path / "d.corpus"
    assert cli("import-chat", "--project", project, path).returncode == 0
    r = cli("chat-dialogues", "--project", project, "--assistant", "客服-阿敏", "--assistant", "amy chen")
    assert r.returncode == 0, r.stdout + r.stderr
    with Store(project) as store:
        samples = list(store.iter_samples(SampleFilter(kind="dialogue")))
    answers = {t.text for s in samples for t in s.turns if t.role == "assistant"}
    assert answers == {"已经到青石县了", "Let me check the waybill."}
    r = cli("chat-dialogues", "--project", project, "--assistant", "阿敏")  # a part of a name is not the name
    assert r.returncode == 1 and "Nobody called 阿敏" in r.stderr


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))
