"""`python main.py --self-test`: the real window, offscreen, through a whole small project.

Also run against the frozen build, so it proves the packaged app, not just the source tree.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path


class SelfTestFailure(Exception):
    pass


def _check(cond: bool, what: str) -> None:
    if not cond:
        raise SelfTestFailure(what)


def _demo_samples(source_id: int):
    from core.model import Sample, Turn

    return [
        Sample.qa("客栈开了多少年？", "林晚说客栈开了十年。", source_id=source_id, status="accepted",
                  system="你是《长安客栈》的林晚。"),
        Sample.qa("沈砚从哪里来？", "从洛阳来，往西边去。", source_id=source_id, status="accepted"),
        Sample(kind="dialogue", source_id=source_id, status="accepted", turns=[
            Turn("user", "店家，可还有空房？", "沈砚"), Turn("assistant", "有的。客官从哪里来？", "林晚"),
            Turn("user", "从洛阳来，往西边去。", "沈砚"), Turn("assistant", "洛阳到长安，走了几天？", "林晚"),
        ]),
        Sample.qa("被拒绝的样本", "不应被导出", source_id=source_id, status="rejected", reason="self-test"),
    ]


def _rows(path: Path) -> list:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    if path.suffix == ".csv":
        import csv

        return list(csv.DictReader(text.splitlines()))
    return json.loads(text)


async def _run(out: list[str]) -> None:
    from core.export import FORMATS, ExportOptions
    from core.settings import AppSettings
    from core.store import Store
    from ui.main_window import MainWindow
    from ui.qt import QApplication
    from ui.selftest_bundle import BundleCheckFailure, check_bundle

    try:  # everything the frozen app must carry (resources, data files, native libraries)
        out.extend(check_bundle())
    except BundleCheckFailure as e:
        out.extend(e.lines)
        raise SelfTestFailure(str(e)) from e

    with tempfile.TemporaryDirectory(prefix="corpusmith-selftest-") as tmp:
        tmpdir = Path(tmp)
        project = tmpdir / "selftest.corpus"
        with Store.create(project) as store:
            sid = store.add_source("import", "self-test")
            store.add_samples(_demo_samples(sid))
        window = MainWindow(AppSettings())
        window.settings.save = lambda *a, **k: None  # never touch the user's real settings
        window.show()
        _check(window.open_project(project), "the project did not open")
        QApplication.processEvents()
        _check(window.windowTitle().startswith("selftest"), "project name missing from the title")
        _check(window.review.model.rowCount() == 4, "Review table does not show the 4 samples")
        window.review.table.selectRow(2)
        QApplication.processEvents()
        _check(len(window.review.editor.turn_editors()) == 4, "detail pane does not show the dialogue")
        out.append("window: project opened, 4 samples in Review, dialogue shown in detail")
        from core.licenses import bundled_libraries, normalized_name

        libs = {normalized_name(lib.name): lib.license for lib in bundled_libraries()}
        _check("LGPL" in libs.get("pyside6-essentials", "") and "openai" in libs,
               f"About lists no licences (package metadata missing from the bundle?): {sorted(libs)[:5]}")
        out.append(f"about: {len(libs)} bundled libraries with their licences")
        for fmt in FORMATS:
            for jsonl in (False, True) if fmt != "csv" else (False,):
                ext = ".csv" if fmt == "csv" else (".jsonl" if jsonl else ".json")
                kind = "sft" if fmt == "csv" else None
                target = tmpdir / f"out_{fmt}{ext}"
                report = await window.export.run_export(
                    ExportOptions(format=fmt, out=target, jsonl=jsonl, kind=kind)
                )
                _check(report is not None, f"{fmt}{ext}: export failed: {window.export.result.toPlainText()}")
                rows = _rows(target)
                want = 2 if kind == "sft" else 3
                _check(len(rows) == want, f"{fmt}{ext}: {len(rows)} rows, expected {want}")
                _check("林晚" in target.read_text(encoding="utf-8") or fmt == "csv",
                       f"{fmt}{ext}: Chinese text missing or escaped")
                out.append(f"export {fmt}{ext}: {len(rows)} rows ok")
        # the welcome page's demo: built from the bundled files into the (temporary) data folder
        _check(await window.open_demo(), "the demo project did not open")
        n = window.review.model.rowCount()
        _check(n >= 20 and window.crawl.videos.rowCount() == 1, f"demo: {n} samples in Review")
        out.append(f"demo project: opened from the welcome page, {n} samples in Review")
        window.close()


def run_self_test() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from core.llm.secrets import isolated_keyring
    from ui.app import apply_look, make_application
    from ui.qt import qasync

    app = make_application([sys.argv[0]])
    apply_look(app, "dark")  # style, palette, icon: the same path as the app's start
    lines: list[str] = []
    # The self-test never touches the user's settings, keys or demo copy: a temp config folder
    # and an in-memory keyring for its whole run (windows read keys when they are built).
    config = tempfile.mkdtemp(prefix="corpusmith-selftest-config-")
    os.environ["CORPUSMITH_CONFIG_DIR"] = config
    try:
        with isolated_keyring():
            qasync.run(asyncio.wait_for(_run(lines), timeout=120))
    except SelfTestFailure as e:
        print("\n".join(lines))
        print(f"self-test FAILED: {e}", file=sys.stderr)
        return 1
    except Exception as e:  # the self-test must report, not crash
        print("\n".join(lines))
        print(f"self-test FAILED with an unexpected error: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(config, ignore_errors=True)
    print("\n".join(lines))
    print("self-test passed")
    return 0
