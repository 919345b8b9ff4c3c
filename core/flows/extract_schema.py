"""A user-editable schema for structured extraction, and checks of model answers against it.

A schema is a list of fields. Each field holds one text (``"string"``) or a list of texts
(``"list"``), may restrict its values to a fixed set, and says how it is scored against labels
(``"exact"``, ``"set"`` or ``"similarity"``, see :mod:`core.flows.scoring`) and with what weight.
With ``multiple=True`` (the default) an answer is a list of records — one per customer found —
and an empty list is a valid answer ("nobody found"); with ``multiple=False`` it is one record.

The JSON form (:meth:`ExtractionSchema.to_json`, read back by :func:`load_schema`)::

    {"name": "…", "multiple": true,
     "fields": [{"name": "客户是否有意向", "type": "string", "values": ["有意向", "无意向"],
                 "description": "…", "score": "exact", "weight": 1.0}, …]}

:func:`load_schema` also takes a bare list of field objects, and an example record such as
``{"姓名": "", "爱好": [], "意向": "有意向|无意向"}`` (``[]`` makes a list field, anything else a
text field; ``"A|B"`` gives the allowed values; other text becomes the description). Example
records are what :meth:`ExtractionSchema.prompt_example` prints, so that output loads back.

Model answers: :func:`check_answer` finds the failures that make an answer unusable (the
flow fails the item with that reason, and re-asks, rather than inventing an empty record);
:func:`validate_answer` turns a usable answer into records with exactly the schema's keys,
coercing what it safely can and reporting every change in plain English.
"""

from __future__ import annotations

import hashlib
import json
import math
import unicodedata
from dataclasses import dataclass
from typing import Any

from core.errors import InputError
from core.messages import Message, say
from core.sources.chats.wording import json_kind as _kind

TYPES = ("string", "list")
SCORE_METHODS = ("exact", "set", "similarity")
LIST_JOINER = "、"  # a list given for a text field is joined with the Chinese enumeration comma
VALUE_SEPARATOR = "|"  # "有意向|无意向" in an example record: the allowed values
FIELD_KEYS = ("name", "type", "values", "description", "score", "weight")
SCHEMA_KEYS = ("name", "multiple", "fields")
WRAPPER_KEY = "infos"  # the competition wraps a chat's records as {"infos": [...]}


@dataclass
class SchemaField:
    name: str
    type: str  # "string" | "list"
    values: list[str] | None = None  # allowed values, if fixed
    description: str = ""
    score: str = "exact"  # "exact" | "set" | "similarity"
    weight: float = 1.0

    def empty(self) -> str | list[str]:
        return [] if self.type == "list" else ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "values": list(self.values) if self.values else None,
            "description": self.description,
            "score": self.score,
            "weight": self.weight,
        }


@dataclass
class ExtractionSchema:
    fields: list[SchemaField]
    multiple: bool = True  # the answer is a list of records (one per customer)
    name: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "multiple": self.multiple, "fields": [f.to_dict() for f in self.fields]}

    def to_json(self) -> str:
        """The editable JSON form: pretty, keys in a fixed order, Chinese kept readable."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    def digest(self) -> str:
        """A short stable hash of what changes the model's answers: jobs are found again by it.

        Scoring settings (score method, weight) and the schema's display name are left out on
        purpose, so re-weighting a field does not make finished extraction jobs look new (and
        paid for again)."""
        shape = {
            "multiple": self.multiple,
            "fields": [[f.name, f.type, f.values or [], f.description] for f in self.fields],
        }
        raw = json.dumps(shape, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]

    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def empty_record(self) -> dict[str, str | list[str]]:
        return {f.name: f.empty() for f in self.fields}

    def prompt_example(self) -> str:
        """The answer's shape, for the prompt: ``""`` for a text, ``[]`` for a list and, for
        fixed values, the choices joined by ``|`` (``"有意向|无意向"``; ``["A|B"]`` for a list
        whose items must be among A, B). A list of one record when ``multiple`` is set."""
        record = {f.name: _example_value(f) for f in self.fields}
        shape: Any = [record] if self.multiple else record
        return json.dumps(shape, ensure_ascii=False, indent=2)

    def field_guide(self, lang: str = "zh") -> str:
        """One line per field with its kind, description and allowed values, for the prompt."""
        zh = lang.startswith("zh")
        kinds = {"string": "文本", "list": "列表"} if zh else {"string": "text", "list": "list"}
        lines = []
        for f in self.fields:
            line = f"- {f.name}（{kinds[f.type]}）" if zh else f"- {f.name} ({kinds[f.type]})"
            if f.description:
                line += f"：{f.description}" if zh else f": {f.description}"
            if f.values:
                line += f"；可选值：{'、'.join(f.values)}" if zh else f"; one of: {', '.join(f.values)}"
            lines.append(line)
        return "\n".join(lines)


def _example_value(f: SchemaField) -> str | list[str]:
    hint = VALUE_SEPARATOR.join(f.values) if f.values else ""
    if f.type == "list":
        return [hint] if hint else []
    return hint


def example_record(schema: ExtractionSchema) -> dict[str, str | list[str]]:
    """The record the prompt shows (empty fields, choices as "A|B"): an answer that gives it back
    unfilled is an echo of the form, not an extraction (core/text/echo.py)."""
    return {f.name: _example_value(f) for f in schema.fields}


# ---------------------------------------------------------------------------------------------
# The built-in schema: the 2024 iFlytek group-chat customer record (21 fields)
# ---------------------------------------------------------------------------------------------


def _builtin_fields() -> list[SchemaField]:
    # The task's official per-field weights are not public here, so every field weighs 1.0;
    # users can edit the weights (and anything else) in their own copy of the schema.
    def text(name: str, description: str, score: str = "exact", values: list[str] | None = None) -> SchemaField:
        return SchemaField(name, "string", values, description, score)

    def many(name: str, description: str) -> SchemaField:
        return SchemaField(name, "list", None, description, "set")

    return [
        text("基本信息-姓名", "客户姓名（不带群昵称后的数字）"),
        text("基本信息-手机号码", "客户手机号码"),
        text("基本信息-邮箱", "客户邮箱"),
        text("基本信息-地区", "客户所在地区，如省市"),
        text("基本信息-详细地址", "客户的详细地址", "similarity"),
        text("基本信息-性别", "客户性别"),
        text("基本信息-年龄", "客户年龄"),
        text("基本信息-生日", "客户生日"),
        many("咨询类型", "客户咨询的类型，如报价、售后"),
        many("意向产品", "客户感兴趣的产品"),
        many("购买异议点", "客户对购买的顾虑或异议"),
        text("客户预算-预算是否充足", "客户预算是否充足", values=["充足", "不充足"]),
        text("客户预算-总体预算金额", "客户的总体预算金额"),
        text("客户预算-预算明细", "预算的具体构成", "similarity"),
        text("竞品信息", "客户提到的竞争对手产品或品牌", "similarity"),
        text("客户是否有意向", "客户是否有购买意向", values=["有意向", "无意向"]),
        text("客户是否有卡点", "客户的购买是否遇到阻碍", values=["有卡点", "无卡点"]),
        text("客户购买阶段", "客户所处的购买阶段，如方案交流"),
        many("下一步跟进计划-参与人", "下一步跟进的参与人（群里的名字）"),
        text("下一步跟进计划-时间点", "下一步跟进的时间"),
        text("下一步跟进计划-具体事项", "下一步跟进要做的事", "similarity"),
    ]


BUILTIN_SCHEMA = ExtractionSchema(_builtin_fields(), multiple=True, name="群聊客户信息（比赛 21 字段）")


def builtin_schema() -> ExtractionSchema:
    """A fresh copy of :data:`BUILTIN_SCHEMA`, safe to edit."""
    return ExtractionSchema(_builtin_fields(), multiple=True, name=BUILTIN_SCHEMA.name)


# ---------------------------------------------------------------------------------------------
# Loading a schema
# ---------------------------------------------------------------------------------------------


def load_schema(text: str) -> ExtractionSchema:
    """Read a schema from its JSON form, a bare list of fields, or an example record.

    Raises InputError naming the problem (JSON line/column, field number and name) and the fix."""
    if not text.strip():
        raise InputError(say("chats.schema.empty"))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(say("chats.schema.bad_json", line=e.lineno, column=e.colno, error=e.msg)) from None
    if isinstance(data, dict) and "fields" in data:
        schema = _schema_from_object(data)
    elif isinstance(data, list):
        schema = _schema_from_list(data)
    elif isinstance(data, dict):
        schema = ExtractionSchema(_fields_from_example(data))
    else:
        raise InputError(say("chats.schema.not_object", kind=_kind(data)))
    _check_schema(schema)
    return schema


def _schema_from_object(data: dict[str, Any]) -> ExtractionSchema:
    unknown = [k for k in data if k not in SCHEMA_KEYS]
    if unknown:
        raise InputError(say("chats.schema.unknown_keys", unknown=_quoted(unknown), known=_quoted(SCHEMA_KEYS)))
    multiple = data.get("multiple", True)
    if not isinstance(multiple, bool):
        raise InputError(say("chats.schema.multiple_not_bool", kind=_kind(multiple)))
    name = data.get("name") or ""
    if not isinstance(name, str):
        raise InputError(say("chats.schema.name_not_text", kind=_kind(name)))
    fields = data["fields"]
    if not isinstance(fields, list):
        raise InputError(say("chats.schema.fields_not_list", kind=_kind(fields)))
    return ExtractionSchema(_fields_from_list(fields), multiple, name)


def _schema_from_list(data: list[Any]) -> ExtractionSchema:
    # A bare list: field objects (each has "name"), or one example record (prompt_example's
    # output for a multiple-record schema).
    if data and all(isinstance(item, dict) and "name" in item for item in data):
        return ExtractionSchema(_fields_from_list(data))
    if len(data) == 1 and isinstance(data[0], dict):
        return ExtractionSchema(_fields_from_example(data[0]), multiple=True)
    if not data:
        return ExtractionSchema([])
    raise InputError(say("chats.schema.bare_list"))


def _fields_from_list(items: list[Any]) -> list[SchemaField]:
    return [_field_from_object(i, item) for i, item in enumerate(items, 1)]


def _field_from_object(i: int, item: Any) -> SchemaField:
    if not isinstance(item, dict):
        raise InputError(say("chats.schema.field_not_object", i=i, kind=_kind(item)))
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise InputError(say("chats.schema.field_no_name", i=i))
    where = say("chats.schema.field", i=i, name=name)
    unknown = [k for k in item if k not in FIELD_KEYS]
    if unknown:
        raise InputError(say("chats.schema.field_unknown_keys", where=where, unknown=_quoted(unknown),
                             known=_quoted(FIELD_KEYS)))
    ftype = item.get("type", "string")
    if ftype not in TYPES:
        raise InputError(say("chats.schema.field_type", where=where, got=_show(ftype)))
    score = item.get("score", "set" if ftype == "list" else "exact")
    if score not in SCORE_METHODS:
        raise InputError(say("chats.schema.field_score", where=where, got=_show(score)))
    description = item.get("description") or ""
    if not isinstance(description, str):
        raise InputError(say("chats.schema.field_description", where=where, kind=_kind(description)))
    values = _field_values(where, item.get("values"))
    weight = _field_weight(where, item.get("weight", 1.0))
    return SchemaField(name.strip(), ftype, values, description, score, weight)


def _field_values(where: Message, values: Any) -> list[str] | None:
    if values is None or values == []:
        return None  # no fixed values
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise InputError(say("chats.schema.field_values", where=where))
    cleaned = [v.strip() for v in values]
    dup = _first_duplicate(cleaned)
    if dup is not None:
        raise InputError(say("chats.schema.value_twice", where=where, value=dup))
    return cleaned


def _field_weight(where: Message, weight: Any) -> float:
    if isinstance(weight, bool) or not isinstance(weight, int | float) or not math.isfinite(weight) or weight < 0:
        raise InputError(say("chats.schema.field_weight", where=where, got=_show(weight)))
    return float(weight)


def _fields_from_example(record: dict[str, Any]) -> list[SchemaField]:
    fields = []
    for i, (name, value) in enumerate(record.items(), 1):
        if not name.strip():
            raise InputError(say("chats.schema.example_no_name", i=i))
        if isinstance(value, dict):
            raise InputError(say("chats.schema.example_nested", i=i, name=name))
        ftype = "list" if isinstance(value, list) else "string"
        hint = _example_hint(value)
        values = None
        description = ""
        if VALUE_SEPARATOR in hint:
            values = _field_values(say("chats.schema.field", i=i, name=name),
                                   [v for v in hint.split(VALUE_SEPARATOR) if v.strip()])
        else:
            description = hint
        score = "set" if ftype == "list" else "exact"
        fields.append(SchemaField(name.strip(), ftype, values, description, score))
    return fields


def _example_hint(value: Any) -> str:
    if isinstance(value, list):
        return "".join(str(v) for v in value if v is not None).strip()
    return "" if value is None else str(value).strip()


def _check_schema(schema: ExtractionSchema) -> None:
    if not schema.fields:
        raise InputError(say("chats.schema.no_fields"))
    dup = _first_duplicate([f.name for f in schema.fields])
    if dup is not None:
        nums = [str(i) for i, f in enumerate(schema.fields, 1) if f.name == dup]
        raise InputError(say("chats.schema.name_twice", name=dup, fields=", ".join(nums)))
    if sum(f.weight for f in schema.fields) <= 0:
        raise InputError(say("chats.schema.all_weights_zero"))


def _first_duplicate(items: list[str]) -> str | None:
    seen: set[str] = set()
    for item in items:
        if item in seen:
            return item
        seen.add(item)
    return None


def _show(value: Any) -> str:
    return f"“{value}”" if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _quoted(names: Any) -> str:
    return ", ".join(f"“{n}”" for n in names)


# ---------------------------------------------------------------------------------------------
# Checking and normalising model answers
# ---------------------------------------------------------------------------------------------


def check_answer(value: Any, schema: ExtractionSchema) -> Message | None:
    """The failure that makes an answer unusable, as a short message (fed back to the model in
    English in a re-ask — keep its English wording: it is part of the cache key), or None. Fits :func:`core.llm.parse.json_validator` as its check.

    Unusable: not an object, a list or ``{"infos": [...]}``; a record that is not an object;
    a record with none of the schema's keys (keeping it would invent an empty record); no
    record at all when the schema expects exactly one. An empty list is fine when
    ``schema.multiple`` is set: the model found nobody."""
    records, err = _records_of(value, schema)
    if err:
        return err
    if not records and not schema.multiple:
        return say("chats.answer.no_record")
    keys = _key_index(schema)
    for i, rec in enumerate(records, 1):
        if not isinstance(rec, dict):
            return say("chats.answer.record_not_object", i=i, kind=_kind(rec))
        if not any(_schema_key(k, keys) for k in rec):
            got = ", ".join(list(rec)[:5]) or say("chats.answer.no_keys")
            return say("chats.answer.record_no_field", i=i, got=got)
    return None


def validate_answer(value: Any, schema: ExtractionSchema) -> tuple[list[dict], list[Message]]:
    """Records with every schema key, in schema order, and the problems found (core.messages).

    Coercions (all reported, except null and "" meaning "unknown"): null → empty; a number or
    true/false → its text for a text field; a text → a one-item list for a list field; a list →
    joined with "、" for a text field. Values outside a field's fixed set are kept and
    reported; unknown keys are dropped and reported; missing keys are added empty and
    reported. Raises ValueError with :func:`check_answer`'s reason if the answer is unusable."""
    err = check_answer(value, schema)
    if err:
        raise ValueError(err)
    records, _ = _records_of(value, schema)
    problems: list[Message] = []
    if not schema.multiple and len(records) > 1:
        problems.append(say("chats.answer.too_many", n=len(records)))
        records = records[:1]
    keys = _key_index(schema)
    return [_normalise_record(i, rec, schema, keys, problems) for i, rec in enumerate(records, 1)], problems


def _records_of(value: Any, schema: ExtractionSchema) -> tuple[list[Any], Message | None]:
    if _is_wrapper(value, schema):
        value = value[WRAPPER_KEY]
        if isinstance(value, dict):
            return [value], None
        if not isinstance(value, list):
            return [], say("chats.answer.wrapper_not_list", key=WRAPPER_KEY, kind=_kind(value))
        return value, None
    if isinstance(value, dict):
        return [value], None
    if isinstance(value, list):
        return value, None
    return [], say("chats.answer.not_records", kind=_kind(value))


def _is_wrapper(value: Any, schema: ExtractionSchema) -> bool:
    # {"infos": [...]} (or a submission row {"infos": [...], "index": N}) wraps the records,
    # unless the schema itself declares a field called "infos".
    return (
        isinstance(value, dict)
        and WRAPPER_KEY in value
        and set(value) <= {WRAPPER_KEY, "index"}
        and WRAPPER_KEY not in schema.field_names()
    )


def _key_index(schema: ExtractionSchema) -> dict[str, str]:
    # Models write 基本信息－姓名 or " 姓名": keys are matched after NFKC and trimming too.
    index = {_fold(f.name): f.name for f in schema.fields}
    index.update({f.name: f.name for f in schema.fields})
    return index


def _fold(key: str) -> str:
    return unicodedata.normalize("NFKC", key).strip().casefold()


def _schema_key(key: Any, keys: dict[str, str]) -> str | None:
    if not isinstance(key, str):
        return None
    return keys.get(key) or keys.get(_fold(key))


def _normalise_record(
    i: int, rec: dict[str, Any], schema: ExtractionSchema, keys: dict[str, str], problems: list[Message]
) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in rec.items():
        name = _schema_key(key, keys)
        if name is None:
            problems.append(say("chats.answer.unknown_key", i=i, key=key))
        elif name in found:
            problems.append(say("chats.answer.repeated_key", i=i, key=key, name=name))
        else:
            if key != name:
                problems.append(say("chats.answer.key_read_as", i=i, key=key, name=name))
            found[name] = value
    out: dict[str, Any] = {}
    for f in schema.fields:
        if f.name not in found:
            problems.append(say("chats.answer.missing_key", i=i, name=f.name))
            out[f.name] = f.empty()
            continue
        where = say("chats.answer.where", i=i, name=f.name)
        if f.type == "list":
            out[f.name] = _as_list(found[f.name], where, problems)
        else:
            out[f.name] = _as_text(found[f.name], where, problems)
        _check_values(f, out[f.name], where, problems)
    return out


def _as_text(value: Any, where: Message, problems: list[Message]) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        problems.append(say("chats.answer.list_joined", where=where, joiner=LIST_JOINER))
        texts = (_item_text(v) for v in value if v is not None)
        return LIST_JOINER.join(t for t in texts if t)
    problems.append(say("chats.answer.made_text", where=where, kind=_kind(value)))
    return _item_text(value)


def _as_list(value: Any, where: Message, problems: list[Message]) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        if not value.strip():
            return []
        problems.append(say("chats.answer.string_to_list", where=where))
        return [value.strip()]
    if not isinstance(value, list):
        problems.append(say("chats.answer.value_to_list", where=where, kind=_kind(value)))
        return [_item_text(value)]
    items = []
    for v in value:
        if v is None:
            continue  # a null item means nothing
        if not isinstance(v, str):
            problems.append(say("chats.answer.item_to_text", where=where, item=_item_text(v), kind=_kind(v)))
        text = _item_text(v)
        if text:
            items.append(text)
    return items


def _item_text(value: Any) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool) or not isinstance(value, int | float):
        return json.dumps(value, ensure_ascii=False)  # true/false, nested lists and objects
    return str(value)


def _check_values(f: SchemaField, value: str | list[str], where: Message, problems: list[Message]) -> None:
    if not f.values:
        return
    allowed = ", ".join(f.values)
    if isinstance(value, list):
        for v in value:
            if v not in f.values:
                problems.append(say("chats.answer.item_not_allowed", where=where, value=v, allowed=allowed))
    elif value and value not in f.values:
        problems.append(say("chats.answer.value_not_allowed", where=where, value=value, allowed=allowed))


# ---- model answers ------------------------------------------------------------------------------
def _empty_answer(value: Any) -> bool:
    return value == [] or (isinstance(value, dict) and value.get(WRAPPER_KEY) == [])


def answer_validator(schema: ExtractionSchema):
    """The runner's validator for extraction answers: :func:`check_answer` on the parsed JSON, and
    an answer with no record counts only when it is plainly ``[]`` (or ``{"infos": []}``). A
    tolerant parser turns a cut-off ``[{"姓名": …`` or a placeholder ``[...]`` into ``[]`` too;
    taking that for "nobody found" would hide a broken answer behind an empty record."""
    from core.llm.parse import extract_json_text, json_validator

    parse = json_validator(lambda v: check_answer(v, schema))

    def validate(text: str) -> tuple[Any, str | None]:
        value, error = parse(text)
        if error is not None:
            return value, error
        candidate = (extract_json_text(text) or "").rstrip()
        try:
            plain = json.loads(candidate)
        except ValueError:
            plain = None
            if not candidate.endswith(("]", "}")):
                return None, say("chats.answer.cut_off")
        if _empty_answer(value):
            if not _empty_answer(plain):
                return None, say("chats.answer.empty_not_plain")
        return value, error

    return validate
