"""`import` (every format), `script-qa`, `script-dialogues` and `chunk`, run as a user would: in a
subprocess, end to end."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from test_documents_fixtures import book_pages, make_docx, make_pdf

from core.store import SampleFilter, Store

ROOT = Path(__file__).resolve().parent.parent
INN = Path(__file__).parent / "data" / "script_inn.txt"

# Until core/cli.py lists cli_script.register, run the same main() with it added.
_SHIM = ("import sys; from core import cli, cli_script\n"
         "if cli_script.register not in cli._EXTRA_COMMANDS: cli._EXTRA_COMMANDS.append(cli_script.register)\n"
         "sys.exit(cli.main(sys.argv[1:]))")


def _wired() -> bool:
    from core.cli import build_parser

    return "script-qa" in build_parser().format_help()


def cli(*args) -> subprocess.CompletedProcess:
    e = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    cmd = [sys.executable, str(ROOT / "main.py")] if _wired() else [sys.executable, "-c", _SHIM]
    return subprocess.run([*cmd, *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=120, env=e)


def test_import_then_script_qa_dialogues_and_chunks(tmp_path):
    project = tmp_path / "剧本.corpus"
    docx = make_docx(tmp_path / "手册.docx")
    script = tmp_path / "长安客栈.txt"
    script.write_bytes(INN.read_text(encoding="utf-8").encode("gbk"))  # a GBK file, as many are
    pdf = make_pdf(tmp_path / "书.pdf", book_pages(3))
    scan = make_pdf(tmp_path / "扫描.pdf", [[]], image_only=True)

    r = cli("import", docx, script, pdf, scan, "--project", project, "--size", "200", "--overlap", "20")
    assert r.returncode == 3, r.stderr  # one file failed, the rest imported …
    lines = r.stdout.splitlines()
    assert lines[0].startswith(f"imported {docx}: ") and "(DOCX)" in lines[0]
    assert lines[1].startswith(f"imported {script}: ") and "(gb18030)" in lines[1]
    assert lines[2].startswith(f"imported {pdf}: ") and "(PDF, 3 pages)" in lines[2]
    assert "  cleaned: 3 page numbers, 3 header/footer lines" in lines[3]
    assert lines[4].startswith("failed: “") and "扫描.pdf" in lines[4] and "OCR" in lines[4]
    assert lines[-1] == "1 of 4 file(s) not imported" and "Traceback" not in r.stderr
    with Store(project) as st:  # … and the others are in
        sources = {s["name"]: s["id"] for s in st.sources()}
    assert list(sources) == ["手册.docx", "长安客栈.txt", "书.pdf"]
    sid = sources["长安客栈.txt"]

    args = ("script-qa", "--project", project, "--character", "林晚", "--source", sid, "--history", "2",
            "--system", "现在你要扮演{character}", "--min-len", "2")
    r = cli(*args)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.startswith("11 new sft samples; 1 dropped.")
    assert "characters: 林晚 12, 沈砚 6, 阿福 4, 赵铁 3" in r.stdout
    with Store(project) as st:
        samples = list(st.iter_samples(SampleFilter(source_id=sid, kind="sft")))
    assert len(samples) == 11 and all(s.system == "现在你要扮演林晚" for s in samples)
    assert all(s.turns[-1].role == "assistant" and s.turns[-1].name == "林晚" for s in samples)
    assert max(len(s.turns) for s in samples) == 4  # history 2 → up to two earlier turns

    r = cli(*args)  # the same again: nothing new
    assert r.returncode == 0 and r.stdout.startswith("0 new sft samples; 11 already made by an earlier run")

    r = cli("script-dialogues", "--project", project, "--source", sid)
    assert r.returncode == 0 and r.stdout.startswith("4 new dialogue samples"), r.stdout + r.stderr

    r = cli("chunk", "--project", project, "--size", "300", "--overlap", "30")
    assert r.returncode == 0, r.stderr
    assert r.stdout.endswith(" new pretrain samples.\n")
    with Store(project) as st:
        n = st.count(SampleFilter(kind="pretrain"))
        assert n > 3 and {s.source_id for s in st.iter_samples(SampleFilter(kind="pretrain"))} == set(sources.values())
    r = cli("chunk", "--project", project, "--size", "300", "--overlap", "30")
    assert r.stdout.startswith(f"0 new pretrain samples; {n} already made")


def test_aliases_and_errors(tmp_path):
    project = tmp_path / "宫.corpus"
    path = tmp_path / "宫.txt"
    path.write_text("皇上：嬛嬛。\n甄嬛：臣妾在。\n皇上：莞贵人。\n莞贵人：臣妾告退。\n皇上：去吧。\n嬛嬛：是。\n",
                    encoding="utf-8")
    assert cli("import", path, "--project", project).returncode == 0
    r = cli("script-qa", "--project", project, "--character", "甄嬛", "--alias", "嬛嬛,莞贵人=甄嬛")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("3 new sft samples") and "甄嬛 3 (also 嬛嬛/莞贵人)" in r.stdout
    r = cli("script-qa", "--project", project, "--character", "华妃")
    assert r.returncode == 1 and r.stderr.startswith("error: “华妃” does not speak") and "皇上 (3)" in r.stderr
    r = cli("script-qa", "--project", project, "--character", "甄嬛", "--alias", "嬛嬛")
    assert r.returncode == 1 and "别名=正名" in r.stderr
    r = cli("script-qa", "--project", project, "--character", "甄嬛", "--system", "你是{名字}")
    assert r.returncode == 1 and "{名字}" in r.stderr
    r = cli("chunk", "--project", project, "--source", "42")
    assert r.returncode == 1 and "no source #42" in r.stderr
    r = cli("script-dialogues", "--project", tmp_path / "nope.corpus")
    assert r.returncode == 1 and "Traceback" not in r.stderr


def test_a_chinese_user_reads_the_run_and_its_errors_in_chinese(tmp_path):
    """LANG=zh_CN.UTF-8: the counts, the drop reasons and the errors are Chinese; names stay as written."""
    project = tmp_path / "宫.corpus"
    path = tmp_path / "宫.txt"
    path.write_text("甄嬛：臣妾在。\n皇上：莞贵人。\n甄嬛：臣妾告退。\n皇上：去吧。\n", encoding="utf-8")
    assert cli("import", path, "--project", project).returncode == 0
    e = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANG="zh_CN.UTF-8", LANGUAGE="", LC_ALL="")

    def zh(*args) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], cwd=ROOT,
                              capture_output=True, text=True, timeout=120, env=e)

    r = zh("script-qa", "--project", project, "--character", "甄嬛")
    assert r.returncode == 0, r.stderr
    # 甄嬛 opens the scene: one speech has no question before it
    assert r.stdout.startswith("新增问答样本 1 条；1 处没有做成样本。"), r.stdout
    assert "这个角色的台词是场景的第一句" in r.stdout and "角色：" in r.stdout
    r = zh("script-qa", "--project", project, "--character", "华妃")
    assert r.returncode == 1 and "“华妃”在所选文档里没有台词" in r.stderr and "皇上 (2)" in r.stderr
    r = zh("chunk", "--project", project, "--source", "42")
    assert r.returncode == 1 and "项目里没有来源 #42" in r.stderr
