"""在线微调: upload the exported OpenAI-messages file to a provider with an OpenAI-shaped
fine-tuning API, create the job, and follow its status and events (core.llm.finetune). The job
id is kept in the project as soon as it exists; the key comes from the chosen model service."""

from __future__ import annotations

from pathlib import Path

from core.errors import CorpusmithError
from core.llm.finetune import FinetuneJob, FinetuneSession, event_line, find_job, save_job, saved_jobs
from core.llm.providers import ProviderSettings
from core.llm.services import find_service, get_service_key
from core.messages import render
from core.settings import AppSettings
from core.store import Store
from ui.qt import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTimer,
    QVBoxLayout,
    Signal,
    asyncSlot,
)
from ui.widgets.service_picker import ServicePicker

MODELS = ("gpt-4o-mini-2024-07-18", "gpt-4.1-mini-2025-04-14", "gpt-4.1-2025-04-14")


class FinetuneDialog(QDialog):
    settings_requested = Signal()

    def __init__(self, project_path: Path, app_settings: AppSettings | None = None, file: Path | None = None,
                 parent=None, poll_seconds: float = 30.0):
        super().__init__(parent)
        self.project_path = Path(project_path)
        self.app_settings = app_settings or AppSettings.load()
        self.setWindowTitle(self.tr("在线微调"))
        self.resize(760, 560)
        self.picker = ServicePicker(self.app_settings, self.tr("微调服务"))
        self.picker.settings_requested.connect(self.settings_requested)
        self.file = QLineEdit(str(file) if file else "")
        self.file.setPlaceholderText(self.tr("OpenAI messages 格式、JSON Lines 的导出文件（.jsonl）"))
        browse = QPushButton(self.tr("浏览…"))
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(browse)
        self.model = QComboBox()
        self.model.setEditable(True)
        self.model.addItems(MODELS)
        self.model.setToolTip(self.tr("要微调的模型，写服务方文档里可微调的模型名。"))
        self.suffix = QLineEdit()
        self.suffix.setPlaceholderText(self.tr("可选：新模型名里的一段，如 kefu"))
        self.epochs = QSpinBox()
        self.epochs.setRange(0, 50)
        self.epochs.setSpecialValueText(self.tr("由服务方决定"))
        form = QFormLayout()
        form.addRow(self.picker)
        form.addRow(self.tr("训练文件"), file_row)
        form.addRow(self.tr("基础模型"), self.model)
        form.addRow(self.tr("名称后缀"), self.suffix)
        form.addRow(self.tr("训练轮数"), self.epochs)
        self.start_button = QPushButton(self.tr("上传并开始"))
        self.start_button.clicked.connect(self.on_start)
        self.jobs = QComboBox()  # the project's jobs, newest first
        self.jobs.currentIndexChanged.connect(self._job_chosen)
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.refresh_button.clicked.connect(self.on_refresh)
        self.cancel_button = QPushButton(self.tr("取消任务"))
        self.cancel_button.clicked.connect(self.on_cancel)
        jobs_row = QHBoxLayout()
        jobs_row.addWidget(QLabel(self.tr("任务")))
        jobs_row.addWidget(self.jobs, 1)
        jobs_row.addWidget(self.refresh_button)
        jobs_row.addWidget(self.cancel_button)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.events = QPlainTextEdit()
        self.events.setReadOnly(True)
        self.events.setPlaceholderText(self.tr("任务的事件（服务方的原话）会显示在这里。"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.start_button)
        layout.addLayout(jobs_row)
        layout.addWidget(self.status)
        layout.addWidget(self.events, 1)
        self.job: FinetuneJob | None = None
        self._busy = False
        self.timer = QTimer(self)
        self.timer.setInterval(int(poll_seconds * 1000))
        self.timer.timeout.connect(self._poll_due)
        self._load_jobs()

    # ---- the project's jobs ----------------------------------------------------------------------
    def _load_jobs(self, select: str | None = None) -> None:
        with Store(self.project_path, readonly=True) as store:
            jobs = saved_jobs(store)
        self.jobs.blockSignals(True)
        self.jobs.clear()
        for job in reversed(jobs):
            self.jobs.addItem(f"{job.id} · {job.model}", job.id)
        if select:
            self.jobs.setCurrentIndex(max(0, self.jobs.findData(select)))
        self.jobs.blockSignals(False)
        self._job_chosen()

    def _job_chosen(self, *_args) -> None:
        job_id = self.jobs.currentData()
        if not job_id:
            self.job = None
        else:
            with Store(self.project_path, readonly=True) as store:
                self.job = find_job(store, job_id)
        self._show()
        if self.job is not None and not self.job.done:
            self.timer.start()
        else:
            self.timer.stop()

    def _save(self, job: FinetuneJob) -> None:
        with Store(self.project_path) as store:
            save_job(store, job)

    def _show(self, error: str = "") -> None:
        job = self.job
        self.refresh_button.setEnabled(job is not None and not self._busy)
        self.cancel_button.setEnabled(job is not None and not job.done and not self._busy)
        self.start_button.setEnabled(not self._busy)
        lines = [render(job.status_line())] if job is not None else []
        if error:
            lines.append(error)
        self.status.setText("\n".join(lines))
        self.events.setPlainText("\n".join(event_line(e) for e in job.events) if job is not None else "")

    # ---- the provider ----------------------------------------------------------------------------
    def _connection(self, job: FinetuneJob | None = None) -> tuple[ProviderSettings, str]:
        """The job's own service when it still exists (its key), else the one chosen here."""
        service = find_service(self.app_settings.model_services(), job.service) if job and job.service else None
        if service is not None:
            return ProviderSettings.from_dict(service.settings.to_dict()), get_service_key(service) or ""
        settings = self.picker.settings()
        if job is not None:
            settings.base_url = job.base_url
        return settings, self.picker.key()

    async def _with_session(self, work, job: FinetuneJob | None = None):
        self._busy = True
        self._show()
        settings, key = self._connection(job)
        error = ""
        try:
            async with FinetuneSession(settings, key) as session:
                return await work(session)
        except CorpusmithError as e:  # the provider's refusal, or the file: said under the status
            error = str(e)
            return None
        finally:
            self._busy = False
            self._show(error)

    @asyncSlot()
    async def on_start(self) -> None:
        await self.start_job()

    async def start_job(self) -> FinetuneJob | None:
        path = Path(self.file.text().strip())
        model = self.model.currentText().strip()
        service = self.picker.name()

        async def work(session: FinetuneSession) -> FinetuneJob:
            return await session.start(path, model, suffix=self.suffix.text().strip(), n_epochs=self.epochs.value(),
                                       service=service, on_created=self._save)

        job = await self._with_session(work)
        if job is not None:
            self._load_jobs(select=job.id)
        return job

    @asyncSlot()
    async def on_refresh(self) -> None:
        await self.refresh_job()

    async def refresh_job(self) -> FinetuneJob | None:
        job = self.job
        if job is None:
            return None

        async def work(session: FinetuneSession) -> FinetuneJob:
            await session.refresh(job)
            return job

        done = await self._with_session(work, job)
        if done is not None:
            self._save(done)
            self._show()
            if done.done:
                self.timer.stop()
        return done

    @asyncSlot()
    async def on_cancel(self) -> None:
        await self.cancel_job()

    async def cancel_job(self) -> FinetuneJob | None:
        job = self.job
        if job is None or job.done:
            return job

        async def work(session: FinetuneSession) -> FinetuneJob:
            await session.cancel(job)
            await session.refresh(job)
            return job

        done = await self._with_session(work, job)
        if done is not None:
            self._save(done)
            self._show()
        return done

    def _poll_due(self) -> None:
        if not self._busy and self.job is not None and not self.job.done:
            self.on_refresh()

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("训练文件"), self.file.text(),
                                              self.tr("JSON Lines (*.jsonl)"))
        if path:
            self.file.setText(path)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.timer.stop()  # the job goes on at the provider; the project keeps its id
        super().closeEvent(event)
