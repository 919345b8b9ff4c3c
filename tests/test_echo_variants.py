"""Echoes as weak models really vary them: the blank form filled with "未知"/"无"/"N/A"/"null",
its choice hints with another separator, its field names as values, the example with an article
("The first question"), all wrapped in prose and a code fence — and the real answers beside them
that must pass (one real field among "无"s, a field whose choices include "无"). End to end through
`python main.py generate extract` against the local fake server (tests/fake_openai.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fake_openai import DEFAULT_KEY, FakeOpenAI, first_user_message

from core.flows.extract_schema import BUILTIN_SCHEMA, example_record
from core.llm.templates import builtin_template
from core.messages import code_of
from core.store import Store
from core.text.echo import EchoRule, blank_record

ROOT = Path(__file__).resolve().parent.parent
FORM = example_record(BUILTIN_SCHEMA)


def filled(word: str, lists: list | None = None) -> dict:
    """The form with every text field `word` and every list field `lists` (default [])."""
    return {k: (word if isinstance(v, str) else list(lists or [])) for k, v in FORM.items()}


@pytest.mark.parametrize("record", [
    filled("未知"), filled("无", ["无"]), filled("N/A", ["N/A"]), filled("null"), filled("Ｎ／Ａ"), filled("-"),
    filled("不详", ["暂无"]),
    {k: (v.replace("|", "/") if isinstance(v, str) else []) for k, v in FORM.items()},  # 充足/不充足
    {k: (v.replace("|", " | ") if isinstance(v, str) else []) for k, v in FORM.items()},
    {"基本信息-姓名": "姓名", "基本信息-手机号码": "手机号码", "咨询类型": ["咨询类型"]},  # the field names as values
])
def test_the_form_filled_with_words_for_nothing_is_a_blank_record(record):
    assert blank_record(record, FORM)
    rule = EchoRule.of(builtin_template("chat_extract", "zh"), example_record=FORM)
    assert code_of(rule.find([record]).message()) == "echo.blank_record"
    assert rule.find({"infos": [record]}) is not None


@pytest.mark.parametrize("record", [
    {**filled("无"), "基本信息-姓名": "鲁青"},  # one real field among the "无"s
    {**filled(""), "客户是否有意向": "无意向"},  # a choice is an answer
    {**filled(""), "基本信息-详细地址": "未知路 3 号"},  # a value that starts like a word for nothing
    {**filled(""), "客户预算-总体预算金额": 0},  # a number is information
])
def test_a_record_with_one_real_value_is_an_answer(record):
    assert not blank_record(record, FORM)
    assert EchoRule.of(builtin_template("chat_extract", "zh"), example_record=FORM).find([record]) is None


def test_a_field_whose_choices_include_a_word_for_nothing_takes_it_as_an_answer():
    form = {"姓名": "", "是否有异议": "有|无"}
    assert not blank_record({"姓名": "", "是否有异议": "无"}, form)
    assert blank_record({"姓名": "无", "是否有异议": ""}, form)


def test_the_example_with_an_article_or_without_it_is_a_placeholder():
    questions = EchoRule.of(builtin_template("qa_questions", "en"))
    assert questions.find({"questions": ["The first question", "A second question."]}).kind == "placeholder"
    answer = EchoRule.of(builtin_template("qa_answer", "en"), ignore_keys=("reasoning",))
    assert answer.find({"answer": "answer", "found": True}).kind == "placeholder"
    assert questions.find({"questions": ["The first question Lin Wan asked was about the inn?"]}) is None
    assert answer.find({"answer": "The answer is in the ledger.", "found": True}) is None


# ---- end to end: the CLI against a weak model -------------------------------------------------------------
CHATS = {  # fictional chats; the customer's name picks the weak model's answer
    "陈曦": "顾问周宁1：您好，我是青禾教育的周宁\n家长陈曦7：想了解一下初三物理班\n家长陈曦7：电话13912345678",
    "唐薇": "销售马骁3：欢迎咨询远山汽车\n客户唐薇2：想看看电动车，预算二十万\n销售马骁3：周日可以来试驾",
    "许川": "客服林朵5：您好\n客户许川9：我想退掉上周买的茶几\n客服林朵5：好的，请提供订单号",
    "严青": "顾问白鹭4：欢迎\n客户严青6：想咨询留学中介服务\n客户严青6：邮箱 yanqing@example.org",
    "鲁青": "顾问葛蓝1：您好，这里是云杉家具\n客户鲁青3：想了解书柜\n顾问葛蓝1：好的",
}
ANSWERS = {
    # "好的，以下是…" + a fenced copy of the form with "未知" everywhere
    "陈曦": "好的，以下是提取结果：\n```json\n" + json.dumps([filled("未知")], ensure_ascii=False, indent=2) + "\n```",
    "唐薇": json.dumps([filled("无", ["无"])], ensure_ascii=False),
    "许川": json.dumps({"infos": [filled("N/A", ["N/A"])]}, ensure_ascii=False),
    "严青": json.dumps([{k: (v.replace("|", "/") if isinstance(v, str) else []) for k, v in FORM.items()}],
                       ensure_ascii=False),
    # a real answer: one field filled, the rest "无" — kept
    "鲁青": json.dumps([{**filled("无"), "基本信息-姓名": "鲁青", "客户是否有意向": "有意向"}], ensure_ascii=False),
}


def weak_reply(messages: list[dict]) -> str:
    user = first_user_message(messages)
    return next(answer for who, answer in ANSWERS.items() if who in user)


def cli(*args) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FAKE_KEY_VAR=DEFAULT_KEY)
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "--lang", "en", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, env=env)


def test_generate_extract_fails_the_form_filled_with_unknowns_and_keeps_the_real_answer(tmp_path):
    path = tmp_path / "test_data.json"
    path.write_text(json.dumps([{"chat_text": c, "infos": []} for c in CHATS.values()], ensure_ascii=False),
                    encoding="utf-8")
    project = tmp_path / "x.corpus"
    r = cli("import-chat", "--project", project, path)
    assert r.returncode == 0, r.stderr
    with FakeOpenAI() as server:
        server.reply = weak_reply
        r = cli("generate", "extract", "--project", project, "--base-url", server.base_url, "--model", "fake-model",
                "--api-key-env", "FAKE_KEY_VAR")
    assert r.returncode == 3, r.stdout + r.stderr  # finished with failed items
    assert "echoes: 4 answers only echoed the prompt" in r.stdout
    assert r.stdout.count("every field empty or “unknown”") == 4
    with Store(project) as store:
        samples = list(store.iter_samples())
    assert len(samples) == 1
    (record,) = json.loads(samples[0].turns[-1].text)
    assert record["基本信息-姓名"] == "鲁青"


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))
