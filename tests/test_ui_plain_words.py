"""Plain words for non-programmers: the extraction fields as a form (the JSON kept for experts, the
two views in sync), placeholders inserted from a list with their meaning, the quality rules'
numbers under names a person would say."""

from __future__ import annotations

import json
import re

from core.flows.extract import project_schema
from core.flows.extract_schema import BUILTIN_SCHEMA
from core.llm.templates import TEMPLATES
from core.messages import set_language
from core.store import Store
from core.text.quality import RULES
from ui.qt import QLabel, QLineEdit, Qt
from ui.widgets.placeholder_button import PlaceholderButton, script_placeholders
from ui.widgets.quality_dialog import QualityDialog
from ui.widgets.schema_dialog import KIND, NAME, VALUES, SchemaDialog
from ui.widgets.template_dialog import TemplateDialog

LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def _cell(dialog: SchemaDialog, row: int, column: int) -> str:
    return dialog.table.item(row, column).text()


def _set_kind(dialog: SchemaDialog, row: int, kind: str) -> None:
    combo = dialog.table.cellWidget(row, KIND)
    combo.setCurrentIndex(combo.findData(kind))


def _fits_a_laptop(dialog) -> None:
    need = dialog.minimumSizeHint()
    assert need.width() <= 1366 and need.height() <= 700, need


def test_schema_form_and_json_stay_in_sync_and_save(qtbot, tmp_path):
    with Store(tmp_path / "s.corpus", create=True) as store:
        dialog = SchemaDialog(store)
        qtbot.addWidget(dialog)
        _fits_a_laptop(dialog)
        n = len(BUILTIN_SCHEMA.fields)
        assert dialog.table.rowCount() == n and _cell(dialog, 0, NAME) == BUILTIN_SCHEMA.fields[0].name
        # the built-in “客户是否有意向” shows as a one-of with its values, not as JSON
        row = BUILTIN_SCHEMA.field_names().index("客户是否有意向")
        assert dialog.table.cellWidget(row, KIND).currentData() == "one_of"
        assert _cell(dialog, row, VALUES) == "有意向、无意向"

        # add a one-of field in the form; values typed with mixed separators
        new = dialog.add_field()
        dialog.table.item(new, NAME).setText("装修风格")
        _set_kind(dialog, new, "one_of")
        dialog.table.item(new, VALUES).setText("现代、中式，北欧")
        qtbot.mouseClick(dialog.json_toggle, Qt.MouseButton.LeftButton)
        assert dialog.json_toggle.isChecked() and dialog.views.currentIndex() == 1
        data = json.loads(dialog.editor.toPlainText())
        added = data["fields"][-1]
        assert len(data["fields"]) == n + 1
        assert added["name"] == "装修风格" and added["type"] == "string"
        assert added["values"] == ["现代", "中式", "北欧"] and added["score"] == "exact"

        # an expert edit in the JSON: one more value, and a text field becomes a list
        added["values"].append("日式")
        data["fields"][0]["type"], data["fields"][0]["score"] = "list", "set"
        dialog.editor.setPlainText(json.dumps(data, ensure_ascii=False, indent=2))
        qtbot.mouseClick(dialog.json_toggle, Qt.MouseButton.LeftButton)
        assert not dialog.json_toggle.isChecked() and dialog.views.currentIndex() == 0
        assert dialog.table.rowCount() == n + 1
        assert _cell(dialog, n, VALUES) == "现代、中式、北欧、日式"
        assert dialog.table.cellWidget(0, KIND).currentData() == "list"

        assert dialog.save(), dialog.status.text()
        saved = project_schema(store)
        assert saved.fields[-1].values == ["现代", "中式", "北欧", "日式"] and saved.fields[0].type == "list"
        assert "已保存" in dialog.status.text()


def test_schema_problems_are_said_in_chinese_and_the_view_stays(qtbot, tmp_path):
    set_language("zh")
    try:
        with Store(tmp_path / "s.corpus", create=True) as store:
            dialog = SchemaDialog(store)
            qtbot.addWidget(dialog)
            # a one-of without values cannot leave the form, and the form says which row
            row = dialog.add_field()
            dialog.table.item(row, NAME).setText("付款方式")
            _set_kind(dialog, row, "one_of")
            dialog.json_toggle.click()
            assert not dialog.json_toggle.isChecked() and dialog.views.currentIndex() == 0
            said = dialog.status.text()
            assert f"第 {row + 1} 行" in said and "付款方式" in said and "可选值" in said
            assert not dialog.save() and "未保存" in dialog.status.text()
            dialog.table.removeRow(row)

            dialog.json_toggle.click()
            good = dialog.editor.toPlainText()
            # a missing comma: line and column, in Chinese; the JSON view stays open with the text
            broken = good.replace('"multiple": true,', '"multiple": true', 1)
            dialog.editor.setPlainText(broken)
            dialog.json_toggle.click()
            assert dialog.json_toggle.isChecked() and dialog.views.currentIndex() == 1
            assert dialog.editor.toPlainText() == broken
            said = dialog.status.text()
            line = broken.splitlines().index('  "multiple": true') + 2  # the error is found on the next line
            assert f"第 {line} 行" in said and "逗号" in said, said
            assert not LATIN_WORD.search(said.replace("JSON", "")), said  # a format's name stays
            # Chinese quotation marks typed for JSON's quotes: named as such
            dialog.editor.setPlainText(good.replace('"name": "基本信息-姓名"', '“name”: "基本信息-姓名"', 1))
            dialog.json_toggle.click()
            said = dialog.status.text()
            assert "中文标点" in said and "“" in said and not LATIN_WORD.search(said.replace("JSON", "")), said
            assert not dialog.save() and project_schema(store).fields == BUILTIN_SCHEMA.fields
    finally:
        set_language(None)


def test_template_placeholders_are_inserted_from_a_list_with_their_meaning(qtbot, tmp_path):
    with Store(tmp_path / "t.corpus", create=True) as store:
        dialog = TemplateDialog(store, "zh", None, names=("qa_questions", "chat_extract"))
        qtbot.addWidget(dialog)
        _fits_a_laptop(dialog)
        menu = dialog.insert_placeholder.menu()
        assert dialog.insert_placeholder.placeholders() == ["{{n}}", "{{text}}"]
        meanings = {a.data(): a.text() for a in menu.actions()}
        assert "原文" in meanings["{{text}}"] and "几" in meanings["{{n}}"]
        # the variable is typed where the person's cursor is, in the part they were editing
        dialog.user.setPlainText("请读：")
        cursor = dialog.user.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        dialog.user.setTextCursor(cursor)
        next(a for a in menu.actions() if a.data() == "{{text}}").trigger()
        assert dialog.user.toPlainText() == "请读：{{text}}"
        assert not dialog.edited().variables() - TEMPLATES["qa_questions"]
        # the list follows the chosen template
        dialog.which.setCurrentIndex(1)
        assert dialog.insert_placeholder.placeholders() == ["{{chat}}", "{{schema}}"]
        assert "【用户】" in dialog.preview.toPlainText() and "[user]" not in dialog.preview.toPlainText()


def test_script_placeholders_go_into_a_line_edit(qtbot):
    edit = QLineEdit("现在你要扮演")
    button = PlaceholderButton(edit, script_placeholders())
    qtbot.addWidget(edit)
    qtbot.addWidget(button)
    assert button.placeholders() == ["{character}", "{scene}", "{episode}", "{source}"]
    assert all(a.toolTip() for a in button.menu().actions())  # every one says what it stands for
    button.menu().actions()[0].trigger()
    assert edit.text() == "现在你要扮演{character}"


def test_quality_numbers_have_names_a_person_would_say(qtbot, tmp_path):
    set_language("zh")
    try:
        with Store(tmp_path / "q.corpus", create=True) as store:
            dialog = QualityDialog(store)
            qtbot.addWidget(dialog)
            _fits_a_laptop(dialog)
            for name, params in dialog.params.items():
                assert re.search(r"[\u4e00-\u9fff]", dialog.checks[name].toolTip()), name  # the rule, in Chinese
                for key, spin in params.items():
                    assert spin.toolTip() and not LATIN_WORD.search(spin.toolTip()), (name, key)
                    assert key not in spin.prefix()
            buddies = {lab.buddy(): lab.text() for lab in dialog.findChildren(QLabel) if lab.buddy()}
            assert buddies[dialog.params["too_short"]["min_chars"]] == "最短字数"
            assert buddies[dialog.params["refusal"]["opening_chars"]] == "开头字数"
            assert "占比" in buddies[dialog.params["mostly_punctuation"]["share"]]
            # a share is shown as a percentage and reaches core as a fraction
            share = dialog.params["mostly_punctuation"]["share"]
            assert share.value() == 50 and share.suffix() == " %"
            share.setValue(70)
            dialog.params["too_short"]["min_chars"].setValue(3)
            chosen = dialog.chosen_rules()
            assert chosen["mostly_punctuation"] == {"share": 0.7, "max_content": 10}
            assert chosen["too_short"] == {"min_chars": 3}
    finally:
        set_language(None)


def test_quality_rules_describe_themselves_in_both_languages():
    for rule in RULES.values():
        zh, en = rule.about.render("zh"), rule.about.render("en")
        assert re.search(r"[\u4e00-\u9fff]{4}", zh) and zh != en
        assert "min_chars" not in zh and "share" not in zh
