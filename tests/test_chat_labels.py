"""Labels only where there are labels (issue 15, point 2).

A competition record whose `infos` (or a synonym) is absent, null, [], "[]", "null", blank, or
records with nothing filled in is UNLABELLED: it never becomes a training row with the target
[] ("no customer"), it goes to the model, and a file of only such records is a test file. An
empty label is an answer only on the user's explicit word (--empty-labels-are-answers, or the
preview's check box). Everyone in these chats is made up."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from chat_fixtures import INFO_KEYS, info
from chat_model import ChatModel
from fake_openai import DEFAULT_KEY, FakeOpenAI
from test_cli_chat import cli, llm

from core.export import ExportOptions, export_samples
from core.flows.extract import ExtractFlow, ExtractOptions, label_samples
from core.llm.client import make_client
from core.llm.providers import ProviderSettings
from core.messages import render
from core.sources.chats.competition import parse_competition
from core.sources.chats.importer import import_chat_file, stored_chats
from core.sources.chats.labels import EMPTY, LABELLED, NONE, has_labels, read_labels
from core.store import SampleFilter, Store
from ui.pages.chat import read_outcomes
from ui.qt import QDialog
from ui.widgets.chat_import_dialog import ChatImportDialog

FAST = {"backoff_base": 0.01, "backoff_max": 0.05, "max_retries": 3, "max_reasks": 1}
ALL_EMPTY_RECORD = dict(INFO_KEYS)  # every one of the 21 fields empty


def en(messages) -> list[str]:
    """Problems and notes as the English reader sees them."""
    return [render(m, "en") for m in messages]


def chat(n: int) -> str:
    """A short fictional shop chat; the customer (second speaker) differs per chat."""
    return "\n".join([f"顾问苏禾{n}：您好，我是青竹家居的顾问", f"顾客何远{n}：书柜多少钱？",
                      f"顾问苏禾{n}：一千二起，周末可以上门量尺寸"])


# The eight ways a test file says "no labels".
UNLABELLED_SHAPES = [
    ("empty list", {"infos": []}, EMPTY),
    ("string []", {"infos": "[]"}, EMPTY),
    ("all-empty record", {"infos": [ALL_EMPTY_RECORD]}, EMPTY),
    ("all-empty record as a dict", {"infos": dict(ALL_EMPTY_RECORD)}, EMPTY),
    ("null", {"infos": None}, NONE),
    ("string null", {"infos": "null"}, NONE),
    ("blank string", {"infos": "  "}, NONE),
    ("absent", {}, NONE),
]


def write_records(folder: Path, name: str, records: list[dict]) -> Path:
    path = folder / name
    path.write_text(json.dumps(records, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def unlabelled_file(folder: Path) -> Path:
    """Eight records, one per unlabelled shape: a test file."""
    return write_records(folder, "test_data.json",
                         [{"chat_text": chat(i), **shape} for i, (_, shape, _) in enumerate(UNLABELLED_SHAPES, 1)])


def mixed_file(folder: Path) -> Path:
    """Two labelled chats, two with empty labels ([] and "[]"), one without any."""
    labelled = [info(基本信息_姓名="何远1", 客户是否有意向="有意向"), info(基本信息_姓名="何远2", 意向产品=["书柜"])]
    return write_records(folder, "mixed.json", [
        {"chat_text": chat(1), "infos": [labelled[0]]},
        {"chat_text": chat(2), "infos": json.dumps([labelled[1]], ensure_ascii=False)},  # labels as a JSON string
        {"chat_text": chat(3), "infos": []},
        {"chat_text": chat(4), "infos": "[]"},
        {"chat_text": chat(5)},
    ])


@pytest.fixture
def server():
    with FakeOpenAI() as s:
        s.reply = ChatModel()
        yield s


def settings_for(server: FakeOpenAI) -> ProviderSettings:
    return ProviderSettings(base_url=server.base_url, model="fake-model", concurrency=4)


def run_extract(store: Store, server: FakeOpenAI, **options):
    import asyncio

    settings = settings_for(server)
    flow = ExtractFlow(store, lambda: make_client(settings, DEFAULT_KEY), settings, ExtractOptions(**options),
                       runner_options=FAST)
    return asyncio.run(flow.run())


def alpaca_rows(store: Store, out: Path) -> list[dict]:
    export_samples(store, ExportOptions("alpaca", out, jsonl=True, include="non_rejected", mask="off",
                                        dataset_info=False))
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


# ---- reading ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("name,shape,state", UNLABELLED_SHAPES, ids=[s[0] for s in UNLABELLED_SHAPES])
def test_every_unlabelled_shape_reads_as_unlabelled(name, shape, state):
    labels = read_labels({"chat_text": chat(1), **shape})
    assert (labels.state, labels.labels, labels.problem) == (state, None, None)
    cf = parse_competition([{"chat_text": chat(1), **shape}], "x.json")
    assert cf.chats[0].labels is None and cf.chats[0].empty_labels == (state == EMPTY)
    assert cf.is_test_file and cf.labelled == 0


def test_filled_labels_under_synonyms_and_as_json_strings_are_labels():
    record = info(基本信息_姓名="何远1")
    for shape in ({"labels": [record]}, {"infos": json.dumps([record], ensure_ascii=False)}, {"annotations": record},
                  {"infos": [record, ALL_EMPTY_RECORD]}):
        labels = read_labels({"chat_text": "x", **shape})
        assert labels.state == LABELLED and labels.labels == [record], shape  # an all-empty record is no customer
    assert not has_labels([]) and not has_labels([ALL_EMPTY_RECORD]) and has_labels([record])
    # a value that is filled in but not records is still a problem of its record
    cf = parse_competition([{"chat_text": chat(1), "infos": "客户很满意"}, {"chat_text": chat(2)}], "x.json")
    assert [p.split(":")[0] for p in en(cf.problems)] == ["record 1"] and len(cf.chats) == 1


# ---- the flow: import → samples → extraction → export -------------------------------------------------
def test_mixed_file_labelled_chats_are_samples_and_unlabelled_ones_go_to_the_model(tmp_path, server):
    with Store(tmp_path / "mixed.corpus", create=True) as store:
        r = import_chat_file(store, mixed_file(tmp_path), make_samples=label_samples(store))
        assert (r.chats, r.labelled, r.samples, r.empty_labelled, r.test_file) == (5, 2, 2, 2, False)
        assert [c.labels is not None for c in stored_chats(store)] == [True, True, False, False, False]
        result = run_extract(store, server)
        # 2 labelled samples came with the import; the 3 unlabelled chats (2 of them with empty labels) were
        # each sent to the model once
        assert (result.chats, result.labelled, result.empty_labelled, result.extracted) == (5, 2, 2, 3)
        assert len(server.reply.seen) == 3 and all("何远1" not in p and "何远2" not in p for p in server.reply.seen)
        samples = list(store.iter_samples(SampleFilter(kind="sft")))
        assert len(samples) == 5
        targets = {s.meta["index"]: json.loads(s.turns[1].text) for s in samples}
        assert all(targets[i] for i in (1, 2, 3, 4, 5)), "no chat teaches the empty answer []"
        assert targets[3][0]["基本信息-姓名"] == "顾客何远"  # the model's answer, not the empty label
        rows = alpaca_rows(store, tmp_path / "out" / "mixed.jsonl")
        assert len(rows) == 5 and all(row["output"] != "[]" for row in rows)


def test_a_project_that_stored_empty_labels_as_answers_is_read_right(tmp_path, server):
    """Projects imported before this fix hold "labels": [] and a sample with the target []: the chat is
    unlabelled now, goes to the model, and the untouched [] sample is superseded with the reason."""
    from core.flows.extract import _label_sample, project_instruction, project_schema

    with Store(tmp_path / "old.corpus", create=True) as store:
        schema, instruction = project_schema(store), project_instruction(store)

        def build(sid):
            return [_label_sample(sid, "1", 1, [], "顾问苏禾1：您好\n顾客何远1：书柜多少钱？", instruction, schema)]

        sid, _ = store.add_source_with_items(
            "chat", "old.json", str(tmp_path / "old.json"), {"format": "competition"},
            [("chat", [("1", None, {"title": "记录 1", "index": 1, "n": 2, "labels": []})]),
             ("message", [("1/1", "1", {"sender": "顾问苏禾1", "text": "您好"}),
                          ("1/2", "1", {"sender": "顾客何远1", "text": "书柜多少钱？"})])], build)
        assert stored_chats(store)[0].labels is None and stored_chats(store)[0].empty_labels
        result = run_extract(store, server)
        assert (result.labelled, result.extracted, result.empty_labelled) == (0, 1, 1)
        by_status = {s.status: s for s in store.iter_samples()}
        assert json.loads(by_status["pending"].turns[1].text)[0]["基本信息-姓名"] == "顾客何远"
        assert by_status["rejected"].turns[1].text == "[]" and "superseded" in by_status["rejected"].reason


# ---- the CLI ------------------------------------------------------------------------------------------
def test_cli_test_file_is_said_and_goes_to_test_set_and_extraction(tmp_path, server):
    project = tmp_path / "t.corpus"
    r = cli("import-chat", unlabelled_file(tmp_path), "--project", project)
    assert r.returncode == 0, r.stdout + r.stderr
    head = r.stdout.splitlines()[0]
    assert ": 8 chat(s)" in head and "labelled" not in head  # no "8 labelled → 8 extraction samples"
    assert "4 chats have empty labels" in r.stdout and "--empty-labels-are-answers" in r.stdout
    assert "This is a test file: none of its 8 chats has labels" in r.stdout
    assert f"python main.py test-set --project {project} --source 1" in r.stdout
    with Store(project) as st:
        assert st.count() == 0

    out = tmp_path / "test.csv"
    r = cli("test-set", "--project", project, "--out", out, "--mask", "off")
    assert r.returncode == 0, r.stdout + r.stderr
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert len(rows) == 9 and all(row[1] == "" for row in rows[1:])  # no target: nothing to score against

    r = llm(server, "generate", "extract", "--project", project)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "chats:       8 (0 labelled" in r.stdout
    assert "4 of them have empty labels: read as unlabelled and sent to the model" in r.stdout
    assert "extracted:   8" in r.stdout and len(server.reply.seen) == 8
    export = tmp_path / "out" / "train.jsonl"
    r = cli("export", "--project", project, "--format", "alpaca", "--out", export, "--jsonl", "--all",
            "--mask", "off", "--no-dataset-info")
    assert r.returncode == 0, r.stdout + r.stderr
    rows = [json.loads(line) for line in export.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 8 and all(json.loads(row["output"]) for row in rows)


def test_cli_empty_labels_are_answers_only_with_the_flag(tmp_path, server):
    project = tmp_path / "m.corpus"
    r = cli("import-chat", mixed_file(tmp_path), "--project", project, "--empty-labels-are-answers")
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.splitlines()[0].endswith("4 labelled → 4 extraction samples")
    assert "2 empty labels taken as the answer “no customer” ([]), as you chose" in r.stdout
    assert "test file" not in r.stdout
    with Store(project) as st:
        targets = {s.meta["index"]: s.turns[1].text for s in st.iter_samples()}
    assert targets[3] == targets[4] == "[]" and set(targets) == {1, 2, 3, 4}

    r = llm(server, "generate", "extract", "--project", project)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "chats:       5 (4 labelled" in r.stdout and "extracted:   1" in r.stdout
    assert len(server.reply.seen) == 1 and "何远5" in server.reply.seen[0]

    out = tmp_path / "test.csv"
    assert cli("test-set", "--project", project, "--out", out, "--mask", "off").returncode == 0
    with out.open(encoding="utf-8", newline="") as f:
        targets = [row[1] for row in csv.reader(f)][1:]
    assert targets[2] == targets[3] == "[]" and targets[4] == ""  # scored as "no customer"; chat 5 unknown

    export = tmp_path / "out" / "m.jsonl"
    r = cli("export", "--project", project, "--format", "alpaca", "--out", export, "--jsonl", "--all",
            "--mask", "off", "--no-dataset-info")
    assert r.returncode == 0, r.stdout + r.stderr
    outputs = [json.loads(line)["output"] for line in export.read_text(encoding="utf-8").splitlines()]
    assert len(outputs) == 5 and outputs.count("[]") == 2


# ---- the preview --------------------------------------------------------------------------------------
def test_preview_says_test_file_and_offers_the_test_tab(tmp_path, qtbot, qt_run, monkeypatch):
    from core.settings import AppSettings
    from ui.main_window import MainWindow

    outcomes = qt_run(read_outcomes([unlabelled_file(tmp_path)], "auto"))
    dialog = ChatImportDialog(outcomes, read_outcomes)
    qtbot.addWidget(dialog)
    assert "这是测试文件" in dialog.facts.text() and "4 个的标注是空的" in dialog.facts.text()
    assert not dialog.test_button.isHidden() and not dialog.empty_answers.isHidden()
    assert not dialog.empty_answers.isChecked() and not dialog.empty_labels_are_answers()
    dialog.empty_answers.setChecked(True)  # "no customer" is their answer: no longer a test file
    assert "4 个带标注" in dialog.facts.text() and "这是测试文件" not in dialog.facts.text()
    assert dialog.test_button.isHidden() and dialog.empty_labels_are_answers()

    w = MainWindow(AppSettings())
    qtbot.addWidget(w)
    assert w.open_project(tmp_path / "ui.corpus", create=True)

    def take_the_test_path(d):
        d.test_button.click()
        assert d.result() == 1 and d.open_test_tab  # the button accepted the dialog
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ChatImportDialog, "open", lambda d: d.done(take_the_test_path(d)))  # opened, not exec()
    lines = qt_run(w.chat.import_files([unlabelled_file(tmp_path)]))
    assert "这是测试文件" in lines[0] and "4 个聊天的标注是空的" in lines[0]
    assert w.chat.tabs.currentWidget() is w.chat.predict_area
    assert w.chat.predict.source.currentData() == w.chat.source.currentData() is not None
    assert w.store.count() == 0 and "已标注" not in w.chat.chats.item(0).text()


def test_preview_choice_makes_empty_labels_answers(tmp_path, qtbot, qt_run, monkeypatch):
    from core.settings import AppSettings
    from ui.main_window import MainWindow

    w = MainWindow(AppSettings())
    qtbot.addWidget(w)
    assert w.open_project(tmp_path / "ui.corpus", create=True)

    def tick(d):
        assert "2 个的标注是空的" in d.facts.text() and d.test_button.isHidden()
        d.empty_answers.setChecked(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ChatImportDialog, "open", lambda d: d.done(tick(d)))  # opened, not exec()
    lines = qt_run(w.chat.import_files([mixed_file(tmp_path)]))
    assert "4 个带标注的聊天已成为抽取样本" in lines[0] and "2 个空标注按你的选择" in lines[0]
    outputs = sorted(s.turns[1].text for s in w.store.iter_samples())
    assert len(outputs) == 4 and outputs.count("[]") == 2
