"""Quality filters: near-duplicate groups (MinHash/LSH), the rule filters, and `filter` on the
command line. Realistic Chinese samples; every assertion names real values."""

from __future__ import annotations

import argparse

import pytest

from core import cli_filter
from core.errors import InputError
from core.messages import render
from core.model import Sample, Turn
from core.store import SampleFilter, Store
from core.text.neardup import (
    DupGroup,
    find_near_duplicates,
    jaccard,
    lsh_params,
    reject_near_duplicates,
    sample_text,
)
from core.text.quality import RULES, apply, resolve, scan

Q1 = "请问长江流经哪些省份？"
A1 = ("长江发源于青藏高原的唐古拉山脉，自西向东流经青海、西藏、四川、云南、重庆、湖北、湖南、江西、安徽、"
      "江苏和上海，最后在上海注入东海，全长约六千三百公里，是中国第一长河。")
# the same answer with three characters replaced (~4% of its 83 characters)
A1_EDITED = A1.replace("发源于", "发源在").replace("最后", "最终")
Q2 = "怎样才能养成早睡早起的习惯？"
A2 = ("先固定起床时间，哪怕周末也不例外；晚上睡前一小时放下手机，把卧室的灯光调暗，"
      "白天多晒太阳、适量运动，坚持两三周，身体的节律就会慢慢调整过来。")
Q3 = "红烧肉怎么做才不腻？"
A3 = ("选用肥瘦相间的五花肉，先冷水下锅焯去血沫，再用少量油把肉块煸出油脂，倒掉多余的油后炒糖色，"
      "加生抽、老抽、料酒和姜片，小火慢炖一个小时，最后大火收汁即可。")


def qa(q: str, a: str, **kw) -> Sample:
    return Sample.qa(q, a, **kw)


@pytest.fixture
def store(tmp_path):
    with Store.create(tmp_path / "q.corpus") as s:
        yield s


def statuses(store: Store) -> dict[int, tuple[str, str]]:
    """status and reason, the reason as the English reader sees it (stored as a message code)."""
    return {i: (r[3], render(r[8], "en")) for i, r in store.rows(list(store.query_ids())).items()}


# ---- near-duplicates -----------------------------------------------------------------------------
def test_edited_copy_is_found_and_unrelated_texts_are_not(store):
    ids = store.add_samples([qa(Q1, A1), qa(Q2, A2), qa(Q3, A3), qa(Q1, A1_EDITED)])
    true = jaccard(sample_text(qa(Q1, A1)), sample_text(qa(Q1, A1_EDITED)))
    assert 0.85 < true < 0.95  # an edited copy, not an exact one
    groups = find_near_duplicates(store)
    assert len(groups) == 1
    g = groups[0]
    assert sorted(g.ids) == [ids[0], ids[3]]
    assert g.keep == ids[0] == g.ids[0]  # both pending, same length: the first
    assert abs(g.similarity - true) < 0.12  # the MinHash estimate of the true Jaccard
    assert g.scores[0] == 1.0 and g.scores[1] == g.similarity
    # unrelated answers share a few n-grams, far below the threshold
    assert jaccard(sample_text(qa(Q2, A2)), sample_text(qa(Q3, A3))) < 0.1


def test_a_short_sentence_rewritten_is_not_a_near_duplicate(store):
    store.add_samples([qa("今天天气怎么样？", "今天是晴天，气温二十五度左右，适合出门散步。"),
                       qa("明天天气怎么样？", "明天有小雨，气温会降到十五度，出门记得带伞。")])
    assert find_near_duplicates(store) == []


def test_kept_id_accepted_over_pending_then_longest_then_first(store):
    longer = A1_EDITED + "长江流域人口众多。"
    ids = store.add_samples([qa(Q1, A1), qa(Q1, A1_EDITED), qa(Q1, longer),
                             qa(Q2, A2), qa(Q2, A2, status="accepted"),
                             qa(Q3, A3), qa(Q3, A3)])
    groups = {min(g.ids): g for g in find_near_duplicates(store)}
    assert len(groups) == 3
    g1 = groups[ids[0]]
    assert g1.keep == ids[2] and g1.ids == [ids[2], ids[0], ids[1]]  # the longest; the rest by id
    g2 = groups[ids[3]]
    assert g2.keep == ids[4] and g2.ids == [ids[4], ids[3]]  # accepted wins over the earlier pending
    assert g2.similarity == 1.0 and g2.scores == [1.0, 1.0]  # exact copies
    g3 = groups[ids[5]]
    assert g3.keep == ids[5] and g3.ids == [ids[5], ids[6]]  # equal: the first


def test_full_width_and_spacing_differences_count_as_the_same_text(store):
    ids = store.add_samples([qa("ABC 是什么意思？", A2),
                             qa("ＡＢＣ\u3000  是什么意思?\n", A2.replace("，", ","))])
    [g] = find_near_duplicates(store)
    assert sorted(g.ids) == ids and g.similarity >= 0.95


def test_reject_near_duplicates_names_the_kept_one_and_ignores_rejected(store):
    ids = store.add_samples([qa(Q1, A1), qa(Q1, A1_EDITED), qa(Q2, A2), qa(Q2, A2), qa(Q3, A3)])
    groups = find_near_duplicates(store)
    assert [sorted(g.ids) for g in groups] == [[ids[0], ids[1]], [ids[2], ids[3]]]
    sim = groups[0].similarity
    assert reject_near_duplicates(store, groups) == 2
    st = statuses(store)
    assert st[ids[0]] == ("pending", "")
    assert st[ids[1]] == ("rejected", f"near-duplicate of #{ids[0]} (similarity {sim:.2f})")
    assert st[ids[3]] == ("rejected", f"near-duplicate of #{ids[2]} (similarity 1.00)")
    stored = store.rows([ids[3]])[ids[3]][8]  # a message code: the Chinese reader reads it in Chinese
    assert render(stored, "zh") == f"和 #{ids[2]} 几乎重复（相似度 1.00）"
    assert st[ids[4]] == ("pending", "")
    # rejected samples are not looked at again: nothing is left to group
    assert find_near_duplicates(store) == []
    assert reject_near_duplicates(store, groups) == 0  # already rejected: left alone


def test_keep_override_measures_against_the_member_kept(store):
    ids = store.add_samples([qa(Q1, A1), qa(Q1, A1_EDITED)])
    [g] = find_near_duplicates(store)
    exact = jaccard(sample_text(qa(Q1, A1)), sample_text(qa(Q1, A1_EDITED)))
    assert reject_near_duplicates(store, [g], keep={g.ids[0]: ids[1]}) == 1
    st = statuses(store)
    assert st[ids[1]] == ("pending", "")
    assert st[ids[0]] == ("rejected", f"near-duplicate of #{ids[1]} (similarity {exact:.2f})")
    with pytest.raises(InputError):
        reject_near_duplicates(store, [g], keep={g.ids[0]: 999})


def test_filter_threshold_and_rejected_samples(store):
    dialogue = Sample(turns=[Turn("user", Q2), Turn("assistant", A2)], kind="dialogue")
    ids = store.add_samples([qa(Q1, A1, kind="sft"), qa(Q1, A1_EDITED, status="rejected"),
                             qa(Q2, A2), dialogue])
    groups = find_near_duplicates(store)
    assert [sorted(g.ids) for g in groups] == [[ids[2], ids[3]]]  # the rejected copy is ignored
    assert find_near_duplicates(store, flt=SampleFilter(kind="sft")) == []
    picked = find_near_duplicates(store, flt=SampleFilter(ids=[ids[2], ids[3]]))
    assert [g.ids for g in picked] == [[ids[2], ids[3]]]
    store.set_status([ids[1]], "pending")
    assert len(find_near_duplicates(store, threshold=0.99)) == 1  # only the exact pair
    assert len(find_near_duplicates(store, threshold=0.7)) == 2
    with pytest.raises(InputError):
        find_near_duplicates(store, threshold=1.5)


def test_many_variants_of_one_text_make_one_group(store):
    # 40 copies, each with one other character changed: LSH buckets larger than the all-pairs limit
    variants = [A1[:i * 2] + "湖" + A1[i * 2 + 1:] for i in range(40)]
    ids = store.add_samples([qa(Q1, v) for v in variants] + [qa(Q2, A2)])
    [g] = find_near_duplicates(store)
    assert sorted(g.ids) == ids[:40] and g.keep == ids[0]
    assert g.similarity >= 0.7


def test_progress_and_empty_store(store):
    calls = []
    assert find_near_duplicates(store, progress=lambda d, t: calls.append((d, t))) == []
    store.add_samples([qa(Q1, A1), qa(Q1, A1)])
    calls.clear()
    assert len(find_near_duplicates(store, progress=lambda d, t: calls.append((d, t)))) == 1
    assert calls[-1] == (2, 2)


def test_lsh_parameters_favour_recall_at_the_threshold():
    assert lsh_params(0.7, 128) == (25, 5)
    assert lsh_params(0.8, 128) == (18, 7)
    assert lsh_params(0.5, 128) == (32, 4)  # never fewer than 4 values a band
    b, r = lsh_params(0.9, 128)
    assert b * r <= 128 and 1 - (1 - 0.9**r) ** b >= 0.95


# ---- rules ---------------------------------------------------------------------------------------
P = resolve(None)


def english(detail: str | None, rule: str) -> str | None:
    """A rule's finding as `filter --lang en` words it, without the "<rule>: " it starts with."""
    return None if detail is None else render(detail, "en").removeprefix(f"{rule}: ")


def check(rule: str, sample: Sample, **params) -> str | None:
    return english(RULES[rule].check(sample, P[rule] | params), rule)


def test_rules_have_names_descriptions_and_defaults():
    assert list(RULES) == ["too_short", "too_long", "mostly_punctuation", "refusal",
                           "answer_copies_question", "unbalanced_roles", "echo"]
    for name, r in RULES.items():
        assert r.name == name and len(r.description) > 40
    assert RULES["too_short"].defaults == {"min_chars": 5}
    assert RULES["too_long"].defaults == {"max_chars": 8000}
    assert RULES["mostly_punctuation"].defaults["share"] == 0.5
    assert RULES["answer_copies_question"].defaults["similarity"] == 0.9
    with pytest.raises(InputError, match="no parameter"):
        resolve({"too_short": {"max_chars": 3}})
    with pytest.raises(InputError, match="Unknown rule"):
        resolve({"too_shrt": {}})


def test_too_short_and_too_long():
    assert check("too_short", qa("嗯", "好 的")) == "3 characters < 5"
    assert check("too_short", Sample.text("  ", system="你是一个乐于助人的中文助手。")) == "0 characters < 5"
    assert check("too_short", qa("在吗", "在的呢")) is None  # exactly 5
    assert check("too_short", qa("在吗", "在的呢"), min_chars=6) == "5 characters < 6"
    long = qa(Q1, A1 * 100)
    assert check("too_long", long) == f"{long.n_chars} characters > 8000"
    assert check("too_long", qa(Q1, A1)) is None
    assert check("too_long", qa(Q1, A1), max_chars=50) == f"{qa(Q1, A1).n_chars} characters > 50"


@pytest.mark.parametrize("text", ["？？？", "[doge][doge]", "。。。。", "😂😂😂", "(╯°□°）╯︵ ┻━┻", "……",
                                  "[笑哭][笑哭]哈", "(^_^)", "好！！！"])
def test_mostly_punctuation_flags_junk(text):
    detail = check("mostly_punctuation", Sample.text(text))
    assert detail is not None and "punctuation, symbols or emotes" in detail


@pytest.mark.parametrize("text", [
    "嗯，对。", "好的，谢谢！", "“好。”", "你好，今天天气怎么样？", "哈哈哈[doge]", "嗯……", "2333",
    "他说：“走吧！”我问：“去哪儿？”", "第一，先洗手；第二，再切菜；第三，下锅。", A1,
    "（笑）", "啊？", "什么？！",
])
def test_mostly_punctuation_leaves_normal_chinese_punctuation_alone(text):
    assert check("mostly_punctuation", Sample.text(text)) is None


def test_mostly_punctuation_details_and_the_content_cap():
    assert check("mostly_punctuation", Sample.text("？？？")) == \
        "100% punctuation, symbols or emotes (2 of 2), 0 letters"
    assert check("mostly_punctuation", Sample.text("好！！！")) == \
        "67% punctuation, symbols or emotes (2 of 3), 1 letters"
    # many symbols, but also plenty of words: not "mostly punctuation" by the default cap of 10
    busy = "★★★★★★★★★★★★ 今天的晚霞真的太好看了吧 ★★★★★★★★★★★★"
    assert check("mostly_punctuation", Sample.text(busy)) is None
    assert "punctuation" in check("mostly_punctuation", Sample.text(busy), max_content=20)
    # the system prompt is not counted
    with_system = Sample.text("？？？", system="你是一个乐于助人的中文助手。")
    assert check("mostly_punctuation", with_system) is not None


@pytest.mark.parametrize("answer,phrase", [
    ("作为一个AI，我没有个人观点，但可以介绍一些常见的看法。", "作为一个AI"),
    ("作为一个人工智能，我无法体验情感。", "作为一个人工智能"),
    ("我无法回答这个问题。", "我无法"),
    ("抱歉，我不能提供这方面的信息。", "抱歉，我不能"),
    ("抱歉,我不能提供这方面的信息。", "抱歉，我不能"),
    ("嗯，我无法确认这件事。", "我无法"),
    ("I'm sorry, but I can't help with that.", "I'm sorry"),
    ("I’m sorry, but I can’t help with that.", "I'm sorry"),
    ("As an AI language model, I do not have opinions.", "As an AI"),
    ("I cannot provide medical advice.", "I cannot"),
    ("我是一个ＡＩ助手，很高兴为你服务。", "我是一个AI"),
])
def test_refusal_positive(answer, phrase):
    assert check("refusal", qa("你怎么看这件事？", answer)) == f"assistant turn 2 says “{phrase}”"


@pytest.mark.parametrize("sample", [
    qa("你怎么看这件事？", "这件事要从两方面看：一方面……另一方面……"),
    qa("他为什么哭了？", "她说我无法相信这件事，然后就哭了。"),  # 我无法 inside a sentence
    qa("介绍一下这家公司。", "As an aide to the mayor, he helped plan the city budget."),  # aide, not AI
    qa("作为一个AI，你怎么看？", "我认为这个问题可以从历史的角度来理解。"),  # in the user's turn only
    Sample(turns=[Turn("user", "快走吧！"), Turn("assistant", "我不能走，我还要等她。")], kind="dialogue"),
])
def test_refusal_negative(sample):
    assert check("refusal", sample) is None


def test_answer_copies_question():
    assert check("answer_copies_question", qa("什么是机器学习？", "什么是机器学习?")) == \
        "turn 2 repeats the question in turn 1 (similarity 1.00)"
    assert check("answer_copies_question", qa("什么是机器学习？", "什么是机器学习？？")) is not None
    answer = "机器学习是人工智能的一个分支，让计算机从数据中学习规律。"
    assert check("answer_copies_question", qa("什么是机器学习？", answer)) is None
    turns = [Turn("user", Q2), Turn("assistant", A2), Turn("user", Q3), Turn("assistant", Q3)]
    assert check("answer_copies_question", Sample(turns=turns)) == \
        "turn 4 repeats the question in turn 3 (similarity 1.00)"
    # short echoes in chats ("晚安" / "晚安") are below min_chars
    assert check("answer_copies_question", qa("晚安", "晚安")) is None
    assert check("answer_copies_question", qa("晚安", "晚安"), min_chars=2) is not None


def test_unbalanced_roles():
    assert check("unbalanced_roles", qa(Q1, A1)) is None
    assert check("unbalanced_roles", Sample.text(A1)) is None  # a plain text is one assistant turn
    assert check("unbalanced_roles", Sample.text(" ")) == "turn 1 is empty"
    assert check("unbalanced_roles", Sample(turns=[])) == "no turns"
    t = Turn
    odd = Sample(turns=[t("assistant", "你好"), t("user", "在吗"), t("assistant", "在")], kind="dialogue")
    assert check("unbalanced_roles", odd) == "starts with an assistant turn"
    assert check("unbalanced_roles", Sample(turns=[t("user", Q1), t("assistant", A1), t("user", Q2)])) == \
        "ends with a user turn"
    assert check("unbalanced_roles", Sample(turns=[t("user", Q1), t("user", Q2), t("assistant", A1)])) == \
        "turns 1 and 2 are both user"
    assert check("unbalanced_roles", qa(Q1, "")) == "turn 2 is empty"


def test_scan_counts_and_changes_nothing(store):
    ids = store.add_samples([
        qa(Q1, A1),                                           # 0 clean
        qa("嗯", "好"),                                        # 1 too short
        qa("哈哈", "[doge][doge][doge]"),                      # 2 mostly punctuation
        qa("你是谁？", "作为一个AI，我没有名字。"),              # 3 refusal
        qa(Q2, Q2),                                           # 4 answer copies question
        Sample(turns=[Turn("user", Q3)]),                     # 5 unbalanced (and no answer)
        qa("嗯", "好", status="rejected"),                    # 6 rejected: never scanned
    ])
    before = statuses(store)
    hits = scan(store)
    assert statuses(store) == before
    assert {k: [h.sample_id for h in v] for k, v in hits.items()} == {
        "too_short": [ids[1]],
        "too_long": [],
        "mostly_punctuation": [ids[2]],
        "refusal": [ids[3]],
        "answer_copies_question": [ids[4]],
        "unbalanced_roles": [ids[5]],
        "echo": [],  # none made by an LLM flow (tests/test_echo.py covers the rule)
    }
    h = hits["too_short"][0]
    assert (h.sample_id, h.rule, english(h.detail, "too_short")) == (ids[1], "too_short", "2 characters < 5")
    assert render(h.detail, "zh") == "太短：2 字，少于 5 字"
    only = scan(store, {"too_short": {"min_chars": 18}})
    assert list(only) == ["too_short"]
    assert [(h.sample_id, english(h.detail, "too_short")) for h in only["too_short"]] == [
        (ids[1], "2 characters < 18"), (ids[3], "17 characters < 18"), (ids[5], "10 characters < 18")]
    assert scan(store, {"too_short": {}}, flt=SampleFilter(ids=[ids[0], ids[2]])) == {"too_short": []}


def test_apply_rejects_with_reasons_and_skips_rejected(store):
    ids = store.add_samples([qa(Q1, A1), qa("嗯", "好"), qa("你是谁？", "作为一个AI，我没有名字。"),
                             qa("嗯", "？？")])
    hits = scan(store)
    assert apply(store, hits, ["refusal"]) == 1
    st = statuses(store)
    assert st[ids[2]] == ("rejected", "refusal: assistant turn 2 says “作为一个AI”")
    assert st[ids[1]] == ("pending", "")
    # a sample hit by two rules gets the first in RULES order; the one already rejected stays as it was
    assert apply(store, hits, list(RULES)) == 2
    st = statuses(store)
    assert st[ids[0]] == ("pending", "")
    assert st[ids[1]] == ("rejected", "too_short: 2 characters < 5")
    assert st[ids[3]] == ("rejected", "too_short: 3 characters < 5")  # also mostly_punctuation
    assert [h.sample_id for h in hits["mostly_punctuation"]] == [ids[3]]
    assert st[ids[2]] == ("rejected", "refusal: assistant turn 2 says “作为一个AI”")
    assert scan(store)["too_short"] == []
    with pytest.raises(InputError):
        apply(store, hits, ["nope"])


# ---- the command ---------------------------------------------------------------------------------
def run_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    cli_filter.register(parser.add_subparsers())
    args = parser.parse_args(["filter", *argv])
    return args.func(args)


def cli_project(tmp_path):
    path = tmp_path / "cli.corpus"
    with Store.create(path) as s:
        ids = s.add_samples([qa(Q1, A1), qa(Q1, A1_EDITED), qa(Q2, A2), qa("嗯", "好"),
                             qa("你是谁？", "抱歉，我不能透露。"), qa(Q3, A3)])
    return path, ids


def test_cli_speaks_chinese_to_a_chinese_user(tmp_path, capsys):
    from core.messages import set_language

    path, ids = cli_project(tmp_path)
    set_language("zh")  # as `--lang zh` or LANG=zh_CN.UTF-8 sets it (the conftest resets it)
    assert run_cli("--project", str(path), "--apply") == 0
    out = capsys.readouterr().out
    assert "（未拒绝的样本 6 条）" in out and "例如：太短：2 字，少于 5 字" in out
    assert "近似重复（按每 3 个字比较" in out and "拒绝了 1 条近似重复" in out and "按规则拒绝了 2 条样本" in out
    with Store(path) as s:
        assert render(s.rows([ids[1]])[ids[1]][8], "zh").startswith(f"和 #{ids[0]} 几乎重复（相似度 0.")
    with pytest.raises(InputError, match="没有叫 nosuch 的规则"):
        run_cli("--project", str(path), "--rules", "nosuch")


def test_cli_dry_run_prints_counts_and_changes_nothing(tmp_path, capsys):
    path, ids = cli_project(tmp_path)
    assert run_cli("--project", str(path)) == 0
    out = capsys.readouterr().out
    assert "(6 samples not rejected)" in out
    lines = {line.split()[0]: line.split()[1] for line in out.splitlines()
             if line.startswith("  ") and line.split()[0] in RULES}
    assert lines == {"too_short": "1", "too_long": "0", "mostly_punctuation": "0", "refusal": "1",
                     "answer_copies_question": "0", "unbalanced_roles": "0", "echo": "0"}
    assert f"#{ids[3]}" in out and "e.g. too_short: 2 characters < 5" in out
    assert "1 groups, 1 samples beyond the one kept" in out
    assert f"keep  #{ids[0]}" in out and f"#{ids[1]}" in out and "请问长江流经哪些省份" in out
    assert "dry run: nothing changed" in out
    with Store(path) as s:
        assert s.count(SampleFilter(statuses=("rejected",))) == 0


def test_cli_apply_rejects_with_reasons(tmp_path, capsys):
    path, ids = cli_project(tmp_path)
    assert run_cli("--project", str(path), "--rules", "too_short,refusal", "--near-dup", "0.7",
                   "--apply") == 0
    out = capsys.readouterr().out
    assert "rejected 2 samples by rule" in out and "rejected 1 near-duplicates" in out
    assert "dry run" not in out
    with Store(path) as s:
        st = statuses(s)
    assert st[ids[3]] == ("rejected", "too_short: 2 characters < 5")
    assert st[ids[4]] == ("rejected", "refusal: assistant turn 2 says “抱歉，我不能”")
    assert st[ids[1]][0] == "rejected"
    assert st[ids[1]][1].startswith(f"near-duplicate of #{ids[0]} (similarity 0.")
    assert [st[i][0] for i in (ids[0], ids[2], ids[5])] == ["pending"] * 3
    # run again: nothing left to reject
    assert run_cli("--project", str(path), "--apply") == 0
    out = capsys.readouterr().out
    assert "rejected 0 samples by rule" in out and "0 groups" in out


def test_cli_options(tmp_path, capsys):
    path, ids = cli_project(tmp_path)
    run_cli("--project", str(path), "--rules", "too_short", "--min-chars", "30", "--near-dup", "0")
    out = capsys.readouterr().out
    assert "too_short" in out and "refusal" not in out and "near-duplicates" not in out
    assert out.split("too_short")[1].split()[0] == "2"  # "嗯/好" and "你是谁？/抱歉，我不能透露。"
    with pytest.raises(InputError, match="Unknown rule"):
        run_cli("--project", str(path), "--rules", "too_shrt")
    with pytest.raises(InputError, match="--near-dup"):
        run_cli("--project", str(path), "--near-dup", "7")


def test_dupgroup_is_a_plain_dataclass():
    g = DupGroup(ids=[3, 5], similarity=0.8, keep=3)
    assert g.scores == [] and g.score(5) == 0.8 and g.ngram == 3


def test_a_shared_system_prompt_does_not_make_unrelated_samples_near_duplicates(tmp_path):
    from core.model import Sample
    from core.store import Store
    from core.text.neardup import find_near_duplicates

    persona = "你是一个温柔体贴的陪伴者，说话轻声细语，常用呢、呀、哦这样的语气词，会关心对方的感受，" * 3
    replies = ["今天加班到很晚，好累", "周末想去爬山", "猫咪不肯吃饭怎么办", "考试没考好，心情低落", "下雨了没带伞"]
    with Store(tmp_path / "s.corpus", create=True) as store:
        store.add_samples([Sample.qa(q, f"抱抱你呀，{q}这件事我们慢慢说", system=persona) for q in replies])
        assert find_near_duplicates(store, threshold=0.7) == []


def test_a_chain_of_small_edits_does_not_reject_texts_far_from_the_kept_one(tmp_path):
    from core.model import Sample
    from core.store import Store
    from core.text.neardup import find_near_duplicates, jaccard, reject_near_duplicates, sample_text

    base = list("林晚在洛阳开了一家客栈名叫悦来伙计阿福每天早上擦桌子掌柜的账本记得清清楚楚门口有两棵槐树")
    chain, text = [], base[:]
    for i in range(12):  # each text a small edit of the one before; the ends are far apart
        text = text[:]
        for k in range(3):
            text[(i * 3 + k) % len(text)] = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"[(i * 3 + k) % 22]
        chain.append("".join(text))
    with Store(tmp_path / "c.corpus", create=True) as store:
        store.add_samples([Sample.qa("客栈是什么样的？", t) for t in chain])
        samples = {s.id: s for s in store.iter_samples()}
        groups = find_near_duplicates(store, threshold=0.7)
        for g in groups:
            kept = samples[g.keep]
            for i in g.ids:
                assert jaccard(sample_text(kept), sample_text(samples[i]), 3) >= 0.6  # estimates, close to it
        reject_near_duplicates(store, groups)
        for s in store.iter_samples():
            if s.status == "rejected":
                kept_id = int(render(s.reason, "en").split("#")[1].split()[0])
                assert jaccard(sample_text(samples[kept_id]), sample_text(s), 3) >= 0.6
