"""The group-chat commands speak the user's language: under LANG=zh_CN.UTF-8 `import-chat` (with a
broken file and a bad record), `chat-dialogues`, `test-set` and `score` print Chinese — results,
skipped records, reasons and errors — and the same commands with --lang en print English."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from chat_fixtures import INFOS_1, INFOS_2, INFOS_3, competition_records, write_competition_json

ROOT = Path(__file__).resolve().parent.parent
ZH = {"LANG": "zh_CN.UTF-8", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""}
# a run of four Latin words: an English sentence (file names, format names and commands are
# taken out first; Python's own JSON error words are a parameter, as the catalogue says)
ENGLISH = re.compile(r"\b[A-Za-z]+(?:[ ,']+[A-Za-z]+){3,}")
ALLOWED = ("Expecting value",)


def cli(*args, env: dict | None = None) -> subprocess.CompletedProcess:
    e = dict(os.environ, QT_QPA_PLATFORM="offscreen", **(env or {}))
    r = subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], cwd=ROOT, capture_output=True,
                       text=True, timeout=120, env=e)
    assert "Traceback" not in r.stderr, r.stderr
    return r


def english_in(text: str, tmp_path: Path) -> list[str]:
    """The English sentences left in `text` once paths, commands and options are taken out."""
    text = text.replace(str(tmp_path), "")
    text = re.sub(r"python main\.py[^，。；）\n]*", "", text)  # a command to type stays as it is
    text = re.sub(r"--[a-z-]+|\S+\.(?:json|csv|corpus|txt)\b", "", text)
    for allowed in ALLOWED:
        text = text.replace(allowed, "")
    return ENGLISH.findall(text)


def files(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A good competition file, one that is not JSON, and one with a bad record (record 2)."""
    train = write_competition_json(tmp_path)
    broken = tmp_path / "broken.json"
    broken.write_text('[{"chat_text": "a：b"},', encoding="utf-8")
    records = competition_records()
    records.insert(1, {"chat_text": 42})
    partial = tmp_path / "partial.json"
    partial.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return train, broken, partial


def test_import_chat_in_chinese_and_in_english(tmp_path):
    train, broken, partial = files(tmp_path)
    r = cli("import-chat", train, broken, partial, "--project", tmp_path / "zh.corpus", env=ZH)
    assert r.returncode == 3, r.stdout + r.stderr  # two files in, one not
    lines = r.stdout.splitlines()
    assert lines[0].startswith(f"已导入 {train}（competition，utf-8）：3 个聊天，")
    assert lines[0].endswith("3 个带标注 → 3 个抽取样本")
    assert "  清理：2 处图片/语音等占位符，4 个文字表情，3 处 @提及，2 条连续重复的消息（3 条消息清理后变空，已删除）" in lines
    assert "  提示：读到 5 条引用回复，其中 5 条已连到被引用的消息" in lines
    assert any(line.startswith("未导入：“broken.json”不是有效的 JSON：第 1 行") for line in lines)
    assert any(line.startswith(f"已导入 {partial}") and line.endswith("；跳过 1 条记录") for line in lines)
    assert "  跳过：第 2 条记录：\"chat_text\" 是数字，不是文本——把整段聊天写成一个字符串" in lines
    assert lines[-1] == "3 个文件中有 1 个没有导入"
    assert english_in(r.stdout + r.stderr, tmp_path) == []

    en = cli("--lang", "en", "import-chat", train, broken, partial, "--project", tmp_path / "en.corpus", env=ZH)
    assert en.returncode == 3
    assert en.stdout.startswith(f"imported {train} (competition, utf-8): 3 chat(s)")
    assert "  skipped record 2: \"chat_text\" is a number, not a string — write the chat as one string" in en.stdout
    assert "failed: “broken.json” is not valid JSON: Expecting value at line 1" in en.stdout
    assert en.stdout.splitlines()[-1] == "1 of 3 file(s) not imported"
    assert not re.search(r"[\u4e00-\u9fff]{2,}", en.stdout.replace("记录 ", ""))


def test_chat_dialogues_and_test_set_in_chinese(tmp_path):
    project = tmp_path / "p.corpus"
    assert cli("import-chat", write_competition_json(tmp_path), "--project", project).returncode == 0
    who = ["--assistant", "林晓2", "--assistant", "陈思1", "--assistant", "刘洋4"]
    r = cli("chat-dialogues", "--project", project, *who, env=ZH)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.splitlines()[0] == "3 段会话：新增 3 个对话样本。"
    assert "助手先开口：" in r.stdout and english_in(r.stdout, tmp_path) == []
    again = cli("chat-dialogues", "--project", project, "--assistant", "林晓2", env=ZH)
    assert again.returncode == 0
    assert "段会话没有用上。" in again.stdout and "没用上 " in again.stdout and "没有助手（林晓2）发的消息" in again.stdout
    nobody = cli("chat-dialogues", "--project", project, "--assistant", "不存在", env=ZH)
    assert nobody.returncode == 1 and nobody.stderr.startswith("错误：这些聊天里没有叫 不存在 的人发过言")
    assert english_in(again.stdout + nobody.stderr, tmp_path) == []
    en = cli("--lang", "en", "chat-dialogues", "--project", project, "--assistant", "林晓2", env=ZH)
    assert "session(s) not used." in en.stdout and "no message from the assistant (林晓2)" in en.stdout

    out = tmp_path / "test.csv"
    r = cli("test-set", "--project", project, "--out", out, env=ZH)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.splitlines() == [f"已把 3 行写入 {out}"]
    # the messages' --lang goes before the command: after test-set, --lang is the instruction's language
    assert cli("--lang", "en", "test-set", "--project", project, "--out", out, env=ZH).stdout.splitlines() == [
        f"wrote 3 row(s) to {out}"]
    # a summary the project does not have yet: the rows left out and the error say why, in Chinese
    none = cli("test-set", "--project", project, "--out", out, "--input", "summary", env=ZH)
    assert none.returncode == 1
    assert none.stderr.startswith("错误：没有测试数据：共 3 处——第 1 处：第 1 个聊天（记录 1）：还没有摘要")
    assert english_in(none.stderr, tmp_path) == []


def test_score_in_chinese(tmp_path):
    labels = write_competition_json(tmp_path)
    predictions = tmp_path / "submit.json"
    predictions.write_text(json.dumps([{"infos": INFOS_1, "index": 1}, {"infos": INFOS_2, "index": 2}],
                                      ensure_ascii=False), encoding="utf-8")
    r = cli("score", "--predictions", predictions, "--labels", labels, env=ZH)
    assert r.returncode == 0, r.stdout + r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].split() == ["字段", "评分方式", "权重", "得分", "记录对"]
    assert any(line.startswith("总分（加权平均）") for line in lines)
    assert "缺少预测：1（编号 3）" in lines and len(INFOS_3) == 2
    bad = tmp_path / "bad.json"
    bad.write_text('[{"index": 1}]', encoding="utf-8")
    r = cli("score", "--predictions", bad, "--labels", labels, env=ZH)
    assert r.returncode == 1 and r.stderr.startswith("错误：“bad.json”第 1 条记录没有“infos”")
    en = cli("score", "--predictions", bad, "--labels", labels, "--lang", "en", env=ZH)
    assert en.stderr.startswith("error: “bad.json”, record 1 has no “infos”")
