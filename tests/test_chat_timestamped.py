"""Chat texts with a timestamp in every message header (issue 15, point 6): the time before or
after the name, with or without a colon, with or without seconds, dashes or slashes, the message
on the header's line or on the lines after it — and WeCom quote blocks inside. Every name here
is made up."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from test_cli_chat import cli

from core.sources.chats.competition import split_chat_text
from core.sources.chats.stamped import stamped_header
from core.store import SampleFilter, Store
from ui.pages.chat import read_outcomes
from ui.widgets.chat_import_dialog import ChatImportDialog

AGENT = "客服-阿敏"


def t(text: str) -> float:
    return datetime.fromisoformat(text).timestamp()


# Header on its own line, message below; a quote block; a sentence with a date that is not a header;
# a "地址：" line inside a message; a two-hour pause (a new session).
TIME_FIRST = "\n".join([
    "2024-03-02 10:01:12 客服-阿敏：",
    "您好，这里是松间茶具旗舰店，请问想看哪一款？",
    "2024-03-02 10:02:40 顾客陶然：",
    "想问青瓷茶杯的价格",
    "最好是六只一套的",
    "2024-03-02 10:03:05 客服-阿敏：",
    "这是一条引用/回复消息：",
    "“2024-03-02 10:02:40 顾客陶然：",
    "想问青瓷茶杯的价格”",
    "------",
    "六只一套 268 元，今天下单包邮",
    "2024-03-02 10:04:30 顾客陶然：",
    "好的，寄到这里",
    "地址：青石县柳岸路 12 号",
    "会议改到 2024-03-05 14:00",
    "2024-03-02 12:30:00 顾客陶然：",
    "请问发货了吗？",
    "2024-03-02 12:31:10 客服-阿敏：",
    "已经发出，单号稍后发您",
])

# Name first, no colon, minutes only, slashes.
NAME_FIRST = "\n".join([
    "客服-阿敏 2024/3/2 9:05",
    "早上好，活动今天截止",
    "顾客柯宁 2024/3/2 9:07",
    "那我要两套",
    "客服-阿敏 2024/3/2 9:08",
    "好的，已为您备注",
])

# Bracketed times, ASCII colon, the message on the header's line, a quote marker on it too.
INLINE = "\n".join([
    "[2024-03-03 20:15:00] 顾客齐悦: 茶盘有现货吗？",
    "[2024-03-03 20:16:30] 客服-阿敏: 这是一条引用/回复消息：",
    "“顾客齐悦：",
    "茶盘有现货吗？”",
    "------",
    "有的，明天就能发",
    "[2024-03-03 20:17:02] 顾客齐悦: 那下单了",
])

# Chinese dates with 上午/下午.
CHINESE_DATE = "\n".join([
    "2024年3月4日 下午3:05 客服-阿敏",
    "您的茶具已签收了吗？",
    "2024年3月4日 下午3:20 顾客陶然",
    "收到了，很满意",
])


@pytest.mark.parametrize("line,name,rest,when", [
    ("2024-03-02 10:01:12 客服-阿敏：", AGENT, "", "2024-03-02 10:01:12"),
    ("2024-03-02 10:01:12 客服-阿敏：您好", AGENT, "您好", "2024-03-02 10:01:12"),
    ("2024-03-02 10:01 客服-阿敏", AGENT, "", "2024-03-02 10:01:00"),
    ("客服-阿敏 2024-03-02 10:01:12", AGENT, "", "2024-03-02 10:01:12"),
    ("客服-阿敏 2024/3/2 10:01：", AGENT, "", "2024-03-02 10:01:00"),
    ("[2024/03/02 10:01:12] 客服-阿敏: 在的", AGENT, "在的", "2024-03-02 10:01:12"),
    ("2024年3月2日 下午3:05 客服-阿敏", AGENT, "", "2024-03-02 15:05:00"),
    ("Amy Lin 2024-03-02 8:01 PM", "Amy Lin", "", "2024-03-02 20:01:00"),
])
def test_header_forms(line, name, rest, when):
    h = stamped_header(line)
    assert h is not None and (h.name, h.rest, h.time) == (name, rest, t(when))


@pytest.mark.parametrize("line", ["林晓2：你好", "https://example.com 10:00", "六只一套 268 元，今天 10:00 下单",
                                  "2024-03-02 10:01:12", "我 10:30 到"])
def test_lines_that_are_not_headers(line):
    assert stamped_header(line) is None


def test_time_first_headers_messages_times_quotes():
    messages, quotes, linked = split_chat_text(TIME_FIRST)
    assert [m.sender for m in messages] == [AGENT, "顾客陶然", AGENT, "顾客陶然", "顾客陶然", AGENT]
    assert [m.time for m in messages] == [t(x) for x in (
        "2024-03-02 10:01:12", "2024-03-02 10:02:40", "2024-03-02 10:03:05", "2024-03-02 10:04:30",
        "2024-03-02 12:30:00", "2024-03-02 12:31:10")]
    assert messages[1].text == "想问青瓷茶杯的价格\n最好是六只一套的"
    # the quote block: one message of the agent, quoting the customer, linked to what it quotes
    assert (quotes, linked) == (1, 1)
    reply = messages[2]
    assert reply.text == "六只一套 268 元，今天下单包邮"
    assert (reply.quote, reply.quote_sender, reply.reply_to) == ("想问青瓷茶杯的价格", "顾客陶然", messages[1].key)
    # a label line and a sentence with a date stay text of the message they are in
    assert messages[3].text == "好的，寄到这里\n地址：青石县柳岸路 12 号\n会议改到 2024-03-05 14:00"
    assert not any(m.sender in ("", "地址", "会议改到") for m in messages)


@pytest.mark.parametrize("text,senders,texts", [
    (NAME_FIRST, [AGENT, "顾客柯宁", AGENT], ["早上好，活动今天截止", "那我要两套", "好的，已为您备注"]),
    (INLINE, ["顾客齐悦", AGENT, "顾客齐悦"], ["茶盘有现货吗？", "有的，明天就能发", "那下单了"]),
    (CHINESE_DATE, [AGENT, "顾客陶然"], ["您的茶具已签收了吗？", "收到了，很满意"]),
])
def test_other_header_forms_read_alike(text, senders, texts):
    messages, _, _ = split_chat_text(text)
    assert [m.sender for m in messages] == senders and [m.text for m in messages] == texts
    assert all(m.time is not None for m in messages)


def test_inline_quote_block_still_links():
    messages, quotes, linked = split_chat_text(INLINE)
    assert (quotes, linked) == (1, 1) and messages[1].reply_to == messages[0].key


def test_untimed_chats_are_read_as_before():
    messages, quotes, linked = split_chat_text("林晓2：你好\n这是一条引用/回复消息\n赵磊5：10:30 到店")
    assert [m.sender for m in messages] == ["林晓2", "赵磊5"] and messages[1].text == "10:30 到店"
    assert all(m.time is None for m in messages)


# ---- end to end ---------------------------------------------------------------------------------------
def write_file(folder: Path) -> Path:
    path = folder / "shop_chats.json"
    records = [{"chat_text": text} for text in (TIME_FIRST, NAME_FIRST, INLINE, CHINESE_DATE)]
    path.write_text(json.dumps(records, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def test_cli_import_dialogues_with_the_agent_and_export(tmp_path):
    project = tmp_path / "shop.corpus"
    r = cli("import-chat", write_file(tmp_path), "--project", project)
    assert r.returncode == 0, r.stdout + r.stderr
    assert ": 4 chat(s), 14 messages" in r.stdout.splitlines()[0]
    r = cli("chat-dialogues", "--project", project, "--assistant", AGENT, "--gap", "3600")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Nobody" not in r.stdout + r.stderr
    # chat 1 splits at its two-hour pause: 5 sessions over the 4 chats
    assert r.stdout.splitlines()[0].startswith("5 session(s)")
    with Store(project) as st:
        dialogues = list(st.iter_samples(SampleFilter(kind="dialogue")))
    assert dialogues and all(d.turns[-1].role == "assistant" for d in dialogues)
    assistant_text = "\n".join(t.text for d in dialogues for t in d.turns if t.role == "assistant")
    assert "六只一套 268 元" in assistant_text and "2024-03-02" not in assistant_text
    out = tmp_path / "out" / "shop.json"
    r = cli("export", "--project", project, "--format", "sharegpt", "--out", out, "--all", "--mask", "off",
            "--no-dataset-info", "--kind", "dialogue")
    assert r.returncode == 0, r.stdout + r.stderr
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert len(rows) == len(dialogues)
    said = json.dumps(rows, ensure_ascii=False)
    assert "已经发出，单号稍后发您" in said and "10:01:12" not in said


def test_preview_shows_senders_of_a_timestamped_file(tmp_path, qtbot, qt_run):
    outcomes = qt_run(read_outcomes([write_file(tmp_path)], "auto"))
    dialog = ChatImportDialog(outcomes, read_outcomes)
    qtbot.addWidget(dialog)
    assert "4 个聊天 · 14 条消息" in dialog.facts.text()
    html = dialog.view.toHtml()
    assert AGENT in html and "顾客陶然" in html and "想问青瓷茶杯的价格" in html
    assert "10:01:12 客服-阿敏" not in html  # the header line is not message text


def test_dates_inside_an_untimed_chat_do_not_make_it_timestamped():
    text = "林晓2：安装时间定一下\n2024-03-05 14:00 到店\n赵磊5：好\n2024-03-06 09:00 交付\n林晓2：收到\n赵磊5：谢谢"
    messages, _, _ = split_chat_text(text)
    assert [m.sender for m in messages] == ["林晓2", "赵磊5", "林晓2", "赵磊5"]
    assert messages[0].text == "安装时间定一下\n2024-03-05 14:00 到店"
