"""`crawl` and `dialogues`, run as a user would (a subprocess) against the local fake server."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fake_bilibili import FakeBilibili

from core.store import SampleFilter, Store

ROOT = Path(__file__).resolve().parent.parent
# core/cli.py lists the commands; until `crawl`/`dialogues` are wired in there, add them here
RUN = ("import sys\nimport core.cli as cli, core.cli_crawl as crawl\n"
       "if crawl.register not in cli._EXTRA_COMMANDS:\n    cli._EXTRA_COMMANDS.append(crawl.register)\n"
       "sys.exit(cli.main(sys.argv[1:]))")


@pytest.fixture
def fake():
    with FakeBilibili() as server:
        yield server


@pytest.fixture
def env(tmp_path):
    e = dict(os.environ, QT_QPA_PLATFORM="offscreen", CORPUSMITH_CONFIG_DIR=str(tmp_path / "config"),
             PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    e.pop("CORPUSMITH_BILIBILI_API", None)
    return e


def run(env, *args):
    """The command in English (these tests read its English wording; tests/test_cli_crawl_zh.py reads
    the Chinese one)."""
    return subprocess.run([sys.executable, "-c", RUN, "--lang", "en", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env=env)


def test_crawl_then_dialogues_end_to_end(fake, env, tmp_path):
    a = fake.add_video(roots=12, replies=150, seed=21, title="第一个视频")
    b = fake.add_video(roots=6, replies=40, seed=22)
    closed = fake.add_video(roots=2, replies=2, seed=23)
    closed.closed = True
    project = tmp_path / "cli.corpus"
    secret = fake.sessdata
    env["MY_BILI_COOKIES"] = f"SESSDATA={secret}; bili_jct=csrf-not-needed-123"
    fake.inject("412", endpoint="reply")  # one refusal on the way: waited out
    r = run(env, "crawl", f"https://www.bilibili.com/video/{a.bvid}?p=1&spm_id_from=333.788", f"av{b.aid}",
            closed.bvid, "not-a-video", "--project", str(project), "--api-base", fake.api_base,
            "--min-interval", "0", "--cookies-env", "MY_BILI_COOKIES")
    assert r.returncode == 1, r.stderr  # a video failed (closed) and a line was invalid
    out = r.stdout
    assert "invalid: line 4 “not-a-video”" in out
    assert f"{a.bvid} “第一个视频”: complete — {a.all_count()} new" in out
    assert f"{b.bvid}" in out and out.count(": complete — ") == 2
    assert f"{closed.bvid}" in out and "closed (code 12002)" in out
    assert "videos:       3 (2 complete, 0 incomplete, 1 failed)" in out
    assert f"new comments: {a.all_count() + b.all_count()}" in out
    assert "Logged in as" in r.stderr and "waiting" in r.stderr
    for text in (r.stdout, r.stderr):
        assert secret not in text and "csrf-not-needed-123" not in text
    assert secret.encode() not in project.read_bytes()

    # again: nothing new, exit 0 when nothing failed
    r = run(env, "crawl", a.bvid, b.bvid, "--project", str(project), "--api-base", fake.api_base,
            "--min-interval", "0", "--cookies-env", "MY_BILI_COOKIES")
    assert r.returncode == 0, r.stderr
    assert "new comments: 0" in r.stdout

    r = run(env, "dialogues", "--project", str(project))
    assert r.returncode == 0, r.stderr
    kept = int(next(line for line in r.stdout.splitlines() if line.startswith("kept:")).split()[1])
    assert kept > 0 and "paths:" in r.stdout and "too short" in r.stdout
    with Store(project) as st:
        assert st.count(SampleFilter(kind="dialogue")) == kept
        names = {t.name for s in st.iter_samples() for t in s.turns}
        assert all(n.startswith("用户") for n in names)
    r = run(env, "dialogues", "--project", str(project), "--keep-names", "--emotes", "keep", "--min-turns", "2")
    assert r.returncode == 0, r.stderr
    assert f"replaced:   {kept} pending" in r.stdout


def test_visitor_crawl_is_incomplete_with_advice(fake, env, tmp_path):
    fake.guest_limit = 3
    v = fake.add_video(roots=25, replies=30, seed=24)
    r = run(env, "crawl", v.bvid, "--project", str(tmp_path / "g.corpus"), "--api-base", fake.api_base,
            "--min-interval", "0")
    assert r.returncode == 3, r.stderr  # incomplete: scripts can tell it from a complete crawl
    assert ": incomplete — " in r.stdout and "login cookies (SESSDATA)" in r.stdout
    assert "1 incomplete" in r.stdout
    assert "Without login cookies Bilibili shows visitors only part" in r.stderr


def test_saved_cookies_are_used_and_never_shown(fake, env, tmp_path, monkeypatch):
    import keyring
    import keyring.backends.fail

    from core.sources.bilibili.client import save_cookies

    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    monkeypatch.setenv("CORPUSMITH_CONFIG_DIR", env["CORPUSMITH_CONFIG_DIR"])
    try:
        save_cookies(f"SESSDATA={fake.sessdata}; buvid3=saved-buvid-333")
    finally:
        keyring.set_keyring(previous)
    fake.guest_limit = 3
    v = fake.add_video(roots=25, replies=30, seed=25)
    project = tmp_path / "s.corpus"
    r = run(env, "crawl", v.bvid, "--project", str(project), "--api-base", fake.api_base, "--min-interval", "0")
    assert r.returncode == 0, r.stderr
    assert ": complete — " in r.stdout and "Logged in as" in r.stderr
    for text in (r.stdout, r.stderr):
        assert fake.sessdata not in text and "saved-buvid-333" not in text
    assert b"saved-buvid-333" not in project.read_bytes()


def test_bad_input_fails_before_any_request(fake, env, tmp_path):
    r = run(env, "crawl", "hello", "https://youtube.com/x", "--project", str(tmp_path / "x.corpus"),
            "--api-base", fake.api_base)
    assert r.returncode == 1
    assert "invalid: line 1 “hello”" in r.stdout and "invalid: line 2" in r.stdout
    assert r.stderr.strip().startswith("error: No video to crawl")
    assert sum(fake.calls.values()) == 0
    r = run(env, "crawl", "BV1xx411c7mD", "--project", str(tmp_path / "x.corpus"), "--api-base", fake.api_base,
            "--cookies-env", "NOT_SET_ANYWHERE_123")
    assert r.returncode == 1 and r.stderr.count("\n") == 1
    assert "NOT_SET_ANYWHERE_123 is not set" in r.stderr
    assert sum(fake.calls.values()) == 0
    r = run(env, "dialogues", "--project", str(tmp_path / "missing.corpus"))
    assert r.returncode == 1 and r.stderr.startswith("error: ")
