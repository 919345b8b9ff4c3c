"""core.flows.extract_schema: the built-in 21-field schema, the JSON form, load_schema's errors,
and the checks and coercions applied to model answers."""

from __future__ import annotations

import json
import re

import pytest

from core.errors import InputError
from core.flows.extract_schema import (
    BUILTIN_SCHEMA,
    ExtractionSchema,
    SchemaField,
    builtin_schema,
    check_answer,
    load_schema,
    validate_answer,
)
from core.llm.parse import json_validator
from core.messages import render

BUILTIN_KEYS = [
    "基本信息-姓名", "基本信息-手机号码", "基本信息-邮箱", "基本信息-地区", "基本信息-详细地址",
    "基本信息-性别", "基本信息-年龄", "基本信息-生日", "咨询类型", "意向产品", "购买异议点",
    "客户预算-预算是否充足", "客户预算-总体预算金额", "客户预算-预算明细", "竞品信息",
    "客户是否有意向", "客户是否有卡点", "客户购买阶段", "下一步跟进计划-参与人",
    "下一步跟进计划-时间点", "下一步跟进计划-具体事项",
]  # fmt: skip
LIST_KEYS = {"咨询类型", "意向产品", "购买异议点", "下一步跟进计划-参与人"}
SIMILARITY_KEYS = {"基本信息-详细地址", "客户预算-预算明细", "竞品信息", "下一步跟进计划-具体事项"}


def en(problems) -> list[str]:
    """Problems as the English reader sees them."""
    return [render(p, "en") for p in problems]


def small_schema(multiple: bool = True) -> ExtractionSchema:
    return ExtractionSchema(
        [
            SchemaField("姓名", "string", description="客户姓名"),
            SchemaField("爱好", "list", score="set", weight=2.0),
            SchemaField("意向", "string", values=["有意向", "无意向"]),
        ],
        multiple=multiple,
        name="小表",
    )


# --- the built-in schema -----------------------------------------------------------------------


def test_builtin_schema_has_the_21_competition_keys_in_order():
    assert BUILTIN_SCHEMA.field_names() == BUILTIN_KEYS
    assert len(BUILTIN_SCHEMA.fields) == 21
    assert BUILTIN_SCHEMA.multiple is True


def test_builtin_schema_types_scores_weights_and_fixed_values():
    by_name = {f.name: f for f in BUILTIN_SCHEMA.fields}
    assert {n for n, f in by_name.items() if f.type == "list"} == LIST_KEYS
    assert {n for n, f in by_name.items() if f.score == "set"} == LIST_KEYS
    assert {n for n, f in by_name.items() if f.score == "similarity"} == SIMILARITY_KEYS
    assert {n for n, f in by_name.items() if f.score == "exact"} == set(BUILTIN_KEYS) - LIST_KEYS - SIMILARITY_KEYS
    assert {f.weight for f in BUILTIN_SCHEMA.fields} == {1.0}
    assert {n: f.values for n, f in by_name.items() if f.values} == {
        "客户预算-预算是否充足": ["充足", "不充足"],
        "客户是否有意向": ["有意向", "无意向"],
        "客户是否有卡点": ["有卡点", "无卡点"],
    }
    assert all(f.description for f in BUILTIN_SCHEMA.fields)


def test_builtin_empty_record_is_the_competition_template():
    record = BUILTIN_SCHEMA.empty_record()
    assert list(record) == BUILTIN_KEYS
    assert record == {k: ([] if k in LIST_KEYS else "") for k in BUILTIN_KEYS}


def test_builtin_schema_copy_is_equal_but_independent():
    copy = builtin_schema()
    assert copy == BUILTIN_SCHEMA
    copy.fields[0].weight = 5.0
    assert BUILTIN_SCHEMA.fields[0].weight == 1.0


# --- JSON form, digest, prompt example -----------------------------------------------------------


def test_to_json_is_pretty_readable_and_stable():
    text = small_schema().to_json()
    assert text == small_schema().to_json()
    assert "姓名" in text and "\\u" not in text
    assert text.startswith('{\n  "name": "小表",\n  "multiple": true,\n  "fields": [\n')
    data = json.loads(text)
    assert data["fields"][2] == {
        "name": "意向", "type": "string", "values": ["有意向", "无意向"],
        "description": "", "score": "exact", "weight": 1.0,
    }  # fmt: skip
    assert list(data["fields"][0]) == ["name", "type", "values", "description", "score", "weight"]


@pytest.mark.parametrize("schema", [BUILTIN_SCHEMA, small_schema(), small_schema(multiple=False)])
def test_to_json_load_schema_round_trip(schema):
    loaded = load_schema(schema.to_json())
    assert loaded == schema
    assert loaded.to_json() == schema.to_json()


def test_digest_is_stable_and_follows_what_changes_answers():
    base = small_schema().digest()
    assert base == small_schema().digest()
    assert len(base) == 16 and int(base, 16) >= 0

    def changed(edit) -> str:
        schema = small_schema()
        edit(schema)
        return schema.digest()

    assert changed(lambda s: setattr(s.fields[0], "name", "名字")) != base
    assert changed(lambda s: setattr(s.fields[0], "description", "别的")) != base
    assert changed(lambda s: setattr(s.fields[2], "values", ["有意向"])) != base
    assert changed(lambda s: setattr(s.fields[1], "type", "string")) != base
    assert changed(lambda s: setattr(s, "multiple", False)) != base
    # scoring settings and the display name do not change the extraction job
    assert changed(lambda s: setattr(s.fields[1], "weight", 9.0)) == base
    assert changed(lambda s: setattr(s.fields[0], "score", "similarity")) == base
    assert changed(lambda s: setattr(s, "name", "改名")) == base


def test_prompt_example_shows_the_answer_shape():
    assert small_schema().prompt_example() == (
        '[\n  {\n    "姓名": "",\n    "爱好": [],\n    "意向": "有意向|无意向"\n  }\n]'
    )
    single = ExtractionSchema([SchemaField("类型", "list", values=["报价", "售后"])], multiple=False)
    assert json.loads(single.prompt_example()) == {"类型": ["报价|售后"]}


def test_prompt_example_loads_back_as_a_schema():
    loaded = load_schema(BUILTIN_SCHEMA.prompt_example())
    assert loaded.field_names() == BUILTIN_KEYS
    assert [f.type for f in loaded.fields] == [f.type for f in BUILTIN_SCHEMA.fields]
    assert [f.values for f in loaded.fields] == [f.values for f in BUILTIN_SCHEMA.fields]
    assert loaded.multiple is True


def test_field_guide_lists_kind_description_and_values():
    assert small_schema().field_guide() == (
        "- 姓名（文本）：客户姓名\n- 爱好（列表）\n- 意向（文本）；可选值：有意向、无意向"
    )
    assert small_schema().field_guide("en").splitlines()[2] == "- 意向 (text); one of: 有意向, 无意向"


# --- load_schema: the other forms -----------------------------------------------------------------


def test_load_schema_accepts_a_bare_list_of_fields_with_defaults():
    schema = load_schema('[{"name": "姓名"}, {"name": "爱好", "type": "list"}, {"name": " 备注 ", "weight": 2}]')
    assert schema == ExtractionSchema([
        SchemaField("姓名", "string", None, "", "exact", 1.0),
        SchemaField("爱好", "list", None, "", "set", 1.0),
        SchemaField("备注", "string", None, "", "exact", 2.0),
    ])  # fmt: skip


def test_load_schema_infers_types_from_an_example_record():
    schema = load_schema('{"姓名": "", "爱好": [], "意向": "有意向|无意向", "年龄": "客户年龄", "标签": ["A|B"],'
                         ' "备注": null, "次数": 0}')
    assert schema == ExtractionSchema([
        SchemaField("姓名", "string", None, "", "exact"),
        SchemaField("爱好", "list", None, "", "set"),
        SchemaField("意向", "string", ["有意向", "无意向"], "", "exact"),
        SchemaField("年龄", "string", None, "客户年龄", "exact"),
        SchemaField("标签", "list", ["A", "B"], "", "set"),
        SchemaField("备注", "string", None, "", "exact"),
        SchemaField("次数", "string", None, "0", "exact"),
    ])  # fmt: skip


def test_load_schema_object_form_defaults_and_empty_values():
    schema = load_schema('{"fields": [{"name": "a", "values": []}]}')
    assert schema == ExtractionSchema([SchemaField("a", "string")], multiple=True, name="")


# --- load_schema: every error message ---------------------------------------------------------------

FIX_JSON = "Fix the JSON there (a missing comma, quote or bracket is the usual cause)."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("   ", 'The schema is empty: paste a schema in JSON, or an example record like {"姓名": "", "爱好": []}.'),
        ('{\n  "fields": [\n    {"name": "a" "type": "string"}\n  ]\n}',
         f"The schema is not valid JSON: line 3, column 18: Expecting ',' delimiter. {FIX_JSON}"),
        ('{"fields": [', f"The schema is not valid JSON: line 1, column 13: Expecting value. {FIX_JSON}"),
        ("42", 'The schema must be a JSON object or array, not a number: write {"fields": [...]} or an example '
               'record like {"姓名": "", "爱好": []}.'),
        ('"姓名"', 'The schema must be a JSON object or array, not a text: write {"fields": [...]} or an example '
                   'record like {"姓名": "", "爱好": []}.'),
        ('{"fields": []}', 'The schema has no fields. Add at least one, e.g. {"name": "姓名", "type": "string"}.'),
        ("{}", 'The schema has no fields. Add at least one, e.g. {"name": "姓名", "type": "string"}.'),
        ("[]", 'The schema has no fields. Add at least one, e.g. {"name": "姓名", "type": "string"}.'),
        ('{"fields": [{"name": "a"}, {"name": "b"}, {"name": "xx", "type": "int"}]}',
         'Field 3 (“xx”): type must be string or list (got “int”). Use "list" for several values, "string" for one.'),
        ('{"fields": [{"name": "a", "type": 1}]}',
         'Field 1 (“a”): type must be string or list (got 1). Use "list" for several values, "string" for one.'),
        ('[{"name": "a"}, {"name": "b"}, {"name": "a", "type": "list"}]',
         "The field name “a” is used twice (fields 1, 3). Give each field its own name."),
        ('[{"name": "a", "score": "fuzzy"}]', "Field 1 (“a”): score must be exact, set or similarity (got “fuzzy”)."),
        ('[{"name": "a", "values": "有意向"}]',
         'Field 1 (“a”): values must be a list of non-empty texts, like ["有意向", "无意向"], or null for free values.'),
        ('[{"name": "a", "values": [1, 2]}]',
         'Field 1 (“a”): values must be a list of non-empty texts, like ["有意向", "无意向"], or null for free values.'),
        ('[{"name": "a", "values": ["x", " "]}]',
         'Field 1 (“a”): values must be a list of non-empty texts, like ["有意向", "无意向"], or null for free values.'),
        ('[{"name": "a", "values": ["x", "x"]}]',
         "Field 1 (“a”): the value “x” is listed twice. List each allowed value once."),
        ('[{"name": "a", "weight": -1}]', "Field 1 (“a”): weight must be a number of 0 or more (got -1)."),
        ('[{"name": "a", "weight": "2"}]', "Field 1 (“a”): weight must be a number of 0 or more (got “2”)."),
        ('[{"name": "a", "weight": true}]', "Field 1 (“a”): weight must be a number of 0 or more (got true)."),
        ('[{"name": "a", "weight": 0}, {"name": "b", "weight": 0}]',
         "Every field has weight 0, so nothing would be scored. Give at least one field a weight above 0."),
        ('{"fields": [{"name": "a"}, {"type": "list"}]}',
         'Field 2: “name” is missing or empty. Give each field a name, e.g. "name": "姓名".'),
        ('{"fields": [{"name": "  "}]}',
         'Field 1: “name” is missing or empty. Give each field a name, e.g. "name": "姓名".'),
        ('{"fields": ["姓名"]}', 'Field 1 must be an object like {"name": "姓名", "type": "string"}, not a text.'),
        ('[{"name": "a", "vaules": ["x"]}]',
         "Field 1 (“a”): unknown key(s) “vaules”. The known keys are “name”, “type”, “values”, “description”, "
         "“score”, “weight”."),
        ('[{"name": "a", "description": 3}]', "Field 1 (“a”): description must be a text, not a number."),
        ('{"fields": [{"name": "a"}], "version": 2}',
         "The schema has unknown key(s) “version”: the known keys are “name”, “multiple”, “fields”. "
         "Remove or rename them."),
        ('{"fields": [{"name": "a"}], "multiple": "yes"}', "“multiple” must be true or false, not a text."),
        ('{"fields": [{"name": "a"}], "name": 5}', "The schema's “name” must be a text, not a number."),
        ('{"fields": {"name": "a"}}', "“fields” must be a list of field objects, not an object."),
        ('[{"name": "a"}, "b"]',
         'A bare list must hold field objects (each like {"name": "姓名", "type": "string"}) or exactly one '
         "example record. Check the list's items."),
        ('{"姓名": "", "地址": {"省": ""}}',
         'Field 2 (“地址”): nested objects are not supported. Use "" for a text or [] for a list.'),
        ('{"姓名": "", " ": ""}', "Field 2 of the example record has an empty name. Name every key."),
        ('{"意向": "有|有"}', "Field 1 (“意向”): the value “有” is listed twice. List each allowed value once."),
    ],
)
def test_load_schema_error_messages(text, message):
    with pytest.raises(InputError) as caught:
        load_schema(text)
    assert render(caught.value.args[0], "en") == message
    assert re.search(r"[\u4e00-\u9fff]", render(caught.value.args[0], "zh").replace("姓名", ""))


# --- check_answer ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (42, "the answer is a number, not a JSON object or a list of records"),
        ("有意向", "the answer is a text, not a JSON object or a list of records"),
        (None, "the answer is null, not a JSON object or a list of records"),
        ([{"姓名": "a"}, "b"], "record 2 is a text, not a JSON object with the schema's fields"),
        ([{"姓名": "a"}, ["b"]], "record 2 is a list, not a JSON object with the schema's fields"),
        ([{"customers": [{"姓名": "a"}]}], "record 1 has none of the schema's fields (it has: customers)"),
        ({}, "record 1 has none of the schema's fields (it has: no keys)"),
        ({"infos": "赵磊"}, "“infos” must be a list of records, not a text"),
        ({"infos": [3]}, "record 1 is a number, not a JSON object with the schema's fields"),
    ],
)
def test_check_answer_hard_failures(answer, reason):
    assert render(check_answer(answer, small_schema()), "en") == reason  # also the re-ask, for the model
    with pytest.raises(ValueError) as caught:
        validate_answer(answer, small_schema())
    assert render(caught.value.args[0], "en") == reason


def test_check_answer_no_record_fails_only_when_one_is_expected():
    assert check_answer([], small_schema()) is None  # multiple: nobody found is an answer
    assert check_answer({"infos": []}, small_schema()) is None
    expected = "the answer holds no record; give one JSON object with the schema's fields"
    assert render(check_answer([], small_schema(multiple=False)), "en") == expected
    assert render(check_answer({"infos": []}, small_schema(multiple=False)), "en") == expected
    assert render(check_answer([], small_schema(multiple=False)), "zh") == "回答里没有记录；请给出一个包含各字段的 JSON 对象"


def test_check_answer_accepts_the_usual_shapes():
    schema = small_schema()
    for answer in ({"姓名": "a"}, [{"姓名": "a"}], {"infos": [{"姓名": "a"}]}, {"infos": {"姓名": "a"}},
                   {"infos": [{"姓名": "a"}], "index": 3}, [{"姓名": "a", "别的": 1}]):
        assert check_answer(answer, schema) is None, answer


def test_a_schema_field_called_infos_is_not_taken_for_the_wrapper():
    schema = ExtractionSchema([SchemaField("infos", "string")])
    assert check_answer({"infos": "x"}, schema) is None
    assert validate_answer({"infos": "x"}, schema) == ([{"infos": "x"}], [])


def test_check_answer_plugs_into_the_json_validator():
    validate = json_validator(lambda v: check_answer(v, small_schema()))
    value, err = validate('```json\n[{"姓名": "赵磊", "爱好": ["跑步"], "意向": "有意向"}]\n```')
    assert err is None and value == [{"姓名": "赵磊", "爱好": ["跑步"], "意向": "有意向"}]
    assert render(validate("[1]")[1], "en") == "record 1 is a number, not a JSON object with the schema's fields"


# --- validate_answer --------------------------------------------------------------------------------


def test_validate_answer_keeps_a_clean_answer_as_is_in_schema_order():
    answer = [{"意向": "有意向", "姓名": "赵磊", "爱好": ["跑步", "游泳"]}]
    records, problems = validate_answer(answer, small_schema())
    assert records == [{"姓名": "赵磊", "爱好": ["跑步", "游泳"], "意向": "有意向"}]
    assert list(records[0]) == ["姓名", "爱好", "意向"]
    assert en(problems) == []


@pytest.mark.parametrize(
    "answer",
    [{"姓名": "赵磊", "爱好": [], "意向": ""}, {"infos": [{"姓名": "赵磊", "爱好": [], "意向": ""}]},
     {"infos": [{"姓名": "赵磊", "爱好": [], "意向": ""}], "index": 7}],
)
def test_validate_answer_accepts_a_record_or_the_infos_wrapper(answer):
    assert validate_answer(answer, small_schema()) == ([{"姓名": "赵磊", "爱好": [], "意向": ""}], [])


def test_validate_answer_empty_list_means_nobody_found():
    assert validate_answer([], small_schema()) == ([], [])


def test_validate_answer_coercions_and_their_reports():
    answer = [
        {"姓名": 123, "爱好": "跑步", "意向": None},
        {"姓名": ["赵", None, "", "磊"], "爱好": [" 跑步 ", 3, None, "", True], "意向": " 有意向 "},
        {"姓名": None, "爱好": None, "意向": True},
        {"姓名": "  ", "爱好": "", "意向": {"a": 1}},
        {"姓名": "x", "爱好": 5, "意向": []},
    ]
    records, problems = validate_answer(answer, small_schema())
    assert records == [
        {"姓名": "123", "爱好": ["跑步"], "意向": ""},
        {"姓名": "赵、磊", "爱好": ["跑步", "3", "true"], "意向": "有意向"},
        {"姓名": "", "爱好": [], "意向": "true"},
        {"姓名": "", "爱好": [], "意向": '{"a": 1}'},
        {"姓名": "x", "爱好": ["5"], "意向": ""},
    ]
    assert en(problems) == [
        "record 1: “姓名” should be a text; a number was turned into text",
        "record 1: “爱好” should be a list; a string was turned into a one-item list",
        "record 2: “姓名” should be a text; a list was joined with “、”",
        "record 2: “爱好”: the item 3 (a number) was turned into text",
        "record 2: “爱好”: the item true (true/false) was turned into text",
        "record 3: “意向” should be a text; true/false was turned into text",
        "record 3: “意向” is “true” — allowed: 有意向, 无意向",
        "record 4: “意向” should be a text; an object was turned into text",
        "record 4: “意向” is “{\"a\": 1}” — allowed: 有意向, 无意向",
        "record 5: “爱好” should be a list; a number was turned into a one-item list",
        "record 5: “意向” should be a text; a list was joined with “、”",
    ]


def test_validate_answer_reports_values_outside_the_fixed_set_and_keeps_them():
    schema = ExtractionSchema([SchemaField("意向", "string", values=["有意向", "无意向"]),
                               SchemaField("类型", "list", values=["报价", "售后"])])
    records, problems = validate_answer({"意向": "可能", "类型": ["报价", "物流"]}, schema)
    assert records == [{"意向": "可能", "类型": ["报价", "物流"]}]
    assert en(problems) == [
        "record 1: “意向” is “可能” — allowed: 有意向, 无意向",
        "record 1: “类型” has the item “物流” — allowed: 报价, 售后",
    ]


def test_validate_answer_unknown_missing_and_look_alike_keys():
    answer = [{"姓名": "a", "爱好": [], "意向": ""}, {"Ｘ": 1, " 姓名 ": "b", "备注": "vip", "意向": "无意向"}]
    schema = ExtractionSchema([*small_schema().fields, SchemaField("x", "string")])
    records, problems = validate_answer(answer, schema)
    assert records == [{"姓名": "a", "爱好": [], "意向": "", "x": ""},
                       {"姓名": "b", "爱好": [], "意向": "无意向", "x": "1"}]
    assert en(problems) == [
        "record 1: missing “x” added empty",
        "record 2: key “Ｘ” read as “x”",
        "record 2: key “ 姓名 ” read as “姓名”",
        "record 2: unknown key “备注” dropped",
        "record 2: missing “爱好” added empty",
        "record 2: “x” should be a text; a number was turned into text",
    ]


def test_validate_answer_repeated_key_keeps_the_first():
    records, problems = validate_answer({"姓名": "a", "姓名 ": "b", "爱好": [], "意向": ""}, small_schema())
    assert records == [{"姓名": "a", "爱好": [], "意向": ""}]
    assert en(problems) == ["record 1: “姓名 ” repeats “姓名”; the second one was dropped"]


def test_validate_answer_single_record_schema_keeps_the_first_of_several():
    records, problems = validate_answer([{"姓名": "a"}, {"姓名": "b"}], small_schema(multiple=False))
    assert records == [{"姓名": "a", "爱好": [], "意向": ""}]
    assert en(problems) == [
        "2 records given where one was expected; kept the first",
        "record 1: missing “爱好” added empty",
        "record 1: missing “意向” added empty",
    ]


def test_validate_answer_on_the_builtin_schema():
    answer = {"infos": [{**BUILTIN_SCHEMA.empty_record(), "咨询类型": "报价", "客户是否有意向": "可能"}]}
    del answer["infos"][0]["基本信息-邮箱"]
    records, problems = validate_answer(answer, BUILTIN_SCHEMA)
    assert list(records[0]) == BUILTIN_KEYS
    assert records[0]["咨询类型"] == ["报价"] and records[0]["基本信息-邮箱"] == ""
    assert en(problems) == [
        "record 1: missing “基本信息-邮箱” added empty",
        "record 1: “咨询类型” should be a list; a string was turned into a one-item list",
        "record 1: “客户是否有意向” is “可能” — allowed: 有意向, 无意向",
    ]
