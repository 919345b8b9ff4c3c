"""Chat export readers: competition JSON, generic message lists, Telegram, Discord, and the layout
detection and file reading in front of them."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from chat_fixtures import (
    CHAT_1,
    INFOS_1,
    INFOS_2,
    INFOS_3,
    QQ_TXT,
    WECHAT_NEW_CSV,
    WECHAT_OLD_CSV,
    competition_records,
    write_competition_json,
    write_discord_json,
    write_messages_json,
    write_messages_jsonl,
    write_qq_txt,
    write_telegram_full,
    write_telegram_single,
    write_wechat_csv,
)

from core.errors import InputError
from core.messages import render
from core.sources.chats.competition import parse_competition, split_chat_text
from core.sources.chats.detect import detect_layout, read_chat_file
from core.sources.chats.discord import parse_discord
from core.sources.chats.generic import parse_message_list, parse_time
from core.sources.chats.model import LAYOUTS
from core.sources.chats.telegram import parse_telegram


def en(messages) -> list[str]:
    """Problems and notes as the English reader sees them."""
    return [render(m, "en") for m in messages]


def local(*args: int) -> float:
    """Unix seconds of a local (naive) time, as the readers compute it."""
    return datetime(*args).timestamp()


def messages_of(text: str):
    return split_chat_text(text)[0]


def summary(messages) -> list[tuple[str, str]]:
    return [(m.sender, m.text) for m in messages]


# ---- competition ----------------------------------------------------------------------------------------


def test_competition_file_gives_one_chat_per_record_with_labels_and_original_text(tmp_path):
    cf = read_chat_file(write_competition_json(tmp_path))
    assert cf.format == "competition"
    assert cf.encoding == "utf-8"
    assert en(cf.problems) == []
    assert [(c.key, c.title, c.index) for c in cf.chats] == [("1", "记录 1", 1), ("2", "记录 2", 2),
                                                             ("3", "记录 3", 3)]
    assert [c.labels for c in cf.chats] == [INFOS_1, INFOS_2, INFOS_3]
    assert len(cf.chats[2].labels) == 2 and all(len(i) == 21 for c in cf.chats for i in c.labels)
    assert cf.chats[0].text == CHAT_1
    assert cf.n_messages == 10 + 7 + 6
    assert "5 quoted replies read, 5 linked to the message they quote" in en(cf.notes)


def test_competition_without_infos_has_no_labels(tmp_path):
    cf = read_chat_file(write_competition_json(tmp_path, "test_data.json", labels=False))
    assert [c.labels for c in cf.chats] == [None, None, None]
    assert [c.key for c in cf.chats] == ["1", "2", "3"]


def test_quote_block_is_one_message_of_the_replier_and_links_to_the_quoted_message():
    messages = messages_of(CHAT_1)
    assert [m.key for m in messages] == [str(i) for i in range(1, 11)]
    # 赵磊5 wrote 3 messages; the two quoted lines are not counted as his
    assert [m.key for m in messages if m.sender == "赵磊5"] == ["2", "5", "6"]
    reply = messages[2]
    assert (reply.sender, reply.text, reply.line) == ("林晓2", "好的，稍等\n我整理一下发您", 3)
    assert (reply.quote_sender, reply.quote, reply.reply_to) == ("赵磊5", "沙发报价发我一下[图片]", "2")
    # a quote of a two-line message (whose second line looks like "地址：…") links to it
    last = messages[9]
    assert (last.sender, last.text, last.line) == ("林晓2", "好的，周六上午安排送货", 16)
    assert last.quote == "电话138xxxx1234，周末送货\n地址：滨江区星光路8号"
    assert last.reply_to == "6"


def test_continuation_lines_repeated_lines_and_noise_are_kept_as_written():
    messages = messages_of(CHAT_1)
    assert messages[5].text == "电话138xxxx1234，周末送货\n地址：滨江区星光路8号"  # 地址 is no speaker
    assert [(m.key, m.text, m.line) for m in messages if m.sender == "周文3"] == [
        ("7", "收到", 13), ("8", "收到", 14), ("9", "收到", 15)]
    assert messages[0].text == "各位好，我是星河家居的顾问林晓，有问题随时@林晓2 [玫瑰]"
    assert messages[3].text == "报价单在这里 https://example.com/quote/2023-118 请查收[玫瑰]"
    assert all(m.time is None and m.kind == "text" for m in messages)


def test_image_only_message_is_media_and_quotes_chain(tmp_path):
    chat = read_chat_file(write_competition_json(tmp_path)).chats[1]
    assert summary(chat.messages) == [
        ("陈思1", "您好，孩子今年几年级了？"), ("王芳7", "初二，数学比较弱"), ("王芳7", "[图片]"),
        ("王芳7", "这是孩子上次的卷子"), ("陈思1", "我们有初二数学提升班，每周两次课"),
        ("王芳7", "费用大概多少？预算在5000左右"), ("陈思1", "一学期4800，详情见 https://example.org/course/math8"),
    ]
    assert chat.messages[2].kind == "media"
    # straight quotes on the marker line
    assert (chat.messages[4].quote_sender, chat.messages[4].quote, chat.messages[4].reply_to) == (
        "王芳7", "初二，数学比较弱", "2")
    # a quote of a quote message links to that message (its text is its reply text)
    assert (chat.messages[5].quote_sender, chat.messages[5].reply_to) == ("陈思1", "5")


def test_quote_block_without_separator_line(tmp_path):
    chat = read_chat_file(write_competition_json(tmp_path)).chats[2]
    m = chat.messages[3]
    assert (m.sender, m.text, m.quote_sender, m.quote, m.reply_to) == (
        "刘洋4", "可以的，周六上午十点给您安排", "孙悦8", "@刘洋4 我想试驾那款混动SUV", "2")
    assert [x.sender for x in chat.messages] == ["刘洋4", "孙悦8", "何军6", "刘洋4", "孙悦8", "何军6"]


@pytest.mark.parametrize("block, quote_sender, quote", [
    # name and text on one line, curly quotes
    (["“赵磊5：沙发多少钱”", "------", "三千二"], "赵磊5", "沙发多少钱"),
    # quoted text over several lines
    (["“赵磊5：", "沙发多少钱", "含运费吗”", "------", "三千二"], "赵磊5", "沙发多少钱\n含运费吗"),
    # straight quotes
    (['"赵磊5：沙发多少钱"', "------", "三千二"], "赵磊5", "沙发多少钱"),
    # no closing quote: the separator ends it
    (["“赵磊5：沙发多少钱", "------", "三千二"], "赵磊5", "沙发多少钱"),
    # no quote marks at all, only the separator
    (["赵磊5：沙发多少钱", "------", "三千二"], "赵磊5", "沙发多少钱"),
    # quote names nobody
    (["“沙发多少钱”", "------", "三千二"], None, "沙发多少钱"),
])
def test_quote_block_variants_never_give_the_quoted_person_a_message(block, quote_sender, quote):
    text = "\n".join(["赵磊5：沙发多少钱\n含运费吗" if "含运费吗”" in block else "赵磊5：沙发多少钱",
                      "林晓2：这是一条引用/回复消息：", *block, "赵磊5：好的"])
    messages = messages_of(text)
    assert [m.sender for m in messages] == ["赵磊5", "林晓2", "赵磊5"]
    reply = messages[1]
    assert (reply.text, reply.quote_sender, reply.quote, reply.reply_to) == ("三千二", quote_sender, quote, "1")
    assert messages[2].text == "好的"


def test_nested_quote_block_quotes_the_inner_reply_text():
    text = "\n".join(["甲1：原话在此", "乙2：这是一条引用/回复消息：", "“甲1：原话在此”", "------", "乙的回复",
                      "甲1：这是一条引用/回复消息：", "“乙2：这是一条引用/回复消息：", "“甲1：原话在此”", "------",
                      "乙的回复”", "------", "甲的回复"])
    messages = messages_of(text)
    assert summary(messages) == [("甲1", "原话在此"), ("乙2", "乙的回复"), ("甲1", "甲的回复")]
    assert (messages[2].quote_sender, messages[2].quote, messages[2].reply_to) == ("乙2", "乙的回复", "2")


@pytest.mark.parametrize("tail", [
    ["“乱七八糟没有结尾"],  # never closed, no separator: plain text
    ["“", "”"],
    ["------"],
    [""],
    [],
])
def test_broken_quote_blocks_fall_back_to_text(tail):
    messages = messages_of("\n".join(["甲1：你好", "乙2：这是一条引用/回复消息：", *tail]))
    assert [m.sender for m in messages] == ["甲1", "乙2"]
    assert messages[1].reply_to is None


def test_quote_of_a_cut_short_text_links_by_prefix_and_an_unknown_quote_stays_unlinked():
    text = "\n".join(["甲1：这款沙发是意大利进口头层牛皮，颜色有三种可选", "甲1：另外一条",
                      "乙2：这是一条引用/回复消息：", "“甲1：这款沙发是意大利进口头层…”", "------", "灰色的有吗",
                      "乙2：这是一条引用/回复消息：", "“甲1：从来没说过的话”", "------", "嗯"])
    messages = messages_of(text)
    assert messages[2].reply_to == "1"
    assert messages[3].reply_to is None and messages[3].quote == "从来没说过的话"


def test_reply_links_to_the_latest_matching_message():
    text = "\n".join(["甲1：收到", "乙2：好", "甲1：收到", "乙2：这是一条引用/回复消息：", "“甲1：收到”", "------", "ok"])
    assert messages_of(text)[3].reply_to == "3"


def test_speaker_lines_ascii_colon_urls_and_times():
    text = "\n".join(["前言没有说话人", "Tom:hello", "会议改到 10:30 开始", "https://example.com/a",
                      "Jerry：见 https://example.com:8080/x", "明天10:30见", "A B:有空格不算名字"])
    assert summary(messages_of(text)) == [
        ("", "前言没有说话人"), ("Tom", "hello\n会议改到 10:30 开始\nhttps://example.com/a"),
        ("Jerry", "见 https://example.com:8080/x\n明天10:30见\nA B:有空格不算名字"),
    ]


def test_without_numbered_names_a_plain_name_is_a_speaker():
    assert summary(messages_of("小王：你好\n小李：你好呀")) == [("小王", "你好"), ("小李", "你好呀")]


def test_bad_competition_records_are_problems_and_the_rest_imports():
    good = {"chat_text": "甲1：你好\n乙2：在的", "infos": []}
    cf = parse_competition([good, 5, {"infos": []}, {"chat_text": 3}, {"chat_text": "甲1：嗨", "infos": "x"},
                            {"chat_text": "  "}, {"chat_text": "甲1：嗨", "infos": [1]}, good], "train.json")
    assert [p.split(":")[0] for p in en(cf.problems)] == [f"record {n}" for n in (2, 3, 4, 5, 6, 7)]
    assert en(cf.problems)[0].startswith("record 2: not a JSON object (it is a number) — ")
    assert en(cf.problems)[1].startswith('record 3: no "chat_text" — ')
    assert en(cf.problems)[2].startswith('record 4: "chat_text" is a number, not a string — ')
    assert en(cf.problems)[3].startswith('record 5: "infos" must be a list of objects')
    # "infos": [] is no label (issue 15): unlabelled, marked as empty labels
    assert [(c.key, c.index, c.labels, c.empty_labels) for c in cf.chats] == [("1", 1, None, True),
                                                                             ("8", 8, None, True)]


def test_competition_reader_rejects_a_non_list():
    with pytest.raises(InputError, match="“x.json” is not a competition chat file"):
        parse_competition({"chat_text": "a"}, "x.json")


def test_quote_linking_stays_linear_on_a_long_chat():
    lines = []
    for i in range(20_000):
        lines.append(f"用户{i % 7}1：第{i % 500}条消息，内容稍长一些")
        if i % 10 == 0:
            lines += [f"用户{(i + 1) % 7}1：这是一条引用/回复消息：", f"“用户{i % 7}1：", f"第{i % 500}条消息，内容稍长一些”",
                      "------", "收到"]
    messages, quotes, linked = split_chat_text("\n".join(lines))
    assert (len(messages), quotes, linked) == (22_000, 2_000, 2_000)


# ---- generic message lists ------------------------------------------------------------------------------


def test_generic_json_splits_chats_by_group_keeps_ids_and_links_replies(tmp_path):
    cf = read_chat_file(write_messages_json(tmp_path))
    assert (cf.format, en(cf.problems), en(cf.notes)) == ("messages", [], [])
    assert [(c.key, c.title, c.index) for c in cf.chats] == [("周末羽毛球群", "周末羽毛球群", 1), ("读书会", "读书会", 2)]
    badminton, books = cf.chats
    assert [(m.key, m.sender, m.line, m.reply_to) for m in badminton.messages] == [
        ("101", "阿杰", 1, None), ("102", "小雨", 2, "101"), ("103", "阿杰", 4, None)]
    assert badminton.messages[2].text == "好的，我带球拍\n再带两瓶水"
    assert [m.time for m in badminton.messages] == [local(2023, 6, 12, 9, 14, 3), local(2023, 6, 12, 9, 15, 10),
                                                   local(2023, 6, 12, 9, 16, 45)]
    assert [(m.key, m.reply_to) for m in books.messages] == [("201", None), ("202", "201")]


def test_generic_jsonl_uses_line_numbers_and_ms_times(tmp_path):
    cf = read_chat_file(write_messages_jsonl(tmp_path))
    assert cf.format == "messages"
    [chat] = cf.chats
    assert (chat.key, chat.title) == ("messages", "messages")
    assert [(m.key, m.sender, m.text, m.time, m.reply_to, m.line) for m in chat.messages] == [
        ("a1", "周宁", "今晚的直播几点开始？", 1686560400.0, None, 1),
        ("a2", "主播小K", "八点整，记得提前进来", 1686560460.0, "a1", 2),
        ("a3", "周宁", "好嘞[耶]", 1686560520.0, None, 3),
    ]


def test_jsonl_bad_line_is_a_problem_and_the_rest_imports(tmp_path):
    cf = read_chat_file(write_messages_jsonl(tmp_path, bad_line=True))
    assert len(en(cf.problems)) == 1 and en(cf.problems)[0].startswith("line 2: not valid JSON (")
    assert [(m.key, m.line) for m in cf.chats[0].messages] == [("a1", 1), ("a2", 3), ("a3", 4)]


@pytest.mark.parametrize("sender_key", ["sender", "from", "user", "name", "author", "nickname", "speaker", "role"])
@pytest.mark.parametrize("text_key", ["text", "message", "msg", "content", "body"])
def test_every_sender_and_text_synonym(sender_key, text_key):
    cf = parse_message_list([{sender_key: "阿杰", text_key: "明天见"}], "chat.json")
    [m] = cf.chats[0].messages
    assert (m.key, m.sender, m.text, m.line) == ("1", "阿杰", "明天见", 1)


@pytest.mark.parametrize("time_key", ["timestamp", "date", "time", "created_at", "send_time"])
def test_every_time_synonym(time_key):
    [m] = parse_message_list([{"sender": "a", "text": "b", time_key: "2023-06-12 09:14:03"}], "c.json").chats[0].messages
    assert m.time == local(2023, 6, 12, 9, 14, 3)


@pytest.mark.parametrize("id_key", ["id", "msg_id", "message_id"])
@pytest.mark.parametrize("reply_key", ["reply_to", "reply_to_id", "reply_to_message_id", "parent_id", "quote_id"])
def test_every_id_and_reply_synonym(id_key, reply_key):
    records = [{"sender": "a", "text": "问", id_key: 7}, {"sender": "b", "text": "答", id_key: 9, reply_key: 7}]
    messages = parse_message_list(records, "c.json").chats[0].messages
    assert [(m.key, m.reply_to) for m in messages] == [("7", None), ("9", "7")]


@pytest.mark.parametrize("chat_key", ["chat", "group", "room", "conversation", "talker"])
def test_every_chat_synonym_splits_chats_in_first_seen_order(chat_key):
    records = [{"sender": "a", "text": "1", chat_key: "乙群"}, {"sender": "b", "text": "2", chat_key: "甲群"},
               {"sender": "c", "text": "3", chat_key: "乙群"}]
    cf = parse_message_list(records, "c.json")
    assert [(c.key, c.index, [m.text for m in c.messages]) for c in cf.chats] == [
        ("乙群", 1, ["1", "3"]), ("甲群", 2, ["2"])]
    assert [m.key for m in cf.chats[0].messages] == ["1", "2"]  # positions in the chat


def test_object_values_rich_text_and_self_flags():
    records = [{"user": {"id": 42, "name": "林晓"}, "content": [{"type": "text", "text": "看图"}, " 好看吗"],
                "is_sender": 1},
               {"author": "赵磊", "message": 12345, "from_me": False}]
    a, b = parse_message_list(records, "c.json").chats[0].messages
    assert (a.sender, a.sender_id, a.text, a.is_self) == ("林晓", "42", "看图 好看吗", True)
    assert (b.sender, b.text, b.is_self) == ("赵磊", "12345", False)


def test_messages_wrapper_titles_the_chat():
    cf = parse_message_list({"name": "家长群", "messages": [{"sender": "a", "text": "b"}]}, "export.json")
    assert [(c.key, c.title) for c in cf.chats] == [("家长群", "家长群")]


def test_duplicate_or_missing_ids_fall_back_to_positions_and_replies_still_link():
    records = [{"id": 5, "sender": "a", "text": "一"}, {"id": 5, "sender": "b", "text": "二"},
               {"id": 6, "sender": "c", "text": "三", "reply_to": 5}, {"sender": "d", "text": "四", "reply_to": 99}]
    cf = parse_message_list(records, "c.json")
    assert [(m.key, m.reply_to) for m in cf.chats[0].messages] == [("1", None), ("2", None), ("3", "1"), ("4", None)]
    assert en(cf.notes) == ["1 reply to messages that are not in the file (left unlinked)"]


def test_bad_generic_records_are_problems_and_the_rest_imports():
    records = [{"sender": "a", "text": "好"}, "oops", {"text": "无名"}, {"sender": "b"}, {"sender": "c", "text": "  "},
               {"from": "d", "msg": "也好"}]
    cf = parse_message_list(records, "c.json")
    assert en(cf.problems) == [
        'record 2: not a JSON object (it is a text) — each record must look like {"sender": "…", "content": "…"}',
        'record 3: no sender (looked for sender, from, user, name, author, nickname, speaker, role) — add a '
        '"sender" field',
        'record 4: no text (looked for text, message, msg, content, body) — add a "content" field or remove the '
        "record",
        'record 5: no text (looked for text, message, msg, content, body) — add a "content" field or remove the '
        "record",
    ]
    assert [(m.key, m.sender, m.line) for m in cf.chats[0].messages] == [("1", "a", 1), ("2", "d", 6)]


@pytest.mark.parametrize("value, expected", [
    (1686532443, 1686532443.0),
    (1686532443123, 1686532443.123),
    (1686532443.5, 1686532443.5),
    ("1686532443", 1686532443.0),
    ("1686532443000", 1686532443.0),
    ("2023-06-12 09:14:03", local(2023, 6, 12, 9, 14, 3)),
    ("2023/6/12 9:14", local(2023, 6, 12, 9, 14)),
    ("2023-06-12 9:14:03", local(2023, 6, 12, 9, 14, 3)),
    ("2023年6月12日 9:14", local(2023, 6, 12, 9, 14)),
    ("2023-06-12", local(2023, 6, 12)),
    ("2023-06-12T09:14:03", local(2023, 6, 12, 9, 14, 3)),
    ("2023-06-12T09:14:03+08:00", datetime(2023, 6, 12, 1, 14, 3, tzinfo=UTC).timestamp()),
    ("2023-06-12T09:14:03Z", datetime(2023, 6, 12, 9, 14, 3, tzinfo=UTC).timestamp()),
    ("2023-06-12T09:14:03.1234567-05:00",
     datetime(2023, 6, 12, 9, 14, 3, 123456, tzinfo=timezone(timedelta(hours=-5))).timestamp()),
    ("2023/06/12 09:14:03 +0800", datetime(2023, 6, 12, 1, 14, 3, tzinfo=UTC).timestamp()),
    ("昨天", None), ("2023-13-40 10:00", None), ("", None), (None, None), (True, None), (0, None),
])
def test_parse_time(value, expected):
    assert parse_time(value) == expected


def test_generic_reader_rejects_what_is_not_a_message_list():
    with pytest.raises(InputError, match="“x.json” is not a message list"):
        parse_message_list({"foo": 1}, "x.json")


# ---- Telegram -------------------------------------------------------------------------------------------


def test_telegram_single_chat(tmp_path):
    cf = read_chat_file(write_telegram_single(tmp_path))
    assert cf.format == "telegram"
    [chat] = cf.chats
    assert (chat.key, chat.title, chat.index) == ("1234567", "城市骑行爱好者", 1)
    assert [(m.key, m.sender, m.text, m.kind) for m in chat.messages] == [
        ("10", "王小川", "周六早上七点集合", "text"),
        ("11", "李朵", "看这个路线 https://example.com/route/42 怎么样", "text"),
        ("13", "赵一", "[图片]", "media"),
        ("14", "李朵", "[贴纸]", "media"),
        ("15", "", "我也报名", "text"),
        ("16", "王小川", "[文件]", "media"),
        ("17", "赵一", "收到，谢谢", "text"),
    ]
    by_key = {m.key: m for m in chat.messages}
    assert (by_key["11"].reply_to, by_key["17"].reply_to, by_key["10"].reply_to) == ("10", "16", None)
    assert (by_key["10"].time, by_key["10"].sender_id) == (1686532443.0, "user111")
    assert by_key["17"].time == local(2023, 6, 12, 9, 21, 30)  # no date_unixtime: from "date"
    assert en(cf.notes) == ["1 service message skipped (joins, pins, calls …)",
                        "1 message from deleted accounts (sender left empty)"]


def test_telegram_prefers_text_entities_and_reads_text_lists():
    data = {"name": "g", "id": 1, "messages": [
        {"id": 1, "type": "message", "date": "2023-06-12T09:14:03", "from": "a",
         "text": "旧文本", "text_entities": [{"type": "plain", "text": "新"}, {"type": "mention", "text": "@bob"}]},
        {"id": 2, "type": "message", "date": "2023-06-12T09:14:03", "from": "a",
         "text": ["看 ", {"type": "link", "text": "https://example.com"}]},
        {"id": 3, "type": "message", "date": "2023-06-12T09:14:03", "from": "a", "text": ""},
        {"id": 4, "type": "message", "date": "2023-06-12T09:14:03", "from": "a", "text": "", "media_type":
         "voice_message", "file": "voice.ogg"},
    ]}
    cf = parse_telegram(data, "result.json")
    assert [(m.key, m.text) for m in cf.chats[0].messages] == [("1", "新@bob"), ("2", "看 https://example.com"),
                                                               ("4", "[语音]")]
    assert en(cf.notes) == ["1 empty message skipped"]


def test_telegram_full_export_reads_chats_and_left_chats(tmp_path):
    cf = read_chat_file(write_telegram_full(tmp_path))
    assert cf.format == "telegram"
    assert [(c.key, c.title, c.index, len(c.messages)) for c in cf.chats] == [
        ("1234567", "城市骑行爱好者", 1, 7), ("555", "林老师", 2, 2), ("777", "二手交易群", 3, 1)]
    assert cf.chats[1].messages[1].reply_to == "1"


def test_telegram_reader_rejects_other_json():
    with pytest.raises(InputError, match="“x.json” is not a Telegram Desktop export"):
        parse_telegram({"foo": []}, "x.json")
    with pytest.raises(InputError, match="“x.json” is not a Telegram Desktop export"):
        parse_telegram([], "x.json")


# ---- Discord --------------------------------------------------------------------------------------------


def test_discord_channel(tmp_path):
    cf = read_chat_file(write_discord_json(tmp_path))
    assert cf.format == "discord"
    [chat] = cf.chats
    assert (chat.key, chat.title) == ("8001", "美术讨论")
    assert [(m.key, m.sender, m.sender_id, m.text, m.kind, m.reply_to) for m in chat.messages] == [
        ("1001", "森森", "u1", "大家觉得这版角色配色怎么样？", "text", None),
        ("1002", "qinghe", "u2", "饱和度可以再低一点", "text", "1001"),
        ("1004", "森森", "u1", "[图片]", "media", None),
    ]
    assert chat.messages[0].time == datetime(2023, 6, 12, 1, 14, 3, 123000, tzinfo=UTC).timestamp()
    assert chat.messages[1].time == datetime(2023, 6, 12, 1, 20, tzinfo=UTC).timestamp()
    assert en(cf.notes) == ["1 system message skipped (joins, pins, thread events …)"]


def test_discord_reader_rejects_other_json():
    with pytest.raises(InputError, match="“x.json” is not a DiscordChatExporter export"):
        parse_discord({"channel": {}}, "x.json")


# ---- detection ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("writer, layout", [
    (write_competition_json, "competition"),
    (write_messages_json, "messages"),
    (write_messages_jsonl, "messages"),
    (write_telegram_single, "telegram"),
    (write_telegram_full, "telegram"),
    (write_discord_json, "discord"),
    (write_wechat_csv, "wechat_csv"),
    (lambda folder: write_wechat_csv(folder, newer=True), "wechat_csv"),
    (write_qq_txt, "qq_txt"),
])
def test_detect_layout_of_every_fixture(tmp_path, writer, layout):
    from core.sources.documents.txt import read_text_file_with_encoding

    text, _ = read_text_file_with_encoding(writer(tmp_path))
    assert detect_layout(text) == layout


@pytest.mark.parametrize("text, layout", [
    (WECHAT_OLD_CSV, "wechat_csv"),
    ("\ufeff" + WECHAT_OLD_CSV, "wechat_csv"),
    ('"localId","StrContent","CreateTime"\n1,你好,1686532443\n', "wechat_csv"),
    (WECHAT_NEW_CSV, "wechat_csv"),
    (QQ_TXT, "qq_txt"),
    ("2023-06-12 9:14:03 阿杰(10001)\n明天几点？\n", "qq_txt"),
    ("2023-06-12 8:43:38 PM 小雨<xiaoyu@example.com>\n好\n", "qq_txt"),
    ('{"chat_text": "甲1：你好"}', "competition"),
    ('[{"chat_text": "甲1：你好", "infos": []}]', "competition"),
    ('[{"speaker": "a", "body": "b"}]', "messages"),
    ('{"messages": [{"from": "a", "text": "b"}]}', "messages"),
    ('{"messages": [{"id": 1, "type": "message", "date": "2023-06-12T09:14:03", "from": "a", "text": "b"}]}',
     "telegram"),
    ('{"chats": {"list": []}}', "telegram"),
    ('{"channel": {"id": "1"}, "messages": [{"id": "1", "author": {"name": "a"}, "content": "b"}]}', "discord"),
    ('{"sender": "a", "content": "b"}\n{"sender": "c", "content": "d"}\n', "messages"),
    ("  \n[\n  {\"user\": \"a\", \"msg\": \"b\"}\n]", "messages"),
    ("随便写的一段文字\n没有格式", None),
    ("name,age\n张三,18\n", None),
    ('[{"title": "x", "url": "y"}]', None),
    ("[1, 2, 3]", None),
    ('{"a": 1}', None),
    ('[{"chat_text": "unterminated', None),
])
def test_detect_layout_from_content(text, layout):
    assert detect_layout(text) == layout


def test_every_layout_name_is_known():
    assert set(LAYOUTS) == {"competition", "messages", "telegram", "wechat_csv", "qq_txt", "discord"}


# ---- reading files --------------------------------------------------------------------------------------


def test_invalid_json_error_names_the_file_line_and_column(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[\n  {"chat_text": "甲1：你好"},\n  {"chat_text": "乙2：在" \n  "infos": []}\n]', encoding="utf-8")
    with pytest.raises(InputError) as e:
        read_chat_file(path)
    message = str(e.value)
    assert "“broken.json” is not valid JSON" in message
    assert "line 4, column 3" in message
    assert "fix" in message


def test_unknown_layout_error_lists_layouts_and_suggests_format(tmp_path):
    path = tmp_path / "notes.json"
    path.write_text(json.dumps([{"title": "周报", "url": "https://example.com"}]), encoding="utf-8")
    with pytest.raises(InputError) as e:
        read_chat_file(path)
    message = str(e.value)
    assert "“notes.json”" in message and "title, url" in message
    assert all(layout in message for layout in LAYOUTS)
    assert "--format" in message


def test_unknown_layout_of_plain_text(tmp_path):
    path = tmp_path / "diary.txt"
    path.write_text("今天天气很好。\n我们去了公园。\n", encoding="utf-8")
    with pytest.raises(InputError, match="Cannot tell which chat export “diary.txt” is.*--format"):
        read_chat_file(path)


def test_forced_format(tmp_path):
    path = write_telegram_single(tmp_path)
    cf = read_chat_file(path, "messages")  # Telegram messages are generic messages too
    assert cf.format == "messages"
    assert [m.text for m in cf.chats[0].messages][:2] == ["周六早上七点集合", "看这个路线 https://example.com/route/42 怎么样"]
    assert read_chat_file(write_competition_json(tmp_path), "competition").format == "competition"
    with pytest.raises(InputError, match="“messages.json” is not a Telegram Desktop export"):
        read_chat_file(write_messages_json(tmp_path), "telegram")
    with pytest.raises(InputError, match="“diary.txt” is not JSON, so it cannot be a discord export"):
        (tmp_path / "diary.txt").write_text("随便\n", encoding="utf-8")
        read_chat_file(tmp_path / "diary.txt", "discord")


def test_unknown_format_name_lists_the_choices(tmp_path):
    with pytest.raises(InputError, match="Unknown chat format “whatsapp”. Choose one of: auto, competition, "
                                         "messages, telegram, wechat_csv, qq_txt, discord."):
        read_chat_file(write_messages_json(tmp_path), "whatsapp")


def test_file_without_any_readable_record_names_the_file_and_first_problems(tmp_path):
    path = tmp_path / "empty_chats.json"
    path.write_text(json.dumps([{"infos": []}, {"chat_text": 1}]), encoding="utf-8")
    with pytest.raises(InputError) as e:
        read_chat_file(path, "competition")
    message = str(e.value)
    assert message.startswith("“empty_chats.json” contains no chat message that could be read as competition.")
    assert 'record 1: no "chat_text"' in message and "record 2:" in message
    with pytest.raises(InputError, match="“empty.json” holds an empty JSON list"):
        (tmp_path / "empty.json").write_text("[]", encoding="utf-8")
        read_chat_file(tmp_path / "empty.json")


def test_missing_and_empty_files_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        read_chat_file(tmp_path / "nope.json")
    (tmp_path / "zero.json").write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        read_chat_file(tmp_path / "zero.json")


def test_gbk_and_bom_files_are_read_and_the_encoding_reported(tmp_path):
    records = competition_records()
    gbk = tmp_path / "gbk.json"
    gbk.write_bytes(json.dumps(records, ensure_ascii=False).encode("gbk"))
    cf = read_chat_file(gbk)
    assert (cf.format, cf.encoding, cf.chats[0].text) == ("competition", "gb18030", CHAT_1)
    bom = tmp_path / "bom.json"
    bom.write_bytes(json.dumps(records, ensure_ascii=False).encode("utf-8-sig"))
    assert read_chat_file(bom).encoding == "utf-8"


# ---- speed ----------------------------------------------------------------------------------------------

N_BIG = 100_000


def test_100k_generic_messages_parse_completely():
    records = [{"id": i, "sender": f"用户{i % 17}", "content": f"第{i}条消息", "time": 1686532443 + i,
                **({"reply_to": i - 1} if i % 5 == 0 and i else {})} for i in range(N_BIG)]
    cf = parse_message_list(records, "big.json")  # speed: bench/bench_chat.py
    assert cf.n_messages == N_BIG and cf.chats[0].messages[5].reply_to == "4"


def test_100k_telegram_messages_parse_completely():
    data = {"name": "g", "type": "private_group", "id": 1, "messages": [
        {"id": i, "type": "message", "date": "2023-06-12T09:14:03", "date_unixtime": str(1686532443 + i),
         "from": "Alice", "from_id": "user1", "text": ["看 ", {"type": "link", "text": "https://example.com"}],
         "text_entities": [{"type": "plain", "text": "看 "}, {"type": "link", "text": "https://example.com"}]}
        for i in range(N_BIG)]}
    cf = parse_telegram(data, "result.json")
    assert cf.n_messages == N_BIG and cf.chats[0].messages[-1].text == "看 https://example.com"
