"""`python main.py judge …`, run as a user would (subprocesses) against the real local fake server:
counts in the reader's language, --json, --threshold, --only, --rubric, exit codes, and an
export after the threshold read back."""

from __future__ import annotations

import json

import pytest
from fake_openai import DEFAULT_KEY
from test_cli_generate import cli
from test_judge import build_project, judge_server

from core.messages import say
from core.store import SampleFilter, Store


@pytest.fixture
def server():
    with judge_server() as s:
        yield s


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "judge.corpus"
    with Store.create(path) as st:
        build_project(st)
    return path


def judge(project, server, *extra, lang="en"):
    env = {"JUDGE_KEY": DEFAULT_KEY, "LANG": "zh_CN.UTF-8" if lang == "zh" else "en_US.UTF-8", "LANGUAGE": ""}
    return cli("judge", "--project", project, "--base-url", server.base_url, "--model", "fake-model",
               "--api-key-env", "JUDGE_KEY", "--concurrency", "4", *extra, env=env)


def test_judge_in_chinese_with_a_threshold_then_export(project, server, tmp_path):
    r = judge(project, server, "--threshold", "3", lang="zh")
    assert r.returncode == 0, r.stderr
    out = r.stdout.splitlines()
    assert out[0].startswith("预计：还要发 10 个请求")
    assert "选中的样本：11 条" in out
    assert "纯文本（预训练）样本 1 条没有评分标准，未评分" in out
    assert "已评分：10 条（本次新评 10 条）" in out
    assert "分数分布：1 分 1 条，2 分 2 条，3 分 2 条，4 分 3 条，5 分 2 条" in out
    assert "低于 3 分拒绝：3 条" in out and "失败：0 项" in out
    assert "评分" in r.stderr  # the progress line names the stage in Chinese
    with Store(project) as st:
        rejected = list(st.iter_samples(SampleFilter(statuses=("rejected",))))
        assert len(rejected) == 3
        for s in rejected:
            score = s.meta["judge"]["score"]
            assert s.reason == say("judge.below_threshold", score=score, threshold=3).encode()
            assert s.meta["judge"]["model"] == "fake-model" and "分" in s.meta["judge"]["reason"]

    exported = tmp_path / "train.jsonl"
    r = cli("export", "--project", project, "--format", "alpaca", "--out", exported, "--jsonl", "--all",
            "--kind", "sft", "--no-dataset-info")
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 6  # 9 sft samples, 3 of them below 3
    assert not any("[score 1]" in row["instruction"] or "[score 2]" in row["instruction"] for row in rows)


def test_rerun_pays_nothing_and_json_is_the_only_stdout(project, server):
    assert judge(project, server).returncode == 0
    calls = server.calls
    r = judge(project, server, "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)  # nothing else on stdout
    assert server.calls == calls and data["calls"] == 0 and data["judged_now"] == 0
    assert data["judged"] == 10 and data["scores"] == {"1": 1, "2": 2, "3": 2, "4": 3, "5": 2}
    assert data["threshold"] is None and data["failed"] == []
    assert "estimate: 0 request(s)" in r.stderr


def test_failures_are_listed_with_reasons_and_exit_3(project, server):
    server.reply.broken.add("第1问")
    r = judge(project, server, "--only", "pending", "--json")
    assert r.returncode == 3, r.stderr
    data = json.loads(r.stdout)
    assert data["judged"] == 9 and len(data["failed"]) == 1
    assert data["failed"][0]["reason"].startswith("No valid answer after 3 tries")
    r = judge(project, server)  # in words: the failed item and why
    assert r.returncode == 3
    assert "failed:     1" in r.stdout and "No valid answer after 3 tries" in r.stdout


def test_only_status_and_a_users_rubric(project, server, tmp_path):
    with Store(project) as st:
        st.set_status([1, 2], "accepted")
    rubric = tmp_path / "rubric.txt"
    rubric.write_text("Score 5 when the answer names the inn, else 1.", encoding="utf-8")
    r = judge(project, server, "--only", "accepted", "--rubric", rubric, "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["selected"] == 2 and data["judged"] == 2
    assert all("names the inn" in p for p in server.reply.prompts)
    with Store(project) as st:
        assert st.get_sample(1).meta["judge"]["rubric"].startswith("rubric:")
        assert "judge" not in st.get_sample(3).meta


def test_bad_arguments_are_said_not_tracebacks(project, server, tmp_path):
    r = judge(project, server, "--rubric", tmp_path / "missing.txt")
    assert r.returncode == 1 and "Rubric file not found" in r.stderr and "Traceback" not in r.stderr
    r = judge(project, server, "--threshold", "9")
    assert r.returncode == 1 and "--threshold must be a whole number from 1 to 5" in r.stderr
    assert server.calls == 0
