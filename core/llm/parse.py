"""Tolerant parsing of structured (JSON) answers, and small shape validators.

Models wrap JSON in code fences, put prose around it, think aloud in ``<think>`` blocks, leave
trailing commas or cut a string short. :func:`parse_json` copes with all of that (strict
``json.loads`` first, ``json_repair`` after) and then checks the shape with a callable from
the flow. Every function returns ``(value, error)``: ``error`` is None on success, otherwise a
short message (core.messages; a flow's own check may still return plain text) that is fed back
to the model in English in a re-ask and shown on failed items in the reader's language.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import json_repair

from core.messages import Message, say
from core.text.reasoning import split_reasoning

Check = Callable[[Any], str | Message | None]  # value -> error message or None
Validator = Callable[[str], tuple[Any, str | Message | None]]  # raw answer -> (value, error)

_FENCE = re.compile(r"```[ \t]*(?:json5?|JSON|javascript|js)?[ \t]*\r?\n?(.*?)```", re.S)


def extract_json_text(text: str) -> str | None:
    """The part of `text` that holds the JSON value, or None if there is none."""
    if not text:
        return None
    text = split_reasoning(text)[0].strip()  # the reasoning is not the answer (core/text/reasoning.py)
    m = _FENCE.search(text)
    if m and m.group(1).strip():
        text = m.group(1).strip()
    elif text.startswith("```"):  # an unclosed fence (the answer was cut off)
        text = text.split("\n", 1)[1] if "\n" in text else ""
    starts = [i for i in (text.find("{"), text.find("[")) if i >= 0]
    if not starts:
        return None
    start = min(starts)
    closer = "}" if text[start] == "{" else "]"
    end = text.rfind(closer)
    return text[start:end + 1] if end > start else text[start:]  # unclosed: json_repair may mend it


def parse_json(text: str, check: Check | None = None) -> tuple[Any, str | Message | None]:
    """(value, None) or (None, reason). `check` validates the shape of the parsed value."""
    candidate = extract_json_text(text or "")
    if candidate is None:
        return None, say("llm.json.none")
    try:
        value = json.loads(candidate)
    except ValueError:
        try:
            value = json_repair.repair_json(candidate, return_objects=True, skip_json_loads=True)
        except Exception as e:  # json_repair gives up on some inputs with an exception
            return None, say("llm.json.unreadable_kind", kind=type(e).__name__)
        opener_ok = isinstance(value, dict) if candidate[0] == "{" else isinstance(value, list)
        if not opener_ok:  # json_repair turned garbage into something else
            return None, say("llm.json.unreadable")
    if check is not None:
        try:
            err = check(value)
        except Exception as e:
            err = say("llm.json.wrong_shape", detail=str(e))
        if err:
            return None, err
    return value, None


def json_validator(check: Check | None = None) -> Validator:
    """A runner `validate` callable: tolerant JSON parsing plus an optional shape check."""

    def validate(text: str) -> tuple[Any, str | Message | None]:
        return parse_json(text, check)

    return validate


# ---- shape checks ------------------------------------------------------------------------------
_TYPE_CODES = {str: "llm.type.str", int: "llm.type.int", float: "llm.type.float", bool: "llm.type.bool",
               dict: "llm.type.dict", list: "llm.type.list"}


def _type_name(t: type) -> Message:
    code = _TYPE_CODES.get(t)
    return say(code) if code else say("llm.type.other", name=t.__name__)


def check_shape(value: Any, spec: Any, path: str = "answer") -> Message | None:
    """Check `value` against a tiny schema; returns the first problem found, or None.

    `spec` is a type (``str``, ``int``, ``float``, ``bool``, ``dict``, ``list``), a tuple of
    types (any of them), a one-element list ``[spec]`` (a non-empty array of such values), or a
    dict ``{"key": spec}`` (an object with at least those keys; a key ending in ``?`` is
    optional). Example: ``{"questions": [str]}`` or ``{"q": str, "a": str, "tags?": [str]}``.
    """
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            return say("llm.shape.object", path=path)
        for key, sub in spec.items():
            optional = key.endswith("?")
            name = key[:-1] if optional else key
            if name not in value:
                if optional:
                    continue
                return say("llm.shape.missing", path=path, field=name)
            err = check_shape(value[name], sub, f"{path}.{name}")
            if err:
                return err
        return None
    if isinstance(spec, list):
        if not isinstance(value, list):
            return say("llm.shape.array", path=path)
        if not value:
            return say("llm.shape.empty", path=path)
        if spec:
            for i, item in enumerate(value):
                err = check_shape(item, spec[0], f"{path}[{i}]")
                if err:
                    return err
        return None
    types = spec if isinstance(spec, tuple) else (spec,)
    if float in types and int not in types:
        types = (*types, int)
    if isinstance(value, bool) and bool not in types:
        ok = False
    else:
        ok = isinstance(value, types)
    if not ok:
        names = [_type_name(t) for t in types if not (t is int and float in types)]
        want = names[0]
        for more in names[1:]:
            want = say("llm.type.either", a=want, b=more)
        return say("llm.shape.type", path=path, want=want)
    if isinstance(value, str) and not value.strip() and str in types:
        return say("llm.shape.empty", path=path)
    return None


def shape_validator(spec: Any) -> Validator:
    """json_validator(check_shape against `spec`)."""
    return json_validator(lambda v: check_shape(v, spec))
