"""Small, realistic chat exports of every layout, written into a folder by the tests themselves.
Everyone in them is made up. Other test modules import the writers (and the data builders, to
compare what a reader returns with what was written).

Writers (each returns the path of the file it wrote):
- write_competition_json: iFlytek-style labelled chats (WeCom quote blocks, [图片], [玫瑰], @mentions,
  URLs, repeated lines, 21-key infos)
- write_messages_json / write_messages_jsonl: generic message lists
- write_telegram_single / write_telegram_full: Telegram Desktop result.json (one chat / whole account)
- write_discord_json: DiscordChatExporter JSON
- write_wechat_csv: a WeChat exporter CSV (old or new columns); write_qq_txt: a QQ message record
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# ---- competition --------------------------------------------------------------------------------------

# The 21 label keys of the competition's "infos", with their empty value ("" or [] for list keys).
INFO_KEYS: dict[str, Any] = {
    "基本信息-姓名": "", "基本信息-手机号码": "", "基本信息-邮箱": "", "基本信息-地区": "",
    "基本信息-详细地址": "", "基本信息-性别": "", "基本信息-年龄": "", "基本信息-生日": "",
    "咨询类型": [], "意向产品": [], "购买异议点": [],
    "客户预算-预算是否充足": "", "客户预算-总体预算金额": "", "客户预算-预算明细": "",
    "竞品信息": "", "客户是否有意向": "", "客户是否有卡点": "", "客户购买阶段": "",
    "下一步跟进计划-参与人": [], "下一步跟进计划-时间点": "", "下一步跟进计划-具体事项": "",
}


def info(**values: Any) -> dict[str, Any]:
    """One customer's labels: all 21 keys, the given ones filled (keys use "_" for "-")."""
    labels = {k: (list(v) if isinstance(v, list) else v) for k, v in INFO_KEYS.items()}
    for key, value in values.items():
        key = key.replace("_", "-")
        assert key in labels, key
        labels[key] = value
    return labels


# Record 1: a furniture shop. Two WeCom quote blocks (one quoting a two-line message), a mention,
# a URL, text emoji, a three-times repeated line and a "地址：" line that is not a speaker.
CHAT_1 = "\n".join([
    "林晓2：各位好，我是星河家居的顾问林晓，有问题随时@林晓2 [玫瑰]",
    "赵磊5：沙发报价发我一下[图片]",
    "林晓2：这是一条引用/回复消息：",
    "“赵磊5：",
    "沙发报价发我一下[图片]”",
    "------",
    "好的，稍等",
    "我整理一下发您",
    "林晓2：报价单在这里 https://example.com/quote/2023-118 请查收[玫瑰]",
    "赵磊5：@林晓2 收到，谢谢[玫瑰]",
    "赵磊5：电话138xxxx1234，周末送货",
    "地址：滨江区星光路8号",
    "周文3：收到",
    "周文3：收到",
    "周文3：收到",
    "林晓2：这是一条引用/回复消息：",
    "“赵磊5：电话138xxxx1234，周末送货",
    "地址：滨江区星光路8号”",
    "------",
    "好的，周六上午安排送货",
])

# Record 2: an education consultant. A quote in straight quotes on one line with the marker,
# an image on its own, and a customer who answers a quote with a quote.
CHAT_2 = "\n".join([
    "陈思1：您好，孩子今年几年级了？",
    "王芳7：初二，数学比较弱",
    "王芳7：[图片]",
    "王芳7：这是孩子上次的卷子",
    '陈思1：这是一条引用/回复消息："王芳7：初二，数学比较弱"',
    "------",
    "我们有初二数学提升班，每周两次课",
    "王芳7：这是一条引用/回复消息：",
    "“陈思1：我们有初二数学提升班，每周两次课”",
    "------",
    "费用大概多少？预算在5000左右",
    "陈思1：一学期4800，详情见 https://example.org/course/math8",
])

# Record 3: a car dealer, two customers, and a quote block without the ------ line.
CHAT_3 = "\n".join([
    "刘洋4：各位好，本周末店里有试驾活动",
    "孙悦8：@刘洋4 我想试驾那款混动SUV",
    "何军6：我也想去，周六下午可以吗",
    "刘洋4：这是一条引用/回复消息：",
    "“孙悦8：@刘洋4 我想试驾那款混动SUV”",
    "可以的，周六上午十点给您安排",
    "孙悦8：好的[握手]",
    "何军6：我的邮箱是hejun@example.com，资料发我一份",
])

INFOS_1 = [info(基本信息_姓名="赵磊", 基本信息_手机号码="138xxxx1234", 基本信息_详细地址="滨江区星光路8号",
                咨询类型=["报价"], 意向产品=["沙发"], 客户是否有意向="有意向", 客户是否有卡点="无卡点",
                客户购买阶段="方案交流", 下一步跟进计划_参与人=["林晓2"], 下一步跟进计划_时间点="周六上午",
                下一步跟进计划_具体事项="送货")]
INFOS_2 = [info(基本信息_姓名="王芳", 咨询类型=["课程"], 意向产品=["初二数学提升班"], 购买异议点=["价格"],
                客户预算_预算是否充足="充足", 客户预算_总体预算金额="5000", 客户是否有意向="有意向",
                客户是否有卡点="有卡点", 客户购买阶段="价格谈判")]
INFOS_3 = [info(基本信息_姓名="孙悦", 意向产品=["混动SUV"], 客户是否有意向="有意向", 客户购买阶段="试驾",
                下一步跟进计划_参与人=["刘洋4"], 下一步跟进计划_时间点="周六上午十点", 下一步跟进计划_具体事项="试驾"),
           info(基本信息_姓名="何军", 基本信息_邮箱="hejun@example.com", 意向产品=["混动SUV"],
                客户是否有意向="有意向")]


def competition_records(labels: bool = True) -> list[dict[str, Any]]:
    """The three records, with their "infos" (train.json) or without (test_data.json)."""
    records = [{"chat_text": CHAT_1, "infos": INFOS_1}, {"chat_text": CHAT_2, "infos": INFOS_2},
               {"chat_text": CHAT_3, "infos": INFOS_3}]
    if not labels:
        for r in records:
            del r["infos"]
    return records


def write_competition_json(folder: Path, name: str = "train.json", *, labels: bool = True) -> Path:
    """A competition file of three chats, pretty-printed like the original train.json."""
    return _write_json(folder / name, competition_records(labels), indent=4)


# ---- generic message lists ------------------------------------------------------------------------


def messages_records() -> list[dict[str, Any]]:
    """Two group chats ("group") mixed in one list, with ids, times as strings and a reply."""
    return [
        {"id": 101, "group": "周末羽毛球群", "sender": "阿杰", "content": "明天几点打球？",
         "time": "2023-06-12 09:14:03"},
        {"id": 102, "group": "周末羽毛球群", "sender": "小雨", "content": "下午三点，老地方",
         "time": "2023-06-12 09:15:10", "reply_to": 101},
        {"id": 201, "group": "读书会", "sender": "陈老师", "content": "本周读《城南旧事》第三章",
         "time": "2023-06-12 20:00:00"},
        {"id": 103, "group": "周末羽毛球群", "sender": "阿杰", "content": "好的，我带球拍\n再带两瓶水",
         "time": "2023-06-12 09:16:45"},
        {"id": 202, "group": "读书会", "sender": "李娜", "content": "收到[OK]", "time": "2023-06-12 20:03:12",
         "reply_to": 201},
    ]


def write_messages_json(folder: Path, name: str = "messages.json") -> Path:
    """A JSON array: :func:`messages_records`."""
    return _write_json(folder / name, messages_records(), indent=2)


def messages_jsonl_records() -> list[dict[str, Any]]:
    """One chat in other field names: from/text/timestamp (unix ms)/msg_id/reply_to_message_id."""
    return [
        {"msg_id": "a1", "from": "周宁", "text": "今晚的直播几点开始？", "timestamp": 1686560400000},
        {"msg_id": "a2", "from": "主播小K", "text": "八点整，记得提前进来", "timestamp": 1686560460000,
         "reply_to_message_id": "a1"},
        {"msg_id": "a3", "from": "周宁", "text": "好嘞[耶]", "timestamp": 1686560520000},
    ]


def write_messages_jsonl(folder: Path, name: str = "messages.jsonl", *, bad_line: bool = False) -> Path:
    """One message object per line; ``bad_line`` puts a broken line 2 in (so the records are on
    lines 1, 3, 4)."""
    lines = [json.dumps(r, ensure_ascii=False) for r in messages_jsonl_records()]
    if bad_line:
        lines.insert(1, '{"msg_id": "x", "from": "周宁", "text": "少了引号}')
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# ---- Telegram -------------------------------------------------------------------------------------------


def telegram_chat() -> dict[str, Any]:
    """One Telegram chat: plain text, a reply with rich text, a service message, a photo without
    caption, a sticker, a file, a deleted account, a message with only "date"."""
    return {
        "name": "城市骑行爱好者", "type": "private_supergroup", "id": 1234567,
        "messages": [
            {"id": 10, "type": "message", "date": "2023-06-12T09:14:03", "date_unixtime": "1686532443",
             "from": "王小川", "from_id": "user111", "text": "周六早上七点集合",
             "text_entities": [{"type": "plain", "text": "周六早上七点集合"}]},
            {"id": 11, "type": "message", "date": "2023-06-12T09:15:00", "date_unixtime": "1686532500",
             "from": "李朵", "from_id": "user222", "reply_to_message_id": 10,
             "text": ["看这个路线 ", {"type": "link", "text": "https://example.com/route/42"}, " 怎么样"],
             "text_entities": [{"type": "plain", "text": "看这个路线 "},
                               {"type": "link", "text": "https://example.com/route/42"},
                               {"type": "plain", "text": " 怎么样"}]},
            {"id": 12, "type": "service", "date": "2023-06-12T09:16:00", "date_unixtime": "1686532560",
             "actor": "王小川", "actor_id": "user111", "action": "invite_members", "members": ["赵一"],
             "text": "", "text_entities": []},
            {"id": 13, "type": "message", "date": "2023-06-12T09:17:00", "date_unixtime": "1686532620",
             "from": "赵一", "from_id": "user333", "photo": "photos/photo_1.jpg", "width": 800, "height": 600,
             "text": "", "text_entities": []},
            {"id": 14, "type": "message", "date": "2023-06-12T09:18:00", "date_unixtime": "1686532680",
             "from": "李朵", "from_id": "user222", "file": "stickers/sticker.webp", "media_type": "sticker",
             "sticker_emoji": "👍", "text": "", "text_entities": []},
            {"id": 15, "type": "message", "date": "2023-06-12T09:19:00", "date_unixtime": "1686532740",
             "from": None, "from_id": "user444", "text": "我也报名"},
            {"id": 16, "type": "message", "date": "2023-06-12T09:20:00", "date_unixtime": "1686532800",
             "from": "王小川", "from_id": "user111", "file": "files/路线说明.pdf", "mime_type": "application/pdf",
             "text": "", "text_entities": []},
            {"id": 17, "type": "message", "date": "2023-06-12T09:21:30",
             "from": "赵一", "from_id": "user333", "reply_to_message_id": 16,
             "text": [{"type": "bold", "text": "收到"}, "，谢谢"]},
        ],
    }


def write_telegram_single(folder: Path, name: str = "result.json") -> Path:
    """A one-chat export: :func:`telegram_chat`."""
    return _write_json(folder / name, telegram_chat(), indent=1)


def telegram_account() -> dict[str, Any]:
    """A whole-account export: the group, a private chat, and a left group in "left_chats"."""
    private = {"name": "林老师", "type": "personal_chat", "id": 555, "messages": [
        {"id": 1, "type": "message", "date": "2023-06-13T08:00:00", "date_unixtime": "1686643200",
         "from": "林老师", "from_id": "user555", "text": "作业记得交"},
        {"id": 2, "type": "message", "date": "2023-06-13T08:05:00", "date_unixtime": "1686643500",
         "from": "王小川", "from_id": "user111", "text": "好的老师", "reply_to_message_id": 1},
    ]}
    left = {"name": "二手交易群", "type": "public_supergroup", "id": 777, "messages": [
        {"id": 5, "type": "message", "date": "2023-05-01T10:00:00", "date_unixtime": "1682935200",
         "from": "陈默", "from_id": "user777", "text": "出一辆九成新公路车"},
    ]}
    return {"about": "Here is the data you requested.",
            "personal_information": {"first_name": "小川", "last_name": "王"},
            "chats": {"about": "This page lists all chats from this export.", "list": [telegram_chat(), private]},
            "left_chats": {"about": "Chats you left.", "list": [left]}}


def write_telegram_full(folder: Path, name: str = "result.json") -> Path:
    """A whole-account export: :func:`telegram_account`."""
    return _write_json(folder / name, telegram_account(), indent=1)


# ---- Discord --------------------------------------------------------------------------------------------


def discord_export() -> dict[str, Any]:
    """One channel: a message, a reply, a member join, an image without text, a nickname-less author."""
    def author(id_: str, name: str, nickname: str | None) -> dict[str, Any]:
        return {"id": id_, "name": name, "discriminator": "0000", "nickname": nickname, "isBot": False,
                "roles": []}

    return {
        "guild": {"id": "9001", "name": "独立游戏开发者", "iconUrl": "https://cdn.example.com/icon.png"},
        "channel": {"id": "8001", "type": "GuildTextChat", "categoryId": "7001", "category": "交流区",
                    "name": "美术讨论", "topic": None},
        "dateRange": {"after": None, "before": None},
        "messages": [
            {"id": "1001", "type": "Default", "timestamp": "2023-06-12T09:14:03.123+08:00",
             "timestampEdited": None, "isPinned": False, "content": "大家觉得这版角色配色怎么样？",
             "author": author("u1", "mori_art", "森森"), "attachments": [], "embeds": [], "stickers": [],
             "reactions": [], "mentions": []},
            {"id": "1002", "type": "Reply", "timestamp": "2023-06-12T01:20:00+00:00", "timestampEdited": None,
             "isPinned": False, "content": "饱和度可以再低一点", "author": author("u2", "qinghe", None),
             "reference": {"messageId": "1001", "channelId": "8001", "guildId": "9001"},
             "attachments": [], "embeds": [], "stickers": [], "reactions": [], "mentions": []},
            {"id": "1003", "type": "GuildMemberJoin", "timestamp": "2023-06-12T01:21:00+00:00",
             "content": "", "author": author("u3", "newbie", None), "attachments": [], "embeds": []},
            {"id": "1004", "type": "Default", "timestamp": "2023-06-12T01:22:00+00:00", "content": "",
             "author": author("u1", "mori_art", "森森"),
             "attachments": [{"id": "a1", "url": "https://cdn.example.com/v2.png", "fileName": "v2.png",
                              "fileSizeBytes": 20480}], "embeds": [], "stickers": []},
        ],
        "messageCount": 4,
    }


def write_discord_json(folder: Path, name: str = "discord.json") -> Path:
    """A DiscordChatExporter JSON file: :func:`discord_export`."""
    return _write_json(folder / name, discord_export(), indent=2)


# ---- WeChat CSV and QQ txt (read by core.sources.chats.wechat / .qq) -------------------------------------

WECHAT_OLD_CSV = (
    "localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender\n"
    "1,3,1,0,0,1686532443,2,明天几点出发？,2023-06-12 09:14:03,,张伟,wxid_zhangwei\n"
    "2,3,1,0,1,1686532510,2,八点，小区门口集合,2023-06-12 09:15:10,,我,wxid_me\n"
    "3,3,3,0,0,1686532600,2,\"<msg><img length=\"\"1024\"\"/></msg>\",2023-06-12 09:16:40,,张伟,"
    "wxid_zhangwei\n"
)
WECHAT_NEW_CSV = (
    "id,MsgSvrID,type_name,is_sender,talker,room_name,msg,src,CreateTime\n"
    "1,8812345678,文本,0,wxid_zhangwei,周末爬山群,明天几点出发？,,2024/10/4 11:42\n"
    "2,8812345679,图片,0,wxid_lili,周末爬山群,图片,FileStorage/MsgAttach/a.dat,2024/10/4 11:43\n"
    "3,8812345680,文本,1,wxid_me,周末爬山群,八点集合,,2024/10/4 11:45\n"
)


def write_wechat_csv(folder: Path, name: str = "wechat.csv", *, newer: bool = False) -> Path:
    """A WeChat exporter CSV in UTF-8 with a byte-order mark, old columns or (``newer``) new ones."""
    path = folder / name
    path.write_bytes((WECHAT_NEW_CSV if newer else WECHAT_OLD_CSV).encode("utf-8-sig"))
    return path


QQ_TXT = """消息记录（此消息记录为文本格式，不支持重新导入）

================================================================
消息分组:我的群聊
================================================================
消息对象:周末羽毛球群
================================================================

2023-06-12 9:14:03 阿杰(10001)
明天几点？

2023-06-12 9:15:10 小雨<xiaoyu@example.com>
下午三点，老地方
[图片]

2023-06-12 9:16:02 【管理员】老周(王)(10003)
记得带球拍
"""


def write_qq_txt(folder: Path, name: str = "qq.txt", *, encoding: str = "gb18030") -> Path:
    """A QQ message record, saved as GBK (as QQ does) unless ``encoding`` says otherwise."""
    path = folder / name
    path.write_bytes(QQ_TXT.replace("\n", "\r\n").encode(encoding))
    return path


def _write_json(path: Path, value: Any, indent: int | None = None) -> Path:
    path.write_text(json.dumps(value, ensure_ascii=False, indent=indent), encoding="utf-8")
    return path
