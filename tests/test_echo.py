"""An echo is not an answer: a weak model that gives back its prompt's example, the blank form or
its instructions gets a failed item with the reason (or, for style replies, a rejected sample),
counted as an echo in the run's summary, never a pending sample; `filter` rejects stored ones.
Against the real local fake server in its weak-model mode (tests/fake_openai.py)."""

from __future__ import annotations

import asyncio
import json
import re
import sys

import pytest
from chat_fixtures import write_competition_json
from chat_model import ChatModel
from fake_openai import DEFAULT_KEY, FakeOpenAI, first_user_message, weak_model

from core.export import ExportOptions, export_samples
from core.flows.extract import ExtractFlow, ExtractOptions, label_samples
from core.flows.extract_schema import BUILTIN_SCHEMA, example_record
from core.flows.novel import NovelFlow, NovelOptions
from core.flows.predict import PredictFlow
from core.flows.qa import QAFlow, QAOptions
from core.llm.client import make_client
from core.llm.providers import ProviderSettings
from core.llm.templates import LANGS, TEMPLATES, Template, builtin_template, render
from core.messages import code_of
from core.messages import render as render_message
from core.model import Sample
from core.sources.chats.importer import import_chat_file
from core.store import SampleFilter, Store
from core.text import quality
from core.text.echo import EchoRule, blank_record, fold, reply_echo

FAST = {"backoff_base": 0.01, "backoff_max": 0.05, "max_retries": 2, "max_reasks": 1}


def settings_for(server: FakeOpenAI) -> ProviderSettings:
    return ProviderSettings(base_url=server.base_url, model="fake-model", concurrency=4, timeout=5.0)


def client_for(settings: ProviderSettings):
    return lambda: make_client(settings, DEFAULT_KEY)


# ---- the detector ---------------------------------------------------------------------------------------
def test_every_built_in_template_with_a_json_example_yields_its_placeholders():
    for name in TEMPLATES:
        for lang in LANGS:
            t = builtin_template(name, lang)
            rule = EchoRule.of(t)
            if name == "chat_extract":  # its example is the schema, filled in: the blank-record check covers it
                assert not rule.placeholders
            else:
                assert rule.placeholders, (name, lang)
    assert EchoRule.of(builtin_template("qa_questions", "zh")).placeholders == {"第一个问题", "第二个问题"}
    assert EchoRule.of(builtin_template("qa_answer", "en")).placeholders == {fold("the answer"), fold("the basis")}


def test_an_edited_template_is_covered_by_its_own_example():
    t = builtin_template("qa_questions", "zh")
    edited = Template(t.name, t.lang, t.system, t.user.replace('["第一个问题", "第二个问题"]', '["问题甲", "问题乙"]'))
    rule = EchoRule.of(edited)
    assert rule.find({"questions": ["问题甲", "问题乙"]}) is not None
    assert rule.find({"questions": ["第一个问题"]}) is None  # no longer this template's example


def test_placeholders_match_ignoring_punctuation_and_ordinals():
    rule = EchoRule.of(builtin_template("qa_questions", "zh"))
    assert rule.find({"questions": ["第一个问题。", "第三个问题"]}).kind == "placeholder"
    en = EchoRule.of(builtin_template("qa_questions", "en"))
    assert en.find({"questions": ["Third question"]}).kind == "placeholder"
    assert en.find({"questions": ["What was the first question Lin Wan asked the innkeeper?"]}) is None


ASPECT = builtin_template("aspect_questions", "zh")
ASPECT_PROMPT = render(ASPECT, topic="青石记", aspect="故事情节", n=3, max_chars=30)
ANSWER = builtin_template("qa_answer", "zh")
CHUNK = ("【片段 1】\n林晚在洛阳住了七年。她对伙计说：“请只根据上面的参考文本回答这个问题，别的不要多说。”"
         "后来她把客栈交给阿福，回了杭州。")
ANSWER_PROMPT = render(ANSWER, question="林晚后来去了哪里？", context=CHUNK)


@pytest.mark.parametrize(("rule", "prompt", "value", "kind"), [
    (EchoRule.of(ASPECT), ASPECT_PROMPT, {"questions": ["每个问题都只问“故事情节”这一方面的事"]}, "instruction"),
    (EchoRule.of(ASPECT), ASPECT_PROMPT, {"questions": ["请围绕“青石记”的“故事情节”这一方面，提出 3 个问题。"]},
     "instruction"),
    (EchoRule.of(ANSWER, ignore_keys=("reasoning",)), ANSWER_PROMPT, {"answer": "回答", "found": True}, "placeholder"),
    (EchoRule.of(ANSWER, ignore_keys=("reasoning",)), ANSWER_PROMPT,
     {"answer": "如果参考文本中有答案：给出准确、完整、通顺的回答，像了解这些内容的人那样直接陈述", "found": True},
     "instruction"),
])
def test_echoes_are_found(rule, prompt, value, kind):
    echo = rule.find(value, prompt)
    assert echo is not None and echo.kind == kind
    assert code_of(echo.message()) == f"echo.{kind}"


@pytest.mark.parametrize("value", [
    # a grounded answer quoting the chunk, even where the chunk says what the instructions say
    {"answer": "她对伙计说：“请只根据上面的参考文本回答这个问题，别的不要多说。”", "found": True},
    {"answer": "林晚后来把客栈交给阿福，回了杭州。", "found": True, "reasoning": "依据"},  # reasoning is a note
    # a real answer that happens to hold short words of the template (问题, 回答, 参考)
    {"answer": "这个问题的回答是：林晚回了杭州，客栈由阿福照看。", "found": True},
    # the template's own prescribed not-found answer, and a variant of it
    {"answer": "原文中没有提到。", "found": False},
    {"answer": "原文中没有提到这一点。", "found": False},
])
def test_real_answers_are_not_echoes(value):
    assert EchoRule.of(ANSWER, ignore_keys=("reasoning",)).find(value, ANSWER_PROMPT) is None


def test_real_questions_naming_the_topic_and_aspect_are_not_echoes():
    rule = EchoRule.of(ASPECT)
    assert rule.find({"questions": ["《青石记》的故事情节是怎样开始的？", "《青石记》中一个问题只问一件事的人是谁？"]},
                     ASPECT_PROMPT) is None


def test_without_the_prompt_only_the_example_counts():
    rule = EchoRule.of(ASPECT)
    assert rule.find({"questions": ["每个问题都只问“故事情节”这一方面的事"]}) is None  # prompt unknown: no guess
    assert rule.find({"questions": ["每个问题都只问“故事情节”这一方面的事"]},
                     [{"role": "user", "content": "another prompt"}]) is None


def test_blank_records():
    form = example_record(BUILTIN_SCHEMA)
    assert blank_record({k: "" if isinstance(v, str) else [] for k, v in form.items()})
    assert blank_record(dict(form), form)  # the form given back with its "A|B" hints
    assert blank_record({"基本信息-姓名": None, "意向产品": [""]})
    assert not blank_record({"基本信息-姓名": "赵磊", "意向产品": []})
    assert not blank_record({})  # not a record at all (the shape check says so)
    rule = EchoRule.of(builtin_template("chat_extract", "zh"), example_record=form)
    assert rule.find([{"基本信息-姓名": "赵磊"}, {"基本信息-姓名": ""}]).index == 2
    assert rule.find([]) is None  # "nobody in this chat" is an answer


def test_style_reply_echoes():
    system = "你是一个温柔的朋友，说话轻声细语，常用“呢”“呀”。回复不超过四十个字，先共情再给一句建议。"
    examples = ["别难过呀，先好好睡一觉呢。"]
    assert reply_echo("别难过呀，先好好睡一觉呢", system, examples).kind == "example_reply"
    assert reply_echo("你是一个温柔的朋友，说话轻声细语，回复不超过四十个字，先共情再给一句建议", system,
                      examples).kind == "instruction"
    assert reply_echo("加班到这么晚呀，先吃点热的东西呢。", system, examples, "今天又加班了") is None


# ---- flows end to end -------------------------------------------------------------------------------------
def _qa_chunks(store: Store, n: int = 4) -> int:
    sid = store.add_source("document", "客栈.txt")
    store.add_raw_items(sid, "chunk", [(f"{sid}:{i}", "客栈.txt", {
        "text": f"第{i}节。C{i}号客栈开在洛阳城东，掌柜林晚每天{i + 5}点开门，伙计阿福负责擦桌子。", "index": i,
        "doc": "客栈.txt"}) for i in range(n)])
    return sid


def _good_qa(messages: list[dict]) -> str:
    user = first_user_message(messages)
    if '"questions"' in user:
        i = re.search(r"C(\d)号", user).group(1)
        return json.dumps({"questions": [f"C{i}号客栈开在哪里？", f"C{i}号客栈几点开门？"]}, ensure_ascii=False)
    q = user.split("问题：", 1)[1].splitlines()[0]
    return json.dumps({"answer": f"{q[:3]}客栈开在洛阳城东。", "found": True, "reasoning": "第一段"}, ensure_ascii=False)


def test_qa_flow_fails_echoes_with_the_reason_counts_them_and_exports_only_answers(tmp_path):
    # chunk C1's questions prompt gets the example back; every answer about C2 copies the instructions
    example, instruction = weak_model("example"), weak_model("instruction")

    def reply(messages):
        user = first_user_message(messages)
        if '"questions"' in user and "C1号" in user:
            return example(messages)
        if "问题：C2" in user:
            return instruction(messages)
        return _good_qa(messages)

    with FakeOpenAI() as server, Store.create(tmp_path / "qa.corpus") as store:
        server.reply = reply
        _qa_chunks(store)
        settings = settings_for(server)
        flow = QAFlow(store, client_for(settings), settings, QAOptions(questions_per_chunk=2), runner_options=FAST)
        result = asyncio.run(flow.run())
        # 4 chunks × 2 questions; C1's questions echo (1 failed item), so 6 questions; C2's 2 answers
        # copy the instructions (2 failed items): 4 answers become samples
        assert result.questions == 6 and result.samples == 4 and result.answered == 4
        assert result.echoes == 3 and len(result.failed) == 3
        reasons = {key: why for _, key, why in result.failed}
        assert all(code_of(why) == "echo.item_failed" for why in reasons.values())
        c1 = next(why for key, why in reasons.items() if not key.count("#"))
        assert "第一个问题" in render_message(c1, "zh") and "repeats the prompt's example" in render_message(c1, "en")
        assert any("copies the prompt's instructions" in render_message(w, "en") for w in reasons.values())
        texts = [t.text for s in store.iter_samples() for t in s.turns]
        assert not any(fold(x) in {"第一个问题", "第二个问题", "回答"} for x in texts)
        assert not any("C2号" in x for x in texts) and not any("C1号" in x for x in texts)

        report = export_samples(store, ExportOptions("sharegpt", tmp_path / "qa.json", include="non_rejected"))
        rows = json.loads(report.files[0].read_text(encoding="utf-8"))
        assert len(rows) == store.count(SampleFilter(statuses=("pending", "accepted"))) == 4

        # the weak model is replaced: a retry asks the echoed items again (their answers were not cached)
        server.reply = _good_qa
        again = asyncio.run(QAFlow(store, client_for(settings), settings, QAOptions(questions_per_chunk=2),
                                   runner_options=FAST).run(retry_failed=True))
        assert again.echoes == 0 and not again.failed and store.count() == 8


def test_novel_flow_summary_echo_is_a_failed_item(tmp_path):
    from core.sources.documents.txt import import_text_file

    text = "\n\n".join("".join(f"第{k}句，林晚推开客栈的门，看见阿福在擦第{k}张桌子。" for k in range(p * 5 + 1, p * 5 + 6))
                       for p in range(3)) + "\n"
    (tmp_path / "客栈.txt").write_text(text, encoding="utf-8")
    with FakeOpenAI() as server, Store.create(tmp_path / "n.corpus") as store:
        import_text_file(store, tmp_path / "客栈.txt", size=80, overlap=0)
        good = lambda m: json.dumps({"summary": "林晚推开客栈的门，看见阿福在擦桌子。"}, ensure_ascii=False)  # noqa: E731
        server.reply = weak_model("example", otherwise=good, weak_if=lambda m: "第6句" in first_user_message(m))
        settings = settings_for(server)
        result = asyncio.run(NovelFlow(store, client_for(settings), settings, NovelOptions(chunk_size=150),
                                       runner_options=FAST).run())
        assert result.chunks == 3 and result.echoes == 1 and len(result.failed) == 1
        assert result.samples == 2 == store.count()
        assert not any("一句话概要" in t.text for s in store.iter_samples() for t in s.turns)


@pytest.mark.parametrize("mode", ["example", "blank"])
def test_extraction_of_the_blank_form_fails_and_predict_marks_it(tmp_path, mode):
    path = write_competition_json(tmp_path, "test_data.json", labels=False)
    with FakeOpenAI() as server, Store(tmp_path / "chat.corpus", create=True) as store:
        server.reply = weak_model(mode, otherwise=ChatModel(), weak_if=lambda m: "星河家居" in first_user_message(m))
        import_chat_file(store, path)
        settings = settings_for(server)
        result = asyncio.run(ExtractFlow(store, client_for(settings), settings, ExtractOptions(),
                                         runner_options=FAST).run())
        source = store.sources()[0]["id"]
        assert [key for _, key, _ in result.failed] == [f"{source}/1"] and result.echoes == 1
        assert "every field empty" in render_message(result.failed[0][2], "en")
        assert {s.meta["index"] for s in store.iter_samples()} == {2, 3}

    # predictions: the fine-tuned model answers chat 1 with a record of empty fields
    (tmp_path / "p").mkdir()
    labelled = write_competition_json(tmp_path / "p")
    form = {k: "" if isinstance(v, str) else [] for k, v in example_record(BUILTIN_SCHEMA).items()}
    with FakeOpenAI() as server, Store(tmp_path / "p.corpus", create=True) as store:
        model = ChatModel()
        server.reply = lambda m: (json.dumps([form], ensure_ascii=False) if "星河家居" in first_user_message(m)
                                  else model(m))
        r = import_chat_file(store, labelled, make_samples=label_samples(store))
        settings = settings_for(server)
        out = tmp_path / "submit.json"
        result = asyncio.run(PredictFlow(store, client_for(settings), settings, r.source_id,
                                         runner_options=FAST).run(out, fill_empty=True))
        assert result.echoes == 1 and result.filled == 1 and result.written == 2
        assert [i for i, _ in result.failed] == [1]


# ---- filter on stored samples --------------------------------------------------------------------------
def test_filter_counts_then_rejects_stored_echoes_with_the_reason(tmp_path, capsys):
    made = {"made": {"flow": "qa"}, "flow": "qa"}
    with Store.create(tmp_path / "f.corpus") as store:
        ids = store.add_samples([
            Sample.qa("第一个问题", "回答", kind="sft", meta=made),  # the example given back
            Sample.qa("林晚的客栈开在哪里？", "请只根据上面的参考文本回答这个问题，不要用常识补充，也不要编造", kind="sft",
                      meta=made),  # the instructions
            Sample.qa("提取客户", json.dumps([{"基本信息-姓名": "", "意向产品": []}], ensure_ascii=False), kind="sft",
                      meta={"made": {"flow": "extract"}, "flow": "extract"}),  # the blank form
            Sample.qa("林晚的客栈开在哪里？", "在洛阳城东，这个问题的回答很简单。", kind="sft", meta=made),  # real
            Sample.qa("第一个问题", "回答", kind="sft"),  # typed by a person (an import): not a model's echo
        ])
        hits = quality.scan(store, {"echo": {}})
        assert sorted(h.sample_id for h in hits["echo"]) == ids[:3]
        assert store.count(SampleFilter(statuses=("rejected",))) == 0  # counting changes nothing

        from core.cli_filter import cmd_filter

        args = type("Args", (), {"project": str(store.path), "rules": "echo", "min_chars": None, "max_chars": None,
                                 "near_dup": 0, "ngram": 5, "show": 8, "apply": False})()
        store.close()
        assert cmd_filter(args) == 0
        out = capsys.readouterr().out
        assert "echo" in out and "⦃" not in out
        args.apply = True
        assert cmd_filter(args) == 0
    with Store(tmp_path / "f.corpus") as store:
        rejected = {s.id: s.reason for s in store.iter_samples(SampleFilter(statuses=("rejected",)))}
        assert sorted(rejected) == ids[:3]
        assert {code_of(r) for r in rejected.values()} == {"echo.placeholder", "echo.instruction", "echo.blank_record"}
        assert "示例“回答”" in render_message(rejected[ids[0]], "zh")


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))
