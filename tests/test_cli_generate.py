"""`python main.py import` and `python main.py generate qa`, run as a user would (subprocesses)
against the real local fake server."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fake_openai import DEFAULT_KEY, FakeOpenAI
from test_flow_qa import Replies

from core.store import SampleFilter, Store

ROOT = Path(__file__).resolve().parent.parent


def cli(*args, env=None, **kw) -> subprocess.CompletedProcess:
    e = dict(os.environ, QT_QPA_PLATFORM="offscreen", **(env or {}))
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, env=e, **kw)


def imported(tmp_path: Path, project: Path, paragraphs: int = 5) -> None:
    r = cli("import", document(tmp_path, paragraphs), "--project", project, "--size", "80", "--overlap", "0")
    assert r.returncode == 0, r.stdout + r.stderr


def document(tmp_path: Path, paragraphs: int = 5) -> Path:
    path = tmp_path / "客栈.txt"
    path.write_text("\n\n".join(
        f"R{i}a：林晚在洛阳开了一家客栈，名叫悦来{i}号。R{i}b：客栈每天{i + 5}点开门，伙计阿福在擦桌子。"
        for i in range(paragraphs)) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def server():
    with FakeOpenAI() as s:
        s.reply = Replies()
        yield s


def test_import_one_line_per_file_and_bad_files_do_not_stop_the_others(tmp_path):
    project = tmp_path / "new.corpus"  # does not exist yet: import creates it
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    good = document(tmp_path)
    r = cli("import", pdf, tmp_path / "missing.txt", good, "--project", project, "--size", "80",
            "--overlap", "0")
    assert r.returncode == 3, r.stderr  # finished, the good file is in; two were not
    lines = r.stdout.splitlines()
    assert lines[0].startswith(f"failed: “{pdf}” is a damaged PDF")
    assert lines[1].startswith("failed: “") and "missing.txt” does not exist" in lines[1]
    assert lines[2].startswith(f"imported {good}: ") and "5 chunks (utf-8)" in lines[2]
    assert lines[3] == "2 of 3 file(s) not imported"
    assert "Traceback" not in r.stderr
    with Store(project) as st:
        [src] = st.sources()
        assert src["name"] == "客栈.txt" and st.count_raw_items(src["id"], "chunk") == 5

    r = cli("import", good, "--project", project, "--size", "10", "--overlap", "20")
    assert r.returncode == 1 and r.stderr.startswith("error: Chunk overlap must be")
    assert "Traceback" not in r.stderr


def test_generate_qa_end_to_end(tmp_path, server):
    project = tmp_path / "cli.corpus"
    imported(tmp_path, project)
    args = ["generate", "qa", "--project", project, "--base-url", server.base_url, "--model", "fake-model",
            "--concurrency", "4", "--rpm", "6000", "--questions", "3", "--api-key-env", "FAKE_KEY_VAR"]
    r = cli(*args, env={"FAKE_KEY_VAR": DEFAULT_KEY})
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert out.startswith("estimate: 20 request(s) still to make, about ")  # 5 chunks + 15 expected answers
    for line in ("questions:  11", "duplicates: 4", "answered:   8",
                 "not found:  3 (kept as rejected samples)",
                 "samples:    11 new", "failed:     0", "calls:      16", "cached:     0",
                 "cost:       0.0000 (no prices set)", "finished"):
        assert line in out.splitlines(), (line, out)
    assert "questions: 5 item(s)" in r.stderr and "answers: 11 item(s)" in r.stderr
    assert "answers: 11/11 · 0 failed" in r.stderr  # the progress line (one line each, not a tty)
    assert DEFAULT_KEY not in out + r.stderr and "Traceback" not in r.stderr
    with Store(project) as st:
        assert st.count() == 11 and st.count(SampleFilter(kind="sft", statuses=("pending",))) == 8
        assert st.count(SampleFilter(statuses=("rejected",))) == 3

    again = cli(*args, "--price-in", "2", "--price-out", "8", env={"FAKE_KEY_VAR": DEFAULT_KEY})
    assert again.returncode == 0, again.stderr
    assert "estimate: 0 request(s)" in again.stdout and "calls:      0" in again.stdout
    assert "cost:       0.0000" in again.stdout.splitlines()  # priced, and nothing paid twice
    assert "samples:    0 new" in again.stdout and server.calls == 16


def test_generate_reports_failed_items_and_exits_3(tmp_path, server):
    project = tmp_path / "f.corpus"
    imported(tmp_path, project, 2)
    server.reply.bad_answers.add("R1a")
    args = ["generate", "qa", "--project", project, "--base-url", server.base_url, "--model", "fake-model",
            "--questions", "2", "--top-k", "1", "--lang", "en", "--api-key-env", "FAKE_KEY_VAR"]
    r = cli(*args, env={"FAKE_KEY_VAR": DEFAULT_KEY})
    assert r.returncode == 3, r.stderr  # finished with a failed item: scripts can tell
    assert "failed:     1" in r.stdout and "“answer” must be a string" in r.stdout
    assert "1 item(s) failed (reasons above); run the same command with --retry-failed" in r.stdout
    server.reply.bad_answers.clear()
    r = cli(*args, "--retry-failed", env={"FAKE_KEY_VAR": DEFAULT_KEY})
    assert r.returncode == 0 and "failed:     0" in r.stdout and "samples:    1 new" in r.stdout


def test_key_errors_are_one_clear_line(tmp_path):
    project = tmp_path / "k.corpus"
    assert cli("import", document(tmp_path, 1), "--project", project).returncode == 0
    base = ["generate", "qa", "--project", project, "--model", "m"]
    r = cli(*base, "--base-url", "https://api.example.invalid/v1")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.startswith("error: No API key for https://api.example.invalid/v1")
    assert "--api-key-env" in r.stderr
    r = cli(*base, "--base-url", "https://api.example.invalid/v1", "--api-key-env", "NOT_SET_ANYWHERE")
    assert r.returncode == 1 and "NOT_SET_ANYWHERE is not set" in r.stderr
    r = cli(*base, "--base-url", "https://x.invalid/v1", "--provider", "Nope", "--api-key-env", "X")
    assert r.returncode == 1 and "Unknown --provider “Nope”" in r.stderr
    r = cli("generate", "qa", "--project", tmp_path / "missing.corpus", "--base-url", "http://127.0.0.1:9/v1",
            "--model", "m")
    assert r.returncode == 1 and "does not exist" in r.stderr and "Traceback" not in r.stderr


def test_local_server_needs_no_key(tmp_path):
    project = tmp_path / "local.corpus"
    assert cli("import", document(tmp_path, 1), "--project", project).returncode == 0
    with FakeOpenAI(api_key=None) as local:
        local.reply = Replies()
        r = cli("generate", "qa", "--project", project, "--base-url", local.base_url, "--model", "fake-model")
        assert r.returncode == 0, r.stderr
        assert "samples:    " in r.stdout and local.calls > 0
        assert local.bodies[0]["model"] == "fake-model"


def _done(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    try:
        return conn.execute("SELECT COUNT(*) FROM job_items WHERE status='done'").fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        conn.close()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process")
def test_ctrl_c_exits_130_and_keeps_the_work(tmp_path, server):
    project = tmp_path / "c.corpus"
    imported(tmp_path, project, 8)
    server.latency = 0.3  # 16 calls one at a time: seconds of margin for the signal on a busy machine
    e = dict(os.environ, FAKE_KEY_VAR=DEFAULT_KEY)
    cmd = [sys.executable, str(ROOT / "main.py"), "generate", "qa", "--project", str(project), "--base-url",
           server.base_url, "--model", "fake-model", "--concurrency", "1", "--api-key-env", "FAKE_KEY_VAR"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=e, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while _done(project) < 2:
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.02)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "interrupted: the finished work is saved" in err and "Traceback" not in err
    done = _done(project)
    assert done >= 2
    with Store(project) as st:
        assert {j["status"] for j in st.jobs()} <= {"cancelled", "done"}
