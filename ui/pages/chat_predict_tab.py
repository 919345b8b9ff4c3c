"""Group chat → test set, predictions of a (fine-tuned) model, and the per-field score."""

from __future__ import annotations

import asyncio
from pathlib import Path

from core.errors import CorpusmithError
from core.flows.predict import PredictFlow, score_files, write_test_set
from core.llm.client import make_client
from core.messages import render
from core.settings import AppSettings
from core.sources.chats.importer import chat_sources
from core.text.echo import echo_note
from ui.dialogs import open_file_name, save_file_name
from ui.qt import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    asyncSlot,
)
from ui.theme import make_primary
from ui.widgets.busy import busy
from ui.widgets.provider_banner import ProviderBanner
from ui.widgets.service_picker import ServicePicker


class _PredictEvents:
    """The prediction run's progress on the tab's bar. (A module-level class: one nested in a
    method makes lupdate file the method's later tr() strings under the nested class's name.)"""

    def __init__(self, tab):
        self.tab = tab

    def on_progress(self, s) -> None:
        self.tab.progress.setMaximum(max(1, s.total))
        self.tab.progress.setValue(s.done + s.failed)


class ScoreTable(QTableWidget):
    """Per-field scores: field, method, weight, score; the total in the last row."""

    def __init__(self, parent=None):
        super().__init__(0, 4, parent)
        self.setHorizontalHeaderLabels([self.tr("字段"), self.tr("评分方式"), self.tr("权重"), self.tr("得分")])
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)

    def show_report(self, report) -> None:
        methods = {"exact": self.tr("完全一致"), "set": self.tr("集合重合"), "similarity": self.tr("文本相似度")}
        self.setRowCount(len(report.fields) + 1)
        for row, f in enumerate(report.fields):
            for col, text in enumerate((f.name, methods.get(f.method, f.method), f"{f.weight:g}", f"{f.score:.3f}")):
                self.setItem(row, col, QTableWidgetItem(text))
        last = len(report.fields)
        self.setItem(last, 0, QTableWidgetItem(self.tr("总分（加权）")))
        self.setItem(last, 3, QTableWidgetItem(f"{report.total:.4f}"))
        for col in (1, 2):
            self.setItem(last, col, QTableWidgetItem(""))


class ChatPredictTab(QWidget):
    def __init__(self, app_settings: AppSettings | None = None, parent=None):
        super().__init__(parent)
        self.store = None
        self.source_id: int | None = None
        self.flow: PredictFlow | None = None
        self.source = QComboBox()
        self.input = QComboBox()
        self.input.addItem(self.tr("聊天原文"), "chat")
        self.input.addItem(self.tr("摘要（需先运行摘要）"), "summary")
        self.test_set_button = QPushButton(self.tr("导出测试集 CSV（input, target）…"))
        self.test_set_button.clicked.connect(self.on_test_set_clicked)

        # the model under test is a named service too (often the user's fine-tuned model on a
        # local server, kept in Settings as e.g. 「本地 vLLM 微调」)
        self.service_picker = ServicePicker(app_settings or AppSettings(), self.tr("要评测的模型"))
        self.service_picker.setToolTip(self.tr("如微调后的模型，任意 OpenAI 兼容接口；在“设置 → 模型服务”里添加。"))
        self.mask = QComboBox()
        self.mask.addItem(self.tr("不脱敏"), "off")
        self.mask.addItem(self.tr("仿真替换"), "surrogate")
        self.mask.addItem(self.tr("标签，如 [手机号1]"), "tag")
        self.mask.setToolTip(self.tr("发送给模型前替换个人信息；写入预测文件前换回真实值。"))
        self.fill_empty = QCheckBox(self.tr("失败的聊天写入空记录（否则不写，便于重试）"))
        self.predict_button = make_primary(QPushButton(self.tr("运行预测并保存提交文件…")))
        self.predict_button.clicked.connect(self.on_predict_clicked)
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.score_button = QPushButton(self.tr("给预测文件评分…"))
        self.score_button.clicked.connect(self.on_score_clicked)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.table = ScoreTable()

        scope = QFormLayout()
        scope.addRow(self.tr("聊天来源"), self.source)
        scope.addRow(self.tr("输入"), self.input)
        scope.addRow(self.tr("发送前脱敏"), self.mask)
        self.provider_banner = ProviderBanner(self.service_picker)
        self.provider_banner.settings_requested.connect(self.service_picker.settings_requested)
        row = QHBoxLayout()
        row.addWidget(self.predict_button)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(scope)
        lay.addWidget(self.test_set_button)
        lay.addWidget(self.provider_banner)
        lay.addWidget(self.service_picker)
        lay.addWidget(self.fill_empty)
        lay.addLayout(row)
        lay.addWidget(self.progress)
        lay.addWidget(self.score_button)
        lay.addWidget(self.status)
        lay.addWidget(self.table, 1)

    def set_scope(self, store, source_id: int | None) -> None:
        self.store = store
        self.source.clear()
        for src in chat_sources(store) if store is not None else []:
            self.source.addItem(src["name"], src["id"])
        if source_id is not None:
            i = self.source.findData(source_id)
            if i >= 0:
                self.source.setCurrentIndex(i)

    async def _save_path(self, title: str, name: str, filt: str) -> str:
        return await save_file_name(self, title, str(Path.home() / name), filt)

    @asyncSlot()
    async def on_test_set_clicked(self) -> None:
        path = await self._save_path(self.tr("保存测试集"), "test.csv", "CSV (*.csv)")
        if path:
            await self.write_test_set(path)

    async def write_test_set(self, path: str) -> None:
        if self.store is None or self.source.currentData() is None:
            self.status.setText(self.tr("先导入测试用的聊天记录。"))
            return
        try:
            async with busy(self, self.tr("正在写测试集…")):
                out, n, missing = await asyncio.to_thread(write_test_set, self.store, self.source.currentData(), path,
                                                          self.input.currentData())
        except CorpusmithError as e:
            self.status.setText(str(e))
            return
        text = self.tr("已写入 {0}：{1} 行。").format(out, n)
        if missing:
            text += "\n" + "\n".join(render(m) for m in missing[:10])
        self.status.setText(text)

    @asyncSlot()
    async def on_predict_clicked(self) -> None:
        if self.provider_banner.refresh():
            self.status.setText(self.provider_banner.label.text())
            return
        path = await self._save_path(self.tr("保存预测结果"), "submit.json", "JSON (*.json)")
        if path:
            await self.predict(path)

    async def predict(self, path: str):
        if self.store is None or self.flow is not None or self.source.currentData() is None:
            return None
        settings = self.service_picker.settings()
        client = make_client(settings, self.service_picker.key() or None)
        self.flow = PredictFlow(self.store, client, settings, self.source.currentData(), input=self.input.currentData(),
                                mask=self.mask.currentData(), events=_PredictEvents(self))
        self.predict_button.setEnabled(False)
        self.service_picker.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setVisible(True)
        try:
            # running again is how a user retries: failed chats are asked again, finished ones never
            result = await self.flow.run(path, retry_failed=True, fill_empty=self.fill_empty.isChecked())
        except CorpusmithError as e:
            self.status.setText(str(e))
            return None
        finally:
            self.flow = None
            self.predict_button.setEnabled(True)
            self.service_picker.setEnabled(True)
            self.cancel_button.setEnabled(False)
            self.progress.setVisible(False)
            await client.close()
        lines = [self.tr("已写入 {0}：{1} 条预测。").format(result.path, result.written)]
        if result.filled:
            lines.append(self.tr("{0} 个失败的聊天写成了空记录。").format(result.filled))
        if result.problems:
            lines.append(self.tr("{0} 个回答需要按字段规则修正。").format(result.problems))
        lines += [self.tr("第 {0} 个聊天失败：{1}").format(i, render(why)) for i, why in result.failed[:20]]
        if result.echoes:
            lines.append(echo_note(result, "echo.predict_marked").strip())
        lines += [render(m) for m in result.left_out[:10]]
        if result.failed and not self.fill_empty.isChecked():
            lines.append(self.tr("文件缺少 {0} 个聊天：再点一次运行会只重试失败的（已完成的不会再请求）。").format(
                len(result.failed)))
        self.status.setText("\n".join(lines))
        if result.score is not None:
            self.table.show_report(result.score)
        return result

    def cancel(self) -> None:
        if self.flow is not None:
            self.flow.cancel()

    def running(self) -> bool:
        return self.flow is not None

    @asyncSlot()
    async def on_score_clicked(self) -> None:
        preds = await open_file_name(self, self.tr("选择预测文件"), str(Path.home()), "JSON (*.json)")
        if not preds:
            return
        labels = await open_file_name(self, self.tr("选择标注文件"), str(Path(preds).parent), "JSON (*.json)")
        if labels:
            await self.score(preds, labels)

    async def score(self, predictions: str, labels: str):
        try:
            async with busy(self, self.tr("正在评分…")):
                report = await asyncio.to_thread(score_files, predictions, labels, self.store)
        except CorpusmithError as e:
            self.status.setText(str(e))
            return None
        self.status.setText(self.tr("{0} 个聊天，缺少预测 {1} 个，多余 {2} 个；总分 {3:.4f}。").format(
            report.n_chats, len(report.missing), len(report.extra), report.total))
        self.table.show_report(report)
        return report
