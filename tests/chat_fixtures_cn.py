"""Small, realistic Chinese chat exports written by the tests themselves: WeChat CSV (both
exporters' column sets) and QQ's .txt message record. Every person, number and address is made up.

Each writer returns the path it wrote. The expected values the tests check are spelled out next
to the data (keys, line numbers), so a change here shows up as a clear test failure.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

# ---- WeChat, older exporter (one file per chat, UTF-8 with BOM) --------------------------------------

WECHAT_OLD_HEADER = ["localId", "TalkerId", "Type", "SubType", "IsSender", "CreateTime", "Status",
                     "StrContent", "StrTime", "Remark", "NickName", "Sender"]
GROUP_ID = "28000000001@chatroom"
ZHAO_LEI_SOFA = "沙发报价发我一下[捂脸]\n急用，谢谢，周末要定"  # quoted later; has a newline and commas

_QUOTE_XML = (
    '<?xml version="1.0"?>\n<msg><appmsg appid="" sdkver="0"><title>好的，稍等，报价单马上发您</title>'
    "<des></des><type>57</type><url></url>"
    "<refermsg><type>1</type><svrid>7012345678901234567</svrid><fromusr>" + GROUP_ID + "</fromusr>"
    "<chatusr>wxid_zhaolei05</chatusr><displayname>赵磊</displayname>"
    "<content>" + ZHAO_LEI_SOFA + "</content><createtime>1686532460</createtime></refermsg>"
    "</appmsg><fromusername>wxid_linxiao01</fromusername></msg>")
_LINK_XML = (
    "<msg><appmsg><title>星河家居 2024 夏季沙发报价单</title><des>三人位、转角款报价</des><type>5</type>"
    "<url>https://example.com/quote?id=42&amp;v=2</url></appmsg></msg>")
# Cut off in the middle (real exports truncate long XML): read by the regex fallback.
_BROKEN_QUOTE_XML = (
    "<msg><appmsg><title>这张图里是哪一款？</title><type>57</type><refermsg><type>3</type>"
    "<displayname>赵磊</displayname><content>wxid_zhaolei05:\n&lt;msg&gt;&lt;img length=\"2048\" /&gt;"
    "&lt;/msg&gt;</content><createtime>1686532480")
_REVOKE_XML = ('<sysmsg type="revokemsg"><revokemsg><session>' + GROUP_ID + "</session>"
               "<replacemsg><![CDATA[\"赵磊\" 撤回了一条消息]]></replacemsg></revokemsg></sysmsg>")


def wechat_old_rows() -> list[list[str]]:
    """Rows of the group chat (record numbers 1…15; records 13 and 14 are broken on purpose)."""
    zhao = ["", "赵磊", "wxid_zhaolei05"]
    lin = ["林顾问", "林晓", "wxid_linxiao01"]
    me = ["", "", ""]
    base = 1686532400  # 2023-06-12 09:13:20 in UTC+8
    rows = [
        ["1", GROUP_ID, "10000", "0", "0", str(base), "2", '"林晓"邀请"赵磊"加入了群聊', "", "", "", ""],
        ["2", GROUP_ID, "1", "0", "0", str(base + 43), "2", "各位好，我是星河家居的顾问林晓", "", *lin],
        ["3", GROUP_ID, "1", "0", "0", str(base + 60), "2", ZHAO_LEI_SOFA, "", *zhao],
        ["4", GROUP_ID, "3", "0", "0", str(base + 70), "2", "", "", *zhao],
        ["5", GROUP_ID, "47", "0", "1", str(base + 75), "2", "", "", *me],
        ["6", GROUP_ID, "49", "57", "0", str(base + 90), "2", _QUOTE_XML, "", *lin],
        ["7", GROUP_ID, "49", "5", "0", str(base + 95), "2", _LINK_XML, "", *lin],
        ["8", GROUP_ID, "1", "0", "1", str(base + 100), "2", "我也想看看，@林晓\u2005麻烦也发我一份", "", *me],
        ["9", GROUP_ID, "49", "57", "0", str(base + 110), "2", _BROKEN_QUOTE_XML, "", *zhao],
        ["10", GROUP_ID, "10002", "0", "0", str(base + 120), "2", _REVOKE_XML, "", "", "", ""],
        ["11", GROUP_ID, "49", "6", "0", str(base + 130), "2", "", "", *lin],
        ["12", GROUP_ID, "34", "0", "0", str(base + 140), "2", "", "", *zhao],
        ["13", GROUP_ID, "1", "0"],  # cut short
        ["14", GROUP_ID, "abc", "0", "0", str(base + 150), "2", "类型坏了", "", *zhao],
        ["15", GROUP_ID, "1", "0", "0", "", "2", "电话138xxxx1234，周末送货", "2023-06-12 09:20:00", *zhao],
    ]
    return rows


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        # the csv module pads nothing: a short row stays short, as in a truncated export
        writer.writerow(row)
    return out.getvalue()


def write_wechat_old_csv(folder: Path, name: str = "周末羽毛球群_utf8.csv") -> Path:
    """The older exporter's CSV of one group chat, UTF-8 with BOM and CRLF line ends."""
    path = Path(folder) / name
    text = csv_text(WECHAT_OLD_HEADER, wechat_old_rows())
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8-sig"))
    return path


def wechat_old_private_text() -> str:
    """A private chat in the older layout: the name columns describe the contact on every row."""
    contact = ["陈老师", "Chen 雨", "wxid_chenyu88"]
    rows = [
        ["101", "wxid_chenyu88", "1", "0", "0", "1700000000", "2", "明天的课改到下午三点", "", *contact],
        ["102", "wxid_chenyu88", "1", "0", "1", "1700000060", "2", "收到，谢谢陈老师", "", *contact],
    ]
    return csv_text(WECHAT_OLD_HEADER, rows)


# ---- WeChat, newer exporter (type_name in Chinese, local times) ----------------------------------------

WECHAT_NEW_HEADER = ["id", "MsgSvrID", "type_name", "is_sender", "talker", "room_name", "msg", "src",
                     "CreateTime"]
TEAM_ROOM = "28000000002@chatroom"


def wechat_new_rows() -> list[list[str]]:
    """Records 1…7 in the team group, 8…9 a private chat, 10 has a broken time."""
    link = ("森林公园门票预约\n周末需提前一天预约\n\n"
            '<a href="https://example.com/park?day=sat&amp;n=8">点击查看详情</a>')
    return [
        ["1", "7001", "文本", "0", "wxid_sunli", TEAM_ROOM, "周六的团建定在哪？", "", "2024/10/4 11:42"],
        ["2", "7002", "图片", "0", "wxid_sunli", TEAM_ROOM, "图片",
         "FileStorage\\MsgAttach\\9e2f\\Image\\2024-10\\a1b2c3.dat", "2024/10/4 11:43"],
        ["3", "7003", "文本", "1", "我", TEAM_ROOM, "去森林公园吧，我来订车", "", "2024/10/4 11:45"],
        ["4", "7004", "动画表情", "1", "我", TEAM_ROOM, "表情", "http://emoji.example.com/x.gif",
         "2024/10/4 11:45"],
        ["5", "7005", "引用回复", "0", "wxid_sunli", TEAM_ROOM,
         "好，几点出发？\n\n[引用](2024-10-04 11:45:00)我:去森林公园吧，我来订车", "", "2024/10/4 11:50"],
        ["6", "7006", "系统通知", "0", "", TEAM_ROOM, '"周宁"加入了群聊', "", "2024/10/4 12:00"],
        ["7", "7007", "卡片式链接", "0", "wxid_zhouning", TEAM_ROOM, link, "https://example.com/park",
         "2024-10-04 12:05:30"],
        ["8", "7008", "文本", "0", "wxid_chenyu88", "wxid_chenyu88", "明天的会改到下午", "", "2024/10/5 9:05"],
        ["9", "7009", "文本", "1", "我", "wxid_chenyu88", "收到", "", "2024/10/5 9:06"],
        ["10", "7010", "文本", "0", "wxid_sunli", TEAM_ROOM, "时间坏了", "", "明天上午"],
    ]


def write_wechat_new_csv(folder: Path, name: str = "wxid_team_0_5001.csv") -> Path:
    """The newer exporter's CSV (UTF-8 without BOM, as it writes it): a group and a private chat."""
    path = Path(folder) / name
    path.write_text(csv_text(WECHAT_NEW_HEADER, wechat_new_rows()), encoding="utf-8", newline="")
    return path


# ---- QQ message record ------------------------------------------------------------------------------

# Line numbers (1-based) of the message headers, checked by the tests.
QQ_HEADER_LINES = {"周末羽毛球群": [9, 12, 16, 19, 22, 25, 28, 31], "装修讨论组": [40, 43]}

QQ_RECORD = """消息记录（此消息记录为文本格式，不支持重新导入）

================================================================
消息分组:我的群聊
================================================================
消息对象:周末羽毛球群
================================================================

2023-06-12 9:14:03 【管理员】阿杰(10001)
明天几点？

2023-06-12 9:15:10 小雨<xiaoyu@example.com>
下午三点，老地方
记得带球拍

2023-06-12 9:5:3 小王(销售部)(20002)
[图片]

2023-06-12 9:20:00 系统消息(10000)
小王(20002) 加入了本群

2023-06-12 9:21:15 【群主】老周(30003)
阿杰撤回了一条消息

2023-06-12 8:43:38 PM 小雨<xiaoyu@example.com>
[表情][表情]

2023-06-12 下午 9:01:02 阿杰(10001)
@小雨 晚上别忘了，邮件发 xiaoyu@example.com

2023-06-13 12:15:00 AM 老周(30003)
都早点睡

================================================================
消息分组:讨论组
================================================================
消息对象:装修讨论组
================================================================

2023-07-01 10:00:00 林晓
客厅的沙发选好了吗？

2023-07-01 10:02:30 赵磊
还在比较两家的报价
2023-07-02 10:00:00 去门店再看一次

"""


def write_qq_txt(folder: Path, encoding: str = "utf-8-sig", name: str | None = None) -> Path:
    """QQ's message record with every header variant, CRLF line ends (as QQ on Windows writes),
    in ``encoding`` ("utf-8-sig" = UTF-8 with BOM, or "gbk")."""
    path = Path(folder) / (name or f"QQ记录_{encoding}.txt")
    path.write_bytes(QQ_RECORD.replace("\n", "\r\n").encode(encoding))
    return path
