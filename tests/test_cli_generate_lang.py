"""`generate qa` speaks the reader's language: with LANG=zh_CN.UTF-8 its estimate, progress,
counts, failed items and their reasons (a refused key, an answer of the wrong shape) are Chinese;
with --lang en the same run reads in English. Real subprocesses against the local fake server."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fake_openai import DEFAULT_KEY, FakeOpenAI
from test_flow_qa import Replies

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_PHRASE = re.compile(r"\b[A-Za-z]{2,}(?: [A-Za-z]{2,}){2,}")  # three English words in a row


def cli(*args, lang_env: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    env.update(QT_QPA_PLATFORM="offscreen", LANG=lang_env, FAKE_KEY_VAR=DEFAULT_KEY)
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, env=env)


def _project(tmp_path: Path) -> Path:
    doc = tmp_path / "客栈.txt"
    doc.write_text("\n\n".join(f"R{i}a：林晚在洛阳开了一家客栈，名叫悦来{i}号。R{i}b：客栈每天{i + 5}点开门。"
                               for i in range(4)) + "\n", encoding="utf-8")
    project = tmp_path / "p.corpus"
    r = cli("import", doc, "--project", project, "--size", "80", "--overlap", "0", lang_env="C.UTF-8")
    assert r.returncode == 0, r.stderr
    return project


def _run(tmp_path: Path, server: FakeOpenAI, *before: str, lang_env: str) -> subprocess.CompletedProcess:
    """`before`: options before the command (the messages' --lang; after `generate qa`, --lang is
    the prompt's language)."""
    server.reply = Replies()
    server.reply.bad_answers.add("R2a")  # its answer never has the right shape: fails after 3 tries
    server.inject("401")  # the first request (one chunk's questions) meets a refused key
    return cli(*before, "generate", "qa", "--project", _project(tmp_path), "--base-url", server.base_url,
               "--model", "fake-model", "--concurrency", "1", "--questions", "2", "--top-k", "1",
               "--api-key-env", "FAKE_KEY_VAR", lang_env=lang_env)


@pytest.fixture
def server():
    with FakeOpenAI() as s:
        yield s


def test_generate_qa_in_chinese_under_a_chinese_locale(tmp_path, server):
    r = _run(tmp_path, server, lang_env="zh_CN.UTF-8")
    assert r.returncode == 3, r.stderr  # finished with failed items
    out = r.stdout.splitlines()
    assert out[0].startswith("预计：还要发 ") and "个请求" in out[0]
    assert "失败：2 项" in out
    failed = [line for line in out if line.startswith("  [")]
    assert len(failed) == 2, out
    refused = next(line for line in failed if line.startswith("  [出题] "))
    assert "API Key 被拒绝（401）。请确认完整粘贴了 Key" in refused
    shape = next(line for line in failed if line.startswith("  [回答] "))
    assert "试了 3 次仍没有合格的回答：“answer” 应当是文字" in shape
    assert out[-1] == "已完成，但有 2 项失败（原因见上）；加上 --retry-failed 再运行同一条命令即可重试"
    for label in ("问题：", "已回答：", "原文里找不到答案：", "新样本：", "请求：", "缓存命中：", "费用："):
        assert any(line.startswith(label) for line in out), (label, out)
    # every line speaks Chinese; what stays Latin is a name, a number, a key or an option
    assert all(CJK.search(line) for line in out), [line for line in out if not CJK.search(line)]
    assert not any(ENGLISH_PHRASE.search(line) for line in out), [line for line in out if ENGLISH_PHRASE.search(line)]
    # the progress lines on stderr too
    assert "出题：" in r.stderr and "回答：" in r.stderr and "失败 " in r.stderr
    assert "Traceback" not in r.stderr and DEFAULT_KEY not in r.stdout + r.stderr


def test_the_same_run_in_english_with_lang_en(tmp_path, server):
    r = _run(tmp_path, server, "--lang", "en", lang_env="zh_CN.UTF-8")  # --lang wins over the locale
    assert r.returncode == 3, r.stderr
    out = r.stdout.splitlines()
    assert out[0].startswith("estimate: ") and "failed:     2" in out
    assert any(line.startswith("  [questions] ") and "The API key was refused (401 Unauthorized)" in line
               for line in out), out
    assert any(line.startswith("  [answers] ") and "No valid answer after 3 tries: “answer” must be a string" in line
               for line in out), out
    assert out[-1].startswith("finished, but 2 item(s) failed (reasons above)")
    assert not any(CJK.search(line) for line in out if not line.startswith(("  [", "instruction")))
    assert "questions: " in r.stderr and "Traceback" not in r.stderr
