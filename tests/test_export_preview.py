"""preview_first_record: the first record of the export, exactly as the written file holds it.

Every check exports for real and reads the file with its own reader (json / csv), never with the
preview module's: the preview must equal what lands on disk, character for character.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from core.errors import ExportError
from core.export import FORMATS, ExportOptions, export_samples
from core.export import preview as export_preview
from core.export.preview import preview_first_record
from core.model import Sample, Turn
from core.store import Store

MODES = [(fmt, jsonl) for fmt in FORMATS for jsonl in ((False, True) if fmt != "csv" else (False,))]


def _project(tmp_path: Path, samples: list[Sample]) -> Path:
    path = tmp_path / "p.corpus"
    with Store.create(path) as store:
        store.add_samples(samples)
    return path


def _file_first_record(path: Path) -> str:
    """The first record as it stands in the file, found by parsing the whole file."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".csv":
        rows = list(csv.reader(io.StringIO(text, newline="")))
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows[:2])
        first = buf.getvalue().rstrip("\n")
        assert text.startswith(first)
        return first
    if path.suffix == ".jsonl":
        first = text.split("\n", 1)[0]
        json.loads(first)
        return first
    assert text.startswith("[\n")
    first_obj = json.loads(text)[0]
    end = json.JSONDecoder().raw_decode(text, 2)[1]
    first = text[2:end]
    assert json.loads(first) == first_obj
    return first


def _export_first(path: Path, options: ExportOptions) -> tuple[str, object]:
    report = export_samples(path, options)
    return _file_first_record(report.files[0]), report


def _awkward_start() -> list[Sample]:
    """A project whose first samples are skipped or repaired, with personal data and a system prompt."""
    return [
        Sample(kind="sft", status="accepted", turns=[Turn("user", "只有问题，没有回答？")]),  # skipped
        Sample(kind="sft", status="accepted", turns=[Turn("assistant", "先有回答。")]),  # skipped
        Sample(kind="dialogue", status="accepted", system="你是店里的客服。", turns=[
            Turn("user", "你好", "林晓"), Turn("user", "我的手机号是 13812345678，帮我登记", "林晓"),  # merged
            Turn("assistant", "好的，已登记。", "阿敏"), Turn("user", "   ", "林晓"),  # empty turn dropped
            Turn("user", "“引号”、反斜杠 C:\\数据\t和换行\n都要保留", "林晓"),
            Turn("assistant", "明白，邮箱 lin.xiao@example.com 也记下了。", "阿敏"),
        ]),
        *[Sample.qa(f"问题{i}，我的电话 139{i:08d}", f"回答{i}", status="accepted") for i in range(30)],
    ]


@pytest.mark.parametrize("fmt,jsonl", MODES)
@pytest.mark.parametrize("mask", ["surrogate", "tag", "off"])
def test_preview_is_the_first_record_of_the_written_file(tmp_path, fmt, jsonl, mask):
    path = _project(tmp_path, _awkward_start())
    options = ExportOptions(fmt, tmp_path / "out" / "data.json", jsonl=jsonl, mask=mask)
    preview = preview_first_record(path, options)
    first, report = _export_first(path, options)
    assert preview == first
    assert len(report.skipped) == 2  # the lone question and the lone answer, in every format
    if mask != "off":
        assert "13812345678" not in preview and "lin.xiao@example.com" not in preview
    else:
        assert "13812345678" in preview


@pytest.mark.parametrize("fmt,jsonl", [("sharegpt", True), ("alpaca", False), ("csv", False)])
def test_preview_follows_the_split_and_the_length_limit(tmp_path, fmt, jsonl):
    samples = [Sample.qa("长" * 50 + f"{i}", "答" * 50, status="accepted") for i in range(3)]
    samples += [Sample.qa(f"短问题{i}", f"短回答{i}", status="accepted") for i in range(200)]
    path = _project(tmp_path, samples)
    options = ExportOptions(fmt, tmp_path / "split.json", jsonl=jsonl, test_ratio=0.5, seed=7,
                            char_cap=60, over_cap="skip")
    preview = preview_first_record(path, options)
    first, report = _export_first(path, options)
    assert report.files[0].stem == "split_train" and report.test > 0 and len(report.over_cap) == 3
    assert preview == first and "长" not in preview


def test_preview_reads_on_when_the_first_samples_are_all_skipped(tmp_path):
    n = export_preview.FIRST_TRY * 3
    samples = [Sample(kind="sft", status="accepted", turns=[Turn("user", f"没有回答{i}")]) for i in range(n)]
    samples.append(Sample.qa("终于有回答的问题", "这是第一条写入的记录", status="accepted"))
    path = _project(tmp_path, samples)
    options = ExportOptions("openai", tmp_path / "o.jsonl", jsonl=True)
    preview = preview_first_record(path, options)
    first, report = _export_first(path, options)
    assert preview == first and "这是第一条写入的记录" in preview and len(report.skipped) == n


def test_preview_shows_the_history_row_the_writer_moves_to_the_top(tmp_path, monkeypatch):
    """alpaca JSON Lines: when the first row with a history comes late, the writer moves it to the
    top of the file (so `datasets` types the column); the preview shows that row."""
    from core.export import writer

    monkeypatch.setattr(writer, "HISTORY_LEAD_CHARS", 4000)
    samples = [Sample.qa(f"单轮问题{i}", "单轮回答" * 10, status="accepted") for i in range(300)]
    samples.append(Sample(kind="dialogue", status="accepted", turns=[
        Turn("user", "第一问"), Turn("assistant", "第一答"), Turn("user", "第二问"), Turn("assistant", "第二答")]))
    path = _project(tmp_path, samples)
    options = ExportOptions("alpaca", tmp_path / "a.jsonl", jsonl=True)
    preview = preview_first_record(path, options)
    first, report = _export_first(path, options)
    assert preview == first and json.loads(preview)["history"] == [["第一问", "第一答"]]
    assert report.written == 301


def test_preview_masks_a_value_known_only_from_another_session_of_the_chat(tmp_path):
    """A QQ number given with its cue word in one session and bare in an earlier one is masked in
    both in the file (the writer scans each chat whole first); the preview, whose main pass reads
    only the first samples, masks it too."""
    from core.sources.chats.importer import chat_sources, import_chat_file
    from core.text.masking import Masker
    from tests.pii_fixtures import planted_chats, write_wechat_csv

    path = tmp_path / "chats.corpus"
    with Store(path, create=True) as store:
        import_chat_file(store, write_wechat_csv(tmp_path / "wechat.csv", planted_chats(seed=3, n_chats=1)))
        source = chat_sources(store)[0]["id"]
        chat = {"chat": "wxid_friend"}
        bare = Sample.qa("2954356719 这个号能加上吗？", "能加上，稍等", status="accepted", source_id=source, meta=chat)
        cued = Sample.qa("我的QQ号是 2954356719，加我一下", "好的，已记下", status="accepted", source_id=source,
                         meta=dict(chat))
        fillers = [Sample.qa(f"问{i}", f"答{i}", status="accepted") for i in range(export_preview.FIRST_TRY * 2)]
        store.add_samples([bare, *fillers, cued])  # the cue comes after the samples a preview reads first
    assert "2954356719" in Masker("surrogate", seed="alone").mask_text(bare.turns[0].text)  # bare: not found alone
    options = ExportOptions("sharegpt", tmp_path / "c.jsonl", jsonl=True)
    preview = preview_first_record(path, options)
    first, report = _export_first(path, options)
    assert preview == first and "这个号能加上吗" in preview and "2954356719" not in preview
    assert report.masked.get("qq", 0) >= 2


def test_preview_refuses_as_the_export_does(tmp_path):
    path = _project(tmp_path, [Sample.qa("待审的问题", "待审的回答")])
    options = ExportOptions("alpaca", tmp_path / "x.json")
    with pytest.raises(ExportError) as previewed:
        preview_first_record(path, options)
    with pytest.raises(ExportError) as exported:
        export_samples(path, options)
    assert str(previewed.value) == str(exported.value)
    assert not (tmp_path / "x.json").exists()
    (tmp_path / "t").mkdir()
    pretrain = _project(tmp_path / "t", [Sample(kind="pretrain", status="accepted", turns=[Turn("user", "一段正文。")])])
    with pytest.raises(ExportError):
        preview_first_record(pretrain, ExportOptions("sharegpt", tmp_path / "t" / "y.json"))
    text = preview_first_record(pretrain, ExportOptions("alpaca", tmp_path / "t" / "y.json"))
    assert json.loads(text) == {"text": "一段正文。"}
