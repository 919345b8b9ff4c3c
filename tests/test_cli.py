"""The headless commands, run as a user would: `python main.py …` in a subprocess."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.model import Sample, Turn
from core.store import Store

ROOT = Path(__file__).resolve().parent.parent


def run(*args, env=None):
    # English messages whatever the machine's locale (tests/test_cli_zh.py covers Chinese)
    e = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LANGUAGE": "en", **(env or {})}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=180, env=e)


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "cli.corpus"
    with Store.create(path) as store:
        src = store.add_source("import", "测试来源")
        store.add_samples([Sample.qa(f"问题{i}", f"回答{i}", source_id=src, status="accepted") for i in range(8)])
        store.add_samples([
            Sample.qa("待审问题", "待审回答", source_id=src),
            Sample(kind="dialogue", status="accepted", source_id=src, turns=[
                Turn("assistant", "开场白"), Turn("user", "你好"), Turn("assistant", "你好呀")]),
        ])
    return path


def test_help_lists_the_commands():
    r = run("--help")
    assert r.returncode == 0
    for word in ("stats", "export", "--self-test"):
        assert word in r.stdout


def test_stats_table_and_json(project):
    r = run("stats", "--project", str(project))
    assert r.returncode == 0, r.stderr
    assert "samples: 10" in r.stdout and "测试来源" in r.stdout and "accepted" in r.stdout
    data = json.loads(run("stats", "--project", str(project), "--json").stdout)
    assert data["by_status"] == {"pending": 1, "accepted": 9, "rejected": 0}


def test_export_reports_what_it_skipped(project, tmp_path):
    out = tmp_path / "out" / "data.json"
    out.parent.mkdir()
    r = run("export", "--project", str(project), "--format", "sharegpt", "--out", str(out), "--test-ratio", "0.25")
    assert r.returncode == 0, r.stderr
    train = json.loads((out.parent / "data_train.json").read_text(encoding="utf-8"))
    test = json.loads((out.parent / "data_test.json").read_text(encoding="utf-8"))
    assert len(train) + len(test) == 8  # 9 accepted; the dialogue opening with the assistant is skipped
    assert "skipped sample #10" in r.stdout
    info = json.loads((out.parent / "dataset_info.json").read_text(encoding="utf-8"))
    assert info["data_train"]["formatting"] == "sharegpt"


def test_export_all_includes_pending(project, tmp_path):
    out = tmp_path / "all.jsonl"
    r = run("export", "--project", str(project), "--format", "alpaca", "--out", str(out), "--jsonl", "--all",
            "--kind", "sft")
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 9 and any(r["instruction"] == "待审问题" for r in rows)


def test_errors_are_one_clear_line(tmp_path):
    bad = tmp_path / "bad.corpus"
    bad.write_text("not a database at all" * 10)
    r = run("stats", "--project", str(bad))
    assert r.returncode == 1
    assert "not a Corpusmith project" in r.stderr and "Traceback" not in r.stderr
    r = run("export", "--project", str(tmp_path / "missing.corpus"), "--format", "csv", "--out", "x.csv")
    assert r.returncode == 1 and "does not exist" in r.stderr


def test_self_test_passes():
    r = run("--self-test")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "self-test passed" in r.stdout


def test_export_makes_missing_folders(project, tmp_path):
    out = tmp_path / "data" / "deeper" / "my.json"
    r = run("export", "--project", str(project), "--format", "alpaca", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 8


def test_nothing_accepted_names_the_cli_flag_in_the_users_language(tmp_path):
    path = tmp_path / "pending.corpus"
    with Store.create(path) as store:
        store.add_samples([Sample.qa("问", "答")])
    out = str(tmp_path / "x.json")
    en = run("export", "--project", str(path), "--format", "alpaca", "--out", out, env={"LANG": "en_US.UTF-8"})
    assert en.returncode == 1 and "--all" in en.stderr and "all non-rejected" not in en.stderr
    zh = run("export", "--project", str(path), "--format", "alpaca", "--out", out, "--lang", "zh")
    assert zh.returncode == 1 and "--all" in zh.stderr and "还没有已接受的" in zh.stderr
    assert run("export", "--project", str(path), "--format", "alpaca", "--out", out, "--all").returncode == 0


def test_a_reader_that_leaves_early_is_no_traceback(project):
    """`python main.py stats … | head -1`: the pipe closes before everything is written."""
    e = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "stats", "--project", str(project)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e)
    proc.stdout.close()  # the reader is gone before the command prints
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0
    assert "Traceback" not in err and "BrokenPipe" not in err
