"""The group-chat commands run as a user would (subprocesses): `import-chat`, `generate extract`,
`chat-dialogues`, `test-set`, `predict` and `score`, against the real local fake server with the
fake extraction model of tests/chat_model.py."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from chat_fixtures import INFO_KEYS, INFOS_1, competition_records, write_competition_json
from chat_fixtures_cn import write_qq_txt, write_wechat_old_csv
from chat_model import ChatModel
from fake_openai import DEFAULT_KEY, FakeOpenAI

from core.sources.chats.importer import chat_messages, chat_sources
from core.store import SampleFilter, Store

ROOT = Path(__file__).resolve().parent.parent
KEY_VAR = "CORPUSMITH_TEST_CHAT_KEY"


def cli(*args, env=None, **kw) -> subprocess.CompletedProcess:
    """A command with English messages (tests/test_cli_chat_zh.py runs them in Chinese)."""
    e = dict(os.environ, QT_QPA_PLATFORM="offscreen", **(env or {}))
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "--lang", "en", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, env=e, **kw)


def llm(server: FakeOpenAI, *args) -> subprocess.CompletedProcess:
    """An LLM command against the fake server, the key passed the way a user would."""
    r = cli(*args, "--base-url", server.base_url, "--model", "fake-model", "--api-key-env", KEY_VAR,
            env={KEY_VAR: DEFAULT_KEY})
    assert DEFAULT_KEY not in r.stdout + r.stderr  # the key is never printed
    assert "Traceback" not in r.stderr, r.stderr
    return r


def imported(tmp_path: Path, name: str = "train.json", *, labels: bool = True) -> Path:
    """A project holding one competition file (labelled: train.json; else test_data.json)."""
    project = tmp_path / f"{Path(name).stem}.corpus"
    r = cli("import-chat", write_competition_json(tmp_path, name, labels=labels), "--project", project)
    assert r.returncode == 0, r.stdout + r.stderr
    return project


@pytest.fixture
def server():
    with FakeOpenAI() as s:
        s.reply = ChatModel()
        yield s


# ---- import-chat ------------------------------------------------------------------------------------
def test_import_chat_many_files_one_line_each_and_failures_named(tmp_path):
    train = write_competition_json(tmp_path)
    qq = write_qq_txt(tmp_path, encoding="gbk")
    wechat = write_wechat_old_csv(tmp_path)
    missing = tmp_path / "missing.json"
    broken = tmp_path / "broken.json"
    broken.write_text('[{"chat_text": "a：b"},', encoding="utf-8")
    records = competition_records()
    records.insert(1, {"chat_text": 42})
    partial = tmp_path / "partial.json"
    partial.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    project = tmp_path / "chats.corpus"  # created by the import

    r = cli("import-chat", train, qq, wechat, missing, broken, partial, "--project", project)
    assert r.returncode == 3, r.stdout + r.stderr  # the good files are in, two were not
    assert "Traceback" not in r.stderr
    lines = r.stdout.splitlines()
    heads = [line for line in lines if not line.startswith("  ")]
    assert len(heads) == 7 and heads[-1] == "2 of 6 file(s) not imported"
    assert heads[0].startswith(f"imported {train} (competition, utf-8): 3 chat(s)")
    assert heads[0].endswith("3 labelled → 3 extraction samples")
    assert heads[1].startswith(f"imported {qq} (qq_txt, gb18030): 2 chat(s)")
    assert heads[2].startswith(f"imported {wechat} (wechat_csv, utf-8): 1 chat(s)")
    assert "2 record(s) skipped" in heads[2]
    assert heads[3].startswith("failed: “") and "missing.json” does not exist" in heads[3]
    assert heads[4].startswith("failed: “broken.json” is not valid JSON")
    assert heads[5].startswith(f"imported {partial} (competition, utf-8): 3 chat(s)")
    assert "3 labelled → 3 extraction samples; 1 record(s) skipped" in heads[5]
    # the lines under each file: what cleaning removed, and the records skipped with their number
    at = {h: lines.index(h) for h in heads}
    under_train = lines[at[heads[0]] + 1:at[heads[1]]]
    assert "  cleaned: 2 media, 4 emoji, 3 mentions, 2 repeats (3 messages left empty and removed)" in under_train
    under_partial = lines[at[heads[5]] + 1:at[heads[6]]]
    assert any(line.startswith("  skipped record 2: ") and "number" in line for line in under_partial)
    under_wechat = lines[at[heads[2]] + 1:at[heads[3]]]
    assert any(line.startswith("  skipped record 13: ") for line in under_wechat)
    assert any(line.startswith("  cleaned: ") for line in lines[at[heads[1]] + 1:at[heads[2]]])

    with Store(project) as st:
        sources = chat_sources(st)
        assert [s["name"] for s in sources] == ["train.json", "QQ记录_gbk.txt", "周末羽毛球群_utf8.csv",
                                                "partial.json"]
        assert st.count() == 6  # 3 labelled chats from train.json and 3 from partial.json
        by_source: dict[int, list[int]] = {}
        for s in st.iter_samples():
            by_source.setdefault(s.source_id, []).append(s.meta["index"])
        assert by_source == {sources[0]["id"]: [1, 2, 3], sources[3]["id"]: [1, 3, 4]}  # file positions
        first = chat_messages(st, sources[0]["id"])["1"][0]
        assert first.sender == "林晓2" and "[玫瑰]" not in first.text  # emoji removed by default
        qq_chats = chat_messages(st, sources[1]["id"])
        assert any("老地方" in m.text for ms in qq_chats.values() for m in ms)  # GBK read right


def test_import_chat_format_override_and_keep_emoji(tmp_path):
    train = write_competition_json(tmp_path)
    qq = write_qq_txt(tmp_path, encoding="gbk")
    project = tmp_path / "f.corpus"
    r = cli("import-chat", train, "--format", "telegram", "--project", project)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stdout.startswith("failed: “train.json” is not a Telegram Desktop export")
    assert r.stdout.splitlines()[-1] == "1 of 1 file(s) not imported"
    r = cli("import-chat", qq, "--format", "competition", "--project", project)
    assert r.returncode == 1 and "is not JSON, so it cannot be a competition export" in r.stdout
    with Store(project) as st:
        assert chat_sources(st) == [] and st.count() == 0

    r = cli("import-chat", train, "--keep-emoji", "--project", tmp_path / "e.corpus")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "emoji" not in r.stdout.splitlines()[1]  # nothing removed of that kind
    with Store(tmp_path / "e.corpus") as st:
        [src] = chat_sources(st)
        messages = chat_messages(st, src["id"])
        assert messages["1"][0].text == "各位好，我是星河家居的顾问林晓，有问题随时[玫瑰]"
        assert sum(m.text.count("[玫瑰]") for m in messages["1"]) >= 2
        # the training sample's input keeps it too
        first = next(s for s in st.iter_samples() if s.meta["index"] == 1)
        assert "[玫瑰]" in first.turns[0].text


# ---- generate extract ---------------------------------------------------------------------------------
def test_generate_extract_failures_resume_retry_mask_and_summary(tmp_path, server):
    project = imported(tmp_path, "test_data.json", labels=False)
    model: ChatModel = server.reply
    model.prose_for = {"混动SUV"}  # chat 3 always answers prose
    args = ["generate", "extract", "--project", project, "--mask", "tag"]
    r = llm(server, *args)
    assert r.returncode == 3, r.stdout + r.stderr  # chat 3 failed: finished with a failed item
    out = r.stdout.splitlines()
    assert "chats:       3 (0 labelled: their samples came with the import)" in out
    assert "samples:     2 new or updated" in out and "failed:      1" in out
    assert "summarized:" not in r.stdout
    [failed] = [line for line in out if line.startswith("  [")]
    assert failed.startswith("  [extract] 1/3: ") and "JSON" in failed
    assert out[-1].startswith("finished, but 1 chat(s) failed") and "--retry-failed" in out[-1]
    calls = server.calls
    assert calls >= 3 and f"calls:       {calls}" in out
    # masked before sending: the e-mail and the phone number of the chats never reached the server
    sent = "\n".join(model.seen)
    assert "hejun@example.com" not in sent and "138xxxx1234" not in sent
    assert "[邮箱1]" in sent and "[手机号1]" in sent
    with Store(project) as st:
        assert sorted(s.meta["index"] for s in st.iter_samples()) == [1, 2]

    again = llm(server, *args)
    assert again.returncode == 3, again.stderr  # the failed chat is still failed
    assert server.calls == calls  # finished chats and the failed one: nothing asked again
    assert "samples:     0 new or updated" in again.stdout and "calls:       0" in again.stdout
    assert "failed:      1" in again.stdout and "  [extract] 1/3: " in again.stdout

    model.prose_for = set()
    retried = llm(server, *args, "--retry-failed")
    assert retried.returncode == 0, retried.stderr
    assert server.calls == calls + 1
    assert "samples:     1 new or updated" in retried.stdout and "failed:      0" in retried.stdout
    assert retried.stdout.splitlines()[-1] == "finished"
    with Store(project) as st:
        assert st.count() == 3
        chat3 = next(s for s in st.iter_samples() if s.meta["index"] == 3)
        assert "[邮箱1]" in chat3.turns[0].text and "hejun@example.com" not in chat3.turns[0].text
        assert json.loads(chat3.turns[1].text)[0]["基本信息-邮箱"] == "[邮箱1]"

    summed = llm(server, *args, "--summarize")
    assert summed.returncode == 0, summed.stderr
    assert "summarized:  3" in summed.stdout.splitlines() and "failed:      0" in summed.stdout
    assert summed.stdout.splitlines()[-1] == "finished"
    with Store(project) as st:
        summarized = [s for s in st.iter_samples() if s.meta.get("chat_text")]
        assert sorted(s.meta["index"] for s in summarized) == [1, 2, 3]
        for s in summarized:  # extracted from the summary; the transcript kept beside it
            assert s.turns[0].text.startswith(s.meta["instruction"] + "\n\n摘要：")
            assert "hejun@example.com" not in s.turns[0].text + s.meta["chat_text"]


# ---- chat-dialogues and test-set ----------------------------------------------------------------------
def test_chat_dialogues_and_test_set(tmp_path):
    project = imported(tmp_path)
    who = ["--assistant", "林晓2", "--assistant", "陈思1", "--assistant", "刘洋4"]
    r = cli("chat-dialogues", "--project", project, *who)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.splitlines()[0] == "3 session(s): 3 new dialogue sample(s)."
    assert "the assistant's opening messages are context in the system prompt" in r.stdout
    again = cli("chat-dialogues", "--project", project, *who)
    assert again.returncode == 0 and "0 new dialogue sample(s)" in again.stdout
    assert "3 already made" in again.stdout
    nobody = cli("chat-dialogues", "--project", project, "--assistant", "不存在")
    assert nobody.returncode == 1 and nobody.stderr.startswith("error: Nobody called 不存在")
    assert "Traceback" not in nobody.stderr
    with Store(project) as st:
        dialogues = list(st.iter_samples(SampleFilter(kind="dialogue")))
        assert len(dialogues) == 3 and st.count() == 6
        assert all(d.turns[-1].role == "assistant" for d in dialogues)

    out = tmp_path / "test.csv"
    r = cli("test-set", "--project", project, "--out", out)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.splitlines()[0] == f"wrote 3 row(s) to {out}"
    text = out.read_text(encoding="utf-8")
    assert text.startswith("input,target")
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["input", "target"] and len(rows) == 4
    # masked by default, consistently: the phone number in the target is the one in the input
    masked = json.loads(rows[1][1])[0]
    assert masked["基本信息-手机号码"] != INFOS_1[0]["基本信息-手机号码"]
    assert masked["基本信息-手机号码"] in rows[1][0] and "138xxxx1234" not in rows[1][0]
    r = cli("test-set", "--project", project, "--out", out, "--mask", "off")
    assert r.returncode == 0, r.stdout + r.stderr
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert "赵磊5：沙发报价发我一下" in rows[1][0] and json.loads(rows[1][1]) == INFOS_1
    assert json.loads(rows[3][1])[1]["基本信息-邮箱"] == "hejun@example.com"


# ---- predict and score -----------------------------------------------------------------------------------
def test_predict_writes_submission_scores_and_reports_failures(tmp_path, server):
    project = imported(tmp_path)
    submit = tmp_path / "submit.json"
    r = llm(server, "predict", "--project", project, "--out", submit)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.splitlines()[0] == f"wrote 3 prediction(s) to {submit}"
    entries = json.loads(submit.read_text(encoding="utf-8"))
    assert [e["index"] for e in entries] == [1, 2, 3] and all(set(e) == {"infos", "index"} for e in entries)
    assert entries[0]["infos"][0]["基本信息-姓名"] == "赵磊"
    assert entries[2]["infos"][0]["基本信息-邮箱"] == "hejun@example.com"
    assert "score against the source's labels:" in r.stdout
    for name in INFO_KEYS:
        assert name in r.stdout
    assert "total (weighted mean)" in r.stdout and "missing predictions: 0" in r.stdout
    assert server.calls == 3

    # a chat that fails: exit 3 (finished, one missing), named, and the way out spelled
    project2 = tmp_path / "p2.corpus"
    assert cli("import-chat", tmp_path / "train.json", "--project", project2).returncode == 0
    server.reply.prose_for = {"混动SUV"}
    failing = tmp_path / "failing.json"
    r = llm(server, "predict", "--project", project2, "--out", failing)
    assert r.returncode == 3, r.stdout + r.stderr
    assert "wrote 2 prediction(s)" in r.stdout and "  chat 3 failed: " in r.stdout
    assert "--retry-failed" in r.stdout and "--fill-empty" in r.stdout
    assert "missing predictions: 1 (index 3)" in r.stdout
    assert [e["index"] for e in json.loads(failing.read_text(encoding="utf-8"))] == [1, 2]

    calls = server.calls
    filled = tmp_path / "filled.json"
    r = llm(server, "predict", "--project", project2, "--out", filled, "--fill-empty")
    assert r.returncode == 0, r.stdout + r.stderr
    assert server.calls == calls  # the answers are kept: nothing asked again
    assert "EMPTY" in r.stdout and "1 failed chat(s) written with an EMPTY record" in r.stdout
    entries = json.loads(filled.read_text(encoding="utf-8"))
    assert [e["index"] for e in entries] == [1, 2, 3]
    assert entries[2]["infos"] == [{k: ([] if isinstance(v, list) else "") for k, v in INFO_KEYS.items()}]


def _submission(records: list[dict]) -> list[dict]:
    return [{"infos": r["infos"], "index": i} for i, r in enumerate(records, 1)]


def test_score_table_json_and_bad_labels(tmp_path):
    labels = write_competition_json(tmp_path)
    predictions = _submission(competition_records())
    predictions[0]["infos"][0]["基本信息-姓名"] = "赵雷"  # one field of one of 4 records wrong
    pred = tmp_path / "pred.json"
    pred.write_text(json.dumps(predictions, ensure_ascii=False), encoding="utf-8")

    r = cli("score", "--predictions", pred, "--labels", labels)
    assert r.returncode == 0, r.stdout + r.stderr
    rows = {line.split()[0]: line.split() for line in r.stdout.splitlines() if line.strip()}
    for name in INFO_KEYS:
        assert name in rows, name
    assert rows["基本信息-姓名"][1:] == ["exact", "1", "0.7500", "4"]
    assert rows["基本信息-手机号码"][1:] == ["exact", "1", "1.0000", "4"]
    assert rows["意向产品"][1] == "set" and rows["基本信息-详细地址"][1] == "similarity"
    total = next(line for line in r.stdout.splitlines() if line.startswith("total (weighted mean)"))
    assert total.split()[-2:] == [f"{20.75 / 21:.4f}", "4"]
    assert "chats: 3, record pairs: 4" in r.stdout and "missing predictions: 0" in r.stdout

    r = cli("score", "--predictions", pred, "--labels", labels, "--json")
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert report["total"] == pytest.approx(20.75 / 21)
    assert [f["name"] for f in report["fields"]] == list(INFO_KEYS)
    assert (report["n_chats"], report["n_records"], report["missing"], report["extra"]) == (3, 4, [], [])

    bad = tmp_path / "labels_bad.json"
    bad.write_text("not json at all", encoding="utf-8")
    r = cli("score", "--predictions", pred, "--labels", bad)
    assert r.returncode == 1 and r.stderr.startswith("error: ") and "labels_bad.json" in r.stderr
    assert "Traceback" not in r.stderr and r.stdout == ""


# ---- the key -------------------------------------------------------------------------------------------
def test_api_key_is_never_printed_even_when_the_server_refuses_it(tmp_path, server):
    project = imported(tmp_path)
    server.inject(*["401"] * 3)  # every chat's request refused
    r = llm(server, "predict", "--project", project, "--out", tmp_path / "s.json")
    assert r.returncode == 1, r.stdout + r.stderr
    assert r.stderr.splitlines()[-1].startswith("error: No prediction to write: every chat failed")
    assert "401" in r.stderr and not (tmp_path / "s.json").exists()

    unlabelled = imported(tmp_path, "test_data.json", labels=False)
    server.api_key = "sk-another-key-0000000000000000"  # the server now refuses the key we hold
    r = llm(server, "generate", "extract", "--project", unlabelled)
    assert r.returncode == 3, r.stdout + r.stderr  # every chat failed: never 0
    assert "failed:      3" in r.stdout and "401" in r.stdout
    for path in (project, unlabelled):  # nor is it stored in the project
        assert DEFAULT_KEY.encode() not in path.read_bytes()
