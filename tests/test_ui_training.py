"""Export → 训练配置 and 在线微调, driven through the real widgets: the config written with the
export and its command shown; a config that cannot go with the format said before anything is
written; the fine-tuning dialog uploads the exported file to a local server of the fine-tuning
API shape, polls to succeeded with the events shown, cancels, and finds its job again when
opened anew. In English too."""

from __future__ import annotations

import json
import shlex

import pytest
from fake_finetune import DEFAULT_KEY, fake_finetune_fixture  # noqa: F401  (the fake_finetune fixture)
from omegaconf import OmegaConf

from core.llm.finetune import find_job
from core.llm.providers import ProviderSettings
from core.llm.services import ModelService, set_service_key
from core.messages import set_language
from core.model import Sample
from core.settings import AppSettings
from core.store import Store
from ui.main_window import MainWindow
from ui.qt import QApplication
from ui.widgets.finetune_dialog import FinetuneDialog


@pytest.fixture
def window(qtbot, tmp_path):
    path = tmp_path / "train.corpus"
    with Store.create(path) as store:
        store.add_samples([Sample.qa(f"问题{i}：客栈几点开门？", f"{i + 5} 点开门。", status="accepted") for i in range(20)])
    w = MainWindow(AppSettings())
    w.settings.save = lambda *a, **k: None
    qtbot.addWidget(w)
    assert w.open_project(path)
    w.tabs.setCurrentWidget(w.export)
    return w


@pytest.fixture
def english(qapp):
    from ui.app import install_translators, remove_translators

    translators = install_translators(qapp, "en")
    assert translators, "corpusmith_en.qm did not load"
    try:
        yield qapp
    finally:
        remove_translators(qapp, translators)


def _choose(combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))


async def test_export_writes_the_training_config_and_shows_the_command(window, tmp_path):
    page, box = window.export, window.export.training
    _choose(page.format, "sharegpt")
    page.test_ratio.setValue(0.2)
    page.out.setText(str(tmp_path / "out" / "kezhan.json"))
    box.enabled.setChecked(True)
    _choose(box.base_model, "qwen3-8b")
    _choose(box.method, "qlora")
    assert "qwen3" in box.status.text()
    report = await page.run_export(page.options())
    assert report is not None and report.train == 16 and report.test == 4
    config = OmegaConf.to_container(OmegaConf.load(tmp_path / "out" / "train_kezhan.yaml"))
    assert (config["template"], config["quantization_bit"], config["dataset"], config["eval_dataset"]) == (
        "qwen3", 4, "kezhan_train", "kezhan_test")
    info = json.loads((tmp_path / "out" / "dataset_info.json").read_text(encoding="utf-8"))
    assert {"kezhan_train", "kezhan_test"} <= set(info)
    assert box.command.text() == f"cd {shlex.quote(str(tmp_path / 'out'))} && llamafactory-cli train train_kezhan.yaml"
    assert "train_kezhan.yaml" in page.result.toPlainText() and "Qwen3-8B" in page.result.toPlainText()
    box.copy_command()
    assert QApplication.clipboard().text() == box.command.text()
    page.grab().save(str(tmp_path / "export_training.png"))
    box.grab().save(str(tmp_path / "export_training_box.png"))


async def test_training_is_one_row_on_the_page_and_its_box_does_not_block(window, tmp_path, qtbot):
    """The page keeps to the export: 训练配置… opens the box as a window of its own, not modal, so the
    page's format can be changed with it open; the line under the buttons says what the export adds."""
    page, box = window.export, window.export.training
    assert not box.isVisible() and "不写训练配置" in box.summary.text()
    page.training_button.click()
    assert box.isVisible() and box.isWindow() and not box.isModal()
    assert QApplication.activeModalWidget() is None
    box.enabled.setChecked(True)
    _choose(box.base_model, "qwen3-8b")
    _choose(box.method, "qlora")
    assert box.summary.text() == "导出时同时写 LLaMA-Factory 训练配置：Qwen3-8B，QLoRA。"
    _choose(page.format, "aquila")  # changed on the page, with the box open: both say it at once
    assert box.summary.text() == "⚠ " + box.status.text() and "Aquila" in box.summary.text()
    _choose(page.format, "sharegpt")
    page.out.setText(str(tmp_path / "o" / "kezhan.json"))
    box.close()
    assert await page.run_export(page.options()) is not None  # the closed box's choices still go with it
    assert (tmp_path / "o" / "train_kezhan.yaml").is_file() and "llamafactory-cli" in box.command.text()
    # 在线微调… on the page opens the dialog with the window's model services
    page.training.finetune_button.click()
    dialog = page.findChild(FinetuneDialog)
    assert dialog is not None and dialog.isVisible() and dialog.app_settings is window.settings
    dialog.close()


async def test_a_config_that_cannot_go_with_the_format_stops_the_export(window, tmp_path):
    page, box = window.export, window.export.training
    _choose(page.format, "aquila")
    box.enabled.setChecked(True)
    assert "LLaMA-Factory" in box.status.text()  # said before exporting: LLaMA-Factory does not read Aquila
    page.out.setText(str(tmp_path / "o" / "named.json"))
    assert await page.run_export(page.options()) is None
    assert "没有写入任何文件" in page.result.toPlainText()
    assert not (tmp_path / "o").exists() or list((tmp_path / "o").iterdir()) == []
    _choose(page.format, "xtuner")
    _choose(box.trainer, "xtuner")
    _choose(box.base_model, "glm-4-9b-chat")
    assert "XTuner 0.2.0" in box.status.text()
    _choose(box.base_model, "internlm2.5-7b-chat")
    assert "internlm2_chat" in box.status.text()
    report = await page.run_export(page.options())
    assert report is not None
    config = f"train_{report.files[0].stem}_xtuner.py"  # (the page names the file after its format)
    assert (tmp_path / "o" / config).is_file() and box.command.text().endswith(f"xtuner train {config}")


def _service(window, fake, name: str = "本地微调") -> str:
    window.settings.services.append(ModelService(name, ProviderSettings(base_url=fake.base_url, model="x")).to_dict())
    set_service_key(name, DEFAULT_KEY)
    return name


async def test_finetune_dialog_uploads_polls_and_keeps_the_job(window, tmp_path, qtbot, fake_finetune):
    set_language("zh")  # the status lines are core's messages, in the reader's language
    page = window.export
    _choose(page.format, "openai")
    page.jsonl.setChecked(True)
    page.out.setText(str(tmp_path / "ft" / "msgs.jsonl"))
    assert await page.run_export(page.options()) is not None
    name = _service(window, fake_finetune)
    dialog = page.training.open_finetune()
    qtbot.addWidget(dialog)
    assert dialog.file.text() == str(tmp_path / "ft" / "msgs.jsonl")  # the export just written
    assert dialog.picker.select(name)
    dialog.suffix.setText("kezhan")
    job = await dialog.start_job()
    assert job is not None and fake_finetune.uploads[0][:2] == ("fine-tune", "msgs.jsonl")
    assert dialog.jobs.currentData() == job.id and dialog.timer.isActive()
    for _ in range(4):
        await dialog.refresh_job()
    assert dialog.job.status == "succeeded" and not dialog.timer.isActive()
    assert "The job has successfully completed" in dialog.events.toPlainText()
    assert "已完成" in dialog.status.text() and dialog.job.fine_tuned_model in dialog.status.text()
    assert not dialog.cancel_button.isEnabled()
    dialog.grab().save(str(tmp_path / "finetune.png"))
    dialog.close()
    # a second job, cancelled; a third that fails shows the provider's error
    again = FinetuneDialog(page.project_path, window.settings, tmp_path / "ft" / "msgs.jsonl", poll_seconds=60)
    qtbot.addWidget(again)
    assert again.jobs.count() == 1 and again.job.status == "succeeded"  # reopened from the project
    assert again.picker.select(name)
    second = await again.start_job()
    await again.cancel_job()
    assert again.job.id == second.id and again.job.status == "cancelled" and "已取消" in again.status.text()
    fake_finetune.failure = {"code": "invalid_training_file", "message": "Example 3 has no assistant message."}
    await again.start_job()
    for _ in range(5):
        await again.refresh_job()
    assert again.job.status == "failed" and "Example 3 has no assistant message." in again.status.text()
    with Store(page.project_path, readonly=True) as store:
        assert find_job(store).status == "failed"
    assert DEFAULT_KEY.encode() not in page.project_path.read_bytes()


async def test_finetune_dialog_says_a_refused_key(window, tmp_path, qtbot, fake_finetune):
    page = window.export
    _choose(page.format, "openai")
    page.jsonl.setChecked(True)
    page.out.setText(str(tmp_path / "ft" / "msgs.jsonl"))
    await page.run_export(page.options())
    name = _service(window, fake_finetune)
    set_service_key(name, "sk-not-the-right-one-000")
    dialog = page.training.open_finetune()
    qtbot.addWidget(dialog)
    dialog.picker.select(name)
    assert await dialog.start_job() is None
    assert dialog.status.text() and dialog.start_button.isEnabled() and dialog.jobs.count() == 0


async def test_finetune_dialog_refuses_a_reasoning_field_export(window, tmp_path, qtbot, fake_finetune):
    set_language("zh")
    page = window.export
    _choose(page.format, "openai")
    _choose(page.reasoning, "field")  # reasoning_content on every assistant message: OpenAI refuses it
    page.jsonl.setChecked(True)
    out = tmp_path / "ft" / "field.jsonl"
    page.out.setText(str(out))
    assert await page.run_export(page.options()) is not None
    name = _service(window, fake_finetune)
    dialog = page.training.open_finetune()
    qtbot.addWidget(dialog)
    assert dialog.picker.select(name)
    assert await dialog.start_job() is None
    said = dialog.status.text()
    assert str(out) in said and "第 1 行" in said and "--reasoning none" in said
    assert fake_finetune.uploads == [] and dialog.jobs.count() == 0 and dialog.start_button.isEnabled()


async def test_training_box_and_dialog_in_english(english, qtbot, tmp_path, fake_finetune):
    """Every visible string of the box (enabled, after an export) and of the dialog (with a job) is English."""
    from test_i18n_visible import chinese, visible_strings

    w = MainWindow(AppSettings(language="en"))
    w.settings.save = lambda *a, **k: None
    qtbot.addWidget(w)
    path = tmp_path / "en.corpus"
    with Store.create(path) as store:
        store.add_samples([Sample.qa(f"question {i}", f"answer {i}", status="accepted") for i in range(12)])
    assert w.open_project(path)
    w.tabs.setCurrentWidget(w.export)
    page, box = w.export, w.export.training
    _choose(page.format, "openai")
    page.jsonl.setChecked(True)
    page.out.setText(str(tmp_path / "en" / "msgs.jsonl"))
    box.enabled.setChecked(True)
    assert await page.run_export(page.options()) is not None
    page.training_button.click()
    strings = visible_strings(page)  # the box and the page's 训练 row (its buttons and summary line)
    name = _service(w, fake_finetune, "local fine-tuning")  # (a service's name is the user's data)
    dialog = box.open_finetune()
    qtbot.addWidget(dialog)
    dialog.picker.select(name)
    await dialog.start_job()
    await dialog.refresh_job()
    strings += visible_strings(dialog)
    assert chinese(strings) == []
    assert box.windowTitle() == "Training config" and box.summary.text().startswith("The export also writes")

