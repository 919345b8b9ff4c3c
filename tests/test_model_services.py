"""Named model services, set up once in Settings: add two, pick one on the Generate page and run
against the fake server; the presets in the order a Chinese user meets them; an earlier
version's single connection migrated with its key; rename and remove move or forget the key;
the CLI's --service."""

from __future__ import annotations

import json

import keyring
import pytest
from fake_openai import DEFAULT_KEY, FakeOpenAI
from test_ui_generate import TEXT, Replies

from core.llm import secrets
from core.llm.providers import PRESETS
from core.llm.services import service_key_name
from core.settings import AppSettings, settings_path
from ui.main_window import MainWindow
from ui.widgets.settings_dialog import MODEL_TAB


@pytest.fixture
def window(qtbot, tmp_path):
    w = MainWindow(AppSettings())
    qtbot.addWidget(w)
    w.show()
    assert w.open_project(tmp_path / "svc.corpus", create=True)
    return w


def fill_service(qtbot, editor, name: str, base_url: str, model: str, key: str, concurrency: int = 4) -> None:
    """Type a service into the Settings tab as a user does: name, custom URL, model, key."""
    editor.add_button.click()
    editor.name.setText(name)  # (QTest cannot type Chinese; the field reacts to any change)
    form = editor.form
    form.preset.setCurrentIndex(form.preset.findData("Custom"))
    form.base_url.setText(base_url)
    form.model.setEditText(model)
    form.api_key.setText(key)
    form.concurrency.setValue(concurrency)
    form.timeout.setValue(5)


def stored_settings_text() -> str:
    return settings_path().read_text(encoding="utf-8")


def test_two_services_in_settings_one_picked_on_generate_runs_against_it(window, qtbot, qt_run, tmp_path):
    with FakeOpenAI() as cheap, FakeOpenAI() as large:
        for server in (cheap, large):
            server.reply = Replies()
            server.reply.healed.set()
        (tmp_path / "客栈.txt").write_text(TEXT, encoding="utf-8")
        page = window.generate
        qt_run(page.import_files([tmp_path / "客栈.txt"]))

        dialog = window.open_settings(MODEL_TAB)
        editor = dialog.services
        fill_service(qtbot, editor, "云端便宜", cheap.base_url, "fake-model", DEFAULT_KEY)
        qt_run(editor.form.on_test())
        assert editor.form.test_result.text().startswith("✔"), editor.form.test_result.text()
        fill_service(qtbot, editor, "本地大模型", large.base_url, "fake-model-large", DEFAULT_KEY, concurrency=2)
        assert [editor.list.item(i).text() for i in range(editor.list.count())] == ["DeepSeek", "云端便宜", "本地大模型"]
        dialog.accept()

        # kept: the services in the settings file, their keys in the keyring under their names
        assert [s["name"] for s in window.settings.services] == ["DeepSeek", "云端便宜", "本地大模型"]
        for name in ("云端便宜", "本地大模型"):
            assert keyring.get_password("corpusmith", service_key_name(name)) == DEFAULT_KEY
        assert DEFAULT_KEY not in stored_settings_text() and "本地大模型" in stored_settings_text()

        # the page lists them on one line; the new user's DeepSeek (no key) is what it shows first
        picker = page.service_picker
        assert [picker.combo.itemText(i) for i in range(picker.combo.count())] == ["DeepSeek", "云端便宜", "本地大模型"]
        assert picker.name() == "DeepSeek" and not page.provider_banner.isHidden()
        assert qt_run(page.run_flow()) is None and "API Key" in page.stage_label.text()  # nothing called
        picker.combo.setCurrentIndex(picker.combo.findData("本地大模型"))
        assert page.provider_banner.isHidden() and "fake-model-large" in picker.summary.text()
        page.questions.setValue(2)
        cheap.reset_counters()
        result = qt_run(page.run_flow())
        assert result is not None and result.failed == [] and result.answered == 16
        assert cheap.calls == 0 and large.calls == result.calls > 0
        assert {b["model"] for b in large.bodies} == {"fake-model-large"}
        assert large.max_in_flight <= 2  # the service's own concurrency
        assert window.store.count() == 16
        # the choice is remembered for the next start, never the key
        saved = AppSettings.load()
        assert saved.service == "本地大模型" and DEFAULT_KEY not in stored_settings_text()


def test_presets_in_the_order_a_chinese_user_meets_them_and_deepseek_first(window):
    names = [p.name for p in PRESETS]
    assert names[:7] == ["DeepSeek", "Qwen (DashScope)", "SiliconFlow", "Zhipu GLM", "Moonshot", "iFlytek Spark",
                         "OpenAI"]
    assert names[7:] == ["Ollama", "LM Studio", "vLLM", "llama.cpp", "Custom"]  # this computer, then any URL
    dialog = window.open_settings(MODEL_TAB)
    form = dialog.services.form
    assert [form.preset.itemData(i) for i in range(form.preset.count())] == names
    labels = [form.preset.itemText(i) for i in range(form.preset.count())]
    assert labels[1] == "通义千问（阿里云百炼）" and labels[-1] == "自定义地址"
    # a new user starts on DeepSeek, not OpenAI
    assert form.preset.currentData() == "DeepSeek" and form.model.currentText() == "deepseek-chat"
    assert window.settings.services[0]["name"] == "DeepSeek"
    assert window.generate.service_picker.settings().base_url == "https://api.deepseek.com/v1"
    # a service added here starts on DeepSeek too, named so it is told apart
    added = dialog.services.add_service()
    assert added.settings.provider == "DeepSeek" and added.name != "DeepSeek"
    dialog.reject()


def test_an_old_settings_file_becomes_a_first_named_service_with_its_key(qtbot, tmp_path):
    legacy_key = "sk-legacy-0123456789"
    secrets.set_api_key("DeepSeek", legacy_key)  # where the earlier version kept it
    settings_path().write_text(json.dumps({
        "theme": "dark",
        "llm": {"base_url": "https://api.deepseek.com/v1", "model": "deepseek-chat", "provider": "DeepSeek",
                "concurrency": 3, "price_in_per_m": 2.0, "api_key": "never-read"},
    }), encoding="utf-8")
    settings = AppSettings.load()
    assert settings.theme == "dark" and settings.llm == {}
    [service] = settings.model_services()
    assert service.name == "DeepSeek" and service.settings.concurrency == 3 and service.settings.price_in_per_m == 2.0
    assert "never-read" not in json.dumps(settings.services)

    w = MainWindow(settings)
    qtbot.addWidget(w)
    picker = w.generate.service_picker
    assert picker.name() == "DeepSeek" and picker.key() == legacy_key
    assert picker.missing() == "" and w.generate.provider_banner.isHidden()  # works as before, nothing to redo

    # renamed in Settings: the key moves to the service's own name
    dialog = w.open_settings(MODEL_TAB)
    editor = dialog.services
    assert editor.form.key() == legacy_key
    editor.name.setText("DeepSeek 便宜")
    dialog.accept()
    assert keyring.get_password("corpusmith", service_key_name("DeepSeek 便宜")) == legacy_key
    assert "legacy_key" not in w.settings.services[0]
    assert picker.name() == "DeepSeek 便宜" and w.settings.service == "DeepSeek 便宜"
    text = stored_settings_text()
    assert legacy_key not in text and "never-read" not in text and json.loads(text)["llm"] == {}


def test_remove_forgets_the_key_and_a_name_is_needed_once(window, qtbot):
    dialog = window.open_settings(MODEL_TAB)
    editor = dialog.services
    assert not editor.remove_button.isEnabled()  # the only service stays
    fill_service(qtbot, editor, "本地 Ollama", "http://localhost:11434/v1", "qwen2.5:7b", "sk-local-abcdef")
    fill_service(qtbot, editor, "本地 Ollama", "http://localhost:11434/v1", "qwen2.5:7b", "")
    dialog.accept()
    assert dialog.isVisible() and "本地 Ollama" in editor.problem.text()  # said in the tab, nothing lost
    editor.remove_current()
    editor.name.clear()
    dialog.accept()
    assert dialog.isVisible() and "名称" in editor.problem.text()
    editor.name.setText("本地 Ollama")
    dialog.accept()
    assert not dialog.isVisible()
    assert keyring.get_password("corpusmith", service_key_name("本地 Ollama")) == "sk-local-abcdef"

    dialog = window.open_settings(MODEL_TAB)
    editor = dialog.services
    editor.list.setCurrentRow(1)
    editor.remove_current()
    dialog.accept()
    assert [s["name"] for s in window.settings.services] == ["DeepSeek"]
    assert keyring.get_password("corpusmith", service_key_name("本地 Ollama")) is None
    assert window.generate.service_picker.combo.count() == 1


def test_cli_takes_a_named_service_and_flags_override_it(tmp_path):
    from test_cli_generate import cli

    with FakeOpenAI(api_key=None) as server:  # a local server that takes any key
        server.reply = Replies()
        server.reply.healed.set()
        settings = AppSettings()
        settings.services.append({"name": "本地", "base_url": server.base_url, "model": "fake-model",
                                  "provider": "Custom", "concurrency": 2})
        settings.save()
        project = tmp_path / "cli.corpus"
        (tmp_path / "客栈.txt").write_text(TEXT, encoding="utf-8")
        r = cli("import", tmp_path / "客栈.txt", "--project", project)
        assert r.returncode == 0, r.stderr

        r = cli("generate", "qa", "--project", project, "--service", "本地", "--questions", "1",
                "--model", "fake-model-large")
        assert r.returncode == 0, r.stdout + r.stderr
        assert server.calls > 0 and {b["model"] for b in server.bodies} == {"fake-model-large"}
        assert server.max_in_flight <= 2  # the service's concurrency, not the default 8

        r = cli("--lang", "zh", "generate", "qa", "--project", project, "--service", "没有这个")
        assert r.returncode != 0 and "没有叫“没有这个”的模型服务" in r.stderr and "本地" in r.stderr
        r = cli("--lang", "en", "generate", "qa", "--project", project)
        assert r.returncode != 0 and "--service NAME" in r.stderr
