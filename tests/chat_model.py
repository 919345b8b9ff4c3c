"""A fake model for the group-chat flows, served by tests/fake_openai.py: it reads the chat in the
prompt and answers like a careful extraction model would, with knobs for the failures users
meet (prose instead of JSON, wrong types, values outside the allowed set)."""

from __future__ import annotations

import json
import re
import threading

from chat_fixtures import INFO_KEYS

PHONE = re.compile(r"1[3-9]\d[x*\d]{4}\d{4}|\[手机号\d+\]")  # a number, or the tag masking left
EMAIL = re.compile(r"[A-Za-z0-9_.]+@[A-Za-z0-9_.]+\.[A-Za-z]+|\[邮箱\d+\]")
SPEAKER = re.compile(r"^([^\s：:]{1,12}?)(\d+)：", re.M)


def chat_of(prompt: str) -> str:
    """The chat text inside the prompt (between the template's tags, or after the instruction)."""
    for open_, close in (("<群聊>", "</群聊>"), ("<chat>", "</chat>")):
        if open_ in prompt:
            return prompt.split(open_, 1)[1].split(close, 1)[0].strip()
    return prompt.split("\n\n", 1)[-1]


def customer_record(chat: str) -> dict:
    """One record: the customer is the first speaker who is not the first speaker of the chat."""
    record = {k: (list(v) if isinstance(v, list) else v) for k, v in INFO_KEYS.items()}
    speakers = list(dict.fromkeys(m.group(1) for m in SPEAKER.finditer(chat)))
    if len(speakers) > 1:
        record["基本信息-姓名"] = speakers[1]
    if m := PHONE.search(chat):
        record["基本信息-手机号码"] = m.group()
    if m := EMAIL.search(chat):
        record["基本信息-邮箱"] = m.group()
    record["客户是否有意向"] = "有意向"
    return record


class ChatModel:
    """reply(messages) for FakeOpenAI. Markers in a chat script failures: a chat containing one
    of `prose_for` gets prose (no JSON) every time; `wrong_shape_for` gets a record with a list
    field as a string and a value outside the allowed set."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.prose_for: set[str] = set()
        self.wrong_shape_for: set[str] = set()
        self.garbled: dict[str, str] = {}  # marker → the raw answer for chats containing it
        self.seen: list[str] = []  # every user prompt, in arrival order

    def __call__(self, messages: list[dict]) -> str:
        user = next(m["content"] for m in messages if m["role"] == "user")
        with self.lock:
            self.seen.append(user)
        chat = chat_of(user)
        for marker, answer in self.garbled.items():
            if marker in chat:
                return answer
        if any(marker in chat for marker in self.prose_for):
            return "这段聊天里的客户信息我没法用 JSON 表示。"
        if '"summary"' in user:
            first = chat.splitlines()[:3]
            return json.dumps({"summary": "摘要：" + " / ".join(first)}, ensure_ascii=False)
        record = customer_record(chat)
        if any(marker in chat for marker in self.wrong_shape_for):
            record["意向产品"] = "沙发"
            record["客户是否有意向"] = "可能"
            del record["基本信息-邮箱"]
        return json.dumps([record], ensure_ascii=False)
