"""Rule filters: count what each rule would reject, then reject on request, with the reason.

    hits = scan(store)                       # nothing changes; len(hits[rule]) is the count
    apply(store, hits, ["too_short", "refusal"])

Each rule looks at one sample and returns a short detail ("3 characters < 5") or None. Rejected
samples are never scanned. A rule's parameters have defaults (RULES[name].defaults); scan()
takes overrides per rule. Fast: one pass over the samples, every rule cheap; the punctuation
rule only counts character by character where a sample has few letters.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from core.errors import InputError
from core.messages import Message, code_of, say
from core.model import Sample
from core.store.store import SampleFilter, Store

Check = Callable[[Sample, dict[str, Any]], str | None]


@dataclass(frozen=True)
class Rule:
    name: str
    about: Message  # what the rule rejects, in the reader's language (core/messages, "quality.rule.*")
    defaults: dict[str, Any]
    check: Check = field(repr=False)

    @property
    def description(self) -> str:
        """The rule in plain words, in the current language (the Review panel, `filter --help`)."""
        return self.about.render()


@dataclass
class RuleHit:
    sample_id: int
    rule: str
    detail: str  # why, e.g. "3 characters < 5"; the reason is "<rule>: <detail>"


def live_filter(flt: SampleFilter | None) -> SampleFilter:
    """The filter without rejected samples."""
    flt = flt or SampleFilter()
    statuses = tuple(s for s in (flt.statuses or ("pending", "accepted", "rejected")) if s != "rejected")
    return dataclasses.replace(flt, statuses=statuses or ("none",))


# ---- the rules ------------------------------------------------------------------------------------
def _too_short(s: Sample, p: dict[str, Any]) -> str | None:
    n = sum(len("".join(t.text.split())) for t in s.turns)
    return say("quality.hit.too_short", n=n, limit=p["min_chars"]).encode() if n < p["min_chars"] else None


def _too_long(s: Sample, p: dict[str, Any]) -> str | None:
    n = s.n_chars
    return say("quality.hit.too_long", n=n, limit=p["max_chars"]).encode() if n > p["max_chars"] else None


_EMOTE = re.compile(r"\[[^\[\]\s]{1,12}\]")  # [doge] [笑哭] [微笑]: Bilibili, WeChat, QQ emotes
# a bracketed kaomoji: no Chinese character, ASCII letter or digit inside: (^_^) (╯°□°） (´・ω・`)
_KAOMOJI = re.compile(r"[(（][^()（）\s\u3400-\u9fffA-Za-z0-9]{1,12}[)）]")
_NOT_CONTENT = re.compile(r"[\W_]+")
# Sentence punctuation of normal text: one mark after another is normal ("……" and "——" are
# one mark written twice), so only a repeat beyond that counts as junk ("？？？", "。。。").
_SENTENCE = set("，。！？、；：,.!?;:…—·-~～“”‘’\"'（）()《》〈〉「」『』【】[]")
_DOUBLE = set("…—")


def _mostly_punctuation(s: Sample, p: dict[str, Any]) -> str | None:
    text = "\n".join(t.text for t in s.turns)
    junk = 0  # an emote or a kaomoji is one unit
    if "[" in text:
        text, k = _EMOTE.subn(" ", text)
        junk += k
    if "(" in text or "（" in text:
        text, k = _KAOMOJI.subn(" ", text)
        junk += k
    content = len(_NOT_CONTENT.sub("", text))  # letters, digits, Chinese characters
    if content >= p["max_content"]:
        return None  # the common case, decided without looking at each character
    visible = junk > 0
    for ch, run in itertools.groupby(text):
        if ch.isspace():
            continue
        visible = True
        if ch.isalnum():
            continue
        n = sum(1 for _ in run)
        if ch in _SENTENCE:
            junk += max(0, n - (2 if ch in _DOUBLE else 1))
        else:  # symbols, emoji, other punctuation
            junk += n
    if not visible:
        return None  # empty: unbalanced_roles and too_short say so
    if junk + content == 0:  # nothing but sentence punctuation ("……", "？"): all of it is junk
        junk = len("".join(text.split()))
    share = junk / (junk + content)
    if share < p["share"]:
        return None
    return say("quality.hit.mostly_punctuation", share=f"{share:.0%}", junk=junk, total=junk + content,
               letters=content).encode()


_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x2019: ord("'"), 0x2018: ord("'")}


def _fold(text: str) -> str:
    """Full-width forms as ASCII, curly apostrophes straight, lower case, whitespace collapsed."""
    return " ".join(text.translate(_FOLD).lower().split())


def _twins(c: str) -> set[str]:
    """A character, its other case and its full-width or ASCII twin."""
    out = {c, c.lower(), c.upper()}
    for x in list(out):
        code = ord(x)
        if 0x21 <= code <= 0x7E:
            out.add(chr(code + 0xFEE0))
        elif 0xFF01 <= code <= 0xFF5E:
            out.add(chr(code - 0xFEE0))
    if c in "'’‘":
        out |= set("'’‘")
    return out


def _char_class(c: str) -> str:
    """A pattern for one character of a phrase that also matches its full-width or ASCII twin."""
    if c.isspace():
        return r"\s+"
    if c in "'’‘":
        return "['’‘]"
    code = ord(c)
    if 0x21 <= code <= 0x7E:
        return "[" + re.escape(c) + re.escape(chr(code + 0xFEE0)) + "]"
    if 0xFF01 <= code <= 0xFF5E:
        return "[" + re.escape(c) + re.escape(chr(code - 0xFEE0)) + "]"
    return re.escape(c)


_BREAK = r"(?:^|(?<=[,.!?;:，。！？；：、\s]))"  # an opening starts the turn or a clause


@lru_cache(maxsize=64)
def _phrase_re(phrases: tuple[str, ...], opening: bool) -> re.Pattern[str] | None:
    """One case-insensitive pattern for all the phrases, group i for phrases[i]: ，/, and ’/'
    are alike, any run of spaces matches one, an English phrase matches whole words only."""
    parts, first = [], set()
    for i, ph in enumerate(phrases):
        ph = " ".join(ph.split())
        if not ph:
            continue
        first.update(_twins(ph[0]))
        pat = "".join(map(_char_class, ph))
        if ph[0].isascii() and ph[0].isalnum():
            pat = r"(?<![a-z0-9])" + pat  # "as an ai" is not in "has an aim"
        if ph[-1].isascii() and ph[-1].isalnum():
            pat += r"(?![a-z0-9])"
        parts.append(f"(?P<p{i}>{pat})")
    if not parts:
        return None
    # the look-ahead for a first character lets the regex engine skip ahead fast (20 times faster)
    head = "(?=[" + re.escape("".join(sorted(first))) + "])" + (_BREAK if opening else "")
    return re.compile(head + "(?:" + "|".join(parts) + ")", re.IGNORECASE)


def _refusal(s: Sample, p: dict[str, Any]) -> str | None:
    phrases, openings = tuple(p["phrases"]), tuple(p["opening_phrases"])
    anywhere = _phrase_re(phrases, False)
    opening = _phrase_re(openings, True) if s.kind in p["opening_kinds"] else None
    for i, t in enumerate(s.turns, 1):
        if t.role != "assistant":
            continue
        if anywhere and (m := anywhere.search(t.text)):
            return say("quality.hit.refusal", turn=i, phrase=phrases[int(m.lastgroup[1:])]).encode()
        if opening and (m := opening.search(t.text.lstrip(), 0, p["opening_chars"])):
            return say("quality.hit.refusal", turn=i, phrase=openings[int(m.lastgroup[1:])]).encode()
    return None


def _answer_copies_question(s: Sample, p: dict[str, Any]) -> str | None:
    sim = p["similarity"]
    prev = None
    for i, t in enumerate(s.turns, 1):
        if t.role == "assistant" and prev is not None and prev.role == "user":
            q, a = " ".join(prev.text.split()), " ".join(t.text.split())
            # 2·min/(|q|+|a|) bounds the ratio: most answers are too long to be a copy
            if len(q) >= p["min_chars"] and 2 * min(len(q), len(a)) >= sim * (len(q) + len(a)):
                r = fuzz.ratio(_fold(q), _fold(a), score_cutoff=sim * 100)
                if r:
                    return say("quality.hit.answer_copies_question", turn=i, question=i - 1,
                               similarity=f"{r / 100:.2f}").encode()
        prev = t
    return None


def _unbalanced_roles(s: Sample, p: dict[str, Any]) -> str | None:
    turns = s.turns
    if not turns:
        return say("quality.hit.unbalanced_roles", problems=[say("quality.roles.no_turns")]).encode()
    problems = []
    empty = [i for i, t in enumerate(turns, 1) if not t.text.strip()]
    if empty:
        problems.append(say("quality.roles.empty_turn", turn=empty[0]) if len(empty) == 1
                        else say("quality.roles.empty_turns", n=len(empty), turns=", ".join(map(str, empty[:5]))))
    if s.kind != "pretrain":  # a plain text is one assistant turn by design
        if turns[0].role == "assistant":
            problems.append(say("quality.roles.starts_with_assistant"))
        same = next((i for i in range(1, len(turns)) if turns[i].role == turns[i - 1].role), None)
        if same is not None:
            problems.append(say("quality.roles.both_user" if turns[same].role == "user"
                                else "quality.roles.both_assistant", turn=same, next=same + 1))
        if turns[-1].role == "user":
            problems.append(say("quality.roles.ends_with_user"))
    return say("quality.hit.unbalanced_roles", problems=problems).encode() if problems else None


# flows whose user turn the model wrote (the question, the everyday message): checked too
_MODEL_WRITTEN_USER = ("qa", "aspects", "style")


@lru_cache(maxsize=1)
def _builtin_echo_rules() -> tuple[Any, ...]:
    """The echo rule of every built-in template (both languages): their examples and instructions."""
    from core.llm.templates import LANGS, TEMPLATES, builtin_template
    from core.text.echo import EchoRule

    return tuple(EchoRule.of(builtin_template(name, lang)) for name in TEMPLATES for lang in LANGS)


def _echo(s: Sample, p: dict[str, Any]) -> str | None:
    """A sample an LLM flow made (meta "made") whose text only echoes a prompt: a template's example
    (“第一个问题”, “回答”), an extraction record with every field empty, or a template's instructions.
    The detail is a coded message (the reason shown in the reader's language)."""
    if not isinstance(s.meta, dict) or not s.meta.get("made"):
        return None
    import json

    from core.text.echo import Echo, blank_record, copied_share, records_of

    rules = _builtin_echo_rules()
    checked = [t for t in s.turns if t.role == "assistant"]
    if s.meta.get("flow") in _MODEL_WRITTEN_USER:
        checked += [t for t in s.turns if t.role == "user"]
    given = [t.text for t in s.turns if t not in checked]  # what the model was given: not a copy
    for t in checked:
        text = t.text.strip()
        if any(r.placeholder_in(text) for r in rules):
            return Echo("placeholder", text[:30]).message().encode()
        if text[:1] in "[{":
            try:
                value = json.loads(text)
            except ValueError:
                value = None
            for i, rec in enumerate(records_of(value), 1):
                if blank_record(rec):
                    return Echo("blank_record", index=i).message().encode()
        for r in rules:
            share, copied = copied_share(text, r.instruction, given)
            if share >= p["share"] and copied >= p["min_copied"]:
                return Echo("instruction", " ".join(text.split())[:30]).message().encode()
    return None


REFUSAL_PHRASES = [
    "作为一个AI", "作为一名AI", "作为AI", "作为一个人工智能", "作为人工智能", "作为一个语言模型",
    "作为语言模型", "作为一个AI助手", "我只是一个AI", "我是一个AI", "我只是一个人工智能", "我是一个人工智能",
    "我只是一个语言模型",
    "As an AI", "As a language model", "As an artificial intelligence", "I'm an AI", "I am an AI",
    "I'm just an AI",
]
REFUSAL_OPENINGS = [
    "我无法", "我不能", "抱歉，我不能", "抱歉，我无法", "很抱歉，我不能", "很抱歉，我无法", "对不起，我不能",
    "对不起，我无法", "I'm sorry", "I am sorry", "I cannot", "I can't", "I'm unable", "I am unable",
    "Sorry, I can't", "Sorry, I cannot",
]

RULES: dict[str, Rule] = {r.name: r for r in (
    Rule("too_short", say("quality.rule.too_short"), {"min_chars": 5}, _too_short),
    Rule("too_long", say("quality.rule.too_long"), {"max_chars": 8000}, _too_long),
    Rule("mostly_punctuation", say("quality.rule.mostly_punctuation"), {"share": 0.5, "max_content": 10},
         _mostly_punctuation),
    Rule("refusal", say("quality.rule.refusal"),
         {"phrases": REFUSAL_PHRASES, "opening_phrases": REFUSAL_OPENINGS, "opening_chars": 20,
          "opening_kinds": ["sft"]}, _refusal),
    Rule("answer_copies_question", say("quality.rule.answer_copies_question"), {"similarity": 0.9, "min_chars": 5},
         _answer_copies_question),
    Rule("unbalanced_roles", say("quality.rule.unbalanced_roles"), {}, _unbalanced_roles),
    Rule("echo", say("quality.rule.echo"), {"share": 0.6, "min_copied": 5}, _echo),
)}


def resolve(rules: dict[str, dict] | None) -> dict[str, dict[str, Any]]:
    """Rule name -> full parameters (defaults with the given overrides), in RULES order.
    None means every rule with its defaults. Raises InputError for an unknown rule or parameter."""
    rules = {name: {} for name in RULES} if rules is None else rules
    unknown = [n for n in rules if n not in RULES]
    if unknown:
        raise InputError(say("quality.error.unknown_rule", rules=", ".join(unknown), known=", ".join(RULES)))
    out: dict[str, dict[str, Any]] = {}
    for name, rule in RULES.items():
        if name not in rules:
            continue
        given = rules[name] or {}
        bad = [k for k in given if k not in rule.defaults]
        if bad:
            raise InputError(say("quality.error.unknown_parameter", rule=name, params=", ".join(bad),
                                 known=", ".join(rule.defaults) or say("quality.error.no_parameters")))
        out[name] = rule.defaults | given
    return out


def scan(store: Store, rules: dict[str, dict] | None = None, flt: SampleFilter | None = None, *,
         progress: Callable[[int, int], None] | None = None) -> dict[str, list[RuleHit]]:
    """Every hit of each rule among the samples `flt` selects, rejected ones aside. Changes
    nothing. `rules` maps a rule name to parameter overrides ({} for its defaults); None = all."""
    params = resolve(rules)
    checks = [(name, RULES[name].check, p) for name, p in params.items()]
    hits: dict[str, list[RuleHit]] = {name: [] for name in params}
    flt = live_filter(flt)
    total = store.count(flt) if progress else 0
    for n, s in enumerate(store.iter_samples(flt, batch=4096), 1):
        for name, check, p in checks:
            detail = check(s, p)
            if detail:
                hits[name].append(RuleHit(s.id, name, detail))
        if progress and n % 10_000 == 0:
            progress(n, total)
    if progress:
        progress(total, total)
    return hits


def apply(store: Store, hits: dict[str, list[RuleHit]], rules_to_apply: Iterable[str] | str) -> int:
    """Reject the samples hit by these rules, with the reason ``<rule>: <detail>`` (a sample hit by
    several gets the first in RULES order). Samples rejected or deleted since the scan are left
    alone. Returns how many were rejected."""
    if isinstance(rules_to_apply, str):  # one rule's name, or "all"
        rules_to_apply = list(RULES) if rules_to_apply == "all" else [rules_to_apply]
    wanted = set(rules_to_apply)
    unknown = wanted - set(RULES)
    if unknown:
        raise InputError(say("quality.error.unknown_rule", rules=", ".join(sorted(unknown)), known=", ".join(RULES)))
    reason_of: dict[int, str] = {}
    for name in RULES:
        if name in wanted:
            for h in hits.get(name, ()):
                # a coded detail (core.messages) is the whole reason: it renders in the reader's language
                reason_of.setdefault(h.sample_id, h.detail if code_of(h.detail) else f"{name}: {h.detail}")
    ids = list(reason_of)
    by_reason: dict[str, list[int]] = {}
    for i in range(0, len(ids), 10_000):
        for sid, row in store.rows(ids[i:i + 10_000]).items():
            if row[3] != "rejected":
                by_reason.setdefault(reason_of[sid], []).append(sid)
    return sum(store.set_status(group, "rejected", reason) for reason, group in by_reason.items())
