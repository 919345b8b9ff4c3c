"""WeChat CSV and QQ .txt chat readers, on the realistic files of tests/chat_fixtures_cn.py."""

from __future__ import annotations

from datetime import datetime

import pytest
from chat_fixtures_cn import (
    GROUP_ID,
    QQ_HEADER_LINES,
    QQ_RECORD,
    TEAM_ROOM,
    WECHAT_NEW_HEADER,
    WECHAT_OLD_HEADER,
    ZHAO_LEI_SOFA,
    csv_text,
    wechat_old_private_text,
    wechat_old_rows,
    write_qq_txt,
    write_wechat_new_csv,
    write_wechat_old_csv,
)

from core.errors import InputError
from core.messages import render
from core.sources.chats.qq import parse_qq_txt
from core.sources.chats.wechat import NEW_COLUMNS, OLD_COLUMNS, parse_wechat_csv
from core.sources.documents.txt import read_text_file_with_encoding


def en(messages) -> list[str]:
    """Problems and notes as the English reader sees them."""
    return [render(m, "en") for m in messages]


def _local(*parts: int) -> float:
    return datetime(*parts).timestamp()


def _by_key(chat):
    return {m.key: m for m in chat.messages}


# ---- WeChat, older exporter --------------------------------------------------------------------------


@pytest.fixture
def old_group(tmp_path):
    path = write_wechat_old_csv(tmp_path)
    text, encoding = read_text_file_with_encoding(path)
    return parse_wechat_csv(text, path.name), encoding, path.read_bytes()


def test_old_csv_is_utf8_with_bom_and_reads_as_one_group_chat(old_group):
    result, encoding, raw = old_group
    assert raw.startswith(b"\xef\xbb\xbf")
    assert encoding == "utf-8"
    assert result.format == "wechat_csv"
    assert [(c.key, c.title, c.index) for c in result.chats] == [(GROUP_ID, "周末羽毛球群", 1)]
    # records 13 and 14 are broken; every other record is a message keyed by its localId
    assert [m.key for m in result.chats[0].messages] == [str(n) for n in (*range(1, 13), 15)]
    assert [m.line for m in result.chats[0].messages] == [*range(1, 13), 15]


def test_old_csv_bad_records_become_problems(old_group):
    result, _, _ = old_group
    assert en(result.problems) == [
        "record 13: 4 fields, expected 12 (the row is cut short or broken)",
        "record 14: Type “abc” is not a number",
    ]


def test_old_csv_text_senders_and_times(old_group):
    msgs = _by_key(old_group[0].chats[0])
    assert (msgs["2"].sender, msgs["2"].sender_id, msgs["2"].is_self, msgs["2"].kind) == (
        "林晓", "wxid_linxiao01", False, "text")
    assert msgs["2"].text == "各位好，我是星河家居的顾问林晓"
    assert msgs["2"].time == 1686532443.0
    # a quoted field keeps its newline and commas
    assert msgs["3"].text == ZHAO_LEI_SOFA == "沙发报价发我一下[捂脸]\n急用，谢谢，周末要定"
    # own rows without a name are "我"
    assert (msgs["8"].sender, msgs["8"].is_self, msgs["8"].sender_id) == ("我", True, None)
    assert msgs["8"].text == "我也想看看，@林晓\u2005麻烦也发我一份"
    # CreateTime empty: StrTime (local time) is used
    assert msgs["15"].time == _local(2023, 6, 12, 9, 20, 0)


def test_old_csv_media_become_placeholders(old_group):
    msgs = _by_key(old_group[0].chats[0])
    media = {k: (m.kind, m.text, m.sender) for k, m in msgs.items() if m.kind == "media"}
    assert media == {"4": ("media", "[图片]", "赵磊"), "5": ("media", "[表情]", "我"),
                     "11": ("media", "[文件]", "林晓"), "12": ("media", "[语音]", "赵磊")}


def test_old_csv_system_rows(old_group):
    msgs = _by_key(old_group[0].chats[0])
    assert (msgs["1"].kind, msgs["1"].text, msgs["1"].sender, msgs["1"].is_self) == (
        "system", '"林晓"邀请"赵磊"加入了群聊', "", None)
    # a revoke notice in sysmsg XML: its CDATA sentence
    assert (msgs["10"].kind, msgs["10"].text) == ("system", '"赵磊" 撤回了一条消息')


def test_old_csv_quote_from_xml_links_to_the_quoted_message(old_group):
    msgs = _by_key(old_group[0].chats[0])
    quote = msgs["6"]
    assert quote.kind == "text"
    assert quote.text == "好的，稍等，报价单马上发您"
    assert quote.quote == ZHAO_LEI_SOFA
    assert quote.quote_sender == "赵磊"
    assert quote.reply_to == "3"


def test_old_csv_quote_in_truncated_xml_quotes_an_image(old_group):
    msgs = _by_key(old_group[0].chats[0])
    assert msgs["9"].text == "这张图里是哪一款？"
    assert (msgs["9"].quote, msgs["9"].quote_sender) == ("[图片]", "赵磊")
    assert msgs["9"].reply_to == "4"  # the image message of 赵磊


def test_old_csv_link_is_title_and_url(old_group):
    msgs = _by_key(old_group[0].chats[0])
    assert (msgs["7"].kind, msgs["7"].text) == (
        "text", "星河家居 2024 夏季沙发报价单 https://example.com/quote?id=42&v=2")


def test_old_csv_notes_count_kinds(old_group):
    notes = en(old_group[0].notes)
    assert "4 image/voice/video/sticker/file messages kept as placeholders." in notes
    assert "2 system messages." in notes
    assert "2 quote replies." in notes


def test_old_csv_private_chat_title_and_senders():
    result = parse_wechat_csv(wechat_old_private_text(), "陈老师_utf8.csv")
    [chat] = result.chats
    assert (chat.key, chat.title) == ("wxid_chenyu88", "陈老师")
    a, b = chat.messages
    assert (a.key, a.sender, a.sender_id, a.is_self, a.text) == (
        "101", "Chen 雨", "wxid_chenyu88", False, "明天的课改到下午三点")
    # the name columns describe the contact even on own rows: those are "我"
    assert (b.sender, b.sender_id, b.is_self) == ("我", None, True)
    assert en(result.problems) == []


def test_old_csv_several_chats_in_first_seen_order():
    group = wechat_old_rows()[1:3]
    private_rows = wechat_old_private_text().split("\n", 1)[1]  # without its header
    text = csv_text(WECHAT_OLD_HEADER, group) + private_rows
    result = parse_wechat_csv(text, "merged.csv")
    assert [(c.key, c.index) for c in result.chats] == [(GROUP_ID, 1), ("wxid_chenyu88", 2)]
    # with two chats the file name cannot name the group: its id does
    assert [c.title for c in result.chats] == [GROUP_ID, "陈老师"]
    assert [len(c.messages) for c in result.chats] == [2, 2]


def test_quote_links_to_the_latest_matching_message():
    zhao = ["", "赵磊", "wxid_zhaolei05"]
    lin = ["", "林晓", "wxid_linxiao01"]
    xml = ("<msg><appmsg><title>马上</title><refermsg><type>1</type><displayname>赵磊</displayname>"
           "<content>在吗</content></refermsg></appmsg></msg>")
    rows = [
        ["1", GROUP_ID, "1", "0", "0", "1700000000", "2", "在吗", "", *zhao],
        ["2", GROUP_ID, "1", "0", "0", "1700000010", "2", "在吗", "", *lin],  # same text, other sender
        ["3", GROUP_ID, "1", "0", "0", "1700000020", "2", "在吗", "", *zhao],
        ["4", GROUP_ID, "49", "57", "0", "1700000030", "2", xml, "", *lin],
        ["5", GROUP_ID, "49", "57", "0", "1700000040", "2", xml.replace("在吗", "不存在的话"), "", *lin],
    ]
    msgs = _by_key(parse_wechat_csv(csv_text(WECHAT_OLD_HEADER, rows), "g.csv").chats[0])
    assert msgs["4"].reply_to == "3"
    assert (msgs["5"].quote, msgs["5"].reply_to) == ("不存在的话", None)


@pytest.mark.parametrize("content", [
    "<msg><appmsg><title>半截",
    "<<<>>>",
    '<!DOCTYPE x [<!ENTITY a "aaaa">]><msg><appmsg><title>&a;&a;</title></appmsg></msg>',
    "<msg><appmsg><title></title><refermsg><content></content></refermsg></appmsg></msg>",
    "纯文字的引用",
])
def test_bad_quote_xml_never_crashes(content):
    rows = [["1", GROUP_ID, "49", "57", "0", "1700000000", "2", content, "", "", "林晓", "wxid_l"]]
    result = parse_wechat_csv(csv_text(WECHAT_OLD_HEADER, rows), "g.csv")
    [message] = result.chats[0].messages
    assert message.kind == "text"
    assert en(result.problems) == []
    expected = {"<msg><appmsg><title>半截": "半截", "纯文字的引用": "纯文字的引用"}
    if content in expected:
        assert message.text == expected[content]


def test_unknown_types_and_app_messages_become_placeholders():
    rows = [
        ["1", GROUP_ID, "49", "2000", "0", "1700000000", "2", "", "", "", "林晓", "wxid_l"],
        ["2", GROUP_ID, "49", "999", "0", "1700000001", "2", "", "", "", "林晓", "wxid_l"],
        ["3", GROUP_ID, "12345", "0", "0", "1700000002", "2", "?", "", "", "林晓", "wxid_l"],
        ["4", GROUP_ID, "49", "5", "0", "1700000003", "2", "", "", "", "林晓", "wxid_l"],
        ["5", GROUP_ID, "10000", "0", "0", "1700000004", "2",
         '你邀请<_wc_custom_link_ href="x">"周宁"</_wc_custom_link_>加入了群聊', "", "", "", ""],
    ]
    msgs = parse_wechat_csv(csv_text(WECHAT_OLD_HEADER, rows), "g.csv").chats[0].messages
    assert [(m.kind, m.text) for m in msgs] == [
        ("media", "[转账]"), ("media", "[应用消息]"), ("media", "[其他消息]"), ("media", "[链接]"),
        ("system", '你邀请"周宁"加入了群聊')]


def test_trailing_empty_field_is_fine_but_extra_values_are_a_problem():
    good = ["1", GROUP_ID, "1", "0", "0", "1700000000", "2", "你好", "", "", "林晓", "wxid_l", ""]
    bad = ["2", GROUP_ID, "1", "0", "0", "1700000000", "2", "你好", "", "", "林晓", "wxid_l", "多出来"]
    no_talker = ["3", "", "1", "0", "0", "1700000000", "2", "你好", "", "", "林晓", "wxid_l"]
    bad_time = ["4", GROUP_ID, "1", "0", "0", "yesterday", "2", "你好", "", "", "林晓", "wxid_l"]
    result = parse_wechat_csv(csv_text(WECHAT_OLD_HEADER, [good, bad, no_talker, bad_time]), "g.csv")
    assert [m.key for m in result.chats[0].messages] == ["1"]
    assert en(result.problems) == [
        "record 2: 13 fields, expected 12 (an unquoted comma?)",
        "record 3: TalkerId is empty",
        "record 4: CreateTime “yesterday” is not a time",
    ]


def test_unknown_header_is_an_input_error_naming_file_and_columns():
    with pytest.raises(InputError) as e:
        parse_wechat_csv("时间,发送人,内容\n2024-01-01,林晓,你好\n", "导出.csv")
    message = str(e.value)
    assert "导出.csv" in message
    assert "时间, 发送人, 内容" in message
    assert ", ".join(OLD_COLUMNS) in message and ", ".join(NEW_COLUMNS) in message


def test_empty_file_is_an_input_error():
    with pytest.raises(InputError, match="空.csv"):
        parse_wechat_csv("", "空.csv")


def test_header_only_gives_no_chats():
    result = parse_wechat_csv(",".join(WECHAT_OLD_HEADER) + "\n", "g.csv")
    assert (result.chats, en(result.problems)) == ([], [])


# ---- WeChat, newer exporter --------------------------------------------------------------------------


@pytest.fixture
def new_export(tmp_path):
    path = write_wechat_new_csv(tmp_path)
    text, _ = read_text_file_with_encoding(path)
    return parse_wechat_csv(text, path.name)


def test_new_csv_chats_are_rooms_in_first_seen_order(new_export):
    assert [(c.key, c.title, c.index, len(c.messages)) for c in new_export.chats] == [
        (TEAM_ROOM, TEAM_ROOM, 1, 7), ("wxid_chenyu88", "wxid_chenyu88", 2, 2)]
    assert en(new_export.problems) == ["record 10: CreateTime “明天上午” is not a time"]


def test_new_csv_messages(new_export):
    team = _by_key(new_export.chats[0])
    assert (team["1"].sender, team["1"].sender_id, team["1"].is_self, team["1"].text) == (
        "wxid_sunli", "wxid_sunli", False, "周六的团建定在哪？")
    assert team["1"].time == _local(2024, 10, 4, 11, 42)
    assert team["1"].line == 1
    assert (team["2"].kind, team["2"].text) == ("media", "[图片]")
    assert (team["3"].sender, team["3"].is_self, team["3"].sender_id) == ("我", True, None)
    assert (team["4"].kind, team["4"].text) == ("media", "[表情]")
    assert (team["6"].kind, team["6"].text, team["6"].sender) == ("system", '"周宁"加入了群聊', "")
    assert (team["7"].kind, team["7"].text) == ("text", "森林公园门票预约 https://example.com/park?day=sat&n=8")
    assert team["7"].time == _local(2024, 10, 4, 12, 5, 30)
    private = _by_key(new_export.chats[1])
    assert [(m.sender, m.text) for m in private.values()] == [("wxid_chenyu88", "明天的会改到下午"), ("我", "收到")]
    assert private["8"].time == _local(2024, 10, 5, 9, 5)


def test_new_csv_flattened_quote(new_export):
    quote = _by_key(new_export.chats[0])["5"]
    assert (quote.text, quote.quote, quote.quote_sender, quote.reply_to) == (
        "好，几点出发？", "去森林公园吧，我来订车", "我", "3")


def test_new_csv_with_json_content_column():
    header = ["id", "MsgSvrID", "type_name", "is_sender", "talker", "room_name", "content", "CreateTime"]
    rows = [["1", "9", "文本", "0", "wxid_a", "wxid_a", '{"src": "", "msg": "你好呀"}', "2024-10-04 08:00:00"]]
    [chat] = parse_wechat_csv(csv_text(header, rows), "old_pywxdump.csv").chats
    assert chat.messages[0].text == "你好呀"


def test_new_csv_header_is_recognised_in_any_case_and_order():
    header = [c.upper() for c in reversed(WECHAT_NEW_HEADER)]
    row = list(reversed(["1", "9", "文本", "1", "我", "wxid_a", "好的", "", "2024/1/2 3:04"]))
    [chat] = parse_wechat_csv(csv_text(header, [row]), "x.csv").chats
    m = chat.messages[0]
    assert (m.sender, m.is_self, m.text, m.time) == ("我", True, "好的", _local(2024, 1, 2, 3, 4))


# ---- QQ --------------------------------------------------------------------------------------------------


@pytest.fixture(params=["utf-8-sig", "gbk"])
def qq_file(request, tmp_path):
    path = write_qq_txt(tmp_path, request.param)
    text, encoding = read_text_file_with_encoding(path)
    return parse_qq_txt(text, path.name), encoding, path.read_bytes(), request.param


def test_qq_file_bytes_and_decoding(qq_file):
    _, encoding, raw, written = qq_file
    if written == "gbk":
        assert encoding in ("gbk", "gb18030")
        assert not raw.startswith(b"\xef\xbb\xbf")
        assert "周末羽毛球群".encode("gbk") in raw
    else:
        assert raw.startswith(b"\xef\xbb\xbf")
        assert encoding == "utf-8"
    assert b"\r\n" in raw


def test_qq_sections_become_chats(qq_file):
    result = qq_file[0]
    assert result.format == "qq_txt"
    assert en(result.problems) == []
    assert [(c.key, c.title, c.index) for c in result.chats] == [
        ("周末羽毛球群", "周末羽毛球群", 1), ("装修讨论组", "装修讨论组", 2)]
    for chat in result.chats:
        assert [m.key for m in chat.messages] == [str(i) for i in range(1, len(chat.messages) + 1)]
        assert [m.line for m in chat.messages] == QQ_HEADER_LINES[chat.title]


def test_qq_header_variants(qq_file):
    msgs = _by_key(qq_file[0].chats[0])
    # 【管理员】 / 【群主】 titles are not part of the name
    assert (msgs["1"].sender, msgs["1"].sender_id, msgs["1"].text) == ("阿杰", "10001", "明天几点？")
    assert (msgs["5"].sender, msgs["5"].sender_id) == ("老周", "30003")
    # e-mail senders; a multi-line message without the blank line before the next header
    assert (msgs["2"].sender, msgs["2"].sender_id, msgs["2"].text) == (
        "小雨", "xiaoyu@example.com", "下午三点，老地方\n记得带球拍")
    # a nickname with parentheses of its own: the LAST (digits) is the QQ number
    assert (msgs["3"].sender, msgs["3"].sender_id) == ("小王(销售部)", "20002")
    assert all(m.is_self is None for m in msgs.values())


def test_qq_times(qq_file):
    msgs = _by_key(qq_file[0].chats[0])
    assert msgs["1"].time == _local(2023, 6, 12, 9, 14, 3)
    assert msgs["3"].time == _local(2023, 6, 12, 9, 5, 3)  # "9:5:3"
    assert msgs["6"].time == _local(2023, 6, 12, 20, 43, 38)  # "8:43:38 PM"
    assert msgs["7"].time == _local(2023, 6, 12, 21, 1, 2)  # "下午 9:01:02"
    assert msgs["8"].time == _local(2023, 6, 13, 0, 15, 0)  # "12:15:00 AM"


def test_qq_kinds(qq_file):
    msgs = _by_key(qq_file[0].chats[0])
    kinds = {k: m.kind for k, m in msgs.items()}
    assert kinds == {"1": "text", "2": "text", "3": "media", "4": "system", "5": "system", "6": "media",
                     "7": "text", "8": "text"}
    assert (msgs["4"].sender, msgs["4"].sender_id, msgs["4"].text) == ("系统消息", "10000", "小王(20002) 加入了本群")
    assert msgs["5"].text == "阿杰撤回了一条消息"
    assert msgs["6"].text == "[表情][表情]"
    assert msgs["7"].text == "@小雨 晚上别忘了，邮件发 xiaoyu@example.com"


def test_qq_discussion_group_bare_nicknames(qq_file):
    msgs = _by_key(qq_file[0].chats[1])
    assert [(m.sender, m.sender_id) for m in msgs.values()] == [("林晓", None), ("赵磊", None)]
    # a date-time at the start of a message line (no blank line before it) is not a header
    assert msgs["2"].text == "还在比较两家的报价\n2023-07-02 10:00:00 去门店再看一次"
    assert msgs["1"].time == _local(2023, 7, 1, 10, 0, 0)


def test_qq_notes(qq_file):
    assert en(qq_file[0].notes) == ["2 system messages (recalls, notices).", "2 image/sticker-only messages."]


def test_qq_same_text_from_utf8_and_gbk(tmp_path):
    parsed = []
    for encoding in ("utf-8-sig", "gbk"):
        text, _ = read_text_file_with_encoding(write_qq_txt(tmp_path, encoding))
        parsed.append(parse_qq_txt(text, "x.txt").chats)
    assert parsed[0] == parsed[1]


def test_qq_without_sections_uses_the_file_name_and_keeps_inner_blank_lines():
    text = ("2024-03-01 10:00:00 阿杰(10001)\n第一段\n\n第二段\n\n\n"
            "2024-03-01 10:01:00 小雨(10002)\n好\n")
    [chat] = parse_qq_txt(text, "和阿杰的聊天.txt").chats
    assert (chat.key, chat.title) == ("和阿杰的聊天", "和阿杰的聊天")
    assert [(m.sender, m.text) for m in chat.messages] == [("阿杰", "第一段\n\n第二段"), ("小雨", "好")]


def test_qq_chinese_morning_evening_and_lowercase_forms():
    text = ("2024-03-01 上午 12:30:00 甲(10001)\n一\n\n2024-03-01 中午 1:05:00 乙(10002)\n二\n\n"
            "2024-03-01 晚上 8:00:00 丙(10003)\n三\n\n2024-03-01 9:00:00 pm 丁(10004)\n四\n\n"
            "2024-03-01 9:00:00 Amy(10005)\n五\n")
    msgs = parse_qq_txt(text, "x.txt").chats[0].messages
    assert [m.time for m in msgs] == [_local(2024, 3, 1, 0, 30), _local(2024, 3, 1, 13, 5),
                                      _local(2024, 3, 1, 20, 0), _local(2024, 3, 1, 21, 0),
                                      _local(2024, 3, 1, 9, 0)]
    assert [m.sender for m in msgs] == ["甲", "乙", "丙", "丁", "Amy"]


def test_qq_duplicate_chat_names_get_unique_keys_and_empty_chats_are_noted():
    block = "================================================================\n消息对象:{}\n" \
            "================================================================\n\n"
    text = (block.format("家人") + "2024-01-01 8:00:00 妈妈(10001)\n吃饭了吗\n\n" + block.format("家人")
            + "2024-01-02 8:00:00 爸爸(10002)\n下雨了\n\n" + block.format("空的群"))
    result = parse_qq_txt(text, "x.txt")
    assert [(c.key, c.title, len(c.messages)) for c in result.chats] == [
        ("家人", "家人", 1), ("家人 #2", "家人", 1), ("空的群", "空的群", 0)]
    assert "Chat “空的群” has no messages." in en(result.notes)


def test_qq_invalid_date_is_a_problem_but_the_message_is_kept():
    text = "2023-02-30 10:00:00 阿杰(10001)\n这天不存在\n"
    result = parse_qq_txt(text, "x.txt")
    [m] = result.chats[0].messages
    assert (m.text, m.time, m.line) == ("这天不存在", None, 1)
    assert en(result.problems) == [
        "line 1: the time “2023-02-30 10:00:00 阿杰(10001)” is not a valid date; the message is kept without "
        "a time"]


def test_qq_long_recall_mention_stays_text():
    text = "2024-01-01 8:00:00 阿杰(10001)\n昨天我说的那句话，你是不是看到之后我才撤回了一条消息？我想确认一下那条消息\n"
    [m] = parse_qq_txt(text, "x.txt").chats[0].messages
    assert m.kind == "text"


def test_qq_file_without_headers_is_an_input_error():
    with pytest.raises(InputError) as e:
        parse_qq_txt("这只是一篇普通的笔记。\n第二行。\n", "笔记.txt")
    message = str(e.value)
    assert "笔记.txt" in message
    assert "2023-06-12 9:14:03 阿杰(10001)" in message


def test_qq_record_fixture_is_gbk_encodable():
    assert QQ_RECORD.encode("gbk").decode("gbk") == QQ_RECORD


def test_old_csv_time_falls_back_to_strtime_when_createtime_is_broken():
    rows = [["1", GROUP_ID, "1", "0", "0", "坏", "2", "你好", "2023-06-12 09:20:00", "", "林晓", "wxid_l"],
            ["2", GROUP_ID, "1", "0", "0", "2023-06-12 09:21:00", "2", "在", "", "", "林晓", "wxid_l"],
            ["3", GROUP_ID, "1", "0", "0", "1686561600000", "2", "毫秒", "", "", "林晓", "wxid_l"]]
    result = parse_wechat_csv(csv_text(WECHAT_OLD_HEADER, rows), "g.csv")
    assert [m.time for m in result.chats[0].messages] == [
        _local(2023, 6, 12, 9, 20), _local(2023, 6, 12, 9, 21), 1686561600.0]
    assert en(result.problems) == []
