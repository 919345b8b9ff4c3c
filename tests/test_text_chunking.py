import inspect
import random
import time

import pytest

from core.errors import InputError
from core.text import chunk_spans, chunk_text, split_sentences

SENT_ENDS = "。！？；…"

# A short original text (fictional) in the usual layout of a Chinese novel.
STORY = """第一章 雨夜

　　雨下了整整一夜。客栈的掌柜林晚站在门口，把灯笼挂得更高些。“这样的天，还会有人来吗？”伙计阿福问。
　　“越是这样的天，越有人走投无路。”林晚说着，转身回了大堂。

　　三更时分，门被推开了。一个背着书箱的年轻人站在门槛外，浑身湿透。他说自己从洛阳来，要去长安赶考；路上遇了劫匪，盘缠丢了大半。
　　林晚看了他一眼，没有多问，只让阿福去烧热水、切牛肉。书生连声道谢……

第二章 捕头

　　第二天清早，捕头赵铁带着两个衙役进了客栈。他把一块官府的牌子拍在柜台上：“昨夜可有生人住店？”
　　林晚笑了笑：“赵捕头说笑了，客栈哪天没有生人？”
"""


def chinese_text(rnd: random.Random, n_chars: int) -> str:
    """Random novel-like Chinese with a little English, quotes, odd whitespace and Windows and old
    Mac line breaks, long runs without any break point now and then."""
    words = ("客栈 掌柜 雨夜 洛阳 长安 书生 捕头 灯笼 热水 牛肉 官府 牌子 赶考 背影 生意 来路 天气 投宿 "
             "他 说 看见 走进 门口 一个 没有 知道 Hello world OK 3.14 e.g. version").split()
    out: list[str] = []
    total = 0
    while total < n_chars:
        r = rnd.random()
        if r < 0.6:
            piece = "".join(rnd.choice(words) for _ in range(rnd.randint(1, 12)))
            piece += rnd.choice("，、,。。。！？；…") if rnd.random() < 0.9 else ""
        elif r < 0.7:
            piece = "“" + "".join(rnd.choice(words) for _ in range(rnd.randint(1, 8))) + rnd.choice("。！？") + "”"
        elif r < 0.75:
            piece = "「" + rnd.choice(words) + "……」"
        elif r < 0.85:
            piece = rnd.choice(["\n", "\n\n", "\r\n", "\r\n\r\n", "\r", "\n　　", " ", "  ", "\t", "\n \n",
                                " " * rnd.randint(9, 5000), "\r\n" * rnd.randint(5, 50)])
        elif r < 0.88:
            piece = rnd.choice("字a") * rnd.randint(1, 400)  # nowhere to break
        else:
            piece = " ".join(rnd.choice(words) for _ in range(rnd.randint(1, 10))) + rnd.choice([". ", "! ", "? ", " "])
        out.append(piece)
        total += len(piece)
    return "".join(out)


def align(text: str, chunks: list[str]) -> list[tuple[int, int]]:
    """Place each chunk in the text, in order, and check that nothing but whitespace is left out."""
    spans: list[tuple[int, int]] = []
    lo = covered = 0
    for c in chunks:
        i = text.find(c, lo)
        assert i >= 0, f"chunk not found in order: {c[:40]!r}"
        assert text[covered:i].strip() == "", f"text lost before {c[:40]!r}: {text[covered:i]!r}"
        spans.append((i, i + len(c)))
        lo = i + 1
        covered = max(covered, i + len(c))
    assert text[covered:].strip() == ""
    return spans


def test_defaults_are_1024_and_50():
    params = inspect.signature(chunk_text).parameters
    assert params["size"].default == 1024
    assert params["overlap"].default == 50


def test_short_and_empty_texts():
    assert chunk_text("") == []
    assert chunk_text(" \n\r\n\t　 ") == []
    assert chunk_text("  一句话。 \n") == ["一句话。"]


def test_long_whitespace_runs():
    text = "甲。" + " " * 10_000 + "乙。\n" + "\u3000" * 9000 + "\n丙。" + "\r\n" * 5000
    assert chunk_text(text, 5, 2) == ["甲。", "乙。", "丙。"]
    assert chunk_text(text, 10_006, 0) == [text[:10_006].rstrip(), "丙。"]
    assert chunk_text(" " * 9 + "丁" + "\t" * 9) == ["丁"]


def test_bad_settings_are_input_errors():
    for size, overlap in ((0, 0), (10, 10), (10, -1), (10, 20)):
        with pytest.raises(InputError):
            chunk_text("文本", size, overlap)


def test_split_sentences_keeps_punctuation_and_closing_quotes():
    text = "他说：“走吧。”然后走了！真的吗？是的；好……「你来了？」她问（笑）。Mr. Lin left. Pi is 3.14, ok?"
    assert split_sentences(text) == [
        "他说：“走吧。”", "然后走了！", "真的吗？", "是的；", "好……", "「你来了？」", "她问（笑）。",
        "Mr.", "Lin left.", "Pi is 3.14, ok?",
    ]
    assert split_sentences("第一行\r\n第二行\n\n第三行。第四") == ["第一行", "第二行", "第三行。", "第四"]
    assert split_sentences("") == [] and split_sentences(" \n ") == []


def test_story_chunks_end_at_sentences_and_overlap_from_a_sentence_start():
    chunks = chunk_text(STORY, 150, 40)
    assert len(chunks) == 3
    spans = align(STORY, chunks)
    sentences = set(split_sentences(STORY))
    for (prev, cur), (_, end) in zip(zip(chunks, chunks[1:], strict=False), spans, strict=False):
        # chunks end where a sentence or a line ends, never inside a sentence
        assert prev[-1] in SENT_ENDS + "”」" or STORY[end] == "\n", prev
        assert cur[0] not in "”」，。", cur  # punctuation and closing quotes stayed with their sentence
        # the next chunk begins with whole sentences repeated from the end of this one …
        assert split_sentences(cur)[0] in sentences
        if cur.startswith("第二章"):
            continue  # … unless it begins a chapter: then with its heading (see the heading tests)
        k = next(k for k in range(min(40, len(prev)), 0, -1) if cur.startswith(prev[-k:]))
        assert 0 < k <= 40
    # The chapter heading starts the last chunk; it used to be packed onto the end of the one before.
    assert chunks[2].startswith("第二章 捕头") and chunks[1].endswith("书生连声道谢……")


def test_overlap_gives_way_when_the_next_paragraph_fills_the_chunk():
    story = STORY.replace("第二章 捕头", "次日")  # no chapter heading: a heading is never preceded by overlap
    chunks = chunk_text(story, 100, 20)
    assert all(len(c) <= 100 for c in chunks)
    assert chunks[1].startswith("三更时分")  # a 99-character paragraph leaves no room to repeat
    assert chunks[2].startswith("书生连声道谢……")  # but there is room here
    align(story, chunks)
    # With the heading, the chunk starts with it instead (it used to start with the overlap).
    assert chunk_text(STORY, 100, 20)[2].startswith("第二章 捕头")


def test_paragraphs_are_preferred_to_sentences():
    paras = [f"第{i}段。" + "这是一句话。" * 10 for i in range(6)]  # 66 characters each
    text = "\n\n".join(paras)
    chunks = chunk_text(text, 140, 0)
    assert chunks == ["\n\n".join(paras[i:i + 2]) for i in range(0, 6, 2)]


def test_overlap_falls_back_to_the_raw_tail():
    text = " ".join(f"w{i:03d}" for i in range(300))  # words, no sentence ends
    chunks = chunk_text(text, 100, 12)
    align(text, chunks)
    for prev, cur in zip(chunks, chunks[1:], strict=False):
        assert len(cur) <= 100
        assert any(cur.startswith(prev[-k:]) for k in range(1, 13))


def test_hard_cut_only_for_unbreakable_runs():
    text = "字" * 2500
    assert [len(c) for c in chunk_text(text, 1024, 0)] == [1024, 1024, 452]
    chunks = chunk_text(text, 1024, 50)
    assert all(len(c) <= 1024 for c in chunks) and len(chunks[0]) == 1024
    assert "".join(chunks).count("字") >= 2500
    # a run longer than the size between two sentences: only the run is cut
    text = "开头一句。" + "长" * 30 + "。结尾一句。"
    chunks = chunk_text(text, 20, 0)
    assert chunks == ["开头一句。", "长" * 20, "长" * 10 + "。结尾一句。"]


def test_windows_line_breaks_are_never_split():
    text = "\r\n".join(f"第{i}行文字" * (i % 4 + 1) for i in range(200))
    for size in (1, 2, 3, 7, 20, 64):
        for c in chunk_text(text, size, size // 3):
            assert c.count("\r") == c.count("\r\n"), c
            assert len(c) <= size


@pytest.mark.parametrize("seed", range(60))
def test_random_texts_sizes_coverage_order_overlap(seed):
    rnd = random.Random(seed)
    text = chinese_text(rnd, rnd.choice((50, 500, 3000, 20000)))
    size = rnd.choice((1, 2, 5, 16, 64, 200, 1024))
    overlap = rnd.randint(0, min(size - 1, 60))
    spans = chunk_spans(text, size, overlap)
    chunks = chunk_text(text, size, overlap)
    assert chunks == [text[a:b] for a, b in spans]
    for c in chunks:
        assert c and c == c.strip()
        assert len(c) <= size
    for a, b in spans:  # a chunk edge never falls inside a Windows line break
        assert text[a - 1:a + 1] != "\r\n" and text[b - 1:b + 1] != "\r\n"
    # Coverage and order, on the offsets (searching for the chunks fails on repetitive text):
    # between and around the chunks there is nothing but whitespace.
    covered = 0
    for (a0, b0), (a1, b1) in zip(spans, spans[1:], strict=False):
        assert a1 > a0 and b1 > b0
        assert b0 - a1 <= overlap  # shared characters, if any, at most the overlap
    for a, b in spans:
        assert text[covered:a].strip() == ""
        covered = max(covered, b)
    assert text[covered:].strip() == ""
    assert spans or not text.strip()


def test_overlap_is_present_between_ordinary_chunks():
    rnd = random.Random(99)
    sentences = ["".join(rnd.choice("天地玄黄宇宙洪荒日月盈昃辰宿列张") for _ in range(rnd.randint(5, 30)))
                 + rnd.choice("。！？") for _ in range(2000)]
    text = "\n\n".join("".join(sentences[i:i + 6]) for i in range(0, 2000, 6))
    chunks = chunk_text(text)
    assert len(chunks) > 20
    align(text, chunks)
    for prev, cur in zip(chunks, chunks[1:], strict=False):
        assert any(cur.startswith(prev[-k:]) for k in range(1, 51)), (prev[-60:], cur[:60])
        assert len(cur) <= 1024


def test_linear_time_on_a_large_text():
    rnd = random.Random(5)
    text = chinese_text(rnd, 300_000) * 7  # ~2M characters
    t0 = time.perf_counter()
    chunks = chunk_text(text)
    elapsed = time.perf_counter() - t0
    assert len(chunks) > 1500
    assert elapsed < 5, f"chunking 2M characters took {elapsed:.1f} s"
