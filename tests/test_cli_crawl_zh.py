"""`crawl` and `dialogues` in the user's language, run as a user would (a subprocess) against the
local fake Bilibili server: a Chinese system (LANG=zh_CN.UTF-8) gets Chinese lines, `--lang en`
gets English, and the numbers, ids and links stay as they are in both."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fake_bilibili import FakeBilibili

from core.store import SampleFilter, Store

ROOT = Path(__file__).resolve().parent.parent

# What may stay Latin inside a Chinese line: ids, links, names of cookies and protocols, the
# words Bilibili and the app use as names. Anything else of two Latin words in a row is English.
_NAMES = re.compile(r"https?://\S+|BV1\w{9}|av\d+|b23\.tv|bilibili\.com|SESSDATA|Cookie|HTTP|Ctrl-C|--[\w-]+")
_ENGLISH = re.compile(r"[A-Za-z]{2,}[ ,;:.'’-]+[A-Za-z]{2,}")


def english_in(text: str) -> list[str]:
    """The lines of `text` that still hold an English phrase once names and ids are taken out."""
    return [line for line in text.splitlines() if _ENGLISH.search(_NAMES.sub("", line))]


@pytest.fixture
def fake():
    with FakeBilibili() as server:
        yield server


@pytest.fixture
def zh_env(tmp_path):
    """A Chinese desktop's environment: LANG only (LANGUAGE / LC_ALL would override it)."""
    e = dict(os.environ, QT_QPA_PLATFORM="offscreen", CORPUSMITH_CONFIG_DIR=str(tmp_path / "config"),
             PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring", LANG="zh_CN.UTF-8")
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "CORPUSMITH_BILIBILI_API"):
        e.pop(name, None)
    return e


def run(env, *args):
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env=env)


def test_crawl_with_a_bad_line_and_a_visitor_limited_video_speaks_chinese(fake, zh_env, tmp_path):
    fake.guest_limit = 3
    v = fake.add_video(roots=25, replies=30, seed=31)
    r = run(zh_env, "crawl", "hello", v.bvid, "--project", str(tmp_path / "zh.corpus"),
            "--api-base", fake.api_base, "--min-interval", "0")
    assert r.returncode == 1, r.stderr  # a line was invalid
    out, err = r.stdout, r.stderr
    # the bad line: which line, what was written, what is wrong
    assert "无效：第 1 行“hello”：不是 B 站链接或视频号（请填 BV… 或 av… 号，或 bilibili.com / b23.tv 链接）" in out
    # the video: incomplete, how many of how many, and what to do
    line = next(x for x in out.splitlines() if x.startswith(v.bvid))
    assert line.startswith(f"{v.bvid} “{v.title}”：不完整 — 新增 ")
    with Store(tmp_path / "zh.corpus") as st:
        stored = st.count_raw_items(st.sources()[0]["id"], "comment")
    assert 0 < stored < v.all_count()
    assert f"已存 {stored}（B 站列出 {v.all_count()}）" in line
    assert f"不登录只抓到了 {stored} 条（B 站列出 {v.all_count()} 条）" in line
    assert "添加登录 Cookie（SESSDATA）后再抓一次" in line
    # the summary
    assert "视频：1 个（完成 0，不完整 1，失败 0）" in out
    assert f"新评论：{stored} 条" in out
    assert "无效：1 行输入没有抓取（见上）" in out
    assert "不完整：有的视频没能抓全" in out
    # the notes on stderr: the visitor's limits, in Chinese
    assert "提示：不登录时，B 站只给访客看一部分评论" in err
    assert english_in(out) == [] and english_in(err) == []


def test_lang_en_overrides_a_chinese_system(fake, zh_env, tmp_path):
    fake.guest_limit = 3
    v = fake.add_video(roots=25, replies=30, seed=32)
    r = run(zh_env, "crawl", "hello", v.bvid, "--project", str(tmp_path / "en.corpus"),
            "--api-base", fake.api_base, "--min-interval", "0", "--lang", "en")
    assert r.returncode == 1, r.stderr
    out = r.stdout
    assert "invalid: line 1 “hello”: not a Bilibili link or a video id" in out
    assert f"{v.bvid} “{v.title}”: incomplete — " in out and "could be fetched without logging in" in out
    assert "videos:       1 (0 complete, 1 incomplete, 0 failed)" in out
    assert "invalid:      1 input line, not crawled (see above)" in out
    assert "note: Without login cookies Bilibili shows visitors only part" in r.stderr
    assert not re.search(r"[\u4e00-\u9fff]", out.replace(v.title, ""))  # the title is the video's own


def test_dialogues_summary_and_errors_in_chinese(fake, zh_env, tmp_path):
    v = fake.add_video(roots=10, replies=80, seed=33, title="对话测试")
    project = tmp_path / "d.corpus"
    zh_env["MY_BILI"] = f"SESSDATA={fake.sessdata}"
    r = run(zh_env, "crawl", v.bvid, "--project", str(project), "--api-base", fake.api_base,
            "--min-interval", "0", "--cookies-env", "MY_BILI")
    assert r.returncode == 0, r.stderr
    assert f"{v.bvid} “对话测试”：完成 — 新增 {v.all_count()}，" in r.stdout
    assert "提示：已登录：" in r.stderr

    r = run(zh_env, "dialogues", "--project", str(project), "--min-turns", "2")
    assert r.returncode == 0, r.stderr
    out = r.stdout
    with Store(project) as st:
        kept = st.count(SampleFilter(kind="dialogue"))
    assert kept > 0
    assert "视频：1" in out and f"评论：{v.all_count()}" in out
    assert f"保留：{kept} 段（新的待审对话）" in out
    assert re.search(r"^舍弃：太短 \d+，重复 \d+，清理后为空 \d+$", out, re.M)
    assert re.search(r"^用时：\d+\.\d 秒$", out, re.M)
    assert "生成对话：1/1 个视频" in r.stderr
    assert english_in(out) == [] and english_in(r.stderr) == []

    # building again with other options: what replaced what, in Chinese
    r = run(zh_env, "dialogues", "--project", str(project), "--min-turns", "2", "--keep-names")
    assert r.returncode == 0, r.stderr
    assert f"替换：上次生成的 {kept} 条待审对话" in r.stdout

    # a wrong option and a missing cookie variable are said in Chinese too
    r = run(zh_env, "dialogues", "--project", str(project), "--min-turns", "5", "--max-turns", "3")
    assert r.returncode == 1 and "最多轮数（3）要么是 0（不限），要么不少于最少轮数（5）。" in r.stderr
    r = run(zh_env, "crawl", v.bvid, "--project", str(project), "--api-base", fake.api_base,
            "--cookies-env", "NOT_SET_ANYWHERE_456")
    assert r.returncode == 1 and "环境变量 NOT_SET_ANYWHERE_456 没有设置或是空的" in r.stderr
