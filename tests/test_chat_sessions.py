"""Chat messages → sessions → dialogue turns (core.sources.chats.sessions). All chats made up."""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise

import pytest

from core.errors import InputError
from core.messages import render
from core.model import Turn
from core.sources.chats.model import Chat, ChatMessage
from core.sources.chats.sessions import (
    DialogueOptions,
    SessionOptions,
    guess_assistants,
    render_transcript,
    resolve_quotes,
    sender_counts,
    session_turns,
    split_sessions,
)

# local wall-clock time, so render_transcript (which shows local time) gives it back in any zone
T0 = datetime(2023, 6, 12, 9, 14).timestamp()
DAY = 86400.0


def msg(key, sender, text, t=None, **kw) -> ChatMessage:
    return ChatMessage(key=str(key), sender=sender, text=text, time=None if t is None else T0 + t, **kw)


def keys(sessions):
    return [[m.key for m in s] for s in sessions]


# ---- options -----------------------------------------------------------------------------------
@pytest.mark.parametrize("kw", [{"gap_seconds": -1}, {"gap_seconds": float("nan")}, {"max_chars": -5},
                                {"max_chars": 199}, {"max_chars": 1}])
def test_bad_session_options_are_refused(kw):
    with pytest.raises(InputError) as e:
        SessionOptions(**kw).check()
    assert "got" in str(e.value)


def test_good_session_options_pass():
    for kw in ({}, {"gap_seconds": 0, "max_chars": 0}, {"max_chars": 200}, {"gap_seconds": 0.5}):
        SessionOptions(**kw).check()


def test_dialogue_options_check():
    with pytest.raises(InputError, match="assistant"):
        DialogueOptions(assistants=set()).check()
    with pytest.raises(InputError, match="at least 2 turns"):
        DialogueOptions(assistants={"林晓2"}, min_turns=1).check()
    DialogueOptions(assistants=set(), self_is_assistant=True).check()
    assert DialogueOptions(assistants=["林晓2"]).assistants == frozenset({"林晓2"})  # type: ignore[arg-type]


# ---- sessions ----------------------------------------------------------------------------------
def test_gap_splits_only_after_a_pause_longer_than_the_limit():
    chat = [
        msg(1, "阿杰", "明天几点打球？", 0),
        msg(2, "小雨", "下午三点，老地方", 300),  # exactly 300 s: same session
        msg(3, "阿杰", "那我订场地", 601),  # 301 s: new session
        msg(4, "小雨", "好，记得带球", 901),  # exactly 300 s again
    ]
    assert keys(split_sessions(chat, SessionOptions(gap_seconds=300))) == [["1", "2"], ["3", "4"]]
    assert keys(split_sessions(chat, SessionOptions(gap_seconds=0))) == [["1", "2", "3", "4"]]
    assert keys(split_sessions(chat, SessionOptions(gap_seconds=299.5))) == [["1"], ["2"], ["3"], ["4"]]


def test_messages_are_sorted_by_time_stably():
    chat = [msg(1, "阿杰", "第二条", 60), msg(2, "小雨", "第一条", 0), msg(3, "阿杰", "同一秒", 60)]
    assert keys(split_sessions(chat, SessionOptions())) == [["2", "1", "3"]]


def test_a_message_without_time_stays_in_the_current_session():
    chat = [msg(1, "阿杰", "在吗", 0), msg(2, "小雨", "在", None), msg(3, "阿杰", "三点见", 1000)]
    # not all have times: chat order kept, the untimed message stays with the one before
    assert keys(split_sessions(chat, SessionOptions())) == [["1", "2"], ["3"]]


def test_a_late_reply_joins_the_session_of_its_question():
    chat = [
        msg("q", "赵磊5", "沙发报价发我一下", 0),
        msg("x", "王芳", "周末有活动吗", 60),
        msg("a", "林晓2", "好的，这是报价单", DAY, reply_to="q"),
        msg("b", "赵磊5", "收到，谢谢", DAY + 60),
        msg("c", "赵磊5", "那就这么定了", DAY + 90, reply_to="a"),  # a reply to the moved reply follows it
        msg("d", "王芳", "有，满减", DAY + 100, reply_to="missing"),  # target unknown: stays
    ]
    assert keys(split_sessions(chat, SessionOptions())) == [["q", "x", "a", "c"], ["b", "d"]]
    assert keys(split_sessions(chat, SessionOptions(use_replies=False))) == [["q", "x"], ["a", "b", "c", "d"]]


def test_a_reply_that_empties_its_session_leaves_no_empty_session():
    chat = [msg(1, "赵磊5", "能便宜点吗", 0), msg(2, "林晓2", "可以申请九折", DAY, reply_to="1")]
    assert keys(split_sessions(chat, SessionOptions())) == [["1", "2"]]


def test_chat_without_times_is_split_by_size_at_message_boundaries():
    # each transcript line: "林晓2" (3) + "：" + 95 characters + newline = 100
    chat = [msg(i, "林晓2", f"{i}" + "好" * 94) for i in range(1, 6)]
    sessions = split_sessions(chat, SessionOptions(max_chars=200))
    assert keys(sessions) == [["1", "2"], ["3", "4"], ["5"]]
    assert keys(split_sessions(chat, SessionOptions(max_chars=0))) == [["1", "2", "3", "4", "5"]]
    # a message longer than the limit stays whole, in a part of its own
    long = [chat[0], msg(9, "赵磊5", "长" * 500), chat[1]]
    assert keys(split_sessions(long, SessionOptions(max_chars=200))) == [["1"], ["9"], ["2"]]
    assert len(split_sessions(long, SessionOptions(max_chars=200))[1][0].text) == 500


def test_timed_sessions_longer_than_the_limit_are_split_too():
    chat = [msg(i, "小雨", "球" * 96, i * 10) for i in range(4)]  # 100 characters a line, 10 s apart
    assert keys(split_sessions(chat, SessionOptions(max_chars=250))) == [["0", "1"], ["2", "3"]]


def test_system_media_and_blank_messages_are_dropped_unless_included():
    chat = [
        msg(1, "", "阿杰 邀请 小雨 加入了群聊", 0, kind="system"),
        msg(2, "阿杰", "看看这个场地", 10),
        msg(3, "阿杰", "[图片]", 20, kind="media"),
        msg(4, "小雨", "   ", 30),
        msg(5, "小雨", "不错", 40),
    ]
    assert keys(split_sessions(chat, SessionOptions())) == [["2", "5"]]
    assert keys(split_sessions(chat, SessionOptions(include_media=True))) == [["2", "3", "5"]]
    assert keys(split_sessions(chat, SessionOptions(include_system=True, include_media=True))) == [
        ["1", "2", "3", "5"]]
    assert split_sessions([], SessionOptions()) == []
    with pytest.raises(InputError):
        split_sessions(chat, SessionOptions(max_chars=10))


def test_100k_messages_each_in_exactly_one_session():
    n = 100_000
    senders = ["林晓2", "赵磊5", "王芳3", "陈刚1"]
    chat = []
    t = 0.0
    for i in range(n):
        t += 400 if i % 37 == 0 else 20  # a pause every 37 messages
        reply = str(i - 50) if i % 11 == 0 and i >= 50 else None
        chat.append(msg(i, senders[i % 4], f"第{i}条消息，关于沙发的报价和送货时间", t, reply_to=reply))
    sessions = split_sessions(chat, SessionOptions(max_chars=600))
    seen = [m.key for s in sessions for m in s]
    assert len(seen) == n and set(seen) == {str(i) for i in range(n)}
    assert all(s for s in sessions)
    # each session is in chat (time) order
    assert all(all(a.time <= b.time for a, b in pairwise(s)) for s in sessions)  # type: ignore[operator]
    assert len(sessions) > n // 37


# ---- quotes ------------------------------------------------------------------------------------
def test_resolve_quotes_with_and_without_sender():
    chat = [
        msg(1, "赵磊5", "沙发报价发我一下", 0),
        msg(2, "王芳3", "沙发报价发我一下", 10),  # same words, other sender, later
        msg(3, "林晓2", "好的，稍等", 20, quote="赵磊5：\n沙发报价发我一下", quote_sender="赵磊5"),
        msg(4, "林晓2", "马上发", 30, quote="沙发报价  发我一下"),  # no sender: the latest one
    ]
    assert resolve_quotes(chat) == 2
    assert (chat[2].reply_to, chat[3].reply_to) == ("1", "2")


def test_resolve_quotes_truncated_missing_and_already_linked():
    long_text = "我们这款沙发的面料是进口头层牛皮，质保五年，支持上门安装和七天无理由退换"
    chat = [
        msg(1, "林晓2", long_text, 0),
        msg(2, "林晓2", "好的，周五见", 5),
        msg(3, "赵磊5", "质保怎么算？", 10, quote="我们这款沙发的面料是进口头层牛皮…", quote_sender="林晓2"),
        msg(4, "赵磊5", "这个我看过了", 20, quote="这是一张根本不存在的图片", quote_sender="林晓2"),
        msg(5, "赵磊5", "嗯", 30, quote="好的", quote_sender="林晓2"),  # too short for a prefix match
        msg(6, "赵磊5", "对", 40, quote=long_text, reply_to="2"),  # the export's link wins
        msg(7, "赵磊5", "收到", 50, quote=long_text + "[图片]"),  # the quote is longer than the text
    ]
    assert resolve_quotes(chat) == 2
    assert [m.reply_to for m in chat[2:]] == ["1", None, None, "2", "1"]


def test_resolve_quotes_prefers_the_latest_exact_match_of_the_quoted_sender():
    chat = [
        msg(1, "林晓2", "周末送货", 0),
        msg(2, "林晓2", "周末送货", 100),
        msg(3, "赵磊5", "周末送货", 200),
        msg(4, "王芳3", "可以", 300, quote="周末送货", quote_sender="林晓2"),
    ]
    assert resolve_quotes(chat) == 1
    assert chat[3].reply_to == "2"


def test_resolved_quotes_let_a_late_answer_join_its_question():
    chat = [
        msg(1, "赵磊5", "电视柜有现货吗", 0),
        msg(2, "林晓2", "有的，明天可以发", DAY, quote="电视柜有现货吗", quote_sender="赵磊5"),
    ]
    resolve_quotes(chat)
    assert keys(split_sessions(chat, SessionOptions())) == [["1", "2"]]


# ---- dialogues ---------------------------------------------------------------------------------
STAFF = DialogueOptions(assistants={"林晓2"})


def test_roles_and_same_sender_merge():
    session = [
        msg(1, "赵磊5", "你好", 0),
        msg(2, "赵磊5", "沙发报价发我一下", 5),
        msg(3, "林晓2", "您好，这款是3999元", 10),
        msg(4, "林晓2", "本周下单送抱枕", 15),
        msg(5, "赵磊5", "能送货上门吗", 20),
        msg(6, "林晓2", "可以，周末送", 25),
    ]
    turns, reason = session_turns(session, STAFF)
    assert reason is None
    assert turns == [
        Turn("user", "你好\n沙发报价发我一下", name="赵磊5"),
        Turn("assistant", "您好，这款是3999元\n本周下单送抱枕", name="林晓2"),
        Turn("user", "能送货上门吗", name="赵磊5"),
        Turn("assistant", "可以，周末送", name="林晓2"),
    ]


def test_several_user_speakers_merge_into_one_turn_with_names():
    session = [
        msg(1, "赵磊5", "团购有优惠吗", 0),
        msg(2, "王芳3", "我也想问", 5),
        msg(3, "王芳3", "三人成团吗", 6),
        msg(4, "赵磊5", "在线等", 7),
        msg(5, "林晓2", "三人成团打八五折", 10),
    ]
    turns, reason = session_turns(session, STAFF)
    assert reason is None
    assert turns == [
        Turn("user", "赵磊5：团购有优惠吗\n王芳3：我也想问\n三人成团吗\n赵磊5：在线等"),
        Turn("assistant", "三人成团打八五折", name="林晓2"),
    ]
    plain, _ = session_turns(session, DialogueOptions(assistants={"林晓2"}, show_names=False))
    assert plain[0] == Turn("user", "团购有优惠吗\n我也想问\n三人成团吗\n在线等")


def test_two_assistants_in_a_row_become_one_assistant_turn():
    session = [msg(1, "赵磊5", "发票怎么开", 0), msg(2, "林晓2", "我问下财务", 5),
               msg(3, "财务小周", "下单后填抬头即可", 9)]
    turns, _ = session_turns(session, DialogueOptions(assistants={"林晓2", "财务小周"}))
    assert turns[1] == Turn("assistant", "林晓2：我问下财务\n财务小周：下单后填抬头即可")


def test_leading_assistant_and_trailing_user_turns_are_dropped():
    session = [
        msg(1, "林晓2", "各位好，我是星河家居的顾问林晓", 0),
        msg(2, "赵磊5", "床垫多少钱", 5),
        msg(3, "林晓2", "1899元", 10),
        msg(4, "赵磊5", "好的", 15),
        msg(5, "王芳3", "谢谢", 16),
    ]
    turns, reason = session_turns(session, STAFF)
    assert reason is None
    assert [(t.role, t.text) for t in turns] == [("user", "床垫多少钱"), ("assistant", "1899元")]


def why_not(session, options, lang: str = "en") -> tuple[list, str]:
    turns, reason = session_turns(session, options)
    return turns, render(reason, lang)


def test_each_drop_reason():
    ask = msg(1, "赵磊5", "在吗", 0)
    answer = msg(2, "林晓2", "在的", 5)
    assert why_not([msg(9, "赵磊5", "  ", 0)], STAFF) == ([], "no message with text")
    assert why_not([ask], STAFF) == ([], "no message from the assistant (林晓2)")
    assert why_not([ask], STAFF, "zh") == ([], "没有助手（林晓2）发的消息")
    assert why_not([ask], DialogueOptions(assistants={"林晓2", "财务小周"}, self_is_assistant=True)) == (
        [], "no message from the assistant (林晓2, 财务小周, the exporting user)")
    assert why_not([answer], STAFF) == ([], "only the assistant speaks")
    turns, reason = why_not([answer, ask], STAFF)
    assert turns == [] and reason.startswith("the assistant never answers")
    four = DialogueOptions(assistants={"林晓2"}, min_turns=4)
    assert why_not([ask, answer], four) == ([], "fewer than 4 turns after merging (2)")
    assert why_not([ask, answer], four, "zh") == ([], "合并后不足 4 轮（只有 2 轮）")


def test_self_is_assistant():
    session = [
        msg(1, "妈妈", "晚上回家吃饭吗", 0, is_self=False),
        msg(2, "我", "回，七点到", 60, is_self=True),
    ]
    turns, reason = session_turns(session, DialogueOptions(assistants=set(), self_is_assistant=True))
    assert reason is None
    assert turns == [Turn("user", "晚上回家吃饭吗", name="妈妈"), Turn("assistant", "回，七点到", name="我")]
    # without the flag "me" is just another user
    assert why_not(session, DialogueOptions(assistants=set()))[1] == "no message from the assistant (none chosen)"


def test_no_merge_keeps_one_turn_per_message():
    session = [msg(1, "赵磊5", "你好", 0), msg(2, "赵磊5", "在吗", 1), msg(3, "林晓2", "在", 2)]
    turns, _ = session_turns(session, DialogueOptions(assistants={"林晓2"}, merge_consecutive=False))
    assert [(t.role, t.text) for t in turns] == [("user", "你好"), ("user", "在吗"), ("assistant", "在")]


def test_quotes_in_turns_are_marked_and_long_ones_cut():
    long_quote = "请问这款沙发的尺寸是多少，能不能定制颜色，另外运费怎么算，安装要不要另外收费呢谢谢"
    session = [
        msg(1, "赵磊5", "报价发我一下", 0),
        msg(2, "林晓2", "好的，稍等", 5, quote="报价发我一下", quote_sender="赵磊5"),
        msg(3, "赵磊5", "还有这个问题", 9, quote=long_quote),
        msg(4, "林晓2", "尺寸可以定制", 12),
    ]
    turns, _ = session_turns(session, STAFF)
    assert turns[1].text == "「回复 赵磊5：报价发我一下」\n好的，稍等"
    assert turns[2].text == f"「回复：{long_quote[:39]}…」\n还有这个问题"
    assert len(long_quote) > 40


# ---- transcripts and the assistant picker ------------------------------------------------------
def test_render_transcript_with_quotes_and_times():
    messages = [
        msg(1, "赵磊5", "沙发报价发我一下\n要灰色的", 0),
        msg(2, "林晓2", "好的，稍等", 125, quote="沙发报价\n发我一下", quote_sender="赵磊5"),
        msg(3, "", "我也要一份", None),
    ]
    assert render_transcript(messages) == (
        "赵磊5：沙发报价发我一下\n要灰色的\n"
        "林晓2：「回复 赵磊5：沙发报价 发我一下」好的，稍等\n"
        "（未知）：我也要一份")
    assert render_transcript(messages, times=True).splitlines() == [
        "[2023-06-12 09:14] 赵磊5：沙发报价发我一下", "要灰色的",
        "[2023-06-12 09:16] 林晓2：「回复 赵磊5：沙发报价 发我一下」好的，稍等",
        "（未知）：我也要一份"]
    assert render_transcript([]) == ""


def test_sender_counts_most_active_first():
    a = Chat(key="1", title="群1", index=1, messages=[
        msg(1, "林晓2", "大家好"), msg(2, "赵磊5", "你好"), msg(3, "林晓2", "有问题找我"),
        msg(4, "", "系统：王芳3 加入群聊", kind="system"), msg(5, "", "匿名消息")])
    b = Chat(key="2", title="群2", index=2, messages=[msg(6, "王芳3", "在吗"), msg(7, "赵磊5", "[图片]", kind="media")])
    assert sender_counts([a, b]) == [("林晓2", 2), ("赵磊5", 2), ("王芳3", 1)]
    assert sender_counts(a) == [("林晓2", 2), ("赵磊5", 1)]
    assert sender_counts(b.messages) == [("王芳3", 1), ("赵磊5", 1)]


def test_guess_assistants_from_introductions():
    chat = [
        msg(1, "赵磊5", "我是来问价格的"),
        msg(2, "林晓2", "各位好，我是星河家居的顾问林晓"),
        msg(3, "陈刚1", "大家好，我叫陈刚，是这边的售后客服"),
        msg(4, "王芳3", "[图片]", kind="media"),
        msg(5, "王芳3", "我是王芳的朋友介绍来的"),  # looks like "我是…的…": a suggestion may be wrong
        msg(6, "赵磊5", "我是星河家居的老客户"),  # not his first message: ignored
    ]
    assert guess_assistants(chat) == {"林晓2", "陈刚1", "王芳3"}
    assert guess_assistants([msg(1, "赵磊5", "沙发多少钱"), msg(2, "林晓2", "3999")]) == set()


def test_guess_assistants_prefers_the_exporting_user():
    chat = [msg(1, "我", "在吗", is_self=True), msg(2, "林晓2", "我是星河家居的顾问", is_self=False)]
    assert guess_assistants(chat) == {"我"}
