"""How each format spells one example, and what LLaMA-Factory's dataset_info.json says about it.

Rows are written as JSON text directly (strings escaped by the json module's own C escaper, with
non-ASCII kept): building a dict per turn and calling json.dumps per row costs more than reading
the samples, and 200k samples must export in a few seconds. Every row of a format has the same
keys in the same order, so `datasets` infers one schema. tests/test_export.py checks each
format against json.loads, `datasets` and the shapes in shared/formats/exports.md.
"""

from __future__ import annotations

from collections.abc import Callable
from json.encoder import encode_basestring as _q  # '"…"' with quotes, non-ASCII kept as is
from typing import Any

from core.model import Turn
from core.text.reasoning import REASONING_FIELD

FORMATS = ("alpaca", "sharegpt", "openai", "xtuner", "aquila", "csv")
FORMAT_LABELS = {
    "alpaca": "Alpaca",
    "sharegpt": "ShareGPT",
    "openai": "OpenAI messages",
    "xtuner": "XTuner",
    "aquila": "Aquila",
    "csv": "CSV",
}
# Formats with a pre-training spelling; the others only hold conversations.
PRETRAIN_FORMATS = ("alpaca", "xtuner")
# Formats whose turns carry the speaker's name: they need no user/assistant order (validate.py
# repair_named), so no dialogue is ever skipped there for its roles.
NAMED_SPEAKER_FORMATS = ("aquila",)
# Formats LLaMA-Factory reads, so a dataset_info.json entry can describe them.
LLAMA_FACTORY_FORMATS = ("alpaca", "sharegpt", "openai", "csv")

# A conversation row: (sample id, system prompt or "", turns[, reasoning]) -> JSON text of one row.
# The turns alternate user/assistant, start with the user and end with the assistant (see
# validate.py). `reasoning` is given only for an export with the reasoning in its own field
# (ExportOptions.reasoning == "field"): then every row has the field (REASONING_FIELD, "" when the
# sample kept none), so `datasets` infers one schema; rows of other exports are unchanged.
ConvRow = Callable[..., str]
TextRow = Callable[[int, str], str]
_SHAREGPT_FROM = {"user": "human", "assistant": "gpt"}


def _field(reasoning: str | None) -> str:
    """`,"reasoning_content":"…"` for a field export, nothing otherwise."""
    return "" if reasoning is None else f',"{REASONING_FIELD}":{_q(reasoning)}'


def _alpaca(sid: int, system: str, turns: list[Turn], reasoning: str | None = None) -> str:
    history = ",".join(
        [f"[{_q(turns[i].text)},{_q(turns[i + 1].text)}]" for i in range(0, len(turns) - 2, 2)]
    )
    # (the field stands before "history": has_history reads the row's end)
    return (
        f'{{"instruction":{_q(turns[-2].text)},"input":"","output":{_q(turns[-1].text)}{_field(reasoning)},'
        f'"system":{_q(system)},"history":[{history}]}}'
    )


def alpaca_split_row(system: str, instruction: str, input: str, output: str, reasoning: str | None = None) -> str:
    """An alpaca row whose user turn is an instruction followed by its input (extraction samples
    keep the instruction in ``meta["instruction"]``): written as separate columns."""
    return (f'{{"instruction":{_q(instruction)},"input":{_q(input)},"output":{_q(output)}{_field(reasoning)},'
            f'"system":{_q(system)},"history":[]}}')


def _alpaca_text(sid: int, text: str) -> str:
    return f'{{"text":{_q(text)}}}'


def _answer_fields(turns: list[Turn], reasoning: str | None) -> list[str]:
    """Per turn, what follows its text in a per-message format: the reasoning field on each
    assistant turn of a field export (the thought on the last, "" on earlier ones: the sample
    keeps the thought behind its final answer only), nothing otherwise."""
    if reasoning is None:
        return [""] * len(turns)
    last = max((i for i, t in enumerate(turns) if t.role == "assistant"), default=-1)
    return [_field(reasoning if i == last else "") if t.role == "assistant" else "" for i, t in enumerate(turns)]


def _sharegpt(sid: int, system: str, turns: list[Turn], reasoning: str | None = None) -> str:
    if reasoning is None:
        conv = ",".join([f'{{"from":"{_SHAREGPT_FROM[t.role]}","value":{_q(t.text)}}}' for t in turns])
    else:
        conv = ",".join([f'{{"from":"{_SHAREGPT_FROM[t.role]}","value":{_q(t.text)}{extra}}}'
                         for t, extra in zip(turns, _answer_fields(turns, reasoning), strict=True)])
    return f'{{"conversations":[{conv}],"system":{_q(system)}}}'


def _openai(sid: int, system: str, turns: list[Turn], reasoning: str | None = None) -> str:
    if reasoning is None:
        msgs = ",".join([f'{{"role":"{t.role}","content":{_q(t.text)}}}' for t in turns])
    else:
        msgs = ",".join([f'{{"role":"{t.role}","content":{_q(t.text)}{extra}}}'
                         for t, extra in zip(turns, _answer_fields(turns, reasoning), strict=True)])
    if system:
        msgs = f'{{"role":"system","content":{_q(system)}}},{msgs}'
    return f'{{"messages":[{msgs}]}}'


def _xtuner(sid: int, system: str, turns: list[Turn], reasoning: str | None = None) -> str:
    # XTuner's legacy format: one item per user/assistant pair, the system prompt only on the first.
    extra = _answer_fields(turns, reasoning)
    items = [f'{{"system":{_q(system)},"input":{_q(turns[0].text)},"output":{_q(turns[1].text)}{extra[1]}}}']
    items += [
        f'{{"input":{_q(turns[i].text)},"output":{_q(turns[i + 1].text)}{extra[i + 1]}}}'
        for i in range(2, len(turns), 2)
    ]
    return f'{{"conversation":[{",".join(items)}]}}'


def _xtuner_text(sid: int, text: str) -> str:
    return f'{{"conversation":[{{"system":"","input":"","output":{_q(text)}}}]}}'


def _aquila(sid: int, system: str, turns: list[Turn], reasoning: str | None = None) -> str:
    # (named speakers: the reasoning is a field of the row, beside the system prompt)
    conv = ",".join(
        [f'{{"from":{_q(t.name or _SHAREGPT_FROM[t.role])},"value":{_q(t.text)}}}' for t in turns]
    )
    return f'{{"id":{int(sid)},"system":{_q(system)}{_field(reasoning)},"conversations":[{conv}]}}'


CONVERSATION_ROWS: dict[str, ConvRow] = {
    "alpaca": _alpaca,
    "sharegpt": _sharegpt,
    "openai": _openai,
    "xtuner": _xtuner,
    "aquila": _aquila,
}
TEXT_ROWS: dict[str, TextRow] = {"alpaca": _alpaca_text, "xtuner": _xtuner_text}

CSV_HEADER = ("input", "target")
CSV_REASONING_HEADER = (*CSV_HEADER, REASONING_FIELD)  # a field export: the reasoning in a third column


def csv_row(system: str, turns: list[Turn]) -> tuple[str, str]:
    """(input, target): the system prompt, the earlier turns as "用户：…"/"助手：…" lines and the
    last question make the input; the last answer is the target."""
    if len(turns) == 2 and not system:
        return turns[0].text, turns[1].text
    lines = [system] if system else []
    for i in range(0, len(turns) - 2, 2):
        lines.append("用户：" + turns[i].text)
        lines.append("助手：" + turns[i + 1].text)
    lines.append(turns[-2].text)
    return "\n".join(lines), turns[-1].text


def has_history(row: str) -> bool:
    """Whether an alpaca conversation row (as written by _alpaca) has a non-empty history."""
    return not row.endswith('"history":[]}')


# ---- LLaMA-Factory dataset_info.json ------------------------------------------------------------
_SHAREGPT_TAGS = {
    "role_tag": "from",
    "content_tag": "value",
    "user_tag": "human",
    "assistant_tag": "gpt",
    "system_tag": "system",
}
_OPENAI_TAGS = {
    "role_tag": "role",
    "content_tag": "content",
    "user_tag": "user",
    "assistant_tag": "assistant",
    "system_tag": "system",
}


def dataset_info_entry(fmt: str, file_name: str, pretrain: bool) -> dict[str, Any] | None:
    """The entry describing one exported file, or None if LLaMA-Factory does not read the format.

    The whole columns (and tags) block is always written: LLaMA-Factory empties every key a
    present block leaves out.
    """
    if fmt == "alpaca" and pretrain:
        return {"file_name": file_name, "formatting": "alpaca", "columns": {"prompt": "text"}}
    if fmt == "alpaca":
        columns = {
            "prompt": "instruction",
            "query": "input",
            "response": "output",
            "system": "system",
            "history": "history",
        }
        return {"file_name": file_name, "formatting": "alpaca", "columns": columns}
    if fmt == "csv":
        return {
            "file_name": file_name,
            "formatting": "alpaca",
            "columns": {"prompt": "input", "response": "target"},
        }
    if fmt == "sharegpt":
        return {
            "file_name": file_name,
            "formatting": "sharegpt",
            "columns": {"messages": "conversations", "system": "system"},
            "tags": dict(_SHAREGPT_TAGS),
        }
    if fmt == "openai":
        # formatting "sharegpt", not "openai": LLaMA-Factory's openai converter appends
        # "detailed thinking off" to the system prompt when no tools are present.
        return {
            "file_name": file_name,
            "formatting": "sharegpt",
            "columns": {"messages": "messages"},
            "tags": dict(_OPENAI_TAGS),
        }
    return None
