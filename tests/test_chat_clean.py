"""Chat clean-up: what each noise kind removes, the preview counts, and message removal."""

from __future__ import annotations

import copy

import pytest
from chat_fixtures_cn import write_qq_txt, write_wechat_old_csv

from core.sources.chats.clean import (
    MEDIA_PLACEHOLDERS,
    MESSAGES_REMOVED,
    NOISE_KINDS,
    CleanOptions,
    bracket_kind,
    clean_chats,
    clean_text,
    count_noise,
)
from core.sources.chats.model import Chat, ChatMessage
from core.sources.chats.qq import parse_qq_txt
from core.sources.chats.wechat import parse_wechat_csv
from core.sources.documents.txt import read_text_file_with_encoding

ALL = CleanOptions(media=True, emoji=True, mentions=True, urls=True, repeats=True)
NONE = CleanOptions(media=False, emoji=False, mentions=False, urls=False, repeats=False)


def _clean(text: str, options: CleanOptions = ALL) -> tuple[str, dict[str, int]]:
    counts: dict[str, int] = {}
    return clean_text(text, options, counts), counts


def _chat(*messages: tuple, key: str = "c1") -> Chat:
    """Messages from (sender, text) or (sender, text, kind) or (sender, text, kind, reply_to)."""
    built = []
    for i, (sender, text, *rest) in enumerate(messages, 1):
        kind = rest[0] if rest else "text"
        reply_to = rest[1] if len(rest) > 1 else None
        built.append(ChatMessage(key=str(i), sender=sender, text=text, kind=kind, reply_to=reply_to))
    return Chat(key=key, title="测试群", messages=built, index=1)


# ---- clean_text ----------------------------------------------------------------------------------------


def test_defaults():
    assert CleanOptions() == CleanOptions(media=True, emoji=True, mentions=True, urls=False, repeats=True)
    assert NOISE_KINDS == ("media", "emoji", "mentions", "urls", "repeats")


def test_media_placeholders_inside_text():
    text, counts = _clean("沙发报价发我一下[图片][图片]\n[语音] [视频][文件][动画表情][表情]好的")
    assert text == "沙发报价发我一下\n好的"
    assert counts == {"media": 7}


def test_text_emoji_removed_but_markers_numbers_and_numerals_kept():
    text, counts = _clean("谢谢[玫瑰][玫瑰] [微笑]见附件[注]，参考[1]和[一]，[破涕为笑][OK]，[图1]")
    assert text == "谢谢 见附件[注]，参考[1]和[一]，，[图1]"
    assert counts == {"emoji": 5}


@pytest.mark.parametrize("word,kind", [
    ("图片", "media"), ("动画表情", "media"), ("表情", "media"), ("捂脸", "emoji"), ("强", "emoji"),
    ("让我看看", "emoji"), ("666", "emoji"), ("注", None), ("原文", None), ("1", None), ("三", None),
    ("五个字的词", None), ("abc", None), ("系统消息", None)])
def test_bracket_kinds(word, kind):
    assert bracket_kind(word) == kind


def test_mentions_wechat_space_plain_space_and_line_end():
    text, counts = _clean("好的@林晓\u2005明天见 @赵磊 你也来\n收到@周宁\n@所有人 今晚开会")
    assert text == "好的明天见 你也来\n收到\n今晚开会"
    assert counts == {"mentions": 4}


def test_mention_rule_does_not_eat_email_addresses_or_url_handles():
    options = CleanOptions(urls=False)
    text, counts = _clean("邮件发 xiaoyu@example.com 或 lin.xiao+chat@mail.example.cn，主页 https://x.example/@lin",
                          options)
    assert text == "邮件发 xiaoyu@example.com 或 lin.xiao+chat@mail.example.cn，主页 https://x.example/@lin"
    assert counts == {}


def test_mention_stops_at_chinese_punctuation():
    text, counts = _clean("@林晓，你好！麻烦@赵磊。谢谢")
    assert text == "你好！麻烦。谢谢"
    assert counts == {"mentions": 2}


def test_urls_removed_only_when_asked():
    source = "报价单在这 https://example.com/quote?id=42&v=2。也可以看 www.example.cn/a，或 HTTP://EXAMPLE.COM"
    kept, counts_kept = _clean(source, CleanOptions())
    assert kept == source and counts_kept == {}
    text, counts = _clean(source, CleanOptions(urls=True))
    assert text == "报价单在这。也可以看，或"
    assert counts == {"urls": 3}


def test_url_ends_before_chinese_text_and_closing_marks():
    text, counts = _clean("（见 https://example.com/a.html）然后https://example.com/b看看", ALL)
    assert text == "（见）然后看看"
    assert counts == {"urls": 2}


def test_options_off_change_nothing():
    source = "[图片][玫瑰]@林晓 看 https://example.com"
    assert _clean(source, NONE) == (source, {})


def test_media_off_keeps_placeholders_even_with_emoji_on():
    text, counts = _clean("[图片][玫瑰]好", CleanOptions(media=False))
    assert (text, counts) == ("[图片]好", {"emoji": 1})


def test_untouched_text_keeps_its_whitespace():
    source = "  两个空格  和\n\n\n三个空行 "
    assert _clean(source) == (source, {})


def test_whitespace_is_tidied_after_removal():
    text, _ = _clean("  [玫瑰]  好的   [图片] \n\n\n\n  @林晓 明天见  ")
    assert text == "好的\n\n明天见"


def test_counts_accumulate_into_the_given_dict():
    counts = {"media": 2, "emoji": 0}
    clean_text("[图片][微笑]", ALL, counts)
    assert counts == {"media": 3, "emoji": 1}


# ---- count_noise and clean_chats ------------------------------------------------------------------------


def _sample() -> list[Chat]:
    return [_chat(
        ("林晓", "各位好[微笑]"),                              # 1
        ("赵磊", "[图片]", "media"),                           # 2 media message
        ("赵磊", "这张图里是哪一款？", "text", "2"),             # 3 replies to the image
        ("林晓", "[玫瑰][玫瑰]"),                              # 4 empty after emoji
        ("林晓", "好的@赵磊\u2005稍等"),                        # 5
        ("林晓", "好的稍等"),                                  # 6 repeat of 5 once the mention is gone
        ("林晓", "好的稍等"),                                  # 7 repeat
        ("赵磊", "谢谢", "text", "7"),                          # 8 replies to a repeat
        ("赵磊", "报价 https://example.com/q 邮箱 zhao@example.com"),  # 9
        ("赵磊", "[表情]", "media"),                            # 10
        ("林晓", "收到", "system"),                             # 11
    )]


def test_count_noise_counts_everything_and_changes_nothing():
    chats = _sample()
    before = copy.deepcopy(chats)
    counts = count_noise(chats)
    assert counts == {"media": 2, "emoji": 3, "mentions": 1, "urls": 1, "repeats": 2}
    assert chats == before


def test_clean_chats_removes_and_relinks():
    chats = _sample()
    counts = clean_chats(chats, CleanOptions())
    assert counts == {"media": 2, "emoji": 3, "mentions": 1, "urls": 0, "repeats": 2, MESSAGES_REMOVED: 5}
    messages = chats[0].messages
    assert [(m.key, m.text) for m in messages] == [
        ("1", "各位好"), ("3", "这张图里是哪一款？"), ("5", "好的稍等"), ("8", "谢谢"),
        ("9", "报价 https://example.com/q 邮箱 zhao@example.com"), ("11", "收到")]
    by_key = {m.key: m for m in messages}
    assert by_key["3"].reply_to is None  # its image was removed
    assert by_key["8"].reply_to == "5"  # its target was a repeat of 5, which is kept


def test_clean_chats_with_urls_and_without_repeats():
    chats = _sample()
    counts = clean_chats(chats, CleanOptions(urls=True, repeats=False))
    assert counts["urls"] == 1 and counts["repeats"] == 0
    texts = [m.text for m in chats[0].messages]
    assert texts.count("好的稍等") == 3
    assert "报价 邮箱 zhao@example.com" in texts


def test_media_messages_stay_when_media_is_off():
    chats = _sample()
    counts = clean_chats(chats, CleanOptions(media=False))
    assert counts["media"] == 0
    by_key = {m.key: m for m in chats[0].messages}
    assert (by_key["2"].kind, by_key["2"].text) == ("media", "[图片]")
    assert by_key["3"].reply_to == "2"


def test_repeats_need_same_sender_and_consecutive():
    chats = [_chat(("甲", "好"), ("乙", "好"), ("甲", "好"), ("甲", "好"), ("甲", "好"), ("乙", "好"))]
    counts = clean_chats(chats, CleanOptions())
    assert counts["repeats"] == 2
    assert [m.key for m in chats[0].messages] == ["1", "2", "3", "6"]


def test_quotes_are_cleaned_too_without_counting():
    message = ChatMessage(key="1", sender="甲", text="好的[玫瑰]", quote="[图片]", quote_sender="乙")
    other = ChatMessage(key="2", sender="乙", text="看这个", quote="@甲 这个[捂脸]")
    chats = [Chat(key="c", title="t", messages=[message, other], index=1)]
    counts = clean_chats(chats, CleanOptions())
    assert counts["emoji"] == 1 and counts["media"] == 0 and counts["mentions"] == 0
    assert (message.text, message.quote) == ("好的", None)
    assert other.quote == "这个"


def test_empty_messages_are_removed_and_counted():
    chats = [_chat(("甲", ""), ("甲", " \n "), ("乙", "有字"))]
    counts = clean_chats(chats, NONE)
    assert [m.key for m in chats[0].messages] == ["3"]
    assert counts[MESSAGES_REMOVED] == 2


def test_media_placeholders_of_the_readers_are_all_known():
    for word in ("图片", "语音", "视频", "表情", "文件", "链接", "位置", "名片", "通话", "聊天记录", "小程序",
                 "转账", "红包", "应用消息", "其他消息"):
        assert word in MEDIA_PLACEHOLDERS


# ---- on the reader fixtures --------------------------------------------------------------------------------


def test_clean_wechat_fixture(tmp_path):
    path = write_wechat_old_csv(tmp_path)
    text, _ = read_text_file_with_encoding(path)
    chats = parse_wechat_csv(text, path.name).chats
    assert count_noise(chats) == {"media": 4, "emoji": 1, "mentions": 1, "urls": 1, "repeats": 0}
    counts = clean_chats(chats, CleanOptions())
    assert counts == {"media": 4, "emoji": 1, "mentions": 1, "urls": 0, "repeats": 0, MESSAGES_REMOVED: 4}
    by_key = {m.key: m for m in chats[0].messages}
    assert by_key["3"].text == "沙发报价发我一下\n急用，谢谢，周末要定"
    assert by_key["6"].quote == "沙发报价发我一下\n急用，谢谢，周末要定"
    assert by_key["6"].reply_to == "3"
    assert by_key["8"].text == "我也想看看，麻烦也发我一份"
    assert by_key["9"].reply_to is None  # the quoted image is gone
    assert sorted(by_key, key=int) == ["1", "2", "3", "6", "7", "8", "9", "10", "15"]


def test_clean_qq_fixture_keeps_the_email(tmp_path):
    text, _ = read_text_file_with_encoding(write_qq_txt(tmp_path, "gbk"))
    chats = parse_qq_txt(text, "qq.txt").chats
    counts = clean_chats(chats, CleanOptions())
    assert counts == {"media": 2, "emoji": 0, "mentions": 1, "urls": 0, "repeats": 0, MESSAGES_REMOVED: 2}
    by_key = {m.key: m for m in chats[0].messages}
    assert by_key["7"].text == "晚上别忘了，邮件发 xiaoyu@example.com"
    assert "3" not in by_key and "6" not in by_key


# ---- speed ---------------------------------------------------------------------------------------------------


def test_hundred_thousand_messages_are_fast():
    texts = ["好的，明天见", "沙发报价发我一下[图片]", "@林晓\u2005麻烦发我一份[玫瑰]", "看这个 https://example.com/a 怎么样",
             "收到", "电话138xxxx1234，周末送货，地址是幸福路 18 号", "[捂脸][捂脸]哈哈哈", "邮箱 xiaoyu@example.com"]

    def chats() -> list[Chat]:
        messages = [ChatMessage(key=str(i), sender="甲乙"[i % 2], text=texts[i % len(texts)])
                    for i in range(100_000)]
        return [Chat(key="c", title="t", messages=messages, index=1)]

    counts = clean_chats(chats(), CleanOptions(urls=True))  # speed: bench/bench_chat.py
    assert counts["emoji"] == 37_500 and counts["urls"] == 12_500 and counts["media"] == 12_500
    assert count_noise(chats())["emoji"] == 37_500
