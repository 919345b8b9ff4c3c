"""The headless commands speak the user's language: `LANG=zh_CN.UTF-8` gives Chinese messages for
import (with bad files), stats, export and errors; `--lang en` gives English whatever LANG says.
Run as a user would: `python main.py …` in a subprocess."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from core.model import Sample, Turn
from core.store import Store

ROOT = Path(__file__).resolve().parent.parent
LANG_VARS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
# Three or more Latin words in a row: an English sentence left in a Chinese message.
_LATIN_SENTENCE = re.compile(r"[A-Za-z]{2,}(?:[ ,;:]+[A-Za-z]{2,}){2,}")


def run(*args: str, lang: str = "zh_CN.UTF-8") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in LANG_VARS}
    env.update(QT_QPA_PLATFORM="offscreen", LANG=lang)
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=180, env=env)


def english_left(text: str, *names: str) -> list[str]:
    """Latin-word runs in `text` once file names, paths and format names are taken out."""
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    return _LATIN_SENTENCE.findall(text)


@pytest.fixture
def material(tmp_path: Path) -> dict[str, Path]:
    good = tmp_path / "客栈手册.txt"
    good.write_text("长安客栈开在西市旁边。掌柜姓王，做了十年生意。\n\n客人多在午后到店，先喝茶再谈事。", encoding="utf-8")
    bad_pdf = tmp_path / "bad.pdf"
    bad_pdf.write_bytes(b"this was never a PDF, only a renamed note\n")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    return {"good": good, "bad_pdf": bad_pdf, "empty": empty, "project": tmp_path / "中文.corpus",
            "out": tmp_path / "out" / "data.json"}


def _add_samples(project: Path) -> int:
    """8 accepted QA pairs, 1 pending, and 1 accepted dialogue that opens with the assistant (it
    cannot train: export skips it and says why). Returns that dialogue's id."""
    with Store(project) as store:
        src = store.sources()[0]["id"]
        store.add_samples([Sample.qa(f"掌柜姓什么？{i}", f"姓王。{i}", source_id=src, status="accepted") for i in range(8)])
        store.add_samples([Sample.qa("客人几点到？", "午后。", source_id=src)])
        [bad] = store.add_samples([Sample(kind="dialogue", status="accepted", source_id=src, turns=[
            Turn("assistant", "欢迎光临"), Turn("user", "有房吗"), Turn("assistant", "有的")])])
    return bad


def test_import_stats_and_export_speak_chinese_under_a_chinese_locale(material):
    p = material
    r = run("import", str(p["good"]), str(p["bad_pdf"]), str(p["empty"]), "--project", str(p["project"]))
    assert r.returncode == 3, (r.returncode, r.stderr)  # finished, some files failed
    lines = r.stdout.splitlines()
    assert lines[0].startswith(f"已导入 {p['good']}：") and "个文本段（utf-8），来源 #1" in lines[0]
    assert lines[1].startswith(f"未导入：“{p['bad_pdf']}”的扩展名是 .pdf，但它不是PDF 文档")
    assert lines[2] == f"未导入：“{p['empty']}”是空文件（0 字节）。请选择有文字的文件。"
    assert lines[3] == "3 个文件中有 2 个没有导入"
    names = [str(p["good"]), str(p["bad_pdf"]), str(p["empty"]), "utf-8"]
    assert english_left(r.stdout, *names) == [], r.stdout
    assert "Traceback" not in r.stderr

    bad_dialogue = _add_samples(p["project"])
    r = run("stats", "--project", str(p["project"]))
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert f"项目：{p['project']}" in out and "样本：10" in out
    assert "按状态：" in out and re.search(r"已接受\s+9", out) and re.search(r"待审\s+1", out)
    assert re.search(r"问答（sft）\s+9", out) and re.search(r"多轮对话（dialogue）\s+1", out)
    assert "每条样本的字数：最少" in out
    assert english_left(out, str(p["project"]), p["good"].name, "sft", "dialogue", "pretrain") == [], out

    r = run("export", "--project", str(p["project"]), "--format", "sharegpt", "--out", str(p["out"]))
    assert r.returncode == 0, r.stderr
    rows = json.loads(p["out"].read_text(encoding="utf-8"))
    assert len(rows) == 8  # 9 accepted; the dialogue opening with the assistant is skipped, as said:
    out = r.stdout
    assert f"已把 8 条样本写入 {p['out']}。" in out
    assert "跳过了 1 条无法用于训练的样本（没有写入）" in out
    assert f"  跳过样本 #{bad_dialogue}：以助手的回答开头（第一个回答前没有提问）" in out
    assert f"LLaMA-Factory：已在 {p['out'].parent / 'dataset_info.json'} 里登记 data。" in out
    assert english_left(out, str(p["out"].parent / "dataset_info.json"), str(p["out"]), "LLaMA-Factory") == [], out

    # errors too: one Chinese line, no traceback
    r = run("export", "--project", str(p["project"]), "--format", "alpaca", "--out", str(p["out"]), "--kind", "pretrain")
    assert r.returncode == 1
    assert r.stderr.strip() == (f"错误：没有可导出的内容：项目“{p['project'].stem}”里还没有已接受的 pretrain 样本。"
                                "请先接受一些（应用的审阅页），或加 --all 把待审的也导出。")
    r = run("stats", "--project", str(p["project"].with_name("没有.corpus")))
    assert r.returncode == 1 and r.stderr.startswith("错误：项目文件“") and "不存在。请新建一个项目。" in r.stderr


def test_lang_en_gives_english_under_a_chinese_locale(material):
    p = material
    r = run("--lang", "en", "import", str(p["good"]), str(p["bad_pdf"]), "--project", str(p["project"]))
    lines = r.stdout.splitlines()
    assert lines[0].startswith(f"imported {p['good']}: ") and "chunks (utf-8), source #1" in lines[0]
    assert lines[1].startswith(f"failed: “{p['bad_pdf']}” is named .pdf but is not a PDF document")
    assert lines[2] == "1 of 2 file(s) not imported"

    bad_dialogue = _add_samples(p["project"])
    r = run("stats", "--project", str(p["project"]), "--lang", "en")
    assert "samples: 10" in r.stdout and re.search(r"accepted\s+9", r.stdout) and "by status:" in r.stdout
    r = run("export", "--project", str(p["project"]), "--format", "sharegpt", "--out", str(p["out"]), "--lang=en")
    assert r.returncode == 0, r.stderr
    assert f"Wrote 8 samples to {p['out']}." in r.stdout
    assert f"  skipped sample #{bad_dialogue}: starts with an assistant turn" in r.stdout
    r = run("stats", "--project", str(p["project"].with_name("none.corpus")), "--lang", "en")
    assert r.stderr.startswith("error: Project file “") and "does not exist" in r.stderr


def test_a_damaged_and_a_scanned_pdf_are_explained_in_chinese(tmp_path):
    """The import problems a user meets most, each named in Chinese with what to do."""
    from tests.test_documents_fixtures import make_pdf

    scanned = make_pdf(tmp_path / "扫描件.pdf", [[], []])
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(make_pdf(tmp_path / "whole.pdf", [["第一页"]]).read_bytes()[:40])
    old_doc = tmp_path / "旧文档.doc"
    old_doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    r = run("import", str(scanned), str(cut), str(old_doc), "--project", str(tmp_path / "p.corpus"))
    out = r.stdout
    assert f"“{scanned}”没有文字层：2 页全是图片（是扫描件吗？）" in out
    assert f"“{cut}”是损坏的 PDF" in out or f"“{cut}”的扩展名是 .pdf" in out
    assert f"“{old_doc}”是旧版 Word 文档（Word 97–2003 .doc），无法读取。请用 Word 或 WPS 打开它" in out
    assert out.splitlines()[-1] == "3 个文件中有 3 个没有导入" and r.returncode == 1
