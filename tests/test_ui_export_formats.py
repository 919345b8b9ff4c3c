"""The Export page, format by format, driven through its widgets: who reads the format, the first
record shown before writing equals the first record in the written file, options only where they
apply, the counts as a list, and 打开所在文件夹 opening the output folder."""

from __future__ import annotations

import json

import pytest

from core.export import FORMATS
from core.export.formats import LLAMA_FACTORY_FORMATS
from core.messages import set_language
from core.model import Sample, Turn
from core.settings import AppSettings
from core.store import Store
from tests.test_export_preview import _file_first_record
from ui.main_window import MainWindow
from ui.qt import QDesktopServices, Qt, QUrl

# who reads each format, as the hint line must say it
READERS = {"alpaca": "LLaMA-Factory", "sharegpt": "LLaMA-Factory", "openai": "OpenAI", "xtuner": "XTuner",
           "aquila": "说话人", "csv": "表格软件"}


@pytest.fixture
def window(qtbot, tmp_path):
    """Accepted samples: a lone question (skipped), one with an empty turn (repaired), one over a
    100-character limit, one with a phone number, and plain ones."""
    path = tmp_path / "fmt.corpus"
    with Store.create(path) as store:
        store.add_samples([
            Sample(kind="sft", status="accepted", turns=[Turn("user", "只有问题没有回答")]),
            Sample(kind="dialogue", status="accepted", system="你是客服。", turns=[
                Turn("user", "我的手机号 13812345678", "顾客"), Turn("assistant", "  ", "客服"),
                Turn("assistant", "收到，已登记。", "客服")]),
            Sample.qa("请写一段长的介绍", "长" * 150, status="accepted"),
            *[Sample.qa(f"问题{i}", f"回答{i}", status="accepted") for i in range(5)],
            Sample.qa("被拒绝的", "不导出", status="rejected"),
        ])
    w = MainWindow(AppSettings())
    qtbot.addWidget(w)
    assert w.open_project(path)
    set_language("zh")  # as the Chinese window sets it (ui.app.install_translators): core speaks Chinese too
    yield w
    set_language(None)


def _lines(page) -> list[str]:
    return page.result.toPlainText().splitlines()


@pytest.mark.parametrize("fmt", FORMATS)
async def test_each_format_hints_previews_what_it_writes_and_lists_the_counts(window, tmp_path, qtbot,
                                                                              monkeypatch, fmt):
    page = window.export
    page.format.setCurrentIndex(page.format.findData(fmt))
    assert READERS[fmt] in page.format_hint.text()
    lf = fmt in LLAMA_FACTORY_FORMATS
    assert page.dataset_info.isEnabled() is lf and page.dataset_info.isChecked() is lf
    if not lf:
        assert "不读" in page.dataset_info.toolTip() and "dataset_info.json" in page.dataset_info.toolTip()
    assert page.jsonl.isEnabled() is (fmt != "csv")
    page.char_cap.setValue(100)
    page.out.setText(str(tmp_path / "out" / "data.json"))

    preview = await page.refresh_preview()
    assert preview and page.preview.toPlainText() == preview
    assert "13812345678" not in preview  # masked in the preview as in the file

    report = await page.run_export(page.options())
    assert report is not None and report.written == 7 and len(report.files) == 1
    assert _file_first_record(report.files[0]) == preview
    assert (tmp_path / "out" / "dataset_info.json").exists() is lf

    lines = _lines(page)
    assert lines[0] == "已写入：7 条" and lines[1] == f"  • {report.files[0]}"
    assert "跳过（未写入）：1 条" in lines
    skip_line = lines[lines.index("跳过（未写入）：1 条") + 1]
    assert skip_line.startswith("  • ") and skip_line.endswith("：1 条（#1）")
    assert "修复后写入：1 条" in lines and lines[lines.index("修复后写入：1 条") + 1].endswith("：1 条（#2）")
    assert "超过每行长度上限（100 字）：1 条，仍已写入" in lines and f"  • #3：{len('请写一段长的介绍') + 150} 字" in lines
    assert any(line.startswith("已脱敏：") and "手机号" in line for line in lines)
    assert any(line.startswith("已登记到 LLaMA-Factory：") for line in lines) is lf

    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    assert page.open_folder_button.isEnabled()
    qtbot.mouseClick(page.open_folder_button, Qt.MouseButton.LeftButton)
    assert [u.toLocalFile() for u in opened] == [str(tmp_path / "out")]
    assert opened[0] == QUrl.fromLocalFile(str(tmp_path / "out"))


async def test_split_preview_is_the_training_file_and_the_list_names_both_files(window, tmp_path):
    page = window.export
    page.format.setCurrentIndex(page.format.findData("openai"))
    page.jsonl.setChecked(True)
    assert not page.seed.isEnabled()  # no split, no seed to choose
    page.test_ratio.setValue(0.3)
    assert page.seed.isEnabled()
    page.seed.setValue(5)
    page.out.setText(str(tmp_path / "split.jsonl"))
    preview = await page.refresh_preview()
    report = await page.run_export(page.options())
    assert report.test > 0 and report.files[0].name == "split_train.jsonl"
    assert _file_first_record(report.files[0]) == preview
    lines = _lines(page)
    assert f"  • 训练集 {report.train} 条：{report.files[0]}" in lines
    assert f"  • 测试集 {report.test} 条：{report.files[1]}" in lines
    assert json.loads(preview)["messages"][0]["role"] in ("system", "user")


async def test_dataset_info_box_applies_only_where_llama_factory_reads_and_keeps_the_choice(window, tmp_path):
    page = window.export
    for fmt in FORMATS:
        page.format.setCurrentIndex(page.format.findData(fmt))
        assert page.dataset_info.isEnabled() is (fmt in LLAMA_FACTORY_FORMATS), fmt
    page.format.setCurrentIndex(page.format.findData("alpaca"))
    page.dataset_info.setChecked(False)  # the user does not want it
    page.format.setCurrentIndex(page.format.findData("xtuner"))
    assert not page.dataset_info.isChecked() and not page.options().dataset_info
    page.format.setCurrentIndex(page.format.findData("sharegpt"))
    assert page.dataset_info.isEnabled() and not page.dataset_info.isChecked()  # still not wanted
    page.dataset_info.setChecked(True)
    page.format.setCurrentIndex(page.format.findData("aquila"))
    assert not page.dataset_info.isChecked() and not page.options().dataset_info
    page.format.setCurrentIndex(page.format.findData("csv"))
    assert page.dataset_info.isChecked() and page.options().dataset_info
    assert not page.jsonl.isEnabled() and "CSV" in page.jsonl.toolTip()
    page.char_cap.setValue(0)
    assert not page.skip_over_cap.isEnabled()
    page.char_cap.setValue(8000)
    assert page.skip_over_cap.isEnabled()


async def test_preview_says_why_nothing_can_be_exported(qtbot, tmp_path):
    path = tmp_path / "pending.corpus"
    with Store.create(path) as store:
        store.add_samples([Sample.qa("待审的问题", "待审的回答")])
    w = MainWindow(AppSettings())
    qtbot.addWidget(w)
    assert w.open_project(path)
    page = w.export
    assert await page.refresh_preview() is None
    shown = page.preview.toPlainText()
    assert shown.startswith("还不能导出：") and len(shown.splitlines()) >= 2
    assert not page.open_folder_button.isEnabled()
    page.non_rejected.setChecked(True)  # pending samples included: now there is a first record
    preview = await page.refresh_preview()
    assert json.loads(preview)["instruction"] == "待审的问题" and page.preview.toPlainText() == preview


def test_the_open_folder_button_waits_for_an_export(window):
    page = window.export
    assert not page.open_folder_button.isEnabled() and page.output_folder() is None


def test_the_preview_follows_the_options_by_itself_on_the_shown_page(window, qtbot, qt_run):
    """Switching format on the visible page remakes the preview (after a short pause), without a click."""
    import asyncio
    import time

    window.show()
    window.tabs.setCurrentWidget(window.export)
    page = window.export

    async def until(condition, timeout=20.0):
        deadline = time.monotonic() + timeout
        while not condition() and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        return condition()

    async def go():
        assert await until(lambda: page.preview.toPlainText().startswith('{"instruction"'))
        page.format.setCurrentIndex(page.format.findData("sharegpt"))
        assert await until(lambda: page.preview.toPlainText().startswith('{"conversations"'))
        page.format.setCurrentIndex(page.format.findData("csv"))
        assert await until(lambda: page.preview.toPlainText().startswith("input,target\n"))

    qt_run(go())
