"""core.flows.scoring: field methods computed by hand, record matching, missing and extra chats,
weights, the report table and the file loaders' errors."""

from __future__ import annotations

import json
import unicodedata

import pytest

from core.errors import InputError
from core.flows.extract_schema import BUILTIN_SCHEMA, ExtractionSchema, SchemaField
from core.flows.scoring import FieldScore, ScoreReport, load_labels, load_predictions, score
from core.messages import render


def customer(**changes) -> dict:
    """A full built-in record; keyword names use _ for - (基本信息_姓名 → 基本信息-姓名)."""
    record = {
        **BUILTIN_SCHEMA.empty_record(),
        "基本信息-姓名": "赵磊",
        "基本信息-手机号码": "13800001234",
        "基本信息-详细地址": "北京市中山路1号",
        "咨询类型": ["报价"],
        "意向产品": ["沙发", "床垫"],
        "客户是否有意向": "有意向",
        "客户是否有卡点": "无卡点",
        "客户购买阶段": "方案交流",
        "下一步跟进计划-参与人": ["林晓2"],
        "下一步跟进计划-时间点": "周末",
        "下一步跟进计划-具体事项": "上门测量尺寸",
    }
    record.update({k.replace("_", "-"): v for k, v in changes.items()})
    return record


def other_customer() -> dict:
    return customer(基本信息_姓名="钱芳", 基本信息_手机号码="13900005678", 意向产品=["餐桌"], 咨询类型=["售后"],
                    基本信息_详细地址="上海市人民大道8号", 下一步跟进计划_具体事项="寄送样品")


def by_name(report: ScoreReport) -> dict[str, float]:
    return {f.name: f.score for f in report.fields}


def with_only(changed: dict[str, float]) -> dict[str, float]:
    """Every built-in field at 1.0 except the ones given."""
    return {name: changed.get(name, 1.0) for name in BUILTIN_SCHEMA.field_names()}


# --- whole-record cases -----------------------------------------------------------------------------


def test_a_perfect_prediction_scores_one():
    labels = {1: [customer()], 2: [customer(), other_customer()], 3: []}
    report = score({1: [customer()], 2: [customer(), other_customer()], 3: []}, labels)
    assert report.total == 1.0
    assert by_name(report) == with_only({})
    assert report.n_chats == 3 and report.n_records == 3
    assert report.missing == [] and report.extra == []
    assert [f.n for f in report.fields] == [3] * 21
    assert [(f.method, f.weight) for f in report.fields] == [(f.score, f.weight) for f in BUILTIN_SCHEMA.fields]


def test_normalisation_nfkc_and_whitespace_match():
    predicted = customer(基本信息_手机号码=" １３８００００１２３４ ", 意向产品=["床垫 ", "沙发"], 咨询类型="报价")
    assert score({1: [predicted]}, {1: [customer()]}).total == 1.0


# --- field methods, by hand ---------------------------------------------------------------------------


def test_exact_fields_score_one_or_zero():
    predicted = customer(基本信息_姓名="赵雷", 基本信息_邮箱="a@b.com", 客户是否有意向="无意向")
    report = score({1: [predicted]}, {1: [customer()]})
    assert by_name(report) == with_only({"基本信息-姓名": 0.0, "基本信息-邮箱": 0.0, "客户是否有意向": 0.0})
    assert report.total == pytest.approx(18 / 21)


def test_set_fields_score_f1():
    predicted = customer(意向产品=["沙发"], 咨询类型=["报价", "售后", "物流"], 购买异议点=["价格偏高"],
                         下一步跟进计划_参与人=[])
    report = score({1: [predicted]}, {1: [customer()]})
    assert by_name(report) == pytest.approx(with_only({
        "意向产品": 2 * 1 / (1 + 2),  # one of two found
        "咨询类型": 2 * 1 / (3 + 1),  # one right, two made up
        "购买异议点": 0.0,  # label empty, prediction not
        "下一步跟进计划-参与人": 0.0,  # prediction empty, label not
    }))


def test_similarity_fields_use_indel_similarity():
    predicted = customer(下一步跟进计划_具体事项="上门测量", 基本信息_详细地址="北京市中山路2号",
                         竞品信息="宜家", 客户预算_预算明细="")
    report = score({1: [predicted]}, {1: [customer(客户预算_预算明细="沙发3000元")]})
    assert by_name(report) == pytest.approx(with_only({
        "下一步跟进计划-具体事项": 2 * 4 / (6 + 4),  # 上门测量 is the LCS of 上门测量 and 上门测量尺寸
        "基本信息-详细地址": 2 * 7 / (8 + 8),  # one character of eight differs
        "竞品信息": 0.0,  # label empty
        "客户预算-预算明细": 0.0,  # prediction empty
    }))


def test_exact_on_a_list_field_ignores_order_and_set_on_a_text_field_is_one_item():
    schema = ExtractionSchema([SchemaField("标签", "list", score="exact"), SchemaField("名", "string", score="set"),
                               SchemaField("词", "list", score="similarity")])
    labels = {1: [{"标签": ["a", "b"], "名": "赵磊", "词": ["上门", "测量"]}]}
    report = score({1: [{"标签": ["b", "a"], "名": "赵磊", "词": "上门、测量"}]}, labels, schema)
    assert by_name(report) == {"标签": 1.0, "名": 1.0, "词": 1.0}
    report = score({1: [{"标签": ["a"], "名": "钱芳", "词": ["上门"]}]}, labels, schema)
    assert by_name(report) == pytest.approx({"标签": 0.0, "名": 0.0, "词": 2 * 2 / (2 + 5)})


def test_missing_keys_and_wrong_types_in_predictions_are_read_leniently():
    predicted = customer()
    del predicted["基本信息-邮箱"], predicted["竞品信息"]  # empty in the label too: still a match
    predicted["意向产品"] = None  # label has two products
    report = score({1: [predicted]}, {1: [customer()]})
    assert by_name(report) == with_only({"意向产品": 0.0})


# --- weights -------------------------------------------------------------------------------------------


def test_total_is_the_weighted_mean_of_field_scores():
    schema = ExtractionSchema([
        SchemaField("名", "string", score="exact", weight=3.0),
        SchemaField("产品", "list", score="set", weight=1.0),
        SchemaField("备注", "string", score="similarity", weight=0.0),
    ])  # fmt: skip
    labels = {1: [{"名": "赵磊", "产品": ["沙发", "床垫"], "备注": "x"}]}
    report = score({1: [{"名": "赵磊", "产品": ["沙发"], "备注": "y"}]}, labels, schema)
    assert by_name(report) == pytest.approx({"名": 1.0, "产品": 2 / 3, "备注": 0.0})
    assert report.total == pytest.approx((3 * 1.0 + 1 * 2 / 3 + 0 * 0.0) / 4)
    assert [f.weight for f in report.fields] == [3.0, 1.0, 0.0]


# --- record matching ----------------------------------------------------------------------------------


def test_two_customers_in_swapped_order_are_matched():
    labels = {1: [customer(), other_customer()]}
    assert score({1: [other_customer(), customer()]}, labels).total == 1.0
    # one field wrong in the second customer: only that field loses, half of its two pairs
    wrong = other_customer()
    wrong["客户购买阶段"] = "签约"
    report = score({1: [wrong, customer()]}, labels)
    assert by_name(report) == with_only({"客户购买阶段": 0.5})
    assert report.n_records == 2


def test_matching_is_greedy_by_best_record_similarity():
    a, b = customer(), other_customer()
    near_a = customer(基本信息_手机号码="", 客户购买阶段="签约")  # closer to a than b is
    report = score({1: [b, near_a]}, {1: [a, b]})
    assert by_name(report) == with_only({"基本信息-手机号码": 0.5, "客户购买阶段": 0.5})


def test_unmatched_records_score_zero_on_every_field():
    made_up = score({1: [customer(), other_customer()]}, {1: [customer()]})
    assert made_up.n_records == 2
    assert by_name(made_up) == with_only({n: 0.5 for n in BUILTIN_SCHEMA.field_names()})
    assert made_up.total == pytest.approx(0.5)

    missed = score({1: [customer()]}, {1: [customer(), other_customer()]})
    assert missed.n_records == 2 and missed.total == pytest.approx(0.5)

    nobody = score({1: []}, {1: [customer()]})
    assert nobody.n_records == 1 and nobody.total == 0.0 and nobody.missing == []

    invented = score({1: [customer()], 2: [customer()]}, {1: [customer()], 2: []})
    assert invented.n_records == 2 and invented.total == pytest.approx(0.5)


# --- missing and extra chats ------------------------------------------------------------------------------


def test_a_label_with_no_prediction_is_missing_and_scores_zero():
    labels = {1: [customer()], 2: [customer(), other_customer()], 3: [customer()]}
    report = score({1: [customer()], 3: [customer()]}, labels)
    assert report.missing == [2]
    assert report.n_chats == 3 and report.n_records == 4
    assert report.total == pytest.approx(2 / 4)


def test_extra_predictions_are_reported_and_ignored():
    report = score({1: [customer()], 7: [other_customer()], 5: [customer()]}, {1: [customer()]})
    assert report.extra == [5, 7]
    assert report.total == 1.0 and report.n_records == 1 and report.n_chats == 1


def test_nothing_to_compare():
    assert score({1: []}, {1: []}).total == 1.0  # nobody to find, nobody found
    nothing = score({}, {1: []})
    assert nothing.total == 0.0 and nothing.missing == [1] and nothing.n_records == 0


# --- the report -----------------------------------------------------------------------------------------------


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def test_table_lists_every_field_the_total_and_the_counts_aligned():
    labels = {i: [customer()] for i in range(1, 13)}
    predictions = {i: [customer(客户购买阶段="签约")] for i in range(1, 12)} | {20: [customer()]}
    report = score(predictions, labels)
    table = report.table()
    lines = table.splitlines()
    for name in BUILTIN_SCHEMA.field_names():
        assert sum(line.startswith(name + " ") for line in lines) == 1, name
    total = next(line for line in lines if line.startswith("total (weighted mean)"))
    assert total.split()[-2:] == [f"{report.total:.4f}", "12"]
    assert report.total == pytest.approx((20 / 21) * 11 / 12)
    assert "missing predictions: 1 (index 12)" in lines
    assert "extra predictions (ignored): 1 (index 20)" in lines
    assert "chats: 12, record pairs: 12" in lines
    stage = next(line for line in lines if line.startswith("客户购买阶段"))
    assert stage.split() == ["客户购买阶段", "exact", "1", "0.0000", "12"]
    # CJK-aware: every row of the body ends at the same display column
    body = [line for line in lines if line.split()[0] in BUILTIN_SCHEMA.field_names()]
    assert len({display_width(line) for line in body}) == 1
    # the score column lines up with the header's
    header_end = display_width(lines[0][: lines[0].index("score") + len("score")])
    assert {display_width(line[: line.index(f"{s:.4f}") + 6]) for line, s in zip(body, by_name(report).values(),
                                                                                    strict=True)} == {header_end}


def test_table_shortens_long_index_lists():
    labels = {i: [customer()] for i in range(1, 16)}
    lines = score({}, labels).table().splitlines()
    assert "missing predictions: 15 (index 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, …)" in lines


def test_to_dict_is_plain_json():
    report = score({1: [customer()], 9: []}, {1: [customer()], 2: []})
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert data["total"] == 1.0 and data["missing"] == [2] and data["extra"] == [9]
    assert data["n_chats"] == 2 and data["n_records"] == 1
    assert data["fields"][0] == {"name": "基本信息-姓名", "method": "exact", "weight": 1.0, "score": 1.0, "n": 1}
    assert report.fields[0] == FieldScore("基本信息-姓名", "exact", 1.0, 1.0, 1)


# --- loading ------------------------------------------------------------------------------------------------


def write(tmp_path, name: str, data, raw: str | None = None):
    path = tmp_path / name
    path.write_text(raw if raw is not None else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_load_predictions_reads_the_submission_layout(tmp_path):
    path = write(tmp_path, "sub.json", [{"infos": [customer()], "index": 2}, {"infos": [], "index": "1"},
                                        {"index": 3, "infos": customer()}])
    assert load_predictions(path) == {2: [customer()], 1: [], 3: [customer()]}


def test_load_labels_reads_the_training_layout_by_position(tmp_path):
    data = [{"chat_text": "a：b", "infos": [customer()]}, {"chat_text": "c：d", "infos": []}]
    path = tmp_path / "train.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8-sig")  # with a BOM
    assert load_labels(path) == {1: [customer()], 2: []}


def test_load_labels_reads_the_submission_layout(tmp_path):
    path = write(tmp_path, "gold.json", [{"infos": [customer()], "index": 5}])
    assert load_labels(path) == {5: [customer()]}


def test_files_round_trip_through_score(tmp_path):
    labels = write(tmp_path, "train.json", [{"chat_text": "x", "infos": [customer(), other_customer()]},
                                            {"chat_text": "y", "infos": [customer()]}])
    preds = write(tmp_path, "sub.json", [{"infos": [other_customer(), customer()], "index": 1}])
    report = score(load_predictions(preds), load_labels(labels))
    assert report.missing == [2] and report.total == pytest.approx(2 / 3)


SUB = 'each record must be {"infos": [...], "index": N}.'


@pytest.mark.parametrize(
    ("data", "raw", "message"),
    [
        (None, '[{"infos": [], "index": 1},\n {"infos": [] "index": 2}]',
         "The predictions file “{p}” is not valid JSON: line 2, column 15: Expecting ',' delimiter. "
         "Fix the JSON there."),
        ({"infos": []}, None,
         'The predictions file “{p}” must hold a JSON array of {"infos": [...], "index": N}, but it holds an object.'),
        ([], None, "The predictions file “{p}” is an empty list: there is nothing to score."),
        ([{"infos": [], "index": 1}, "x"], None, f"“sub.json”, record 2 is a text; {SUB}"),
        ([{"infos": [], "index": 1}, {"infos": []}], None,
         "“sub.json”, record 2: “index” is missing; it must be the chat's number, counting from 1."),
        ([{"infos": [], "index": 0}], None,
         "“sub.json”, record 1: “index” is 0; it must be the chat's number, counting from 1."),
        ([{"infos": [], "index": 1.5}], None,
         "“sub.json”, record 1: “index” is 1.5; it must be the chat's number, counting from 1."),
        ([{"infos": [], "index": 1}, {"infos": [], "index": 2}, {"infos": [], "index": 1}], None,
         "“sub.json”, record 3: index 1 appears twice. Give each chat one record."),
        ([{"index": 1}], None, '“sub.json”, record 1 has no “infos”. Add "infos": [] if no customer was found.'),
        ([{"index": 1, "infos": "赵磊"}], None, "“sub.json”, record 1: “infos” must be a list of records, not a text."),
        ([{"index": 1, "infos": [{}, 3]}], None,
         "“sub.json”, record 1: infos item 2 is a number; it must be an object of fields."),
    ],
)
def test_load_predictions_errors_name_the_file_and_record(tmp_path, data, raw, message):
    path = write(tmp_path, "sub.json", data, raw)
    with pytest.raises(InputError) as caught:
        load_predictions(path)
    assert render(caught.value.args[0], "en") == message.replace("{p}", str(path))


def test_load_predictions_missing_file(tmp_path):
    path = tmp_path / "nope.json"
    with pytest.raises(InputError) as caught:
        load_predictions(path)
    assert render(caught.value.args[0], "en") == f"The predictions file “{path}” cannot be read: No such file or directory. Check the path."


def test_load_labels_errors_name_the_file_and_record(tmp_path):
    path = write(tmp_path, "test_data.json", [{"chat_text": "a", "infos": []}, {"chat_text": "b"}])
    with pytest.raises(InputError) as caught:
        load_labels(path)
    assert render(caught.value.args[0], "en") == ("“test_data.json”, record 2 has no “infos”: this looks like unlabelled test data. "
                                 "Use a file with labels (train.json) or a submission file.")
    path = write(tmp_path, "train.json", [{"chat_text": "a", "infos": []}, 5])
    with pytest.raises(InputError) as caught:
        load_labels(path)
    assert render(caught.value.args[0], "en") == ('“train.json”, record 2 is a number; each record must be {"chat_text": ..., '
                                 '"infos": [...]}.')
    path = tmp_path / "utf16.json"
    path.write_bytes(b"\xff\xfe[")
    with pytest.raises(InputError) as caught:
        load_labels(path)
    assert render(caught.value.args[0], "en") == f"The labels file “{path}” is not UTF-8 text. Save it as UTF-8 JSON."
    path = write(tmp_path, "train.json", "abc")
    with pytest.raises(InputError) as caught:
        load_labels(path)
    assert render(caught.value.args[0], "en") == (f"The labels file “{path}” must hold a JSON array of {{\"chat_text\": \"...\", "
                                 f"\"infos\": [...]}} (or a JSON array of {{\"infos\": [...], \"index\": N}}), "
                                 "but it holds a text.")


def test_load_labels_reads_the_other_spellings_the_importer_reads(tmp_path):
    """`score` takes the same label keys and JSON-as-text labels the chat importer does."""
    path = tmp_path / "labels.json"
    path.write_text(json.dumps([
        {"chat_text": "a", "Infos": [customer()]},
        {"chat_text": "b", "标注": json.dumps([customer()], ensure_ascii=False)},
        {"chat_text": "c", "labels": "[]"},
    ], ensure_ascii=False), encoding="utf-8")
    assert load_labels(path) == {1: [customer()], 2: [customer()], 3: []}
