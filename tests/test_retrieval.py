import pytest

from core.sources.documents import chunks_of, import_text_file
from core.store import Store
from core.text.retrieval import ChunkIndex, tokenize

# Short original passages (fictional) that share many words (客栈, 掌柜, 书生, 茶 …), so ranking has
# to weigh them; the queries share words with the right passage but not its phrasing.
CHUNKS = [
    ("inn", "雨夜里，客栈掌柜林晚收留了一位远道而来的书生。书生说自己是洛阳人，"
            "这次进京赶考，掌柜便让他住在二楼东边的上房。"),
    ("constable", "赵捕头带着官府的文书来到客栈，说上头要缉拿一个书生模样的逃犯，"
                  "命掌柜交出住店客人的名册，不得隐瞒。"),
    ("tea", "山里的茶农在清明前采摘新芽。茶叶的种植讲究土壤和雨水，"
            "向阳的山坡上种出来的茶叶，味道最为清香。"),
    ("market", "长安城的集市上，书生们围在书摊前挑选经书，卖茶的小贩吆喝着从南方运来的新茶。"),
    ("road", "From Luoyang to Chang'an the road runs west for seven days; travellers stop at INNS along the way."),
]


@pytest.fixture(scope="module")
def index():
    return ChunkIndex(CHUNKS)


def test_tokenize_segments_chinese_and_drops_punctuation():
    toks = tokenize("从洛阳来的书生，住在哪里？Hello, ＷＯＲＬＤ!")
    assert "洛阳" in toks and "书生" in toks
    assert "hello" in toks and "world" in toks  # lower-cased, full-width folded
    assert not any(t.strip("，？,! ") == "" for t in toks)
    assert "的" not in toks


def test_paraphrased_question_finds_the_right_chunk(index):
    hits = index.search("从洛阳来的书生住在哪里")
    assert hits[0][0] == "inn"
    assert index.search("官府派捕头来抓人", k=1)[0][0] == "constable"
    assert index.search("茶叶是怎么种出来的")[0][0] == "tea"
    assert index.search("luoyang inns")[0][0] == "road"


def test_scores_are_sorted_and_k_is_respected(index):
    hits = index.search("客栈 掌柜 书生 茶叶 长安", k=3)
    assert len(hits) == 3
    scores = [s for _, s in hits]
    assert scores == sorted(scores, reverse=True) and all(s > 0 for s in scores)
    assert len(index.search("客栈 掌柜 书生 茶叶 长安", k=10)) <= len(CHUNKS)
    assert index.search("客栈", k=0) == []


def test_exclude(index):
    hits = index.search("从洛阳来的书生住在哪里", k=5, exclude={"inn"})
    assert hits and "inn" not in [k for k, _ in hits]
    assert index.search("茶叶 种植", exclude={"tea", "market"}) == []


def test_empty_corpus_query_and_no_match():
    assert ChunkIndex([]).search("洛阳") == []
    assert ChunkIndex([("x", "。。。！")]).search("洛阳") == []
    idx = ChunkIndex(CHUNKS)
    assert len(idx) == len(CHUNKS)
    assert idx.search("") == [] and idx.search("   ") == [] and idx.search("？！。") == []
    assert idx.search("量子计算机") == []  # no word in common


def test_index_over_imported_chunks(tmp_path):
    path = tmp_path / "客栈.txt"
    path.write_text("\n\n".join(text for _, text in CHUNKS), encoding="utf-8")
    with Store.create(tmp_path / "p.corpus") as store:
        res = import_text_file(store, path, size=80, overlap=10)
        chunks = chunks_of(store)
        idx = ChunkIndex((c["key"], c["text"]) for c in chunks)
        key, _ = idx.search("从洛阳来的书生住在哪里", k=1)[0]
        assert key.startswith(f"{res.source_id}:")
        assert "洛阳" in next(c["text"] for c in chunks if c["key"] == key)
