"""Group chat end to end in core: import (one transaction, labelled samples at once), extraction
against the real local OpenAI server with faults, resume without paying twice, dialogues,
predictions in the submission layout, scoring, and the export options the platforms need."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from chat_fixtures import (
    INFOS_1,
    competition_records,
    write_competition_json,
    write_messages_json,
    write_telegram_single,
)
from chat_fixtures_cn import write_qq_txt, write_wechat_old_csv
from chat_model import ChatModel
from fake_openai import DEFAULT_KEY, FakeOpenAI

from core.errors import ExportError, InputError
from core.export import ExportOptions, export_samples
from core.flows.chat_dialogues import chat_dialogues
from core.flows.extract import ExtractFlow, ExtractOptions, label_samples
from core.flows.predict import PredictFlow, write_test_set
from core.flows.scoring import load_labels, load_predictions
from core.llm.client import make_client
from core.llm.providers import ProviderSettings
from core.messages import render
from core.sources.chats.importer import chat_messages, import_chat_file, stored_chats
from core.sources.chats.sessions import DialogueOptions, SessionOptions
from core.store import SampleFilter, Store

FAST = {"backoff_base": 0.01, "backoff_max": 0.05, "max_retries": 3, "max_reasks": 1}


@pytest.fixture
def server():
    with FakeOpenAI() as s:
        s.reply = ChatModel()
        yield s


def settings_for(server: FakeOpenAI) -> ProviderSettings:
    return ProviderSettings(base_url=server.base_url, model="fake-model", concurrency=4)


def client_for(server: FakeOpenAI, settings: ProviderSettings):
    return lambda: make_client(settings, DEFAULT_KEY)


def project(tmp_path: Path) -> Store:
    return Store(tmp_path / "chat.corpus", create=True)


# ---- import -----------------------------------------------------------------------------------------
def test_labelled_competition_file_becomes_extraction_samples_at_once(tmp_path):
    path = write_competition_json(tmp_path)
    with project(tmp_path) as store:
        r = import_chat_file(store, path, make_samples=label_samples(store))
        assert (r.format, r.chats, r.labelled, r.samples) == ("competition", 3, 3, 3)
        samples = list(store.iter_samples())
        assert [s.meta["index"] for s in samples] == [1, 2, 3]
        first = samples[0]
        instruction = first.meta["instruction"]
        assert first.turns[0].text.startswith(instruction + "\n\n")
        # the chat is the input: quote blocks rendered as replies, not as messages of the quoted
        assert "赵磊5：沙发报价发我一下" in first.turns[0].text
        assert "「回复 赵磊5" in first.turns[0].text
        assert json.loads(first.turns[1].text) == INFOS_1
        assert json.loads(samples[2].turns[1].text)[1]["基本信息-邮箱"] == "hejun@example.com"
        # the quoted line never became a message of 赵磊5
        messages = chat_messages(store, r.source_id)["1"]
        assert [m.sender for m in messages].count("赵磊5") == 3
        cleaned = r.removed
        assert cleaned["emoji"] > 0 and cleaned["repeats"] == 2


def test_import_is_one_transaction_per_file(tmp_path, monkeypatch):
    path = write_competition_json(tmp_path)
    with project(tmp_path) as store:
        def broken(source_id, chat_file):
            yield from label_samples(store)(source_id, chat_file)[:1]
            raise RuntimeError("disk full (simulated)")

        with pytest.raises(RuntimeError):
            import_chat_file(store, path, make_samples=broken)
        assert store.sources() == [] and store.count() == 0 and store.count_raw_items() == 0


def test_every_layout_imports_and_bad_records_are_named(tmp_path):
    records = competition_records()
    records.insert(1, {"chat_text": 42})
    bad = tmp_path / "partial.json"
    bad.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    files = [write_messages_json(tmp_path), write_telegram_single(tmp_path), write_wechat_old_csv(tmp_path),
             write_qq_txt(tmp_path, encoding="gbk"), bad]
    with project(tmp_path) as store:
        results = [import_chat_file(store, f) for f in files]
        assert [r.format for r in results] == ["messages", "telegram", "wechat_csv", "qq_txt", "competition"]
        assert all(r.messages > 0 for r in results)
        assert results[-1].chats == 3 and any(render(p, "en").startswith("record 2") for p in results[-1].problems)
        assert results[3].encoding in ("gb18030", "gbk")
        assert len(stored_chats(store)) == sum(r.chats for r in results)


def test_unreadable_file_says_which_file(tmp_path):
    path = tmp_path / "oops.json"
    path.write_text('[{"chat_text": "a：b"},', encoding="utf-8")
    with project(tmp_path) as store, pytest.raises(InputError, match="oops.json"):
        import_chat_file(store, path)


# ---- extraction -------------------------------------------------------------------------------------
def run(flow, **kw):
    return asyncio.run(flow.run(**kw))


def test_extraction_every_chat_ends_as_sample_or_visible_failure_and_resume_pays_nothing_twice(tmp_path, server):
    path = write_competition_json(tmp_path, "test_data.json", labels=False)
    model: ChatModel = server.reply
    model.prose_for = {"混动SUV"}  # chat 3 always answers prose
    model.wrong_shape_for = {"初二"}  # chat 2 answers with the wrong types
    server.inject("500", "429:0.01")
    settings = settings_for(server)
    with project(tmp_path) as store:
        r = import_chat_file(store, path, make_samples=label_samples(store))
        assert r.samples == 0
        flow = ExtractFlow(store, client_for(server, settings), settings, ExtractOptions(), runner_options=FAST)
        result = run(flow)
        assert (result.chats, result.extracted, result.samples) == (3, 2, 2)
        assert [(stage, key) for stage, key, _ in result.failed] == [("extract", f"{r.source_id}/3")]
        failed = render(result.failed[0][2], "en")
        assert "not valid" in failed or "JSON" in failed
        samples = {s.meta["index"]: s for s in store.iter_samples()}
        assert set(samples) == {1, 2}
        good = json.loads(samples[1].turns[1].text)[0]
        assert good["基本信息-姓名"] == "赵磊" and good["基本信息-手机号码"] == "138xxxx1234"
        fixed = samples[2]
        assert json.loads(fixed.turns[1].text)[0]["意向产品"] == ["沙发"]
        reason = render(fixed.reason, "en")
        assert "可能" in reason and "意向产品" in reason and "allowed" in reason and fixed.meta["problems"]
        assert "允许的值" in render(fixed.reason, "zh")  # stored as a code: read in either language
        assert result.with_problems == 1
        calls = server.calls

        # run again: nothing new is asked for the finished chats; the failed one stays failed
        again = run(ExtractFlow(store, client_for(server, settings), settings, ExtractOptions(), runner_options=FAST))
        assert server.calls == calls and again.samples == 0 and len(again.failed) == 1
        model.prose_for = set()
        retried = run(ExtractFlow(store, client_for(server, settings), settings, ExtractOptions(),
                                  runner_options=FAST), retry_failed=True)
        assert retried.samples == 1 and not retried.failed
        assert store.count() == 3


def test_summary_pass_replaces_labelled_input_and_keeps_the_chat(tmp_path, server):
    path = write_competition_json(tmp_path)
    settings = settings_for(server)
    with project(tmp_path) as store:
        import_chat_file(store, path, make_samples=label_samples(store))
        before = {s.meta["index"]: s for s in store.iter_samples()}
        options = ExtractOptions(summarize=True, summarize_over=150)  # chat 3 is short: not summarised
        result = run(ExtractFlow(store, client_for(server, settings), settings, options, runner_options=FAST))
        assert result.summarized == 2 and result.extracted == 0 and not result.failed
        after = {s.meta["index"]: s for s in store.iter_samples()}
        for i in (1, 2):
            assert after[i].turns[0].text.startswith(after[i].meta["instruction"] + "\n\n摘要：")
            assert after[i].meta["chat_text"] in before[i].turns[0].text
            assert after[i].turns[1].text == before[i].turns[1].text
        assert after[3].turns[0].text == before[3].turns[0].text
        assert store.count() == 3  # updated in place, nothing added


def test_masking_before_sending_is_consistent_between_input_and_output(tmp_path, server):
    path = write_competition_json(tmp_path, "test_data.json", labels=False)
    settings = settings_for(server)
    with project(tmp_path) as store:
        import_chat_file(store, path)
        run(ExtractFlow(store, client_for(server, settings), settings, ExtractOptions(mask="tag"),
                        runner_options=FAST))
        sent = "\n".join(server.reply.seen)
        assert "hejun@example.com" not in sent and "[邮箱1]" in sent
        assert "138xxxx1234" not in sent and "[手机号1]" in sent
        chat3 = next(s for s in store.iter_samples() if s.meta["index"] == 3)
        assert "[邮箱1]" in chat3.turns[0].text and json.loads(chat3.turns[1].text)[0]["基本信息-邮箱"] == "[邮箱1]"


# ---- dialogues ------------------------------------------------------------------------------------------
def test_chat_dialogues_sessions_roles_and_reasons(tmp_path):
    with project(tmp_path) as store:
        import_chat_file(store, write_competition_json(tmp_path))
        report = chat_dialogues(store, None, DialogueOptions(assistants={"林晓2", "陈思1", "刘洋4"},
                                                             system_prompt="你是顾问。"),
                                SessionOptions(max_chars=4000))
        assert report.created == 3 and report.sessions == 3
        samples = list(store.iter_samples(SampleFilter(kind="dialogue")))
        first = samples[0]
        # the adviser greets first: the greeting is context after the system prompt, not a turn
        assert first.system.startswith("你是顾问。\n\n上文：\n林晓2：各位好")
        assert "dialogues.chat_context" in [m.code for m in report.role_messages()]
        assert [t.role for t in first.turns][0] == "user" and first.turns[-1].role == "assistant"
        assert all(a.role != b.role for a, b in zip(first.turns, first.turns[1:], strict=False))
        again = chat_dialogues(store, None, DialogueOptions(assistants={"林晓2", "陈思1", "刘洋4"},
                                                            system_prompt="你是顾问。"))
        assert again.created == 0 and again.existing == 3
        only_one = chat_dialogues(store, None, DialogueOptions(assistants={"林晓2"}))
        assert only_one.created == 1 and sum(only_one.dropped.values()) == 2
        assert "no message from the assistant" in only_one.summary("en")
        assert "没有助手" in only_one.summary("zh")
        with pytest.raises(InputError, match="Nobody called"):
            chat_dialogues(store, None, DialogueOptions(assistants={"不存在的人"}))


# ---- predictions and score ------------------------------------------------------------------------------
def test_predict_writes_the_submission_layout_and_scores_labelled_chats(tmp_path, server):
    settings = settings_for(server)
    with project(tmp_path) as store:
        r = import_chat_file(store, write_competition_json(tmp_path), make_samples=label_samples(store))
        server.reply.prose_for = {"混动SUV"}
        flow = PredictFlow(store, client_for(server, settings), settings, r.source_id, runner_options=FAST)
        out = tmp_path / "submit.json"
        result = asyncio.run(flow.run(out))
        entries = json.loads(out.read_text(encoding="utf-8"))
        assert [e["index"] for e in entries] == [1, 2] and result.failed[0][0] == 3
        assert entries[0]["infos"][0]["基本信息-姓名"] == "赵磊"
        assert result.score is not None and 0 < result.score.total < 1
        # the prompt is the training sample's user turn, exactly
        sample = next(s for s in store.iter_samples() if s.meta["index"] == 1)
        assert sample.turns[0].text in server.reply.seen
        server.reply.prose_for = set()
        calls = server.calls
        again = asyncio.run(PredictFlow(store, client_for(server, settings), settings, r.source_id,
                                        runner_options=FAST).run(out, retry_failed=True))
        assert server.calls == calls + 1 and not again.failed
        assert [e["index"] for e in json.loads(out.read_text(encoding="utf-8"))] == [1, 2, 3]
        assert load_predictions(out).keys() == load_labels(tmp_path / "train.json").keys()

        test_csv, rows, missing = write_test_set(store, r.source_id, tmp_path / "test.csv")
        assert rows == 3 and not missing and test_csv.read_text(encoding="utf-8").startswith("input,target\n")


# ---- export for the platforms -------------------------------------------------------------------------------
def test_alpaca_export_splits_instruction_and_input_and_honours_cap_repeat_and_mask(tmp_path):
    with project(tmp_path) as store:
        import_chat_file(store, write_competition_json(tmp_path), make_samples=label_samples(store))
        store.set_status(store.query_ids().tolist(), "accepted")
        out = tmp_path / "out" / "train.jsonl"
        out.parent.mkdir()
        report = export_samples(store, ExportOptions("alpaca", out, jsonl=True, char_cap=200, repeat_to=7))
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert len(rows) == 7 and report.repeated == 4
        assert rows[0]["instruction"].startswith("请从下面的群聊记录中提取") and rows[0]["input"].startswith("林晓2：")
        assert rows[3] == rows[0]  # repeated in order
        assert len(report.over_cap) == 3 and "platform limit" in report.summary()
        meta = json.loads((out.parent / "train.export.json").read_text(encoding="utf-8"))
        assert meta["repeated_rows"]["unique"] == 3 and meta["repeated_rows"]["written"] == 7
        # masked on the way out (default): the e-mail is replaced the same way in input and output
        chat3 = rows[2]
        assert "hejun@example.com" not in json.dumps(chat3, ensure_ascii=False)
        email = json.loads(chat3["output"])[1]["基本信息-邮箱"]
        assert "@" in email and email in chat3["input"]

        from datasets import load_dataset

        ds = load_dataset("json", data_files=str(out), split="train")
        assert ds.num_rows == 7 and set(ds.column_names) >= {"instruction", "input", "output"}

        skipped = export_samples(store, ExportOptions("alpaca", tmp_path / "out" / "small.json", char_cap=1000,
                                                      over_cap="skip", mask="off"))
        assert skipped.written == 2 and [why for _, why in skipped.skipped] == [
            "1,109 characters, over the limit of 1,000"]
        with pytest.raises(ExportError, match="over the limit of 200"):
            export_samples(store, ExportOptions("alpaca", tmp_path / "out" / "none.json", char_cap=200,
                                                over_cap="skip"))


def test_a_later_extraction_supersedes_the_earlier_pending_one_and_respects_an_accepted_one(tmp_path, server):
    path = write_competition_json(tmp_path, "test_data.json", labels=False)
    settings = settings_for(server)
    with project(tmp_path) as store:
        import_chat_file(store, path)
        run(ExtractFlow(store, client_for(server, settings), settings, ExtractOptions(), runner_options=FAST))
        first = {s.meta["index"]: s.id for s in store.iter_samples()}
        store.set_status([first[1]], "accepted")
        run(ExtractFlow(store, client_for(server, settings), settings, ExtractOptions(summarize=True),
                        runner_options=FAST))
        by_status: dict[str, list] = {}
        for s in store.iter_samples():
            by_status.setdefault(s.status, []).append(s)
        assert len(by_status["accepted"]) == 1 and len(by_status["rejected"]) == 2
        assert all(render(s.reason, "en").startswith("superseded by sample #") for s in by_status["rejected"])
        newer = [s for s in by_status["pending"] if s.meta.get("chat_text")]
        assert len(newer) == 3
        chat1 = next(s for s in newer if s.meta["index"] == 1)
        assert f"already has an accepted extraction (#{first[1]})" in render(chat1.reason, "en")


# ("我找不到客户 []" — prose around a plain [] — is a real "nobody found" and is accepted.)
@pytest.mark.parametrize("answer", ["[", "```json\n[", "[{\"基本信息-姓名\": \"赵", "[...]", "[{...}]"])
def test_a_cut_off_or_placeholder_answer_fails_instead_of_becoming_an_empty_record(tmp_path, server, answer):
    path = write_competition_json(tmp_path, "test_data.json", labels=False)
    server.reply.garbled = {"星河家居": answer, "混动SUV": "```json\n[]\n```"}
    settings = settings_for(server)
    with project(tmp_path) as store:
        import_chat_file(store, path)
        result = run(ExtractFlow(store, client_for(server, settings), settings, ExtractOptions(), runner_options=FAST))
        failed = {key: why for _, key, why in result.failed}
        assert list(failed) == [f"{store.sources()[0]['id']}/1"]
        samples = {s.meta["index"]: s for s in store.iter_samples()}
        assert set(samples) == {2, 3} and samples[3].turns[1].text == "[]"  # a plain [] is "nobody"


def test_summary_reruns_with_other_masking_rebuild_the_labels_instead_of_masking_masks(tmp_path, server):
    settings = settings_for(server)
    with project(tmp_path) as store:
        import_chat_file(store, write_competition_json(tmp_path), make_samples=label_samples(store))

        def chat3_email(mask: str) -> tuple[str, str]:
            run(ExtractFlow(store, client_for(server, settings), settings, ExtractOptions(summarize=True, extract=False,
                                                                                          mask=mask),
                            runner_options=FAST))
            s = next(x for x in store.iter_samples() if x.meta["index"] == 3)
            return json.loads(s.turns[1].text)[1]["基本信息-邮箱"], s.meta["chat_text"]

        email, chat = chat3_email("tag")
        assert email == "[邮箱1]" and "[邮箱1]" in chat
        email, chat = chat3_email("off")
        assert email == "hejun@example.com" and "hejun@example.com" in chat
        email, chat = chat3_email("surrogate")
        assert email not in ("hejun@example.com", "[邮箱1]") and "@" in email and email in chat


def test_unusable_labels_become_a_record_problem_and_the_chat_imports_unlabelled(tmp_path):
    records = competition_records()
    records[1]["infos"] = [{}]  # a record with nothing filled in: empty labels, so unlabelled (issue 15)
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    with project(tmp_path) as store:
        r = import_chat_file(store, path, make_samples=label_samples(store))
        assert (r.chats, r.labelled, r.samples, r.empty_labelled) == (3, 2, 2, 1)
        assert [c.labels is None for c in stored_chats(store)] == [False, True, False]


def test_a_chat_empty_after_clean_up_is_said_everywhere(tmp_path, server):
    path = tmp_path / "media.json"
    path.write_text(json.dumps([{"chat_text": "林晓2：[图片]\n赵磊5：[图片]", "infos": INFOS_1},
                                {"chat_text": "周文3：[表情]"}, *competition_records(labels=False)[:1]],
                               ensure_ascii=False), encoding="utf-8")
    settings = settings_for(server)
    with project(tmp_path) as store:
        r = import_chat_file(store, path, make_samples=label_samples(store))
        assert any("chat 1 (记录 1) has no message left" in render(n, "en") for n in r.notes)
        labelled = next(store.iter_samples())
        assert labelled.status == "rejected" and "no message left" in render(labelled.reason, "en")
        result = run(ExtractFlow(store, client_for(server, settings), settings, ExtractOptions(), runner_options=FAST))
        assert [(key, render(why, "en").startswith("the chat has no message")) for _, key, why in result.failed] == [
            (f"{r.source_id}/2", True)]
        report = chat_dialogues(store, None, DialogueOptions(assistants={"林晓2"}))
        assert report.dropped["chats.dialogues.empty_chat"] == 2
        assert "the chat has no message (after clean-up)" in report.summary("en")


def test_a_chat_key_with_a_slash_keeps_its_messages_apart(tmp_path):
    path = tmp_path / "groups.json"
    path.write_text(json.dumps([
        {"id": 1, "group": "c", "sender": "甲", "content": "第一条"},
        {"id": 2, "group": "c/d", "sender": "乙", "content": "另一个群"},
        {"id": 3, "group": "c", "sender": "丙", "content": "回复", "reply_to": 1},
    ], ensure_ascii=False), encoding="utf-8")
    with project(tmp_path) as store:
        r = import_chat_file(store, path)
        by_chat = chat_messages(store, r.source_id)
        assert {k: [m.text for m in v] for k, v in by_chat.items()} == {"c": ["第一条", "回复"], "c/d": ["另一个群"]}
        assert by_chat["c"][1].reply_to == by_chat["c"][0].key
        one = chat_messages(store, r.source_id, "c")
        assert list(one) == ["c"] and len(one["c"]) == 2


def test_predict_with_masking_sends_masked_chats_and_writes_the_real_values(tmp_path, server):
    settings = settings_for(server)
    with project(tmp_path) as store:
        r = import_chat_file(store, write_competition_json(tmp_path), make_samples=label_samples(store))
        out = tmp_path / "submit.json"
        asyncio.run(PredictFlow(store, client_for(server, settings), settings, r.source_id, mask="surrogate",
                                runner_options=FAST).run(out))
        sent = "\n".join(server.reply.seen)
        assert "hejun@example.com" not in sent and "138xxxx1234" not in sent
        entries = {e["index"]: e["infos"] for e in json.loads(out.read_text(encoding="utf-8"))}
        assert entries[1][0]["基本信息-手机号码"] == "138xxxx1234"
        assert entries[3][0]["基本信息-邮箱"] == "hejun@example.com"
